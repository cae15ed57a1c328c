"""header_zone: where the 版头 ends and the body starts (the 主送机关 line), and attachment-only files."""

from __future__ import annotations

import pytest

from policyparse.document import Document
from policyparse.models import Meta
from policyparse.rules import load_rules
from policyparse.structure import parse_header
from policyparse.structure.header_lines import Layout, header_rules
from policyparse.structure.header_zone import attachment_only_title, find_zones

RULES = load_rules()


def header(text: str) -> Meta:
    return parse_header(Document.from_text(text), RULES)


def test_attachment_table_document_has_only_a_title() -> None:
    m = header("附件\n2024年重点任务分工表\n\t序号\n\t任务\n\t牵头部门\n\n\t1\n\t做好培训\n\t市教委")
    assert m.title == "2024年重点任务分工表"
    assert (m.issuers, m.addressees, m.date, m.doc_number) == ([], [], None, None)


def test_addressee_is_not_a_list_intro() -> None:
    meta = header("关于做好春耕生产工作的通知\n具体要求如下：\n一是抓好备耕；二是保障供应。")
    assert meta.addressees == []


# -- a 主送机关 line longer than a header line is still one: every name in it is a body ---------------
_BODIES = "、".join(
    f"市{w}局" for w in ("农业农村", "财政", "自然资源", "水利", "生态环境", "商务", "市场监管", "统计")
)


_LONG = f"{_BODIES}，各县（市、区）人民政府，各开发区管委会："


_SENTENCE = "为进一步做好今年春耕生产和农资供应保障工作，切实稳定粮食播种面积和主要农产品产量，经市人民政府研究同意，现将有关工作安排通知："


@pytest.mark.parametrize(
    ("line", "names"),
    [
        (_LONG, [*_BODIES.split("、"), "各县（市、区）人民政府", "各开发区管委会"]),
        ("国务院各部委、各直属机构，" + _BODIES + "：", ["国务院各部委", "各直属机构", *_BODIES.split("、")]),
        (_SENTENCE, []),
        ("为做好工作，" + _BODIES + "要加强协作，各县（市、区）人民政府按照以下要求组织实施：", []),
        ("具体要求如下：", []),
    ],
    ids=["long-list", "short-collective", "long-sentence", "sentence-naming-bodies", "list-intro"],
)
def test_long_addressee_line(line: str, names: list[str]) -> None:
    assert len(_LONG) > 60 and len(_SENTENCE) > 60  # longer than the paragraph test's bound
    meta = header(f"关于做好春耕生产工作的通知\n{line}\n现将有关事项通知如下。\n某某局\n2024年3月1日")
    assert meta.addressees == names


# -- find_zones / attachment_only_title on their own -------------------------------------------------------
def _layout(text: str) -> Layout:
    return Layout(Document.from_text(text), header_rules(RULES), RULES)


def test_the_header_zone_ends_at_the_addressee_line() -> None:
    lay = _layout(
        "某某局文件\n某发〔2024〕1号\n关于做好某事的通知\n各区政府：\n现将有关事项通知如下。\n某某局\n2024年3月1日"
    )
    zones = find_zones(lay)
    assert [ln.text for ln in zones.header] == [
        "某某局文件",
        "某发〔2024〕1号",
        "关于做好某事的通知",
        "各区政府：",
    ]
    assert zones.addressee is zones.header[-1]
    assert zones.body[0].text == "现将有关事项通知如下。"
    assert zones.header + zones.body == lay.lines


def test_without_an_addressee_the_header_zone_ends_at_the_first_label() -> None:
    zones = find_zones(_layout("关于做好某事的通知\n一、总体要求\n加强领导。"))
    assert [ln.text for ln in zones.header] == ["关于做好某事的通知"]
    assert zones.addressee is None and zones.body[0].text == "一、总体要求"


def test_attachment_only_title() -> None:
    title = attachment_only_title(_layout("附件2\n2024年重点任务分工表\n\t序号"))
    assert title is not None and title.text == "2024年重点任务分工表"
    assert attachment_only_title(_layout("附件2\n现将名单公示如下。")) is None
    assert attachment_only_title(_layout("关于某事的通知\n2024年重点任务分工表")) is None
