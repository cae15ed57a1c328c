"""``Context``: what an extractor may read, built once per document before the extractors run."""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

from ..document import Document
from ..models import Clause, Meta
from ..rules import RuleSet, load_rules
from .references import References, scan


@dataclass(frozen=True)
class Context:
    """The document, the structure stage's results, and the scans several extractors share.

    ``references`` (the 发文字号 and cited documents, :mod:`.references`) is computed here, before
    any extractor runs, so that what one extractor reads of another's work is a typed field,
    not a cache filled by whichever ran first.
    """

    doc: Document
    meta: Meta
    references: References
    clauses: list[Clause] = field(default_factory=list)
    year: int | None = None
    _starts: list[int] = field(default_factory=list, repr=False)
    _ranges: list[tuple[int, int, str]] = field(default_factory=list, repr=False)

    @classmethod
    def build(
        cls,
        doc: Document,
        meta: Meta,
        clauses: list[Clause],
        year: int | None,
        rules: RuleSet | None = None,
    ) -> Context:
        """The context of one document; ``rules`` (default: the shipped rules) drive the shared
        scans and must be the rules the extractors are then called with."""
        ranges = []
        todo = list(clauses)  # every clause: a stack, not Clause.walk's nested generators
        while todo:
            c = todo.pop()
            ranges.append((c.span[0], c.span[1], c.id))
            todo += c.children
        ranges.sort()  # (ids are unique: the order does not depend on the walk's)
        references = scan(doc, meta, rules if rules is not None else load_rules())
        return cls(doc, meta, references, clauses, year, [r[0] for r in ranges], ranges)

    def references_for(self, rules: RuleSet) -> References:
        """``references`` when scanned with ``rules`` (as in ``parse``), else a scan with ``rules``
        (a Context built for other rules than the extractor is called with)."""
        if self.references.rules is rules:
            return self.references
        return scan(self.doc, self.meta, rules)

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
