"""Tasks: task-table rows and clauses closed by a responsibility marker."""

from __future__ import annotations

from ..document import Document
from ..models import Clause, Task
from ..rules import RuleSet


def extract_tasks(doc: Document, clauses: list[Clause], rules: RuleSet) -> list[Task]:
    """Tasks (placeholder until the task parser lands)."""
    return []
