"""pandas views of a parsed notice: one DataFrame row per record, provenance kept as columns.

Every frame has a fixed set of columns, so an empty document still gives a frame with the
right columns (``concat`` over many documents then lines up). A record's ``span`` becomes the
two integer columns ``start`` and ``end`` (offsets into ``source.text``); lists stay lists.

>>> from policyparse.models import PolicyDocument, Source, Target
>>> doc = PolicyDocument(source=Source(text="全年完成培训65万人次。"),
...                      targets=[Target(text="完成培训65万人次", metric="培训", value=650000,
...                                      unit="人次", span=(2, 12))])
>>> targets_frame(doc)[["metric", "value", "unit", "start", "end"]].to_dict("records")
[{'metric': '培训', 'value': 650000.0, 'unit': '人次', 'start': 2, 'end': 12}]

pandas is imported here only, so ``import policyparse`` stays light.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from enum import Enum
from typing import TYPE_CHECKING, Any

import pandas as pd

from .models import Clause, DateMention, Department, DocNumber, Target, Task

if TYPE_CHECKING:  # pragma: no cover
    from pydantic import BaseModel

    from .models import PolicyDocument

DOCUMENT_COLUMN = "document"
"""Column added by :func:`frames` naming the document a row comes from."""


def _columns(model: type[BaseModel], drop: tuple[str, ...] = ()) -> list[str]:
    """The model's fields in declaration order, ``span`` replaced by ``start``/``end``."""
    cols: list[str] = []
    for name in model.model_fields:
        if name in drop:
            continue
        cols.extend(("start", "end") if name == "span" else (name,))
    return cols


def _row(record: BaseModel, columns: list[str]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    for col in columns:
        if col in ("start", "end"):
            span = record.span  # type: ignore[attr-defined]
            row[col] = span[0] if col == "start" else span[1]
            continue
        value = getattr(record, col)
        # enums as their plain value: "≥" filters read better as df.comparator == ">="
        row[col] = value.value if isinstance(value, Enum) else value
    return row


def _frame(records: Iterable[BaseModel], columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame([_row(r, columns) for r in records], columns=columns)


TARGET_COLUMNS = _columns(Target)
DATE_COLUMNS = _columns(DateMention)
DOC_NUMBER_COLUMNS = _columns(DocNumber)
DEPARTMENT_COLUMNS = _columns(Department)
TASK_COLUMNS = _columns(Task)
CLAUSE_COLUMNS = [*_columns(Clause, drop=("children", "heading_span")), "parent_id", "depth", "n_children"]


def targets_frame(doc: PolicyDocument) -> pd.DataFrame:
    """Targets: metric, value, unit, comparator, year, deadline … plus start/end, clause_id, page."""
    return _frame(doc.targets, TARGET_COLUMNS)


def dates_frame(doc: PolicyDocument) -> pd.DataFrame:
    """Date mentions: text, ISO value, kind, modifier, provenance."""
    return _frame(doc.dates, DATE_COLUMNS)


def doc_numbers_frame(doc: PolicyDocument) -> pd.DataFrame:
    """发文字号 written in the text (the document's own and cited ones)."""
    return _frame(doc.doc_numbers, DOC_NUMBER_COLUMNS)


def departments_frame(doc: PolicyDocument) -> pd.DataFrame:
    """Departments named in the text with their canonical name and role."""
    return _frame(doc.departments, DEPARTMENT_COLUMNS)


def tasks_frame(doc: PolicyDocument) -> pd.DataFrame:
    """Tasks: content, lead/co bodies (lists), deadline, linked target indices, provenance."""
    return _frame(doc.tasks, TASK_COLUMNS)


def clauses_frame(doc: PolicyDocument) -> pd.DataFrame:
    """The clause tree flattened depth-first; ``parent_id`` and ``depth`` keep the shape."""
    rows: list[dict[str, Any]] = []

    def visit(clause: Clause, parent: str | None, depth: int) -> None:
        row = _row(clause, CLAUSE_COLUMNS[:-3])
        row.update(parent_id=parent, depth=depth, n_children=len(clause.children))
        rows.append(row)
        for child in clause.children:
            visit(child, clause.id, depth + 1)

    for root in doc.clauses:
        visit(root, None, 0)
    return pd.DataFrame(rows, columns=CLAUSE_COLUMNS)


FRAME_BUILDERS = {
    "targets": (targets_frame, TARGET_COLUMNS),
    "clauses": (clauses_frame, CLAUSE_COLUMNS),
    "tasks": (tasks_frame, TASK_COLUMNS),
    "dates": (dates_frame, DATE_COLUMNS),
    "doc_numbers": (doc_numbers_frame, DOC_NUMBER_COLUMNS),
    "departments": (departments_frame, DEPARTMENT_COLUMNS),
}
"""Frame name -> (builder, its columns); :func:`frames` returns one frame per name."""


def _parse_folder(folder: str | os.PathLike[str], progress: bool | None) -> list[PolicyDocument]:
    import warnings

    from .api import parse_many
    from .errors import PolicyParseError

    docs = []
    for result in parse_many(folder, progress=progress):
        if isinstance(result, PolicyParseError):
            warnings.warn(f"left out: {result}", stacklevel=3)
        else:
            docs.append(result)
    return docs


def _document_name(doc: PolicyDocument, index: int) -> str:
    if doc.source.path:
        return doc.source.path
    return doc.source.sha256[:16] or f"doc{index}"


def frames(
    docs: Iterable[PolicyDocument] | str | os.PathLike[str], *, progress: bool | None = None
) -> dict[str, pd.DataFrame]:
    """One frame per record kind over many documents, with a leading ``document`` column.

    ``docs`` is parsed documents or a folder (parsed with :func:`policyparse.parse_many`; files
    that fail are left out, with a warning naming them). ``progress`` shows a tqdm bar while a
    folder is parsed (default: in notebooks, when tqdm is installed). The ``document`` column
    holds the source path (else the text's sha256 prefix, else ``doc<i>``), so rows from
    different notices stay apart.
    """
    if isinstance(docs, (str, os.PathLike)):
        docs = _parse_folder(docs, progress)
    parts: dict[str, list[pd.DataFrame]] = {name: [] for name in FRAME_BUILDERS}
    for i, doc in enumerate(docs):
        name = _document_name(doc, i)
        for kind, (build, _) in FRAME_BUILDERS.items():
            frame = build(doc)
            if not frame.empty:
                frame.insert(0, DOCUMENT_COLUMN, name)
                parts[kind].append(frame)
    return {
        kind: pd.concat(parts[kind], ignore_index=True)
        if parts[kind]
        else pd.DataFrame(columns=[DOCUMENT_COLUMN, *columns])
        for kind, (_, columns) in FRAME_BUILDERS.items()
    }
