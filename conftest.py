"""Shared by the tests and the docstring examples (``--doctest-modules`` over ``src/policyparse``)."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent


@pytest.fixture(autouse=True)
def _examples_run_from_the_repository(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The docstring examples name files as a user at the repository root does (corpora/dev/…)."""
    if (ROOT / "src") in Path(request.node.path).parents:
        monkeypatch.chdir(ROOT)
