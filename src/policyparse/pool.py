"""Worker processes that parse, each under a time limit, and ``parse_many`` over them.

``WorkerPool(workers, parse_fn=…)`` runs ``parse_fn(source, rules=RuleSet)`` in ``workers``
processes: a worker that exceeds the time limit is killed and replaced (the source recorded as
``Timeout``), a worker that dies is replaced (``WorkerCrashed``). ``parse_many`` yields the
results in input order; ``policyparse.parse_many(workers=N)`` and ``policyparse batch`` run on it.

This module sits below :mod:`policyparse.api`: the parser is handed in by the caller
(``parse_fn``), never imported from here, so the api can use the pool without a cycle.
"""

from __future__ import annotations

import contextlib
import importlib
import multiprocessing
import os
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Any, Union

from .errors import PolicyParseError
from .limits import DEFAULT_LIMITS, Limits
from .paths import shown
from .rules import RuleSet

ParseFn = Union[Callable[..., Any], str]  # noqa: UP007 (runtime alias on 3.10)
"""The parser the workers call as ``fn(source, rules=RuleSet)``: a module-level function (sent
to the workers by reference, as pickle sends functions) or ``"module:function"`` (imported in
each worker: ``policyparse batch --parse-fn``, the test hook)."""


@dataclass(frozen=True)
class Job:
    """One unit of work sent to a worker: parse ``source`` and return it rendered as ``mode``."""

    id: int
    source: Any
    mode: str  # "json" (a JSON line), "rows" (table rows), "model" (the PolicyDocument)
    sha256: str = ""
    screen: bool = False  # skip the document unless it has a 公文 shape (policyparse.screen)


@dataclass(frozen=True)
class Failure:
    """Why a job failed: the error type name, its message and the file."""

    error: str
    message: str
    path: str | None = None


@dataclass(frozen=True)
class Skipped:
    """A file that parsed but is not a notice (``screen`` jobs): why, and the file."""

    reason: str
    path: str | None = None


def resolve(parse_fn: ParseFn) -> Callable[..., Any]:
    """The function ``parse_fn`` names (imports its module for a ``"module:function"``)."""
    if callable(parse_fn):
        return parse_fn
    module, _, name = parse_fn.partition(":")
    return getattr(importlib.import_module(module), name)


def render(doc: Any, mode: str) -> Any:
    """A parsed document in the form a job asked for."""
    if mode == "json":
        return doc.model_dump_json()
    if mode == "rows":
        from .tables import document_rows

        return document_rows(doc.model_dump(mode="json"))
    return doc


def limit_memory(megabytes: int) -> bool:
    """Cap this process's address space (``RLIMIT_AS``) at ``megabytes``, never above the hard
    limit: an allocation past it raises ``MemoryError`` (reported as ``TooLarge`` for the file)
    instead of the kernel's OOM killer taking a worker, or the machine. False where unsupported."""
    try:
        import resource
    except ImportError:  # Windows
        return False
    soft_wanted = megabytes << 20
    try:
        soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            soft_wanted = min(soft_wanted, hard)
        if soft == resource.RLIM_INFINITY or soft > soft_wanted:
            resource.setrlimit(resource.RLIMIT_AS, (soft_wanted, hard))
    except (ValueError, OSError):
        return False
    return True


def _worker_main(
    conn: Connection, rules_dir: str | None, parse_fn: ParseFn, limits: Limits = DEFAULT_LIMITS
) -> None:
    # Ctrl-C goes to the whole process group: the parent decides, workers just keep quiet
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from .logs import quiet_dependencies
    from .rules import load_rules
    from .screen import not_a_notice

    quiet_dependencies()
    limit_memory(limits.max_memory_mb)

    try:
        parse = resolve(parse_fn)
        rules = load_rules(rules_dir)
        broken: Failure | None = None
    except Exception as exc:  # answer every job with the reason rather than dying in a loop
        broken = Failure(type(exc).__name__, str(exc))
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        path = _path_of(job)
        if broken is not None:
            conn.send((job.id, False, Failure(broken.error, broken.message, path)))
            continue
        try:
            doc = parse(job.source, rules=rules)
            if job.sha256 and not doc.source.sha256:
                doc.source.sha256 = job.sha256
            if doc.source.path is not None:  # a non-UTF-8 file name, written \xNN (see paths.shown)
                doc.source.path = shown(doc.source.path)
            reason = not_a_notice(doc) if job.screen else None
            result: Any = Skipped(reason, path) if reason else render(doc, job.mode)
            ok = reason is None
        except PolicyParseError as exc:
            ok, result = False, Failure(type(exc).__name__, exc.message, exc.path or path)
        except Exception as exc:  # a parser bug must not stop the batch; it is recorded instead
            ok, result = False, Failure(type(exc).__name__, str(exc) or repr(exc), path)
        conn.send((job.id, ok, result))


def _context() -> Any:
    # forkserver: workers start from a clean single-threaded process (the parent runs a
    # progress thread, and forking a threaded process can deadlock); spawn elsewhere
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


class _Worker:
    def __init__(
        self, ctx: Any, rules_dir: str | None, parse_fn: ParseFn, limits: Limits = DEFAULT_LIMITS
    ) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(
            target=_worker_main, args=(child, rules_dir, parse_fn, limits), daemon=True
        )
        self.process.start()
        child.close()
        self.job: Job | None = None
        self.started = 0.0

    def kill(self) -> None:
        with contextlib.suppress(Exception):
            self.process.kill()
            self.process.join(5)
        self.conn.close()

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self.conn.send(None)
        self.process.join(2)
        if self.process.is_alive():
            self.kill()
        self.conn.close()


class WorkerPool:
    """``workers`` processes that parse jobs, each under a time limit (``timeout`` seconds).

    ``run(jobs)`` yields ``(job, ok, result)`` as jobs finish (not in input order), taking jobs
    from the iterator only when a worker is free, so memory stays flat for any number of jobs.
    """

    def __init__(
        self,
        workers: int,
        *,
        parse_fn: ParseFn,
        timeout: float | None = None,
        rules_dir: str | None = None,
        limits: Limits = DEFAULT_LIMITS,
    ) -> None:
        self.size = max(1, workers)
        self.limits = limits
        self.timeout = timeout
        self.rules_dir = rules_dir
        self.parse_fn = parse_fn

    def _spawn(self, ctx: Any) -> _Worker:
        return _Worker(ctx, self.rules_dir, self.parse_fn, self.limits)

    def run(self, jobs: Iterable[Job]) -> Iterator[tuple[Job, bool, Any]]:
        ctx = _context()
        pending = iter(jobs)
        workers = [self._spawn(ctx) for _ in range(self.size)]
        exhausted = False
        try:
            while True:
                for w in workers:
                    if w.job is None and not exhausted:
                        job = next(pending, None)
                        if job is None:
                            exhausted = True
                            break
                        w.job, w.started = job, time.monotonic()
                        w.conn.send(job)
                busy = [w for w in workers if w.job is not None]
                if not busy:
                    return
                limit = None
                if self.timeout is not None:
                    limit = max(0.0, min(w.started for w in busy) + self.timeout - time.monotonic())
                ready = set(wait([w.conn for w in busy], timeout=limit))
                now = time.monotonic()
                for i, w in enumerate(workers):
                    job = w.job
                    if job is None:
                        continue
                    if w.conn in ready:
                        try:
                            _, ok, result = w.conn.recv()
                        except (EOFError, OSError):
                            workers[i] = self._replace(ctx, w)
                            yield (
                                job,
                                False,
                                Failure("WorkerCrashed", "the worker process died", _path_of(job)),
                            )
                            continue
                        w.job = None
                        yield job, ok, result
                    elif self.timeout is not None and now - w.started >= self.timeout:
                        workers[i] = self._replace(ctx, w)
                        message = f"parsing took longer than the time limit ({self.timeout:g} s)"
                        yield job, False, Failure("Timeout", message, _path_of(job))
        finally:
            for w in workers:
                if w.job is None:
                    w.stop()
                else:
                    w.kill()

    def _replace(self, ctx: Any, worker: _Worker) -> _Worker:
        worker.kill()
        return self._spawn(ctx)


def _path_of(job: Job) -> str | None:
    return str(job.source) if isinstance(job.source, os.PathLike) else None


def extra_rules_dir(rules: RuleSet | str | Path | None) -> str | None:
    """The folder of extra rules the workers load (``None``: the shipped rules only)."""
    if isinstance(rules, RuleSet):  # workers rebuild it from its folders (cached per process)
        return str(rules.sources[1]) if len(rules.sources) > 1 else None
    return None if rules is None else str(rules)


def default_workers() -> int:
    """The cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover (macOS, Windows)
        return os.cpu_count() or 1


def parse_many(
    sources: Iterable[Any],
    *,
    workers: int,
    parse_fn: ParseFn,
    rules: RuleSet | str | Path | None = None,
    timeout: float | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> Iterator[Any]:
    """Parse sources in ``workers`` processes; yield a ``PolicyDocument`` or an error per source, in input order.

    ``parse_fn`` is the parser (``policyparse.parse_many`` passes ``policyparse.api.parse``).
    Errors are ``PolicyParseError`` instances (``Timeout`` when a source exceeds ``timeout``
    seconds); an unexpected exception inside the parser is wrapped in ``PolicyParseError``.
    """
    from . import errors

    pool = WorkerPool(
        workers, parse_fn=parse_fn, timeout=timeout, rules_dir=extra_rules_dir(rules), limits=limits
    )
    waiting: dict[int, Any] = {}

    def jobs() -> Iterator[Job]:
        for i, src in enumerate(sources):
            if isinstance(src, PolicyParseError):  # refused before parsing (parse_many(as_text=True))
                waiting[i] = src
            else:
                yield Job(i, src, "model")

    next_id = 0
    for job, ok, result in pool.run(jobs()):
        if not ok:
            cls = getattr(errors, result.error, None)
            if not (isinstance(cls, type) and issubclass(cls, PolicyParseError)):
                cls, result = (
                    PolicyParseError,
                    Failure(result.error, f"{result.error}: {result.message}", result.path),
                )
            result = cls(result.message, path=result.path)
        waiting[job.id] = result
        while next_id in waiting:
            yield waiting.pop(next_id)
            next_id += 1
    for i in sorted(waiting):  # errors after the last parsed source
        yield waiting.pop(i)
