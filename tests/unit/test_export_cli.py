"""`python -m dashboard export` writes the same bytes the pages' download buttons send, and files a
spreadsheet program opens cleanly: CSV with a byte-order mark and Thai, XLSX that openpyxl reads."""

from __future__ import annotations

import csv
import io
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import openpyxl
import pytest

from dashboard import audit
from dashboard.cli import main
from dashboard.config import load_config
from dashboard.export import export_filename, table_ids
from dashboard.i18n import reason_label, report_title, t
from dashboard.pipeline import load_dataset, make_view
from dashboard.screen import table_title
from dashboard.ui import session

BOM = b"\xef\xbb\xbf"
THAI = re.compile(r"[\u0E00-\u0E7F]")
NATIONAL_ID = "1101700203451"  # valid check digit
DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"

REGISTER = [
    {"pair_id": "P1", "tambon_type": "ตำบลบ้านพี่", "province": "หนองคาย", "district": "ท่าบ่อ", "tambon": "ท่าบ่อ"},
    {"pair_id": "P1", "tambon_type": "ตำบลเมืองน้อง", "province": "หนองคาย", "district": "เมือง", "tambon": "ในเมือง"},
    {"pair_id": "P2", "tambon_type": "ตำบลบ้านพี่", "province": "อุดรธานี", "district": "เมือง", "tambon": "หมากแข้ง"},
    {"pair_id": "P2", "tambon_type": "ตำบลเมืองน้อง", "province": "อุดรธานี", "district": "เมือง", "tambon": "หนองบัว"},
]
LEADERS = [
    {"submitted_at": "1/8/2564, 09:00:00", "province": "หนองคาย", "district": "ท่าบ่อ", "tambon": "ท่าบ่อ",
     "tambon_type": "ตำบลบ้านพี่", "title": "นาย", "first_name": "=HYPERLINK(\"http://x\",\"สมชาย\")",
     "last_name": "ใจดี", "national_id": NATIONAL_ID, "age": "45", "gender": "ชาย", "role": "อช.",
     "phone": "0812345678"},
    {"submitted_at": "2/8/2564, 10:00:00", "province": "จ.หนองคาย", "district": "อ.เมือง", "tambon": "ในเมือง",
     "tambon_type": "ตำบลเมืองน้อง", "title": "นาง", "first_name": "สมหญิง", "last_name": "+รักดี",
     "national_id": "", "age": "๓๘", "gender": "หญิง", "role": "กพสม.", "phone": "812345679"},
    {"submitted_at": "3/8/2564, 11:00:00", "province": "อุดรธานี", "district": "เมือง", "tambon": "หมากแข้ง",
     "tambon_type": "ตำบลบ้านพี่", "title": "นาย", "first_name": "มานะ", "last_name": "อดทน",
     "national_id": "", "age": "50", "gender": "ชาย", "role": "อปท.", "phone": ""},
    # a place that does not exist: quarantined, its original cells (and national ID) kept
    {"submitted_at": "3/8/2564, 12:00:00", "province": "หนองคาย", "district": "ท่าบ่อ", "tambon": "ไม่มีจริง",
     "tambon_type": "ตำบลบ้านพี่", "title": "นาย", "first_name": "ปิติ", "last_name": "@ยินดี",
     "national_id": "3-1017-00203-45-1", "age": "30", "gender": "ชาย", "role": "อช.", "phone": "0899999999"},
]
FORM_21 = [
    {"submitted_at": "5/8/2564, 09:00:00", "province": "หนองคาย", "district": "ท่าบ่อ", "tambon": "ท่าบ่อ",
     "tambon_type": "ตำบลบ้านพี่", "partner_tambon": "ในเมือง", "villages": "12", "households": "1,200",
     "leaders": "15 คน", "action_plan": "ใช่", "reporter": "-นายสมศักดิ์", "reporter_phone": "0823456789"},
]


@pytest.fixture
def folder(sheets):
    return sheets({"register": REGISTER, "1.1": LEADERS, "2.1": FORM_21})


@pytest.fixture(autouse=True)
def download_log(tmp_path, monkeypatch):
    path = tmp_path / "downloads.jsonl"
    monkeypatch.setenv(audit.AUDIT_ENV, str(path))
    return path


def _cli(folder: Path, out: Path, table: str, fmt: str, *extra: str) -> bytes:
    code = main(["export", "--source", str(folder), "--table", table, "--format", fmt, "--out", str(out), *extra])
    assert code == 0
    return out.read_bytes()


def _csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM)
    return list(csv.reader(io.StringIO(data[len(BOM):].decode("utf-8"), newline="")))


def _xlsx_rows(data: bytes) -> list[list]:
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    return [[c.value for c in row] for row in ws.iter_rows()]


@pytest.mark.parametrize("table", table_ids())
@pytest.mark.parametrize(
    "filters, args",
    [
        ({}, ()),
        ({"province": "43"}, ("--province", "หนองคาย")),
        ({"province": "43", "as_of": date(2021, 8, 1)}, ("--province", "43", "--as-of", "2021-08-01")),
    ],
    ids=["country", "province", "province-as-of"],
)
def test_cli_csv_is_the_buttons_csv(folder, tmp_path, table, filters, args):
    cli = _cli(folder, tmp_path / "out.csv", table, "csv", *args)
    view = make_view(load_dataset(folder, load_config()), **filters)
    assert cli == session.download_bytes(view, table, "csv")
    assert cli.startswith(BOM)


@pytest.mark.parametrize("table", ["1.1", "2.1", "quarantine", "missing-2.1", "clips"])
@pytest.mark.parametrize("lang", ["th", "en"])
def test_cli_xlsx_is_the_buttons_xlsx(folder, tmp_path, table, lang):
    cli = _cli(folder, tmp_path / "out.xlsx", table, "xlsx", "--province", "43", "--lang", lang)
    view = make_view(load_dataset(folder, load_config()), province="43")
    # byte for byte: the workbook's time stamps are the data's pull time, not the clock's
    assert cli == session.download_bytes(view, table, "xlsx", lang=lang)
    assert len(_xlsx_rows(cli)) == len(_csv_rows(session.download_bytes(view, table, "csv", lang=lang)))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_cli_raw_is_the_buttons_raw(folder, tmp_path, fmt):
    cli = _cli(folder, tmp_path / f"raw.{fmt}", "1.1", fmt, "--raw")
    view = make_view(load_dataset(folder, load_config()))
    assert cli == session.download_bytes(view, "1.1", fmt, raw=True)
    if fmt == "csv":  # field names and codes, for programs
        header = _csv_rows(cli)[0]
        assert header[:2] == ["row", "submitted_at"] and "national_id_last4" in header


def test_csv_opens_with_thai_and_without_formulas_or_whole_ids(folder, tmp_path):
    rows = _csv_rows(_cli(folder, tmp_path / "l.csv", "1.1", "csv"))
    header, body = rows[0], rows[1:]
    assert len(body) == 3
    text = "\n".join(",".join(r) for r in rows)
    assert THAI.search(text)
    assert NATIONAL_ID not in text and "1017002034" not in text
    col = {name: i for i, name in enumerate(header)}
    assert {r[col[t("col.national_id_last4")]] for r in body} >= {"3451"}
    # a cell that begins with = + - @ is text, not a formula
    assert all(not r[col["ชื่อ"]].startswith(("=", "+", "-", "@")) for r in body)
    assert all(not r[col["นามสกุล"]].startswith(("=", "+", "-", "@")) for r in body)
    # phones are masked
    assert {r[col["เบอร์โทรศัพท์"]] for r in body if r[col["เบอร์โทรศัพท์"]]} == {"08x-xxx-5678", "08x-xxx-5679"}
    # Excel reads CRLF line ends
    assert b"\r\n" in _cli(folder, tmp_path / "l2.csv", "1.1", "csv")


def test_quarantine_export_keeps_reasons_and_rows_but_not_ids(folder, tmp_path):
    rows = _csv_rows(_cli(folder, tmp_path / "q.csv", "quarantine", "csv"))
    header, body = rows[0], rows[1:]
    # the report, the sheet's row number to find it in Google Sheets, the reason in words and as a code
    assert header[:5] == [t("col.source"), t("col.row"), t("col.reason"), t("col.reason_code"), t("col.detail")]
    assert [tuple(r[:4]) for r in body] == [
        (report_title("1.1", short=True), "5", reason_label("unknown_place"), "unknown_place")
    ]
    flat = ",".join(body[0])
    assert "3101700203451" not in flat and "3-1017-00203-45-1" not in flat and "3451" in flat
    # names masked to an initial; one that begins with @ still cannot run as a formula
    assert "ป•••" in flat and "'@•••" in flat and "ปิติ" not in flat


def test_xlsx_opens_cleanly_in_a_spreadsheet_program(folder, tmp_path):
    data = _cli(folder, tmp_path / "l.xlsx", "1.1", "xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb.active
    assert ws.title == table_title("1.1")[:31] and ws.freeze_panes == "A2"
    rows = [[c for c in row] for row in ws.iter_rows()]
    header = [c.value for c in rows[0]]
    first_name = header.index("ชื่อ")
    cells = [row[first_name] for row in rows[1:]]
    # formula-looking answers are stored as text, never as formulas
    assert all(c.data_type == "s" for c in cells)
    assert any(str(c.value).startswith("'=") for c in cells)  # the =HYPERLINK name, masked and defused
    values = [str(c.value) for row in rows for c in row if c.value is not None]
    assert not any(NATIONAL_ID in v for v in values)
    assert any(THAI.search(v) for v in values)
    # numbers stay numbers, timestamps are dates a spreadsheet can sort
    age = header.index("อายุ (ปี)")
    assert {type(row[age].value) for row in rows[1:]} == {int}
    stamp = header.index(t("col.submitted_at"))
    assert rows[1][stamp].is_date


def test_the_file_name_says_what_where_and_when():
    assert export_filename("missing-2.1", "csv", "43", date(2021, 9, 30)) == "banphi-missing-2.1-43-2021-09-30.csv"
    assert export_filename("1.1", "xlsx") == "banphi-1.1.xlsx"


def test_export_command_from_a_shell_on_the_demo(tmp_path, download_log):
    out = tmp_path / "missing.xlsx"
    run = subprocess.run(
        [sys.executable, "-m", "dashboard", "export", "--source", "demo", "--table", "missing-2.1",
         "--province", "43", "--format", "xlsx", "--out", str(out)],
        capture_output=True, text=True,
    )
    assert run.returncode == 0, run.stderr
    rows = _xlsx_rows(out.read_bytes())
    assert rows[0][:4] == [t(f"col.{c}") for c in ("tambon_code", "tambon", "district", "province")]
    assert len(rows) - 1 == int(re.search(r"(\d+) rows", run.stderr).group(1)) > 0
    assert {r[3] for r in rows[1:]} == {"หนองคาย"}
