"""A first visit is one script run, from the server's very first session on, and the filters it
opened with stay through the next click.

The server here is this module's own, fresh: its first session is the one Streamlit would have
started in its older pages/-folder mode (see app.py). Runs are counted in the browser, from the
`script_finished` messages the server sends over the websocket (one per run of app.py, a run
cut short by a rerun included).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from dashboard.i18n import t
from dashboard.testing.streamlit_server import is_local

NONG_KHAI = "หนองคาย"


@pytest.fixture(scope="module")
def fresh_server(servers, tmp_path_factory):
    server = servers.start("first-visit", env={"DASHBOARD_CACHE_DIR": str(tmp_path_factory.mktemp("cache"))})
    try:
        yield server
    finally:
        servers.stop(server.process)


def count_runs(page) -> list[str]:
    """The status of every script run the page's websocket reports, as they arrive."""
    runs: list[str] = []

    def on_frame(payload) -> None:
        if isinstance(payload, str):
            return
        msg = ForwardMsg()
        msg.ParseFromString(payload)
        if msg.WhichOneof("type") == "script_finished":
            runs.append(ForwardMsg.ScriptFinishedStatus.Name(msg.script_finished))

    page.on("websocket", lambda ws: ws.on("framereceived", on_frame))
    return runs


def test_the_servers_first_visit_is_one_run_and_keeps_its_filters(fresh_server, page, wait_for_app):
    runs = count_runs(page)
    page.goto(f"{fresh_server.url}/reports?province=43")
    wait_for_app(page)
    expect(page.locator("h1").first).to_have_text(t("reports.title"))
    expect(page.locator('[data-testid="stPlotlyChart"]').first).to_be_visible()
    province = page.locator(".st-key-filter_province").get_by_role("combobox")
    expect(province).to_have_value(NONG_KHAI)
    assert runs == ["FINISHED_SUCCESSFULLY"], runs

    # The next click is one run too, and the province the link chose is still chosen.
    page.locator(".st-key-filter_type").get_by_text(t("filter.type_older"), exact=True).click()
    expect(page).to_have_url(re.compile(r"[?&]type=older(&|$)"))
    wait_for_app(page)
    expect(province).to_have_value(NONG_KHAI)
    expect(page).to_have_url(re.compile(r"[?&]province=43(&|$)"))
    expect(page.locator(".st-key-source_line")).to_contain_text("จังหวัดหนองคาย")
    assert runs == ["FINISHED_SUCCESSFULLY"] * 2, runs
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)


def test_a_later_visit_is_one_run(fresh_server, browser, wait_for_app):
    # A context of its own: a new visitor, not a second tab of the first one's session.
    ctx = browser.new_context(viewport={"width": 1280, "height": 900}, locale="th-TH")
    ctx.route(lambda url: not is_local(url), lambda route: route.abort())  # loopback only
    try:
        page = ctx.new_page()
        runs = count_runs(page)
        page.goto(fresh_server.url + "/")
        wait_for_app(page)
        expect(page.locator(".st-key-card_leaders [data-testid='stMetricValue']")).to_be_visible()
        assert runs == ["FINISHED_SUCCESSFULLY"], runs
    finally:
        ctx.close()
