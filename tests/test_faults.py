"""Hostile and broken input: every file yields its typed error (or a correct parse), within limits.

The fault corpus is generated in ``tmp_path``: each case is ``(name, build, expected)`` where
``build(folder)`` writes the file and ``expected`` is the error class name or ``"ok"``.
The same corpus is then run through ``policyparse batch`` next to good notices, measuring the
peak memory of the whole process tree.
"""

from __future__ import annotations

import contextlib
import functools
import io
import json
import os
import sys
import threading
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import psutil
import pytest

from policyparse import parse
from policyparse.batch import run_batch
from policyparse.errors import (
    CorruptFile,
    PolicyParseError,
    TooLarge,
    UnreadableFile,
    UnsafeDocument,
)
from policyparse.limits import Limits, check_text
from policyparse.loaders import load_bytes, load_path

sys.path.insert(0, str(Path(__file__).parent))
from loader_factories import (
    blocks_from_text,
    docx_bytes,
    encrypted_pdf_bytes,
    lines_pdf_bytes,
    pdf_bytes,
    scan_like_pdf_bytes,
)

ROOT = Path(__file__).resolve().parents[1]
NOTICE = sorted((ROOT / "corpora" / "dev").glob("*.txt"))[0].read_text("utf-8")
LINES = NOTICE.split("\n")


def _random(seed: int, n: int = 20_000) -> bytes:
    """Deterministic noise; each file its own (the batch parses equal bytes only once)."""
    import random

    return random.Random(seed).randbytes(n)


RANDOM = _random(0)
TEN_LINES = [line for line in LINES if len(line.strip()) > 8][:10]


def _write(name: str, data: bytes | Callable[[], bytes]) -> Callable[[Path], Path]:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data() if callable(data) else data)
        return path

    return build


def _docx_with_parts(**parts: bytes) -> bytes:
    """A real DOCX with some parts replaced (e.g. ``word/document.xml``)."""
    src = zipfile.ZipFile(io.BytesIO(docx_bytes(blocks_from_text(NOTICE))))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            out.writestr(info.filename, parts.get(info.filename, src.read(info)))
    return buf.getvalue()


@functools.lru_cache(maxsize=1)
def _zip_bomb() -> bytes:
    # 64 MB of zeros deflates ~1000x to 64 KB: refused from the zip directory alone
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        out.writestr("[Content_Types].xml", "<Types/>")
        with out.open("word/document.xml", "w", force_zip64=True) as fh:
            block = b"\0" * (1 << 20)
            for _ in range(64):
                fh.write(block)
    return buf.getvalue()


_XXE = b"""<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&xxe;</w:t></w:r></w:p></w:body></w:document>"""
_LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
        for i in range(1, 10)
    )
    + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r>'
    b"<w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"
)


def _notice_docx() -> bytes:
    return docx_bytes(blocks_from_text(NOTICE))


def _bad_deflate_docx() -> bytes:
    """A DOCX whose document.xml has damaged compressed bytes (zip directory intact)."""
    data = bytearray(_notice_docx())
    info = zipfile.ZipFile(io.BytesIO(bytes(data))).getinfo("word/document.xml")
    extra = int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little")
    start = info.header_offset + 30 + len(info.filename.encode()) + extra
    middle = start + info.compress_size // 2
    data[middle : middle + 16] = bytes(b ^ 0xA5 for b in data[middle : middle + 16])
    return bytes(data)


def _notice_pdf() -> bytes:
    return pdf_bytes(blocks_from_text(NOTICE))


def _symlink_to_self(folder: Path) -> Path:
    path = folder / "loop.txt"
    path.symlink_to(path)
    return path


def _folder_named_pdf(folder: Path) -> Path:
    path = folder / "not a file.pdf"
    path.mkdir()
    return path


def _fifo(folder: Path) -> Path:
    path = folder / "pipe.txt"
    os.mkfifo(path)  # reading it would block forever
    return path


CASES: list[tuple[str, Callable[[Path], Path], str]] = [
    ("empty.txt", _write("empty.txt", b""), "EmptyDocument"),
    ("blank.txt", _write("blank.txt", " \n\t\n\u3000\n".encode()), "EmptyDocument"),
    ("random.pdf", _write("random.pdf", RANDOM), "CorruptFile"),
    ("random.docx", _write("random.docx", _random(1)), "CorruptFile"),
    ("random.txt", _write("random.txt", _random(2)), "CorruptFile"),
    ("truncated.pdf", _write("truncated.pdf", lambda: _notice_pdf()[:4000]), "CorruptFile"),
    ("truncated.docx", _write("truncated.docx", lambda: _notice_docx()[:3000]), "CorruptFile"),
    ("bad-deflate.docx", _write("bad-deflate.docx", _bad_deflate_docx), "CorruptFile"),
    ("empty-zip.docx", _write("empty-zip.docx", b"PK\x05\x06" + b"\0" * 18), "CorruptFile"),
    (
        "page-missing.pdf",
        _write("page-missing.pdf", lambda: _notice_pdf().replace(b"/Count ", b"/Count 9", 1)),
        "CorruptFile",
    ),
    ("encrypted.pdf", _write("encrypted.pdf", encrypted_pdf_bytes), "EncryptedDocument"),
    ("ole.docx", _write("ole.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + _random(3)), "EncryptedDocument"),
    ("scan.pdf", _write("scan.pdf", scan_like_pdf_bytes), "NoTextLayer"),
    ("bomb.docx", _write("bomb.docx", _zip_bomb), "UnsafeDocument"),
    (
        "xxe.docx",
        _write("xxe.docx", lambda: _docx_with_parts(**{"word/document.xml": _XXE})),
        "UnsafeDocument",
    ),
    (
        "laughs.docx",
        _write("laughs.docx", lambda: _docx_with_parts(**{"word/document.xml": _LAUGHS})),
        "UnsafeDocument",
    ),
    ("latin1.txt", _write("latin1.txt", bytes(range(0x80, 0x100)) * 40), "CorruptFile"),  # not UTF-8, not GBK
    ("nul.txt", _write("nul.txt", b"abc\0def\n" * 10), "CorruptFile"),
    ("gbk.txt", _write("gbk.txt", NOTICE.encode("gbk")), "ok"),
    ("utf16.txt", _write("utf16.txt", NOTICE.encode("utf-16")), "ok"),
    ("utf16le-nobom.txt", _write("utf16le-nobom.txt", NOTICE.encode("utf-16-le")), "ok"),
    (
        "mixed.txt",
        _write("mixed.txt", "\n".join(LINES[:8]).encode() + b"\n" + "\n".join(LINES[8:]).encode("gbk")),
        "ok",
    ),
    ("a b;$(x).txt", _write("a b;$(x).txt", (NOTICE + "\n").encode()), "ok"),
    ("关于 通知 (1)'&.docx", _write("关于 通知 (1)'&.docx", _notice_docx), "ok"),
    ("control.txt", _write("control.txt", ("\x01\x07\x1b[31m\x7f\u200b\ufeff" + NOTICE).encode()), "ok"),
    ("nested.txt", lambda folder: _write("nested.txt", _nested(10_000).encode())(folder), "ok"),
    ("loop.txt", _symlink_to_self, "UnreadableFile"),
    ("not a file.pdf", _folder_named_pdf, "UnreadableFile"),
    ("pipe.txt", _fifo, "UnreadableFile"),
]


def _nested(levels: int) -> str:
    """A heading then ``levels`` clause labels, each one level below the previous on the ladder."""
    ladder = ("{cn}、", "（{cn}）", "{n}.", "（{n}）", "①")
    from policyparse.numerals import int_to_cn

    lines = ["关于开展测试工作的通知"]
    for i in range(levels):
        n = i // 5 + 1
        lines.append(ladder[i % 5].format(cn=int_to_cn(n), n=n) + f"第{i + 1}项要求。")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize(("name", "build", "expected"), CASES, ids=[c[0] for c in CASES])
def test_library_gives_the_typed_error(
    tmp_path: Path, name: str, build: Callable[[Path], Path], expected: str
) -> None:
    path = build(tmp_path)
    started = time.monotonic()
    if expected == "ok":
        doc = parse(path)
        assert doc.source.path == str(path)
        assert doc.clauses, "a notice parses into clauses"
    else:
        with pytest.raises(PolicyParseError) as info:
            parse(path)
        assert type(info.value).__name__ == expected, str(info.value)
        assert str(path) in str(info.value), "the error names the file"
        assert info.value.message, "and the reason"
    assert time.monotonic() - started < 10


def test_zip_bomb_is_refused_before_inflating(tmp_path: Path) -> None:
    data = _zip_bomb()
    before = psutil.Process().memory_info().rss
    with pytest.raises(UnsafeDocument, match="zip bomb"):
        load_bytes(data, "docx", path="bomb.docx")
    assert psutil.Process().memory_info().rss - before < 100 << 20


def test_a_lying_zip_directory_is_still_bounded() -> None:
    # honest sizes under the limit pass; a member over max_unzipped_bytes is refused
    with pytest.raises(UnsafeDocument):
        load_bytes(_notice_docx(), "docx", path="x.docx", limits=Limits(max_unzipped_bytes=1000))
    assert load_bytes(_notice_docx(), "docx", path="x.docx").text.startswith(LINES[0].strip()[:4])


@pytest.mark.parametrize(
    ("limits", "fmt", "data", "error"),
    [
        (Limits(max_file_bytes=1000), "txt", NOTICE.encode(), TooLarge),
        (Limits(max_text_chars=1000), "txt", NOTICE.encode(), TooLarge),
        (Limits(max_pdf_pages=1), "pdf", lines_pdf_bytes([TEN_LINES[n : n + 5] for n in range(3)]), TooLarge),
        (Limits(max_zip_members=3), "docx", _notice_docx(), UnsafeDocument),
    ],
    ids=["file-size", "text-chars", "pdf-pages", "zip-members"],
)
def test_each_limit_is_enforced(limits: Limits, fmt: str, data: bytes, error: type) -> None:
    with pytest.raises(error, match="limit"):
        load_bytes(data, fmt, path=f"x.{fmt}", limits=limits)
    load_bytes(data, fmt, path=f"x.{fmt}")  # within the default limits


def test_file_size_is_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "sparse.txt"
    with path.open("wb") as fh:  # 3 GB sparse file: reading it would take the memory
        fh.truncate(3 << 30)
    started = time.monotonic()
    with pytest.raises(TooLarge, match="over the limit"):
        load_path(path)
    assert time.monotonic() - started < 1


def test_50_mb_text_file_is_refused_fast(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    path.write_bytes(NOTICE.encode() * (50_000_000 // len(NOTICE.encode())))
    started = time.monotonic()
    with pytest.raises(TooLarge, match="characters"):
        parse(path)
    assert time.monotonic() - started < 10


def test_large_text_within_limits_parses(tmp_path: Path) -> None:
    text = NOTICE * (1_000_000 // len(NOTICE))
    started = time.monotonic()
    doc = parse(text)
    assert time.monotonic() - started < 20
    assert len(doc.targets) >= 100


@pytest.mark.slow
def test_500_page_pdf_parses(tmp_path: Path) -> None:
    page = [f"{n}. 第{n}项工作要求，全年完成培训{n}万人次。" for n in range(1, 31)]
    path = tmp_path / "long.pdf"
    path.write_bytes(lines_pdf_bytes([["一、总体要求", *page]] + [page] * 499))
    started = time.monotonic()
    doc = parse(path)
    assert len(doc.source.page_starts) == 500
    assert time.monotonic() - started < 120


def test_10000_nested_levels_are_fast_and_bounded() -> None:
    started = time.monotonic()
    doc = parse(_nested(10_000))
    assert time.monotonic() - started < 10
    assert max(c.level for c in doc.iter_clauses()) <= 5  # the ladder bounds the depth


@pytest.mark.parametrize(
    ("text", "error", "message"),
    [("一、总体要求\ud800全年完成培训。\n", CorruptFile, "U\\+D800 at character 6"),
     ("\udfff", CorruptFile, "lone surrogate"), ("x" * 101, TooLarge, "101 characters")],
    ids=["lone-high-surrogate", "lone-low-surrogate", "too-long"],
)  # fmt: skip
def test_check_text_refuses_what_cannot_be_parsed(text: str, error: type, message: str) -> None:
    with pytest.raises(error, match=message):
        check_text(text, Limits(max_text_chars=100))


@pytest.mark.parametrize(
    "text",
    ["一、总体要求\n全年完成培训65万人次。\n", "\x00\x01\x02" + NOTICE, "\u202e\u200d\ufeff" * 100 + NOTICE],
    ids=["plain", "control-chars", "bidi-and-zero-width"],
)
def test_check_text_accepts_real_text(text: str) -> None:
    check_text(text)
    parse(text).to_json()


def test_utf16_file_with_a_lone_surrogate_decodes_with_replacement() -> None:
    data = b"\xff\xfe" + "一、总体要求".encode("utf-16-le") + b"\x00\xd8" + "全年完成。\n".encode("utf-16-le")
    loaded = load_bytes(data, "txt", path="x.txt")
    assert "\ufffd" in loaded.text and "\ud800" not in loaded.text


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode (CI runs as root)")
def test_unreadable_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "secret.txt"
    path.write_text(NOTICE, "utf-8")
    path.chmod(0)
    with pytest.raises(UnreadableFile, match="permission denied"):
        parse(path)


def test_missing_file_is_unreadable(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="no such file"):
        load_path(tmp_path / "gone.pdf")


# -- the same corpus through the batch -----------------------------------------------------------


def _peak_rss_of_tree(stop: threading.Event, peak: list[int]) -> None:
    """peak[0]: the tree's summed RSS; peak[1]: the largest single worker's."""
    me = psutil.Process()
    while not stop.is_set():
        total = 0
        for proc in [me, *me.children(recursive=True)]:
            with contextlib.suppress(psutil.Error):  # a worker may exit meanwhile
                rss = proc.memory_info().rss
                total += rss
                if proc.pid != me.pid:
                    peak[1] = max(peak[1], rss)
        peak[0] = max(peak[0], total)
        time.sleep(0.05)


@pytest.mark.slow
def test_batch_parses_the_good_files_and_names_every_bad_one(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    expected: dict[str, str] = {}
    for name, build, error in CASES:
        build(folder)
        if name not in ("loop.txt", "not a file.pdf", "pipe.txt"):  # skipped: not regular files
            expected[name] = error
    (folder / "huge.txt").write_bytes(NOTICE.encode() * (50_000_000 // len(NOTICE.encode())))
    expected["huge.txt"] = "TooLarge"
    good = sorted((ROOT / "corpora" / "dev").glob("*.txt"))
    for path in good:
        (folder / path.name).write_bytes(path.read_bytes())
        expected[path.name] = "ok"
    (folder / "sub").mkdir()
    (folder / "sub" / "up").symlink_to(folder)  # a symlink loop in the input folder

    stop, peak = threading.Event(), [0, 0]
    watcher = threading.Thread(target=_peak_rss_of_tree, args=(stop, peak), daemon=True)
    watcher.start()
    try:
        summary = run_batch([folder], tmp_path / "out", workers=2, timeout=60)
    finally:
        stop.set()
        watcher.join()

    errors = {
        Path(e["path"]).name: e["error"] for e in map(json.loads, (tmp_path / "out" / "errors.jsonl").open())
    }
    parsed = {
        Path(d["source"]["path"]).name for d in map(json.loads, (tmp_path / "out" / "documents.jsonl").open())
    }
    for name, want in expected.items():
        got = "ok" if name in parsed else errors.get(name)
        assert got == want, f"{name}: {got} != {want}"
    assert summary.skipped >= 2  # the folder named .pdf and the FIFO
    # 1 GB a document, in each worker (the OCR of scan.pdf loads its models: ~300 MB in one worker);
    # the tree of two workers and the test process stays well under two such budgets
    assert peak[1] < 1 << 30, f"peak RSS of a batch worker {peak[1] >> 20} MB"
    assert peak[0] < 2 << 30, f"peak RSS of the batch tree {peak[0] >> 20} MB"
    print(f"batch: {summary.to_text()}; peak RSS {peak[0] >> 20} MB (worker {peak[1] >> 20} MB)")


@pytest.mark.slow  # a batch through the CLI
def test_cli_prints_one_line_per_error_and_no_traceback(tmp_path: Path) -> None:
    import subprocess

    bad = _write("random.pdf", RANDOM)(tmp_path)
    exe = [sys.executable, "-m", "policyparse"]
    run = subprocess.run([*exe, "parse", str(bad)], capture_output=True, text=True, timeout=60)
    assert run.returncode == 1
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"error: {bad}: not a readable PDF"), run.stderr
    run = subprocess.run([*exe, "--debug", "parse", str(bad)], capture_output=True, text=True, timeout=60)
    assert "Traceback" in run.stderr and "CorruptFile" in run.stderr
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("empty.txt", "random.docx"):
        {c[0]: c[1] for c in CASES}[name](folder)
    run = subprocess.run([*exe, "batch", str(folder), "-o", str(tmp_path / "out"), "--workers", "1"],
                         capture_output=True, text=True, timeout=120)  # fmt: skip
    assert run.returncode == 1
    failures = [line for line in run.stderr.splitlines() if line.startswith("✗ ")]
    assert sorted(line.split(": ")[1] for line in failures) == ["CorruptFile", "EmptyDocument"]
    assert "Traceback" not in run.stderr


def test_one_long_wrapped_paragraph_is_linear() -> None:
    wrapped = (
        "关于开展测试工作的通知\n"
        + "\n".join(["推进职业技能培训工作扎实开展各项任务落实到位确保取得实效"] * 4_000)
        + "\n"
    )
    started = time.monotonic()
    parse(wrapped)
    assert time.monotonic() - started < 1  # linear: ~0.05 s; quadratic: ~7 s
