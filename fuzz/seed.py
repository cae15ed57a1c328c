"""Build the seed corpora from ``corpora/``: ``fuzz/corpus_parse`` (texts) and ``fuzz/corpus_loaders``.

A loader seed is one selector byte (the index of the format in ``fuzz_loaders.FORMATS``) and the
file's bytes; seeds are generated, not committed, so they follow the corpus.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
FORMATS = ("txt", "pdf", "docx", "html")
MAX_SEED_BYTES = 200_000  # libFuzzer mutates small inputs far faster


def main() -> None:
    parse_dir, loader_dir = HERE / "corpus_parse", HERE / "corpus_loaders"
    parse_dir.mkdir(exist_ok=True)
    loader_dir.mkdir(exist_ok=True)
    n_parse = n_load = 0
    for path in sorted((ROOT / "corpora").rglob("*")):
        if not path.is_file() or path.name.endswith(".json"):
            continue
        data = path.read_bytes()
        fmt = {".txt": "txt", ".pdf": "pdf", ".docx": "docx", ".html": "html", ".htm": "html"}.get(path.suffix)
        if fmt is None or len(data) > MAX_SEED_BYTES:
            continue
        if fmt == "txt":
            (parse_dir / path.name).write_bytes(data)
            n_parse += 1
        (loader_dir / f"{fmt}_{path.name}").write_bytes(bytes([FORMATS.index(fmt)]) + data)
        n_load += 1
    print(f"{n_parse} parse seeds in {parse_dir}, {n_load} loader seeds in {loader_dir}")


if __name__ == "__main__":
    main()
