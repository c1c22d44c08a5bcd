"""Downloads: CSV with BOM, XLSX via openpyxl, formulas neutralised, personal data masked."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import openpyxl
import pandas as pd
import pytest

from dashboard import export
from dashboard.export import (
    mask_name,
    mask_national_id,
    mask_personal,
    mask_phone,
    neutralise_formulas,
    to_csv_bytes,
    to_xlsx_bytes,
)

BOM = b"\xef\xbb\xbf"


def _read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM)
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def _read_xlsx(data: bytes) -> tuple[str, list[tuple]]:
    wb = openpyxl.load_workbook(io.BytesIO(data))
    ws = wb.active
    return ws.title, [tuple(c.value for c in row) for row in ws.iter_rows()]


@pytest.fixture
def leaders():
    return pd.DataFrame(
        {
            "row": pd.array([2, 3, 4], dtype="Int64"),
            "province_name": ["หนองคาย", "นครราชสีมา", "อุดรธานี"],
            "first_name": ["สมชาย", "=HYPERLINK(\"http://x\")", "สมหญิง"],
            "last_name": ["ใจดี", "-ลบ", None],
            "national_id": ["1-2345-67890-12-1", "3101234567890", None],
            "national_id_last4": ["0121", "7890", None],
            "phone": ["0812345678", "+66 2 123 4567", ""],
            "age": pd.array([45, -1, None], dtype="Int64"),
            "score": [87.5, -2.5, None],
            "note": ["@SUM(A1)", "\tตำบล", "+15"],
        }
    )


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("1234567890121", "•••••••••0121"),
        ("1-2345-67890-12-1", "•••••••••0121"),
        ("๑๒๓๔๕๖๗๘๙๐๑๒๑", "•••••••••0121"),
        (1234567890121, "•••••••••0121"),
        ("12", "•••••••••"),
    ],
)
def test_mask_national_id(value, masked):
    assert mask_national_id(value) == masked


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("0812345678", "08x-xxx-5678"),
        ("081-234-5678", "08x-xxx-5678"),
        ("021234567", "02x-xx-4567"),
        ("๐๘๑๒๓๔๕๖๗๘", "08x-xxx-5678"),
        ("1234", "xxxx"),
        ("+66 81 234 5678", "08x-xxx-5678"),
    ],
)
def test_mask_phone(value, masked):
    assert mask_phone(value) == masked


def test_mask_name():
    assert mask_name("สมชาย") == "ส•••"
    assert mask_name("นาย สมชาย  ใจดี") == "น••• ส••• ใ•••"
    assert mask_name(None) is None
    assert mask_name("") == ""


def test_mask_personal_defaults_to_most_restrictive(leaders):
    out = mask_personal(leaders)
    assert out["national_id"].tolist()[:2] == ["•••••••••0121", "•••••••••7890"]
    assert pd.isna(out["national_id"].iloc[2])
    assert out["national_id_last4"].tolist()[:2] == ["0121", "7890"]  # already safe, kept
    assert out["phone"].tolist()[:2] == ["08x-xxx-5678", "02x-xx-4567"]
    assert out["first_name"].tolist() == ["ส•••", "=•••", "ส•••"]
    assert out["last_name"].iloc[0] == "ใ•••"
    assert out["province_name"].tolist() == leaders["province_name"].tolist()
    assert out["age"].dtype == leaders["age"].dtype
    # the input is not changed
    assert leaders["national_id"].iloc[0] == "1-2345-67890-12-1"


def test_mask_personal_can_show_names(leaders):
    out = mask_personal(leaders, show_names=True)
    assert out["first_name"].iloc[0] == "สมชาย"
    assert out["national_id"].iloc[0] == "•••••••••0121"  # IDs and phones stay masked
    assert out["phone"].iloc[0] == "08x-xxx-5678"


def test_mask_personal_by_form_headers_and_spec(cfg):
    # quarantined rows carry the original cells under the form's headers
    raw = pd.DataFrame(
        {
            "source": ["1.1", "2.1", "4"],
            "เลขประจำตัวประชาชน ": ["3101234567890", None, None],
            "เบอร์โทรศัพท์:": ["0899999999", None, None],
            "ชื่อ": ["สมชาย", None, None],
            "ชื่อผู้รายงาน": [None, "สมศรี มีสุข", None],
            "ชื่อ-สกุล พัฒนาการอำเภอ": [None, None, "วิชัย ใจงาม"],
            "ตำบล": ["โพนสา", "หาดคำ", None],
        }
    )
    out = mask_personal(raw, list(cfg.sources.values()))
    assert out["เลขประจำตัวประชาชน "].iloc[0] == "•••••••••7890"
    assert out["เบอร์โทรศัพท์:"].iloc[0] == "08x-xxx-9999"
    assert out["ชื่อ"].iloc[0] == "ส•••"
    assert out["ชื่อผู้รายงาน"].iloc[1] == "ส••• ม•••"
    assert out["ชื่อ-สกุล พัฒนาการอำเภอ"].iloc[2] == "ว••• ใ•••"
    assert out["ตำบล"].tolist()[:2] == ["โพนสา", "หาดคำ"] and pd.isna(out["ตำบล"].iloc[2])


def test_a_national_id_in_any_column_is_masked():
    frame = pd.DataFrame(
        {"detail": ["1234567890121", "12", "ok"], "number": pd.array([1234567890121, 5, None], dtype="Int64")}
    )
    out = mask_personal(frame)
    assert out["detail"].tolist() == ["•••••••••0121", "12", "ok"]
    assert out["number"].iloc[0] == "•••••••••0121" and out["number"].iloc[1] == 5


def test_neutralise_text_cells_only(leaders):
    out = neutralise_formulas(leaders)
    assert out["first_name"].iloc[1] == "'=HYPERLINK(\"http://x\")"
    assert out["last_name"].iloc[1] == "'-ลบ"
    assert out["note"].tolist() == ["'@SUM(A1)", "'\tตำบล", "'+15"]
    assert out["first_name"].iloc[0] == "สมชาย"
    # real numbers stay numbers, negative or not
    assert out["age"].iloc[1] == -1 and out["age"].dtype == leaders["age"].dtype
    assert out["score"].iloc[1] == -2.5
    assert neutralise_formulas(pd.DataFrame({"=cmd": [1]})).columns[0] == "'=cmd"
    cr = neutralise_formulas(pd.DataFrame({"x": ["\rline"]}))
    assert cr["x"].iloc[0] == "'\rline"


def test_csv_has_bom_thai_and_is_safe(leaders):
    data = to_csv_bytes(mask_personal(leaders))
    assert data.startswith(BOM)
    assert not data[3:].startswith(BOM)
    rows = _read_csv(data)
    head = rows[0]
    assert head[:3] == ["row", "province_name", "first_name"]
    body = {name: [r[i] for r in rows[1:]] for i, name in enumerate(head)}
    assert body["province_name"] == ["หนองคาย", "นครราชสีมา", "อุดรธานี"]
    assert body["national_id"][0] == "•••••••••0121"
    assert body["phone"][0] == "08x-xxx-5678"
    assert body["first_name"][1] == "'=•••"
    assert body["note"] == ["'@SUM(A1)", "'\tตำบล", "'+15"]
    assert body["age"] == ["45", "-1", ""]
    assert body["score"] == ["87.5", "-2.5", ""]
    assert "1-2345-67890-12-1" not in data.decode("utf-8-sig")
    assert b"\r\n" in data


def test_csv_timestamps_read_as_thailand_time():
    frame = pd.DataFrame({"submitted_at": pd.to_datetime(["2021-08-08 07:03:22"]).tz_localize("UTC")})
    rows = _read_csv(to_csv_bytes(frame))
    assert rows[1] == ["2021-08-08 14:03:22"]


def test_xlsx_opens_with_openpyxl(leaders):
    masked = mask_personal(leaders)
    masked["submitted_at"] = pd.to_datetime(["2021-08-08 14:03:22"] * 3).tz_localize("Asia/Bangkok")
    data = to_xlsx_bytes(masked, "1.1")
    title, rows = _read_xlsx(data)
    assert title == "1.1"
    head, *body = rows
    col = {name: i for i, name in enumerate(head)}
    assert [r[col["province_name"]] for r in body] == ["หนองคาย", "นครราชสีมา", "อุดรธานี"]
    assert body[0][col["national_id"]] == "•••••••••0121"
    assert body[0][col["phone"]] == "08x-xxx-5678"
    assert body[1][col["first_name"]] == "'=•••"
    assert body[0][col["note"]] == "'@SUM(A1)"
    assert body[1][col["age"]] == -1  # a number cell
    assert body[1][col["score"]] == -2.5
    assert body[0][col["submitted_at"]] == datetime(2021, 8, 8, 14, 3, 22)
    # no cell is a formula
    wb = openpyxl.load_workbook(io.BytesIO(data))
    assert all(c.data_type != "f" for row in wb.active.iter_rows() for c in row)


def test_xlsx_sheet_names_and_control_characters():
    data = to_xlsx_bytes(pd.DataFrame({"a": ["x\x01y", "=1+1"]}), "missing-1.1/[very long name over 31 chars]")
    title, rows = _read_xlsx(data)
    assert len(title) <= 31 and "/" not in title and "[" not in title
    assert rows[1:] == [("xy",), ("'=1+1",)]


def test_raw_export_can_skip_neutralising():
    data = to_csv_bytes(pd.DataFrame({"a": ["=1"]}), neutralise=False)
    assert _read_csv(data)[1] == ["=1"]


def test_table_ids_and_filenames():
    assert export.table_ids()[:6] == ("register", "1.1", "2.1", "2.2", "3", "4")
    assert "quarantine" in export.table_ids() and "missing-2.2" in export.table_ids()
    from datetime import date

    assert export.export_filename("1.1", "csv", "43", date(2021, 9, 30)) == "banphi-1.1-43-2021-09-30.csv"
    assert export.export_filename("missing-3", "xlsx") == "banphi-missing-3.xlsx"


# ---- export_table over a real (small) view, and the command that uses it -------------------

REG = [
    {"pair_id": "P1", "tambon_type": "ตำบลบ้านพี่", "province": "หนองคาย", "district": "ท่าบ่อ", "tambon": "ท่าบ่อ"},
    {"pair_id": "P1", "tambon_type": "ตำบลเมืองน้อง", "province": "หนองคาย", "district": "เมือง", "tambon": "ในเมือง"},
]
LEADER = {"province": "หนองคาย", "district": "ท่าบ่อ", "tambon": "ท่าบ่อ", "submitted_at": "1/8/2021 10:00"}


@pytest.fixture
def small_view(sheets):
    from dashboard.pipeline import load_dataset, make_view

    rows = {
        "register": REG,
        "1.1": [
            {**LEADER, "first_name": "สมชาย", "last_name": "ใจดี", "national_id": "1101700230705",
             "phone": "0812345678"},
            # a place that does not exist: quarantined with its original cells
            {**LEADER, "tambon": "ไม่มีจริง", "first_name": "=2+3", "last_name": "ทดสอบ",
             "national_id": "3101234567890", "phone": "0899999999"},
        ],
    }
    folder = sheets(rows)
    return folder, make_view(load_dataset(folder))


def test_export_source_table_masks_and_drops_internals(small_view):
    _, view = small_view
    frame = export.export_table(view, "1.1")
    assert len(frame) == 1
    assert "key" not in frame and "status" not in frame
    assert frame["first_name"].iloc[0] == "ส•••"
    assert frame["phone"].iloc[0] == "08x-xxx-5678"
    assert frame["national_id_last4"].iloc[0] == "0705"
    everything = export.export_table(view, "1.1", include_all_rows=True)
    assert set(everything["status"]) == {"used", "quarantined"}


def test_export_quarantine_masks_original_cells(small_view):
    _, view = small_view
    frame = export.export_table(view, "quarantine")
    assert frame["reason"].tolist() == ["unknown_place"]
    row = frame.iloc[0]
    assert row["เลขประจำตัวประชาชน"] == "•••••••••7890"
    assert row["เบอร์โทรศัพท์"] == "08x-xxx-9999"
    assert row["ชื่อ"] == "=•••"
    text = to_csv_bytes(frame).decode("utf-8-sig")
    assert "3101234567890" not in text and "0899999999" not in text
    assert "'=•••" in text


def test_export_missing_units(small_view):
    _, view = small_view
    frame = export.export_table(view, "missing-2.1")
    assert sorted(frame["tambon"]) == ["ท่าบ่อ", "ในเมือง"]
    with pytest.raises(ValueError):
        export.export_table(view, "missing-9")


def test_command_writes_the_same_bytes(small_view, tmp_path):
    import subprocess
    import sys

    folder, view = small_view
    out = tmp_path / "q.xlsx"
    run = subprocess.run(
        [sys.executable, "-m", "dashboard", "export", "--source", str(folder), "--table", "quarantine",
         "--format", "xlsx", "--out", str(out)],
        capture_output=True, text=True,
    )
    assert run.returncode == 0, run.stderr
    title, rows = _read_xlsx(out.read_bytes())
    assert title == "แถวที่กักไว้ตรวจสอบ"  # the table's name in the file's language (Thai by default)
    head, body = rows[0], rows[1]
    assert body[head.index("เลขประจำตัวประชาชน")] == "•••••••••7890"
    csv_out = tmp_path / "l.csv"
    run = subprocess.run(
        [sys.executable, "-m", "dashboard", "export", "--source", str(folder), "--table", "1.1",
         "--format", "csv", "--out", str(csv_out), "--raw"],
        capture_output=True, text=True,
    )
    assert run.returncode == 0, run.stderr
    # --raw: the machine-readable form, field names and codes as the core holds them
    assert csv_out.read_bytes() == to_csv_bytes(export.export_table(view, "1.1"))
