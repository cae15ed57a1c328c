"""``parse``: source -> ``PolicyDocument``. Orchestration only; data flows one way:

load (bytes -> text) -> normalise (``Document``) -> structure (meta, clause tree, tasks)
-> extract (one module per record kind) -> link tasks to the targets and deadlines inside them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any, Union

from .document import Document, chrome_patterns
from .errors import PolicyParseError
from .extractors import Context, get_extractors
from .limits import DEFAULT_LIMITS, Limits, check_text
from .loaders import Loaded, load_bytes, load_path, sha256_of
from .models import PolicyDocument, Source
from .rules import RuleSet, load_rules
from .structure import build_clause_tree, document_year, extract_tasks, parse_header

SourceLike = Union[str, os.PathLike, bytes, Loaded]  # noqa: UP007 (runtime alias on 3.10)


def _looks_like_path(s: str) -> bool:
    return "\n" not in s and len(s) < 1024 and Path(s).suffix != "" and Path(s).exists()


def load(source: SourceLike, *, limits: Limits = DEFAULT_LIMITS) -> Loaded:
    """Turn any accepted source into ``Loaded`` text, within ``limits``.

    A ``str`` is a path when it names an existing file (one line, with an extension), else the
    notice's text itself. ``bytes`` are the content of a text file.
    """
    if isinstance(source, Loaded):
        return source
    if isinstance(source, os.PathLike):
        return load_path(source, limits=limits)
    if isinstance(source, bytes):
        return load_bytes(source, "txt", limits=limits)
    if isinstance(source, str):
        if _looks_like_path(source):
            return load_path(source, limits=limits)
        check_text(source, limits)  # too long, or lone surrogates that cannot be encoded
        return Loaded(text=source, format="text", sha256=sha256_of(source.encode("utf-8")))
    raise TypeError(f"cannot parse a {type(source).__name__}")


def parse(
    source: SourceLike, *, rules: RuleSet | str | Path | None = None, limits: Limits = DEFAULT_LIMITS
) -> PolicyDocument:
    """Parse a notice (path, text, bytes) into a ``PolicyDocument``.

    ``rules`` is a ``RuleSet`` or a folder of extra ``*.yaml`` rules overlaid on the shipped ones.
    ``limits`` bounds file size, text length, PDF pages and DOCX inflation (``policyparse.limits``).

    >>> doc = parse("关于做好2025年职业培训工作的通知\\n沪人社职〔2025〕1号\\n各区人力资源社会保障局：\\n一、总体要求\\n全年完成培训65万人次。")
    >>> doc.meta.doc_number.raw
    '沪人社职〔2025〕1号'
    """
    ruleset = rules if isinstance(rules, RuleSet) else load_rules(rules)
    loaded = load(source, limits=limits)
    chrome = ruleset.get("chrome")["lines"]
    doc = Document.from_text(
        loaded.text,
        page_starts=loaded.page_starts,
        path=loaded.path,
        format=loaded.format,
        chrome_lines=chrome,
        chrome_patterns=chrome_patterns(ruleset),
    )
    meta = parse_header(doc, ruleset)
    clauses = build_clause_tree(doc, meta, ruleset)
    year = document_year(meta)
    tasks = extract_tasks(doc, clauses, ruleset, year=year)
    ctx = Context.build(doc, meta, clauses, year)
    records: dict[str, Any] = {name: fn(ctx, ruleset) for name, fn in get_extractors().items()}
    from .link import link_targets, link_tasks

    tasks = link_tasks(tasks, records.get("targets", []), records.get("dates", []))
    if "targets" in records:
        records["targets"] = link_targets(tasks, records["targets"])
    return PolicyDocument(
        meta=meta,
        clauses=clauses,
        tasks=tasks,
        source=Source(
            path=loaded.path,
            format=loaded.format,  # type: ignore[arg-type]
            sha256=loaded.sha256,
            text=loaded.text,
            page_starts=list(loaded.page_starts),
            ocr_pages=list(loaded.ocr_pages),
        ),
        warnings=list(loaded.warnings),
        **records,
    )


def parse_many(
    sources: Iterable[SourceLike],
    *,
    rules: RuleSet | str | Path | None = None,
    workers: int | None = None,
    timeout: float | None = None,
) -> Iterator[PolicyDocument | PolicyParseError]:
    """Parse many sources in order, yielding a ``PolicyDocument`` or the typed error for each.

    ``workers=N`` (N > 1) parses in N processes (``policyparse.batch.parse_many``), still in
    input order; ``timeout`` then limits the seconds per source (``Timeout`` error).
    """
    ruleset = rules if isinstance(rules, RuleSet) else load_rules(rules)
    if workers is not None and workers > 1:
        from .batch import parse_many as parse_parallel

        yield from parse_parallel(sources, workers=workers, rules=ruleset, timeout=timeout)
        return
    for src in sources:
        try:
            yield parse(src, rules=ruleset)
        except PolicyParseError as exc:
            yield exc
