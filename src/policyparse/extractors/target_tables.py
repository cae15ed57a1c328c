"""Compiled tables of the targets extractor, built once per ``RuleSet`` from three rule files.

* ``rules/units.yaml``: the unit lexicon, compound-unit parts (微克 of 微克/立方米) and the
  magnitude characters (万, 亿);
* ``rules/comparators.yaml``: comparator words before / after / between number and unit, and
  the bridges a before-word governs across (至少有1个, 不超过总投资的30%);
* ``rules/targets.yaml``: verbs, link and lead words, metric stops, filters (one of them, of
  ``kind: report``, is the intent words of a 通报), year and deadline cues, standing-rule cues,
  metric tails, bare ratios (one of them, of ``kind: change``, a subjectless change), the
  title-year pattern.

Templates in ``targets.yaml`` may use ``$num`` (any written number) and ``$cn_all`` (the
Chinese numeral characters) besides the shared fragments of ``rules/fragments.yaml``; the
comparator bridges may also use ``$verbs`` (a run of the target verbs).
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass
from typing import Any

import regex

from ..numerals import CN_DIGIT_CHARS, CN_NUMERAL_CHARS, MAGNITUDES
from ..rules import RuleSet, compile_plain

# Arabic: 1,607 / 4.5 / 65 (full-width digits are ASCII after normalisation).
ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
# Chinese: starts with a digit or 十 (officials write 一千, not 千), read lazily so that the
# unit after it can start with a numeral character (三万千瓦 = 三万 + 千瓦).
CN_START = "〇零○一二两三四五六七八九十"
CHINESE = f"[{CN_START}][{CN_NUMERAL_CHARS}]*?(?:点[{CN_DIGIT_CHARS}]+[万亿]?)?"
NUM = f"(?:{ARABIC}|{CHINESE})"
# A bare magnitude as a numeral (百项, 千家, 上万人, 超千万元, 近百家): read only after a bound word,
# a target verb or a non-Han character, since 百/千/万 also open words (百姓, 千方百计, 万一)
BARE = "(?:[百千](?:万|亿)?|万|亿)"
BARE_VALUES = {ch: MAGNITUDES[ch] for ch in "百千万亿"}  # the characters of BARE

LOCAL_FRAGMENTS = {"num": NUM, "cn_all": CN_NUMERAL_CHARS}

# Where a target's fragment ends: clause punctuation, line ends, table cell tabs.
HARD_BOUNDARY = "，。；：！？\n\t"
SENTENCE_END = "。！？\n"


def verb_alternation(rules: RuleSet) -> str:
    """The target verbs of rules/targets.yaml as one alternation, longest first."""
    return rules.cached("targets.verbs.v1", lambda: _alternation(rules.get("targets")["verbs"]))


def expand(rules: RuleSet, template: str, extra: dict[str, str] | None = None) -> str:
    """A targets.yaml template with ``$num``/``$cn_all``/``$verbs`` (and ``extra``) and the shared fragments filled in."""
    local_fragments = dict(LOCAL_FRAGMENTS)
    if "$verbs" in template:
        local_fragments["verbs"] = f"(?:{verb_alternation(rules)})"
    local = string.Template(template).safe_substitute({**local_fragments, **(extra or {})})
    return rules.expand(local)


@dataclass(frozen=True)
class Cue:
    """A compiled year/deadline/filter rule."""

    id: str
    pattern: regex.Pattern[str]
    params: dict[str, Any]
    # speed only: text every match contains (``params.gate``); a window without it is skipped
    gate: re.Pattern[str] | regex.Pattern[str] | None = None

    def may_match(self, text: str, lo: int, hi: int) -> bool:
        """False only when no match can lie in ``text[lo:hi]``: the gate is not there."""
        return self.gate is None or self.gate.search(text, lo, hi) is not None


@dataclass(frozen=True)
class Tables:
    candidate: regex.Pattern[str]
    units: dict[str, str]  # as written -> reported
    magnitudes: dict[str, int]
    before: dict[str, str]  # comparator word -> comparator
    after: dict[str, str]
    between: dict[str, str]
    before_re: regex.Pattern[str]  # a comparator word (group w) + bridge ending the text before the number
    # plain words: the stdlib engine reads them alike and matches these short strings ~2x faster
    verbs_re: re.Pattern[str] | regex.Pattern[str]
    link_re: regex.Pattern[str]  # link/comparator words ending a metric
    link_words: tuple[str, ...]  # the words of ``link_re``, for a cheap str.endswith test
    lead_re: regex.Pattern[str]  # scope/time words starting a metric
    stop_re: re.Pattern[str] | regex.Pattern[str]
    filters: tuple[Cue, ...]
    year_cues: tuple[Cue, ...]
    deadline_cues: tuple[Cue, ...]
    title_year: regex.Pattern[str]
    standing: tuple[Cue, ...]
    metric_tails: tuple[Cue, ...]
    bare_ratios: tuple[Cue, ...] = ()
    # a change with no subject (同比增长|6%): it takes the metric of an earlier target
    change_only: tuple[Cue, ...] = ()
    # the intent words of a report (通报), and the 文种 that make a document one
    report: Cue | None = None
    report_types: frozenset[str] = frozenset()
    # 文种 that report only when the title says so (决定 whose title has 表彰: an award decision)
    award_types: frozenset[str] = frozenset()
    award_title: regex.Pattern[str] | None = None
    # 截至YYYY年 before the document's year: the sentence reports a stock (``kind: as_of``)
    as_of: Cue | None = None
    # speed only: where a candidate may start (see ``_start_scan``); None scans with ``candidate``
    starts: re.Pattern[str] | None = None
    # one-character bounds right before the number (超千万): word -> comparator
    prefixes: dict[str, str] | None = None
    # kind cues (standard, requirement), in order; change words and baselines
    kinds: tuple[Cue, ...] = ()
    review_heading: regex.Pattern[str] | None = None  # a clause heading over results, not targets
    # whom a metric read after the number falls on (对单位|处…罚款 → 对单位罚款)
    metric_prefixes: tuple[Cue, ...] = ()
    # the scope the first name of a 分别 list opens with (东部地区电网|供电可靠率、综合电压合格率)
    list_scopes: tuple[Cue, ...] = ()
    directions: tuple[Cue, ...] = ()
    baselines: tuple[Cue, ...] = ()
    # 翻一番 / 翻两番: group n1 the whole phrase, unit empty (the extractor reports 倍)
    doubling: regex.Pattern[str] | None = None
    # 百分之十以上 / 百分之五至百分之十: a percentage written in words (regulations), unit %
    percent_words: regex.Pattern[str] | None = None
    # 二万以上二十万元以下: a lower bound written without the unit its upper bound carries
    unitless_range: regex.Pattern[str] | None = None

    def candidates(self, text: str) -> list[regex.Match[str]]:
        """The matches of ``candidate.finditer(text)``.

        The stdlib engine finds the few places a candidate may start (~10 in a notice) about
        three times faster than ``regex`` steps through every character (a lookbehind at each
        one); ``candidate`` is then matched there. Its lookbehind sees before ``pos``, and a
        match is never empty, so trying the possible starts in order, each at or after the end
        of the last match, finds what ``finditer`` finds.
        """
        if self.starts is None:
            return list(self.candidate.finditer(text))
        out = []
        end = 0
        match = self.candidate.match
        for s in self.starts.finditer(text):
            pos = s.start()
            if pos >= end:
                m = match(text, pos)
                if m is not None:
                    out.append(m)
                    end = m.end()
        return out

    def unit_name(self, written: str) -> str:
        """The reported unit: canonical form, a compound with an ASCII slash (微克/立方米, 元/人·月)."""
        if written in self.units:
            return self.units[written]
        return "/".join(self.units.get(part, part) for part in _SLASH.split(written.replace("・", "·")))


_SLASH = regex.compile("[/／]")


def _alternation(words: list[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))


# A gate of plain words, word classes and groups (第, 已|共有, 个(?:月|季度)): the stdlib engine
# reads it the same way as ``regex`` and, on the short windows gates are tried in, ~2x faster.
_PLAIN_GATE = re.compile(r"(?:[^\\^$*+?{}()\[\]|]|\(\?:|[()|]|\[[^\]\\]*\])*")


def compile_gate(pattern: str) -> re.Pattern[str] | regex.Pattern[str]:
    return re.compile(pattern) if _PLAIN_GATE.fullmatch(pattern) else regex.compile(pattern)


# Characters that are neither a digit (Unicode Nd) nor white space in any Unicode version: ASCII
# but 0-9, CJK punctuation, ideographs, full-width forms but ０-９ (kept for spaces: \t-\r,
# \x1c-\x20, U+3000). Everything else counts as a possible digit or space: the stdlib engine
# may know an older Unicode than ``regex`` (tests/test_targets_speed.py checks the sets).
_NOT_DIGIT = [(0, 0x2F), (0x3A, 0x7F), (0x2000, 0x206F), (0x3000, 0x303F), (0x3400, 0x4DBF),
              (0x4E00, 0x9FFF), (0xFF00, 0xFF0F), (0xFF1A, 0xFFEF)]  # fmt: skip
_NOT_SPACE = [(0, 0x08), (0x0E, 0x1B), (0x21, 0x7F), (0x3001, 0x303F), (0x3400, 0x4DBF),
              (0x4E00, 0x9FFF), (0xFF00, 0xFFEF)]  # fmt: skip


def _class_outside(ranges: list[tuple[int, int]], extra: str = "") -> str:
    """A stdlib character class of every code point outside ``ranges``, and of ``extra``."""
    spans, lo = [], 0
    for a, b in sorted(ranges):
        if a > lo:
            spans.append((lo, a - 1))
        lo = max(lo, b + 1)
    spans.append((lo, 0x10FFFF))
    body = "".join(re.escape(chr(a)) + ("-" + re.escape(chr(b)) if b > a else "") for a, b in spans)
    return "[" + body + "".join(re.escape(c) for c in sorted(set(extra))) + "]"


def _start_scan(words: list[str], separators: list[str], magnitudes: str) -> re.Pattern[str]:
    """Speed only: a stdlib pattern matching at every place a candidate can start (and a few more).

    A candidate is a number (its characters: digits, ``,.``, the Chinese numerals, 点 and the
    magnitudes; it starts with a digit or a ``CN_START`` character, after no digit, ``.,%``,
    Latin letter or numeral), then a unit, a between word or a part before a slash (``words``),
    or spaces and a range separator. Each part is a superset of what ``candidate`` allows, so
    this never misses a start: digits and spaces by the classes above, the lookbehind by ASCII
    digits only, and every alternative of the candidate after its number begins with one of
    ``words``, or with spaces and a separator.
    """
    first = _class_outside(_NOT_DIGIT, CN_START + "百千万亿")
    body = _class_outside(_NOT_DIGIT, ",." + CN_NUMERAL_CHARS + "点" + magnitudes)
    space = _class_outside(_NOT_SPACE)
    initials = "".join(re.escape(c) for c in sorted({w[0] for w in words + separators if w}))
    after = (
        f"(?=[{initials}]|{space})"  # a cheap test before the long alternation
        f"(?:{'|'.join(map(re.escape, sorted(set(words), key=len, reverse=True)))}"
        f"|{space}*(?:{'|'.join(map(re.escape, sorted(set(separators), key=len, reverse=True)))}))"
    )
    # the class first, the lookbehind after it (two characters back): the engine skips to the class
    return re.compile(f"{first}(?<![0-9.,A-Za-z%{re.escape(CN_NUMERAL_CHARS)}].)(?={body}*?{after})")


def _cues(rules: RuleSet, entries: list[dict[str, Any]]) -> tuple[Cue, ...]:
    out = []
    for e in entries:
        params = e.get("params") or {}
        gate = compile_gate(params["gate"]) if params.get("gate") else None
        out.append(Cue(e["id"], regex.compile(expand(rules, e["pattern"])), params, gate))
    return tuple(out)


def build(rules: RuleSet, *, fast: bool = True) -> Tables:
    """Compile the tables; ``fast=False`` leaves out the speed-only lookahead (for tests)."""
    unit_tables = rules.compiled("units")
    comp = rules.get("comparators")
    tg = rules.get("targets")
    units = dict(unit_tables.units)
    mags = dict(unit_tables.magnitudes)
    before = {w["word"]: w["comparator"] for w in comp["before"]}
    after = {w["word"]: w["comparator"] for w in comp["after"]}
    between = {w["word"]: w["comparator"] for w in comp["between"]}
    unit_alt = _alternation(list(units))
    guards = unit_tables.guards
    single = "|".join(
        regex.escape(u) + (f"(?!{guards[u]})" if u in guards else "")
        for u in sorted(units, key=len, reverse=True)
    )
    parts = list(unit_tables.compound_parts)
    part_only = _alternation([p for p in parts if p not in units])
    # X/Y: a unit, or a part that only stands in compounds (微克), then optionally /Y. Written as
    # a suffix so that the common case (a plain unit) costs one alternation.
    # the denominator may carry a magnitude (吨标准煤/万元, 立方米/万元) or a count (元/100升, a
    # 补贴细则 of the real dev corpus) and a second part after a
    # middle dot (元/人·月): it is the unit's name, kept as written
    any_part = _alternation(list(units) + parts)
    unit_group = (
        f"(?:{single}|(?:{part_only})(?=[/／]))"
        f"(?:[/／](?:[{''.join(mags)}千百]|[1-9]\\d{{0,3}})?(?:{any_part})(?:[·・](?:{any_part}))?)?"
        if parts
        else single
    )
    mag = f"[{''.join(mags)}]*"
    sep = _alternation(comp["range_separators"])
    prefixes = {w["word"]: w["comparator"] for w in comp.get("prefixes") or []}
    bound_words = _alternation([*before, *prefixes, "突破", "达到", "达", "共", "计"])
    bare = (
        rf"(?<=^|[^\p{{Han}}（(/／]|{bound_words}|{_alternation(tg['verbs'])}){BARE}(?![{CN_NUMERAL_CHARS}])"
    )
    number = f"(?:{ARABIC}){mag}|{CHINESE}|{bare}"
    # speed only: what follows the number starts a range separator, a between word or a unit
    # (each optional part starts one of them, or \s); a cheap class rejects the many numbers
    # (一是, 2025年) before the engine tries the long alternations
    follow = {w[0] for w in [*units, *parts, *comp["range_separators"], *between] if w}
    next_char = rf"(?=[\s{''.join(regex.escape(c) for c in sorted(follow))}])" if fast else ""
    candidate = regex.compile(
        rf"(?<![\d.,A-Za-z%{CN_NUMERAL_CHARS}])"
        rf"(?P<n1>{number}){next_char}"
        rf"(?:(?:{unit_alt})?\s*(?:{sep})\s*(?P<n2>{number}))?"
        rf"(?P<between>{_alternation(list(between))})?"
        rf"(?P<unit>{unit_group})(?![A-Za-z])"
        rf"(?P<after>{_alternation(list(after))})?"
    )
    part_words = [p + slash for p in parts if p not in units for slash in "/／"]  # 微克/…
    starts = (
        _start_scan([*units, *between, *part_words], list(comp["range_separators"]), "".join(mags))
        if fast
        else None
    )
    # 上 is left out: it ends words (线上) more often than it bounds a number
    link_words = list(tg["link_words"]) + list(before) + [w for w in prefixes if w != "上"]
    verbs = _alternation(tg["verbs"])
    # a bridge may name the target verbs (至少|组织开展|3场): ``$verbs`` is one or more of them
    verb_run = {"verbs": f"(?:{verbs})+"}
    bridges = "|".join(f"(?:{expand(rules, b, verb_run)})" for b in comp.get("bridges") or [])
    before_re = f"(?P<w>{_alternation(list(before))})" + (f"(?:{bridges})?" if bridges else "") + "$"
    filters = _cues(rules, tg["filters"])
    report = next((f for f in filters if f.params.get("kind") == "report"), None)
    as_of = next((f for f in filters if f.params.get("kind") == "as_of"), None)
    award_title = report.params.get("award_title") if report else None
    ratios = _cues(rules, tg.get("bare_ratios") or [])
    changes = _cues(rules, tg.get("changes") or [])
    return Tables(
        candidate=candidate,
        units=units,
        magnitudes=mags,
        before=before,
        after=after,
        between=between,
        before_re=regex.compile(before_re),
        verbs_re=compile_plain(f"(?:{verbs})+(?:[和及与、](?:{verbs})+)*"),
        link_re=regex.compile(f"(?:{_alternation(link_words)})+$"),
        link_words=tuple(link_words),
        lead_re=regex.compile("^(?:" + "|".join(expand(rules, p) for p in tg["lead"]) + ")+"),
        stop_re=compile_plain(_alternation(tg["metric_stops"])),
        filters=tuple(f for f in filters if f is not report and f is not as_of),
        year_cues=_cues(rules, tg["year_cues"]),
        deadline_cues=_cues(rules, tg["deadline_cues"]),
        title_year=regex.compile(expand(rules, tg["title_year"]["pattern"])),
        standing=_cues(rules, tg.get("standing_rules") or []),
        metric_tails=_cues(rules, tg.get("metric_tails") or []),
        bare_ratios=tuple(r for r in ratios if r.params.get("kind") != "change"),
        change_only=tuple(r for r in ratios if r.params.get("kind") == "change"),
        report=report,
        as_of=as_of,
        report_types=frozenset(report.params.get("doc_types") or ()) if report else frozenset(),
        award_types=frozenset(report.params.get("award_types") or ()) if report else frozenset(),
        award_title=regex.compile(award_title) if award_title else None,
        starts=starts,
        prefixes=prefixes,
        doubling=regex.compile(
            "(?P<n1>翻(?:一|两|二|三)番)(?P<unit>)(?:(?P<n2>(?!))(?P<between>(?!))(?P<after>(?!)))?"
        ),
        percent_words=regex.compile(
            rf"(?<![{CN_NUMERAL_CHARS}])百分之(?P<n1>{CHINESE})(?:(?:{sep})百分之(?P<n2>{CHINESE}))?"
            rf"(?![{CN_NUMERAL_CHARS}])(?P<unit>)(?:(?P<between>(?!)))?(?P<after>{_alternation(list(after))})?"
        ),
        unitless_range=regex.compile(
            rf"(?<![\d.,A-Za-z%{CN_NUMERAL_CHARS}])(?P<n1>(?:{ARABIC}){mag}|{CHINESE})以上"
            rf"(?P<n2>(?:{ARABIC}){mag}|{CHINESE})(?:(?P<between>(?!)))?(?P<unit>{unit_group})(?![A-Za-z])"
            rf"(?P<after>以下)"
        ),
        kinds=_cues(rules, tg.get("kinds") or []),
        review_heading=regex.compile("|".join(f"(?:{r['pattern']})" for r in tg["review_headings"]))
        if tg.get("review_headings")
        else None,
        metric_prefixes=_cues(
            rules, [c for c in tg.get("metric_prefixes") or [] if c["params"].get("kind") != "list_scope"]
        ),
        list_scopes=_cues(
            rules, [c for c in tg.get("metric_prefixes") or [] if c["params"].get("kind") == "list_scope"]
        ),
        directions=tuple(c for c in changes if c.params.get("kind") == "direction"),
        baselines=tuple(c for c in changes if c.params.get("kind") in ("baseline", "baseline_relative")),
    )


def tables(rules: RuleSet) -> Tables:
    """The compiled tables of this RuleSet (built on first use, then shared)."""
    return rules.cached("targets.tables.v1", lambda: build(rules))
