"""Structure stage: header/footer metadata (GB/T 9704-2012), the clause tree, and tasks.

Each function reads the normalised ``Document`` and returns public models with source spans.
"""

from .clauses import build_clause_tree
from .header import document_year, parse_header
from .tasks import extract_tasks

__all__ = ["build_clause_tree", "document_year", "extract_tasks", "parse_header"]
