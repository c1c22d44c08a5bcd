"""Who sees what, in the app: the identity comes in at one seam, `st.user` (AppTest's `at.user`).

The secrets file ($DASHBOARD_SECRETS) decides whether sign-in is required (`[auth]`) and holds the
role table (`[[roles]]`); the figures a person sees are the core's figures for their scope.
"""

from __future__ import annotations

import json

import pandas as pd
import pytest
from shared_roles import NONG_KHAI_ROLES

from dashboard import metrics
from dashboard.access import PUBLIC, Access
from dashboard.export import export_table
from dashboard.i18n import fmt_int, t
from dashboard.pipeline import OutOfScope, make_view

NONG_KHAI, KORAT, UDON = "43", "30", "41"
ROLES = """
[[roles]]
email = "director@cdd.go.th"
role = "executive"
""" + NONG_KHAI_ROLES + """
[[roles]]
email = "two@cdd.go.th"
role = "province"
provinces = ["หนองคาย", "Udon Thani"]
"""


@pytest.fixture
def signed_in(secrets, new_app):
    """signed_in(email, page="overview", **query) -> the app run for that signed-in person."""
    secrets(ROLES, auth=True)

    def run(email: str | None, page: str = "overview", **query: str):
        at = new_app(query)
        at.user = {"is_logged_in": True, "email": email, "email_verified": True} if email else {"is_logged_in": False}
        at.run()
        if page != "overview":
            at.switch_page(f"screens/{page}.py").run()
        if page == "data":
            at.selectbox(key="data_table").set_value("1.1").run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return run


def _metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def _headline(view) -> dict[str, str]:
    rep = metrics.report_dict(view)
    return {t("headline.leaders"): fmt_int(rep["leaders"]["registered"])}


def _captions(at) -> str:
    return "\n".join(c.value for c in at.caption)


def _shows_no_data(at) -> None:
    assert not at.metric and not at.get("plotly_chart") and not at.dataframe
    assert not at.get("deck_gl_json_chart") and not at.get("download_button")


# ---- no [auth]: the open demo -------------------------------------------------------------


def test_without_auth_an_open_demo_with_a_banner_and_masked_data(secrets, new_app, core):
    secrets("")
    at = new_app({"province": NONG_KHAI})
    at.run()
    at.switch_page("screens/data.py").run()
    at.selectbox(key="data_table").set_value("1.1").run()
    assert not at.exception
    assert any(w.value == t("auth.open_demo") for w in at.warning), "the open-demo banner"
    assert at.session_state["_access"] == PUBLIC
    assert "sign_in" not in [b.key for b in at.button] and "sign_out" not in [b.key for b in at.button]
    shown = next(d.value for d in at.dataframe if "ชื่อ" in d.value.columns)
    assert len(shown) == len(export_table(core(province=NONG_KHAI), "1.1")) > 0
    assert shown["ชื่อ"].str.fullmatch(r"\S•••").all()
    # every province is offered
    assert len(at.selectbox(key="filter_province").options) == 77


def test_the_demo_banner_is_on_every_page(secrets, open_page):
    secrets("")
    for page in ("overview", "reports", "map"):
        at = open_page(page)
        assert any(w.value == t("auth.open_demo") for w in at.warning), page


# ---- [auth]: sign-in required -------------------------------------------------------------


def test_signed_out_sees_the_sign_in_screen_and_no_data(signed_in):
    at = signed_in(None)
    _shows_no_data(at)
    assert at.button(key="sign_in").label == "เข้าสู่ระบบ / Sign in"
    text = "\n".join(m.value for m in at.markdown)
    assert t("auth.sign_in_body", "th") in text and t("auth.sign_in_body", "en") in text
    assert "_access" not in at.session_state
    # no filters in the sidebar before sign-in
    assert not at.selectbox


def test_sign_in_when_streamlit_does_not_see_the_auth_table(signed_in):
    # AppTest's st.secrets never holds [auth]: the same as a server whose Streamlit reads
    # another secrets file than $DASHBOARD_SECRETS. The button says so instead of failing.
    at = signed_in(None)
    at.button(key="sign_in").click().run()
    assert not at.exception
    assert at.error and "STREAMLIT_SECRETS_FILES" in at.error[0].value
    _shows_no_data(at)


def test_signed_out_cannot_reach_a_page_by_its_path(signed_in):
    at = signed_in(None)
    # the sign-in screen is the only page there is: no path leads to data
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("screens/data.py")


def test_a_role_from_a_domain_rule_and_an_unknown_email(secrets, new_app):
    secrets(ROLES + '\n[[roles]]\ndomain = "cdd.go.th"\nrole = "executive"\n', auth=True)
    at = new_app()
    at.user = {"is_logged_in": True, "email": "Someone.Else@CDD.go.th", "email_verified": True}
    at.run()
    assert at.session_state["_access"].role == "executive"
    at = new_app()
    at.user = {"is_logged_in": True, "email": "someone@gmail.com", "email_verified": True}
    at.run()
    _shows_no_data(at)
    assert t("auth.unknown_title", "th") in [s.value for s in at.subheader]


def test_unknown_email_gets_a_polite_page_and_no_data(signed_in):
    at = signed_in("stranger@gmail.com")
    _shows_no_data(at)
    subheaders = [s.value for s in at.subheader]
    assert t("auth.unknown_title", "th") in subheaders and t("auth.unknown_title", "en") in subheaders
    text = "\n".join(m.value for m in at.markdown)
    assert "stranger@gmail.com" in text
    assert at.button(key="signout_no_access")
    assert "_access" not in at.session_state
    # and a page path does not get round it
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("screens/reports.py")


_MISSING = object()


@pytest.mark.parametrize("claim", [False, _MISSING, None, "false", "False", 0, 1, "yes"])
def test_an_unverified_email_is_no_identity(secrets, new_app, claim):
    # Only a boolean True or the string "true" verifies an address; anything else is no identity.
    secrets(ROLES, auth=True)
    at = new_app()
    at.user = {"is_logged_in": True, "email": "director@cdd.go.th"}
    if claim is not _MISSING:
        at.user["email_verified"] = claim
    at.run()
    assert not at.exception
    _shows_no_data(at)
    assert "_access" not in at.session_state
    assert any(t("auth.unverified", "en") in w.value for w in at.warning)


@pytest.mark.parametrize("claim", [True, "true", "TRUE"])
def test_a_verified_email_counts(secrets, new_app, claim):
    secrets(ROLES, auth=True)
    at = new_app()
    at.user = {"is_logged_in": True, "email": "director@cdd.go.th", "email_verified": claim}
    at.run()
    assert at.session_state["_access"].role == "executive" and at.metric


def test_a_trusted_issuer_verifies_a_provider_without_the_claim(secrets, new_app):
    # Microsoft Entra ID sends no email_verified: one pinned tenant (issuer) counts as verified.
    tenant = "https://login.microsoftonline.com/11111111-2222-3333-4444-555555555555/v2.0"
    secrets(ROLES + f'\n[access]\ntrusted_issuer = "{tenant}"\n', auth=True)
    at = new_app()
    at.user = {"is_logged_in": True, "email": "director@cdd.go.th", "iss": tenant}
    at.run()
    assert at.session_state["_access"].role == "executive"
    # another tenant, whose administrators can set any address, is not trusted
    at = new_app()
    at.user = {"is_logged_in": True, "email": "director@cdd.go.th", "iss": tenant.replace("1111", "9999")}
    at.run()
    _shows_no_data(at)


def test_a_kelvin_sign_is_not_someone_elses_address(secrets, new_app):
    # "followup.n\u212a" lower-cases (and NFKC-folds) to "followup.nk": the staff member's address.
    secrets(ROLES + '\n[[roles]]\nemail = "followup.nk@cdd.go.th"\nrole = "staff"\nprovinces = "43"\n', auth=True)
    at = new_app()
    at.user = {"is_logged_in": True, "email": "followup.n\u212a@cdd.go.th", "email_verified": True}
    at.run()
    _shows_no_data(at)
    assert "_access" not in at.session_state
    assert any(t("auth.bad_email", "en") in w.value for w in at.warning)


def test_executive_sees_national_figures_without_personal_data(signed_in, core):
    at = signed_in("director@cdd.go.th")
    who = at.session_state["_access"]
    assert (who.role, who.provinces, who.show_names) == ("executive", None, False)
    assert all(_metrics(at)[k] == v for k, v in _headline(core()).items())
    assert "ทั้งประเทศ" in _captions(at)
    assert "director@cdd.go.th" in _captions(at)
    assert len(at.selectbox(key="filter_province").options) == 77
    at.switch_page("screens/data.py").run()
    at.selectbox(key="data_table").set_value("1.1").run()
    shown = next(d.value for d in at.dataframe if "ชื่อ" in d.value.columns)
    assert shown["ชื่อ"].str.fullmatch(r"\S•••").all()


def test_province_head_sees_only_their_province(signed_in, core):
    at = signed_in("head.nk@cdd.go.th")
    assert at.selectbox(key="filter_province").options == ["หนองคาย"]
    assert at.selectbox(key="filter_province").value == NONG_KHAI
    view = core(province=NONG_KHAI)
    shown = _metrics(at)
    assert all(shown[k] == v for k, v in _headline(view).items())
    assert shown[t("headline.leaders")] != _headline(core())[t("headline.leaders")]
    assert "จังหวัดหนองคาย" in _captions(at)
    assert at.query_params["province"] == [NONG_KHAI] or at.query_params["province"] == NONG_KHAI
    # the Data page: their province's rows only, names masked
    at.switch_page("screens/data.py").run()
    at.selectbox(key="data_table").set_value("1.1").run()
    shown = next(d.value for d in at.dataframe if "ชื่อ" in d.value.columns)
    assert len(shown) == len(export_table(view, "1.1"))
    assert shown["ชื่อ"].str.fullmatch(r"\S•••").all()


def test_staff_see_names_and_phones_of_their_province(signed_in, core):
    at = signed_in("staff.nk@cdd.go.th", page="data")
    who = at.session_state["_access"]
    assert (who.role, who.show_names, who.show_phones) == ("staff", True, True)
    view = core(province=NONG_KHAI)
    expected = export_table(view, "1.1", show_names=True, show_phones=True)
    shown = next(d.value for d in at.dataframe if "ชื่อ" in d.value.columns)
    assert len(shown) == len(expected) > 0
    assert shown["ชื่อ"].tolist() == expected["first_name"].tolist()
    assert not shown["ชื่อ"].str.fullmatch(r"\S•••").any()
    digits = shown["เบอร์โทรศัพท์"].fillna("").str.replace(r"\D", "", regex=True)
    assert digits.tolist() == expected["phone"].fillna("").tolist()
    assert digits.str.fullmatch(r"0\d{8,9}").sum() > len(digits) // 2
    # national IDs never whole
    assert shown[t("col.national_id_last4")].str.fullmatch(r"\d{4}").all()
    assert t("data.personal_note") not in _captions(at)
    assert t("auth.personal_shown") in _captions(at)


# ---- a province in the URL outside the scope ------------------------------------------------


@pytest.mark.parametrize("page", ["overview", "reports", "data"])
def test_a_province_outside_the_scope_in_the_url_is_refused(secrets, new_app, dataset, page):
    secrets(ROLES, auth=True)
    at = new_app({"province": "นครราชสีมา", "table": "1.1"})
    at.user = {"is_logged_in": True, "email": "head.nk@cdd.go.th", "email_verified": True}
    if page != "overview":
        at.switch_page(f"screens/{page}.py")  # the tampered link names the page too
    at.run()
    assert not at.exception
    with pytest.raises(OutOfScope) as refusal:
        make_view(dataset, province=KORAT, scope=(NONG_KHAI,))
    assert [e.value for e in at.error] == [refusal.value.bilingual()]
    _shows_no_data(at)
    assert "นครราชสีมา" not in _captions(at)
    # the selector stays on what the person may see, and the next run shows it
    assert at.selectbox(key="filter_province").value == NONG_KHAI
    assert at.query_params["province"] in (NONG_KHAI, [NONG_KHAI])
    at.run()
    assert not at.error
    if page == "data":
        shown = next(d.value for d in at.dataframe if "ชื่อ" in d.value.columns)
        assert len(shown) == len(export_table(make_view(dataset, province=NONG_KHAI), "1.1"))
    else:
        assert at.metric or at.get("plotly_chart")
        assert "จังหวัดหนองคาย" in _captions(at)


# ---- a person with two provinces -----------------------------------------------------------


def test_a_person_with_two_provinces(signed_in, dataset):
    at = signed_in("two@cdd.go.th")
    box = at.selectbox(key="filter_province")
    assert sorted(box.options) == sorted([t("filter.my_provinces"), "หนองคาย", "อุดรธานี"])
    both = make_view(dataset, scope=(NONG_KHAI, UDON))
    assert _metrics(at)[t("headline.leaders")] == _headline(both)[t("headline.leaders")]
    line = _captions(at)
    assert "หนองคาย" in line and "อุดรธานี" in line and "ทั้งประเทศ" not in line
    # each of the two on its own
    box.set_value(UDON).run()
    assert _metrics(at)[t("headline.leaders")] == _headline(make_view(dataset, province=UDON))[t("headline.leaders")]
    # and a third by URL is refused
    at = signed_in("two@cdd.go.th", province=KORAT)
    assert at.error and "นครราชสีมา" in at.error[0].value
    _shows_no_data(at)


# ---- signing out ---------------------------------------------------------------------------


def test_sign_out_returns_to_the_sign_in_screen(signed_in):
    at = signed_in("head.nk@cdd.go.th")
    assert at.button(key="sign_out")
    at.button(key="sign_out").click().run()
    assert at.user.get("is_logged_in") is False
    _shows_no_data(at)
    assert at.button(key="sign_in")


# ---- the role table: a broken row shows nobody anything ------------------------------------


ADMIN = '\n[[roles]]\nemail = "admin@cdd.go.th"\nrole = "admin"\n'


@pytest.mark.parametrize(
    "row, words",
    [
        ('email = "x@cdd.go.th"\nrole = "boss"', "boss"),
        ('email = "x@cdd.go.th"\ndomain = "gmail.com"\nrole = "executive"', "not both"),
        ('email = "head.nk@cdd.go.th"\nrole = "executive"', "already given"),
        ('domain = "cdd.go.th"\nrole = "executive"\n\n[[roles]]\ndomain = "@CDD.go.th"\nrole = "province"\nprovinces = "43"', "already given"),
        ('email = "x@cdd.go.th"\nrole = "province"\nprovinces = "43, *"', "mixed"),
        ('email = "x@cdd.go.th"\nrole = "province"\nprovinces = "แอตแลนติส"', "unknown province"),
    ],
)
def test_a_broken_role_table_shows_no_data_and_only_administrators_the_row(secrets, new_app, row, words):
    secrets(ROLES + ADMIN + "\n[[roles]]\n" + row + "\n", auth=True)
    for email, detail in (("director@cdd.go.th", False), ("head.nk@cdd.go.th", False), ("admin@cdd.go.th", True)):
        at = new_app()
        at.user = {"is_logged_in": True, "email": email, "email_verified": True}
        at.run()
        assert not at.exception
        _shows_no_data(at)
        assert "_access" not in at.session_state
        (error,) = at.error
        assert (words in error.value) is detail, (email, error.value)
        if not detail:
            assert error.value == f"{t('auth.rules_error_general', 'th')}\n\n{t('auth.rules_error_general', 'en')}"


def test_an_administrator_sees_every_province_with_names_masked(secrets, new_app, core):
    secrets(ROLES + ADMIN, auth=True)
    at = new_app()
    at.user = {"is_logged_in": True, "email": "Admin@CDD.go.th", "email_verified": True}
    at.run()
    who = at.session_state["_access"]
    assert (who.role, who.provinces, who.show_names, who.show_phones, who.is_admin) == ("admin", None, False, False, True)
    assert all(_metrics(at)[k] == v for k, v in _headline(core()).items())
    assert t("auth.role.admin") in _captions(at)
    at.switch_page("screens/data.py").run()
    at.selectbox(key="data_table").set_value("1.1").run()
    shown = next(d.value for d in at.dataframe if "ชื่อ" in d.value.columns)
    assert shown["ชื่อ"].str.fullmatch(r"\S•••").all()


# ---- downloads carry the person's access (and so the log has the email) ---------------------


def test_downloads_are_made_and_logged_under_the_persons_access(signed_in, tmp_path, monkeypatch, dataset):
    from dashboard import audit
    from dashboard.ui import session

    log = tmp_path / "downloads.jsonl"
    monkeypatch.setenv(audit.AUDIT_ENV, str(log))
    staff = Access("staff.nk@cdd.go.th", "staff", (NONG_KHAI,), True, True)
    view = make_view(dataset, scope=staff.provinces)
    data = session.download_bytes(view, "1.1", "csv", staff)
    frame = pd.read_csv(pd.io.common.BytesIO(data), dtype=str, encoding="utf-8-sig")
    assert len(frame) == len(export_table(view, "1.1"))
    (entry,) = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert entry["email"] == "staff.nk@cdd.go.th" and entry["table"] == "1.1" and entry["rows"] == len(frame)
    assert entry["filters"]["scope"] == NONG_KHAI


def test_a_users_csv_beside_the_csv_sources(tmp_path, cfg):
    from datetime import datetime, timezone

    from dashboard.access import access_for, rules_for
    from dashboard.sources import RawBundle

    (tmp_path / "users.csv").write_text(
        "email,role,provinces\nhead.nk@cdd.go.th,province,หนองคาย\n@cdd.go.th,executive,\n", encoding="utf-8-sig"
    )
    raw = RawBundle(tables={}, kind="local", label=str(tmp_path), pulled_at=datetime.now(timezone.utc))
    rules = rules_for(raw, {}, cfg)
    assert access_for("head.nk@cdd.go.th", rules).provinces == (NONG_KHAI,)
    assert access_for("anyone@cdd.go.th", rules).role == "executive"
    assert rules_for(raw, {}, cfg) is rules  # parsed once per pull


# ---- every way data leaves the page is logged or closed -------------------------------------


def test_a_download_button_asks_for_the_access_again_when_clicked(signed_in, secrets, tmp_path, monkeypatch):
    from dashboard import audit
    from dashboard.downloads import AccessWithdrawn
    from dashboard.ui import session

    log = tmp_path / "downloads.jsonl"
    monkeypatch.setenv(audit.AUDIT_ENV, str(log))
    at = signed_in("staff.nk@cdd.go.th", page="data")
    assert at.get("download_button")
    filters = {"as_of": None, "province": NONG_KHAI, "district": None, "tambon_type": None}
    data = session.download_now("staff.nk@cdd.go.th", "1.1", "csv", filters)
    (entry,) = [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
    assert (entry["email"], entry["role"], entry["scope"], entry["names"], entry["phones"]) == (
        "staff.nk@cdd.go.th", "staff", [NONG_KHAI], True, True)
    assert entry["rows"] == len(data.decode("utf-8-sig").splitlines()) - 1 > 0
    # the role is taken away while the page is open: the same button makes nothing
    secrets(ROLES.replace('email = "staff.nk@cdd.go.th"\nrole = "staff"\nprovinces = "43"\n', ""), auth=True)
    with pytest.raises(AccessWithdrawn):
        session.download_now("staff.nk@cdd.go.th", "1.1", "csv", filters)
    assert len(log.read_text(encoding="utf-8").splitlines()) == 1


def test_the_tables_data_export_menu_is_off(monkeypatch):
    # Streamlit's own "Download as CSV" in a table's toolbar would send rows with no log line.
    import tomllib
    from pathlib import Path

    from streamlit import config as st_config

    REPO = Path(__file__).resolve().parents[2]
    settings = tomllib.loads((REPO / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert settings["client"]["disableDataExport"] is True
    # a name Streamlit knows (a typo would be ignored), and what a server started here reads
    monkeypatch.chdir(REPO)
    st_config.get_config_options(force_reparse=True)
    try:
        assert st_config.get_option("client.disableDataExport") is True
    finally:
        st_config.get_config_options(force_reparse=True)


# ---- source errors: general words for everyone but administrators ----------------------------

KEY = "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdEFG"
ROBOT = "dashboard-reader@banphi-project.iam.gserviceaccount.com"


def _unshared():
    from dashboard.errors import SheetPermissionError

    return SheetPermissionError(
        f"The spreadsheet {KEY} is not shared with the service account {ROBOT}.",
        f"สเปรดชีต {KEY} ยังไม่ได้แชร์ให้บัญชีบริการ {ROBOT}",
    )


def _shown(at) -> str:
    return "\n".join(e.value for e in [*at.error, *at.warning, *at.info])


@pytest.mark.parametrize("email", ["stranger@gmail.com", "head.nk@cdd.go.th", "director@cdd.go.th", "admin@cdd.go.th"])
def test_a_source_error_names_no_key_or_service_account_but_to_administrators(secrets, new_app, monkeypatch, email, caplog):
    from dashboard import loader

    def fail(*args, **kwargs):
        raise _unshared()

    monkeypatch.setattr(loader, "get_dataset", fail)
    secrets(ROLES + ADMIN, auth=True)
    at = new_app()
    at.user = {"is_logged_in": True, "email": email, "email_verified": True}
    with caplog.at_level("WARNING"):
        at.run()
    assert not at.exception
    _shows_no_data(at)
    text = _shown(at)
    assert at.error
    if email == "admin@cdd.go.th":
        assert KEY in text and ROBOT in text
    else:
        assert KEY not in text and ROBOT not in text
        assert t("source.error_general", "th") in text and t("source.error_general", "en") in text
    assert KEY in caplog.text  # the details go to the server log


@pytest.mark.parametrize("email", ["head.nk@cdd.go.th", "director@cdd.go.th", "admin@cdd.go.th"])
def test_the_stale_banner_says_why_only_to_administrators(secrets, new_app, monkeypatch, dataset, email):
    from dataclasses import replace

    from dashboard import loader

    stale = replace(dataset, raw=replace(dataset.raw, stale=True, stale_reason=_unshared().bilingual()))
    monkeypatch.setattr(loader, "get_dataset", lambda *a, **k: stale)
    secrets(ROLES + ADMIN, auth=True)
    at = new_app()
    at.user = {"is_logged_in": True, "email": email, "email_verified": True}
    at.run()
    assert not at.exception and at.metric
    text = _shown(at)
    assert "ดึงข้อมูลใหม่ไม่สำเร็จ" in text
    assert (KEY in text and ROBOT in text) is (email == "admin@cdd.go.th")
    if email != "admin@cdd.go.th":
        assert KEY not in text and ROBOT not in text
