"""The line reader the header modules share: one document's lines with the compiled header rules.

:class:`Layout` holds the non-blank, non-table lines of a document and answers "does this line
match field X" (memoised, with a cheap pre-check on the rule's hint words). The header modules
(:mod:`.header_zone`, :mod:`.masthead`, :mod:`.signature`, :mod:`.issued`) read through it and
return typed parts; a Layout carries no results, only caches.

Patterns come from ``rules/structure.yaml`` (``header``: whole-line fields, with hints) and
``rules/header.yaml`` (patterns read inside a line and word lists).
"""

from __future__ import annotations

import datetime
from collections.abc import Collection
from dataclasses import dataclass

import regex

from ..document import Document, Line
from ..errors import RuleError
from ..model_build import built
from ..models import DocNumberRef, Span
from ..numerals import cn_to_int
from ..rules import RuleSet

_SPACES = regex.compile(r"\s+")
_PARAGRAPH_CHARS = 60  # a header line is shorter than this; a body paragraph is longer
_SIGNATURE_LINE_CHARS = 60


@dataclass(frozen=True)
class HeaderRules:
    """Compiled header/footer patterns of ``rules/structure.yaml`` and ``rules/header.yaml``."""

    patterns: dict[str, regex.Pattern[str]]  # field -> compiled pattern (structure.yaml header)
    rule_ids: dict[str, str]
    hints: dict[str, tuple[str, ...]]  # field -> words one of which a matching line holds
    text: dict[str, regex.Pattern[str]]  # key -> pattern read inside a line (header.yaml)
    doc_type: regex.Pattern[str]
    org_name: regex.Pattern[str]
    label: regex.Pattern[str]
    mark_suffix: str
    title_ends: tuple[str, ...]  # the last characters a doc_type match can have
    org_suffixes: tuple[str, ...]
    place_ends: tuple[str, ...]
    attachment_name_ends: tuple[str, ...]

    # The two patterns below end with ``$``: a text that does not end right cannot match, and
    # str.endswith says so far faster than the regex scan (these run on most lines).
    def type_at_end(self, text: str) -> regex.Match[str] | None:
        """The 文种 (and edition) ending a title: ``doc_type.search``."""
        return self.doc_type.search(text) if text.endswith(self.title_ends) else None

    def is_org_name(self, text: str) -> bool:
        """A body name: ``org_name.match``."""
        return text.endswith(self.org_suffixes) and self.org_name.match(text) is not None


def header_rules(rules: RuleSet) -> HeaderRules:
    """The header patterns, compiled once per RuleSet."""

    def build() -> HeaderRules:
        data = rules.get("structure")
        patterns: dict[str, regex.Pattern[str]] = {}
        ids: dict[str, str] = {}
        hints: dict[str, tuple[str, ...]] = {}
        for rule in data["header"]:
            key = rule["id"].split(".")[1]
            patterns[key] = regex.compile(
                rules.expand(rule["pattern"])
            )  # not rules.compile: its lock is held here
            ids[key] = rule["id"]
            # "" is in every line: a rule without hints is always tried
            hints[key] = tuple((rule.get("params") or {}).get("hints") or ("",))
        words = rules.get("header")
        text: dict[str, regex.Pattern[str]] = {}
        for rule in words["rules"]:
            key = rule["id"].split(".")[1]
            if key in text:
                raise RuleError(f"two header.yaml rules share the key {key!r}", path=str(rules.sources[0]))
            text[key] = regex.compile(rules.expand(rule["pattern"]))
        types = sorted(data["doc_types"], key=len, reverse=True)
        edition = patterns["title_edition"].pattern
        suffixes = sorted(data["org_suffixes"], key=len, reverse=True)
        labels = "|".join(f"(?:{rules.expand(r['pattern'])})" for r in data["labels"])
        return HeaderRules(
            patterns=patterns,
            rule_ids=ids,
            hints=hints,
            text=text,
            # the 文种 ends the title, possibly followed by a bracketed period/edition
            doc_type=regex.compile("(?P<type>" + "|".join(map(regex.escape, types)) + f")(?:{edition})?$"),
            # a body name: CJK (with digits/brackets inside, 县（市、区）), ending with an org suffix
            org_name=regex.compile(
                r"^(?:[\p{Han}0-9（）()]|[（(][\p{Han}、]{1,10}[）)]){2,40}?(?:"
                + "|".join(map(regex.escape, suffixes))
                + ")$"
            ),
            label=regex.compile(labels),
            mark_suffix=data["issuer_mark_suffix"],
            title_ends=(*types, "）"),  # an edition (title_edition) ends with ）
            org_suffixes=tuple(suffixes),
            place_ends=tuple(words["place_ends"]),
            attachment_name_ends=tuple(words["attachment_name_ends"]),
        )

    return rules.cached("structure.header", build)


# -- text helpers ---------------------------------------------------------------------------------
def nospace(text: str) -> str:
    if " " not in text and text.isprintable():  # no whitespace (every other space is unprintable)
        return text
    return _SPACES.sub("", text)


def _number(text: str) -> int:
    return int(text) if text.isdigit() else cn_to_int(text)


def iso_date(y: str, m: str, d: str) -> str | None:
    """ISO date of year/month/day written in Arabic or Chinese numerals; None if invalid.

    >>> iso_date("二〇二二", "六", "六"), iso_date("2023", "10", "12"), iso_date("2023", "2", "30")
    ('2022-06-06', '2023-10-12', None)
    """
    try:
        return datetime.date(_number(y), _number(m), _number(d)).isoformat()
    except ValueError:
        return None


def loose_date(hr: HeaderRules, text: str) -> str | None:
    """ISO date of the first date in ``text`` (年月日, or - / . between the parts)."""
    m = hr.text["loose_date"].search(text)
    return iso_date(m["y"], m["m"], m["d"]) if m else None


def split_names(text: str, separator: regex.Pattern[str]) -> list[str]:
    """Names of a list of bodies split at ``separator`` (header.yaml name_separator or
    addressee_separator), final ：/。 dropped; never inside a （…） (各县（市、区）农业农村局 is one name)."""
    text = text.strip().rstrip("：:。.；;")
    return [p for p in separator.split(text) if p]


def unquoted(hr: HeaderRules, title: str) -> str:
    """A title printed in book-title marks on its own line (《X办法》, a bare 印发 note): X; a
    web page's footnote mark after the title (…统计公报[1]) is dropped."""
    title = hr.text["footnote_mark"].sub("", title)
    if title.startswith("《") and title.endswith("》") and title.count("《") == 1:
        return title[1:-1]
    return title


def doc_number(raw: str, agency_code: str, year: int | None, serial: int) -> DocNumberRef:
    """A DocNumberRef from parts this package read (built without validation)."""
    return built(DocNumberRef, {"raw": raw, "agency_code": agency_code, "year": year, "serial": serial})


class Layout:
    """One document's header lines with the compiled rules and match caches (never shared)."""

    def __init__(self, doc: Document, hr: HeaderRules, rules: RuleSet, hidden: Collection[int] = ()) -> None:
        self.doc = doc
        self.hr = hr
        self.rules = rules
        # a web page's 文件信息 block (``hidden``: its Line.index values) is neither title nor body
        self.lines: list[Line] = [
            ln for ln in doc.lines if ln.stripped and not ln.is_table_cell and ln.index not in hidden
        ]
        self._memo: dict[tuple[str, int], regex.Match[str] | None] = {}
        self._hinted: dict[str, set[int]] = {}
        self._joined: str | None = None  # the line texts joined by newlines, for hinted()
        self._org_lines: dict[int, bool] = {}

    def span(self, first: Line, last: Line | None = None) -> Span:
        return self.doc.span(first.start, (last or first).end)

    def source_text(self, start: int, end: int) -> str:
        """Source text of a normalised range, as written, whitespace and ``**`` removed."""
        return nospace(self.doc.quote(start, end)).replace("**", "")

    def match(self, key: str, line: Line) -> regex.Match[str] | None:
        text = line.text
        for hint in self.hr.hints[key]:
            if hint in text:
                break
        else:  # the cheap pre-check: most lines hold none of the field's words
            return None
        memo_key = (key, line.index)
        if memo_key not in self._memo:  # the same line is tested for a field several times
            self._memo[memo_key] = self.hr.patterns[key].match(text.strip())
        return self._memo[memo_key]

    def hinted(self, key: str) -> set[int]:
        """Positions (in ``lines``) of the lines holding one of the field's hint words: only
        they can match."""
        found = self._hinted.get(key)
        if found is None:
            if self._joined is None:
                self._joined = "\n".join([ln.text for ln in self.lines])
            joined = self._joined
            found = set()
            for hint in self.hr.hints[key]:
                if not hint:  # no hint: every line
                    found.update(range(len(self.lines)))
                    continue
                # str.find jumps from hit to hit (most hints are rare); the line of a hit is
                # the number of newlines before it
                k = last = 0
                pos = joined.find(hint)
                while pos >= 0:
                    k += joined.count("\n", last, pos)
                    last = pos
                    found.add(k)
                    pos = joined.find(hint, pos + 1)
            self._hinted[key] = found
        return found

    def body_hits(self, body: list[Line], *keys: str) -> list[int]:
        """Positions in ``body`` (the tail of ``lines``) of the lines that may match one of the
        fields, in order: the body-wide loops visit only these."""
        at = len(self.lines) - len(body)
        hits = set().union(*(self.hinted(k) for k in keys))
        return sorted(p - at for p in hits if p >= at)

    def is_org_line(self, line: Line) -> bool:
        found = self._org_lines.get(line.index)
        if found is None:  # the signature search asks it of the same lines again
            text = line.text.strip()
            found = len(text) <= _SIGNATURE_LINE_CHARS and all(
                self.hr.is_org_name(p) for p in text.split(" ")
            )
            self._org_lines[line.index] = found
        return found

    def is_paragraph(self, text: str) -> bool:
        """Body text: it has a full stop, or is long without being a title (which ends with a 文种)."""
        if "。" in text:
            return True
        return len(text) >= _PARAGRAPH_CHARS and not self.hr.type_at_end(nospace(text))
