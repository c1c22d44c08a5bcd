"""One download: the table under the person's view and access, its bytes, its name, a log line."""

from __future__ import annotations

from dataclasses import dataclass

from dashboard import audit, export
from dashboard.access import PUBLIC, Access
from dashboard.pipeline import View


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


def log_filters(view: View, via: str) -> dict:
    """The filters a download's log line records."""
    return {
        "province": view.province,
        "scope": ",".join(view.scope) if view.scope else None,
        "district": view.district,
        "tambon_type": view.tambon_type,
        "as_of": view.as_of,
        "via": via,
    }


def prepare(view: View, table: str, fmt: str, access: Access = PUBLIC, *, via: str = "web", log: bool = True) -> Download:
    """Bytes of `table` under the view (whose scope came from `access`), masked as the role allows."""
    frame = export.export_table(view, table, show_names=access.show_names, show_phones=access.show_phones)
    data = export.to_csv_bytes(frame) if fmt == "csv" else export.to_xlsx_bytes(frame, table)
    if log:
        audit.record_download(access.email, table, log_filters(view, via), len(frame), fmt)
    return Download(data, export.export_filename(table, fmt, view.province, view.as_of), MIME[fmt], len(frame))
