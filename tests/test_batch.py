"""policyparse batch: inputs, failures, time limit, exit codes, outputs and resume after a kill."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from policyparse.batch import run_batch
from policyparse.inputs import collect_files, file_sha256
from policyparse.tables import TABLES, merge_rows

pytestmark = pytest.mark.slow  # batch runs in worker processes, killed and resumed


CORPUS = sorted((Path(__file__).resolve().parents[1] / "corpora" / "dev").glob("*.txt"))

# A parse hook importable by the worker processes: files named *hang* sleep past any time limit,
# HOOK_DELAY slows every file so a run can be killed half way.
HOOKS = textwrap.dedent(
    """
    import os, time
    from policyparse import parse

    def slow_parse(source, rules=None):
        if "hang" in os.path.basename(str(source)):
            time.sleep(120)
        time.sleep(float(os.environ.get("HOOK_DELAY", "0")))
        doc = parse(source, rules=rules)
        if os.environ.get("HOOK_LOG"):
            with open(os.environ["HOOK_LOG"], "a") as fh:
                fh.write(str(source) + "\\n")
        return doc
    """
)


def copies(folder: Path, n: int) -> list[Path]:
    """n distinct notices: corpus texts with a numbered closing line (distinct content hashes)."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        src = CORPUS[i % len(CORPUS)]
        path = folder / f"{i:04d}_{src.name}"
        path.write_text(src.read_text("utf-8") + f"\n（副本{i}）\n", "utf-8")
        paths.append(path)
    return paths


def cli(*args: str, env: dict[str, str] | None = None, **kw: object) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "policyparse", "batch", *args], capture_output=True,
                          text=True, timeout=240, env=env, **kw)  # type: ignore[call-overload]  # fmt: skip


def hook_env(tmp_path: Path, **extra: str) -> dict[str, str]:
    (tmp_path / "hooks").mkdir(exist_ok=True)
    (tmp_path / "hooks" / "batch_hooks.py").write_text(HOOKS, "utf-8")
    # keep the caller's PYTHONPATH: the workers must run the policyparse under test
    path = os.pathsep.join(p for p in (str(tmp_path / "hooks"), os.environ.get("PYTHONPATH")) if p)
    return {**os.environ, "PYTHONPATH": path, **extra}


def jsonl(path: Path) -> list[dict]:
    """The complete lines of a JSONL file (a SIGKILL during a write may leave a torn last line)."""
    if not path.exists():
        return []
    return [
        json.loads(line) for line in path.read_text("utf-8").splitlines(keepends=True) if line.endswith("\n")
    ]


def canonical_tables(out: Path, fmt: str) -> dict[str, list[str]]:
    """Every table of an output folder as sorted JSON rows, whatever the format."""
    if fmt == "jsonl":
        rows = merge_rows(jsonl(out / "documents.jsonl"))
    elif fmt == "parquet":
        import pyarrow.parquet as pq

        rows = {t: pq.read_table(out / t).to_pylist() for t in TABLES}
    else:
        import duckdb

        con = duckdb.connect(str(out / "policyparse.duckdb"), read_only=True)
        rows = {t: con.sql(f'SELECT * FROM "{t}"').to_arrow_table().to_pylist() for t in TABLES}
        con.close()
    # DATE columns come back as datetime.date from parquet/DuckDB and as ISO text from the JSONL
    return {
        t: sorted(json.dumps(r, ensure_ascii=False, sort_keys=True, default=str) for r in rows[t])
        for t in TABLES
    }


# -- inputs ------------------------------------------------------------------------------------


def test_collect_files_recurses_skips_and_survives_symlink_loops(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    for name in [
        "a/x.txt",
        "a/b/y.PDF",
        "a/b/z.docx",
        "a/page.htm",
        "a/old.doc",
        "a/readme.md",
        "a/data.json",
    ]:
        (tmp_path / name).write_text("x")
    os.symlink(tmp_path / "a", tmp_path / "a" / "b" / "loop")  # a folder containing itself
    os.symlink(tmp_path / "a" / "x.txt", tmp_path / "a" / "x_link.txt")  # the same file twice
    os.mkfifo(tmp_path / "a" / "pipe.txt")  # reading a FIFO blocks: never hand it to a parser
    files, skipped = collect_files([tmp_path])
    assert sorted(p.name for p in files) == ["old.doc", "page.htm", "x.txt", "y.PDF", "z.docx"]
    assert skipped == {".md": 1, ".json": 1, "(not a regular file)": 1}


@pytest.mark.parametrize(
    ("names", "expected"),
    [(["one.txt"], ["one.txt"]), (["one.txt", "one.txt"], ["one.txt"]), (["nope.txt"], [])],
    ids=["file", "file-given-twice", "missing"],
)
def test_collect_files_takes_files_directly(tmp_path: Path, names: list[str], expected: list[str]) -> None:
    (tmp_path / "one.txt").write_text("x")
    files, _ = collect_files([tmp_path / n for n in names])
    assert [p.name for p in files] == expected


# -- failures, time limit and exit codes --------------------------------------------------------


def test_mixed_folder_gives_documents_for_good_files_and_an_error_for_each_bad_one(tmp_path: Path) -> None:
    src = tmp_path / "in"
    good = copies(src / "good", 5)
    (src / "corrupt.pdf").write_bytes(b"%PDF-1.7\n\x00\x9c garbage, no xref \xff" * 20)
    (src / "empty.txt").write_bytes(b"")
    (src / "notes.xyz").write_text("not a notice")
    (src / "hang.txt").write_text(CORPUS[0].read_text("utf-8"))
    os.symlink(src, src / "good" / "loop")
    out = tmp_path / "out"
    res = cli(str(src), "-o", str(out), "--workers", "2", "--timeout", "5", "--parse-fn", "batch_hooks:slow_parse",
              env=hook_env(tmp_path))  # fmt: skip
    assert res.returncode == 1, res.stderr
    docs = jsonl(out / "documents.jsonl")
    assert sorted(d["source"]["sha256"] for d in docs) == sorted(file_sha256(p) for p in good)
    assert all(d["meta"]["title"] for d in docs)
    errors = {Path(e["path"]).name: e for e in jsonl(out / "errors.jsonl")}
    assert sorted(errors) == ["corrupt.pdf", "empty.txt", "hang.txt"]
    assert errors["hang.txt"]["error"] == "Timeout"
    assert errors["empty.txt"]["error"] == "EmptyDocument"
    assert errors["corrupt.pdf"]["error"] and errors["corrupt.pdf"]["message"]
    assert "parsed 5, failed 3, skipped 1" in res.stderr


def test_all_parsed_exits_0_and_writes_one_line_per_document(tmp_path: Path) -> None:
    paths = copies(tmp_path / "in", 6)
    res = cli(str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--workers", "2", "--quiet")
    assert res.returncode == 0, res.stderr
    assert res.stderr == ""
    docs = jsonl(tmp_path / "out" / "documents.jsonl")
    assert sorted(d["source"]["path"] for d in docs) == sorted(str(p) for p in paths)
    assert (tmp_path / "out" / "errors.jsonl").read_text() == ""


@pytest.mark.parametrize(
    "args",
    [[], ["in"], ["in", "-o", "out", "--workers", "0"], ["in", "-o", "out", "--format", "xml"],
     ["in", "-o", "out", "--timeout", "-1"]],
    ids=["no-input", "no-out", "zero-workers", "bad-format", "negative-timeout"],
)  # fmt: skip
def test_bad_usage_exits_2(tmp_path: Path, args: list[str]) -> None:
    assert cli(*args, cwd=tmp_path).returncode == 2


def test_same_content_under_two_names_is_parsed_once(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    for name in ("a.txt", "b.txt"):
        (tmp_path / "in" / name).write_text(CORPUS[0].read_text("utf-8"), "utf-8")
    summary = run_batch([tmp_path / "in"], tmp_path / "out", workers=1)
    assert (summary.parsed, summary.duplicates, summary.exit_code) == (1, 1, 0)
    assert len(jsonl(tmp_path / "out" / "documents.jsonl")) == 1


# -- outputs ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def corpus_outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("formats")
    outs = {}
    for fmt in ("jsonl", "parquet", "duckdb"):
        outs[fmt] = base / fmt
        summary = run_batch(CORPUS, outs[fmt], workers=2, fmt=fmt, chunk_size=2)
        assert (summary.parsed, summary.failed) == (len(CORPUS), 0)
        assert summary.formats == {"txt": len(CORPUS)}
    return outs


@pytest.mark.parametrize("fmt", ["parquet", "duckdb"], ids=["parquet", "duckdb"])
def test_table_outputs_hold_the_same_rows_as_the_jsonl(corpus_outputs: dict[str, Path], fmt: str) -> None:
    assert canonical_tables(corpus_outputs[fmt], fmt) == canonical_tables(corpus_outputs["jsonl"], "jsonl")


def test_duckdb_answers_the_readme_query(corpus_outputs: dict[str, Path]) -> None:
    import duckdb

    con = duckdb.connect(str(corpus_outputs["duckdb"] / "policyparse.duckdb"), read_only=True)
    got = con.execute("SELECT metric, year, value FROM targets ORDER BY document_id, idx").fetchall()
    ids = [d["source"]["sha256"] for d in jsonl(corpus_outputs["jsonl"] / "documents.jsonl")]
    expected = [(t["metric"], t["year"], t["value"]) for d in sorted(
        jsonl(corpus_outputs["jsonl"] / "documents.jsonl"), key=lambda d: d["source"]["sha256"]) for t in d["targets"]]  # fmt: skip
    assert got == expected
    assert con.execute("SELECT count(*) FROM documents").fetchone() == (len(CORPUS),)
    assert sorted(r[0] for r in con.execute("SELECT document_id FROM documents").fetchall()) == sorted(ids)


def test_parquet_spans_point_into_the_document_text(corpus_outputs: dict[str, Path]) -> None:
    import duckdb

    out = corpus_outputs["parquet"]
    rows = duckdb.sql(f"""SELECT d.text, x.text, x.span_start, x.span_end
        FROM '{out}/dates/*.parquet' x JOIN '{out}/documents/*.parquet' d USING (document_id)""").fetchall()
    assert rows
    assert all(doc[s:e] == text for doc, text, s, e in rows)


# -- interrupted runs ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["jsonl", "parquet", "duckdb"], ids=["jsonl", "parquet", "duckdb"])
def test_killed_run_resumed_equals_an_uninterrupted_run(tmp_path: Path, fmt: str) -> None:
    copies(tmp_path / "in", 24)
    env = hook_env(tmp_path, HOOK_DELAY="0.1")
    common = [
        "--workers",
        "1",
        "--format",
        fmt,
        "--chunk-size",
        "3",
        "--quiet",
        "--parse-fn",
        "batch_hooks:slow_parse",
    ]
    full = cli(str(tmp_path / "in"), "-o", str(tmp_path / "full"), *common, env=env)
    assert full.returncode == 0, full.stderr

    out = tmp_path / "cut"
    env["HOOK_LOG"] = str(tmp_path / "parsed.log")
    proc = subprocess.Popen([sys.executable, "-m", "policyparse", "batch", str(tmp_path / "in"), "-o", str(out),
                             *common], env=env, start_new_session=True)  # fmt: skip
    log = tmp_path / "parsed.log"  # the hook appends one line per file it parsed
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not log.exists() or len(log.read_text().splitlines()) < 10):
        time.sleep(0.02)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    partial = canonical_tables(out, fmt)
    assert 0 < len(partial["documents"]) < 24  # really cut half way, and what is there is readable

    resumed = cli(str(tmp_path / "in"), "-o", str(out), *common, "--resume", env=env)
    assert resumed.returncode == 0, resumed.stderr
    assert canonical_tables(out, fmt) == canonical_tables(tmp_path / "full", fmt)


def test_resume_cuts_a_torn_last_line(tmp_path: Path) -> None:
    paths = copies(tmp_path / "in", 3)
    out = tmp_path / "out"
    run_batch(paths[:2], out, workers=1)
    with (out / "documents.jsonl").open("ab") as fh:
        fh.write(b'{"meta": {"title": "torn')
    summary = run_batch(paths, out, workers=1, resume=True)
    assert (summary.parsed, summary.resumed) == (1, 2)
    assert sorted(d["source"]["path"] for d in jsonl(out / "documents.jsonl")) == sorted(map(str, paths))


# -- parse_many(workers=N) ----------------------------------------------------------------------


def test_parse_many_with_workers_keeps_input_order_and_matches_sequential() -> None:
    from policyparse import parse_many
    from policyparse.errors import UnsupportedFormat

    sources = [CORPUS[0], Path("missing.xyz"), CORPUS[1], CORPUS[2], "一、总体要求\n全年完成培训65万人次。"]
    parallel = list(parse_many(sources, workers=2))
    sequential = list(parse_many(sources))
    assert isinstance(parallel[1], UnsupportedFormat)
    assert [type(r) for r in parallel] == [type(r) for r in sequential]
    for got, want in zip(parallel, sequential, strict=True):
        if not isinstance(want, Exception):
            assert got.model_dump() == want.model_dump()
