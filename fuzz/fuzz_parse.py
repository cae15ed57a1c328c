"""Fuzz the text parser: any string -> ``parse`` returns a valid document or a PolicyParseError.

Run: ``.venv/bin/python fuzz/seed.py && .venv/bin/python fuzz/fuzz_parse.py fuzz/corpus_parse -max_total_time=600``
"""

from __future__ import annotations

import sys

import atheris

# the stages parse() imports lazily, imported here inside the instrumentation (see fuzz_loaders)
STAGE_MODULES = ("link", "normalize", "document", "extractors.targets", "extractors.target_tables", "extractors.dates",
                 "extractors.departments", "extractors.citations", "extractors.doc_numbers", "structure.header",
                 "structure.clauses", "structure.tasks")  # fmt: skip
with atheris.instrument_imports(include=["policyparse"]):
    import importlib

    from policyparse import parse
    from policyparse.errors import PolicyParseError
    from policyparse.limits import check_text
    from policyparse.rules import load_rules

    for _name in STAGE_MODULES:
        importlib.import_module(f"policyparse.{_name}")

from invariants import check_document  # noqa: E402 - fuzz/ is on sys.path when run as a script

RULES = load_rules()


def test_one_input(data: bytes) -> None:
    text = data.decode("utf-8", errors="replace")  # so the corpus seeds stay notices
    if "\n" not in text:
        text += "\n"  # a one-line string with an extension could name a file: keep it text
    try:
        check_text(text)
        doc = parse(text, rules=RULES)
    except PolicyParseError:
        return
    check_document(doc)


def main() -> None:
    loaded = sorted(m.removeprefix("policyparse.") for m in sys.modules if m.startswith("policyparse."))
    print(f"instrumented modules ({len(loaded)}): {', '.join(loaded)}", file=sys.stderr)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
