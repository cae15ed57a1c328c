"""``import policyparse`` (and parsing a text notice) loads none of the heavy optional libraries."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("spacy", "pandas", "matplotlib", "jieba", "pdfplumber")

SCRIPTS = {
    "import": "import policyparse",
    "import-models": "import policyparse, policyparse.models",
    "parse-text": "import policyparse; policyparse.parse('关于做好培训工作的通知\\n一、总体要求\\n2025年底前完成培训65万人次。')",
}


def _loaded_after(script: str) -> list[str]:
    probe = f"{script}\nimport json, sys\nprint(json.dumps(sorted(m for m in {HEAVY!r} if m in sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, timeout=120, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("script", SCRIPTS.values(), ids=SCRIPTS.keys())
def test_no_heavy_imports(script: str) -> None:
    assert _loaded_after(script) == []


def test_probe_detects_an_import() -> None:
    # the negative case: the probe does see a heavy module once something imports it
    assert _loaded_after("import policyparse.frames") == ["pandas"]
