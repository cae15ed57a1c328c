"""The public contract: pydantic v2 models of a parsed notice.

Every record that is taken from the text carries its provenance:

* ``span``: ``[start, end)`` code-point offsets into ``PolicyDocument.source.text``
  (``source.text[start:end] == record.text`` for records that quote the text);
* ``clause_id``: the id of the innermost clause holding the record (``None`` outside the body);
* ``page``: the 1-based page number where the loader knows pages (PDF), else ``None``;
* ``rule_id``: the id of the rule that produced the record (``"docno.std.v1"`` …).

Field names are stable; ``policyparse schema`` prints the JSON Schema of ``PolicyDocument``.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import Enum
from typing import TYPE_CHECKING, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .loaders.registry import FORMAT_NAMES

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

Span = tuple[int, int]
"""``[start, end)`` offsets into ``source.text``."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Comparator(str, Enum):
    """How a target's value is bounded. 以上/以下/以内 include the number; 超过/不满 do not."""

    EQ = "="
    GE = ">="
    GT = ">"
    LE = "<="
    LT = "<"
    APPROX = "~"
    RANGE = "range"


class DocNumberRef(_Model):
    """A 发文字号 split into its parts: 机关代字〔年份〕序号号 (GB/T 9704-2012 §7.2.3)."""

    raw: str = Field(description="As written in the source, e.g. 沪人社职〔2025〕87号")
    agency_code: str = Field(description="机关代字, e.g. 沪人社职")
    year: int | None = Field(default=None, description="Year in the brackets")
    serial: int | None = Field(default=None, description="序号")


class Meta(_Model):
    """Header and footer elements of a notice (GB/T 9704-2012 版头 / 主体 / 版记)."""

    title: str | None = Field(default=None, description="标题, line breaks and inner spaces removed")
    doc_type: str | None = Field(default=None, description="文种 read from the title end: 通知, 意见, 方案 …")
    doc_number: DocNumberRef | None = Field(default=None, description="The document's own 发文字号")
    issuers: list[str] = Field(default_factory=list, description="发文机关 in signature order")
    addressees: list[str] = Field(default_factory=list, description="主送机关, split at 、 and ，")
    date: str | None = Field(
        default=None, description="成文日期 as ISO YYYY-MM-DD; else the stated publication date"
    )
    publish_date: str | None = Field(default=None, description="A 发布时间/发布日期 line, ISO")
    attachments: list[str] = Field(default_factory=list, description="附件 names, numbering dropped")
    notes: list[str] = Field(default_factory=list, description="附注 such as （此件主动公开）")
    cc: list[str] = Field(default_factory=list, description="抄送 bodies")
    printer: str | None = Field(default=None, description="印发机关")
    print_date: str | None = Field(default=None, description="印发日期, ISO")
    issued_title: str | None = Field(
        default=None, description="Title of the document a 关于印发《X》的通知 issues (X), when present"
    )
    issued_body_start: int | None = Field(
        default=None, description="Offset where the issued document's own text starts"
    )
    spans: dict[str, Span] = Field(
        default_factory=dict, description="Provenance of single-valued meta fields: field name -> span"
    )


class Clause(_Model):
    """A numbered heading of the body and what it governs (一、 → （一） → 1. → （1） → ①)."""

    id: str = Field(description="Stable path of labels without punctuation, e.g. 二.一.1 ")
    label: str = Field(description="The label as written: 一、 （一） (四) 1. 1． （1） ① 第一章 第三条")
    level: int = Field(description="1 一、, 2 （一）, 3 1., 4 （1）, 5 ①; chapters/articles use 1/2")
    kind: str = Field(
        description="Label family: cn_dun, cn_paren, num_dot, num_paren, circled, chapter, article …"
    )
    number: int = Field(description="The label's number (（十二） → 12)")
    heading: str = Field(description="Short title opening the clause (up to its first 。), may be empty")
    text: str = Field(description="The clause's own text, label included, up to its first child")
    span: Span = Field(description="Whole clause, children included")
    heading_span: Span | None = None
    page: int | None = None
    children: list[Clause] = Field(default_factory=list)

    def walk(self) -> Iterator[Clause]:
        """This clause and all below it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


class Task(_Model):
    """Who is responsible for what: a task-table row or a clause with a responsibility marker."""

    seq: int | None = Field(default=None, description="Row number (序号) of a table row")
    clause: str | None = Field(default=None, description="Label of the clause the inline marker closes")
    clause_id: str | None = None
    item: str | None = Field(default=None, description="项目 cell (filled down from merged cells)")
    content: str = Field(default="", description="内容 / the clause text")
    units: list[str] = Field(default_factory=list, description="Every body named, as written")
    lead: list[str] = Field(default_factory=list, description="The leading bodies (牵头)")
    co: list[str] = Field(default_factory=list, description="Co-operating bodies (配合/实施)")
    deadline: str | None = Field(default=None, description="ISO deadline named in the task, if any")
    target_ids: list[int] = Field(default_factory=list, description="Indices into PolicyDocument.targets")
    span: Span
    page: int | None = None


TargetKind = Literal["goal", "standard", "requirement"]
"""goal: a level or amount to reach; standard: an amount granted, paid or charged per person,
unit or case (每人每月1200元); requirement: a cap, floor or condition to keep to (最高不超过20万元)."""

Direction = Literal["increase", "decrease"]

DateKind = Literal["date", "deadline", "year", "period"]
DateModifierName = Literal["before", "by", "since", "until", "at"]
DocNumberRole = Literal["self", "cited"]
DepartmentRole = Literal["issuer", "addressee", "lead", "co", "signatory", "printer", "mention"]


class Target(_Model):
    """A quantity the document sets out to reach (GUIDE.md)."""

    text: str = Field(description="The sentence fragment stating the target")
    metric: str = Field(description="What is counted: the shortest noun phrase naming it")
    value: float = Field(description="Number with magnitude applied (65万 → 650000)")
    value_max: float | None = Field(default=None, description="Upper end of a range (3至5个)")
    unit: str = Field(description="Counting unit without magnitude: 人次, 名, %, 千瓦 …")
    comparator: Comparator = Comparator.EQ
    year: int | None = Field(default=None, description="Year the target is for")
    deadline: str | None = Field(default=None, description="ISO date the number is tied to")
    cumulative: bool = Field(default=False, description="The text says 累计")
    kind: TargetKind = Field(
        default="goal", description="goal, standard (per-unit amount) or requirement (cap, floor, condition)"
    )
    direction: Direction | None = Field(
        default=None,
        description="increase / decrease when the number is a change (较2023年下降10%); null for a level",
    )
    baseline: int | None = Field(default=None, description="Year a change is measured from (较2023年 → 2023)")
    table: int | None = Field(default=None, description="0-based index of the table the value was read from")
    row: str | None = Field(
        default=None, description="Row label of the table cell (the metric as the table names it)"
    )
    column: str | None = Field(default=None, description="Column header of the table cell (目标值（万千瓦）)")
    optional: bool = Field(default=False, description="Borderline quantity (frequency, category count)")
    number_text: str = Field(default="", description="The number and unit as written")
    span: Span
    clause_id: str | None = None
    page: int | None = None
    rule_id: str = ""


class DateMention(_Model):
    """A date, deadline, year or period mentioned in the text, resolved to ISO."""

    text: str
    value: str = Field(description="ISO YYYY, YYYY-MM, YYYY-MM-DD or an interval A/B")
    kind: DateKind
    modifier: DateModifierName | None = None
    span: Span
    clause_id: str | None = None
    page: int | None = None
    rule_id: str = ""


class DocNumber(_Model):
    """A 发文字号 written in the text: the document's own (self) or a cited one."""

    raw: str = Field(description="Normalised to 〔〕 brackets, e.g. 沪人社职〔2025〕87号")
    text: str = Field(description="As written")
    agency_code: str
    year: int | None = None
    serial: int | None = None
    role: DocNumberRole
    issuer: str | None = Field(
        default=None, description="Canonical issuing body from rules/issuer_codes.yaml"
    )
    cited_title: str | None = Field(default=None, description="Title of the cited document, when paired")
    span: Span
    clause_id: str | None = None
    page: int | None = None
    rule_id: str = ""


class Citation(_Model):
    """A cited document: title and/or number, with its 以下简称 alias and every later mention."""

    title: str | None = None
    doc_number: str | None = None
    alias: str | None = None
    spans: list[Span] = Field(default_factory=list, description="Every mention (title, number, alias)")


class Department(_Model):
    """A government body named in the text, with its canonical name."""

    text: str = Field(description="As written")
    name: str = Field(description="Canonical name from rules/departments.yaml, or the text itself")
    role: DepartmentRole = "mention"
    known: bool = Field(default=False, description="True when the name is in the alias registry")
    span: Span
    clause_id: str | None = None
    page: int | None = None
    rule_id: str = ""


if TYPE_CHECKING:  # pragma: no cover
    SourceFormat = str
else:  # the loaders' formats (loaders/registry.py), then "text" for a parsed string
    SourceFormat = Literal[FORMAT_NAMES + ("text",)]  # noqa: RUF005 (star syntax in a subscript needs 3.11)


class Source(_Model):
    """Where the document came from and the text every span indexes into."""

    path: str | None = None
    format: SourceFormat = "text"
    sha256: str = ""
    text: str = Field(description="The text every span indexes into")
    page_starts: list[int] = Field(
        default_factory=list, description="Offset where each page starts in text (PDF); empty if unknown"
    )
    ocr_pages: list[int] = Field(
        default_factory=list,
        description="1-based pages read by OCR (scans): a record whose page is listed here comes from OCR text",
    )


class PolicyDocument(_Model):
    """A parsed notice. Build one with :func:`policyparse.parse`."""

    meta: Meta = Field(default_factory=Meta)
    clauses: list[Clause] = Field(default_factory=list, description="Clause tree roots")
    tasks: list[Task] = Field(default_factory=list)
    targets: list[Target] = Field(default_factory=list)
    dates: list[DateMention] = Field(default_factory=list)
    doc_numbers: list[DocNumber] = Field(default_factory=list)
    citations: list[Citation] = Field(default_factory=list)
    departments: list[Department] = Field(default_factory=list)
    source: Source
    warnings: list[str] = Field(default_factory=list, description="Non-fatal problems met while parsing")

    # -- navigation -------------------------------------------------------------------------
    def iter_clauses(self) -> Iterator[Clause]:
        """Every clause of the tree, depth first, in document order."""
        for root in self.clauses:
            yield from root.walk()

    def clause(self, clause_id: str) -> Clause | None:
        """The clause with this id, or None."""
        return next((c for c in self.iter_clauses() if c.id == clause_id), None)

    def quote(self, span: Span) -> str:
        """The source text under a span."""
        return self.source.text[span[0] : span[1]]

    @property
    def content_key(self) -> str:
        """The same for the TXT, PDF and DOCX of one notice (:mod:`policyparse.keys`)."""
        from .keys import content_key

        return content_key(self.source.text)

    # -- outputs ----------------------------------------------------------------------------
    def to_json(self, *, indent: int | None = None, include_text: bool = True) -> str:
        """The document as JSON (the public contract)."""
        exclude: Any = None if include_text else {"source": {"text"}}
        return self.model_dump_json(indent=indent, exclude=exclude)

    # The views import this model, never the reverse: these four methods are the only upward
    # imports (lazy, inside the method), listed as HOOKS in tests/test_layers.py.
    def targets_frame(self) -> pd.DataFrame:
        """Targets as a pandas DataFrame with provenance columns."""
        from .frames import targets_frame

        return targets_frame(self)

    def clauses_frame(self) -> pd.DataFrame:
        """Clauses (flattened tree) as a pandas DataFrame."""
        from .frames import clauses_frame

        return clauses_frame(self)

    def tasks_frame(self) -> pd.DataFrame:
        """Tasks as a pandas DataFrame."""
        from .frames import tasks_frame

        return tasks_frame(self)

    def _repr_html_(self) -> str:
        """Jupyter display: the highlighted view of :mod:`policyparse.html_view`."""
        from .html_view import render_fragment

        return render_fragment(self)


Clause.model_rebuild()
