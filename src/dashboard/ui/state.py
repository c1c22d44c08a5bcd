"""The visitor's state: the filters, their widgets and the URL, and the once-per-session flags.

The filters live in the URL (`?province=43&as_of=2021-08-08&lang=en`), so a link sent on LINE opens
the same view, and in widgets with stable keys (`filter_province` …) that AppTest and Playwright find.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import NoReturn

import streamlit as st

from dashboard.config import Config, bangkok_now, load_config, parse_as_of
from dashboard.errors import DashboardError
from dashboard.i18n import DEFAULT_LANG, LANGS, t

ALL = ""  # the option meaning "no filter" (whole country, every district, both tambon types)
TAMBON_TYPES = (ALL, "older", "younger")
# URL parameter -> widget key. Short parameters keep a shared link readable.
PARAMS = {
    "province": "filter_province",
    "district": "filter_district",
    "type": "filter_type",
    "as_of": "filter_as_of",
    "lang": "filter_lang",
}
PAGES = ("overview", "reports", "clips", "map", "data")
PAGE_FILES = {name: f"screens/{name}.py" for name in PAGES}
ADMIN_PAGE = "screens/admin.py"
PAGE_ICONS = {
    "overview": ":material/dashboard:",
    "reports": ":material/checklist:",
    "clips": ":material/smart_display:",
    "map": ":material/map:",
    "data": ":material/table_view:",
}
SEEDED_KEY = "_filters_from_url"
REFRESH_NOTE_KEY = "_refresh_note"
REFUSED_KEY = "_refused_province"  # a province asked for by the URL outside the visitor's scope
AS_OF_REFUSED_KEY = "_refused_as_of"  # an as_of in the URL that could not be used, with why
# Where this run's `Access` is kept (see `signin.require_access`).
ACCESS_KEY = "_access"


@dataclass(frozen=True)
class Filters:
    province: str | None = None
    district: str | None = None
    tambon_type: str | None = None
    as_of: date | None = None
    lang: str = DEFAULT_LANG
    # An `as_of` in the link that could not be used: (why, the text); the page says so.
    as_of_refused: tuple[str, str] | None = None

    def params(self) -> dict[str, str]:
        """The URL parameters of these filters (defaults left out)."""
        out = {
            "province": self.province or "",
            "district": self.district or "",
            "type": self.tambon_type or "",
            "as_of": self.as_of.isoformat() if self.as_of else "",
            "lang": self.lang if self.lang != DEFAULT_LANG else "",
        }
        return {k: v for k, v in out.items() if v}


def config() -> Config:
    return load_config()


def as_of_bounds(cfg: Config) -> tuple[date, date]:
    """The days the as-of picker offers: from well before the first deadline to today."""
    first = min(cfg.deadlines.values()) - timedelta(days=120)
    return first, max(bangkok_now(cfg).date(), max(cfg.deadlines.values()))


def filters_from_params(params: Mapping[str, str | list[str]], cfg: Config) -> Filters:
    """Read filters from URL parameters; anything unreadable is left at its default.

    A province may be its code or its name as people write it (`43`, `หนองคาย`, `Nong Khai`);
    a district its 4-digit code or its name within the province.
    """
    from dashboard.normalize.places import gazetteer, province_code

    def one(name: str) -> str:
        value = params.get(name, "")
        if isinstance(value, list):
            value = value[-1] if value else ""
        return str(value).strip()

    gaz = gazetteer(cfg)
    province = None
    if one("province"):
        try:
            province = province_code(cfg, one("province"))
        except Exception:  # an unreadable name is simply no filter
            province = None
    district = None
    text = one("district")
    if province and text:
        if text in gaz.district_names and text[:2] == province and text in gaz.programme_districts:
            district = text
        else:
            found = gaz.district(province, text).code
            district = found if found in gaz.programme_districts else None
    kind = {"older": "older", "younger": "younger", "พี่": "older", "น้อง": "younger"}.get(one("type").lower())
    as_of = refused = None
    if one("as_of"):
        # A Buddhist-Era year (2564-08-08) is the same day; anything unusable is said on the page.
        try:
            day = parse_as_of(one("as_of"))
        except DashboardError:
            day, refused = None, "unreadable"
        low, high = as_of_bounds(cfg)
        if day is not None and low <= day <= high:
            as_of = day
        elif day is not None:
            refused = "outside"
    lang = one("lang").lower()
    lang = lang if lang in LANGS else DEFAULT_LANG
    return Filters(province, district, kind, as_of, lang, (refused, one("as_of")) if refused else None)


def widget_values(f: Filters) -> dict[str, object]:
    return {
        "filter_province": f.province or ALL,
        "filter_district": f.district or ALL,
        "filter_type": f.tambon_type or ALL,
        "filter_as_of": f.as_of,
        "filter_lang": f.lang,
    }


def seed_from_url(cfg: Config) -> None:
    """On a visitor's first run, the URL sets the filters (a shared link opens the same view)."""
    if st.session_state.get(SEEDED_KEY):
        return
    seeded = filters_from_params(st.query_params.to_dict(), cfg)
    for key, value in widget_values(seeded).items():
        st.session_state[key] = value
    if seeded.as_of_refused:
        st.session_state[AS_OF_REFUSED_KEY] = seeded.as_of_refused
    st.session_state[SEEDED_KEY] = True


def current_filters() -> Filters:
    """The filters as the widgets hold them (defaults before the sidebar ran)."""
    ss = st.session_state
    province = ss.get("filter_province") or None
    district = ss.get("filter_district") or None
    if district and (not province or district[:2] != province):
        district = None
    kind = ss.get("filter_type") or None
    lang = ss.get("filter_lang") if ss.get("filter_lang") in LANGS else DEFAULT_LANG
    return Filters(province, district, kind, ss.get("filter_as_of"), lang)


def sync_url(filters: Filters) -> None:
    """Write the filters into the URL, leaving other (page) parameters alone."""
    wanted = filters.params()
    qp = st.query_params
    for name in PARAMS:
        if name in wanted:
            if qp.get(name) != wanted[name]:
                qp[name] = wanted[name]
        elif name in qp:
            del qp[name]


def normalise_widget_values(cfg: Config) -> None:
    """Keep the filter widgets' values as codes.

    A selectbox or segmented control restored after a page switch can hand back its shown label
    (`หนองคาย`, `English`) instead of the option (`43`, `en`); read the label back to the option,
    and drop anything that is no option at all.
    """
    ss = st.session_state
    if ss.get("filter_lang") not in LANGS:
        labels = {t(f"lang.{code}", code): code for code in LANGS}
        ss["filter_lang"] = labels.get(ss.get("filter_lang"), DEFAULT_LANG)
    labels = {t(f"filter.type_{k or 'all'}", lang): k for k in TAMBON_TYPES for lang in LANGS}
    if ss.get("filter_type") not in TAMBON_TYPES:
        ss["filter_type"] = labels.get(ss.get("filter_type"), ALL)
    as_read = filters_from_params(
        {"province": ss.get("filter_province") or "", "district": ss.get("filter_district") or ""}, cfg
    )
    ss["filter_province"] = as_read.province or ALL
    ss["filter_district"] = as_read.district or ALL
    if not isinstance(ss.get("filter_as_of"), date):
        ss["filter_as_of"] = None


# What this run still has to draw at its end (each session's run has a thread of its own).
_deferred = threading.local()


def defer(draw: Callable[[], None]) -> None:
    """Draw something at the end of this run (`draw_deferred`), or before the run stops (`stop`)."""
    _deferred.draw = draw


def draw_deferred() -> None:
    draw = getattr(_deferred, "draw", None)
    _deferred.draw = None
    if draw is not None:
        draw()


def stop() -> NoReturn:
    """`st.stop()`, after drawing what was deferred: once stopped, a run draws nothing more."""
    draw_deferred()
    st.stop()
    raise AssertionError("unreachable")  # st.stop() ends the run


def page_links_params(filters: Filters, **extra: str) -> dict[str, str]:
    return {**filters.params(), **extra}
