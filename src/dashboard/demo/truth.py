"""The demo's ground truth: the contract's summary computed from what each row really is.

Every row the generator writes has a `Record` saying what the row is meant to be: its true
timestamp (None when the cell is blank or unreadable), its quarantine reason or its duplicate
key, and its true place. The figures below follow spec/FORMS.md and docs/normalization.md with
plain Python over these records; nothing here reads the written cells back.

This module is the independent oracle the computed figures are checked against, so it states the
contract's facts in its own words where they matter (which forms count a tambon as engaged, the
four grades) instead of reading them from the configuration the computation reads: a mistake
there must not be repeated here. tests/unit/test_facts_once.py allows it, and only it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from dashboard.config import PHASES, REASONS, REPORT_IDS, Config


@dataclass(slots=True)
class Record:
    """What one written row really is.

    `unit` is what completeness counts: the register tambon's type for the register, the tambon
    code for 1.1/2.1/2.2, (province, phase) for 3, the district code for 4. `value` carries what
    the figures need: 2.2 (developed, driving, has activity), 3 over length, 4 the grade.
    `intended` is the outcome in the full sheet (no as-of cut), checked against the computation.
    """

    ts: datetime | None
    reason: str | None = None
    key: object = None
    province: str | None = None
    unit: object = None
    value: object = None
    intended: str = "used"


def _end(day: date) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(0, 0))


def statuses(records: list[Record]) -> list[str]:
    """used / duplicate / quarantined for rows in sheet order: the latest row of a key wins,
    a tie going to the lower row in the sheet."""
    latest: dict[object, int] = {}
    for i, r in enumerate(records):
        if r.reason:
            continue
        j = latest.get(r.key)
        if j is None or (r.ts or datetime.min) >= (records[j].ts or datetime.min):
            latest[r.key] = i
    used = set(latest.values())
    return ["quarantined" if r.reason else "used" if i in used else "duplicate" for i, r in enumerate(records)]


def outcomes(records: dict[str, list[Record]], as_of: date | None = None) -> dict[str, list[tuple[Record, str]]]:
    """Each source's rows left after the as-of cut (rows with no readable time stay), with
    their status. Duplicates are settled over the whole country, before any province filter."""
    out = {}
    for sid, recs in records.items():
        kept = [r for r in recs if as_of is None or r.ts is None or r.ts.date() <= as_of]
        out[sid] = list(zip(kept, statuses(kept)))
    return out


def summary(
    records: dict[str, list[Record]],
    cfg: Config,
    districts_of: dict[str, list[str]],
    as_of: date | None = None,
    province: str | None = None,
    settled: dict[str, list[tuple[Record, str]]] | None = None,
) -> dict:
    """The contract's JSON object for the rows submitted by `as_of`, for one province or all.

    `settled` is `outcomes(records, as_of)` when the caller already has it.
    """
    settled = settled if settled is not None else outcomes(records, as_of)
    # A row belongs to a province when its province answer resolved to it, whatever the rest.
    scoped = {
        sid: [(r, s) for r, s in pairs if province is None or r.province == province] for sid, pairs in settled.items()
    }

    def rows(sid: str, which: str = "used"):
        for r, s in scoped[sid]:
            if s == which or (which == "accepted" and s != "quarantined"):
                yield r

    register = {r.key: r.unit for r in rows("register")}
    provinces = [province] if province else list(districts_of)
    per_tambon = cfg.target("leaders_per_tambon")

    leaders = Counter(r.unit for r in rows("1.1") if r.unit in register)
    engaged = set(leaders) | {r.unit for sid in ("2.1", "2.2") for r in rows(sid) if r.unit in register}
    results = [r for r in rows("2.2") if r.unit in register]
    developed = sum(r.value[0] for r in results)
    driving = sum(r.value[1] for r in results)

    reports = {}
    for rid in REPORT_IDS:
        source = "3" if rid == "3" else rid
        first: dict[object, datetime] = {}
        for r in rows(source, "accepted"):
            if r.ts is not None and (r.unit not in first or r.ts < first[r.unit]):
                first[r.unit] = r.ts
        received = {r.unit for r in rows(source)}
        if rid == "3":
            expected = 3 * len(provinces)
            deadline = {(p, ph): _end(cfg.deadlines[f"3.{ph}"]) for p in provinces for ph in PHASES}
        elif rid == "4":
            expected = sum(len(districts_of[p]) for p in provinces)
            deadline = defaultdict(lambda: _end(cfg.deadlines["4"]))
        else:
            received &= set(register)
            expected = len(register)
            deadline = defaultdict(lambda d=cfg.deadlines[rid]: _end(d))
        on_time = sum(1 for u in received if first[u] < deadline[u])
        reports[rid] = {
            "expected": expected,
            "received": len(received),
            "on_time": on_time,
            "late": len(received) - on_time,
            "missing": expected - len(received),
        }

    clips = list(rows("3"))
    ratings = Counter(r.value for r in rows("4"))
    out = {
        "as_of": as_of.isoformat() if as_of else None,
        "province": province,
        "leaders": {
            "registered": sum(leaders.values()),
            "target": len(register) * per_tambon if province else cfg.target("leaders"),
            "older": sum(n for t, n in leaders.items() if register[t] == "older"),
            "younger": sum(n for t, n in leaders.items() if register[t] == "younger"),
        },
        "tambons": {
            "target": len(register) if province else cfg.target("tambons"),
            "engaged": len(engaged),
            "full_leaders": sum(1 for n in leaders.values() if n >= per_tambon),
            "with_activity": len({r.unit for r in results if r.value[2]}),
        },
        "kpi_driving_pct": round(100 * driving / developed, 1) if developed else None,
        "reports": reports,
        "clips": {
            **{ph: len({r.unit[0] for r in clips if r.unit[1] == ph}) for ph in PHASES},
            "over_length": sum(1 for r in clips if r.value),
        },
        "ratings": {
            **{g: ratings.get(g, 0) for g in ("A", "B", "C", "D")},
            "unrated": reports["4"]["expected"] - sum(ratings.values()),
        },
    }
    if province is None:
        counts = Counter(s for pairs in settled.values() for _, s in pairs)
        out["rows"] = {
            "read": sum(counts.values()),
            "used": counts["used"],
            "duplicate": counts["duplicate"],
            "quarantined": counts["quarantined"],
        }
    issues = Counter(r.reason for sid in scoped for r in rows(sid, "quarantined"))
    out["issues"] = {reason: issues.get(reason, 0) for reason in REASONS}
    return out
