"""Scale-out on Dask: a bag of parsed documents and the batch's parquet tables, written by the workers.

>>> bag = parse_bag(["a.txt", "b.pdf"])  # doctest: +SKIP
>>> write_parquet(bag, "out/")  # doctest: +SKIP

``write_parquet`` writes the layout of ``policyparse batch --format parquet``
(``OUT/<table>/part-NNNNN.parquet`` plus the ``OUT/_done`` manifests), one part per bag
partition, so readers do not care which engine produced a folder. Workers must see the same
file system as the client. Dask is imported only inside these functions.
"""

from __future__ import annotations

import json
import os
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .batch import DONE_DIR, ERRORS_FILE, BatchSummary, atomic_write, clear_parquet
from .inputs import collect_files, file_sha256
from .pool import extra_rules_dir
from .rules import RuleSet

if TYPE_CHECKING:  # pragma: no cover
    import dask.bag


def parse_result(path: str, rules_dir: str | None = None) -> dict[str, Any]:
    """Parse one file: ``{"ok": True, "path", "document"}`` or ``{"ok": False, "path", "error", "message"}``."""
    from .api import parse
    from .rules import load_rules

    try:
        doc = parse(Path(path), rules=load_rules(rules_dir))
        data = doc.model_dump(mode="json")
        if not data["source"]["sha256"]:
            data["source"]["sha256"] = file_sha256(Path(path))
        return {"ok": True, "path": path, "document": data}
    except Exception as exc:  # recorded, never raised: one bad file must not fail the graph
        return {
            "ok": False,
            "path": path,
            "error": type(exc).__name__,
            "message": getattr(exc, "message", str(exc)),
        }


def results_bag(
    paths: Sequence[str | os.PathLike[str]], rules: RuleSet | str | Path | None = None
) -> dask.bag.Bag:
    """A bag of :func:`parse_result` dicts, one per path."""
    import dask.bag as db

    items = [str(p) for p in paths]
    return db.from_sequence(items, partition_size=max(1, min(100, len(items) // 8 or 1))).map(
        parse_result, extra_rules_dir(rules)
    )


def parse_bag(
    paths: Sequence[str | os.PathLike[str]], rules: RuleSet | str | Path | None = None
) -> dask.bag.Bag:
    """A bag of parsed documents as dicts (``doc.model_dump(mode="json")``); failures are left out."""
    return results_bag(paths, rules).filter(lambda r: r["ok"]).pluck("document")


def _write_part(results: Iterable[dict[str, Any]], out_dir: str, number: int) -> dict[str, Any]:
    import pyarrow.parquet as pq

    from .tables import merge_rows, to_arrow

    docs, failures = [], []
    for r in results:
        if "ok" not in r:  # a bag of plain documents
            docs.append(r)
        elif r["ok"]:
            docs.append(r["document"])
        else:
            failures.append({k: r[k] for k in ("path", "error", "message")})
    out = Path(out_dir)
    name = f"part-{number:05d}"
    for table, data in to_arrow(merge_rows(docs)).items():
        (out / table).mkdir(parents=True, exist_ok=True)
        tmp = out / table / f".{name}.parquet.tmp"
        pq.write_table(data, tmp)
        os.replace(tmp, out / table / f"{name}.parquet")
    manifest = "".join(f"{d['source']['sha256']}\t{d['source'].get('path')}\n" for d in docs)
    (out / DONE_DIR).mkdir(parents=True, exist_ok=True)
    atomic_write(out / DONE_DIR / f"{name}.txt", manifest.encode("utf-8"))
    formats = Counter(d["source"].get("format") or "" for d in docs)
    return {"parsed": len(docs), "failures": failures, "formats": dict(formats)}


def write_parquet(bag: dask.bag.Bag, out_dir: str | os.PathLike[str]) -> list[dict[str, Any]]:
    """Write a bag of documents (or of :func:`parse_result` dicts) as the batch's parquet tables.

    Each partition becomes one part per table, written by the worker holding it. Returns
    one ``{"parsed", "failures", "formats"}`` dict per partition.
    """
    import dask
    from dask import delayed

    clear_parquet(Path(out_dir))
    parts = [delayed(_write_part)(part, str(out_dir), i) for i, part in enumerate(bag.to_delayed())]
    return list(dask.compute(*parts))


def run_on_dask(
    inputs: Iterable[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    address: str | None = None,
    rules: RuleSet | str | Path | None = None,
) -> BatchSummary:
    """``policyparse batch --dask ADDRESS``: parse the inputs on a cluster into parquet tables."""
    from distributed import Client

    started = time.monotonic()
    files, skipped = collect_files(inputs)
    summary = BatchSummary(skipped=sum(skipped.values()), skipped_by_ext=skipped)
    out = Path(out_dir)
    with Client(address) if address else Client(processes=True) as _client:
        stats = write_parquet(results_bag(files, rules), out)
    with (out / ERRORS_FILE).open("w", encoding="utf-8") as fh:
        for part in stats:
            summary.parsed += part["parsed"]
            summary.formats.update(part["formats"])
            for failure in part["failures"]:
                summary.failed += 1
                summary.errors[failure["error"]] += 1
                fh.write(json.dumps(failure, ensure_ascii=False) + "\n")
    summary.seconds = time.monotonic() - started
    return summary
