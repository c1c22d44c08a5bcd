"""Sign-in in a real browser against a real OpenID Connect provider on loopback.

`oidc-provider-mock` serves the provider (discovery, authorize form, token, JWKS, end session)
on 127.0.0.1; the dashboard runs under `streamlit run` with `[auth]` pointing at it and the role
table in `[[roles]]`. Each test signs in through the provider's form as one person and checks
what that person sees against the command line's figures, then signs out.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import expect

from dashboard.i18n import fmt_int, t
from dashboard.testing import oidc

REPO = Path(__file__).resolve().parents[2]

NONG_KHAI, KORAT = "43", "30"
HEAD = "head.nk@cdd.go.th"
DIRECTOR = "director@cdd.go.th"
STAFF = "staff.nk@cdd.go.th"
STRANGER = "stranger@example.org"
# On the role table, but the provider does not say the address is verified (as Microsoft Entra
# ID never does): no identity, whatever the table says.
UNVERIFIED = "unverified@cdd.go.th"
VERIFIED = (HEAD, DIRECTOR, STAFF, STRANGER)
SIGN_IN = f"{t('auth.sign_in', 'th')} / {t('auth.sign_in', 'en')}"
ROLES = f"""
[[roles]]
email = "{DIRECTOR}"
role = "executive"

[[roles]]
email = "{HEAD}"
role = "province"
provinces = ["หนองคาย"]

[[roles]]
email = "{STAFF}"
role = "staff"
provinces = ["{NONG_KHAI}"]

[[roles]]
email = "{UNVERIFIED}"
role = "executive"
"""


@pytest.fixture(scope="module")
def provider() -> Iterator[str]:
    """An OpenID Connect provider on loopback whose accounts VERIFIED are verified."""
    with oidc.provider(verified=VERIFIED) as url:
        yield url


@pytest.fixture(scope="module")
def signin_server(provider, servers, tmp_path_factory):
    """The dashboard with sign-in required: Streamlit and the dashboard read one secrets file."""
    folder = tmp_path_factory.mktemp("signin")
    port = servers.free_port()
    secrets_file = folder / "secrets.toml"
    secrets_file.write_text(
        f"""[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "{secrets.token_urlsafe(32)}"
client_id = "banphi-dashboard"
client_secret = "{secrets.token_urlsafe(16)}"
server_metadata_url = "{provider}/.well-known/openid-configuration"
{ROLES}""",
        encoding="utf-8",
    )
    log = folder / "downloads.jsonl"
    server = servers.start(
        "signin",
        port=port,
        env={
            "DASHBOARD_SECRETS": str(secrets_file),
            "STREAMLIT_SECRETS_FILES": str(secrets_file),
            "DASHBOARD_CACHE_DIR": str(folder / "cache"),
            "DASHBOARD_AUDIT_LOG": str(log),
        },
    )
    server.audit_log = log  # type: ignore[attr-defined]
    try:
        yield server
    finally:
        servers.stop(server.process)


@pytest.fixture(scope="module")
def reports(tmp_path_factory) -> dict[str, dict]:
    """`python -m dashboard report` for the country and for Nong Khai (run side by side)."""
    env = {**os.environ, "DASHBOARD_AUDIT_LOG": str(tmp_path_factory.mktemp("cli") / "downloads.jsonl")}
    procs = {
        name: subprocess.Popen(
            [sys.executable, "-m", "dashboard", "report", "--source", "demo", "--format", "json", *args],
            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
        )
        for name, args in {"country": [], NONG_KHAI: ["--province", NONG_KHAI]}.items()
    }  # fmt: skip
    out = {}
    for name, proc in procs.items():
        stdout, stderr = proc.communicate(timeout=120)
        assert proc.returncode == 0, stderr.decode("utf-8", "replace")
        out[name] = json.loads(stdout)
    return out


def _card(page, key: str):
    return page.locator(f'.st-key-card_{key} [data-testid="stMetricValue"]')


def _headline(report: dict) -> dict[str, str]:
    return {
        "leaders": fmt_int(report["leaders"]["registered"]),
        "tambons_engaged": fmt_int(report["tambons"]["engaged"]),
        "report_1_1": fmt_int(report["reports"]["1.1"]["received"]),
    }


def _expect_headline(page, report: dict) -> None:
    for key, value in _headline(report).items():
        expect(_card(page, key)).to_have_text(value)


def _open(page, server, path: str, wait_for_app) -> None:
    page.goto(server.url + path)
    wait_for_app(page)


def sign_in(page, server, provider: str, email: str, wait_for_app) -> None:
    """From the sign-in screen through the provider's form and back, signed in as EMAIL."""
    _open(page, server, "/", wait_for_app)
    expect(page.locator('[data-testid="stPlotlyChart"]')).to_have_count(0)
    page.get_by_role("button", name=SIGN_IN).click()
    page.wait_for_url(re.compile(re.escape(provider) + r"/oauth2/authorize"))
    page.locator('input[name="sub"]').fill(email)
    page.get_by_role("button", name="Authorize").click()
    page.wait_for_url(re.compile(re.escape(server.url) + r"/?(\?.*)?$"))
    wait_for_app(page)


def sign_out(page, server, provider: str, wait_for_app, button: str = "sign_out") -> None:
    page.locator(f".st-key-{button}").get_by_role("button").click()
    # Streamlit ends the provider's session too (its end_session_endpoint), which asks to confirm.
    page.wait_for_url(re.compile(re.escape(provider) + "/oauth2/end_session"))
    page.get_by_role("button", name="End session").click()
    page.wait_for_url(re.compile(re.escape(server.url)))
    wait_for_app(page)
    expect(page.get_by_role("button", name=SIGN_IN)).to_be_visible()
    expect(page.locator('[data-testid="stMetric"]')).to_have_count(0)
    # and a new visit is signed out too (the identity cookie is gone)
    _open(page, server, "/", wait_for_app)
    expect(page.get_by_role("button", name=SIGN_IN)).to_be_visible()


def test_before_sign_in_only_the_sign_in_screen(page, signin_server, wait_for_app, screenshot):
    for path in ("/", "/data", f"/reports?province={NONG_KHAI}"):
        _open(page, signin_server, path, wait_for_app)
        expect(page.get_by_role("button", name=SIGN_IN)).to_be_visible()
        expect(page.get_by_role("dialog")).to_have_count(0)  # no "page not found" either
        expect(page.get_by_text(t("auth.sign_in_body", "th"))).to_be_visible()
        expect(page.get_by_text(t("auth.sign_in_body", "en"))).to_be_visible()
        for testid in ("stMetric", "stPlotlyChart", "stDataFrame", "stDownloadButton", "stSelectbox"):
            expect(page.locator(f'[data-testid="{testid}"]')).to_have_count(0)
    screenshot(page, "signin-screen")
    assert not page.page_errors


def test_province_head_sees_only_their_province(page, signin_server, provider, reports, wait_for_app, tmp_path,
                                                screenshot):
    sign_in(page, signin_server, provider, HEAD, wait_for_app)
    # their province only, with the command line's figures for it
    expect(page.locator(".st-key-filter_province").get_by_role("combobox")).to_have_value("หนองคาย")
    expect(page.locator(".st-key-source_line")).to_contain_text("จังหวัดหนองคาย")
    _expect_headline(page, reports[NONG_KHAI])
    assert _headline(reports[NONG_KHAI]) != _headline(reports["country"])
    expect(page.locator(".st-key-account")).to_contain_text(HEAD)
    expect(page.locator(".st-key-account")).to_contain_text(t("auth.role.province"))
    expect(page.get_by_text(t("auth.open_demo"))).to_have_count(0)
    # the selector offers nothing else
    page.locator(".st-key-filter_province").get_by_role("combobox").click()
    expect(page.get_by_role("option")).to_have_count(1)
    page.keyboard.press("Escape")
    screenshot(page, "signin-province-head")

    # another province by URL: refused, with the reason, and nothing of it shown
    _open(page, signin_server, f"/?province={KORAT}", wait_for_app)
    alert = page.locator('[data-testid="stAlert"]').filter(has_text="นครราชสีมา")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("หนองคาย")
    expect(page.locator('[data-testid="stMetric"]')).to_have_count(0)
    expect(page.locator('[data-testid="stPlotlyChart"]')).to_have_count(0)
    expect(page.locator(".st-key-source_line")).to_have_count(0)
    screenshot(page, "signin-refused-province")
    _open(page, signin_server, f"/data?province={KORAT}&table=1.1", wait_for_app)
    expect(page.locator('[data-testid="stAlert"]').filter(has_text="นครราชสีมา")).to_be_visible()
    expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(0)

    # a download, recorded with the email (and no personal data in the log)
    _open(page, signin_server, "/data?table=1.1", wait_for_app)
    with page.expect_download() as info:
        page.get_by_role("button", name=t("download.csv")).click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    rows = saved.read_bytes().decode("utf-8-sig").splitlines()
    entries = [json.loads(line) for line in signin_server.audit_log.read_text(encoding="utf-8").splitlines()]
    mine = [e for e in entries if e["email"] == HEAD]
    assert mine and mine[-1]["table"] == "1.1" and mine[-1]["format"] == "csv"
    assert mine[-1]["rows"] == len(rows) - 1 > 0
    assert mine[-1]["filters"]["province"] == NONG_KHAI
    assert set(mine[-1]) == {"at", "email", "table", "format", "filters", "rows", "role", "scope", "names", "phones"}
    assert (mine[-1]["role"], mine[-1]["scope"], mine[-1]["names"], mine[-1]["phones"]) == (
        "province", [NONG_KHAI], False, False)

    sign_out(page, signin_server, provider, wait_for_app)
    assert not page.page_errors


def test_executive_sees_every_province_without_personal_data(page, signin_server, provider, reports, wait_for_app):
    sign_in(page, signin_server, provider, DIRECTOR, wait_for_app)
    expect(page.locator(".st-key-source_line")).to_contain_text("ทั้งประเทศ")
    _expect_headline(page, reports["country"])
    _open(page, signin_server, f"/?province={NONG_KHAI}", wait_for_app)
    _expect_headline(page, reports[NONG_KHAI])
    _open(page, signin_server, f"/data?province={NONG_KHAI}&table=1.1", wait_for_app)
    expect(page.get_by_text(t("data.personal_note"))).to_be_visible()
    sign_out(page, signin_server, provider, wait_for_app)


def test_staff_see_and_download_names_and_phones(page, signin_server, provider, wait_for_app, tmp_path):
    sign_in(page, signin_server, provider, STAFF, wait_for_app)
    _open(page, signin_server, "/data?table=1.1", wait_for_app)
    expect(page.locator('[data-testid="stDataFrame"]')).to_be_visible()
    expect(page.get_by_text(t("data.personal_note"))).to_have_count(0)
    expect(page.get_by_text(t("auth.personal_shown"))).to_be_visible()
    # the table's own toolbar has no "Download as CSV" (client.disableDataExport): rows leave
    # only through the logged buttons
    page.locator('[data-testid="stDataFrame"]').hover()
    expect(page.get_by_role("button", name=re.compile("Search|Fullscreen")).first).to_be_visible()
    expect(page.get_by_role("button", name=re.compile("Download as CSV"))).to_have_count(0)
    with page.expect_download() as info:
        page.get_by_role("button", name=t("download.csv")).click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    import csv
    import io

    table = list(csv.DictReader(io.StringIO(saved.read_bytes().decode("utf-8-sig"))))
    assert table
    names = [row[next(k for k in row if k in ("ชื่อ", "first_name"))] for row in table]
    assert sum("•" not in n for n in names) > len(names) // 2, "names are whole"
    assert not [v for row in table for v in row.values() if re.fullmatch(r"\d{13}", v.replace("-", ""))]
    assert {row.get("province_code") or row.get("รหัสจังหวัด") for row in table} <= {NONG_KHAI, None}
    entries = [json.loads(line) for line in signin_server.audit_log.read_text(encoding="utf-8").splitlines()]
    assert [e for e in entries if e["email"] == STAFF and e["table"] == "1.1"]
    sign_out(page, signin_server, provider, wait_for_app)


def test_an_unknown_email_gets_a_polite_page_and_no_data(page, signin_server, provider, wait_for_app):
    sign_in(page, signin_server, provider, STRANGER, wait_for_app)
    expect(page.get_by_text(t("auth.unknown_title", "th"))).to_be_visible()
    expect(page.get_by_text(t("auth.unknown_title", "en"))).to_be_visible()
    for testid in ("stMetric", "stPlotlyChart", "stDataFrame", "stDownloadButton", "stSelectbox"):
        expect(page.locator(f'[data-testid="{testid}"]')).to_have_count(0)
    _open(page, signin_server, "/data?table=1.1", wait_for_app)
    expect(page.get_by_text(t("auth.unknown_title", "th"))).to_be_visible()
    expect(page.locator('[data-testid="stDataFrame"]')).to_have_count(0)
    sign_out(page, signin_server, provider, wait_for_app, button="signout_no_access")


def test_an_unverified_email_is_no_identity(page, signin_server, provider, wait_for_app):
    sign_in(page, signin_server, provider, UNVERIFIED, wait_for_app)
    expect(page.get_by_text(t("auth.unverified", "en"))).to_be_visible()
    for testid in ("stMetric", "stPlotlyChart", "stDataFrame", "stDownloadButton", "stSelectbox"):
        expect(page.locator(f'[data-testid="{testid}"]')).to_have_count(0)
    sign_out(page, signin_server, provider, wait_for_app, button="signout_no_access")
