"""header_lines: the shared line reader and text helpers of the header modules."""

from __future__ import annotations

import pytest

from policyparse.document import Document
from policyparse.models import Meta
from policyparse.rules import load_rules
from policyparse.structure import parse_header
from policyparse.structure.header_lines import (
    Layout,
    header_rules,
    iso_date,
    loose_date,
    split_names,
    unquoted,
)

RULES = load_rules()


def header(text: str) -> Meta:
    return parse_header(Document.from_text(text), RULES)


@pytest.mark.parametrize(
    ("y", "mo", "d", "iso"),
    [
        ("2023", "5", "11", "2023-05-11"),
        ("二〇二二", "六", "六", "2022-06-06"),
        ("二○二三", "十二", "三十一", "2023-12-31"),
        ("2023", "2", "30", None),
    ],
    ids=["arabic", "chinese", "chinese-circle-zero", "invalid"],
)
def test_iso_date(y: str, mo: str, d: str, iso: str | None) -> None:
    assert iso_date(y, mo, d) == iso


# -- rules/header.yaml: each example matches the normalised text, no counter-example does ------------------
def _normalised(text: str) -> str:
    from policyparse.normalize import normalize_text

    return normalize_text(text).text


@pytest.mark.parametrize("rule", RULES.get("header")["rules"], ids=lambda r: r["id"])
def test_header_text_rules_on_normalised_text(rule: dict) -> None:
    pattern = header_rules(RULES).text[rule["id"].split(".")[1]]
    for ex in rule["examples"]:
        assert pattern.search(_normalised(ex)), ex
    for ex in rule["counter_examples"]:
        assert not pattern.search(_normalised(ex)), ex


def test_split_names_never_splits_inside_brackets() -> None:
    hr = header_rules(RULES)
    assert split_names("各县（市、区）农业农村局、市财政局：", hr.text["addressee_separator"]) == [
        "各县（市、区）农业农村局",
        "市财政局",
    ]
    # spaces separate names of a 抄送 line, not of a 主送机关
    assert split_names("市委办公厅 市审计局。", hr.text["name_separator"]) == ["市委办公厅", "市审计局"]
    assert split_names("市委办公厅 市审计局", hr.text["addressee_separator"]) == ["市委办公厅 市审计局"]


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("发布时间：2025-03-28 10:49", "2025-03-28"),
        ("2023年5月16日印发", "2023-05-16"),
        ("2023-2-30", None),
        ("无", None),
    ],
)
def test_loose_date(text: str, iso: str | None) -> None:
    assert loose_date(header_rules(RULES), text) == iso


def test_unquoted_title() -> None:
    hr = header_rules(RULES)
    assert unquoted(hr, "《某某区公共租赁住房管理办法》") == "某某区公共租赁住房管理办法"
    assert unquoted(hr, "某某统计公报[1]") == "某某统计公报"
    assert unquoted(hr, "关于《甲》和《乙》的说明") == "关于《甲》和《乙》的说明"


def test_layout_keeps_text_lines_and_hides_the_given_ones() -> None:
    doc = Document.from_text("标题\n\n\t序号\n正文。\n落款")
    shown = Layout(doc, header_rules(RULES), RULES)
    assert [ln.text.strip() for ln in shown.lines] == [
        "标题",
        "正文。",
        "落款",
    ]  # no blank or table-cell line
    hidden = Layout(doc, header_rules(RULES), RULES, hidden={shown.lines[0].index})
    assert [ln.text.strip() for ln in hidden.lines] == ["正文。", "落款"]
    assert shown.is_paragraph("正文。") and not shown.is_paragraph("关于做好培训工作的通知")
