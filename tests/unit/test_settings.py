"""One registry of settings: `config.SETTINGS` is what the code reads from the environment, and
the README's settings table lists exactly it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from dashboard import config
from dashboard.config import SETTINGS, setting

REPO = Path(__file__).resolve().parents[2]
SRC = REPO / "src" / "dashboard"


def readme_settings() -> dict[str, list[str]]:
    """The README's settings table: name -> its other cells."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index("| setting | what |")
    rows = {}
    for line in text[start:].splitlines()[2:]:
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip("|").split("|")]
        rows[cells[0].strip("`")] = cells[1:]
    return rows


def test_the_readme_lists_exactly_the_registered_settings():
    rows = readme_settings()
    assert set(rows) == set(SETTINGS)
    for name, (what, default) in rows.items():
        assert what == SETTINGS[name].meaning
        assert default == SETTINGS[name].default


def test_the_geo_base_url_is_documented():
    assert "DASHBOARD_GEO_BASE_URL" in readme_settings()


def _dashboard_names(tree: ast.AST) -> set[str]:
    return {n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)
            and re.fullmatch(r"DASHBOARD_[A-Z_]+", n.value)}


def test_every_setting_the_code_names_is_registered():
    named: set[str] = set()
    for path in SRC.rglob("*.py"):
        named |= _dashboard_names(ast.parse(path.read_text(encoding="utf-8")))
    assert named - set(SETTINGS) == set()
    assert set(SETTINGS) - named == set(), "registered but never read"


def _environment_reads(tree: ast.AST) -> list[int]:
    """Lines that read the environment: os.environ.get / os.environ[...] / os.getenv."""
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and node.attr in {"get", "getenv"}:
            target = node.value
            if (isinstance(target, ast.Attribute) and target.attr == "environ") or (
                node.attr == "getenv" and isinstance(target, ast.Name) and target.id == "os"
            ):
                lines.append(node.lineno)
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and node.value.attr == "environ":
            if isinstance(node.ctx, ast.Load):
                lines.append(node.lineno)
    return lines


def test_only_config_reads_the_environment():
    readers = {}
    for path in SRC.rglob("*.py"):
        hits = _environment_reads(ast.parse(path.read_text(encoding="utf-8")))
        if hits:
            readers[str(path.relative_to(SRC))] = hits
    assert set(readers) == {"config.py"}, readers


def test_a_setting_is_read_stripped_and_an_unknown_name_is_refused(monkeypatch):
    monkeypatch.setenv("DASHBOARD_CACHE_TTL", "  42 ")
    assert setting("DASHBOARD_CACHE_TTL") == "42"
    assert config.cache_ttl() == 42.0
    monkeypatch.delenv("DASHBOARD_CACHE_TTL")
    assert setting("DASHBOARD_CACHE_TTL") == ""
    assert config.cache_ttl() == float(SETTINGS["DASHBOARD_CACHE_TTL"].default)
    with pytest.raises(KeyError, match="not a registered setting"):
        setting("DASHBOARD_NO_SUCH_THING")


def test_the_defaults_in_the_registry_are_the_code_s():
    assert float(SETTINGS["DASHBOARD_SHEETS_TIMEOUT"].default) == config.DEFAULT_SHEETS_TIMEOUT
    assert float(SETTINGS["DASHBOARD_SHEETS_RETRY_BUDGET"].default) == config.DEFAULT_SHEETS_RETRY_BUDGET
    assert float(SETTINGS["DASHBOARD_CACHE_TTL"].default) == config.DEFAULT_CACHE_TTL
