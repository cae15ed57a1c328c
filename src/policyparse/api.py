"""``parse``: source -> ``PolicyDocument``. Orchestration only; data flows one way:

load (bytes -> text) -> normalise (``Document``) -> structure (meta, clause tree, tasks)
-> extract (one module per record kind) -> link tasks to the targets and deadlines inside them.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sized
from pathlib import Path
from typing import Any, Union

from .document import Document, chrome_patterns
from .errors import EmptyDocument, ExtractorError, NotASource, PolicyParseError, TooLarge
from .extractors import Context, get_extractors
from .limits import DEFAULT_LIMITS, Limits, check_text
from .loaders import SUPPORTED, Loaded, load_bytes, load_path, sha256_of, sniff_format
from .models import PolicyDocument, Source
from .rules import RuleSet, load_rules
from .structure import build_clause_tree, document_year, extract_tasks, parse_header

SourceLike = Union[str, os.PathLike, bytes, Loaded]  # noqa: UP007 (runtime alias on 3.10)


def looks_like_path(s: str) -> bool:
    """A ``str`` source is a path when it is one line ending in an extension a loader reads.

    Decided by the string alone, never by the file system, so a missing file is reported as
    ``UnreadableFile`` rather than parsed as a one-line notice.
    """
    name = s.strip()  # "notice.pdf\n" read from a list of names is still one line
    return (
        "\n" not in name
        and "\r" not in name
        and 0 < len(name) < 4096
        and Path(name).suffix.lower() in SUPPORTED
    )


def text_source(text: str, *, limits: Limits = DEFAULT_LIMITS) -> Loaded:
    """``text`` as a ``Loaded`` source: the notice's text itself, never a file name."""
    if not isinstance(text, str):
        raise NotASource(f"parse_text takes a str, not a {type(text).__name__}")
    check_text(text, limits)  # too long, or lone surrogates that cannot be encoded
    if not text.strip():  # as parse(b"") and an empty file
        raise EmptyDocument()
    return Loaded(text=text, format="text", sha256=sha256_of(text.encode("utf-8")))


def load(source: SourceLike, *, limits: Limits = DEFAULT_LIMITS) -> Loaded:
    """Turn any accepted source into ``Loaded`` text, within ``limits``.

    A ``str`` is a path when it is one line ending in a known extension (``.txt .pdf .docx
    .html .htm .doc .wps .md .text``; a missing file raises ``UnreadableFile``), else the
    notice's text itself. ``bytes`` are a file's content: a PDF or DOCX when they start like one,
    else text. Use :func:`parse_text`
    for text that must never be read as a path.
    """
    if isinstance(source, Loaded):
        return source
    if isinstance(source, os.PathLike):
        return load_path(source, limits=limits)
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = bytes(source)
        return load_bytes(data, sniff_format(data) or "txt", limits=limits)
    if isinstance(source, str):
        if looks_like_path(source):
            return load_path(source.strip(), limits=limits)
        return text_source(source, limits=limits)
    raise NotASource(f"cannot parse a {type(source).__name__}: pass a path, a str of text or bytes")


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
    try:
        return _parse_loaded(loaded, ruleset)
    except (PolicyParseError, ImportError, KeyboardInterrupt):
        raise
    except MemoryError as exc:
        raise TooLarge(
            "parsing needs more memory than the process has (Limits.max_memory_mb)", path=loaded.path
        ) from exc
    except Exception as exc:  # a bug on one input must not look like a crash of the run
        where = exc.__traceback__
        while where is not None and where.tb_next is not None:
            where = where.tb_next
        at = f" in {where.tb_frame.f_code.co_name}" if where is not None else ""
        raise ExtractorError(f"{type(exc).__name__}{at}: {exc}", path=loaded.path) from exc


def _parse_loaded(loaded: Loaded, ruleset: RuleSet) -> PolicyDocument:
    chrome = ruleset.get("chrome")["lines"]
    doc = Document.from_text(
        loaded.text,
        page_starts=loaded.page_starts,
        path=loaded.path,
        format=loaded.format,
        chrome_lines=chrome,
        chrome_patterns=chrome_patterns(ruleset),
        rules=ruleset,  # a user's vocabulary and normalize.yaml reach normalisation too
    )
    meta = parse_header(doc, ruleset)
    clauses = build_clause_tree(doc, meta, ruleset)
    year = document_year(meta)
    tasks = extract_tasks(doc, clauses, ruleset, year=year)
    ctx = Context.build(doc, meta, clauses, year, ruleset)
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
            format=loaded.format,
            sha256=loaded.sha256,
            text=loaded.text,
            page_starts=list(loaded.page_starts),
            ocr_pages=list(loaded.ocr_pages),
        ),
        warnings=list(loaded.warnings),
        **records,
    )


def parse_text(
    text: str, *, rules: RuleSet | str | Path | None = None, limits: Limits = DEFAULT_LIMITS
) -> PolicyDocument:
    """Parse ``text`` as the notice itself; the file system is never touched.

    The safe call for services handling untrusted text: ``parse("../../etc/x.txt")`` reads a
    file, ``parse_text("../../etc/x.txt")`` parses those characters.

    >>> parse_text("corpora/dev/004_6f963c420dca890b.txt").source.format
    'text'
    """
    return parse(text_source(text, limits=limits), rules=rules, limits=limits)


def _expand(sources: Iterable[SourceLike] | str | os.PathLike[str]) -> Iterable[SourceLike]:
    """A folder (``str`` or path) stands for the files under it that a batch would parse."""
    if isinstance(sources, (str, os.PathLike)) and not isinstance(sources, Loaded):
        if os.path.isdir(sources):
            from .inputs import collect_files

            return list(collect_files([sources])[0])
        return [sources]
    return sources  # type: ignore[return-value]


def _as_texts(sources: Iterable[SourceLike], limits: Limits) -> Iterator[SourceLike | PolicyParseError]:
    for src in sources:
        try:
            yield text_source(src, limits=limits) if isinstance(src, str) else src
        except PolicyParseError as exc:
            yield exc


def parse_many(
    sources: Iterable[SourceLike] | str | os.PathLike[str],
    *,
    rules: RuleSet | str | Path | None = None,
    workers: int | None = None,
    timeout: float | None = None,
    as_text: bool = False,
    progress: bool | None = None,
) -> Iterator[PolicyDocument | PolicyParseError]:
    """Parse many sources in order, yielding a ``PolicyDocument`` or the typed error for each.

    ``sources`` is an iterable of paths, texts, bytes, or a folder (its .txt .pdf .docx .html
    .doc files, recursive). A ``str`` follows :func:`parse` (a path when it is one line ending in
    a known extension); with ``as_text=True`` every ``str`` is a notice's text and the file
    system is never touched (as :func:`parse_text`). ``workers=N`` (N > 1) parses in N processes
    (``policyparse.pool.parse_many``), still in input order; ``timeout`` then limits the seconds
    per source (``Timeout`` error). ``progress``: a tqdm bar (``tqdm.auto``, so a widget in
    Jupyter); ``None`` shows it in notebooks when tqdm is installed.
    """
    ruleset = rules if isinstance(rules, RuleSet) else load_rules(rules)
    items: Iterable[SourceLike] = _expand(sources)
    total = len(items) if isinstance(items, Sized) else None
    if as_text:
        items = _as_texts(items, DEFAULT_LIMITS)  # type: ignore[assignment]
    from .progress import progress_bar

    result: PolicyDocument | PolicyParseError
    with progress_bar(total, enabled=progress, desc="parsing") as bar:
        if workers is not None and workers > 1:
            from .pool import parse_many as parse_parallel

            for result in parse_parallel(
                items, workers=workers, parse_fn=parse, rules=ruleset, timeout=timeout
            ):
                bar.update(1)
                yield result
            return
        for src in items:
            if isinstance(src, PolicyParseError):
                result = src
            else:
                try:
                    result = parse(src, rules=ruleset)
                except PolicyParseError as exc:
                    result = exc
            bar.update(1)
            yield result
