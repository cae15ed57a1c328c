"""The clause tree (GB/T 9704-2012 §7.3.3: 一、 → （一） → 1. → （1）)."""

from __future__ import annotations

from ..document import Document
from ..models import Clause, Meta
from ..rules import RuleSet


def build_clause_tree(doc: Document, meta: Meta, rules: RuleSet) -> list[Clause]:
    """Clause tree roots (placeholder until the clause parser lands)."""
    return []
