"""ภาพรวม / Overview: progress against every target, reports received, submissions over time, areas ranked."""

import streamlit as st

from dashboard import forecast, metrics
from dashboard.figures import shared, shared_figure
from dashboard.i18n import t, thai_date
from dashboard.ui import charts, forecasts, layout, session, tables

ctx = session.start_page("overview.title")
view, lang = ctx.view, ctx.lang
# Every table and figure here is built once per view and language and shared by every visitor
# of it (dashboard/figures.py): a warm visit only draws.
comp = shared(view, "completeness", None, lambda: metrics.completeness(view))
headline = shared(view, "headline_cards", lang, lambda: tables.headline_cards(view, lang))
reports = shared(view, "report_cards", lang, lambda: tables.report_cards(view, lang, comp))
# The figures first: on a phone's first screen, and all of them on a laptop's; the slower parts
# (the tables, the charts and their code in the browser) after them.
layout.headline_strip(shared(view, "strip", lang, lambda: tables.headline_strip(headline, reports, lang)), lang)

st.subheader(t("overview.progress", lang))
session.cards(headline, per_row=4)

st.subheader(t("overview.reports", lang))
session.cards(reports, per_row=5)

st.subheader(t("forecast.title", lang))
st.caption(t("forecast.help", lang, days=forecast.WINDOW_DAYS, day=thai_date(forecast.basis_day(view), lang)))
session.table(shared(view, "forecast_table", lang,
                     lambda: forecasts.report_display(forecast.report_forecast(view), lang)), key="forecast_table")

st.subheader(t("overview.cumulative", lang))
session.plotly(
    shared_figure(view, "cumulative", lang,
                  lambda: charts.cumulative_chart(metrics.cumulative_submissions(view), comp["deadline"], lang)),
    key="cumulative",
)

ranking = shared(view, "area_ranking", None, lambda: tables.area_ranking(view))
by_district = bool(view.province)
st.subheader(t("overview.ranking_district" if by_district else "overview.ranking", lang))
st.caption(t("overview.ranking_district_help" if by_district else "overview.ranking_help", lang))
worst = 15
if len(ranking) > worst:
    st.caption(t("overview.ranking_worst", lang, n=worst))
session.plotly(shared_figure(view, "ranking", lang, lambda: charts.ranking_chart(
    tables.ranking_chart_frame(ranking, lang, limit=worst), lang, label_col="label", percent=True)), key="ranking")
with st.expander(t("overview.ranking_table", lang)):
    session.table(shared(view, "ranking_table", lang, lambda: tables.area_display(ranking, lang)), key="ranking_table")
