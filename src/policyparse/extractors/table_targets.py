"""Quantities in tables: one target per cell of an indicator, allocation or plan table.

A table is a run of cell lines (a line starting with a tab, the loaders' convention) whose rows
are separated by blank lines; its first row is the header. A column is a value column when its
header names a unit in brackets (目标值（万千瓦）, 2025年（%）, 培训任务（万人次）), or when the
table has a unit column (单位 / 计量单位) and the header is a generic value word or a year
(目标值, 2025年). The row label (the 指标 / 地区 / 项目 column, ``tables.label_headers`` in
rules/targets.yaml) names the metric; a column that counts something of its own (培训任务) adds
its name to the label (黄浦区 + 培训任务). Each target keeps the table index, the row label and
the column header as written, and the cell's span.

A cell that writes its own unit (65万人次) is read by the text extractor; it gets the table
provenance here (:func:`annotate`), not a second target.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from typing import NamedTuple

import regex

from ..models import Comparator, Target
from ..rules import RuleSet
from .context import Context
from .target_tables import Tables

_YEAR = regex.compile(r"((?:19|20)\d{2})\s*年")
_SPACES = regex.compile(r"[\s\u3000]+")


class Cell(NamedTuple):
    """A cell's text and its normalised offsets (tab and spaces stripped); a tuple: tables have
    hundreds of cells and a frozen dataclass costs more to build."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Table:
    index: int
    rows: list[list[Cell]]
    start: int
    end: int
    caption: str  # the line just before the table (表1 2025年主要指标)


@dataclass(frozen=True)
class _TableRules:
    label_headers: frozenset[str]
    unit_headers: frozenset[str]
    value_header: regex.Pattern[str]
    base_header: regex.Pattern[str]
    header_unit: regex.Pattern[str]
    generic_values: regex.Pattern[str]
    cell: regex.Pattern[str]
    cell_bounds: dict[str, str]


def _rules(rules: RuleSet) -> _TableRules | None:
    def build() -> _TableRules | None:
        tr = rules.get("targets").get("tables")
        if not tr:
            return None
        return _TableRules(
            label_headers=frozenset(_SPACES.sub("", h) for h in tr["label_headers"]),
            unit_headers=frozenset(tr.get("unit_headers") or ()),
            value_header=regex.compile(tr["value_header"]),
            base_header=regex.compile(tr.get("base_header") or "(?!)"),
            header_unit=regex.compile(tr["header_unit"]["pattern"]),
            generic_values=regex.compile(tr["generic_values"]),
            cell=regex.compile(tr["cell"]["pattern"]),
            cell_bounds=dict(tr["cell_bounds"]),
        )

    return rules.cached("targets.table_rules.v1", build)


def tables_of(ctx: Context) -> list[Table]:
    """The tables of the document (normalised offsets). Read afresh by each caller (``extract``
    and ``annotate``): a line scan, about 1 ms per document with tables, not worth a cache."""
    return _read_tables(ctx)


def _read_tables(ctx: Context) -> list[Table]:
    doc = ctx.doc
    if "\t" not in doc.text:
        return []
    out: list[Table] = []
    lines = doc.lines
    i = 0
    while i < len(lines):
        if not lines[i].is_table_cell:
            i += 1
            continue
        caption = next((ln.stripped for ln in reversed(lines[max(0, i - 3) : i]) if ln.stripped), "")
        rows: list[list[Cell]] = []
        row: list[Cell] = []
        start = lines[i].start
        end = start
        while i < len(lines):
            ln = lines[i]
            if ln.is_table_cell:
                lead = len(ln.text) - len(ln.text.lstrip("\t \u3000"))
                row.append(Cell(ln.stripped, ln.start + lead, ln.start + lead + len(ln.stripped)))
                end = ln.end
            elif not ln.stripped:
                if row:
                    rows.append(row)
                    row = []
                # a blank line ends the table when no cell follows it
                j = i + 1
                while j < len(lines) and not (lines[j].stripped or lines[j].is_table_cell):
                    j += 1
                if j == len(lines) or not lines[j].is_table_cell:
                    break
            elif row and rows and len(row) < len(rows[0]):
                last = row[-1]  # a cell's wrapped line (a PDF or a long cell)
                row[-1] = Cell(last.text + ln.stripped, last.start, ln.end)
                end = ln.end
            else:
                break
            i += 1
        if row:
            rows.append(row)
        if len(rows) >= 2:
            out.append(Table(len(out), rows, start, end, caption))
    return out


def _unit_of(written: str, t: Tables) -> tuple[str, float] | None:
    """(reported unit, factor) of a unit as a header writes it: 万千瓦 → (千瓦, 10000); else None."""
    written = _SPACES.sub("", written).replace("％", "%")
    factor = 1.0
    while written and written not in t.units and written[0] in t.magnitudes:
        factor *= t.magnitudes[written[0]]
        written = written[1:]
    if written in t.units:
        return t.units[written], factor
    head = regex.split("[/／]", written)[0]
    if head != written and head in t.units:
        return t.unit_name(written), factor
    return None


_NUMERIC = regex.compile(r"[\d.,\s%％—–-]*")


def _label_column(
    header: list[str], tr: _TableRules, skip: set[int], rows: list[list[Cell]] | None = None
) -> int | None:
    """The column naming each row: a label header (指标, 地区 …); else, given ``rows``, the first
    column outside ``skip`` whose cells are text, not numbers (序号 never)."""
    for k, h in enumerate(header):
        if k not in skip and _SPACES.sub("", h) in tr.label_headers:
            return k
    if rows is None:
        return None
    for k, h in enumerate(header):
        if k in skip or _SPACES.sub("", h) == "序号":
            continue
        cells = [r[k].text for r in rows[1:] if k < len(r) and r[k].text]
        if cells and not any(_NUMERIC.fullmatch(c) for c in cells):
            return k
    return None


def _row_label(row: list[Cell], k: int | None) -> str:
    if k is None or k >= len(row):
        return ""
    return _SPACES.sub("", row[k].text)


def _year(header: str, table: Table, fallback: int | None) -> int | None:
    m = _YEAR.search(header) or _YEAR.search(table.caption)
    return int(m.group(1)) if m else fallback


def _value(written: str) -> float:
    return float(written)


def _cell_kind(header: str, metric: str, unit: str, t: Tables) -> str:
    """The kind of a cell by the ``kinds`` rules, the column header standing for the clause
    (补助标准（元/人）, 最高补助（万元）); rules needing a sentence context do not apply."""
    numerator = unit.split("/")[0]
    texts = {"clause": header, "after": "", "unit": unit, "metric": metric}
    for cue in t.kinds:
        units = cue.params.get("units")
        # a rule bound to a sentence context, a 文种 or a comparator needs what a cell lacks
        if any(cue.params.get(k) for k in ("context", "doc_types", "comparators")) or (
            units and numerator not in units
        ):
            continue
        if cue.pattern.search(texts[cue.params.get("where", "clause")]):
            return str(cue.params["kind"])
    return "goal"


def _cell_target(
    ctx: Context,
    table: Table,
    cell: Cell,
    label: str,
    header: str,
    name: str,
    unit: tuple[str, float],
    year: int | None,
    tr: _TableRules,
    t: Tables,
) -> Target | None:
    m = tr.cell.match(_SPACES.sub("", cell.text))
    if m is None:
        return None
    reported, factor = unit
    low = _value(m["n1"]) * factor
    high = _value(m["n2"]) * factor if m["n2"] else None
    if high is not None and high <= low:
        return None
    if high is not None:
        comparator = Comparator.RANGE
    else:
        bound = m["before"] or m["after"]
        comparator = Comparator(tr.cell_bounds[bound]) if bound else Comparator.EQ
    # a column of its own (培训任务) adds its name; a generic one (目标值, 2025年) does not
    generic = not name or tr.generic_values.match(_SPACES.sub("", name)) is not None
    metric = label if generic or name in label else label + name
    prov = ctx.provenance(cell.start, cell.end)
    return Target(
        text=prov["text"],
        metric=metric,
        value=low,
        value_max=high,
        unit=reported,
        comparator=comparator,
        kind=_cell_kind(_SPACES.sub("", header), metric, reported, t),  # type: ignore[arg-type]
        year=year,
        number_text=prov["text"],
        span=prov["span"],
        clause_id=prov["clause_id"],
        page=prov["page"],
        table=table.index,
        row=label,
        column=header,
        rule_id="targets.table_cell.v1",
    )


def _unit_column(rows: list[list[Cell]], header: list[str], tr: _TableRules, t: Tables) -> int | None:
    """The per-row unit column: a 单位 header whose cells are mostly units (not body names)."""
    for k, h in enumerate(header):
        if _SPACES.sub("", h) not in tr.unit_headers:
            continue
        cells = [r[k].text for r in rows[1:] if k < len(r) and r[k].text]
        if cells and sum(_unit_of(c, t) is not None for c in cells) * 2 >= len(cells):
            return k
    return None


def _is_base(header: str, tr: _TableRules, doc_year: int | None) -> bool:
    """A column of base or actual values (2020年基期值, 现状值), or of a year before the document's."""
    if tr.base_header.search(header):
        return True
    m = _YEAR.search(header)
    return m is not None and doc_year is not None and int(m.group(1)) < doc_year


def extract(
    ctx: Context, rules: RuleSet, t: Tables, default_year: int | None, doc_year: int | None = None
) -> list[Target]:
    """A target per numeric cell of every table with unit-bearing columns (base columns left out)."""
    tr = _rules(rules)
    if tr is None:
        return []
    out: list[Target] = []
    for table in tables_of(ctx):
        header = [c.text for c in table.rows[0]]
        unit_col = _unit_column(table.rows, header, tr, t)
        columns: dict[int, tuple[str, tuple[str, float] | None]] = {}  # value column -> (name, unit)
        for k, h in enumerate(header):
            if _is_base(_SPACES.sub("", h), tr, doc_year):
                continue
            hm = tr.header_unit.match(_SPACES.sub("", h))
            unit = _unit_of(hm["unit"], t) if hm else None
            if unit is not None:
                columns[k] = (hm["name"], unit)
            elif unit_col is not None and k != unit_col and tr.value_header.match(_SPACES.sub("", h)):
                columns[k] = (_SPACES.sub("", h), None)
        if not columns:
            continue
        skip = set(columns) | ({unit_col} if unit_col is not None else set())
        label_col = _label_column(header, tr, skip, table.rows)
        for row in table.rows[1:]:
            label = _row_label(row, label_col)
            if not label:
                continue
            row_unit = (
                _unit_of(row[unit_col].text, t) if unit_col is not None and unit_col < len(row) else None
            )
            for k, (name, unit) in columns.items():
                if k >= len(row):
                    continue
                unit = unit or row_unit
                if unit is None:
                    continue
                year = _year(header[k], table, default_year)
                target = _cell_target(ctx, table, row[k], label, header[k], name, unit, year, tr, t)
                if target is not None:
                    out.append(target)
    return out


def annotate(ctx: Context, rules: RuleSet, targets: list[Target]) -> list[Target]:
    """Text targets read inside a table cell, with the cell's table, row label and column header."""
    found = tables_of(ctx)
    if not found or not targets:
        return targets
    tr = _rules(rules)
    # (source start, source end, table, row label, column header) of every body cell, by start
    cells: list[tuple[int, int, int, str | None, str | None]] = []
    for table in found:
        header = [c.text for c in table.rows[0]]
        label_col = _label_column(header, tr, set()) if tr is not None else None
        for row in table.rows[1:]:
            for k, cell in enumerate(row):
                s, e = ctx.doc.span(cell.start, cell.end)
                label = _row_label(row, label_col) if label_col != k else ""
                cells.append((s, e, table.index, label or None, header[k] if k < len(header) else None))
    cells.sort()
    starts = [c[0] for c in cells]
    out = []
    for target in targets:
        i = bisect.bisect_right(starts, target.span[0]) - 1
        if i >= 0 and target.span[0] < cells[i][1]:
            _, _, index, row_label, column_header = cells[i]
            target = target.model_copy(update={"table": index, "row": row_label, "column": column_header})
        out.append(target)
    return out
