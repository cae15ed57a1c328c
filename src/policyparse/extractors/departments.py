"""Extractor for departments (placeholder until it lands)."""

from __future__ import annotations

from typing import Any

from ..rules import RuleSet
from . import Context


def extract(ctx: Context, rules: RuleSet) -> list[Any]:
    return []
