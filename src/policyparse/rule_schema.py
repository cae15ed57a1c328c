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


class ChromeRules(_Strict):
    """Website chrome: whole lines that are page furniture, not the notice."""

    lines: list[str]
    notes: str = ""


SCHEMAS: dict[str, type[BaseModel]] = {
    "chrome": ChromeRules,
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
    first_is_lead: list[PatternRule]
    keys: dict[str, list[str]]
    inline: list[PatternRule]


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

# --- targets ---

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
            raise RuleError(f"no schema for rules file {name}.yaml (add one to rule_schema.SCHEMAS)", path=path)
        try:
            schema.model_validate(content)
        except ValidationError as exc:
            raise RuleError(str(exc), path=path) from exc


def parsed(name: str, content: Any) -> BaseModel:
    """The validated model of one rules file (for code that wants typed access)."""
    return SCHEMAS[name].model_validate(content)
