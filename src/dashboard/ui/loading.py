"""The shared dataset for a page: loaded through `dashboard.loader`, or the run ends calmly with why."""

from __future__ import annotations

import logging

import streamlit as st

from dashboard import loader
from dashboard.access import Access
from dashboard.config import Config
from dashboard.errors import DashboardError
from dashboard.i18n import t
from dashboard.pipeline import Dataset
from dashboard.ui.state import ACCESS_KEY, stop

log = logging.getLogger(__name__)


def is_admin() -> bool:
    who = st.session_state.get(ACCESS_KEY)
    return isinstance(who, Access) and who.is_admin


def source_error_text(exc: DashboardError, detail: bool) -> str:
    """A source error as shown: whole for an administrator; otherwise general words, since the
    message can name a spreadsheet key or the service account's email. The log keeps it whole."""
    log.warning("source error: %s", exc.message_en)
    if detail:
        return exc.bilingual()
    return f"{t('source.error_general', 'th')} / {t('source.error_general', 'en')}"


def load(cfg: Config, lang: str, detail: bool | None = None) -> tuple[str, Dataset]:
    """The shared dataset; a load that fails with no last good data stops the page calmly.
    `detail`: show the error whole (default: when this visitor is an administrator)."""
    source = loader.choose_source()
    try:
        with st.spinner(t("source.loading", lang)):
            return source, loader.get_dataset(source, cfg)
    except DashboardError as exc:
        st.error(source_error_text(exc, is_admin() if detail is None else detail), icon=":material/cloud_off:")
    except Exception as exc:  # never a traceback on screen; the log keeps it for the maintainer
        log.exception("loading %s failed", source)
        st.error(
            f"{t('source.unexpected', 'th', kind=type(exc).__name__)} / "
            f"{t('source.unexpected', 'en', kind=type(exc).__name__)}",
            icon=":material/cloud_off:",
        )
    stop()
