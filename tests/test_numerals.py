"""Chinese and Arabic numerals: values, names that are not numbers, round trips."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from policyparse.numerals import cn_to_int, int_to_cn, parse_number

VALUES = [
    ("65", 65),
    ("4.5万", 45000),
    ("1,607", 1607),
    ("６５", 65),
    ("33.091万", 330910),
    ("5亿", 500000000),
    ("1.2万", 12000),
    ("六十五万", 650000),
    ("一点二亿", 120000000),
    ("两", 2),
    ("两千", 2000),
    ("十二", 12),
    ("一百零五", 105),
    ("三万五千", 35000),
    ("二〇二二", 2022),
    ("〇", 0),
]


@pytest.mark.parametrize(("written", "value"), VALUES, ids=[w for w, _ in VALUES])
def test_parse_number(written: str, value: int) -> None:
    assert parse_number(written) == value


NOT_NUMBERS = ["十四五", "十五五", "万", "亿", "", "abc", "三农", "一点", "1..2"]


@pytest.mark.parametrize("written", NOT_NUMBERS, ids=[w or "empty" for w in NOT_NUMBERS])
def test_not_a_number(written: str) -> None:
    with pytest.raises(ValueError):
        parse_number(written)


WRITTEN = [(12, "十二"), (20, "二十"), (105, "一百零五"), (1010, "一千零一十"), (10010, "一万零一十"),
           (110000, "十一万"), (650000, "六十五万"), (0, "零")]  # fmt: skip


@pytest.mark.parametrize(("n", "cn"), WRITTEN, ids=[str(n) for n, _ in WRITTEN])
def test_int_to_cn(n: int, cn: str) -> None:
    assert int_to_cn(n) == cn


@given(st.integers(min_value=0, max_value=99_999_999))
def test_round_trip(n: int) -> None:
    assert parse_number(int_to_cn(n)) == n
    assert cn_to_int(int_to_cn(n)) == n


def test_exhaustive_round_trip_below_100000() -> None:
    assert all(cn_to_int(int_to_cn(n)) == n for n in range(100_000))
