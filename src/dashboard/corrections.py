"""Corrections: staff fix a set-aside row without editing the form's responses.

The `corrections` table (`corrections.csv` beside the CSV files, a `corrections` tab of the
workbook, or `[sheets] corrections`) holds one fix a line: source, sheet row, field, the text
the cell holds now (`was`), the new text (`value`), who and why. Lines are applied to the raw
tables before normalization, so a corrected row is checked like any other. Every line ends as
`applied`, `stale` (the cell no longer holds `was`) or `invalid` (no such source, row or field,
or the new value still cannot be read — then the row stays as it was read). See spec/FORMS.md,
"Corrections".
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd

from dashboard.config import Config, fold_header
from dashboard.errors import DashboardError, said
from dashboard.masking import mask_text
from dashboard.messages import Words
from dashboard.messages.details import Detail
from dashboard.normalize.places import Gazetteer, gazetteer
from dashboard.text import THAI_DIGITS

CORRECTIONS = "corrections"  # the table's name: a `corrections.csv`, a workbook tab, `[sheets] corrections`
# field -> header, in the contract's order; `at` (when the line was written) is ours, optional.
HEADERS = {
    "source": "แหล่งข้อมูล",
    "row": "แถว",
    "field": "ช่อง",
    "was": "ค่าเดิม",
    "value": "ค่าใหม่",
    "by": "ผู้แก้ไข",
    "note": "หมายเหตุ",
    "at": "เวลาที่แก้ไข",
}
REQUIRED = ("source", "row", "field", "was", "value")
OUTCOMES = ("applied", "stale", "invalid")
PLACE_LEVELS = {"province": 2, "district": 4, "tambon": 6}
# Which quarantine reasons mean "this field still cannot be read" (other fields: a reason whose
# detail names the field's header).
_FIELD_REASONS = {
    "province": ("unknown_place", "ambiguous_place"),
    "district": ("unknown_place", "ambiguous_place"),
    "tambon": ("unknown_place", "ambiguous_place"),
    "tambon_code": ("unknown_place", "ambiguous_place"),
    "submitted_at": ("bad_value",),
    "youtube_url": ("bad_link",),
}
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")
_SPACE = re.compile(r"\s+")
# `detail` and `detail_en`: what became of the line in Thai and English; `detail_key` and
# `detail_values`: the same as the catalogue's key and its values (dashboard.messages.details).
OUTCOME_COLUMNS = [
    "line", "outcome", "detail", "detail_en", "source", "row", "field", "was", "value", "by", "at", "note",
    "province_code", "detail_key", "detail_values",
]


def cell_text(value: object) -> str:
    """A cell as compared: invisible characters dropped, white space folded, trimmed."""
    return _SPACE.sub(" ", _INVISIBLE.sub("", "" if value is None else str(value))).strip()


# ---- reading the table ----------------------------------------------------------------------


def header_map(columns) -> dict[str, str]:
    """Field -> the table's column for it (Thai headers as the contract names them, or the
    English field names)."""
    out = {}
    by_text = {fold_header(str(c)): c for c in columns}
    for name, header in HEADERS.items():
        for text in (header, name):
            if fold_header(text) in by_text:
                out[name] = by_text[fold_header(text)]
                break
    return out


def read_corrections_file(path: Path) -> pd.DataFrame | None:
    """`corrections.csv` (UTF-8, with or without a byte-order mark) as text, or None if absent."""
    if not path.is_file():
        return None
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    return _frame(rows)


def read_corrections_tab(path: Path) -> pd.DataFrame | None:
    """The `corrections` tab of a workbook, or None when it has none."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    try:
        names = {n.strip(): n for n in book.sheetnames}
        if CORRECTIONS not in names:
            return None
        rows = [["" if c is None else str(c) for c in r] for r in book[names[CORRECTIONS]].iter_rows(values_only=True)]
    finally:
        book.close()
    return _frame(rows)


def _frame(rows: list[list]) -> pd.DataFrame:
    """Rows with the header first -> a text frame; row i is line i + 2 of the sheet."""
    if not rows:
        return pd.DataFrame(columns=list(HEADERS.values()), dtype=object)
    header = [str(c) for c in rows[0]]
    body = [[("" if c is None else str(c)) for c in r[: len(header)]] + [""] * (len(header) - len(r)) for r in rows[1:]]
    return pd.DataFrame(body, columns=header, dtype=object)


def table_from_values(rows: list[list]) -> pd.DataFrame:
    """The corrections tab as the Sheets API returns it (trailing blanks left out)."""
    return _frame([[c if isinstance(c, str) else ("" if c is None else str(c)) for c in r] for r in rows])


# ---- applying ---------------------------------------------------------------------------------


@dataclass
class Applied:
    """The outcome of the corrections table over one pull."""

    tables: dict[str, pd.DataFrame]  # raw tables with the applied lines written in
    outcomes: pd.DataFrame  # one row per line (OUTCOME_COLUMNS)
    # per applied line: (source, raw index, the columns written, their texts before)
    writes: dict[int, tuple[str, int, list, list]] = field(default_factory=dict)


def source_id(text: str, cfg: Config) -> str | None:
    """`1.1`, `form_1_1` or `แบบรายงาน 1.1 …` -> the source id."""
    t = cell_text(text)
    if t in cfg.sources:
        return t
    for sid in cfg.source_ids:
        spec = cfg.sources[sid]
        if t in (spec.stem, spec.file, cell_text(spec.title_th), spec.title_en):
            return sid
    return None


def field_name(text: str, sid: str, cfg: Config) -> str | None:
    """A field name or its question title -> the field."""
    spec = cfg.sources[sid]
    t = cell_text(text)
    if t in spec.columns:
        return t
    return spec.header_to_field().get(fold_header(t))


def place_value(field_: str, value: str, gaz: Gazetteer) -> tuple[str | None, Detail | None]:
    """(text to write, error): a place given as its DOPA code is written as its Thai name."""
    digits = cell_text(value).translate(THAI_DIGITS).replace(" ", "")
    want = PLACE_LEVELS.get(field_)
    if want is None or not digits.isdigit() or len(digits) not in (2, 4, 6):
        return cell_text(value), None
    if len(digits) < want:
        return None, Detail.of("correction.code_too_short", code=digits, field=field_)
    code = digits[:want]
    names = {2: gaz.province_names, 4: gaz.district_names, 6: gaz.tambon_names}[want]
    if code not in names or code[:2] in gaz.excluded:
        return None, Detail.of("correction.unknown_code", code=code)
    return names[code], None


def _say(line: dict, detail: Detail) -> None:
    """A line's detail: its key and values, and its words in Thai and English. A quoted cell may
    hold a phone or an ID: masked as everywhere else (dashboard.masking)."""
    detail = Detail(detail.key, tuple((k, mask_text(v) if isinstance(v, str) else v) for k, v in detail.values))
    line["detail_key"], line["detail_values"] = detail.key, dict(detail.values)
    line["detail"], line["detail_en"] = detail.text("th"), detail.text("en")


def value_province(field_: str, value: str, gaz: Gazetteer) -> str | None:
    """The province a new place value names (a province name, or any place code), else None."""
    digits = cell_text(value).translate(THAI_DIGITS).replace(" ", "")
    if digits.isdigit() and len(digits) in (2, 4, 6):
        return digits[:2]
    if field_ == "province":
        return gaz.province(value).code
    return None


def columns_of(raw: pd.DataFrame, header: str) -> list:
    """The raw table's columns holding a configured header (several when a question was
    deleted and added again)."""
    want = fold_header(header)
    return [c for c in raw.columns if fold_header(str(c)) == want]


def current_text(raw: pd.DataFrame, idx: int, cols: list) -> str:
    """What a person sees in the row's cell: the first non-blank of the header's columns."""
    for c in cols:
        text = cell_text(raw.at[idx, c])
        if text:
            return text
    return ""


def plan(table: pd.DataFrame | None, raw: dict[str, pd.DataFrame], cfg: Config) -> Applied:
    """Check every line against the raw tables and write the ones that hold (a copy per source)."""
    lines = []
    tables = dict(raw)
    if table is None or table.empty:
        return Applied(tables, pd.DataFrame(columns=OUTCOME_COLUMNS))
    gaz = gazetteer(cfg)
    cols = header_map(table.columns)
    missing = [HEADERS[f] for f in REQUIRED if f not in cols]
    if missing:
        raise CorrectionsTableError(missing)
    last_for_cell: dict[tuple, int] = {}
    pending = []
    for idx, rec in table.iterrows():
        got = {f: cell_text(rec[cols[f]]) if f in cols else "" for f in HEADERS}
        line = {
            "line": int(idx) + 2,
            **got,
            "outcome": "invalid",
            "detail": "",
            "detail_en": "",
            "province_code": None,
            "detail_key": None,
            "detail_values": None,
        }
        lines.append(line)
        if not any(line[f] for f in REQUIRED):
            line["outcome"] = None  # a blank line: not a correction
            continue
        sid = source_id(line["source"], cfg)
        if sid is None:
            _say(line, Detail.of("correction.unknown_source", source=line["source"]))
            continue
        line["source"] = sid
        frame = raw[sid]
        row_text = line["row"].translate(THAI_DIGITS)
        if not row_text.isdigit() or not 2 <= int(row_text) < len(frame) + 2:
            _say(line, Detail.of("correction.no_row", row=line["row"], source=sid))
            continue
        idx_row = int(row_text) - 2
        line["row"] = int(row_text)
        f = field_name(line["field"], sid, cfg)
        if f is None:
            _say(line, Detail.of("correction.no_field", field=line["field"], source=sid))
            continue
        line["field"] = f
        header_cols = columns_of(frame, cfg.sources[sid].columns[f])
        if not header_cols:
            _say(line, Detail.of("correction.no_column", header=cfg.sources[sid].columns[f]))
            continue
        line["province_code"] = row_province(frame, idx_row, sid, cfg, gaz)
        now = current_text(frame, idx_row, header_cols)
        if now != line["was"]:
            line["outcome"] = "stale"
            _say(line, Detail.of("correction.changed_since", now=now, was=line["was"]))
            continue
        text, error = place_value(f, line["value"], gaz)
        if error:
            _say(line, error)
            continue
        line["outcome"] = "applied"
        key = (sid, idx_row, f)
        if key in last_for_cell:
            earlier = lines[last_for_cell[key]]
            earlier["outcome"] = "stale"
            _say(earlier, Detail.of("correction.superseded", line=line["line"]))
        last_for_cell[key] = len(lines) - 1
        pending.append((len(lines) - 1, sid, idx_row, header_cols, text))
    writes = {}
    copied: set[str] = set()
    for n, sid, idx_row, header_cols, text in pending:
        if lines[n]["outcome"] != "applied":
            continue
        if sid not in copied:
            tables[sid] = tables[sid].copy()
            copied.add(sid)
        before = [tables[sid].at[idx_row, c] for c in header_cols]
        for c in header_cols:
            tables[sid].at[idx_row, c] = text
        writes[n] = (sid, idx_row, header_cols, before)
    out = pd.DataFrame([x for x in lines if x["outcome"] is not None], columns=OUTCOME_COLUMNS)
    return Applied(tables, out.reset_index(drop=True), {_pos(lines, n): w for n, w in writes.items()})


def _pos(lines: list[dict], n: int) -> int:
    """Position of line n among the non-blank lines (the outcomes table's index)."""
    return sum(1 for x in lines[:n] if x["outcome"] is not None)


def row_province(frame: pd.DataFrame, idx: int, sid: str, cfg: Config, gaz: Gazetteer | None = None) -> str | None:
    """The province a raw row's own province cell names, if it resolves."""
    gaz = gaz or gazetteer(cfg)
    cols = columns_of(frame, cfg.sources[sid].columns["province"])
    text = current_text(frame, idx, cols) if cols else ""
    return gaz.province(text).code if text else None


def still_unreadable(line: pd.Series, norm: pd.DataFrame, cfg: Config) -> bool:
    """Whether the corrected row is set aside for a reason that is about the corrected field."""
    hit = norm.loc[norm["row"] == line["row"]]
    if hit.empty:
        return False
    reason, values = hit["reason"].iloc[0], hit["detail_values"].iloc[0]
    if not isinstance(reason, str):
        return False
    f = line["field"]
    if reason in _FIELD_REASONS.get(f, ()):
        return True
    header = cfg.sources[line["source"]].columns.get(f, "")
    said = values.get("header") if isinstance(values, dict) else None  # the question the detail is about
    named = (said.th if isinstance(said, Words) else said) == header
    return reason in ("bad_value", "missing_value", "inconsistent", "bad_link") and bool(header) and named


def normalize_corrected(
    raw: dict[str, pd.DataFrame], table: pd.DataFrame | None, cfg: Config, normalize: Callable
) -> tuple[object, pd.DataFrame]:
    """`normalize(raw tables, cfg)` with the corrections applied; (its result, the outcomes).

    A line whose new value still cannot be read is `invalid` and its cell goes back to what was
    read (a second pass, only when there is such a line). The normalized tables gain a boolean
    `corrected` column.
    """
    plan_ = plan(table, raw, cfg)
    norm = normalize(plan_.tables, cfg)
    outcomes = plan_.outcomes
    bad = [n for n in plan_.writes if still_unreadable(outcomes.loc[n], norm.tables[outcomes.at[n, "source"]], cfg)]
    if bad:
        tables = dict(plan_.tables)
        for n in bad:
            sid, idx, cols, before = plan_.writes.pop(n)
            tables[sid] = tables[sid].copy()
            for c, old in zip(cols, before):
                tables[sid].at[idx, c] = old
            outcomes.at[n, "outcome"] = "invalid"
            why = norm.tables[sid].loc[norm.tables[sid]["row"] == idx + 2].iloc[0]
            said = Detail.of("correction.still_unreadable", detail=Words(str(why["detail"]), str(why["detail_en"])))
            line = {}
            _say(line, said)
            for k, v in line.items():
                outcomes.at[n, k] = v
        norm = normalize(tables, cfg)
    for n in outcomes.index:
        sid, row = outcomes.at[n, "source"], outcomes.at[n, "row"]
        if sid in norm.tables and isinstance(row, int):
            hit = norm.tables[sid].loc[norm.tables[sid]["row"] == row, "province_code"]
            if len(hit) and isinstance(hit.iloc[0], str):
                outcomes.at[n, "province_code"] = hit.iloc[0]
    marked: dict[str, set[int]] = {}
    for sid, idx, _, _ in plan_.writes.values():
        marked.setdefault(sid, set()).add(idx + 2)
    for sid, t in norm.tables.items():
        t["corrected"] = t["row"].isin(marked.get(sid, ())).astype(bool)
    return norm, outcomes


def outcome_counts(outcomes: pd.DataFrame | None, provinces=None) -> dict[str, int]:
    """Lines by outcome (for the report's `corrections` block); `provinces` limits to those rows."""
    if outcomes is None or outcomes.empty:
        return dict.fromkeys(OUTCOMES, 0)
    o = outcomes if provinces is None else outcomes.loc[outcomes["province_code"].isin(list(provinces))]
    counts = o["outcome"].value_counts()
    return {k: int(counts.get(k, 0)) for k in OUTCOMES}


class CorrectionsTableError(DashboardError):
    """The corrections table lacks a column the contract requires."""

    def __init__(self, missing: list[str]) -> None:
        values = {"columns": ", ".join(missing)}
        super().__init__(*said("correction.table_lacks", values), key="correction.table_lacks", values=values)
        self.missing = missing


# ---- writing a line (the Data page) -----------------------------------------------------------


class CorrectionRefused(DashboardError):
    """A correction this person may not make (outside their provinces, or not staff)."""


@dataclass(frozen=True)
class Correction:
    source: str
    row: int
    field: str
    was: str
    value: str
    by: str
    note: str = ""
    at: str = ""

    def as_row(self) -> list[str]:
        return [self.source, str(self.row), self.field, self.was, self.value, self.by, self.note, self.at]


def check_scope(
    corr: Correction, raw: dict[str, pd.DataFrame], cfg: Config, role: str, provinces: tuple[str, ...] | None,
    partial: str | None = None,
) -> None:
    """Refuse a correction outside the person's provinces: the row's province (as its cell
    resolves, or `partial`, the province the row was filed under) and the new value's province
    must both be theirs. Only staff correct rows."""
    gaz = gazetteer(cfg)
    if role != "staff":
        raise CorrectionRefused.from_key("correction.staff_only")
    if provinces is None:
        return
    allowed = set(provinces)
    sid = source_id(corr.source, cfg)
    if sid is None or not 2 <= corr.row < len(raw[sid]) + 2:
        raise CorrectionRefused.from_key("correction.refused_no_row", row=corr.row, source=corr.source)
    here = {p for p in (row_province(raw[sid], corr.row - 2, sid, cfg, gaz), partial) if p}
    if not here or not here <= allowed:
        raise CorrectionRefused.from_key("correction.row_not_yours")
    to = value_province(corr.field, corr.value, gaz)
    if to is not None and to not in allowed:
        name = Words(gaz.province_names.get(to, to), gaz.province_names_en.get(to, to))
        raise CorrectionRefused.from_key("correction.value_not_yours", province=name)


def append_local(path: Path, lines: list[Correction]) -> None:
    """Append lines to `corrections.csv` in a folder, or to the `corrections` tab of a workbook."""
    path = Path(path)
    if path.is_dir():
        file = path / f"{CORRECTIONS}.csv"
        new = not file.exists() or file.stat().st_size == 0
        with open(file, "a", encoding="utf-8-sig" if new else "utf-8", newline="") as fh:
            w = csv.writer(fh)
            if new:
                w.writerow(list(HEADERS.values()))
            for c in lines:
                w.writerow(c.as_row())
        return
    from openpyxl import load_workbook

    book = load_workbook(path)
    try:
        if CORRECTIONS in book.sheetnames:
            ws = book[CORRECTIONS]
        else:
            ws = book.create_sheet(CORRECTIONS)
            ws.append(list(HEADERS.values()))
        for c in lines:
            ws.append(c.as_row())
        book.save(path)
    finally:
        book.close()


def stamp(now: datetime) -> str:
    return now.strftime("%Y-%m-%d %H:%M:%S")


def lines_for_place(
    sid: str, row: int, texts: dict[str, str], code: str, cfg: Config, by: str, at: str = "", note: str = ""
) -> list[Correction]:
    """The lines that make a row's place fields name `code` (an accepted suggestion): one per
    field whose text does not already name it; each writes the code (applied as its Thai name)."""
    gaz = gazetteer(cfg)
    fields = [f for f in ("province", "district", "tambon") if f in cfg.sources[sid].columns][: len(code) // 2]
    out = []
    pcode = code[:2]
    for f in fields:
        text = texts.get(f, "") or ""
        if f == "province":
            ok = gaz.province(text).code == pcode
        elif f == "district":
            ok = bool(text.strip()) and gaz.district(pcode, text).code == code[:4]
        else:
            ok = bool(text.strip()) and gaz.tambon(pcode, code[:4], text).code == code
        if not ok:
            out.append(Correction(sid, row, f, cell_text(text), code[: PLACE_LEVELS[f]], by, note, at))
    return out


def outcome_table_for(outcomes: pd.DataFrame | None, provinces=None) -> pd.DataFrame:
    """The outcomes a person may see: lines about rows of their provinces (all for None)."""
    if outcomes is None:
        return pd.DataFrame(columns=OUTCOME_COLUMNS)
    if provinces is None:
        return outcomes
    return outcomes.loc[outcomes["province_code"].isin(list(provinces))]

