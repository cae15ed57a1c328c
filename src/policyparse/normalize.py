"""Normalisation for parsing, with an offset map back to the original text.

Two kinds of step, in this order:

1. A 1:1 character map (``str.translate``), so offsets do not move: Kangxi radicals, CJK
   radicals-supplement forms and compatibility ideographs to the unified ideograph they stand
   for (``rules/cjk_variants.yaml``: ⼀ → 一, ⻓ → 长), a clause label that lost its opening
   bracket (`` 一）`` at a line start, the space where the （ was) to ``（一）`` when the labels
   around it are （N）, full-width digits and Latin letters to ASCII, ``．`` to ``.``, ideographic space to space, half-width
   ``( ) : ; , ! ?`` to their full-width forms (``,`` only outside numbers such as ``1,607``).
2. Deletions only, each recorded: ``\\r``, zero-width characters, markdown (``**``, heading
   and blockquote marks, comment lines, a front-matter block at the start, images, the
   brackets and targets of links), spaces
   at a CJK/digit boundary (``65 万人次``), leading and trailing spaces of a line, repeated
   spaces, page-number lines (``— 3 —``), website chrome lines (``rules/chrome.yaml``: fixed
   lines and line patterns such as breadcrumbs and 上一篇：…), and
   the line breaks of a paragraph broken across lines or pages (``加强新\\n\\n时代``).

The knowledge these steps read is data: ``normalize_text`` receives the RuleSet (the shipped
rules when none is given) and reads the variants and the line shapes (page numbers, labels,
titles ending with a 文种: ``rules/normalize.yaml``) from its compiled ``normalize`` section.

Because every length-changing step is a deletion, the map from a normalised offset to an
original offset is monotonic and is stored as runs of kept characters.
Normalisation is idempotent: ``normalize(normalize(s).text).text == normalize(s).text``.
"""

from __future__ import annotations

import bisect
import functools
import itertools
import operator
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TypeVar

import regex

from .rule_schema import ChromePattern as ChromePattern  # the chrome rule type (rules/chrome.yaml)

if TYPE_CHECKING:
    from .rule_schema import NormalizeTables
    from .rules import RuleSet

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
# plain character classes and literals use the stdlib engine: it scans them several times
# faster than regex, with the same semantics
_SPACE_RUN_OTHER = "\u200b\u2002\u2003\u2009"  # besides " "
_SPACE_RUN = re.compile(f"[ {_SPACE_RUN_OTHER}]+")
_ZERO_WIDTH_CHARS = "\u200b\u200c\u200d\u2060\ufeff\u00ad"
_ZERO_WIDTH = re.compile(f"[{_ZERO_WIDTH_CHARS}]")
_BOLD = re.compile(r"\*\*")
# Markdown, as text collections publish notices (converted law databases, scraped sites): a
# front-matter block of scraper metadata at the start, heading marks (# 标题, ## 一、总则),
# blockquote marks and comment lines (<!-- INFO END -->) are markup, not the notice's text.
_FRONT_MATTER = re.compile(r"---\n(?:[^\n]*\n){1,40}?---[ \t]*(?:\n|$)")
# links keep their text ([打印](url) -> 打印), images go ( ![](dayin.png) ); ( ) ! are （ ） ！ after step 1
_MARKDOWN_IMAGE = re.compile(r"[!！]\[[^\]\n]{0,200}\][（(][^）)\n]{0,500}[）)]")
_MARKDOWN_LINK = re.compile(r"(\[)[^\]\n]{0,200}(\][（(][^）)\n]{0,500}[）)])")
_MARKDOWN_MARK = re.compile(
    r"^[ \t]*(?:#{1,6}|>)[ \t]+|^[ \t]*<[!！]--[^\n]*?-->[ \t]*$", re.M
)  # ! is ！ after step 1
_FIRST_HEADING = re.compile(r"^[ \t]*#{1,6}[ \t]+\S", re.M)
_QUOTE_LINE = re.compile(r"^[ \t]*>[^\n]*$", re.M)
_CR_BEFORE_LF = re.compile(r"\r(?=\n)")
# a space is dropped between CJK and a digit/%/Latin, and next to CJK punctuation: PDF
# extraction puts spaces there. A space between two CJK characters is kept (it separates
# the names of a signature line or a header), except inside a letter-spaced word, where every
# character stands alone (国 家 能 源 局 in a signature, 公 告, 总 则: GB/T 9704 layout spacing).
_CJK_PUNCT = r"[\p{Ps}\p{Pe}\p{Pi}\p{Pf}，。、：；！？《》〔〕％]"
# Every alternative starts at the start of a space run and takes it whole (``[ ]++``, no
# backtracking): tried from inside a run, ``[ ]+(?=X)`` rescans the rest of the run at each
# space, quadratic in a run of 80,000 spaces. No look-ahead matches a space, so the matches
# are the same.
_DROP_SPACE = regex.compile(
    rf"(?<=\p{{Han}})[ ]++(?=[0-9A-Za-z%.])|(?<=[0-9A-Za-z%.])[ ]++(?=\p{{Han}})"
    rf"|(?<={_CJK_PUNCT})[ ]++|(?<![ ])[ ]++(?={_CJK_PUNCT})"
    r"|(?<=(?<![^ ])\p{Han})[ ]++(?=\p{Han}(?![^ ]))"
)

_SENTENCE_END = "。；;！!？?：:…"
_TITLE_END_CHARS = 40  # longer than any 文种 + bracketed edition
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


# The mapped full-width forms (U+FF05 ％, U+FF0B ＋, U+FF0D － .. U+FF19 ９, U+FF21 Ａ .. U+FF3A Ｚ,
# U+FF41 ａ .. U+FF5A ｚ) in UTF-8: encoding the text and searching the bytes for the lead byte
# \xef is several times faster than any str regex scan for them (tests/test_normalize.py checks
# the set against TRANSLATE_TABLE).
_FULLWIDTH_UTF8 = re.compile(rb"\xef(?:\xbc[\x85\x8b\x8d-\x99\xa1-\xba]|\xbd[\x81-\x9a])")
# the other mapped characters, none of them the target of another: replacing them one by one
# is the same as translating
_OTHER_MAPPED = [
    (chr(c), to) for c, to in TRANSLATE_TABLE.items() if not 0xFF00 <= c <= 0xFFEF and chr(c) not in "\t\r"
]


def _translate_run(m: re.Match[str]) -> str:
    return m.group().translate(TRANSLATE_TABLE)


# the blocks the variants come from: one range scan tells whether a text holds any
_VARIANT_BLOCKS = re.compile("[\u2e80-\u2fdf\uf900-\ufaff\U0002f800-\U0002fa1f]")


def _translate(text: str, variants: dict[int, str]) -> str:
    if _VARIANT_BLOCKS.search(text):  # a PDF whose fonts map 一 to ⼀ (KANGXI RADICAL ONE) …
        text = text.translate(variants)
    if _FULLWIDTH_UTF8.search(text.encode("utf-8", "surrogatepass")):
        # translating only the runs of mapped characters is much faster than str.translate
        # over the whole (non-ASCII) text
        text = _TRANSLATED.sub(_translate_run, text)
    else:  # most notices: str.replace scans in C
        for char, to in _OTHER_MAPPED:
            if char in text:
                text = text.replace(char, to)
    # ',' becomes '，' unless it groups digits (1,607)
    if "," in text:
        text = _COMMA_OUTSIDE_NUMBER.sub("，", text)
    if "）" in text and " " in text:
        text = _restore_open_brackets(text)
    return text


# `` 二）`` at a line start: a （ the PDF's font lost, its width left as a space
_LOST_OPEN = re.compile(r"(?m)^( *) ([一二三四五六七八九十]{1,3})）")
# ``二）`` at a line start with no space left (the PDF loader's lines start at the first glyph)
_LOST_OPEN_BARE = re.compile(r"(?m)^([一二三四五六七八九十]{1,3})）")
_CN_PAREN_LABEL = re.compile(r"(?m)^[ \t]*（([一二三四五六七八九十]{1,3})）")


def _numeral(numeral: str) -> int | None:
    from .numerals import cn_to_int

    try:
        return cn_to_int(numeral)
    except ValueError:
        return None


def lost_bracket_labels(text: str, pattern: re.Pattern[str] = _LOST_OPEN) -> list[re.Match[str]]:
    """Labels ``二）`` that lost their （: those next to a （N-1） or （N+1） label of the same
    document, which makes the lost bracket certain; alone, ``二）`` may be a list style of its
    own. The numeral is group -1 of each match."""
    if pattern.search(text) is None:
        return []
    numbers = {_numeral(m.group(1)) for m in _CN_PAREN_LABEL.finditer(text)} - {None}
    out = []
    for m in pattern.finditer(text):
        n = _numeral(m.group(m.lastindex or 0))
        if n is not None and (n - 1 in numbers or n + 1 in numbers):
            out.append(m)
    return out


def _restore_open_brackets(text: str) -> str:
    """`` 二）`` -> ``（二）``, the space where the （ was becoming it (same length)."""
    found = lost_bracket_labels(text)
    if not found:
        return text
    chars = list(text)
    for m in found:
        chars[m.start(2) - 1] = "（"
    return "".join(chars)


def insert_lost_brackets(text: str) -> tuple[str, int]:
    """``二）`` -> ``（二）`` at line starts where no space was left for the （ (a loader's text,
    before normalisation, may insert); returns the text and how many were restored."""
    found = lost_bracket_labels(text, _LOST_OPEN_BARE)
    if not found:
        return text, 0
    pieces, k = [], 0
    for m in found:
        pieces += [text[k : m.start()], "（"]
        k = m.start()
    pieces.append(text[k:])
    return "".join(pieces), len(found)


# a chrome line matched by a pattern (breadcrumb, 上一篇：…) is at most this long
CHROME_PATTERN_MAX_CHARS = 100


@dataclass(frozen=True)
class _Chrome:
    fixed: regex.Pattern[str] | None  # the fixed lines
    fixed_stripped: frozenset[str]  # the fixed lines stripped: a line matching one strips to it
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
        fixed_stripped=frozenset(s.strip() for s in chrome_lines if s),
        patterns=_alternation([f"(?:{p.pattern})" for p in patterns]),
        hint=re.compile("|".join(map(re.escape, hints)))
        if all(p.hints for p in patterns) and hints
        else None,
    )


def _is_chrome(chrome: _Chrome, line: str) -> bool:
    stripped = line.strip()
    if stripped in chrome.fixed_stripped and chrome.fixed is not None and chrome.fixed.match(line):
        return True
    return (
        chrome.patterns is not None
        and len(stripped) <= CHROME_PATTERN_MAX_CHARS
        and (chrome.hint is None or chrome.hint.search(line) is not None)
        and chrome.patterns.match(line) is not None
    )


def _line_starts(lines: list[str]) -> list[int]:
    """Offset of each line in the text the lines were split from (by ``"\\n"``)."""
    # start of line i = length of the lines before it + i newlines, summed in C
    return list(map(operator.add, itertools.accumulate(map(len, lines), initial=0), itertools.count()))


# a line the page_number_line rule (rules/normalize.yaml) matches, stripped, starts with a dash
# or 第, or holds a "/" (str.strip strips every \s of regex: tests/test_normalize.py)
_PAGE_NUMBER_FIRST = frozenset("—–-－第")


def _lines_to_clean(lines: list[str], starts: list[int], text: str, chrome: _Chrome) -> list[int]:
    """Indices of the lines the line pass may change; every other line stays as it is.

    Each test is a necessary condition of a change, so skipping the other lines (most of them)
    gives the same result as cleaning every line.
    """
    if chrome.patterns is not None and chrome.hint is None:
        return [i for i, ln in enumerate(lines) if ln]  # any short line may match a pattern
    fixed = chrome.fixed_stripped
    todo = {
        i
        for i, ln in enumerate(lines)
        if ln
        and (
            " " in ln
            or "/" in ln
            or (ln[-1] == "\t" and ln != "\t")  # a lone tab (an empty table cell) stays as it is
            or (stripped := ln.strip())[:1] in _PAGE_NUMBER_FIRST
            or stripped in fixed
        )
    }
    if chrome.hint is not None:  # lines holding a chrome pattern's hint word
        for m in chrome.hint.finditer(text):
            todo.add(bisect.bisect_right(starts, m.start()) - 1)
    return sorted(todo)


def _has_space_run(body: str) -> bool:
    """Whether ``_SPACE_RUN`` can match 2 characters or more (a regex scan costs ~20 ns a character)."""
    return "  " in body or any(c in body for c in _SPACE_RUN_OTHER)


_Seq = TypeVar("_Seq", str, bytearray)


def _kept_text(text: _Seq, deleted: bytearray) -> _Seq:
    """``text`` (a str or a deletion mask) without the items marked in ``deleted`` (same length)."""
    # a few slices between the deleted runs: joining the kept characters one by one costs
    # ~0.1 µs each, and bytearray.find beats a regex scan of the mask
    pieces = []
    k = 0
    while (a := deleted.find(1, k)) >= 0:
        pieces.append(text[k:a])
        k = deleted.find(0, a)
        if k < 0:
            return text[:0].join(pieces)
    pieces.append(text[k:])
    return text[:0].join(pieces)


def _put_back(rest: bytearray, inline: bytearray) -> bytearray:
    """The deletion mask of a text: ``inline`` where it is set, and ``rest`` (the mask of the
    text without those characters) in between."""
    out = bytearray()
    k = r = 0  # position in inline, in rest
    while (a := inline.find(1, k)) >= 0:
        out += rest[r : r + a - k]
        r += a - k
        k = inline.find(0, a)
        if k < 0:
            k = len(inline)
        out += _DROP * (k - a)
    out += rest[r:]
    return out


def _clean_line(
    text: str, deleted: bytearray, start: int, end: int, chrome: _Chrome, tables: NormalizeTables
) -> tuple[int, int, str] | None:
    """Drop a page-number or chrome line (``None``), or strip the line ``text[start:end]`` and
    fix its spaces: returns ``[start, end)`` of its kept content and the kept text.

    No character of the line is deleted yet (``normalize_text`` takes zero-width characters
    and ``**`` out of the text before the line pass).
    """
    line = text[start:end]
    if not line.strip(" \t"):
        # a blank line; a lone tab is an empty table cell and stays
        deleted[start:end] = _DROP * (end - start)
        tab = line.find("\t")
        if tab < 0:
            return (start, start, "")
        deleted[start + tab] = 0
        return (start + tab, start + tab + 1, "\t")
    if tables.page_number_line.match(line) or _is_chrome(chrome, line):
        end = min(end + 1, len(text))
        deleted[start:end] = _DROP * (end - start)
        return None
    n = len(line)
    if " " not in line and line[-1] != "\t":  # nothing to strip or drop
        return (start, end, line)
    # strip spaces (not a leading tab: it marks a table cell)
    lead = n - len(line.lstrip(" "))
    trail = n - len(line.rstrip(" \t"))
    body = line[lead : n - trail]
    if " " not in body and not any(c in body for c in _SPACE_RUN_OTHER):
        # most such lines: an indent (the 2 ideographic spaces of a paragraph) or trailing
        # spaces, none inside, so neither _DROP_SPACE nor _SPACE_RUN has a match in the body
        deleted[start : start + lead] = _DROP * lead
        deleted[end - trail : end] = _DROP * trail
        return (start + lead, end - trail, body)
    dropped = bytearray(n)  # 1 where a character of the line is dropped
    dropped[:lead] = _DROP * lead
    dropped[n - trail :] = _DROP * trail
    if " " in line:
        body = line[lead : n - trail]
        for m in _DROP_SPACE.finditer(body):
            dropped[lead + m.start() : lead + m.end()] = _DROP * (m.end() - m.start())
        if _has_space_run(body):
            for m in _SPACE_RUN.finditer(body):
                dropped[lead + m.start() + 1 : lead + m.end()] = _DROP * (m.end() - m.start() - 1)
    deleted[start:end] = dropped
    return (start + dropped.find(0), start + dropped.rfind(0) + 1, _kept_text(line, dropped))


def _is_table_line(line: str) -> bool:
    return line.startswith("\t")


def _open_title(line: str) -> bool:
    """The line ends inside a 《title》 (its last 《 is not closed)."""
    return line.rfind("《") > line.rfind("》")


def ends_with_note(line: str) -> bool:
    """The line ends with a bracketed note after a full stop (…落实。（市公安局负责）): the
    note closes its paragraph, as the 责任单位 markers of a clause do."""
    depth = 0
    for i in range(len(line) - 1, -1, -1):
        ch = line[i]
        if ch in "）)":
            depth += 1
        elif ch in "（(":
            depth -= 1
            if depth == 0:
                return i > 0 and line[i - 1] in "。；;！!？?"
    return False


def _should_join(prev: str, nxt: str, tables: NormalizeTables) -> bool:
    """Whether the line break between two non-empty lines is a wrap inside one paragraph."""
    if _open_title(prev) and "》" in nxt:
        # a 《title》 never ends at a line break, however short the lines or whatever 文种 the
        # first one ends with (…行动方案\n（2025—2027年）》的通知, a title wrapped in a PDF)
        return not (
            _is_table_line(prev)
            or _is_table_line(nxt)
            or tables.label_start.match(nxt)
            or tables.doc_number_line.match(nxt)
        )
    if len(prev) < _JOIN_MIN_CHARS or prev[-1] in _SENTENCE_END:
        return False
    if prev[-1] in "”」』》）)" and (len(nxt) < _JOIN_MIN_CHARS or ends_with_note(prev)):
        return False
    if _is_table_line(prev) or _is_table_line(nxt):
        return False
    if not _PARAGRAPH_GOES_ON.match(nxt):
        return False
    if tables.label_start.match(nxt) or tables.doc_number_line.match(nxt) or tables.date_line.match(nxt):
        return False
    if tables.doc_type_end.search(prev[-_TITLE_END_CHARS:]):  # end-anchored: the tail is enough
        return False
    if tables.doc_type_end.search(nxt[-_TITLE_END_CHARS:]) and not any(c in nxt for c in _SENTENCE_END):
        return False  # the next line is a title (a site repeats it under its metadata line)
    # the next line must read as the rest of a paragraph: long, or ending a sentence
    return len(nxt) >= _JOIN_MIN_CHARS or nxt[-1] in "。；;！!？?：:”）)"


def normalize_text(
    original: str,
    rules: RuleSet | None = None,
    *,
    chrome_lines: Iterable[str] = (),
    chrome_patterns: Iterable[str | ChromePattern] = (),
) -> Normalized:
    """Normalise ``original`` with ``rules`` (default: the shipped rules); see the module
    docstring for the steps.

    ``chrome_lines`` are website lines deleted when a line equals one; ``chrome_patterns`` are
    regexes a whole (stripped) line must match to be deleted (``rules/chrome.yaml``), with
    optional hint words that let most lines skip them.
    """
    if rules is None:
        from .rules import load_rules

        rules = load_rules()
    tables: NormalizeTables = rules.compiled("normalize")
    text = _translate(original, tables.variants)
    deleted = bytearray(len(text))  # 1 where a character is deleted
    if "\r" in text:
        for m in _CR_BEFORE_LF.finditer(text):
            deleted[m.start()] = 1
        # \r alone is a line break
        text = text.replace("\r", "\n")
    inline = bytearray(len(text))  # 1 where a zero-width character or markdown markup is deleted
    if any(c in text for c in _ZERO_WIDTH_CHARS):  # a few str scans in C beat one regex scan
        for m in _ZERO_WIDTH.finditer(text):
            inline[m.start()] = 1
    if "**" in text:
        for m in _BOLD.finditer(text):
            inline[m.start() : m.end()] = _DROP * 2
    if text.startswith("---\n") and (front := _FRONT_MATTER.match(text)):
        inline[: front.end()] = _DROP * front.end()
    if "](" in text or "]（" in text:
        for m in _MARKDOWN_IMAGE.finditer(text):
            inline[m.start() : m.end()] = _DROP * (m.end() - m.start())
        for m in _MARKDOWN_LINK.finditer(text):
            if not inline[m.start()]:
                inline[m.start(1) : m.end(1)] = _DROP
                inline[m.start(2) : m.end(2)] = _DROP * (m.end(2) - m.start(2))
    if text.startswith(("---\n", ">", "\n>")) or "\n> " in text[:2000]:
        # a blockquote above the first heading is a note of whoever collected the text (本文正文由
        # 脚本…提取，仅供检索查阅), not the notice: the whole line goes
        heading = _FIRST_HEADING.search(text)
        for m in _QUOTE_LINE.finditer(text, 0, heading.start() if heading else 0):
            inline[m.start() : m.end()] = _DROP * (m.end() - m.start())
    if "#" in text or ">" in text:
        for m in _MARKDOWN_MARK.finditer(text):
            inline[m.start() : m.end()] = _DROP * (m.end() - m.start())
    chrome = _chrome_regex(chrome_lines, chrome_patterns)
    if inline.find(1) < 0:  # most notices
        _delete_in_lines(text, deleted, chrome, tables)
    else:
        # the line pass works on the text without them, so that a second run finds nothing
        # more to do; their deletions are put back after
        rest = _kept_text(deleted, inline)
        _delete_in_lines(_kept_text(text, inline), rest, chrome, tables)
        deleted = _put_back(rest, inline)
    return _apply(original, text, deleted)


def _delete_in_lines(text: str, deleted: bytearray, chrome: _Chrome, tables: NormalizeTables) -> None:
    """Mark in ``deleted`` the page-number and chrome lines, the spaces each line loses, and
    the line breaks inside paragraphs."""
    # line pass: drop page numbers and chrome, strip each line, fix spaces inside lines
    lines = text.split("\n")
    starts = _line_starts(lines)
    visible = lines.copy()  # each line's text after the line pass ("" once dropped)
    kept_spans: dict[int, tuple[int, int]] = {}  # [start, end) of the kept content, when not the line
    for i in _lines_to_clean(lines, starts, text, chrome):
        cleaned = _clean_line(text, deleted, starts[i], starts[i] + len(lines[i]), chrome, tables)
        if cleaned is None:
            visible[i] = ""
        else:
            kept_spans[i] = cleaned[:2]
            visible[i] = cleaned[2]

    # paragraph joins: delete the newlines (and blank lines) between wrapped lines. Only a line
    # that is long enough and ends without sentence punctuation, or ends inside a 《title》, can
    # start a paragraph that goes on.
    last_line = len(lines) - 1
    joined_to = -1  # last line of the paragraph joined so far
    for first in [
        i
        for i, v in enumerate(visible)
        if (len(v) >= _JOIN_MIN_CHARS and v[-1] not in _SENTENCE_END) or ("《" in v and _open_title(v))
    ]:
        if first <= joined_to:
            continue  # inside a paragraph already joined
        merged, i = visible[first], first
        while True:
            k = i + 1  # the next line with visible text
            while k <= last_line and not visible[k]:
                k += 1
            if k > last_line or not _should_join(merged, visible[k], tables):
                break
            a = kept_spans[i][1] if i in kept_spans else starts[i] + len(lines[i])
            b = kept_spans[k][0] if k in kept_spans else starts[k]
            deleted[a:b] = _DROP * (b - a)
            merged += visible[k]
            i = k
        joined_to = i


def _apply(original: str, text: str, deleted: bytearray) -> Normalized:
    pieces: list[str] = []
    run_norm: list[int] = []
    run_orig: list[int] = []
    out_len = 0
    k = deleted.find(0)  # start of a run of kept characters
    while k >= 0:
        end = deleted.find(1, k)
        if end < 0:
            end = len(text)
        run_norm.append(out_len)
        run_orig.append(k)
        pieces.append(text[k:end])
        out_len += end - k
        k = deleted.find(0, end)
    return Normalized(original=original, text="".join(pieces), run_norm=run_norm, run_orig=run_orig)
