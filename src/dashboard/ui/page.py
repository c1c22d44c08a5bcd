"""Page start: navigation, the page header with its notices and data line, and the visitor's view."""

from __future__ import annotations

from dataclasses import dataclass, replace

import streamlit as st

from dashboard import fixing, loader, screen
from dashboard.access import may_administer
from dashboard.config import Config
from dashboard.errors import DashboardError
from dashboard.i18n import fmt_int, t, thai_date, thai_datetime
from dashboard.pipeline import Dataset, View, make_view
from dashboard.sources.bundle import other_zones
from dashboard.ui import layout, tables
from dashboard.ui.loading import is_admin, load
from dashboard.ui.sidebar import refresh_control
from dashboard.ui.signin import access
from dashboard.ui.state import (
    ADMIN_PAGE,
    AS_OF_REFUSED_KEY,
    PAGE_FILES,
    PAGE_ICONS,
    PAGES,
    REFUSED_KEY,
    Filters,
    as_of_bounds,
    config,
    current_filters,
    page_links_params,
    stop,
)


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
    cfg = config()
    lang = current_filters().lang
    st.title(t("page.admin", lang))
    if not may_administer(access()):
        st.error(t("admin.refused", lang), icon=":material/block:")
        stop()
    if not access().signed_in:
        st.info(t("admin.open_demo", lang), icon=":material/lock_open:")
    return cfg, lang, loader.choose_source()


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


def build_view(ds: Dataset, filters: Filters) -> View:
    """The visitor's view under their scope (the core shares it with everyone asking the same)."""
    return make_view(ds, as_of=filters.as_of, province=filters.province, district=filters.district,
                     tambon_type=filters.tambon_type, scope=access().provinces)


def start_page(title_key: str) -> PageContext:
    """Title, where the data came from and how fresh it is, notices; then the visitor's view.

    The notices and the data line fold into one line under the title (`layout`), so a phone's
    first screen shows what the page is for; the errors that end a page are shown in full."""
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
    as_of_refused = st.session_state.pop(AS_OF_REFUSED_KEY, None)
    if as_of_refused:
        why, text = as_of_refused
        low, high = as_of_bounds(cfg)
        said = t(f"filter.as_of_{why}", lang, text=text, low=thai_date(low, lang), high=thai_date(high, lang))
        notices.append(layout.Notice("warning", said, said, ":material/event_busy:"))
    refused = st.session_state.pop(REFUSED_KEY, None)
    if refused:
        # Asked through the core, which refuses with the reason (below): nothing of it is shown.
        filters = replace(filters, province=refused, district=None)
    with st.sidebar:
        # Drawn by the page, below the filters: a click is then the page's own event.
        refresh_control(cfg, lang)
    try:
        source, ds = load(cfg, lang)
        notices += data_notices(ds, cfg, lang)
        try:
            with st.spinner(t("source.computing", lang)):
                view = build_view(ds, filters)
        except DashboardError as exc:  # a province outside this visitor's scope, from a link
            st.error(exc.bilingual(), icon=":material/block:")
            stop()
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
    note = loader.banner(ds.raw, cfg, detail=is_admin())
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
    # Asked twice per page run (the folded line, the data line): counted once per view.
    return view.memo(("quarantined_rows",), lambda: sum(
        int((view.tables[sid]["status"] == "quarantined").sum()) for sid in view.tables))


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
    # A spreadsheet whose timestamps are in another zone: read in it, and said here.
    for sid, zone in other_zones(ds.raw, ctx.cfg):
        spec = ctx.cfg.sources[sid]
        title = spec.title_en if lang == "en" else spec.title_th
        parts.append(t("source.other_zone", lang, sheet=f"{title} ({spec.file})", zone=zone))
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
