"""Per-form cleaning: headers -> fields, typed values, places, and a quarantine reason per row.

`normalize_tables` turns the raw tables of a source into one normalized frame per source id.
Every raw row stays in its frame; a row that cannot be used carries its first reason (in the
contract's order) and a `detail` saying what to fix: its catalogue key (`detail_key`, words in
`dashboard.messages.details`), its values (`detail_values`) and its words in Thai (`detail`) and
English (`detail_en`), rendered only for the rows that have a problem. Which rows are superseded depends on
the as-of day, so that is decided later, in `assign_status`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.config import REASONS, REGISTER, Config, SourceSpec, fold_header
from dashboard.errors import MissingColumn
from dashboard.i18n import has, t
from dashboard.masking import mask_text
from dashboard.messages import Words
from dashboard.messages.details import Detail
from dashboard.normalize import columns
from dashboard.normalize import values as v
from dashboard.normalize.places import Gazetteer, clean_name_key, gazetteer, resolve_distinct
from dashboard.normalize.status import assign_status
from dashboard.normalize.zones import in_zone, sheet_zone, zone_window
from dashboard.text import blank_cells, clean_cells, clean_text

# What a problem says about a row: one `Detail` for every row, or per-row details built on
# demand for the rows (positions) where the problem is the first one (see `Quote`).
RowDetails = Detail | Callable[[np.ndarray], np.ndarray]


@dataclass(frozen=True)
class Quote:
    """A detail quoting each row's own cell (its `cell` value), built only for the rows that need
    it: making it for every row of a 30,000-row sheet would cost more than reading the sheet."""

    detail: Detail
    cells: pd.Series

    def __call__(self, rows: np.ndarray) -> np.ndarray:
        # the cell as it reads (dashboard.text): a quote that "looks right" shows why it is not
        cells = self.cells.iloc[rows].map(clean_text).to_numpy(dtype=object)
        key, values = self.detail.key, self.detail.values
        out = np.empty(len(cells), dtype=object)
        out[:] = [Detail(key, (*values, ("cell", c))) for c in cells]
        return out


def quote(key: str, cells: pd.Series, **values) -> Quote:
    """`Quote` of the catalogue's `key`, filled with `values` and each row's `cell`."""
    return Quote(Detail.of(key, **values), cells)


def _per_place(detail: np.ndarray, place_of_row: np.ndarray) -> Callable[[np.ndarray], np.ndarray]:
    """The detail of each row's place (one detail per distinct place)."""
    return lambda rows: detail[place_of_row[rows]]


def _masked(value):
    """A detail's value with any national ID or phone in it masked (dashboard.masking); a link
    keeps its numeric ids, as in the downloads' cells."""
    if isinstance(value, str):
        return value if "://" in value else mask_text(value)
    if isinstance(value, Words):
        return Words(mask_text(value.th), mask_text(value.en))
    return value


DETAIL_COLUMNS = ("detail_key", "detail_values", "detail", "detail_en")


def _said(d: Detail) -> tuple:
    """`DETAIL_COLUMNS` of one detail: its key, its values masked, its Thai and English words."""
    values = {k: _masked(x) for k, x in d.values}
    masked = Detail(d.key, tuple(values.items()))
    return d.key, values, masked.text("th"), masked.text("en")


def header_words(spec: SourceSpec, name: str) -> Words:
    """A question as a detail names it: the form's own title in Thai, the column's English
    heading in English (as the English pages head it)."""
    en = t(f"col.{name}", "en") if has(f"col.{name}") else re.sub(r"_+", " ", name).strip().capitalize()
    return Words(spec.columns[name], en)


@dataclass
class Problems:
    """Collects (reason, mask, detail) and keeps, per row, the first reason in contract order."""

    index: pd.Index
    found: dict[str, list[tuple[np.ndarray, RowDetails]]] = field(default_factory=dict)

    def add(self, reason: str, mask: pd.Series | np.ndarray, detail: RowDetails | pd.Series) -> None:
        assert reason in REASONS, reason
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        if isinstance(detail, pd.Series):  # a detail per row: picked for the rows that need it
            per_row = detail.to_numpy(dtype=object)
            detail = lambda rows: per_row[rows]  # noqa: E731
        self.found.setdefault(reason, []).append((mask, detail))

    def resolve(self) -> tuple[pd.Series, pd.DataFrame]:
        """Per row its first reason (NaN: none), and its detail as `DETAIL_COLUMNS`."""
        n = len(self.index)
        reason = np.full(n, np.nan, dtype=object)  # NaN: no problem
        found = np.full(n, None, dtype=object)
        open_ = np.ones(n, dtype=bool)
        for code in REASONS:
            for mask, detail in self.found.get(code, ()):
                rows = np.flatnonzero(mask & open_)
                if not len(rows):
                    continue
                reason[rows] = code
                found[rows] = detail if isinstance(detail, Detail) else detail(rows)
                open_[rows] = False
        columns = {c: np.full(n, np.nan, dtype=object) for c in DETAIL_COLUMNS}
        # Only the rows with a problem, each distinct detail once. A cell quoted in a detail may
        # hold a national ID or a phone (typed in the wrong place): its values are masked here,
        # where every page, download and the CLI gets its details.
        rows = np.flatnonzero(~open_)
        done: dict[Detail, tuple] = {}
        said = [done.get(d) or done.setdefault(d, _said(d)) for d in found[rows]]
        for j, c in enumerate(DETAIL_COLUMNS):
            columns[c][rows] = [x[j] for x in said]
        details = pd.DataFrame(columns, index=self.index)
        return pd.Series(reason, index=self.index, dtype=object), details


@dataclass
class Normalized:
    tables: dict[str, pd.DataFrame]
    unmapped: dict[str, list[str]]
    # Per source, the fields of configured optional columns the sheet does not have: the
    # figures that need them are null, never 0 (see `metrics`).
    absent: dict[str, list[str]] = field(default_factory=dict)


# How a spreadsheet tells apart two columns with one title: "ชื่อ.1" (pandas), "ชื่อ 2", "ชื่อ_2", "ชื่อ (2)".
_COPY_SUFFIX = re.compile(r"(?:\s*[._]\s*|\s+)\(?\d{1,2}\)?$")


@dataclass(frozen=True)
class Conflict:
    """Rows where two columns of one question hold different answers."""

    field: str
    header: str
    rows: np.ndarray  # bool mask
    detail: pd.Series  # a `Detail` for the rows in `rows`


def map_columns(raw: pd.DataFrame, spec: SourceSpec) -> tuple[pd.DataFrame, list[str], list[Conflict]]:
    """Fields by name (missing optional ones blank), the headers the configuration lacks, and
    the rows whose answer to one question differs between its columns.

    Cells are left as written: each reader reads them as a person sees them (dashboard.text),
    once per distinct text. Columns whose headers fold to one configured header (a question
    deleted and added again, the second maybe with a suffix) are one field: per row the
    non-blank answer; two different non-blank answers (compared as they read) are a `Conflict`.
    """
    wanted = spec.header_to_field()
    positions: dict[str, list[int]] = {}
    unmapped: list[str] = []
    for i, header in enumerate(raw.columns):
        folded = fold_header(header)
        name = wanted.get(folded)
        if name is None:
            name = wanted.get(_COPY_SUFFIX.sub("", folded)) if _COPY_SUFFIX.search(folded) else None
        if name is None:
            if folded:
                unmapped.append(str(header))
            continue
        positions.setdefault(name, []).append(i)
    needed = set(spec.needed)
    absent = [spec.columns[f] for f in spec.columns if f not in positions and f in needed]
    if absent:
        raise MissingColumn(f"{spec.title_th} ({spec.file})", absent)
    data = {}
    conflicts: list[Conflict] = []
    for name in spec.columns:
        if name not in positions:
            data[name] = pd.Series("", index=raw.index, dtype=object)
            continue
        cols = [_text(raw.iloc[:, i]) for i in positions[name]]
        if len(cols) > 1:  # answers compared as they read
            cols = [_clean(c) for c in cols]
        merged = cols[0]
        for other in cols[1:]:
            merged, clash = _merge(merged, other)
            if clash.any():
                rows = np.flatnonzero(clash)
                detail = pd.Series(None, index=raw.index, dtype=object)
                header = header_words(spec, name)
                if name in spec.personal:  # personal data is never quoted
                    texts = [Detail.of("detail.columns_disagree", header=header)] * len(rows)
                else:
                    a, b = merged.iloc[rows].to_numpy(dtype=object), other.iloc[rows].to_numpy(dtype=object)
                    texts = [
                        Detail.of("detail.columns_disagree_quoted", header=header, first=x, second=y) for x, y in zip(a, b)
                    ]
                detail.iloc[rows] = texts
                conflicts.append(Conflict(name, spec.columns[name], clash, detail))
        data[name] = merged
    cells = pd.DataFrame(data, index=raw.index, copy=False)
    # Optional fields read as blank because their column is missing: the figures know.
    cells.attrs["absent"] = [f for f in spec.columns if f not in positions]
    return cells, unmapped, conflicts


def _merge(first: pd.Series, second: pd.Series) -> tuple[pd.Series, np.ndarray]:
    """Per row the non-blank one of two answers, and where both are non-blank and differ."""
    first, second = first.str.strip(), second.str.strip()  # cells are cleaned but for their ends
    blank1 = (first == "").to_numpy(dtype=bool)
    blank2 = (second == "").to_numpy(dtype=bool)
    differ = (first != second).to_numpy(dtype=bool)
    merged = first.where(~blank1, second)
    return merged, ~blank1 & ~blank2 & differ


def _blank(col: pd.Series) -> np.ndarray:
    """Per cell whether it reads as blank (spaces and invisible characters only)."""
    arr = pa.array(col.array) if col.dtype == _STR else pa.array(col.astype(str).to_numpy(dtype=object), type=pa.string())
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    return blank_cells(arr)


def _clean(col: pd.Series) -> pd.Series:
    """Every cell as a person reads it (text.clean_text) but for spaces at its ends, which every
    reader trims: Arrow finds the few cells that need Python."""
    if col.dtype == _STR:
        arr = pa.array(col.array)
        if isinstance(arr, pa.ChunkedArray):
            arr = arr.combine_chunks()
        cleaned = clean_cells(arr)
        if cleaned is arr:
            return col
        return pd.Series(cleaned.to_pandas(types_mapper=lambda _t: col.dtype), index=col.index)
    codes, uniques = pd.factorize(col)
    fixed = np.array([clean_text(str(t)) for t in uniques], dtype=object)
    return pd.Series(fixed[codes] if len(fixed) else np.array([], dtype=object), index=col.index, dtype=object)


_INT64_MIN, _INT64_MAX = -(2**63), 2**63 - 1
_STR = pd.Series([], dtype=str).dtype  # pandas' default text dtype (Arrow strings)


def _text(col: pd.Series) -> pd.Series:
    """A raw column as text, '' for a missing cell. Arrow text from the CSV reader is used as it
    is (converting 30,000 cells to Python objects and back was a tenth of the load)."""
    if col.dtype == _STR:
        return col.fillna("") if col.hasnans else col
    return col.astype(object).fillna("").astype(str)


class FormNormalizer:
    def __init__(
        self,
        cfg: Config,
        gaz: Gazetteer | None = None,
        pulled_at: datetime | None = None,
        zones: Mapping[str, str] | None = None,
    ) -> None:
        self.cfg = cfg
        self.gaz = gaz or gazetteer(cfg)
        self.window = v.Window(*cfg.timestamp_window(pulled_at))
        # Source id -> the time zone its spreadsheet writes timestamps in (absent: the programme's).
        self.zones = dict(zones or {})
        self.absent: dict[str, list[str]] = {}
        self._name_keys: dict[str, str] = {}  # name_key of each place text seen in this pull

    # -- shared steps ------------------------------------------------------------------------

    def _common(self, spec: SourceSpec, cells: pd.DataFrame, out: pd.DataFrame, probs: Problems) -> None:
        for name in spec.required:
            blank = _blank(cells[name])
            probs.add("missing_value", blank, Detail.of("detail.missing_value", header=header_words(spec, name)))
        if "submitted_at" in cells:
            zone = sheet_zone(self.zones.get(spec.id), self.cfg.timezone)
            window = self.window if zone == self.cfg.timezone else zone_window(self.window, self.cfg.timezone, zone)
            series, bad = columns.read_timestamps(cells["submitted_at"], window)
            out["submitted_at"] = in_zone(series, zone, self.cfg.timezone)
            outside = self._outside_window(cells["submitted_at"], bad.to_numpy())
            day = self.window.start.strftime("%d/%m/")
            start = Words(day + str(self.window.start.year + 543), day + str(self.window.start.year))
            probs.add("bad_value", outside, quote("detail.time_outside", cells["submitted_at"], start=start))
            probs.add("bad_value", bad.to_numpy() & ~outside, quote("detail.time_unreadable", cells["submitted_at"]))
        for name in spec.numbers:
            reader = v.parse_number if name == "score" else v.parse_whole
            codes, values, bad = v.read_distinct(cells[name], reader)
            dtype = "Float64" if name == "score" else "Int64"
            # A count past 64 bits is read but cannot be stored: above any maximum.
            huge = np.array([isinstance(x, int) and not _INT64_MIN <= x <= _INT64_MAX for x in values], dtype=bool)
            if huge.any():
                values = np.where(huge, None, values)
            # Typed once per distinct text, then spread to the rows.
            distinct = pd.array(values, dtype=dtype)
            out[name] = distinct.take(codes)
            header = header_words(spec, name)
            probs.add("bad_value", bad[codes], quote("detail.number_unreadable", cells[name], header=header))
            negative = (distinct < 0).to_numpy(dtype=bool, na_value=False)
            probs.add("inconsistent", negative[codes], Detail.of("detail.negative", header=header))
            most = self.cfg.maxima.get(name)
            if most is not None:
                over = (distinct > most).to_numpy(dtype=bool, na_value=False) | huge
                probs.add("inconsistent", over[codes], Detail.of("detail.over_most", header=header, most=most))
            elif huge.any():
                probs.add("inconsistent", huge[codes], Detail.of("detail.over_most", header=header, most=_INT64_MAX))
        for name, listname in spec.choices.items():
            reader = v.choice_reader(self.cfg.choices[listname], grade=listname == "grade")
            codes, values, bad = v.read_distinct(cells[name], reader)
            out[name] = pd.Series(values[codes], index=cells.index, dtype=object)
            probs.add("bad_value", bad[codes], quote("detail.not_a_choice", cells[name], header=header_words(spec, name)))

    @staticmethod
    def _outside_window(texts: pd.Series, bad: np.ndarray) -> np.ndarray:
        """Of the unreadable timestamps, those that are a time, only outside the window."""
        outside = np.zeros(len(bad), dtype=bool)
        rows = np.flatnonzero(bad)
        if len(rows):
            _, failed = v.read_column(texts.iloc[rows].astype(object), v.parse_timestamp)
            outside[rows] = ~failed.to_numpy()
        return outside

    def _places(
        self, spec: SourceSpec, cells: pd.DataFrame, out: pd.DataFrame, probs: Problems
    ) -> tuple[np.ndarray, dict[str, pd.Series]]:
        """Place codes and names into `out`; returns each row's number among the distinct places
        and those places' code and name columns (for checks done once per place)."""
        fields = spec.places
        for f in fields:
            out[f] = cells[f].str.strip()
        place_of_row, places = resolve_distinct(
            self.gaz,
            cells["province"],
            cells["district"] if "district" in fields else None,
            cells["tambon"] if "tambon" in fields else None,
            known=self._name_keys,
        )
        # Codes and names are worked out once per distinct place, then spread to the rows.
        per_place = self._place_columns(places["code"], len(fields), places["partial"])
        for name, col in per_place.items():
            out[name] = _spread(col, place_of_row, out.index)
        detail = places["detail"].to_numpy(dtype=object)
        for code in ("unknown_place", "ambiguous_place"):
            hit = (places["reason"] == code).to_numpy(dtype=bool)
            probs.add(code, hit[place_of_row], _per_place(detail, place_of_row))
        return place_of_row, per_place

    def _place_columns(self, code: pd.Series, depth: int, partial: pd.Series | None = None) -> dict[str, pd.Series]:
        """Province/district/tambon codes and names; an unresolved place keeps what did resolve."""
        gaz = self.gaz
        out = {}
        code = code.astype(object)
        known = code if partial is None else code.fillna(partial.astype(object))
        prov = known.str[:2]
        out["province_code"] = prov
        out["province_name"] = prov.map(gaz.province_names)
        if depth >= 2:
            dist = known.str[:4].where(known.str.len() >= 4)
            out["district_code"] = dist
            out["district_name"] = dist.map(gaz.district_names)
        if depth >= 3:
            out["tambon_code"] = code
            out["tambon_name"] = code.map(gaz.tambon_names)
        return out

    def _attach_codes(self, out: pd.DataFrame, code: pd.Series, depth: int, partial: pd.Series | None = None) -> None:
        for name, col in self._place_columns(code, depth, partial).items():
            out[name] = col

    def _frame(self, spec: SourceSpec, raw: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, Problems, list[str]]:
        cells, unmapped, conflicts = map_columns(raw, spec)
        self.absent[spec.id] = list(cells.attrs.get("absent", ()))
        out = pd.DataFrame({"row": (raw.index + 2).astype("int64")}, index=raw.index)
        probs = Problems(raw.index)
        for clash in conflicts:
            probs.add("inconsistent", clash.rows, clash.detail)
        self._common(spec, cells, out, probs)
        return cells, out, probs, unmapped

    @staticmethod
    def _finish(out: pd.DataFrame, probs: Problems, key: pd.Series) -> pd.DataFrame:
        reason, details = probs.resolve()
        out["reason"] = reason
        for col in DETAIL_COLUMNS:
            out[col] = details[col]
        out["key"] = key
        return out

    # -- sources -----------------------------------------------------------------------------

    def register(self, raw: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
        spec = self.cfg.sources["register"]
        cells, out, probs, unmapped = self._frame(spec, raw)
        for f in ("province", "district", "tambon"):
            out[f] = cells[f].str.strip()
        out["pair_id"] = cells["pair_id"].str.strip()
        # digits, Thai digits read: the cell reader once per distinct text
        text_codes, digits, _ = v.read_distinct(cells["tambon_code"], v.national_id_digits)
        given = digits[text_codes]
        place_of_row, places = resolve_distinct(
            self.gaz, cells["province"], cells["district"], cells["tambon"], known=self._name_keys
        )
        by_names = places.to_numpy(dtype=object)[place_of_row]  # code, reason, detail, partial per row
        keys = [_normalized_names(cells[f], self._name_keys) for f in ("province", "district", "tambon")]
        texts = [cells[f].to_numpy(dtype=object) for f in ("province", "district", "tambon")]
        for i in np.flatnonzero(given != ""):
            by_names[i] = self._check_register_code(
                given[i], *(t[i] for t in texts), keys=tuple(k[i] for k in keys)
            )
        code = pd.Series(by_names[:, 0], index=raw.index, dtype=object)
        reason = pd.Series(by_names[:, 1], index=raw.index, dtype=object)
        detail = pd.Series(by_names[:, 2], index=raw.index, dtype=object)
        self._attach_codes(out, code, 3, pd.Series(by_names[:, 3], index=raw.index, dtype=object))
        for c in ("unknown_place", "ambiguous_place"):
            probs.add(c, reason == c, detail)
        nothing = (given == "") & _blank(cells["tambon"])
        probs.add("missing_value", nothing, Detail.of("detail.no_tambon_name_or_code"))
        return self._finish(out, probs, code), unmapped

    def _check_register_code(self, code: str, province: str, district: str, tambon: str, keys=None):
        """(code, reason, detail, partial) of a register row that gives a tambon code.

        `keys` are the names in geothai.normalize form ('' for blank), when the caller has them:
        names that agree with the code are then confirmed with dict look-ups only.
        """
        gaz = self.gaz
        if keys is not None and gaz.agrees(code, keys):
            return code, None, None, None
        province, district, tambon = (clean_text(t) if t else t for t in (province, district, tambon))
        if code not in gaz.tambon_names or code[:2] in gaz.excluded:
            return None, "unknown_place", Detail.of("detail.unknown_tambon_code", code=code), gaz.province(province).code
        checks = [(province, lambda: gaz.province(province), code[:2], "province")]
        checks.append((district, lambda: gaz.district(code[:2], district), code[:4], "district"))
        checks.append((tambon, lambda: gaz.tambon(code[:2], code[:4], tambon), code, "tambon"))
        for text, look, want, level in checks:
            if text and text.strip():
                got = look()
                if got.code != want:
                    detail = Detail.of(f"detail.{level}_not_code", text=text.strip(), code=code)
                    return None, "unknown_place", detail, gaz.province(province).code
        return code, None, None, None

    def tambon_form(self, sid: str, raw: pd.DataFrame, register: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
        spec = self.cfg.sources[sid]
        cells, out, probs, unmapped = self._frame(spec, raw)
        place_of_row, per_place = self._places(spec, cells, out, probs)
        in_use = register.loc[register["status"] == "used"]
        reg_type = dict(zip(in_use["tambon_code"], in_use["tambon_type"]))
        # Checked once per distinct place, then spread to the rows.
        tambon = per_place["tambon_code"]
        outside = (tambon.notna() & ~tambon.isin(reg_type.keys())).to_numpy(dtype=bool)
        probs.add("not_in_register", outside[place_of_row], Detail.of("detail.not_in_register"))
        out["reg_tambon_type"] = _spread(tambon.map(reg_type), place_of_row, out.index)
        for name in spec.columns:
            if name not in out.columns and name not in ("national_id", "phone", "reporter_phone"):
                out[name] = cells[name].str.strip()
        for name in ("phone", "reporter_phone"):
            if name in cells:
                out[name] = columns.phones(cells[name])
        if spec.key == "leader":
            key = self._leader_fields(cells, out)
        else:
            key = out[spec.key]
        if {"leaders_driving", "leaders_developed"} <= set(out.columns):  # 2.2's counts
            over = (out["leaders_driving"] > out["leaders_developed"]).fillna(False).astype(bool)
            probs.add("inconsistent", over, Detail.of("detail.driving_over_developed"))
        return self._finish(out, probs, key), unmapped

    def _leader_fields(self, cells: pd.DataFrame, out: pd.DataFrame) -> pd.Series:
        digits, valid = columns.national_id_digits(cells["national_id"])
        out["national_id_valid"] = pd.Series(valid, index=cells.index)
        last4 = pc.utf8_slice_codeunits(digits, -4).to_numpy(zero_copy_only=False).astype(object)
        last4[~pc.greater_equal(pc.utf8_length(digits), 4).to_numpy(zero_copy_only=False)] = np.nan
        out["national_id_last4"] = pd.Series(last4, index=cells.index, dtype=object)
        codes, roles, _ = v.read_distinct(cells["role"], _role_reader(self.cfg))
        out["role"] = pd.Series(roles[codes], index=cells.index, dtype=object)
        tambon = pa.array(out["tambon_code"].fillna("?").to_numpy(dtype=object), type=pa.string())
        by_name = pc.binary_join_element_wise(
            tambon, columns.fold_arrow(cells["first_name"]), columns.fold_arrow(cells["last_name"]), "|"
        )
        raw_key = pc.if_else(
            pa.array(valid),
            pc.binary_join_element_wise("id:", digits, ""),
            pc.binary_join_element_wise("name:", by_name, ""),
        )
        # The key is a hash: the full national ID is not kept in the normalized table.
        return pd.Series(pd.util.hash_array(raw_key.to_numpy(zero_copy_only=False)), index=cells.index)

    def clips(self, sid: str, raw: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
        spec = self.cfg.sources[sid]
        cells, out, probs, unmapped = self._frame(spec, raw)
        self._places(spec, cells, out, probs)
        codes, ids, bad = v.read_distinct(cells["youtube_url"], v.parse_youtube)
        out["video_id"] = pd.Series(ids[codes], index=raw.index, dtype=object)
        probs.add("bad_link", bad[codes], quote("detail.not_youtube", cells["youtube_url"]))
        codes, secs, _ = v.read_distinct(cells["duration"], v.parse_duration)
        out["duration_s"] = pd.array(secs, dtype="Int64").take(codes)
        limit = self.cfg.target("clip_max_seconds")
        out["over_length"] = (out["duration_s"] > limit).fillna(False).astype(bool)
        for name in ("title", "youtube_url", "duration", "facebook_url"):
            out[name] = cells[name].str.strip()
        return self._finish(out, probs, out[spec.key]), unmapped

    def ratings(self, sid: str, raw: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
        spec = self.cfg.sources[sid]
        cells, out, probs, unmapped = self._frame(spec, raw)
        self._places(spec, cells, out, probs)
        out_of_range = ((out["score"] < 0) | (out["score"] > 100)).fillna(False).astype(bool)
        probs.add("inconsistent", out_of_range, Detail.of("detail.score_range"))
        out["officer"] = cells["officer"].str.strip()
        return self._finish(out, probs, out[spec.key]), unmapped


def _spread(col: pd.Series, rows: np.ndarray, index: pd.Index) -> pd.Series:
    """A per-distinct-value column spread to the rows (`rows`: each row's number)."""
    return col.take(rows).set_axis(index)


def _normalized_names(col: pd.Series, known: dict[str, str]) -> np.ndarray:
    """Each cell's name_key (geothai.normalize form), once per distinct text (`known`: cache)."""

    def key(text: str) -> str:
        hit = known.get(text)
        if hit is None:  # read_distinct hands over the text already cleaned
            hit = known[text] = clean_name_key(text)
        return hit

    codes, keys, _ = v.read_distinct(col, key)
    return keys[codes]


def _role_reader(cfg: Config):
    strict = v.choice_reader(cfg.choices["role"])

    def read(text: str) -> str | None:
        try:
            return strict(text)
        except ValueError:
            return "other"  # the form lets people write their own role

    return read


def normalize_tables(
    raw: dict[str, pd.DataFrame],
    cfg: Config,
    pulled_at: datetime | None = None,
    zones: Mapping[str, str] | None = None,
) -> Normalized:
    """Normalize every source; the register first, since the forms are checked against it.

    `pulled_at` ends the window of plausible timestamps (now without it); `zones` gives, per
    source id, the time zone its spreadsheet writes timestamps in (absent: the programme's)."""

    norm = FormNormalizer(cfg, pulled_at=pulled_at, zones=zones)
    tables: dict[str, pd.DataFrame] = {}
    unmapped: dict[str, list[str]] = {}
    reg, unmapped[REGISTER] = norm.register(raw[REGISTER])
    tables[REGISTER] = assign_status(reg, None)
    for sid in cfg.report_ids:  # each form read as its unit says (programme.toml)
        unit = cfg.sources[sid].unit
        if unit == "tambon":
            tables[sid], unmapped[sid] = norm.tambon_form(sid, raw[sid], tables[REGISTER])
        elif unit == "province_phase":
            tables[sid], unmapped[sid] = norm.clips(sid, raw[sid])
        else:
            tables[sid], unmapped[sid] = norm.ratings(sid, raw[sid])
    return Normalized(tables=tables, unmapped=unmapped, absent=norm.absent)


