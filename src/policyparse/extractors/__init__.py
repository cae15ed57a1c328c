"""Extractors: one module per record kind, each ``extract(ctx, rules) -> list[Model]``.

Extractors are stateless and never raise on junk text: they return ``[]``. Each record
carries its source span, clause id, page and the id of the rule that produced it; build
those with :meth:`Context.provenance`. What several extractors read (the 发文字号 and cited
documents) is scanned before any of them runs and handed to all as ``Context.references``;
extractor modules never import one another.

This package module is the top of ``extractors``: the modules inside import ``.context``
(and the scans below it) directly, never this one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from ..rules import RuleSet
from .context import Context

__all__ = ["EXTRACTOR_NAMES", "Context", "Extractor", "get_extractors"]


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
