"""Is a file a notice? ``summary`` and ``batch`` skip files without the shape of a 公文.

A folder of notices often holds other texts too (RESULTS.txt, NOTES.md, a README). They are
told apart by their parse, not their name: a 公文 has a 文种 title (…的通知, …实施方案) or a
发文字号, or at least numbered clauses under an issuer or a date. A file with none of these is
reported as skipped, never as a parsed notice.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from .models import PolicyDocument

NOT_A_NOTICE = "(not a notice)"
"""The skipped-files key of files without a 公文 shape."""


def not_a_notice(doc: PolicyDocument) -> str | None:
    """Why ``doc`` is not a notice, or None when it has a 公文 shape."""
    m = doc.meta
    if m.doc_type or m.doc_number:
        return None
    if (m.issuers or m.date) and len(doc.clauses) >= 2:
        return None
    return "no 公文 shape: no 文种 title, no 发文字号, no numbered clauses under an issuer or date"
