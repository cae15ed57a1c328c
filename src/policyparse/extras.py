"""Optional dependencies ("extras"): a missing one is named with the pip command that installs it."""

from __future__ import annotations

import importlib
from typing import Any

from .errors import MissingExtra

EXTRAS = {
    "pyarrow": "parquet", "duckdb": "duckdb", "pandas": "frames", "openpyxl": "xlsx", "matplotlib": "plot",
    "spacy": "spacy", "dask": "dask", "distributed": "dask", "tqdm": "progress", "nbclient": "notebook",
    "nbformat": "notebook",
}  # fmt: skip
"""Top-level module -> the extra of ``pyproject.toml`` that installs it."""

FORMAT_MODULES = {"parquet": ("pyarrow",), "duckdb": ("duckdb", "pyarrow"), "xlsx": ("openpyxl",)}
"""Batch output format -> the modules it needs (jsonl and csv need none)."""


def missing(module: str) -> MissingExtra:
    """The error for a missing optional module, naming the extra to install."""
    top = module.split(".")[0]
    extra = EXTRAS.get(top)
    hint = f'pip install "policyparse[{extra}]"' if extra else f"pip install {top}"
    return MissingExtra(f"this needs the optional package {top!r}: {hint}")


def require(module: str) -> Any:
    """Import ``module`` or raise ``MissingExtra`` naming the extra that provides it."""
    try:
        return importlib.import_module(module)
    except ModuleNotFoundError as exc:
        if exc.name and module.split(".")[0] == exc.name.split(".")[0]:
            raise missing(module) from exc
        raise


def from_import_error(exc: ModuleNotFoundError) -> MissingExtra | None:
    """``MissingExtra`` when ``exc`` is about a module of a known extra, else None."""
    top = (exc.name or "").split(".")[0]
    return missing(top) if top in EXTRAS else None
