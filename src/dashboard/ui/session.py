"""Streamlit glue for the pages, one import for them: the names of `state` (filters, URL, widget
keys), `loading` (the shared dataset), `sidebar`, `page` (navigation and the page header) and
`widgets` (cards, tables, charts, downloads).

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

from dashboard.ui.loading import (
    is_admin,
    load,
    source_error_text,
)
from dashboard.ui.page import (
    PageContext,
    build_view,
    data_notices,
    folded_notices,
    navigation_pages,
    quarantined_rows,
    source_label,
    source_label_raw,
    source_line,
    source_line_parts,
    start_admin_page,
    start_page,
)
from dashboard.ui.sidebar import (
    draw_filters,
    filters_later,
    prepare_filters,
    province_label,
    refresh_control,
    sidebar,
)
from dashboard.ui.signin import access
from dashboard.ui.state import (
    ACCESS_KEY,
    ADMIN_PAGE,
    ALL,
    AS_OF_REFUSED_KEY,
    PAGE_FILES,
    PAGE_ICONS,
    PAGES,
    PARAMS,
    REFRESH_NOTE_KEY,
    REFUSED_KEY,
    SEEDED_KEY,
    TAMBON_TYPES,
    Filters,
    as_of_bounds,
    config,
    current_filters,
    draw_deferred,
    filters_from_params,
    normalise_widget_values,
    page_links_params,
    seed_from_url,
    stop,
    sync_url,
    widget_values,
)
from dashboard.ui.widgets import (
    CARD_CSS,
    ROW_COLUMNS,
    card_body,
    cards,
    download_buttons,
    download_bytes,
    download_now,
    plotly,
    table,
)

__all__ = [
    "ACCESS_KEY",
    "ADMIN_PAGE",
    "ALL",
    "AS_OF_REFUSED_KEY",
    "CARD_CSS",
    "Filters",
    "PAGES",
    "PAGE_FILES",
    "PAGE_ICONS",
    "PARAMS",
    "PageContext",
    "REFRESH_NOTE_KEY",
    "REFUSED_KEY",
    "ROW_COLUMNS",
    "SEEDED_KEY",
    "TAMBON_TYPES",
    "access",
    "as_of_bounds",
    "build_view",
    "card_body",
    "cards",
    "config",
    "current_filters",
    "data_notices",
    "draw_deferred",
    "download_buttons",
    "download_bytes",
    "download_now",
    "draw_filters",
    "filters_from_params",
    "filters_later",
    "folded_notices",
    "is_admin",
    "load",
    "navigation_pages",
    "normalise_widget_values",
    "page_links_params",
    "plotly",
    "prepare_filters",
    "province_label",
    "quarantined_rows",
    "refresh_control",
    "seed_from_url",
    "sidebar",
    "source_error_text",
    "source_label",
    "source_label_raw",
    "source_line",
    "source_line_parts",
    "start_admin_page",
    "start_page",
    "stop",
    "sync_url",
    "table",
    "widget_values",
]
