"""Properties of ``parse`` and every extractor on any text: arbitrary Unicode and mutated notices.

Whatever the input: no exception but ``PolicyParseError``; every span inside ``source.text`` and
``source.text[s:e] == record.text``; the JSON re-validates against the schema. Each extractor is
also run alone on a fresh ``Context`` so a failure names the extractor.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policyparse import parse
from policyparse.document import Document
from policyparse.errors import PolicyParseError
from policyparse.extractors import Context, get_extractors
from policyparse.invariants import problems
from policyparse.models import PolicyDocument
from policyparse.rules import load_rules
from policyparse.structure import build_clause_tree, document_year, extract_tasks, parse_header

ROOT = Path(__file__).resolve().parents[1]
NOTICES = [p.read_text("utf-8") for p in sorted((ROOT / "corpora" / "dev").glob("*.txt"))]
RULES = load_rules()
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Unicode without lone surrogates (not text: check_text refuses them), weighted to what notices hold
_ALPHABET = st.characters(blacklist_categories=("Cs",))
_NOTICE_CHARS = st.sampled_from(
    "一二三四五六七八九十百千万亿〇零年月日号第条章、，。；：（）()〔〕[]《》“”%％.．0123456789\n\t 　①②③"
)
texts = st.text(st.one_of(_ALPHABET, _NOTICE_CHARS), max_size=400)


@st.composite
def mutated_notices(draw: st.DrawFn) -> str:
    """A dev notice with random line and character deletions, insertions and duplications."""
    lines = draw(st.sampled_from(NOTICES)).split("\n")
    for _ in range(draw(st.integers(0, 8))):
        op = draw(
            st.sampled_from(["del_line", "dup_line", "ins_line", "del_chars", "ins_chars", "dup_chars"])
        )
        i = draw(st.integers(0, max(len(lines) - 1, 0)))
        line = lines[i] if lines else ""
        j = draw(st.integers(0, len(line)))
        k = draw(st.integers(j, min(len(line), j + 20)))
        if op == "del_line" and lines:
            del lines[i]
        elif op == "dup_line" and lines:
            lines.insert(i, line)
        elif op == "ins_line":
            lines.insert(i, draw(texts))
        elif op == "del_chars" and lines:
            lines[i] = line[:j] + line[k:]
        elif op == "ins_chars" and lines:
            lines[i] = line[:j] + draw(texts) + line[j:]
        elif op == "dup_chars" and lines:
            lines[i] = line[:k] + line[j:k] + line[k:]
    return "\n".join(lines)


def assert_invariants(doc: PolicyDocument) -> None:
    assert problems(doc) == []


def parse_or_typed_error(text: str) -> PolicyDocument | None:
    if "\n" not in text:
        text += "\n"  # one line with an extension could name a file in the working folder
    try:
        return parse(text, rules=RULES)
    except PolicyParseError:
        return None


@SETTINGS
@given(texts)
def test_parse_any_unicode(text: str) -> None:
    doc = parse_or_typed_error(text)
    if doc is not None:
        assert_invariants(doc)


@pytest.mark.slow  # hypothesis, a whole parse per example
@SETTINGS
@given(mutated_notices())
def test_parse_mutated_notices(text: str) -> None:
    doc = parse_or_typed_error(text)
    if doc is not None:
        assert_invariants(doc)


@pytest.mark.slow  # hypothesis, a whole parse per example
@SETTINGS
@given(st.one_of(texts, mutated_notices()))
def test_every_extractor_alone_keeps_provenance(text: str) -> None:
    doc = Document.from_text(text, chrome_lines=RULES.get("chrome")["lines"])
    meta = parse_header(doc, RULES)
    clauses = build_clause_tree(doc, meta, RULES)
    extract_tasks(doc, clauses, RULES)
    for name, extract in get_extractors().items():
        ctx = Context.build(doc, meta, clauses, document_year(meta))
        for rec in extract(ctx, RULES):
            span = getattr(rec, "span", None)
            if span is None:  # citations carry a list of spans
                for s, e in getattr(rec, "spans", []):
                    assert 0 <= s <= e <= len(text), name
                continue
            assert 0 <= span[0] <= span[1] <= len(text), f"{name}: {span}"
            assert text[span[0] : span[1]] == rec.text, f"{name}: {text[span[0] : span[1]]!r} != {rec.text!r}"


def test_mutations_really_change_the_notice() -> None:
    # the strategy is not a no-op: over a few draws some text differs from every notice
    seen: list[str] = []

    @settings(max_examples=30, deadline=None)
    @given(mutated_notices())
    def collect(text: str) -> None:
        seen.append(text)

    collect()
    assert any(t not in NOTICES for t in seen)
