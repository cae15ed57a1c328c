"""发文字号: every document number written in the text, one record per mention.

Format (GB/T 9704-2012 §7.2.3): 发文机关代字 + 〔年份〕 + 发文顺序号 + 号, e.g. 国办发〔2023〕5号;
a 令 number is 机关名称 + 令 + 第N号 (国务院令第699号). Patterns live in ``rules/doc_number.yaml``;
the 机关代字 -> issuing body table in ``rules/issuer_codes.yaml``.

``role`` is ``self`` for the document's own number (``ctx.meta.doc_number`` when the header
parser found one; else a number standing on its own line, or after a 发文字号： label, in the
header, i.e. before the first line ending in ：), ``cited`` otherwise. The numbers, the own one
and the cited titles come from the scan run before the extractors (``ctx.references``,
:mod:`.references`); this module turns them into records.

>>> from policyparse import parse
>>> [(d.raw, d.role, d.issuer) for d in parse("沪人社职〔2025〕87号\\n各区人社局：\\n根据国发[2023]5号文件。").doc_numbers]
[('沪人社职〔2025〕87号', 'self', '上海市人力资源和社会保障局'), ('国发〔2023〕5号', 'cited', '国务院')]
"""

from __future__ import annotations

from ..models import DocNumber, DocNumberRole
from ..rules import RuleSet
from .context import Context
from .numbers import issuer_of


def extract(ctx: Context, rules: RuleSet) -> list[DocNumber]:
    """Every 发文字号 mention in document order; never raises on junk text."""
    refs = ctx.references_for(rules)
    found = refs.found
    if not found:
        return []
    own = refs.own
    titles = refs.titles_by_number()
    out = []
    for i, f in enumerate(found):
        role: DocNumberRole = "self" if i == own or (own is not None and f.raw == found[own].raw) else "cited"
        out.append(
            DocNumber(
                raw=f.raw,
                agency_code=f.code,
                year=f.year,
                serial=f.serial,
                role=role,
                issuer=issuer_of(f.code, rules),
                cited_title=titles.get(f.raw) if role == "cited" else None,
                rule_id=f.rule_id,
                **ctx.provenance(f.start, f.end),
            )
        )
    return out
