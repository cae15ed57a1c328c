"""Tasks: who is responsible for what.

Two sources, both described by ``rules/structure.yaml`` ``tasks``:

* **task tables** (任务分工表): a header row holding 序号 and a department column
  (牵头部门/牵头单位/责任单位/配合部门 …), recognised by header words, not position. One
  task per row; an empty 项目, 牵头 or 完成时限 cell (a merged cell) takes the one above it. Cells follow the
  loaders' convention: one cell per line starting with a TAB, a blank line between rows, a
  cell's extra lines continue without a tab (so a department cell may span lines).
  Tables are read from the source text, where an empty cell is still a lone TAB.
* **inline markers** closing a clause: （责任单位：A、B）, （牵头部门：A；实施部门：B）,
  （A牵头，B配合）, （A、B负责）.

``lead``: the 牵头 column/part; with only 责任单位, the first body when the document says
列第一位者为牵头单位, else every body.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import regex

from ..dates_resolve import day_iso
from ..document import Document
from ..model_build import built
from ..models import Clause, Task
from ..rules import RuleSet, compile_plain
from .clauses import _to_norm
from .header import header_rules

# a closing （…）; body names may hold one level of brackets (各区（市）县政府, 县（市、区）)
_FINAL_PAREN = regex.compile(
    r"（(?P<body>(?:[^（）\n]|（[^（）\n]{1,12}）){2,200})）[。；;]?[ \t]*$", regex.M
)
# where a _FINAL_PAREN match can end: ） closing a line (a superset: any whitespace may follow,
# as a clause's own text can end before some)
_PAREN_END = regex.compile(r"）[。；;]?[ \t]*(?=\s|\Z)")
_OUTSIDE_BRACKETS = r"(?![^（(\n]*[）)])"  # not inside a （…） (lookahead finds no closing bracket first)
_SEQ = regex.compile(r"^\d{1,4}$")
_SPACES = regex.compile(r"\s+")
_LINE_BREAK = regex.compile(r"\s*\n\s*")  # inside a cell: the cell's text wrapped over lines
# a keyed marker's groups: ； between them, or ， before the next key (责任单位：A、B，配合单位：C)
_KEY_GROUPS = regex.compile(
    r"[；;]|[，,](?=\s*(?:牵头|配合|实施|参与|协同|责任)\p{Han}{0,2}?(?:单位|部门|处室|主体)\s*[：:])"
)
_SENTENCE_MARK = regex.compile(r"[。；，]")  # the clause states something before its closing （…）
_XIATONG = regex.compile(r"[，,；;]?\s*下同$")  # "the same below": the marker's rule carries on
_BY = regex.compile(r"^由")


@dataclass(frozen=True)
class TaskRules:
    exact: dict[str, str]  # header cell -> role
    contains: tuple[tuple[str, str], ...]  # (substring, role), checked in order
    seps: re.Pattern[str] | regex.Pattern[str]
    joins: re.Pattern[str] | regex.Pattern[str]  # where two body names meet without a separator
    first_lead: tuple[regex.Pattern[str], ...]
    key_role: dict[str, str]
    inline: tuple[tuple[str, regex.Pattern[str]], ...]  # (form, pattern)
    is_org_name: Callable[[str], bool]  # HeaderRules.is_org_name
    deadline: tuple[regex.Pattern[str], ...]
    period_month: dict[str, int]  # a period word of a deadline cell (第三季度) -> its last month
    first_lead_note: regex.Pattern[str]  # the 列第一位者为牵头单位(，下同) note inside a marker
    keyed_tail: regex.Pattern[str] | None  # ，B为实施单位 after a keyed group


def task_rules(rules: RuleSet) -> TaskRules:
    """Task-table header words and inline marker patterns, compiled once per RuleSet."""
    is_org_name = header_rules(rules).is_org_name

    def build() -> TaskRules:
        data = rules.structure.tasks  # the typed model (rule_schema.TaskRules)
        exact: dict[str, str] = {}
        contains: list[tuple[str, str]] = []
        for role, words in data.columns.items():
            for w in words.words:
                exact.setdefault(w, role)
            contains.extend((w, role) for w in words.contains)
        key_role = {k: role for role, keys in data.keys.items() for k in keys}
        first = [rules.expand(r.pattern) for r in data.first_is_lead]
        period_month = rules.compiled("vocabulary").period_end_month
        note = "|".join(first) or "(?!)"
        return TaskRules(
            exact=exact,
            contains=tuple(contains),
            seps=compile_plain("(?:" + data.unit_separators + ")" + _OUTSIDE_BRACKETS),
            joins=compile_plain(data.unit_joins),
            first_lead=tuple(regex.compile(p) for p in first),
            key_role=key_role,
            inline=tuple((r.params["form"], regex.compile(rules.expand(r.pattern))) for r in data.inline),
            is_org_name=is_org_name,
            first_lead_note=regex.compile(rf"[，,；;]?\s*(?:{note})\s*(?:[，,]?\s*下同)?"),
            keyed_tail=regex.compile("|".join(rules.expand(r.pattern) for r in data.keyed_tail))
            if data.keyed_tail
            else None,
            deadline=tuple(
                regex.compile(_with_periods(rules.expand(r.pattern), period_month)) for r in data.deadline
            ),
            period_month=period_month,
        )

    return rules.cached("structure.tasks", build)


def _with_periods(pattern: str, period_month: dict[str, int]) -> str:
    """``pattern`` with ``{{periods}}`` replaced by the period words, longest first (第一季度
    before 一季度)."""
    words = sorted(period_month, key=len, reverse=True)
    return pattern.replace("{{periods}}", "|".join(map(regex.escape, words)) or "(?!)")


def split_units(text: str, tr: TaskRules) -> list[str]:
    """Bodies of a department cell or list: split at 、 ， ； and line breaks."""
    if not text:  # an empty or missing cell (most rows miss a column or two)
        return []
    units = [u for u in (p.strip(" \t\u3000") for p in tr.seps.split(text)) if u]
    return [part for u in units for part in _split_joined(u, tr)]


def _split_joined(unit: str, tr: TaskRules) -> list[str]:
    """Body names run together (县农业农村局县财政局), split where each part is a body name."""
    if len(unit) < 6 or not tr.joins.search(unit):
        return [unit]
    parts = [p for p in tr.joins.split(unit) if p]
    return parts if len(parts) > 1 and all(tr.is_org_name(p) for p in parts) else [unit]


def cell_deadline(cell: str, tr: TaskRules, year: int | None) -> str | None:
    """ISO deadline of a deadline column cell (the last date in it), or None.

    A month without a day is its last day; a named period (第三季度, 上半年, 年底前) is the last
    day of its last month; a year-less date takes the year stated before it in the cell, else
    ``year`` (the document's).
    """
    best = None
    for pattern in tr.deadline:
        for m in pattern.finditer(_SPACES.sub("", cell)):
            if m["y"]:
                year = int(m["y"])  # a later year-less date in the cell continues this year
            y = year
            if m["period"]:
                month = tr.period_month[m["period"]]
            elif (m["yend"] and not m["y"]) or (not m["y"] and not (m["d"] or m["end"])):
                continue
            else:
                month = int(m["m"]) if m["m"] else 12
            if y is None:
                continue
            best = day_iso(y, month, int(m["d"]) if m["d"] else None) or best
    return best


def _column_role(cell: str, tr: TaskRules) -> str | None:
    word = _SPACES.sub("", cell)
    if word in tr.exact:
        return tr.exact[word]
    return next((role for sub, role in tr.contains if sub in word), None)


# the Task fields each kind of task sets (model_fields_set); the others keep their defaults
_TABLE_TASK_FIELDS = ("seq", "item", "content", "units", "lead", "co", "deadline", "span", "page")
_INLINE_TASK_FIELDS = ("clause", "clause_id", "content", "units", "lead", "co", "span", "page")


# -- task tables -------------------------------------------------------------------------------------
Cell = list[Any]  # [text, start, end] in source offsets


def _source_lines(text: str, start: int) -> tuple[list[str], list[str]]:
    """The source lines from ``start`` on, as (raw lines, lines with ``\\r`` dropped); a raw line's
    length steps the offsets (split once in C, not a find per line)."""
    chunk = text[start:]
    raw = chunk.split("\n")
    if not raw[-1]:
        raw.pop()  # nothing after the final newline
    return raw, ([r.rstrip("\r") for r in raw] if "\r" in chunk else raw)


def _after_run(lines: list[str], k: int) -> str:
    """Text of the first non-blank line after the run of tab-less lines that line ``k`` starts
    (a cell's extra lines), else "".

    Past blank lines, further short name-like lines (a cell of several paragraphs: 省能源局 /
    河南交通投资集团, each after a blank line) are skipped when the next row's 序号 cell follows
    them: that row number is returned, so the lines are read as the cell's.
    """
    # (by index: islice would step over the k lines before, per call, over a long table)
    rest = (lines[i] for i in range(k + 1, len(lines)))
    for text in rest:
        if text.startswith("\t") or not text.strip(" \u3000"):
            break
    else:
        return ""
    if text.startswith("\t"):
        return text
    first = ""
    skipped = 0
    for text in rest:
        if text.startswith("\t"):  # a cell: the next row's 序号, or the text after the run
            return text if text.strip(" \t\u3000").isdigit() else first or text
        stripped = text.strip(" \u3000")
        if not stripped:
            continue
        first = first or text
        skipped += 1
        if (
            skipped > _MAX_CELL_PARAGRAPHS
            or len(stripped) > _CELL_PARAGRAPH_CHARS
            or stripped[-1] in "。：:；;"
        ):
            return first
    return first


_MAX_CELL_PARAGRAPHS = 4  # further paragraphs of one cell, each after a blank line
_CELL_PARAGRAPH_CHARS = 30  # a body name or a short note, not a sentence of the text after the table


def _read_rows(original: str, start: int) -> list[list[Cell]]:
    """Rows of the table whose first cell line starts at ``start`` (source offset)."""
    raw, lines = _source_lines(original, start)
    rows: list[list[Cell]] = []
    row: list[Cell] = []
    blank = False
    e = start - 1
    for k, text in enumerate(lines):
        s = e + 1
        e = s + len(raw[k])
        if text[:1] == "\t":
            if blank and row:
                rows.append(row)
                row = []
            blank = False
            lead = len(text) - len(text.lstrip("\t "))
            row.append([text.strip(" \t\u3000"), s + lead, e])
        elif not text.strip(" \u3000"):
            blank = True
        else:
            # a cell's extra lines (any column) run to the next cell or the blank row separator;
            # a row with fewer cells than the header row goes on whatever follows (a cell of
            # several paragraphs, each on its own line after a blank one: 区市场监管局\n\n区税务局)
            nxt = _after_run(lines, k)
            incomplete = bool(rows) and 0 < len(row) < len(rows[0])
            if row and (incomplete or nxt.startswith("\t") or row[-1][0].endswith(("、", "，", ","))):
                row[-1][0] += "\n" + text.strip(" \u3000")
                row[-1][2] = e
                blank = False  # the blank line before a continuation is inside the cell
            else:
                break
    if row:
        rows.append(row)
    return rows


def _unwrap(cell: str) -> str:
    """A cell's text without the line breaks it wrapped at."""
    return _LINE_BREAK.sub("", cell) if "\n" in cell else cell  # most cells are one line


_FILLED_DOWN = ("lead", "deadline")  # the columns whose merged cells are filled down


def _table_tasks(doc: Document, tr: TaskRules, first_lead: bool, year: int | None) -> list[Task]:
    """A task per task-table row."""
    tasks: list[Task] = []
    if "\t" not in doc.text:  # no table cell anywhere (most notices): no need to visit the lines
        return tasks
    consumed = -1
    for ln in doc.lines:
        if not ln.is_table_cell or ln.start <= consumed or tr.exact.get(ln.stripped) != "seq":
            continue
        start = doc.span(ln.start, ln.start + 1)[0]
        start = doc.original.rfind("\n", 0, start) + 1
        rows = _read_rows(doc.original, start)
        if not rows:
            continue
        roles = [_column_role(c[0], tr) for c in rows[0]]
        if not {"lead", "units", "co"} & set(roles):
            continue
        consumed = _to_norm(doc, rows[-1][-1][2])
        item = None
        above: dict[str, str] = {}  # the last 牵头 / 完成时限 cell written
        for row in rows[1:]:
            cells: dict[str, str] = {}
            for role, cell in zip(roles, row, strict=False):
                if role and role not in cells:
                    cells[role] = cell[0]
            seq_text = cells.get("seq", "").strip()
            if cells.get("item"):
                item = _unwrap(cells["item"])
            # a vertically merged 牵头 or 完成时限 cell arrives empty in the rows below its
            # first: fill it down like the 项目 (a wholly empty row stays empty)
            for role in _FILLED_DOWN:
                if cells.get(role):
                    above[role] = cells[role]
                elif role in cells and any(cells.values()):
                    cells[role] = above.get(role, "")
            lead = split_units(cells.get("lead", ""), tr)
            co = split_units(cells.get("co", ""), tr)
            named = split_units(cells.get("units", ""), tr)
            units = lead + [u for u in named + co if u not in lead]  # in the order the marker names them
            if not units:
                continue
            if not lead:
                lead = named[:1] if first_lead and named else list(named or co)
            span = (row[0][1], row[-1][2])
            tasks.append(
                built(
                    Task,
                    {
                        "seq": int(seq_text) if _SEQ.match(seq_text) else None,
                        "clause": None,
                        "clause_id": None,
                        "item": item,
                        "content": _unwrap(cells.get("content", "")),
                        "units": units,
                        "lead": lead,
                        "co": co,
                        "deadline": cell_deadline(cells["deadline"], tr, year)
                        if "deadline" in cells
                        else None,
                        "target_ids": [],
                        "span": span,
                        "page": doc.page_at(span[0]),
                    },
                    _TABLE_TASK_FIELDS,
                )
            )
    return tasks


# -- inline markers ----------------------------------------------------------------------------------
def _is_body(name: str, tr: TaskRules) -> bool:
    return tr.is_org_name(name)


def _marker(
    body: str, tr: TaskRules, first_lead: bool, after_sentence: bool = True
) -> tuple[list[str], list[str], list[str]] | None:
    """(units, lead, co) named by the content of a closing （…）, or None. A bare list of bodies
    is a marker only ``after_sentence`` (a task stated before it): in a list of names, 中共X委办公厅
    （市委办公厅） gives a short form, not who is responsible."""
    if first_lead:  # the marker that states the rule: （A、B负责，列第一位者为牵头单位，下同）
        body = tr.first_lead_note.sub("", body)
    body = _XIATONG.sub("", body.strip())
    if tr.keyed_tail is not None and "为" in body:  # （牵头…：A，B为实施单位） -> （牵头…：A；实施单位：B）
        body = tr.keyed_tail.sub(lambda m: f"；{m['key']}：{m['units']}", body)
    for form, pattern in tr.inline:
        m = pattern.match(body)
        if not m:
            continue
        lead: list[str] = []
        co: list[str] = []
        named: list[str] = []
        if form == "keyed":
            for part in _KEY_GROUPS.split(body):
                key, sep, value = part.partition("：")
                if not sep:
                    key, sep, value = part.partition(":")
                role = tr.key_role.get(key.strip())
                if role is None:
                    return None
                {"lead": lead, "co": co, "units": named}[role].extend(split_units(value, tr))
        elif form == "lead_co":
            lead, co = split_units(m["lead"], tr), split_units(m["co"], tr)
        elif form == "lead":
            lead = split_units(m["lead"], tr)
        elif form == "bare":
            if not after_sentence:
                return None
            named = split_units(m["units"], tr)
        else:
            named = split_units(_BY.sub("", m["units"]), tr)
        units = lead + [u for u in named + co if u not in lead]  # in the order the marker names them
        if not units or not all(_is_body(u, tr) for u in units):
            return None
        if not lead:
            lead = named[:1] if first_lead and named else list(named or co)
        return units, lead, co
    return None


def _inline_tasks(doc: Document, clauses: list[Clause], tr: TaskRules, first_lead: bool) -> list[Task]:
    """A task per clause closed by a responsibility marker."""
    tasks: list[Task] = []
    text = doc.text
    # one scan for the places a marker can end (source offsets, as clause spans are): most
    # notices have none, most clauses none
    ends = [doc.norm.to_original(m.start()) for m in _PAREN_END.finditer(text)]
    if not ends:
        return tasks
    for root in clauses:
        for clause in root.walk():
            own_end = clause.children[0].span[0] if clause.children else clause.span[1]
            k = bisect.bisect_left(ends, clause.span[0])
            if k == len(ends) or ends[k] >= own_end:
                continue
            start, own_end = _to_norm(doc, clause.span[0]), _to_norm(doc, own_end)
            for m in _FINAL_PAREN.finditer(text, start, own_end):
                found = _marker(
                    m["body"], tr, first_lead, _SENTENCE_MARK.search(text, start, m.start()) is not None
                )
                if found is None:
                    continue
                units, lead, co = found
                tasks.append(
                    built(
                        Task,
                        {
                            "seq": None,
                            "clause": clause.label,
                            "clause_id": clause.id,
                            "item": None,
                            "content": clause.text,
                            "units": units,
                            "lead": lead,
                            "co": co,
                            "deadline": None,
                            "target_ids": [],
                            "span": clause.span,
                            "page": clause.page,
                        },
                        _INLINE_TASK_FIELDS,
                    )
                )
    return tasks


def extract_tasks(
    doc: Document, clauses: list[Clause], rules: RuleSet, year: int | None = None
) -> list[Task]:
    """Task-table rows and inline responsibility markers, in document order.

    ``year`` (the document's year) dates a year-less deadline cell (11月底前); without it such
    a row's deadline is left to the dates linked later.
    """
    tr = task_rules(rules)
    first_lead = any(p.search(doc.text) for p in tr.first_lead)
    tasks = _table_tasks(doc, tr, first_lead, year) + _inline_tasks(doc, clauses, tr, first_lead)
    tasks.sort(key=lambda t: t.span[0])
    return tasks
