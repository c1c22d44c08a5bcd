"""Catalogues in step, and numbers and dates as Thai readers expect them."""

from __future__ import annotations

import re
import string
from datetime import date, datetime, timezone

import pandas as pd
import pytest

from dashboard import i18n
from dashboard.config import GRADES, PHASES, REPORT_IDS, SOURCE_IDS
from dashboard.i18n import EN, TH, fmt_int, fmt_num, fmt_pct, t, thai_date, thai_datetime

THAI = re.compile(r"[\u0E00-\u0E7F]")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_catalogues_have_the_same_keys():
    assert set(TH) == set(EN), (sorted(set(TH) - set(EN)), sorted(set(EN) - set(TH)))


@pytest.mark.parametrize("key", sorted(TH))
def test_placeholders_match_and_nothing_is_blank(key):
    assert TH[key].strip() and EN[key].strip()
    assert _fields(TH[key]) == _fields(EN[key])


def test_thai_catalogue_is_thai():
    # Every Thai string differs from the English one except names and pure layouts of figures.
    same = {k for k in TH if TH[k] == EN[k]}
    assert same <= {"lang.th", "lang.en", "source.gsheets", "chart.value_of_target", "reports.by_area"}


@pytest.mark.parametrize(
    "key",
    [
        *(f"page.{p}" for p in ("overview", "reports", "clips", "map", "data")),
        *(f"report.{sid}" for sid in SOURCE_IDS),
        *(f"report_short.{sid}" for sid in SOURCE_IDS),
        *(f"status.{s}" for s in ("on_time", "late", "missing")),
        *(f"grade.{g}" for g in (*GRADES, "unrated")),
        *(f"phase.{p}" for p in PHASES),
        *(f"pairs.{p}" for p in ("both", "one", "none")),
        "map.no_boundaries",
        "map.attribution",
        "source.line",
        "download.csv",
        "download.xlsx",
    ],
)
def test_pages_strings_exist(key):
    assert key in TH


def test_quarantine_reasons_cover_the_contract():
    from dashboard.normalize.forms import REASONS

    for reason in REASONS:
        assert THAI.search(t(f"reason.{reason}", "th")), reason
        assert t(f"reason.{reason}", "en") != f"reason.{reason}"


def test_report_titles_follow_the_configuration(cfg):
    for sid in SOURCE_IDS:
        assert i18n.report_title(sid, "th") == cfg.sources[sid].title_th
        assert i18n.report_title(sid, "en") == cfg.sources[sid].title_en
    assert set(REPORT_IDS) <= set(SOURCE_IDS)


def test_statuses_grades_phases_in_thai_and_english():
    assert [i18n.status_label(s) for s in ("on_time", "late", "missing")] == ["ตรงเวลา", "ล่าช้า", "ยังไม่ส่ง"]
    assert [i18n.grade_label(g) for g in (*GRADES, "unrated")] == [
        "A ดีเยี่ยม",
        "B ดีมาก",
        "C ปานกลาง",
        "D ปรับปรุง",
        "ยังไม่ประเมิน",
    ]
    assert [i18n.phase_label(p) for p in PHASES] == ["เข้าใจ", "เข้าถึง", "พัฒนา"]
    assert i18n.status_label("late", "en") == "Late"
    assert i18n.grade_label("unrated", "en") == "Not rated"


def test_t_formats_and_falls_back():
    assert t("headline.of_target", "th", target="30,000") == "จากเป้าหมาย 30,000"
    assert t("headline.of_target", "en", target="30,000") == "of 30,000"
    assert t("page.map") == "แผนที่"  # Thai first
    assert t("page.map", "EN") == "Map"
    assert t("page.map", "fr") == "แผนที่"
    assert t("no.such.key", "en") == "no.such.key"
    assert i18n.grade_label("Z") == "Z"
    assert i18n.grade_label(None) == "—"


@pytest.mark.parametrize(
    ("value", "text"),
    [(30000, "30,000"), (0, "0"), (1234567, "1,234,567"), (15.0, "15"), (None, "—"), (pd.NA, "—"), (float("nan"), "—")],
)
def test_fmt_int(value, text):
    assert fmt_int(value) == text


def test_fmt_pct_and_num():
    assert fmt_pct(41.234) == "41.2%"
    assert fmt_pct(100) == "100.0%"
    assert fmt_pct(75, digits=0) == "75%"
    assert fmt_pct(None) == "—"
    assert fmt_num(87.5) == "87.5"
    assert fmt_num(1234.5, 2) == "1,234.50"
    assert i18n.pct(1, 4) == 25.0
    assert i18n.pct(1, 0) is None


@pytest.mark.parametrize(
    ("value", "th", "en"),
    [
        (date(2021, 8, 8), "8 ส.ค. 2564", "8 Aug 2021"),
        (date(2021, 1, 31), "31 ม.ค. 2564", "31 Jan 2021"),
        (date(2021, 12, 1), "1 ธ.ค. 2564", "1 Dec 2021"),
        ("2021-09-15", "15 ก.ย. 2564", "15 Sep 2021"),
        (pd.Timestamp("2021-09-30"), "30 ก.ย. 2564", "30 Sep 2021"),
        # 20:00 UTC on the 7th is already the 8th in Bangkok
        (datetime(2021, 8, 7, 20, 0, tzinfo=timezone.utc), "8 ส.ค. 2564", "8 Aug 2021"),
        (None, "—", "—"),
        (pd.NaT, "—", "—"),
    ],
)
def test_thai_date(value, th, en):
    assert thai_date(value, "th") == th
    assert thai_date(value, "en") == en


def test_thai_datetime():
    ts = pd.Timestamp("2021-08-08 14:03:22", tz="Asia/Bangkok")
    assert thai_datetime(ts, "th") == "8 ส.ค. 2564 14:03 น."
    assert thai_datetime(ts, "en") == "8 Aug 2021 14:03"
    assert thai_datetime(ts.tz_convert("UTC"), "th") == "8 ส.ค. 2564 14:03 น."
    assert thai_datetime(date(2021, 8, 8)) == "8 ส.ค. 2564"
    assert thai_datetime(None) == "—"


def test_all_twelve_thai_months():
    assert [thai_date(date(2021, m, 1)).split()[1] for m in range(1, 13)] == list(i18n.TH_MONTHS)
    assert len(set(i18n.TH_MONTHS)) == 12
