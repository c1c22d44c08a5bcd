"""The five pages in a real browser: the figures are the command line's, the filters live in the
URL, English is a click away, downloads open in Excel, the map draws — with a screenshot of each
page (docs/screenshots/ with UPDATE_SCREENSHOTS=1)."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dashboard.i18n import fmt_int, fmt_pct, t

REPO = Path(__file__).resolve().parents[2]
THAI = re.compile(r"[\u0E00-\u0E7F]")
BOM = b"\xef\xbb\xbf"
LAPTOP = {"width": 1280, "height": 900}
NONG_KHAI = "43"
PAGES = {
    # page: (path, Thai title key, what must be drawn)
    "overview": ("/", "overview.title", '[data-testid="stPlotlyChart"]'),
    "reports": ("/reports", "reports.title", '[data-testid="stPlotlyChart"]'),
    "clips": ("/clips", "clips.title", '[data-testid="stPlotlyChart"]'),
    "map": ("/map", "map.title", '[data-testid="stDeckGlJsonChart"] canvas'),
    "data": ("/data", "data.title", '[data-testid="stDataFrame"]'),
}
CARDS = {
    # card key on the overview -> the figure in `python -m dashboard report --format json`
    "leaders": lambda r: fmt_int(r["leaders"]["registered"]),
    "leaders_older": lambda r: fmt_int(r["leaders"]["older"]),
    "leaders_younger": lambda r: fmt_int(r["leaders"]["younger"]),
    "kpi_driving": lambda r: fmt_pct(r["kpi_driving_pct"]),
    "tambons_engaged": lambda r: fmt_int(r["tambons"]["engaged"]),
    "tambons_full": lambda r: fmt_int(r["tambons"]["full_leaders"]),
    "with_activity": lambda r: fmt_int(r["tambons"]["with_activity"]),
    **{f"report_{rid.replace('.', '_')}": (lambda r, rid=rid: fmt_int(r["reports"][rid]["received"]))
       for rid in ("1.1", "2.1", "2.2", "3", "4")},
}


def _cli(*args: str, log: Path) -> subprocess.Popen:
    env = {**os.environ, "DASHBOARD_AUDIT_LOG": str(log)}  # keep the user's download log clean
    return subprocess.Popen([sys.executable, "-m", "dashboard", *args], cwd=REPO, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _finish(proc: subprocess.Popen) -> bytes:
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode("utf-8", "replace")
    return out


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    """The command line's figures and files for the demo data (run side by side, once)."""
    folder = tmp_path_factory.mktemp("cli")
    csv_out = folder / "register-43.csv"
    log = folder / "downloads.jsonl"
    procs = {
        "country": _cli("report", "--source", "demo", "--format", "json", log=log),
        NONG_KHAI: _cli("report", "--source", "demo", "--province", NONG_KHAI, "--format", "json", log=log),
        "csv": _cli("export", "--source", "demo", "--table", "register", "--province", NONG_KHAI,
                    "--format", "csv", "--out", str(csv_out), log=log),
    }
    got = {name: _finish(p) for name, p in procs.items()}
    return {
        "country": json.loads(got["country"]),
        NONG_KHAI: json.loads(got[NONG_KHAI]),
        "register_csv": csv_out.read_bytes(),
    }


def _card(page, key: str):
    return page.locator(f'.st-key-card_{key} [data-testid="stMetricValue"]')


def _expect_cards(page, report: dict) -> None:
    for key, figure in CARDS.items():
        expect(_card(page, key)).to_have_text(figure(report))


def _no_errors(page) -> None:
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    assert not page.page_errors, page.page_errors


@pytest.mark.parametrize("name", PAGES)
def test_each_page_renders_in_thai(open_app, page, screenshot, name):
    path, title, drawn = PAGES[name]
    page.set_viewport_size(LAPTOP)
    open_app(path)
    expect(page.locator("h1").first).to_have_text(t(title))
    expect(page.locator(drawn).first).to_be_visible()
    expect(page.locator(".st-key-source_line")).to_contain_text(t("source.demo"))
    expect(page.locator(".st-key-source_line")).to_contain_text("ทั้งประเทศ")
    _no_errors(page)
    screenshot(page, name)


def test_overview_figures_are_the_command_lines(open_app, page, cli):
    open_app("/")
    _expect_cards(page, cli["country"])
    expect(page.locator(".st-key-card_leaders")).to_contain_text(f"จากเป้าหมาย {fmt_int(30000)}")


def test_choosing_a_province_changes_the_url_and_the_figures(open_app, page, cli):
    open_app("/")
    province = page.locator(".st-key-filter_province")
    province.get_by_role("combobox").click()
    page.keyboard.type("หนองคาย")
    page.get_by_role("option", name="หนองคาย", exact=True).click()
    expect(page).to_have_url(re.compile(rf"[?&]province={NONG_KHAI}(&|$)"))
    _expect_cards(page, cli[NONG_KHAI])
    assert cli[NONG_KHAI]["leaders"]["registered"] != cli["country"]["leaders"]["registered"]
    # the filter stays with the visitor from page to page, and in the link they would share
    page.get_by_role("link", name=t("page.reports")).click()
    expect(page).to_have_url(re.compile(rf"/reports\?(.*&)?province={NONG_KHAI}(&|$)"))
    expect(page.locator(".st-key-source_line")).to_contain_text("จังหวัดหนองคาย")
    _no_errors(page)


def test_a_shared_link_opens_the_same_view(open_app, page, cli):
    open_app(f"/?province={NONG_KHAI}")
    _expect_cards(page, cli[NONG_KHAI])
    expect(page.locator(".st-key-filter_province").get_by_role("combobox")).to_have_value("หนองคาย")


def test_switching_to_english(open_app, page, cli):
    open_app(f"/?province={NONG_KHAI}")
    page.locator(".st-key-filter_lang").get_by_text("English", exact=True).click()
    expect(page.locator("h1").first).to_have_text(t("overview.title", "en"))
    expect(page).to_have_url(re.compile(r"[?&]lang=en(&|$)"))
    expect(page.get_by_role("link", name=t("page.reports", "en"))).to_be_visible()
    expect(page.locator(".st-key-card_leaders")).to_contain_text(t("headline.leaders", "en"))
    expect(page.locator(".st-key-source_line")).to_contain_text("Nong Khai province")
    _expect_cards(page, cli[NONG_KHAI])  # numbers read the same in both languages
    _no_errors(page)


def test_csv_download_opens_in_excel_with_thai(open_app, page, cli, tmp_path):
    open_app(f"/data?province={NONG_KHAI}")
    expect(page.locator(".st-key-data_table").get_by_role("combobox")).to_have_value(t("report.register"))
    with page.expect_download() as info:
        page.get_by_role("button", name=t("download.csv")).click()
    download = info.value
    assert download.suggested_filename == f"banphi-register-{NONG_KHAI}.csv"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    data = saved.read_bytes()
    assert data.startswith(BOM)
    text = data.decode("utf-8-sig")
    assert THAI.search(text) and "หนองคาย" in text
    # the button's file is the export command's file
    assert data == cli["register_csv"]


def test_map_draws_districts_with_a_legend(open_app, page):
    open_app(f"/map?province={NONG_KHAI}")
    expect(page.locator('[data-testid="stDeckGlJsonChart"] canvas').first).to_be_visible()
    legend = page.locator(".grade-legend")
    expect(legend).to_be_visible()
    expect(legend.locator(".grade-legend-item")).to_have_count(5)
    expect(legend).to_contain_text(t("grade.A"))
    expect(page.get_by_text("กรมแผนที่ทหาร", exact=False)).to_be_visible()
    _no_errors(page)


def test_refresh_now_answers(open_app, page):
    open_app("/")
    page.locator(".st-key-refresh_now button").click()
    sidebar = page.locator('[data-testid="stSidebar"]')
    answer = sidebar.locator('[data-testid="stAlertContentSuccess"], [data-testid="stAlertContentInfo"]')
    expect(answer).to_have_count(1)
    expect(answer).to_contain_text(re.compile(r"ดึงข้อมูลใหม่แล้ว|วินาที"))
    _no_errors(page)
