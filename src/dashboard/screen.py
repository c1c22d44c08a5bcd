"""The tables as the pages show them — and as every download holds them.

`screen_table(view, table, lang, ...)` builds one downloadable table once: its columns in the
page's order, headed and worded in the page's language (`shown`, what the page renders), and the
same cells typed for a spreadsheet (`typed`: real date-times, numbers as numbers, codes as text).
The page renders `shown`; `export.screen_csv_bytes` / `export.screen_xlsx_bytes` write the files
from the same object, so a file never differs from the table a person chose.

Masking is one step before this module: the rows come from `export.export_table`, already masked
as the person's role allows. Nothing here imports Streamlit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

import pandas as pd

from dashboard import export, suggest
from dashboard.config import PHASES, SOURCE_IDS, Config
from dashboard.i18n import (
    BANGKOK,
    grade_label,
    has,
    norm_lang,
    phase_label,
    reason_label,
    report_title,
    row_status_label,
    t,
    tambon_type_label,
    thai_date,
    thai_datetime,
)
from dashboard.metrics import QUARANTINE_LEAD
from dashboard.normalize.places import gazetteer
from dashboard.pipeline import View

# Column kinds: how a spreadsheet should hold the column's cells.
TEXT, CODE, ROW, INT, NUMBER, DATETIME, DATE = "text", "code", "row", "int", "number", "datetime", "date"
# Fields that are identifiers: kept as text so their leading zeros stay (430102, 0812…, P0436).
CODE_FIELDS = {
    "province_code", "district_code", "tambon_code", "code", "pair_id", "video_id",
    "national_id", "national_id_last4", "phone", "reporter_phone", "reason_code",
}


@dataclass(frozen=True)
class ScreenTable:
    """One table as shown: `shown` (the page's cells), `typed` (the same cells for a spreadsheet),
    both with the same headings in the same order; `kinds` per heading."""

    table: str
    lang: str
    title: str
    shown: pd.DataFrame
    typed: pd.DataFrame
    kinds: dict[str, str] = field(default_factory=dict)
    # A file keeps a detail in both languages: the table's own under `col.detail`, the other
    # beside it (`detail_en` in a Thai file, `detail_th` in an English one). The page leaves out
    # the other one's heading, kept here.
    other_detail: str | None = None

    @property
    def page(self) -> pd.DataFrame:
        """`shown` as the page renders it: one detail column, in the page's language."""
        if self.other_detail is None:
            return self.shown
        return self.shown.drop(columns=[self.other_detail])

    def __len__(self) -> int:
        return len(self.shown)


# ---- places --------------------------------------------------------------------------------


def province_name(cfg: Config, code: str | None, lang: str = "th") -> str:
    if not code:
        return t("filter.all_provinces", lang)
    gaz = gazetteer(cfg)
    names = gaz.province_names_en if norm_lang(lang) == "en" else gaz.province_names
    return names.get(code, code)


def district_name(cfg: Config, code: str | None, lang: str = "th") -> str:
    if not code:
        return t("filter.all_districts", lang)
    gaz = gazetteer(cfg)
    names = gaz.district_names_en if norm_lang(lang) == "en" else gaz.district_names
    return names.get(code, code)


def scope_label(view: View, lang: str = "th") -> str:
    """Where the figures are for: `ทั้งประเทศ`, `จังหวัดหนองคาย`, `อำเภอ… จังหวัด…` (+ tambon type)."""
    cfg = view.cfg
    if view.district:
        text = t("scope.district", lang, district=district_name(cfg, view.district, lang),
                 province=province_name(cfg, view.province, lang))
    elif view.province:
        text = t("scope.province", lang, province=province_name(cfg, view.province, lang))
    elif view.scope is not None:  # a person's several provinces, together
        names = ", ".join(province_name(cfg, p, lang) for p in view.provinces)
        text = t("scope.provinces", lang, provinces=names)
    else:
        text = t("scope.country", lang)
    if view.tambon_type:
        text += " · " + t("scope.type", lang, kind=tambon_type_label(view.tambon_type, lang))
    return text


# ---- headings ------------------------------------------------------------------------------

PLACE_COLUMNS = ("province", "district", "tambon")
_CHOICE_TEXT: dict[str, dict[str, str]] = {}


def _choice_names(cfg: Config) -> dict[str, dict[str, str]]:
    """Per choice list, canonical value -> the first Thai spelling in the configuration."""
    key = str(cfg.path)
    if key not in _CHOICE_TEXT:
        names: dict[str, dict[str, str]] = {}
        for list_name, spellings in cfg.choices.items():
            first: dict[str, str] = {}
            for spelling, canonical in spellings.items():
                if spelling != canonical.lower() and canonical not in first:
                    first[canonical] = spelling
            names[list_name] = first
        _CHOICE_TEXT[key] = names
    return _CHOICE_TEXT[key]


def _humanize(field: str) -> str:
    return re.sub(r"_+", " ", field).strip().capitalize()


def column_heading(column: str, sid: str | None, cfg: Config, lang: str = "th") -> str:
    """A table column's heading: the catalogue's, else the form's own question (Thai) or the field
    name (English). Place columns as typed are marked `(ตามที่กรอก)`; resolved names are plain."""
    en = norm_lang(lang) == "en"
    resolved = {"province_name": "province", "district_name": "district", "tambon_name": "tambon"}
    if column in resolved:
        return t(f"col.{resolved[column]}", lang)
    if column in PLACE_COLUMNS:
        return t("col.as_written", lang, column=t(f"col.{column}", lang))
    if column == "title" and sid and sid != "3":  # a leaders' name title (นาย, นาง), not a clip's
        return t("col.name_title", lang)
    key = f"col.{column}"
    if has(key):
        return t(key, lang)
    spec = cfg.sources.get(sid) if sid else None
    if spec is not None and column in spec.columns and not en:
        return spec.columns[column]
    return _humanize(column)


def _headed(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    out = frame.copy()
    out.columns = [t(f"col.{c}", lang) if has(f"col.{c}") else c for c in out.columns]
    return out


def _yes_no(v, lang: str):
    """A true/false cell in words (`ใช่` / `ไม่ใช่`), blank kept blank."""
    if v is None or v is pd.NA or (isinstance(v, float) and v != v):
        return v
    return t("yes" if bool(v) else "no", lang)


# ---- the data page: a form's rows ----------------------------------------------------------


def _data_fields(frame: pd.DataFrame, sid: str, cfg: Config, lang: str) -> pd.DataFrame:
    """A source's rows with words for codes and Thai dates, still under their field names, in the
    page's order (resolved places first)."""
    en = norm_lang(lang) == "en"
    out = frame.copy()
    spec = cfg.sources.get(sid)
    names = _choice_names(cfg)
    if spec is not None:
        for fld, list_name in spec.choices.items():
            if fld in out and list_name != "grade":
                if list_name == "tambon_type":
                    out[fld] = out[fld].map(lambda v: tambon_type_label(v, lang))
                elif list_name == "phase":
                    out[fld] = out[fld].map(lambda v: phase_label(v, lang))
                elif list_name == "yes_no":
                    out[fld] = out[fld].map(lambda v: v if pd.isna(v) else t(str(v), lang))
                elif not en:
                    table = names.get(list_name, {})
                    out[fld] = out[fld].map(lambda v, table=table: table.get(v, v) if isinstance(v, str) else v)
                else:  # English: the code read as words (`model_household` -> `Model household`)
                    out[fld] = out[fld].map(lambda v: _humanize(v) if isinstance(v, str) else v)
    if "role" in out:
        table = names.get("role", {})
        out["role"] = out["role"].map(
            lambda v: (_humanize(v) if en else table.get(v, v)) if isinstance(v, str) else v
        )
    if "reg_tambon_type" in out:
        out["reg_tambon_type"] = out["reg_tambon_type"].map(lambda v: tambon_type_label(v, lang))
    if "status" in out:
        out["status"] = out["status"].map(lambda v: row_status_label(v, lang))
    if "reason" in out:
        out["reason"] = out["reason"].map(lambda v: reason_label(v, lang))
    if "grade" in out:
        out["grade"] = out["grade"].map(lambda v: grade_label(v, lang) if isinstance(v, str) else v)
    if "submitted_at" in out:
        out["submitted_at"] = out["submitted_at"].map(lambda v: thai_datetime(v, lang))
    for col in out.columns:  # true/false in words, as in the rest of the table
        if pd.api.types.is_bool_dtype(frame[col].dtype):
            out[col] = frame[col].map(lambda v: _yes_no(v, lang)).astype(object)
    if en:  # resolved provinces and districts by their English names, as elsewhere in English
        gaz = gazetteer(cfg)
        for name, code, names in (("province_name", "province_code", gaz.province_names_en),
                                  ("district_name", "district_code", gaz.district_names_en)):
            if name in out and code in out:
                out[name] = [names.get(c, n) if isinstance(c, str) else n for c, n in zip(out[code], out[name])]
    lead = [c for c in ("row", "submitted_at", "province_name", "district_name", "tambon_name") if c in out]
    return out[lead + [c for c in out.columns if c not in lead]]


def data_display(frame: pd.DataFrame, sid: str, cfg: Config, lang: str = "th") -> pd.DataFrame:
    """A source's exported (already masked) rows as shown: resolved places first, choices in
    words, timestamps as Thai dates, headings in `lang`. Values are not recomputed."""
    out = _data_fields(frame, sid, cfg, lang)
    out.columns = [column_heading(str(c), sid, cfg, lang) for c in out.columns]
    return out.loc[:, ~out.columns.duplicated()]


# ---- set-aside rows ------------------------------------------------------------------------


# The quarantine table's lead columns as shown: the reason's code after its words.
_SHOWN_LEAD = (*QUARANTINE_LEAD[: QUARANTINE_LEAD.index("reason") + 1], "reason_code",
               *QUARANTINE_LEAD[QUARANTINE_LEAD.index("reason") + 1 :], "detail_th")


def _quarantine_fields(quarantine: pd.DataFrame, lang: str, cfg: Config | None = None) -> pd.DataFrame:
    out = file_details(quarantine, lang)
    if cfg is not None and norm_lang(lang) == "en":  # suggested places named in English, same code
        gaz = gazetteer(cfg)
        for c in suggest.COLUMNS:
            if c in out:
                out[c] = out[c].map(lambda label: suggest.shown_label(label, gaz, "en"))
    out["reason_code"] = out["reason"]
    out["source"] = out["source"].map(lambda s: report_title(str(s), lang, short=True))
    out["reason"] = out["reason"].map(lambda r: reason_label(r, lang))
    lead = [c for c in _SHOWN_LEAD if c in out]
    return out[lead + [c for c in out.columns if c not in lead]]


def _quarantine_heading(column: str, lang: str) -> str:
    """The lead columns and the suggestions in `lang`; the form's original cells keep their headers."""
    column = str(column)
    if column in _SHOWN_LEAD or (column.startswith("suggestion_") and has(f"col.{column}")):
        return t(f"col.{column}", lang)
    return column


def _other_detail(fields: pd.DataFrame, headings: list[str]) -> str | None:
    """The heading of the detail in the other language than the table's, when it has one."""
    cols = list(fields.columns)
    other = next((c for c in ("detail_en", "detail_th") if c in cols), None)
    return headings[cols.index(other)] if other and "detail" in cols else None


def file_details(frame: pd.DataFrame, lang: str = "th") -> pd.DataFrame:
    """A core table's `detail` (Thai) and `detail_en` as a file in `lang` holds them: the file's
    language under `detail`, the other beside it (`detail_en` in Thai, `detail_th` in English)."""
    if "detail_en" not in frame or "detail" not in frame or norm_lang(lang) != "en":
        return frame.copy()
    cols = list(frame.columns)
    at_th, at_en = cols.index("detail"), cols.index("detail_en")
    cols[at_th], cols[at_en] = "detail_en", "detail"
    out = frame[cols].copy()
    out.columns = [{"detail_en": "detail", "detail": "detail_th"}.get(c, c) for c in cols]
    return out


def page_details(frame: pd.DataFrame, lang: str = "th") -> pd.DataFrame:
    """A core table with `detail` and `detail_en`: one `detail` column, in `lang`."""
    if "detail_en" not in frame:
        return frame
    out = frame.drop(columns=["detail_en"])
    if norm_lang(lang) == "en" and "detail" in out:
        out["detail"] = frame["detail_en"]
    return out


def quarantine_display(quarantine: pd.DataFrame, lang: str = "th", cfg: Config | None = None) -> pd.DataFrame:
    """`export_table(view, "quarantine")` as the page shows it: report named, the sheet's row
    number, the reason in words and as its code, the detail in `lang`, the original cells kept
    under the form's own headers."""
    out = _quarantine_fields(page_details(quarantine, lang), lang, cfg)
    out.columns = [_quarantine_heading(c, lang) for c in out.columns]
    return out


# ---- missing units -------------------------------------------------------------------------


def _last_day(deadline) -> date | None:
    """A deadline stored as the instant after its last day (midnight) -> that last day."""
    if deadline is None or pd.isna(deadline):
        return None
    stamp = pd.Timestamp(deadline) - pd.Timedelta(seconds=1)
    if stamp.tzinfo is not None:
        stamp = stamp.tz_convert(BANGKOK)
    return stamp.date()


def _missing_fields(missing: pd.DataFrame, lang: str) -> pd.DataFrame:
    out = missing.copy()
    if "tambon_type" in out:
        out["tambon_type"] = out["tambon_type"].map(lambda k: tambon_type_label(k, lang))
    if "phase" in out:
        out["phase"] = out["phase"].map(lambda p: phase_label(p, lang))
    if "deadline" in out:
        out["deadline"] = out["deadline"].map(lambda d: thai_date(_last_day(d), lang))
    return out


def missing_display(missing: pd.DataFrame, lang: str = "th") -> pd.DataFrame:
    """`metrics.missing_units` headed in `lang`, tambon types and phases named."""
    return _headed(_missing_fields(missing, lang), lang)


# ---- clips ---------------------------------------------------------------------------------


def fmt_duration(seconds) -> str:
    """`150` -> `2:30`; unknown -> `—`."""
    if seconds is None or pd.isna(seconds):
        return "—"
    s = int(seconds)
    return f"{s // 60}:{s % 60:02d}"


def _sorted_clips(clips: pd.DataFrame) -> pd.DataFrame:
    order = {p: i for i, p in enumerate(PHASES)}
    return (
        clips.assign(_phase=clips["phase"].map(order))
        .sort_values(["province_code", "_phase", "submitted_at"], kind="stable")
        .drop(columns="_phase")
    )


def _clips_fields(clips: pd.DataFrame, cfg: Config, lang: str) -> pd.DataFrame:
    names = gazetteer(cfg).province_names_en if norm_lang(lang) == "en" else gazetteer(cfg).province_names
    clips = _sorted_clips(clips)
    return pd.DataFrame(
        {
            "province": clips["province_code"].map(names).astype(str).to_numpy(),
            "phase": [phase_label(p, lang) for p in clips["phase"]],
            "title": clips["title"].astype(object).to_numpy(),
            "link": clips["watch_url"].astype(str).to_numpy(),
            "duration": [fmt_duration(s) for s in clips["duration_s"]],
            "over_length": [t("clips.over_length_flag", lang) if bool(f) else "" for f in clips["over_length"]],
            "submitted_at": [thai_datetime(v, lang) for v in clips["submitted_at"]],
            "row": clips["row"].astype(int).to_numpy(),
        }
    )


def clips_display(clips: pd.DataFrame, cfg: Config, lang: str = "th") -> pd.DataFrame:
    """`metrics.clips_table` as listed on the clips page: a link that opens the video, the length
    as m:ss, and a flag on clips over 3 minutes."""
    return _headed(_clips_fields(clips, cfg, lang), lang)


# ---- one table, shown and typed ------------------------------------------------------------


def table_title(table: str, lang: str = "th") -> str:
    """The table's name as the page heads it: `แบบรายงาน 1.1 …`, `หน่วยที่ยังไม่ส่ง 2.1`."""
    if table in SOURCE_IDS:
        return report_title(table, lang)
    if table == "quarantine":
        return t("data.quarantine", lang)
    if table.startswith("missing-"):
        return t("reports.missing", lang, report=report_title(table.removeprefix("missing-"), lang, short=True))
    if table == "clips-over":
        return t("clips.list", lang) + " · " + t("col.over_length", lang)
    if table == "clips":
        return t("clips.list", lang)
    if table == "corrections":
        return t("fix.outcomes", lang)
    if table == "to-fix":
        return t("fix.to_fix", lang)
    raise ValueError(f"unknown table {table!r}; use one of {', '.join(export.table_ids())}")


def _wall_clock(s: pd.Series) -> pd.Series:
    """Thailand wall-clock date-times without a zone (a spreadsheet has none)."""
    if isinstance(s.dtype, pd.DatetimeTZDtype):
        return s.dt.tz_convert(BANGKOK).dt.tz_localize(None).astype(object).where(s.notna(), None)
    return s.map(
        lambda v: (v.astimezone(BANGKOK).replace(tzinfo=None) if isinstance(v, datetime) and v.tzinfo else v)
    )


def _kind(field_name: str, raw: pd.Series | None) -> str:
    if field_name in CODE_FIELDS:
        return CODE
    if field_name == "row":  # the sheet's row number, to find the row in Google Sheets
        return ROW
    if raw is None:
        return TEXT
    dtype = raw.dtype
    if isinstance(dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_any_dtype(dtype):
        return DATETIME
    if pd.api.types.is_bool_dtype(dtype):
        return TEXT
    if pd.api.types.is_integer_dtype(dtype):
        return INT
    if pd.api.types.is_float_dtype(dtype):
        return NUMBER
    return TEXT


def _typed(fields: pd.DataFrame, raw: pd.DataFrame, kinds: dict[str, str]) -> pd.DataFrame:
    """`fields` (as shown) with each date-time or number column's cells taken from `raw`."""
    out = fields.copy()
    for col, kind in kinds.items():
        if col not in raw:
            continue
        if kind == DATETIME:
            out[col] = _wall_clock(raw[col]).to_numpy()
        elif kind in (ROW, INT, NUMBER):
            out[col] = raw[col].astype(object).where(raw[col].notna(), None).to_numpy()
    return out


def _finish(table: str, lang: str, fields: pd.DataFrame, typed: pd.DataFrame, kinds: dict[str, str],
            headings: list[str]) -> ScreenTable:
    keep = ~pd.Index(headings).duplicated()
    cols = [c for c, k in zip(fields.columns, keep) if k]
    heads = [h for h, k in zip(headings, keep) if k]
    shown = fields[cols].set_axis(heads, axis=1).reset_index(drop=True)
    typed = typed[cols].set_axis(heads, axis=1).reset_index(drop=True)
    return ScreenTable(table, norm_lang(lang), table_title(table, lang), shown, typed,
                       {h: kinds[c] for c, h in zip(cols, heads)}, _other_detail(fields[cols], heads))


def screen_table(
    view: View,
    table: str,
    lang: str = "th",
    show_names: bool = False,
    show_phones: bool = False,
    rows: pd.DataFrame | None = None,
) -> ScreenTable:
    """`table` of the view as its page shows it, in `lang`, masked as the role allows.

    `table`: a source id (the Data page), `quarantine`, `missing-<report>` (the Reports page),
    `clips` or `clips-over` (the Clips page). `rows`: the masked rows when the caller has them.
    """
    lang = norm_lang(lang)
    cfg = view.cfg
    # The one masking step: the rows leave the core masked, then are only reworded.
    if rows is None:
        rows = export.export_table(view, table, show_names=show_names, show_phones=show_phones)
    if table in export.CLIP_TABLES:
        raw = _sorted_clips(rows).reset_index(drop=True)
        fields = _clips_fields(raw, cfg, lang)
        kinds = {c: TEXT for c in fields.columns} | {"submitted_at": DATETIME, "row": ROW}
        typed = fields.copy()
        typed["submitted_at"] = _wall_clock(raw["submitted_at"]).to_numpy()
        return _finish(table, lang, fields, typed, kinds, list(_headed(fields, lang).columns))
    if table in cfg.sources:
        fields = _data_fields(rows, table, cfg, lang)
        kinds = {c: _kind(str(c), rows[c] if c in rows else None) for c in fields.columns}
        headings = [column_heading(str(c), table, cfg, lang) for c in fields.columns]
        return _finish(table, lang, fields, _typed(fields, rows, kinds), kinds, headings)
    if table == "quarantine":
        fields = _quarantine_fields(rows, lang, cfg)
        kinds = {c: (ROW if c == "row" else CODE if c == "reason_code" else TEXT) for c in fields.columns}
        headings = [_quarantine_heading(c, lang) for c in fields.columns]
        return _finish(table, lang, fields, _typed(fields, rows, kinds), kinds, headings)
    if table.startswith("missing-") and table.removeprefix("missing-") in cfg.report_ids:
        fields = _missing_fields(rows, lang)
        kinds = {c: _kind(str(c), None) for c in fields.columns}
        typed = fields.copy()
        if "deadline" in fields:
            kinds["deadline"] = DATE
            typed["deadline"] = [_last_day(d) for d in rows["deadline"]]
        return _finish(table, lang, fields, typed, kinds, list(_headed(fields, lang).columns))
    if table in ("corrections", "to-fix"):
        fields = file_details(rows, lang).reset_index(drop=True)
        if "reason" in fields:
            fields = fields.assign(reason_code=fields["reason"], reason=fields["reason"].map(lambda r: reason_label(r, lang)))
        kinds = {c: _kind(str(c), fields[c]) for c in fields.columns}
        headings = [column_heading(str(c), None, cfg, lang) for c in fields.columns]
        return _finish(table, lang, fields, _typed(fields, fields, kinds), kinds, headings)
    raise ValueError(f"unknown table {table!r}; use one of {', '.join(export.table_ids())}")


# ---- what the file is ----------------------------------------------------------------------


def source_label(ds, lang: str = "th") -> str:
    """Where the data came from, in words: the demo, Google Sheets, or a file's name."""
    kind = ds.raw.kind
    if kind == "demo":
        return t("source.demo", lang)
    if kind == "gsheets":
        return t("source.gsheets", lang)
    return t("source.local", lang, label=ds.raw.label)


def masking_text(show_names: bool, show_phones: bool, lang: str = "th") -> str:
    """The masking a file was made under, as the role decided it."""
    return " · ".join(
        [
            t("file.mask_ids", lang),
            t("file.names_shown" if show_names else "file.names_masked", lang),
            t("file.phones_shown" if show_phones else "file.phones_masked", lang),
        ]
    )


def about_rows(view: View, st: ScreenTable, who: str | None, masking: str) -> list[tuple[str, str]]:
    """The second sheet: which table, under which filters, as of when, pulled when, how many
    rows, who downloaded it and the masking applied — in the table's language."""
    lang = st.lang
    raw = view.dataset.raw
    return [
        (t("file.table", lang), st.title),
        (t("file.filters", lang), scope_label(view, lang)),
        (t("file.as_of", lang), thai_date(view.as_of, lang) if view.as_of else t("file.all_rows", lang)),
        (t("file.source", lang), source_label(view.dataset, lang)),
        (t("file.pulled_at", lang), thai_datetime(raw.pulled_at, lang)),
        (t("file.rows", lang), f"{len(st):,}"),
        (t("file.downloaded_by", lang), who or t("file.anonymous", lang)),
        (t("file.masking", lang), masking),
    ]
