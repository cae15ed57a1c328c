"""Data checks of the shared vocabulary (rules/vocabulary.yaml) and the files that refer to it,
in the manner of dateparser's language-data tests: every reference resolves, no word list is
kept twice, every pattern rule's examples still hold, and a user's YAML still reaches the code."""

from __future__ import annotations

import tokenize
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel

from policyparse.errors import RuleError
from policyparse.rule_schema import PatternRule
from policyparse.rules import _reference, default_rules_dir, load_rules

RULES = load_rules()
RAW = {p.stem: yaml.safe_load(p.read_text(encoding="utf-8")) for p in default_rules_dir().glob("*.yaml")}
VOCABULARY = {k: v for k, v in RAW["vocabulary"].items() if k != "notes"}
SRC = Path(__file__).resolve().parents[1] / "src" / "policyparse"
DOC_TYPES = {w for k in ("doc_types", "doc_types_published", "doc_types_cited") for w in VOCABULARY[k]}


def _walk(value: Any, path: str) -> Iterator[tuple[str, Any]]:
    yield path, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _walk(v, f"{path}.{k}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _walk(v, f"{path}[{i}]")


def _words(value: Any) -> frozenset[str] | None:
    """The words of a list of strings, of named entries, or of a mapping keyed by words, else None."""
    if isinstance(value, list) and value and all(isinstance(v, str) for v in value):
        return frozenset(value)
    if isinstance(value, list) and value and all(isinstance(v, dict) and "name" in v for v in value):
        return frozenset(v["name"] for v in value)
    if isinstance(value, dict) and value and all(isinstance(v, (int, list)) for v in value.values()):
        return frozenset(map(str, value))
    return None


# -- references --------------------------------------------------------------------------------


def test_every_reference_names_a_vocabulary_entry() -> None:
    refs = [
        (f"{name}{path}", ref)
        for name, content in RAW.items()
        for path, value in _walk(content, "")
        if (ref := _reference(value)) is not None
    ]
    assert refs  # the files do refer to the vocabulary
    assert [(where, ref) for where, ref in refs if ref not in VOCABULARY] == []
    assert not [where for where, _ in refs if where.startswith("vocabulary")]  # no references inside it


def test_references_are_resolved_when_the_rules_load() -> None:
    for name in RULES.names():
        assert not [p for p, v in _walk(RULES.get(name), name) if _reference(v) is not None], name
    assert RULES.structure.doc_types == VOCABULARY["doc_types"] + VOCABULARY["doc_types_published"]
    assert RULES.citations.doc_types == VOCABULARY["doc_types"] + VOCABULARY["doc_types_cited"]
    assert RULES.units.magnitudes == VOCABULARY["large_magnitudes"]
    assert RULES.dates.quarters == VOCABULARY["quarters"]
    names = [r["name"] for r in VOCABULARY["regions"] + VOCABULARY["regions_without_codes"]]
    assert [r.name for r in RULES.departments.regions] == names


def test_region_codes_come_from_the_vocabulary() -> None:
    from policyparse.extractors.doc_numbers import issuer_of

    codes = RULES.vocabulary.region_codes()
    assert codes["沪"].municipal and not codes["粤"].municipal
    assert not set(codes) & set(RULES.issuer_codes.regions)  # the cities' 简称 are their own
    assert issuer_of("沪人社职", RULES) == "上海市人力资源和社会保障局"
    assert issuer_of("粤人社规", RULES) == "广东省人力资源和社会保障厅"
    assert issuer_of("深人社规", RULES) == "深圳市人力资源和社会保障局"  # a city: its municipal name


def test_an_unknown_reference_is_a_rule_error_naming_the_key(tmp_path: Path) -> None:
    (tmp_path / "citations.yaml").write_text("doc_types: [$vocabulary.no_such_list]\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"citations\.yaml\.doc_types\[\d+\].*no_such_list"):
        load_rules(tmp_path)


# -- each list once ----------------------------------------------------------------------------


def test_no_two_vocabulary_entries_hold_the_same_words() -> None:
    seen: dict[frozenset[str], str] = {}
    for name, value in VOCABULARY.items():
        words = _words(value)
        assert words is not None, name
        assert seen.setdefault(words, name) == name, f"{name} repeats {seen[words]}"
    # the 文种 sub-lists are disjoint: each word is read by the lists that name its sub-list
    kinds = [set(VOCABULARY[k]) for k in ("doc_types", "doc_types_published", "doc_types_cited")]
    assert sum(map(len, kinds)) == len(set.union(*kinds))


def test_no_rule_file_repeats_a_vocabulary_list() -> None:
    vocabulary = {_words(v): k for k, v in VOCABULARY.items()}
    repeats = [
        (f"{name}{path}", vocabulary[words])
        for name, content in RAW.items()
        if name != "vocabulary"
        for path, value in _walk(content, "")
        if (words := _words(value)) is not None and words in vocabulary
    ]
    assert repeats == []


def test_no_doc_type_list_outside_the_vocabulary() -> None:
    # a list of three or more 文种 in a rule file is a second 文种 list (a rule's params.doc_types
    # names a sub-list of the vocabulary)
    lists = [
        f"{name}{path}"
        for name, content in RAW.items()
        if name != "vocabulary"
        for path, value in _walk(content, "")
        if (words := _words(value)) is not None and len(words & DOC_TYPES) >= 3
    ]
    assert lists == []


def _string_tokens(path: Path) -> Iterator[tuple[int, str]]:
    with path.open(encoding="utf-8") as fh:
        for tok in tokenize.generate_tokens(fh.readline):
            if tok.type == tokenize.STRING:
                yield tok.start[0], tok.string


@pytest.mark.parametrize("path", sorted(SRC.rglob("*.py")), ids=lambda p: p.relative_to(SRC).as_posix())
def test_no_python_copy_of_the_doc_types(path: Path) -> None:
    # a string literal naming four 文种 as alternatives or items (通知|意见|方案|办法) is a copy;
    # prose (docstrings, examples) names them inside sentences, not as a list
    import regex

    found = []
    for line, literal in _string_tokens(path):
        items = set(regex.findall(r"(?<![\p{Han}])\p{Han}{1,3}(?![\p{Han}])", literal))
        listed = {
            w for w in items & DOC_TYPES if regex.search(rf"(?:^|[|\"',(\[ ]){w}(?:$|[|\"',)\] ])", literal)
        }
        if len(listed) >= 4 and "|" in literal:
            found.append((line, sorted(listed)))
    assert found == []


def test_magnitudes_have_no_python_copy() -> None:
    for path in sorted(SRC.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        for literal in ('"万": 10', '"亿": 100', '"千": 1000', '"十": 10'):
            assert literal not in text, f"{path.name} keeps its own magnitudes ({literal})"


def test_targets_period_ends_agree_with_the_vocabulary() -> None:
    # extractors/targets.py reads its part-of-year cue's params.ends (the period with 第/季度
    # stripped -> its last month): the same facts as the vocabulary's quarters and halves, in
    # the shape that code reads, so they are checked here rather than written once
    [cue] = [
        r for r in RULES.get("targets")["deadline_cues"] if r["id"] == "targets.deadline.part_of_year.v1"
    ]
    expected = {f"{side}半年": last for side, (_, last) in VOCABULARY["halves"].items()}
    expected |= {numeral: 3 * q for numeral, q in VOCABULARY["quarters"].items()}
    assert cue["params"]["ends"] == expected


def test_task_deadline_periods_follow_from_the_vocabulary() -> None:
    periods = RULES.compiled("vocabulary").period_end_month
    assert periods["第三季度"] == periods["三季度"] == 9
    assert periods["上半年"] == 6 and periods["年底"] == periods["年末"] == 12


# -- every rule still holds its examples ------------------------------------------------------


def _pattern_rules(model: BaseModel, path: str) -> Iterator[tuple[str, PatternRule]]:
    if isinstance(model, PatternRule):
        yield path, model
        return
    for field in type(model).model_fields:
        value = getattr(model, field)
        if isinstance(value, BaseModel):
            yield from _pattern_rules(value, f"{path}.{field}")
            continue
        items = value if isinstance(value, list) else list(value.values()) if isinstance(value, dict) else []
        for i, item in enumerate(items):
            if isinstance(item, BaseModel):
                yield from _pattern_rules(item, f"{path}.{field}[{i}]")


ALL_RULES = [
    (where, rule)
    for name in RULES.names()
    if name != "fragments"
    for where, rule in _pattern_rules(RULES.model(name), name)
]


def test_the_typed_view_reaches_every_nested_rule() -> None:
    files = {where.split(".")[0] for where, _ in ALL_RULES}
    assert {"structure", "normalize", "dates", "targets", "citations", "chrome"} <= files
    assert any(".tasks.inline" in where for where, _ in ALL_RULES)
    assert any(where == "normalize.label_start" for where, _ in ALL_RULES)


# how the code applies a section's patterns (else: search)
FULL_LINE = ("chrome.patterns",)  # a whole stripped line


@pytest.mark.parametrize(("where", "rule"), ALL_RULES, ids=[f"{w}:{r.id}" for w, r in ALL_RULES])
def test_every_rule_matches_its_examples_and_no_counter_example(where: str, rule: PatternRule) -> None:
    if "{{" in rule.pattern:
        pytest.skip("the pattern takes its module's {{placeholders}}; that module's tests run it")
    try:
        pattern = RULES.compile(rule.pattern)
    except RuleError:
        pytest.skip("the pattern takes its module's own fragments ($num); that module's tests run it")
    test = pattern.fullmatch if where.startswith(FULL_LINE) else pattern.search
    assert [e for e in rule.examples if not test(e)] == [], where
    assert [c for c in rule.counter_examples if test(c)] == [], where


# -- a user's YAML reaches the code -----------------------------------------------------------


def test_a_user_vocabulary_word_reaches_every_file_that_refers_to_its_list(tmp_path: Path) -> None:
    (tmp_path / "vocabulary.yaml").write_text("lead_after: [主抓]\nquarters: {Ⅲ: 3}\n", encoding="utf-8")
    rules = load_rules(tmp_path)
    assert "主抓" in rules.compiled("vocabulary").lead_after
    assert rules.dates.quarters["Ⅲ"] == 3
    assert rules.compiled("vocabulary").period_end_month["第Ⅲ季度"] == 9


def test_a_user_file_may_refer_to_the_vocabulary(tmp_path: Path) -> None:
    (tmp_path / "structure.yaml").write_text("doc_types: [$vocabulary.doc_types_cited]\n", encoding="utf-8")
    rules = load_rules(tmp_path)
    assert rules.structure.doc_types.count("章程") == 1
    assert rules.structure.doc_types.count("通知") == 1  # appended to the shipped list, not repeated


def test_a_user_adds_a_department_with_yaml_only(tmp_path: Path) -> None:
    from policyparse import parse

    text = "关于做好培训工作的通知\n各有关单位：\n由某某市数据资源管理局牵头，会同市财政局落实。"
    assert "某某市数据资源管理局" not in {d.name for d in parse(text).departments if d.known}
    (tmp_path / "departments.yaml").write_text(
        "bodies:\n  - {name: 某某市数据资源管理局, aliases: [某某市数据局]}\n", encoding="utf-8"
    )
    doc = parse(text, rules=tmp_path)
    [dept] = [d for d in doc.departments if d.name == "某某市数据资源管理局"]
    assert dept.known and dept.role == "lead"


def test_a_user_adds_a_unit_with_yaml_only(tmp_path: Path) -> None:
    from policyparse import parse

    text = "关于做好节能工作的通知\n各区：\n2025年底前完成节约标准煤12万吨标煤。"
    assert "吨标煤" not in {t.unit for t in parse(text).targets}
    (tmp_path / "units.yaml").write_text("units:\n  - {unit: 吨标煤}\n", encoding="utf-8")
    doc = parse(text, rules=tmp_path)
    assert [(t.value, t.unit) for t in doc.targets if t.unit == "吨标煤"] == [(120000, "吨标煤")]
