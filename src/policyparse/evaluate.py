"""Score parses against gold files (the format of ``corpora/GUIDE.md``).

Micro precision / recall / F1 per field over all documents, after NFKC and whitespace
removal, as the guide's "How output is scored" section says (发文字号 compared whatever brackets hold
their year, ``norm_docno``). Attribute accuracies
(comparator, year, deadline, metric, date kind, doc-number role) are over matched records;
target kind and direction over the matched targets whose gold gives them.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .models import PolicyDocument

_WS = re.compile(r"\s+")
_LABEL_PUNCT = re.compile(r"[()（）、.．,，:：\s]")
META_FIELDS = ("title", "doc_number", "issuers", "addressees", "date", "attachments")


def norm(text: Any) -> str:
    """NFKC and no whitespace: how the guide compares texts."""
    if text is None:
        return ""
    return _WS.sub("", unicodedata.normalize("NFKC", str(text)).replace("**", ""))


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add_multisets(self, gold: Iterable[Any], pred: Iterable[Any]) -> Counter[Any]:
        g, p = Counter(gold), Counter(pred)
        common = g & p
        self.tp += sum(common.values())
        self.fp += sum((p - g).values())
        self.fn += sum((g - p).values())
        return common


@dataclass
class Accuracy:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.total += 1
        self.right += int(ok)

    @property
    def value(self) -> float:
        return self.right / self.total if self.total else 1.0


@dataclass
class Report:
    scores: dict[str, Score] = field(default_factory=dict)
    accuracies: dict[str, Accuracy] = field(default_factory=dict)
    documents: int = 0
    errors: list[str] = field(default_factory=list)

    def score(self, name: str) -> Score:
        return self.scores.setdefault(name, Score())

    def accuracy(self, name: str) -> Accuracy:
        return self.accuracies.setdefault(name, Accuracy())

    def as_dict(self) -> dict[str, Any]:
        return {
            "documents": self.documents,
            "fields": {
                k: {"precision": round(s.precision, 4), "recall": round(s.recall, 4), "f1": round(s.f1, 4),
                    "tp": s.tp, "fp": s.fp, "fn": s.fn}
                for k, s in self.scores.items()
            },
            "accuracies": {k: {"value": round(a.value, 4), "right": a.right, "total": a.total}
                           for k, a in self.accuracies.items()},
            "errors": self.errors,
        }  # fmt: skip

    def to_text(self) -> str:
        lines = [
            f"documents: {self.documents}",
            f"{'field':<22}{'P':>7}{'R':>7}{'F1':>7}{'tp':>6}{'fp':>5}{'fn':>5}",
        ]
        for name, s in self.scores.items():
            lines.append(f"{name:<22}{s.precision:7.3f}{s.recall:7.3f}{s.f1:7.3f}{s.tp:6d}{s.fp:5d}{s.fn:5d}")
        if self.accuracies:
            lines.append(f"{'accuracy (matched)':<22}{'value':>7}{'n':>7}")
            for name, a in self.accuracies.items():
                lines.append(f"{name:<22}{a.value:7.3f}{a.total:7d}")
        lines.extend(f"error: {e}" for e in self.errors)
        return "\n".join(lines)


# -- prediction in gold format ------------------------------------------------------------------
def to_gold_format(doc: PolicyDocument) -> dict[str, Any]:
    """A parse in the gold file format (for scoring and for writing new gold files)."""
    m = doc.meta
    return {
        "document": Path(doc.source.path).name if doc.source.path else None,
        "meta": {
            "title": m.title,
            "doc_number": m.doc_number.raw if m.doc_number else None,
            "issuers": list(m.issuers),
            "addressees": list(m.addressees),
            "date": m.date,
            "attachments": list(m.attachments),
        },
        "clauses": [[c.label, c.level, c.heading[:12]] for c in doc.iter_clauses()],
        "targets": [
            {"text": t.text, "metric": t.metric, "value": t.value, "unit": t.unit,
             "comparator": t.comparator.value, "year": t.year, "deadline": t.deadline,
             "kind": t.kind, "direction": t.direction, "baseline": t.baseline,
             **({"value_max": t.value_max} if t.value_max is not None else {}),
             "optional": t.optional}
            for t in doc.targets
        ],
        "dates": [{"text": d.text, "value": d.value, "kind": d.kind} for d in doc.dates],
        "doc_numbers": [{"raw": d.raw, "role": d.role} for d in doc.doc_numbers],
        "tasks": [
            {"seq": t.seq, "clause": t.clause, "units": t.units, "lead": t.lead} for t in doc.tasks
        ],
    }  # fmt: skip


# -- per-field scoring -----------------------------------------------------------------------
_DOCNO_BRACKETS = str.maketrans("[]［］【】()（）﹝﹞〖〗", "〔〕〔〕〔〕〔〕〔〕〔〕〔〕")


def norm_docno(raw: Any) -> str:
    """A 发文字号 compared whatever brackets hold its year (劳社部发[2008]3号 = 劳社部发〔2008〕3号):
    annotators quote the source's brackets, the parser writes 〔〕; the number is the same."""
    return norm(raw).translate(_DOCNO_BRACKETS)


def _clause_key(c: list[Any], with_heading: bool) -> tuple[Any, ...]:
    label = _LABEL_PUNCT.sub("", norm(c[0]))
    if not with_heading:
        return (c[1], label)
    return (c[1], label, norm(c[2])[:5])


def _value_key(v: Any) -> float:
    return round(float(v), 4)


def _metric_overlap(a: str, b: str) -> float:
    a, b = norm(a), norm(b)
    if not a or not b:
        return 0.0
    common = sum((Counter(a) & Counter(b)).values())
    return common / max(len(a), len(b))


def score_targets(report: Report, gold: list[dict[str, Any]], pred: list[dict[str, Any]]) -> None:
    s = report.score("targets")
    used = [False] * len(pred)

    def find(g: dict[str, Any]) -> int | None:
        key = (_value_key(g["value"]), norm(g["unit"]))
        best, best_overlap = None, -1.0
        for i, p in enumerate(pred):
            if used[i] or (_value_key(p["value"]), norm(p["unit"])) != key:
                continue
            ov = _metric_overlap(g.get("metric", ""), p.get("metric", ""))
            if ov > best_overlap:
                best, best_overlap = i, ov
        return best

    for g in gold:
        if g.get("optional"):
            continue
        i = find(g)
        if i is None:
            s.fn += 1
            continue
        used[i] = True
        s.tp += 1
        p = pred[i]
        report.accuracy("targets.comparator").add(p["comparator"] == g["comparator"])
        report.accuracy("targets.year").add(p.get("year") == g.get("year"))
        report.accuracy("targets.deadline").add(p.get("deadline") == g.get("deadline"))
        report.accuracy("targets.metric").add(_metric_overlap(g["metric"], p["metric"]) >= 0.5)
        # kind and direction only where the gold gives them (gold written before the guide had
        # them does not): a gold "direction": null says the number is a level
        if "kind" in g:
            report.accuracy("targets.kind").add(p.get("kind", "goal") == g["kind"])
        if "direction" in g:
            report.accuracy("targets.direction").add(p.get("direction") == g["direction"])
    for g in gold:
        if g.get("optional"):
            i = find(g)
            if i is not None:
                used[i] = True
    s.fp += used.count(False)


def score_document(report: Report, gold: dict[str, Any], pred: dict[str, Any]) -> None:
    report.documents += 1
    gm, pm = gold["meta"], pred["meta"]
    for name in META_FIELDS:
        s = report.score(f"meta.{name}")
        g, p = gm.get(name), pm.get(name)
        if name in ("issuers", "attachments"):
            s.add_multisets([norm(x) for x in g or []], [norm(x) for x in p or []])
            continue
        if name == "addressees":
            g, p = "".join(norm(x) for x in g or []) or None, "".join(norm(x) for x in p or []) or None
        key = norm_docno if name == "doc_number" else norm
        g, p = (key(g) or None), (key(p) or None)
        if g is not None and p == g:
            s.tp += 1
        else:
            s.fn += g is not None
            s.fp += p is not None
    report.score("clauses").add_multisets(
        [_clause_key(c, True) for c in gold["clauses"]], [_clause_key(c, True) for c in pred["clauses"]]
    )
    report.score("clauses.structure").add_multisets(
        [_clause_key(c, False) for c in gold["clauses"]], [_clause_key(c, False) for c in pred["clauses"]]
    )
    score_targets(report, gold.get("targets", []), pred.get("targets", []))

    dates_common = report.score("dates").add_multisets(
        [norm(d["value"]) for d in gold.get("dates", [])], [norm(d["value"]) for d in pred.get("dates", [])]
    )
    kinds_gold = Counter((norm(d["value"]), d["kind"]) for d in gold.get("dates", []))
    kinds_pred = Counter((norm(d["value"]), d["kind"]) for d in pred.get("dates", []))
    right = sum((kinds_gold & kinds_pred).values())
    acc = report.accuracy("dates.kind")
    acc.right += right
    acc.total += sum(dates_common.values())

    dn_common = report.score("doc_numbers").add_multisets(
        [norm_docno(d["raw"]) for d in gold.get("doc_numbers", [])],
        [norm_docno(d["raw"]) for d in pred.get("doc_numbers", [])],
    )
    roles_gold = Counter((norm_docno(d["raw"]), d["role"]) for d in gold.get("doc_numbers", []))
    roles_pred = Counter((norm_docno(d["raw"]), d["role"]) for d in pred.get("doc_numbers", []))
    acc = report.accuracy("doc_numbers.role")
    acc.right += sum((roles_gold & roles_pred).values())
    acc.total += sum(dn_common.values())

    report.score("tasks").add_multisets(
        [tuple(sorted(norm(x) for x in t.get("lead", []))) for t in gold.get("tasks", [])],
        [tuple(sorted(norm(x) for x in t.get("lead", []))) for t in pred.get("tasks", [])],
    )


def find_pairs(gold_dir: Path, docs_dir: Path) -> list[tuple[Path, Path]]:
    """(gold file, document file) pairs: ``X.gold.json`` or ``X.json`` beside a document ``X.*``."""
    from .loaders import SUPPORTED

    pairs = []
    docs: dict[str, list[Path]] = {}
    for p in sorted(docs_dir.iterdir()):
        if p.is_file() and p.suffix.lower() in SUPPORTED:
            docs.setdefault(p.stem, []).append(p)
    for g in sorted(gold_dir.glob("*.json")):
        stem = g.name[: -len(".gold.json")] if g.name.endswith(".gold.json") else g.stem
        for d in docs.get(stem, []):
            pairs.append((g, d))
    return pairs


def evaluate(gold_dir: str | Path, docs_dir: str | Path | None = None, *, fmt: str | None = None) -> Report:
    """Parse every document that has a gold file and score the lot.

    ``fmt`` restricts to documents of one extension (``txt``, ``pdf``, ``docx``).
    """
    from .api import parse

    gold_dir = Path(gold_dir)
    docs_dir = Path(docs_dir) if docs_dir is not None else gold_dir
    report = Report()
    for gold_path, doc_path in find_pairs(gold_dir, docs_dir):
        if fmt and doc_path.suffix.lower().lstrip(".") != fmt:
            continue
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        try:
            pred = to_gold_format(parse(doc_path))
        except Exception as exc:  # a crash is scored as an empty parse, and reported
            report.errors.append(f"{doc_path.name}: {type(exc).__name__}: {exc}")
            pred = {"meta": {}, "clauses": [], "targets": [], "dates": [], "doc_numbers": [], "tasks": []}
        score_document(report, gold, pred)
    return report
