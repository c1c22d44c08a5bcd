"""Per-form normalization: headers, quarantine reasons and their order, duplicates, accounting."""

import pandas as pd
import pytest

from dashboard.errors import EmptySheet, MissingColumn, SourceError
from dashboard.metrics import row_accounting
from dashboard.pipeline import load_dataset, make_view

REG = [
    {"pair_id": "P1", "tambon_type": "ตำบลบ้านพี่", "province": "หนองคาย", "district": "ท่าบ่อ", "tambon": "ท่าบ่อ"},
    {"pair_id": "P1", "tambon_type": "ตำบลเมืองน้อง", "province": "หนองคาย", "district": "เมือง", "tambon": "ในเมือง", "tambon_code": "430101"},
]
ID_A = "1101700203450"  # valid check digit


def leader(**kw):
    base = {
        "submitted_at": "1/8/2021 10:00:00", "province": "หนองคาย", "district": "ท่าบ่อ", "tambon": "ท่าบ่อ",
        "tambon_type": "ตำบลบ้านพี่", "title": "นาย", "first_name": "สมชาย", "last_name": "ใจดี",
        "national_id": ID_A, "age": "45", "gender": "ชาย", "role": "อช.", "phone": "812345678",
    }
    base.update(kw)
    return base


def status_of(ds, sid):
    v = make_view(ds)
    t = v.tables[sid].sort_values("row")
    return list(zip(t["status"], t["reason"].fillna("")))


def test_register_code_and_names(sheets):
    reg = REG + [
        {"pair_id": "P2", "tambon_type": "พี่", "province": "หนองคาย", "tambon_code": "430105"},
        {"pair_id": "P2", "tambon_type": "น้อง", "province": "อุดรธานี", "tambon_code": "430106"},  # contradicts
        {"pair_id": "P3", "tambon_type": "พี่", "province": "หนองคาย", "tambon_code": "999999"},
        {"pair_id": "P3", "tambon_type": "น้อง", "province": "หนองคาย"},  # neither name nor code
        {"pair_id": "P3", "tambon_type": "ไม่ทราบ", "province": "หนองคาย", "tambon": "ท่าบ่อ", "district": "ท่าบ่อ"},
    ]
    ds = load_dataset(sheets({"register": reg}))
    assert status_of(ds, "register") == [
        ("used", ""),  # the quarantined ท่าบ่อ row at the bottom supersedes nothing
        ("used", ""),
        ("used", ""),
        ("quarantined", "unknown_place"),
        ("quarantined", "unknown_place"),
        ("quarantined", "missing_value"),
        ("quarantined", "bad_value"),
    ]
    # a second good row for the same tambon, lower in the sheet, does replace the first
    ds2 = load_dataset(sheets({"register": REG + [dict(REG[0], pair_id="P9")]}))
    assert status_of(ds2, "register") == [("duplicate", ""), ("used", ""), ("used", "")]
    reg_t = ds.tables["register"]
    assert reg_t["tambon_code"].iloc[0] == "430201"
    assert "ไม่ตรงกับรหัสตำบล" in reg_t["detail"].iloc[3]


def test_leader_rows_and_duplicates(sheets):
    rows = [
        leader(),
        leader(submitted_at="5/8/2564, 09:00:00", phone="0812345678"),  # same ID, later: replaces
        leader(national_id="123", first_name="สมศรี", submitted_at="2/8/2021 10:00:00"),
        leader(national_id="", first_name="สมศรี", submitted_at="3/8/2021 10:00:00"),  # same name key
        leader(province="กรุงเทพมหานคร", district="พระนคร", tambon="พระบรมมหาราชวัง"),
        leader(district="เมือง", tambon="หาดคำ"),  # real tambon, not in the register
        leader(first_name="", national_id="1101700203469"),
        leader(submitted_at="เมื่อวาน", national_id="3100600123453"),
        leader(age="สี่สิบ", national_id="3100600123461"),
        leader(district="ท่าบ่อ", tambon="ในเมือง"),  # contradictory district
    ]
    ds = load_dataset(sheets({"register": REG, "1.1": rows}))
    assert status_of(ds, "1.1") == [
        ("duplicate", ""),
        ("used", ""),
        ("duplicate", ""),
        ("used", ""),
        ("quarantined", "unknown_place"),
        ("quarantined", "not_in_register"),
        ("quarantined", "missing_value"),
        ("quarantined", "bad_value"),
        ("quarantined", "bad_value"),
        ("quarantined", "unknown_place"),
    ]
    t = ds.tables["1.1"].sort_values("row")
    assert t["phone"].iloc[0] == "0812345678"
    assert t["national_id_last4"].iloc[0] == "3450"
    assert "national_id" not in t.columns  # the full ID is never kept
    assert t["reg_tambon_type"].iloc[0] == "older"
    assert t["submitted_at"].iloc[1] == pd.Timestamp("2021-08-05 09:00:00", tz="Asia/Bangkok")


def test_first_reason_in_contract_order(sheets):
    rows = [
        # unknown place AND a bad number AND a blank required name: unknown_place wins
        leader(province="ไม่มีจังหวัดนี้", age="abc", first_name=""),
        # not in register AND bad date: not_in_register wins
        leader(district="เมือง", tambon="หาดคำ", submitted_at="??"),
        # bad value AND missing value: bad_value wins
        leader(age="abc", last_name=""),
    ]
    ds = load_dataset(sheets({"register": REG, "1.1": rows}))
    assert [r for _, r in status_of(ds, "1.1")] == ["unknown_place", "not_in_register", "bad_value"]


def test_form_2_2_inconsistent_counts(sheets):
    base = {"submitted_at": "1/9/2021 10:00", "province": "หนองคาย", "district": "ท่าบ่อ", "tambon": "ท่าบ่อ",
            "leaders_developed": "15", "leaders_driving": "12", "self_reliance_activity": "มี"}
    rows = [base, {**base, "tambon": "ในเมือง", "district": "เมือง", "leaders_driving": "16"},
            {**base, "tambon": "ในเมือง", "district": "เมือง", "leaders_developed": "-1", "leaders_driving": "0"},
            {**base, "sharing_households": "๑,๒๐๐ ครัวเรือน", "submitted_at": "2/9/2021 10:00"}]
    ds = load_dataset(sheets({"register": REG, "2.2": rows}))
    assert status_of(ds, "2.2") == [
        ("duplicate", ""), ("quarantined", "inconsistent"), ("quarantined", "inconsistent"), ("used", ""),
    ]
    assert ds.tables["2.2"].sort_values("row")["sharing_households"].iloc[3] == 1200


def test_clips(sheets):
    base = {"submitted_at": "10/8/2021 10:00", "province": "หนองคาย", "phase": "เข้าใจ",
            "youtube_url": "https://youtu.be/dQw4w9WgXcQ", "duration": "2:45"}
    rows = [
        base,
        {**base, "youtube_url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "submitted_at": "11/8/2021 10:00"},
        {**base, "youtube_url": "https://youtube.com/shorts/aaaaaaaaaaa", "duration": "4 นาที"},
        {**base, "youtube_url": "https://facebook.com/video/1"},
        {**base, "phase": "ระยะที่ 9"},
        {**base, "youtube_url": ""},
    ]
    ds = load_dataset(sheets({"register": REG, "3": rows}))
    assert status_of(ds, "3") == [
        ("duplicate", ""), ("used", ""), ("used", ""),
        ("quarantined", "bad_link"), ("quarantined", "bad_value"), ("quarantined", "missing_value"),
    ]
    t = ds.tables["3"].sort_values("row")
    assert t["over_length"].tolist() == [False, False, True, False, False, False]
    assert t["duration_s"].iloc[2] == 240


def test_ratings(sheets):
    base = {"submitted_at": "20/9/2021 10:00", "province": "หนองคาย", "district": "เมือง", "score": "91", "grade": "A (ดีเยี่ยม)"}
    rows = [base, {**base, "district": "ท่าบ่อ", "grade": "ดีมาก", "score": "101"},
            {**base, "district": "ไม่มีอำเภอนี้"}, {**base, "district": "โพนพิสัย", "grade": "b"},
            {**base, "district": ""}]
    ds = load_dataset(sheets({"register": REG, "4": rows}))
    assert status_of(ds, "4") == [
        ("used", ""), ("quarantined", "inconsistent"), ("quarantined", "unknown_place"), ("used", ""),
        ("quarantined", "missing_value"),
    ]
    t = ds.tables["4"].sort_values("row")
    assert t["grade"].tolist()[:1] == ["A"] and t["grade"].iloc[3] == "B"
    assert t["district_code"].iloc[3] == "4305"


def test_headers_match_after_folding_and_extra_columns_are_reported(sheets, cfg):
    spec = cfg.sources["1.1"]
    headers = [f"  {h}  " for h in spec.columns.values()]
    headers[1] = "จังหวัด :"
    headers[6] = "ชื่อ\n"
    headers.append("คอลัมน์ใหม่")
    folder = sheets({"register": REG, "1.1": [leader()]}, headers={"1.1": headers})
    ds = load_dataset(folder)
    assert ds.unmapped["1.1"] == ["คอลัมน์ใหม่"]
    assert make_view(ds).tables["1.1"]["status"].tolist() == ["used"]


def test_missing_required_column_names_sheet_and_column(sheets, cfg):
    spec = cfg.sources["2.2"]
    headers = [h if f != "leaders_driving" else "ผู้นำขับเคลื่อน (แก้ชื่อแล้ว)" for f, h in spec.columns.items()]
    folder = sheets({"register": REG}, headers={"2.2": headers})
    with pytest.raises(MissingColumn) as err:
        load_dataset(folder)
    assert "form_2_2.csv" in str(err.value) and "ผู้นำที่สามารถขับเคลื่อนงานตำบล/หมู่บ้านได้ (คน)" in str(err.value)
    assert "ชีต" in err.value.message_th


def test_missing_optional_column_reads_blank(sheets, cfg):
    spec = cfg.sources["3"]
    headers = [h for f, h in spec.columns.items() if f != "facebook_url"]
    folder = sheets({"register": REG}, headers={"3": headers})
    # the writer writes one cell per field, so rewrite the file without that column's data
    (folder / "form_3.csv").write_text(",".join(headers) + "\n", encoding="utf-8")
    ds = load_dataset(folder)
    assert len(ds.tables["3"]) == 0


def test_empty_and_header_only_sheets(sheets):
    folder = sheets({"register": REG})
    ds = load_dataset(folder)  # header-only sheets are fine: zero rows
    assert len(ds.tables["1.1"]) == 0
    (folder / "form_4.csv").write_text("", encoding="utf-8")
    with pytest.raises(EmptySheet):
        load_dataset(folder)


def test_unreadable_file(sheets):
    folder = sheets({"register": REG})
    (folder / "form_3.csv").write_bytes(b"\xff\xfe\x00\x00binary\x00\x81")
    with pytest.raises(SourceError):
        load_dataset(folder)


def test_bom_and_crlf_csv(sheets, cfg):
    folder = sheets({"register": REG})
    text = (folder / "register.csv").read_text(encoding="utf-8")
    (folder / "register.csv").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    ds = load_dataset(folder)
    assert ds.tables["register"]["status"].tolist() == ["used", "used"]


def test_xlsx_workbook_reads_like_the_csv_folder(sheets, tmp_path, cfg):
    import csv

    from openpyxl import Workbook

    folder = sheets({"register": REG, "1.1": [leader(), leader(national_id="", first_name="ก")]})
    wb = Workbook()
    wb.remove(wb.active)
    for spec in cfg.sources.values():
        ws = wb.create_sheet(spec.stem)
        with open(folder / spec.file, encoding="utf-8") as fh:
            for r in csv.reader(fh):
                ws.append(r)
    path = tmp_path / "book.xlsx"
    wb.save(path)
    a, b = load_dataset(folder), load_dataset(path)
    for sid in cfg.sources:
        pd.testing.assert_frame_equal(a.tables[sid], b.tables[sid])


def test_accounting_on_every_source(sheets):
    rows = [leader(), leader(submitted_at="2/8/2021 10:00"), leader(province="x")]
    ds = load_dataset(sheets({"register": REG, "1.1": rows}))
    acc = row_accounting(make_view(ds))
    assert (acc["read"] == acc["used"] + acc["duplicate"] + acc["quarantined"]).all()
    assert acc.loc["1.1"].tolist() == [3, 1, 1, 1]
