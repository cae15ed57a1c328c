"""Safety checks on a user's rules folder (``--rules DIR``, ``load_rules(extra)``).

The shipped rules are reviewed; a user's are not, and they run on every document. Three
things can make a rule file hurt a whole run, so they are refused at load with a
:class:`RuleError` naming the file (and the rule):

- YAML aliases (``&a`` / ``*a``): ten nested aliases of ten expand to 10^10 nodes (the
  "billion laughs"); rule files have no need of them.
- a pattern that does not compile (a typo in a regex must not surface as an internal error
  on the first document);
- a pattern whose running time can explode (catastrophic backtracking): a repeated group
  that itself holds a repetition or an alternation, ``(a+)+``, ``(a|a)+b``, ``(\\d*,?)*``.
  These take exponential time on a near-miss such as ``aaaa…c``.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import regex
import yaml

from .errors import RuleError

# a user's rules file larger than this is not a rules file (the shipped ones are < 200 KB)
MAX_USER_RULE_BYTES = 5 << 20


class _NoAliasLoader(yaml.SafeLoader):
    """SafeLoader refusing anchors and aliases (the billion-laughs expansion)."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.YAMLError(
                f"YAML aliases are not allowed in rule files (alias *{event.anchor}{_where(event)})"
            )
        return super().compose_node(parent, index)


def _where(event: Any) -> str:
    mark = getattr(event, "start_mark", None)
    return f", line {mark.line + 1}" if mark is not None else ""


def load_user_yaml(path: Path) -> Any:
    """A user's rule file, parsed without aliases and within a size bound."""
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise RuleError(f"cannot read the rule file: {exc.strerror}", path=str(path)) from exc
    if size > MAX_USER_RULE_BYTES:
        raise RuleError(
            f"the rule file is {size:,} bytes, over the limit of {MAX_USER_RULE_BYTES:,}", path=str(path)
        )
    try:
        with path.open(encoding="utf-8") as fh:
            return yaml.load(fh, Loader=_NoAliasLoader)  # a SafeLoader subclass
    except UnicodeDecodeError as exc:
        raise RuleError(
            f"the rule file is not UTF-8: {exc.reason} at byte {exc.start}", path=str(path)
        ) from exc
    except yaml.YAMLError as exc:
        raise RuleError(f"YAML error: {exc}", path=str(path)) from exc


def iter_patterns(content: Any, where: str = "") -> Iterator[tuple[str, str]]:
    """``(location, pattern)`` for every ``pattern:`` string in a rule file's content."""
    if isinstance(content, dict):
        rule_id = content.get("id")
        here = f"{where} (id {rule_id})" if isinstance(rule_id, str) else where
        for key, value in content.items():
            if key == "pattern" and isinstance(value, str):
                yield (here or "/", value)
            else:
                yield from iter_patterns(value, f"{where}/{key}")
    elif isinstance(content, list):
        for i, item in enumerate(content):
            yield from iter_patterns(item, f"{where}[{i}]")


_UNBOUNDED = "+*"


def explosive_group(pattern: str) -> str | None:
    """The first repeated group (``+ * {n,}``) that can backtrack explosively, or ``None``: it
    holds an unbounded repetition (``(a+)+``), or an alternation whose branches may start
    alike (``(a|a)+``, ``(a|ab)*``, ``(\\d|x)+``). ``(?:省|市)+`` and atomic groups pass.

    A plain scan, not a full regex parser: it reads group nesting, classes and escapes, which
    is all the shape test needs.
    """
    # per open group: [start, holds a repetition or an overlapping alternation, branch starts]
    stack: list[list[Any]] = []
    i, n = 0, len(pattern)
    branch_start = False  # the next atom starts a branch of the innermost group
    while i < n:
        c = pattern[i]
        atom_start = i
        if c == "\\":
            i += 2
            if pattern[i - 1 : i] in ("p", "P", "N") and i < n and pattern[i] == "{":  # \p{Han}
                i = pattern.find("}", i) + 1 or n
            escaped = pattern[atom_start + 1 : atom_start + 2]
            _first_atom(stack, branch_start, "?" if escaped.isalnum() else escaped)  # \d: many chars
            branch_start = False
            continue
        if c == "[":
            i = _class_end(pattern, i)
            _first_atom(stack, branch_start, "?")
            branch_start = False
            continue
        if c == "(":
            if branch_start:
                _first_atom(stack, True, "?")
            stack.append([i, False, []])
            if pattern.startswith("(?", i):  # skip the group's flags/name: (?:  (?P<x>  (?>
                close = regex.match(r"\(\?(?:[:>=!]|<[=!]|P?<[^>]*>|[a-zA-Z-]*:)?", pattern[i:])
                i += len(close.group()) if close else 2
            else:
                i += 1
            branch_start = True
            continue
        if c == "|" and stack:
            branch_start = True
            i += 1
            continue
        if c == ")" and stack:
            start, risky, starts = stack.pop()
            alternation_overlaps = len(starts) > 1 and ("?" in starts or len(set(starts)) < len(starts))
            risky = risky or alternation_overlaps
            q = _quantifier(pattern, i + 1)
            atomic = pattern.startswith("(?>", start)
            if q and risky and not atomic:
                return pattern[start : i + 1 + q]
            if stack:  # a repeated group is itself a repetition inside its parent
                stack[-1][1] = stack[-1][1] or (risky and not atomic) or bool(q)
            i += 1 + q
            branch_start = False
            continue
        if _quantifier(pattern, i):
            if stack:
                stack[-1][1] = True
            i += _quantifier(pattern, i)
            continue
        _first_atom(stack, branch_start, "?" if c == "." else c)
        branch_start = False
        i += 1
    return None


def _first_atom(stack: list[list[Any]], branch_start: bool, atom: str) -> None:
    """Record the first atom of a branch (``?`` for one that may match many characters)."""
    if branch_start and stack:
        stack[-1][2].append(atom)


def _quantifier(pattern: str, i: int) -> int:
    """Length of an unbounded quantifier (``+ * {n,}`` with its ``?``/``+`` suffix) at ``i``, else 0."""
    if i >= len(pattern):
        return 0
    if pattern[i] in _UNBOUNDED:
        return 2 if i + 1 < len(pattern) and pattern[i + 1] in "?+" else 1
    m = regex.match(r"\{\d*,\}[?+]?", pattern[i:])
    return len(m.group()) if m else 0


def _class_end(pattern: str, i: int) -> int:
    """Offset after the character class opening at ``i`` (nested ``[`` of the regex module too)."""
    depth, j = 0, i
    while j < len(pattern):
        c = pattern[j]
        if c == "\\":
            j += 2
            continue
        if c == "[":
            depth += 1
            if j + 1 < len(pattern) and pattern[j + 1] == "]":  # []] : a literal ] first
                j += 1
            elif j + 2 < len(pattern) and pattern[j + 1] == "^" and pattern[j + 2] == "]":
                j += 2
        elif c == "]":
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    return len(pattern)


def check_user_patterns(content: Any, path: Path, fragments: dict[str, str]) -> None:
    """Every ``pattern`` of a user's rule file compiles and cannot backtrack explosively."""
    import string

    for where, pattern in iter_patterns(content):
        label = f"pattern at {where}" if where != "/" else "pattern"
        try:
            expanded = string.Template(pattern).substitute(fragments)
        except (KeyError, ValueError) as exc:
            raise RuleError(f"{label} {pattern!r}: unknown fragment {exc}", path=str(path)) from exc
        try:
            regex.compile(expanded)
        except regex.error as exc:
            raise RuleError(f"{label} {pattern!r} is not a valid regex: {exc}", path=str(path)) from exc
        bad = explosive_group(pattern)  # the user's own text: the shipped fragments are reviewed
        if bad is not None:
            raise RuleError(
                f"{label} {pattern!r}: the repeated group {bad!r} holds a repetition or an alternation, "
                "which can take exponential time (write it without the outer repetition, or use a "
                "possessive/atomic group such as (?>...)+)",
                path=str(path),
            )


def _groups(pattern: str, fragments: dict[str, str]) -> set[str] | None:
    import string

    try:
        return set(regex.compile(string.Template(pattern).safe_substitute(fragments)).groupindex)
    except regex.error:
        return None


def _shared_groups(rules: list[Any], fragments: dict[str, str]) -> set[str]:
    """The named groups every pattern rule of a shipped list has: what the code reads of a match."""
    shared: set[str] | None = None
    for rule in rules:
        if isinstance(rule, dict) and isinstance(rule.get("pattern"), str):
            groups = _groups(rule["pattern"], fragments)
            if groups is not None:
                shared = groups if shared is None else shared & groups
    return shared or set()


def check_user_groups(
    content: Any, shipped: Any, path: Path, fragments: dict[str, str], where: str = ""
) -> None:
    """A user's rule added to a shipped list of pattern rules has the named groups that every
    shipped rule of that list has (doc_number rules read ``code`` and ``serial``): without them the
    code would fail on the first document that matches (an ``ExtractorError``), so refuse it here."""
    if isinstance(content, dict) and isinstance(shipped, dict):
        for key, value in content.items():
            if key in shipped:
                check_user_groups(value, shipped[key], path, fragments, f"{where}/{key}")
    elif isinstance(content, list) and isinstance(shipped, list):
        required = _shared_groups(shipped, fragments)
        if not required:
            return
        for i, rule in enumerate(content):
            if not (isinstance(rule, dict) and isinstance(rule.get("pattern"), str)):
                continue
            groups = _groups(rule["pattern"], fragments) or set()
            missing = sorted(required - groups)
            if missing:
                rule_id = rule.get("id")
                label = f"{where}[{i}]" + (f" (id {rule_id})" if isinstance(rule_id, str) else "")
                raise RuleError(
                    f"pattern at {label} {rule['pattern']!r} lacks the named group(s) "
                    f"{', '.join(f'(?P<{g}>…)' for g in missing)} that every shipped rule of this "
                    "list has: the code reads them from each match",
                    path=str(path),
                )
