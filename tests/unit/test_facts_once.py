"""The contract's facts are stated once: the sources, clip phases and grades in data/programme.toml,
read by `dashboard.config`; every other module reads them from there.

The scan below fails when a tuple, list or set written in `src/dashboard` or `screens/` names two or
more of the sources (or phases, or grades) again. Only the demo's oracle (`demo/truth.py`) may: it
checks the computation, so it must not read the same facts the computation reads.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

import pytest

from dashboard import config
from dashboard.config import GRADES, PHASES, REPORT_IDS, SOURCE_IDS, load_config
from dashboard.ui import palette

REPO = Path(__file__).resolve().parents[2]
ORACLE = {"src/dashboard/demo/truth.py"}
FACTS = {"source": set(SOURCE_IDS), "phase": set(PHASES), "grade": set(GRADES)}


def _toml() -> dict:
    return tomllib.loads((REPO / "data" / "programme.toml").read_text(encoding="utf-8"))


def test_the_constants_are_programme_toml_s():
    raw = _toml()
    assert config.DEFAULT_CONFIG == REPO / "data" / "programme.toml"
    assert SOURCE_IDS == tuple(raw["sources"]) and SOURCE_IDS[0] == config.REGISTER
    assert REPORT_IDS == SOURCE_IDS[1:]
    assert PHASES == tuple(raw["choices"]["phase"]) == tuple(raw["deadlines"]["clips"])
    assert GRADES == tuple(raw["choices"]["grade"])
    cfg = load_config()
    assert cfg.source_ids == SOURCE_IDS and cfg.report_ids == REPORT_IDS


def restatements(source: str) -> list[tuple[int, str, list[str]]]:
    """(line, fact, values) of every tuple, list or set literal naming two or more of one fact's values."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            continue
        words = {e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)}
        for fact, values in FACTS.items():
            if len(words & values) >= 2:
                found.append((node.lineno, fact, sorted(words & values)))
    return found


def test_the_scan_finds_a_restatement():
    planted = 'ORDER = ("1.1", "2.1")\nfor p in ["understand", "develop"]: pass\nok = ("1.1", "x")\n'
    assert [(line, fact) for line, fact, _ in restatements(planted)] == [(1, "source"), (2, "phase")]


def _python_files() -> list[Path]:
    every = [*(REPO / "src" / "dashboard").rglob("*.py"), *(REPO / "screens").rglob("*.py"), REPO / "app.py"]
    return sorted(p for p in every if str(p.relative_to(REPO)) not in ORACLE)


@pytest.mark.parametrize("path", _python_files(), ids=lambda p: str(p.relative_to(REPO)))
def test_no_module_restates_the_contract(path):
    rel = str(path.relative_to(REPO))
    found = restatements(path.read_text(encoding="utf-8"))
    assert found == [], f"{rel} restates the contract (read it from dashboard.config): {found}"


def test_the_scan_covers_the_code_and_spares_only_the_oracle():
    files = {str(p.relative_to(REPO)) for p in _python_files()}
    assert {"src/dashboard/config.py", "src/dashboard/ui/palette.py", "screens/map.py"} <= files
    assert not files & ORACLE and len(files) > 50


def test_the_oracle_is_still_an_oracle():
    # If it stops restating the facts, it should leave the allow-list.
    for rel in ORACLE:
        assert restatements((REPO / rel).read_text(encoding="utf-8")), rel


def test_every_grade_and_report_has_its_colour():
    cfg = load_config()
    assert list(palette.GRADE_KEYS) == [*GRADES, "unrated"]
    assert all(g in palette.GRADE_COLORS for g in palette.GRADE_KEYS)
    assert len({palette.GRADE_COLORS[g] for g in palette.GRADE_KEYS}) == len(palette.GRADE_KEYS)
    assert palette.GRADE_COLORS[GRADES[0]] == "#1A9850" and palette.GRADE_COLORS[GRADES[-1]] == "#D73027"  # best green, worst red
    assert set(palette.REPORT_COLORS) == set(cfg.report_ids)
    assert len(set(palette.REPORT_COLORS.values())) == len(cfg.report_ids)
    assert len(palette.REPORT_PALETTE) > len(REPORT_IDS)  # spare colours for a form added in the TOML
