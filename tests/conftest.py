"""Shared helpers: build small report sheets in a temporary folder, as Google's CSV export writes them."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from dashboard.config import load_config

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(autouse=True)
def _private_download_log(tmp_path_factory, monkeypatch):
    """Downloads made by tests are logged to a temporary file, never the user's real log."""
    monkeypatch.setenv("DASHBOARD_AUDIT_LOG", str(tmp_path_factory.mktemp("audit") / "downloads.jsonl"))


@pytest.fixture(scope="session")
def cfg():
    return load_config()


def write_sheets(folder: Path, rows: dict[str, list[dict]], cfg=None, headers: dict[str, list[str]] | None = None) -> Path:
    """Write every source as CSV: rows given as {field: text}; other sources header-only."""
    cfg = cfg or load_config()
    folder.mkdir(parents=True, exist_ok=True)
    for sid in cfg.source_ids:
        spec = cfg.sources[sid]
        fields = list(spec.columns)
        head = (headers or {}).get(sid) or [spec.columns[f] for f in fields]
        with open(folder / spec.file, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(head)
            for r in rows.get(sid, []):
                w.writerow([r.get(f, "") for f in fields])
    return folder


@pytest.fixture
def sheets(tmp_path):
    def make(rows: dict[str, list[dict]], **kw) -> Path:
        return write_sheets(tmp_path / "src", rows, **kw)

    return make
