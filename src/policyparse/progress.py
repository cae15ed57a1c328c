"""An optional progress bar for long loops in notebooks and scripts (tqdm, when installed).

``progress_bar(total, enabled=None)`` gives an object with ``update(n)``: a tqdm bar (a widget
in Jupyter when ipywidgets is installed, else text) or a no-op. ``enabled=None`` means "in a notebook
only": a bar in a terminal script would be noise in logs. tqdm is the ``progress`` extra.
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from typing import Any


class _NoBar:
    def update(self, n: int = 1) -> None:
        return None


def in_notebook() -> bool:
    """True inside a Jupyter kernel (ipykernel loaded and an IPython kernel running)."""
    if "ipykernel" not in sys.modules:
        return False
    ipython = sys.modules.get("IPython")
    shell = ipython.get_ipython() if ipython is not None and hasattr(ipython, "get_ipython") else None
    return shell is not None and hasattr(shell, "kernel")


def _has_widgets() -> bool:
    import importlib.util

    return importlib.util.find_spec("ipywidgets") is not None


@contextlib.contextmanager
def progress_bar(total: int | None, *, enabled: bool | None = None, desc: str = "") -> Iterator[Any]:
    """A tqdm bar over ``total`` items, or a no-op when disabled or tqdm is not installed."""
    if enabled is None:
        enabled = in_notebook()
    if not enabled:
        yield _NoBar()
        return
    try:
        if in_notebook() and _has_widgets():
            from tqdm.notebook import tqdm
        else:  # tqdm.auto would warn "IProgress not found" in a notebook without ipywidgets
            from tqdm.std import tqdm
    except ImportError:  # optional: pip install "policyparse[progress]"
        yield _NoBar()
        return
    bar = tqdm(total=total, desc=desc, unit="doc")
    try:
        yield bar
    finally:
        bar.close()
