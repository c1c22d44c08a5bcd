"""Every page runs, and what it shows is the core's figures — nationally and for one province."""

from __future__ import annotations

import re
from datetime import date

import pandas as pd
import pytest

from dashboard import metrics
from dashboard.config import PHASES, REPORT_IDS, SOURCE_IDS
from dashboard.export import export_table
from dashboard.i18n import fmt_int, fmt_pct, grade_label, report_title, t

PAGES = ("overview", "reports", "clips", "map", "data")
NONG_KHAI = "43"
SCOPES = {"country": {}, "nong_khai": {"province": NONG_KHAI}}
TITLES = {
    "overview": "overview.title",
    "reports": "reports.title",
    "clips": "clips.title",
    "map": "map.title",
    "data": "data.title",
}
THIRTEEN_DIGITS = re.compile(r"(?<!\d)\d{13}(?!\d)")


def _province(scope: str) -> str | None:
    return SCOPES[scope].get("province")


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _frame(at, *columns: str) -> pd.DataFrame:
    """The first table on the page with all these column headings (tables are not widgets, so
    they have no key to find them by)."""
    for d in at.dataframe:
        value = d.value
        if set(columns) <= set(map(str, value.columns)):
            return value
    raise AssertionError(f"no table with columns {columns}: {[list(d.value.columns) for d in at.dataframe]}")


def _has_frame(at, *columns: str) -> bool:
    return any(set(columns) <= set(map(str, d.value.columns)) for d in at.dataframe)


def _captions(at) -> str:
    return "\n".join(c.value for c in at.caption)


@pytest.mark.parametrize("scope", SCOPES)
@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs(open_page, core, page, scope):
    at = open_page(page, **SCOPES[scope])
    assert at.title[0].value == t(TITLES[page])
    # where the data came from, for which area, and that it is the demo
    view = core(province=_province(scope))
    line = _captions(at)
    assert t("source.demo") in line
    assert ("จังหวัดหนองคาย" if scope == "nong_khai" else "ทั้งประเทศ") in line
    assert any("ข้อมูลตัวอย่าง" in i.value for i in at.info), "the demo banner is shown"
    assert view is not None


# ---- overview -----------------------------------------------------------------------------


@pytest.mark.parametrize("scope", SCOPES)
def test_overview_headline_figures_are_the_core_figures(open_page, core, scope):
    at = open_page("overview", **SCOPES[scope])
    view = core(province=_province(scope))
    rep = metrics.report_dict(view)
    leaders = metrics.leader_progress(view)
    tambons = metrics.tambon_progress(view)
    shown = _metrics(at)
    assert shown[t("headline.leaders")] == fmt_int(rep["leaders"]["registered"])
    assert shown[t("headline.leaders_older")] == fmt_int(rep["leaders"]["older"])
    assert shown[t("headline.leaders_younger")] == fmt_int(rep["leaders"]["younger"])
    assert shown[t("headline.kpi_driving")] == fmt_pct(rep["kpi_driving_pct"])
    assert shown[t("headline.tambons_engaged")] == fmt_int(rep["tambons"]["engaged"])
    assert shown[t("headline.tambons_full", n=15)] == fmt_int(rep["tambons"]["full_leaders"])
    assert shown[t("card.with_activity")] == fmt_int(rep["tambons"]["with_activity"])
    for rid in REPORT_IDS:
        assert shown[report_title(rid, short=True)] == fmt_int(rep["reports"][rid]["received"])
    # every figure stands next to its target and the share of it
    captions = _captions(at)
    assert f"จากเป้าหมาย {fmt_int(leaders['target'])} · {fmt_pct(leaders['registered'] / leaders['target'] * 100)}" in captions
    assert f"จากเป้าหมาย {fmt_int(tambons['target'])}" in captions
    assert "เป้าหมายไม่น้อยกว่า 75%" in captions
    expected_21 = rep["reports"]["2.1"]
    assert f"จาก {fmt_int(expected_21['expected'])} ตำบล" in captions
    assert f"ยังไม่ส่ง {fmt_int(expected_21['missing'])}" in captions
    progress = [p.value for p in at.get("progress")]
    assert len(progress) == 12 and all(0 <= v <= 100 for v in progress)


def test_overview_differs_between_country_and_province(open_page):
    country = _metrics(open_page("overview"))
    province = _metrics(open_page("overview", province=NONG_KHAI))
    assert country[t("headline.leaders")] != province[t("headline.leaders")]


@pytest.mark.parametrize("scope", SCOPES)
def test_overview_charts_are_built_from_the_core(open_page, plotly_spec, core, scope):
    at = open_page("overview", **SCOPES[scope])
    view = core(province=_province(scope))
    cumulative = plotly_spec(at, 0)
    series = metrics.cumulative_submissions(view)
    for trace in cumulative["data"]:
        rid = next(r for r in REPORT_IDS if report_title(r, short=True) == trace["name"])
        assert trace["y"][-1] == int(series.loc[series["report"] == rid, "received"].iloc[-1])
    # deadlines are marked
    assert any("กำหนดส่ง" in a["text"] for a in cumulative["layout"]["annotations"])
    ranking = plotly_spec(at, 1)
    labels = ranking["data"][0]["y"]
    if scope == "country":
        worst = metrics.province_ranking(view)
        assert labels == worst["province_name"].head(15).tolist()
        # worst first: the share received never falls down the list
        assert worst["pct_received"].head(15).is_monotonic_increasing
    else:
        names = set(metrics.completeness_by_area(view, "1.1")["name"]) | set(
            metrics.completeness_by_area(view, "4")["name"]
        )
        assert set(labels) == names


# ---- reports ------------------------------------------------------------------------------


@pytest.mark.parametrize("scope", SCOPES)
def test_reports_page_shows_completeness_missing_units_and_pairs(open_page, plotly_spec, core, scope):
    at = open_page("reports", **SCOPES[scope])
    view = core(province=_province(scope))
    comp = metrics.completeness(view)
    summary = _frame(at, t("col.report"), t("col.deadline"))
    for col, key in (("expected", "col.expected"), ("received", "col.received"), ("on_time", "col.on_time"),
                     ("late", "col.late"), ("missing", "col.missing")):
        assert summary[t(key)].tolist() == comp[col].astype(int).tolist()

    # the chosen report (1.1 by default) by area: counts in the hover are the core's
    by_area = metrics.completeness_by_area(view, "1.1")
    area = plotly_spec(at, 1)
    on_time = dict(zip(area["data"][0]["y"], (c[0] for c in area["data"][0]["customdata"])))
    assert on_time == {n: fmt_int(v) for n, v in zip(by_area["name"], by_area["on_time"])}

    missing = _frame(at, t("col.tambon_code"), t("col.partner_tambon"))
    expected = metrics.missing_units(view, "1.1")
    assert len(missing) == len(expected)
    assert sorted(missing[t("col.tambon_code")]) == sorted(expected["tambon_code"])
    assert set(missing.columns) >= {t("col.tambon"), t("col.district"), t("col.province"), t("col.partner_tambon")}

    pairs = _frame(at, t("col.status"), t("col.count"))
    assert pairs[t("col.count")].tolist() == list(metrics.pairs_status(view, "1.1").values())


def test_reports_page_follows_the_chosen_report(open_page, core):
    at = open_page("reports", province=NONG_KHAI)
    at.segmented_control(key="reports_report").set_value("2.1").run()
    view = core(province=NONG_KHAI)
    assert len(_frame(at, t("col.tambon_code"), t("col.partner_tambon"))) == len(metrics.missing_units(view, "2.1"))
    at.segmented_control(key="reports_report").set_value("3").run()
    # clips are counted per province and phase, even inside a province
    assert t("reports.area_province") in at.subheader[1].value
    assert not _has_frame(at, t("col.status"), t("col.count")), "pairs only for tambon reports"


def test_reports_page_opens_on_the_report_the_link_names(open_page, core):
    at = open_page("reports", province=NONG_KHAI, report="2.2")
    assert at.segmented_control(key="reports_report").value == "2.2"
    view = core(province=NONG_KHAI)
    assert len(_frame(at, t("col.tambon_code"), t("col.partner_tambon"))) == len(metrics.missing_units(view, "2.2"))
    at.segmented_control(key="reports_report").set_value("4").run()
    assert at.query_params["report"] == "4"  # the choice goes back into the link


# ---- clips --------------------------------------------------------------------------------


@pytest.mark.parametrize("scope", SCOPES)
def test_clips_page_shows_phases_matrix_and_list(open_page, plotly_spec, core, scope):
    at = open_page("clips", **SCOPES[scope])
    view = core(province=_province(scope))
    rep = metrics.report_dict(view)
    shown = _metrics(at)
    for phase in PHASES:
        assert shown[t("clips.phase_card", phase=t(f"phase.{phase}"))] == fmt_int(rep["clips"][phase])
    assert shown[t("clips.over_length")] == fmt_int(rep["clips"]["over_length"])
    heat = plotly_spec(at, 0)["data"][0]
    assert len(heat["z"]) == len(view.provinces) and all(len(row) == 3 for row in heat["z"])
    matrix = metrics.clips_matrix(view)
    missing_cells = sum(row.count(2) for row in heat["z"])
    assert missing_cells == int((matrix["status"] == "missing").sum())
    listed = _frame(at, t("col.link"), t("col.duration"))
    clips = metrics.clips_table(view)
    assert len(listed) == len(clips)
    assert listed[t("col.link")].str.startswith("https://www.youtube.com/watch?v=").all()
    assert (listed[t("col.over_length")] != "").sum() == rep["clips"]["over_length"]


def test_clips_page_can_list_only_over_length_clips(open_page, core):
    at = open_page("clips")
    at.toggle(key="clips_over_only").set_value(True).run()
    listed = _frame(at, t("col.link"), t("col.duration"))
    assert len(listed) == metrics.report_dict(core())["clips"]["over_length"] > 0


# ---- map ----------------------------------------------------------------------------------


@pytest.mark.parametrize("scope", SCOPES)
def test_map_page_shows_the_ratings(open_page, plotly_spec, core, scope):
    at = open_page("map", **SCOPES[scope])
    view = core(province=_province(scope))
    counts = metrics.rating_counts(view)
    decks = at.get("deck_gl_json_chart")
    assert len(decks) == 1
    deck = decks[0].proto.json
    assert '"GeoJsonLayer"' in deck and '"district-ratings"' in deck
    legend = next(m.value for m in at.markdown if "grade-legend" in m.value)
    for grade, n in counts.items():
        assert f"{grade_label(grade)} {fmt_int(n)}" in legend.replace("&quot;", '"')
    table = _frame(at, t("col.district_code"), t("col.grade"))
    assert len(table) == len(metrics.ratings_by_district(view))
    assert "กรมแผนที่ทหาร" in _captions(at)
    if scope == "country":
        assert len(plotly_spec(at, 0)["data"][0]["y"]) == 76  # each province's share of A–D
    else:
        assert not at.get("plotly_chart")  # inside a province its districts are listed instead


def test_map_page_without_boundaries_says_so_and_shows_a_table(open_page, plotly_spec, core, tmp_path, monkeypatch):
    monkeypatch.setenv("DASHBOARD_GEO_DIR", str(tmp_path / "no-boundaries"))
    monkeypatch.setenv("DASHBOARD_GEO_BASE_URL", "http://127.0.0.1:9/offline")
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(tmp_path / "cache"))
    at = open_page("map")
    assert any(i.value == t("map.no_boundaries") for i in at.info)
    assert not at.get("deck_gl_json_chart")
    assert len(_frame(at, t("col.district_code"), t("col.grade"))) == 878
    counts = plotly_spec(at, 0)["data"][0]
    assert counts["y"] == [metrics.rating_counts(core())[g] for g in ("A", "B", "C", "D", "unrated")]


# ---- data ---------------------------------------------------------------------------------


@pytest.mark.parametrize("table", [*SOURCE_IDS, "quarantine"])
def test_data_page_shows_each_table_masked(open_page, core, table):
    at = open_page("data", province=NONG_KHAI)
    at.selectbox(key="data_table").set_value(table).run()
    assert not at.exception
    assert at.query_params["table"] == table
    view = core(province=NONG_KHAI)
    expected = export_table(view, table)
    shown = _frame(at, t("col.reason"), t("col.detail")) if table == "quarantine" else _frame(at, t("col.row"))
    assert len(shown) == len(expected) > 0
    cells = [str(c) for c in shown.to_numpy().ravel()]
    assert not [c for c in cells if THIRTEEN_DIGITS.search(c.replace("-", "").replace(" ", ""))]
    if table == "1.1":
        assert shown[t("col.national_id_last4")].str.fullmatch(r"\d{4}").all()
        assert shown["ชื่อ"].str.fullmatch(r"\S•••").all()
        phones = shown["เบอร์โทรศัพท์"].dropna()
        assert phones.str.fullmatch(r"0\dx-xxx-\d{4}|x*").all()
    if table == "quarantine":
        assert shown[t("col.row")].tolist() == expected["row"].tolist()
        assert set(shown[t("col.reason")]) <= {t(f"reason.{r}") for r in metrics.issue_counts(view)}
    labels = [b.label for b in at.get("download_button")]
    # the table's own buttons first (CSV, XLSX, the machine-readable CSV); the set-aside view
    # adds the to-fix table's
    assert labels[:3] == [t("download.csv"), t("download.xlsx"), t("download.raw")]
    assert len(labels) == (6 if table == "quarantine" else 3)


def test_data_page_opens_on_the_table_the_link_names(open_page, core):
    at = open_page("data", table="quarantine")
    assert at.selectbox(key="data_table").value == "quarantine"
    assert len(_frame(at, t("col.reason"), t("col.detail"))) == len(metrics.quarantine_table(core()))


def test_english_data_page_gives_the_reasons_detail_in_english(open_page, core):
    at = open_page("data", table="quarantine", province=NONG_KHAI, lang="en")
    shown = _frame(at, t("col.reason", "en"), t("col.detail", "en"))
    expected = metrics.quarantine_table(core(province=NONG_KHAI))
    assert len(shown) == len(expected) > 0
    assert t("col.detail_en", "en") not in shown.columns  # one detail column, in the page's language
    assert shown[t("col.detail", "en")].tolist() == expected["detail_en"].tolist()
    # English words: only what the sheet holds (quoted) may be Thai
    thai = re.compile(r"[\u0E00-\u0E7F]")
    assert not [d for d in shown[t("col.detail", "en")] if thai.search(re.sub(r"'[^']*'", "", d))]
    assert any(d.startswith(("Unknown province", "No tambon", "No district", "Cannot read", "'")) for d in shown[t("col.detail", "en")])


# ---- filters in the URL -------------------------------------------------------------------


def test_filters_round_trip_through_the_url(open_page, new_app, core):
    at = open_page("overview")
    assert dict(at.query_params) == {}
    at.selectbox(key="filter_province").set_value(NONG_KHAI).run()
    assert at.query_params["province"] == NONG_KHAI
    at.segmented_control(key="filter_lang").set_value("en").run()
    assert at.query_params["lang"] == "en"
    assert at.title[0].value == t("overview.title", "en")
    at.date_input(key="filter_as_of").set_value(date(2021, 8, 8)).run()
    at.segmented_control(key="filter_type").set_value("younger").run()
    assert dict(at.query_params) == {"province": NONG_KHAI, "lang": "en", "as_of": "2021-08-08", "type": "younger"}
    view = core(province=NONG_KHAI, as_of=date(2021, 8, 8), tambon_type="younger")
    shown = _metrics(at)
    assert shown[t("headline.leaders", "en")] == fmt_int(metrics.leader_progress(view)["registered"])
    assert "8 Aug 2021" in _captions(at)

    # the same link, opened by someone else, shows the same view
    again = new_app(dict(at.query_params)).run()
    assert not again.exception
    assert _metrics(again) == shown

    # a new province clears the district; back to the whole country clears the URL
    at.selectbox(key="filter_district").set_value("4301").run()
    assert at.query_params["district"] == "4301"
    at.selectbox(key="filter_province").set_value("41").run()
    assert "district" not in at.query_params and at.query_params["province"] == "41"
    at.selectbox(key="filter_province").set_value("").run()
    assert "province" not in at.query_params


def test_url_names_are_read_and_nonsense_is_ignored(open_page):
    at = open_page("overview", province="หนองคาย", district="เมืองหนองคาย")
    assert (at.query_params["province"], at.query_params["district"]) == (NONG_KHAI, "4301")
    assert at.selectbox(key="filter_district").value == "4301"
    at = open_page("overview", province="Atlantis", as_of="31/02/2564", lang="xx", type="cousin")
    assert dict(at.query_params) == {}
    assert "ทั้งประเทศ" in _captions(at)


# ---- data that failed to load, refresh, stale data ---------------------------------------


def test_a_failed_load_says_so_calmly_and_shows_no_figures(open_page, monkeypatch):
    from dashboard import loader
    from dashboard.errors import SourceUnavailable

    problem = SourceUnavailable("Google Sheets did not answer in time.", "Google Sheets ไม่ตอบสนองภายในเวลาที่กำหนด")

    def fail(source, cfg, **kw):
        raise problem

    monkeypatch.setattr(loader, "get_dataset", fail)
    for page in PAGES:
        at = open_page(page)
        # general words on an open page (a source error can name a spreadsheet key or the
        # service account's email); administrators and the server log get the details
        assert [e.value for e in at.error] == [f"{t('source.error_general', 'th')} / {t('source.error_general', 'en')}"]
        assert problem.message_en not in at.error[0].value
        assert not at.metric and not at.dataframe and not at.get("plotly_chart")


def test_an_unexpected_load_error_shows_no_traceback(open_page, monkeypatch):
    from dashboard import loader

    def broken(source, cfg, **kw):
        raise KeyError("boom")

    monkeypatch.setattr(loader, "get_dataset", broken)
    at = open_page("overview")
    assert len(at.error) == 1 and "KeyError" in at.error[0].value and "Traceback" not in at.error[0].value
    assert not at.metric


def test_stale_data_is_announced(open_page, dataset, monkeypatch):
    from dataclasses import replace

    from dashboard import loader

    stale = replace(dataset, raw=replace(dataset.raw, kind="gsheets", stale=True,
                                         stale_reason="ดึงข้อมูลไม่สำเร็จ / pull failed"))
    monkeypatch.setattr(loader, "get_dataset", lambda source, cfg, **kw: stale)
    at = open_page("overview")
    assert any("ดึงข้อมูลใหม่ไม่สำเร็จ" in w.value for w in at.warning)
    assert t("source.gsheets") in _captions(at)


def test_refresh_now_shows_how_long_to_wait(open_page, monkeypatch):
    from dashboard import loader

    calls = []

    def refresh(source, cfg):
        calls.append(source)
        return loader.RefreshResult(pulled=len(calls) == 1, wait_seconds=0.0 if len(calls) == 1 else 12.2)

    monkeypatch.setattr(loader, "refresh_now", refresh)
    at = open_page("overview")
    at.button(key="refresh_now").click().run()
    assert [s.value for s in at.success] == [t("source.refreshed")]
    at.button(key="refresh_now").click().run()
    assert t("source.refresh_wait", seconds=13) in [i.value for i in at.info]
    assert calls == ["demo", "demo"]


def test_the_english_pages_use_english_names(open_page, plotly_spec, core):
    at = open_page("reports", lang="en", province=NONG_KHAI)
    assert at.title[0].value == t("reports.title", "en")
    names = plotly_spec(at, 1)["data"][0]["y"]
    assert set(names) == set(metrics.completeness_by_area(core(province=NONG_KHAI), "1.1")["name_en"])
    assert not any(re.search(r"[\u0E00-\u0E7F]", n) for n in names)
    summary = _frame(at, t("col.report", "en"), t("col.deadline", "en"))
    assert list(summary.columns[:3]) == [t("col.report", "en"), t("col.expected", "en"), t("col.received", "en")]
    assert pd.api.types.is_integer_dtype(summary[t("col.expected", "en")])


@pytest.mark.parametrize("page", PAGES)
def test_before_any_report_arrived_pages_say_there_is_no_data(open_page, page):
    at = open_page(page, as_of="2021-05-01")
    assert not at.error
    if page == "overview":
        shown = _metrics(at)
        assert shown[t("headline.kpi_driving")] == t("headline.no_data")  # not "0.0%"
        assert shown[t("headline.leaders")] == "0"
    assert "1 พ.ค. 2564" in _captions(at)
