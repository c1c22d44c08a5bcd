"""Values as real sheets bring them: two-digit years and the timestamp window, counts no tambon
can have, missing optional columns, personal data quoted in a reason — each built from the demo
data, giving the clean demo's figures (spec/FORMS.md "What values look like")."""

from __future__ import annotations

import csv
import random
import shutil
from datetime import date, datetime
from pathlib import Path

import pandas as pd
import pytest

from dashboard import export, metrics
from dashboard.config import load_config
from dashboard.masking import mask_text
from dashboard.normalize import columns
from dashboard.normalize import values as v
from dashboard.pipeline import load_dataset, make_view

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"
# fiscal 2564: 60 days before 2021-07-01 to a pull at the end of the programme
WINDOW = v.Window(datetime(2021, 5, 2), datetime(2021, 12, 31, 23, 59, 59))


# ---- timestamps --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("8/7/64 11:50", datetime(2021, 7, 8, 11, 50)),  # Thai Excel's short date, BE
        ("8/7/21 11:50", datetime(2021, 7, 8, 11, 50)),  # the same, CE
        ("๘/๗/๖๔ ๑๑:๕๐", datetime(2021, 7, 8, 11, 50)),
        ("15/9/64, 9:05:10", datetime(2021, 9, 15, 9, 5, 10)),
        ("2/5/2564, 00:00:00", datetime(2021, 5, 2)),  # the window's first moment
        ("8/8/2564, 14:03:22", datetime(2021, 8, 8, 14, 3, 22)),
    ],
)
def test_two_digit_years_and_the_window(text, expected):
    assert v.parse_timestamp(text, WINDOW) == expected


@pytest.mark.parametrize(
    "text",
    [
        "1/5/2564, 23:59:59",  # a second before the window opens
        "8/7/2020 11:50",  # a year early
        "1/1/2022 00:00:00",  # after the pull
        "8/7/63 11:50",  # 2563 / 2063: neither in the window
        "44000",  # a serial number of 2020
        "8/7/0064 11:50",
    ],
)
def test_outside_the_window_is_unreadable(text):
    with pytest.raises(ValueError):
        v.parse_timestamp(text, WINDOW)


def test_the_window_comes_from_the_configuration(cfg):
    assert cfg.opens == date(2021, 7, 1)
    start, end = cfg.timestamp_window(datetime(2021, 10, 1, 12, 0, tzinfo=cfg.timezone))
    assert (start, end) == (datetime(2021, 5, 2), datetime(2021, 10, 1, 12, 0))


def _cell(text, window):
    try:
        return v.parse_timestamp(text, window), False
    except ValueError:
        return None, True


@pytest.mark.parametrize("window", [WINDOW, None])
def test_column_reader_agrees_with_the_cell_reader_on_short_years_and_the_window(window):
    rnd = random.Random(9)
    texts = ["8/7/64 11:50", "8/7/21 11:50", "1/5/2564, 23:59:59", "2/5/2564, 00:00:00", "8/7/2020 11:50",
             "1/1/2022 00:00:00", "8/7/63 11:50", "44000", "44416.5", "8/7/0064 11:50", "31/2/64 10:00", ""]
    for _ in range(1500):
        d, m = rnd.randint(1, 31), rnd.randint(1, 12)
        y = rnd.choice(["64", "21", "63", "65", "2564", "2021", "2020", "2565", "1999"])
        texts.append(f"{d}/{m}/{y}{rnd.choice([', ', ' '])}{rnd.randint(0, 23)}:{rnd.randint(0, 59):02d}")
    got, bad = columns.read_timestamps(pd.Series(texts), window)
    for text, g, b in zip(texts, got, bad):
        want, want_bad = _cell(text, window)
        assert b == want_bad, text
        assert (pd.isna(g) and want is None) or g == pd.Timestamp(want), text
    assert bad.sum() > 0 and (~bad).sum() > 0


# ---- the demo data, messed up as real sheets are ------------------------------------------


@pytest.fixture(scope="module")
def clean(cfg):
    return load_dataset(str(DEMO), cfg)


def _copy_demo(tmp_path: Path) -> Path:
    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder)
    return folder


def _edit(folder: Path, name: str, fn) -> None:
    """Rewrite one CSV: fn(header, rows) changes them in place."""
    path = folder / name
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    fn(rows[0], rows[1:])
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)


def _short_year(text: str) -> str:
    """`10/7/2564, 6:42:47` -> `10/7/64 6:42` (Thai Excel's short date keeps no seconds)."""
    try:
        when = v.parse_timestamp(text)
    except ValueError:
        return text  # the demo's own unreadable stamps stay as they are
    if when is None:
        return text
    return f"{when.day}/{when.month}/{(when.year + 543) % 100:02d} {when.hour}:{when.minute:02d}"


def _as_workbook(folder: Path, cfg) -> Path:
    """The CSV folder as one workbook, a tab per source, every cell text (openpyxl)."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for spec in cfg.sources.values():
        with open(folder / spec.file, encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
        sheet = book.create_sheet(spec.stem)
        for r in rows:
            sheet.append(r)
    path = folder.parent / "demo.xlsx"
    book.save(path)
    return path


@pytest.mark.parametrize("as_workbook", [False, True], ids=["csv", "xlsx"])
def test_thai_excel_short_dates_give_the_clean_figures(clean, cfg, tmp_path, as_workbook):
    folder = _copy_demo(tmp_path)

    def shorten(header, rows):
        for r in rows:
            r[0] = _short_year(r[0])

    _edit(folder, "form_2_1.csv", shorten)
    _edit(folder, "form_1_1.csv", shorten)
    messy = load_dataset(str(_as_workbook(folder, cfg) if as_workbook else folder), cfg)
    for day in (date(2021, 7, 15), date(2021, 8, 8), None):
        want = metrics.report_dict(make_view(clean, as_of=day))
        got = metrics.report_dict(make_view(messy, as_of=day))
        for r in ("1.1", "2.1"):
            assert got["reports"][r] == want["reports"][r], (r, day)
    assert got["reports"]["2.1"]["late"] > 0


def test_a_timestamp_outside_the_window_is_a_bad_value(cfg, tmp_path):
    folder = _copy_demo(tmp_path)
    _edit(folder, "form_4.csv", lambda h, rows: rows[0].__setitem__(0, "8/8/2019 10:00:00"))
    ds = load_dataset(str(folder), cfg)
    first = ds.tables["4"].iloc[0]
    assert first["reason"] == "bad_value" and "8/8/2019" in first["detail"]
    assert "นอกช่วงของโครงการ" in first["detail"] and "02/05/2564" in first["detail"]


@pytest.mark.parametrize("as_workbook", [False, True], ids=["csv", "xlsx"])
def test_a_phone_typed_into_a_count_does_not_move_the_kpi(clean, cfg, tmp_path, as_workbook):
    folder = _copy_demo(tmp_path)

    def phone(header, rows):
        rows[5][header.index(cfg.sources["2.2"].columns["leaders_developed"])] = "0812345678"

    _edit(folder, "form_2_2.csv", phone)
    ds = load_dataset(str(_as_workbook(folder, cfg) if as_workbook else folder), cfg)
    row = ds.tables["2.2"].iloc[5]
    assert row["reason"] == "inconsistent"
    assert "0812345678" not in row["detail"]
    assert metrics.kpi_driving(make_view(ds)) == metrics.kpi_driving(make_view(clean)) == 77.4


@pytest.mark.parametrize(
    "field, value, reason",
    [("villages", "60", None), ("villages", "61", "inconsistent"), ("households", "20,000", None),
     ("households", "20001", "inconsistent"), ("leaders", "501", "inconsistent"),
     ("food_cabinets", "081 234 5678", "inconsistent")],
)
def test_plausible_maxima_are_configuration(cfg, sheets, field, value, reason):
    reg = [{"pair_id": "P1", "tambon_type": "ตำบลบ้านพี่", "province": "หนองคาย", "district": "ท่าบ่อ", "tambon": "ท่าบ่อ"}]
    row = {"submitted_at": "1/8/2564, 09:00:00", "province": "หนองคาย", "district": "ท่าบ่อ", "tambon": "ท่าบ่อ",
           "villages": "12", "households": "1,500", "leaders": "15", field: value}
    ds = load_dataset(str(sheets({"register": reg, "2.1": [row]})), cfg)
    got = ds.tables["2.1"].iloc[0]
    assert (got["reason"] if isinstance(got["reason"], str) else None) == reason
    assert cfg.maxima[field] in (60, 500, 20000)


def test_a_renamed_optional_header_gives_null_not_zero(clean, cfg, tmp_path):
    folder = _copy_demo(tmp_path)
    header = cfg.sources["2.2"].columns["self_reliance_activity"]

    def rename(head, rows):
        head[head.index(header)] = header + "หรือไม่"

    _edit(folder, "form_2_2.csv", rename)
    ds = load_dataset(str(folder), cfg)
    assert ds.missing_columns() == [("2.2", f"{cfg.sources['2.2'].title_th} (form_2_2.csv)", header)]
    got = metrics.report_dict(make_view(ds))
    want = metrics.report_dict(make_view(clean))
    assert got["tambons"]["with_activity"] is None and want["tambons"]["with_activity"] > 0
    assert got["kpi_driving_pct"] == want["kpi_driving_pct"]
    # 2.2 rows set aside only for an unreadable activity answer are no longer set aside
    assert {r: c for r, c in got["reports"].items() if r != "2.2"} == {
        r: c for r, c in want["reports"].items() if r != "2.2"
    }
    assert got["reports"]["2.2"]["received"] >= want["reports"]["2.2"]["received"]
    assert metrics.tambon_progress(make_view(ds, province="43"))["with_activity"] is None


def test_missing_kpi_and_clip_length_columns_are_null(cfg, tmp_path):
    folder = _copy_demo(tmp_path)
    config = tmp_path / "programme.toml"
    # A configuration where the counts are optional: their sheet may lack them.
    text = cfg.path.read_text(encoding="utf-8").replace(
        'required = ["submitted_at", "province", "tambon", "leaders_developed", "leaders_driving"]',
        'required = ["submitted_at", "province", "tambon"]',
    )
    config.write_text(text, encoding="utf-8")
    other = load_config(config)
    drop = {other.sources["2.2"].columns["leaders_driving"], other.sources["3"].columns["duration"]}

    def without(head, rows):
        keep = [i for i, h in enumerate(head) if h not in drop]
        head[:] = [head[i] for i in keep]
        for r in rows:
            r[:] = [r[i] for i in keep]

    _edit(folder, "form_2_2.csv", without)
    _edit(folder, "form_3.csv", without)
    got = metrics.report_dict(make_view(load_dataset(str(folder), other)))
    assert got["kpi_driving_pct"] is None
    assert got["clips"]["over_length"] is None
    assert got["tambons"]["with_activity"] > 0


# ---- personal data quoted in a reason ------------------------------------------------------

NATIONAL_ID = "1101700203451"


@pytest.mark.parametrize(
    "text",
    ["0812345678", "081-234-5678", "+66 81 234 5678", "812345678", "02 123 4567", NATIONAL_ID,
     "1-1017-00203-45-1", "๑๑๐๑๗๐๐๒๐๓๔๕๑"],
)
def test_masked_in_text_as_in_exports(text):
    digits = v.national_id_digits(text)
    want = export.mask_national_id(text) if len(digits) == 13 else export.mask_phone(text)
    assert mask_text(f"อ่านตัวเลข 'อายุ (ปี)' ไม่ได้: '{text}'") == f"อ่านตัวเลข 'อายุ (ปี)' ไม่ได้: '{want}'"


@pytest.mark.parametrize("text", ["8/8/2564, 14:03:22", "44416.5857870370", "20,000 ครัวเรือน", "15 คน", "2:45"])
def test_other_numbers_in_a_detail_are_left_alone(text):
    assert mask_text(f"'{text}'") == f"'{text}'"


def test_reason_details_never_quote_an_id_or_a_phone(cfg, sheets):
    reg = [{"pair_id": "P1", "tambon_type": "ตำบลบ้านพี่", "province": "หนองคาย", "district": "ท่าบ่อ", "tambon": "ท่าบ่อ"}]
    base = {"submitted_at": "1/8/2564, 09:00:00", "province": "หนองคาย", "district": "ท่าบ่อ", "tambon": "ท่าบ่อ",
            "first_name": "สมชาย", "last_name": "ใจดี", "age": "45"}
    leaders = [
        {**base, "age": "081-234-5678"},  # a phone typed into age: bad_value
        {**base, "tambon": NATIONAL_ID},  # an ID typed into the tambon: unknown_place
        {**base, "submitted_at": "0812345678"},  # a phone as a timestamp
        {**base, "gender": "1-1017-00203-45-1"},  # an ID as a choice
    ]
    ds = load_dataset(str(sheets({"register": reg, "1.1": leaders})), cfg)
    table = metrics.quarantine_table(make_view(ds))
    assert len(table) == 4
    for detail in table["detail"]:
        assert "5678" in detail or "3451" in detail, detail
        assert "234-5678" not in detail and "0812345678" not in detail and "0203" not in detail, detail
    frame = export.export_table(make_view(ds), "quarantine")
    assert not frame["detail"].str.contains("234-5678|0812345678|0203", regex=True).any()
    text = export.to_csv_bytes(frame).decode("utf-8-sig")
    # the original cells too: the phone typed into age, the ID typed into the tambon
    assert NATIONAL_ID not in text and "081-234-5678" not in text and "08x-xxx-5678" in text
    # a phone typed into a question that is not the phone question is masked even for staff who may
    # see phones (masking by allow-list: only the phone field reaches them in clear); an ID never whole
    staff = export.to_csv_bytes(export.export_table(make_view(ds), "quarantine", show_phones=True)).decode("utf-8-sig")
    assert "081-234-5678" not in staff and "5678" in staff and NATIONAL_ID not in staff
