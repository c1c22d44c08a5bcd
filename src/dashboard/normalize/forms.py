"""Per-form cleaning: headers -> fields, typed values, places, and a quarantine reason per row.

`normalize_tables` turns the raw tables of a source into one normalized frame per source id.
Every raw row stays in its frame; a row that cannot be used carries its first reason (in the
contract's order) and a Thai `detail` saying what to fix. Which rows are superseded depends on
the as-of day, so that is decided later, in `assign_status`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from dashboard.config import Config, SourceSpec, fold_header
from dashboard.errors import MissingColumn
from dashboard.normalize import columns
from dashboard.normalize import values as v
from dashboard.normalize.places import Gazetteer, gazetteer, resolve_places

REASONS = (
    "unknown_place",
    "ambiguous_place",
    "not_in_register",
    "inconsistent",
    "bad_link",
    "bad_value",
    "missing_value",
)
PLACE_FIELDS = {
    "register": ("province", "district", "tambon"),
    "1.1": ("province", "district", "tambon"),
    "2.1": ("province", "district", "tambon"),
    "2.2": ("province", "district", "tambon"),
    "3": ("province",),
    "4": ("province", "district"),
}


@dataclass
class Problems:
    """Collects (reason, mask, detail) and keeps, per row, the first reason in contract order."""

    index: pd.Index
    found: dict[str, list[tuple[pd.Series, pd.Series]]] = field(default_factory=dict)

    def add(self, reason: str, mask: pd.Series, detail: str | pd.Series) -> None:
        assert reason in REASONS, reason
        if not mask.any():
            return
        if isinstance(detail, str):
            detail = pd.Series(detail, index=self.index, dtype=object)
        self.found.setdefault(reason, []).append((mask, detail))

    def resolve(self) -> tuple[pd.Series, pd.Series]:
        reason = pd.Series(None, index=self.index, dtype=object)
        detail = pd.Series(None, index=self.index, dtype=object)
        for code in REASONS:
            for mask, text in self.found.get(code, ()):
                fill = mask & reason.isna()
                reason = reason.mask(fill, code)
                detail = detail.mask(fill, text)
        return reason, detail


@dataclass
class Normalized:
    tables: dict[str, pd.DataFrame]
    unmapped: dict[str, list[str]]


def map_columns(raw: pd.DataFrame, spec: SourceSpec) -> tuple[pd.DataFrame, list[str]]:
    """Fields by name (missing optional ones blank) and the headers the configuration lacks."""
    wanted = spec.header_to_field()
    position: dict[str, int] = {}
    unmapped: list[str] = []
    for i, header in enumerate(raw.columns):
        name = wanted.get(fold_header(header))
        if name is None or name in position:
            if str(header).strip():
                unmapped.append(str(header))
            continue
        position[name] = i
    needed = set(spec.required) | set(PLACE_FIELDS[spec.id])
    absent = [spec.columns[f] for f in spec.columns if f not in position and f in needed]
    if absent:
        raise MissingColumn(f"{spec.title_th} ({spec.file})", absent)
    data = {}
    for name in spec.columns:
        if name in position:
            data[name] = raw.iloc[:, position[name]].astype(object).fillna("").astype(str)
        else:
            data[name] = pd.Series("", index=raw.index, dtype=object)
    return pd.DataFrame(data, index=raw.index), unmapped


class FormNormalizer:
    def __init__(self, cfg: Config, gaz: Gazetteer | None = None) -> None:
        self.cfg = cfg
        self.gaz = gaz or gazetteer(cfg)

    # -- shared steps ------------------------------------------------------------------------

    def _common(self, spec: SourceSpec, cells: pd.DataFrame, out: pd.DataFrame, probs: Problems) -> None:
        for name in spec.required:
            blank = cells[name].str.strip() == ""
            probs.add("missing_value", blank, f"ไม่ได้กรอก '{spec.columns[name]}'")
        if "submitted_at" in cells:
            series, bad = columns.read_timestamps(cells["submitted_at"])
            out["submitted_at"] = series.dt.tz_localize(self.cfg.timezone)
            probs.add("bad_value", bad, "อ่านวันเวลาที่ส่ง '" + cells["submitted_at"] + "' ไม่ได้")
        for name in spec.numbers:
            reader = v.parse_number if name == "score" else v.parse_whole
            nums, bad = v.read_column(cells[name], reader)
            dtype = "Float64" if name == "score" else "Int64"
            col = pd.array(nums, dtype=dtype)
            out[name] = col
            probs.add("bad_value", bad, f"อ่านตัวเลข '{spec.columns[name]}' ไม่ได้: '" + cells[name] + "'")
            negative = pd.Series(col < 0, index=cells.index).fillna(False).astype(bool)
            probs.add("inconsistent", negative, f"'{spec.columns[name]}' ติดลบ")
        for name, listname in spec.choices.items():
            reader = v.choice_reader(self.cfg.choices[listname], grade=listname == "grade")
            vals, bad = v.read_column(cells[name], reader)
            out[name] = pd.Series(vals, index=cells.index, dtype=object)
            probs.add("bad_value", bad, f"คำตอบ '{spec.columns[name]}' ไม่ตรงตัวเลือก: '" + cells[name] + "'")

    def _places(self, spec: SourceSpec, cells: pd.DataFrame, out: pd.DataFrame, probs: Problems) -> None:
        fields = PLACE_FIELDS[spec.id]
        for f in fields:
            out[f] = cells[f].str.strip()
        res = resolve_places(
            self.gaz,
            cells["province"],
            cells["district"] if "district" in fields else None,
            cells["tambon"] if "tambon" in fields else None,
        )
        self._attach_codes(out, res["code"], len(fields), res["partial"])
        for code in ("unknown_place", "ambiguous_place"):
            probs.add(code, res["reason"] == code, res["detail"])

    def _attach_codes(self, out: pd.DataFrame, code: pd.Series, depth: int, partial: pd.Series | None = None) -> None:
        """Province/district/tambon codes and names; an unresolved place keeps what did resolve."""
        gaz = self.gaz
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

    def _frame(self, spec: SourceSpec, raw: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, Problems, list[str]]:
        cells, unmapped = map_columns(raw, spec)
        out = pd.DataFrame({"row": (raw.index + 2).astype("int64")}, index=raw.index)
        probs = Problems(raw.index)
        self._common(spec, cells, out, probs)
        return cells, out, probs, unmapped

    @staticmethod
    def _finish(out: pd.DataFrame, probs: Problems, key: pd.Series) -> pd.DataFrame:
        reason, detail = probs.resolve()
        out["reason"] = reason
        out["detail"] = detail
        out["key"] = key
        return out

    # -- sources -----------------------------------------------------------------------------

    def register(self, raw: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
        spec = self.cfg.sources["register"]
        cells, out, probs, unmapped = self._frame(spec, raw)
        for f in ("province", "district", "tambon"):
            out[f] = cells[f].str.strip()
        out["pair_id"] = cells["pair_id"].str.strip()
        given = cells["tambon_code"].map(v.national_id_digits)  # digits, Thai digits read
        by_names = resolve_places(self.gaz, cells["province"], cells["district"], cells["tambon"])
        codes, reasons, details, partials = [], [], [], []
        for i, code in enumerate(given.tolist()):
            if code:
                r = self._check_register_code(
                    code, cells["province"].iat[i], cells["district"].iat[i], cells["tambon"].iat[i]
                )
            else:
                r = (by_names["code"].iat[i], by_names["reason"].iat[i], by_names["detail"].iat[i],
                     by_names["partial"].iat[i])
            codes.append(r[0])
            reasons.append(r[1])
            details.append(r[2])
            partials.append(r[3])
        code = pd.Series(codes, index=raw.index, dtype=object)
        reason = pd.Series(reasons, index=raw.index, dtype=object)
        detail = pd.Series(details, index=raw.index, dtype=object)
        self._attach_codes(out, code, 3, pd.Series(partials, index=raw.index, dtype=object))
        for c in ("unknown_place", "ambiguous_place"):
            probs.add(c, reason == c, detail)
        nothing = (given == "") & (cells["tambon"].str.strip() == "")
        probs.add("missing_value", nothing, "ไม่ได้กรอกทั้งชื่อตำบลและรหัสตำบล")
        return self._finish(out, probs, code), unmapped

    def _check_register_code(self, code: str, province: str, district: str, tambon: str):
        gaz = self.gaz
        if code not in gaz.tambon_names or code[:2] in gaz.excluded:
            return None, "unknown_place", f"ไม่มีรหัสตำบล '{code}' ในโครงการ", gaz.province(province).code
        checks = [(province, lambda: gaz.province(province), code[:2], "จังหวัด")]
        checks.append((district, lambda: gaz.district(code[:2], district), code[:4], "อำเภอ"))
        checks.append((tambon, lambda: gaz.tambon(code[:2], code[:4], tambon), code, "ตำบล"))
        for text, look, want, level in checks:
            if text and text.strip():
                got = look()
                if got.code != want:
                    detail = f"{level} '{text.strip()}' ไม่ตรงกับรหัสตำบล {code}"
                    return None, "unknown_place", detail, gaz.province(province).code
        return code, None, None, None

    def tambon_form(self, sid: str, raw: pd.DataFrame, register: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
        spec = self.cfg.sources[sid]
        cells, out, probs, unmapped = self._frame(spec, raw)
        self._places(spec, cells, out, probs)
        in_use = register.loc[register["status"] == "used"]
        reg_type = dict(zip(in_use["tambon_code"], in_use["tambon_type"]))
        outside = out["tambon_code"].notna() & ~out["tambon_code"].isin(reg_type.keys())
        probs.add("not_in_register", outside, "ตำบลนี้ไม่อยู่ในทะเบียนตำบลเป้าหมาย")
        out["reg_tambon_type"] = out["tambon_code"].map(reg_type)
        for name in spec.columns:
            if name not in out.columns and name not in ("national_id", "phone", "reporter_phone"):
                out[name] = cells[name].str.strip()
        for name in ("phone", "reporter_phone"):
            if name in cells:
                out[name] = columns.phones(cells[name])
        if sid == "1.1":
            key = self._leader_fields(cells, out)
        else:
            key = out["tambon_code"]
        if sid == "2.2":
            over = (out["leaders_driving"] > out["leaders_developed"]).fillna(False).astype(bool)
            probs.add("inconsistent", over, "ผู้นำที่ขับเคลื่อนงานได้มากกว่าผู้นำที่ได้รับการพัฒนา")
        return self._finish(out, probs, key), unmapped

    def _leader_fields(self, cells: pd.DataFrame, out: pd.DataFrame) -> pd.Series:
        digits, valid = columns.national_ids(cells["national_id"])
        out["national_id_valid"] = valid
        out["national_id_last4"] = digits.str[-4:].where(digits.str.len() >= 4)
        roles, _ = v.read_column(cells["role"], _role_reader(self.cfg))
        out["role"] = pd.Series(roles, index=cells.index, dtype=object)
        by_name = (
            out["tambon_code"].fillna("?").astype(object)
            + "|" + columns.fold(cells["first_name"])
            + "|" + columns.fold(cells["last_name"])
        )
        raw_key = ("id:" + digits).where(valid, "name:" + by_name)
        # The key is a hash: the full national ID is not kept in the normalized table.
        return pd.Series(pd.util.hash_array(raw_key.to_numpy(dtype=object)), index=raw_key.index)

    def clips(self, raw: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
        spec = self.cfg.sources["3"]
        cells, out, probs, unmapped = self._frame(spec, raw)
        self._places(spec, cells, out, probs)
        ids, bad = v.read_column(cells["youtube_url"], v.parse_youtube)
        out["video_id"] = pd.Series(ids, index=raw.index, dtype=object)
        probs.add("bad_link", bad, "ลิงก์ไม่ใช่วิดีโอ YouTube: '" + cells["youtube_url"] + "'")
        secs, _ = v.read_column(cells["duration"], v.parse_duration)
        out["duration_s"] = pd.array(secs, dtype="Int64")
        limit = self.cfg.target("clip_max_seconds")
        out["over_length"] = (out["duration_s"] > limit).fillna(False).astype(bool)
        for name in ("title", "youtube_url", "duration", "facebook_url"):
            out[name] = cells[name].str.strip()
        return self._finish(out, probs, out["video_id"]), unmapped

    def ratings(self, raw: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
        spec = self.cfg.sources["4"]
        cells, out, probs, unmapped = self._frame(spec, raw)
        self._places(spec, cells, out, probs)
        out_of_range = ((out["score"] < 0) | (out["score"] > 100)).fillna(False).astype(bool)
        probs.add("inconsistent", out_of_range, "คะแนนรวมต้องอยู่ระหว่าง 0 ถึง 100")
        out["officer"] = cells["officer"].str.strip()
        return self._finish(out, probs, out["district_code"]), unmapped


def _role_reader(cfg: Config):
    strict = v.choice_reader(cfg.choices["role"])

    def read(text: str) -> str | None:
        try:
            return strict(text)
        except ValueError:
            return "other"  # the form lets people write their own role

    return read


def normalize_tables(raw: dict[str, pd.DataFrame], cfg: Config) -> Normalized:
    """Normalize every source; the register first, since the forms are checked against it."""
    from dashboard.pipeline import assign_status  # the register's rows in use feed the forms

    norm = FormNormalizer(cfg)
    tables: dict[str, pd.DataFrame] = {}
    unmapped: dict[str, list[str]] = {}
    reg, unmapped["register"] = norm.register(raw["register"])
    tables["register"] = assign_status(reg, None)
    for sid in ("1.1", "2.1", "2.2"):
        tables[sid], unmapped[sid] = norm.tambon_form(sid, raw[sid], tables["register"])
    tables["3"], unmapped["3"] = norm.clips(raw["3"])
    tables["4"], unmapped["4"] = norm.ratings(raw["4"])
    return Normalized(tables=tables, unmapped=unmapped)


