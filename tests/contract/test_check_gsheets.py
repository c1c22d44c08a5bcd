"""`python -m dashboard check --source gsheets` through the loopback Sheets API: the reworded
sheets of a small programme are mapped, and `report` with the overlay equals the clean sheets'."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from dashboard.sources import read_source
from dashboard.testing import rewordings as rw


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dashboard", *args], check=False,
                          capture_output=True, text=True, env=env, timeout=120)


def _report(*args: str, env=None) -> dict:
    done = _cli("report", *args, "--format", "json", env=env)
    assert done.returncode == 0, done.stderr
    return {k: v for k, v in json.loads(done.stdout).items() if k not in ("pulled_at", "source", "stale")}


@pytest.mark.parametrize("variant", [0, 1])
def test_reworded_live_sheets_are_mapped_and_report_as_the_clean_ones(cfg, serve, small_folder, tmp_path, variant):
    raw = read_source(small_folder, cfg).tables
    folder = rw.write_csv_folder(rw.rename(raw, cfg, rw.variant_headers(variant)), tmp_path / "reworded", cfg)
    live = serve(folder)
    overlay = tmp_path / "mapping.toml"

    done = _cli("check", "--source", "gsheets", "--write-mapping", str(overlay), env=live.env())
    assert done.returncode == 0, done.stdout + done.stderr
    assert "พร้อมใช้" in done.stdout
    assert live.api.counts["batchGet"] == 6  # one request per spreadsheet, as a report pull

    # The overlay through the environment, as a deployment sets it.
    reworded = _report("--source", "gsheets", env=live.env(DASHBOARD_MAPPING=str(overlay)))
    assert reworded == _report("--source", str(small_folder))
    assert reworded["leaders"]["registered"] > 0
