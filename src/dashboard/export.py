"""Downloads: one table as CSV (UTF-8 with BOM, so Excel reads Thai) or XLSX, safe to open.

The same functions serve the pages' download buttons and `python -m dashboard export`.
Before anything leaves the dashboard: personal data is masked (national IDs keep their last four
digits, phones their last four, names an initial unless `show_names`), and a text cell that
Excel would run as a formula (= + - @ tab CR) is prefixed with `'`.
"""

from __future__ import annotations

import io
import numbers
import re
from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import pandas as pd

from dashboard.config import REPORT_IDS, SOURCE_IDS, fold_header
from dashboard.normalize.values import mask_personal_text

if TYPE_CHECKING:  # the core is imported lazily: the builders below need only pandas
    from dashboard.config import SourceSpec
    from dashboard.pipeline import View

BANGKOK = ZoneInfo("Asia/Bangkok")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")
BULLET = "•"
ID_MASK = BULLET * 9

# Personal fields by kind, and the form headers they arrive under (quarantined rows keep their
# original cells, so a full national ID can appear under its Thai header there).
ID_FIELDS = {"national_id"}
PHONE_FIELDS = {"phone", "reporter_phone"}
NAME_FIELDS = {"first_name", "last_name", "reporter", "officer"}
KNOWN_HEADERS = {
    "เลขประจำตัวประชาชน": "national_id",
    "เบอร์โทรศัพท์": "phone",
    "เบอร์โทรศัพท์ผู้รายงาน": "reporter_phone",
    "ชื่อ": "first_name",
    "นามสกุล": "last_name",
    "ชื่อผู้รายงาน": "reporter",
    "ชื่อ-สกุล พัฒนาการอำเภอ": "officer",
}
# Columns that look personal by name but hold only what may be shown.
SAFE_COLUMNS = {"national_id_last4", "national_id_valid"}
INTERNAL_COLUMNS = ("key",)

_THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_ID_LIKE = re.compile(r"^[\s\-0-9๐-๙]+$")
_ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


# ---- cell-level helpers --------------------------------------------------------------------


def _digits(value: Any) -> str:
    return re.sub(r"\D", "", str(value).translate(_THAI_DIGITS))


def mask_national_id(value: Any) -> Any:
    """`1-2345-67890-12-1` -> `•••••••••2121`: never more than the last four digits."""
    if _blank(value):
        return value
    d = _digits(value)
    return ID_MASK + (d[-4:] if len(d) >= 4 else "")


def mask_phone(value: Any) -> Any:
    """`0812345678` -> `08x-xxx-5678`: the first two digits (mobile or area) and the last four."""
    if _blank(value):
        return value
    d = _digits(value)
    if str(value).strip().startswith("+66") and len(d) > 2:
        d = "0" + d[2:]  # international form: +66 81 234 5678 is 081 234 5678
    if len(d) <= 4:
        return "x" * len(d)
    if len(d) <= 6:
        return "x" * (len(d) - 4) + d[-4:]
    m = d[:2] + "x" * (len(d) - 6) + d[-4:]
    return f"{m[:3]}-{m[3:-4]}-{m[-4:]}"


def mask_name(value: Any) -> Any:
    """`สมชาย ใจดี` -> `ส••• ใ•••`: an initial per word."""
    if _blank(value):
        return value
    return " ".join(w[0] + BULLET * 3 for w in str(value).split())


def _blank(value: Any) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    if isinstance(value, float) and value != value:
        return True
    return isinstance(value, str) and not value.strip()


def _looks_like_id(value: Any) -> bool:
    if isinstance(value, str):
        return bool(_ID_LIKE.match(value)) and len(_digits(value)) == 13
    if isinstance(value, numbers.Integral) and not isinstance(value, bool):
        return 10**12 <= abs(int(value)) < 10**13
    return False


# ---- frame-level ---------------------------------------------------------------------------


def _is_text_column(s: pd.Series) -> bool:
    return pd.api.types.is_string_dtype(s.dtype) or s.dtype == object


def neutralise_formulas(df: pd.DataFrame) -> pd.DataFrame:
    """A copy where every text cell (and column name) starting with = + - @ tab or CR gets a
    leading `'`, so Excel shows it as text. Number columns are left as numbers."""

    def fix(v: Any) -> Any:
        return "'" + v if isinstance(v, str) and v.startswith(FORMULA_PREFIXES) else v

    out = df.copy()
    for col in out.columns:
        s = out[col]
        if _is_text_column(s):
            out[col] = s.map(fix, na_action="ignore")
    out.columns = [fix(c) if isinstance(c, str) else c for c in out.columns]
    return out


def _personal_columns(
    df: pd.DataFrame, specs: Iterable[SourceSpec] | SourceSpec | None
) -> dict[str, str]:
    """Column name -> kind (`id`, `phone`, `name`) for the personal columns present in `df`."""
    if specs is None:
        specs = []
    elif hasattr(specs, "personal"):
        specs = [specs]  # type: ignore[list-item]
    fields = set(ID_FIELDS | PHONE_FIELDS | NAME_FIELDS)
    headers = {fold_header(h): f for h, f in KNOWN_HEADERS.items()}
    for spec in specs:  # type: ignore[union-attr]
        fields |= set(spec.personal)
        for f in spec.personal:
            if f in spec.columns:
                headers[fold_header(spec.columns[f])] = f

    def kind(field: str) -> str:
        if field in ID_FIELDS or "national_id" in field:
            return "id"
        if field in PHONE_FIELDS or "phone" in field:
            return "phone"
        return "name"

    out: dict[str, str] = {}
    for col in df.columns:
        name = str(col)
        if name in SAFE_COLUMNS:
            continue
        if name in fields:
            out[col] = kind(name)
        elif fold_header(name) in headers:
            out[col] = kind(headers[fold_header(name)])
    return out


def mask_personal(
    df: pd.DataFrame,
    source_spec: Iterable[SourceSpec] | SourceSpec | None = None,
    show_names: bool = False,
    show_phones: bool = False,
) -> pd.DataFrame:
    """A copy with personal data masked, most restrictive by default.

    Personal columns are found by field name (`national_id`, `phone`, `first_name`, … and the
    spec's `personal` list) and by the form headers they come under. National IDs keep their
    last four digits, phones their first two and last four; names become initials unless
    `show_names`. Any other cell that is a 13-digit number is treated as a national ID too.
    """
    out = df.copy()
    masked = _personal_columns(out, source_spec)
    for col, kind in masked.items():
        if (kind == "name" and show_names) or (kind == "phone" and show_phones):
            continue
        fn = {"id": mask_national_id, "phone": mask_phone, "name": mask_name}[kind]
        out[col] = pd.Series([fn(v) for v in out[col]], index=out.index, dtype=object)
    for col in out.columns:
        if col in masked or str(col) in SAFE_COLUMNS:
            continue
        s = out[col]
        if _is_text_column(s) or pd.api.types.is_integer_dtype(s.dtype):
            hits = [_looks_like_id(v) for v in s]
            if any(hits):
                out[col] = pd.Series(
                    [mask_national_id(v) if h else v for v, h in zip(s, hits)], index=out.index, dtype=object
                )
    return out


def _mask_stray_numbers(df: pd.DataFrame) -> pd.DataFrame:
    """Set-aside rows keep their original cells, where a phone or ID may sit in any column (a
    phone typed into age): masked there as in the reason's detail. Set-aside rows are few."""
    out = df.copy()
    for col in out.columns:
        if _is_text_column(out[col]):
            out[col] = out[col].map(lambda x: mask_personal_text(x) if isinstance(x, str) else x)
    return out


def _plain_datetimes(df: pd.DataFrame) -> pd.DataFrame:
    """Time-zone-aware timestamps as Thailand wall-clock time without a zone (Excel has none)."""
    out = df.copy()
    for col in out.columns:
        s = out[col]
        if isinstance(s.dtype, pd.DatetimeTZDtype):
            out[col] = s.dt.tz_convert(BANGKOK).dt.tz_localize(None)
        elif s.dtype == object and any(isinstance(v, datetime) and v.tzinfo for v in s):
            out[col] = s.map(
                lambda v: v.astimezone(BANGKOK).replace(tzinfo=None)
                if isinstance(v, datetime) and v.tzinfo
                else v
            )
    return out


def to_csv_bytes(df: pd.DataFrame, neutralise: bool = True) -> bytes:
    """CSV as UTF-8 with a byte-order mark (Excel opens Thai correctly), CRLF line ends."""
    frame = _plain_datetimes(df)
    if neutralise:
        frame = neutralise_formulas(frame)
    text = frame.to_csv(index=False, lineterminator="\r\n", date_format="%Y-%m-%d %H:%M:%S")
    return text.encode("utf-8-sig")


def _sheet_title(name: str) -> str:
    title = re.sub(r"[\[\]:*?/\\]", "_", str(name)).strip("'") or "data"
    return title[:31]


def to_xlsx_bytes(df: pd.DataFrame, sheet_name: str = "data", neutralise: bool = True) -> bytes:
    """One-sheet XLSX (openpyxl): header row frozen, columns sized to their contents."""
    frame = _plain_datetimes(df)
    if neutralise:
        frame = neutralise_formulas(frame)
    for col in frame.columns:
        if _is_text_column(frame[col]):
            frame[col] = frame[col].map(
                lambda v: _ILLEGAL_XLSX.sub("", v) if isinstance(v, str) else v
            )
    buf = io.BytesIO()
    title = _sheet_title(sheet_name)
    with pd.ExcelWriter(buf, engine="openpyxl") as writer:
        frame.to_excel(writer, sheet_name=title, index=False)
        ws = writer.sheets[title]
        ws.freeze_panes = "A2"
        for i, col in enumerate(frame.columns, start=1):
            longest = max([len(str(col))] + [len(str(v)) for v in frame[col].head(500) if not _blank(v)])
            ws.column_dimensions[ws.cell(row=1, column=i).column_letter].width = min(60, longest + 2)
    return buf.getvalue()


# ---- tables of a view ----------------------------------------------------------------------


def table_ids() -> tuple[str, ...]:
    """Every table name `export_table` accepts."""
    return (*SOURCE_IDS, "quarantine", *(f"missing-{r}" for r in REPORT_IDS))


def export_table(
    view: View,
    table: str,
    show_names: bool = False,
    include_all_rows: bool = False,
    show_phones: bool = False,
) -> pd.DataFrame:
    """One table of a view, masked and ready to download.

    `table`: a source id (its rows in use, or every row read with `include_all_rows`),
    `quarantine` (quarantined rows with reasons and their original cells) or
    `missing-<report id>` (the units yet to send that report).
    """
    from dashboard import metrics

    specs = list(view.cfg.sources.values())
    if table in SOURCE_IDS:
        frame = view.tables[table]
        if not include_all_rows:
            frame = frame.loc[frame["status"] == "used"]
            frame = frame.drop(columns=[c for c in ("status", "reason", "detail") if c in frame])
        frame = frame.drop(columns=[c for c in INTERNAL_COLUMNS if c in frame])
        return mask_personal(frame.reset_index(drop=True), view.cfg.sources.get(table), show_names, show_phones)
    if table == "quarantine":
        frame = mask_personal(metrics.quarantine_table(view).reset_index(drop=True), specs, show_names, show_phones)
        return frame if show_phones else _mask_stray_numbers(frame)
    if table.startswith("missing-") and table.removeprefix("missing-") in REPORT_IDS:
        frame = metrics.missing_units(view, table.removeprefix("missing-"))
        return mask_personal(frame.reset_index(drop=True), specs, show_names, show_phones)
    raise ValueError(f"unknown table {table!r}; use one of {', '.join(table_ids())}")


def export_filename(table: str, fmt: str, province: str | None = None, as_of: date | None = None) -> str:
    """`banphi-1.1-43-2021-09-30.csv`: what, where and as of when, in the file's name."""
    parts = ["banphi", re.sub(r"[^0-9A-Za-z._-]", "_", table)]
    if province:
        parts.append(str(province))
    if as_of:
        parts.append(as_of.isoformat())
    return "-".join(parts) + "." + fmt
