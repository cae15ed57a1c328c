"""Extractors: one module per record kind, each ``extract(ctx, rules) -> list[Model]``.

Extractors are stateless and never raise on junk text: they return ``[]``. Each record
carries its source span, clause id, page and the id of the rule that produced it; build
those with :meth:`Context.provenance`.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from ..document import Document
from ..models import Clause, Meta
from ..rules import RuleSet

T = TypeVar("T")


@dataclass(frozen=True)
class Context:
    """What an extractor may read: the document and the structure stage's results."""

    doc: Document
    meta: Meta
    clauses: list[Clause] = field(default_factory=list)
    year: int | None = None
    _starts: list[int] = field(default_factory=list, repr=False)
    _ranges: list[tuple[int, int, str]] = field(default_factory=list, repr=False)
    # per-document results several extractors read (the 发文字号 matches …); see ``memo``
    _memo: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def build(cls, doc: Document, meta: Meta, clauses: list[Clause], year: int | None) -> Context:
        ranges = []
        for root in clauses:
            for c in root.walk():
                ranges.append((c.span[0], c.span[1], c.id))
        ranges.sort()
        return cls(doc, meta, clauses, year, [r[0] for r in ranges], ranges)

    def memo(self, key: Any, factory: Callable[[], T]) -> T:
        """``factory()`` computed once per document: extractors share a scan instead of repeating it.

        Include the ``RuleSet`` in ``key`` when the value depends on the rules. The value is
        shared: callers must not mutate it.
        """
        try:
            return self._memo[key]  # type: ignore[no-any-return]
        except KeyError:
            value = self._memo[key] = factory()
            return value

    def clause_at(self, original_offset: int) -> str | None:
        """Id of the innermost clause holding a source offset."""
        i = bisect.bisect_right(self._starts, original_offset) - 1
        # ranges are sorted by start, so the innermost holder is the last start <= offset
        while i >= 0:
            s, e, cid = self._ranges[i]
            if s <= original_offset < e:
                return cid
            i -= 1
        return None

    def provenance(self, start: int, end: int) -> dict[str, Any]:
        """``text``, ``span``, ``clause_id`` and ``page`` of the normalised ``[start, end)``."""
        doc = self.doc
        s, e = doc.norm.span_to_original(start, end)
        return {
            "text": doc.norm.original[s:e],
            "span": (s, e),
            "clause_id": self.clause_at(s),
            # ~50 records per document: skip the page lookup when the source has no pages
            "page": doc.page_at(s) if doc.page_starts else None,
        }


class Extractor(Protocol):
    def __call__(self, ctx: Context, rules: RuleSet) -> list[Any]: ...


def _registry() -> dict[str, Callable[[Context, RuleSet], list[Any]]]:
    from . import citations, dates, departments, doc_numbers, targets

    return {
        "doc_numbers": doc_numbers.extract,
        "dates": dates.extract,
        "targets": targets.extract,
        "departments": departments.extract,
        "citations": citations.extract,
    }


EXTRACTOR_NAMES = ("doc_numbers", "dates", "targets", "departments", "citations")


def get_extractors() -> dict[str, Callable[[Context, RuleSet], list[Any]]]:
    """``PolicyDocument`` field name -> extractor, in the order they run."""
    return _registry()
