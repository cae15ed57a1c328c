"""spaCy component: every record becomes a span with the same text; jieba keeps dictionary names whole."""

from __future__ import annotations

from pathlib import Path

import pytest

spacy = pytest.importorskip("spacy")

from policyparse import spacy_component as sc  # noqa: E402  (after the importorskip)
from policyparse.api import load  # noqa: E402
from policyparse.models import PolicyDocument  # noqa: E402
from view_fixtures import SAMPLES, gold_document, records, synthetic_document  # noqa: E402

WORDS = ["上海市人力资源和社会保障局", "市财政局"]


@pytest.fixture(scope="module")
def nlp_words() -> spacy.language.Language:
    """A blank zh pipeline with the jieba tokenizer and a fixed dictionary (independent of rules/)."""
    nlp = spacy.blank("zh")
    nlp.tokenizer = sc.JiebaTokenizer(nlp.vocab, WORDS)
    return nlp


@pytest.fixture(scope="module")
def nlp() -> spacy.language.Language:
    """What users write: blank zh + the registered component."""
    pipeline = spacy.blank("zh")
    pipeline.add_pipe("policyparse")
    return pipeline


def _annotate(nlp: spacy.language.Language, policy: PolicyDocument) -> spacy.tokens.Doc:
    doc = nlp.make_doc(policy.source.text)
    return sc.PolicyParseComponent(nlp, "policyparse").set_annotations(doc, policy)


def _assert_every_record_is_a_span(doc: spacy.tokens.Doc, policy: PolicyDocument) -> None:
    assert doc.text == policy.source.text
    for key in sc.SPAN_KEYS:
        group = doc.spans[key]
        wanted = list(getattr(policy, key))
        assert [s.text for s in group] == [r.text for r in wanted], key
        assert [(s.start_char, s.end_char) for s in group] == [r.span for r in wanted], key
        assert {s.label_ for s in group} <= {sc.LABELS[key]}
        assert [s.id_ for s in group] == [r.rule_id for r in wanted], key


def test_synthetic_records_become_exact_spans(nlp_words) -> None:
    policy = synthetic_document()
    doc = _annotate(nlp_words, policy)
    _assert_every_record_is_a_span(doc, policy)
    assert doc._.policy is policy


def test_token_split_at_record_boundary(nlp_words) -> None:
    # the crossing record starts inside the word 万人次: the token is split so the span is exact
    policy = synthetic_document()
    doc = _annotate(nlp_words, policy)
    crossing = doc.spans["departments"][-1]
    assert crossing.text == policy.departments[-1].text == "次以上。\n"
    assert crossing[0].text == "次"


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem[:3] for p in SAMPLES])
def test_gold_records_become_exact_spans(nlp_words, path: Path) -> None:
    policy = gold_document(path)
    assert records(policy), "gold document without records"
    _assert_every_record_is_a_span(_annotate(nlp_words, policy), policy)


@pytest.mark.parametrize("path", SAMPLES, ids=[p.stem[:3] for p in SAMPLES])
def test_pipeline_on_sample_notices(nlp, path: Path) -> None:
    text = load(path).text
    doc = nlp(text)
    assert isinstance(doc._.policy, PolicyDocument)
    assert doc._.policy.source.text == text
    _assert_every_record_is_a_span(doc, doc._.policy)


def test_one_line_text_is_not_read_as_a_path(nlp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "a.txt").write_text("一、不该读到这里\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    doc = nlp("a.txt")
    assert doc._.policy.source.text == "a.txt"


@pytest.mark.parametrize(
    ("text", "whole"),
    [
        ("由上海市人力资源和社会保障局牵头。", "上海市人力资源和社会保障局"),
        ("市财政局配合。", "市财政局"),
    ],
    ids=["long-name", "short-name"],
)
def test_dictionary_names_stay_whole(nlp_words, text: str, whole: str) -> None:
    tokens = [t.text for t in nlp_words(text)]
    assert whole in tokens
    assert "".join(tokens) == text


def test_without_dictionary_long_name_is_cut() -> None:
    # the negative case: plain jieba cuts the name, which is why the rules' names are added
    nlp = spacy.blank("zh")
    nlp.tokenizer = sc.JiebaTokenizer(nlp.vocab, [])
    assert "上海市人力资源和社会保障局" not in [t.text for t in nlp("由上海市人力资源和社会保障局牵头。")]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"departments": [{"name": "上海市财政局", "aliases": ["市财政局"]}]}, ["上海市财政局", "市财政局"]),
        ({"沪人社": {"issuer": "上海市人力资源和社会保障局"}}, ["上海市人力资源和社会保障局", "沪人社"]),
        ({"rules": [{"pattern": "[一二三]号", "examples": ["一号文件"]}]}, []),
        (["x", "局", "2025年", None, 3], []),
    ],
    ids=["names-and-aliases", "keys-too", "patterns-skipped", "junk"],
)
def test_words_in_rules_data(data: object, expected: list[str]) -> None:
    assert sorted(sc._words_in(data)) == sorted(expected)


def test_whitespace_tokens_round_trip(nlp_words) -> None:
    text = "一、总体要求\n\n\t表格 单元\n  结束"
    assert nlp_words(text).text == text


# -- across processes and files ---------------------------------------------------------------


def _records(doc: spacy.tokens.Doc) -> dict[str, list[tuple[str, int, int, str, str]]]:
    return {
        key: [(s.text, s.start_char, s.end_char, s.label_, s.id_) for s in doc.spans[key]]
        for key in sc.SPAN_KEYS
    }


@pytest.mark.slow  # spaCy in two processes
def test_pipe_in_two_processes_equals_one(nlp) -> None:
    texts = [p.read_text("utf-8") for p in SAMPLES]
    alone = list(nlp.pipe(texts))
    multi = list(nlp.pipe(texts, n_process=2, batch_size=1))
    assert [d.text for d in multi] == texts
    for one, two in zip(alone, multi, strict=True):
        assert two._.policy == one._.policy
        assert two._.policy.source.text == two.text
        assert _records(two) == _records(one)
        assert [t.text for t in two] == [t.text for t in one]
    assert any(d._.policy.targets for d in multi)


def test_docbin_round_trip_keeps_the_policy_and_spans(nlp, tmp_path: Path) -> None:
    from spacy.tokens import DocBin

    docs = list(nlp.pipe(p.read_text("utf-8") for p in SAMPLES))
    DocBin(docs=docs, store_user_data=True).to_disk(tmp_path / "notices.spacy")
    fresh = spacy.blank("zh")  # another pipeline, as a reader elsewhere would have
    back = list(DocBin().from_disk(tmp_path / "notices.spacy").get_docs(fresh.vocab))
    assert len(back) == len(docs)
    for one, two in zip(docs, back, strict=True):
        assert two.text == one.text
        assert two._.policy == one._.policy
        assert _records(two) == _records(one)
    assert back[0]._.policy is back[0]._.policy  # decoded once, not on every access


def test_policy_must_be_a_parse_of_the_doc_text(nlp) -> None:
    doc = nlp("一、总体要求\n全年培训65万人次。")
    other = nlp("二、保障措施")
    with pytest.raises(ValueError, match=r"parse of doc\.text"):
        doc._.policy = other._.policy
    doc._.policy = None
    assert doc._.policy is None and doc._.policy_json is None
