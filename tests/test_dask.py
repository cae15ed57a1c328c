"""Dask scale-out writes the same tables as the single-machine batch."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from policyparse.batch import run_batch
from policyparse.tables import TABLES

pytestmark = pytest.mark.slow  # a Dask LocalCluster


distributed = pytest.importorskip("distributed")

CORPUS = sorted((Path(__file__).resolve().parents[1] / "corpora" / "dev").glob("*.txt"))


def read_tables(out: Path) -> dict[str, list[str]]:
    import pyarrow.parquet as pq

    # default=str: DATE columns come back as datetime.date
    return {t: sorted(json.dumps(r, ensure_ascii=False, sort_keys=True, default=str) for r in pq.read_table(out / t).to_pylist())
            for t in TABLES}  # fmt: skip


def test_local_cluster_output_equals_single_machine_output(tmp_path: Path) -> None:
    from policyparse.dask import parse_bag, write_parquet

    paths = [*CORPUS, tmp_path / "empty.txt"]
    (tmp_path / "empty.txt").write_bytes(b"")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            distributed.Client(cluster):  # fmt: skip
        bag = parse_bag(paths)
        docs = bag.compute()
        write_parquet(bag, tmp_path / "dask")
    assert sorted(d["source"]["path"] for d in docs) == sorted(
        str(p) for p in CORPUS
    )  # the empty file drops out
    summary = run_batch(paths, tmp_path / "local", workers=2, fmt="parquet")
    assert (summary.parsed, summary.failed) == (len(CORPUS), 1)
    dask_tables, local_tables = read_tables(tmp_path / "dask"), read_tables(tmp_path / "local")
    assert len(dask_tables["documents"]) == len(CORPUS)
    assert dask_tables == local_tables
