"""ข้อมูล / Data: each form's normalized rows under the filters, the quarantined rows with their
reasons, and downloads (CSV with a byte-order mark, XLSX) — the same files as `python -m dashboard export`."""

import streamlit as st

from dashboard.figures import shared
from dashboard.i18n import fmt_int, report_title, t
from dashboard.screen import screen_table
from dashboard.ui import fixes, session, tables

ctx = session.start_page("data.title")
view, lang = ctx.view, ctx.lang
who = session.access()  # what personal data this visitor may see, in the table and the files
if not (who.show_names or who.show_phones):
    st.caption(t("data.personal_note", lang))

TABLES = [*view.cfg.source_ids, "quarantine"]
asked = st.query_params.get("table")
if "data_table" not in st.session_state and asked in TABLES:
    st.session_state["data_table"] = asked
table = st.selectbox(
    t("data.choose", lang),
    options=TABLES,
    format_func=lambda s: t("data.quarantine", lang) if s == "quarantine" else report_title(s, lang),
    key="data_table",
)
st.query_params["table"] = table
# The rows themselves are built per visit, not kept with the view for the next visitor: a form's
# table is up to 30,000 rows per language and masking, for each of the views kept in memory.

if table == "quarantine":
    st.subheader(t("data.quarantine", lang))
    st.caption(t("data.quarantine_help", lang))
    # the table shown is the one the buttons below download (`screen_table`, masked by role)
    shown = screen_table(view, "quarantine", lang, show_names=who.show_names, show_phones=who.show_phones)
    if not len(shown):
        st.success(t("data.no_quarantine", lang))
    else:
        session.table(shared(view, "reason_counts", lang, lambda: tables.reason_counts(view, lang)), key="reason_counts", width=560)
        st.caption(t("data.quarantine_count", lang, n=fmt_int(len(shown))))
        session.table(shown.page, key="quarantine_table", height=520, lazy=True)
    session.download_buttons(view, table, lang, key="data")
    fixes.to_fix_section(view, lang)
    if who.role == "staff":
        fixes.fix_form(ctx, who)
    fixes.outcomes_section(view, who, lang)
else:
    st.subheader(report_title(table, lang))
    shown = screen_table(view, table, lang, show_names=who.show_names, show_phones=who.show_phones)
    st.caption(t("data.showing", lang, n=fmt_int(len(shown))))
    if not len(shown):
        st.info(t("data.empty", lang))
    else:
        session.table(shown.shown, key="data_frame", height=520, lazy=True)
    session.download_buttons(view, table, lang, key="data")
