"""Cited documents: title + number pairing, aliases and their later mentions."""

from __future__ import annotations

import pytest

from policyparse.document import Document
from policyparse.extractors import Context, citations
from policyparse.models import Meta
from policyparse.rules import load_rules


@pytest.fixture(scope="module")
def rules():
    return load_rules()


def run(text: str, rules):
    return citations.extract(Context.build(Document.from_text(text), Meta(), [], None), rules)


@pytest.mark.parametrize(
    ("text", "title", "number", "alias"),
    [
        (
            "根据《关于加强技能人才工作的意见》（国办发〔2023〕5号）要求",
            "关于加强技能人才工作的意见",
            "国办发〔2023〕5号",
            None,
        ),
        (
            "根据《市委办公厅印发<项目>的通知(沪委办〔2025〕3号)》规定",
            "市委办公厅印发<项目>的通知",
            "沪委办〔2025〕3号",
            None,
        ),
        ("依据《中华人民共和国劳动法》", "中华人民共和国劳动法", None, None),
        (
            "按照《实施意见》（沪人社职〔2021〕489号，以下简称489号文件）执行",
            "实施意见",
            "沪人社职〔2021〕489号",
            "489号文件",
        ),
        ("按照《条例》（以下简称“条例”）执行", "条例", None, "条例"),
        ("按照国发〔2023〕5号文件执行", None, "国发〔2023〕5号", None),
    ],
    ids=["number-after", "number-inside", "law-no-number", "alias-plain", "alias-quoted", "number-only"],
)
def test_citations(rules, text, title, number, alias) -> None:
    [c] = run(text, rules)
    assert (c.title, c.doc_number, c.alias) == (title, number, alias)
    for s, e in c.spans:
        assert text[s:e] in {title, number, alias}


def test_alias_later_mentions_are_spans(rules) -> None:
    text = "按照《实施意见》（沪人社职〔2021〕489号，以下简称489号文件）。具体按照489号文件执行。"
    [c] = run(text, rules)
    assert [text[s:e] for s, e in c.spans] == ["实施意见", "沪人社职〔2021〕489号", "489号文件", "489号文件"]


@pytest.mark.parametrize(
    "text",
    [
        "现将《技能提升年行动方案》印发给你们",
        "开展“技能照亮前程”培训行动",
        "刊登于《人民日报》",
        "关于印发《行动方案》的通知\n各区：\n正文",
    ],
    ids=["issued-now", "quoted-name", "newspaper", "issued-in-title"],
)
def test_not_citations(rules, text: str) -> None:
    assert run(text, rules) == []


def test_self_number_is_not_cited(rules) -> None:
    assert run("关于做好培训的通知\n沪人社职〔2025〕87号\n各区：\n正文。", rules) == []
