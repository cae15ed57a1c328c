"""The scorer follows GUIDE.md's scoring rules."""

from policyparse.evaluate import Report, score_document, score_targets

EMPTY = {"meta": {}, "clauses": [], "targets": [], "dates": [], "doc_numbers": [], "tasks": []}


def _t(value, unit="人次", metric="培训", optional=False, comparator="=", year=2025, deadline=None):
    return {"value": value, "unit": unit, "metric": metric, "optional": optional,
            "comparator": comparator, "year": year, "deadline": deadline}  # fmt: skip


def test_targets_optional_gold_absorbs_without_counting() -> None:
    r = Report()
    gold = [_t(650000), _t(5, unit="个", optional=True)]
    pred = [_t(650000), _t(5, unit="个"), _t(3, unit="家")]
    score_targets(r, gold, pred)
    s = r.scores["targets"]
    assert (s.tp, s.fp, s.fn) == (1, 1, 0)
    assert r.accuracies["targets.metric"].value == 1.0


def test_targets_attribute_accuracy_over_matches() -> None:
    r = Report()
    score_targets(r, [_t(30, unit="%", comparator=">")], [_t(30, unit="%", comparator=">=")])
    assert r.accuracies["targets.comparator"].value == 0.0
    assert r.scores["targets"].tp == 1


def test_meta_and_clauses_compare_after_nfkc_and_label_punctuation() -> None:
    r = Report()
    gold = {**EMPTY, "meta": {"title": "通知", "addressees": ["各委", "办", "局"], "issuers": [], "date": None},
            "clauses": [["(一)", 2, "加强组织领导"]]}  # fmt: skip
    pred = {**EMPTY, "meta": {"title": "通 知", "addressees": ["各委办局"], "issuers": [], "date": None},
            "clauses": [["（一）", 2, "加强组织领导。"]]}  # fmt: skip
    score_document(r, gold, pred)
    assert r.scores["meta.title"].f1 == 1.0
    assert r.scores["meta.addressees"].f1 == 1.0
    assert r.scores["clauses"].f1 == 1.0
    assert r.scores["meta.date"].tp == r.scores["meta.date"].fp == 0


def test_dates_multiset_and_kind_accuracy() -> None:
    r = Report()
    gold = {
        **EMPTY,
        "meta": {},
        "dates": [{"value": "2025", "kind": "year"}, {"value": "2025", "kind": "year"}],
    }
    pred = {**EMPTY, "meta": {}, "dates": [{"value": "2025", "kind": "date"}]}
    score_document(r, gold, pred)
    s = r.scores["dates"]
    assert (s.tp, s.fp, s.fn) == (1, 0, 1)
    assert r.accuracies["dates.kind"].value == 0.0


def test_kind_and_direction_accuracy_only_where_the_gold_gives_them() -> None:
    r = Report()
    gold = [
        {**_t(1200, unit="元", metric="低保标准"), "kind": "standard"},
        {**_t(10, unit="%", metric="能耗"), "kind": "goal", "direction": "decrease"},
        {**_t(75, unit="%", metric="利用率"), "direction": None},
        _t(650000),  # written before the guide had kinds: no kind, no direction
    ]
    pred = [
        {**_t(1200, unit="元", metric="低保标准"), "kind": "standard"},
        {**_t(10, unit="%", metric="能耗"), "kind": "goal", "direction": "increase"},
        {**_t(75, unit="%", metric="利用率"), "kind": "goal", "direction": None},
        {**_t(650000), "kind": "requirement", "direction": "increase"},
    ]
    score_targets(r, gold, pred)
    kind, direction = r.accuracies["targets.kind"], r.accuracies["targets.direction"]
    assert (kind.right, kind.total) == (2, 2)
    assert (direction.right, direction.total) == (1, 2)


def test_gold_format_emits_kind_direction_and_baseline() -> None:
    from policyparse import parse
    from policyparse.evaluate import to_gold_format

    (t,) = to_gold_format(parse("到2027年，单位能耗较2023年下降10%。"))["targets"]
    assert (t["kind"], t["direction"], t["baseline"], t["value"], t["unit"]) == (
        "goal",
        "decrease",
        2023,
        10,
        "%",
    )


def test_doc_numbers_compare_whatever_brackets_hold_the_year() -> None:
    from policyparse.evaluate import norm_docno

    assert (
        norm_docno("劳社部发[2008]3号")
        == norm_docno("劳社部发〔2008〕3号")
        == norm_docno("劳社部发（2008）3号")
    )
    assert norm_docno("劳社部发〔2008〕3号") != norm_docno("劳社部发〔2008〕4号")
