"""The exported JSON Schema and the README's field table match the models."""

import json
import subprocess
import sys
from pathlib import Path

from policyparse import parse
from policyparse.models import PolicyDocument

ROOT = Path(__file__).resolve().parents[1]


def test_schema_and_readme_table_are_current() -> None:
    out = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "export_schema.py"), "--check"],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stdout + out.stderr


def test_output_round_trips_through_the_schema_model() -> None:
    doc = parse(ROOT / "corpora" / "dev" / "004_6f963c420dca890b.txt")
    again = PolicyDocument.model_validate_json(doc.to_json())
    assert again == doc
    schema = json.loads((ROOT / "schema" / "policydocument.schema.json").read_text(encoding="utf-8"))
    assert set(schema["properties"]) == set(PolicyDocument.model_fields)
