"""แผนที่ / Map: every district coloured by its A–D rating, zoomed to the chosen province; beside
it each province's share of A, B, C, D (inside a province: its districts). Without boundaries the
page says so and shows the same ratings as a chart and a table."""

import streamlit as st

from dashboard import geo, metrics
from dashboard.config import GRADES
from dashboard.figures import shared, shared_figure
from dashboard.i18n import fmt_int, t
from dashboard.ui import charts, maps, session, tables

ctx = session.start_page("map.title")
view, lang = ctx.view, ctx.lang
# Tables, figures and the deck built once per view and language, shared by its visitors
# (dashboard/figures.py).
ratings = shared(view, "ratings", None, lambda: metrics.ratings_by_district(view))
counts = shared(view, "rating_counts", None, lambda: metrics.rating_counts(view))
shares = shared(view, "rating_shares", None, lambda: metrics.ratings_share_by_province(view))
ratings_table = shared(view, "ratings_table", lang, lambda: tables.ratings_display(ratings, lang))
rated = sum(counts[g] for g in GRADES)
st.caption(t("map.districts_of", lang, rated=fmt_int(rated), expected=fmt_int(len(ratings))))
names = "province_name_en" if lang == "en" else "province_name"

try:
    with st.spinner(t("source.computing", lang)):
        districts = geo.load_boundaries("district")
        provinces = geo.load_boundaries("province")
except geo.BoundariesUnavailable:
    districts = provinces = None

MAP_HEIGHT = 560
MAP_WIDTH = 360  # a phone's width: the zoom is chosen so the province fits there, and on a laptop
if districts is None:
    st.info(t("map.no_boundaries", lang), icon=":material/map:")
    st.markdown(maps.legend_html(lang, counts), unsafe_allow_html=True)
    session.plotly(shared_figure(view, "ratings_counts", lang, lambda: charts.ratings_count_chart(counts, lang)),
                   key="ratings_counts")
    st.subheader(t("map.share", lang))
    session.plotly(shared_figure(view, "ratings_share", lang,
                                 lambda: charts.ratings_share_chart(shares, lang, label_col=names)), key="ratings_share")
    st.subheader(t("map.table", lang))
    session.table(ratings_table, key="ratings_table")
else:
    left, right = st.columns([3, 2], gap="medium")
    with left:
        with st.spinner(t("source.computing", lang)):
            deck = shared(view, "deck", lang, lambda: maps.ratings_deck(
                districts, ratings, view.province, lang, province_geojson=provinces, width=MAP_WIDTH,
                height=MAP_HEIGHT,
            ))
        st.pydeck_chart(deck, height=MAP_HEIGHT, key="ratings_map")
        st.markdown(maps.legend_html(lang, counts), unsafe_allow_html=True)
        st.caption(t("map.attribution", lang))
    with right:
        if view.province:  # one province: its districts, each with its grade and score
            st.markdown(f"**{t('map.table', lang)}**")
            session.table(
                ratings_table,
                key="ratings_table",
                height=MAP_HEIGHT,
                column_order=[t("col.district", lang), t("col.grade", lang), t("col.score", lang)],
            )
        else:
            st.markdown(f"**{t('map.share', lang)}**")
            # Without a legend: the map's legend beside it names the colours.
            share_chart = shared_figure(view, "ratings_share_beside", lang, lambda: charts.ratings_share_chart(
                shares, lang, label_col=names).update_layout(showlegend=False))
            with st.container(height=MAP_HEIGHT, border=False, key="share_scroll"):
                session.plotly(share_chart, key="ratings_share")
    if not view.province:
        with st.expander(t("map.table", lang)):
            session.table(ratings_table, key="ratings_table")
