"""Write the JSON Schema of the output and the README's field table from the pydantic models.

python scripts/export_schema.py          # rewrite schema/policydocument.schema.json and the README table
python scripts/export_schema.py --check  # exit 1 when either is out of date (used by the tests)
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from pydantic import BaseModel

from policyparse import models

ROOT = Path(__file__).resolve().parents[1]
SCHEMA_PATH = ROOT / "schema" / "policydocument.schema.json"
README = ROOT / "README.md"
BEGIN, END = "<!-- fields:begin -->", "<!-- fields:end -->"
TABLES: list[tuple[str, type[BaseModel]]] = [
    ("PolicyDocument", models.PolicyDocument),
    ("meta (Meta)", models.Meta),
    ("clauses[] (Clause)", models.Clause),
    ("tasks[] (Task)", models.Task),
    ("targets[] (Target)", models.Target),
    ("dates[] (DateMention)", models.DateMention),
    ("doc_numbers[] (DocNumber)", models.DocNumber),
    ("citations[] (Citation)", models.Citation),
    ("departments[] (Department)", models.Department),
    ("source (Source)", models.Source),
]


def schema_text() -> str:
    return json.dumps(models.PolicyDocument.model_json_schema(), ensure_ascii=False, indent=2) + "\n"


def _type_name(annotation: object) -> str:
    text = str(annotation).replace("typing.", "").replace("policyparse.models.", "")
    return text.replace("<class '", "").replace("'>", "")


def fields_markdown() -> str:
    out = []
    for title, model in TABLES:
        out.append(f"**{title}**\n\n| field | type | meaning |\n|---|---|---|")
        for name, info in model.model_fields.items():
            desc = (info.description or "").replace("|", "\\|").replace("\n", " ")
            out.append(f"| `{name}` | `{_type_name(info.annotation)}` | {desc} |")
        out.append("")
    return "\n".join(out)


def readme_with_table(readme: str) -> str:
    head, _, rest = readme.partition(BEGIN)
    _, _, tail = rest.partition(END)
    return f"{head}{BEGIN}\n{fields_markdown()}\n{END}{tail}"


def main(argv: list[str]) -> int:
    check = "--check" in argv
    readme = README.read_text(encoding="utf-8")
    new_readme = readme_with_table(readme) if BEGIN in readme else readme
    stale = []
    if not SCHEMA_PATH.exists() or SCHEMA_PATH.read_text(encoding="utf-8") != schema_text():
        stale.append(str(SCHEMA_PATH))
    if new_readme != readme:
        stale.append(str(README))
    if check:
        for path in stale:
            print(f"out of date: {path} (run python scripts/export_schema.py)")
        return 1 if stale else 0
    SCHEMA_PATH.parent.mkdir(exist_ok=True)
    SCHEMA_PATH.write_text(schema_text(), encoding="utf-8")
    README.write_text(new_readme, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
