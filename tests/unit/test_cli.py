"""The command line: one clear line and exit status 2 on bad input, never a traceback."""

import json
import subprocess
import sys

REG = [
    {"pair_id": "P1", "tambon_type": "ตำบลบ้านพี่", "province": "หนองคาย", "district": "ท่าบ่อ", "tambon": "ท่าบ่อ"},
    {"pair_id": "P1", "tambon_type": "ตำบลเมืองน้อง", "province": "หนองคาย", "district": "เมือง", "tambon": "ในเมือง"},
]


def run(*args):
    return subprocess.run([sys.executable, "-m", "dashboard", *args], capture_output=True, text=True)


def test_report_json_and_text(sheets):
    folder = sheets({"register": REG})
    out = run("report", "--source", str(folder), "--format", "json")
    assert out.returncode == 0, out.stderr
    rep = json.loads(out.stdout)
    assert rep["reports"]["1.1"]["expected"] == 2 and rep["stale"] is False
    text = run("report", "--source", str(folder), "--format", "text", "--province", "จ.หนองคาย")
    assert text.returncode == 0
    assert "จังหวัดหนองคาย" in text.stdout and "ยังไม่ส่ง 2" in text.stdout


def _fails_cleanly(out, *words):
    assert out.returncode == 2
    assert "Traceback" not in out.stderr
    assert len(out.stderr.strip().splitlines()) == 1
    for w in words:
        assert w in out.stderr


def test_bad_source_path(tmp_path):
    _fails_cleanly(run("report", "--source", str(tmp_path / "nope")), "does not exist")


def test_missing_column(sheets, cfg):
    spec = cfg.sources["4"]
    headers = [h for f, h in spec.columns.items() if f != "grade"]
    folder = sheets({"register": REG}, headers={"4": headers})
    _fails_cleanly(run("report", "--source", str(folder)), "form_4.csv", "ระดับผลการประเมิน")


def test_unreadable_file(sheets):
    folder = sheets({"register": REG})
    (folder / "form_2_1.csv").write_bytes(b"\x81\x82\x83\xff\xfe")
    _fails_cleanly(run("report", "--source", str(folder)), "form_2_1.csv")


def test_empty_sheet(sheets):
    folder = sheets({"register": REG})
    (folder / "form_3.csv").write_text("", encoding="utf-8")
    _fails_cleanly(run("report", "--source", str(folder)), "empty")


def test_not_a_workbook(tmp_path):
    bad = tmp_path / "book.xlsx"
    bad.write_text("not a zip", encoding="utf-8")
    _fails_cleanly(run("report", "--source", str(bad)), "Excel")


def test_unknown_province(sheets):
    _fails_cleanly(run("report", "--source", str(sheets({"register": REG})), "--province", "แอตแลนติส"), "province")


def test_cli_imports_no_ui_library(sheets):
    folder = sheets({"register": REG})
    code = (
        "import sys, contextlib, io\n"
        "from dashboard.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    main(['report', '--source', {str(folder)!r}])\n"
        "print(sorted(m for m in ('streamlit', 'plotly', 'pydeck') if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
