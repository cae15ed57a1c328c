"""Imports inside ``policyparse`` flow one way (issue 15): no cycles, and down a fixed layer order.

The graph is read from the source (``ast``), not from ``sys.modules``: every ``import`` and
``from … import`` counts, at module level, inside functions and under ``TYPE_CHECKING``, so a
lazy import cannot hide a cycle. An import of ``policyparse.x`` names the module ``x``; ``from
.x import y`` names the module ``x.y`` when that is a module, else ``x``.

When a test here fails, move the code rather than the rule: put the shared piece in a lower
module (as ``pool`` sits below ``api``, ``extractors.references`` below the extractors), or, for
a module new to the package, add it to the layer where its imports put it.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

import pytest

PACKAGE = "policyparse"
SRC = Path(__file__).resolve().parents[1] / "src" / PACKAGE

# The layer order, bottom first. A module may import modules of its own layer or of lower ones,
# never of a higher one; within a layer the only rule is "no cycle". Worked out from the code
# as it is (issue 15); the layers follow the parse pipeline (load, normalise, structure,
# extract, link), so a step such as link sits after the extractors though it needs only models.
LAYERS: list[tuple[str, list[str]]] = [
    # the public contract and what everything reads: errors, limits, rules, the models; no
    # parsing here. keys/numerals/paths/logs/extras/progress are small leaf helpers; tables
    # (the rows of the batch's output tables) reads only plain dicts, so batch and dask use it
    # from here, and screen/invariants/metric_key read parsed models without parsing.
    ("base", ["version", "errors", "limits", "logs", "extras", "paths", "numerals", "keys",
              "rule_safety", "rule_schema", "rules", "dates_resolve",
              # the loader registry and Loaded are data (models reads the formats for Source.format)
              "loaders.loaded", "loaders.registry", "models", "model_build", "quantity_format",
              "metric_key", "invariants", "screen", "tables", "progress"]),
    # normalise is below the loaders: the PDF loader uses its bracket and note helpers.
    # inputs (the files under a folder) needs the loaders' list of formats and the archives.
    ("normalize", ["normalize"]),
    ("loaders", ["archives", "loaders", "loaders.text", "loaders.xml_safety", "loaders.docx",
                 "loaders.html", "loaders.office", "loaders.ocr", "loaders.pdf_chars",
                 "loaders.pdf_grid", "loaders.pdf_logs", "loaders.pdf_streams", "loaders.pdf",
                 "loaders.ofd", "inputs"]),
    ("document", ["document"]),
    ("structure", ["structure.web_meta", "structure.header_lines", "structure.header_zone",
                   "structure.masthead", "structure.signature", "structure.issued", "structure.header",
                   "structure.clauses",
                   "structure.tasks", "structure"]),
    # the extractors: the shared scans and Context first, then one module per record kind,
    # then the package module (the registry), which is the only one that names them all
    ("extractor scans", ["extractors.numbers", "extractors.references", "extractors.context"]),
    ("extractors", ["extractors.dates", "extractors.target_tables", "extractors.table_targets",
                    "extractors.declared_unit_cells",
                    "extractors.targets", "extractors.doc_numbers", "extractors.citations",
                    "extractors.departments", "extractors"]),
    ("link", ["link"]),
    # the worker pool runs whatever parser it is handed (parse_fn), so it needs only base
    # modules; it sits below api so that parse_many(workers=N) can use it without a cycle
    ("pool", ["pool"]),
    ("api", ["api"]),
    # what runs parse over many documents, or compares parsed ones
    ("many documents", ["batch", "dask", "corpus", "diff", "timeline", "evaluate", "sanity",
                        "spacy_component"]),
    ("views", ["frames", "html_view"]),
    ("commands", ["commands", "commands.batch", "commands.diff", "commands.show",
                  "commands.timeline", "cli", "__main__"]),
]  # fmt: skip

# Upward imports that are allowed: a method on the model that hands off to a view, imported
# lazily inside that one method, so that ``doc.targets_frame()`` and Jupyter's ``_repr_html_``
# work while the views import the model and never the reverse.
# (module, function holding the import) -> the module it imports
HOOKS: dict[tuple[str, str], str] = {
    ("models", "_repr_html_"): "html_view",
    ("models", "targets_frame"): "frames",
    ("models", "clauses_frame"): "frames",
    ("models", "tasks_frame"): "frames",
}

# Known faults in code owned elsewhere (the loaders are being reworked separately). Each entry
# must still exist, so the test says when one is fixed and its entry can go.
KNOWN_CYCLE_IMPORTS: set[tuple[str, str]] = (
    set()
)  # none left (the loaders' cycle: Loaded is in loaders/loaded.py)
KNOWN_PRIVATE_IMPORTS: set[tuple[str, str, str]] = {
    ("loaders.ofd", "loaders.pdf", "_Page"),
    ("loaders.ofd", "loaders.pdf", "_assemble"),
    ("loaders.ofd", "loaders.pdf", "_drop_furniture"),
    ("loaders.ofd", "loaders.pdf", "_lines"),
    ("loaders.ofd", "loaders.pdf", "_page_offsets"),
    ("loaders.ofd", "loaders.pdf", "_render"),
    ("structure.tasks", "structure.clauses", "_to_norm"),
}


@dataclass(frozen=True)
class Import:
    source: str  # importing module, without the "policyparse." prefix ("" is the package)
    target: str
    name: str | None  # the name taken by ``from target import name`` (None: the module itself)
    line: int
    function: str | None  # innermost function holding the import, None at module level


def _module_files() -> dict[str, tuple[Path, bool]]:
    """Module name (``extractors.citations``, ``""`` for the package) -> (file, is a package)."""
    out = {}
    for path in sorted(SRC.rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        out[".".join(parts)] = (path, is_package)
    return out


MODULES = _module_files()


def _qualified(module: str) -> str:
    return f"{PACKAGE}.{module}" if module else PACKAGE


def _local(qualified: str) -> str | None:
    """``policyparse.x.y`` -> ``x.y`` when inside the package, else None."""
    if qualified == PACKAGE:
        return ""
    if qualified.startswith(PACKAGE + "."):
        return qualified[len(PACKAGE) + 1 :]
    return None


def _imports_of(module: str) -> list[Import]:
    path, is_package = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    found: list[Import] = []

    def visit(node: ast.AST, function: str | None) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
                visit(child, child.name)
                continue
            if isinstance(child, ast.Import):
                for alias in child.names:
                    target = _local(alias.name)
                    if target is not None:
                        found.append(Import(module, target, None, child.lineno, function))
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    base = _qualified(module).split(".")
                    if not is_package:
                        base = base[:-1]
                    base = base[: len(base) - (child.level - 1)]
                    origin = ".".join([*base, *([child.module] if child.module else [])])
                else:
                    origin = child.module or ""
                target = _local(origin)
                if target is None:
                    continue
                for alias in child.names:
                    sub = f"{target}.{alias.name}" if target else alias.name
                    if sub in MODULES:
                        found.append(Import(module, sub, None, child.lineno, function))
                    else:
                        found.append(Import(module, target, alias.name, child.lineno, function))
            visit(child, function)

    visit(tree, None)
    return found


IMPORTS = [imp for module in MODULES for imp in _imports_of(module)]


def _is_hook(imp: Import) -> bool:
    return imp.function is not None and HOOKS.get((imp.source, imp.function)) == imp.target


def _graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = {m: set() for m in MODULES}
    for imp in IMPORTS:
        known = (imp.source, imp.target) in KNOWN_CYCLE_IMPORTS
        if imp.target != imp.source and not _is_hook(imp) and not known:
            graph[imp.source].add(imp.target)
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle per strongly connected component of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[list[str]] = []

    def connect(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                connect(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                components.append(sorted(component))

    for v in sorted(graph):
        if v not in index:
            connect(v)
    return [_one_cycle(graph, set(c)) for c in components]


def _one_cycle(graph: dict[str, set[str]], component: set[str]) -> list[str]:
    """A shortest cycle through the first module of a strongly connected component."""
    start = min(component)
    paths = {start: [start]}
    queue = [start]
    while queue:
        v = queue.pop(0)
        for w in sorted(graph[v] & component):
            if w == start:
                return [*paths[v], start]
            if w not in paths:
                paths[w] = [*paths[v], w]
                queue.append(w)
    raise AssertionError("not a cycle")  # pragma: no cover


def _show(module: str) -> str:
    return _qualified(module)


def test_the_graph_is_read() -> None:
    # the checks below are vacuous if the parser finds nothing
    assert ("api", "extractors") in {(i.source, i.target) for i in IMPORTS}
    assert any(i.function for i in IMPORTS), "function-level imports are counted"


def test_no_import_cycles() -> None:
    cycles = _cycles(_graph())
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(map(_show, c)) for c in cycles)


def test_cycle_finder_finds_a_cycle() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c", "a"]]


def test_every_module_has_a_layer() -> None:
    placed = [m for _, modules in LAYERS for m in modules]
    assert len(placed) == len(set(placed)), "a module is in two layers"
    inside = {m for m in MODULES if m}  # the package __init__ is the top, above every layer
    assert sorted(inside - set(placed)) == [], "modules with no layer: add them to LAYERS"
    assert sorted(set(placed) - inside) == [], "LAYERS names modules that do not exist"


def test_imports_go_down_the_layers() -> None:
    layer_of = {m: i for i, (_, modules) in enumerate(LAYERS) for m in modules}
    upward = [
        f"{_show(i.source)} (layer {LAYERS[layer_of[i.source]][0]!r}, line {i.line}) imports "
        f"{_show(i.target)} (layer {LAYERS[layer_of[i.target]][0]!r})"
        for i in IMPORTS
        if i.source and i.target and layer_of[i.target] > layer_of[i.source] and not _is_hook(i)
    ]
    assert upward == []


def test_hooks_are_the_listed_lazy_imports() -> None:
    hooks = {(i.source, i.function, i.target) for i in IMPORTS if _is_hook(i)}
    assert hooks == {(m, f, t) for (m, f), t in HOOKS.items()}, "a listed hook no longer exists"
    layer_of = {m: i for i, (_, modules) in enumerate(LAYERS) for m in modules}
    for (module, _), target in HOOKS.items():
        assert layer_of[target] > layer_of[module], "a hook that is not upward needs no entry"


def test_nothing_inside_imports_the_package() -> None:
    # policyparse/__init__ re-exports the public API; modules inside import the module itself
    offenders = [f"{_show(i.source)}:{i.line}" for i in IMPORTS if i.source and i.target == ""]
    assert offenders == []


def test_known_cycles_still_exist() -> None:
    edges = {(i.source, i.target) for i in IMPORTS}
    assert KNOWN_CYCLE_IMPORTS - edges == set(), "fixed: delete the entry from KNOWN_CYCLE_IMPORTS"


def test_no_private_names_across_modules() -> None:
    found = {
        (i.source, i.target, i.name)
        for i in IMPORTS
        if i.name and i.name.startswith("_") and not i.name.startswith("__") and i.target != i.source
    }
    assert found - KNOWN_PRIVATE_IMPORTS == set(), "import a public name, or move the helper"
    assert KNOWN_PRIVATE_IMPORTS - found == set(), "fixed: delete the entry from KNOWN_PRIVATE_IMPORTS"


@pytest.mark.parametrize("module", ["extractors.doc_numbers", "extractors.citations", "extractors.departments",
                                    "extractors.dates", "extractors.targets"])  # fmt: skip
def test_extractors_do_not_import_each_other(module: str) -> None:
    # what one extractor needs of another's work is scanned before both (Context.references)
    kinds = {"extractors.doc_numbers", "extractors.citations", "extractors.departments", "extractors.dates",
             "extractors.targets"}  # fmt: skip
    assert {i.target for i in IMPORTS if i.source == module} & kinds == set()
