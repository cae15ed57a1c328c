"""Batch on first use: an existing OUT is refused, notices told from other texts, one notice in
several formats linked by content_key, CSV and XLSX exports, DATE columns, citations and views."""

from __future__ import annotations

import csv
import datetime
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from policyparse import parse
from policyparse.batch import run_batch
from policyparse.errors import OutputExists
from policyparse.tables import TABLES, connect

pytestmark = pytest.mark.slow  # batch runs over the sample corpora (TXT, PDF, DOCX) and the CLI


ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT / "corpora" / "dev"
STEMS = sorted(p.stem for p in DEV.glob("*.txt"))
RESULTS_TXT = "F1 per field\nmeta.title 1.000\ntargets 0.990\nclauses 0.872 (nesting under 第X条)\n"
NOTES = "# Notes\n\nThe annotators read GUIDE.md first.\n\n一、两份通知的附件不计入正文。\n"


def cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "policyparse", *args], capture_output=True, text=True, timeout=240
    )


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in folder.rglob("*")
        if p.is_file()
    }


# -- an existing OUT ----------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["jsonl", "duckdb", "csv"])
def test_an_existing_non_empty_out_is_refused_and_left_untouched(tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "documents.jsonl").write_text('{"earlier": "run"}\n', "utf-8")
    (out / "mine.txt").write_text("keep me", "utf-8")
    before = snapshot(out)
    res = cli("batch", str(DEV / f"{STEMS[0]}.txt"), "-o", str(out), "--format", fmt, "--workers", "1")
    assert res.returncode == 2
    assert res.stderr.strip() == (f"error: {out}: the output folder already holds files; pass --overwrite to replace "
                                  "the outputs of an earlier run, or --resume to finish it")  # fmt: skip
    assert snapshot(out) == before


def test_overwrite_replaces_our_outputs_and_keeps_other_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run_batch([DEV / f"{STEMS[0]}.txt"], out, workers=1, fmt="csv")
    (out / "mine.txt").write_text("keep me", "utf-8")
    with pytest.raises(OutputExists):
        run_batch([DEV / f"{STEMS[1]}.txt"], out, workers=1)
    summary = run_batch([DEV / f"{STEMS[1]}.txt"], out, workers=1, overwrite=True)
    assert summary.parsed == 1
    assert sorted(p.name for p in out.iterdir()) == [
        "documents.jsonl",
        "errors.jsonl",
        "mine.txt",
        "sources.jsonl",
    ]
    assert (out / "mine.txt").read_text("utf-8") == "keep me"
    docs = [json.loads(line) for line in (out / "documents.jsonl").read_text("utf-8").splitlines()]
    assert [Path(d["source"]["path"]).stem for d in docs] == [STEMS[1]]


def test_an_empty_out_and_resume_are_accepted(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    assert run_batch([DEV / f"{STEMS[0]}.txt"], tmp_path / "out", workers=1).parsed == 1
    assert run_batch([DEV / f"{STEMS[0]}.txt"], tmp_path / "out", workers=1, resume=True).resumed == 1


@pytest.mark.parametrize(("args", "message"), [(["--format", "csv", "--resume"], "cannot --resume"),
                                               (["--resume", "--overwrite"], "exclude each other")])  # fmt: skip
def test_exports_cannot_resume(tmp_path: Path, args: list[str], message: str) -> None:
    res = cli("batch", str(DEV), "-o", str(tmp_path / "out"), *args)
    assert res.returncode == 2 and message in res.stderr


# -- what is a notice ---------------------------------------------------------------------------


@pytest.fixture
def mixed_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    for stem in STEMS[:2]:
        (folder / f"{stem}.txt").write_bytes((DEV / f"{stem}.txt").read_bytes())
    (folder / "RESULTS.txt").write_text(RESULTS_TXT, "utf-8")
    (folder / "sub" / "README.txt").write_text("How to use this folder: run the batch.\n", "utf-8")
    (folder / "NOTES.md").write_text(NOTES, "utf-8")
    (folder / "page.html").write_text("<html><body><p>404 页面不存在</p></body></html>", "utf-8")
    return folder


def test_only_notices_are_parsed_and_the_rest_reported_skipped(mixed_folder: Path, tmp_path: Path) -> None:
    res = cli("batch", str(mixed_folder), "-o", str(tmp_path / "out"), "--workers", "1")
    assert res.returncode == 0, res.stderr
    docs = [
        json.loads(line) for line in (tmp_path / "out" / "documents.jsonl").read_text("utf-8").splitlines()
    ]
    assert sorted(Path(d["source"]["path"]).stem for d in docs) == STEMS[:2]
    assert "parsed 2, failed 0, skipped 4" in res.stderr
    assert "skipped: (not a notice) 3, .md 1" in res.stderr


def test_a_glob_says_which_files_to_parse(mixed_folder: Path, tmp_path: Path) -> None:
    summary = run_batch([mixed_folder], tmp_path / "out", workers=1, globs=["RESULTS.*", "*.md"])
    assert (summary.parsed, summary.failed) == (2, 0)
    docs = [
        json.loads(line) for line in (tmp_path / "out" / "documents.jsonl").read_text("utf-8").splitlines()
    ]
    assert sorted(Path(d["source"]["path"]).name for d in docs) == ["NOTES.md", "RESULTS.txt"]


def test_a_file_named_directly_is_parsed_as_it_is(mixed_folder: Path, tmp_path: Path) -> None:
    summary = run_batch([mixed_folder / "RESULTS.txt"], tmp_path / "out", workers=1)
    assert (summary.parsed, summary.skipped) == (1, 0)


def test_summary_skips_what_is_not_a_notice(mixed_folder: Path) -> None:
    res = cli("summary", str(mixed_folder))
    assert res.returncode == 0, res.stderr
    assert res.stdout.count("■ ") == 2
    assert "– RESULTS.txt: skipped, not a notice" in res.stdout
    assert res.stdout.strip().endswith("2 parsed, 0 failed, 3 skipped (not notices)")
    res = cli("summary", str(mixed_folder), "--glob", "RESULTS.txt")
    assert res.stdout.count("■ ") == 1 and "■ RESULTS.txt" in res.stdout


# -- one notice, several formats ----------------------------------------------------------------


def test_the_formats_of_one_notice_share_a_content_key(tmp_path: Path) -> None:
    stem = STEMS[4]
    files = [DEV / f"{stem}.txt", ROOT / "corpora" / "pdf" / f"{stem}.pdf",
             ROOT / "corpora" / "pdf" / f"lo_{stem}.pdf", ROOT / "corpora" / "docx" / f"{stem}.docx"]  # fmt: skip
    docs = [parse(f) for f in files]
    assert len({d.source.sha256 for d in docs}) == 4  # four different files
    assert len({d.content_key for d in docs}) == 1  # one notice
    assert re.fullmatch(r"[0-9a-f]{64}", docs[0].content_key)
    other = parse(DEV / f"{STEMS[3]}.txt")
    assert other.content_key != docs[0].content_key
    edited = parse(docs[0].source.text.replace("79号", "80号"))
    assert edited.source.text != docs[0].source.text
    assert edited.content_key != docs[0].content_key

    run_batch([*files, DEV / f"{STEMS[3]}.txt"], tmp_path / "out", workers=1, fmt="duckdb")
    con = connect(tmp_path / "out")
    keys = dict(con.execute("SELECT path, content_key FROM documents").fetchall())
    assert keys[str(files[2])] == docs[0].content_key
    notices = con.execute(
        "SELECT formats, len(document_ids) FROM notices ORDER BY len(document_ids)"
    ).fetchall()
    assert notices == [(["txt"], 1), (["docx", "pdf", "pdf", "txt"], 4)]


# -- CSV, XLSX, DuckDB types, citations, views --------------------------------------------------


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("exports")
    files = sorted(DEV.glob("*.txt"))
    outs = {}
    for fmt in ("jsonl", "csv", "xlsx", "duckdb", "parquet"):
        outs[fmt] = base / fmt
        summary = run_batch(files, outs[fmt], workers=1, fmt=fmt, chunk_size=2)
        assert (summary.parsed, summary.failed) == (len(files), 0)
    return outs


def expected_rows(outputs: dict[str, Path]) -> dict[str, list[dict]]:
    from policyparse.tables import merge_rows

    docs = [
        json.loads(line) for line in (outputs["jsonl"] / "documents.jsonl").read_text("utf-8").splitlines()
    ]
    return merge_rows(docs)


def test_csv_has_one_file_per_table_with_the_rows(outputs: dict[str, Path]) -> None:
    out = outputs["csv"]
    assert sorted(p.name for p in out.glob("*.csv")) == sorted(f"{t}.csv" for t in TABLES)
    expected = expected_rows(outputs)
    for table, columns in TABLES.items():
        raw = (out / f"{table}.csv").read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens the Chinese correctly
        with (out / f"{table}.csv").open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.DictReader(fh))
        assert list(rows[0]) if rows else True
        assert [c for c, _ in columns] == next(csv.reader([raw.decode("utf-8-sig").splitlines()[0]]))
        assert len(rows) == len(expected[table]), table
    targets = {
        (r["document_id"], int(r["idx"])): r
        for r in csv.DictReader((out / "targets.csv").open(encoding="utf-8-sig"))
    }
    for want in expected["targets"]:
        got = targets[(want["document_id"], want["idx"])]
        assert (got["metric"], float(got["value"]), got["unit"]) == (
            want["metric"],
            want["value"],
            want["unit"],
        )
        assert got["year"] == ("" if want["year"] is None else str(want["year"]))
    tasks = list(csv.DictReader((out / "tasks.csv").open(encoding="utf-8-sig")))
    assert [json.loads(r["lead"]) for r in tasks] == [t["lead"] for t in expected["tasks"]]
    documents = list(csv.DictReader((out / "documents.csv").open(encoding="utf-8-sig")))
    assert sorted(r["date"] for r in documents) == sorted(r["date"] or "" for r in expected["documents"])


def test_xlsx_has_one_sheet_per_table_with_the_rows(outputs: dict[str, Path]) -> None:
    import openpyxl

    book = openpyxl.load_workbook(outputs["xlsx"] / "policyparse.xlsx", read_only=True)
    assert book.sheetnames == list(TABLES)
    expected = expected_rows(outputs)
    for table, columns in TABLES.items():
        rows = list(book[table].iter_rows(values_only=True))
        assert list(rows[0]) == [c for c, _ in columns]
        assert len(rows) - 1 == len(expected[table]), table
    header, *body = list(book["targets"].iter_rows(values_only=True))
    got = sorted((r[header.index("document_id")], r[header.index("idx")], r[header.index("metric")],
                  r[header.index("value")]) for r in body)  # fmt: skip
    assert got == sorted((t["document_id"], t["idx"], t["metric"], t["value"]) for t in expected["targets"])
    header, *body = list(book["documents"].iter_rows(values_only=True))
    dates = sorted(r[header.index("date")] for r in body if r[header.index("date")] is not None)
    assert dates == sorted(
        datetime.datetime.fromisoformat(d["date"]) for d in expected["documents"] if d["date"]
    )
    assert all(isinstance(d, datetime.datetime) for d in dates)  # real date cells, not text


def test_duckdb_dates_are_date_columns(outputs: dict[str, Path]) -> None:
    import duckdb

    con = duckdb.connect(str(outputs["duckdb"] / "policyparse.duckdb"), read_only=True)
    types = {(t, c): ty for t, c, ty in con.execute(
        "SELECT table_name, column_name, data_type FROM information_schema.columns").fetchall()}  # fmt: skip
    for column in ("date", "publish_date", "print_date"):
        assert types[("documents", column)] == "DATE"
    assert types[("dates", "date")] == "DATE" and types[("dates", "value")] == "VARCHAR"
    rows = con.execute("SELECT value, date FROM dates").fetchall()
    assert any(d is not None for _, d in rows) and any(d is None for _, d in rows)
    for value, date in rows:  # a DATE exactly where the mention is a full date
        assert (date.isoformat() if date else None) == (
            value if re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) else None
        )
    doc = parse(DEV / f"{STEMS[4]}.txt")
    got = con.execute("SELECT date FROM documents WHERE path = ?", [str(DEV / f"{STEMS[4]}.txt")]).fetchone()
    assert got == (datetime.date.fromisoformat(doc.meta.date),)
    assert con.execute("SELECT count(*) FROM documents WHERE year(date) = 2026").fetchone()[0] >= 1


def test_citations_table(outputs: dict[str, Path]) -> None:
    con = connect(outputs["duckdb"])
    expected = sorted((d.source.sha256, i, c.title, c.doc_number, c.alias, len(c.spans))
                      for d in map(parse, sorted(DEV.glob("*.txt"))) for i, c in enumerate(d.citations))  # fmt: skip
    assert expected
    got = con.execute(
        "SELECT document_id, idx, title, doc_number, alias, n_mentions FROM citations"
    ).fetchall()
    assert sorted(got) == expected
    rows = con.execute("SELECT d.text, c.span_start, c.span_end, c.title, c.doc_number, c.alias FROM citations c "
                       "JOIN documents d USING (document_id)").fetchall()  # fmt: skip
    for text, start, end, *names in rows:  # the first mention quotes the title, number or alias
        quoted = "".join(text[start:end].split())  # a title may wrap across lines
        assert any(n and "".join(n.split()) in quoted for n in names)


def test_target_leads_view_joins_targets_tasks_and_departments(outputs: dict[str, Path]) -> None:
    con = connect(outputs["duckdb"])
    docs = list(map(parse, sorted(DEV.glob("*.txt"))))
    expected = set()
    for d in docs:
        for task in d.tasks:
            for t in task.target_ids:
                for lead in task.lead:
                    expected.add((d.source.sha256, t, lead))
    got = set(
        con.execute(
            "SELECT document_id, target_idx, lead FROM target_leads WHERE lead IS NOT NULL"
        ).fetchall()
    )
    assert expected and got == expected
    n_targets = sum(len(d.targets) for d in docs)
    assert con.execute("SELECT count(DISTINCT (document_id, target_idx)) FROM target_leads").fetchone() == (
        n_targets,
    )
    canonical = dict(con.execute("SELECT lead, lead_name FROM task_leads").fetchall())
    names = {dep.text: dep.name for d in docs for dep in d.departments}
    assert all(canonical[lead] == names.get(lead, lead) for lead in canonical)


@pytest.mark.parametrize("fmt", ["duckdb", "parquet", "csv"])
def test_connect_gives_the_same_tables_and_views_for_every_format(outputs: dict[str, Path], fmt: str) -> None:
    def dump(con: object, name: str) -> list[str]:
        rows = con.execute(f'SELECT * FROM "{name}"').fetchall()  # type: ignore[attr-defined]
        return sorted(json.dumps(r, ensure_ascii=False, default=str) for r in rows)

    reference = connect(outputs["duckdb"])
    con = connect(outputs[fmt])
    for name in ["targets", "tasks", "dates", "documents", "target_leads"]:
        if fmt == "csv" and name == "documents":  # CSV cannot tell an empty text from a missing one
            continue
        assert dump(con, name) == dump(reference, name), name


# -- the README's analyst path ------------------------------------------------------------------


def readme_block(marker: str) -> str:
    text = (ROOT / "README.md").read_text("utf-8")
    section = text.split(f"<!-- {marker}:begin -->")[1].split(f"<!-- {marker}:end -->")[0]
    return section


def test_the_readme_analyst_path_runs(tmp_path: Path) -> None:
    section = readme_block("analyst")
    commands = re.findall(r"^policyparse (batch .+)$", section, re.M)
    sql = re.search(r"```sql\n(.+?)```", section, re.S).group(1)  # type: ignore[union-attr]
    assert commands and "target_leads" in sql
    for command in commands:
        args = [a.replace("out/", f"{tmp_path}/out/") for a in command.split()]
        res = subprocess.run([sys.executable, "-m", "policyparse", *args], capture_output=True, text=True,
                             timeout=300, cwd=ROOT)  # fmt: skip
        assert res.returncode == 0, res.stderr
    docs = [parse(p) for p in sorted((ROOT / "corpora" / "pdf").glob("*.pdf"))]
    assert len({d.content_key for d in docs}) < len(docs)  # two renderings of each notice: counted once
    expected: dict[tuple, set] = {}
    for d in docs:
        leads: dict[int, set] = {}
        for task in d.tasks:
            for t in task.target_ids:
                leads.setdefault(t, set()).update(task.lead)
        names = {dep.text: dep.name for dep in d.departments}
        for i, t in enumerate(d.targets):
            if t.year is not None:
                for lead in leads.get(i) or {None}:
                    expected.setdefault((t.year, names.get(lead, lead) if lead else None), set()).add(
                        (d.content_key, i)
                    )
    for fmt in ("duckdb", "csv"):
        rows = connect(tmp_path / "out" / fmt).execute(sql).fetchall()
        assert {(r[0], r[1]): r[2] for r in rows} == {k: len(v) for k, v in expected.items()}, fmt
    # the section's Python (tests/test_readme.py leaves it to this test, which has the outputs)
    python = re.search(r"```python\n(.+?)```", section, re.S).group(1)  # type: ignore[union-attr]
    namespace: dict[str, object] = {"QUERY": sql}
    with pytest.MonkeyPatch.context() as mp:
        mp.chdir(tmp_path)
        exec(python + "\nframe = con.sql(QUERY).df()", namespace)
    assert len(namespace["frame"]) == len(rows)  # type: ignore[arg-type]


def test_text_that_looks_like_a_formula_stays_text(tmp_path: Path) -> None:
    import openpyxl

    notice = (DEV / f"{STEMS[4]}.txt").read_text("utf-8")
    title = '=HYPERLINK("http://x","关于开展技能培训的通知")'
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(title + "\n" + notice, "utf-8")
    for fmt in ("csv", "xlsx"):
        run_batch([tmp_path / "in" / "a.txt"], tmp_path / fmt, workers=1, fmt=fmt)
    book = openpyxl.load_workbook(tmp_path / "xlsx" / "policyparse.xlsx")
    sheet = book["documents"]
    header = [c.value for c in sheet[1]]
    cell = sheet.cell(row=2, column=header.index("text") + 1)
    assert cell.data_type == "s" and cell.value.startswith(title)
    rows = list(csv.DictReader((tmp_path / "csv" / "documents.csv").open(encoding="utf-8-sig")))
    assert rows[0]["text"] == "'" + title + "\n" + notice  # Excel shows it, never runs it
