"""Citation graph over a folder of notices: which notices implement (cite) which.

A notice cites another by its 发文字号 (沪人社职〔2021〕489号) and/or its title in 《》. Each
citation of a document of the corpus is resolved to it by number (``meta.doc_number``) or by
title (``meta.title``, or ``meta.issued_title`` for a 关于印发《X》的通知 that issues X);
citations of documents outside the corpus are kept as unresolved links.

Citations are read from ``doc.doc_numbers`` (role ``cited``, with ``cited_title``) and
``doc.citations`` (title, number, alias, every mention's span).

>>> corpus = Corpus.from_folder("corpora/dev")
>>> [d.meta.title for d in corpus.cited_by("沪人社职〔2021〕489号")]  # doctest: +ELLIPSIS
['上海市人力资源和社会保障局...关于2023年本市新型技师学院重点工作任务的通知']
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .loaders.registry import found_in_folders
from .models import PolicyDocument, Span
from .rules import RuleSet

_BRACKETS = str.maketrans(
    {
        "[": "〔",
        "［": "〔",
        "(": "〔",
        "（": "〔",
        "【": "〔",
        "]": "〕",
        "］": "〕",
        ")": "〕",
        "）": "〕",
        "】": "〕",
    }
)


def number_key(raw: str) -> str:
    """A document number compared whatever its brackets or spaces: 沪府办发[2024]3号 → 沪府办发〔2024〕3号."""
    return "".join(raw.split()).translate(_BRACKETS)


def title_key(title: str) -> str:
    """A title compared without whitespace, book-title marks and quotes."""
    return "".join(ch for ch in "".join(title.split()) if ch not in '《》〈〉“”"')


@dataclass
class Link:
    """One document's citation of another: resolved to a corpus document, or not (target None)."""

    source: PolicyDocument
    doc_number: str | None
    title: str | None
    target: PolicyDocument | None
    spans: list[Span] = field(default_factory=list)

    @property
    def resolved(self) -> bool:
        return self.target is not None


class Corpus:
    """Notices and the citations between them."""

    def __init__(self, docs: Iterable[PolicyDocument]) -> None:
        self.docs: list[PolicyDocument] = list(docs)
        self._by_number: dict[str, PolicyDocument] = {}
        self._by_title: dict[str, PolicyDocument] = {}
        for doc in self.docs:
            if doc.meta.doc_number:
                self._by_number.setdefault(number_key(doc.meta.doc_number.raw), doc)
            for title in (doc.meta.title, doc.meta.issued_title):
                if title:
                    self._by_title.setdefault(title_key(title), doc)
        self.links: list[Link] = [link for doc in self.docs for link in self._links_of(doc)]

    @classmethod
    def from_folder(cls, path: str | os.PathLike, *, rules: RuleSet | str | None = None) -> Corpus:
        """Parse every notice in a folder (recursively); files that fail to parse are skipped."""
        from .api import parse_many

        files = sorted(p for p in Path(path).rglob("*") if found_in_folders(p))
        return cls(d for d in parse_many(files, rules=rules) if isinstance(d, PolicyDocument))

    # -- resolution ----------------------------------------------------------------------------
    def find(self, ref: str) -> PolicyDocument | None:
        """The corpus document with this number or title, or None."""
        return self._by_number.get(number_key(ref)) or self._by_title.get(title_key(ref))

    def _resolve(self, number: str | None, title: str | None) -> PolicyDocument | None:
        if number and (doc := self._by_number.get(number_key(number))):
            return doc
        if title and (doc := self._by_title.get(title_key(title))):
            return doc
        return None

    def _links_of(self, doc: PolicyDocument) -> Iterator[Link]:
        merged: dict[tuple[str, str], Link] = {}
        own = number_key(doc.meta.doc_number.raw) if doc.meta.doc_number else None

        def add(number: str | None, title: str | None, spans: list[Span]) -> None:
            if number and number_key(number) == own:
                return  # a notice quoting its own number
            target = self._resolve(number, title)
            if target is doc:
                return
            # one link per cited document: by the resolved document, else by number or title
            ident = (
                ("doc", str(id(target)))
                if target
                else ("ref", number_key(number or "") or title_key(title or ""))
            )
            link = merged.get(ident)
            if link is None:
                merged[ident] = Link(doc, number, title, target, list(spans))
                return
            link.doc_number = link.doc_number or number
            link.title = link.title or title
            link.spans.extend(s for s in spans if s not in link.spans)

        for c in doc.citations:
            if c.title or c.doc_number:
                add(c.doc_number, c.title, list(c.spans))
        for n in doc.doc_numbers:
            if n.role == "cited":
                add(n.raw, n.cited_title, [n.span])
        yield from merged.values()

    # -- questions -----------------------------------------------------------------------------
    def cites(self, doc: PolicyDocument | str) -> list[Link]:
        """Everything a document cites (a document of the corpus, or its number or title)."""
        src = self.find(doc) if isinstance(doc, str) else doc
        return [link for link in self.links if link.source is src]

    def cited_by(self, ref: PolicyDocument | str) -> list[PolicyDocument]:
        """The documents that cite ``ref`` (a corpus document, a number or a title), i.e. implement it.

        A number or title of a document outside the corpus is matched against the unresolved
        citations, so the question works for notices that are not in the folder too.
        """
        out: list[PolicyDocument] = []
        for link in self.links:
            if isinstance(ref, PolicyDocument):
                hit = link.target is ref
            else:
                target = self.find(ref)
                hit = (
                    (link.target is target)
                    if target
                    else (
                        (link.doc_number is not None and number_key(link.doc_number) == number_key(ref))
                        or (link.title is not None and title_key(link.title) == title_key(ref))
                    )
                )
            if hit and link.source not in out:
                out.append(link.source)
        return out

    def unresolved(self) -> list[Link]:
        """Citations of documents that are not in the corpus."""
        return [link for link in self.links if not link.resolved]

    def edges(self) -> list[tuple[str, str]]:
        """(citing path, cited path or reference) for every link: ready for a graph library."""

        def name(d: PolicyDocument) -> str:
            return d.source.path or (d.meta.doc_number.raw if d.meta.doc_number else d.meta.title or "?")

        return [
            (name(link.source), name(link.target) if link.target else (link.doc_number or link.title or "?"))
            for link in self.links
        ]
