"""Parse many files in worker processes, with a time limit per file, into JSONL, parquet or DuckDB.

``run_batch(inputs, out_dir)`` walks files and folders, parses every supported file in
``workers`` processes and writes each document as soon as it is done, so an interrupted run
leaves valid output and ``resume=True`` finishes it without duplicates:

* ``jsonl``: ``OUT/documents.jsonl``, one ``doc.model_dump(mode="json")`` per line, written and
  flushed per document. Only a SIGKILL in the middle of a write can leave a last line without
  its newline: readers take newline-terminated lines, and resume cuts that line off and skips
  the documents present (by ``source.sha256``). Ctrl-C stops cleanly.
* ``parquet``: ``OUT/<table>/part-NNNNN.parquet`` per table of :mod:`policyparse.tables`, written
  in chunks to a hidden temp name and renamed; a chunk counts only once its manifest
  ``OUT/_done/part-NNNNN.txt`` (document ids) exists, so resume drops uncommitted parts.
* ``duckdb``: the same tables in ``OUT/policyparse.duckdb``, one transaction per chunk, with the
  committed ids in table ``_done``, and views joining them (:data:`policyparse.tables.VIEWS`).
* ``csv``: ``OUT/<table>.csv`` (UTF-8 with BOM, so Excel reads the Chinese; lists as JSON) and
  ``xlsx``: ``OUT/policyparse.xlsx``, one sheet per table. Both are exports: no ``resume``.

An ``OUT`` that already holds files is refused (``OutputExists``) unless ``overwrite`` (our
outputs are replaced, other files left alone) or ``resume``. Files found by walking a folder
are parsed only when they look like notices (:mod:`policyparse.screen`); files named directly
or picked by ``globs`` are parsed as they are.

Failures go to ``OUT/errors.jsonl`` (path, error type, message) and the run goes on. A file is
identified by the sha256 of its bytes: the same content under two names is parsed once.

A worker that exceeds the time limit is killed and replaced, and the file recorded as
``Timeout``; a worker that dies is replaced and the file recorded as ``WorkerCrashed``
(:mod:`policyparse.pool`). The files come from :func:`policyparse.inputs.collect_files`.
"""

from __future__ import annotations

import contextlib
import functools
import json
import logging
import os
import shutil
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .api import parse
from .errors import OutputExists, OutputLocked, OutputWriteError, PolicyParseError, RuleError
from .inputs import collect_files, file_sha256
from .limits import DEFAULT_LIMITS, Limits
from .loaders import SUPPORTED
from .paths import for_terminal, shown
from .pool import Failure, Job, ParseFn, Skipped, WorkerPool, default_workers, extra_rules_dir, resolve
from .pool import parse_many as parse_in_pool
from .rules import RuleSet
from .screen import NOT_A_NOTICE

FORMATS = ("jsonl", "parquet", "duckdb", "csv", "xlsx")
RESUMABLE = ("jsonl", "parquet", "duckdb")
ERRORS_FILE = "errors.jsonl"
JSONL_FILE = "documents.jsonl"
DUCKDB_FILE = "policyparse.duckdb"
XLSX_FILE = "policyparse.xlsx"
DONE_DIR = "_done"
LOCK_FILE = ".policyparse.lock"
SOURCES_FILE = "sources.jsonl"
ARCHIVE_DIR = ".archives"  # where .zip/.tar.gz inputs are unpacked (policyparse.archives)

log = logging.getLogger(__name__)


def parse_many(
    sources: Iterable[Any],
    *,
    workers: int,
    rules: RuleSet | str | Path | None = None,
    timeout: float | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Iterator[Any]:
    """:func:`policyparse.pool.parse_many` running ``policyparse.parse`` within ``limits``: a
    ``PolicyDocument`` or a ``PolicyParseError`` per source, in input order."""
    parser = functools.partial(parse, limits=limits)
    return parse_in_pool(
        sources, workers=workers, parse_fn=parser, rules=rules, timeout=timeout, limits=limits
    )


# -- outputs ------------------------------------------------------------------------------------


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to a hidden temp name beside ``path``, then rename it into place."""
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


class JsonlWriter:
    """``documents.jsonl``: one line per document, written and flushed at once."""

    mode = "json"

    def __init__(self, out: Path, resume: bool) -> None:
        self.path = out / JSONL_FILE
        self.done: set[str] = self._recover() if resume and self.path.exists() else set()
        self.fh = self.path.open("ab" if resume else "wb")

    def _recover(self) -> set[str]:
        done: set[str] = set()
        good = 0
        with self.path.open("rb") as fh:
            for line in fh:
                if not line.endswith(b"\n"):
                    break
                try:
                    done.add(json.loads(line)["source"]["sha256"])
                except (ValueError, KeyError, TypeError):
                    break
                good += len(line)
        with self.path.open("r+b") as fh:  # cut a line torn by a crash
            fh.truncate(good)
        return done

    def write(self, doc_id: str, path: str, payload: str) -> None:
        self.fh.write(payload.encode("utf-8") + b"\n")
        self.fh.flush()

    def close(self) -> None:
        self.fh.close()


class _ChunkedWriter:
    """Collects table rows and commits them every ``chunk_size`` documents."""

    mode = "rows"

    def __init__(self, chunk_size: int) -> None:
        self.chunk_size = chunk_size
        self.rows: dict[str, list[dict[str, Any]]] = {}
        self.ids: list[tuple[str, str]] = []
        self.committed = 0

    def write(self, doc_id: str, path: str, payload: dict[str, list[dict[str, Any]]]) -> None:
        for table, rows in payload.items():
            self.rows.setdefault(table, []).extend(rows)
        self.ids.append((doc_id, path))
        if len(self.ids) >= self.chunk_size:
            self.flush()

    def flush(self) -> None:
        if self.ids or not self.committed:
            self.commit(self.rows, self.ids)
            self.committed += 1
        self.rows, self.ids = {}, []

    def commit(self, rows: dict[str, list[dict[str, Any]]], ids: list[tuple[str, str]]) -> None:
        raise NotImplementedError

    def close(self) -> None:
        self.flush()


def clear_parquet(out: Path) -> None:
    """Remove the parquet tables and manifests of an earlier run (only the folders we write)."""
    from .tables import TABLES

    for name in [*TABLES, DONE_DIR]:
        shutil.rmtree(out / name, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)


class ParquetWriter(_ChunkedWriter):
    """``OUT/<table>/part-NNNNN.parquet``, committed per chunk by ``OUT/_done/part-NNNNN.txt``."""

    def __init__(self, out: Path, resume: bool, chunk_size: int = 100) -> None:
        super().__init__(chunk_size)
        from .tables import TABLES

        self.out = out
        self.tables = list(TABLES)
        marks = out / DONE_DIR
        if not resume:
            clear_parquet(out)
        for name in [*self.tables, DONE_DIR]:
            (out / name).mkdir(parents=True, exist_ok=True)
        committed = {p.stem for p in marks.glob("part-*.txt")}
        self.done: set[str] = set()
        for mark in marks.glob("part-*.txt"):
            self.done.update(line.split("\t")[0] for line in mark.read_text("utf-8").splitlines() if line)
        for name in self.tables:  # parts of a chunk that never committed, and temp files
            for part in (out / name).iterdir():
                if part.name.startswith(".") or part.name.removesuffix(".parquet") not in committed:
                    part.unlink()
        numbers = [int(stem.removeprefix("part-")) for stem in committed]
        self.next_part = max(numbers, default=-1) + 1
        self.committed = len(numbers)

    def commit(self, rows: dict[str, list[dict[str, Any]]], ids: list[tuple[str, str]]) -> None:
        import pyarrow.parquet as pq

        from .tables import to_arrow

        name = f"part-{self.next_part:05d}"
        for table, data in to_arrow(rows).items():
            tmp = self.out / table / f".{name}.parquet.tmp"
            pq.write_table(data, tmp)
            os.replace(tmp, self.out / table / f"{name}.parquet")
        # the path as a JSON string: a newline or tab in a file name cannot break the lines
        manifest = "".join(f"{doc_id}\t{json.dumps(path, ensure_ascii=False)}\n" for doc_id, path in ids)
        atomic_write(self.out / DONE_DIR / f"{name}.txt", manifest.encode("utf-8"))
        self.next_part += 1


class DuckdbWriter(_ChunkedWriter):
    """``OUT/policyparse.duckdb``: one table per record kind, one transaction per chunk."""

    def __init__(self, out: Path, resume: bool, chunk_size: int = 100) -> None:
        super().__init__(chunk_size)
        import duckdb

        from .tables import to_arrow

        path = out / DUCKDB_FILE
        if not resume:
            for stale in (path, path.with_name(path.name + ".wal")):
                stale.unlink(missing_ok=True)
        self.path = path
        self.con = duckdb.connect(str(path))
        for table, empty in to_arrow({}).items():
            self.con.register("_empty", empty)
            self.con.execute(f'CREATE TABLE IF NOT EXISTS "{table}" AS SELECT * FROM _empty')
            self.con.unregister("_empty")
        self.con.execute("CREATE TABLE IF NOT EXISTS _done (document_id VARCHAR, path VARCHAR)")
        from .tables import create_views

        create_views(self.con)
        self.done = {row[0] for row in self.con.execute("SELECT document_id FROM _done").fetchall()}
        self.committed = 1  # tables exist even when nothing is parsed

    def commit(self, rows: dict[str, list[dict[str, Any]]], ids: list[tuple[str, str]]) -> None:
        from .tables import to_arrow

        self.con.execute("BEGIN TRANSACTION")
        try:
            for table, data in to_arrow(rows).items():
                if data.num_rows:
                    self.con.register("_chunk", data)
                    self.con.execute(f'INSERT INTO "{table}" SELECT * FROM _chunk')
                    self.con.unregister("_chunk")
            if ids:
                self.con.executemany("INSERT INTO _done VALUES (?, ?)", ids)
            self.con.execute("COMMIT")
        except BaseException as exc:
            # a failed COMMIT (a full disk: duckdb.IOException "No space left on device") may leave no
            # transaction to roll back; the rollback's own error must not hide the first one
            with contextlib.suppress(Exception):
                self.con.execute("ROLLBACK")
            if isinstance(exc, Exception) and not isinstance(exc, PolicyParseError):
                raise OutputWriteError(f"writing {DUCKDB_FILE} failed: {exc}", path=str(self.path)) from exc
            raise

    def close(self) -> None:
        super().close()
        self.con.close()


class CsvWriter(_ChunkedWriter):
    """``OUT/<table>.csv``: a header, then rows appended and flushed per chunk (an export: no resume)."""

    def __init__(self, out: Path, chunk_size: int = 100) -> None:
        import csv

        from .tables import TABLES

        super().__init__(chunk_size)
        self.files = {
            name: (out / f"{name}.csv").open("w", encoding="utf-8-sig", newline="") for name in TABLES
        }
        self.writers = {name: csv.writer(fh) for name, fh in self.files.items()}
        for name, writer in self.writers.items():
            writer.writerow([column for column, _ in TABLES[name]])
        self.done: set[str] = set()

    def commit(self, rows: dict[str, list[dict[str, Any]]], ids: list[tuple[str, str]]) -> None:
        from .tables import TABLES, csv_cell

        for name, data in rows.items():
            columns = TABLES[name]
            self.writers[name].writerows(
                [csv_cell(row.get(c), kind, c) for c, kind in columns] for row in data
            )
            self.files[name].flush()

    def close(self) -> None:
        super().close()
        for fh in self.files.values():
            fh.close()


class XlsxWriter(_ChunkedWriter):
    """``OUT/policyparse.xlsx``: one sheet per table (openpyxl, streamed), saved at the end."""

    def __init__(self, out: Path, chunk_size: int = 100) -> None:
        from openpyxl import Workbook

        from .tables import TABLES

        super().__init__(chunk_size)
        self.path = out / XLSX_FILE
        self.book = Workbook(write_only=True)
        self.sheets = {name: self.book.create_sheet(name) for name in TABLES}
        for name, sheet in self.sheets.items():
            sheet.append([column for column, _ in TABLES[name]])
        self.done: set[str] = set()

    def commit(self, rows: dict[str, list[dict[str, Any]]], ids: list[tuple[str, str]]) -> None:
        from .tables import TABLES, xlsx_cell

        for name, data in rows.items():
            sheet = self.sheets[name]
            for row in data:
                sheet.append(
                    [self._text_safe(sheet, xlsx_cell(row.get(c), kind)) for c, kind in TABLES[name]]
                )

    @staticmethod
    def _text_safe(sheet: Any, value: Any) -> Any:
        # openpyxl stores a str starting with "=" as a formula; text from a notice stays text
        if isinstance(value, str) and value.startswith("="):
            from openpyxl.cell import WriteOnlyCell

            cell = WriteOnlyCell(sheet, value)
            cell.data_type = "s"
            return cell
        return value

    def close(self) -> None:
        super().close()
        tmp = self.path.with_name(f".{self.path.name}.tmp")
        self.book.save(tmp)
        os.replace(tmp, self.path)


def open_writer(fmt: str, out: Path, resume: bool, chunk_size: int = 100) -> Any:
    """The writer for an output format."""
    if fmt in FORMATS and fmt not in RESUMABLE and resume:
        raise ValueError(
            f"--format {fmt} is an export and cannot resume; choose one of {', '.join(RESUMABLE)}"
        )
    if fmt == "jsonl":
        return JsonlWriter(out, resume)
    if fmt == "parquet":
        return ParquetWriter(out, resume, chunk_size)
    if fmt == "duckdb":
        return DuckdbWriter(out, resume, chunk_size)
    if fmt == "csv":
        return CsvWriter(out, chunk_size)
    if fmt == "xlsx":
        return XlsxWriter(out, chunk_size)
    raise ValueError(f"unknown output format {fmt!r}; choose one of {', '.join(FORMATS)}")


def output_names() -> list[str]:
    """The files and folders a batch writes into OUT, in every format."""
    from .tables import TABLES

    return [JSONL_FILE, ERRORS_FILE, SOURCES_FILE, ARCHIVE_DIR, DUCKDB_FILE, DUCKDB_FILE + ".wal", XLSX_FILE, DONE_DIR,
            *TABLES, *(f"{name}.csv" for name in TABLES)]  # fmt: skip


class OutLock:
    """An exclusive ``flock`` on ``OUT/.policyparse.lock`` for the whole run: two batches
    writing one folder would mix their outputs. The second gets ``OutputLocked`` naming the
    first's pid. The kernel drops the lock when the holder dies, so a crash leaves no stale lock.
    """

    def __init__(self, out: Path) -> None:
        import fcntl

        if out.exists() and not out.is_dir():
            raise OutputExists("not a folder", path=str(out))
        out.mkdir(parents=True, exist_ok=True)
        self.path = out / LOCK_FILE
        self.fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            holder = os.pread(self.fd, 200, 0).decode("utf-8", "replace").strip() or "unknown"
            os.close(self.fd)
            raise OutputLocked(
                f"another batch is writing into this folder ({holder})", path=str(out)
            ) from exc
        os.ftruncate(self.fd, 0)
        os.pwrite(self.fd, f"pid {os.getpid()}, started {time.strftime('%Y-%m-%d %H:%M:%S')}\n".encode(), 0)

    def release(self) -> None:
        with contextlib.suppress(OSError):
            os.unlink(self.path)  # while still held: a waiting run then takes a fresh file
        os.close(self.fd)


def prepare_out(out: Path, *, resume: bool, overwrite: bool) -> None:
    """Refuse an ``out`` that holds files unless resuming; with ``overwrite``, remove our outputs there."""
    if out.exists() and not out.is_dir():
        raise OutputExists("not a folder", path=str(out))
    if out.is_dir() and not resume and any(p.name != LOCK_FILE for p in out.iterdir()):
        if not overwrite:
            raise OutputExists("the output folder already holds files; pass --overwrite to replace "
                               "the outputs of an earlier run, or --resume to finish it", path=str(out))  # fmt: skip
        for name in output_names():
            target = out / name
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target)
            elif target.exists() or target.is_symlink():
                target.unlink()
    out.mkdir(parents=True, exist_ok=True)


# -- the batch ----------------------------------------------------------------------------------


@dataclass
class BatchSummary:
    """What a batch did."""

    parsed: int = 0
    failed: int = 0
    skipped: int = 0
    duplicates: int = 0
    resumed: int = 0
    seconds: float = 0.0
    formats: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    skipped_by_ext: Counter[str] = field(default_factory=Counter)

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    @property
    def files_per_second(self) -> float:
        return (self.parsed + self.failed) / self.seconds if self.seconds else 0.0

    def to_text(self) -> str:
        def counts(c: Counter[str]) -> str:
            return ", ".join(f"{k} {v}" for k, v in sorted(c.items())) or "—"

        lines = [
            f"parsed {self.parsed}, failed {self.failed}, skipped {self.skipped}, "
            f"duplicates {self.duplicates}, already done {self.resumed} "
            f"in {self.seconds:.1f} s ({self.files_per_second:.1f} files/s)",
            f"  formats: {counts(self.formats)}",
        ]
        if self.errors:
            lines.append(f"  errors: {counts(self.errors)}")
        if self.skipped_by_ext:
            lines.append(f"  skipped: {counts(self.skipped_by_ext)}")
        return "\n".join(lines)


def _progress() -> Any:
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        ProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )
    from rich.text import Text

    class FilesPerSecond(ProgressColumn):
        def render(self, task: Any) -> Text:
            return Text(f"{task.speed or 0:.0f} files/s")

    progress = Progress(TextColumn("parsing"), BarColumn(), MofNCompleteColumn(), FilesPerSecond(),
                        TextColumn("ETA"), TimeRemainingColumn(), transient=True)  # fmt: skip
    return progress


def run_batch(
    inputs: Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    workers: int | None = None,
    fmt: str = "jsonl",
    timeout: float | None = 60.0,
    resume: bool = False,
    rules: RuleSet | str | Path | None = None,
    progress: bool = False,
    chunk_size: int = 100,
    parse_fn: str | None = None,
    limits: Limits = DEFAULT_LIMITS,
    overwrite: bool = False,
    globs: Iterable[str] | None = None,
    follow_links: bool = False,
) -> BatchSummary:
    """Parse every supported file under ``inputs`` into ``out_dir`` (see the module docstring).

    ``OUT/sources.jsonl`` names every input met, one line each: its ``status`` (parsed,
    failed, duplicate, resumed, skipped, unreadable), the ``reason``, and the ``document_id``
    (or the path it duplicates). Symlinks out of the input folders are skipped unless
    ``follow_links``.

    ``parse_fn`` (``"module:function"``) replaces ``policyparse.parse`` in the workers, for
    instrumentation and tests; it is called as ``fn(path, rules=ruleset)``. ``limits`` bounds
    each file (size, pages, zip inflation, characters); a file over them fails as ``TooLarge``
    or ``UnsafeDocument`` and the run goes on. ``OutputExists`` when ``out_dir`` holds files and
    neither ``resume`` nor ``overwrite`` is set (nothing is touched then); ``MissingExtra`` when
    the format's optional package is not installed.
    """
    from .rules import load_rules

    started = time.monotonic()
    rules_dir = extra_rules_dir(rules)
    # the workers run policyparse.parse (reading each file within ``limits``) unless a hook is named
    parser: ParseFn = parse_fn or functools.partial(parse, limits=limits)
    try:  # a broken rules folder or hook is a usage error: report it here, before any work
        load_rules(rules_dir)
        resolve(parser)
    except PolicyParseError:
        raise
    except Exception as exc:
        raise RuleError(f"cannot load the rules: {exc}") from exc
    if fmt not in FORMATS:
        raise ValueError(f"unknown output format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if resume and fmt not in RESUMABLE:
        raise ValueError(
            f"--format {fmt} is an export and cannot resume; choose one of {', '.join(RESUMABLE)}"
        )
    from .extras import FORMAT_MODULES, require

    for module in FORMAT_MODULES.get(fmt, ()):
        require(module)  # before anything is written
    out = Path(out_dir)
    lock = OutLock(out)
    try:
        return _run_locked(out, inputs, started, rules_dir=rules_dir, fmt=fmt, resume=resume, overwrite=overwrite,
                           globs=globs, chunk_size=chunk_size, progress=progress, workers=workers, timeout=timeout,
                           parse_fn=parser, limits=limits, follow_links=follow_links)  # fmt: skip
    finally:
        lock.release()


def _run_locked(out: Path, inputs: Iterable[str | os.PathLike[str]], started: float, *, rules_dir: str | None,
                fmt: str, resume: bool, overwrite: bool, globs: Iterable[str] | None, chunk_size: int, progress: bool,
                workers: int | None, timeout: float | None, parse_fn: ParseFn, limits: Limits,
                follow_links: bool = False) -> BatchSummary:  # fmt: skip
    prepare_out(out, resume=resume, overwrite=overwrite)
    inputs = list(inputs)
    globs = list(globs or [])
    sources = (out / SOURCES_FILE).open("wb")  # rewritten whole on resume: every input is met again

    def note(path: str, status: str, reason: str = "", **extra: str) -> None:
        record = {"path": shown(path), "status": status, "reason": shown(reason), **extra}
        sources.write(json.dumps(record, ensure_ascii=False).encode("utf-8") + b"\n")

    try:
        summary = _run_noted(out, inputs, started, note, rules_dir=rules_dir, fmt=fmt, resume=resume, globs=globs,
                             chunk_size=chunk_size, progress=progress, workers=workers, timeout=timeout,
                             parse_fn=parse_fn, limits=limits, follow_links=follow_links)  # fmt: skip
    finally:
        sources.close()
    publish_inputs(out, fmt)
    return summary


# the columns of the `sources` and `errors` tables (every record of the .jsonl files has a subset)
INPUT_TABLES = {
    "sources": (SOURCES_FILE, ("path", "status", "reason", "document_id", "duplicate_of")),
    "errors": (ERRORS_FILE, ("path", "error", "message")),
}


def _read_jsonl(path: Path, columns: tuple[str, ...]) -> list[tuple[str | None, ...]]:
    if not path.exists():
        return []
    rows = []
    for line in path.read_bytes().splitlines():
        if line.strip():
            record = json.loads(line)
            rows.append(tuple(record.get(c) for c in columns))
    return rows


def publish_inputs(out: Path, fmt: str) -> None:
    """``sources`` and ``errors`` as tables beside the records: in the DuckDB file (replaced whole,
    as the .jsonl files are) or as ``sources.parquet`` / ``errors.parquet``. The .jsonl files stay."""
    if fmt == "duckdb":
        import duckdb

        con = duckdb.connect(str(out / DUCKDB_FILE))
        try:
            con.execute("BEGIN TRANSACTION")
            for table, (name, columns) in INPUT_TABLES.items():
                con.execute(
                    f'CREATE OR REPLACE TABLE "{table}" ({", ".join(f"{c} VARCHAR" for c in columns)})'
                )
                rows = _read_jsonl(out / name, columns)
                if rows:
                    con.executemany(f'INSERT INTO "{table}" VALUES ({", ".join("?" for _ in columns)})', rows)
            con.execute("COMMIT")
        except duckdb.Error as exc:
            with contextlib.suppress(Exception):
                con.execute("ROLLBACK")
            raise OutputWriteError(
                f"writing the sources table failed: {exc}", path=str(out / DUCKDB_FILE)
            ) from exc
        finally:
            con.close()
    elif fmt == "parquet":
        import io

        import pyarrow as pa
        import pyarrow.parquet as pq

        for table, (name, columns) in INPUT_TABLES.items():
            rows = _read_jsonl(out / name, columns)
            data = pa.table({c: pa.array([r[i] for r in rows], pa.string()) for i, c in enumerate(columns)})
            buffer = io.BytesIO()
            pq.write_table(data, buffer)
            atomic_write(out / f"{table}.parquet", buffer.getvalue())


def _run_noted(out: Path, inputs: list[Any], started: float, note: Callable[..., None], *, rules_dir: str | None,
               fmt: str, resume: bool, globs: list[str], chunk_size: int, progress: bool, workers: int | None,
               timeout: float | None, parse_fn: ParseFn, limits: Limits, follow_links: bool) -> BatchSummary:  # fmt: skip
    bad_archives: list[Failure] = []

    def unpack(archive: Path) -> Path | None:
        from .archives import extract

        try:
            folder = extract(archive, out / ARCHIVE_DIR, limits)
        except PolicyParseError as exc:
            bad_archives.append(Failure(type(exc).__name__, exc.message, str(archive)))
            note(str(archive), "failed", f"{type(exc).__name__}: {exc.message}")
            return None
        note(str(archive), "unpacked", f"an archive, its files read from {folder}")
        return folder

    files, skipped = collect_files(inputs, globs, follow_links=follow_links, note=note, unpack=unpack)
    named = {os.path.realpath(i) for i in inputs if not os.path.isdir(i)}
    log.info("%d file%s to parse, %d skipped by name, into %s (%s)", len(files), "" if len(files) == 1 else "s",
             sum(skipped.values()), out, fmt)  # fmt: skip
    summary = BatchSummary(skipped=sum(skipped.values()), skipped_by_ext=skipped)
    writer = open_writer(fmt, out, resume, chunk_size)
    errors = (out / ERRORS_FILE).open("wb")  # failures are retried on resume, so start afresh
    seen = set(writer.done)
    first_path: dict[str, str] = {}  # document id -> the first path with those bytes

    def record_error(failure: Failure) -> None:
        summary.failed += 1
        summary.errors[failure.error] += 1
        line = json.dumps({"path": shown(failure.path), "error": failure.error, "message": shown(failure.message)},
                          ensure_ascii=False)  # fmt: skip
        errors.write(line.encode("utf-8") + b"\n")
        errors.flush()

    for failure in bad_archives:
        record_error(failure)

    def jobs() -> Iterator[Job]:
        for i, path in enumerate(files):
            try:
                digest = file_sha256(path)
            except OSError as exc:  # permission denied, vanished, a loop: the file is named, the run goes on
                from .loaders import os_error_reason

                record_error(Failure("UnreadableFile", os_error_reason(exc), str(path)))
                note(str(path), "unreadable", os_error_reason(exc))
                bar_advance()
                continue
            if digest in seen:
                if digest in writer.done:
                    summary.resumed += 1
                    note(str(path), "resumed", "parsed by an earlier run", document_id=digest)
                else:
                    summary.duplicates += 1
                    note(str(path), "duplicate", "the same bytes as another file", document_id=digest,
                         duplicate_of=shown(first_path.get(digest, "")) or "")  # fmt: skip
                bar_advance()
                continue
            seen.add(digest)
            first_path[digest] = str(path)
            screen = not globs and os.path.realpath(path) not in named
            yield Job(i, path, writer.mode, digest, screen)

    bar = _progress() if progress else None
    task = bar.add_task("parse", total=len(files)) if bar else None

    def bar_advance() -> None:
        if bar is not None:
            bar.advance(task)

    pool = WorkerPool(
        workers or default_workers(), timeout=timeout, rules_dir=rules_dir, parse_fn=parse_fn, limits=limits
    )
    try:
        with bar if bar is not None else contextlib.nullcontext():
            for job, ok, result in pool.run(jobs()):
                if ok:
                    writer.write(job.sha256, shown(job.source) or "", result)
                    note(str(job.source), "parsed", document_id=job.sha256)
                    summary.parsed += 1
                    summary.formats[SUPPORTED[Path(job.source).suffix.lower()]] += 1
                elif isinstance(result, Skipped):
                    log.info("skipped %s: %s", result.path, result.reason)
                    note(str(job.source), "skipped", f"not a notice: {result.reason}", document_id=job.sha256)
                    summary.skipped += 1
                    summary.skipped_by_ext[NOT_A_NOTICE] += 1
                else:
                    record_error(result)
                    note(
                        str(job.source), "failed", f"{result.error}: {result.message}", document_id=job.sha256
                    )
                bar_advance()
    finally:
        writer.close()
        errors.close()
        summary.seconds = time.monotonic() - started
    return summary


def print_failures(out_dir: str | os.PathLike[str], file: Any = None) -> None:
    """One line per failed file: ``✗ PATH: ErrorType: reason``."""
    stream = file or sys.stderr
    path = Path(out_dir) / ERRORS_FILE
    if not path.exists():
        return
    with path.open("rb") as fh:
        for line in fh:
            try:
                rec = json.loads(line)
            except ValueError:
                continue
            message = " ".join(str(rec.get("message", "")).split())
            print(
                f"✗ {for_terminal(str(rec.get('path')))}: {rec.get('error')}: {for_terminal(message)}",
                file=stream,
            )


def print_summary(summary: BatchSummary, out_dir: str | os.PathLike[str], file: Any = None) -> None:
    """The end-of-run summary, for people."""
    stream = file or sys.stderr
    print(summary.to_text(), file=stream)
    if summary.failed:
        print(f"  failures listed in {Path(out_dir) / ERRORS_FILE}", file=stream)
