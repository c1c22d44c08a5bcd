"""The table on screen is the table in the file: one builder (`screen.screen_table`) for the page
and the download, in Thai and English; XLSX made for work (typed cells, frozen bold header with
filter buttons, Thai Buddhist dates, codes as text, a sheet saying what the file is); CSV with the
same headings and words plus ISO dates."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, datetime

import openpyxl
import pytest

from dashboard import downloads, export, metrics, screen
from dashboard.access import PUBLIC, Access
from dashboard.config import load_config
from dashboard.i18n import reason_label, t, tambon_type_label, thai_date, thai_datetime
from dashboard.pipeline import load_dataset, make_view
from dashboard.ui import tables

NONG_KHAI = "43"
BOM = b"\xef\xbb\xbf"
STAFF = Access("staff.nk@cdd.go.th", "staff", (NONG_KHAI,), True, True)


@pytest.fixture(scope="module")
def demo():
    return make_view(load_dataset("demo", load_config()), province=NONG_KHAI)


def _book(data: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(data))


def _csv(data: bytes) -> list[list[str]]:
    assert data.startswith(BOM)
    return list(csv.reader(io.StringIO(data[len(BOM):].decode("utf-8"), newline="")))


# ---- the builder ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["th", "en"])
def test_a_form_is_the_data_pages_table(demo, lang):
    st = screen.screen_table(demo, "1.1", lang)
    page = tables.data_display(export.export_table(demo, "1.1"), "1.1", demo.cfg, lang)
    assert list(st.shown.columns) == list(page.columns) == list(st.typed.columns)
    assert st.shown.equals(page)
    head = [t(f"col.{c}", lang) for c in ("row", "submitted_at", "province", "district", "tambon")]
    assert list(st.shown.columns[:5]) == head
    words = {"th": {"ชาย", "หญิง", "ไม่ระบุ"}, "en": {"Male", "Female", "Unspecified"}}[lang]
    assert {"ชาย", "หญิง"} <= set(st.shown[{"th": "เพศ", "en": "Gender"}[lang]].dropna()) | {"ชาย", "หญิง"}
    assert set(st.shown[{"th": "เพศ", "en": "Gender"}[lang]].dropna()) <= words
    kinds = {tambon_type_label(k, lang) for k in ("older", "younger")}
    assert set(st.shown[t("col.tambon_type", lang)]) <= kinds | {"—"}
    assert (lang == "th") == ("ตำบลบ้านพี่" in kinds)
    # true/false in words, not True/False
    assert set(st.shown[t("col.national_id_valid", lang)].dropna()) <= {t("yes", lang), t("no", lang)}
    assert st.title == t("report.1.1", lang)


@pytest.mark.parametrize("lang", ["th", "en"])
def test_typed_cells_are_the_shown_cells_by_value(demo, lang):
    st = screen.screen_table(demo, "1.1", lang)
    stamp = t("col.submitted_at", lang)
    assert st.kinds[stamp] == "datetime" and st.kinds[t("col.row", lang)] == "row"
    assert all(isinstance(v, datetime) and v.tzinfo is None for v in st.typed[stamp])
    assert [thai_datetime(v, lang) for v in st.typed[stamp]] == list(st.shown[stamp])
    age = {"th": "อายุ (ปี)", "en": "Age"}[lang]
    assert st.kinds[age] == "int" and {type(v) for v in st.typed[age].dropna()} <= {int}
    assert st.kinds[t("col.tambon_code", lang)] == "code"


def test_set_aside_rows_give_the_reason_in_words_and_code_and_the_sheet_row(demo):
    rows = export.export_table(demo, "quarantine")
    for lang in ("th", "en"):
        st = screen.screen_table(demo, "quarantine", lang)
        # a file keeps the detail in both languages: its own first, the other beside it
        other = {"th": "detail_en", "en": "detail_th"}[lang]
        lead = [t(f"col.{c}", lang) for c in ("source", "row", "reason", "reason_code", "detail", other)]
        assert list(st.shown.columns[:6]) == lead
        assert list(st.shown[t("col.row", lang)]) == list(rows["row"])
        assert list(st.shown[t("col.reason_code", lang)]) == list(rows["reason"])
        assert list(st.shown[t("col.reason", lang)]) == [reason_label(r, lang) for r in rows["reason"]]
        own, beside = (rows["detail_en"], rows["detail"]) if lang == "en" else (rows["detail"], rows["detail_en"])
        assert list(st.shown[t("col.detail", lang)]) == list(own)
        assert list(st.shown[t(f"col.{other}", lang)]) == list(beside)
        # the page: the file's table without the other language's detail
        page = tables.quarantine_display(rows, lang)
        assert list(st.page.columns) == list(page.columns) == [c for c in st.shown.columns if c != lead[-1]]
        assert list(st.page[t("col.detail", lang)]) == list(own) == list(page[t("col.detail", lang)])


def test_missing_units_and_deadlines_typed_as_days(demo):
    st = screen.screen_table(demo, "missing-2.1", "th")
    assert list(st.shown.columns) == [t(f"col.{c}") for c in
                                      ("tambon_code", "tambon", "district", "province", "tambon_type", "pair_id",
                                       "partner_tambon")]
    assert set(st.shown[t("col.tambon_type")]) <= {"ตำบลบ้านพี่", "ตำบลเมืองน้อง"}
    country = make_view(demo.dataset, as_of=date(2021, 7, 20))
    clips = screen.screen_table(country, "missing-3", "en")
    assert len(clips) > 0 and clips.kinds["Deadline"] == "date"
    assert all(type(v) is date for v in clips.typed["Deadline"])
    assert [thai_date(v, "en") for v in clips.typed["Deadline"]] == list(clips.shown["Deadline"])


def test_the_clips_list_is_the_clips_pages_list(demo):
    st = screen.screen_table(demo, "clips", "th")
    assert st.shown.equals(tables.clips_display(metrics.clips_table(demo), demo.cfg, "th"))
    over = screen.screen_table(demo, "clips-over", "en")
    assert len(over) == int(metrics.clips_table(demo)["over_length"].sum())


@pytest.mark.parametrize("table", export.table_ids())
@pytest.mark.parametrize("lang", ["th", "en"])
def test_every_sheet_name_is_a_valid_excel_name(table, lang):
    title = export._sheet_title(screen.table_title(table, lang))
    assert 0 < len(title) <= 31 and not re.search(r"[\[\]:*?/\\]", title)


# ---- the workbook --------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["th", "en"])
def test_xlsx_is_made_for_work(demo, lang):
    data = downloads.prepare(demo, "1.1", "xlsx", lang=lang, log=False).data
    st = screen.screen_table(demo, "1.1", lang)
    wb = _book(data)
    ws = wb.worksheets[0]
    assert ws.title == st.title[:31]
    # header: the screen's headings, bold, frozen, with filter buttons over every row
    header = [c for c in next(ws.iter_rows(max_row=1))]
    assert [c.value for c in header] == list(st.shown.columns)
    assert all(c.font.b for c in header)
    assert ws.freeze_panes == "A2"
    last = openpyxl.utils.get_column_letter(len(header))
    assert ws.auto_filter.ref == f"A1:{last}{len(st) + 1}"
    rows = list(ws.iter_rows(min_row=2))
    assert len(rows) == len(st)
    col = {c.value: i for i, c in enumerate(header)}
    # real date-times, in the Thai Buddhist calendar in Thai
    stamp = [r[col[t("col.submitted_at", lang)]] for r in rows]
    assert all(c.is_date and isinstance(c.value, datetime) for c in stamp)
    assert [c.value for c in stamp] == list(st.typed[t("col.submitted_at", lang)])
    fmt = stamp[0].number_format
    if lang == "th":
        assert fmt.startswith("[$-107041E]") and "yyyy" in fmt  # calendar 07: Thai Buddhist Era
    else:
        assert "$-" not in fmt and "yyyy" in fmt
    # numbers as numbers, codes as text
    age = {"th": "อายุ (ปี)", "en": "Age"}[lang]
    assert all(isinstance(r[col[age]].value, int) for r in rows if r[col[age]].value is not None)
    assert all(r[col[t("col.row", lang)]].data_type == "n" for r in rows)
    codes = [r[col[t("col.tambon_code", lang)]] for r in rows]
    assert all(c.data_type == "s" and re.fullmatch(r"\d{6}", c.value) for c in codes)
    # widths fit the contents: the Thai timestamp column is wider than the row number
    widths = {h: ws.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width for h, i in col.items()}
    assert widths[t("col.submitted_at", lang)] > widths[t("col.row", lang)] >= 6


def test_the_second_sheet_says_what_the_file_is(demo):
    view = make_view(demo.dataset, province=NONG_KHAI, as_of=date(2021, 8, 8))
    wb = _book(downloads.prepare(view, "missing-2.1", "xlsx", STAFF, log=False).data)
    assert wb.sheetnames[1] == t("file.about_sheet")
    about = {r[0]: r[1] for r in wb.worksheets[1].iter_rows(values_only=True)}
    assert about[t("file.table")] == screen.table_title("missing-2.1")
    assert about[t("file.filters")] == "จังหวัดหนองคาย"
    assert about[t("file.as_of")] == "8 ส.ค. 2564"
    assert about[t("file.rows")] == str(len(export.export_table(view, "missing-2.1")))
    assert about[t("file.downloaded_by")] == "staff.nk@cdd.go.th"
    assert about[t("file.masking")] == screen.masking_text(True, True)
    assert about[t("file.pulled_at")] == thai_datetime(view.dataset.raw.pulled_at)
    en = _book(downloads.prepare(view, "missing-2.1", "xlsx", PUBLIC, lang="en", log=False).data)
    about = {r[0]: r[1] for r in en.worksheets[1].iter_rows(values_only=True)}
    assert about["Filters"] == "Nong Khai province" and about["As of"] == "8 Aug 2021"
    assert about["Personal data masking"] == screen.masking_text(False, False, "en")
    assert "Names: initials only" in about["Personal data masking"]


def test_the_same_table_gives_the_same_bytes(demo):
    a = downloads.prepare(demo, "1.1", "xlsx", log=False).data
    b = downloads.prepare(demo, "1.1", "xlsx", log=False).data
    assert a == b
    assert _book(a).properties.created.replace(microsecond=0) == export._utc_naive(demo.dataset.raw.pulled_at)


def test_text_width_counts_what_takes_room():
    assert export.text_width("ที่นี่") == 2  # vowels and tone marks above a letter take none
    assert export.text_width("ประทับเวลา") == 9
    assert export.text_width("Row") == 3


# ---- the CSV -------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["th", "en"])
def test_csv_is_the_screen_plus_iso_dates(demo, lang):
    st = screen.screen_table(demo, "1.1", lang)
    rows = _csv(downloads.prepare(demo, "1.1", "csv", lang=lang, log=False).data)
    stamp = t("col.submitted_at", lang)
    iso = t("file.iso", lang, column=stamp)
    expected = list(st.shown.columns)
    expected.insert(expected.index(stamp) + 1, iso)
    assert rows[0] == expected
    i, j = rows[0].index(stamp), rows[0].index(iso)
    assert [r[i] for r in rows[1:]] == list(st.shown[stamp])
    assert [datetime.fromisoformat(r[j]) for r in rows[1:]] == [
        v.replace(tzinfo=datetime.fromisoformat(r[j]).tzinfo) for v, r in zip(st.typed[stamp], rows[1:])
    ]
    assert all(r[j].endswith("+07:00") for r in rows[1:])
    gender = rows[0].index({"th": "เพศ", "en": "Gender"}[lang])
    assert {r[gender] for r in rows[1:]} == set(st.shown[rows[0][gender]].fillna(""))


# ---- leading zeros and formulas, with everything shown ---------------------------------------

REGISTER = [
    {"pair_id": "P0001", "tambon_type": "ตำบลบ้านพี่", "province": "หนองคาย", "district": "ท่าบ่อ", "tambon": "ท่าบ่อ"},
    {"pair_id": "P0001", "tambon_type": "ตำบลเมืองน้อง", "province": "หนองคาย", "district": "เมือง", "tambon": "ในเมือง"},
]
LEADERS = [
    {"submitted_at": "1/8/2564, 09:00:00", "province": "หนองคาย", "district": "ท่าบ่อ", "tambon": "ท่าบ่อ",
     "tambon_type": "ตำบลบ้านพี่", "title": "นาย", "first_name": "=HYPERLINK(\"http://x\",\"สมชาย\")",
     "last_name": "@ใจดี", "national_id": "", "age": "45", "gender": "ชาย", "role": "อช.", "phone": "0812345678"},
]


@pytest.fixture
def small(sheets):
    return make_view(load_dataset(sheets({"register": REGISTER, "1.1": LEADERS}), load_config()))


def test_codes_and_phones_keep_their_zeros_and_formulas_stay_text(small):
    wb = _book(downloads.prepare(small, "1.1", "xlsx", STAFF, log=False).data)
    ws = wb.worksheets[0]
    header = [c.value for c in next(ws.iter_rows(max_row=1))]
    (row,) = list(ws.iter_rows(min_row=2))
    phone = row[header.index("เบอร์โทรศัพท์")]
    assert phone.value == "0812345678" and phone.data_type == "s" and phone.number_format == "@"
    name = row[header.index("ชื่อ")]
    assert name.data_type == "s" and name.value.startswith("'=HYPERLINK")
    assert row[header.index("นามสกุล")].value == "'@ใจดี"
    reg = _book(downloads.prepare(small, "register", "xlsx", STAFF, log=False).data).worksheets[0]
    head = [c.value for c in next(reg.iter_rows(max_row=1))]
    assert {r[head.index(t("col.pair_id"))].value for r in reg.iter_rows(min_row=2)} == {"P0001"}
    rows = _csv(downloads.prepare(small, "1.1", "csv", STAFF, log=False).data)
    body = dict(zip(rows[0], rows[1]))
    assert body["เบอร์โทรศัพท์"] == "0812345678" and body["ชื่อ"].startswith("'=")
    # masked for the public, as before
    public = _csv(downloads.prepare(small, "1.1", "csv", PUBLIC, log=False).data)
    masked = dict(zip(public[0], public[1]))
    assert masked["เบอร์โทรศัพท์"] == "08x-xxx-5678" and masked["ชื่อ"] == "'=•••"
