"""Flat tables of parsed documents, one per record kind, for parquet, DuckDB and pandas.

Rows are built from the public JSON form of a document (``doc.model_dump(mode="json")``), so
the same code serves the batch runner, Dask and users holding a ``documents.jsonl``. Every
table has a ``document_id`` column (the source file's sha256) to join on, and record tables
carry their provenance as ``span_start``/``span_end``/``clause_id``/``page``. Column types
are fixed here (not inferred), so parts written separately always share one schema. Full
dates (``documents.date``, ``publish_date``, ``print_date``, ``dates.date``) are DATE columns;
``dates.value`` keeps every ISO form (``2025``, ``2025-03``, intervals) as text.

>>> rows = document_rows({"source": {"sha256": "ab", "text": "x", "format": "txt"},
...                       "targets": [{"text": "65万人次", "metric": "培训", "value": 650000.0,
...                                    "unit": "人次", "span": [3, 8], "year": 2026}]})
>>> rows["targets"][0]["metric"], rows["targets"][0]["span_start"], rows["targets"][0]["document_id"]
('培训', 3, 'ab')
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd
    import pyarrow as pa

_PROVENANCE = [("span_start", "int64"), ("span_end", "int64"), ("clause_id", "string"), ("page", "int64")]

TABLES: dict[str, list[tuple[str, str]]] = {
    "documents": [
        ("document_id", "string"), ("path", "string"), ("format", "string"), ("title", "string"),
        ("doc_type", "string"), ("doc_number", "string"), ("agency_code", "string"),
        ("doc_year", "int64"), ("doc_serial", "int64"), ("issuers", "list<string>"),
        ("addressees", "list<string>"), ("date", "date"), ("publish_date", "date"),
        ("print_date", "date"), ("issued_title", "string"), ("attachments", "list<string>"),
        ("warnings", "list<string>"), ("content_key", "string"), ("n_chars", "int64"), ("text", "string"),
    ],
    "clauses": [
        ("document_id", "string"), ("idx", "int64"), ("parent_id", "string"), ("label", "string"),
        ("level", "int64"), ("kind", "string"), ("number", "int64"), ("heading", "string"),
        ("text", "string"), ("heading_start", "int64"), ("heading_end", "int64"), *_PROVENANCE,
    ],
    "targets": [
        ("document_id", "string"), ("idx", "int64"), ("text", "string"), ("metric", "string"),
        ("value", "float64"), ("value_max", "float64"), ("unit", "string"), ("comparator", "string"),
        ("kind", "string"), ("direction", "string"), ("baseline", "int64"),
        ("year", "int64"), ("deadline", "string"), ("cumulative", "bool"), ("optional", "bool"),
        ("number_text", "string"), ("table_index", "int64"), ("table_row", "string"),
        ("table_column", "string"), *_PROVENANCE, ("rule_id", "string"),
    ],
    "dates": [
        ("document_id", "string"), ("idx", "int64"), ("text", "string"), ("value", "string"),
        ("date", "date"), ("kind", "string"), ("modifier", "string"), *_PROVENANCE, ("rule_id", "string"),
    ],
    "doc_numbers": [
        ("document_id", "string"), ("idx", "int64"), ("raw", "string"), ("text", "string"),
        ("agency_code", "string"), ("year", "int64"), ("serial", "int64"), ("role", "string"),
        ("issuer", "string"), ("cited_title", "string"), *_PROVENANCE, ("rule_id", "string"),
    ],
    "departments": [
        ("document_id", "string"), ("idx", "int64"), ("text", "string"), ("name", "string"),
        ("role", "string"), ("known", "bool"), *_PROVENANCE, ("rule_id", "string"),
    ],
    "tasks": [
        ("document_id", "string"), ("idx", "int64"), ("seq", "int64"), ("clause", "string"),
        ("item", "string"), ("content", "string"), ("units", "list<string>"), ("lead", "list<string>"),
        ("co", "list<string>"), ("deadline", "string"), ("target_ids", "list<int64>"), *_PROVENANCE,
    ],
    "citations": [
        ("document_id", "string"), ("idx", "int64"), ("title", "string"), ("doc_number", "string"),
        ("alias", "string"), ("n_mentions", "int64"), ("span_start", "int64"), ("span_end", "int64"),
        ("mention_starts", "list<int64>"), ("mention_ends", "list<int64>"),
    ],
}  # fmt: skip
"""Table name -> ordered (column, type) pairs. ``idx`` is the record's index in its list."""

VIEWS: dict[str, str] = {
    "task_targets": """SELECT document_id, idx AS task_idx, unnest(target_ids) AS target_idx FROM tasks""",
    "task_leads": """SELECT t.document_id, t.idx AS task_idx, l.lead,
        coalesce((SELECT min(d.name) FROM departments d
                  WHERE d.document_id = t.document_id AND d.text = l.lead), l.lead) AS lead_name
        FROM tasks t, (SELECT unnest(t.lead) AS lead) l""",
    "target_leads": """SELECT d.document_id, d.title, d.doc_number, d.date AS doc_date, d.content_key,
        g.idx AS target_idx, g.metric, g.value, g.value_max, g.unit, g.comparator, g.year, g.deadline,
        tt.task_idx, tl.lead, tl.lead_name
        FROM targets g JOIN documents d USING (document_id)
        LEFT JOIN task_targets tt ON tt.document_id = g.document_id AND tt.target_idx = g.idx
        LEFT JOIN task_leads tl ON tl.document_id = tt.document_id AND tl.task_idx = tt.task_idx""",
    "notices": """SELECT content_key, min(title) AS title, min(doc_number) AS doc_number, min(date) AS date,
        list(format ORDER BY format) AS formats, list(path ORDER BY path) AS paths,
        list(document_id ORDER BY path) AS document_ids
        FROM documents GROUP BY content_key""",
}
"""DuckDB views over the tables: each task's targets and leads (as written and canonical, via the
departments table), every target with its document and lead departments (a target in no task
has one row with a NULL lead), and one row per notice across its TXT/PDF/DOCX files."""

_RECORD_LISTS = ("targets", "dates", "doc_numbers", "departments", "tasks")


def full_date(value: Any) -> str | None:
    """``value`` when it is a valid ISO ``YYYY-MM-DD`` date, else None (years, months, intervals)."""
    import datetime

    if not isinstance(value, str) or len(value) != 10:
        return None
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return None
    return value


def document_id(doc: dict[str, Any]) -> str:
    """The join key of a document: its source sha256."""
    return str((doc.get("source") or {}).get("sha256") or "")


def _walk_clauses(
    clauses: list[dict[str, Any]], parent: str | None
) -> Iterable[tuple[dict[str, Any], str | None]]:
    for clause in clauses:
        yield clause, parent
        yield from _walk_clauses(clause.get("children") or [], clause.get("id"))


def _span(record: dict[str, Any], key: str = "span") -> tuple[int | None, int | None]:
    span = record.get(key)
    return (span[0], span[1]) if span else (None, None)


# record fields renamed as columns: table/row/column are SQL keywords (a DuckDB query would
# have to quote them)
_RENAMED = {"targets": {"table_index": "table", "table_row": "row", "table_column": "column"}}


def _record_row(table: str, doc_id: str, idx: int, record: dict[str, Any]) -> dict[str, Any]:
    start, end = _span(record)
    row: dict[str, Any] = {"document_id": doc_id, "idx": idx, "span_start": start, "span_end": end}
    for column, field in _RENAMED.get(table, {}).items():
        row[column] = record.get(field)
    for column, _ in TABLES[table]:
        if column not in row:
            row[column] = record.get(column)
    return row


def document_rows(doc: dict[str, Any]) -> dict[str, list[dict[str, Any]]]:
    """One document's JSON dict -> ``{table: [row, ...]}`` for every table of ``TABLES``."""
    doc_id = document_id(doc)
    source = doc.get("source") or {}
    meta = doc.get("meta") or {}
    number = meta.get("doc_number") or {}
    text = source.get("text") or ""
    from .keys import content_key

    out: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    out["documents"].append({
        "document_id": doc_id, "path": source.get("path"), "format": source.get("format"),
        "title": meta.get("title"), "doc_type": meta.get("doc_type"), "doc_number": number.get("raw"),
        "agency_code": number.get("agency_code"), "doc_year": number.get("year"),
        "doc_serial": number.get("serial"), "issuers": meta.get("issuers") or [],
        "addressees": meta.get("addressees") or [], "date": full_date(meta.get("date")),
        "publish_date": full_date(meta.get("publish_date")), "print_date": full_date(meta.get("print_date")),
        "issued_title": meta.get("issued_title"), "attachments": meta.get("attachments") or [],
        "warnings": doc.get("warnings") or [], "content_key": content_key(text), "n_chars": len(text), "text": text,
    })  # fmt: skip
    for idx, (clause, parent) in enumerate(_walk_clauses(doc.get("clauses") or [], None)):
        row = _record_row("clauses", doc_id, idx, clause)
        row["clause_id"] = clause.get("id")
        row["parent_id"] = parent
        row["heading_start"], row["heading_end"] = _span(clause, "heading_span")
        out["clauses"].append(row)
    for table in _RECORD_LISTS:
        out[table] = [_record_row(table, doc_id, i, r) for i, r in enumerate(doc.get(table) or [])]
    for row in out["dates"]:
        row["date"] = full_date(row["value"])
    for i, citation in enumerate(doc.get("citations") or []):
        spans = [tuple(s) for s in citation.get("spans") or []]
        first = min(spans) if spans else (None, None)
        out["citations"].append({
            "document_id": doc_id, "idx": i, "title": citation.get("title"), "doc_number": citation.get("doc_number"),
            "alias": citation.get("alias"), "n_mentions": len(spans), "span_start": first[0], "span_end": first[1],
            "mention_starts": [s[0] for s in spans], "mention_ends": [s[1] for s in spans],
        })  # fmt: skip
    return out


def merge_rows(docs: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Rows of many documents, table by table."""
    merged: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for doc in docs:
        for table, rows in document_rows(doc).items():
            merged[table].extend(rows)
    return merged


def arrow_schema(table: str) -> pa.Schema:
    """The fixed pyarrow schema of a table."""
    import pyarrow as pa

    types = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_(),
             "date": pa.date32(), "list<string>": pa.list_(pa.string()), "list<int64>": pa.list_(pa.int64())}  # fmt: skip
    return pa.schema([(column, types[kind]) for column, kind in TABLES[table]])


def to_arrow(rows: dict[str, list[dict[str, Any]]]) -> dict[str, pa.Table]:
    """``{table: rows}`` -> ``{table: pyarrow.Table}`` with the fixed schemas (empty tables included)."""
    import pyarrow as pa

    return {
        name: pa.Table.from_pylist(_typed(name, rows.get(name, [])), schema=arrow_schema(name))
        for name in TABLES
    }


def _typed(table: str, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows with their ISO date strings as ``datetime.date`` (what pyarrow's date32 takes)."""
    import datetime

    dates = [column for column, kind in TABLES[table] if kind == "date"]
    if not dates or not rows:
        return rows
    out = []
    for row in rows:
        row = dict(row)
        for column in dates:
            value = row.get(column)
            row[column] = datetime.date.fromisoformat(value) if isinstance(value, str) else value
        out.append(row)
    return out


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A text cell starting with one of these is a formula to Excel (OWASP "CSV injection")."""

SYMBOL_COLUMNS = frozenset({"comparator"})
"""Columns of symbols the parser writes itself (``=``, ``>=``), never text from the notice."""


def csv_cell(value: Any, kind: str, column: str = "") -> Any:
    """A value as a CSV cell: lists as JSON arrays, booleans as true/false, None as empty.

    The text comes from untrusted files: a text cell Excel would run as a formula gets a
    leading ``'`` (numbers are written as numbers and never prefixed).
    """
    import json

    if value is None:
        return ""
    if kind.startswith("list<"):
        return json.dumps(list(value), ensure_ascii=False)
    if kind == "bool":
        return "true" if value else "false"
    if (
        kind == "string"
        and isinstance(value, str)
        and value.startswith(FORMULA_STARTS)
        and column not in SYMBOL_COLUMNS
    ):
        return "'" + value
    return value


XLSX_MAX_CELL = 32_767
"""Excel's limit on the characters of a cell; longer text is cut there."""


def xlsx_cell(value: Any, kind: str) -> Any:
    """A value as an Excel cell: dates as dates, lists as JSON, text without control characters."""
    import datetime

    if value is None:
        return None
    if kind == "date":
        return datetime.date.fromisoformat(value) if isinstance(value, str) else value
    if kind.startswith("list<"):
        value = csv_cell(value, kind)
    if isinstance(value, str):
        from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

        value = ILLEGAL_CHARACTERS_RE.sub("", value)[:XLSX_MAX_CELL]
    return value


def create_views(con: Any) -> None:
    """Create :data:`VIEWS` on a DuckDB connection holding the tables."""
    for name, sql in VIEWS.items():
        con.execute(f'CREATE OR REPLACE VIEW "{name}" AS {sql}')


def connect(out_dir: str | Any) -> Any:
    """A DuckDB connection to a batch output folder (duckdb, parquet or csv) with tables and views.

    The same SQL then works on every format: ``connect("out/").sql("SELECT * FROM target_leads")``.
    A DuckDB file is opened read-only; parquet and CSV tables are read in place as views.
    """
    from pathlib import Path

    import duckdb

    out = Path(out_dir)

    def literal(path: Path) -> str:
        return "'" + path.as_posix().replace("'", "''") + "'"

    if (out / "policyparse.duckdb").exists():
        return duckdb.connect(str(out / "policyparse.duckdb"), read_only=True)
    con = duckdb.connect()
    for name, columns in TABLES.items():
        if (out / name).is_dir():
            source = f"read_parquet({literal(out / name / '*.parquet')})"
        elif (out / f"{name}.csv").exists():
            types = ", ".join(f"'{c}': '{_DUCKDB_TYPES[k]}'" for c, k in columns)
            source = f"read_csv({literal(out / f'{name}.csv')}, header=true, columns={{{types}}})"
        else:
            raise FileNotFoundError(f"{out}: no {name} table (parquet folder or {name}.csv)")
        select = ", ".join(
            _csv_column(c, k) if source.startswith("read_csv") else f'"{c}"' for c, k in columns
        )
        con.execute(f'CREATE VIEW "{name}" AS SELECT {select} FROM {source}')
    create_views(con)
    return con


_DUCKDB_TYPES = {"string": "VARCHAR", "int64": "BIGINT", "float64": "DOUBLE", "bool": "BOOLEAN", "date": "DATE",
                 "list<string>": "VARCHAR", "list<int64>": "VARCHAR"}  # fmt: skip


def _csv_column(column: str, kind: str) -> str:
    # lists are JSON arrays in the CSV; DuckDB casts '["a", "b"]' and '[0, 1]' to lists
    if kind == "list<string>":
        return f'CAST("{column}" AS VARCHAR[]) AS "{column}"'
    if kind == "list<int64>":
        return f'CAST("{column}" AS BIGINT[]) AS "{column}"'
    return f'"{column}"'


def to_frames(docs: Iterable[dict[str, Any]]) -> dict[str, pd.DataFrame]:
    """Documents (JSON dicts) -> one pandas DataFrame per table."""
    return {name: table.to_pandas() for name, table in to_arrow(merge_rows(docs)).items()}
