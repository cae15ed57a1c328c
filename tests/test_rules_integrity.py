"""Every rules file: loads, ids unique, patterns compile, examples match, counter-examples don't."""

from __future__ import annotations

from typing import Any

import pytest

from policyparse.rules import default_rules_dir, load_rules

RULES = load_rules()


def _pattern_rules() -> list[tuple[str, dict[str, Any]]]:
    """(file, rule) for every PatternRules-style file (a top-level ``rules`` list with patterns)."""
    out = []
    for name in RULES.names():
        content = RULES.get(name)
        if isinstance(content, dict) and isinstance(content.get("rules"), list):
            out += [(name, r) for r in content["rules"] if isinstance(r, dict) and "pattern" in r]
    return out


PATTERN_RULES = _pattern_rules()
IDS = [f"{name}:{r.get('id')}" for name, r in PATTERN_RULES]


def test_every_yaml_file_is_loaded() -> None:
    assert {p.stem for p in default_rules_dir().glob("*.yaml")} == set(RULES.names())


@pytest.mark.parametrize("name", RULES.names())
def test_rule_ids_unique_within_file(name: str) -> None:
    content = RULES.get(name)
    rules = content.get("rules") if isinstance(content, dict) else None
    ids = [r["id"] for r in rules or [] if isinstance(r, dict) and "id" in r]
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize(("name", "rule"), PATTERN_RULES, ids=IDS)
def test_examples_and_counter_examples(name: str, rule: dict[str, Any]) -> None:
    if "{{" in rule["pattern"]:
        pytest.skip("pattern uses its module's own {{placeholders}}; that module's tests run its examples")
    pattern = RULES.compile(rule["pattern"])
    for example in rule.get("examples") or []:
        assert pattern.search(example), f"{name}:{rule['id']} misses example {example!r}"
    for counter in rule.get("counter_examples") or []:
        assert not pattern.search(counter), f"{name}:{rule['id']} matches counter-example {counter!r}"


def test_department_aliases_resolve_to_one_body() -> None:
    seen: dict[str, str] = {}
    for body in RULES.get("departments")["bodies"]:
        assert (
            body.get("valid_from") is None
            or body.get("valid_to") is None
            or body["valid_from"] <= body["valid_to"]
        )
        for alias in body.get("aliases") or []:
            assert alias != body["name"]
            key = f"{body.get('region')}:{alias}"
            assert seen.setdefault(key, body["name"]) == body["name"], alias
