"""pydantic schemas of the ``rules/*.yaml`` files: the typed, public view of the rules.

Every rules file must have a schema here; ``load_rules`` rejects a file it cannot validate
with a :class:`RuleError` naming the file and the entry. ``RuleSet.structure``, ``.dates`` …
are these models. A model with a ``compile(rules)`` method builds there what the code matches
with (word tuples, regexes, translate tables); ``rules.compiled(name)`` calls it once per
RuleSet, so no module hand-compiles its tables from dicts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Protocol

import regex
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import RuleError


class RuleSet(Protocol):
    """What a model's ``compile()`` uses of ``rules.RuleSet`` (a Protocol, so that this module,
    which ``rules`` imports, imports nothing of it)."""

    def expand(self, template: str) -> str: ...
    def compile(self, template: str, flags: int = 0) -> regex.Pattern[str]: ...
    def compile_plain(self, template: str) -> re.Pattern[str] | regex.Pattern[str]: ...
    def compiled(self, name: str) -> Any: ...


@dataclass(frozen=True)
class ChromePattern:
    """A chrome line regex (whole stripped line) and words one of which such a line holds."""

    pattern: str
    hints: tuple[str, ...] = ()


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Fragment(_Strict):
    """A named regex fragment usable as ``$name`` in other patterns."""

    pattern: str
    doc: str = ""
    example: str = ""


class PatternRule(_Strict):
    """A regex rule: ``id`` travels onto each record as ``rule_id``."""

    id: str
    pattern: str
    examples: list[str] = Field(default_factory=list, description="Each must match (search)")
    counter_examples: list[str] = Field(default_factory=list, description="None may match")
    source: str = ""
    notes: str = ""
    # free, rule-specific settings (kind, modifier, comparator …)
    params: dict[str, Any] = Field(default_factory=dict)


class PatternRules(_Strict):
    """A file holding a list of pattern rules."""

    rules: list[PatternRule]
    notes: str = ""


class MetaField(_Strict):
    """A labelled field of a web page's 文件信息 block (索引号：…, 发文字号：…)."""

    labels: list[str] = Field(description="The label as websites write it, without the colon")
    field: str | None = Field(
        default=None,
        description="The Meta field its value fills where the body lacks it; None: only recognised",
    )
    examples: list[str] = Field(
        default_factory=list, description="label + value as printed; each must be read"
    )


class ChromeRules(_Strict):
    """Website chrome: whole lines that are page furniture, not the notice."""

    lines: list[str]
    notes: str = ""
    patterns: list[PatternRule] = Field(
        default_factory=list, description="Regexes a whole stripped line must match (fullmatch)"
    )
    meta_fields: list[MetaField] = Field(default_factory=list)
    meta_block_min_fields: int = Field(
        default=2,
        description="Distinct labels that make a run of lines a metadata block (one alone may be body text)",
    )
    title_suffixes: list[PatternRule] = Field(
        default_factory=list, description="Site names a page title ends with (X_中国政府网): cut from a title"
    )

    def compile(self, rules: RuleSet) -> ChromeTables:
        return ChromeTables(
            lines=tuple(self.lines),
            patterns=tuple(
                ChromePattern(rules.expand(p.pattern), tuple(p.params.get("hints") or ()))
                for p in self.patterns
            ),
        )


@dataclass(frozen=True)
class ChromeTables:
    """What normalisation deletes as website chrome: fixed lines and line patterns."""

    lines: tuple[str, ...]
    patterns: tuple[ChromePattern, ...]


class CjkVariant(_Strict):
    from_: str = Field(alias="from", min_length=1, max_length=1)
    to: str = Field(min_length=1, max_length=1)


class CjkVariants(_Strict):
    """Code points standing in for unified ideographs (normalisation maps them 1:1)."""

    notes: str = ""
    examples: dict[str, str] = Field(default_factory=dict, description="text -> its normalised form")
    map: dict[str, CjkVariant] = Field(description="U+XXXX -> {from, to}")

    def compile(self, rules: RuleSet) -> dict[int, str]:
        """The ``str.translate`` table: variant code point -> unified ideograph."""
        return {ord(v.from_): v.to for v in self.map.values()}


# --- the shared vocabulary ---


class DeptRegion(_Strict):
    name: str = Field(description="Full name: 上海市, 广东省")
    short: list[str] = Field(default_factory=list, description="Names without the level: 上海")
    abbr: list[str] = Field(default_factory=list, description="简称 of doc-number codes: 沪")


class Vocabulary(_Strict):
    """rules/vocabulary.yaml: the word lists several rule files and modules share, each once.

    Other files refer to an entry as ``$vocabulary.NAME`` (see ``rules.resolve_vocabulary``)."""

    notes: str = ""
    doc_types: list[str] = Field(description="文种 a notice's own title and a cited title both end with")
    doc_types_published: list[str] = Field(description="文种 read only at the end of a notice's own title")
    doc_types_cited: list[str] = Field(description="文种 read only at the end of a cited 《title》")
    regulation_types: list[str] = Field(description="文种 of a regulation: its numbers bind (targets kinds)")
    report_types: list[str] = Field(description="文种 of a report: its figures are results (targets filters)")
    lead_after: list[str] = Field(description="After a body's name: it leads (牵头)")
    co_after: list[str] = Field(description="After a body's name: it co-operates (配合)")
    co_before: list[str] = Field(description="Before a body's name: it co-operates (会同)")
    lead_keys: list[str] = Field(description="Key of a 牵头 list (牵头单位：)")
    co_keys: list[str] = Field(description="Key of a 配合 list (配合单位：)")
    responsible_keys: list[str] = Field(description="Key of a list of responsible bodies (责任单位：)")
    quarters: dict[str, int] = Field(description="Numeral of a quarter -> the quarter (1-4)")
    halves: dict[str, tuple[int, int]] = Field(description="上/下 (半年) -> first and last month")
    year_end_words: list[str] = Field(description="The end of the year as a period word (年底)")
    digits: dict[str, int] = Field(description="Chinese digit -> value")
    small_magnitudes: dict[str, int] = Field(description="十 百 千: units inside a section of a numeral")
    small_magnitudes_formal: dict[str, int] = Field(description="拾 佰 仟: the 大写 forms")
    large_magnitudes: dict[str, int] = Field(description="万 亿: the units that close a section")
    regions: list[DeptRegion] = Field(description="Provincial-level regions with the 简称 of their codes")
    regions_without_codes: list[DeptRegion] = Field(
        default_factory=list, description="Regions whose 简称 starts no 发文字号 code (港, 澳, 台)"
    )

    def region_codes(self) -> dict[str, CodeRegion]:
        """简称 -> region, for the 机关代字 of a provincial-level region's bodies (沪 -> 上海市);
        a region named …市 is a 直辖市."""
        return {
            abbr: CodeRegion(name=r.name, municipal=r.name.endswith("市"))
            for r in self.regions
            for abbr in r.abbr
        }

    def compile(self, rules: RuleSet) -> VocabularyTables:
        return VocabularyTables(
            lead_after=tuple(self.lead_after),
            co_after=tuple(self.co_after),
            co_before=tuple(self.co_before),
            lead_labels=tuple(k + "：" for k in self.lead_keys + self.responsible_keys),
            co_labels=tuple(k + "：" for k in self.co_keys),
            period_end_month=self.period_end_month(),
        )

    def period_end_month(self) -> dict[str, int]:
        """Each period word of a deadline (第三季度, 三季度, 上半年, 年底) -> the month it ends with."""
        out: dict[str, int] = {}
        for numeral, quarter in self.quarters.items():
            if not numeral.isdigit():  # 第3季度 is written in tables as 第三季度
                out[f"第{numeral}季度"] = out[f"{numeral}季度"] = 3 * quarter
        for side, (_, last) in self.halves.items():
            out[f"{side}半年"] = last
        out.update(dict.fromkeys(self.year_end_words, 12))
        return out


@dataclass(frozen=True)
class VocabularyTables:
    """The vocabulary as the code tests words (``str.endswith`` tuples, lookups)."""

    lead_after: tuple[str, ...]
    co_after: tuple[str, ...]
    co_before: tuple[str, ...]
    lead_labels: tuple[str, ...]  # 牵头单位： 责任单位： … (a key and its colon)
    co_labels: tuple[str, ...]  # 配合单位： …
    period_end_month: dict[str, int]


# --- normalisation ---


class NormalizeRules(_Strict):
    """rules/normalize.yaml: the line shapes paragraph joining reads (a title, a label, a date)."""

    notes: str = ""
    doc_types: list[str] = Field(description="文种 a title line ends with")
    page_number_line: PatternRule = Field(description="A whole line that is a page number (deleted)")
    label_start: PatternRule = Field(description="A line that starts a clause, a field or an item")
    doc_number_line: PatternRule = Field(description="A line that is a 发文字号")
    date_line: PatternRule = Field(description="A line that starts with a date")

    def compile(self, rules: RuleSet) -> NormalizeTables:
        types = "|".join(map(regex.escape, self.doc_types))
        edition = rules.expand("$title_edition")  # also the header's struct.title_edition rule
        return NormalizeTables(
            doc_type_end=regex.compile(f"(?:{types})(?:{edition})?$"),
            page_number_line=regex.compile(rules.expand(self.page_number_line.pattern)),
            label_start=regex.compile(rules.expand(self.label_start.pattern)),
            doc_number_line=regex.compile(rules.expand(self.doc_number_line.pattern)),
            date_line=regex.compile(rules.expand(self.date_line.pattern)),
            variants=rules.compiled("cjk_variants"),
        )


@dataclass(frozen=True)
class NormalizeTables:
    doc_type_end: regex.Pattern[str]  # a line ends with a 文种 (and an edition): a title
    page_number_line: regex.Pattern[str]
    label_start: regex.Pattern[str]
    doc_number_line: regex.Pattern[str]
    date_line: regex.Pattern[str]
    variants: dict[int, str]  # cjk_variants: code point -> unified ideograph


SCHEMAS: dict[str, type[BaseModel]] = {
    "chrome": ChromeRules,
    "cjk_variants": CjkVariants,
    "vocabulary": Vocabulary,
    "normalize": NormalizeRules,
}

# Each area registers its files below, in its own section: SCHEMAS["name"] = Model

# --- structure (header, clauses, tasks) ---


class ColumnWords(_Strict):
    """Header words of one task-table column role: exact cell texts, then substrings."""

    words: list[str]
    contains: list[str] = Field(default_factory=list)


class TaskRules(_Strict):
    """Task tables and inline responsibility markers."""

    columns: dict[str, ColumnWords]
    unit_separators: str
    unit_joins: str = Field(
        default="(?!)",
        description="Where two body names written without a separator meet (a PDF cell's lines run together)",
    )
    first_is_lead: list[PatternRule]
    keyed_tail: list[PatternRule] = Field(default_factory=list)
    keys: dict[str, list[str]]
    inline: list[PatternRule]
    deadline: list[PatternRule] = Field(default_factory=list, description="Dates of a deadline column cell")


class StructureRules(_Strict):
    """rules/structure.yaml: header/footer elements, clause labels, tasks (GB/T 9704-2012)."""

    notes: str = ""
    doc_types: list[str]
    org_suffixes: list[str]
    issuer_mark_suffix: str
    header: list[PatternRule]
    labels: list[PatternRule]
    heading_end: str
    heading_max_chars: int
    tasks: TaskRules


SCHEMAS["structure"] = StructureRules


class HeaderTextRules(_Strict):
    """rules/header.yaml: text patterns and word lists of the header modules (structure/header_lines,
    masthead, signature, issued); their key in code is the middle part of the id."""

    notes: str = ""
    rules: list[PatternRule]
    place_ends: list[str] = Field(description="Last characters of a place name (not an issuer)")
    attachment_name_ends: list[str] = Field(
        description="Last characters of an attachment's name besides a 文种"
    )


SCHEMAS["header"] = HeaderTextRules

# --- targets ---


class UnitEntry(_Strict):
    """A counting unit of a target (人次, 家, 千瓦, %), reported as ``canonical`` when given."""

    unit: str
    canonical: str | None = None
    not_followed_by: str | None = Field(
        default=None, description="Regex: the unit is not read before this (起草)"
    )
    notes: str = ""


class UnitsRules(_Strict):
    """rules/units.yaml: the unit lexicon and the magnitude characters (万, 亿) kept out of units."""

    notes: str = ""
    magnitudes: dict[str, int]
    units: list[UnitEntry]
    compound_parts: list[str] = Field(
        default_factory=list, description="Measures that are units only inside X/Y (微克 in 微克/立方米)"
    )

    def compile(self, rules: RuleSet) -> UnitTables:
        return UnitTables(
            units={u.unit: u.canonical or u.unit for u in self.units},
            magnitudes=dict(self.magnitudes),
            guards={u.unit: u.not_followed_by for u in self.units if u.not_followed_by},
            compound_parts=tuple(self.compound_parts),
        )


@dataclass(frozen=True)
class UnitTables:
    units: dict[str, str]  # unit as written -> as reported, in file order
    magnitudes: dict[str, int]  # 万 亿: scale the number, never part of the unit
    guards: dict[str, str]  # unit -> regex the next characters must not match (起草)
    compound_parts: tuple[str, ...]  # units only inside X/Y


class ComparatorWord(_Strict):
    word: str
    comparator: Literal[">=", ">", "<=", "<", "~", "="]


class ComparatorRules(_Strict):
    """rules/comparators.yaml: words before / after / between a number and its unit."""

    notes: str = ""
    before: list[ComparatorWord]
    after: list[ComparatorWord]
    between: list[ComparatorWord]
    range_separators: list[str]
    prefixes: list[ComparatorWord] = Field(
        default_factory=list,
        description="One-character bounds read only right before the number (超千万, 近百家)",
    )
    bridges: list[str] = Field(
        default_factory=list, description="Regex templates a before-word governs the number across (有, …的)"
    )


class TableTargetRules(_Strict):
    """Quantities in indicator / allocation / plan tables (unit in the column header or a unit column)."""

    label_headers: list[str] = Field(description="Header cells of the column naming the metric")
    unit_headers: list[str] = Field(default_factory=list, description="Header cells of a per-row unit column")
    value_header: str = Field(description="Regex: a value column without a unit (read with a unit column)")
    base_header: str = Field(
        default="(?!)", description="Regex: a column of base or actual values, never targets"
    )
    header_unit: PatternRule = Field(description="Groups name and unit of a header with the unit in brackets")
    generic_values: str = Field(description="Regex: a column name that adds nothing to the row label")
    cell: PatternRule = Field(description="Groups before, n1, n2, after of a cell holding a number")
    cell_bounds: dict[str, Literal[">=", ">", "<=", "<", "~", "="]]


class TargetRules(_Strict):
    """rules/targets.yaml: verbs, metric boundaries, filters, year and deadline cues."""

    notes: str = ""
    verbs: list[str] = Field(description="Action verbs that open a target (完成, 新增, 建设 …)")
    link_words: list[str] = Field(description="Words between a metric and its number (达到, 控制在 …)")
    lead: list[str] = Field(description="Regex templates stripped from a metric's start (全年, 本市 …)")
    metric_stops: list[str] = Field(description="Words that end a metric written after its number")
    filters: list[PatternRule] = Field(description="A number in group n of a match is not a target")
    year_cues: list[PatternRule]
    deadline_cues: list[PatternRule]
    title_year: PatternRule
    standing_rules: list[PatternRule] = Field(
        default_factory=list, description="Words before a number that make it a standing rule (year null)"
    )
    metric_tails: list[PatternRule] = Field(
        default_factory=list, description="Phrases cut from the end of a metric (较2023年提高, 按照…的)"
    )
    bare_ratios: list[PatternRule] = Field(
        default_factory=list,
        description="Metrics that name only a ratio (覆盖率): the subject is in the clause before",
    )
    metric_prefixes: list[PatternRule] = Field(
        default_factory=list,
        description="Words before a number kept in front of a metric read after it (对单位|处…罚款: group keep)",
    )
    kinds: list[PatternRule] = Field(
        default_factory=list,
        description="Cues of a standard or a requirement (the first match decides; else goal)",
    )
    changes: list[PatternRule] = Field(
        default_factory=list,
        description="Change words (增长, 下降) and baselines (较2023年, 同比) of a change",
    )
    review_headings: list[PatternRule] = Field(
        default_factory=list,
        description="Headings of a review of what was done (成效, 发展基础): no targets below",
    )
    tables: TableTargetRules | None = None
    declared_unit_tables: PatternRule | None = Field(
        default=None, description="A table copied one cell per line, its unit declared above it (单位：亩)"
    )


SCHEMAS["units"] = UnitsRules
SCHEMAS["comparators"] = ComparatorRules
SCHEMAS["targets"] = TargetRules

# --- dates ---


class DateModifier(_Strict):
    """A word before or after a date (截至, 前, 起, 底 …) and what it does to the mention."""

    modifier: Literal["before", "by", "since", "until", "at"] | None = None
    kind: Literal["deadline", "deadline_if_dated"] | None = None
    end_of: Literal["month", "any"] | None = Field(
        default=None, description="Resolve to the last day: of a month only, or of a month or year"
    )
    not_followed_by: str = Field(default="", description="Regex the next characters must not match")


class DateScan(_Strict):
    """Where the date rules need to look: windows around anchor characters."""

    anchors: str = Field(description="Regex of characters every date holds near its start and end")
    margin: int = Field(description="Characters kept on each side of an anchor")


class DateRules(_Strict):
    """rules/dates.yaml: date patterns plus the tables that resolve them to ISO values."""

    notes: str = ""
    scan: DateScan
    parts: dict[str, str]
    prefixes: dict[str, DateModifier]
    suffixes: dict[str, DateModifier]
    relative_years: dict[str, int]
    five_year_plans: dict[str, tuple[int, int]]
    quarters: dict[str, int]
    halves: dict[str, tuple[int, int]]
    rules: list[PatternRule]


SCHEMAS["dates"] = DateRules

# --- doc numbers, citations, departments ---


class DocNumberRules(PatternRules):
    """``doc_number.yaml``: 发文字号 patterns plus the words that never start a 机关代字."""

    code_lead_words: list[str] = Field(default_factory=list)
    self_labels: list[str] = Field(default_factory=list)

    def compile(self, rules: RuleSet) -> DocNumberTables:
        words = tuple(sorted(self.code_lead_words, key=len, reverse=True))
        phrases = "|".join(regex.escape(w) for w in words if len(w) >= 2) or "(?!)"
        return DocNumberTables(
            rules=tuple(
                (
                    r.id,
                    rules.compile(r.pattern),
                    rules.compile_plain(r.params["anchor"]) if r.params.get("anchor") else None,
                )
                for r in self.rules
            ),
            lead_words=words,
            lead_phrases=regex.compile(phrases),
            self_labels=tuple(self.self_labels),
        )


@dataclass(frozen=True)
class DocNumberTables:
    # (rule id, pattern, anchor: a line holding no match of it holds no number)
    rules: tuple[tuple[str, regex.Pattern[str], re.Pattern[str] | regex.Pattern[str] | None], ...]
    lead_words: tuple[str, ...]  # longest first
    lead_phrases: regex.Pattern[str]  # the lead words of two or more characters
    self_labels: tuple[str, ...]


class CodeRegion(_Strict):
    name: str
    municipal: bool = False
    city: bool = Field(default=False, description="A city code (穗 广州市): its bodies are named as a city's")


class RegionSuffix(_Strict):
    provincial: str
    municipal: str | None = Field(default=None, description="The name in a 直辖市 where it differs")
    city: str | None = Field(default=None, description="The name in a city where it differs (else municipal)")


class IssuerCodes(_Strict):
    """``issuer_codes.yaml``: 机关代字 prefix -> canonical issuing body."""

    codes: dict[str, str] = Field(default_factory=dict)
    regions: dict[str, CodeRegion] = Field(default_factory=dict)
    region_suffixes: dict[str, RegionSuffix] = Field(default_factory=dict)
    notes: str = ""


class CitationRules(PatternRules):
    """``citations.yaml``: title/alias patterns and the 文种 a cited title ends with."""

    doc_types: list[str] = Field(default_factory=list)

    def compile(self, rules: RuleSet) -> CitationTables:
        def of_kind(kind: str) -> tuple[tuple[regex.Pattern[str], bool], ...]:
            return tuple(
                (rules.compile(r.pattern), bool(r.params.get("header_only")))
                for r in self.rules
                if r.params.get("kind") == kind
            )

        return CitationTables(
            doc_types=tuple(sorted(self.doc_types, key=len)),
            titles=tuple(p for p, _ in of_kind("title")),
            aliases=tuple(p for p, _ in of_kind("alias")),
            issued=of_kind("issued"),
        )


@dataclass(frozen=True)
class CitationTables:
    doc_types: tuple[str, ...]  # for str.endswith: a cited title ends with one
    titles: tuple[regex.Pattern[str], ...]  # kind title, in file order
    aliases: tuple[regex.Pattern[str], ...]  # kind alias: matched right after a title or number
    issued: tuple[tuple[regex.Pattern[str], bool], ...]  # kind issued, and whether header only


class DeptBody(_Strict):
    name: str
    aliases: list[str] = Field(default_factory=list)
    level: str | None = None
    region: str | None = None
    valid_from: int | None = None
    valid_to: int | None = None
    source: str = ""


class StandardUnit(_Strict):
    """A body every provincial-level region has, named by the standard pattern: {region}{unit}."""

    unit: str = Field(description="The unit's name after the region: 人力资源和社会保障厅")
    aliases: list[str] = Field(
        default_factory=list, description="Short forms after the level: 人社厅 (省人社厅)"
    )
    municipal: str | None = Field(default=None, description="The unit's name in a 直辖市 where it differs")
    municipal_aliases: list[str] = Field(default_factory=list)


class DepartmentRegistry(_Strict):
    """``departments.yaml``: canonical bodies with their aliases, and the regions they belong to."""

    regions: list[DeptRegion] = Field(default_factory=list)
    bodies: list[DeptBody] = Field(default_factory=list)
    standard_units: list[StandardUnit] = Field(default_factory=list)
    notes: str = ""


SCHEMAS["doc_number"] = DocNumberRules
SCHEMAS["issuer_codes"] = IssuerCodes
SCHEMAS["citations"] = CitationRules
SCHEMAS["departments"] = DepartmentRegistry
SCHEMAS["department_patterns"] = PatternRules

# --- diff ---


class UnitFactor(_Strict):
    """A counting unit's base unit and the factor that converts a value to it."""

    base: str
    factor: float = Field(gt=0)


class MetricSynonyms(_Strict):
    """rules/metric_synonyms.yaml: how a metric is reduced to a comparison key (diff, timeline)."""

    replace: dict[str, str] = Field(default_factory=dict, description="variant -> canonical spelling")
    drop: list[str] = Field(default_factory=list, description="tokens that do not change what is counted")
    units: dict[str, UnitFactor] = Field(default_factory=dict)
    notes: str = ""


class Terms(_Strict):
    """rules/terms.yaml: dictionary words for jieba."""

    terms: list[str]
    notes: str = ""


SCHEMAS["metric_synonyms"] = MetricSynonyms
SCHEMAS["terms"] = Terms


def _check_fragments(content: Any, path: str) -> None:
    if not isinstance(content, dict):
        raise RuleError("fragments.yaml must map names to {pattern, doc, example}", path=path)
    for name, body in content.items():
        try:
            Fragment.model_validate(body)
        except ValidationError as exc:
            raise RuleError(f"fragment {name!r}: {exc}", path=path) from exc


def validate_rules(merged: dict[str, Any], dirs: tuple[Path, ...]) -> dict[str, BaseModel]:
    """Validate every file's content against its schema; returns the models by file name."""
    models: dict[str, BaseModel] = {}
    where = ", ".join(str(d) for d in dirs)
    for name, content in merged.items():
        path = f"{where}/{name}.yaml"
        if name == "fragments":
            _check_fragments(content, path)
            continue
        schema = SCHEMAS.get(name)
        if schema is None:
            raise RuleError(
                f"no schema for rules file {name}.yaml (add one to rule_schema.SCHEMAS)", path=path
            )
        try:
            models[name] = schema.model_validate(content)
        except ValidationError as exc:
            raise RuleError(str(exc), path=path) from exc
    return models


def parsed(name: str, content: Any) -> BaseModel:
    """The validated model of one rules file (for code that wants typed access)."""
    return SCHEMAS[name].model_validate(content)
