"""Departments: alias registry (longest match, region-bound short forms), patterns, roles, junk."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from policyparse.document import Document
from policyparse.extractors import Context, departments
from policyparse.models import Meta
from policyparse.rules import load_rules

DEV = Path(__file__).resolve().parents[1] / "corpora" / "dev"
SH = "沪人社职〔2025〕1号\n各区人力资源社会保障局：\n"  # makes the document Shanghai's


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def run(text: str, rules, meta: Meta | None = None):
    return departments.extract(Context.build(Document.from_text(text), meta or Meta(), [], 2025), rules)


@pytest.mark.parametrize(
    ("text", "written", "name", "known"),
    [
        (SH + "由市人社局负责。", "市人社局", "上海市人力资源和社会保障局", True),
        (SH + "市人力资源社会保障局牵头。", "市人力资源社会保障局", "上海市人力资源和社会保障局", True),
        (SH + "市教委要加强指导。", "市教委", "上海市教育委员会", True),
        ("根据人力资源社会保障部部署。", "人力资源社会保障部", "人力资源和社会保障部", True),
        ("在人社部指导下。", "人社部", "人力资源和社会保障部", True),
        ("国家发展改革委印发。", "国家发展改革委", "国家发展和改革委员会", True),
        ("会同杭州市人力资源社会保障局。", "杭州市人力资源社会保障局", "杭州市人力资源社会保障局", False),
    ],
    ids=["sh-short", "sh-medium", "sh-edu", "ministry-medium", "ministry-short", "ndrc", "unknown-city"],
)
def test_resolves_names(rules, text, written, name, known) -> None:
    hits = [d for d in run(text, rules) if d.text == written]
    assert [(d.name, d.known) for d in hits] == [(name, known)]


@pytest.mark.parametrize(
    "text",
    [
        "围绕重点领域市场需求开展培训。",
        "建设研究中心。",
        "各区要切实承担属地化责任。",
        "财政部门要统筹资金。",
        "支持杭州市人社局开展。",
        "由市人社局负责。",  # region unknown: a city's short form is not guessed
    ],
    ids=["market", "centre", "districts-alone", "finance-departments", "verb-before-place", "no-region"],
)
def test_not_departments(rules, text: str) -> None:
    assert run(text, rules) == []


@pytest.mark.parametrize(
    ("text", "written", "role"),
    [
        (SH + "由市人社局牵头，会同市财政局落实。", "市人社局", "lead"),
        (SH + "由市人社局牵头，会同市财政局落实。", "市财政局", "co"),
        (SH + "（牵头部门：市教委）", "市教委", "lead"),
        (SH + "（市人社局、市财政局负责）", "市财政局", "lead"),
        (SH + "市国资委配合。", "市国资委", "co"),
        (SH + "在市政府统一部署下。", "市政府", "mention"),
        (SH, "各区人力资源社会保障局", "addressee"),
    ],
    ids=["lead", "co-with", "lead-label", "lead-list", "co-after", "mention", "addressee"],
)
def test_roles(rules, text: str, written: str, role: str) -> None:
    assert [d.role for d in run(text, rules) if d.text == written] == [role]


def _parse(name: str, rules):
    from policyparse import parse

    return parse(next(DEV.glob(f"{name}_*.txt")), rules=rules)


def test_golden_003_issuers_resolved(rules) -> None:
    doc = _parse("003", rules)
    issuers = [d.name for d in doc.departments if d.role == "issuer"]
    assert issuers[:3] == ["上海市人力资源和社会保障局", "上海市教育委员会", "上海市国有资产监督管理委员会"]
    assert [d.name for d in doc.departments if d.role == "printer"] == ["上海市人力资源和社会保障局办公室"]


def test_golden_001_leads_canonical(rules) -> None:
    doc = _parse("001", rules)
    leads = {d.text: d.name for d in doc.departments if d.role == "lead" and d.known}
    assert leads["市人力资源社会保障局"] == "上海市人力资源和社会保障局"
    assert leads["市教委"] == "上海市教育委员会"
    assert leads["市经济信息化委"] == "上海市经济和信息化委员会"
    assert {d.text for d in doc.departments if d.role == "lead" and not d.known} == {"各成员单位", "各区政府"}


def test_golden_002_signatories(rules) -> None:
    doc = _parse("002", rules)
    signed = [d.name for d in doc.departments if d.role == "signatory"]
    assert len(signed) == 23
    assert signed[-1] == "上海市工商业联合会"


@pytest.mark.parametrize("path", sorted(DEV.glob("*.txt")), ids=lambda p: p.stem[:3])
def test_spans_quote_the_source(rules, path: Path) -> None:
    from policyparse import parse

    doc = parse(path, rules=rules)
    for d in doc.departments:
        assert doc.source.text[d.span[0] : d.span[1]] == d.text


@settings(max_examples=150, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(list("上海市人社局教委各区部门牵头会同配合：、\n\t 关于沪〔2025〕1号"))
        | st.characters(),
        max_size=80,
    )
)
def test_never_raises_and_spans_hold(text: str) -> None:
    for d in run(text, load_rules()):
        assert text[d.span[0] : d.span[1]] == d.text


# -- speed-only shortcuts ---------------------------------------------------------------------------
def test_gate_han_class_holds_every_han_character() -> None:
    # a gate's \p{Han} runs on the stdlib engine as this class: it must hold all that regex calls Han
    every = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c <= 0xDFFF)
    han = set(regex.findall(r"\p{Han}", every))
    assert han and not han - set(re.findall(departments._HAN_OR_NEAR, every))


def test_local_rule_gate_runs_on_the_stdlib_engine(rules) -> None:
    gated = [gate for _, _, _, gate in departments._shape_rules(rules) if gate is not None]
    assert gated and all(isinstance(g, re.Pattern) for g in gated)


# A provincial-level region's standard bodies (rules/departments.yaml standard_units): their
# short forms resolve in that region's documents, a 直辖市 takes the municipal unit name.
GD = "粤人社发〔2024〕3号\n各地级以上市人力资源社会保障局：\n"
BJ = "京人社发〔2024〕3号\n各区人力资源社会保障局：\n"


@pytest.mark.parametrize(
    ("text", "written", "name"),
    [
        (GD + "由省人社厅牵头，会同省财政厅落实。", "省人社厅", "广东省人力资源和社会保障厅"),
        (GD + "由省人社厅牵头，会同省财政厅落实。", "省财政厅", "广东省财政厅"),
        (BJ + "由市人社局牵头，会同市财政局落实。", "市人社局", "北京市人力资源和社会保障局"),
        (BJ + "市教委要加强指导。", "市教委", "北京市教育委员会"),
        ("请浙江省住房城乡建设厅会同。", "浙江省住房城乡建设厅", "浙江省住房和城乡建设厅"),
        (SH + "由市国资委负责。", "市国资委", "上海市国有资产监督管理委员会"),  # a listed body wins
    ],
    ids=["gd-short", "gd-finance", "bj-municipal", "bj-edu-commission", "zj-full", "listed-wins"],
)
def test_standard_units_resolve(rules, text, written, name) -> None:
    hits = [d for d in run(text, rules) if d.text == written]
    assert hits and {d.name for d in hits} == {name} and all(d.known for d in hits)


def test_national_agencies_resolve(rules) -> None:
    names = {d.text: d.name for d in run("由国家疾控局、国管局和国家药监局负责。", rules)}
    assert names == {
        "国家疾控局": "国家疾病预防控制局",
        "国管局": "国家机关事务管理局",
        "国家药监局": "国家药品监督管理局",
    }
