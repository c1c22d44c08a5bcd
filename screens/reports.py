"""รายงาน / Reports: on time, late and missing per report and area; who is missing; pairs."""

import streamlit as st

from dashboard import forecast, metrics
from dashboard.figures import shared, shared_figure
from dashboard.i18n import fmt_int, report_title, t
from dashboard.screen import screen_table
from dashboard.ui import charts, forecasts, session, tables

ctx = session.start_page("reports.title")
view, lang = ctx.view, ctx.lang
# Tables and figures built once per view and language, shared by its visitors (dashboard/figures.py).
comp = shared(view, "completeness", None, lambda: metrics.completeness(view))

st.subheader(t("reports.summary", lang))
session.plotly(shared_figure(view, "summary", lang, lambda: charts.completeness_chart(comp, lang, sort=False, percent=True)),
               key="summary_chart")
session.table(shared(view, "summary_table", lang, lambda: tables.completeness_display(comp, lang)), key="summary_table")

# The chosen report lives in the URL too, so a shared link opens the same report.
asked = st.query_params.get("report")
if "reports_report" not in st.session_state and asked in view.cfg.report_ids:
    st.session_state["reports_report"] = asked
report = st.segmented_control(
    t("reports.choose", lang),
    options=list(view.cfg.report_ids),
    format_func=lambda r: report_title(r, lang, short=True),
    default=None if "reports_report" in st.session_state else view.cfg.report_ids[0],
    required=True,
    key="reports_report",
)
st.query_params["report"] = report
unit = view.cfg.sources[report].unit  # what one expected answer is: a tambon, a province and phase, a district
area = t("reports.area_district" if view.province and unit != "province_phase" else "reports.area_province", lang)
st.subheader(t("reports.by_area", lang, report=report_title(report, lang), area=area))
session.plotly(
    shared_figure(view, f"area-{report}", lang, lambda: charts.completeness_chart(
        metrics.completeness_by_area(view, report), lang, label_col="name_en" if lang == "en" else "name", percent=True)),
    key="area_chart",
)
st.caption(forecasts.sentence(report, forecast.report_forecast(view)[report], lang))
with st.expander(t("forecast.by_area", lang)):
    session.table(shared(view, f"forecast_area-{report}", lang,
                         lambda: forecasts.area_display(forecast.forecast_by_area(view, report), lang)),
                  key="forecast_area_table")

# the table shown is the one the buttons download
missing = shared(view, f"missing-{report}", lang, lambda: screen_table(view, f"missing-{report}", lang))
st.subheader(t("reports.missing", lang, report=report_title(report, lang, short=True)))
if not len(missing):
    st.success(t("reports.none_missing", lang))
else:
    st.caption(t("reports.missing_count", lang, n=fmt_int(len(missing))))
    session.table(missing.shown, key="missing_table")
    session.download_buttons(view, f"missing-{report}", lang, key="missing")

if unit == "tambon":
    st.subheader(t("reports.pairs", lang, report=report_title(report, lang, short=True)))
    st.caption(t("reports.pairs_help", lang))
    pairs = shared(view, f"pairs-{report}", None, lambda: metrics.pairs_status(view, report))
    left, right = st.columns([2, 1])
    with left:
        session.plotly(shared_figure(view, f"pairs-{report}", lang, lambda: charts.pairs_chart(pairs, lang)), key="pairs_chart")
    with right:
        session.table(shared(view, f"pairs-{report}", lang, lambda: tables.pairs_frame(pairs, lang)), key="pairs_table")
