"""Streamlit glue for the pages: the shared dataset, the filters and the URL, the page header.

The dataset comes from `dashboard.loader` (one cache for every visitor of the process); each
visitor's filters are applied after it (`pipeline.make_view`), so nothing per-user is cached
under a shared key. The filters live in the URL (`?province=43&as_of=2021-08-08&lang=en`), so
a link sent on LINE opens the same view, and in widgets with stable keys (`filter_province` …)
that AppTest and Playwright find.

Who the visitor is comes from one seam, `st.user` (Streamlit's OpenID Connect sign-in), and only
when the secrets configure `[auth]`; `require_access` turns it into an `Access` through the role
table, and every view (`make_view(scope=...)`) and download (`downloads.prepare(access)`) of the
visitor's runs uses that `Access`.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import date, timedelta

import streamlit as st

from dashboard import downloads, fixing, loader, notify, screen
from dashboard.access import PUBLIC, Access, may_administer
from dashboard.config import Config, bangkok_now, load_config, load_secrets, parse_as_of
from dashboard.errors import DashboardError
from dashboard.i18n import DEFAULT_LANG, LANGS, fmt_int, t, thai_date, thai_datetime
from dashboard.pipeline import Dataset, View, make_view
from dashboard.ui import layout, signin, tables

log = logging.getLogger(__name__)

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
PAGE_FILES = {name: f"pages/{name}.py" for name in PAGES}
ADMIN_PAGE = "pages/admin.py"
PAGE_ICONS = {
    "overview": ":material/dashboard:",
    "reports": ":material/checklist:",
    "clips": ":material/smart_display:",
    "map": ":material/map:",
    "data": ":material/table_view:",
}
ROW_COLUMNS = {"แถวที่", "Row", "row"}  # sheet row numbers read as numbers, not amounts
_SEEDED = "_filters_from_url"
_STARTED = "_session_started"
_IN_APP = "_in_app"
_REFRESH_NOTE = "_refresh_note"
_REFUSED = "_refused_province"  # a province asked for by the URL outside the visitor's scope
_AS_OF_REFUSED = "_refused_as_of"  # an as_of in the URL that could not be used, with why


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


# ---- filters <-> URL -----------------------------------------------------------------------


def as_of_bounds(cfg: Config) -> tuple[date, date]:
    """The days the as-of picker offers: from well before the first deadline to today."""
    first = min(cfg.deadlines.values()) - timedelta(days=120)
    return first, max(bangkok_now(cfg).date(), max(cfg.deadlines.values()))


def filters_from_params(params: Mapping[str, str | list[str]], cfg: Config) -> Filters:
    """Read filters from URL parameters; anything unreadable is left at its default.

    A province may be its code or its name as people write it (`43`, `หนองคาย`, `Nong Khai`);
    a district its 4-digit code or its name within the province.
    """
    from dashboard.normalize.places import gazetteer
    from dashboard.pipeline import province_code

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


def _widget_values(f: Filters) -> dict[str, object]:
    return {
        "filter_province": f.province or ALL,
        "filter_district": f.district or ALL,
        "filter_type": f.tambon_type or ALL,
        "filter_as_of": f.as_of,
        "filter_lang": f.lang,
    }


def _seed_from_url(cfg: Config) -> None:
    """On a visitor's first run, the URL sets the filters (a shared link opens the same view)."""
    if st.session_state.get(_SEEDED):
        return
    seeded = filters_from_params(st.query_params.to_dict(), cfg)
    for key, value in _widget_values(seeded).items():
        st.session_state[key] = value
    if seeded.as_of_refused:
        st.session_state[_AS_OF_REFUSED] = seeded.as_of_refused
    st.session_state[_SEEDED] = True


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


def _normalise_widget_values(cfg: Config) -> None:
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


def province_label(cfg: Config, code: str, who: Access, lang: str) -> str:
    """A province option's label; "no filter" reads "all my provinces" for a person with several."""
    if not code and who.provinces is not None:
        return t("filter.my_provinces", lang)
    return tables.province_name(cfg, code or None, lang)


def _on_province_change() -> None:
    st.session_state["filter_district"] = ALL


def sidebar() -> Filters:
    """The sidebar: language, province, district, tambon type, as-of day, and "refresh now"."""
    cfg = config()
    _seed_from_url(cfg)
    ss = st.session_state
    for key, value in _widget_values(Filters()).items():
        ss.setdefault(key, value)
    _normalise_widget_values(cfg)
    who = access()
    provinces = tables.province_options(cfg, ss["filter_lang"])
    if who.provinces is not None:
        provinces = [p for p in provinces if p in who.provinces]
        if ss["filter_province"] and ss["filter_province"] not in who.provinces:
            # From a link: the page says why it shows nothing of that province (start_page asks
            # the core, which refuses); the selector moves to what this person may see.
            ss[_REFUSED] = ss["filter_province"]
            ss["filter_province"], ss["filter_district"] = ALL, ALL
        if len(provinces) == 1:
            ss["filter_province"] = provinces[0]
    province_choices = [ALL, *provinces] if len(provinces) != 1 else provinces
    districts = tables.district_options(cfg, ss["filter_province"] or None, ss["filter_lang"])
    lang = ss["filter_lang"] if ss["filter_lang"] in LANGS else DEFAULT_LANG

    with st.sidebar:
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
            options=province_choices,
            format_func=lambda c: province_label(cfg, c, who, lang),
            key="filter_province",
            persist_state="session",
            on_change=_on_province_change,
        )
        if ss["filter_province"]:
            st.selectbox(
                t("filter.district", lang),
                options=[ALL, *districts],
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

    filters = current_filters()
    sync_url(filters)
    return filters


def _refresh(cfg: Config) -> None:
    """The "refresh now" button's callback: runs before the page, so the page shows the new pull."""
    try:
        result = loader.refresh_now(loader.choose_source(), cfg)
    except DashboardError as exc:
        st.session_state[_REFRESH_NOTE] = ("error", source_error_text(exc, _is_admin()))
        return
    if result.pulled:
        st.session_state[_REFRESH_NOTE] = ("success", None)
    else:
        st.session_state[_REFRESH_NOTE] = ("info", max(1, math.ceil(result.wait_seconds)))


def _refresh_control(cfg: Config, lang: str) -> None:
    """ "Refresh now": pulls at once, but not more often than every 30 seconds (the loader says
    how long to wait)."""
    st.divider()
    st.button(t("source.refresh", lang), key="refresh_now", icon=":material/refresh:", on_click=_refresh, args=(cfg,))
    note = st.session_state.pop(_REFRESH_NOTE, None)
    if note is None:
        return
    kind, detail = note
    if kind == "error":
        st.error(detail)
    elif kind == "success":
        st.success(t("source.refreshed", lang))
    else:
        st.info(t("source.refresh_wait", lang, seconds=detail))


# ---- navigation ----------------------------------------------------------------------------


def first_run() -> bool:
    """True once per visitor: the first run of their session."""
    if st.session_state.get(_STARTED):
        return False
    st.session_state[_STARTED] = True
    return True


@contextmanager
def running_page() -> Iterator[None]:
    """app.py runs the chosen page inside this, so a page knows the sidebar and navigation ran."""
    st.session_state[_IN_APP] = True
    try:
        yield
    finally:
        st.session_state.pop(_IN_APP, None)


def _through_app() -> None:
    """A page opened without app.py around it goes through app.py.

    Until a server's first `st.navigation` call, Streamlit serves a page of the pages/ folder on
    its own (its older multipage mode), without the sidebar or the filters from the URL. Calling
    st.navigation switches the server to app.py's navigation; the rerun then runs the page there.
    """
    if st.session_state.get(_IN_APP):
        return
    st.navigation(navigation_pages(current_filters().lang, admin=may_administer(access())), position="top")
    st.rerun()


def page_links_params(filters: Filters, **extra: str) -> dict[str, str]:
    return {**filters.params(), **extra}


def navigation_pages(lang: str, admin: bool = False) -> list[st.Page]:
    pages = [
        st.Page(PAGE_FILES[name], title=t(f"page.{name}", lang), icon=PAGE_ICONS[name], url_path=name,
                default=name == "overview")
        for name in PAGES
    ]
    if admin:  # the administrators' page: the header check (see access.may_administer)
        pages.append(st.Page(ADMIN_PAGE, title=t("page.admin", lang), icon=":material/rule_settings:", url_path="admin"))
    return pages


def start_admin_page() -> tuple[Config, str, str]:
    """The administrators' page header: (configuration, language, source). Unlike `start_page`
    it needs no loaded dataset, since a sheet that cannot be loaded is what it is for."""
    _through_app()
    cfg = config()
    lang = current_filters().lang
    st.title(t("page.admin", lang))
    if not may_administer(access()):
        st.error(t("admin.refused", lang), icon=":material/block:")
        st.stop()
    if not access().signed_in:
        st.info(t("admin.open_demo", lang), icon=":material/lock_open:")
    return cfg, lang, loader.choose_source()


# ---- the dataset and the view --------------------------------------------------------------


@dataclass
class PageContext:
    cfg: Config
    source: str
    dataset: Dataset
    view: View
    filters: Filters

    @property
    def lang(self) -> str:
        return self.filters.lang


def _is_admin() -> bool:
    who = st.session_state.get(signin.ACCESS_KEY)
    return isinstance(who, Access) and who.is_admin


def source_error_text(exc: DashboardError, detail: bool) -> str:
    """A source error as shown: whole for an administrator; otherwise general words, since the
    message can name a spreadsheet key or the service account's email. The log keeps it whole."""
    log.warning("source error: %s", exc.message_en)
    if detail:
        return exc.bilingual()
    return f"{t('source.error_general', 'th')} / {t('source.error_general', 'en')}"


def _load(cfg: Config, lang: str, detail: bool | None = None) -> tuple[str, Dataset]:
    """The shared dataset; a load that fails with no last good data stops the page calmly.
    `detail`: show the error whole (default: when this visitor is an administrator)."""
    source = loader.choose_source()
    try:
        with st.spinner(t("source.loading", lang)):
            return source, loader.get_dataset(source, cfg)
    except DashboardError as exc:
        st.error(source_error_text(exc, _is_admin() if detail is None else detail), icon=":material/cloud_off:")
    except Exception as exc:  # never a traceback on screen; the log keeps it for the maintainer
        log.exception("loading %s failed", source)
        st.error(
            f"{t('source.unexpected', 'th', kind=type(exc).__name__)} / "
            f"{t('source.unexpected', 'en', kind=type(exc).__name__)}",
            icon=":material/cloud_off:",
        )
    st.stop()
    raise AssertionError("unreachable")  # st.stop() ends the run


def access() -> Access:
    """What this visitor may see, as `require_access` decided this run. With no sign-in (an open
    demo) the most restrictive view: every province, names and phones masked, national IDs'
    last four digits only."""
    who = st.session_state.get(signin.ACCESS_KEY)
    if isinstance(who, Access):
        return who
    return signin.require_access()


def build_view(ds: Dataset, filters: Filters) -> View:
    """The visitor's view under their scope (the core shares it with everyone asking the same)."""
    return make_view(ds, as_of=filters.as_of, province=filters.province, district=filters.district,
                     tambon_type=filters.tambon_type, scope=access().provinces)


def start_page(title_key: str) -> PageContext:
    """Title, where the data came from and how fresh it is, notices; then the visitor's view.

    The notices and the data line fold into one line under the title (`layout`), so a phone's
    first screen shows what the page is for; the errors that end a page are shown in full."""
    _through_app()
    cfg = config()
    filters = current_filters()
    lang = filters.lang
    layout.style()
    st.title(t(title_key, lang))
    notices: list[layout.Notice] = []
    if not access().signed_in:
        notices.append(layout.Notice("warning", t("auth.open_demo", lang), t("fold.open_demo", lang),
                                     ":material/lock_open:"))
    head = st.container(key="page_notices")
    as_of_refused = st.session_state.pop(_AS_OF_REFUSED, None)
    if as_of_refused:
        why, text = as_of_refused
        low, high = as_of_bounds(cfg)
        said = t(f"filter.as_of_{why}", lang, text=text, low=thai_date(low, lang), high=thai_date(high, lang))
        notices.append(layout.Notice("warning", said, said, ":material/event_busy:"))
    refused = st.session_state.pop(_REFUSED, None)
    if refused:
        # Asked through the core, which refuses with the reason (below): nothing of it is shown.
        filters = replace(filters, province=refused, district=None)
    with st.sidebar:
        # Drawn by the page, below the filters: a click is then the page's own event.
        _refresh_control(cfg, lang)
    try:
        source, ds = _load(cfg, lang)
        notices += data_notices(ds, cfg, lang)
        try:
            with st.spinner(t("source.computing", lang)):
                view = build_view(ds, filters)
        except DashboardError as exc:  # a province outside this visitor's scope, from a link
            st.error(exc.bilingual(), icon=":material/block:")
            st.stop()
    except BaseException:  # st.stop() after an error: the page ends, its notices said in full
        with head:
            layout.notices_in_full(notices)
        raise
    ctx = PageContext(cfg, source, ds, view, filters)
    with head:
        folded_notices(ctx, notices)
    layout.phone_nav(
        [(PAGE_FILES[name], t(f"page.{name}", lang), PAGE_ICONS[name]) for name in PAGES],
        page_links_params(filters),
    )
    return ctx


def data_notices(ds: Dataset, cfg: Config, lang: str) -> list[layout.Notice]:
    """What a page must say about its data: stale or demo data, headers the configuration lacks."""
    out = []
    note = loader.banner(ds.raw, cfg, detail=_is_admin())
    if note is not None:
        short = t("fold.stale" if note.level == "warning" else "fold.demo_data", lang)
        out.append(layout.Notice(note.level, note.text(lang), short, ":material/info:"))
    for sid, headers in ds.unmapped.items():
        if headers:
            out.append(layout.Notice("warning", t("source.unmapped", lang, source=sid, headers=", ".join(headers)),
                                     t("fold.unmapped", lang, source=sid)))
    for sid, _sheet, header in ds.missing_columns():  # its figures show "—"
        spec = cfg.sources[sid]
        sheet = f"{spec.title_en if lang == 'en' else spec.title_th} ({spec.file})"
        out.append(layout.Notice("warning", t("source.missing_column", lang, sheet=sheet, header=header),
                                 t("fold.missing_column", lang, header=header)))
    return out


def folded_notices(ctx: PageContext, notices: list[layout.Notice]) -> None:
    """One line that opens on a tap: the notices' few words in colour, the scope, the day and the
    pull; opened, the notices in full and the data line with its link to the set-aside rows."""
    lang, view = ctx.lang, ctx.view
    quarantined = quarantined_rows(view)
    extra = [
        t("source.as_of_line", lang, date=thai_date(view.as_of, lang)) if view.as_of else t("source.all_rows_line", lang),
        t("fold.pulled", lang, pulled_at=thai_datetime(ctx.dataset.raw.pulled_at, lang)),
    ]
    if quarantined:
        extra.append(f":red[{t('fold.quarantined', lang, n=fmt_int(quarantined))}]")
    label = layout.fold_label(notices, tables.scope_label(view, lang), extra)
    with st.expander(label, key="notices_fold", icon=":material/info:"):
        layout.notices_in_full(notices)
        source_line(ctx)


def source_label(ds: Dataset, lang: str) -> str:
    return screen.source_label(ds, lang)


def source_label_raw(raw, lang: str) -> str:
    kind = raw.kind
    if kind == "demo":
        return t("source.demo", lang)
    if kind == "gsheets":
        return t("source.gsheets", lang)
    return t("source.local", lang, label=raw.label)


def quarantined_rows(view: View) -> int:
    return sum(int((view.tables[sid]["status"] == "quarantined").sum()) for sid in view.tables)


def source_line_parts(ctx: PageContext) -> list[str]:
    """What the data line says: the scope, the source, when it was pulled, the as-of day."""
    lang, ds, view = ctx.lang, ctx.dataset, ctx.view
    parts = [
        f"**{tables.scope_label(view, lang)}**",
        t("source.line", lang, source=source_label(ds, lang), pulled_at=thai_datetime(ds.raw.pulled_at, lang)),
        t("source.as_of_line", lang, date=thai_date(view.as_of, lang)) if view.as_of else t("source.all_rows_line", lang),
    ]
    # A configured optional column a sheet lacks: its figures show "—", and this line says why.
    for sid, _sheet, header in ds.missing_columns():
        spec = ctx.cfg.sources[sid]
        title = spec.title_en if lang == "en" else spec.title_th
        parts.append(t("source.missing_column", lang, sheet=f"{title} ({spec.file})", header=header))
    corrected = fixing.corrected_count(view)  # rows a staff correction changed
    if corrected:
        parts.append(t("source.corrected_line", lang, n=fmt_int(corrected)))
    return parts


def source_line(ctx: PageContext) -> None:
    """One line on every page: `source_line_parts`, and a link to the quarantined rows when some
    were set aside."""
    lang, view = ctx.lang, ctx.view
    parts = source_line_parts(ctx)
    quarantined = quarantined_rows(view)
    with st.container(horizontal=True, vertical_alignment="center", gap="small", key="source_line"):
        st.caption(" · ".join(parts))
        if quarantined:
            st.page_link(
                PAGE_FILES["data"],
                label=t("source.quarantine_link", lang, n=fmt_int(quarantined)),
                icon=":material/report:",
                query_params=page_links_params(ctx.filters, table="quarantine"),
            )


# ---- small display helpers shared by the pages ---------------------------------------------


# Card labels keep two lines' room, so the figures and bars of a row line up however the labels wrap.
CARD_CSS = """<style>
[class*="st-key-card_"] [data-testid="stMarkdownContainer"] p strong { display: block; min-height: 3em; }
</style>"""


def cards(items: Iterable[tables.Card], per_row: int = 4) -> None:
    """Headline cards: what (wrapping, never cut short), the figure, a progress bar towards its
    target, and the target in words. Each card's container has the key `card_<key>`."""
    items = list(items)
    st.html(CARD_CSS)
    for start in range(0, len(items), per_row):
        cols = st.columns(per_row)
        for col, card in zip(cols, items[start : start + per_row]):
            with col.container(border=True, key=f"card_{card.key}", height="stretch"):
                card_body(card)


def card_body(card: tables.Card) -> None:
    st.markdown(f"**{card.label}**")
    st.metric(card.label, card.text, label_visibility="collapsed")
    if card.progress is not None:
        st.progress(card.progress)
    st.caption(card.caption)
    if card.detail:
        st.caption(card.detail)


def download_bytes(
    view: View, table: str, fmt: str, who: Access = PUBLIC, lang: str = DEFAULT_LANG, raw: bool = False
) -> bytes:
    """What a download button sends (made, and logged, when clicked): `downloads.prepare`, the
    function `python -m dashboard export` writes its file with, under this visitor's access —
    the table on screen in the page's language, or with `raw` its field names and codes."""
    return downloads.prepare(view, table, fmt, who, lang=lang, raw=raw, via="web").data


def download_now(
    email: str | None, table: str, fmt: str, filters: Mapping[str, object], lang: str = DEFAULT_LANG, raw: bool = False
) -> bytes:
    """What a download button sends, made when clicked (outside any script run): the access is
    looked up again from the current secrets and role table (`downloads.prepare_now`)."""
    cfg = config()
    secrets = load_secrets()
    ds = loader.get_dataset(loader.choose_source(secrets), cfg)
    return downloads.prepare_now(
        email, table, fmt, dataset=ds, secrets=secrets, via="web", lang=lang, raw=raw, **filters
    ).data


def download_buttons(view: View, table: str, lang: str, key: str) -> None:
    """CSV and XLSX buttons for one table as the page shows it, named as the export command
    names its files; under them a small button for the machine-readable CSV."""
    # The bytes are made when clicked, outside this script run: the identity and the filters
    # go with them, and the access is looked up again then.
    email = access().email
    filters = {"as_of": view.as_of, "province": view.province, "district": view.district,
               "tambon_type": view.tambon_type}
    with st.container(horizontal=True, key=f"downloads_{key}"):
        for fmt in ("csv", "xlsx"):
            st.download_button(
                t(f"download.{fmt}", lang),
                data=lambda fmt=fmt: download_now(email, table, fmt, filters, lang),
                file_name=downloads.filename(view, table, fmt, lang),
                mime=downloads.MIME[fmt],
                key=f"{key}_{fmt}",
                on_click="ignore",
                icon=":material/download:",
                help=t("download.help", lang) if fmt == "csv" else None,
            )
    st.download_button(
        t("download.raw", lang),
        data=lambda: download_now(email, table, "csv", filters, lang, raw=True),
        file_name=downloads.filename(view, table, "csv", raw=True),
        mime=downloads.MIME["csv"],
        key=f"{key}_raw",
        on_click="ignore",
        type="tertiary",
        icon=":material/data_object:",
        help=t("download.raw_help", lang),
    )


def table(frame, key: str, **kwargs) -> None:
    """A dataframe with thousands separators on whole numbers and one decimal on shares."""
    import pandas as pd

    config = {}
    for col in frame.columns:
        dtype = frame[col].dtype
        if pd.api.types.is_bool_dtype(dtype):
            continue
        if pd.api.types.is_integer_dtype(dtype) and str(col) not in ROW_COLUMNS:
            config[col] = st.column_config.NumberColumn(format="localized")
        elif pd.api.types.is_float_dtype(dtype):
            config[col] = st.column_config.NumberColumn(format="%.1f")
    config.update(kwargs.pop("column_config", None) or {})
    st.dataframe(frame, hide_index=True, key=key, column_config=config, **kwargs)


def plotly(fig, key: str) -> None:
    st.plotly_chart(fig, key=key, theme=None, config={"displaylogo": False, "responsive": True})
