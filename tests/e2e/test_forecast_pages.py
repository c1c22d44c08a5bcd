"""The forecast in a real browser: the overview's table and the reports page's sentence."""

from __future__ import annotations

from datetime import date

from playwright.sync_api import expect

from dashboard import forecast
from dashboard.i18n import t
from dashboard.pipeline import load_dataset, make_view
from dashboard.ui import forecasts

LAPTOP = {"width": 1280, "height": 900}


def test_overview_and_reports_show_the_forecast(open_app, page, screenshot):
    page.set_viewport_size(LAPTOP)
    open_app("/?province=43&as_of=2021-08-05")
    heading = page.get_by_role("heading", name=t("forecast.title"))
    expect(heading).to_be_visible()
    expect(page.locator('[data-testid="stCaptionContainer"]', has_text="14 วันถึง 5 ส.ค. 2564").first).to_be_visible()
    # The table right under the heading (st.dataframe draws on a canvas: its cells are not text).
    expect(page.locator('[data-testid="stDataFrame"]').first).to_be_visible()
    heading.scroll_into_view_if_needed()
    screenshot(page, "forecast-overview", full_page=False)

    view = make_view(load_dataset("demo"), as_of=date(2021, 8, 5), province="43")
    sentence = forecasts.sentence("2.1", forecast.report_forecast(view)["2.1"])
    open_app("/reports?province=43&as_of=2021-08-05&report=2.1")
    expect(page.get_by_text(sentence)).to_be_visible()
    page.get_by_text(t("forecast.by_area")).click()
    expect(page.locator('[data-testid="stExpanderDetails"]').locator('[data-testid="stDataFrame"]').first).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
