"""How a quantity is written for people: the way published notices write numbers.

One function for every view (html_view, ``policyparse show``, ``policyparse summary``, the diff
report, notebooks): 650000 人次 → ``65万人次``, 150000000 元 → ``1.5亿元``, a range → ``3–5个``,
a bound → ``≥90%``, a change → ``−10 %`` / ``+2个百分点``.

>>> format_quantity(650000, "人次")
'65万人次'
>>> format_quantity(150000000, "元")
'1.5亿元'
>>> format_quantity(3, "个", value_max=5)
'3–5个'
>>> format_quantity(10, "%", direction="decrease")
'−10 %'
>>> format_quantity(90, "%", comparator=">=")
'≥90%'
"""

from __future__ import annotations

import math

_MAGNITUDES = ((100_000_000, "亿"), (10_000, "万"))
KIND_NAMES = {"goal": "目标", "standard": "标准", "requirement": "要求"}
"""How a report names each kind (goal, standard, requirement)."""
_BOUNDS = {">=": "≥", "<=": "≤", ">": ">", "<": "<", "~": "约"}
_DIGITS = 4  # decimals kept after the magnitude is applied (33.091万)


def _plain(x: float) -> str:
    """A number without exponent or float noise: 0.35, 1200, 33.091."""
    if math.isnan(x) or math.isinf(x):
        return str(x)
    text = f"{round(x, _DIGITS):.{_DIGITS}f}".rstrip("0").rstrip(".")
    return "0" if text in ("-0", "") else text


def _magnitude(x: float) -> tuple[int, str]:
    for size, char in _MAGNITUDES:
        if abs(x) >= size:
            return size, char
    return 1, ""


def format_number(value: float) -> str:
    """65万, 1.5亿, 1200, 0.35."""
    size, char = _magnitude(value)
    return _plain(value / size) + char


def format_range(low: float, high: float) -> str:
    """Both ends in the top's magnitude, written once: 20–25万, 3–5."""
    size, char = _magnitude(high)
    return f"{_plain(low / size)}–{_plain(high / size)}{char}"


def format_quantity(
    value: float | None,
    unit: str = "",
    *,
    value_max: float | None = None,
    comparator: str | None = None,
    direction: str | None = None,
) -> str:
    """A target's quantity as a notice writes it (see the module doc)."""
    if value is None or value != value:  # None or NaN (a frame's empty cell)
        return ""
    if value_max is not None and value_max != value_max:
        value_max = None
    if direction in ("increase", "decrease"):
        sign = "−" if direction == "decrease" else "+"
        number = format_number(abs(value)) if value_max is None else format_range(abs(value), abs(value_max))
        return f"{sign}{number} %" if unit == "%" else f"{sign}{number}{unit}"
    number = format_number(value) if value_max is None else format_range(value, value_max)
    bound = _BOUNDS.get(comparator or "", "") if value_max is None else ""
    return f"{bound}{number}{unit}"


def format_change(abs_change: float | None, rel_change: float | None, unit: str = "") -> str:
    """A year-on-year difference: ``+50元 (+4.17 %)``, ``−2 % (−20 %)``."""
    if abs_change is None:
        return ""
    sign = "−" if abs_change < 0 else "+"
    number = format_number(abs(abs_change))
    text = f"{sign}{number} %" if unit == "%" else f"{sign}{number}{unit}"
    if rel_change is not None:
        rel_sign = "−" if rel_change < 0 else "+"
        text += f" ({rel_sign}{_plain(abs(rel_change))} %)"
    return text


def target_quantity(target: object) -> str:
    """``format_quantity`` of a :class:`~policyparse.models.Target` (or a row with its fields)."""
    get = (
        (lambda name: target.get(name))
        if isinstance(target, dict)
        else (lambda name: getattr(target, name, None))
    )
    comparator = get("comparator")
    return format_quantity(
        get("value"),
        get("unit") or "",
        value_max=get("value_max"),
        comparator=getattr(comparator, "value", comparator),
        direction=get("direction"),
    )
