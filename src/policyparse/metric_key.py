"""Normalised metric keys: the same metric worded differently across years compares equal.

A yearly notice rewords its recurring targets: 2024 新增取得高级工以上等级技能评价证书的高技能人才,
2025 新增培养高级工及以上技能人才. The key keeps what is counted and drops how it is reached:

1. ``replace`` spellings from ``rules/metric_synonyms.yaml`` (及以上 → 以上, quotes and brackets
   removed);
2. segment with jieba (a private ``jieba.Tokenizer``, loaded on first use, with the words of
   ``rules/terms.yaml`` and ``rules/departments.yaml`` added; jieba ships its dictionary, nothing
   is downloaded);
3. drop the ``drop`` tokens (verbs of doing, time words, particles).

Two keys are compared by their token sets from ``cut_for_search`` (which also yields the parts of
compounds, so 高技能人才 and 技能人才 share 技能 and 人才): the mean of the Dice coefficient and
the overlap coefficient. Values are compared in base units (``units`` in the same file).

jieba is only used by diff / timeline, never by ``parse``.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from .numerals import MAGNITUDES
from .rules import RuleSet, load_rules

_MAGNITUDES = {ch: float(MAGNITUDES[ch]) for ch in "万亿千百"}  # rules/vocabulary.yaml


@dataclass(frozen=True)
class MetricKey:
    """A metric reduced for comparison: ``text`` the key, ``tokens`` its search tokens."""

    text: str
    tokens: frozenset[str]


def _department_names(content: Any) -> list[str]:
    """Every short CJK string of rules/departments.yaml, whatever its layout (names, aliases)."""
    out: list[str] = []
    stack = [content]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            stack.extend(v for k, v in item.items() if k not in ("notes", "source", "doc"))
            stack.extend(k for k in item if isinstance(k, str))
        elif isinstance(item, list):
            stack.extend(item)
        elif (
            isinstance(item, str) and 2 <= len(item) <= 30 and all("\u4e00" <= ch <= "\u9fff" for ch in item)
        ):
            out.append(item)
    return out


class MetricKeyer:
    """Builds and compares metric keys with one ruleset's synonyms, terms and units."""

    def __init__(self, rules: RuleSet) -> None:
        syn = rules.get("metric_synonyms")
        # longest variant first, so 及以上 is rewritten before any shorter overlapping variant
        self._replace = sorted((syn.get("replace") or {}).items(), key=lambda kv: -len(kv[0]))
        self._drop = frozenset(syn.get("drop") or [])
        self._units: dict[str, tuple[str, float]] = {
            name: (u["base"], float(u["factor"])) for name, u in (syn.get("units") or {}).items()
        }
        words = list(rules.get("terms")["terms"]) if "terms" in rules.names() else []
        if "departments" in rules.names():
            words += _department_names(rules.get("departments"))
        self._words = tuple(words)
        self._tokenizer: Any = None
        self.key = functools.lru_cache(maxsize=65536)(self._key)

    def _jieba(self) -> Any:
        if self._tokenizer is None:
            from .logs import import_jieba

            jieba = import_jieba()  # its "Building prefix dict" lines go to logging, held back
            tokenizer = jieba.Tokenizer()
            for word in self._words:
                tokenizer.add_word(word)
            self._tokenizer = tokenizer
        return self._tokenizer

    def _key(self, metric: str) -> MetricKey:
        text = "".join(metric.split())
        for variant, canonical in self._replace:
            text = text.replace(variant, canonical)
        tok = self._jieba()
        kept = [w for w in tok.lcut(text) if w not in self._drop and not w.isspace()]
        key = "".join(kept)
        tokens = frozenset(w for w in tok.lcut_for_search(key) if w not in self._drop and not w.isspace())
        return MetricKey(key, tokens)

    def similarity(self, a: str, b: str) -> float:
        """0..1: how surely two metric phrases name the same metric."""
        ka, kb = self.key(a), self.key(b)
        if ka.text == kb.text:
            return 1.0 if ka.text else 0.0
        common = len(ka.tokens & kb.tokens)
        if not common:
            return 0.0
        dice = 2 * common / (len(ka.tokens) + len(kb.tokens))
        overlap = common / min(len(ka.tokens), len(kb.tokens))
        return round((dice + overlap) / 2, 4)

    def base_unit(self, unit: str) -> tuple[str, float]:
        """(base unit, factor): 万千瓦 → (千瓦, 10000); an unknown unit is its own base.

        A compound converts part by part: 吨标准煤/万元 → (吨标准煤/元, 0.0001), 千克标准煤/元 →
        (吨标准煤/元, 0.001), 元/人·月 → (元/人·月, 1).
        """
        unit = unit.strip()
        if "/" in unit and unit not in self._units:
            numerator, _, denominator = unit.partition("/")
            nb, nf = self.base_unit(numerator)
            parts = [self.base_unit(p) for p in denominator.split("·")]
            factor = nf
            for _, f in parts:
                factor /= f
            return f"{nb}/{'·'.join(b for b, _ in parts)}", factor
        if unit in self._units:
            return self._units[unit]
        if len(unit) > 1 and unit[0] in _MAGNITUDES:
            base, factor = self.base_unit(unit[1:])
            return base, factor * _MAGNITUDES[unit[0]]
        return unit, 1.0


def keyer(rules: RuleSet | None = None) -> MetricKeyer:
    """The ruleset's MetricKeyer, built once."""
    rules = rules or load_rules()
    return rules.cached("metric_key:keyer", lambda: MetricKeyer(rules))


def metric_key(metric: str, rules: RuleSet | None = None) -> str:
    """The normalised key of a metric phrase.

    >>> metric_key("新增培养高级工及以上技能人才")
    '高级工以上技能人才'
    >>> metric_key("全年完成补贴性职业技能培训")
    '补贴性职业技能培训'
    """
    return keyer(rules).key(metric).text


def metric_similarity(a: str, b: str, rules: RuleSet | None = None) -> float:
    """0..1 similarity of two metric phrases (1.0 when their keys are equal)."""
    return keyer(rules).similarity(a, b)


def to_base(value: float, unit: str, rules: RuleSet | None = None) -> tuple[float, str]:
    """A value converted to its unit's base unit: (65, 万千瓦) → (650000, 千瓦)."""
    base, factor = keyer(rules).base_unit(unit)
    return value * factor, base
