"""The forecast on the overview and the reports page, and the last digest in the sidebar."""

from __future__ import annotations

from datetime import date, datetime, timezone

from dashboard import forecast, notify
from dashboard.config import REPORT_IDS
from dashboard.i18n import t, thai_datetime
from dashboard.ui import forecasts

AS_OF = "2021-08-05"


def _frame(at, *columns):
    for d in at.dataframe:
        if set(columns) <= set(map(str, d.value.columns)):
            return d.value
    raise AssertionError(f"no table with {columns}")


def test_overview_shows_the_core_forecast(open_page, core):
    at = open_page("overview", province="43", as_of=AS_OF)
    fc = forecast.report_forecast(core(province="43", as_of=date(2021, 8, 5)))
    shown = _frame(at, t("col.projected_complete"), t("col.late_risk"))
    assert shown[t("col.missing")].tolist() == [fc[r]["remaining"] for r in REPORT_IDS]
    assert shown[t("col.pace_per_day")].tolist() == [fc[r]["pace_per_day"] for r in REPORT_IDS]
    assert shown[t("col.late_risk")].tolist() == [fc[r]["late_risk"] for r in REPORT_IDS]
    assert shown.equals(forecasts.report_display(fc))
    assert "15 ส.ค. 2564" in shown[t("col.projected_complete")].tolist()  # 1.1 in Nong Khai
    assert any(t("forecast.title") == s.value for s in at.subheader)


def test_reports_page_shows_the_chosen_reports_forecast_per_area(open_page, core):
    at = open_page("reports", as_of=AS_OF, report="2.1")
    view = core(as_of=date(2021, 8, 5))
    f = forecast.report_forecast(view)["2.1"]
    assert forecasts.sentence("2.1", f) in [c.value for c in at.caption]
    assert "55.1" in forecasts.sentence("2.1", f) and "⚠️" in forecasts.sentence("2.1", f)
    areas = _frame(at, t("col.forecast_range"), t("col.code"))
    assert len(areas) == 76
    assert areas[t("col.missing")].sum() == f["remaining"]
    # Areas at risk come first.
    risk = areas[t("col.late_risk")].tolist()
    assert risk == sorted(risk, reverse=True)


def test_sidebar_says_when_the_last_digest_went_out(open_page):
    at = open_page("overview")
    assert not any("ส่งสรุปทาง LINE" in c.value for c in at.sidebar.caption)  # none sent yet
    sent = datetime(2021, 8, 5, 1, 30, tzinfo=timezone.utc)
    notify.save_state({"last_digest": {"at": sent.isoformat(), "as_of": AS_OF, "recipients": 3}})
    try:
        at = open_page("overview")
        assert t("notify.last_digest", when=thai_datetime(sent)) in [c.value for c in at.sidebar.caption]
    finally:
        notify.state_path().unlink()
