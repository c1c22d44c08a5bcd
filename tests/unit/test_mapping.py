"""The header check: Thai-aware wording, kinds of values, proposals, ties, and the overlay."""

from __future__ import annotations

import pandas as pd
import pytest

from dashboard import mapping
from dashboard.config import load_config
from dashboard.errors import ConfigError
from dashboard.sources import read_source
from dashboard.testing import rewordings as rw


@pytest.fixture(scope="module")
def demo_raw(cfg):
    return read_source("demo", cfg).tables


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("\u200bความยาวคลิป (นาที:วินาที)", "ความยาวคลิป"),
        ("เลขบัตรประจำตัวประชาชน 13 หลัก", "เลขบัตรประจำตัวประชาชน"),
        ("เลขบัตรประจําตัวประชาชน ๑๓ หลัก", "เลขบัตรประจำตัวประชาชน"),  # sara am typed as two marks
        ("มีกิจกรรมการพึ่งตนเอง/รองรับภัยพิบัติหรือไม่", "มีกิจกรรมการพึ่งตนเอง รองรับภัยพิบัติ"),
        ("ชื่อ-นามสกุลผู้รายงาน :", "ชื่อ นามสกุลผู้รายงาน"),
        ("ความยาวของคลิป", "ความยาวคลิป"),
        ("จำนวนผู้นำการเปลี่ยนแปลง (คน)", "จำนวนผู้นำการเปลี่ยนแปลง"),
        ("ลิงก์  YouTube\u00a0", "ลิงก์ youtube"),
        ("ลิ้งค์ยูทูป", "ลิงก์youtube"),  # loanwords in Thai script, misspelt as people type them
        ("ลิงค์เฟสบุ๊ค", "ลิงก์facebook"),
        ("URL คลิป", "ลิงก์ คลิป"),
    ],
)
def test_fold_words_keeps_only_what_tells_questions_apart(text, folded):
    assert mapping.fold_words(text) == folded


@pytest.mark.parametrize(
    ("header", "right", "wrong"),
    [
        ("เลขบัตรประจำตัวประชาชน 13 หลัก", "เลขประจำตัวประชาชน", "เบอร์โทรศัพท์"),
        ("ความยาวของคลิป", "ความยาวคลิป (นาที:วินาที)", "ชื่อคลิป"),
        ("เบอร์โทร", "เบอร์โทรศัพท์ผู้รายงาน", "ชื่อผู้รายงาน"),
        ("ชื่อ-นามสกุลผู้รายงาน", "ชื่อผู้รายงาน", "เบอร์โทรศัพท์ผู้รายงาน"),
        ("มีกิจกรรมการพึ่งตนเอง/รองรับภัยพิบัติหรือไม่", "มีกิจกรรมพึ่งตนเองและรองรับภัยพิบัติ", "วิเคราะห์หมู่บ้าน (SWOT)"),
        ("ตู้ยาข้างบ้าน", "ครัวเรือนที่มีตู้ยาข้างบ้าน (ครัวเรือน)", "ครัวเรือนที่มีตู้อาหารข้างครัว (ครัวเรือน)"),
        ("ชื่อ (ไม่ต้องใส่คำนำหน้า)", "ชื่อ", "คำนำหน้าชื่อ"),
    ],
)
def test_a_reworded_header_is_closer_to_its_question_than_to_another(header, right, wrong):
    assert mapping.wording_similarity(header, right) > mapping.wording_similarity(header, wrong) + 0.1


def test_same_wording_is_one_and_nothing_is_zero():
    assert mapping.wording_similarity("จังหวัด :", "จังหวัด") == 1.0
    assert mapping.wording_similarity("", "จังหวัด") == 0.0


def _id(first12: str) -> str:
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return first12 + str((11 - total % 11) % 10)


def test_kind_readers_check_a_sample_of_cells(cfg):
    spec = cfg.sources["1.1"]
    good = _id("343000000001")
    bad = good[:12] + str((int(good[12]) + 1) % 10)  # a wrong check digit
    ids = [good, _id("110170020345"), bad, "", "abc"]
    read = mapping.kind_reader(cfg, spec, "national_id")
    cells = mapping.sample_cells(pd.Series(ids))
    assert cells == [good, ids[1], bad, "abc"]  # blanks are not sampled
    assert mapping.readable(cells, read) == 2
    phone = mapping.kind_reader(cfg, spec, "phone")
    assert mapping.readable(["0812345678", "812345678", "+66 81 234 5678", "15", "นาย ก"], phone) == 3
    gender = mapping.kind_reader(cfg, spec, "gender")
    assert mapping.readable(["ชาย", "หญิง", "ญ", "43"], gender) == 3
    clip = mapping.kind_reader(cfg, cfg.sources["3"], "youtube_url")
    assert mapping.readable(["https://youtu.be/dQw4w9WgXcQ", "https://www.facebook.com/x/videos/1"], clip) == 1
    when = mapping.kind_reader(cfg, spec, "submitted_at")
    assert mapping.readable(["8/8/2564, 14:03:22", "44416.5", "เมื่อวาน"], when) == 2


def test_the_clean_demo_maps_every_field_and_proposes_nothing(cfg, demo_raw):
    result = mapping.check_tables(demo_raw, cfg)
    assert result.ok
    for check in result.sources.values():
        assert [f.field for f in check.fields if f.state != "mapped"] == []
        assert check.proposals == [] and check.unknown == []
    assert result.pairs() == []


@pytest.mark.parametrize("variant", [0, 1, 2])
def test_every_reworded_field_is_proposed_right(cfg, demo_raw, variant):
    headers = rw.variant_headers(variant)
    result = mapping.check_tables(rw.rename(demo_raw, cfg, headers), cfg)
    assert result.ok
    for sid, fields in headers.items():
        check = result.sources[sid]
        exact = {f.mapped for f in check.fields if f.mapped is not None}
        for f in check.fields:
            if f.field in fields:
                got = f.mapped if f.mapped is not None else (f.proposed.header if f.proposed else None)
                assert got == fields[f.field], (sid, f.field, f.state, f.candidates[:2])
        # A header mapped as configured is never proposed for another field.
        assert not exact & {h for _, h in check.proposals}
        assert not exact & set(check.unknown)


def test_two_equally_likely_headers_are_named_and_neither_is_proposed(cfg, demo_raw):
    tables = dict(demo_raw)
    form = tables["2.1"]
    phones = form["เบอร์โทรศัพท์ผู้รายงาน"]
    form = form.drop(columns=["เบอร์โทรศัพท์ผู้รายงาน"]).assign(**{"เบอร์โทร 1": phones, "เบอร์โทร 2": phones})
    tables["2.1"] = form
    check = mapping.check_tables(tables, cfg).sources["2.1"]
    field = next(f for f in check.fields if f.field == "reporter_phone")
    assert field.state == "ambiguous" and field.proposed is None
    assert {c.header for c in field.tied} == {"เบอร์โทร 1", "เบอร์โทร 2"}
    assert check.proposals == []
    assert "เบอร์โทร 1" in mapping.render_text(mapping.check_tables(tables, cfg), "th")


def test_a_required_field_that_is_tied_or_absent_is_not_ready(cfg, demo_raw):
    tables = dict(demo_raw)
    links = tables["3"]["ลิงก์ YouTube"]
    tables["3"] = tables["3"].drop(columns=["ลิงก์ YouTube"]).assign(**{"ลิงก์ YouTube 1": links, "ลิงก์ YouTube 2": links})
    result = mapping.check_tables(tables, cfg)
    assert not result.sources["3"].ok and not result.ok
    assert next(f for f in result.sources["3"].fields if f.field == "youtube_url").state == "ambiguous"
    tables = dict(demo_raw)
    tables["4"] = tables["4"].drop(columns=["ระดับผลการประเมิน"])
    check = mapping.check_tables(tables, cfg).sources["4"]
    grade = next(f for f in check.fields if f.field == "grade")
    assert grade.state in ("missing", "unsure") and not check.ok


def test_a_column_of_the_wrong_kind_is_not_proposed(cfg, demo_raw):
    # The phone column renamed to the ID's wording: the words fit, the values do not.
    tables = dict(demo_raw)
    form = tables["1.1"].drop(columns=["เลขประจำตัวประชาชน"]).rename(columns={"เบอร์โทรศัพท์": "เลขบัตรประชาชน"})
    tables["1.1"] = form
    check = mapping.check_tables(tables, cfg).sources["1.1"]
    nid = next(f for f in check.fields if f.field == "national_id")
    assert nid.proposed is None and nid.state == "unsure"
    assert nid.candidates[0].header == "เลขบัตรประชาชน" and nid.candidates[0].read == 0
    assert nid.candidates[0].score < mapping.THRESHOLD <= nid.candidates[0].wording
    assert check.proposals == []


def test_a_sheet_without_answers_is_judged_by_its_wording(cfg, demo_raw):
    tables = {sid: frame.iloc[:0] for sid, frame in demo_raw.items()}
    tables = rw.rename(tables, cfg, {"3": {"duration": "ความยาวของคลิป", "youtube_url": "ลิ้งค์ YouTube"}})
    check = mapping.check_tables(tables, cfg).sources["3"]
    assert dict(check.proposals) == {"duration": "ความยาวของคลิป", "youtube_url": "ลิ้งค์ YouTube"}
    row = next(r for r in mapping.field_rows(check, "en") if r[0].startswith("duration"))
    assert row[2] == "proposed" and "no answers yet" in row[4]


def test_english_table_has_no_thai_words_of_its_own(cfg, demo_raw):
    tables = rw.rename(demo_raw, cfg, rw.variant_headers(0))
    text = mapping.render_text(mapping.check_tables(tables, cfg), "en")
    assert "proposed" in text and "Ready" in text
    for word in ("เสนอ", "พร้อมใช้", "จำเป็น"):
        assert word not in text


# ---- the overlay -----------------------------------------------------------------------------


def test_overlay_round_trips_through_the_configuration(cfg, demo_raw, tmp_path):
    headers = rw.variant_headers(0)
    result = mapping.check_tables(rw.rename(demo_raw, cfg, headers), cfg)
    path = tmp_path / "mapping.toml"
    path.write_text(mapping.overlay_toml(result.pairs()), encoding="utf-8")
    overlaid = load_config(None, path)
    assert overlaid.mapping == path.resolve()
    assert overlaid.sources["1.1"].columns["national_id"] == headers["1.1"]["national_id"]
    assert overlaid.sources["3"].columns["duration"] == "ความยาวของคลิป"
    # Fields the overlay does not name keep the programme's wording; the programme is untouched.
    assert overlaid.sources["register"].columns == {**cfg.sources["register"].columns, **overlaid.overlay.get("register", {})}
    assert load_config().sources["3"].columns["duration"] == "ความยาวคลิป (นาที:วินาที)"
    # Checked again with the overlay, every pair is mapped from it and nothing is proposed.
    again = mapping.check_tables(rw.rename(demo_raw, cfg, headers), overlaid)
    assert again.ok and all(s.proposals == [] for s in again.sources.values())
    assert sorted(again.pairs()) == sorted(result.pairs())
    assert any(r[2] == "ตามไฟล์จับคู่" for r in mapping.field_rows(again.sources["3"], "th"))


def test_overlay_from_the_environment(cfg, tmp_path, monkeypatch):
    path = tmp_path / "m.toml"
    path.write_text(mapping.overlay_toml([("4", 'คะแนน "รวม"\\', "score")]), encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_MAPPING", str(path))
    assert load_config().sources["4"].columns["score"] == 'คะแนน "รวม"\\'
    monkeypatch.delenv("DASHBOARD_MAPPING")
    assert load_config().sources["4"].columns["score"] == "คะแนนรวม (เต็ม 100)"


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ('[[mapping]]\nsource = "9"\nheader = "x"\nfield = "score"\n', "entry 1"),
        ('[[mapping]]\nsource = "4"\nheader = "x"\nfield = "nope"\n', "field 'nope'"),
        ('[[mapping]]\nsource = "4"\nheader = ""\nfield = "score"\n', "entry 1"),
        ("[[mapping]\n", "not valid TOML"),
    ],
)
def test_a_bad_overlay_is_a_clear_error(tmp_path, text, problem):
    path = tmp_path / "bad.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ConfigError, match=problem):
        load_config(None, path)


def test_a_missing_overlay_file_is_a_clear_error(tmp_path):
    with pytest.raises(ConfigError, match="not found"):
        load_config(None, tmp_path / "none.toml")
