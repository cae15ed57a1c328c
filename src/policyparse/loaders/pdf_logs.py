"""Third-party log noise while reading a PDF, captured and turned into warnings.

pdfminer (under pdfplumber) logs a line per font or object it finds odd ("Could not get
FontBBox from font descriptor" once per glyph run of some WPS exports): printed, that buries a
batch run's output. While a PDF is read those records are kept instead, and each distinct
message becomes one warning of the document with its count.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager

_NOISY = ("pdfminer", "pdfplumber", "pypdfium2")
_DIGITS = re.compile(r"\d+")


class _Collector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.counts: Counter[str] = Counter()

    def emit(self, record: logging.LogRecord) -> None:
        try:
            msg = record.getMessage()
        except Exception:  # a library's bad format string must not stop the parse
            msg = str(record.msg)
        # object numbers vary per record: one warning per kind of message
        self.counts[f"{record.name.split('.')[0]}: {_DIGITS.sub('N', msg.strip())[:160]}"] += 1

    def warnings(self) -> list[str]:
        return [f"{msg} ({n} times)" if n > 1 else msg for msg, n in sorted(self.counts.items())]


@contextmanager
def captured_logs() -> Iterator[_Collector]:
    collector = _Collector()
    saved = []
    for name in _NOISY:
        logger = logging.getLogger(name)
        saved.append((logger, logger.propagate, logger.level))
        logger.addHandler(collector)
        logger.propagate = False
        if logger.level == logging.NOTSET or logger.level > logging.WARNING:
            logger.setLevel(logging.WARNING)
    try:
        yield collector
    finally:
        for logger, propagate, level in saved:
            logger.removeHandler(collector)
            logger.propagate = propagate
            logger.setLevel(level)
