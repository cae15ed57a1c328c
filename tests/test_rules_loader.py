"""load_rules: shipped rules validate; a user folder overlays them; bad files give RuleError."""

from pathlib import Path

import pytest

from policyparse.errors import RuleError
from policyparse.rules import load_rules


def test_shipped_rules_load_and_have_chrome() -> None:
    rules = load_rules()
    assert "扫一扫在手机打开当前页" in rules.get("chrome")["lines"]
    assert rules.expand("$year") == "(?:19|20)\\d{2}"


def test_user_folder_appends_to_lists(tmp_path: Path) -> None:
    (tmp_path / "chrome.yaml").write_text("lines:\n  - 本页由某市政府网站生成\n", encoding="utf-8")
    rules = load_rules(tmp_path)
    lines = rules.get("chrome")["lines"]
    assert "本页由某市政府网站生成" in lines
    assert "扫一扫在手机打开当前页" in lines  # shipped entries kept


def test_user_rules_change_parsing(tmp_path: Path) -> None:
    from policyparse import parse

    text = "关于做好培训工作的通知\n各区人力资源社会保障局：\n一、总体要求\n认真落实。\n本页由某市政府网站生成\n二、工作安排\n按时完成。"
    before = parse(text)
    assert "本页由某市政府网站生成" in before.clause("1").text
    (tmp_path / "chrome.yaml").write_text("lines:\n  - 本页由某市政府网站生成\n", encoding="utf-8")
    doc = parse(text, rules=tmp_path)
    # the chrome line is dropped from parsing, yet the source text is untouched
    assert [c.label for c in doc.iter_clauses()] == ["一、", "二、"]
    assert "本页由" not in doc.clause("1").text
    assert "本页由某市政府网站生成" in doc.source.text


@pytest.mark.parametrize(
    ("name", "content"),
    [("chrome", "lines: 5\n"), ("unknown_file", "a: 1\n"), ("chrome", "lines: [\n")],
    ids=["wrong-type", "no-schema", "bad-yaml"],
)
def test_bad_rule_files_raise_rule_error_naming_the_file(tmp_path: Path, name: str, content: str) -> None:
    (tmp_path / f"{name}.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(RuleError) as err:
        load_rules(tmp_path)
    assert f"{name}.yaml" in str(err.value) or str(tmp_path) in str(err.value)


def test_missing_folder_is_a_rule_error(tmp_path: Path) -> None:
    with pytest.raises(RuleError):
        load_rules(tmp_path / "nope")


_SAMPLE = "各区财政局：2024—2026年，3月底前完成65万人次。\x1c沪人社职〔2025〕87号 上半年 3.5%"


@pytest.mark.parametrize(
    ("pattern", "engine"),
    [
        ("号", "re"),
        (r"[年月季半五\-./]", "re"),
        (r"(?:至|到|—|-)2026年", "re"),
        (r"(?<![.年])20\d\d年", "regex"),  # \d: regex knows newer digits than Python's unicodedata
        (r"\p{Han}{2}局", "regex"),  # \p{..} is regex-only
        (r"\s+\d", "regex"),  # \s differs: \x1c is space to str.isspace, not to Unicode
        (r"(?<!ab|c)\d", "regex"),  # variable-width lookbehind
        (r"\w+", "regex"),
    ],
    ids=["literal", "class", "range-word", "digit", "han-property", "space", "var-lookbehind", "word"],
)
def test_compile_plain_picks_the_engine_and_matches_alike(pattern: str, engine: str) -> None:
    import re

    import regex

    from policyparse.rules import compile_plain

    compiled = compile_plain(pattern)
    assert isinstance(compiled, re.Pattern) == (engine == "re")
    expected = [m.span() for m in regex.compile(pattern).finditer(_SAMPLE)]
    assert [m.span() for m in compiled.finditer(_SAMPLE)] == expected
    assert expected  # the sample holds a match, so the comparison means something
