"""Suggestions for set-aside places: the gazetteer's closest places within what the row does say.

For a row set aside as `unknown_place` or `ambiguous_place`, the candidates are the places of
its province (or of the few provinces closest to what it wrote, when the province itself does
not resolve), ranked by a Thai-aware similarity of the names it wrote at each level. Nothing is
applied: staff accept a suggestion on the Data page, which writes a correction line.

The similarity is an edit distance over folded text where the slips people make on phones cost
little: a tone or vowel mark missing, extra or swapped (a fraction of a letter), a name cut short
with `ฯ` (the rest free), a level prefix typed twice or left out (folded away).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import geothai
import pandas as pd

from dashboard.normalize.places import Gazetteer

REASONS = ("unknown_place", "ambiguous_place")
TOP = 3
MARK_COST = 0.3  # a tone or vowel mark inserted, dropped or replaced
# Thai combining marks: mai han-akat, sara i … phinthu, mai tai khu … yamakkan.
_MARKS = frozenset(chr(c) for c in (0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F)))
_PREFIX = re.compile(r"^(?:(?:จังหวัด|จ\.|อำเภอ|อ\.|เขต|ตำบล|ต\.|แขวง|กิ่งอำเภอ|กิ่ง อ\.)\s*)+")
_WEIGHTS = {"tambon": 0.6, "district": 0.3, "province": 0.1}


@dataclass(frozen=True)
class Suggestion:
    code: str
    name: str  # "ต.บ้านเป็ด อ.เมืองขอนแก่น จ.ขอนแก่น" down to the level suggested
    score: float  # 0–1

    def label(self) -> str:
        return f"{self.code} {self.name} ({self.score:.2f})"


def fold(text: str) -> str:
    """A written name as compared: prefixes (also typed twice) and spaces/dots dropped."""
    text = _PREFIX.sub("", str(text or "").strip())
    return geothai.normalize(text)


def _cost(ch: str) -> float:
    return MARK_COST if ch in _MARKS else 1.0


def distance(a: str, b: str) -> float:
    """Weighted edit distance: marks cost MARK_COST, other letters 1, substitution the larger."""
    if a == b:
        return 0.0
    cb = [_cost(c) for c in b]
    prev = [0.0]
    for c in cb:
        prev.append(prev[-1] + c)
    for ca in a:
        ka = _cost(ca)
        cur = [prev[0] + ka]
        left = cur[0]
        for j, ch in enumerate(b):
            kb = cb[j]
            diag = prev[j] + (0.0 if ca == ch else (max(kb, ka)))
            up = prev[j + 1] + ka
            left = left + kb
            best = min(up, diag)
            left = min(left, best)
            cur.append(left)
        prev = cur
    return prev[-1]


def _length(s: str) -> float:
    return sum(_cost(c) for c in s)


def _excess(a: str, b: str) -> float:
    """A lower bound of distance(a, b): the weight of the letters one side has and the other
    lacks (each edit accounts for at most one such letter on each side)."""
    left = Counter(a)
    left.subtract(b)
    more_a = sum(_cost(c) * n for c, n in left.items() if n > 0)
    more_b = sum(_cost(c) * -n for c, n in left.items() if n < 0)
    return max(more_b, more_a)


@lru_cache(maxsize=65536)
def similarity(written: str, name: str) -> float:
    """0–1 between a folded written name and a folded gazetteer name (1: the same)."""
    if not written or not name:
        return 0.0
    if written == name:
        return 1.0
    if written.endswith("ฯ"):
        # Truncated with ฯ (ขอนแก่ฯ): the name must begin with what was typed; the rest is free.
        stem = written.rstrip("ฯ")
        if stem and name.startswith(stem):
            return 0.95
        name = name[: len(stem) + 1]
        written = stem
    d = distance(written, name)
    return max(0.0, 1.0 - d / max(_length(written), _length(name)))


class Suggester:
    """Ranks gazetteer places for written (province, district, tambon) texts; one answer per
    distinct text triple (`suggest` is memoized by its arguments)."""

    def __init__(self, gaz: Gazetteer) -> None:
        self.gaz = gaz
        self.f_province = {c: fold(n) for c, n in gaz.province_names.items() if c not in gaz.excluded}
        self.f_district = {c: fold(n) for c, n in gaz.district_names.items() if c[:2] not in gaz.excluded}
        self.f_tambon = {c: fold(n) for c, n in gaz.tambon_names.items() if c[:2] not in gaz.excluded}
        self._memo: dict[tuple, list[Suggestion]] = {}

    def name(self, code: str) -> str:
        return place_name(self.gaz, code)

    def _provinces(self, text: str) -> list[tuple[str, float]]:
        """Provinces to search with their similarity: the one it resolves to, else the closest."""
        code = self.gaz.province(text).code if text.strip() else None
        if code:
            return [(code, 1.0)]
        w = fold(text)
        ranked = sorted(((similarity(w, n), c) for c, n in self.f_province.items()), reverse=True)
        # Colloquial names (โคราช) resolve above; a close spelling of one is rare, so the top 3.
        return [(c, s) for s, c in ranked[:TOP] if s > 0]

    def _district_score(self, text: str, pcode: str, dcode: str) -> float:
        w = fold(text)
        if not w:
            return 0.5  # not given: neither for nor against
        name = self.f_district[dcode]
        best = similarity(w, name)
        if dcode.endswith("01"):
            # "เมือง" for the capital district, as people write it
            best = max(best, similarity(w, "เมือง"), similarity(w, "เมือง" + self.f_province[pcode]))
        return best

    def _rank_tambons(self, provinces: list[tuple[str, float]], district: str, wt: str) -> list[tuple[float, str]]:
        """Tambons by score, exact for the best TOP: the edit distance is only computed while a
        candidate's bound (its length difference) could still reach the current third best."""
        w_t, w_d, w_p = _WEIGHTS["tambon"], _WEIGHTS["district"], _WEIGHTS["province"]
        bounded = []
        for pcode, ps in provinces:
            dscore = {d: self._district_score(district, pcode, d) for d in _districts(self, pcode)}
            for tcode in _tambons(self, pcode):
                rest = w_d * dscore[tcode[:4]] + w_p * ps
                bounded.append((w_t * _bound(wt, self.f_tambon[tcode]) + rest, rest, tcode))
        bounded.sort(key=lambda x: (-x[0], x[2]))
        scored: list[tuple[float, str]] = []
        for bound, rest, tcode in bounded:
            if len(scored) >= TOP and bound < scored[TOP - 1][0]:
                break
            scored.append((w_t * similarity(wt, self.f_tambon[tcode]) + rest, tcode))
            scored.sort(key=lambda x: (-x[0], x[1]))
        return scored

    def suggest(self, level: str, province: str, district: str = "", tambon: str = "") -> list[Suggestion]:
        key = (level, province, district, tambon)
        hit = self._memo.get(key)
        if hit is None:
            hit = self._memo[key] = self._rank(level, province or "", district or "", tambon or "")
        return hit

    def _rank(self, level: str, province: str, district: str, tambon: str) -> list[Suggestion]:
        provinces = self._provinces(province)
        scored: list[tuple[float, str]] = []
        if level == "province":
            w = fold(province)
            scored = [(similarity(w, n), c) for c, n in self.f_province.items()]
        elif level == "district":
            for pcode, ps in provinces:
                for dcode in _districts(self, pcode):
                    ds = self._district_score(district, pcode, dcode)
                    scored.append((0.8 * ds + 0.2 * ps, dcode))
        else:
            scored = self._rank_tambons(provinces, district, fold(tambon))
        scored.sort(key=lambda x: (-x[0], x[1]))
        return [Suggestion(c, self.name(c), round(s, 2)) for s, c in scored[:TOP] if s > 0]


def _bound(written: str, name: str) -> float:
    """An upper bound of `similarity` from the lengths alone (an edit costs at least their
    difference); a name cut with ฯ may match anything."""
    if not written or not name:
        return 0.0
    if written.endswith("ฯ"):
        return 1.0
    return max(0.0, 1.0 - _excess(written, name) / max(_length(written), _length(name)))


def _districts(s: Suggester, pcode: str) -> list[str]:
    return [d for d in s.f_district if d[:2] == pcode]


def _tambons(s: Suggester, pcode: str) -> list[str]:
    hit = _TAMBONS.get((id(s), pcode))
    if hit is None:
        hit = _TAMBONS[(id(s), pcode)] = [t for t in s.f_tambon if t[:2] == pcode]
    return hit


_TAMBONS: dict[tuple[int, str], list[str]] = {}


@lru_cache(maxsize=4)
def _suggester(gaz: Gazetteer) -> Suggester:
    return Suggester(gaz)


def suggester(gaz: Gazetteer) -> Suggester:
    return _suggester(gaz)


COLUMNS = [f"suggestion_{i}" for i in range(1, TOP + 1)]


def for_rows(gaz: Gazetteer, sid: str, rows: pd.DataFrame) -> list[list[Suggestion]]:
    """Suggestions for each of a source's normalized rows (those set aside for their place;
    others get none). Each distinct written place is ranked once."""
    sg = suggester(gaz)
    # The deepest place the source's rows are resolved to (its `places` in programme.toml).
    level = next((lv for lv in ("tambon", "district") if f"{lv}_code" in rows.columns), "province")
    out = []
    for rec in rows.itertuples(index=False):
        if getattr(rec, "reason", None) not in REASONS:
            out.append([])
            continue
        out.append(sg.suggest(level, _text(rec, "province"), _text(rec, "district"), _text(rec, "tambon")))
    return out


def _text(rec, name: str) -> str:
    value = getattr(rec, name, "")
    return value if isinstance(value, str) else ""


def attach(quarantine: pd.DataFrame, tables: dict[str, pd.DataFrame], gaz: Gazetteer) -> pd.DataFrame:
    """The set-aside table with `suggestion_1..3` ("code name (score)") after its detail."""
    if quarantine.empty:
        return quarantine.assign(**{c: pd.Series(dtype=object) for c in COLUMNS})
    cols = {c: [""] * len(quarantine) for c in COLUMNS}
    for sid, pos in quarantine.groupby("source", sort=False).indices.items():
        t = tables[sid].set_index("row")
        rows = t.reindex(quarantine["row"].to_numpy()[pos])
        for p, found in zip(pos, for_rows(gaz, sid, rows.reset_index())):
            for i, s in enumerate(found):
                cols[COLUMNS[i]][p] = s.label()
    out = quarantine.copy()
    after = next((c for c in ("detail_en", "detail") if c in out.columns), None)
    at = list(out.columns).index(after) + 1 if after else len(out.columns)
    for i, c in enumerate(COLUMNS):
        out.insert(at + i, c, cols[c])
    return out


def place_name(gaz: Gazetteer, code: str, lang: str = "th") -> str:
    """`ต.บ้านเป็ด อ.เมืองขอนแก่น จ.ขอนแก่น`, or in English `Ban Pet, Mueang Khon Kaen, Khon Kaen`:
    a place down to the level of its code."""
    if str(lang or "").lower().startswith("en"):
        parts = [gaz.province_names_en.get(code[:2], code[:2])]
        if len(code) >= 4:
            parts.insert(0, gaz.district_names_en.get(code[:4], code[:4]))
        if len(code) >= 6:
            parts.insert(0, gaz.tambon_names_en.get(code, code))
        return ", ".join(parts)
    parts = [f"จ.{gaz.province_names[code[:2]]}"]
    if len(code) >= 4:
        parts.insert(0, f"อ.{gaz.district_names[code[:4]]}")
    if len(code) >= 6:
        parts.insert(0, f"ต.{gaz.tambon_names[code]}")
    return " ".join(parts)


_LABEL = re.compile(r"\s*(\d{2,6})\s.*\((\d+(?:\.\d+)?)\)\s*$")


def shown_label(label: str, gaz: Gazetteer, lang: str = "th") -> str:
    """A suggestion's stored label (`430101 ต.… (0.92)`, what a correction is made from) as a
    page in `lang` shows it: the same code and score, the place named in that language."""
    m = _LABEL.match(str(label or ""))
    if not m or not str(lang or "").lower().startswith("en"):
        return label
    code, score = m.groups()
    if code[:2] not in gaz.province_names:
        return label
    return f"{code} {place_name(gaz, code, 'en')} ({score})"


def code_of(label: str) -> str | None:
    """The code at the start of a suggestion's label."""
    m = re.match(r"\s*(\d{2,6})\s", str(label or ""))
    return m.group(1) if m else None
