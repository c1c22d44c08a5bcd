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
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from dashboard.config import REPORT_IDS, SOURCE_IDS, fold_header
from dashboard.i18n import t
from dashboard.masking import BULLET, digits_of, mask_national_id, mask_phone, mask_text
from dashboard.suggest import COLUMNS as SUGGESTION_COLUMNS

if TYPE_CHECKING:  # the core is imported lazily: the builders below need only pandas
    from dashboard.config import SourceSpec
    from dashboard.pipeline import View
    from dashboard.screen import ScreenTable

BANGKOK = ZoneInfo("Asia/Bangkok")
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")

# Personal fields by kind. The form headers they arrive under are the programme's `personal`
# columns (quarantined rows keep their original cells, so a full national ID can appear under
# its Thai header there).
ID_FIELDS = {"national_id"}
PHONE_FIELDS = {"phone", "reporter_phone"}
NAME_FIELDS = {"first_name", "last_name", "reporter", "officer"}
# Columns that look personal by name but hold only what may be shown.
SAFE_COLUMNS = {"national_id_last4", "national_id_valid"}
# The core's own: the row's hash key, and a detail's catalogue key and values (its words are
# in `detail` and `detail_en`).
INTERNAL_COLUMNS = ("key", "detail_key", "detail_values")
# The Clips page's list: every clip of the view, or only those over the length limit.
CLIP_TABLES = ("clips", "clips-over")

_ID_LIKE = re.compile(r"^[\s\-0-9๐-๙]+$")
_ILLEGAL_XLSX = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


# ---- cell-level helpers --------------------------------------------------------------------


def _digits(value: Any) -> str:
    return digits_of(value)


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


def mask_unknown(value: Any) -> Any:
    """A cell under a header the configuration does not map: nothing of it is shown."""
    return value if _blank(value) else BULLET * 3


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


def known_headers() -> dict[str, str]:
    """Header -> field of every personal column the programme's forms have (programme.toml)."""
    from dashboard.config import load_config

    return {h: f for spec in load_config().sources.values() for f, h in spec.columns.items() if f in spec.personal}


def _personal_columns(
    df: pd.DataFrame, specs: Iterable[SourceSpec] | SourceSpec | None
) -> dict[str, str]:
    """Column name -> kind (`id`, `phone`, `name`) for the personal columns present in `df`."""
    if specs is None:
        specs = []
    elif hasattr(specs, "personal"):
        specs = [specs]  # type: ignore[list-item]
    fields = set(ID_FIELDS | PHONE_FIELDS | NAME_FIELDS)
    headers = {fold_header(h): f for h, f in known_headers().items()}
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


def mask_details(df: pd.DataFrame, columns: Iterable[str] = ("detail", "detail_en")) -> pd.DataFrame:
    """Digit runs like phones and IDs masked in the free-text reasons, for every role."""
    present = [c for c in columns if c in df.columns]
    if not present:
        return df
    out = df.copy()
    for col in present:
        out[col] = out[col].map(mask_text, na_action="ignore")
    return out


def mask_unmapped(df: pd.DataFrame, specs: Mapping[str, SourceSpec]) -> pd.DataFrame:
    """The quarantine table's original cells by allow-list: a cell stays only when its source's
    configuration maps its header to a field. Personal fields are then masked by role
    (`mask_personal`); in the others a phone or ID typed into the wrong question is masked.

    A renamed phone question (`เบอร์โทร`), the "Email address" column Google Forms adds, a
    renamed ID question: nobody is given those cells, since nothing says what they hold.
    """
    from dashboard.metrics import QUARANTINE_LEAD

    out = df.copy()
    sources = out["source"].astype(str).to_numpy() if "source" in out else [""] * len(out)
    fields = {sid: spec.header_to_field() for sid, spec in specs.items()}
    personal = {sid: set(spec.personal) for sid, spec in specs.items()}

    def cell(value: Any, sid: str, header: str) -> Any:
        field = fields.get(sid, {}).get(header)
        if field is None:
            return mask_unknown(value)
        if field in personal[sid] or not isinstance(value, str) or "://" in value:
            return value  # personal: masked by role next; a link keeps its numeric ids
        return mask_text(value)

    for col in out.columns:
        if col in QUARANTINE_LEAD or col in SUGGESTION_COLUMNS:  # the core's own columns
            continue
        header = fold_header(col)
        out[col] = pd.Series([cell(v, sid, header) for v, sid in zip(out[col], sources)], index=out.index, dtype=object)
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


def to_xlsx_bytes(
    df: pd.DataFrame, sheet_name: str = "data", neutralise: bool = True, created: datetime | None = None
) -> bytes:
    """One-sheet XLSX (openpyxl): header row frozen, columns sized to their contents; the same
    bytes for the same table and `created` time."""
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
    return stable_xlsx(buf.getvalue(), created)


# ---- the table on screen as a file ---------------------------------------------------------

FIXED_TIME = datetime(2021, 1, 1)  # a workbook's time stamps when no pull time is known
# Excel number formats. `[$-107041E]`: numerals 01 (0-9), calendar 07 (Thai Buddhist Era),
# locale 041E (Thai month names), so 2021-07-06 10:08 shows as `6 ก.ค. 2564 10:08 น.` and is still
# a date that sorts, filters and computes. English files use the Gregorian calendar.
DATE_FORMATS = {
    ("th", "datetime"): '[$-107041E]d mmm yyyy hh:mm "น."',
    ("th", "date"): "[$-107041E]d mmm yyyy",
    ("en", "datetime"): "d mmm yyyy hh:mm",
    ("en", "date"): "d mmm yyyy",
}
NUMBER_FORMATS = {"row": "0", "int": "#,##0", "number": "#,##0.0", "code": "@", "text": "@"}
_CORE_TIMES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def _utc_naive(when: datetime | None) -> datetime:
    when = when or FIXED_TIME
    if when.tzinfo is not None:
        when = when.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)
    return when.replace(microsecond=0)


def stable_xlsx(data: bytes, created: datetime | None) -> bytes:
    """An XLSX whose bytes depend only on its contents: openpyxl stamps the time it saved the
    file (docProps/core.xml) and every zip entry with the clock; both become `created`."""
    when = _utc_naive(created)
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "docProps/core.xml":
                body = _CORE_TIMES.sub(lambda m: m.group(1) + stamp + m.group(2), body)
            entry = zipfile.ZipInfo(info.filename, date_time=when.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = info.external_attr
            dst.writestr(entry, body)
    return out.getvalue()


def text_width(text: str) -> int:
    """Columns a text takes: Thai vowels and tone marks above or below a letter take none."""
    return sum(0 if unicodedata.category(ch) in ("Mn", "Me", "Cf") else 1 for ch in str(text))


def _cell(value: Any, kind: str, neutralise: bool) -> Any:
    """A typed cell as openpyxl writes it: None for blanks, datetimes, numbers, else safe text."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if isinstance(value, (datetime, date)) and kind in ("datetime", "date"):
        return value
    if kind in ("row", "int", "number") and isinstance(value, numbers.Number) and not isinstance(value, bool):
        return int(value) if isinstance(value, numbers.Integral) else float(value)
    text = _ILLEGAL_XLSX.sub("", str(value))
    if neutralise and text.startswith(FORMULA_PREFIXES):
        text = "'" + text
    return text


def screen_xlsx_bytes(
    st: ScreenTable, about: list[tuple[str, str]] | None = None, created: datetime | None = None,
    neutralise: bool = True,
) -> bytes:
    """The table on screen as a workbook made for work: a sheet named for the table, its header
    row bold, frozen and with filter buttons, columns as wide as their contents, real date-times
    in the page's calendar, numbers as numbers and codes as text; then a sheet saying what the
    file is (`about`)."""
    # Write-only: a national table (29,000 rows) is streamed instead of held cell by cell, and
    # only typed cells carry a style; sheet views and widths must be set before the first row.
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(_sheet_title(st.title))
    headings = list(st.typed.columns)
    kinds = [st.kinds.get(h, "text") for h in headings]
    formats = [DATE_FORMATS.get((st.lang, k)) or NUMBER_FORMATS.get(k, "@") for k in kinds]
    ws.freeze_panes = "A2"
    for j, heading in enumerate(headings, start=1):
        sample = st.shown.iloc[:1000, j - 1]
        longest = max([int(text_width(heading) * 1.15)] + [text_width(v) for v in sample if not _blank(v)])
        ws.column_dimensions[get_column_letter(j)].width = max(6, min(60, longest + 3))
    ws.auto_filter.ref = f"A1:{get_column_letter(max(1, len(headings)))}{len(st.typed) + 1}"
    bold = Font(bold=True)

    def styled(sheet, value, fmt: str | None = None, font: Font | None = None) -> WriteOnlyCell:
        c = WriteOnlyCell(sheet, value=value)
        if fmt:
            c.number_format = fmt
        if font:
            c.font = font
        return c

    ws.append([styled(ws, _cell(h, "text", neutralise), font=bold) for h in headings])
    plain = [k == "text" for k in kinds]
    for row in st.typed.itertuples(index=False, name=None):
        out = []
        for value, kind, fmt, is_plain in zip(row, kinds, formats, plain):
            v = _cell(value, kind, neutralise)
            # text is text already; codes are marked text too (an edited 0812… keeps its zero),
            # dates and numbers need their format
            out.append(v if is_plain or v is None else styled(ws, v, fmt))
        ws.append(out)
    if about:
        info = wb.create_sheet(_sheet_title(_about_title(st.lang)))
        info.column_dimensions["A"].width = max(text_width(k) for k, _ in about) + 4
        info.column_dimensions["B"].width = min(100, max(text_width(v) for _, v in about) + 4)
        for label, value in about:
            info.append([styled(info, _cell(label, "text", neutralise), font=bold), _cell(value, "text", neutralise)])
    wb.properties.creator = "banphi-dashboard"
    wb.properties.title = st.title
    when = _utc_naive(created)
    wb.properties.created = when
    buf = io.BytesIO()
    wb.save(buf)
    return stable_xlsx(buf.getvalue(), when)


def _about_title(lang: str) -> str:
    return t("file.about_sheet", lang)


def iso_text(value: Any, kind: str) -> str:
    """A date-time as ISO 8601 with Thailand's offset, a day as YYYY-MM-DD; blank stays blank."""
    if _blank(value) or value is pd.NaT:
        return ""
    if kind == "datetime" and isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat() + ("+07:00" if value.tzinfo is None else "")
    if isinstance(value, (datetime, date)):
        return value.isoformat()[:10]
    return str(value)


def screen_csv_bytes(st: ScreenTable, neutralise: bool = True) -> bytes:
    """The table on screen as CSV: the same columns, headings and words, dates as the page shows
    them, each date column followed by an ISO column for machines. UTF-8 with a byte-order mark."""
    columns: dict[str, Any] = {}
    for j, heading in enumerate(st.shown.columns):
        columns[heading] = st.shown.iloc[:, j].to_numpy()
        kind = st.kinds.get(heading, "text")
        if kind in ("datetime", "date"):
            columns[t("file.iso", st.lang, column=heading)] = [iso_text(v, kind) for v in st.typed.iloc[:, j]]
    frame = pd.DataFrame(columns, index=st.shown.index)
    if neutralise:
        frame = neutralise_formulas(frame)
    text = frame.to_csv(index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig")


# ---- tables of a view ----------------------------------------------------------------------


def table_ids() -> tuple[str, ...]:
    """Every table name `export_table` accepts."""
    return (*SOURCE_IDS, "quarantine", *(f"missing-{r}" for r in REPORT_IDS), *CLIP_TABLES, "corrections", "to-fix")


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
    `missing-<report id>` (the units yet to send that report), `clips` or `clips-over` (the
    Clips page's list, all or over length only).
    """
    from dashboard import metrics

    specs = list(view.cfg.sources.values())
    if table in view.cfg.sources:
        frame = view.tables[table]
        if not include_all_rows:
            frame = frame.loc[frame["status"] == "used"]
            frame = frame.drop(columns=[c for c in ("status", "reason", "detail", "detail_en") if c in frame])
        frame = frame.drop(columns=[c for c in INTERNAL_COLUMNS if c in frame])
        frame = mask_personal(frame.reset_index(drop=True), view.cfg.sources.get(table), show_names, show_phones)
        return mask_details(frame)
    if table == "quarantine":
        frame = mask_unmapped(metrics.quarantine_table(view).reset_index(drop=True), view.cfg.sources)
        return mask_details(mask_personal(frame, specs, show_names, show_phones))
    if table.startswith("missing-") and table.removeprefix("missing-") in view.cfg.report_ids:
        frame = metrics.missing_units(view, table.removeprefix("missing-"))
        return mask_personal(frame.reset_index(drop=True), specs, show_names, show_phones)
    if table in CLIP_TABLES:
        frame = metrics.clips_table(view)
        if table == "clips-over":
            frame = frame.loc[frame["over_length"].astype(bool)]
        return mask_personal(frame.reset_index(drop=True), view.cfg.sources.get("3"), show_names, show_phones)
    if table == "corrections":
        return correction_lines(view, show_names, show_phones)
    if table == "to-fix":
        from dashboard import fixing

        return fixing.to_fix(view)
    raise ValueError(f"unknown table {table!r}; use one of {', '.join(table_ids())}")


def correction_lines(view: View, show_names: bool = False, show_phones: bool = False) -> pd.DataFrame:
    """The corrections table's lines with their outcome, for rows of the view's provinces (every
    line for a country-wide view without scope); a personal field's old and new values masked."""
    from dashboard.corrections import outcome_table_for

    whole = not view.province and view.scope is None
    out = outcome_table_for(view.dataset.corrections, None if whole else view.provinces)
    out = out.drop(columns=[c for c in INTERNAL_COLUMNS if c in out])  # the words are in detail, detail_en
    for i in out.index:
        spec = view.cfg.sources.get(out.at[i, "source"])
        field = out.at[i, "field"]
        if spec is None or field not in spec.personal:
            continue
        if "national_id" in field:
            mask = mask_national_id
        elif "phone" in field:
            mask = None if show_phones else mask_phone
        else:
            mask = None if show_names else mask_name
        if mask is not None:
            out.at[i, "was"], out.at[i, "value"] = mask(out.at[i, "was"]), mask(out.at[i, "value"])
    return out.reset_index(drop=True)


def export_filename(table: str, fmt: str, province: str | None = None, as_of: date | None = None) -> str:
    """`banphi-1.1-43-2021-09-30.csv`: what, where and as of when, in the file's name."""
    parts = ["banphi", re.sub(r"[^0-9A-Za-z._-]", "_", table)]
    if province:
        parts.append(str(province))
    if as_of:
        parts.append(as_of.isoformat())
    return "-".join(parts) + "." + fmt
