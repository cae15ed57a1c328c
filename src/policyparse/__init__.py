"""policyparse: Chinese government policy notices (公文) -> typed, traceable records.

>>> import policyparse
>>> doc = policyparse.parse("corpora/dev/004_6f963c420dca890b.txt")
>>> doc.meta.doc_number.raw
'沪人社职〔2026〕79号'

Importing this package loads nothing heavy: rules, spaCy, jieba, pdfplumber and pandas are
loaded on first use.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .version import __version__

__all__ = [
    "PolicyDocument",
    "PolicyParseError",
    "__version__",
    "diff",
    "load_rules",
    "parse",
    "parse_many",
    "parse_text",
    "timeline",
]

if TYPE_CHECKING:  # pragma: no cover
    from .api import parse, parse_many, parse_text
    from .diff import diff
    from .errors import PolicyParseError
    from .models import PolicyDocument
    from .rules import load_rules
    from .timeline import timeline


def __getattr__(name: str) -> Any:
    # lazy: `import policyparse` stays fast; the first use imports what it needs
    if name in ("parse", "parse_many", "parse_text"):
        from . import api

        return getattr(api, name)
    if name == "PolicyDocument":
        from .models import PolicyDocument

        return PolicyDocument
    if name == "PolicyParseError":
        from .errors import PolicyParseError

        return PolicyParseError
    if name in ("diff", "timeline"):  # diff / timeline (issue 5)
        import importlib

        return getattr(importlib.import_module(f".{name}", __name__), name)
    if name == "load_rules":
        from .rules import load_rules

        return load_rules
    raise AttributeError(f"module 'policyparse' has no attribute {name!r}")
