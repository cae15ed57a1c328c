"""Normalisation for parsing, with an offset map back to the original text.

Two kinds of step, in this order:

1. A 1:1 character map (``str.translate``), so offsets do not move: full-width digits and
   Latin letters to ASCII, ``．`` to ``.``, ideographic space to space, half-width
   ``( ) : ; , ! ?`` to their full-width forms (``,`` only outside numbers such as ``1,607``).
2. Deletions only, each recorded: ``\\r``, zero-width characters, markdown ``**``, spaces
   at a CJK/digit boundary (``65 万人次``), leading and trailing spaces of a line, repeated
   spaces, page-number lines (``— 3 —``), website chrome lines (``rules/chrome.yaml``: fixed
   lines and line patterns such as breadcrumbs and 上一篇：…), and
   the line breaks of a paragraph broken across lines or pages (``加强新\\n\\n时代``).

Because every length-changing step is a deletion, the map from a normalised offset to an
original offset is monotonic and is stored as runs of kept characters.
Normalisation is idempotent: ``normalize(normalize(s).text).text == normalize(s).text``.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import regex

# -- step 1: 1:1 character map ----------------------------------------------------------------


def _build_table() -> dict[int, str]:
    table: dict[int, str] = {}
    # FULLWIDTH DIGIT ZERO .. FULLWIDTH LATIN SMALL LETTER Z, and % + - . /
    for code in range(0xFF10, 0xFF1A):
        table[code] = chr(code - 0xFEE0)
    for code in list(range(0xFF21, 0xFF3B)) + list(range(0xFF41, 0xFF5B)):
        table[code] = chr(code - 0xFEE0)
    for name in (
        "FULLWIDTH PERCENT SIGN",
        "FULLWIDTH PLUS SIGN",
        "FULLWIDTH HYPHEN-MINUS",
        "FULLWIDTH FULL STOP",
        "FULLWIDTH SOLIDUS",
    ):
        ch = unicodedata.lookup(name)
        table[ord(ch)] = chr(ord(ch) - 0xFEE0)
    table[ord(unicodedata.lookup("IDEOGRAPHIC SPACE"))] = " "
    table[ord(unicodedata.lookup("NO-BREAK SPACE"))] = " "
    table[ord("\t")] = "\t"
    table[ord("\r")] = "\r"  # removed (CRLF) or turned into \n below
    # half-width punctuation written in Chinese text -> the full-width form
    for half, full in (("(", "（"), (")", "）"), (":", "："), (";", "；"), ("!", "！"), ("?", "？")):
        table[ord(half)] = full
    return table


TRANSLATE_TABLE = _build_table()

CJK = r"\p{Han}"
_COMMA_OUTSIDE_NUMBER = regex.compile(r"(?<!\d),|,(?!\d{3}(?!\d))")
_SPACE_RUN = regex.compile(r"[ \u200b\u2002\u2003\u2009]+")
# plain character classes and literals use the stdlib engine: it scans them several times
# faster than regex, with the same semantics
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_BOLD = re.compile(r"\*\*")
_CR_BEFORE_LF = re.compile(r"\r(?=\n)")
# a space is dropped between CJK and a digit/%/Latin, and next to CJK punctuation: PDF
# extraction puts spaces there. A space between two CJK characters is kept (it separates
# the names of a signature line or a header).
_CJK_PUNCT = r"[\p{Ps}\p{Pe}\p{Pi}\p{Pf}，。、：；！？《》〔〕％]"
_DROP_SPACE = regex.compile(
    rf"(?<=\p{{Han}})[ ]+(?=[0-9A-Za-z%.])|(?<=[0-9A-Za-z%.])[ ]+(?=\p{{Han}})"
    rf"|(?<={_CJK_PUNCT})[ ]+|[ ]+(?={_CJK_PUNCT})"
)
_PAGE_NUMBER_LINE = regex.compile(
    r"^\s*(?:[—–\-－]{1,2}\s*\d{1,4}\s*[—–\-－]{1,2}|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4})\s*$"
)

_SENTENCE_END = "。；;！!？?：:…"
_LABEL_START = regex.compile(
    r"^\s*(?:[一二三四五六七八九十百]+[、．.]|[（(][一二三四五六七八九十百]+[）)]|\d{1,3}(?:[.．、](?!\d)|[.．](?=(?:19|20)\d{2}年))|[（(]\d{1,3}[）)]"
    r"|[①-⑳]|第[一二三四五六七八九十百零〇\d]+[章节条]|附件|附表|抄送|主送|联系人|（此件|\(此件)"
)
# a title ends with its 文种, possibly followed by a bracketed period or edition
# (实施方案（2024—2027年）, 办法（试行）, 条例（2024年修订）, 意见（征求意见稿）)
TITLE_EDITION = r"（(?:\d{4}\s*(?:[—–\-－~～至到]\s*\d{4}\s*)?年(?:修订|修正|版)?|试行|暂行|修订|修订稿|征求意见稿|送审稿|草案|[^（）\n]{0,6}版)）"
_DOC_TYPE_END = regex.compile(
    r"(?:通知|意见|方案|办法|规定|要点|决定|通报|报告|请示|函|纪要|公告|通告|批复|规划|细则|计划|分工表|清单|目录|条例|规则|措施|指引|指南)"
    rf"(?:{TITLE_EDITION})?$"
)
_TITLE_END_CHARS = 40  # longer than any 文种 + bracketed edition
_DOCNO_LINE = regex.compile(r"^.{1,12}[〔\[［【（(]\s*\d{4}\s*[〕\]］】）)]\s*\d+\s*号$")
_DATE_LINE = regex.compile(r"^(?:\d{4}|[〇零一二三四五六七八九]{4})\s*年.{1,6}日|^\d{4}-\d{1,2}-\d{1,2}$")
_JOIN_MIN_CHARS = 20
_PARAGRAPH_GOES_ON = regex.compile(r"[\p{Han}0-9A-Za-z“《（(\-—]")
_DROP = b"\x01"
_KEEP_MASK = bytes.maketrans(b"\x00\x01", b"\x01\x00")  # deletion mask -> keep selectors


@dataclass(frozen=True)
class Normalized:
    """Normalised text plus the map back to the original."""

    original: str
    text: str
    # runs of kept characters: normalised start -> original start
    run_norm: Sequence[int] = field(repr=False)
    run_orig: Sequence[int] = field(repr=False)

    def to_original(self, pos: int) -> int:
        """Original offset of the character at normalised offset ``pos``."""
        run_norm = self.run_norm
        if not run_norm:
            return 0
        i = bisect.bisect_right(run_norm, pos) - 1
        if i < 0:
            i = 0
        return self.run_orig[i] + (pos - run_norm[i])

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original ``[start, end)`` covering the normalised ``[start, end)``."""
        if end <= start:
            o = self.to_original(start) if start < len(self.text) else len(self.original)
            return (o, o)
        run_norm = self.run_norm
        if not run_norm:
            return (0, 1)
        i = bisect.bisect_right(run_norm, start) - 1
        if i < 0:
            i = 0
        last = end - 1
        # the last character is usually in the same run as the first: one bisect, not two
        j = i if i + 1 == len(run_norm) or run_norm[i + 1] > last else bisect.bisect_right(run_norm, last) - 1
        return (self.run_orig[i] + (start - run_norm[i]), self.run_orig[j] + (last - run_norm[j]) + 1)


# runs of mapped characters (\t and \r map to themselves)
_TRANSLATED = re.compile(
    "[" + "".join(re.escape(chr(c)) for c in TRANSLATE_TABLE if chr(c) not in "\t\r") + "]+"
)


def _translate_run(m: re.Match[str]) -> str:
    return m.group().translate(TRANSLATE_TABLE)


def _translate(text: str) -> str:
    # most notices contain few of the mapped characters: translating only their runs is
    # much faster than str.translate over the whole (non-ASCII) text
    text = _TRANSLATED.sub(_translate_run, text)
    # ',' becomes '，' unless it groups digits (1,607)
    if "," in text:
        text = _COMMA_OUTSIDE_NUMBER.sub("，", text)
    return text


# a chrome line matched by a pattern (breadcrumb, 上一篇：…) is at most this long
CHROME_PATTERN_MAX_CHARS = 100


@dataclass(frozen=True)
class ChromePattern:
    """A chrome line regex (whole stripped line) and words one of which such a line holds."""

    pattern: str
    hints: tuple[str, ...] = ()


@dataclass(frozen=True)
class _Chrome:
    fixed: regex.Pattern[str] | None  # the fixed lines
    fixed_longest: int  # a longer line is no fixed chrome line
    patterns: regex.Pattern[str] | None  # the line patterns, one alternation
    hint: re.Pattern[str] | None  # a line without a hint matches no pattern (None: no pre-check)


def _chrome_regex(
    chrome_lines: Iterable[str], chrome_patterns: Iterable[str | ChromePattern] = ()
) -> _Chrome:
    patterns = tuple(p if isinstance(p, ChromePattern) else ChromePattern(p) for p in chrome_patterns)
    return _chrome_regex_of(tuple(chrome_lines), patterns)


def _alternation(alts: list[str]) -> regex.Pattern[str] | None:
    return regex.compile(r"^\s*(?:" + "|".join(alts) + r")\s*$") if alts else None


@functools.lru_cache(maxsize=16)
def _chrome_regex_of(chrome_lines: tuple[str, ...], patterns: tuple[ChromePattern, ...] = ()) -> _Chrome:
    patterns = tuple(p for p in patterns if p.pattern)
    hints = [h for p in patterns for h in p.hints]
    return _Chrome(
        fixed=_alternation([regex.escape(s) for s in chrome_lines if s]),
        fixed_longest=max((len(s) for s in chrome_lines), default=0),
        patterns=_alternation([f"(?:{p.pattern})" for p in patterns]),
        hint=re.compile("|".join(map(re.escape, hints)))
        if all(p.hints for p in patterns) and hints
        else None,
    )


def _is_chrome(chrome: _Chrome, line: str) -> bool:
    n = len(line.strip())
    if chrome.fixed is not None and n <= chrome.fixed_longest and chrome.fixed.match(line):
        return True
    return (
        chrome.patterns is not None
        and n <= CHROME_PATTERN_MAX_CHARS
        and (chrome.hint is None or chrome.hint.search(line) is not None)
        and chrome.patterns.match(line) is not None
    )


def _line_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each line, end excluding the newline."""
    bounds = []
    start = 0
    n = len(text)
    while start <= n:
        nl = text.find("\n", start)
        if nl < 0:
            bounds.append((start, n))
            break
        bounds.append((start, nl))
        start = nl + 1
    return bounds


def _is_table_line(line: str) -> bool:
    return line.startswith("\t")


def _should_join(prev: str, nxt: str) -> bool:
    """Whether the line break between two non-empty lines is a wrap inside one paragraph."""
    if len(prev) < _JOIN_MIN_CHARS or prev[-1] in _SENTENCE_END:
        return False
    if prev[-1] in "”」』》）)" and len(nxt) < _JOIN_MIN_CHARS:
        return False
    if _is_table_line(prev) or _is_table_line(nxt):
        return False
    if not _PARAGRAPH_GOES_ON.match(nxt):
        return False
    if _LABEL_START.match(nxt) or _DOCNO_LINE.match(nxt) or _DATE_LINE.match(nxt):
        return False
    if _DOC_TYPE_END.search(prev[-_TITLE_END_CHARS:]):  # end-anchored: the tail is enough
        return False
    # the next line must read as the rest of a paragraph: long, or ending a sentence
    return len(nxt) >= _JOIN_MIN_CHARS or nxt[-1] in "。；;！!？?：:”）)"


def normalize_text(
    original: str, *, chrome_lines: Iterable[str] = (), chrome_patterns: Iterable[str | ChromePattern] = ()
) -> Normalized:
    """Normalise ``original``; see the module docstring for the steps.

    ``chrome_lines`` are website lines deleted when a line equals one; ``chrome_patterns`` are
    regexes a whole (stripped) line must match to be deleted (``rules/chrome.yaml``), with
    optional hint words that let most lines skip them.
    """
    text = _translate(original)
    deleted = bytearray(len(text))  # 1 where a character is deleted

    def delete(a: int, b: int) -> None:
        for k in range(a, b):
            deleted[k] = 1

    chrome = _chrome_regex(chrome_lines, chrome_patterns)
    for m in _ZERO_WIDTH.finditer(text):
        delete(m.start(), m.end())
    if "**" in text:
        for m in _BOLD.finditer(text):
            delete(m.start(), m.end())
    if "\r" in text:
        for m in _CR_BEFORE_LF.finditer(text):
            deleted[m.start()] = 1
        # \r alone is a line break
        text = text.replace("\r", "\n")

    # line pass: drop page numbers and chrome, strip each line, fix spaces inside lines.
    # Works on each line's visible text (after the deletions above) so that a second run
    # finds nothing more to do.
    kept_lines: list[tuple[int, int, str]] = []  # (start, end) of the kept content, its text
    for start, end in _line_bounds(text):
        idx: list[int] | None = None  # visible position -> text position, when not start + j
        if deleted.find(1, start, end) < 0:
            line = text[start:end]
        else:
            idx = [k for k in range(start, end) if not deleted[k]]
            line = "".join(text[k] for k in idx)
        if not line.strip(" \t"):
            # a blank line; a lone tab is an empty table cell and stays
            if "\t" in line:
                tab = line.index("\t")
                drop_cols = [j for j in range(len(line)) if j != tab]
                kept = "\t"
            else:
                drop_cols, kept = list(range(len(line))), ""
            for j in drop_cols:
                deleted[idx[j] if idx else start + j] = 1
            pos = idx[tab] if (kept and idx) else start + (line.index("\t") if kept else 0)
            kept_lines.append((pos, pos + len(kept), kept))
            continue
        # (a chrome line is at most chrome_max characters once its whitespace is stripped)
        if _PAGE_NUMBER_LINE.match(line) or _is_chrome(chrome, line):
            delete(start, min(end + 1, len(text)))
            continue
        n = len(line)
        if " " not in line and line[-1] != "\t":  # nothing to strip or drop: most lines
            kept_lines.append((idx[0] if idx else start, (idx[-1] if idx else start + n - 1) + 1, line))
            continue
        # strip spaces (not a leading tab: it marks a table cell)
        lead = n - len(line.lstrip(" "))
        trail = n - len(line.rstrip(" \t"))
        dropped = bytearray(n)  # 1 where a character of the line is dropped
        dropped[:lead] = _DROP * lead
        dropped[n - trail :] = _DROP * trail
        if " " in line:
            body = line[lead : n - trail]
            for m in _DROP_SPACE.finditer(body):
                dropped[lead + m.start() : lead + m.end()] = _DROP * (m.end() - m.start())
            for m in _SPACE_RUN.finditer(body):
                dropped[lead + m.start() + 1 : lead + m.end()] = _DROP * (m.end() - m.start() - 1)
        if idx is None:
            deleted[start:end] = dropped  # nothing in the line was deleted before
        else:
            for j in itertools.compress(range(n), dropped):
                deleted[idx[j]] = 1
        visible = "".join(itertools.compress(line, dropped.translate(_KEEP_MASK)))
        first, last = dropped.find(0), dropped.rfind(0)
        kept_lines.append(
            (idx[first] if idx else start + first, (idx[last] if idx else start + last) + 1, visible)
        )

    # paragraph joins: delete the newlines (and blank lines) between wrapped lines
    prev: tuple[int, int, str] | None = None
    merged = ""
    for s, e, body in kept_lines:
        if not body:
            continue
        visible = body
        if prev is not None and _should_join(merged, visible):
            delete(prev[1], s)
            merged += visible
        else:
            merged = visible
        prev = (s, e, body)

    return _apply(original, text, deleted)


def _apply(original: str, text: str, deleted: bytearray) -> Normalized:
    pieces: list[str] = []
    run_norm: list[int] = []
    run_orig: list[int] = []
    n = len(text)
    k = 0
    out_len = 0
    while k < n:
        if deleted[k]:
            nxt = deleted.find(0, k)
            if nxt < 0:
                break
            k = nxt
            continue
        nxt = deleted.find(1, k)
        if nxt < 0:
            nxt = n
        run_norm.append(out_len)
        run_orig.append(k)
        pieces.append(text[k:nxt])
        out_len += nxt - k
        k = nxt
    return Normalized(original=original, text="".join(pieces), run_norm=run_norm, run_orig=run_orig)
