"""Rules are data: ``rules/*.yaml``, loaded once, validated, with regex templates compiled once.

``load_rules()`` reads the rules shipped with the package (``policyparse/rules`` inside the
wheel, or the repository's ``rules/`` in a source checkout). ``load_rules(extra)`` overlays a
user's folder on top: for a file of the same name, mappings are merged and lists appended, so
a user adds a city's departments or an issuer code without repeating ours.

Regex templates may use ``$name`` fragments from ``rules/fragments.yaml``. Word lists shared
by several files live once in ``rules/vocabulary.yaml``; a file refers to one by the value
``$vocabulary.NAME`` (a list item ``$vocabulary.NAME`` splices the list in), resolved after the
folders are merged (:func:`resolve_vocabulary`), so a word a user adds to the vocabulary reaches
every file that refers to its list.

``RuleSet`` is the typed view: ``rules.structure``, ``rules.dates`` … are the validated pydantic
models of ``rule_schema``; ``rules.compiled("units")`` is what a model's ``compile()`` builds
from it (the tables and regexes the code matches with), once per RuleSet.
"""

from __future__ import annotations

import functools
import os
import re
import string
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import regex
import yaml

from .errors import RuleError

if TYPE_CHECKING:
    from pydantic import BaseModel

    from . import rule_schema as rs

T = TypeVar("T")

_PACKAGE_RULES = Path(__file__).parent / "rules"
_REPO_RULES = Path(__file__).resolve().parents[2] / "rules"


def default_rules_dir() -> Path:
    """Where the shipped rules live: inside the installed package, else the source checkout."""
    if _PACKAGE_RULES.is_dir():
        return _PACKAGE_RULES
    if _REPO_RULES.is_dir():
        return _REPO_RULES
    raise RuleError("no rules directory found (expected policyparse/rules or ./rules)")


def _merge(base: Any, extra: Any) -> Any:
    if isinstance(base, dict) and isinstance(extra, dict):
        out = dict(base)
        for k, v in extra.items():
            out[k] = _merge(base[k], v) if k in base else v
        return out
    if isinstance(base, list) and isinstance(extra, list):
        return base + extra
    return extra


def _read_dir(directory: Path, *, trusted: bool = True) -> dict[str, Any]:
    """The ``*.yaml`` files of a folder; a user's (``trusted=False``) without YAML aliases."""
    data: dict[str, Any] = {}
    for path in sorted(directory.glob("*.yaml")):
        if not trusted:
            from .rule_safety import load_user_yaml

            data[path.stem] = load_user_yaml(path)
            continue
        try:
            with path.open(encoding="utf-8") as fh:
                data[path.stem] = yaml.safe_load(fh)
        except yaml.YAMLError as exc:
            raise RuleError(f"YAML error: {exc}", path=str(path)) from exc
    return data


# a whole value (or list item) naming a vocabulary entry
_REFERENCE = re.compile(r"\$vocabulary\.([A-Za-z_][A-Za-z0-9_]*)")


def _reference(value: Any) -> str | None:
    m = _REFERENCE.fullmatch(value) if isinstance(value, str) else None
    return m.group(1) if m else None


def resolve_vocabulary(merged: dict[str, Any], where: str = "") -> dict[str, Any]:
    """``merged`` with every ``$vocabulary.NAME`` value replaced by that vocabulary entry (a
    copy), and every such list item replaced by the items of that list. The vocabulary itself
    holds no references. An unknown name is a :class:`RuleError` naming the file and the key."""
    vocabulary = merged.get("vocabulary") or {}

    def entry(name: str, path: str) -> Any:
        if name not in vocabulary or name == "notes":
            raise RuleError(f"{path}: unknown vocabulary entry $vocabulary.{name}", path=where)
        found = vocabulary[name]
        return list(found) if isinstance(found, list) else dict(found) if isinstance(found, dict) else found

    def resolve(value: Any, path: str) -> Any:
        if (name := _reference(value)) is not None:
            return entry(name, path)
        if isinstance(value, list):
            out: list[Any] = []
            for i, item in enumerate(value):
                name = _reference(item)
                found = entry(name, f"{path}[{i}]") if name is not None else resolve(item, f"{path}[{i}]")
                if name is not None and isinstance(found, list):
                    out.extend(found)
                else:
                    out.append(found)
            return out
        if isinstance(value, dict):
            return {k: resolve(v, f"{path}.{k}") for k, v in value.items()}
        return value

    return {
        name: content if name == "vocabulary" else resolve(content, f"{name}.yaml")
        for name, content in merged.items()
    }


@functools.cache
def shipped_vocabulary() -> dict[str, Any]:
    """The shipped ``rules/vocabulary.yaml`` as read, for language data a module needs at import
    (the Chinese digits and magnitudes of ``numerals``), not a setting a user's folder overrides."""
    path = default_rules_dir() / "vocabulary.yaml"
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


# escapes the stdlib engine lacks (\p{Han}, \X …) or reads differently: \s \w \b follow str
# methods there, Unicode properties in regex, and \d follows Python's Unicode version while
# regex ships a newer one (U+10D40 is a digit to regex only)
_REGEX_ONLY = re.compile(r"\\[pPsSwWbBdDXmMGK]")


def compile_plain(pattern: str) -> re.Pattern[str] | regex.Pattern[str]:
    """``pattern`` compiled by the stdlib engine when both engines read it the same way, else by
    ``regex``. The stdlib engine scans a text for a word or a character class several times
    faster: use this for anchors and gates that only locate work.
    """
    if not _REGEX_ONLY.search(pattern):
        try:
            return re.compile(pattern)
        except re.error:  # regex-only syntax
            pass
    return regex.compile(pattern)


class RuleSet:
    """All rule files, merged and validated; compiled objects are built once and shared.

    A RuleSet is immutable after loading: extractors keep no per-call state on it, so one
    RuleSet is safe to share between threads and calls.
    """

    def __init__(
        self, data: dict[str, Any], sources: tuple[Path, ...], models: dict[str, BaseModel] | None = None
    ) -> None:
        self._data = data
        self.sources = sources
        self._models = models or {}
        self._cache: dict[str, Any] = {}
        self._lock = threading.RLock()  # re-entrant: a factory may call compile()
        fragments = data.get("fragments") or {}
        self.fragments: dict[str, str] = {k: v["pattern"] for k, v in fragments.items()}

    def names(self) -> list[str]:
        return sorted(self._data)

    def get(self, name: str) -> Any:
        """The merged content of ``rules/<name>.yaml``."""
        if name not in self._data:
            raise RuleError(f"rule file {name}.yaml is missing", path=str(self.sources[0]))
        return self._data[name]

    def model(self, name: str) -> BaseModel:
        """The validated model of ``rules/<name>.yaml`` (``rule_schema.SCHEMAS[name]``)."""
        if name in self._models:
            return self._models[name]
        from .rule_schema import parsed

        # a RuleSet built from data alone (tests) validates on first use
        return self.cached(f"model:{name}", lambda: parsed(name, self.get(name)))

    def compiled(self, name: str) -> Any:
        """What the model of ``rules/<name>.yaml`` compiles to (its ``compile(rules)``), once."""
        return self.cached(f"compiled:{name}", lambda: self.model(name).compile(self))  # type: ignore[attr-defined]

    # the typed view, one property per rules file that code reads through its model
    @property
    def vocabulary(self) -> rs.Vocabulary:
        return self.model("vocabulary")  # type: ignore[return-value]

    @property
    def normalize(self) -> rs.NormalizeRules:
        return self.model("normalize")  # type: ignore[return-value]

    @property
    def structure(self) -> rs.StructureRules:
        return self.model("structure")  # type: ignore[return-value]

    @property
    def units(self) -> rs.UnitsRules:
        return self.model("units")  # type: ignore[return-value]

    @property
    def issuer_codes(self) -> rs.IssuerCodes:
        return self.model("issuer_codes")  # type: ignore[return-value]

    @property
    def departments(self) -> rs.DepartmentRegistry:
        return self.model("departments")  # type: ignore[return-value]

    @property
    def dates(self) -> rs.DateRules:
        return self.model("dates")  # type: ignore[return-value]

    @property
    def citations(self) -> rs.CitationRules:
        return self.model("citations")  # type: ignore[return-value]

    @property
    def chrome(self) -> rs.ChromeRules:
        return self.model("chrome")  # type: ignore[return-value]

    @property
    def cjk_variants(self) -> rs.CjkVariants:
        return self.model("cjk_variants")  # type: ignore[return-value]

    def expand(self, template: str) -> str:
        """Substitute ``$fragment`` names in a regex template."""
        try:
            return string.Template(template).substitute(self.fragments)
        except (KeyError, ValueError) as exc:
            raise RuleError(f"unknown fragment in pattern {template!r}: {exc}") from exc

    def compile(self, template: str, flags: int = 0) -> regex.Pattern[str]:
        """Compile a template once (cached)."""
        return self.cached(f"re:{flags}:{template}", lambda: regex.compile(self.expand(template), flags))

    def compile_plain(self, template: str) -> re.Pattern[str] | regex.Pattern[str]:
        """Compile a template once, by the stdlib engine when it is plain (:func:`compile_plain`)."""
        return self.cached(f"plain:{template}", lambda: compile_plain(self.expand(template)))

    def cached(self, key: str, factory: Callable[[], T]) -> T:
        """Build an object from the rules once per RuleSet (compiled tables, tries …)."""
        try:
            return self._cache[key]
        except KeyError:
            pass
        with self._lock:
            if key not in self._cache:
                self._cache[key] = factory()
            return self._cache[key]


@functools.cache
def _load(dirs: tuple[Path, ...]) -> RuleSet:
    from .rule_schema import validate_rules

    merged: dict[str, Any] = {}
    shipped_data: dict[str, Any] = {}
    user: list[tuple[Path, str, Any]] = []
    for n, d in enumerate(dirs):
        if not d.is_dir():
            raise RuleError("rules folder does not exist", path=str(d))
        shipped = n == 0
        for name, content in _read_dir(d, trusted=shipped).items():
            merged[name] = _merge(merged[name], content) if name in merged else content
            if shipped:
                shipped_data[name] = content
            else:
                user.append((d / f"{name}.yaml", name, content))
    merged = resolve_vocabulary(merged, ", ".join(str(d) for d in dirs))
    models = validate_rules(merged, dirs)
    if user:
        from .rule_safety import check_user_groups, check_user_patterns

        fragments = {k: v["pattern"] for k, v in (merged.get("fragments") or {}).items()}
        for path, name, content in user:
            check_user_patterns(content, path, fragments)
            check_user_groups(content, shipped_data.get(name), path, fragments)
    return RuleSet(merged, dirs, models)


@functools.cache
def _shipped_dir() -> Path:
    return default_rules_dir().resolve()


def load_rules(extra: str | os.PathLike[str] | None = None) -> RuleSet:
    """The shipped rules, with a user's folder of ``*.yaml`` overlaid when given. Cached."""
    dirs = [_shipped_dir()]
    if extra is not None:
        dirs.append(Path(extra).resolve())
    return _load(tuple(dirs))
