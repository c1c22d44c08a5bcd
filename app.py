"""Streamlit entry point: page setup, who the visitor is, the sidebar's filters, and navigation
over pages/."""

import streamlit as st

from dashboard.access import may_administer
from dashboard.i18n import t
from dashboard.ui import session, signin

st.set_page_config(page_title=t("app.title"), page_icon="🌾", layout="wide")
# With [auth] in the secrets: the sign-in screen, or the no-access page, ends the run here.
who = signin.require_access()
filters = session.sidebar()
signin.account_box(who, filters.lang)
if filters.lang != "th":
    st.set_page_config(page_title=t("app.title", filters.lang))
page = st.navigation(session.navigation_pages(filters.lang, admin=may_administer(who)), position="top")
if session.first_run():
    # A server's very first session starts in Streamlit's older pages/-folder mode, which
    # st.navigation has just switched off; rerunning once puts the session in the new mode
    # (otherwise its widgets forget their values). Cheap: no data has been loaded yet.
    st.rerun()
with session.running_page():
    page.run()
