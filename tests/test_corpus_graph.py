"""Corpus citation graph: citations resolved by number and title; unresolved ones kept."""

from __future__ import annotations

import pytest

from diff_factories import DEV, gold_document, notice, with_doc_numbers
from policyparse.corpus import Corpus, number_key, title_key
from policyparse.models import Citation, DocNumber

CITED_TITLE = "上海市人力资源和社会保障局等五部门关于推动本市新型技师学院建设加快高技能人才培养工作的实施意见"


def _cited(raw: str, title: str | None = None) -> DocNumber:
    return DocNumber(
        raw=raw, text=raw, agency_code=raw.split("〔")[0], role="cited", cited_title=title, span=(0, 0)
    )


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    implementing = with_doc_numbers(gold_document("003_5d8c8ee8d9c95772"), "003_5d8c8ee8d9c95772")
    plan = with_doc_numbers(gold_document("000_c1e55a22a332b4cb"), "000_c1e55a22a332b4cb")
    cited = notice([], path="2021_489.txt", doc_no="沪人社职〔2021〕489号", title=CITED_TITLE)
    by_title_only = notice([], path="by_title.txt", title="关于开展技能提升年活动的通知")
    citing_by_title = notice([], path="citing.txt", doc_no="沪人社职〔2026〕1号")
    citing_by_title = citing_by_title.model_copy(
        update={
            "citations": [Citation(title="《关于开展技能提升年活动的通知》", spans=[(3, 20)])],
            "doc_numbers": [_cited("沪人社职〔2026〕1号")],  # its own number quoted again: not a citation
        }
    )
    return Corpus([implementing, plan, cited, by_title_only, citing_by_title])


def test_cited_by_number(corpus: Corpus) -> None:
    (doc,) = corpus.cited_by("沪人社职〔2021〕489号")
    assert doc.meta.doc_number is not None
    assert doc.meta.doc_number.raw == "沪人社职〔2023〕127号"


def test_cited_by_document_and_title(corpus: Corpus) -> None:
    cited = corpus.find(CITED_TITLE)
    assert cited is not None and cited.source.path == "2021_489.txt"
    assert [d.meta.doc_number.raw for d in corpus.cited_by(cited)] == ["沪人社职〔2023〕127号"]
    assert [d.source.path for d in corpus.cited_by("关于开展技能提升年活动的通知")] == ["citing.txt"]


def test_repeated_mentions_are_one_link_with_all_spans(corpus: Corpus) -> None:
    (link,) = corpus.cites("沪人社职〔2023〕127号")
    assert link.resolved and link.target is not None
    assert link.target.source.path == "2021_489.txt"
    assert len(link.spans) == 3
    assert all(link.source.quote(s) == "沪人社职〔2021〕489号" for s in link.spans)


def test_unresolved_citations_are_kept(corpus: Corpus) -> None:
    unresolved = [(link.doc_number, link.resolved) for link in corpus.unresolved()]
    assert unresolved == [("沪委办〔2025〕3号", False)]
    assert [d.meta.doc_number.raw for d in corpus.cited_by("沪委办[2025]3号")] == ["沪人社职〔2025〕87号"]


def test_own_number_is_not_a_citation(corpus: Corpus) -> None:
    assert [link.title for link in corpus.cites("沪人社职〔2026〕1号")] == [
        "《关于开展技能提升年活动的通知》"
    ]


def test_not_cited_and_unknown(corpus: Corpus) -> None:
    assert corpus.cited_by("沪人社职〔2026〕79号") == []
    assert corpus.cites("国办发〔2099〕1号") == []


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("沪府办发[2024]3号", "沪府办发〔2024〕3号"),
        ("沪府办发（2024）3号", "沪府办发〔2024〕3号"),
        ("沪府办发 〔2024〕 3号", "沪府办发〔2024〕3号"),
    ],
    ids=["square", "paren", "spaces"],
)
def test_number_key(raw: str, key: str) -> None:
    assert number_key(raw) == key


def test_title_key() -> None:
    assert title_key("《关于 开展“技能”活动的通知》") == "关于开展技能活动的通知"


def test_from_folder_on_real_parses() -> None:
    corpus = Corpus.from_folder(DEV)
    assert len(corpus.docs) == 5
    citing = corpus.cited_by("沪人社职〔2021〕489号")
    assert [d.source.path.rsplit("/", 1)[-1] for d in citing if d.source.path] == ["003_5d8c8ee8d9c95772.txt"]
