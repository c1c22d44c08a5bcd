"""The sidebar: language, province, district, tambon type, as-of day, and "refresh now"."""

from __future__ import annotations

import math
from dataclasses import dataclass

import streamlit as st

from dashboard import loader, notify
from dashboard.access import Access
from dashboard.config import Config
from dashboard.errors import DashboardError
from dashboard.i18n import DEFAULT_LANG, LANGS, t, thai_date, thai_datetime
from dashboard.ui import tables
from dashboard.ui.loading import is_admin, source_error_text
from dashboard.ui.signin import access
from dashboard.ui.state import (
    ALL,
    REFRESH_NOTE_KEY,
    REFUSED_KEY,
    TAMBON_TYPES,
    Filters,
    as_of_bounds,
    config,
    current_filters,
    defer,
    normalise_widget_values,
    seed_from_url,
    sync_url,
    widget_values,
)


def province_label(cfg: Config, code: str, who: Access, lang: str) -> str:
    """A province option's label; "no filter" reads "all my provinces" for a person with several."""
    if not code and who.provinces is not None:
        return t("filter.my_provinces", lang)
    return tables.province_name(cfg, code or None, lang)


def _on_province_change() -> None:
    st.session_state["filter_district"] = ALL


@dataclass(frozen=True)
class Choices:
    """What the filter widgets offer this visitor (see `prepare_filters`)."""

    cfg: Config
    who: Access
    lang: str
    provinces: list[str]
    districts: list[str]


def prepare_filters() -> tuple[Filters, Choices]:
    """The visitor's filters, before any widget is drawn: from the URL on a first run, from the
    widgets' state afterwards, normalised and held to the visitor's provinces; the URL follows."""
    cfg = config()
    seed_from_url(cfg)
    ss = st.session_state
    for key, value in widget_values(Filters()).items():
        ss.setdefault(key, value)
    normalise_widget_values(cfg)
    who = access()
    provinces = tables.province_options(cfg, ss["filter_lang"])
    if who.provinces is not None:
        provinces = [p for p in provinces if p in who.provinces]
        if ss["filter_province"] and ss["filter_province"] not in who.provinces:
            # From a link: the page says why it shows nothing of that province (start_page asks
            # the core, which refuses); the selector moves to what this person may see.
            ss[REFUSED_KEY] = ss["filter_province"]
            ss["filter_province"], ss["filter_district"] = ALL, ALL
        if len(provinces) == 1:
            ss["filter_province"] = provinces[0]
    province_choices = [ALL, *provinces] if len(provinces) != 1 else provinces
    districts = tables.district_options(cfg, ss["filter_province"] or None, ss["filter_lang"])
    lang = ss["filter_lang"] if ss["filter_lang"] in LANGS else DEFAULT_LANG
    filters = current_filters()
    sync_url(filters)
    return filters, Choices(cfg, who, lang, province_choices, districts)


def draw_filters(choices: Choices) -> None:
    """The filter widgets, holding the values `prepare_filters` settled (drawn in the sidebar, or
    in the container this is called inside)."""
    cfg, who, lang, ss = choices.cfg, choices.who, choices.lang, st.session_state
    st.segmented_control(
        t("lang.label", lang),
        options=list(LANGS),
        format_func=lambda code: t(f"lang.{code}", code),
        key="filter_lang",
        persist_state="session",
        required=True,
    )
    st.subheader(t("filter.heading", lang), divider="gray")
    st.selectbox(
        t("filter.province", lang),
        options=choices.provinces,
        format_func=lambda c: province_label(cfg, c, who, lang),
        key="filter_province",
        persist_state="session",
        on_change=_on_province_change,
    )
    if ss["filter_province"]:
        st.selectbox(
            t("filter.district", lang),
            options=[ALL, *choices.districts],
            format_func=lambda c: tables.district_name(cfg, c or None, lang),
            key="filter_district",
            persist_state="session",
        )
    st.segmented_control(
        t("filter.tambon_type", lang),
        options=list(TAMBON_TYPES),
        format_func=lambda k: t(f"filter.type_{k or 'all'}", lang),
        key="filter_type",
        persist_state="session",
        required=True,
    )
    low, high = as_of_bounds(cfg)
    st.date_input(
        t("filter.as_of", lang),
        min_value=low,
        max_value=high,
        format="DD/MM/YYYY",
        help=t("filter.as_of_help", lang),
        key="filter_as_of",
        persist_state="session",
    )
    day = ss.get("filter_as_of")
    st.caption(t("filter.as_of_chosen", lang, date=thai_date(day, lang)) if day else t("filter.as_of_all", lang))
    sent = notify.last_digest()  # the digest's state file: a few hundred bytes
    if sent is not None:
        st.caption(t("notify.last_digest", lang, when=thai_datetime(sent, lang)))


def filters_later() -> Filters:
    """The visitor's filters now, their widgets at the end of the run (or before it stops) in a
    place kept for them at the top of the sidebar: a new visitor's browser then fetches the code
    of the page's elements before the widgets', and shows the first figure sooner."""
    filters, choices = prepare_filters()
    slot = st.sidebar.container(key="filters")

    def draw() -> None:
        with slot:
            draw_filters(choices)

    defer(draw)
    return filters


def sidebar() -> Filters:
    """The sidebar: language, province, district, tambon type, as-of day, and "refresh now"."""
    filters, choices = prepare_filters()
    with st.sidebar:
        draw_filters(choices)
    return filters


def _refresh(cfg: Config) -> None:
    """The "refresh now" button's callback: runs before the page, so the page shows the new pull."""
    try:
        result = loader.refresh_now(loader.choose_source(), cfg)
    except DashboardError as exc:
        st.session_state[REFRESH_NOTE_KEY] = ("error", source_error_text(exc, is_admin()))
        return
    if result.pulled:
        st.session_state[REFRESH_NOTE_KEY] = ("success", None)
    else:
        st.session_state[REFRESH_NOTE_KEY] = ("info", max(1, math.ceil(result.wait_seconds)))


def refresh_control(cfg: Config, lang: str) -> None:
    """ "Refresh now": pulls at once, but not more often than every 30 seconds (the loader says
    how long to wait)."""
    st.divider()
    st.button(t("source.refresh", lang), key="refresh_now", icon=":material/refresh:", on_click=_refresh, args=(cfg,))
    note = st.session_state.pop(REFRESH_NOTE_KEY, None)
    if note is None:
        return
    kind, detail = note
    if kind == "error":
        st.error(detail)
    elif kind == "success":
        st.success(t("source.refreshed", lang))
    else:
        st.info(t("source.refresh_wait", lang, seconds=detail))
