"""`python -m dashboard report --source gsheets` against the loopback API, as staff run it."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"


def _start(*args: str, env: dict[str, str] | None = None) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "dashboard", "report", *args, "--format", "json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )


def _finish(proc: subprocess.Popen) -> subprocess.CompletedProcess:
    out, err = proc.communicate(timeout=60)
    return subprocess.CompletedProcess(proc.args, proc.returncode, out, err)


def _without_source(report: dict) -> dict:
    return {k: v for k, v in report.items() if k not in ("pulled_at", "source")}


@pytest.fixture
def demo_live(serve, small_folder):
    # The generated demo programme when it is there (the real size), else the small one.
    return serve(DEMO if any(DEMO.glob("*.csv")) else small_folder)


def test_gsheets_report_equals_the_local_report_one_request_per_spreadsheet(demo_live):
    live = demo_live
    # Both at once: the local run needs nothing from the server, the sheets run only the server.
    local = _start("--source", str(live.folder))
    sheets = _start("--source", "gsheets", env=live.env(DASHBOARD_SHEETS_TIMEOUT="10"))  # a normal day
    local, sheets = _finish(local), _finish(sheets)
    assert local.returncode == 0, local.stderr
    assert sheets.returncode == 0, sheets.stderr
    a, b = json.loads(local.stdout), json.loads(sheets.stdout)
    assert _without_source(a) == _without_source(b)
    assert b["stale"] is False and b["source"]["kind"] == "gsheets"
    assert live.api.counts == {"token": 1, "batchGet": 6, "get": 6}  # zones: read once, on the first pull
    assert sorted(r.key for r in live.api.requests if r.kind == "batchGet") == sorted(
        live.key(stem) for stem in live.urls
    )
    assert sheets.stderr == ""


def test_a_failed_pull_marks_the_json_stale_and_says_why_on_stderr(live):
    first = _finish(_start("--source", "gsheets", env=live.env()))
    assert first.returncode == 0, first.stderr
    good = json.loads(first.stdout)

    live.api.unshare(live.key("form_3"), live.email)
    started = time.monotonic()
    second = _finish(_start("--source", "gsheets", env=live.env()))
    assert time.monotonic() - started < 10
    assert second.returncode == 0, second.stderr
    stale = json.loads(second.stdout)
    assert stale["stale"] is True and stale["pulled_at"] == good["pulled_at"]
    assert _without_source(stale) == {**_without_source(good), "stale": True}
    assert second.stderr.startswith("stale: ")
    for word in ("form_3", live.email, "not shared", "แชร์"):
        assert word in second.stderr
    _no_secrets(live, first.stdout + first.stderr + second.stdout + second.stderr)


def test_errors_without_last_good_data_are_one_line_and_name_the_fix(live, tmp_path):
    from dashboard.testing import write_secrets

    info = dict(live.secrets["gcp_service_account"])
    lines = info["private_key"].splitlines()
    info["private_key"] = "\n".join(lines[:5] + lines[-1:])  # a paste that lost most of the key
    mangled = write_secrets(tmp_path / "bad" / "secrets.toml", info, live.urls)
    no_sheets = write_secrets(tmp_path / "only-account.toml", live.secrets["gcp_service_account"], None)
    live.api.fail("batchGet", 503, times=None)
    empty = str(tmp_path / "no-cache")
    # Three runs at once: Google down, a mangled key, no [sheets] table; none has last good data.
    runs = {
        "down": _start("--source", "gsheets", env=live.env(DASHBOARD_CACHE_DIR=empty)),
        "key": _start("--source", "gsheets", env=live.env(DASHBOARD_CACHE_DIR=empty, DASHBOARD_SECRETS=str(mangled))),
        "sheets": _start("--source", "gsheets", env=live.env(DASHBOARD_CACHE_DIR=empty, DASHBOARD_SECRETS=str(no_sheets))),
    }
    out = {name: _finish(proc) for name, proc in runs.items()}
    expected = {
        "down": ("HTTP 503", "ขัดข้อง"),
        "key": ("[gcp_service_account] private_key", "PEM"),
        "sheets": ("[sheets]", "form_1_1"),
    }
    for name, words in expected.items():
        run = out[name]
        assert run.returncode == 2 and run.stdout == "", name
        assert "Traceback" not in run.stderr and len(run.stderr.strip().splitlines()) == 1, name
        for word in words:
            assert word in run.stderr, (name, word)
        _no_secrets(live, run.stderr)


def _no_secrets(live, text: str) -> None:
    info = live.secrets["gcp_service_account"]
    assert info["private_key_id"] not in text
    for line in info["private_key"].splitlines():
        if "PRIVATE KEY" not in line and len(line) >= 16:
            assert line not in text
    for token in live.api.issued_tokens:
        assert token not in text
    for assertion in live.api.assertions:
        assert assertion.split(".")[-1] not in text
