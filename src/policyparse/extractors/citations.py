"""Cited documents: 《title》 paired with its 发文字号, its 以下简称 alias and every later mention.

The citations are found by the scan run before the extractors (``ctx.references``; the forms
handled are listed in :mod:`.references`); this module turns them into records. One record
per cited document, in order of first mention.
"""

from __future__ import annotations

from ..models import Citation
from ..rules import RuleSet
from .context import Context


def extract(ctx: Context, rules: RuleSet) -> list[Citation]:
    """Every cited document, in order of first mention; never raises on junk text."""
    out = []
    for c in ctx.references_for(rules).cited:
        spans = [ctx.doc.span(s, e) for s, e in c.spans]
        out.append(Citation(title=c.title, doc_number=c.number, alias=c.alias, spans=spans))
    return out
