"""A sanity report over a folder of notices, no gold needed.

For each trait a notice can print (a title, 发文机关, 成文日期, a 发文字号, numbered clauses, task
markers) the report counts the documents whose text shows the trait by a plain look at the lines,
and the share of those where the parser found it, with the documents that miss it:

    python -m policyparse.sanity corpora/real/raw            # table and misses
    python -m policyparse.sanity corpora/real/raw --json     # the same as JSON

The look at the text is deliberately simple and independent of the parser's rules: it says
where something is printed, the parser has to say what it is.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import PolicyParseError
from .models import PolicyDocument

# What the text prints, judged line by line on the loader's text (independent of the parser).
_DATE_LINE = re.compile(
    r"^\s*(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月"
    r"\s*[\d一二三四五六七八九十]{1,3}\s*日\s*(?:印发)?\s*$"
)
_META_DATE = re.compile(r"(?:成文日期|发文日期|发布日期|印发日期)\s*[:：]")
# a 发文字号 on a line of its own (or a site's 文号 field), not one cited in a sentence
_DOC_NUMBER = re.compile(
    r"^\s*(?:(?:发文字号|文号)\s*[:：]\s*)?[\u4e00-\u9fff]{1,10}\s*[〔\[［【(（]\s*(?:19|20)\d{2}\s*"
    r"[〕\]］】)）]\s*第?\s*\d{1,5}\s*号\s*$"
)
_CLAUSE = re.compile(r"^[\s\u3000]*(?:一、|第一条|第一章)")
# a closing marker (（牵头单位：…）, （A、B负责）) or a task table's 牵头/责任 column header
_TASK = re.compile(
    r"（[^（）\n]*(?:牵头|责任(?:单位|部门)|负责)[^（）\n]*）[。；]?\s*$|^\t(?:牵头|责任)(?:单位|部门)", re.M
)
_BODY_LINE = re.compile(
    r"^[\s\u3000]*[\u4e00-\u9fff（）()]{2,40}(?:人民政府|办公厅|办公室|委员会|总局|局|厅|部|署|委|政府)"
    r"(?:[\s\u3000]+[\u4e00-\u9fff（）()]{2,40}(?:人民政府|办公厅|办公室|委员会|总局|局|厅|部|署|委|政府))*\s*$"
)
_HEAD_LINES = 25


def _lines(text: str) -> list[str]:
    return [ln for ln in text.splitlines() if ln.strip()]


def prints_doc_number(text: str) -> bool:
    return any(_DOC_NUMBER.match(ln) for ln in _lines(text)[:_HEAD_LINES])


def prints_date(text: str) -> bool:
    lines = _lines(text)
    return any(_DATE_LINE.match(ln) for ln in lines) or any(
        _META_DATE.search(ln) for ln in lines[:_HEAD_LINES]
    )


def prints_issuer(text: str) -> bool:
    """A line that is nothing but one or more body names (a signature or 发文机关标志)."""
    return any(_BODY_LINE.match(ln) for ln in _lines(text))


def prints_clauses(text: str) -> bool:
    return any(_CLAUSE.match(ln) for ln in text.splitlines())


def prints_tasks(text: str) -> bool:
    return bool(_TASK.search(text))


@dataclass
class Trait:
    name: str
    printed: Callable[[str], bool]
    found: Callable[[PolicyDocument], bool]
    expected: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)

    @property
    def share(self) -> float:
        return 1 - len(self.missed) / len(self.expected) if self.expected else 1.0


def traits() -> list[Trait]:
    return [
        Trait("title", lambda t: True, lambda d: bool(d.meta.title)),
        Trait("issuers", prints_issuer, lambda d: bool(d.meta.issuers)),
        Trait("date", prints_date, lambda d: bool(d.meta.date)),
        Trait("doc_number", prints_doc_number, lambda d: d.meta.doc_number is not None),
        Trait("clauses", prints_clauses, lambda d: bool(d.clauses)),
        Trait("tasks", prints_tasks, lambda d: bool(d.tasks)),
    ]


@dataclass
class SanityReport:
    documents: int = 0
    traits: list[Trait] = field(default_factory=traits)
    failures: dict[str, str] = field(default_factory=dict)

    def add(self, name: str, doc: PolicyDocument) -> None:
        from .normalize import normalize_text

        self.documents += 1
        # what the notice prints, without markup (a Markdown copy's scraper metadata is not it)
        text = normalize_text(doc.source.text).text
        for trait in self.traits:
            if trait.printed(text):
                trait.expected.append(name)
                if not trait.found(doc):
                    trait.missed.append(name)

    def as_dict(self) -> dict[str, object]:
        return {
            "documents": self.documents,
            "failures": self.failures,
            "traits": {
                t.name: {
                    "printed": len(t.expected),
                    "found": len(t.expected) - len(t.missed),
                    "share": round(t.share, 3),
                    "missed": t.missed,
                }
                for t in self.traits
            },
        }

    def to_text(self) -> str:
        out = [
            f"{self.documents} documents parsed, {len(self.failures)} failed",
            f"{'trait':<12}{'printed':>8}{'found':>8}{'share':>8}",
        ]
        for t in self.traits:
            out.append(f"{t.name:<12}{len(t.expected):>8}{len(t.expected) - len(t.missed):>8}{t.share:>8.3f}")
        for t in self.traits:
            if t.missed:
                out.append(f"missing {t.name}: " + ", ".join(t.missed))
        for name, reason in self.failures.items():
            out.append(f"failed {name}: {reason}")
        return "\n".join(out)


def report(paths: Iterable[Path]) -> SanityReport:
    from .api import parse

    rep = SanityReport()
    for path in sorted(paths):
        try:
            doc = parse(path)
        except PolicyParseError as e:
            rep.failures[path.name] = f"{type(e).__name__}: {e}"
            continue
        rep.add(path.name, doc)
    return rep


def main(argv: list[str] | None = None) -> int:
    from .loaders import SUPPORTED

    ap = argparse.ArgumentParser(
        prog="python -m policyparse.sanity",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ap.add_argument("folder", type=Path, help="folder of notices (searched recursively)")
    ap.add_argument("--json", action="store_true", help="print the report as JSON")
    args = ap.parse_args(argv)
    paths = [p for p in args.folder.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED]
    rep = report(paths)
    print(json.dumps(rep.as_dict(), ensure_ascii=False, indent=1) if args.json else rep.to_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
