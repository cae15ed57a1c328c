"""Dates, deadlines, years and periods, resolved to ISO 8601 values.

What is recognised comes from ``rules/dates.yaml``: full dates (2025年3月28日, 二〇二二年六月六日,
2025-03-28, 2025.3.28), year-months, year-less dates (4月20日前, 今年截至6月), years
(2025年, 到2035年), ranges (2024年至2026年), quarters, half years and five-year-plan periods
(“十四五”时期 → 2021/2025).

Values: ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or an interval ``A/B`` (ISO 8601), so a quarter
is ``2025-01/2025-03`` and 上半年 is ``2025-01/2025-06``. 底/末 and 截至 + month resolve to
the last day (2025年3月底前 → 2025-03-31, deadline).

Year-less mentions take the document's year (``ctx.year``: 成文日期, else the 发文字号 year,
else the title). A yearly date (每年3月31日前, 每年一季度) is listed as the document year's
instance; a frequency (每季度, 每一季度, 每月5日前) is not a date. When the structure stage
found none, the year written most often in the text stands in; when the text writes no year
at all, year-less mentions are skipped (an ISO value needs a year, and a guessed one is worse
than none).

>>> from policyparse.document import Document
>>> from policyparse.models import Meta
>>> from policyparse.rules import load_rules
>>> ctx = Context.build(Document.from_text("各区于4月20日前报送，到2035年基本建成。"), Meta(), [], 2025)
>>> [(d.text, d.value, d.kind, d.modifier) for d in extract(ctx, load_rules())]
[('4月20日前', '2025-04-20', 'deadline', 'before'), ('到2035年', '2035', 'year', 'by')]
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import regex

from ..dates_resolve import Point, end_of, is_real, numeral, point_iso
from ..models import DateKind, DateMention, DateModifierName
from ..rule_schema import DateModifier, DateRules
from ..rules import RuleSet, compile_plain
from .context import Context

_MIN_YEAR, _MAX_YEAR = 1900, 2100
_MAX_RANGE_YEARS = 30  # a longer "range" is two unrelated years joined by a dash


@dataclass(frozen=True)
class CompiledRule:
    id: str
    pattern: regex.Pattern[str]
    gate: re.Pattern[str] | regex.Pattern[str] | None = (
        None  # the rule only runs on texts where this is found
    )
    split_days: bool = False  # a range of days is two date mentions (params.split_days)


@dataclass(frozen=True)
class DateTables:
    """``rules/dates.yaml`` compiled once per RuleSet (immutable, shared)."""

    rules: tuple[CompiledRule, ...]
    prefixes: dict[str, DateModifier]
    suffixes: dict[str, DateModifier]
    relative_years: dict[str, int]
    five_year_plans: dict[str, tuple[int, int]]
    quarters: dict[str, int]
    halves: dict[str, tuple[int, int]]
    anchors: re.Pattern[str] | regex.Pattern[str]
    margin: int
    split_day_rules: frozenset[str] = frozenset()  # ids of the rules with params.split_days


def _alternation(name: str, words: dict[str, DateModifier]) -> str:
    """``(?P<name>w1|w2(?!guard)|…)?``, longest words first so 底前 wins over 底."""
    alts = []
    for word in sorted(words, key=len, reverse=True):
        guard = words[word].not_followed_by
        alts.append(regex.escape(word) + (f"(?!{guard})" if guard else ""))
    return f"(?P<{name}>{'|'.join(alts)})?"


def expand_pattern(template: str, spec: DateRules) -> str:
    """Insert ``{{part}}`` names (the ``$fragment`` names are left to ``RuleSet.compile``)."""
    parts = dict(spec.parts)
    parts["pre"] = _alternation("pre", spec.prefixes)
    parts["post"] = _alternation("post", spec.suffixes)
    out = template
    for name, body in parts.items():
        out = out.replace("{{" + name + "}}", body)
    if "{{" in out:
        raise ValueError(f"unknown part in date pattern {template!r}")
    return out


def tables(rules: RuleSet) -> DateTables:
    """The compiled date rules of a RuleSet (built once, then cached on it)."""

    def build() -> DateTables:
        spec = DateRules.model_validate(rules.get("dates"))
        # RuleSet.cached holds its lock while building, so compile here rather than through
        # RuleSet.compile (which would take the same lock again)
        compiled = tuple(
            CompiledRule(
                r.id,
                regex.compile(rules.expand(expand_pattern(r.pattern, spec))),
                compile_plain(r.params["gate"]) if r.params.get("gate") else None,
                bool(r.params.get("split_days")),
            )
            for r in spec.rules
        )
        return DateTables(
            compiled, spec.prefixes, spec.suffixes, spec.relative_years,
            spec.five_year_plans, spec.quarters, spec.halves,
            compile_plain(spec.scan.anchors), spec.scan.margin,
            frozenset(r.id for r in compiled if r.split_days),
        )  # fmt: skip

    return rules.cached("dates.tables", build)


# -- resolution ------------------------------------------------------------------------------
def _valid(p: Point) -> bool:
    """A real day, month or year in the years a notice can mean."""
    return _MIN_YEAR <= p[0] <= _MAX_YEAR and is_real(p)


def _explicit_year(g: dict[str, Any]) -> int | None:
    y = g.get("y")
    return numeral(y) if y else None


def _year(g: dict[str, Any], t: DateTables, doc_year: int | None) -> int | None:
    explicit = _explicit_year(g)
    if explicit is not None:
        return explicit
    if doc_year is None:
        return None
    rel = g.get("rel") or ""
    if rel and not rel.endswith("年"):
        rel += "年"  # 今年底前 is written with one 年
    return doc_year + t.relative_years.get(rel, 0)


def _interval(g: dict[str, Any], t: DateTables, year: int) -> tuple[Point, Point | None] | None:
    """(start, end) of what the groups name; end is None for a single point."""
    if g.get("plan"):
        first, last = t.five_year_plans[g["plan"]]
        return (first,), (last,)
    if g.get("q"):
        q = t.quarters[g["q"]]
        return (year, 3 * q - 2), (year, 3 * q)
    if g.get("qn"):
        n = t.quarters.get(g["qn"]) or numeral(g["qn"].replace("两", "二"))
        return (year, 1), (year, 3 * n)
    if g.get("half"):
        a, b = t.halves[g["half"]]
        return (year, a), (year, b)
    start: Point = (year,)
    if g.get("m"):
        start = (year, numeral(g["m"])) + ((numeral(g["d"]),) if g.get("d") else ())
    if not (g.get("y2") or g.get("m2") or g.get("d2")):
        return start, None
    y2 = numeral(g["y2"]) if g.get("y2") else year
    end: Point = (y2,)
    if g.get("m2") or g.get("d2"):  # 11月1日—15日: a day alone is in the start's month
        end = (y2, numeral(g.get("m2") or g["m"])) + ((numeral(g["d2"]),) if g.get("d2") else ())
    if end <= start or y2 - year > _MAX_RANGE_YEARS:
        return None
    return start, end


def resolve(
    g: dict[str, Any], t: DateTables, doc_year: int | None
) -> tuple[str, DateKind, DateModifierName | None] | None:
    """(value, kind, modifier) for a match's groups, or None when it names no valid date."""
    year = _year(g, t, doc_year)
    if year is None:
        return None
    span = _interval(g, t, year)
    if span is None:
        return None
    start, end = span
    words = [w for w in (t.prefixes.get(g.get("pre") or ""), t.suffixes.get(g.get("post") or "")) if w]
    modifier = next((w.modifier for w in reversed(words) if w.modifier), None)
    point = end if end is not None else start
    if any(w.end_of == "any" for w in words) or (any(w.end_of == "month" for w in words) and len(point) == 2):
        start, end = end_of(point), None  # 三季度末, 2025年底前, 今年截至6月: one day
    if not all(_valid(p) for p in (start, end) if p is not None):
        return None
    kind: DateKind
    if end is not None:
        value, kind = f"{point_iso(start)}/{point_iso(end)}", "period"
    else:
        value, kind = point_iso(start), ("year" if len(start) == 1 else "date")
    if any(w.kind == "deadline" for w in words) or (
        kind == "date" and any(w.kind == "deadline_if_dated" for w in words)
    ):
        kind = "deadline"
    return value, kind, modifier


# -- matching --------------------------------------------------------------------------------
def _windows(text: str, t: DateTables) -> tuple[str, list[int], list[int]]:
    """The parts of ``text`` near an anchor character, joined by line breaks.

    Every date holds an anchor (年 月 季 半 五 - . /) within a few characters of its start and
    end, so the rules only need to scan these windows (about a third of a notice). Returns
    the joined text and, per window, its start in the joined text and in ``text``.
    """
    spans: list[list[int]] = []
    for m in t.anchors.finditer(text):
        s, e = max(0, m.start() - t.margin), m.end() + t.margin
        if spans and s <= spans[-1][1]:
            spans[-1][1] = e
        else:
            spans.append([s, e])
    joined_starts, original_starts, pieces, at = [], [], [], 0
    for s, e in spans:
        joined_starts.append(at)
        original_starts.append(s)
        pieces.append(text[s:e])
        at += len(pieces[-1]) + 1  # the line break: no rule matches across it
    return "\n".join(pieces), joined_starts, original_starts


def find(text: str, t: DateTables) -> list[tuple[int, int, str, dict[str, Any]]]:
    """Non-overlapping matches (start, end, rule id, groups): leftmost, then longest, then first rule."""
    text, joined_starts, original_starts = _windows(text, t)
    found = []
    gates: dict[str, bool] = {}  # rules share gates: search each once per text
    for order, rule in enumerate(t.rules):
        if rule.gate is not None:
            key = rule.gate.pattern
            if key not in gates:
                gates[key] = rule.gate.search(text) is not None
            if not gates[key]:
                continue
        for m in rule.pattern.finditer(text):
            if m.end() > m.start():
                found.append((m.start(), -(m.end() - m.start()), order, m))
    found.sort(key=lambda c: c[:3])
    out: list[tuple[int, int, str, dict[str, Any]]] = []
    last_end = -1
    for start, neg_len, order, m in found:
        if start >= last_end:
            w = bisect.bisect_right(joined_starts, start) - 1
            shift = original_starts[w] - joined_starts[w]
            out.append((start + shift, start - neg_len + shift, t.rules[order].id, m.groupdict()))
            last_end = start - neg_len
    return out


def _fallback_year(matches: list[tuple[int, int, str, dict[str, Any]]]) -> int | None:
    """The year written most often (first on a tie), for documents without a known year."""
    years = Counter(y for *_, g in matches if (y := _explicit_year(g)) and _MIN_YEAR <= y <= _MAX_YEAR)
    return years.most_common(1)[0][0] if years else None


def extract(ctx: Context, rules: RuleSet) -> list[DateMention]:
    """Every date mention in document order, resolved to ISO (see the module docstring)."""
    try:
        t = tables(rules)
        matches = find(ctx.doc.text, t)
    except (regex.error, TypeError, ValueError):  # a broken rules overlay must not kill a parse
        return []
    doc_year = ctx.year if ctx.year is not None else _fallback_year(matches)
    out = []
    for start, end, rule_id, groups in matches:
        try:
            resolved = resolve(groups, t, doc_year)
        except (KeyError, ValueError):  # a numeral the tables do not know: not a date
            continue
        if resolved is None:
            continue
        value, kind, modifier = resolved
        cut = _day_range_cut(ctx.doc.text, start, end, value) if rule_id in t.split_day_rules else None
        if cut is not None:  # 2023年5月22日至5月26日: two dates, as annotators of real notices write them
            first, second = value.split("/")
            out.append(
                DateMention(
                    value=first, kind="date", modifier=None, rule_id=rule_id, **ctx.provenance(start, cut[0])
                )
            )
            out.append(
                DateMention(
                    value=second, kind="date", modifier=None, rule_id=rule_id, **ctx.provenance(cut[1], end)
                )
            )
            continue
        out.append(
            DateMention(
                value=value, kind=kind, modifier=modifier, rule_id=rule_id, **ctx.provenance(start, end)
            )
        )
    return out


_DAY_RANGE_SEP = regex.compile(r"日\s*(?:至|到|—|–|－|-|~|～)+\s*")


def _day_range_cut(text: str, start: int, end: int, value: str) -> tuple[int, int] | None:
    """Where a range of two full dates splits: the end of the first date and the start of the
    second (after 至/—), or None for anything else (months, years, a single date)."""
    a, sep, b = value.partition("/")
    if not sep or len(a) != 10 or len(b) != 10:
        return None
    m = _DAY_RANGE_SEP.search(text, start, end)
    return (m.start() + 1, m.end()) if m else None
