"""A set-aside row's detail and a correction line's detail: a catalogue key and its values, said
in Thai and in English from `dashboard.messages.details`; personal numbers masked the one way
(`dashboard.masking`); downloads keep the Thai `detail` and the English `detail_en`."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import openpyxl
import pytest

from dashboard import export, masking, metrics
from dashboard.cli import main
from dashboard.corrections import OUTCOME_COLUMNS
from dashboard.i18n import EN, TH, t
from dashboard.messages import Words, details
from dashboard.messages.details import Detail, render
from dashboard.pipeline import load_dataset, make_view
from dashboard.screen import screen_table

SRC = Path(__file__).resolve().parents[2] / "src" / "dashboard"
THAI = re.compile(r"[\u0E00-\u0E7F]")
QUOTED = re.compile(r"'[^']*'")
AREA = re.compile(r"^(detail|correction)\.")

REGISTER = [
    {"pair_id": "P1", "tambon_type": "ตำบลบ้านพี่", "province": "หนองคาย", "district": "ท่าบ่อ", "tambon": "ท่าบ่อ"},
    {"pair_id": "P1", "tambon_type": "ตำบลเมืองน้อง", "province": "หนองคาย", "district": "เมือง", "tambon": "ในเมือง"},
]
BASE = {"submitted_at": "1/8/2564, 09:00:00", "province": "หนองคาย", "district": "ท่าบ่อ", "tambon": "ท่าบ่อ",
        "tambon_type": "ตำบลบ้านพี่", "first_name": "สมชาย", "last_name": "ใจดี", "age": "45", "gender": "ชาย"}
LEADERS = [
    {**BASE, "age": "สี่สิบ"},  # row 2: not a number
    {**BASE, "district": "ท่าบ่อใหม่"},  # row 3: no such district in Nong Khai
    {**BASE, "age": "081-234-5678"},  # row 4: a phone typed into the age
    {**BASE, "province": "หนองคา"},  # row 5: no such province
    {**BASE, "tambon": "ท่าบ่อ", "first_name": ""},  # row 6: a required answer left blank
]


@pytest.fixture
def view(sheets):
    return make_view(load_dataset(str(sheets({"register": REGISTER, "1.1": LEADERS}))))


def _by_row(view) -> dict[int, dict]:
    t11 = view.tables["1.1"]
    return {int(r["row"]): r for _, r in t11.loc[t11["reason"].notna()].iterrows()}


# ---- the catalogue -----------------------------------------------------------------------------


def _keys_in_source() -> tuple[set[str], set[str]]:
    """The detail and correction keys the code names: literal keys, and f-string templates."""
    literal, templates = set(), set()
    for path in SRC.rglob("*.py"):
        if path.parts[-2:] == ("messages", "details.py"):
            continue
        text = path.read_text(encoding="utf-8")
        literal |= set(re.findall(r"(?<![f\w])[\"']((?:detail|correction)\.[a-z_]+)[\"']", text))
        templates |= set(re.findall(r"\bf[\"']((?:detail|correction)\.[a-z_{}]+)[\"']", text))
    return literal, templates


def test_every_detail_key_in_use_is_in_both_catalogues_and_none_is_unused():
    literal, templates = _keys_in_source()
    assert len(literal) >= 30 and templates  # the scan finds the raise and check sites
    patterns = [re.compile("^" + re.sub(r"\\\{[a-z_]+\\\}", "[a-z_]+", re.escape(x)) + "$") for x in templates]
    words = {k for k in details.TH if AREA.match(k)}
    assert literal <= words and literal <= set(details.EN)
    for pattern in patterns:
        assert any(pattern.match(k) for k in words), pattern.pattern
    unused = {k for k in words if k not in literal and not any(p.match(k) for p in patterns)}
    assert not unused
    # merged into the page catalogues, the same words
    assert all(TH[k] == details.TH[k] and EN[k] == details.EN[k] for k in details.TH)


def test_render_fills_each_language_and_a_both_value_reads_in_its_own():
    d = Detail.of("detail.unknown_district", text="ท่าบ่อใหม่", province=Words("หนองคาย", "Nong Khai"))
    assert d.text("th") == "ไม่พบอำเภอ 'ท่าบ่อใหม่' ในจังหวัดหนองคาย"
    assert d.text("en") == "No district 'ท่าบ่อใหม่' in Nong Khai province"
    assert render("detail.over_most", {"header": "Households", "most": 20000}, "en") == (
        "'Households' is over 20,000, impossible for one tambon"
    )
    assert t("detail.score_range", "en") == "The total score must be between 0 and 100"


# ---- the rows --------------------------------------------------------------------------------


def test_details_carry_their_key_and_values_and_read_in_both_languages(view):
    rows = _by_row(view)
    assert set(rows) == {2, 3, 4, 5, 6}
    bad = rows[2]
    assert bad["reason"] == "bad_value" and bad["detail_key"] == "detail.number_unreadable"
    assert bad["detail"] == "อ่านตัวเลข 'อายุ (ปี)' ไม่ได้: 'สี่สิบ'"
    assert bad["detail_en"] == "Cannot read 'Age' as a number: 'สี่สิบ'"
    assert bad["detail_values"] == {"header": Words("อายุ (ปี)", "Age"), "cell": "สี่สิบ"}
    assert rows[3]["detail"] == "ไม่พบอำเภอ 'ท่าบ่อใหม่' ในจังหวัดหนองคาย"
    assert rows[3]["detail_en"] == "No district 'ท่าบ่อใหม่' in Nong Khai province"
    assert rows[5]["detail_en"] == "Unknown province 'หนองคา'" and rows[5]["detail"] == "ไม่รู้จักจังหวัด 'หนองคา'"
    assert rows[6]["detail"] == "ไม่ได้กรอก 'ชื่อ'" and rows[6]["detail_en"] == "'First name' was left blank"


def test_a_phone_quoted_in_a_detail_is_masked_in_both_languages_as_in_its_own_column(view):
    row = _by_row(view)[4]
    assert row["detail"] == "อ่านตัวเลข 'อายุ (ปี)' ไม่ได้: '08x-xxx-5678'"
    assert row["detail_en"] == "Cannot read 'Age' as a number: '08x-xxx-5678'"
    assert row["detail_values"]["cell"] == export.mask_phone("081-234-5678") == "08x-xxx-5678"


def test_every_demo_detail_is_its_key_and_values_rendered_and_english_has_no_thai_words():
    view = make_view(load_dataset("demo"))
    seen = set()
    for table in view.tables.values():
        problems = table.loc[table["detail_key"].notna()]
        assert problems["reason"].notna().all() and table.loc[table["reason"].notna(), "detail_key"].notna().all()
        for key, values, th, en in problems[["detail_key", "detail_values", "detail", "detail_en"]].itertuples(index=False):
            assert key in TH and key in EN, key
            assert th == render(key, values, "th") and en == render(key, values, "en")
            assert not THAI.search(QUOTED.sub("", en)), en  # only what the sheet holds is quoted in Thai
            seen.add(key)
    assert len(seen) >= 8


# ---- one masking function ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, masked",
    [
        ("0812345678", "08x-xxx-5678"),
        ("+66 81 234 5678", "08x-xxx-5678"),
        ("๐๘๑๒๓๔๕๖๗๘", "08x-xxx-5678"),
        ("1-1017-00203-45-1", "•••••••••3451"),
        ("1101700203451", "•••••••••3451"),
        ("123456789012", "•••••••••9012"),
        ("8/8/2564, 14:03:22", "8/8/2564, 14:03:22"),
        ("20,000 ครัวเรือน", "20,000 ครัวเรือน"),
    ],
)
def test_one_masking_function_for_details_cells_and_downloads(text, masked):
    assert masking.mask_text(f"'{text}'") == f"'{masked}'"
    # the downloads' functions are the same ones
    assert export.mask_phone is masking.mask_phone and export.mask_national_id is masking.mask_national_id
    detail = Detail.of("detail.not_a_choice", header=Words("เพศ", "Gender"), cell=masking.mask_text(text))
    assert detail.text("th").endswith(f"'{masked}'") and detail.text("en").endswith(f"'{masked}'")


# ---- downloads keep both -----------------------------------------------------------------------


def test_downloads_carry_detail_and_detail_en(view, tmp_path):
    raw = export.export_table(view, "quarantine")
    assert list(raw.columns[:5]) == ["source", "row", "reason", "detail", "detail_en"]
    assert "detail_key" not in raw and "detail_values" not in raw
    assert "Cannot read 'Age' as a number: '08x-xxx-5678'" in set(raw["detail_en"])
    for lang, other, own, beside in (("th", "detail_en", "detail", "detail_en"), ("en", "detail_th", "detail_en", "detail")):
        st = screen_table(view, "quarantine", lang)
        heads = [t("col.detail", lang), t(f"col.{other}", lang)]
        csv_rows = list(csv.reader(io.StringIO(export.screen_csv_bytes(st).decode("utf-8-sig"))))
        assert csv_rows[0][4:6] == heads  # the file's language first, the other beside it
        assert [r[4] for r in csv_rows[1:]] == list(raw[own])
        assert [r[5] for r in csv_rows[1:]] == list(raw[beside])
        sheet = openpyxl.load_workbook(io.BytesIO(export.screen_xlsx_bytes(st))).worksheets[0]
        got = [[c.value for c in r] for r in sheet.iter_rows()]
        assert got[0][4:6] == heads and [r[5] for r in got[1:]] == list(raw[beside])
        # the page shows one detail, in its language
        page = st.page
        assert heads[1] not in page.columns
        assert list(page[heads[0]]) == list(raw[own])


def test_cli_export_keeps_both_details(sheets, tmp_path, monkeypatch):
    from dashboard import audit

    monkeypatch.setenv(audit.AUDIT_ENV, str(tmp_path / "downloads.jsonl"))
    folder = sheets({"register": REGISTER, "1.1": LEADERS})
    out = tmp_path / "q.csv"
    assert main(["export", "--source", str(folder), "--table", "quarantine", "--format", "csv", "--out", str(out),
                 "--lang", "en"]) == 0
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("utf-8-sig"))))
    assert rows[0][4:6] == ["Detail", "Detail (Thai)"]
    assert "No district 'ท่าบ่อใหม่' in Nong Khai province" in [r[4] for r in rows[1:]]
    assert "ไม่พบอำเภอ 'ท่าบ่อใหม่' ในจังหวัดหนองคาย" in [r[5] for r in rows[1:]]
    thai = tmp_path / "q-th.xlsx"
    assert main(["export", "--source", str(folder), "--table", "quarantine", "--format", "xlsx", "--out", str(thai)]) == 0
    sheet = openpyxl.load_workbook(thai).worksheets[0]
    head = [c.value for c in next(sheet.iter_rows())]
    assert head[4:6] == ["รายละเอียด", "รายละเอียด (ภาษาอังกฤษ)"]  # the Thai detail as before, English beside
    raw = tmp_path / "q-raw.csv"
    assert main(["export", "--source", str(folder), "--table", "quarantine", "--format", "csv", "--out", str(raw),
                 "--raw"]) == 0
    head = next(csv.reader(io.StringIO(raw.read_bytes().decode("utf-8-sig"))))
    assert head[:5] == ["source", "row", "reason", "detail", "detail_en"]


# ---- corrections -------------------------------------------------------------------------------


def test_correction_outcomes_say_why_in_both_languages(sheets):
    folder = sheets({"register": REGISTER, "1.1": LEADERS})
    (folder / "corrections.csv").write_text(
        "แหล่งข้อมูล,แถว,ช่อง,ค่าเดิม,ค่าใหม่,ผู้แก้ไข\n"
        "9.9,2,age,สี่สิบ,40,s@cdd.go.th\n"  # no such source
        "1.1,2,age,สี่สิบ,สี่สิบห้า,s@cdd.go.th\n",  # the new value still cannot be read
        encoding="utf-8",
    )
    ds = load_dataset(str(folder))
    out = ds.corrections
    assert list(out.columns) == OUTCOME_COLUMNS
    first, second = out.iloc[0], out.iloc[1]
    assert first["detail_key"] == "correction.unknown_source"
    assert first["detail"] == "ไม่รู้จักแหล่งข้อมูล '9.9'" and first["detail_en"] == "Unknown source '9.9'"
    assert second["outcome"] == "invalid" and second["detail_key"] == "correction.still_unreadable"
    assert second["detail"] == "ค่าใหม่ยังอ่านไม่ได้: อ่านตัวเลข 'อายุ (ปี)' ไม่ได้: 'สี่สิบห้า'"
    assert second["detail_en"] == "The new value still cannot be read: Cannot read 'Age' as a number: 'สี่สิบห้า'"
    lines = export.correction_lines(make_view(ds))
    assert {"detail", "detail_en"} <= set(lines.columns) and "detail_key" not in lines


def test_a_refused_correction_carries_its_key_and_says_it_in_both_languages(sheets):
    from dashboard import corrections as fx

    ds = load_dataset(str(sheets({"register": REGISTER, "1.1": LEADERS})))
    fix = fx.Correction("1.1", 2, "province", "หนองคาย", "ขอนแก่น", "s@cdd.go.th")
    with pytest.raises(fx.CorrectionRefused) as err:
        fx.check_scope(fix, ds.raw.tables, ds.cfg, "staff", ("43",))
    assert err.value.key == "correction.value_not_yours"
    assert err.value.message_th == "ค่าใหม่ย้ายแถวไปจังหวัดขอนแก่น ซึ่งอยู่นอกจังหวัดที่บัญชีนี้ดูแล"
    assert err.value.message_en == "The new value moves the row to Khon Kaen, outside your provinces."
    with pytest.raises(fx.CorrectionRefused) as err:
        fx.check_scope(fix, ds.raw.tables, ds.cfg, "executive", None)
    assert err.value.key == "correction.staff_only" and err.value.message("en") == "Only staff may correct rows."


def test_quarantine_lead_is_stated_once():
    assert metrics.QUARANTINE_LEAD == ("source", "row", "reason", "detail", "detail_en")
    for module in ("export.py", "screen.py", "metrics.py"):
        text = (SRC / module).read_text(encoding="utf-8")
        assert text.count('("source", "row", "reason"') == (1 if module == "metrics.py" else 0), module
