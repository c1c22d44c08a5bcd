"""One download: the table under the person's view and access, its bytes, its name, a log line.

A download is the table on screen (`screen.screen_table`): its columns, order, headings and words
in the page's language, masked as the role allows. `raw=True` gives the machine-readable form
instead (field names and codes, as the core holds them) for analysts.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from dashboard import audit, export, screen
from dashboard.access import PUBLIC, Access, current_access
from dashboard.errors import DashboardError, said
from dashboard.i18n import DEFAULT_LANG, norm_lang
from dashboard.pipeline import Dataset, View, make_view

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Download:
    data: bytes
    filename: str
    mime: str
    rows: int


MIME = {
    "csv": "text/csv",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def log_filters(view: View, via: str, lang: str = DEFAULT_LANG) -> dict:
    """The filters a download's log line records (`lang`: the file's language, or "raw")."""
    return {
        "province": view.province,
        "scope": ",".join(view.scope) if view.scope else None,
        "district": view.district,
        "tambon_type": view.tambon_type,
        "as_of": view.as_of,
        "via": via,
        "lang": lang,
    }


def filename(view: View, table: str, fmt: str, lang: str = DEFAULT_LANG, raw: bool = False) -> str:
    """`banphi-1.1-43-2021-09-30.xlsx`; an English file ends `-en`, a machine-readable one `-raw`."""
    name = export.export_filename(table, fmt, view.province, view.as_of)
    stem, ext = name.rsplit(".", 1)
    if raw:
        return f"{stem}-raw.{ext}"
    return f"{stem}-en.{ext}" if norm_lang(lang) == "en" else name


def prepare(
    view: View,
    table: str,
    fmt: str,
    access: Access = PUBLIC,
    *,
    lang: str = DEFAULT_LANG,
    raw: bool = False,
    via: str = "web",
    log: bool = True,
) -> Download:
    """Bytes of `table` under the view (whose scope came from `access`), masked as the role
    allows: the table as the page shows it in `lang`, or with `raw` its field names and codes."""
    # Masking is this one step; everything after it only rewords and formats the masked rows.
    rows = export.export_table(view, table, show_names=access.show_names, show_phones=access.show_phones)
    pulled_at = view.dataset.raw.pulled_at
    if raw:
        data = export.to_csv_bytes(rows) if fmt == "csv" else export.to_xlsx_bytes(rows, table, created=pulled_at)
    else:
        shown = screen.screen_table(view, table, lang, rows=rows)
        if fmt == "csv":
            data = export.screen_csv_bytes(shown)
        else:
            about = screen.about_rows(
                view, shown, access.email, screen.masking_text(access.show_names, access.show_phones, shown.lang)
            )
            data = export.screen_xlsx_bytes(shown, about, created=pulled_at)
    if log:
        audit.record_download(
            access.email, table, log_filters(view, via, "raw" if raw else norm_lang(lang)), len(rows), fmt,
            role=access.role, scope=access.provinces, names=access.show_names, phones=access.show_phones,
        )
    return Download(data, filename(view, table, fmt, lang, raw), MIME[fmt], len(rows))


class AccessWithdrawn(DashboardError):
    """The person no longer has access to what the button offered (a role removed or narrowed)."""

    def __init__(self) -> None:
        super().__init__(*said("downloads.access_withdrawn", {}), key="downloads.access_withdrawn")


def prepare_now(
    email: str | None,
    table: str,
    fmt: str,
    *,
    dataset: Dataset,
    secrets: Mapping[str, Any],
    as_of: date | None = None,
    province: str | None = None,
    district: str | None = None,
    tambon_type: str | None = None,
    via: str = "web",
    lang: str = DEFAULT_LANG,
    raw: bool = False,
) -> Download:
    """A download made when it is clicked: the person's access is looked up again in the
    current secrets and role table, not taken from when the button was drawn. A role removed,
    or a province no longer in scope, makes no file (and no log line)."""
    who = current_access(email, secrets, dataset.raw, dataset.cfg)
    if who is None:
        log.warning("download refused: no access any more")
        raise AccessWithdrawn()
    try:
        view = make_view(dataset, as_of=as_of, province=province, district=district, tambon_type=tambon_type,
                         scope=who.provinces)
    except DashboardError as exc:
        log.warning("download refused: %s", exc.message_en)
        raise AccessWithdrawn() from exc
    return prepare(view, table, fmt, who, lang=lang, raw=raw, via=via)
