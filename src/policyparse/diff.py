"""``diff(old, new) -> PolicyDiff``: what changed between two notices (e.g. two years' plans).

* **Targets** are aligned by metric, not by text (:mod:`policyparse.metric_key`): every pair of
  an old and a new target of the same kind (goal, standard, requirement), both levels or both
  changes (下降10% pairs with 下降12%, never with a level), with compatible units (after
  conversion to a base unit, compound units part by part) gets a similarity score; pairs are then taken greedily, best score first, one-to-one, above
  ``TARGET_THRESHOLD``. A change is compared signed (下降10% → 下降12%: Δ −2, Δ% −20).
  Ties are broken by the pair's content, never by list position, so
  ``diff(b, a)`` is exactly the mirror of ``diff(a, b)``. Only annual targets are paired;
  within-year milestones (a ``deadline`` before year end: 截至3月 … 截至11月) are reported as
  each side's schedule.
* **Clauses** are aligned by heading and text (character-bigram Dice), then reported as
  unchanged, moved (order changed relative to the other aligned clauses), reworded (with a
  character diff), added or removed.
* **Meta**: title, document number, date, issuers and addressees added/removed, and deadlines
  (``DateMention`` kind deadline) paired by the sentence around them, so a shifted deadline
  reads ``2025年3月10日 → 2026年2月底``.
"""

from __future__ import annotations

import difflib
import os
import sys
import types
from collections.abc import Callable, Sequence
from typing import Any, Literal, TypeVar, Union

from pydantic import BaseModel, ConfigDict, Field

from .metric_key import MetricKeyer, keyer
from .models import Clause, DateMention, PolicyDocument, Span, Target
from .rules import RuleSet, load_rules

TARGET_THRESHOLD = 0.5
"""Lowest metric similarity at which an old and a new target are the same metric."""
CLAUSE_THRESHOLD = 0.5
"""Lowest heading/text similarity at which two clauses are the same clause."""
DEADLINE_THRESHOLD = 0.35
"""Lowest similarity of the sentences around two deadlines for them to be the same deadline."""

DocLike = Union[PolicyDocument, str, os.PathLike, bytes]  # noqa: UP007
T = TypeVar("T")
U = TypeVar("U")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class TargetChange(_Model):
    """One metric across the two notices. Values are in ``unit`` (the base unit)."""

    status: Literal["changed", "unchanged", "added", "removed"]
    kind: str = Field(default="goal", description="goal, standard or requirement (both sides share it)")
    metric: str = Field(description="The newer wording of the metric (the old one when removed)")
    old_metric: str | None = None
    new_metric: str | None = None
    unit: str = Field(description="Base unit both values are expressed in")
    old_value: float | None = None
    new_value: float | None = None
    old_unit: str | None = Field(default=None, description="Unit as the old target wrote it")
    new_unit: str | None = None
    abs_change: float | None = Field(default=None, description="new_value - old_value")
    rel_change: float | None = Field(default=None, description="Percent change, 2 decimals (-18.75)")
    old_comparator: str | None = None
    new_comparator: str | None = None
    comparator_changed: bool = False
    old_value_max: float | None = Field(default=None, description="Upper end of a range, in ``unit``")
    new_value_max: float | None = None
    old_direction: str | None = Field(
        default=None,
        description="increase / decrease when the value is a change (下降10%); the Δ is then signed",
    )
    new_direction: str | None = None
    old_baseline: int | None = None
    new_baseline: int | None = None
    old_year: int | None = None
    new_year: int | None = None
    old_text: str | None = None
    new_text: str | None = None
    old_span: Span | None = None
    new_span: Span | None = None
    old_clause_id: str | None = None
    new_clause_id: str | None = None
    score: float | None = Field(default=None, description="Metric similarity of a pair, 0..1")


class Milestone(_Model):
    deadline: str
    value: float
    comparator: str
    text: str
    span: Span
    clause_id: str | None = None


class Schedule(_Model):
    """A metric's within-year milestones in one of the two notices."""

    side: Literal["old", "new"]
    metric: str
    unit: str
    year: int | None = None
    milestones: list[Milestone]


class ClauseChange(_Model):
    status: Literal["unchanged", "moved", "reworded", "added", "removed"]
    moved: bool = Field(default=False, description="Order changed relative to the other aligned clauses")
    old_id: str | None = None
    new_id: str | None = None
    old_label: str | None = None
    new_label: str | None = None
    old_heading: str | None = None
    new_heading: str | None = None
    old_span: Span | None = None
    new_span: Span | None = None
    score: float | None = None
    text_diff: list[tuple[str, str, str]] = Field(
        default_factory=list,
        description="(op, old, new) for each replaced/deleted/inserted run of characters",
    )


class FieldChange(_Model):
    field: str
    old: str | None = None
    new: str | None = None


class DeadlineChange(_Model):
    status: Literal["shifted", "unchanged", "added", "removed"]
    old_text: str | None = None
    new_text: str | None = None
    old_value: str | None = None
    new_value: str | None = None
    old_span: Span | None = None
    new_span: Span | None = None
    context: str = Field(default="", description="The sentence around the (newer) deadline")
    score: float | None = None


class MetaDiff(_Model):
    fields: list[FieldChange] = Field(default_factory=list, description="Single-valued fields that differ")
    issuers_added: list[str] = Field(default_factory=list)
    issuers_removed: list[str] = Field(default_factory=list)
    addressees_added: list[str] = Field(default_factory=list)
    addressees_removed: list[str] = Field(default_factory=list)
    deadlines: list[DeadlineChange] = Field(default_factory=list)


class PolicyDiff(_Model):
    """The differences between an old and a new notice."""

    old_path: str | None = None
    new_path: str | None = None
    old_year: int | None = None
    new_year: int | None = None
    targets: list[TargetChange] = Field(default_factory=list)
    schedules: list[Schedule] = Field(default_factory=list)
    clauses: list[ClauseChange] = Field(default_factory=list)
    meta: MetaDiff = Field(default_factory=MetaDiff)

    @property
    def pairs(self) -> list[TargetChange]:
        """Targets present in both notices (changed or not)."""
        return [t for t in self.targets if t.status in ("changed", "unchanged")]

    @property
    def added(self) -> list[TargetChange]:
        return [t for t in self.targets if t.status == "added"]

    @property
    def removed(self) -> list[TargetChange]:
        return [t for t in self.targets if t.status == "removed"]

    def to_json(self, *, indent: int | None = None) -> str:
        return self.model_dump_json(indent=indent)


# -- shared helpers (also used by timeline) ----------------------------------------------------


def as_document(source: DocLike, rules: RuleSet | None = None) -> PolicyDocument:
    """A PolicyDocument as given, or parsed from a path / text / bytes."""
    if isinstance(source, PolicyDocument):
        return source
    from .api import parse

    return parse(source, rules=rules)


def plan_year(doc: PolicyDocument) -> int | None:
    """The year a parsed notice's plan is for, where a diff or a timeline places it: its date's
    year, else its document number's year, else the year its targets name most.

    Not ``structure.document_year`` (the header's year, from its fields only, which year-less
    dates in the text take while the notice is being parsed)."""
    if doc.meta.date and doc.meta.date[:4].isdigit():
        return int(doc.meta.date[:4])
    if doc.meta.doc_number and doc.meta.doc_number.year:
        return doc.meta.doc_number.year
    years = [t.year for t in doc.targets if t.year]
    return max(set(years), key=years.count) if years else None


def is_milestone(target: Target) -> bool:
    """A within-year milestone: tied to a deadline before its year's end (截至6月 → 2025-06-30)."""
    d = target.deadline
    return bool(d) and len(d or "") > 4 and not (d or "").endswith(("-12-31", "-12"))


def metric_text(target: Target) -> str:
    return target.metric or target.text


def distinct_targets(
    doc: PolicyDocument, keys: MetricKeyer, *, include_optional: bool = False
) -> list[Target]:
    """The document's targets with repeated mentions of one target collapsed to the first.

    A notice repeats its headline target (title, preamble, body); the mentions are one target
    when metric key, value, unit and deadline agree. A required mention wins over an optional one.
    """
    chosen: dict[tuple[Any, ...], Target] = {}
    for t in doc.targets:
        if t.optional and not include_optional:
            continue
        value, unit = _base_value(t, keys)
        ident = (keys.key(metric_text(t)).text, round(value, 6), unit, t.deadline, t.kind, t.direction)
        if ident not in chosen or (chosen[ident].optional and not t.optional):
            chosen[ident] = t
    keep = {id(t) for t in chosen.values()}
    return [t for t in doc.targets if id(t) in keep]


def _base_value(t: Target, keys: MetricKeyer) -> tuple[float, str]:
    base, factor = keys.base_unit(t.unit)
    return t.value * factor, base


def _signed(t: Target, value: float) -> float:
    """A change as a signed number (下降10% → −10); a level as it is."""
    return -value if t.direction == "decrease" else value


def comparable(a: Target, b: Target, keys: MetricKeyer) -> bool:
    """Same kind, both levels or both changes, units of one base: the two may be one metric."""
    return (
        a.kind == b.kind
        and (a.direction is None) == (b.direction is None)
        and keys.base_unit(a.unit)[0] == keys.base_unit(b.unit)[0]
    )


def greedy_match(
    olds: Sequence[T],
    news: Sequence[U],
    score: Callable[[T, U], float | None],
    threshold: float,
    order: Callable[[T, U], Any],
) -> list[tuple[int, int, float]]:
    """One-to-one pairs (i, j, score), best score first, each at least ``threshold``.

    ``score`` returns None for pairs that may not pair at all. ``order`` breaks ties between
    equal scores; it must not depend on which side an item is on, so that swapping the inputs
    mirrors the result.
    """
    cands = []
    for i, a in enumerate(olds):
        for j, b in enumerate(news):
            s = score(a, b)
            if s is not None and s >= threshold:
                cands.append((-s, order(a, b), i, j))
    cands.sort(key=lambda c: (c[0], c[1]))
    used_old: set[int] = set()
    used_new: set[int] = set()
    out = []
    for neg, _, i, j in cands:
        if i in used_old or j in used_new:
            continue
        used_old.add(i)
        used_new.add(j)
        out.append((i, j, -neg))
    return sorted(out)


# -- targets ----------------------------------------------------------------------------------


def _signature(t: Target, keys: MetricKeyer) -> tuple[Any, ...]:
    value, unit = _base_value(t, keys)
    return (keys.key(metric_text(t)).text, unit, value, t.comparator.value, t.text)


def _tidy(x: float) -> float:
    """A difference without float noise (1250 − 1200 is 50, 0.3 − 0.35 is −0.05)."""
    return round(x, 9)


def _closeness(a: float, b: float) -> float:
    hi = max(abs(a), abs(b))
    return 1.0 if hi == 0 else min(abs(a), abs(b)) / hi


def _change(old: Target | None, new: Target | None, score: float | None, keys: MetricKeyer) -> TargetChange:
    ref = new or old
    assert ref is not None
    # a compound unit (吨标准煤/万元) is reported in the newer target's own unit, not its base
    # (吨标准煤/元); other units in their base (万千瓦 → 千瓦), as before
    base, ref_factor = keys.base_unit(ref.unit)
    unit, scale = (ref.unit, ref_factor) if "/" in ref.unit else (base, 1.0)
    o = _base_value(old, keys)[0] / scale if old else None
    n = _base_value(new, keys)[0] / scale if new else None
    fields: dict[str, Any] = {"metric": metric_text(ref), "unit": unit, "score": score, "kind": ref.kind}
    for side, t, value in (("old", old, o), ("new", new, n)):
        if t is None or value is None:
            continue
        top = t.value_max * keys.base_unit(t.unit)[1] / scale if t.value_max is not None else None
        fields.update(
            {
                f"{side}_metric": metric_text(t),
                f"{side}_value": value,
                f"{side}_value_max": top,
                f"{side}_unit": t.unit,
                f"{side}_comparator": t.comparator.value,
                f"{side}_direction": t.direction,
                f"{side}_baseline": t.baseline,
                f"{side}_year": t.year,
                f"{side}_text": t.text,
                f"{side}_span": t.span,
                f"{side}_clause_id": t.clause_id,
            }
        )
    if old is not None and new is not None and o is not None and n is not None:
        so, sn = _signed(old, o), _signed(new, n)
        fields["abs_change"] = _tidy(sn - so)
        fields["rel_change"] = round((sn - so) / abs(so) * 100, 2) if so else None
        fields["comparator_changed"] = old.comparator != new.comparator
        same = abs(sn - so) < 1e-9 and not fields["comparator_changed"] and old.value_max == new.value_max
        fields["status"] = "unchanged" if same else "changed"
    else:
        fields["status"] = "added" if old is None else "removed"
    return TargetChange(**fields)


def _schedules(side: Literal["old", "new"], targets: list[Target], keys: MetricKeyer) -> list[Schedule]:
    groups: dict[tuple[str, str], list[Target]] = {}
    for t in targets:
        groups.setdefault((keys.key(metric_text(t)).text, _base_value(t, keys)[1]), []).append(t)
    out = []
    for (_, unit), ts in groups.items():
        ts = sorted(ts, key=lambda t: t.deadline or "")
        out.append(
            Schedule(
                side=side,
                metric=metric_text(ts[0]),
                unit=unit,
                year=ts[0].year,
                milestones=[
                    Milestone(
                        deadline=t.deadline or "",
                        value=_base_value(t, keys)[0],
                        comparator=t.comparator.value,
                        text=t.text,
                        span=t.span,
                        clause_id=t.clause_id,
                    )
                    for t in ts
                ],
            )
        )
    return out


def diff_targets(
    old: Sequence[Target], new: Sequence[Target], rules: RuleSet | None = None
) -> tuple[list[TargetChange], list[Schedule]]:
    """Align two lists of targets by metric; milestones go to the schedules."""
    keys = keyer(rules)
    old_annual = [t for t in old if not is_milestone(t)]
    new_annual = [t for t in new if not is_milestone(t)]

    def score(a: Target, b: Target) -> float | None:
        if not comparable(a, b, keys):
            return None
        return keys.similarity(metric_text(a), metric_text(b))

    def order(a: Target, b: Target) -> Any:
        # side-independent: closer values first, then the pair's content
        return (
            -_closeness(_base_value(a, keys)[0], _base_value(b, keys)[0]),
            tuple(sorted([_signature(a, keys), _signature(b, keys)], key=repr)),
        )

    matched = greedy_match(old_annual, new_annual, score, TARGET_THRESHOLD, order)
    paired_old = {i for i, _, _ in matched}
    paired_new = {j for _, j, _ in matched}
    changes = [_change(old_annual[i], new_annual[j], s, keys) for i, j, s in matched]
    changes += [_change(t, None, None, keys) for i, t in enumerate(old_annual) if i not in paired_old]
    changes += [_change(None, t, None, keys) for j, t in enumerate(new_annual) if j not in paired_new]
    schedules = _schedules("old", [t for t in old if is_milestone(t)], keys)
    schedules += _schedules("new", [t for t in new if is_milestone(t)], keys)
    return changes, schedules


# -- clauses ----------------------------------------------------------------------------------


def _bigrams(s: str) -> frozenset[str]:
    return frozenset(s[i : i + 2] for i in range(len(s) - 1)) if len(s) > 1 else frozenset([s])


def _dice(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return 2 * len(a & b) / (len(a) + len(b))


def _squash(s: str) -> str:
    return "".join(s.split()).replace("**", "")


class _ClauseView:
    """A clause prepared for comparison: body without its label, bigram sets."""

    __slots__ = ("body", "body_grams", "clause", "head_grams", "heading", "index")

    def __init__(self, clause: Clause, index: int) -> None:
        self.clause = clause
        self.index = index
        text = _squash(clause.text)
        label = _squash(clause.label)
        self.body = text[len(label) :] if text.startswith(label) else text
        self.heading = _squash(clause.heading)
        self.body_grams = _bigrams(self.body)
        self.head_grams = _bigrams(self.heading) if self.heading else frozenset()

    def similarity(self, other: _ClauseView) -> float:
        body = _dice(self.body_grams, other.body_grams)
        if self.heading and other.heading:
            return round((_dice(self.head_grams, other.head_grams) + body) / 2, 4)
        return round(body, 4)


def _longest_increasing(seq: list[int]) -> set[int]:
    """Positions of one longest strictly increasing subsequence (patience sorting)."""
    import bisect

    tails: list[int] = []
    tail_pos: list[int] = []
    prev = [-1] * len(seq)
    for pos, v in enumerate(seq):
        k = bisect.bisect_left(tails, v)
        if k == len(tails):
            tails.append(v)
            tail_pos.append(pos)
        else:
            tails[k] = v
            tail_pos[k] = pos
        prev[pos] = tail_pos[k - 1] if k else -1
    out: set[int] = set()
    p = tail_pos[-1] if tail_pos else -1
    while p >= 0:
        out.add(p)
        p = prev[p]
    return out


def _char_diff(a: str, b: str) -> list[tuple[str, str, str]]:
    sm = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return [(op, a[i1:i2], b[j1:j2]) for op, i1, i2, j1, j2 in sm.get_opcodes() if op != "equal"]


def diff_clauses(old: PolicyDocument, new: PolicyDocument) -> list[ClauseChange]:
    """Align the two clause trees (flattened, in document order)."""
    olds = [_ClauseView(c, i) for i, c in enumerate(old.iter_clauses())]
    news = [_ClauseView(c, i) for i, c in enumerate(new.iter_clauses())]

    def order(a: _ClauseView, b: _ClauseView) -> Any:
        return (a.clause.level != b.clause.level, tuple(sorted([a.body, b.body])))

    matched = greedy_match(olds, news, lambda a, b: a.similarity(b), CLAUSE_THRESHOLD, order)
    by_new = sorted(matched, key=lambda m: m[1])
    in_order = _longest_increasing([i for i, _, _ in by_new])
    moved = {by_new[p][0] for p in range(len(by_new)) if p not in in_order}
    out: list[ClauseChange] = []
    for i, j, s in matched:
        a, b = olds[i], news[j]
        same = a.body == b.body
        status: Literal["moved", "unchanged", "reworded"] = (
            ("moved" if i in moved else "unchanged") if same else "reworded"
        )
        out.append(
            ClauseChange(
                status=status,
                moved=i in moved,
                old_id=a.clause.id,
                new_id=b.clause.id,
                old_label=a.clause.label,
                new_label=b.clause.label,
                old_heading=a.clause.heading,
                new_heading=b.clause.heading,
                old_span=a.clause.span,
                new_span=b.clause.span,
                score=s,
                text_diff=[] if same else _char_diff(a.body, b.body),
            )
        )
    paired_old = {i for i, _, _ in matched}
    paired_new = {j for _, j, _ in matched}
    for v in olds:
        if v.index not in paired_old:
            c = v.clause
            out.append(
                ClauseChange(
                    status="removed", old_id=c.id, old_label=c.label, old_heading=c.heading, old_span=c.span
                )
            )
    for v in news:
        if v.index not in paired_new:
            c = v.clause
            out.append(
                ClauseChange(
                    status="added", new_id=c.id, new_label=c.label, new_heading=c.heading, new_span=c.span
                )
            )
    return out


# -- meta -------------------------------------------------------------------------------------

_SENTENCE_END = "。；;\n"


def _sentence(doc: PolicyDocument, span: Span) -> str:
    text = doc.source.text
    start = max(text.rfind(ch, 0, span[0]) for ch in _SENTENCE_END) + 1
    ends = [e for e in (text.find(ch, span[1]) for ch in _SENTENCE_END) if e >= 0]
    return text[start : min(ends) if ends else len(text)]


def _context_grams(doc: PolicyDocument, d: DateMention) -> frozenset[str]:
    sentence = _sentence(doc, d.span).replace(d.text, "")
    # the sentence without its numbers: what is due, not when
    return _bigrams("".join(ch for ch in _squash(sentence) if not ch.isdigit()))


def diff_deadlines(old: PolicyDocument, new: PolicyDocument) -> list[DeadlineChange]:
    olds = [d for d in old.dates if d.kind == "deadline"]
    news = [d for d in new.dates if d.kind == "deadline"]
    og = [_context_grams(old, d) for d in olds]
    ng = [_context_grams(new, d) for d in news]
    matched = greedy_match(
        list(range(len(olds))),
        list(range(len(news))),
        lambda i, j: round(_dice(og[i], ng[j]), 4),
        DEADLINE_THRESHOLD,
        lambda i, j: tuple(sorted([olds[i].text, news[j].text])),
    )
    out = []
    for i, j, s in matched:
        a, b = olds[i], news[j]
        out.append(
            DeadlineChange(
                status="unchanged" if a.value == b.value else "shifted",
                old_text=a.text,
                new_text=b.text,
                old_value=a.value,
                new_value=b.value,
                old_span=a.span,
                new_span=b.span,
                context=_sentence(new, b.span),
                score=s,
            )
        )
    paired_old = {i for i, _, _ in matched}
    paired_new = {j for _, j, _ in matched}
    out += [
        DeadlineChange(
            status="removed",
            old_text=d.text,
            old_value=d.value,
            old_span=d.span,
            context=_sentence(old, d.span),
        )
        for i, d in enumerate(olds)
        if i not in paired_old
    ]
    out += [
        DeadlineChange(
            status="added",
            new_text=d.text,
            new_value=d.value,
            new_span=d.span,
            context=_sentence(new, d.span),
        )
        for j, d in enumerate(news)
        if j not in paired_new
    ]
    return out


def _minus(a: list[str], b: list[str]) -> list[str]:
    return [x for x in a if x not in set(b)]


def diff_meta(old: PolicyDocument, new: PolicyDocument) -> MetaDiff:
    fields = []
    for name, get in (
        ("title", lambda d: d.meta.title),
        ("doc_type", lambda d: d.meta.doc_type),
        ("doc_number", lambda d: d.meta.doc_number.raw if d.meta.doc_number else None),
        ("date", lambda d: d.meta.date),
        ("issued_title", lambda d: d.meta.issued_title),
    ):
        a, b = get(old), get(new)
        if a != b:
            fields.append(FieldChange(field=name, old=a, new=b))
    return MetaDiff(
        fields=fields,
        issuers_added=_minus(new.meta.issuers, old.meta.issuers),
        issuers_removed=_minus(old.meta.issuers, new.meta.issuers),
        addressees_added=_minus(new.meta.addressees, old.meta.addressees),
        addressees_removed=_minus(old.meta.addressees, new.meta.addressees),
        deadlines=diff_deadlines(old, new),
    )


# -- entry point ------------------------------------------------------------------------------


def diff(old: DocLike, new: DocLike, *, rules: RuleSet | str | os.PathLike | None = None) -> PolicyDiff:
    """What changed from ``old`` to ``new`` (PolicyDocuments, paths or texts).

    >>> from policyparse.models import PolicyDocument, Source, Target
    >>> def notice(year, value):
    ...     t = Target(text="", metric="补贴性职业技能培训", value=value, unit="人次", year=year, span=(0, 0))
    ...     return PolicyDocument(source=Source(text=""), targets=[t])
    >>> d = diff(notice(2024, 800000), notice(2026, 650000))
    >>> [(t.status, t.abs_change, t.rel_change) for t in d.targets]
    [('changed', -150000.0, -18.75)]
    """
    ruleset = rules if isinstance(rules, RuleSet) else load_rules(rules)
    a, b = as_document(old, ruleset), as_document(new, ruleset)
    keys = keyer(ruleset)
    targets, schedules = diff_targets(distinct_targets(a, keys), distinct_targets(b, keys), ruleset)
    return PolicyDiff(
        old_path=a.source.path,
        new_path=b.source.path,
        old_year=plan_year(a),
        new_year=plan_year(b),
        targets=targets,
        schedules=schedules,
        clauses=diff_clauses(a, b),
        meta=diff_meta(a, b),
    )


class _CallableModule(types.ModuleType):
    """``policyparse.diff`` is both this module and the function: importing the module sets the
    package attribute ``diff`` to it, so the module forwards calls to :func:`diff`."""

    def __call__(self, *args: Any, **kwargs: Any) -> PolicyDiff:
        return diff(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
