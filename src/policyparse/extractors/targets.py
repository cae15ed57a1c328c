"""Targets: quantities a notice sets out to reach, complete, build, publish, train or keep to.

How a target is found (every word list lives in ``rules/targets.yaml``, ``units.yaml`` and
``comparators.yaml``):

1. Candidates are a number (Arabic 1,607 / 4.5, Chinese 六十五万 / 一点二亿, mixed 1.2万, a bare
   magnitude 百项 / 超千万元 / 上万人, 翻一番 → 2 倍), or a range (3至5个, 35-36MW), followed by a
   unit of the lexicon or a compound (吨标准煤/万元, 元/人·月), with comparator words around it
   (超过30%, 20场以上, 100余家, 近百家). Magnitudes go into the value, never the unit:
   33.091万千瓦 → 330910 千瓦, 5亿元 → 500000000 元.
2. Filters drop what is not a quantity to reach: ordinals and phases (第48届, 二期), list counts
   (等23部门), names (“3+6”, anything inside “…” or 《…》, 某渔光互补30MW项目), durations
   (5个工作日内), idioms (四位一体), the article 一 (一批), site descriptions (平均水深约8米),
   equipment ratings, formula constants (×100%), rate and intensity bases (每100户, 万元GDP),
   achievements (已培训), qualifiers (30人以上的企业). Years, dates and 〔2023〕12号 never meet a unit.
   A target's ``kind`` (goal, standard, requirement) and, for a change (较2023年下降10%), its
   ``direction`` and ``baseline`` come from the ``kinds`` and ``changes`` rules. Tables whose
   header names the unit add one target per cell (:mod:`.table_targets`).
3. The metric is read in the target's fragment (between ， 。 ； and line ends): the words
   between the opening verb and the number (全年完成|补贴性职业技能培训|65万人次), or, when the
   verb stands right before the number, the noun phrase after it (遴选30家|具备条件的院校).
   A share that opens its fragment (…职工教育经费，60%以上用于…) counts the object of the
   fragment before.
4. The year is the nearest stated year (到2025年; never a baseline 较2023年) or plan period
   (“十四五”时期 → 2025) before the number in its sentence; else the document's year for 全年 /
   年内 / 今年 / 年度; else a year leading its paragraph (到2026年，…。培育…); else the year in
   the title of an annual plan (2024年…工作要点; a 2024—2027年 plan gives none). A standing rule
   (每年, 原则上, 不得, 按照…的N%) has no year but an annual plan's.
5. A deadline is a date cue in the fragment (今年截至6月 → YYYY-06-30, 3月底前 → YYYY-03-31) or
   a fragment made only of one leading the sentence (2025年底前，完成…).

>>> from policyparse.document import Document
>>> from policyparse.models import Meta
>>> from policyparse.rules import load_rules
>>> ctx = Context.build(Document.from_text("全年完成补贴性职业技能培训65万人次，第48届除外。"), Meta(), [], 2026)
>>> [(t.metric, t.value, t.unit, t.comparator.value, t.year) for t in extract(ctx, load_rules())]
[('补贴性职业技能培训', 650000.0, '人次', '=', 2026)]
"""

from __future__ import annotations

import bisect
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import regex

from ..dates_resolve import day_iso, numeral
from ..models import Comparator, Target
from ..numerals import cn_to_int, parse_number
from ..rules import RuleSet
from ..structure import document_year
from . import declared_unit_cells, table_targets
from .context import Context
from .target_tables import BARE_VALUES, HARD_BOUNDARY, SENTENCE_END, Cue, Tables, tables

# a quoted name may be broken across lines (a title split in two), so quotes may hold a newline;
# plain classes: the stdlib engine scans a whole document for them about twice as fast
_QUOTED = re.compile(r"“[^“”]{0,120}”|\"[^\"\n]{0,120}\"|「[^「」]{0,120}」")
_TITLED = re.compile(r"《[^《》\n]*》")
# forward: a plain class, which the stdlib engine finds faster; backward needs regex's (?r)
_HARD = re.compile(f"[{re.escape(HARD_BOUNDARY)}]")
_HARD_BACK = regex.compile(f"(?r)[{regex.escape(HARD_BOUNDARY)}]")  # searches from the end
_SENTENCE = re.compile(f"[{re.escape(SENTENCE_END)}]")
_SENTENCE_BACK = regex.compile(f"(?r)[{regex.escape(SENTENCE_END)}]")
# joins between list items (100名、技能大师工作室30个), skipped at a fragment start
_LIST_JOIN = "、和及与以及，"
_BRACKET_OPEN = "（("
_BRACKET_CLOSE = "）)"


@dataclass(frozen=True)
class _Spans:
    """Sorted, non-overlapping ``[start, end)`` intervals with a membership test."""

    starts: list[int]
    ends: list[int]

    @classmethod
    def of(cls, pattern: re.Pattern[str], text: str) -> _Spans:
        found = [m.span() for m in pattern.finditer(text)]
        return cls([s for s, _ in found], [e for _, e in found])

    def holds(self, pos: int) -> bool:
        i = bisect.bisect_right(self.starts, pos) - 1
        return i >= 0 and pos < self.ends[i]


# quoted names standing alone between a verb and its number (研发“甲”“乙”|6个|模型) are examples of
# what is counted, not its name: the metric is then read after the number
_NAMES_ONLY = re.compile(r"(?:“[^“”]{1,20}”[、和及与]?)+")

_MEMBER_NOTE = re.compile(r"（[^（）]*、[^（）]*）")

# the longest subjectless change word (分别改善): speed only, see ``_metric``
_CHANGE_CHARS = 4

# hostile-input bounds (see ``_Page.fragment_start``): characters a fragment / sentence reaches
# on each side of a number
_FRAGMENT_REACH = 300
_SENTENCE_REACH = 1500
_PARAGRAPH_REACH = 5000

# how far around a number the filters look (longest trigger + window in rules/targets.yaml)
_FILTER_REACH = 40


@dataclass(frozen=True)
class _Page:
    """Per-document lookups, built once per ``extract`` call (no state kept on the rules)."""

    text: str
    quoted: _Spans
    titled: _Spans
    # offsets of the lines ending in a colon (：\n), for ``_intent_list_item``'s look-back
    colon_lines: tuple[int, ...] = ()

    # Fragments and sentences are searched within a bounded reach of ``pos``: an unpunctuated
    # run (65万人次以上 x 80,000) would otherwise make every target rescan, and its metric hold,
    # the rest of the run (quadratic time and memory). Real fragments are far shorter.
    def fragment_start(self, pos: int) -> int:
        lo = max(0, pos - _FRAGMENT_REACH)
        m = _HARD_BACK.search(self.text, lo, pos)
        return m.end() if m else lo

    def fragment_end(self, pos: int) -> int:
        hi = min(len(self.text), pos + _FRAGMENT_REACH)
        m = _HARD.search(self.text, pos, hi)
        return m.start() if m else hi

    def sentence_bounds(self, pos: int) -> tuple[int, int]:
        lo, hi = max(0, pos - _SENTENCE_REACH), min(len(self.text), pos + _SENTENCE_REACH)
        back = _SENTENCE_BACK.search(self.text, lo, pos)
        ahead = _SENTENCE.search(self.text, pos, hi)
        return (back.end() if back else lo), (ahead.start() if ahead else hi)

    # each filter's bound (gate search, pattern finditer), taken once per document: ~20 filters
    # are tried for each of ~60 numbers (most of them 第N条, which the first filter rules out)
    filters: tuple[tuple[Callable[..., object] | None, Callable[..., Iterator[regex.Match[str]]]], ...] = ()

    def blocked(self, start: int) -> bool:
        """A filter rules out the number starting at ``start`` (its group ``n`` holds it)."""
        text = self.text
        lo, hi = max(0, start - _FILTER_REACH), min(len(text), start + _FILTER_REACH)
        for gate, finditer in self.filters:
            if gate is not None and gate(text, lo, hi) is None:
                continue
            for m in finditer(text, lo, hi):
                for s, e in m.spans("n"):
                    if s >= 0 and s <= start < max(e, s + 1):
                        return True
        return False


def _page(text: str, t: Tables) -> _Page:
    colons = tuple(m.start() for m in _COLON_LINE.finditer(text))
    return _Page(
        text=text,
        quoted=_Spans.of(_QUOTED, text),
        titled=_Spans.of(_TITLED, text),
        colon_lines=colons,
        filters=tuple((f.gate.search if f.gate is not None else None, f.pattern.finditer) for f in t.filters),
    )


_COLON_LINE = re.compile("[：:]\n")


# -- numbers ------------------------------------------------------------------------------------
def _bare_value(written: str) -> float | None:
    """A bare magnitude as a numeral: 百 → 100, 千万 → 10000000, 亿 → 100000000."""
    if not written or any(ch not in BARE_VALUES for ch in written):
        return None
    value = 1.0
    for ch in written:
        value *= BARE_VALUES[ch]
    return value


_DOUBLINGS = {"一": 1, "两": 2, "二": 2, "三": 3}


def _value(written: str) -> float | None:
    if written[:1] == "翻":  # 翻一番 doubles (2 倍), 翻两番 quadruples (4 倍)
        return float(2 ** _DOUBLINGS[written[1]])
    if written[:1] in BARE_VALUES:
        return _bare_value(written)
    if written.isascii() and written.isdigit():
        # plain digits (most numbers): parse_number's value without its regex and table (~3 us);
        # float("9" * 400) is inf, where parse_number fails (int(inf)): no value either way
        value = float(written)
        return value if value != math.inf else None
    try:
        return float(parse_number(written))
    except (ValueError, ArithmeticError):
        return None


def _magnitude_chars(written: str, t: Tables) -> str:
    return "".join(ch for ch in written[-2:] if ch in t.magnitudes) if written[:1].isdigit() else ""


def _values(m: regex.Match[str], t: Tables) -> tuple[float, float | None] | None:
    low = _value(m["n1"])
    if low is None:
        return None
    if m["n2"] is None:
        return low, None
    high = _value(m["n2"])
    if high is None:
        return None
    # 3至5万人: the magnitude written once applies to both ends
    mag = _magnitude_chars(m["n2"], t)
    if mag and not _magnitude_chars(m["n1"], t) and m["n1"][:1].isdigit():
        for ch in mag:
            low *= t.magnitudes[ch]
    if high <= low:
        return None
    return low, high


# -- metric ---------------------------------------------------------------------------------------
def _strip_lead(s: str, t: Tables) -> str:
    s = s.strip(_LIST_JOIN + " ")
    m = t.lead_re.match(s)
    return s[m.end() :] if m else s


def _strip_link(s: str, t: Tables) -> str:
    # a match of ``(?:words)+$`` ends the string with a word (or stands before a last "\n"):
    # str.endswith rules most metrics out faster than the regex search
    if not s.endswith(t.link_words) and not s.endswith("\n"):
        return s
    m = t.link_re.search(s)
    return s[: m.start()] if m else s


# what a standard's amount is followed by before its name (…2000元|的标准给予|补贴)
_GRANT_LEAD = re.compile(r"^(?:的)?(?:标准)?(?:给予|发放|予以|支付)?(?:一次性)?")


def _after_metric(page: _Page, start: int, end: int, t: Tables) -> str:
    s = page.text[start:end]
    m = t.stop_re.search(s)
    if m:
        s = s[: m.start()]
    s = s.strip(_LIST_JOIN + " ")
    lead = _GRANT_LEAD.match(s)
    return s[lead.end() :] if lead and lead.end() < len(s) else s


def _previous_object(page: _Page, frag_start: int, t: Tables) -> str:
    """The object of the fragment before ``frag_start`` (提取和使用|职工教育经费，60%以上用于…)."""
    if frag_start <= 0 or page.text[frag_start - 1] in SENTENCE_END:
        return ""
    prev = page.text[page.fragment_start(frag_start - 1) : frag_start - 1]
    verbs = list(t.verbs_re.finditer(prev))
    return _strip_lead(prev[verbs[-1].end() :] if verbs else prev, t)


def _with_subject(page: _Page, frag_start: int, metric: str, t: Tables) -> str:
    """A bare ratio (覆盖率) prefixed with the object of the clause before, if that has no number.

    开展老年人中医药健康管理，覆盖率达到75% → 老年人中医药健康管理覆盖率.
    """
    if not any(r.pattern.search(metric) for r in t.bare_ratios):
        return metric
    if frag_start <= 0 or page.text[frag_start - 1] in SENTENCE_END:
        return metric
    prev = page.text[page.fragment_start(frag_start - 1) : frag_start - 1]
    if t.candidate.search(prev):  # the clause before has its own quantity: not the subject
        return metric
    return _previous_object(page, frag_start, t) + metric


def _metric(
    page: _Page,
    frag_start: int,
    m: regex.Match[str],
    t: Tables,
    earlier: Callable[[], str | None] | None = None,
    cm: regex.Match[str] | None = None,
    listed: bool = False,
    next_start: int | None = None,
) -> tuple[str, bool]:
    """The metric, and whether it was read after the number (the text then runs to its end).

    ``earlier()`` gives the metric a change with no subject of its own refers back to (…45亿元，
    同比增长6%): the target before it in the sentence, or its match in a 分别 list (a callable:
    few numbers need it, so it is only looked up then). ``cm`` is ``t.before_re`` searched in the
    text before the number (the caller has it already for the comparator).
    """
    raw = page.text[frag_start : m.start()]
    if raw[-1:] in (t.prefixes or ()) and (raw[-1] != "上" or m["n1"][:1] in BARE_VALUES):
        raw = raw[:-1]  # 吸引|上|万人: a one-character bound is not part of the metric
    if cm:  # 补助比例原则上|不超过项目总投资的|30%: the metric ends before the comparator
        bridge = raw[cm.end("w") :]
        # 至少|培训基层干部|2000人次: a verb bridge still opens the target, so it stays for the metric
        keep = bridge and not bridge.endswith("的") and t.verbs_re.match(bridge)
        raw = raw[: cm.start()] + (bridge if keep else "")
    change_cut = False
    for tail in t.metric_tails:  # 能耗|较2023年下降|10%, 住宅小区|按照总建筑面积的|3%
        if not tail.may_match(raw, 0, len(raw)):
            continue
        tm = tail.pattern.search(raw)
        if tm:
            raw = raw[: tm.start()]
            change_cut = change_cut or tail.params.get("kind") == "change"
    before = _strip_link(_strip_lead(raw, t), t)
    for cue in t.directions:  # 优良率|提高|2个百分点: the change word is the direction, not the metric
        dm = cue.pattern.search(before)
        if dm and dm.start() > 0:
            before = _strip_link(before[: dm.start()], t)
            break
    # a change word alone is short (分别改善): a longer metric is not tried against the pattern
    if earlier is not None and (
        (change_cut and not before)
        or (len(before) <= _CHANGE_CHARS and any(c.pattern.search(before) for c in t.change_only))
    ):
        referred = earlier()
        if referred:
            return referred, False
    # the first number of a 分别 list is followed by the other numbers, never by its metric; a
    # metric read after the number ends before the next number (…100万条语料和10万条…)
    after_end = m.end() if listed else page.fragment_end(m.end())
    # (only when words stand between: 处五万元以上|十万元以下罚款 keeps reading past the bound)
    if (
        next_start is not None
        and m.end() <= next_start < after_end
        and page.text[m.end() : next_start].strip(_LIST_JOIN + " 以上下内")
    ):
        after_end = next_start
    if before.endswith("的"):
        # a qualifier right before the number (对存在安全隐患的|3座|渡槽) describes the noun after it
        after = _after_metric(page, m.end(), after_end, t)
        if after:
            return after, True
    verb = t.verbs_re.match(before)
    if verb is None:  # a verb in mid-fragment opens the target only right before the number
        verb = next((v for v in t.verbs_re.finditer(before) if v.end() == len(before)), None)
    if verb is not None and verb.end() < len(before) and not _NAMES_ONLY.fullmatch(before, verb.end()):
        obj = before[verb.end() :]
        # a list of examples after the verb is a scope too (研究制定|接入、计量等|地方标准); other
        # leads stay there (完成|2010年以前建成的危桥改造: the year qualifies the object)
        head = _strip_lead(obj, t)
        return (head if head and "、" in obj[: len(obj) - len(head)] else obj), False
    after = _after_metric(page, m.end(), after_end, t)
    if verb is not None and after:
        return after, True
    if before:
        return _with_subject(page, frag_start, before, t), False
    if after:
        return after, True
    previous = _previous_object(page, frag_start, t)
    # a share standing alone (60%以上用于职工培训): what it is used for is the best name left
    return previous or page.text[m.end() : after_end].strip(_LIST_JOIN + " "), True


def _metric_prefix(page: _Page, clause_start: int, start: int, t: Tables) -> str:
    """Whom a metric read after the number falls on (对单位可以处|10万元以下|罚款 → 对单位)."""
    for cue in t.metric_prefixes:
        if cue.may_match(page.text, clause_start, start):
            pm = cue.pattern.search(page.text, clause_start, start)
            if pm:
                return pm["keep"]
    return ""


# -- comparator -----------------------------------------------------------------------------------
_INCLUSIVE = {Comparator.LT: Comparator.LE, Comparator.GT: Comparator.GE}


def _comparator(m: regex.Match[str], cm: regex.Match[str] | None, t: Tables, text: str = "") -> Comparator:
    """``cm``: ``t.before_re`` searched in the text before the number."""
    if m["n2"] is not None:
        return Comparator.RANGE
    if cm:
        stated = Comparator(t.before[cm["w"]])
        # 低于50400元（含50400元）: the bracket puts the bound itself in (targets.filter.bound_inclusion)
        if text.startswith(("（含", "(含"), m.end()):
            return _INCLUSIVE.get(stated, stated)
        return stated
    prefix = text[m.start() - 1 : m.start()] if m.start() > 0 else ""
    if t.prefixes and prefix in t.prefixes and (prefix != "上" or m["n1"][:1] in BARE_VALUES):
        return Comparator(t.prefixes[prefix])
    if m["after"]:
        return Comparator(t.after[m["after"]])
    if m["between"]:
        return Comparator(t.between[m["between"]])
    return Comparator.EQ


# -- year and deadline ------------------------------------------------------------------------------
def _plan_end_year(plan: str) -> int | None:
    """End year of the Nth five-year plan (N >= 3 runs 1966+5(N-3) .. +4): 十四 → 2025."""
    try:
        n = cn_to_int(plan)
    except ValueError:
        return None
    return 1966 + 5 * (n - 3) + 4 if n >= 3 else None


def _title_year(ctx: Context, t: Tables) -> int | None:
    """The year of an annual plan (2024年…工作要点); a multi-year plan (2024—2027年) gives none."""
    for title in (ctx.meta.title, ctx.meta.issued_title):
        m = t.title_year.search(title or "")
        if m:
            return None if m["start"] else int(m["year"])
    return None


def _year(page: _Page, sent: tuple[int, int], num_start: int, doc_year: int | None, t: Tables) -> int | None:
    nearest: tuple[int, int | None] | None = None  # (cue end, year)
    relative = False
    for cue in t.year_cues:
        if not cue.may_match(page.text, sent[0], sent[1]):
            continue
        for m in cue.pattern.finditer(page.text, sent[0], sent[1]):
            if page.titled.holds(m.start()):
                continue
            kind = cue.params.get("kind")
            if kind == "relative":
                relative = True
            elif m.end() <= num_start and (nearest is None or m.end() > nearest[0]):
                year = int(m["year"]) if kind == "stated" else _plan_end_year(m["plan"])
                nearest = (m.end(), year)
    if nearest is not None and nearest[1] is not None:
        return nearest[1]
    return doc_year if relative else None


def _carried_year(page: _Page, sent_start: int, t: Tables) -> int | None:
    """A stated year leading its own fragment earlier in the paragraph (到2026年，…。培育…)."""
    # the paragraph, but no more than _PARAGRAPH_REACH back (a 120 K-character line)
    lo = max(0, sent_start - _PARAGRAPH_REACH)
    line_start = max(lo, page.text.rfind("\n", lo, sent_start) + 1)
    year = None
    for cue in t.year_cues:
        if cue.params.get("kind") != "stated" or not cue.may_match(page.text, line_start, sent_start):
            continue
        for m in cue.pattern.finditer(page.text, line_start, sent_start):
            if not page.titled.holds(m.start()) and _leads_sentence(page, m.start(), m.end()):
                year = int(m["year"])
    return year


def _standing(page: _Page, frag_start: int, start: int, t: Tables) -> bool:
    """每年 / 原则上 / 不得 / 按照…的 in the number's clause (from ``frag_start``, the fragment's
    start): a standing rule, for no one year."""
    return any(
        c.may_match(page.text, frag_start, start) and c.pattern.search(page.text, frag_start, start)
        for c in t.standing
    )


def _month(written: str) -> int | None:
    try:
        month = numeral(written)
    except ValueError:
        return None
    return month if 1 <= month <= 12 else None


def _leads_sentence(page: _Page, start: int, end: int) -> bool:
    """The cue is a fragment of its own at the head of the target (2025年底前，完成…)."""
    rest = page.text[page.fragment_start(start) : start] + page.text[end : page.fragment_end(end)]
    return rest.strip(" 到在于至力争") == ""


def _opens_earlier(page: _Page, m: regex.Match[str], frag_start: int, t: Tables) -> bool:
    """A ``…前`` cue opening an earlier verb phrase of the sentence dates a later phrase that
    shares its subject: one that opens with a verb (2027年6月30日前建成…平台，接入…500万台套).
    A clause with a subject of its own (…，新增和更新的公交车中新能源汽车比例保持100%) or its
    own time (全年, 到2026年) is not dated by it."""
    if m.end() > frag_start or page.text[m.end() - 1 : m.end()] != "前":
        return False
    if page.text[page.fragment_start(m.start()) : m.start()].strip(" 到在于至力争") != "":
        return False
    own = page.text[frag_start : page.fragment_end(frag_start)]
    verb = t.verbs_re.match(own)
    if verb is None or own[verb.end() : verb.end() + 1] == "的":
        return False
    # a clause with its own time after the cue's (…前实现A，全年培训B，创建C) ends the cue's reach
    reach = page.text[page.fragment_end(m.end()) : page.fragment_end(frag_start)]
    return not any(c.pattern.search(reach) for c in t.year_cues)


def _deadline(
    page: _Page, frag: tuple[int, int], sent: tuple[int, int], num_end: int, year: int | None, t: Tables
) -> str | None:
    best: tuple[int, str] | None = None  # (distance, iso)
    for cue in t.deadline_cues:
        if not cue.may_match(page.text, sent[0], sent[1]):
            continue
        for m in cue.pattern.finditer(page.text, sent[0], sent[1]):
            in_fragment = frag[0] <= m.start() and m.end() <= frag[1]
            if page.titled.holds(m.start()) or not (
                in_fragment
                or _leads_sentence(page, m.start(), m.end())
                or _opens_earlier(page, m, frag[0], t)
            ):
                continue
            y = int(m["year"]) if m["year"] else year
            if y is None:
                continue
            if cue.params.get("year_end"):
                iso = day_iso(y, 12)
            else:
                ends = cue.params.get("ends")
                # a half-year or quarter (上半年, 第三季度): the month it ends with
                month = ends.get(m["period"].strip("第季度")) if ends else _month(m["month"])
                if month is None:
                    continue
                iso = day_iso(y, month, int(m["day"]) if not ends and m["day"] else None)
            if iso is None:
                continue
            distance = abs(m.start() - num_end) if m.start() >= num_end else abs(frag[0] - m.end())
            if best is None or distance < best[0]:
                best = (distance, iso)
    return best[1] if best else None


def _earlier(page: _Page, found: list[tuple[int, str]], sent_start: int, start: int, t: Tables) -> str | None:
    """The metric a subjectless change at ``start`` refers back to, or None.

    In a 分别 list (较2025年分别改善4.8%、增加6天、下降0.5个百分点) the k-th of n changes takes the
    k-th of the n targets before the list; otherwise the target just before, in the sentence.
    """
    frag0 = page.fragment_start(start)
    before = [metric for s, metric in found if sent_start <= s < frag0]
    if "分别" in page.text[frag0:start]:
        n = sum(1 for _ in t.candidate.finditer(page.text, frag0, page.fragment_end(start)))
        k = sum(1 for s, _ in found if frag0 <= s < start)
        return before[len(before) - n + k] if 0 < n <= len(before) and k < n else None
    if any(frag0 <= s < start for s, _ in found):  # a list in one fragment refers to no earlier one
        return None
    return before[-1] if before else None


def _fragment_end_with_note(page: _Page, end: int) -> int:
    """Fragment end, stretched over a note in brackets right after the number (…人次（今年截至6月）)."""
    if end < len(page.text) and page.text[end] in _BRACKET_OPEN:
        close = min((i for i in (page.text.find(c, end) for c in _BRACKET_CLOSE) if i >= 0), default=-1)
        if close >= 0 and "\n" not in page.text[end:close]:
            return close + 1
    return page.fragment_end(end)


def _past_stock_marks(text: str, doc_year: int | None, t: Tables) -> list[int]:
    """Where 截至YYYY年 names a year before the document's: a number after it in its sentence is
    the stock reported as of then (截至2025年底，全县累计建成…26.8万亩 in a 2026 notice).

    Found once per document (most have none), so a candidate costs nothing when the list is empty.
    """
    cue = t.as_of
    if cue is None or doc_year is None or not cue.may_match(text, 0, len(text)):
        return []
    return [m.start() for m in cue.pattern.finditer(text) if int(m["year"]) < doc_year]


def _is_report(ctx: Context, t: Tables) -> bool:
    """A document that reports what was done: a 通报, or a 决定 that makes awards (表彰…的决定)."""
    if t.report is None:
        return False
    doc_type = ctx.meta.doc_type
    if doc_type in t.report_types:
        return True
    return (
        doc_type in t.award_types
        and t.award_title is not None
        and bool(t.award_title.search(ctx.meta.title or ""))
    )


def _intent_list_item(page: _Page, sent_start: int, report: Cue) -> bool:
    """The sentence stands in a list whose introduction states the intent (要…抓好以下工作：).

    The items of such a list are what the introduction asks for: its 要 governs each of them.
    The introduction is the last line before the sentence's line that ends with a colon.
    """
    line_start = page.text.rfind("\n", max(0, sent_start - _PARAGRAPH_REACH), sent_start) + 1
    if line_start == 0 and sent_start > _PARAGRAPH_REACH:  # a line this long is no list item
        return False
    # the last colon line before ``line_start`` - 1 (found by bisection, not a rescan of the text)
    i = bisect.bisect_left(page.colon_lines, line_start - 1) - 1
    if i < 0:
        return False
    colon = page.colon_lines[i]
    intro_start = page.sentence_bounds(colon)[0]
    return report.pattern.search(page.text, intro_start, colon) is not None


# -- kind and change ---------------------------------------------------------------------------------
_INTRO_LINES = 12  # how far up a condition's heading (申报条件：) is looked for
_HEADING_CHARS = 16


def _condition_context(page: _Page, sent: tuple[int, int]) -> str:
    """The sentence, and the nearest heading or list introduction above it (（二）申报条件, …条件：)."""
    text = page.text
    out = [text[sent[0] : sent[1]]]
    line_end = text.rfind("\n", 0, sent[0] + 1)
    for _ in range(_INTRO_LINES):
        if line_end <= 0:
            break
        line_start = text.rfind("\n", 0, line_end) + 1
        line = text[line_start:line_end].strip("\t ")
        if line.endswith(("：", ":")) or 0 < len(line) <= _HEADING_CHARS:
            out.append(line)
            break
        line_end = line_start - 1
    return "\n".join(out)


def _doc_types(ctx: Context) -> tuple[str, ...]:
    """The 文种 a target's rules are read in: the document's, and the issued document's title
    (关于印发《…实施细则》的通知 issues a 细则: its articles bind like a regulation's)."""
    return tuple(x for x in (ctx.meta.doc_type, ctx.meta.issued_title) if x)


def _kind(
    page: _Page,
    clause: tuple[int, int],
    unit_end: int,
    unit: str,
    metric: str,
    sent: tuple[int, int],
    t: Tables,
    comparator: str = "=",
    doc_types: tuple[str, ...] = (),
) -> str:
    """goal, standard or requirement: the first ``kinds`` rule of rules/targets.yaml that matches.

    A rule with ``doc_types`` holds only in a document (or an issued document) of those 文种; one
    with ``comparators`` only for targets of those comparators.
    """
    numerator = unit.split("/")[0]
    texts = {
        "clause": page.text[clause[0] : clause[1]],
        "after": page.text[unit_end : page.fragment_end(unit_end)],
        "unit": unit,
        "metric": metric,
    }
    for cue in t.kinds:
        units = cue.params.get("units")
        if units and numerator not in units:
            continue
        types = cue.params.get("doc_types")
        if types and not any(d.endswith(tuple(types)) for d in doc_types):
            continue
        comparators = cue.params.get("comparators")
        if comparators and comparator not in comparators:
            continue
        if not cue.pattern.search(texts[cue.params.get("where", "clause")]):
            continue
        context = cue.params.get("context")
        if context and regex.search(context, _condition_context(page, sent)) is None:
            continue
        return str(cue.params["kind"])
    return "goal"


def _change(
    page: _Page,
    frag_start: int,
    start: int,
    cm: regex.Match[str] | None,
    sent_start: int,
    year: int | None,
    t: Tables,
    forced: str | None = None,
) -> tuple[str | None, int | None]:
    """(direction, baseline year) of a number stated as a change (较2023年下降|10%); else (None, None)."""
    raw = page.text[frag_start:start]
    if cm:  # 同比增长|不低于|10%: the change word stands before the bound
        raw = raw[: cm.start()]
    direction = forced or next(
        (str(c.params["direction"]) for c in t.directions if c.pattern.search(raw)), None
    )
    if direction is None:
        return None, None
    clause_start = page.fragment_start(start)
    best: tuple[int, int | None] | None = None  # (end, year) of the last baseline before the number
    for cue in t.baselines:
        for bm in cue.pattern.finditer(page.text, sent_start, start):
            # in the number's own clause, or a clause made of the baseline alone (与2020年相比，…)
            if page.titled.holds(bm.start()) or (
                bm.start() < clause_start and not _baseline_clause(page, bm)
            ):
                continue
            if cue.params.get("kind") == "baseline":
                value: int | None = int(bm["year"])
            else:
                value = year - 1 if year is not None else None
            if best is None or bm.end() > best[0]:
                best = (bm.end(), value)
    return direction, best[1] if best else None


_BASELINE_CLAUSE = regex.compile(
    r"(?:与|和|同|较|比|相比|相较于?)?\s*(?:\d{4}\s*年(?:底|末)?|上年|去年)(?:相比|比较|水平)?"
)


def _baseline_clause(page: _Page, bm: regex.Match[str]) -> bool:
    clause = page.text[page.fragment_start(bm.start()) : page.fragment_end(bm.start())].strip(" ")
    return _BASELINE_CLAUSE.fullmatch(clause) is not None


def _worded_numbers(text: str, t: Tables) -> list[regex.Match[str]]:
    """翻一番 / 翻两番: a change of 2 (4) 倍 written without a digit; 百分之十: a percentage in words."""
    found = list(t.doubling.finditer(text)) if t.doubling is not None and "翻" in text else []
    if t.percent_words is not None and "百分之" in text:
        found += t.percent_words.finditer(text)
    return found


def _unitless_ranges(text: str, candidates: list[regex.Match[str]], t: Tables) -> list[regex.Match[str]]:
    """二万以上二十万元以下 as one range: it replaces the upper bound's own candidate."""
    if t.unitless_range is None or "以上" not in text:
        return candidates
    ranges = list(t.unitless_range.finditer(text))
    if not ranges:
        return candidates
    # (finditer's matches are sorted and do not overlap: a bisect per candidate, where testing
    # every range for every candidate grew with the square of the document's length)
    covered = _Spans([r.start() for r in ranges], [r.end() for r in ranges])
    kept = [c for c in candidates if not covered.holds(c.start())]
    return sorted([*kept, *ranges], key=lambda c: c.start())


# -- 分别 lists ------------------------------------------------------------------------------------
# what joins the numbers of one list (99.94%、99.9%和3.5千伏安)
_NUMBER_JOINS = frozenset("、和及与 ")
_ITEM_SPLIT = re.compile(r"[、和及与]")
# a preposition opening the scope between listed subjects and their shared head
# (乡土树种和地产草种|在新建公园的|应用比例)
_SCOPE_OPEN = re.compile(r"(?<=\w{2})[在对于]")


def _list_length(text: str, candidates: list[regex.Match[str]], i: int) -> int:
    """How many numbers, from candidate ``i`` on, stand joined only by 、和及与 (one list)."""
    n = 1
    while i + n < len(candidates):
        between = text[candidates[i + n - 1].end() : candidates[i + n].start()]
        if not between or any(ch not in _NUMBER_JOINS for ch in between):
            break
        n += 1
    return n


def _items(s: str) -> list[str]:
    return [x for x in _ITEM_SPLIT.split(s) if x]


def _list_head(raw: str, metric: str, t: Tables) -> str:
    """The metric of a 分别 list's first number, without 分别 and a trailing 的; the words before
    the number when the metric rules leave nothing or read it outside the list's own fragment
    (按季度应分别累计完成任务总量的|20%、50%: a share of a base, which the tails would cut)."""
    if not metric or metric not in raw:  # read elsewhere (the clause before): the list's own words
        m = t.before_re.search(raw)
        metric = _strip_link(_strip_lead(raw[: m.start()] if m else raw, t), t)
    return metric.replace("分别", "").rstrip("的")


def _heads(names: list[str]) -> list[str]:
    """The names of a list without the part they share at the front (东部地区电网|供电可靠率)."""
    common = 0
    while common < min(len(x) for x in names) and len({x[common] for x in names}) == 1:
        common += 1
    return [x[common:] for x in names]


def _list_metrics(metric: str, n: int, t: Tables) -> list[str] | None:
    """The n metrics of a 分别 list of n numbers, from the metric written before the list.

    Subjects sharing a head (乡土树种和地产草种在新建公园的应用比例分别达到80%、50%) each take the head
    after the last 的 (乡土树种应用比例, 地产草种应用比例); listed names (东部地区电网供电可靠率、综合电压
    合格率、户均配变容量分别不低于…) each take the scope the first one opens with (``list_scope``:
    东部地区电网综合电压合格率). None when the metric does not list n things.
    """
    if "的" in metric:
        head = metric[metric.rfind("的") + 1 :]
        opened = _SCOPE_OPEN.search(metric)
        subjects = metric[: opened.start()] if opened else metric[: metric.rfind("的")]
        items = _items(subjects)
        if head and len(items) == n:
            return [x + head for x in items]
    items = _items(metric)
    if len(items) != n:
        return None
    scope = ""
    for cue in t.list_scopes:
        sm = cue.pattern.search(items[0])
        if sm:
            scope = sm.group()
            break
    return [items[0]] + [x if x.startswith(scope) else scope + x for x in items[1:]]


# -- extraction --------------------------------------------------------------------------------------
# what stands between the two bounds of one range (1万元以上10万元以下, 不低于5人不超过10人)
_BOUNDS_JOIN = ("以上", "以上、", "以上，", "以上至")


def _outside_reviews(ctx: Context, found: list[Target], review: regex.Pattern[str]) -> list[Target]:
    """The targets not under a heading that reviews what was done (“十二五”期间工作成效, 发展基础):
    the figures of such a section are results. A clause id is the dotted path of its ancestors."""
    reviewed = set()
    todo = list(ctx.clauses)  # every clause (a stack, not Clause.walk's nested generators)
    while todo:
        c = todo.pop()
        if c.heading and review.search(c.heading):
            reviewed.add(c.id)
        todo += c.children
    if not reviewed:
        return found

    def under_review(clause_id: str | None) -> bool:
        if clause_id is None:
            return False
        parts = clause_id.split(".")
        return any(".".join(parts[:k]) in reviewed for k in range(1, len(parts) + 1))

    return [x for x in found if not under_review(x.clause_id)]


def extract(ctx: Context, rules: RuleSet) -> list[Target]:
    """Targets in document order, each quoted from the original text with its provenance."""
    t = tables(rules)
    text = ctx.doc.text
    if not text:
        return []
    page = _page(text, t)
    doc_year = ctx.year if ctx.year is not None else document_year(ctx.meta)
    title_year = _title_year(ctx, t)
    # in a report (通报, 表彰决定) only sentences stating an intent set targets; the rest are results
    report = t.report if _is_report(ctx, t) else None
    past_stock = _past_stock_marks(text, doc_year, t)
    doc_types = _doc_types(ctx)
    out: list[Target] = []
    found: list[tuple[int, str]] = []  # (start, metric) of each target, in normalised offsets
    prev_end = -1
    last: tuple[int, int, int] | None = None  # the last target's fragment, number and unit-end offsets
    candidates = t.candidates(text)
    worded = _worded_numbers(text, t)
    if worded:
        candidates = sorted([*candidates, *worded], key=lambda c: c.start())
    candidates = _unitless_ranges(text, candidates, t)
    # an open 分别 list: (its fragment start, its metrics, how many are taken), and the heads of the
    # last list in the sentence (…分别不低于A、B、C，中西部地区分别不低于D、E、F: the same three)
    listing: tuple[int, list[str], int] | None = None
    last_heads: tuple[int, list[str]] | None = None  # (sentence start, heads)
    for i, m in enumerate(candidates):
        start, end = m.start(), m.end()
        # (tested before the fragment is looked up: most candidates are 第N条, ruled out here)
        if page.quoted.holds(start) or page.titled.holds(start) or page.blocked(start):
            continue  # not a target: its words stay in the next target's metric (500米覆盖率)
        frag_start = clause_start = page.fragment_start(start)
        if prev_end > frag_start:  # a list of targets in one fragment: start after the last one
            frag_start = prev_end
            while frag_start < start and text[frag_start] in _LIST_JOIN:
                frag_start += 1
        values = _values(m, t)
        if values is None:
            continue
        sent = page.sentence_bounds(start)
        if past_stock and any(sent[0] <= p < start for p in past_stock):
            continue
        if (
            report is not None
            and report.pattern.search(text, sent[0], sent[1]) is None
            and not _intent_list_item(page, sent[0], report)
        ):
            continue
        cm = t.before_re.search(text[frag_start:start])  # for both the metric and the comparator
        listed = listing is not None and listing[0] == clause_start and listing[2] < len(listing[1])
        if listed and listing is not None:
            metric, metric_after = listing[1][listing[2]], False
            listing = (listing[0], listing[1], listing[2] + 1)
        else:
            listing = None
            n = _list_length(text, candidates, i) if "分别" in text[clause_start:start] else 1
            metric, metric_after = _metric(
                page,
                frag_start,
                m,
                t,
                lambda: _earlier(page, found, sent[0], start, t),  # noqa: B023 (called at once)
                cm,
                n > 1,
                candidates[i + 1].start() if i + 1 < len(candidates) else None,
            )
            if n > 1:
                metric, metric_after = _list_head(text[frag_start:start], metric, t), False
                names = _list_metrics(metric, n, t)
                if (
                    names is None
                    and last_heads is not None
                    and last_heads[0] == sent[0]
                    and len(last_heads[1]) == n
                ):
                    names = [metric + head for head in last_heads[1]]  # the same list for another scope
                elif names is not None:
                    last_heads = (sent[0], _heads(names))
                if names is None:  # numbers only (分别完成总量的20%、50%): one metric for all
                    names = [metric] * n
                if metric:
                    metric, listing = names[0], (clause_start, names, 1)
        if not metric:
            continue
        if metric_after and t.metric_prefixes:
            metric = _metric_prefix(page, clause_start, start, t) + metric
        if "（" in metric:  # a note listing members (街镇（甲街道、乙街道）设施) names none of them
            metric = _MEMBER_NOTE.sub("", metric)
        prev_end = end
        if metric_after and i + 1 < len(candidates):
            # the next number of a list (100万条语料和|10万条…) reads its own name after it too
            cut = text.find(metric, end, candidates[i + 1].start())
            if cut >= 0 and text[cut + len(metric) : candidates[i + 1].start()].strip() in _NUMBER_JOINS:
                prev_end = cut + len(metric)
        found.append((start, metric))
        # a standing rule holds for no one year, except that an annual plan's rules are its year's
        standing = _standing(page, clause_start, start, t)
        if standing:
            year = title_year
        else:
            year = _year(page, sent, start, doc_year, t) or _carried_year(page, sent[0], t) or title_year
        frag = (frag_start, _fragment_end_with_note(page, m.end("unit")))
        deadline = _deadline(page, frag, sent, end, year or doc_year, t)
        if year is None and deadline is not None and not standing:
            year = int(deadline[:4])
        text_end = page.fragment_end(end) if metric_after else end
        prov = ctx.provenance(frag_start, text_end)
        number = ctx.provenance(start, m.end("unit"))
        low, high = values
        unit = (
            "倍"
            if m["n1"][:1] == "翻"
            else "%"
            if text.startswith("百分之", start)
            else t.unit_name(m["unit"])
        )
        # 翻一番 is an increase by its own words
        forced = "increase" if m["n1"][:1] == "翻" else None
        direction, baseline = _change(page, frag_start, start, cm, sent[0], year or doc_year, t, forced)
        comparator = _comparator(m, cm, t, text)
        kind = _kind(
            page, (clause_start, start), m.end("unit"), unit, metric, sent, t, comparator.value, doc_types
        )
        if (
            out
            and last is not None
            and comparator is Comparator.LE
            and high is None
            and text[last[2] : start].strip() in _BOUNDS_JOIN
            and out[-1].comparator is Comparator.GE
            and out[-1].unit == unit
            and out[-1].value_max is None
            and out[-1].value < low
        ):
            # 处1万元以上10万元以下罚款: the two bounds are one range, named after the second
            prov, number = ctx.provenance(last[0], text_end), ctx.provenance(last[1], m.end("unit"))
            out[-1] = out[-1].model_copy(
                update={
                    "text": prov["text"],
                    "metric": metric,
                    "value_max": low,
                    "comparator": Comparator.RANGE,
                    "kind": kind,
                    "number_text": number["text"],
                    "span": prov["span"],
                    "rule_id": "targets.bounds_range.v1",
                }
            )
            last = (last[0], last[1], m.end("unit"))
            continue
        last = (frag_start, start, m.end("unit"))
        out.append(
            Target(
                text=prov["text"],
                metric=metric,
                value=low,
                value_max=high,
                unit=unit,
                comparator=comparator,
                kind=kind,  # type: ignore[arg-type]
                direction=direction,  # type: ignore[arg-type]
                baseline=baseline,
                year=year,
                deadline=deadline,
                cumulative="累计" in text[frag_start:start],
                number_text=number["text"],
                span=prov["span"],
                clause_id=prov["clause_id"],
                page=prov["page"],
                rule_id="targets.bounds_range.v1"
                if m.re is t.unitless_range
                else "targets.range.v1"
                if m["n2"] is not None
                else "targets.number_unit.v1",
            )
        )
    declared = declared_unit_cells.extract(ctx, rules, t, title_year or doc_year)
    if declared:
        out = sorted([*out, *declared], key=lambda x: x.span[0])
    if t.review_heading is not None and ctx.clauses:
        out = _outside_reviews(ctx, out, t.review_heading)
    if "\t" not in text:  # no table cell anywhere (most notices)
        return out
    cells = table_targets.extract(ctx, rules, t, title_year, doc_year)
    out = table_targets.annotate(ctx, rules, out)
    return sorted([*out, *cells], key=lambda x: x.span[0]) if cells else out
