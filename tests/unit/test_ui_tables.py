"""Page tables and cards built from the core's outputs, and the filters read from a URL."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from dashboard import metrics
from dashboard.config import REPORT_IDS
from dashboard.i18n import t
from dashboard.pipeline import load_dataset, make_view
from dashboard.ui import charts, tables
from dashboard.ui.session import Filters, filters_from_params

REGISTER = [
    {"pair_id": "P1", "tambon_type": "ตำบลบ้านพี่", "province": "หนองคาย", "district": "ท่าบ่อ", "tambon": "ท่าบ่อ"},
    {"pair_id": "P1", "tambon_type": "ตำบลเมืองน้อง", "province": "หนองคาย", "district": "เมือง", "tambon": "ในเมือง"},
    {"pair_id": "P2", "tambon_type": "ตำบลบ้านพี่", "province": "อุดรธานี", "district": "เมือง", "tambon": "หมากแข้ง"},
    {"pair_id": "P2", "tambon_type": "ตำบลเมืองน้อง", "province": "อุดรธานี", "district": "เมือง", "tambon": "หนองบัว"},
]


def _leader(n: int, tambon: str, district: str, day: int) -> dict:
    return {"submitted_at": f"{day}/8/2564, 09:{n % 60:02d}:00", "province": "หนองคาย", "district": district,
            "tambon": tambon, "tambon_type": "ตำบลบ้านพี่", "title": "นาย", "first_name": f"ชื่อ{n}",
            "last_name": f"สกุล{n}", "national_id": "", "age": "40", "gender": "ชาย", "role": "อช.",
            "phone": "0812345678"}


@pytest.fixture
def view(sheets, cfg):
    folder = sheets(
        {
            "register": REGISTER,
            "1.1": [_leader(n, "ท่าบ่อ", "ท่าบ่อ", 1) for n in range(15)] + [_leader(99, "ในเมือง", "เมือง", 20)],
            "3": [
                {"submitted_at": "1/8/2564, 10:00", "province": "หนองคาย", "phase": "พัฒนา", "title": "ก",
                 "youtube_url": "https://youtu.be/aaaaaaaaaaa", "duration": "2:30"},
                {"submitted_at": "2/8/2564, 10:00", "province": "หนองคาย", "phase": "เข้าใจ", "title": "ข",
                 "youtube_url": "https://youtu.be/bbbbbbbbbbb", "duration": "4:00"},
                {"submitted_at": "3/8/2564, 10:00", "province": "หนองคาย", "phase": "เข้าใจ", "title": "ค",
                 "youtube_url": "https://example.com/not-a-video", "duration": "1:00"},
            ],
        }
    )
    return make_view(load_dataset(folder, cfg))


# ---- places -------------------------------------------------------------------------------


def test_thai_names_sort_as_in_a_dictionary():
    names = ["แพร่", "เชียงใหม่", "พะเยา", "ชลบุรี", "กระบี่", "ชัยนาท"]
    assert sorted(names, key=tables.thai_sort_key) == ["กระบี่", "ชลบุรี", "ชัยนาท", "เชียงใหม่", "พะเยา", "แพร่"]


def test_province_and_district_options(cfg):
    codes = tables.province_options(cfg)
    assert len(codes) == 76 and "10" not in codes
    assert codes[:3] == ["81", "71", "46"]  # กระบี่, กาญจนบุรี, กาฬสินธุ์
    english = tables.province_options(cfg, "en")
    assert english[0] == "37"  # Amnat Charoen
    districts = tables.district_options(cfg, "43")
    assert len(districts) == 9 and all(d.startswith("43") for d in districts)
    assert tables.district_options(cfg, None) == []
    assert tables.province_name(cfg, "43") == "หนองคาย" and tables.province_name(cfg, "43", "en") == "Nong Khai"
    assert tables.province_name(cfg, None) == t("filter.all_provinces")


def test_scope_label(view, sheets, cfg):
    assert tables.scope_label(view) == "ทั้งประเทศ"
    one = make_view(view.dataset, province="43", district="4301", tambon_type="older")
    assert tables.scope_label(one) == "อำเภอเมืองหนองคาย จังหวัดหนองคาย · เฉพาะตำบลบ้านพี่"
    assert tables.scope_label(one, "en").startswith("Mueang Nong Khai district, Nong Khai province")


# ---- cards --------------------------------------------------------------------------------


def test_headline_cards_carry_figure_target_and_share(view):
    cards = {c.key: c for c in tables.headline_cards(view)}
    leaders = metrics.leader_progress(view)
    assert cards["leaders"].value == leaders["registered"] == 16
    assert cards["leaders"].text == "16"
    assert cards["leaders"].caption == "จากเป้าหมาย 30,000 · 0.1%"
    assert cards["tambons_full"].value == 1 and cards["tambons_engaged"].value == 2
    assert 0 <= cards["leaders"].progress <= 1


def test_no_data_is_never_shown_as_zero(view):
    kpi = next(c for c in tables.headline_cards(view) if c.key == "kpi_driving")
    assert metrics.kpi_driving(view) is None
    assert kpi.value is None and kpi.progress is None
    assert kpi.text == t("headline.no_data") and "0" not in kpi.text


def test_report_cards_are_the_completeness_table(view):
    comp = metrics.completeness(view)
    cards = tables.report_cards(view, "th", comp)
    assert [c.key for c in cards] == ["report_1_1", "report_2_1", "report_2_2", "report_3", "report_4"]
    for rid, card in zip(REPORT_IDS, cards):
        assert card.value == comp.loc[rid, "received"] and card.target == comp.loc[rid, "expected"]
        assert f"ยังไม่ส่ง {comp.loc[rid, 'missing']:,}" in card.detail
    assert cards[0].caption == "จาก 4 ตำบล · 50.0%"


def test_clip_cards_count_provinces_per_phase(view):
    matrix = metrics.clips_matrix(view)
    clips = metrics.clips_table(view)
    cards = {c.key: c for c in tables.clip_cards(matrix, clips, view.cfg)}
    assert cards["phase_understand"].value == 1 and cards["phase_reach"].value == 0
    assert cards["phase_develop"].target == 76
    assert cards["over_length"].value == 1
    # a sheet without the clip-length column: the count is unknown, "—", not 0
    unknown = {c.key: c for c in tables.clip_cards(matrix, clips, view.cfg, lengths_known=False)}
    assert unknown["over_length"].value is None and unknown["over_length"].text == "—"


# ---- tables -------------------------------------------------------------------------------


def test_completeness_display_headings_and_dates(view):
    shown = tables.completeness_display(metrics.completeness(view))
    assert list(shown.columns) == [t(f"col.{c}") for c in
                                   ("report", "expected", "received", "on_time", "late", "missing", "pct_received",
                                    "deadline")]
    assert shown.iloc[0, 0] == "1.1 ผู้นำ" and shown.iloc[0, -1] == "8 ส.ค. 2564"
    assert shown[t("col.pct_received")].iloc[0] == 50.0


def test_area_ranking_in_a_province_sums_the_district_reports(view):
    one = make_view(view.dataset, province="43")
    ranking = tables.area_ranking(one)
    parts = pd.concat([metrics.completeness_by_area(one, r) for r in ("1.1", "2.1", "2.2", "4")])
    expected = parts.groupby("code")[["expected", "received"]].sum()
    got = ranking.set_index("code")[["expected", "received"]]
    pd.testing.assert_frame_equal(got.sort_index(), expected.sort_index(), check_dtype=False)
    assert ranking["pct_received"].is_monotonic_increasing
    country = tables.area_ranking(view)
    assert country["code"].tolist() == metrics.province_ranking(view)["province_code"].tolist()


def test_clips_display_links_lengths_and_flags(view):
    shown = tables.clips_display(metrics.clips_table(view), view.cfg)
    # phases in the programme's order, not alphabetical
    assert shown[t("col.phase")].tolist() == ["เข้าใจ", "พัฒนา"]
    assert shown[t("col.duration")].tolist() == ["4:00", "2:30"]
    assert shown[t("col.over_length")].tolist() == [t("clips.over_length_flag"), ""]
    assert shown[t("col.link")].str.startswith("https://www.youtube.com/watch?v=").all()
    assert tables.fmt_duration(None) == "—" and tables.fmt_duration(65) == "1:05"


def test_data_display_shows_choices_in_words_and_thai_headings(view):
    from dashboard.export import export_table

    shown = tables.data_display(export_table(view, "1.1"), "1.1", view.cfg)
    assert list(shown.columns[:3]) == [t("col.row"), t("col.submitted_at"), t("col.province")]
    assert set(shown["เพศ"]) == {"ชาย"} and set(shown["บทบาทในชุมชน"]) == {"อช."}
    assert set(shown[t("col.tambon_type")]) == {"ตำบลบ้านพี่"}
    assert shown[t("col.submitted_at")].iloc[0] == "1 ส.ค. 2564 09:00 น."
    english = tables.data_display(export_table(view, "1.1"), "1.1", view.cfg, "en")
    assert "Gender" in english.columns and set(english["Gender"]) == {"Male"}
    assert set(english["Role"]) == {"Cd volunteer leader"} or all(" " in r or r.istitle() for r in english["Role"])


def test_quarantine_display_names_the_reason(view):
    from dashboard.export import export_table

    shown = tables.quarantine_display(export_table(view, "quarantine"))
    assert shown[t("col.reason")].tolist() == [t("reason.bad_link")]
    assert shown[t("col.row")].tolist() == [4]
    counts = tables.reason_counts(view)
    assert counts.to_dict("records") == [{t("col.reason"): t("reason.bad_link"), t("col.count"): 1}]


def test_completeness_chart_in_percent_keeps_counts_in_the_hover():
    table = pd.DataFrame({"name": ["ก", "ข"], "expected": [10, 40], "received": [5, 40], "on_time": [5, 30]})
    fig = charts.completeness_chart(table, percent=True)
    on_time, late, missing = fig.data
    assert list(on_time.y) == ["ก", "ข"] and list(on_time.x) == [50.0, 75.0]
    assert list(late.x) == [0.0, 25.0] and list(missing.x) == [50.0, 0.0]
    assert [c[0] for c in on_time.customdata] == ["5", "30"]
    assert fig.layout.xaxis.ticksuffix == "%"


# ---- filters from a URL -------------------------------------------------------------------


@pytest.mark.parametrize(
    "params, expected",
    [
        ({}, Filters()),
        ({"province": "43"}, Filters(province="43")),
        ({"province": "จ.หนองคาย", "district": "เมืองหนองคาย"}, Filters(province="43", district="4301")),
        ({"province": "Nong Khai", "district": "4302"}, Filters(province="43", district="4302")),
        ({"province": "43", "district": "4101"}, Filters(province="43")),  # a district of another province
        ({"district": "4301"}, Filters()),  # a district needs its province
        ({"province": "กรุงเทพ"}, Filters()),  # outside the programme
        ({"province": "Atlantis", "type": "cousin", "lang": "fr"}, Filters()),
        ({"type": "younger", "lang": "en"}, Filters(tambon_type="younger", lang="en")),
        ({"type": "พี่"}, Filters(tambon_type="older")),
        ({"as_of": "2021-08-08"}, Filters(as_of=date(2021, 8, 8))),
        ({"as_of": "8/8/2564"}, Filters(as_of_refused=("unreadable", "8/8/2564"))),  # said on the page
        ({"as_of": "2564-08-08"}, Filters(as_of=date(2021, 8, 8))),  # a Buddhist-Era year: the same day
        ({"as_of": "9999-12-31"}, Filters(as_of_refused=("unreadable", "9999-12-31"))),
        ({"as_of": "1999-01-01"}, Filters(as_of_refused=("outside", "1999-01-01"))),  # outside the programme's days
        ({"province": ["41", "43"]}, Filters(province="43")),  # repeated: the last one
    ],
)
def test_filters_from_url_parameters(cfg, params, expected):
    assert filters_from_params(params, cfg) == expected


def test_filters_write_only_what_differs_from_the_defaults():
    assert Filters().params() == {}
    f = Filters(province="43", district="4301", tambon_type="older", as_of=date(2021, 8, 8), lang="en")
    assert f.params() == {"province": "43", "district": "4301", "type": "older", "as_of": "2021-08-08", "lang": "en"}
    assert Filters(lang="th").params() == {}
