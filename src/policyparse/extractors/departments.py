"""Government bodies named in a notice, each with a canonical name and a role.

Names come from the alias registry ``rules/departments.yaml`` (longest match over one compiled
alternation); names not in the registry are found by shape (``rules/department_patterns.yaml``:
各区…局 groups, place + standard unit). Regional short forms (市人社局) resolve only when the
document's region is known: from its issuers, its own 发文字号 code (沪 -> 上海市), else the
region it names most. Favour precision: an unknown name is kept as written with ``known`` false.

Roles: ``issuer`` (版头 and title before 关于), ``addressee`` (the line ending in ：),
``signatory``/``printer`` (name-only lines after the body), ``lead``/``co`` (牵头/负责, 会同/配合,
a 牵头部门 table column), else ``mention``.

>>> from policyparse import parse
>>> [(d.text, d.name, d.role) for d in parse("沪人社职〔2025〕1号\\n各区人社局：\\n由市人社局牵头，会同市财政局落实。").departments][1:]
[('市人社局', '上海市人力资源和社会保障局', 'lead'), ('市财政局', '上海市财政局', 'co')]
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

import regex

from ..document import Line
from ..models import Department, DepartmentRole
from ..rule_schema import VocabularyTables
from ..rules import RuleSet
from .context import Context

_LEVELS = ("自治区", "市", "省")  # how a region's own documents refer to it: 市人社局
_SEP = "、，, 和及与"
_NAME_LINE_FILL = _SEP + "\t 、"  # all a line of names holds besides the names
_PRINT_LINE = regex.compile(r"^\d{4}年\d{1,2}月\d{1,2}日印发$")
# \p{Han} in a gate, as a stdlib class: every Han character (tests/test_departments.py checks it
# against regex) and a few neighbours. A gate only skips windows that cannot hold a match, so a
# wider class is safe, and the stdlib engine searches a short window several times faster.
_HAN_OR_NEAR = (
    "[\u2e80-\u2fdf\u3005-\u3007\u3021-\u3029\u3038-\u303b\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
    "\U00016fe2-\U00016fff\U00020000-\U0003ffff]"
)
_ORG_END = ("局", "厅", "委", "委员会", "办公室", "办", "部", "政府", "单位", "部门", "会", "联", "署", "院")


@dataclass(frozen=True)
class Registry:
    bodies: dict[str, dict[str, Any]]  # alias -> body, usable everywhere
    regional: dict[str, dict[str, dict[str, Any]]]  # region -> relative alias -> body
    regions: list[dict[str, Any]]


def _relative(name: str, region: dict[str, Any]) -> str | None:
    """上海市财政局 -> 市财政局 (the form a document of that region writes)."""
    full = region["name"]
    level = next((lv for lv in _LEVELS if full.endswith(lv)), None)
    if level is None or not name.startswith(full):
        return None
    return level + name[len(full) :]


def standard_bodies(data: dict[str, Any]) -> list[dict[str, Any]]:
    """{region}{unit} for every provincial-level region and standard unit (广东省人力资源和社会保障厅,
    alias 省人社厅; a 直辖市 takes the unit's municipal name: 北京市人力资源和社会保障局, 市人社局)."""
    out = []
    for region in data.get("regions") or []:
        full = region["name"]
        level = next((lv for lv in _LEVELS if full.endswith(lv)), None)
        if level is None:  # 特别行政区: no standard bodies
            continue
        municipal = level == "市"  # the only provincial-level regions named …市 are the 直辖市
        for unit in data.get("standard_units") or []:
            name = (municipal and unit.get("municipal")) or unit["unit"]
            aliases = (municipal and unit.get("municipal_aliases")) or unit.get("aliases") or []
            out.append(
                {
                    "name": full + name,
                    "aliases": [level + a for a in aliases],
                    "region": full,
                    "level": "provincial",
                    "source": "standard_units",
                }
            )
    return out


def registry(rules: RuleSet) -> Registry:
    def build() -> Registry:
        data = rules.get("departments")
        regions = {r["name"]: r for r in data.get("regions") or []}
        bodies: dict[str, dict[str, Any]] = {}
        regional: dict[str, dict[str, dict[str, Any]]] = {}
        # explicit bodies first: a generated standard body never replaces a listed one
        for body in [*(data.get("bodies") or []), *standard_bodies(data)]:
            region = regions.get(body.get("region") or "")
            bodies.setdefault(body["name"], body)
            aliases = list(body.get("aliases") or [])
            if region:
                rel = _relative(body["name"], region)
                if rel:
                    aliases.append(rel)
            for alias in aliases:
                level = next((lv for lv in _LEVELS if region and alias.startswith(lv)), None)
                if region and level and not alias.startswith(region["name"]):
                    relative = regional.setdefault(region["name"], {})
                    if body.get("source") != "standard_units" or alias not in relative:
                        relative[alias] = body
                    for prefix in [region["name"], *region.get("short", [])]:
                        bodies.setdefault(prefix + alias[len(level) :], body)
                else:
                    bodies.setdefault(alias, body)
        return Registry(bodies, regional, list(regions.values()))

    return rules.cached("departments.registry", build)


def _alias_re(rules: RuleSet, region: str | None) -> tuple[re.Pattern[str], dict[str, dict[str, Any]]]:
    def build() -> tuple[re.Pattern[str], dict[str, dict[str, Any]]]:
        reg = registry(rules)
        table = dict(reg.bodies)
        table.update(reg.regional.get(region or "", {}))
        # the stdlib engine, not regex: on a trie of plain words it scans about 4x faster
        # (same backtracking, leftmost-first semantics)
        return re.compile(_trie_pattern(list(table))), table

    return rules.cached(f"departments.re:{region}", build)


def _trie_pattern(words: list[str]) -> str:
    """One regex for many names, as a prefix trie (fast); longer names are tried first."""
    trie: dict[str, Any] = {}
    for w in words:
        node = trie
        for ch in w:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        # greedy: a longer name wins; the end of a shorter name is the fallback
        return f"(?:{body})?" if "" in node else body

    return emit(trie)


def document_region(ctx: Context, rules: RuleSet) -> str | None:
    """上海市 … : from the issuers, the document's own number code, else the region named most."""
    reg = registry(rules)
    for issuer in ctx.meta.issuers:
        for r in reg.regions:
            if r["name"] in issuer:
                return str(r["name"])
    refs = ctx.references_for(rules)
    code = (
        refs.found[refs.own].code
        if refs.own is not None
        else (ctx.meta.doc_number.agency_code if ctx.meta.doc_number else "")
    )
    for r in reg.regions:
        if code[:1] in r.get("abbr", []):
            return str(r["name"])
    names_re = rules.cached(
        "departments.region_names",
        # plain names: the stdlib engine scans the whole text for them faster than regex
        lambda: re.compile(
            "|".join(
                re.escape(n)
                for r in reg.regions
                for n in sorted([r["name"], *r.get("short", [])], key=len, reverse=True)
            )
        ),
    )
    owner = {n: r["name"] for r in reg.regions for n in [r["name"], *r.get("short", [])]}
    counts = Counter(owner[m.group()] for m in names_re.finditer(ctx.doc.text))
    return counts.most_common(1)[0][0] if counts else None


def _valid(body: dict[str, Any], year: int | None) -> bool:
    if year is None:
        return True
    return (body.get("valid_from") or 0) <= year and year <= (body.get("valid_to") or 9999)


def _shape_rules(rules: RuleSet) -> list[tuple[str, regex.Pattern[str], Any, Any]]:
    """(id, pattern, anchor, gate) of each ``group``/``local`` rule, compiled once per RuleSet."""

    def build() -> list[tuple[str, regex.Pattern[str], Any, Any]]:
        out = []
        for rule in rules.get("department_patterns")["rules"]:
            params = rule.get("params") or {}
            if params.get("kind") not in ("group", "local"):
                continue
            anchor, gate = params.get("anchor"), params.get("gate")
            out.append(
                (
                    rule["id"],
                    rules.compile(rule["pattern"]),
                    rules.compile_plain(anchor) if anchor else None,
                    rules.compile_plain(gate.replace(r"\p{Han}", _HAN_OR_NEAR)) if gate else None,
                )
            )
        return out

    return rules.cached("departments.shape_rules", build)


def _find(ctx: Context, rules: RuleSet) -> list[tuple[int, int, str, bool, str]]:
    """(start, end, canonical name, known, rule id), normalised offsets, no overlaps."""
    text = ctx.doc.text
    alias_re, table = _alias_re(rules, document_region(ctx, rules))
    taken = bytearray(len(text))  # 1 where a record already sits
    for f in ctx.references_for(rules).found:  # names inside a 发文字号 are codes, not bodies
        taken[f.start : f.end] = b"\x01" * (f.end - f.start)
    out: list[tuple[int, int, str, bool, str]] = []
    year = ctx.year
    for m in alias_re.finditer(text):
        s, e = m.span()
        body = table[m.group()]
        # 财政部门, 教育部长: a ministry's name inside a longer word is not the ministry
        if text[e : e + 1] in ("门", "长") or not _valid(body, year) or taken.find(1, s, e) >= 0:
            continue
        taken[s:e] = b"\x01" * (e - s)
        out.append((s, e, body["name"], True, "dept.alias.v1"))
    for rule_id, pattern, anchor_re, gate_re in _shape_rules(rules):
        # an anchored rule runs only in a window around each anchor hit: most text has none
        windows = (
            [(max(0, a.start() - 16), a.end() + 16) for a in anchor_re.finditer(text)]
            if anchor_re is not None
            else [(0, len(text))]
        )
        for lo, hi in windows:
            if gate_re is not None and gate_re.search(text, lo, hi) is None:
                continue  # every match contains the gate: this window holds none
            for m in pattern.finditer(text, lo, hi):
                s, e = m.span("name")
                if taken.find(1, s, e) < 0:
                    taken[s:e] = b"\x01" * (e - s)
                    out.append((s, e, m.group("name"), False, rule_id))
    return sorted(out)


def _line_of_names(line_text: str, covered: list[tuple[int, int]], line_start: int) -> bool:
    """True when the line holds nothing but body names and separators."""
    if not covered:
        return False
    pos = line_start
    # gap by gap: most lines have words before their first name, and stop there
    for s, e in sorted(covered):
        if line_text[pos - line_start : s - line_start].strip(_NAME_LINE_FILL):
            return False
        pos = max(pos, e)
    return not line_text[pos - line_start :].strip(_NAME_LINE_FILL)


@dataclass(frozen=True)
class _Layout:
    """Per-call facts about the lines (built once per document, not stored on shared objects)."""

    starts: list[int]
    in_table: list[bool]  # a table cell, or a cell's continuation
    lead_table: list[bool]  # inside a table whose header has a 牵头/责任 column
    header_end: int


def _layout(ctx: Context, header_end: int, words: VocabularyTables) -> _Layout:
    lines = ctx.doc.lines
    in_table = [False] * len(lines)
    lead_table = [False] * len(lines)  # only ever true where in_table is
    prev_text_is_cell = False
    table_lead = False
    header_seen: list[str] = []
    first_cell = len(ctx.doc.text)
    for ln in lines:
        if ln.is_table_cell:
            first_cell = min(first_cell, ln.start)
            if not prev_text_is_cell and not header_seen:
                header_seen = []
            if len(header_seen) < 8:
                header_seen.append(ln.stripped)
                table_lead = any((h + "：").endswith(words.lead_labels) for h in header_seen)
            in_table[ln.index] = True
            lead_table[ln.index] = table_lead
            prev_text_is_cell = True
        elif ln.stripped:
            # a text line right after a cell continues that cell; any other text ends the table
            if prev_text_is_cell:
                in_table[ln.index] = True
                lead_table[ln.index] = table_lead
            else:
                header_seen, table_lead = [], False
            prev_text_is_cell = False
    # the header ends at the addressee line, or at the first table cell if that comes first
    return _Layout([ln.start for ln in lines], in_table, lead_table, min(header_end, first_cell))


def _role(
    text: str,
    lines: tuple[Line, ...],
    s: int,
    e: int,
    ends: dict[int, int],
    idx: int,
    lay: _Layout,
    names_only: bool,
    words: VocabularyTables,
) -> DepartmentRole:
    """The role of the name at ``[s, e)``: the role words (牵头, 会同 …) and keys (牵头单位：)
    around it are rules/vocabulary.yaml's, tested with str.endswith (a regex call per name cost
    more)."""
    line = lines[idx]
    if s < lay.header_end:
        rest = _skip_names(text, e, ends)
        if names_only or text.startswith(("关于", "等", "联合"), rest):
            return "issuer"
    elif line.start == lay.header_end and line.text.rstrip().endswith("："):
        return "addressee"
    if names_only and not lay.in_table[idx]:
        # (by index from idx: islice would step over the idx lines before it on every call)
        nxt = next((lines[i] for i in range(idx + 1, len(lines)) if lines[i].stripped), None)
        return "printer" if nxt and _PRINT_LINE.match(nxt.stripped) else "signatory"
    if names_only and lay.lead_table[idx]:
        return "lead"
    before = text[max(line.start, s - 6) : s]
    p = _skip_names(text, e, ends)
    after = text[p : p + 2]
    if before.endswith(words.lead_labels) or after in words.lead_after:
        return "lead"
    if before.endswith(words.co_labels) or before.endswith(words.co_before) or after in words.co_after:
        return "co"
    return "mention"


def _skip_names(text: str, pos: int, ends: dict[int, int]) -> int:
    """Offset after the names and separators that follow ``pos`` (A 、B C关于 -> at 关于).

    ``ends`` maps the start of each name on the line to its end.
    """
    while pos < len(text):
        if text[pos] in _SEP:
            pos += 1
        elif pos in ends:
            pos = ends[pos]
        else:
            break
    return pos


def extract(ctx: Context, rules: RuleSet) -> list[Department]:
    """Every body named, in document order; never raises on junk text."""
    found = _find(ctx, rules)
    if not found:
        return []
    words = rules.compiled("vocabulary")
    lay = _layout(ctx, ctx.references_for(rules).header_end, words)
    line_of = [bisect.bisect_right(lay.starts, s) - 1 for s, *_ in found]
    by_line: dict[int, list[tuple[int, int]]] = {}
    for (s, e, *_), idx in zip(found, line_of, strict=True):
        by_line.setdefault(idx, []).append((s, e))
    text, lines = ctx.doc.text, ctx.doc.lines
    # one answer per line, not per name on it
    names_only = {
        idx: _line_of_names(lines[idx].text, covered, lines[idx].start) for idx, covered in by_line.items()
    }
    ends = {idx: dict(covered) for idx, covered in by_line.items()}
    return [
        Department(
            name=name,
            role=_role(text, lines, s, e, ends[idx], idx, lay, names_only[idx], words),
            known=known,
            rule_id=rule_id,
            **ctx.provenance(s, e),
        )
        for (s, e, name, known, rule_id), idx in zip(found, line_of, strict=True)
    ]
