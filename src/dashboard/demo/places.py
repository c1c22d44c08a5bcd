"""Places for the demo sheets: the target register drawn from geothai, and names written by hand.

`Geo` also holds a small resolver that follows docs/normalization.md's place rules. The generator
uses it only to check itself: every place it writes for an accepted row must resolve to the
intended tambon, and every place written to be bad must fail for the intended reason.
"""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass

import geothai
from geothai import normalize as norm

from dashboard.config import Config

# Short forms geothai itself reads (geothai._areas), besides the configured aliases.
_GEOTHAI_PROVINCE_SHORT = {"กทม": "10", "กรุงเทพ": "10", "อยุธยา": "14", "ayutthaya": "14"}
# Spellings of the capital district that geothai and the rules read as XX01.
_CAPITAL_WORDS = ("เมือง", "อ.เมือง", "อำเภอเมือง", "Mueang")
# Province 14's capital is พระนครศรีอยุธยา, not เมือง…: the demo writes it in full there.
_NO_MUEANG = {"10", "14"}


@dataclass(frozen=True, slots=True)
class Tambon:
    code: str
    name_th: str
    name_en: str

    @property
    def district(self) -> str:
        return self.code[:4]

    @property
    def province(self) -> str:
        return self.code[:2]


@dataclass(frozen=True, slots=True)
class Target:
    """One register tambon: its pair, its type and its partner."""

    pair_id: str
    kind: str  # "older" | "younger"
    tambon: Tambon
    partner: Tambon


class Geo:
    """DOPA codes and names from geothai, indexed the way the reading rules look them up."""

    def __init__(self, cfg: Config) -> None:
        excluded = set(cfg.excluded_provinces)
        self.province = {p.code: p for p in geothai.provinces()}
        self.programme = [c for c in sorted(self.province) if c not in excluded]
        self.district = {}
        self.districts_of: dict[str, list[str]] = {}
        self.tambons_of_district: dict[str, list[Tambon]] = {}
        self.tambons_of_province: dict[str, list[Tambon]] = defaultdict(list)
        for pcode in sorted(self.province):
            self.districts_of[pcode] = []
            for d in geothai.districts(pcode):
                self.district[d.code] = d
                self.districts_of[pcode].append(d.code)
                tambons = [Tambon(s.code, s.name_th, s.name_en) for s in geothai.subdistricts(d.code)]
                self.tambons_of_district[d.code] = tambons
                self.tambons_of_province[pcode].extend(tambons)

        self._checked: set[tuple[str, str, str]] = set()
        # Lookup tables: normalized name -> codes.
        self._prov: dict[str, set[str]] = defaultdict(set)
        for p in self.province.values():
            self._prov[norm(p.name_th)].add(p.code)
            self._prov[norm(p.name_en)].add(p.code)
        for key, code in (*_GEOTHAI_PROVINCE_SHORT.items(), *cfg.province_aliases.items()):
            self._prov[norm(key)].add(code)
        self.aliases_of: dict[str, list[str]] = defaultdict(list)
        for key, code in sorted(cfg.province_aliases.items()):
            self.aliases_of[code].append(key)
        self.aliases_of["14"].append("อยุธยา")

        self._dist: dict[str, dict[str, set[str]]] = {}
        self._tam_d: dict[str, dict[str, set[str]]] = {}
        self._tam_p: dict[str, dict[str, set[str]]] = {}
        for pcode, dcodes in self.districts_of.items():
            dist = self._dist[pcode] = defaultdict(set)
            tam_p = self._tam_p[pcode] = defaultdict(set)
            for dcode in dcodes:
                d = self.district[dcode]
                dist[norm(d.name_th)].add(dcode)
                dist[norm(d.name_en)].add(dcode)
                if dcode.endswith("01") and pcode != "10":
                    dist["เมือง"].add(dcode)
                    dist["mueang"].add(dcode)
                tam_d = self._tam_d[dcode] = defaultdict(set)
                for t in self.tambons_of_district[dcode]:
                    for key in (norm(t.name_th), norm(t.name_en)):
                        tam_d[key].add(t.code)
                        tam_p[key].add(t.code)

    # -- the resolver (self-checks only) ------------------------------------------------------

    def province_code(self, text: str) -> str | None:
        """The one province a name means, or None."""
        codes = self._prov.get(norm(text), ())
        return next(iter(codes)) if len(codes) == 1 else None

    def resolve_province(self, province: str) -> tuple[str, str | None]:
        """(outcome, code) for a province answer; Bangkok is outside the programme."""
        if not province.strip():
            return "missing_value", None
        pcode = self.province_code(province)
        if pcode is None:
            return "unknown_place", None
        return ("ok" if pcode in self.programme else "unknown_place"), pcode

    def resolve(self, province: str, district: str, tambon: str | None) -> tuple[str, str | None, str | None]:
        """(outcome, province code, code) for a written place, by docs/normalization.md.

        `tambon=None` resolves to a district (form 4). Outcome is "ok" or a quarantine reason.
        """
        outcome, pcode = self.resolve_province(province)
        if outcome != "ok":
            return outcome, pcode, None
        if tambon is None:
            if not district.strip():
                return "missing_value", pcode, None
            return self._one(self._dist[pcode].get(norm(district), ()), pcode)
        if not tambon.strip():
            return "missing_value", pcode, None
        if not district.strip():
            return self._one(self._tam_p[pcode].get(norm(tambon), ()), pcode)
        dcodes = self._dist[pcode].get(norm(district), ())
        if len(dcodes) != 1:
            return self._one(dcodes, pcode)
        return self._one(self._tam_d[next(iter(dcodes))].get(norm(tambon), ()), pcode)

    @staticmethod
    def _one(codes, pcode: str) -> tuple[str, str | None, str | None]:
        if not codes:
            return "unknown_place", pcode, None
        if len(codes) > 1:
            return "ambiguous_place", pcode, None
        return "ok", pcode, next(iter(codes))

    def unique_in_province(self, t: Tambon) -> bool:
        return len(self._tam_p[t.province].get(norm(t.name_th), ())) == 1

    def english_ok(self, t: Tambon) -> bool:
        return len(self._tam_d[t.district].get(norm(t.name_en), ())) == 1

    def same_name_elsewhere(self, pcode: str) -> list[Tambon]:
        """Tambons whose Thai name another tambon of the province shares (blank district: ambiguous)."""
        return [t for t in self.tambons_of_province[pcode] if not self.unique_in_province(t)]

    # -- writing names ------------------------------------------------------------------------

    def province_text(self, rng: random.Random, pcode: str) -> str:
        p = self.province[pcode]
        r = rng.random()
        if r < 0.72:
            return p.name_th
        if r < 0.82:
            return "จ." + p.name_th
        if r < 0.86:
            return rng.choice(("จังหวัด", "จังหวัด ", "จ. ")) + p.name_th
        if r < 0.90:
            return f" {p.name_th}  "
        if r < 0.94:
            return p.name_en
        aliases = self.aliases_of.get(pcode)
        return rng.choice(aliases) if aliases else p.name_th

    def district_text(self, rng: random.Random, dcode: str) -> str:
        d = self.district[dcode]
        if dcode.endswith("01") and d.province_code not in _NO_MUEANG and rng.random() < 0.45:
            return rng.choice(_CAPITAL_WORDS)
        r = rng.random()
        if r < 0.70:
            return d.name_th
        if r < 0.82:
            return "อ." + d.name_th
        if r < 0.88:
            return rng.choice(("อำเภอ", "อำเภอ ", "อ. ")) + d.name_th
        if r < 0.94 and len(self._dist[d.province_code][norm(d.name_en)]) == 1:
            return d.name_en
        return d.name_th + " "

    def tambon_text(self, rng: random.Random, t: Tambon) -> str:
        r = rng.random()
        if r < 0.75:
            text = t.name_th
        elif r < 0.87:
            text = "ต." + t.name_th
        elif r < 0.93:
            text = rng.choice(("ตำบล", "ตำบล ")) + t.name_th
        elif r < 0.96 and self.english_ok(t):
            return t.name_en
        else:
            text = f"  {t.name_th} "
        # A name such as จ.ป.ร. loses its first letters to a prefix-stripper: write it bare.
        return text if norm(text) == norm(t.name_th) else t.name_th

    def place(self, rng: random.Random, t: Tambon) -> tuple[str, str, str]:
        """(province, district, tambon) for an accepted row; checked to resolve to `t`."""
        tambon = self.tambon_text(rng, t)
        if rng.random() < 0.02 and self.unique_in_province(t) and tambon != t.name_en:
            district = ""  # left blank: the tambon's name is unique in its province
        else:
            district = self.district_text(rng, t.district)
        province = self.province_text(rng, t.province)
        written = (province, district, tambon)
        if written not in self._checked:  # the same spellings recur: check each once
            outcome, _, code = self.resolve(*written)
            assert outcome == "ok" and code == t.code, (written, t)
            self._checked.add(written)
        return written

    def register_place(self, rng: random.Random, t: Tambon) -> tuple[str, str, str]:
        """The register is typed by the department: plain names, a prefix now and then."""
        p, d = self.province[t.province], self.district[t.district]
        province = p.name_th if rng.random() < 0.9 else "จ." + p.name_th
        district = d.name_th if rng.random() < 0.88 else "อ." + d.name_th
        tambon = t.name_th if rng.random() < 0.95 or norm("ต." + t.name_th) != norm(t.name_th) else "ต." + t.name_th
        assert self.resolve(province, district, tambon)[2] == t.code
        return province, district, tambon

    # -- places written wrong ------------------------------------------------------------------

    def unknown_place(self, rng: random.Random, t: Tambon) -> tuple[str, str, str]:
        """A place for `t` that resolves to no code: a typo, a contradictory district, Bangkok."""
        kind = rng.random()
        province = self.province_text(rng, t.province)
        district = self.district[t.district].name_th
        tries: list[tuple[str, str, str]] = []
        if kind < 0.35:
            p = self.province[t.province].name_th
            tries += [(p[:-1], district, t.name_th), (p + "ร", district, t.name_th)]
        elif kind < 0.6:
            others = [c for c in self.districts_of[t.province] if c != t.district]
            rng.shuffle(others)
            tries += [(province, self.district[c].name_th, t.name_th) for c in others[:4]]
        elif kind < 0.9:
            tries += [(province, district, t.name_th + suffix) for suffix in ("ใหม่", "เหนือ", "ใต้", "พัฒนา")]
            tries.append((province, district, t.name_th[:-1]))
        # Bangkok is outside the programme; also the fallback when nothing above fails cleanly.
        bkk = rng.choice(self.tambons_of_province["10"])
        tries.append((rng.choice(("กรุงเทพมหานคร", "กทม.", "กรุงเทพฯ")), self.district[bkk.district].name_th, bkk.name_th))
        for row in tries:
            if self.resolve(*row)[0] == "unknown_place":
                return row
        raise AssertionError(f"no unknown place for {t}")  # pragma: no cover - Bangkok always fails

    def unknown_district(self, rng: random.Random, pcode: str) -> tuple[str, str]:
        """(province, district) for form 4 that resolves to no district of the province."""
        tries = []
        kind = rng.random()
        if kind < 0.5:
            other = rng.choice([c for c in self.programme if c != pcode])
            tries += [(self.province_text(rng, pcode), self.district[d].name_th) for d in self.districts_of[other][:3]]
        elif kind < 0.8:
            d = self.district[rng.choice(self.districts_of[pcode])]
            tries.append((self.province_text(rng, pcode), d.name_th + "ใหม่"))
        bkk = self.district[rng.choice(self.districts_of["10"])]
        tries.append(("กรุงเทพมหานคร", bkk.name_th))
        for row in tries:
            if self.resolve(row[0], row[1], None)[0] == "unknown_place":
                return row
        raise AssertionError(f"no unknown district in {pcode}")  # pragma: no cover

    def typo_province(self, rng: random.Random, pcode: str) -> str:
        name = self.province[pcode].name_th
        for text in (name[:-1], name + "ร", "จ." + name[1:]):
            if self.province_code(text) is None:
                return text
        return "ไม่ระบุจังหวัด"


def build_register(rng: random.Random, geo: Geo, pairs: int) -> list[Target]:
    """`pairs` pairs of tambons, spread over the provinces by their tambon counts.

    Both tambons of a pair are in one province, mostly in different districts. When `pairs`
    asks for every tambon outside Bangkok (7,256 in geothai: scale ≥ 3.63), every tambon is
    used; a province with an odd count then leaves one tambon over, and those left-overs are
    paired across provinces in code order, the only pairs that span two provinces.
    """
    sizes = {p: len(geo.tambons_of_province[p]) for p in geo.programme}
    total = sum(sizes.values())
    use_all = 2 * pairs >= total
    if use_all:
        quota = {p: n // 2 for p, n in sizes.items()}
    else:
        # Largest remainder, capped at half the province's tambons.
        exact = {p: pairs * n / total for p, n in sizes.items()}
        quota = {p: min(int(x), sizes[p] // 2) for p, x in exact.items()}
        order = sorted(geo.programme, key=lambda p: (-(exact[p] - int(exact[p])), p))
        while sum(quota.values()) < pairs:
            for p in order:
                if sum(quota.values()) >= pairs:
                    break
                if quota[p] < sizes[p] // 2:
                    quota[p] += 1

    couples: list[tuple[Tambon, Tambon]] = []
    leftovers: list[Tambon] = []
    for p in geo.programme:
        pool = list(geo.tambons_of_province[p]) if use_all else rng.sample(geo.tambons_of_province[p], 2 * quota[p])
        rng.shuffle(pool)
        while len(pool) >= 2:
            a = pool.pop()
            apart = [t for t in pool if t.district != a.district] if rng.random() < 0.88 else []
            b = rng.choice(apart or pool)
            pool.remove(b)
            couples.append((a, b) if rng.random() < 0.5 else (b, a))
        leftovers.extend(pool)
    couples.extend(zip(leftovers[0::2], leftovers[1::2]))
    couples.sort(key=lambda c: (c[0].province, min(c[0].code, c[1].code)))

    register: list[Target] = []
    for i, (older, younger) in enumerate(couples, start=1):
        pid = f"P{i:04d}"
        register.append(Target(pid, "older", older, younger))
        register.append(Target(pid, "younger", younger, older))
    return register
