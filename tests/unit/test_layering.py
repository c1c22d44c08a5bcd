"""Imports run one way: sources → normalize → pipeline → metrics → (export, access, summary, …) →
cli / ui. Every module of `src/dashboard` is parsed (imports inside functions count; those under
`if TYPE_CHECKING:` do not, as they never run) and the test fails on an import cycle or on an
import against the layer order below."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src"

# Lower layers never import higher ones; a module may import its own layer (no cycles, see below).
# A module's layer is that of its longest prefix listed here.
LAYERS: list[tuple[str, ...]] = [
    # the contract and its words: no data yet
    ("dashboard.errors", "dashboard.text", "dashboard.masking", "dashboard.i18n", "dashboard.messages", "dashboard.config", "dashboard.testing", "dashboard.replicas"),
    # reference data and small services that only need the contract: the gazetteer, boundaries,
    # the audit log, message delivery
    ("dashboard.normalize.places", "dashboard.geo", "dashboard.audit", "dashboard.delivery", "dashboard.store"),
    # staff corrections (read with a pull)
    ("dashboard.corrections",),
    # sources: raw text tables
    ("dashboard.sources",),
    # normalize: typed tables, problems, status
    ("dashboard.normalize", "dashboard.suggest"),
    # the dataset and views
    ("dashboard.pipeline",),
    # figures
    ("dashboard.metrics",),
    # what is made of the figures
    (
        "dashboard.export", "dashboard.screen", "dashboard.access", "dashboard.summary", "dashboard.forecast",
        "dashboard.fixing", "dashboard.mapping", "dashboard.notify", "dashboard.downloads", "dashboard.loader",
        "dashboard.demo", "dashboard.figures", "dashboard.brief",
    ),
    # the two faces
    ("dashboard.cli", "dashboard.ui"),
    ("dashboard.__main__",),
]


def _modules() -> dict[str, Path]:
    out = {}
    for path in sorted((SRC / "dashboard").rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _type_checking_nodes(tree: ast.AST) -> set[int]:
    """ids of the nodes under `if TYPE_CHECKING:`."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If):
            test = node.test
            name = test.id if isinstance(test, ast.Name) else getattr(test, "attr", None)
            if name == "TYPE_CHECKING":
                for child in node.body:
                    skip.update(id(n) for n in ast.walk(child))
    return skip


def _target(name: str) -> str | None:
    """The module of `src/dashboard` an imported name belongs to (a package's submodule if it is one)."""
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def imports_of(module: str) -> set[str]:
    """The `dashboard` modules `module` imports, anywhere in its body."""
    path = MODULES[module]
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_nodes(tree)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, ast.Import):
            names = [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            names = [f"{base}.{a.name}" for a in node.names]
        else:
            continue
        for name in names:
            if name.startswith("dashboard"):
                hit = _target(name)
                if hit and hit != module:
                    out.add(hit)
    return out


GRAPH = {m: imports_of(m) for m in MODULES}


def layer_of(module: str) -> int:
    if module == "dashboard":  # the package's own __init__: nothing in it
        return 0
    best, level = -1, None
    for i, prefixes in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best:
                best, level = len(prefix), i
    if level is None:
        raise AssertionError(f"{module} is in no layer: add it to LAYERS")
    return level


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path (first == last), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        stack.append(m)
        for n in sorted(graph.get(m, ())):
            if state.get(n) == 1:
                return [*stack[stack.index(n):], n]
            if n not in state:
                found = visit(n)
                if found:
                    return found
        stack.pop()
        state[m] = 2
        return None

    for m in sorted(graph):
        if m not in state:
            found = visit(m)
            if found:
                return found
    return None


def test_every_module_has_a_layer():
    for module in MODULES:
        layer_of(module)


def test_no_import_cycle():
    cycle = find_cycle(GRAPH)
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


@pytest.mark.parametrize("module", sorted(MODULES))
def test_imports_follow_the_layers(module):
    mine = layer_of(module)
    against = sorted(n for n in GRAPH[module] if layer_of(n) > mine)
    assert not against, f"{module} (layer {mine}) imports a later layer: " + ", ".join(
        f"{n} (layer {layer_of(n)})" for n in against
    )


def test_the_checker_sees_imports_inside_functions_and_finds_a_cycle(tmp_path):
    # The graph is the one the tests above judge: a cycle through a function-level import is found.
    assert "dashboard.normalize.status" in GRAPH["dashboard.normalize.forms"]
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None
    # An import inside a function is counted; one under TYPE_CHECKING is not.
    assert "dashboard.metrics" in GRAPH["dashboard.export"]  # imported inside a function
    assert "dashboard.screen" not in GRAPH["dashboard.export"]  # only for type hints


def test_the_layers_are_the_issue_order():
    order = ["dashboard.sources", "dashboard.normalize.forms", "dashboard.pipeline", "dashboard.metrics",
             "dashboard.export", "dashboard.cli"]
    assert [layer_of(m) for m in order] == sorted(layer_of(m) for m in order)
    assert layer_of("dashboard.ui.session") == layer_of("dashboard.cli")
