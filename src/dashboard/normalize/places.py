"""Place names as people write them -> DOPA codes, via geothai. Never guessed.

A name resolves when exactly one code fits; no fit is `unknown_place`, several are
`ambiguous_place`. Each distinct (province, district, tambon) text is resolved once.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import geothai
import numpy as np
import pandas as pd

from dashboard.config import Config

UNKNOWN = "unknown_place"
AMBIGUOUS = "ambiguous_place"
_CAPITAL_WORDS = ("เมือง", "mueang", "muang")


@dataclass(frozen=True)
class Resolved:
    code: str | None
    reason: str | None = None
    detail: str | None = None
    # The deepest level that did resolve when the full place did not (the province of an
    # unknown tambon): quarantined rows still show under their province for staff to fix.
    partial: str | None = None


def _index(pairs) -> dict[str, tuple[str, ...]]:
    out: dict[str, set[str]] = {}
    for key, code in pairs:
        if key:
            out.setdefault(key, set()).add(code)
    return {k: tuple(sorted(v)) for k, v in out.items()}


class Gazetteer:
    """Lookup tables over geothai for the provinces the programme covers."""

    def __init__(self, province_aliases: dict[str, str], excluded: tuple[str, ...]) -> None:
        norm = geothai.normalize
        self.excluded = set(excluded)
        provinces = geothai.provinces()
        self.province_names = {p.code: p.name_th for p in provinces}
        self.province_names_en = {p.code: p.name_en for p in provinces}
        pairs = [(norm(p.name_th), p.code) for p in provinces]
        pairs += [(norm(p.name_en), p.code) for p in provinces]
        pairs += [(norm(k), v) for k, v in {"กทม": "10", "กรุงเทพ": "10", "อยุธยา": "14"}.items()]
        pairs += [(k, v) for k, v in province_aliases.items()]
        self.provinces = _index(pairs)

        self.district_names: dict[str, str] = {}
        self.district_names_en: dict[str, str] = {}
        dpairs: dict[str, list[tuple[str, str]]] = {}
        self.tambon_names: dict[str, str] = {}
        tpairs_d: dict[str, list[tuple[str, str]]] = {}
        tpairs_p: dict[str, list[tuple[str, str]]] = {}
        for p in provinces:
            for d in geothai.districts(p.code):
                self.district_names[d.code] = d.name_th
                self.district_names_en[d.code] = d.name_en
                keys = [norm(d.name_th), norm(d.name_en)]
                if d.code.endswith("01") and p.code != "10":
                    keys += [norm(w) for w in _CAPITAL_WORDS]
                dpairs.setdefault(p.code, []).extend((k, d.code) for k in keys)
                for s in geothai.subdistricts(d.code):
                    self.tambon_names[s.code] = s.name_th
                    for k in (norm(s.name_th), norm(s.name_en)):
                        tpairs_d.setdefault(d.code, []).append((k, s.code))
                        tpairs_p.setdefault(p.code, []).append((k, s.code))
        self.districts = {p: _index(v) for p, v in dpairs.items()}
        self.tambons_by_district = {d: _index(v) for d, v in tpairs_d.items()}
        self.tambons_by_province = {p: _index(v) for p, v in tpairs_p.items()}
        self.programme_districts = sorted(
            d for d in self.district_names if d[:2] not in self.excluded
        )

    # -- single lookups --------------------------------------------------------------------

    def province(self, text: str) -> Resolved:
        codes = self.provinces.get(geothai.normalize(text), ())
        if not codes:
            return Resolved(None, UNKNOWN, f"ไม่รู้จักจังหวัด '{text.strip()}'")
        if len(codes) > 1:
            return Resolved(None, AMBIGUOUS, f"ชื่อจังหวัด '{text.strip()}' ตรงกับหลายจังหวัด")
        if codes[0] in self.excluded:
            return Resolved(None, UNKNOWN, f"จังหวัด '{text.strip()}' ไม่อยู่ในโครงการ")
        return Resolved(codes[0])

    def district(self, pcode: str, text: str) -> Resolved:
        codes = self.districts.get(pcode, {}).get(geothai.normalize(text), ())
        pname = self.province_names.get(pcode, pcode)
        if not codes:
            return Resolved(None, UNKNOWN, f"ไม่พบอำเภอ '{text.strip()}' ในจังหวัด{pname}")
        if len(codes) > 1:
            return Resolved(None, AMBIGUOUS, f"อำเภอ '{text.strip()}' ตรงกับหลายอำเภอในจังหวัด{pname}")
        return Resolved(codes[0])

    def tambon(self, pcode: str, dcode: str | None, text: str) -> Resolved:
        key = geothai.normalize(text)
        if dcode:
            codes = self.tambons_by_district.get(dcode, {}).get(key, ())
            where = f"อำเภอ{self.district_names.get(dcode, dcode)}"
        else:
            codes = self.tambons_by_province.get(pcode, {}).get(key, ())
            where = f"จังหวัด{self.province_names.get(pcode, pcode)}"
        if not codes:
            return Resolved(None, UNKNOWN, f"ไม่พบตำบล '{text.strip()}' ใน{where}")
        if len(codes) > 1:
            return Resolved(None, AMBIGUOUS, f"ตำบล '{text.strip()}' มีหลายแห่งใน{where} ระบุอำเภอให้ชัด")
        return Resolved(codes[0])

    def place(self, province: str, district: str, tambon: str | None) -> Resolved:
        """Province + district (+ tambon): the code of the smallest level given."""
        p = self.province(province)
        if p.code is None:
            return p
        d_code = None
        if district and district.strip():
            d = self.district(p.code, district)
            if d.code is None:
                return Resolved(None, d.reason, d.detail, partial=p.code)
            d_code = d.code
        if tambon is None:
            return Resolved(d_code) if d_code else Resolved(None, UNKNOWN, "ไม่ได้ระบุอำเภอ", partial=p.code)
        t = self.tambon(p.code, d_code, tambon)
        if t.code is None:
            return Resolved(None, t.reason, t.detail, partial=d_code or p.code)
        return t


@lru_cache(maxsize=4)
def _gazetteer(aliases: tuple[tuple[str, str], ...], excluded: tuple[str, ...]) -> Gazetteer:
    return Gazetteer(dict(aliases), excluded)


def gazetteer(cfg: Config) -> Gazetteer:
    return _gazetteer(tuple(sorted(cfg.province_aliases.items())), cfg.excluded_provinces)


def _normalized(series: pd.Series | None, n: int) -> np.ndarray:
    """Each cell's name in geothai.normalize form (computed once per distinct text); '' for blank."""
    if series is None:
        return np.full(n, "", dtype=object)
    codes, uniques = pd.factorize(np.asarray(series, dtype=object))
    keys = np.array([geothai.normalize(str(u)) if str(u).strip() else "" for u in uniques], dtype=object)
    blank = np.array([not str(u).strip() for u in uniques], dtype=bool)
    # A non-blank text that normalizes to nothing ("จ.") must not read as blank.
    keys[~blank & (keys == "")] = "\x00"
    return keys[codes]


def resolve_places(
    gaz: Gazetteer,
    province: pd.Series,
    district: pd.Series | None = None,
    tambon: pd.Series | None = None,
) -> pd.DataFrame:
    """Per row: `code` (of the smallest level given), `reason`, `detail`, `partial`.

    Rows that write the same place the same way after normalization ("จ.หนองคาย", "หนองคาย ")
    are resolved once. Rows with a blank required level (the province; the district when no
    tambon column is given; the tambon) get no code and no reason: the caller reports them as
    missing values.
    """
    n = len(province)
    level = "tambon" if tambon is not None else ("district" if district is not None else "province")
    pk, dk, tk = _normalized(province, n), _normalized(district, n), _normalized(tambon, n)
    combined = pk + "\x1f" + dk + "\x1f" + tk
    codes, uniques = pd.factorize(combined)
    _, first_row = np.unique(codes, return_index=True)  # the first row of each distinct place
    prov = province.to_numpy(dtype=object)
    dist = district.to_numpy(dtype=object) if district is not None else np.full(n, "", dtype=object)
    tam = tambon.to_numpy(dtype=object) if tambon is not None else None
    found = []
    for i, row in enumerate(first_row):
        p, d = str(prov[row]), str(dist[row])
        t = str(tam[row]) if tam is not None else ""
        if pk[row] == "":
            hit = Resolved(None)
        elif (level == "tambon" and tk[row] == "") or (level == "district" and dk[row] == ""):
            # a missing value: no reason here, but keep the province (and district) it gives
            upper = gaz.place(p, d, None) if dk[row] != "" else gaz.province(p)
            hit = Resolved(None, partial=upper.code or upper.partial)
        elif level == "province":
            hit = gaz.province(p)
        else:
            hit = gaz.place(p, d, t if level == "tambon" else None)
        found.append((hit.code, hit.reason, hit.detail, hit.partial))
    table = np.array(found, dtype=object).reshape(len(found), 4)
    rows = table[codes] if n else np.empty((0, 4), dtype=object)
    return pd.DataFrame(rows, columns=["code", "reason", "detail", "partial"], index=province.index)
