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
import pyarrow as pa

from dashboard.config import Config
from dashboard.messages import Words
from dashboard.messages.details import Detail
from dashboard.text import clean_arrow, clean_text

UNKNOWN = "unknown_place"
AMBIGUOUS = "ambiguous_place"
_CAPITAL_WORDS = ("เมือง", "mueang", "muang")


@dataclass(frozen=True)
class Resolved:
    code: str | None
    reason: str | None = None
    detail: Detail | None = None  # why not, in the catalogue's words (dashboard.messages.details)
    # The deepest level that did resolve when the full place did not (the province of an
    # unknown tambon): quarantined rows still show under their province for staff to fix.
    partial: str | None = None


def _with_level_word(name: str, *words: str) -> list[str]:
    """Keys of the name written after its level word ("ต.จ.ป.ร.") when that is not the name's
    own key: geothai reads a name that starts like a level word ("จ.ป.ร.") without it."""
    if not name.startswith(("จ", "อ", "ต")):
        return []
    own = fold_name(name)
    return [k for k in {fold_name(w + name) for w in words} if k != own]


def _index(pairs) -> dict[str, tuple[str, ...]]:
    out: dict[str, set[str]] = {}
    for key, code in pairs:
        if key:
            out.setdefault(key, set()).add(code)
    return {k: tuple(sorted(v)) for k, v in out.items()}


class Gazetteer:
    """Lookup tables over geothai for the provinces the programme covers."""

    def __init__(self, province_aliases: dict[str, str], excluded: tuple[str, ...]) -> None:
        norm = fold_name
        self.excluded = set(excluded)
        provinces = geothai.provinces()
        self.province_names = {p.code: p.name_th for p in provinces}
        self.province_names_en = {p.code: p.name_en for p in provinces}
        pairs = [(norm(p.name_th), p.code) for p in provinces]
        pairs += [(k, p.code) for p in provinces for k in _with_level_word(p.name_th, "จ.", "จังหวัด")]
        pairs += [(norm(p.name_en), p.code) for p in provinces]
        pairs += [(norm(k), v) for k, v in {"กทม": "10", "กรุงเทพ": "10", "อยุธยา": "14"}.items()]
        pairs += [(k, v) for k, v in province_aliases.items()]
        self.provinces = _index(pairs)

        self.district_names: dict[str, str] = {}
        self.district_names_en: dict[str, str] = {}
        dpairs: dict[str, list[tuple[str, str]]] = {}
        self.tambon_names: dict[str, str] = {}
        self.tambon_names_en: dict[str, str] = {}
        tpairs_d: dict[str, list[tuple[str, str]]] = {}
        tpairs_p: dict[str, list[tuple[str, str]]] = {}
        for p in provinces:
            for d in geothai.districts(p.code):
                self.district_names[d.code] = d.name_th
                self.district_names_en[d.code] = d.name_en
                keys = [norm(d.name_th), norm(d.name_en), *_with_level_word(d.name_th, "อ.", "อำเภอ")]
                if d.code.endswith("01") and p.code != "10":
                    keys += [norm(w) for w in _CAPITAL_WORDS]
                dpairs.setdefault(p.code, []).extend((k, d.code) for k in keys)
                for s in geothai.subdistricts(d.code):
                    self.tambon_names[s.code] = s.name_th
                    self.tambon_names_en[s.code] = s.name_en
                    for k in (norm(s.name_th), norm(s.name_en), *_with_level_word(s.name_th, "ต.", "ตำบล")):
                        tpairs_d.setdefault(d.code, []).append((k, s.code))
                        tpairs_p.setdefault(p.code, []).append((k, s.code))
        self.districts = {p: _index(v) for p, v in dpairs.items()}
        self.tambons_by_district = {d: _index(v) for d, v in tpairs_d.items()}
        self.tambons_by_province = {p: _index(v) for p, v in tpairs_p.items()}
        self.programme_districts = sorted(
            d for d in self.district_names if d[:2] not in self.excluded
        )

    # -- single lookups --------------------------------------------------------------------

    def _names(self, code: str) -> Words:
        """A province's or district's name in Thai and English (the code when unknown)."""
        if len(code) == 2:
            return Words(self.province_names.get(code, code), self.province_names_en.get(code, code))
        return Words(self.district_names.get(code, code), self.district_names_en.get(code, code))

    def province(self, text: str) -> Resolved:
        text = clean_text(text)
        codes = self.provinces.get(fold_name(text), ())
        if not codes:
            return Resolved(None, UNKNOWN, Detail.of("detail.unknown_province", text=text.strip()))
        if len(codes) > 1:
            return Resolved(None, AMBIGUOUS, Detail.of("detail.ambiguous_province", text=text.strip()))
        if codes[0] in self.excluded:
            return Resolved(None, UNKNOWN, Detail.of("detail.province_outside", text=text.strip()))
        return Resolved(codes[0])

    def district(self, pcode: str, text: str) -> Resolved:
        text = clean_text(text)
        codes = self.districts.get(pcode, {}).get(fold_name(text), ())
        if not codes:
            return Resolved(None, UNKNOWN, Detail.of("detail.unknown_district", text=text.strip(), province=self._names(pcode)))
        if len(codes) > 1:
            return Resolved(None, AMBIGUOUS, Detail.of("detail.ambiguous_district", text=text.strip(), province=self._names(pcode)))
        return Resolved(codes[0])

    def tambon(self, pcode: str, dcode: str | None, text: str) -> Resolved:
        text = clean_text(text)
        key = fold_name(text)
        if dcode:
            codes = self.tambons_by_district.get(dcode, {}).get(key, ())
            where = {"district": self._names(dcode)}
        else:
            codes = self.tambons_by_province.get(pcode, {}).get(key, ())
            where = {"province": self._names(pcode)}
        level = "district" if dcode else "province"
        if not codes:
            return Resolved(None, UNKNOWN, Detail.of(f"detail.unknown_tambon_in_{level}", text=text.strip(), **where))
        if len(codes) > 1:
            return Resolved(None, AMBIGUOUS, Detail.of(f"detail.ambiguous_tambon_in_{level}", text=text.strip(), **where))
        return Resolved(codes[0])

    def place(self, province: str, district: str, tambon: str | None) -> Resolved:
        """Province + district (+ tambon): the code of the smallest level given."""
        district = clean_text(district) if district else district
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
            return Resolved(d_code) if d_code else Resolved(None, UNKNOWN, Detail.of("detail.no_district"), partial=p.code)
        t = self.tambon(p.code, d_code, tambon)
        if t.code is None:
            return Resolved(None, t.reason, t.detail, partial=d_code or p.code)
        return t


    def place_code(self, keys: tuple[str, str, str | None]) -> str | None:
        """`place` for names already in fold_name form: the code when the place resolves.

        The common case costs three dict look-ups; None means "not that simple" and the caller
        asks `place` (or `province`) for the full answer and its message.
        """
        kp, kd, kt = keys
        codes = self.provinces.get(kp, ())
        if len(codes) != 1 or codes[0] in self.excluded:
            return None
        pcode = dcode = codes[0]
        if kd:
            codes = self.districts.get(pcode, {}).get(kd, ())
            if len(codes) != 1:
                return None
            dcode = codes[0]
        if kt is None:
            return dcode if kd else None
        index = self.tambons_by_district.get(dcode, {}) if kd else self.tambons_by_province.get(pcode, {})
        codes = index.get(kt, ())
        return codes[0] if len(codes) == 1 else None


    def agrees(self, code: str, keys: tuple[str, str, str]) -> bool:
        """Whether a programme tambon code exists and the names given with it (geothai.normalize
        form, '' for blank) all name that tambon, its district and its province."""
        if code not in self.tambon_names or code[:2] in self.excluded:
            return False
        kp, kd, kt = keys
        if kp and self.provinces.get(kp, ()) != (code[:2],):
            return False
        if kd and self.districts.get(code[:2], {}).get(kd, ()) != (code[:4],):
            return False
        return not kt or self.tambons_by_district.get(code[:4], {}).get(kt, ()) == (code,)


@lru_cache(maxsize=4)
def _gazetteer(aliases: tuple[tuple[str, str], ...], excluded: tuple[str, ...]) -> Gazetteer:
    return Gazetteer(dict(aliases), excluded)


def gazetteer(cfg: Config) -> Gazetteer:
    return _gazetteer(tuple(sorted(cfg.province_aliases.items())), cfg.excluded_provinces)


def province_code(cfg: Config, text: str) -> str | None:
    """A province argument (code or name as people write it) -> its code, or None."""
    gaz = gazetteer(cfg)
    text = str(text).strip()
    if text in gaz.province_names and text not in gaz.excluded:
        return text
    return gaz.province(text).code


def fold_name(text: str) -> str:
    """A place name as compared: read as a person sees it (text.clean_text), then geothai's
    normal form (no level word such as จ./อ./ต., spaces, dots or case). The gazetteer's own
    names go through the same step, so both sides of a look-up are read alike."""
    return geothai.normalize(clean_text(text))


def name_key(text: str) -> str:
    """A written name in `fold_name` form: '' for blank, and "\\x00" for a non-blank text
    that normalizes to nothing ("จ."), which must not read as blank (and matches no name)."""
    return clean_name_key(clean_text(text))


def clean_name_key(text: str) -> str:
    """`name_key` of a text already read by clean_text."""
    if not text:
        return ""
    return geothai.normalize(text) or "\x00"


def _keys(series: pd.Series | None, n: int, known: dict[str, str]) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per cell the number of its normalized name, the normalized names, and per cell the
    number of its text as written, with those texts (for messages). `known` caches name_key
    across calls (the forms of one pull repeat the same place names)."""
    if series is None:
        return np.zeros(n, dtype=np.intp), np.array([""], dtype=object), np.zeros(n, dtype=np.intp), np.array([""], dtype=object)
    text_codes, texts = pd.factorize(series)
    texts = np.asarray(texts, dtype=object)
    keys = np.empty(len(texts), dtype=object)
    cleaned = None  # the texts as a person reads them, made when a text is not yet known
    for i, text in enumerate(texts):
        text = str(text)
        key = known.get(text)
        if key is None:
            if cleaned is None:
                cleaned = clean_arrow(pa.array([str(t) for t in texts], type=pa.string())).to_pylist()
            key = known[text] = clean_name_key(cleaned[i])
        keys[i] = key
    key_of_text, names = pd.factorize(keys)
    return key_of_text[text_codes], np.asarray(names, dtype=object), text_codes, texts


def resolve_distinct(
    gaz: Gazetteer,
    province: pd.Series,
    district: pd.Series | None = None,
    tambon: pd.Series | None = None,
    known: dict[str, str] | None = None,
) -> tuple[np.ndarray, pd.DataFrame]:
    """`resolve_places` once per distinct place: each row's number in the table, and the table.

    Rows that write the same place the same way after normalization ("จ.หนองคาย", "หนองคาย ")
    are one place; its message quotes the first such row as written. `known`: a name_key
    cache to share between calls.
    """
    n = len(province)
    known = {} if known is None else known
    level = "tambon" if tambon is not None else ("district" if district is not None else "province")
    pk, p_names, p_text, p_texts = _keys(province, n, known)
    dk, d_names, d_text, d_texts = _keys(district, n, known)
    tk, t_names, t_text, t_texts = _keys(tambon, n, known)
    # One integer per (province, district, tambon) name triple; np.unique finds each one's
    # first row and every row's place number without building a string per row.
    combined = (pk.astype(np.int64) * len(d_names) + dk) * len(t_names) + tk
    _, first_row, place_of_row = np.unique(combined, return_index=True, return_inverse=True)
    found = []
    for row in first_row:
        kp, kd, kt = p_names[pk[row]], d_names[dk[row]], t_names[tk[row]]
        if kp == "":
            found.append((None, None, None, None))
            continue
        missing = (level == "tambon" and kt == "") or (level == "district" and kd == "")
        if not missing:
            code = gaz.place_code((kp, kd, kt if level == "tambon" else None)) if level != "province" else None
            if code is not None:
                found.append((code, None, None, None))
                continue
        p, d = str(p_texts[p_text[row]]), str(d_texts[d_text[row]])
        t = str(t_texts[t_text[row]])
        if missing:
            # a missing value: no reason here, but keep the province (and district) it gives
            upper = gaz.place(p, d, None) if kd != "" else gaz.province(p)
            hit = Resolved(None, partial=upper.code or upper.partial)
        elif level == "province":
            hit = gaz.province(p)
        else:
            hit = gaz.place(p, d, t if level == "tambon" else None)
        found.append((hit.code, hit.reason, hit.detail, hit.partial))
    table = np.array(found, dtype=object).reshape(len(found), 4)
    return place_of_row.reshape(-1), pd.DataFrame(table, columns=["code", "reason", "detail", "partial"])


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
    place_of_row, places = resolve_distinct(gaz, province, district, tambon)
    if not len(province):
        return pd.DataFrame(np.empty((0, 4), dtype=object), columns=places.columns, index=province.index)
    return places.take(place_of_row).set_axis(province.index)
