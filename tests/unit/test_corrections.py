"""Corrections applied before the checks: applied, stale and invalid lines, accounting, scope."""

import csv

import pytest

from dashboard import corrections as fx
from dashboard.metrics import report_dict
from dashboard.pipeline import load_dataset, make_view

REG = [
    {"pair_id": "P1", "tambon_type": "ตำบลบ้านพี่", "province": "หนองคาย", "district": "ท่าบ่อ", "tambon": "ท่าบ่อ"},
    {"pair_id": "P1", "tambon_type": "ตำบลเมืองน้อง", "province": "หนองคาย", "district": "เมือง", "tambon": "ในเมือง"},
    {"pair_id": "P2", "tambon_type": "ตำบลบ้านพี่", "province": "ขอนแก่น", "district": "เมือง", "tambon": "ในเมือง"},
    {"pair_id": "P2", "tambon_type": "ตำบลเมืองน้อง", "province": "ขอนแก่น", "district": "เมือง", "tambon": "บ้านเป็ด"},
]


def r21(province, district, tambon, when="1/8/2021 10:00"):
    return {"submitted_at": when, "province": province, "district": district, "tambon": tambon}


ROWS = {
    "register": REG,
    "2.1": [
        r21("หนองคาย", "ท่าบ่อ", "ท่าบ่อ"),  # row 2: fine
        r21("หนองคา", "เมือง", "ในเมือง"),  # row 3: unknown province
        r21("ขอนแก่ฯ", "เมือง", "บ้านเป็ด"),  # row 4: truncated province
        r21("ขอนแก่น", "เมือง", "บ้านเปด"),  # row 5: tone mark missing
        r21("ขอนแก่น", "เมือง", "ในเมือง", when="32/8/2021"),  # row 6: bad date
    ],
}


def write_corrections(folder, lines):
    with open(folder / "corrections.csv", "w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["แหล่งข้อมูล", "แถว", "ช่อง", "ค่าเดิม", "ค่าใหม่", "ผู้แก้ไข", "หมายเหตุ"])
        for line in lines:
            w.writerow(line)


def used_2_1(ds):
    return make_view(ds).used("2.1")


def test_without_corrections_the_block_is_left_out_and_an_empty_table_counts_zero(sheets):
    folder = sheets(ROWS)
    ds = load_dataset(folder)
    assert "corrections" not in report_dict(make_view(ds))
    write_corrections(folder, [])
    assert report_dict(make_view(load_dataset(folder)))["corrections"] == {"applied": 0, "stale": 0, "invalid": 0}
    assert not ds.tables["2.1"]["corrected"].any()
    assert len(used_2_1(ds)) == 1


def test_applied_stale_and_invalid_lines(sheets):
    folder = sheets(ROWS)
    write_corrections(folder, [
        ["2.1", "3", "province", "หนองคา", "หนองคาย", "a@cdd.go.th", "typo"],  # applied
        ["2.1", "4", "province", "ขอนแก่ฯ", "40", "a@cdd.go.th", ""],  # applied: a code, written as its name
        ["2.1", "5", "tambon", "บ้านเป็ดดด", "บ้านเป็ด", "a@cdd.go.th", ""],  # stale: the cell says บ้านเปด
        ["2.1", "6", "submitted_at", "32/8/2021", "31/13/2021", "a@cdd.go.th", ""],  # invalid: still no date
        ["2.1", "99", "province", "x", "หนองคาย", "a@cdd.go.th", ""],  # invalid: no such row
        ["2.1", "2", "colour", "", "red", "a@cdd.go.th", ""],  # invalid: no such field
        ["9.9", "2", "province", "", "หนองคาย", "a@cdd.go.th", ""],  # invalid: no such source
        ["2.1", "5", "province", "ขอนแก่น", "99", "a@cdd.go.th", ""],  # invalid: no such code
    ])
    ds = load_dataset(folder)
    out = ds.corrections
    assert list(out["outcome"]) == ["applied", "applied", "stale", "invalid", "invalid", "invalid", "invalid", "invalid"]
    assert "บ้านเปด" in out.loc[2, "detail"]
    t = ds.tables["2.1"].set_index("row")
    assert t.loc[3, "province_code"] == "43" and t.loc[3, "corrected"]
    assert t.loc[4, "province_name"] == "ขอนแก่น" and pd_isna(t.loc[4, "reason"])
    # the invalid date: the row stays as it was read, unmarked
    assert t.loc[6, "reason"] == "bad_value" and "32/8/2021" in t.loc[6, "detail"] and not t.loc[6, "corrected"]
    assert not t.loc[5, "corrected"]
    rep = report_dict(make_view(ds))
    assert rep["corrections"] == {"applied": 2, "stale": 1, "invalid": 5}
    rows = rep["rows"]
    assert rows["read"] == rows["used"] + rows["duplicate"] + rows["quarantined"]
    assert rows["read"] == len(REG) + len(ROWS["2.1"])  # corrections add or drop no row
    assert rep["reports"]["2.1"]["received"] == 3


def pd_isna(x):
    import pandas as pd

    return pd.isna(x)


def test_corrections_make_the_rows_count(sheets):
    folder = sheets(ROWS)
    before = report_dict(make_view(load_dataset(folder)))
    write_corrections(folder, [
        ["2.1", "5", "tambon", "บ้านเปด", "400115", "a@cdd.go.th", "code given"],
        ["2.1", "3", "province", "หนองคา", "43", "a@cdd.go.th", ""],
    ])
    after = report_dict(make_view(load_dataset(folder)))
    assert after["reports"]["2.1"]["received"] == before["reports"]["2.1"]["received"] + 2
    assert after["rows"]["quarantined"] == before["rows"]["quarantined"] - 2
    assert after["rows"]["read"] == before["rows"]["read"]


def test_later_line_for_the_same_cell_wins(sheets):
    folder = sheets(ROWS)
    write_corrections(folder, [
        ["2.1", "3", "province", "หนองคา", "ขอนแก่น", "a@cdd.go.th", ""],
        ["2.1", "3", "province", "หนองคา", "หนองคาย", "b@cdd.go.th", ""],
    ])
    ds = load_dataset(folder)
    assert list(ds.corrections["outcome"]) == ["stale", "applied"]
    assert ds.tables["2.1"].set_index("row").loc[3, "province_code"] == "43"


def test_workbook_corrections_tab(tmp_path, sheets):
    from openpyxl import Workbook

    folder = sheets(ROWS)
    book = Workbook()
    book.remove(book.active)
    from dashboard.config import SOURCE_IDS, load_config

    cfg = load_config()
    for sid in SOURCE_IDS:
        ws = book.create_sheet(cfg.sources[sid].stem)
        with open(folder / cfg.sources[sid].file, encoding="utf-8") as fh:
            for r in csv.reader(fh):
                ws.append(r)
    path = tmp_path / "book.xlsx"
    book.save(path)
    fx.append_local(path, [fx.Correction("2.1", 3, "province", "หนองคา", "หนองคาย", "a@cdd.go.th")])
    ds = load_dataset(path)
    assert list(ds.corrections["outcome"]) == ["applied"]
    assert ds.tables["2.1"].set_index("row").loc[3, "corrected"]


def test_appended_lines_apply_on_the_next_pull(sheets):
    folder = sheets(ROWS)
    ds = load_dataset(folder)
    q = ds.tables["2.1"].set_index("row")
    lines = fx.lines_for_place("2.1", 4, {f: q.loc[4, f] for f in ("province", "district", "tambon")},
                               "400115", ds.cfg, by="staff@cdd.go.th", at="2021-09-01 10:00:00")
    assert [(c.field, c.value) for c in lines] == [("province", "40")]
    fx.append_local(folder, lines)
    fx.append_local(folder, [fx.Correction("2.1", 5, "tambon", "บ้านเปด", "บ้านเป็ด", "staff@cdd.go.th")])
    ds2 = load_dataset(folder)
    assert list(ds2.corrections["outcome"]) == ["applied", "applied"]
    assert ds2.corrections.loc[0, "by"] == "staff@cdd.go.th" and ds2.corrections.loc[0, "at"] == "2021-09-01 10:00:00"
    assert int(ds2.tables["2.1"]["corrected"].sum()) == 2


def test_scope_holds_in_the_core(sheets):
    folder = sheets(ROWS)
    ds = load_dataset(folder)
    raw = ds.raw.tables
    fix = fx.Correction("2.1", 5, "tambon", "บ้านเปด", "บ้านเป็ด", "s@cdd.go.th")
    fx.check_scope(fix, raw, ds.cfg, "staff", ("40",))  # Khon Kaen staff: their row
    with pytest.raises(fx.CorrectionRefused):
        fx.check_scope(fix, raw, ds.cfg, "staff", ("43",))  # Nong Khai staff: not their row
    with pytest.raises(fx.CorrectionRefused):
        fx.check_scope(fix, raw, ds.cfg, "executive", None)  # not staff
    move = fx.Correction("2.1", 5, "province", "ขอนแก่น", "หนองคาย", "s@cdd.go.th")
    with pytest.raises(fx.CorrectionRefused):
        fx.check_scope(move, raw, ds.cfg, "staff", ("40",))  # moves the row out of Khon Kaen
    code_move = fx.Correction("2.1", 5, "tambon", "บ้านเปด", "430101", "s@cdd.go.th")
    with pytest.raises(fx.CorrectionRefused):
        fx.check_scope(code_move, raw, ds.cfg, "staff", ("40",))
    # a row whose province does not resolve: the province it was filed under (partial) decides
    unknown = fx.Correction("2.1", 3, "province", "หนองคา", "หนองคาย", "s@cdd.go.th")
    with pytest.raises(fx.CorrectionRefused):
        fx.check_scope(unknown, raw, ds.cfg, "staff", ("43",))  # nothing says it is theirs
    fx.check_scope(unknown, raw, ds.cfg, "staff", ("43",), partial="43")


def test_a_table_without_a_required_column_is_a_clear_error(sheets):
    folder = sheets(ROWS)
    (folder / "corrections.csv").write_text("แหล่งข้อมูล,แถว\n2.1,3\n", encoding="utf-8")
    with pytest.raises(fx.CorrectionsTableError) as err:
        load_dataset(folder)
    assert "ช่อง" in err.value.message_th
