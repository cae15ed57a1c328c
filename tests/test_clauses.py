"""The clause tree: label families, levels, ids, headings, and what is not a clause."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from policyparse import parse
from policyparse.errors import EmptyDocument
from policyparse.models import Clause
from policyparse.rules import load_rules

RULES = load_rules()
HEAD = "关于做好技能培训工作的通知\n各区人社局：\n"


def flat(text: str) -> list[tuple[str, int, str, str]]:
    doc = parse(HEAD + text)
    return [(c.id, c.level, c.kind, c.heading) for c in doc.iter_clauses()]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("一、总体要求\n（一）指导思想。坚持需求导向。\n1.先行试点。内容。\n（1）细化措施。\n①开展调研。",
         [("1", 1, "cn_dun", "总体要求"), ("1.1", 2, "cn_paren", "指导思想"), ("1.1.1", 3, "num_dot", "先行试点"),
          ("1.1.1.1", 4, "num_paren", "细化措施"), ("1.1.1.1.1", 5, "circled", "开展调研")]),
        ("一、主要任务\n(一)加快开发\n(二)提升能力",
         [("1", 1, "cn_dun", "主要任务"), ("1.1", 2, "cn_paren", "加快开发"), ("1.2", 2, "cn_paren", "提升能力")]),
        ("一、主要任务\n1．夯实基础。内容。\n2、强化责任。内容。",
         [("1", 1, "cn_dun", "主要任务"), ("1.1", 3, "num_dot", "夯实基础"), ("1.2", 3, "num_dot", "强化责任")]),
        ("一、总体要求\n（一）目标。\n（二）原则。\n二、主要任务\n（三）健全体系。\n（四）完善制度。",
         [("1", 1, "cn_dun", "总体要求"), ("1.1", 2, "cn_paren", "目标"), ("1.2", 2, "cn_paren", "原则"),
          ("2", 1, "cn_dun", "主要任务"), ("2.3", 2, "cn_paren", "健全体系"), ("2.4", 2, "cn_paren", "完善制度")]),
    ],
    ids=["full-ladder", "half-width-parens", "fullwidth-dot-and-dun", "numbering-runs-on"],
)  # fmt: skip
def test_label_families(body: str, expected: list[tuple[str, int, str, str]]) -> None:
    assert flat(body) == expected


def test_regulation_grammar() -> None:
    body = "第一章 总则\n第一条 为了规范管理，制定本办法。\n第二条 本办法适用于本市。\n第二章 附则\n第三条 本办法自发布之日起施行。"
    assert flat(body) == [
        ("1", 1, "chapter", "总则"), ("1.1", 2, "article", "为了规范管理，制定本办法"),
        ("1.2", 2, "article", "本办法适用于本市"), ("2", 1, "chapter", "附则"),
        ("2.3", 2, "article", "本办法自发布之日起施行"),
    ]  # fmt: skip


def test_items_inside_articles_count_by_depth() -> None:
    # the revised guide: in 章/条 documents the level is the depth, items one below their article
    body = (
        "第一章 总则\n第一条 为了规范管理，制定本办法。\n第二条 下列事项适用本办法：\n（一）甲事项；\n"
        "（二）乙事项：\n1.子项一；\n2.子项二。\n第二章 附则\n第三条 本办法自发布之日起施行。"
    )
    assert [c[:3] for c in flat(body)] == [
        ("1", 1, "chapter"), ("1.1", 2, "article"), ("1.2", 2, "article"), ("1.2.1", 3, "cn_paren"),
        ("1.2.2", 3, "cn_paren"), ("1.2.2.1", 4, "num_dot"), ("1.2.2.2", 4, "num_dot"), ("2", 1, "chapter"),
        ("2.3", 2, "article"),
    ]  # fmt: skip
    no_chapters = "第一条 为了规范管理。\n第二条 下列事项：\n（一）甲事项；\n1.子项一。\n第三条 施行。"
    assert [c[1] for c in flat(no_chapters)] == [1, 1, 2, 3, 1]


def test_articles_without_chapters_are_level_1() -> None:
    assert [c[:2] for c in flat("第一条 为了规范管理，制定本办法。\n第二条 本办法适用于本市。")] == [
        ("1", 1),
        ("2", 1),
    ]


@pytest.mark.parametrize(
    "body",
    [
        "全年完成培训\n4.5万人次，同比增长。",
        "2025年3月底前完成部署。",
        "1.5%的资金用于培训。",
        "\t1\n\t做好培训\n\t市教委",
        "（注：1.只接收咨询；2.请注明名称）",
        "现将有关事项通知如下：\n3.做好培训工作。",
        "一是加强领导。二是落实责任。",
    ],
    ids=[
        "number-in-sentence",
        "date-at-line-start",
        "percent",
        "table-cells",
        "website-note",
        "out-of-sequence",
        "yi-shi",
    ],
)
def test_not_clauses(body: str) -> None:
    assert flat(body) == []


def test_header_signature_and_attachment_list_are_not_clauses() -> None:
    text = ("沪人社职〔2025〕1号\n关于做好培训工作的通知\n各区人社局：\n一、总体要求\n内容。\n"
            "附件：\n1.各区任务表\n2.实施方案\n上海市人力资源和社会保障局\n2025年3月28日")  # fmt: skip
    doc = parse(text)
    assert [c.label for c in doc.iter_clauses()] == ["一、"]
    assert doc.clauses[0].span[1] <= text.index("附件")


def test_label_kept_as_written_and_spans_point_at_source() -> None:
    text = HEAD + "一、总体要求\n(一)加快开发培训。内容。\n"
    doc = parse(text)
    child = doc.clauses[0].children[0]
    assert child.label == "(一)"
    assert child.heading_span is not None and text[slice(*child.heading_span)] == "加快开发培训"
    assert text[slice(*doc.clauses[0].span)].startswith("一、总体要求")


def _check(clauses: list[Clause], lo: int, hi: int) -> None:
    prev_end = lo
    for c in clauses:
        assert lo <= c.span[0] <= c.span[1] <= hi
        assert c.span[0] >= prev_end
        prev_end = c.span[1]
        _check(c.children, c.span[0], c.span[1])


_ALPHABET = [
    *list("一二三、（）()1２.．①第章条\n\t，。附件：关于通知年月日2025注局各区"),
    "一、",
    "（一）",
    "1.",
    "（1）",
]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(_ALPHABET), max_size=80).map("".join))
def test_parse_never_raises_and_clauses_nest(text: str) -> None:
    if not text.strip():  # blank text is EmptyDocument, as an empty file or b"" (issue 16)
        with pytest.raises(EmptyDocument):
            parse(text)
        return
    doc = parse(text)
    _check(doc.clauses, 0, len(text))
    ids = [c.id for c in doc.iter_clauses()]
    assert len(ids) == len(set(ids))


def _rules(section: str) -> list[dict]:
    data = RULES.get("structure")
    return data["header"] if section == "header" else data["labels"]


@pytest.mark.parametrize("rule", _rules("header") + _rules("labels"), ids=lambda r: r["id"])
def test_rule_examples_and_counter_examples(rule: dict) -> None:
    pattern = regex.compile(RULES.expand(rule["pattern"]))
    for ex in rule["examples"]:
        text = normalised(ex)
        assert pattern.search(text), ex
    for ex in rule["counter_examples"]:
        assert not pattern.search(normalised(ex)), ex


def normalised(text: str) -> str:
    from policyparse.normalize import normalize_text

    return normalize_text(text).text


# -- the cheap pre-checks read from the rules never reject a line the pattern would take ---------------
@pytest.mark.parametrize("rule", _rules("header"), ids=lambda r: r["id"])
def test_header_hints_are_held_by_every_example(rule: dict) -> None:
    hints = (rule.get("params") or {}).get("hints")
    if not hints:
        pytest.skip("no hints: the pattern is always tried")
    for ex in rule["examples"]:
        assert any(h in normalised(ex) for h in hints), ex


@pytest.mark.parametrize("rule", _rules("labels"), ids=lambda r: r["id"])
def test_label_first_characters_cover_every_example(rule: dict) -> None:
    first = rule["params"]["first"]
    for ex in rule["examples"]:
        assert normalised(ex)[0] in first, ex


def test_header_pre_checks_agree_with_the_patterns() -> None:
    from policyparse.structure.header import header_rules

    hr = header_rules(RULES)
    edition = RULES.get("structure")["header"]
    examples = next(r for r in edition if r["id"] == "struct.title_edition.v1")["examples"]
    assert all(normalised(ex).endswith("）") for ex in examples)  # title_ends relies on it
    for text in ["关于做好培训工作的通知", "城市更新行动方案（2024—2026年）", "上海市人力资源和社会保障局",
                 "各县（市、区）农业农村局", "2024年5月6日", "加强组织领导。", "市发展改革委"]:  # fmt: skip
        assert bool(hr.type_at_end(text)) == bool(hr.doc_type.search(text)), text
        assert hr.is_org_name(text) == bool(hr.org_name.match(text)), text


def test_clauses_built_without_validation_equal_validated_ones() -> None:
    # build_clause_tree fills Clause instances directly (structure.clauses._clause): they must be
    # what validation would give, field for field and in JSON
    from pathlib import Path

    for path in sorted(Path(__file__).resolve().parents[1].glob("corpora/dev/*.txt")):
        for clause in parse(path.read_text(encoding="utf-8")).iter_clauses():
            validated = Clause.model_validate(clause.model_dump())
            assert validated == clause
            assert validated.model_dump_json() == clause.model_dump_json()
            assert validated.model_fields_set == clause.model_fields_set


# a notice that issues a 纪要 after its signature: the body ends at the 版记 (GB/T 9704 §7.4)
_ISSUING = (
    "某市人民政府办公室关于印发全市防汛工作会议纪要的通知\n各区人民政府：\n"
    "现将《全市防汛工作会议纪要》印发给你们，请认真落实。\n某市人民政府办公室\n2025年5月6日\n"
    "全市防汛工作会议纪要\n一、关于防汛准备\n各区要完成河道清淤。\n二、关于应急值守\n汛期实行24小时值班。\n"
)
_CC = "抄送：市委办公室，市人大常委会办公室。\n"
_PRINTED = "某市人民政府办公室　　　　2025年5月6日印发\n"


@pytest.mark.parametrize(
    ("text", "last_ends"),
    [
        (_ISSUING + _CC + _PRINTED, "汛期实行24小时值班。"),
        (_ISSUING + _PRINTED, "汛期实行24小时值班。"),
        # no 版记: the last clause runs to the end of the document, as before
        (_ISSUING, "汛期实行24小时值班。"),
        # a notice with its signature after the body: the signature closes the body, as before
        ("关于做好防汛工作的通知\n各区人民政府：\n一、准备\n清淤。\n二、值守\n值班。\n某市人民政府办公室\n"
         "2025年5月6日\n" + _CC + _PRINTED, "值班。"),
    ],
    ids=["cc-and-printer", "printer-only", "no-footer", "signature-after-body"],
)  # fmt: skip
def test_last_clause_ends_before_the_footer(text: str, last_ends: str) -> None:
    doc = parse(text)
    span = doc.clauses[-1].span
    assert text[span[0] : span[1]].endswith(last_ends)


def test_a_plans_parts_and_items_dated_by_month() -> None:
    # 第一部分：… above 一、 (both level 1, GB/T's fixed levels); 1.9月30日前… is an item, not 1.9
    from policyparse import parse

    doc = parse(
        "某区绿化规划\n\n第一部分：发展基础\n\n一、执行情况\n\n第二部分：主要任务\n\n一、建设任务\n\n"
        "1.9月30日前完成排查。\n\n2.11月底前完成整改。\n"
    )
    flat = [(c.label, c.level) for c in _walk(doc.clauses)]
    assert flat == [("第一部分：", 1), ("一、", 1), ("第二部分：", 1), ("一、", 1), ("1.", 3), ("2.", 3)]


def _walk(clauses):  # type: ignore[no-untyped-def]
    for c in clauses:
        yield c
        yield from _walk(c.children)
