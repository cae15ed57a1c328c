"""Targets in a table copied one cell per line, whose unit is declared once above it.

Web pages copied to text often lose a table's layout: each cell becomes a line of its own and
the unit stands on a line above (``单位：亩``, ``（单位：万元）``). The tab-cell tables of the
loaders are read by ``table_targets``; this reads the other kind, from the rule
``targets.declared_unit_tables`` (rules/targets.yaml): every bare-number cell below the
declaration, up to the table's end, is a quantity in the declared unit, named after the text
cell before it.
"""

from __future__ import annotations

import re
from typing import Any

import regex

from ..models import Comparator, Target
from ..rules import RuleSet
from .context import Context
from .target_tables import Tables

_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def _rule(rules: RuleSet) -> dict[str, Any] | None:
    return rules.get("targets").get("declared_unit_tables")


def _compiled(rules: RuleSet) -> tuple[regex.Pattern[str], regex.Pattern[str]] | None:
    rule = _rule(rules)
    if not rule:
        return None
    return rules.cached(
        "targets.declared_unit",
        lambda: (regex.compile(rule["pattern"]), regex.compile(rule["params"]["end"])),
    )


def _unit(written: str, t: Tables) -> tuple[str, float] | None:
    """The declared unit and its magnitude: 亩 → (亩, 1), 万元 → (元, 10000)."""
    if written in t.units:
        return t.unit_name(written), 1.0
    if written[:1] in t.magnitudes and written[1:] in t.units:
        return t.unit_name(written[1:]), float(t.magnitudes[written[:1]])
    return None


def extract(ctx: Context, rules: RuleSet, t: Tables, year: int | None) -> list[Target]:
    compiled = _compiled(rules)
    text = ctx.doc.text
    if compiled is None or "单位" not in text:
        return []
    declared, end = compiled
    rule = _rule(rules) or {}
    params = rule.get("params") or {}
    max_chars = int(params.get("max_cell_chars", 30))
    caption_standard = str(params.get("standard_caption") or "\uffff")
    # most documents hold 单位 only in 各有关单位： and the like: test those lines before indexing all
    if not any(declared.search(ln.stripped) for ln in ctx.doc.lines if "单位" in ln.text):
        return []
    lines = [ln for ln in ctx.doc.lines if ln.stripped]
    out: list[Target] = []
    i = 0
    while i < len(lines):
        m = declared.search(lines[i].stripped) if "单位" in lines[i].text else None
        unit = _unit(m["unit"], t) if m else None
        if unit is None:
            i += 1
            continue
        name, magnitude = unit
        caption = lines[i - 1].stripped if i > 0 else ""
        kind = "standard" if caption_standard in caption else "goal"
        label, serial, row_open = "", 0, False
        j = i + 1
        while j < len(lines):
            cell = lines[j].stripped
            if len(cell) > max_chars or end.match(cell) or declared.search(cell):
                break
            if not _NUMBER.fullmatch(cell):
                # rows numbered by a 序号: the cell after it names the row (later text cells are
                # data); rows without one: the last text cell before the number names it
                if not serial or row_open:
                    label, row_open = cell, False
                j += 1
                continue
            nxt = lines[j + 1].stripped if j + 1 < len(lines) else ""
            if cell.isdigit() and int(cell) == serial + 1 and nxt and not _NUMBER.fullmatch(nxt):
                serial, row_open = int(cell), True  # the row's 序号
                j += 1
                continue
            start = lines[j].start + lines[j].text.index(cell)
            prov = ctx.provenance(start, start + len(cell))
            out.append(
                Target(
                    text=prov["text"],
                    metric=label,
                    value=float(cell) * magnitude,
                    unit=name,
                    comparator=Comparator.EQ,
                    kind=kind,  # type: ignore[arg-type]
                    year=year,
                    number_text=prov["text"],
                    span=prov["span"],
                    clause_id=prov["clause_id"],
                    page=prov["page"],
                    rule_id=str(rule.get("id", "targets.table.declared_unit.v1")),
                )
            )
            j += 1
        i = j
    return out
