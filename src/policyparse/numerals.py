"""Numbers as Chinese officials write them: Chinese numerals, Arabic, mixed, with 千/万/亿.

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

DIGITS = {
    "〇": 0, "零": 0, "○": 0, "Ｏ": 0, "O": 0,
    "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3, "四": 4, "肆": 4,
    "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8, "九": 9, "玖": 9,
}  # fmt: skip
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
BIG_UNITS = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
MAGNITUDES = {"十": 10, "百": 100, "千": 1000, **BIG_UNITS}

CN_DIGIT_CHARS = "".join(DIGITS)
CN_NUMERAL_CHARS = CN_DIGIT_CHARS + "".join(SMALL_UNITS) + "".join(BIG_UNITS)
CN_NUMBER = f"[{CN_NUMERAL_CHARS}]+(?:点[{CN_DIGIT_CHARS}]+)?"
"""Regex of a Chinese-numeral number (一点二亿, 六十五万, 二〇二二)."""

_ARABIC = regex.compile(r"^\s*(\d[\d,，]*(?:\.\d+)?)\s*([十百千万亿萬億]*)\s*$")
_FULLWIDTH = str.maketrans("０１２３４５６７８９．，", "0123456789.,")


def cn_to_int(text: str) -> int:
    """Integer value of a Chinese numeral. Raises ValueError if ``text`` is not one.

    Digit strings without units (二〇二二) read digit by digit; others positionally
    (一百零五 → 105, 十二 → 12, 两千 → 2000, 三万五千 → 35000).
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
        frac_digits = "".join(ch for ch in rest if ch in DIGITS)
        mag_chars = rest[len(frac_digits) :]
        base = float(cn_to_int(int_part) if int_part else 0)
        base += float("0." + "".join(str(DIGITS[c]) for c in frac_digits)) if frac_digits else 0.0
        for ch in mag_chars:
            if ch not in MAGNITUDES:
                raise ValueError(f"not a number: {text!r}")
            base *= MAGNITUDES[ch]
        return base
    return float(cn_to_int(text))


def parse_number(text: str) -> float | int:
    """Value of a number as written: Arabic, full-width, Chinese or mixed, magnitude applied.

    Returns an int when the value is whole. Raises ValueError when ``text`` is not a number.
    """
    raw = text.translate(_FULLWIDTH).strip()
    m = _ARABIC.match(raw)
    if m:
        value = float(m.group(1).replace(",", "").replace("，", ""))
        for ch in m.group(2):
            value *= MAGNITUDES[ch]
    else:
        value = _mixed_cn(raw.replace(" ", ""))
    value = round(value, 6)
    return int(value) if value == int(value) else value


def int_to_cn(n: int) -> str:
    """Chinese numeral of 0 <= n < 100000000 as officials write it (十二, 二十, 一百零五).

    >>> int_to_cn(12), int_to_cn(20), int_to_cn(105), int_to_cn(1010)
    ('十二', '二十', '一百零五', '一千零一十')
    """
    if n < 0 or n >= 100_000_000:
        raise ValueError("out of range")
    names = "零一二三四五六七八九"
    if n < 10:
        return names[n]
    if n < 20:
        return "十" + (names[n - 10] if n > 10 else "")
    out = ""
    if n >= 10_000:
        out = int_to_cn(n // 10_000) + "万"
        n %= 10_000
        if n and n < 1000:
            out += "零"
    parts = [(1000, "千"), (100, "百"), (10, "十")]
    zero = False
    for value, name in parts:
        d = n // value
        n %= value
        if d:
            if zero:
                out += "零"
                zero = False
            out += names[d] + name
        elif out:
            zero = True
    if n:
        if zero:
            out += "零"
        out += names[n]
    return out
