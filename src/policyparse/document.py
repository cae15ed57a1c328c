"""``Document``: the source text, its normalised form, the offset map and a line index.

Every stage after loading works on ``Document.text`` (normalised) and turns its offsets into
source offsets with :meth:`Document.span` before writing a record, so that
``source.text[start:end]`` is always the quoted text.
"""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from .normalize import ChromePattern, Normalized, normalize_text

if TYPE_CHECKING:
    from .rules import RuleSet


def chrome_patterns(rules: RuleSet) -> tuple[ChromePattern, ...]:
    """The chrome line regexes of ``rules/chrome.yaml`` (``patterns``), expanded once."""
    return rules.compiled("chrome").patterns


@dataclass(frozen=True)
class Line:
    """A line of the normalised text: ``[start, end)`` without its newline."""

    index: int
    start: int
    end: int
    text: str
    # derived once here: every stage asks them of every line (functools.cached_property takes a
    # lock on each access in Python 3.11, which cost more than the work it saved)
    is_table_cell: bool = field(init=False, compare=False)
    """Lines that start with a tab are table cells (the loaders' table convention)."""
    stripped: str = field(init=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "is_table_cell", self.text.startswith("\t"))
        object.__setattr__(self, "stripped", self.text.strip("\t "))


@dataclass(frozen=True)
class Document:
    """Normalised view of one source text."""

    norm: Normalized
    page_starts: Sequence[int] = ()
    path: str | None = None
    format: str = "text"
    lines: tuple[Line, ...] = field(default=(), repr=False)

    @classmethod
    def from_text(
        cls,
        original: str,
        *,
        page_starts: Sequence[int] = (),
        path: str | None = None,
        format: str = "text",
        chrome_lines: Sequence[str] = (),
        chrome_patterns: Sequence[str | ChromePattern] = (),
        rules: RuleSet | None = None,
    ) -> Document:
        """``original`` normalised with ``rules`` (default: the shipped rules), lines indexed."""
        norm = normalize_text(original, rules, chrome_lines=chrome_lines, chrome_patterns=chrome_patterns)
        lines = []
        pos = 0
        new = object.__new__
        for i, text in enumerate(norm.text.split("\n")):
            # the frozen dataclass __init__ (one object.__setattr__ per field) cost more than the
            # rest of the line index; fill the instance dict directly, same fields as __init__
            # (item by item: cheaper than dict.update with keywords)
            ln = new(Line)
            end = pos + len(text)
            d = ln.__dict__
            d["index"] = i
            d["start"] = pos
            d["end"] = end
            d["text"] = text
            d["is_table_cell"] = text[:1] == "\t"
            d["stripped"] = text.strip("\t ")
            lines.append(ln)
            pos = end + 1
        return cls(norm=norm, page_starts=tuple(page_starts), path=path, format=format, lines=tuple(lines))

    # -- texts ---------------------------------------------------------------------------------
    @property
    def text(self) -> str:
        """The normalised text every stage parses."""
        return self.norm.text

    @property
    def original(self) -> str:
        """The source text every output span indexes into."""
        return self.norm.original

    # -- offsets -------------------------------------------------------------------------------
    def span(self, start: int, end: int) -> tuple[int, int]:
        """Source span of the normalised ``[start, end)``."""
        return self.norm.span_to_original(start, end)

    def quote(self, start: int, end: int) -> str:
        """Source text under the normalised ``[start, end)``."""
        s, e = self.span(start, end)
        return self.original[s:e]

    def page_at(self, original_offset: int) -> int | None:
        """1-based page of a source offset, when pages are known."""
        if not self.page_starts:
            return None
        return bisect.bisect_right(self.page_starts, original_offset)

    @functools.cached_property
    def _line_starts(self) -> list[int]:
        return [ln.start for ln in self.lines]

    def line_at(self, pos: int) -> Line:
        """The line holding normalised offset ``pos``."""
        i = bisect.bisect_right(self._line_starts, pos) - 1
        return self.lines[max(i, 0)]

    def nonblank_lines(self) -> Iterator[Line]:
        return (ln for ln in self.lines if ln.stripped)
