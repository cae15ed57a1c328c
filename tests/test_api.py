"""parse(): accepted sources, limits on text input, parse_many error handling."""

from pathlib import Path

import pytest

from policyparse import parse, parse_many, parse_text
from policyparse.errors import CorruptFile, PolicyParseError, TooLarge, UnsupportedFormat
from policyparse.limits import Limits

SAMPLE = Path(__file__).resolve().parents[1] / "corpora" / "dev" / "004_6f963c420dca890b.txt"
TEXT = SAMPLE.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "source",
    [SAMPLE, str(SAMPLE), SAMPLE.read_text(encoding="utf-8"), SAMPLE.read_bytes()],
    ids=["path", "path-str", "text", "bytes"],
)
def test_every_source_kind_gives_the_same_parse(source: object) -> None:
    doc = parse(source)  # type: ignore[arg-type]
    assert doc.meta.doc_number is not None
    assert doc.meta.doc_number.raw == "沪人社职〔2026〕79号"
    assert [t.value for t in doc.targets] == [650000, 60000, 50000, 20]


def test_text_with_lone_surrogate_is_a_typed_error() -> None:
    with pytest.raises(CorruptFile, match="surrogate"):
        parse("关于开展培训的通知\n全年培训\ud800人次。")


def test_text_over_the_character_limit_is_refused() -> None:
    with pytest.raises(TooLarge):
        parse("一" * 200, limits=Limits(max_text_chars=100))


def test_parse_many_yields_errors_in_place_and_goes_on(tmp_path: Path) -> None:
    bad = tmp_path / "notice.xyz"
    bad.write_text("x", encoding="utf-8")
    results = list(parse_many([SAMPLE, bad, SAMPLE]))
    assert isinstance(results[1], UnsupportedFormat)
    assert isinstance(results[1], PolicyParseError)
    assert "notice.xyz" in str(results[1])
    assert results[0] == results[2]
    assert not isinstance(results[0], PolicyParseError)


# -- a str is a path only by its shape; parse_text never reads a file --------------------------


@pytest.mark.parametrize("name", ["gone.txt", "gone.PDF", "sub/gone.docx", "gone.html", "gone.wps"])
def test_a_missing_path_is_an_unreadable_file_not_a_one_line_notice(tmp_path: Path, name: str) -> None:
    from policyparse.errors import UnreadableFile

    missing = str(tmp_path / name)
    for source in (missing, f"  {missing}\n"):
        with pytest.raises(UnreadableFile, match="no such file") as info:
            parse(source)
        assert info.value.path == missing


def test_an_existing_path_with_a_trailing_newline_is_read() -> None:
    doc = parse(f"{SAMPLE}\n")
    assert (doc.source.path, doc.source.format) == (str(SAMPLE), "txt")


@pytest.mark.parametrize(
    "text", ["全年完成培训65万人次。", "关于印发《实施方案.》的通知", "见附件 report.xyz"]
)
def test_one_line_text_without_a_known_extension_is_text(text: str) -> None:
    doc = parse(text)
    assert (doc.source.format, doc.source.text) == ("text", text)


@pytest.fixture
def no_file_system(monkeypatch: pytest.MonkeyPatch):
    """Any attempt to open, stat or list a file fails the test."""
    import builtins
    import os

    parse_text("一、总体要求\n全年完成培训65万人次。")  # rules are loaded (and cached) before the ban

    def banned(*args: object, **kwargs: object) -> None:
        raise AssertionError(f"file system touched: {args[:1]}")

    for module, name in [(os, "open"), (os, "stat"), (os, "scandir"), (builtins, "open"), (os.path, "exists"),
                         (os.path, "isdir"), (os.path, "isfile")]:  # fmt: skip
        monkeypatch.setattr(module, name, banned)
    monkeypatch.setattr(Path, "exists", banned)


def test_parse_text_never_touches_the_file_system(no_file_system: None) -> None:
    doc = parse_text(str(SAMPLE))  # an existing file's name is parsed as characters
    assert (doc.source.format, doc.source.text, doc.source.path) == ("text", str(SAMPLE), None)
    doc = parse_text(TEXT)
    assert doc.meta.doc_number is not None and doc.meta.doc_number.raw == "沪人社职〔2026〕79号"
    assert [t.value for t in doc.targets] == [650000, 60000, 50000, 20]


def test_parse_many_as_text_never_touches_the_file_system(no_file_system: None) -> None:
    results = list(parse_many([str(SAMPLE), TEXT, "x\ud800"], as_text=True))
    assert results[0].source.text == str(SAMPLE)  # type: ignore[union-attr]
    assert [t.value for t in results[1].targets] == [650000, 60000, 50000, 20]  # type: ignore[union-attr]
    assert isinstance(results[2], CorruptFile)


def test_parse_text_refuses_what_is_not_a_str() -> None:
    with pytest.raises(TypeError):
        parse_text(SAMPLE)  # type: ignore[arg-type]


def test_parse_many_takes_a_folder_and_a_missing_path_in_place(tmp_path: Path) -> None:
    from policyparse.errors import UnreadableFile

    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "b.txt").write_text(TEXT, "utf-8")
    (folder / "a.txt").write_text(TEXT.replace("79号", "80号"), "utf-8")
    (folder / "notes.json").write_text("{}", "utf-8")
    docs = list(parse_many(folder))
    assert [d.meta.doc_number.raw for d in docs] == ["沪人社职〔2026〕80号", "沪人社职〔2026〕79号"]  # type: ignore[union-attr]
    results = list(parse_many([str(tmp_path / "gone.pdf"), str(SAMPLE)]))
    assert isinstance(results[0], UnreadableFile) and results[1].meta.doc_number is not None  # type: ignore[union-attr]


@pytest.mark.slow  # worker processes
def test_parse_many_as_text_in_worker_processes_keeps_errors_in_place() -> None:
    results = list(parse_many(["x\ud800", TEXT, "y\ud800"], as_text=True, workers=2))
    assert isinstance(results[0], CorruptFile) and isinstance(results[2], CorruptFile)
    assert results[1].source.format == "text"  # type: ignore[union-attr]
