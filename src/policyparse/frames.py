"""pandas views of a parsed notice: the rows of :mod:`policyparse.tables`, one DataFrame per kind.

A frame holds the same rows and columns as the table of that name (``tables.document_rows``),
so the batch outputs, DuckDB and these frames agree on every value. Three names differ, as
documented for the frames: a record's span is ``start``/``end`` (the tables' ``span_start``/
``span_end``), a clause's own id is ``id`` (``clause_id`` in the table), and the per-document
frames leave out ``document_id`` (:func:`frames` adds a ``document`` column instead). The
clause frame adds ``depth`` and ``n_children`` to keep the tree's shape. Every frame has a
fixed set of columns, so an empty document still gives a frame with the right columns
(``concat`` over many documents then lines up); lists stay lists.

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
from typing import TYPE_CHECKING, Any

import pandas as pd

from .tables import TABLES, document_rows

if TYPE_CHECKING:  # pragma: no cover
    from .models import Clause, PolicyDocument

DOCUMENT_COLUMN = "document"
"""Column added by :func:`frames` naming the document a row comes from."""

VIEW_NAMES: dict[str, dict[str, str]] = {
    table: {"span_start": "start", "span_end": "end", **({"clause_id": "id"} if table == "clauses" else {})}
    for table in TABLES
}
"""Table column -> frame column, per table: the frame names the README and notebooks use."""

_CLAUSE_SHAPE = ["depth", "n_children"]


def _columns(table: str) -> list[str]:
    names = VIEW_NAMES[table]
    return [names.get(column, column) for column, _ in TABLES[table] if column != "document_id"]


def _frame(table: str, rows: list[dict[str, Any]]) -> pd.DataFrame:
    names = VIEW_NAMES[table]
    renamed = [{names.get(k, k): v for k, v in row.items() if k != "document_id"} for row in rows]
    return pd.DataFrame(renamed, columns=_columns(table))


def _depths(clauses: list[Clause], depth: int = 0) -> Iterable[tuple[int, int]]:
    """(depth, number of children) of each clause, depth-first as the clauses table lists them."""
    for clause in clauses:
        yield depth, len(clause.children)
        yield from _depths(clause.children, depth + 1)


def _clauses_frame(doc: PolicyDocument, rows: list[dict[str, Any]]) -> pd.DataFrame:
    frame = _frame("clauses", rows)
    shape = list(_depths(doc.clauses))
    frame["depth"] = [d for d, _ in shape]
    frame["n_children"] = [n for _, n in shape]
    return frame


def _rows(doc: PolicyDocument) -> dict[str, list[dict[str, Any]]]:
    return document_rows(doc.model_dump(mode="json"))


TARGET_COLUMNS = _columns("targets")
DATE_COLUMNS = _columns("dates")
DOC_NUMBER_COLUMNS = _columns("doc_numbers")
DEPARTMENT_COLUMNS = _columns("departments")
TASK_COLUMNS = _columns("tasks")
CLAUSE_COLUMNS = [*_columns("clauses"), *_CLAUSE_SHAPE]


def targets_frame(doc: PolicyDocument) -> pd.DataFrame:
    """Targets: metric, value, unit, comparator, year, deadline … plus start/end, clause_id, page."""
    return _frame("targets", _rows(doc)["targets"])


def dates_frame(doc: PolicyDocument) -> pd.DataFrame:
    """Date mentions: text, ISO value, kind, modifier, provenance."""
    return _frame("dates", _rows(doc)["dates"])


def doc_numbers_frame(doc: PolicyDocument) -> pd.DataFrame:
    """发文字号 written in the text (the document's own and cited ones)."""
    return _frame("doc_numbers", _rows(doc)["doc_numbers"])


def departments_frame(doc: PolicyDocument) -> pd.DataFrame:
    """Departments named in the text with their canonical name and role."""
    return _frame("departments", _rows(doc)["departments"])


def tasks_frame(doc: PolicyDocument) -> pd.DataFrame:
    """Tasks: content, lead/co bodies (lists), deadline, linked target indices, provenance."""
    return _frame("tasks", _rows(doc)["tasks"])


def clauses_frame(doc: PolicyDocument) -> pd.DataFrame:
    """The clause tree flattened depth-first; ``parent_id`` and ``depth`` keep the shape."""
    return _clauses_frame(doc, _rows(doc)["clauses"])


FRAME_BUILDERS = {
    "targets": (targets_frame, TARGET_COLUMNS),
    "clauses": (clauses_frame, CLAUSE_COLUMNS),
    "tasks": (tasks_frame, TASK_COLUMNS),
    "dates": (dates_frame, DATE_COLUMNS),
    "doc_numbers": (doc_numbers_frame, DOC_NUMBER_COLUMNS),
    "departments": (departments_frame, DEPARTMENT_COLUMNS),
}
"""Frame name -> (builder, its columns); :func:`frames` returns one frame per name."""


def _frames_of(doc: PolicyDocument) -> dict[str, pd.DataFrame]:
    """Every frame of one document, its rows built once."""
    rows = _rows(doc)
    return {
        kind: _clauses_frame(doc, rows[kind]) if kind == "clauses" else _frame(kind, rows[kind])
        for kind in FRAME_BUILDERS
    }


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
        for kind, frame in _frames_of(doc).items():
            if not frame.empty:
                frame.insert(0, DOCUMENT_COLUMN, name)
                parts[kind].append(frame)
    return {
        kind: pd.concat(parts[kind], ignore_index=True)
        if parts[kind]
        else pd.DataFrame(columns=[DOCUMENT_COLUMN, *columns])
        for kind, (_, columns) in FRAME_BUILDERS.items()
    }
