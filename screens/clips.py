"""คลิป / Clips: provinces × the three phases against each phase's deadline; the clip list."""

import streamlit as st

from dashboard import metrics
from dashboard.figures import shared, shared_figure
from dashboard.i18n import t
from dashboard.screen import screen_table
from dashboard.ui import charts, session, tables

ctx = session.start_page("clips.title")
view, lang = ctx.view, ctx.lang
# Tables and figures built once per view and language, shared by its visitors (dashboard/figures.py).
matrix = shared(view, "clips_matrix", None, lambda: metrics.clips_matrix(view))
clips = shared(view, "clips", None, lambda: metrics.clips_table(view))

lengths_known = not metrics.column_missing(view, "3", "duration")
session.cards(shared(view, "clip_cards", lang, lambda: tables.clip_cards(matrix, clips, ctx.cfg, lang, lengths_known=lengths_known)),
              per_row=4)

st.subheader(t("clips.matrix", lang))
session.plotly(
    shared_figure(view, "clips_matrix", lang, lambda: charts.clips_heatmap(
        matrix.assign(label=tables.province_labels(matrix, ctx.cfg, lang)), lang, label_col="label")),
    key="clips_matrix",
)

st.subheader(t("clips.list", lang))
st.caption(t("clips.list_help", lang))
if clips.empty:
    st.info(t("clips.none", lang))
else:
    over_only = st.toggle(t("clips.over_only", lang), key="clips_over_only")
    listed = "clips-over" if over_only else "clips"  # the list shown is the one the buttons download
    session.table(
        shared(view, listed, lang, lambda: screen_table(view, listed, lang)).shown,
        key="clips_table",
        column_config={t("col.link", lang): st.column_config.LinkColumn(display_text=t("clips.open", lang))},
    )
    session.download_buttons(view, listed, lang, key="clips")
