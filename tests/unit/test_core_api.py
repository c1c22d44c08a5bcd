"""docs/core-api.md stays true: every function it names exists, and every public function of
`metrics`, `forecast` and `pipeline` is named in it."""

from __future__ import annotations

import importlib
import inspect
import re
from pathlib import Path

import pytest

DOC = (Path(__file__).resolve().parents[2] / "docs" / "core-api.md").read_text(encoding="utf-8")
LISTED = ("metrics", "forecast", "pipeline")
# `module.function(` / `module.sub.function(` as the page writes them inside backticks or code blocks.
QUALIFIED = re.compile(r"\b((?:[a-z_]+\.)+)([a-z_][a-z0-9_]*)\(")
# Names the examples give to values, not modules.
VARIABLES = {"view", "cfg", "result", "raw", "ds", "st", "err"}
METRICS_TABLE = re.compile(r"^\| `([a-z_]+)\(", re.M)


def _public_functions(name: str) -> list[str]:
    mod = importlib.import_module(f"dashboard.{name}")
    return sorted(n for n, f in inspect.getmembers(mod, inspect.isfunction)
                  if f.__module__ == mod.__name__ and not n.startswith("_"))


@pytest.mark.parametrize("module", LISTED)
def test_every_public_function_of_a_listed_module_is_named(module):
    unnamed = [n for n in _public_functions(module) if not re.search(rf"\b{n}\(", DOC)]
    assert unnamed == [], f"docs/core-api.md does not name {module}.{unnamed}"


def test_every_function_of_the_metrics_table_exists():
    from dashboard import metrics

    named = METRICS_TABLE.findall(DOC)
    assert len(named) >= 20
    assert [n for n in named if not callable(getattr(metrics, n, None))] == []


def test_every_qualified_function_named_exists():
    missing = []
    checked = 0
    for prefix, name in QUALIFIED.findall(DOC):
        path = prefix.rstrip(".")
        if path.split(".")[0] in VARIABLES:
            continue  # a variable's methods (a View's are checked below)
        try:
            mod = importlib.import_module(f"dashboard.{path}")
        except ModuleNotFoundError:
            missing.append(f"{path}.{name}")
            continue
        checked += 1
        if not callable(getattr(mod, name, None)):
            missing.append(f"{path}.{name}")
    assert checked >= 15
    assert missing == []


def test_the_view_methods_named_exist():
    from dashboard.pipeline import View

    for name in set(re.findall(r"`view\.([a-z_]+)\(", DOC)):
        assert callable(getattr(View, name, None)), name
