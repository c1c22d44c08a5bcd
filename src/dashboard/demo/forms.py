"""The six demo sheets, row by row, each row kept with the Record of what it really is.

Each builder writes good rows first (with resubmissions: the earlier row of a key becomes a
duplicate), then adds deliberately bad rows, each with exactly one problem so that its
quarantine reason is unambiguous. Sheets are sorted by submission time, as Google Forms
appends them.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import cache
from itertools import accumulate

from dashboard.config import PHASES, Config, fold_choice

from . import names, values
from .places import Geo, Tambon, Target
from .truth import Record

# Header drift seen in real sheets: a trailing space, a trailing colon (matched after folding).
HEADER_DRIFT = {"2.1": {"reporter": "ชื่อผู้รายงาน "}, "4": {"score": "คะแนนรวม (เต็ม 100):"}}

# Answers that match no spelling of their choice list (bad_value).
BAD_CHOICES = {
    "gender": ("นาย", "นาง", "ชาย/หญิง"),
    "tambon_type": ("บ้านพี่เมืองน้อง", "ตำบลเป้าหมาย", "คู่พัฒนา"),
    "action_plan": ("กำลังจัดทำ", "อยู่ระหว่างดำเนินการ"),
    "self_reliance_activity": ("กำลังดำเนินการ", "บางส่วน"),
    "seeds_received": ("รอรับ", "บางส่วน"),
    "phase": ("ระยะที่ 4", "ทั้งสามระยะ", "เข้าใจ เข้าถึง"),
    "shared_on_line": ("แชร์บางกลุ่ม", "รอแชร์"),
    "grade": ("E", "ดีพอใช้", "ผ่าน"),
}
_GRADE_LETTER = re.compile(r"^[a-d][ (]")
_PHASE_NO = {"understand": 1, "reach": 2, "develop": 3}
_GRADE_TH = {"A": "ดีเยี่ยม", "B": "ดีมาก", "C": "ปานกลาง", "D": "ปรับปรุง"}
_TYPE_TH = {"older": ("ตำบลบ้านพี่", "บ้านพี่"), "younger": ("ตำบลเมืองน้อง", "เมืองน้อง")}


def _reason(kind: str) -> str:
    if kind in ("unknown_place", "ambiguous_place", "bad_link", "not_in_register"):
        return kind
    if kind.startswith("blank:"):
        return "missing_value"
    if kind.startswith(("negative:", "over:")):
        return "inconsistent"
    return "bad_value"  # bad_date, bad_count:*, bad_choice:*


@dataclass
class Context:
    rng: random.Random
    geo: Geo
    cfg: Config
    scale: float
    register: list[Target]
    outside: list[Tambon]  # programme tambons not in the register
    per_tambon: int  # leaders a tambon sends at this scale
    silent: frozenset[str] = frozenset()  # register tambons that never report at all
    _twins: dict[str, list[Tambon]] = field(default_factory=dict)

    def window(self, key: str, late: bool, before: int, after: int) -> datetime:
        """A submission time: within `before` days up to the deadline, or up to `after` days late."""
        deadline = self.cfg.deadlines[key]
        if late:
            return values.moment(self.rng, deadline + timedelta(days=1), deadline + timedelta(days=after))
        return values.moment(self.rng, deadline - timedelta(days=before), deadline)

    def resubmissions(self, when: datetime, key: str, p: float, p_late_fix: float) -> list[datetime]:
        """The times a unit's answer is sent: once, or again later (a correction), sometimes
        corrected after the deadline though first sent on time."""
        times = [when]
        if self.rng.random() < p:
            times.append(values.later(self.rng, when, 12))
        deadline = self.cfg.deadlines[key]
        if when.date() <= deadline and self.rng.random() < p_late_fix:
            times.append(values.moment(self.rng, deadline + timedelta(days=1), deadline + timedelta(days=12)))
        return sorted(set(times))

    def twin(self, t: Tambon) -> Tambon:
        """A tambon written with a blank district that is ambiguous: `t` itself when its name is
        shared in its province, else one that is."""
        if not self.geo.unique_in_province(t):
            return t
        if not self._twins:
            for p in self.geo.programme:
                self._twins[p] = self.geo.same_name_elsewhere(p)
        pool = self._twins[t.province] or [x for p in self.geo.programme for x in self._twins[p]]
        return self.rng.choice(pool)

    def choice(self, name: str, text: str, good: bool = True) -> str:
        """Check that an answer reads (or, for a bad one, does not) under the configuration."""
        folded = fold_choice(text)
        reads = folded in self.cfg.choices[name] or (name == "grade" and bool(_GRADE_LETTER.match(folded)))
        assert reads == good, (name, text)
        return text

    def bad_choice(self, list_name: str, field_name: str) -> str:
        return self.choice(list_name, self.rng.choice(BAD_CHOICES[field_name]), good=False)


class Sheet:
    """Rows of one source with their records, sorted by time when finished."""

    def __init__(self, cfg: Config, sid: str) -> None:
        spec = cfg.sources[sid]
        self.fields = list(spec.columns)
        drift = HEADER_DRIFT.get(sid, {})
        self.header = [drift.get(f, spec.columns[f]) for f in self.fields]
        self._entries: list[tuple[datetime, int, dict[str, str], Record]] = []

    def add(self, when: datetime, cells: dict[str, str], rec: Record) -> None:
        self._entries.append((when, len(self._entries), cells, rec))

    def finish(self) -> tuple[list[list[str]], list[Record]]:
        entries = sorted(self._entries, key=lambda e: (e[0], e[1]))
        rows = [self.header] + [[e[2].get(f, "") for f in self.fields] for e in entries]
        return rows, [e[3] for e in entries]


def _person_name(rng: random.Random) -> str:
    female = rng.random() < 0.5
    title = rng.choice(("นาง", "นางสาว")) if female else "นาย"
    first = rng.choice(names.FEMALE_FIRST if female else names.MALE_FIRST)
    return f"{title}{first} {rng.choice(names.LAST)}"


def _type_text(rng: random.Random, kind: str) -> str:
    r = rng.random()
    return _TYPE_TH[kind][0] if r < 0.86 else _TYPE_TH[kind][1] if r < 0.95 else ""


def _spoil(ctx: Context, kind: str, cells: dict[str, str], rec: Record, t: Tambon | None, when: datetime) -> None:
    """Give a copy of a good row exactly one problem, `kind`, and record its reason and place.

    `t` is the row's tambon (forms 1.1, 2.1, 2.2); `rec.province` is its province on entry.
    """
    rng, geo = ctx.rng, ctx.geo
    rec.reason, rec.key, rec.intended = _reason(kind), None, "quarantined"
    if kind == "unknown_place":
        if "tambon" in cells:
            cells["province"], cells["district"], cells["tambon"] = geo.unknown_place(rng, t)
        elif "district" in cells:  # form 4
            cells["province"], cells["district"] = geo.unknown_district(rng, rec.province)
        else:  # form 3: a province only
            cells["province"] = geo.typo_province(rng, rec.province) if rng.random() < 0.7 else "กรุงเทพมหานคร"
    elif kind == "ambiguous_place":
        twin = ctx.twin(t)
        cells["province"], cells["district"], cells["tambon"] = geo.province_text(rng, twin.province), "", twin.name_th
    elif kind == "bad_date":
        cells["submitted_at"] = values.bad_timestamp(rng, when)
    elif kind.startswith("blank:"):
        cells[kind[6:]] = ""
    elif kind == "bad_count:score":  # a score may hold a decimal: only words fail to read
        cells["score"] = rng.choice(("แปดสิบห้า", "เก้าสิบ", "ไม่ทราบ"))
    elif kind.startswith("bad_count:"):
        cells[kind[10:]] = values.bad_count(rng, 15)
    elif kind.startswith("negative:"):
        cells[kind[9:]] = f"-{rng.randint(5, 400)}"
    elif kind.startswith("bad_choice:"):
        name, _, list_name = kind[11:].partition("/")
        cells[name] = ctx.bad_choice(list_name or name, name)
    elif kind == "bad_link":
        cells["youtube_url"] = values.bad_link(rng, f"cdd.{rng.randint(1, 99)}")
    elif not kind.startswith("over:"):  # over:* is set by the caller
        raise ValueError(kind)
    if kind in ("bad_date", "blank:submitted_at"):
        rec.ts = None

    # The row counts under the province its province answer names, even when its district or
    # tambon cannot be resolved (a province's staff see the rows they must fix); a row whose
    # province answer is blank or unknown belongs to no province. Check the place fails (or
    # holds) the way the defect means it to.
    if "province" not in cells:
        return
    if "district" not in cells:  # form 3 names a province only
        outcome, pcode = geo.resolve_province(cells["province"])
    else:
        outcome, pcode, _ = geo.resolve(cells["province"], cells["district"], cells.get("tambon"))
    rec.province = pcode
    if kind in ("unknown_place", "ambiguous_place"):
        assert outcome == kind, (kind, cells)
    elif kind in ("blank:province", "blank:tambon", "blank:district"):
        assert outcome == "missing_value", (kind, cells)
    else:
        assert outcome == "ok", (kind, cells)


@cache
def _cumulative(weighted: tuple[tuple[str, int], ...]) -> tuple[tuple[str, ...], list[int]]:
    kinds, weights = zip(*weighted)
    return kinds, list(accumulate(weights))


def _pick(rng: random.Random, weighted: tuple[tuple[str, int], ...]) -> str:
    kinds, cumulative = _cumulative(weighted)
    return rng.choices(kinds, cum_weights=cumulative)[0]


# ---------------------------------------------------------------------------------------------


def register_sheet(ctx: Context) -> tuple[list[list[str]], list[Record]]:
    sheet = Sheet(ctx.cfg, "register")
    for target in ctx.register:
        t = target.tambon
        province, district, tambon = ctx.geo.register_place(ctx.rng, t)
        code = t.code if ctx.rng.random() < 0.95 else ""  # a blank code is resolved from the names
        cells = {
            "pair_id": target.pair_id,
            "tambon_type": _TYPE_TH[target.kind][0],
            "province": province,
            "district": district,
            "tambon": tambon,
            "tambon_code": code,
        }
        sheet.add(datetime.min, cells, Record(None, key=t.code, province=t.province, unit=target.kind))
    return sheet.finish()


_LEADER_DEFECTS = (
    ("unknown_place", 25), ("ambiguous_place", 5), ("bad_date", 4), ("bad_choice:gender", 9),
    ("bad_count:age", 8), ("bad_choice:tambon_type", 6), ("negative:age", 3), ("blank:first_name", 9),
    ("blank:last_name", 10), ("blank:tambon", 5), ("blank:province", 3), ("blank:submitted_at", 4),
)


def leaders_sheet(ctx: Context) -> tuple[list[list[str]], list[Record]]:
    """Form 1.1: most tambons send their 15 leaders, some fewer or more, some none."""
    rng, geo = ctx.rng, ctx.geo
    sheet = Sheet(ctx.cfg, "1.1")
    ids: set[str] = set()
    deadline = ctx.cfg.deadlines["1.1"]
    per = ctx.per_tambon
    spread = max(1, per // 3)

    def person(t: Tambon, kind: str, taken: set) -> dict:
        while True:
            female = rng.random() < 0.56
            first = rng.choice(names.FEMALE_FIRST if female else names.MALE_FIRST)
            last = rng.choice(names.LAST)
            if (first, last) not in taken:
                taken.add((first, last))
                break
        while (nid := values.national_id(rng)) in ids:
            pass
        ids.add(nid)
        if rng.random() < 0.02:
            title = rng.choice(names.OTHER_TITLES)
        else:
            title = rng.choice(("นาง", "นาง", "นางสาว")) if female else "นาย"
        valid = rng.random() >= 0.035
        r = rng.random()
        gender = ("หญิง" if female else "ชาย") if r < 0.96 else ("ญ" if female else "ช") if r < 0.99 else "ไม่ระบุ"
        role = names.FREE_ROLES if rng.random() < 0.03 else None
        return {
            "tambon_type": _type_text(rng, kind),
            "title": title,
            "first_name": first,
            "last_name": last,
            "national_id": values.write_id(rng, nid) if valid else values.broken_id(rng, nid),
            "age": values.count(rng, rng.randint(24, 72), "ปี"),
            "gender": ctx.choice("gender", gender),
            "role": rng.choice(role) if role else _pick(rng, names.ROLES),
            "phone": values.phone(rng),
            "_key": ("id", nid) if valid else ("name", t.code, first, last),
        }

    def emit(t: Tambon, when: datetime, data: dict, rec: Record) -> dict:
        province, district, tambon = geo.place(rng, t)
        cells = {k: v for k, v in data.items() if not k.startswith("_")}
        cells.update(submitted_at=values.timestamp(rng, when), province=province, district=district, tambon=tambon)
        sheet.add(when, cells, rec)
        return cells

    def defect(t: Tambon, when: datetime, cells: dict) -> None:
        bad_when = values.near(rng, when, 2)
        cells = dict(cells, submitted_at=values.timestamp(rng, bad_when))
        rec = Record(bad_when, province=t.province, unit=t.code)
        _spoil(ctx, _pick(rng, _LEADER_DEFECTS), cells, rec, t, bad_when)
        sheet.add(bad_when, cells, rec)

    for target in ctx.register:
        t = target.tambon
        if t.code in ctx.silent or rng.random() < 0.03:
            continue  # sends no one
        r = rng.random()
        n = per - rng.randint(1, spread) if r < 0.12 else per + rng.randint(1, spread) if r < 0.22 else per
        start = ctx.window("1.1", rng.random() < 0.1, 36, 23)
        taken: set = set()
        fix_first = start.date() <= deadline and rng.random() < 0.03
        for i in range(n):
            data = person(t, target.kind, taken)
            when = start if i == 0 else values.later(rng, start, 3)
            times = [when]
            if rng.random() < 0.012 or (i == 0 and fix_first):
                later = ctx.window("1.1", True, 0, 12) if i == 0 and fix_first else values.later(rng, when, 10)
                times.append(later)
            for j, at in enumerate(times):
                last = j == len(times) - 1
                rec = Record(at, key=data["_key"], province=t.province, unit=t.code, intended="used" if last else "duplicate")
                cells = emit(t, at, data, rec)
                if not last:
                    data = {**data, "phone": values.phone(rng)}  # what a correction usually fixes
            if rng.random() < 0.01:
                defect(t, when, cells)

    # Tambons outside the register that sent leaders anyway.
    for t in rng.sample(ctx.outside, min(len(ctx.outside), round(2 * ctx.scale))):
        start = ctx.window("1.1", False, 20, 0)
        taken = set()
        for _ in range(rng.randint(4, 15)):
            when = values.later(rng, start, 2)
            data = person(t, rng.choice(("older", "younger")), taken)
            emit(t, when, data, Record(when, reason="not_in_register", province=t.province, unit=t.code, intended="quarantined"))

    # A tambon named by an English name two tambons of its district share (ฝาง: Mae Kha).
    if "50" in geo.programme:
        t = next(x for x in geo.tambons_of_district["5009"] if x.name_en == "Mae Kha")
        when = ctx.window("1.1", False, 20, 0)
        cells = {k: v for k, v in person(t, "older", set()).items() if not k.startswith("_")}
        cells.update(submitted_at=values.timestamp(rng, when), province="เชียงใหม่", district="อ.ฝาง", tambon="Mae Kha")
        assert geo.resolve("เชียงใหม่", "อ.ฝาง", "Mae Kha")[0] == "ambiguous_place"
        sheet.add(when, cells, Record(when, reason="ambiguous_place", province="50", intended="quarantined"))
    return sheet.finish()


_BEFORE_DEFECTS = (
    ("unknown_place", 20), ("ambiguous_place", 6), ("negative:households", 10), ("negative:food_cabinets", 6),
    ("bad_count:villages", 10), ("bad_count:leaders", 8), ("bad_choice:action_plan/yes_no", 8), ("bad_date", 4),
    ("blank:tambon", 8), ("blank:province", 6), ("blank:submitted_at", 4),
)
_RESULT_DEFECTS = (
    ("unknown_place", 15), ("ambiguous_place", 5), ("over:leaders_driving", 22), ("negative:sharing_households", 8),
    ("bad_count:leaders_developed", 8), ("bad_choice:self_reliance_activity/yes_no", 8),
    ("bad_choice:seeds_received/yes_no", 5), ("bad_date", 4), ("blank:leaders_driving", 10),
    ("blank:leaders_developed", 6), ("blank:tambon", 6), ("blank:submitted_at", 3),
)


def _tambon_sheet(ctx: Context, sid: str) -> tuple[list[list[str]], list[Record]]:
    """Forms 2.1 and 2.2: one answer per register tambon, some corrected, some missing."""
    rng, geo = ctx.rng, ctx.geo
    sheet = Sheet(ctx.cfg, sid)
    before = sid == "2.1"
    missing, late, span, overdue = (0.06, 0.1, 29, 20) if before else (0.09, 0.12, 30, 15)
    defects = _BEFORE_DEFECTS if before else _RESULT_DEFECTS
    per = ctx.per_tambon

    def answer(target: Target, t: Tambon) -> tuple[dict, object]:
        villages = rng.randint(4, 22)
        households = villages * rng.randint(70, 180)
        cells = {"tambon_type": _type_text(rng, target.kind) if target else "ตำบลบ้านพี่"}
        cells["reporter"] = _person_name(rng)
        cells["reporter_phone"] = values.phone(rng)
        cells["medicine_cabinets"] = values.count(rng, rng.randint(15, min(households, 400)), "ครัวเรือน")
        cells["food_cabinets"] = values.count(rng, rng.randint(15, min(households, 400)), "ครัวเรือน")
        if before:
            partner = target.partner if target else rng.choice(ctx.geo.tambons_of_province[t.province])
            cells.update(
                partner_tambon=rng.choice(("", "ต.")) + partner.name_th,
                partner_district=geo.district[partner.district].name_th,
                villages=values.count(rng, villages, "หมู่บ้าน"),
                households=values.count(rng, households, "ครัวเรือน"),
                leaders=values.count(rng, per, "คน"),
                action_plan=ctx.choice("yes_no", rng.choice(("ใช่",) * 7 + ("จัดทำแล้ว", "ยังไม่ได้จัดทำ", "ยังไม่ได้จัดทำ"))),
            )
            return cells, None
        developed = per if rng.random() < 0.75 else rng.randint(max(1, per - 4), per)
        driving = min(developed, round(developed * rng.uniform(0.55, 1.0)))
        activity = rng.random() < 0.86

        def yes_no(yes: str, no: str, p: float) -> str:
            return ctx.choice("yes_no", yes if rng.random() < p else no)

        cells.update(
            leaders_developed=values.count(rng, developed, "คน"),
            leaders_driving=values.count(rng, driving, "คน"),
            sharing_households=values.count(rng, rng.randint(20, min(households, 600)), "ครัวเรือน"),
            lockdown_worksheet=yes_no("ทำแล้ว", "ยังไม่ได้ทำ", 0.9),
            swot=yes_no("ทำแล้ว", "ยังไม่ได้ทำ", 0.88),
            seeds_received=yes_no(rng.choice(("ได้รับ", "ได้รับแล้ว")), "ยังไม่ได้รับ", 0.85),
            self_reliance_activity=ctx.choice("yes_no", ("มี" if activity else "ไม่มี") + rng.choice(("", "", "", " "))),
        )
        return cells, (developed, driving, activity)

    def build(target: Target | None, t: Tambon, when: datetime) -> tuple[dict, object]:
        cells, value = answer(target, t)
        province, district, tambon = geo.place(rng, t)
        cells.update(submitted_at=values.timestamp(rng, when), province=province, district=district, tambon=tambon)
        return cells, value

    def row(target: Target | None, t: Tambon, when: datetime, rec: Record) -> dict:
        cells, rec.value = build(target, t, when)
        sheet.add(when, cells, rec)
        return cells

    def defect(t: Tambon, when: datetime, cells: dict) -> None:
        bad_when = values.near(rng, when, 3)
        cells = dict(cells, submitted_at=values.timestamp(rng, bad_when))
        rec = Record(bad_when, province=t.province, unit=t.code)
        kind = _pick(rng, defects)
        if kind == "over:leaders_driving":  # more leaders driving the work than were developed
            developed = rng.randint(max(1, per - 5), per)
            cells["leaders_developed"] = str(developed)
            cells["leaders_driving"] = str(developed + rng.randint(1, 5))
        _spoil(ctx, kind, cells, rec, t, bad_when)
        sheet.add(bad_when, cells, rec)

    for target in ctx.register:
        t = target.tambon
        if t.code in ctx.silent:
            continue
        first = ctx.window(sid, rng.random() < late, span, overdue)
        if rng.random() < missing:
            if rng.random() < 0.15:  # its only answer was unusable
                defect(t, first, build(target, t, first)[0])
            continue
        times = ctx.resubmissions(first, sid, 0.04, 0.03)
        for j, when in enumerate(times):
            last = j == len(times) - 1
            rec = Record(when, key=t.code, province=t.province, unit=t.code, intended="used" if last else "duplicate")
            cells = row(target, t, when, rec)
        if rng.random() < 0.02:
            defect(t, first, cells)

    for t in rng.sample(ctx.outside, min(len(ctx.outside), round(2 * ctx.scale))):
        when = ctx.window(sid, False, span, 0)
        row(None, t, when, Record(when, reason="not_in_register", province=t.province, unit=t.code, intended="quarantined"))
    return sheet.finish()


def before_sheet(ctx: Context) -> tuple[list[list[str]], list[Record]]:
    return _tambon_sheet(ctx, "2.1")


def results_sheet(ctx: Context) -> tuple[list[list[str]], list[Record]]:
    return _tambon_sheet(ctx, "2.2")


_CLIP_DEFECTS = (
    ("bad_link", 45), ("unknown_place", 12), ("bad_choice:phase", 8), ("bad_choice:shared_on_line/yes_no", 6),
    ("bad_date", 4), ("blank:youtube_url", 12), ("blank:phase", 6), ("blank:province", 3),
)
# (days before the phase deadline a clip may come, days after it a late one may)
_CLIP_WINDOWS = {"understand": (34, 16), "reach": (21, 15), "develop": (23, 15)}


def clips_sheet(ctx: Context) -> tuple[list[list[str]], list[Record]]:
    """Form 3: each province's clips for each phase, most within the phase's deadline."""
    rng, geo = ctx.rng, ctx.geo
    sheet = Sheet(ctx.cfg, "3")
    videos: set[str] = set()
    places = {}
    for target in ctx.register:
        places.setdefault(target.tambon.province, []).append(target.tambon)

    def new_video() -> str:
        while (vid := values.video_id(rng)) in videos:
            pass
        videos.add(vid)
        return vid

    def phase_text(phase: str) -> str:
        th = names.PHASE_TH[phase]
        r = rng.random()
        text = th if r < 0.7 else "ระยะ" + th if r < 0.82 else f"ระยะที่ {_PHASE_NO[phase]} {th}" if r < 0.94 else th + " "
        return ctx.choice("phase", text)

    def clip(pcode: str, phase: str, vid: str, when: datetime) -> tuple[dict, bool]:
        r = rng.random()
        if r < 0.86:
            seconds = 5 * rng.randint(9, 36)  # 45 s to 3 min
        elif r < 0.96:
            seconds = 5 * rng.randint(37, 66)  # over 3 minutes
        else:
            seconds = None  # blank or unreadable: length unknown, not over length
        where = rng.choice(places.get(pcode) or geo.tambons_of_province[pcode])
        page = "cdd." + geo.province[pcode].name_en.lower().replace(" ", "")
        facebook = f"https://www.facebook.com/{page}/videos/{rng.randint(10**14, 10**15 - 1)}"
        cells = {
            "submitted_at": values.timestamp(rng, when),
            "province": geo.province_text(rng, pcode),
            "phase": phase_text(phase),
            "title": f"{rng.choice(names.CLIP_TOPICS)} ต.{where.name_th} จ.{geo.province[pcode].name_th}",
            "youtube_url": values.youtube_link(rng, vid),
            "duration": values.duration(rng, seconds) if seconds else rng.choice(("", "", "ไม่ทราบ")),
            "facebook_url": facebook if rng.random() < 0.4 else "",
            "shared_on_line": ctx.choice("yes_no", rng.choice(("ใช่",) * 8 + ("ไม่ใช่",))) if rng.random() < 0.95 else "",
        }
        return cells, bool(seconds and seconds > 180)

    for pcode in geo.programme:
        for phase in PHASES:
            key = f"3.{phase}"
            before, after = _CLIP_WINDOWS[phase]
            first = ctx.window(key, rng.random() < 0.1, before, after)
            if rng.random() < 0.06:
                continue  # no clip for this phase
            r = rng.random()
            n = max(1, round((1 + (r < 0.45) + (r < 0.15)) * ctx.scale))
            for i in range(n):
                when = first if i == 0 else values.later(rng, first, 10)
                vid = new_video()
                times = ctx.resubmissions(when, key, 0.03, 0.0)
                for j, at in enumerate(times):
                    last = j == len(times) - 1
                    cells, over = clip(pcode, phase, vid, at)
                    rec = Record(at, key=vid, province=pcode, unit=(pcode, phase), value=over)
                    rec.intended = "used" if last else "duplicate"
                    sheet.add(at, cells, rec)
                if rng.random() < 0.06:
                    bad_when = values.near(rng, when, 1)
                    cells, _ = clip(pcode, phase, new_video(), bad_when)
                    rec = Record(bad_when, province=pcode, unit=(pcode, phase))
                    _spoil(ctx, _pick(rng, _CLIP_DEFECTS), cells, rec, None, bad_when)
                    sheet.add(bad_when, cells, rec)
    return sheet.finish()


_RATING_DEFECTS = (
    ("unknown_place", 25), ("over:score", 20), ("bad_choice:grade", 14), ("bad_count:score", 6),
    ("bad_date", 4), ("blank:grade", 12), ("blank:district", 8), ("blank:province", 3),
)
_GRADE_BANDS = {"A": (180, 200), "B": (160, 179), "C": (140, 159), "D": (100, 139)}  # half points


def _grade_text(rng: random.Random, grade: str) -> str:
    th = _GRADE_TH[grade]
    r = rng.random()
    if r < 0.5:
        return f"{grade} ({th})"
    if r < 0.7:
        return grade
    if r < 0.76:
        return grade.lower()
    if r < 0.86:
        return th if grade != "D" else rng.choice((th, "ต้องปรับปรุง"))
    if r < 0.93:
        return f"ระดับ {grade}"
    return f"{grade} {th}"


def ratings_sheet(ctx: Context) -> tuple[list[list[str]], list[Record]]:
    """Form 4: one rating per district of the programme's provinces, most by 30 September."""
    rng, geo = ctx.rng, ctx.geo
    sheet = Sheet(ctx.cfg, "4")

    def rating(dcode: str, when: datetime) -> tuple[dict, str]:
        grade = rng.choices("ABCD", (35, 35, 20, 10))[0]
        half = rng.randint(*_GRADE_BANDS[grade])
        score = f"{half / 2:.1f}" if half % 2 else str(half // 2)
        if half % 2 == 0 and rng.random() < 0.05:
            score = values.thai_digits(score)
        cells = {
            "submitted_at": values.timestamp(rng, when),
            "province": geo.province_text(rng, dcode[:2]),
            "district": geo.district_text(rng, dcode),
            "officer": _person_name(rng),
            "score": score,
            "grade": ctx.choice("grade", _grade_text(rng, grade)),
        }
        outcome, _, code = geo.resolve(cells["province"], cells["district"], None)
        assert outcome == "ok" and code == dcode, cells
        return cells, grade

    for pcode in geo.programme:
        for dcode in geo.districts_of[pcode]:
            first = ctx.window("4", rng.random() < 0.08, 29, 15)
            if rng.random() < 0.1:
                continue
            times = ctx.resubmissions(first, "4", 0.03, 0.015)
            for j, when in enumerate(times):
                last = j == len(times) - 1
                cells, grade = rating(dcode, when)
                rec = Record(when, key=dcode, province=pcode, unit=dcode, value=grade, intended="used" if last else "duplicate")
                sheet.add(when, cells, rec)
            if rng.random() < 0.03:
                bad_when = values.near(rng, first, 2)
                cells, _ = rating(dcode, bad_when)
                rec = Record(bad_when, province=pcode, unit=dcode)
                kind = _pick(rng, _RATING_DEFECTS)
                if kind == "over:score":  # above the 100 points a rating can have
                    cells["score"] = rng.choice(("105", "120", "850", "955"))
                _spoil(ctx, kind, cells, rec, None, bad_when)
                sheet.add(bad_when, cells, rec)

    # Two districts of พระนครศรีอยุธยา share the English name Bang Sai (บางไทร, บางซ้าย).
    if "14" in geo.programme:
        when = ctx.window("4", False, 20, 0)
        cells, _ = rating("1404", when)
        cells["district"] = "Bang Sai"
        assert geo.resolve(cells["province"], "Bang Sai", None)[0] == "ambiguous_place"
        sheet.add(when, cells, Record(when, reason="ambiguous_place", province="14", intended="quarantined"))
    return sheet.finish()
