"""Fuzz the loaders: bytes -> each loader returns text or an InputError, never another exception.

The first byte picks the format (``seed.FORMATS``), the rest is the file.
Run: ``.venv/bin/python fuzz/seed.py && .venv/bin/python fuzz/fuzz_loaders.py fuzz/corpus_loaders -max_total_time=600``
"""

from __future__ import annotations

import sys

import atheris

# every loader imported here, inside the instrumentation: load_bytes imports them lazily, and a
# module first imported after this block runs uninstrumented (the fuzzer is then blind in it)
LOADER_MODULES = ("text", "html", "docx", "pdf", "pdf_grid", "pdf_streams", "xml_safety", "office")
with atheris.instrument_imports(include=["policyparse"]):
    import importlib

    from policyparse.errors import PolicyParseError
    from policyparse.limits import Limits
    from policyparse.loaders import load_bytes

    for _name in LOADER_MODULES:
        importlib.import_module(f"policyparse.loaders.{_name}")

from seed import FORMATS  # noqa: E402 - fuzz/ is on sys.path when run as a script

# small limits: a mutated seed must not make one run take seconds
LIMITS = Limits(max_file_bytes=1 << 20, max_pdf_pages=50, max_unzipped_bytes=20 << 20, max_stream_bytes=20 << 20,
                max_nesting_depth=6, max_list_number=1000)


def test_one_input(data: bytes) -> None:
    if not data:
        return
    fmt = FORMATS[data[0] % len(FORMATS)]
    try:
        loaded = load_bytes(data[1:], fmt, path=f"fuzz.{fmt}", limits=LIMITS)
    except PolicyParseError:
        return
    assert loaded.text.strip(), "an empty text must be EmptyDocument"
    assert all(0 <= s <= len(loaded.text) for s in loaded.page_starts), loaded.page_starts


def main() -> None:
    loaded = sorted(m for m in sys.modules if m.startswith("policyparse.loaders."))
    print(f"instrumented loaders: {', '.join(m.rsplit('.', 1)[1] for m in loaded)}", file=sys.stderr)
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
