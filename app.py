"""Streamlit entry point: page setup, who the visitor is, the sidebar's filters, and navigation
over screens/.

The page scripts live in screens/, not pages/: a pages/ folder beside the entry point puts a
server's first session in Streamlit's older multipage mode (`PagesManager.uses_pages_directory`),
where this script runs as a page of its own and its widgets get other ids than in every later
run, so that session needed a second run to keep its filters. Without the folder, every visit
is one script run.
"""

import streamlit as st

from dashboard.access import may_administer
from dashboard.i18n import t
from dashboard.ui import session, signin

st.set_page_config(page_title=t("app.title"), page_icon="🌾", layout="wide")
# With [auth] in the secrets: the sign-in screen, or the no-access page, ends the run here.
who = signin.require_access()
# The filters' widgets keep the top of the sidebar but are drawn after the page (or before it
# stops, `session.stop`): a new visitor's browser fetches the page's element code first and
# shows the first figure sooner (benchmarks/first_figure.py). The page reads the same values.
filters = session.filters_later()
signin.account_box(who, filters.lang)
if filters.lang != "th":
    st.set_page_config(page_title=t("app.title", filters.lang))
page = st.navigation(session.navigation_pages(filters.lang, admin=may_administer(who)), position="top")
try:
    page.run()
finally:
    session.draw_deferred()
