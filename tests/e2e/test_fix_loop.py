"""Closing the loop in a real browser: a staff member fixes a set-aside row, refreshes and sees
the figure change; the executive then sees the corrected figure and the mark.

The dashboard reads the loopback Sheets API (the forms shared as Viewer, the corrections
spreadsheet as Editor) and signs people in through an OpenID Connect provider on loopback.
"""

from __future__ import annotations

import csv
import re
import secrets
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from dashboard.config import load_config
from dashboard.i18n import t
from dashboard.testing import (
    SheetsAPI,
    load_folder,
    make_service_account,
    oidc,
    write_secrets,
)
from dashboard.testing.sheets_api import spreadsheet_key

STAFF = "staff.nk@cdd.go.th"
DIRECTOR = "director@cdd.go.th"
SIGN_IN = f"{t('auth.sign_in', 'th')} / {t('auth.sign_in', 'en')}"
ROLES = f"""
[[roles]]
email = "{DIRECTOR}"
role = "executive"

[[roles]]
email = "{STAFF}"
role = "staff"
provinces = ["43"]
"""
REGISTER = [
    {"pair_id": "P1", "tambon_type": "ตำบลบ้านพี่", "province": "หนองคาย", "district": "ท่าบ่อ", "tambon": "ท่าบ่อ"},
    {"pair_id": "P1", "tambon_type": "ตำบลเมืองน้อง", "province": "หนองคาย", "district": "เมือง", "tambon": "ในเมือง"},
    {"pair_id": "P2", "tambon_type": "ตำบลบ้านพี่", "province": "ขอนแก่น", "district": "เมือง", "tambon": "ในเมือง"},
    {"pair_id": "P2", "tambon_type": "ตำบลเมืองน้อง", "province": "ขอนแก่น", "district": "เมือง", "tambon": "บ้านเป็ด"},
]
FORM_21 = [
    {"submitted_at": "1/8/2021 10:00:00", "province": "หนองคาย", "district": "ท่าบ่อ", "tambon": "ท่าบ่อ"},
    {"submitted_at": "2/8/2021 10:00:00", "province": "หนองคาย", "district": "เมือง", "tambon": "ในเมอง"},  # a slip
    {"submitted_at": "3/8/2021 10:00:00", "province": "ขอนแก่น", "district": "เมือง", "tambon": "บ้านเปด"},  # not theirs
]


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    """An OpenID Connect provider on loopback whose accounts (STAFF, DIRECTOR) are verified."""
    with oidc.provider(verified=(STAFF, DIRECTOR)) as url:
        yield url


@pytest.fixture(scope="module")
def sheets(tmp_path_factory):
    cfg = load_config()
    folder = tmp_path_factory.mktemp("fix-sheets")
    for sid, spec in cfg.sources.items():
        rows = {"register": REGISTER, "2.1": FORM_21}.get(sid, [])
        with open(folder / spec.file, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(spec.columns.values())
            for r in rows:
                w.writerow([r.get(f, "") for f in spec.columns])
    account = make_service_account()
    with SheetsAPI() as api:
        api.add_account(account)
        urls = load_folder(api, folder, [s.stem for s in cfg.sources.values()], share_with=[account.email])
        key = spreadsheet_key("corrections")
        api.add_spreadsheet(key, {"Sheet1": []}, title="corrections", shared_with=[account.email])
        api.make_editor(key, account.email)
        urls["corrections"] = f"https://docs.google.com/spreadsheets/d/{key}/edit"
        api.corrections_key = key  # type: ignore[attr-defined]
        yield api, account, urls


@pytest.fixture(scope="module")
def fix_server(provider, sheets, servers, tmp_path_factory):
    api, account, urls = sheets
    folder = tmp_path_factory.mktemp("fix-server")
    port = servers.free_port()
    path = write_secrets(folder / "secrets.toml", account.info(api.token_uri), urls)
    path.write_text(
        path.read_text(encoding="utf-8")
        + f"""
[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "{secrets.token_urlsafe(32)}"
client_id = "banphi-dashboard"
client_secret = "{secrets.token_urlsafe(16)}"
server_metadata_url = "{provider}/.well-known/openid-configuration"
{ROLES}""",
        encoding="utf-8",
    )
    server = servers.start(
        "corrections",
        port=port,
        env={
            "DASHBOARD_SECRETS": str(path),
            "STREAMLIT_SECRETS_FILES": str(path),
            "DASHBOARD_SHEETS_ENDPOINT": api.url,
            "DASHBOARD_CACHE_DIR": str(folder / "cache"),
            "DASHBOARD_CACHE_TTL": "1",  # a reload pulls again: the saved line is read at once
            "DASHBOARD_AUDIT_LOG": str(folder / "downloads.jsonl"),
        },
    )
    try:
        yield server
    finally:
        servers.stop(server.process)


def _open(page, server, path: str, wait_for_app) -> None:
    page.goto(server.url + path)
    wait_for_app(page)


def sign_in(page, server, provider: str, email: str, wait_for_app) -> None:
    _open(page, server, "/", wait_for_app)
    page.get_by_role("button", name=SIGN_IN).click()
    page.wait_for_url(re.compile(re.escape(provider) + r"/oauth2/authorize"))
    page.locator('input[name="sub"]').fill(email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(re.compile(re.escape(server.url) + r"/?(\?.*)?$"))
    wait_for_app(page)


def sign_out(page, server, provider: str, wait_for_app) -> None:
    page.locator(".st-key-sign_out").get_by_role("button").click()
    page.wait_for_url(re.compile(re.escape(provider) + "/oauth2/end_session"))
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(re.compile(re.escape(server.url)))
    wait_for_app(page)


def _received_2_1(page):
    return page.locator('.st-key-card_report_2_1 [data-testid="stMetricValue"]')


def test_staff_fix_a_row_refresh_and_the_executive_sees_it(page, fix_server, provider, sheets, wait_for_app, screenshot):
    api, _, _ = sheets
    sign_in(page, fix_server, provider, STAFF, wait_for_app)
    expect(_received_2_1(page)).to_have_text("1")

    _open(page, fix_server, "/data?table=quarantine", wait_for_app)
    # their one set-aside row (Khon Kaen's is not offered), with the gazetteer's suggestion first
    expect(page.locator(".st-key-fix_row").get_by_role("combobox")).to_have_value(re.compile("ในเมอง"))
    choice = page.locator('[class*="st-key-fix_choice_2_1_3"]')
    expect(choice).to_contain_text("430101 ต.ในเมือง อ.เมืองหนองคาย จ.หนองคาย")
    page.locator(".st-key-fix_save").get_by_role("button").click()
    wait_for_app(page)
    expect(page.get_by_text(t("fix.saved", n=1))).to_be_visible()
    rows = api.spreadsheet(api.corrections_key).sheets[0].rows
    assert rows[1][:6] == ["2.1", "3", "tambon", "ในเมอง", "430101", STAFF]
    screenshot(page, "corrections-staff-saved")

    # the next pull: the row counts, and the data line says a row was corrected
    page.reload()
    wait_for_app(page)
    _open(page, fix_server, "/", wait_for_app)
    expect(_received_2_1(page)).to_have_text("2")
    expect(page.locator(".st-key-source_line")).to_contain_text(t("source.corrected_line", n="1"))
    sign_out(page, fix_server, provider, wait_for_app)

    sign_in(page, fix_server, provider, DIRECTOR, wait_for_app)
    expect(_received_2_1(page)).to_have_text("2")  # Khon Kaen's row is still set aside
    expect(page.locator(".st-key-source_line")).to_contain_text(t("source.corrected_line", n="1"))
    _open(page, fix_server, "/data?table=quarantine", wait_for_app)
    expect(page.get_by_text(t("fix.outcomes"))).to_be_visible()
    expect(page.locator(".st-key-fix_row")).to_have_count(0)  # executives do not correct
    screenshot(page, "corrections-executive")
    assert not page.page_errors
