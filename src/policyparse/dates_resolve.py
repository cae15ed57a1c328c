"""Calendar values to ISO 8601: the one place a year, month and day become an ISO string.

The extractors (``extractors.dates``, the deadline of a target) and the structure stage (the
deadline cell of a task table, the header's dates) each find dates their own way, from their
own rules; what they find is resolved here, so a last day of a month, a 30 February or a
Chinese numeral is handled once. This module sits below both ``structure`` and
``extractors`` (it imports only ``numerals``).

>>> iso_date("二〇二二", "六", "六"), iso_date("2023", "10", "12"), iso_date("2023", "2", "30")
('2022-06-06', '2023-10-12', None)
>>> day_iso(2025, 2), day_iso(2025, 6, 30), day_iso(2025, 6, 31), point_iso(end_of((2024, 2)))
('2025-02-28', '2025-06-30', None, '2024-02-29')
"""

from __future__ import annotations

import calendar
import datetime

from .numerals import cn_to_int

Point = tuple[int, ...]
"""(year,), (year, month) or (year, month, day)."""


def numeral(text: str) -> int:
    """A number written in Arabic digits or Chinese numerals (二〇二二, 十二)."""
    return int(text) if text.isdigit() else cn_to_int(text)


def day_iso(year: int, month: int, day: int | None = None) -> str | None:
    """ISO ``YYYY-MM-DD`` of a day; a month without a day is its last day; None for no such day."""
    try:
        if day is None:
            day = calendar.monthrange(year, month)[1]
        return datetime.date(year, month, day).isoformat()
    except ValueError:  # calendar.IllegalMonthError is a ValueError
        return None


def iso_date(y: str, m: str, d: str) -> str | None:
    """ISO date of year/month/day written in Arabic or Chinese numerals; None if invalid.

    >>> iso_date("二〇二二", "六", "六"), iso_date("2023", "10", "12"), iso_date("2023", "2", "30")
    ('2022-06-06', '2023-10-12', None)
    """
    try:
        return datetime.date(numeral(y), numeral(m), numeral(d)).isoformat()
    except ValueError:
        return None


def is_real(p: Point) -> bool:
    """The month is 1–12 and the day is in the month (any year)."""
    if len(p) >= 2 and not 1 <= p[1] <= 12:
        return False
    return len(p) < 3 or 1 <= p[2] <= calendar.monthrange(p[0], p[1])[1]


def end_of(p: Point) -> Point:
    """Last day of a year or month (a day stays itself)."""
    if len(p) == 1:
        return (p[0], 12, 31)
    if len(p) == 2:
        return (p[0], p[1], calendar.monthrange(p[0], p[1])[1])
    return p


def point_iso(p: Point) -> str:
    """``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``."""
    return "-".join([f"{p[0]:04d}", *(f"{x:02d}" for x in p[1:])])
