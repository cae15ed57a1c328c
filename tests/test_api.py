"""parse(): accepted sources, limits on text input, parse_many error handling."""

from pathlib import Path

import pytest

from policyparse import parse, parse_many
from policyparse.errors import CorruptFile, PolicyParseError, TooLarge, UnsupportedFormat
from policyparse.limits import Limits

SAMPLE = Path(__file__).resolve().parents[1] / "corpora" / "dev" / "004_6f963c420dca890b.txt"


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
