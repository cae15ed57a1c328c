"""The invariant checker itself: it must catch a broken record, not only pass good ones."""

from pathlib import Path

import pytest

from policyparse import parse
from policyparse.invariants import check_document, problems

SAMPLES = sorted((Path(__file__).resolve().parents[1] / "corpora").glob("*/*.txt"))


@pytest.mark.parametrize("path", SAMPLES, ids=[p.name for p in SAMPLES])
def test_every_corpus_document_satisfies_the_invariants(path: Path) -> None:
    assert problems(parse(path)) == []


def test_a_shifted_span_is_reported() -> None:
    doc = parse(SAMPLES[0])
    first = doc.targets[0] if doc.targets else doc.dates[0]
    kind = "targets" if doc.targets else "dates"
    broken = first.model_copy(update={"span": (first.span[0] + 1, first.span[1] + 1)})
    bad = doc.model_copy(update={kind: [broken, *getattr(doc, kind)[1:]]})
    assert any("source quotes" in p for p in problems(bad, round_trip=False))
    with pytest.raises(AssertionError):
        check_document(bad)
