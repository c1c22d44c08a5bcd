"""Small display helpers shared by the pages: cards, tables, charts and download buttons."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import streamlit as st

from dashboard import downloads, loader
from dashboard.access import PUBLIC, Access
from dashboard.config import load_secrets
from dashboard.i18n import DEFAULT_LANG, t
from dashboard.pipeline import View
from dashboard.ui import tables
from dashboard.ui.signin import access
from dashboard.ui.state import (
    config,
)

ROW_COLUMNS = {t("col.row", "th"), t("col.row", "en"), "row"}  # sheet row numbers read as numbers, not amounts
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
