"""pydantic schemas of the ``rules/*.yaml`` files (shared with the rule integrity tests).

Every rules file must have a schema here; ``load_rules`` rejects a file it cannot validate
with a :class:`RuleError` naming the file and the entry.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import RuleError


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


class CjkVariant(_Strict):
    from_: str = Field(alias="from", min_length=1, max_length=1)
    to: str = Field(min_length=1, max_length=1)


class CjkVariants(_Strict):
    """Code points standing in for unified ideographs (normalisation maps them 1:1)."""

    notes: str = ""
    examples: dict[str, str] = Field(default_factory=dict, description="text -> its normalised form")
    map: dict[str, CjkVariant] = Field(description="U+XXXX -> {from, to}")


SCHEMAS: dict[str, type[BaseModel]] = {
    "chrome": ChromeRules,
    "cjk_variants": CjkVariants,
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


class DeptRegion(_Strict):
    name: str = Field(description="Full name: 上海市, 广东省")
    short: list[str] = Field(default_factory=list, description="Names without the level: 上海")
    abbr: list[str] = Field(default_factory=list, description="简称 of doc-number codes: 沪")


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


def validate_rules(merged: dict[str, Any], dirs: tuple[Path, ...]) -> None:
    """Validate every file's content against its schema."""
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
            schema.model_validate(content)
        except ValidationError as exc:
            raise RuleError(str(exc), path=path) from exc


def parsed(name: str, content: Any) -> BaseModel:
    """The validated model of one rules file (for code that wants typed access)."""
    return SCHEMAS[name].model_validate(content)
