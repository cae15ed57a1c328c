"""Hostile folders through the batch (issue 16): names of any bytes, links out of the inputs,
FIFOs and folders named like files, two runs on one OUT. Every input is named in
``OUT/sources.jsonl`` with its status; nothing aborts the run."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from policyparse.batch import OutLock, run_batch
from policyparse.errors import OutputLocked
from policyparse.inputs import collect_files
from policyparse.paths import for_terminal, shown
from policyparse.pool import limit_memory

pytestmark = pytest.mark.slow  # batch runs in worker processes


ROOT = Path(__file__).resolve().parents[1]
NOTICE = sorted((ROOT / "corpora" / "dev").glob("*.txt"))[0].read_bytes()
GBK_NAME = os.fsdecode("关于通知".encode("gbk") + b".txt")  # surrogate-escaped when read back


def sources(out: Path) -> dict[str, dict[str, str]]:
    return {Path(r["path"]).name: r for r in map(json.loads, (out / "sources.jsonl").open(encoding="utf-8"))}


@pytest.fixture
def hostile(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / GBK_NAME).write_bytes(NOTICE)
    (folder / "sub" / "copy.txt").write_bytes(NOTICE)  # the same bytes: a duplicate
    (folder / "bad\x1b[31m.pdf").write_bytes(b"not a pdf")
    (folder / "x.pdf").mkdir()
    os.mkfifo(folder / "pipe.txt")
    outside = tmp_path / "secret.txt"
    outside.write_bytes(NOTICE.replace("通知".encode(), "秘密".encode(), 1))
    (folder / "sub" / "leak.txt").symlink_to(outside)
    (folder / "etc").symlink_to(tmp_path, target_is_directory=True)
    (folder / "notes.csv").write_text("a,b\n", "utf-8")
    return folder


def test_every_input_is_named_with_its_status(hostile: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    summary = run_batch([hostile], out, workers=1, timeout=60)
    got = sources(out)
    gbk = shown(str(hostile / GBK_NAME))
    assert gbk is not None and "\\xb9\\xd8" in gbk  # GBK bytes shown escaped, not lost
    assert got[Path(gbk).name]["status"] == "parsed"
    assert got["copy.txt"]["status"] == "duplicate" and got["copy.txt"]["duplicate_of"] == gbk
    assert got["bad\x1b[31m.pdf"]["status"] == "failed" and got["bad\x1b[31m.pdf"]["reason"].startswith(
        "CorruptFile"
    )
    assert got["pipe.txt"]["reason"] == "not a regular file: a FIFO (reading it could block forever)"
    assert got["x.pdf"]["reason"].startswith("a folder named like a document")
    assert got["leak.txt"]["status"] == "skipped" and "out of the input folders" in got["leak.txt"]["reason"]
    assert got["etc"]["status"] == "skipped"
    assert got["notes.csv"]["reason"] == "unsupported extension .csv"
    docs = [json.loads(line) for line in (out / "documents.jsonl").open(encoding="utf-8")]
    assert [d["source"]["path"] for d in docs] == [gbk]  # the secret outside was not read
    assert summary.parsed == 1 and summary.failed == 1 and summary.duplicates == 1


def test_follow_links_reads_them(hostile: Path, tmp_path: Path) -> None:
    files, _ = collect_files([hostile], follow_links=True)
    assert {os.path.realpath(p) for p in files} >= {
        str((tmp_path / "secret.txt").resolve())
    }  # via etc/ or leak.txt
    files, skipped = collect_files([hostile])
    assert (
        not {"leak.txt", "secret.txt"} & {p.name for p in files} and skipped["(link out of the inputs)"] == 2
    )


def test_a_second_batch_on_the_same_out_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "out"
    lock = OutLock(out)
    try:
        with pytest.raises(
            OutputLocked, match=f"another batch is writing into this folder \\(pid {os.getpid()}"
        ):
            run_batch([tmp_path / "none"], out, workers=1)
        folder = tmp_path / "in"
        folder.mkdir()
        (folder / "a.txt").write_bytes(NOTICE)
        run = subprocess.run([sys.executable, "-m", "policyparse", "batch", str(folder), "-o", str(out)],
                             capture_output=True, text=True, timeout=120)  # fmt: skip
        assert run.returncode == 2 and f"pid {os.getpid()}" in run.stderr, run.stderr
    finally:
        lock.release()
    assert run_batch([folder], out, workers=1).parsed == 1  # free again; the lock file is gone
    assert not (out / ".policyparse.lock").exists()


def test_control_characters_never_reach_the_terminal(tmp_path: Path) -> None:
    bad = tmp_path / "x\x1b]0;pwned\x07.pdf"
    bad.write_bytes(b"junk")
    run = subprocess.run([sys.executable, "-m", "policyparse", "parse", str(bad)], capture_output=True, text=True,
                         timeout=60)  # fmt: skip
    assert run.returncode == 1
    assert "\x1b" not in run.stderr and "\x07" not in run.stderr and "x\\x1b]0;pwned\\x07.pdf" in run.stderr
    assert for_terminal("a\x9bb\nc") == "a\\x9bb\nc"


def test_worker_memory_is_capped() -> None:
    code = (
        "from policyparse.pool import limit_memory\n"
        "assert limit_memory(300)\n"
        "try:\n    bytearray(1 << 30)\nexcept MemoryError:\n    print('refused')\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                         env={**os.environ, "PYTHONPATH": str(ROOT / "src")})  # fmt: skip
    assert run.stdout.strip() == "refused", run.stderr
    assert limit_memory  # the worker calls it with Limits.max_memory_mb


def test_zip_and_tar_inputs_are_unpacked_within_the_limits(tmp_path: Path) -> None:
    import io
    import tarfile
    import zipfile

    folder = tmp_path / "in"
    folder.mkdir()
    with zipfile.ZipFile(folder / "notices.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("2025/a.txt", NOTICE)
    with zipfile.ZipFile(folder / "evil.zip", "w") as zf:
        zf.writestr("../../escape.txt", NOTICE)
    with zipfile.ZipFile(folder / "bomb.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("zeros.txt", b"\0" * (64 << 20))
    with tarfile.open(folder / "more.tar.gz", "w:gz") as tf:
        other = NOTICE.replace("通知".encode(), "意见".encode(), 1)
        info = tarfile.TarInfo("b.txt")
        info.size = len(other)
        tf.addfile(info, io.BytesIO(other))
        link = tarfile.TarInfo("passwd.txt")
        link.type, link.linkname = tarfile.SYMTYPE, "/etc/passwd"
        tf.addfile(link)
    out = tmp_path / "out"
    summary = run_batch([folder], out, workers=1, timeout=60)
    got = sources(out)
    assert got["notices.zip"]["status"] == "unpacked" and got["more.tar.gz"]["status"] == "unpacked"
    assert got["a.txt"]["status"] == "parsed" and got["b.txt"]["status"] == "parsed"
    assert (
        got["evil.zip"]["status"] == "failed" and "outside the archive's folder" in got["evil.zip"]["reason"]
    )
    assert got["bomb.zip"]["reason"].startswith("UnsafeDocument") and "zip bomb" in got["bomb.zip"]["reason"]
    assert "passwd.txt" not in got and not (tmp_path / "escape.txt").exists()
    assert summary.parsed == 2 and summary.errors["UnsafeDocument"] == 2


def test_a_full_disk_is_named_not_hidden_by_the_failed_rollback(tmp_path: Path) -> None:
    # DuckDB on a full disk: COMMIT raises IOException, and ROLLBACK then fails as well ("cannot
    # rollback - no transaction is active"); the run must report the first error, typed
    duckdb = pytest.importorskip("duckdb")
    from policyparse.batch import DuckdbWriter
    from policyparse.errors import OutputWriteError

    writer = DuckdbWriter(tmp_path, resume=False)
    real = writer.con

    class FullDisk:
        def __getattr__(self, name: str) -> object:
            return getattr(real, name)

        def execute(self, sql: str, *args: object) -> object:
            if sql == "COMMIT":
                raise duckdb.IOException(
                    'Could not write file "policyparse.duckdb.wal": No space left on device'
                )
            if sql == "ROLLBACK":
                raise duckdb.TransactionException("cannot rollback - no transaction is active")
            return real.execute(sql, *args)

    writer.con = FullDisk()  # type: ignore[assignment]
    with pytest.raises(OutputWriteError, match="No space left on device") as caught:
        writer.commit({}, [("doc-1", "a.txt")])
    assert caught.value.path == str(tmp_path / "policyparse.duckdb")
    writer.con = real
    real.execute("ROLLBACK")
    assert real.execute("SELECT count(*) FROM _done").fetchone() == (0,)  # the chunk is not done
    writer.close()


@pytest.mark.parametrize("fmt", ["duckdb", "parquet"])
def test_sources_and_errors_are_tables_beside_the_records(hostile: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "out"
    run_batch([hostile], out, workers=1, timeout=60, fmt=fmt)
    expected = sorted((r["path"], r["status"]) for r in sources(out).values())
    errors = [json.loads(line)["error"] for line in (out / "errors.jsonl").open(encoding="utf-8")]
    if fmt == "duckdb":
        import duckdb

        con = duckdb.connect(str(out / "policyparse.duckdb"), read_only=True)
        got = sorted(con.execute("SELECT path, status FROM sources").fetchall())
        got_errors = [row[0] for row in con.execute("SELECT error FROM errors").fetchall()]
        con.close()
    else:
        import pyarrow.parquet as pq

        got = sorted((r["path"], r["status"]) for r in pq.read_table(out / "sources.parquet").to_pylist())
        got_errors = [r["error"] for r in pq.read_table(out / "errors.parquet").to_pylist()]
    assert got == expected and len(got) == 8  # every input met, the parsed one and the skipped ones
    assert got_errors == errors == ["CorruptFile"]
