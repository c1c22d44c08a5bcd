"""The command line on input as people really give it: a Buddhist-Era day, an empty province, a
secrets file saved by Windows, a torn download log, a disk that is full — one clear line in Thai
and English and exit 2, or the same figures, never a traceback."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard import audit
from dashboard.cli import main
from dashboard.config import load_secrets
from dashboard.errors import ConfigError

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"
REG = [
    {"pair_id": "P1", "tambon_type": "ตำบลบ้านพี่", "province": "หนองคาย", "district": "ท่าบ่อ", "tambon": "ท่าบ่อ"},
    {"pair_id": "P1", "tambon_type": "ตำบลเมืองน้อง", "province": "หนองคาย", "district": "เมือง", "tambon": "ในเมือง"},
]


def run(*args, env=None):
    return subprocess.run(
        [sys.executable, "-m", "dashboard", *args], capture_output=True, text=True, env={**os.environ, **(env or {})}
    )


def _one_bilingual_line(out, *words):
    assert out.returncode == 2, out.stderr
    assert "Traceback" not in out.stderr
    lines = out.stderr.strip().splitlines()
    assert len(lines) == 1, out.stderr
    assert any("\u0e00" <= ch <= "\u0e7f" for ch in lines[0]) and " | " in lines[0]  # Thai and English
    for w in words:
        assert w in lines[0]


# ---- --as-of and --province -----------------------------------------------------------------


def test_a_buddhist_era_day_is_the_same_day(sheets):
    folder = str(sheets({"register": REG}))
    be = run("report", "--source", folder, "--as-of", "2564-08-08")
    ce = run("report", "--source", folder, "--as-of", "2021-08-08")
    assert be.returncode == ce.returncode == 0, be.stderr
    got, want = json.loads(be.stdout), json.loads(ce.stdout)
    assert got["as_of"] == "2021-08-08"
    assert {k: v for k, v in got.items() if k != "pulled_at" and k != "source"} == {
        k: v for k, v in want.items() if k != "pulled_at" and k != "source"
    }
    text = run("report", "--source", folder, "--as-of", "2564-08-08", "--format", "text")
    assert "8 ส.ค. 2564" in text.stdout and "3107" not in text.stdout


@pytest.mark.parametrize(
    "day, words",
    [("9999-12-31", ["9999-12-31", "outside"]), ("0001-01-01", ["0001-01-01"]), ("31/02/2564", ["YYYY-MM-DD"]),
     ("2021-02-30", ["2021-02-30"]), ("", ["YYYY-MM-DD"])],
)
def test_a_day_that_cannot_be_counted_is_one_line(sheets, day, words):
    _one_bilingual_line(run("report", "--source", str(sheets({"register": REG})), "--as-of", day), *words)


@pytest.mark.parametrize("province", ["", "  "])
def test_an_empty_province_is_refused(sheets, province):
    _one_bilingual_line(run("report", "--source", str(sheets({"register": REG})), "--province", province), "--province")


# ---- a missing optional column is named on stderr ----------------------------------------


def test_a_missing_optional_column_is_named_and_its_figure_is_null(sheets, cfg):
    spec = cfg.sources["2.2"]
    headers = [h for f, h in spec.columns.items() if f != "self_reliance_activity"]
    folder = sheets({"register": REG}, headers={"2.2": headers})
    out = run("report", "--source", str(folder))
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["tambons"]["with_activity"] is None
    assert "form_2_2.csv" in out.stderr and spec.columns["self_reliance_activity"] in out.stderr
    clean = run("report", "--source", str(sheets({"register": REG})))
    assert json.loads(clean.stdout)["tambons"]["with_activity"] == 0 and clean.stderr == ""


# ---- secrets files as Windows saves them --------------------------------------------------

SECRETS = '[sheets]\nregister = "https://docs.google.com/spreadsheets/d/abc"\n# ทะเบียนตำบล\n'


def test_a_secrets_file_with_a_byte_order_mark_is_read(tmp_path):
    path = tmp_path / "secrets.toml"
    path.write_bytes(b"\xef\xbb\xbf" + SECRETS.encode("utf-8"))
    assert load_secrets(path)["sheets"]["register"].endswith("/abc")


def test_a_secrets_file_saved_as_windows_874_says_to_save_it_as_utf8(tmp_path):
    path = tmp_path / "secrets.toml"
    path.write_bytes(SECRETS.encode("cp874"))
    with pytest.raises(ConfigError) as err:
        load_secrets(path)
    assert "UTF-8" in err.value.message_en and "UTF-8" in err.value.message_th
    _one_bilingual_line(run("report", "--source", "gsheets", env={"DASHBOARD_SECRETS": str(path)}), "UTF-8", str(path))


# ---- export and the download log ----------------------------------------------------------


@pytest.mark.parametrize("name", ["source", "row", "reason", "detail"])
def test_a_form_column_named_like_a_quarantine_column(sheets, cfg, tmp_path, name):
    leaders = [{"submitted_at": "1/8/2564, 09:00:00", "province": "หนองคาย", "district": "ท่าบ่อ", "tambon": "ไม่มีจริง",
                "first_name": "ปิติ", "last_name": "ยินดี"}]
    folder = sheets({"register": REG, "1.1": leaders})
    path = folder / "form_1_1.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[0].append(name)
    rows[1].append("คำตอบของคำถามนี้")
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    out = tmp_path / "q.csv"
    got = run("export", "--source", str(folder), "--table", "quarantine", "--raw", "--out", str(out))
    assert got.returncode == 0, got.stderr
    with open(out, encoding="utf-8-sig", newline="") as fh:
        table = list(csv.DictReader(fh))
    assert table[0]["source"] == "1.1" and table[0]["reason"] == "unknown_place"
    # kept under its own name beside the core's column; a question the configuration does not map
    # is masked for everyone (nothing says what it holds)
    assert table[0][f"{name} (ในชีต)"] == "•••"
    # the file as the page shows it, too
    got = run("export", "--source", str(folder), "--table", "quarantine", "--out", str(out))
    assert got.returncode == 0, got.stderr


def test_a_torn_log_line_is_skipped_counted_and_not_glued_to(tmp_path, monkeypatch, capsys):
    log = tmp_path / "downloads.jsonl"
    monkeypatch.setenv("DASHBOARD_AUDIT_LOG", str(log))
    audit.record_download("a@x.th", "1.1", {"province": "43"}, 3, "csv")
    with open(log, "ab") as fh:
        fh.write(b'{"at": "2021-08-08T00:00:00+00:00", "email": "b@x.th", "tab')  # a write cut short
    audit.record_download("c@x.th", "2.1", {}, 5, "xlsx")
    entries, torn = audit.read_log(with_torn=True)
    assert [e["email"] for e in entries] == ["a@x.th", "c@x.th"] and torn == 1
    assert main(["downloads"]) == 0
    captured = capsys.readouterr()
    assert "c@x.th" in captured.out and "1" in captured.err and str(log) in captured.err
    assert main(["downloads", "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == 2


def test_a_failed_export_exits_2_and_is_not_logged(sheets, tmp_path):
    log = tmp_path / "downloads.jsonl"
    folder = str(sheets({"register": REG}))
    env = {"DASHBOARD_AUDIT_LOG": str(log)}
    if Path("/dev/full").exists():
        _one_bilingual_line(run("export", "--source", folder, "--table", "register", "--out", "/dev/full", env=env),
                            "/dev/full")
    # a folder given as the file: cannot be written either
    _one_bilingual_line(run("export", "--source", folder, "--table", "register", "--out", str(tmp_path), env=env),
                        str(tmp_path))
    assert not log.exists() or audit.read_log(log) == []
    ok = run("export", "--source", folder, "--table", "register", "--out", str(tmp_path / "r.csv"), env=env)
    assert ok.returncode == 0 and [e["table"] for e in audit.read_log(log)] == ["register"]


def test_a_read_only_cache_folder_names_the_folder_and_the_setting(sheets, tmp_path, monkeypatch, capsys):
    folder = tmp_path / "cache"
    folder.mkdir()
    monkeypatch.delenv("DASHBOARD_AUDIT_LOG")
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(folder))
    real_open = os.open

    def refuse(path, *args, **kw):  # a folder this user may not write (tests may run as root)
        if str(path).endswith("downloads.jsonl"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kw)

    monkeypatch.setattr(os, "open", refuse)
    code = main(["export", "--source", str(sheets({"register": REG})), "--table", "register",
                 "--out", str(tmp_path / "r.csv")])
    err = capsys.readouterr().err
    assert code == 2 and len(err.strip().splitlines()) == 1
    assert str(folder) in err and "DASHBOARD_CACHE_DIR" in err and "Traceback" not in err
