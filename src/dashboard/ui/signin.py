"""Sign-in and who the visitor is: Streamlit's OpenID Connect (`st.login`, `st.user`) → `Access`.

With `[auth]` in the secrets, nobody sees data before signing in, and a signed-in email is
looked up in the role table (`[[roles]]` in the secrets, the `users` worksheet of the pull);
an email the table does not know gets a polite page and no data. Without `[auth]` the dashboard
is an open demo with personal data masked (`PUBLIC`). `st.user` is the one seam the identity
comes through: AppTest sets it with `at.user`, a browser through the provider's sign-in.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

import streamlit as st

from dashboard import access as roles
from dashboard import loader
from dashboard.access import PUBLIC, Access
from dashboard.config import load_config, load_secrets
from dashboard.errors import DashboardError
from dashboard.i18n import DEFAULT_LANG, LANGS, t
from dashboard.ui import loading, state
from dashboard.ui.state import ACCESS_KEY

log = logging.getLogger(__name__)

_LOGIN_PROBLEM = "_login_problem"


def _lang() -> str:
    """The visitor's language before the sidebar ran: the widget's value, else the URL's."""
    chosen = st.session_state.get("filter_lang") or st.query_params.get("lang", DEFAULT_LANG)
    return chosen if chosen in LANGS else DEFAULT_LANG


def _both(key: str, **kw) -> str:
    """Thai first, then English: shown before anyone has chosen a language."""
    return f"{t(key, 'th', **kw)}\n\n{t(key, 'en', **kw)}"


def _stop_here() -> None:
    """End the run with what is on screen, and no page navigation to data."""
    st.session_state.pop(ACCESS_KEY, None)
    st.stop()


def _screen(draw: Callable[[], None]) -> None:
    """Show one screen instead of the pages, then end the run.

    It is every page of a hidden navigation: the sidebar lists none of screens/, and a link to
    any page (`/data?…`) opens this screen rather than Streamlit's "page not found".
    """
    title = t("app.title", _lang())
    pages = [
        st.Page(lambda: draw(), title=title, url_path=name, default=name == state.PAGES[0])
        for name in state.PAGES
    ]
    st.navigation(pages, position="hidden").run()
    _stop_here()


def _secrets() -> dict:
    try:
        return load_secrets()
    except DashboardError as exc:
        st.error(exc.bilingual(), icon=":material/key_off:")
        _stop_here()
        raise AssertionError("unreachable") from None


def signed_in_email(secrets: dict | None = None) -> str | None:
    """The verified email `st.user` holds for a signed-in visitor, or None (see
    `access.verified_email`: `email_verified` true, or the configured trusted issuer)."""
    issuer = roles.trusted_issuer(secrets if secrets is not None else _secrets())
    return roles.verified_email(st.user, issuer)


def require_access() -> Access:
    """This visitor's `Access`, or a sign-in / no-access screen and the end of the run.

    Looked up afresh on every run: the access of an earlier run is dropped first, so a
    role removed from the table takes effect at the next click.
    """
    st.session_state.pop(ACCESS_KEY, None)
    secrets = _secrets()
    if not roles.auth_configured(secrets):
        st.session_state[ACCESS_KEY] = PUBLIC
        return PUBLIC
    if st.user.get("is_logged_in") is not True:
        _screen(sign_in_screen)
    email = signed_in_email(secrets)
    if email is None:
        log.info("sign-in without a verified email refused")
        _screen(lambda: no_access_screen(None))
    cfg = load_config()
    # Administrators named in the secrets see why a load failed even before the table is read.
    raw = None
    try:
        raw = _raw(secrets, cfg, email)
        rules = roles.rules_for(raw, secrets, cfg)
    except DashboardError as exc:
        # A broken role table shows no data to anyone rather than guessing; administrators are
        # told which row to fix, everyone else only that it is broken; the log has the detail.
        log.warning("role table refused: %s", exc.message_en)
        admin = email in roles.admin_emails(secrets, raw, cfg)
        _screen(lambda problem=exc: rules_error_screen(problem, detail=admin))
    who = roles.access_for(email, rules)
    if who is None:
        log.info("sign-in by an email without a role")  # the address itself stays out of the log
        _screen(lambda: no_access_screen(email))
    st.session_state[ACCESS_KEY] = who
    return who


def access() -> Access:
    """What this visitor may see, as `require_access` decided this run. With no sign-in (an open
    demo) the most restrictive view: every province, names and phones masked, national IDs'
    last four digits only."""
    who = st.session_state.get(ACCESS_KEY)
    if isinstance(who, Access):
        return who
    return require_access()


def _raw(secrets: dict, cfg, email: str) -> object:
    """The shared dataset's pull (its users worksheet holds role rows). A failed load says why
    only to an administrator named in the secrets."""
    detail = email in roles.admin_emails(secrets, None, cfg)
    try:
        # A sheet missing a required column still has its users worksheet: an administrator can
        # sign in and open the header check that fixes it.
        with st.spinner(t("source.loading", _lang())):
            return loader.raw_for_check(loader.choose_source(), cfg)
    except DashboardError:
        _, ds = loading.load(cfg, _lang(), detail=detail)  # says what went wrong, and ends the run
        return ds.raw


def sign_in_screen() -> None:
    """A polite screen with one button; `st.login` takes the visitor to the provider."""
    st.title(t("app.title", "th"))
    st.caption(t("app.title", "en"))
    with st.container(border=True, key="sign_in_screen"):
        st.subheader(t("auth.sign_in_title", "th"))
        st.markdown(t("auth.sign_in_body", "th"))
        st.subheader(t("auth.sign_in_title", "en"))
        st.markdown(t("auth.sign_in_body", "en"))
        st.button(
            f"{t('auth.sign_in', 'th')} / {t('auth.sign_in', 'en')}",
            key="sign_in",
            type="primary",
            icon=":material/login:",
            on_click=login,
        )
        problem = st.session_state.pop(_LOGIN_PROBLEM, None)
        if problem:
            st.error(_both("auth.not_configured", detail=problem), icon=":material/key_off:")


def login() -> None:
    """The sign-in button's callback: off to the provider that `[auth]` configures."""
    from streamlit.errors import StreamlitAuthError

    try:
        st.login(roles.login_provider(load_secrets()))
    except StreamlitAuthError as exc:
        # The dashboard's secrets have [auth] but Streamlit reads another file (or none).
        log.warning("st.login failed: %s", exc)
        st.session_state[_LOGIN_PROBLEM] = type(exc).__name__


def no_access_screen(email: str | None) -> None:
    """For an email the role table does not know (or no verified email): no data, who to ask,
    and a way out."""
    st.title(t("app.title", "th"))
    st.caption(t("app.title", "en"))
    with st.container(border=True, key="no_access_screen"):
        if email is None:
            sent = st.user.get("email")
            key = "auth.no_email" if not sent else "auth.bad_email" if roles.normalize_email(sent) is None else "auth.unverified"
            st.warning(_both(key), icon=":material/mail:")
        else:
            st.subheader(t("auth.unknown_title", "th"))
            st.markdown(t("auth.unknown_body", "th", email=email))
            st.subheader(t("auth.unknown_title", "en"))
            st.markdown(t("auth.unknown_body", "en", email=email))
        sign_out_button("signout_no_access")


def rules_error_screen(exc: DashboardError, detail: bool = False) -> None:
    """No data for anyone; the row and the reason for an administrator, general words otherwise."""
    st.title(t("app.title", "th"))
    if detail:
        text = f"{t('auth.rules_error', 'th', detail=exc.message_th)}\n\n{t('auth.rules_error', 'en', detail=exc.message_en)}"
    else:
        text = _both("auth.rules_error_general")
    st.error(text, icon=":material/rule:")
    sign_out_button("signout_rules_error")


def _sign_out() -> None:
    st.session_state.pop(ACCESS_KEY, None)
    st.logout()


def sign_out_button(key: str, lang: str | None = None) -> None:
    # A callback, like every button here: it runs before the script, whatever the run does after.
    label = t("auth.sign_out", lang) if lang else f"{t('auth.sign_out', 'th')} / {t('auth.sign_out', 'en')}"
    st.button(label, key=key, icon=":material/logout:", on_click=_sign_out)


def account_box(who: Access, lang: str) -> None:
    """In the sidebar of a signed-in visitor: who, which role and provinces, and "sign out"."""
    if not who.signed_in:
        return
    from dashboard.ui import tables

    cfg = load_config()
    where = (
        t("auth.every_province", lang)
        if who.provinces is None
        else ", ".join(tables.province_name(cfg, p, lang) for p in who.provinces)
    )
    with st.sidebar:
        st.divider()
        with st.container(key="account"):
            st.caption(t("auth.signed_in_as", lang, email=who.email))
            st.caption(t("auth.role_line", lang, role=t(f"auth.role.{who.role}", lang), provinces=where))
            if who.show_names or who.show_phones:
                st.caption(t("auth.personal_shown", lang))
            sign_out_button("sign_out", lang)
