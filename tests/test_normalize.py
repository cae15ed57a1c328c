"""Normalisation: offsets map back, artefacts removed, idempotent."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policyparse.normalize import normalize_text
from policyparse.rules import load_rules

CHROME = ["扫一扫在手机打开当前页", "政策性文件留言咨询"]


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("全年完成培训 65 万人次。", "全年完成培训65万人次。"),
        ("(一)加强组织领导", "（一）加强组织领导"),
        ("１,６０７人", "1,607人"),
        ("各区人力资源社会保障局:", "各区人力资源社会保障局："),
        ("1. **推进职业技能评价。**鼓励", "1.推进职业技能评价。鼓励"),
        (
            "上海市人民政府外事办公室 上海市国有资产监督管理委员会",
            "上海市人民政府外事办公室 上海市国有资产监督管理委员会",
        ),
        ("第一段\n— 3 —\n第二段", "第一段\n第二段"),
        ("正文。\n扫一扫在手机打开当前页", "正文。\n"),
        (
            "为贯彻落实中共中央办公厅国务院办公厅《关于加强新\n\n时代高技能人才队伍建设的意见》，现提出如下意见：",
            "为贯彻落实中共中央办公厅国务院办公厅《关于加强新时代高技能人才队伍建设的意见》，现提出如下意见：",
        ),
        ("一、总体要求\n认真贯彻党中央部署。", "一、总体要求\n认真贯彻党中央部署。"),
        ("a\r\nb", "a\nb"),
    ],
    ids=[
        "digit-space",
        "half-brackets",
        "fullwidth-digits",
        "colon",
        "markdown-bold",
        "signature-space",
        "page-number",
        "chrome",
        "broken-line",
        "heading-kept",
        "crlf",
    ],
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
@given(
    st.text(
        alphabet=st.sampled_from(list("一二三（）()、.1２ 　\n\t，,:：。*万人次年月日—-附件测试文本abc")),
        max_size=200,
    )
)
def test_idempotent_and_in_bounds(raw: str) -> None:
    n = normalize_text(raw, chrome_lines=CHROME)
    assert normalize_text(n.text, chrome_lines=CHROME).text == n.text
    for i in range(len(n.text)):
        o = n.to_original(i)
        assert 0 <= o < len(raw)
    assert list(n.run_orig) == sorted(n.run_orig)


# -- titles with a bracketed period/edition never join the next line --------------------------------
PARAGRAPH = "为推动城乡融合发展，补齐农村流通设施短板，结合本市实际，制定本方案。"


@pytest.mark.parametrize(
    ("title", "joined"),
    [
        ("城市更新行动实施方案（2024—2026年）", False),
        ("农村集体资产管理暂行办法（试行）", False),
        ("全市安全生产工作规定（2023年修订）", False),
        ("关于加快数字经济发展的若干意见（征求意见稿）", False),
        ("全市交通运输工作要点", False),
        # not a title: a wrapped sentence that ends in a bracket is still joined
        ("各区要认真编制并组织落实本区年度实施方案（市发展改革委负责）", True),
    ],
    ids=["period", "trial", "revised", "draft", "plain-title", "wrapped-sentence"],
)
def test_title_with_edition_is_not_joined(title: str, joined: bool) -> None:
    text = normalize_text(f"{title}\n{PARAGRAPH}").text
    assert (text == title + PARAGRAPH) is joined
    assert text.startswith(title)


@pytest.mark.parametrize(
    ("first", "second", "joined"),
    [
        # a PDF wraps a title inside its 《》 after a 文种 (方案), before the edition bracket
        ("关于印发《城市生命线安全工程建设行动方案", "（2025—2027年）》的通知", True),
        ("关于印发《农村", "公路养护办法》的通知", True),  # short lines too
        ("详见《关于做好培训工作的", "通知》。", True),
        # the 《 is closed, or the next line does not close it: the usual rules apply
        ("关于印发《城市更新行动方案》的通知", "（2025—2027年）", False),
        ("关于印发《农村", "公路养护办法的通知", False),
        # a label or a document number starts a new line even inside an open 《
        ("关于印发《农村公路养护办法", "（一）总体要求》", False),
    ],
    ids=["edition-after-doctype", "short-lines", "body-title", "closed", "not-closed-next", "label-next"],
)
def test_open_title_joins_the_line_that_closes_it(first: str, second: str, joined: bool) -> None:
    text = normalize_text(f"{first}\n{second}").text
    assert (text == first + second) is joined
    assert normalize_text(text).text == text  # idempotent either way


def test_title_edition_is_the_fragment_the_header_reads() -> None:
    rules = load_rules()
    [rule] = [r for r in rules.structure.header if r.id == "struct.title_edition.v1"]
    assert rule.pattern == "$title_edition"
    assert rules.expand("$title_edition") in rules.compiled("normalize").doc_type_end.pattern


# -- website chrome patterns (rules/chrome.yaml patterns) ---------------------------------------------
def _chrome() -> tuple[list[str], tuple[str, ...], list[dict]]:
    from policyparse.document import chrome_patterns
    from policyparse.rules import load_rules

    rules = load_rules()
    return rules.get("chrome")["lines"], chrome_patterns(rules), rules.get("chrome")["patterns"]


_LINES, _PATTERNS, _PATTERN_RULES = _chrome()


@pytest.mark.parametrize("rule", _PATTERN_RULES, ids=lambda r: r["id"])
def test_chrome_pattern_examples(rule: dict) -> None:
    for example in rule["examples"]:
        text = normalize_text(f"正文。\n{example}\n结尾。", chrome_patterns=_PATTERNS).text
        assert text == "正文。\n结尾。", example
    for counter in rule["counter_examples"]:
        text = normalize_text(f"正文。\n{counter}\n结尾。", chrome_patterns=_PATTERNS).text
        assert counter.replace(":", "：") in text.replace(" ", ""), counter


@pytest.mark.parametrize(
    ("line", "dropped"),
    [
        ("您现在的位置：首页 > 新闻中心 > 公示公告", True),
        ("首页 > 信息公开 > 法定主动公开内容", True),
        ("上一条：关于做好2023年防汛工作的通知", True),
        ("【字体：大 中 小】【打印本页】【关闭窗口】", True),
        ("分享到：微信 微博 QQ空间", True),
        ("扬州市农业农村局关于印发2023年全市农业农村工作要点的通知", False),
        ("首页建设工作方案", False),
        ("关闭落后产能和老旧设施20家。", False),
    ],
    ids=["position", "trail", "prev", "toolbar", "share", "title", "title-word", "sentence"],
)
def test_chrome_lines_dropped(line: str, dropped: bool) -> None:
    text = normalize_text(f"{line}\n正文。", chrome_lines=_LINES, chrome_patterns=_PATTERNS).text
    assert (text == "正文。") is dropped


# -- the cheap pre-checks of the line pass are exact ------------------------------------------------
def _all_chars() -> str:
    return "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)


def test_prechecks_see_every_regex_space() -> None:
    """str.strip (the pre-checks of page-number and chrome lines) strips every \\s of regex."""
    import regex

    spaces = regex.findall(r"\s", _all_chars())
    assert spaces
    assert all(c.isspace() for c in spaces)


def test_fullwidth_search_is_the_mapped_fullwidth_set() -> None:
    """_translate's fast path: no mapped full-width form found, the others are replaced one by one."""
    from policyparse.normalize import _FULLWIDTH_UTF8, _OTHER_MAPPED, TRANSLATE_TABLE

    mapped = {chr(c) for c in TRANSLATE_TABLE if 0xFF00 <= c <= 0xFFEF}
    found = {c for c in _all_chars() if _FULLWIDTH_UTF8.search(c.encode("utf-8", "surrogatepass"))}
    assert found == mapped
    others = {char for char, _ in _OTHER_MAPPED}
    assert others | mapped == {chr(c) for c in TRANSLATE_TABLE} - {"\t", "\r"}
    assert not others & {to for _, to in _OTHER_MAPPED}  # no replacement feeds another


LINE_ALPHABET = [
    *"一二三（）()、.1２ 　\t\r，,:：。*万人次年月日—-－附件第页共/3文本abc\u200b\u2003\x0c打印关闭首页>位置上一篇",
    "\U00010d41",  # a digit to regex (Unicode 16), not to Python 3.11
    "扫一扫在手机打开当前页",
    "— 3 —",
    "3/9",
    "—3—",
    "第3页",
    "\U00010d41/",
    "**",
    "这是一个足够长的句子的一部分，用于测试段落拼接",
]


@pytest.mark.slow  # hypothesis, 300 examples
@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from(LINE_ALPHABET), max_size=6).map("".join), max_size=12).map("\n".join)
)
def test_skipped_lines_need_no_cleaning(raw: str) -> None:
    """Cleaning every line gives what cleaning only the lines the pre-checks select gives."""
    from unittest import mock

    from policyparse import normalize

    for kwargs in ({"chrome_lines": _LINES, "chrome_patterns": _PATTERNS}, {"chrome_lines": CHROME}):
        fast = normalize_text(raw, **kwargs)
        every_line = lambda lines, *_: [i for i, ln in enumerate(lines) if ln]  # noqa: E731
        with mock.patch.object(normalize, "_lines_to_clean", every_line):
            slow = normalize_text(raw, **kwargs)
        assert (fast.text, list(fast.run_norm), list(fast.run_orig)) == (
            slow.text,
            list(slow.run_norm),
            list(slow.run_orig),
        )


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.booleans(), st.booleans()), max_size=60))
def test_put_back_inline_deletions(flags: list[tuple[bool, bool]]) -> None:
    """Deletions made on the text without zero-width/** characters land on the right characters."""
    from policyparse.normalize import _kept_text, _put_back

    inline = bytearray(a for a, _ in flags)
    deleted = bytearray(b for _, b in flags)
    rest = _kept_text(deleted, inline)
    assert len(rest) == inline.count(0)
    merged = _put_back(rest, inline)
    assert merged == bytearray(a or b for a, b in flags)


@pytest.mark.parametrize(
    ("first", "joined"),
    [
        ("（三）加强安全保障。各供热企业要加强巡查，确保管网安全运行。（市公安局负责）", False),
        ("（三）加强安全保障。各供热企业要加强巡查，确保管网安全运行。（各区（市）县政府负责）", False),
        # a bracket inside the sentence, not a note after it: the paragraph may go on
        ("各供热企业要加强巡查，确保城区主干管网（含二级管网）", True),
    ],
    ids=["marker", "nested-marker", "inner-bracket"],
)
def test_note_after_a_full_stop_closes_its_paragraph(first: str, joined: bool) -> None:
    nxt = "出席：市住房城乡建设局、市发展改革委、市财政局、市应急管理局有关负责同志。"
    text = normalize_text(f"{first}\n{nxt}").text
    assert (text == first + nxt) is joined


def test_doc_type_ends_cover_every_doc_type_of_the_rules() -> None:
    # a title line is never joined to the paragraph below it: normalisation reads the same 文种
    # as the header (rules/vocabulary.yaml, referred to by normalize.yaml and structure.yaml)
    rules = load_rules()
    assert rules.normalize.doc_types == rules.structure.doc_types
    for doc_type in rules.structure.doc_types:
        assert rules.compiled("normalize").doc_type_end.search(
            "万载县2015年国民经济和社会发展统计" + doc_type
        )


def test_a_doc_type_added_to_the_vocabulary_ends_a_title(tmp_path) -> None:
    title, paragraph = (
        "某县关于进一步加强和改进基层社会治理工作的备忘录",
        "全县人民在县委领导下，国民经济保持平稳增长，发展质量不断提高。",
    )
    text = f"{title}\n{paragraph}"
    assert normalize_text(text).text == title + paragraph  # 备忘录 is no 文种 of the shipped rules
    (tmp_path / "vocabulary.yaml").write_text("doc_types: [备忘录]\n", encoding="utf-8")
    user = load_rules(tmp_path)
    assert "备忘录" in user.structure.doc_types and "备忘录" in user.citations.doc_types
    assert normalize_text(text, user).text == f"{title}\n{paragraph}"


def test_a_title_line_is_not_joined_to_the_paragraph_below() -> None:
    text = "万载县2015年国民经济和社会发展统计公报\n全县人民在县委领导下，国民经济保持平稳增长，发展质量不断提高。\n"
    assert normalize_text(text).text.split("\n")[0] == "万载县2015年国民经济和社会发展统计公报"


def test_markdown_markup_is_deleted_and_offsets_map_back() -> None:
    text = "---\n标题: 某某条例\n发布日期: 2020-01-01\n---\n\n> 本文由脚本提取\n\n# 某某条例\n\n<!-- INFO END -->\n## 第一章 总则\n第一条 内容#1。\n"
    n = normalize_text(text)
    # the quote above the first heading is the collector's note, not the notice
    assert [ln for ln in n.text.split("\n") if ln] == ["某某条例", "第一章 总则", "第一条 内容#1。"]
    assert normalize_text(n.text).text == n.text
    k = n.text.index("第一章")
    assert text[n.to_original(k) : n.to_original(k) + 3] == "第一章"


@pytest.mark.parametrize(
    ("line", "normalised"),
    [
        ("国 家 能 源 局", "国家能源局"),
        ("第一章 总 则", "第一章 总则"),
        ("公 告", "公告"),
        ("上海市人社局 上海市财政局", "上海市人社局 上海市财政局"),
        ("国家发展改革委 国家能源局", "国家发展改革委 国家能源局"),
    ],
    ids=["signature", "chapter-heading", "mark", "two-names", "names-kept-apart"],
)
def test_letter_spaced_words_are_closed_up(line: str, normalised: str) -> None:
    assert normalize_text(line).text == normalised


def test_markdown_links_keep_their_text_and_images_go() -> None:
    text = "[首页](../../)>[政务公开](../)关于X的意见\n![](../images/dayin.png)[打印]\n"
    n = normalize_text(text)
    assert n.text == "首页>政务公开关于X的意见\n[打印]\n"
    assert normalize_text(n.text).text == n.text
