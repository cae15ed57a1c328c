"""Logging: policyparse logs through stdlib ``logging`` under the ``policyparse`` logger.

The library never configures handlers (that is the application's choice); the CLI does, with
``-v``/``-q`` or the ``POLICYPARSE_LOG`` environment variable (``DEBUG``, ``INFO``, ``WARNING``,
``ERROR`` or a number). Third-party libraries that chatter (jieba prints "Building prefix
dict …" to stderr on first use, pdfminer warns about every odd font, matplotlib about missing
glyphs) are routed through ``logging`` too and held back unless debugging.
"""

from __future__ import annotations

import logging
import os
import sys
from typing import Any

ENV_VAR = "POLICYPARSE_LOG"
NOISY = ("jieba", "pdfminer", "matplotlib", "fontTools", "PIL")
"""Loggers of dependencies whose messages are noise to a policyparse user."""

log = logging.getLogger("policyparse")
_SET_BY_US: set[str] = set()


def env_level(default: int = logging.WARNING) -> int:
    """The level named by ``POLICYPARSE_LOG`` (a name or a number), else ``default``."""
    value = os.environ.get(ENV_VAR, "").strip()
    if not value:
        return default
    if value.isdigit():
        return int(value)
    level = logging.getLevelName(value.upper())
    return level if isinstance(level, int) else default


def quiet_dependencies(level: int | None = None) -> None:
    """Hold dependency loggers back: their records pass only when policyparse logs at DEBUG.

    jieba adds its own stderr handler at import; it is removed so its lines go through
    ``logging`` like everyone else's.
    """
    ours = env_level() if level is None else level
    for name in NOISY:
        logger = logging.getLogger(name)
        # a level the application chose is left alone; jieba's own DEBUG default is not a choice
        if name == "jieba" or logger.level == logging.NOTSET or name in _SET_BY_US:
            logger.setLevel(logging.DEBUG if ours <= logging.DEBUG else logging.ERROR)
            _SET_BY_US.add(name)
        for handler in list(logger.handlers):
            if isinstance(handler, logging.StreamHandler) and getattr(handler, "stream", None) in (
                sys.stderr,
                sys.stdout,
            ):
                logger.removeHandler(handler)


def import_jieba() -> Any:
    """``import jieba`` without its "Building prefix dict" lines on stderr."""
    import jieba

    quiet_dependencies()
    return jieba


def configure(verbose: int = 0, quiet: bool = False) -> int:
    """CLI logging: one stderr handler on the root logger; returns the level chosen.

    ``POLICYPARSE_LOG`` sets the base level (default WARNING); each ``-v`` lowers it one step
    (INFO, DEBUG), ``-q`` raises it to ERROR.
    """
    level = env_level()
    if verbose:
        level = min(level, logging.INFO if verbose == 1 else logging.DEBUG)
    if quiet:
        level = max(level, logging.ERROR)
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_policyparse", False):
            root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handler._policyparse = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    log.setLevel(level)
    quiet_dependencies(level)
    return level
