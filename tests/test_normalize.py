"""Normalisation: offsets map back, artefacts removed, idempotent."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policyparse.normalize import normalize_text

CHROME = ["扫一扫在手机打开当前页", "政策性文件留言咨询"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("全年完成培训 65 万人次。", "全年完成培训65万人次。"),
        ("(一)加强组织领导", "（一）加强组织领导"),
        ("１,６０７人", "1,607人"),
        ("各区人力资源社会保障局:", "各区人力资源社会保障局："),
        ("1. **推进职业技能评价。**鼓励", "1.推进职业技能评价。鼓励"),
        ("上海市人民政府外事办公室 上海市国有资产监督管理委员会", "上海市人民政府外事办公室 上海市国有资产监督管理委员会"),
        ("第一段\n— 3 —\n第二段", "第一段\n第二段"),
        ("正文。\n扫一扫在手机打开当前页", "正文。\n"),
        ("为贯彻落实中共中央办公厅国务院办公厅《关于加强新\n\n时代高技能人才队伍建设的意见》，现提出如下意见：",
         "为贯彻落实中共中央办公厅国务院办公厅《关于加强新时代高技能人才队伍建设的意见》，现提出如下意见："),
        ("一、总体要求\n认真贯彻党中央部署。", "一、总体要求\n认真贯彻党中央部署。"),
        ("a\r\nb", "a\nb"),
    ],
    ids=["digit-space", "half-brackets", "fullwidth-digits", "colon", "markdown-bold", "signature-space",
         "page-number", "chrome", "broken-line", "heading-kept", "crlf"],
)
def test_normalize_examples(raw: str, expected: str) -> None:
    assert normalize_text(raw, chrome_lines=CHROME).text == expected


def test_offsets_map_back_to_original() -> None:
    raw = "全年完成培训 65 万人次。\n(一)加强**组织**领导"
    n = normalize_text(raw)
    start = n.text.index("65万人次")
    s, e = n.span_to_original(start, start + len("65万人次"))
    assert raw[s:e] == "65 万人次"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("一二三（）()、.1２ 　\n\t，,:：。*万人次年月日—-附件测试文本abc")), max_size=200))
def test_idempotent_and_in_bounds(raw: str) -> None:
    n = normalize_text(raw, chrome_lines=CHROME)
    assert normalize_text(n.text, chrome_lines=CHROME).text == n.text
    for i in range(len(n.text)):
        o = n.to_original(i)
        assert 0 <= o < len(raw)
    assert list(n.run_orig) == sorted(n.run_orig)
