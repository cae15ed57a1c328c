"""Numbers as Chinese officials write them: Chinese numerals, Arabic, mixed, with 千/万/亿.

Positional Chinese numerals (二十二, 一百零五, 三万五千) read by their units; strings of bare
digits (二〇二二) read digit by digit. Two non-zero digits side by side in a positional numeral
are not a number: 十四五 is the name of a five-year plan, not 15 or 55.

>>> cn_to_int("二十二")
22
>>> cn_to_int("二〇二二")
2022
>>> parse_number("六十五万")
650000
>>> parse_number("1.2万")
12000
>>> parse_number("一点二亿")
120000000
>>> parse_number("1,607")
1607
>>> parse_number("４.５万")
45000
"""

from __future__ import annotations

import regex

from .rules import shipped_vocabulary

# the digits and magnitudes are rules/vocabulary.yaml's (language data: read from the shipped
# rules, as the numerals of every RuleSet are the same)
_VOCABULARY = shipped_vocabulary()
DIGITS: dict[str, int] = dict(_VOCABULARY["digits"])
# units inside a section (十 百 千, and 拾 佰 仟 in 大写 numerals)
SMALL_UNITS: dict[str, int] = {**_VOCABULARY["small_magnitudes"], **_VOCABULARY["small_magnitudes_formal"]}
BIG_UNITS: dict[str, int] = dict(_VOCABULARY["large_magnitudes"])  # 万 亿: close a section
# what may follow Arabic digits (5千, 1.2万)
MAGNITUDES: dict[str, int] = {**_VOCABULARY["small_magnitudes"], **BIG_UNITS}

CN_DIGIT_CHARS = "".join(DIGITS)
CN_NUMERAL_CHARS = CN_DIGIT_CHARS + "".join(SMALL_UNITS) + "".join(BIG_UNITS)
CN_NUMBER = f"[{CN_NUMERAL_CHARS}]+(?:点[{CN_DIGIT_CHARS}]+)?"
"""Regex of a Chinese-numeral number (一点二亿, 六十五万, 二〇二二)."""

_ARABIC = regex.compile(r"^\s*(\d[\d,，]*(?:\.\d+)?)\s*([" + "".join(MAGNITUDES) + r"]*)\s*$")
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")


def cn_to_int(text: str) -> int:
    """Integer value of a Chinese numeral. Raises ValueError if ``text`` is not one.

    >>> cn_to_int("一百零五"), cn_to_int("十二"), cn_to_int("两千"), cn_to_int("三万五千")
    (105, 12, 2000, 35000)
    >>> cn_to_int("十四五")
    Traceback (most recent call last):
    ...
    ValueError: not a numeral: '十四五'
    """
    if not text:
        raise ValueError("empty numeral")
    if all(ch in DIGITS for ch in text):
        if len(text) == 1:
            return DIGITS[text]
        return int("".join(str(DIGITS[ch]) for ch in text))
    total = 0  # finished 亿/万 sections
    section = 0  # current section below 万
    digit: int | None = None
    for ch in text:
        if ch in DIGITS:
            if digit:  # two non-zero digits without a unit between: a name, not a number
                raise ValueError(f"not a numeral: {text!r}")
            digit = DIGITS[ch]
        elif ch in SMALL_UNITS:
            section += (1 if digit is None else digit) * SMALL_UNITS[ch]
            digit = None
        elif ch in BIG_UNITS:
            unit = BIG_UNITS[ch]
            section += digit or 0
            if section == 0 and total == 0:
                raise ValueError(f"not a numeral: {text!r}")
            if total and total < unit:
                total = (total + section) * unit
            else:
                total += (section or 1) * unit
            section = 0
            digit = None
        else:
            raise ValueError(f"not a numeral: {text!r}")
    return total + section + (digit or 0)


def _mixed_cn(text: str) -> float:
    """一点二亿, 六十五万, 三万五千, 1点5 (rare)."""
    if "点" in text:
        int_part, rest = text.split("点", 1)
        frac_digits = ""
        for ch in rest:
            if ch not in DIGITS:
                break
            frac_digits += ch
        mag_chars = rest[len(frac_digits) :]
        if not frac_digits:
            raise ValueError(f"not a number: {text!r}")
        base = float(cn_to_int(int_part) if int_part else 0)
        base += float("0." + "".join(str(DIGITS[c]) for c in frac_digits))
        for ch in mag_chars:
            if ch not in MAGNITUDES:
                raise ValueError(f"not a number: {text!r}")
            base *= MAGNITUDES[ch]
        return base
    return float(cn_to_int(text))


def parse_number(text: str) -> float | int:
    """Value of a number as written: Arabic, full-width, Chinese or mixed, magnitude applied.

    Returns an int when the value is whole. Raises ValueError when ``text`` is not a number.

    >>> parse_number("33.091万"), parse_number("5亿"), parse_number("两")
    (330910, 500000000, 2)
    """
    raw = text.translate(_FULLWIDTH).strip()
    m = _ARABIC.match(raw)
    if m:
        digits = m.group(1).replace(",", "").replace("，", "")
        try:
            value = float(digits)
        except ValueError:
            raise ValueError(f"not a number: {text!r}") from None
        for ch in m.group(2):
            value *= MAGNITUDES[ch]
    else:
        value = _mixed_cn(raw.replace(" ", ""))
    value = round(value, 6)
    return int(value) if value == int(value) else value


_CN_NAMES = "零一二三四五六七八九"


def _section_to_cn(n: int) -> str:
    """0 < n < 10000 with 千/百/十 and one 零 for each run of missing places (1010 → 一千零一十)."""
    out = ""
    pending_zero = False
    for value, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // value
        n %= value
        if d:
            if pending_zero:
                out += "零"
            out += _CN_NAMES[d] + name
            pending_zero = False
        elif out:
            pending_zero = True
    return out


def int_to_cn(n: int) -> str:
    """Chinese numeral of 0 <= n < 100000000 as officials write it (十二, 二十, 一百零五).

    >>> int_to_cn(12), int_to_cn(20), int_to_cn(105), int_to_cn(1010), int_to_cn(10010)
    ('十二', '二十', '一百零五', '一千零一十', '一万零一十')
    """
    if n < 0 or n >= 100_000_000:
        raise ValueError("out of range")
    if n == 0:
        return "零"
    high, low = divmod(n, 10_000)
    out = _section_to_cn(high) + "万" if high else ""
    if low:
        if high and low < 1000:
            out += "零"
        out += _section_to_cn(low)
    # 一十二 → 十二 at the very start, as written (but 一万零一十 keeps its 一十)
    if out.startswith("一十"):
        out = out[1:]
    return out
