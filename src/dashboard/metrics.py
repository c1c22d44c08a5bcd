"""Figures of a View: progress, completeness, clips, ratings, and the contract's JSON report.

Pure functions over the View's tables. Definitions are the contract's (spec/FORMS.md) and
docs/normalization.md's; "received" means the unit has a row in use.
"""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd

from dashboard import suggest
from dashboard.config import GRADES, PHASES, REASONS
from dashboard.corrections import CORRECTIONS, outcome_counts
from dashboard.normalize.places import gazetteer
from dashboard.pipeline import View, make_view


def _unit(view: View, report: str) -> str:
    """What one expected answer of `report` is (its `unit` in programme.toml)."""
    try:
        return view.cfg.sources[report].unit
    except KeyError:
        raise ValueError(f"unknown report '{report}'") from None


def column_missing(view: View, sid: str, *fields: str) -> bool:
    """Whether a sheet lacks the column of any of `fields`: a figure that needs it is None (null
    in the JSON, "—" on the pages), never 0."""
    absent = view.dataset.absent.get(sid, ())
    return any(f in absent for f in fields)


# ---- progress ------------------------------------------------------------------------------


def leader_progress(view: View) -> dict:
    cfg = view.cfg
    leaders = view.rows("1.1", "used", ("reg_tambon_type",))
    per = cfg.target("leaders_per_tambon")
    reg = view.register
    if view.filtered:
        target_older = int((reg["tambon_type"] == "older").sum()) * per
        target_younger = int((reg["tambon_type"] == "younger").sum()) * per
        target = target_older + target_younger
    else:
        target, target_older, target_younger = (
            cfg.target("leaders"),
            cfg.target("leaders_older"),
            cfg.target("leaders_younger"),
        )
    return {
        "registered": int(len(leaders)),
        "target": target,
        "older": int((leaders["reg_tambon_type"] == "older").sum()),
        "younger": int((leaders["reg_tambon_type"] == "younger").sum()),
        "target_older": target_older,
        "target_younger": target_younger,
    }


def tambon_progress(view: View) -> dict:
    cfg = view.cfg
    codes = set(view.register["tambon_code"])
    engaged: set = set()
    for sid in view.cfg.reports_by_unit("tambon"):
        engaged |= set(view.rows(sid, "used", ("tambon_code",))["tambon_code"])
    per_tambon = view.rows("1.1", "used", ("tambon_code",))["tambon_code"].value_counts()
    full = int((per_tambon >= cfg.target("leaders_per_tambon")).sum())
    r22 = view.used("2.2")
    activity = None
    if not column_missing(view, "2.2", "self_reliance_activity"):
        activity = int((r22["self_reliance_activity"] == "yes").sum())
    if view.filtered:
        target = target_activity = len(codes)
    else:
        target, target_activity = cfg.target("tambons"), cfg.target("tambons_with_activity")
    return {
        "target": target,
        "engaged": len(engaged & codes),
        "full_leaders": full,
        "with_activity": activity,
        "target_activity": target_activity,
    }


def kpi_driving(view: View) -> float | None:
    if column_missing(view, "2.2", "leaders_developed", "leaders_driving"):
        return None
    r22 = view.used("2.2")
    developed = r22["leaders_developed"].sum()
    if len(r22) == 0 or not developed:
        return None
    return round(float(r22["leaders_driving"].sum()) / float(developed) * 100, 1)


# ---- completeness --------------------------------------------------------------------------


def _units(view: View, report: str) -> pd.DataFrame:
    """One row per expected unit of a report: unit, province_code, district_code, received,
    first_at (earliest accepted submission), deadline (exclusive end)."""
    def make() -> pd.DataFrame:
        units = _units_from_country(view, report)
        return _compute_units(view, report) if units is None else units

    return view.memo(("units", report), make)


def _units_from_country(view: View, report: str) -> pd.DataFrame | None:
    """The view's units cut out of the whole country's, or None when that would not be exact.

    A unit's figures do not depend on the filters (its rows all lie in its own province,
    district and tambon type), so they are computed once per as-of cut for the country and a
    filter change only picks its units: the countrywide table is shared by every visitor.
    Unusual views (no units, no submissions yet, a place outside the programme) are computed
    directly instead, so that they come out exactly as a direct computation makes them.
    """
    def make() -> tuple[pd.DataFrame, object]:
        country = make_view(view.dataset, as_of=view.as_of)
        units = _compute_units(country, report)
        kinds = country.register["tambon_type"].to_numpy() if _unit(view, report) == "tambon" else None
        return units, kinds

    national = view.cut_memo(("units", report), make)
    if national is None:
        return None
    units, kinds = national
    if not view.filtered:
        return units
    programme = view.dataset.provinces
    if view.province and view.province not in programme:
        return None
    province = units["province_code"].to_numpy()
    if view.province:
        keep = province == view.province
    elif view.scope is not None:
        keep = np.isin(province.astype(str), [p for p in view.scope if p in programme])
    else:
        keep = np.ones(len(units), dtype=bool)
    if _unit(view, report) == "tambon":
        if view.district:
            keep &= units["district_code"].to_numpy() == view.district
        if view.tambon_type:
            keep &= kinds == view.tambon_type
    elif _unit(view, report) == "district" and view.district:
        if view.district[:2] != view.province:
            return None
        keep &= units["district_code"].to_numpy() == view.district
    if not keep.any():
        return None
    picked = units.loc[keep].reset_index(drop=True)
    if picked["first_at"].isna().all():
        return None
    return picked


def _compute_units(view: View, report: str) -> pd.DataFrame:
    cfg = view.cfg
    gaz = gazetteer(cfg)
    if _unit(view, report) == "tambon":
        reg = view.register
        units = pd.DataFrame(
            {
                "unit": reg["tambon_code"].to_numpy(),
                "province_code": reg["province_code"].to_numpy(),
                "district_code": reg["district_code"].to_numpy(),
            }
        )
        deadline = {None: cfg.deadline_end(report)}
        cols = ("tambon_code", "submitted_at")
        unit_of = lambda t: t["tambon_code"]  # noqa: E731
    elif _unit(view, report) == "province_phase":
        units = pd.DataFrame(
            [(f"{p}:{ph}", p, None, ph) for p in view.provinces for ph in PHASES],
            columns=["unit", "province_code", "district_code", "phase"],
        )
        deadline = {ph: cfg.deadline_end(f"{report}.{ph}") for ph in PHASES}
        cols = ("province_code", "phase", "submitted_at")
        unit_of = lambda t: t["province_code"] + ":" + t["phase"].astype(str)  # noqa: E731
    elif _unit(view, report) == "district":
        ds = view.districts
        units = pd.DataFrame({"unit": ds, "province_code": [d[:2] for d in ds], "district_code": ds})
        deadline = {None: cfg.deadline_end(report)}
        cols = ("district_code", "submitted_at")
        unit_of = lambda t: t["district_code"]  # noqa: E731
    else:
        raise ValueError(f"unknown report '{report}'")
    used = view.rows(report, "used", cols)
    accepted = view.rows(report, "accepted", cols)
    received = pd.unique(unit_of(used).to_numpy(dtype=object)) if len(used) else []
    # Look-ups on Python strings: isin/map over an Arrow string column cost ~30 ms per report
    # at 7,000 tambons (pandas converts the other side per call), on objects well under 1 ms.
    unit = units["unit"].astype(object)
    units["received"] = unit.isin(received)
    if len(accepted):
        first = accepted.assign(_unit=unit_of(accepted)).groupby("_unit")["submitted_at"].min()
        units["first_at"] = unit.map(first)
    else:
        units["first_at"] = pd.Series(pd.NaT, index=units.index, dtype=f"datetime64[ns, {cfg.timezone.key}]")
    if "phase" in units:
        units["deadline"] = units["phase"].map(deadline)
    else:
        units["deadline"] = deadline[None]
    units["on_time"] = units["received"] & (units["first_at"] < units["deadline"])
    units["late"] = units["received"] & ~units["on_time"]
    units["status"] = "missing"
    units.loc[units["late"], "status"] = "late"
    units.loc[units["on_time"], "status"] = "on_time"
    units["province_name"] = units["province_code"].map(gaz.province_names)
    units["province_name_en"] = units["province_code"].map(gaz.province_names_en)
    units["district_name"] = units["district_code"].map(gaz.district_names)
    units["district_name_en"] = units["district_code"].map(gaz.district_names_en)
    return units


def _counts(units: pd.DataFrame) -> dict:
    expected = int(len(units))
    received = int(units["received"].sum())
    on_time = int(units["on_time"].sum())
    return {
        "expected": expected,
        "received": received,
        "on_time": on_time,
        "late": received - on_time,
        "missing": expected - received,
    }


def completeness(view: View) -> pd.DataFrame:
    rows = []
    for report in view.cfg.report_ids:
        c = _counts(_units(view, report))
        if _unit(view, report) == "province_phase":
            c["deadline"] = max(view.cfg.deadlines[f"{report}.{p}"] for p in PHASES)
        else:
            c["deadline"] = view.cfg.deadlines[report]
        rows.append({"report": report, **c})
    return pd.DataFrame(rows).set_index("report")


def completeness_by_area(view: View, report: str) -> pd.DataFrame:
    """Per province in a country view, per district in a province view (clips stay per province)."""
    units = _units(view, report)
    by_district = bool(view.province) and _unit(view, report) != "province_phase"
    code, name = ("district_code", "district_name") if by_district else ("province_code", "province_name")
    g = units.groupby(code, sort=True)
    out = pd.DataFrame(
        {
            "name": g[name].first(),
            "name_en": g[f"{name}_en"].first(),
            "expected": g.size(),
            "received": g["received"].sum(),
            "on_time": g["on_time"].sum(),
        }
    )
    out["late"] = out["received"] - out["on_time"]
    out["missing"] = out["expected"] - out["received"]
    out["pct_received"] = (out["received"] / out["expected"] * 100).round(1)
    out = out.reset_index().rename(columns={code: "code"})
    return out.astype({"expected": "int64", "received": "int64", "on_time": "int64", "late": "int64", "missing": "int64"})


def missing_units(view: View, report: str) -> pd.DataFrame:
    units = _units(view, report)
    gone = units.loc[~units["received"]]
    if _unit(view, report) == "tambon":
        reg = view.register.set_index("tambon_code")
        partner = _partners(view)
        gone = gone.assign(
            tambon=gone["unit"].map(reg["tambon_name"]),
            tambon_type=gone["unit"].map(reg["tambon_type"]),
            pair_id=gone["unit"].map(reg["pair_id"]),
            partner_tambon=gone["unit"].map(partner),
        )
        cols = ["unit", "tambon", "district_name", "province_name", "tambon_type", "pair_id", "partner_tambon"]
        out = gone[cols].rename(columns={"unit": "tambon_code", "district_name": "district", "province_name": "province"})
    elif _unit(view, report) == "province_phase":
        out = gone[["province_code", "province_name", "phase", "deadline"]].rename(columns={"province_name": "province"})
    else:
        out = gone[["unit", "district_name", "province_name"]].rename(
            columns={"unit": "district_code", "district_name": "district", "province_name": "province"}
        )
    return out.reset_index(drop=True)


def _partners(view: View) -> pd.Series:
    """tambon code -> the name of the other tambon of its pair (from the whole register)."""
    reg = view.dataset.tables["register"]
    reg = reg.loc[reg["status"] == "used", ["pair_id", "tambon_code", "tambon_name"]]
    merged = reg.merge(reg, on="pair_id", suffixes=("", "_partner"))
    merged = merged.loc[merged["tambon_code"] != merged["tambon_code_partner"]]
    return merged.drop_duplicates("tambon_code").set_index("tambon_code")["tambon_name_partner"]


def pairs_status(view: View, report: str = "2.2") -> dict:
    """Register pairs by how many of their tambons have the report in use: both / one / none."""
    units = _units(view, report).set_index("unit")
    reg = view.register
    got = reg["tambon_code"].map(units["received"]).fillna(False).astype(int)
    per_pair = got.groupby(reg["pair_id"]).sum()
    return {
        "both": int((per_pair >= 2).sum()),
        "one": int((per_pair == 1).sum()),
        "none": int((per_pair == 0).sum()),
    }


def cumulative_submissions(view: View) -> pd.DataFrame:
    """Per report and day: units received so far (by the day of their first accepted row)."""
    frames = []
    for report in view.cfg.report_ids:
        units = _units(view, report)
        got = units.loc[units["received"], "first_at"].dropna()
        if got.empty:
            continue
        per_day = got.dt.date.value_counts().sort_index().cumsum()
        frames.append(
            pd.DataFrame(
                {"report": report, "day": per_day.index, "received": per_day.to_numpy(), "expected": len(units)}
            )
        )
    if not frames:
        return pd.DataFrame(columns=["report", "day", "received", "expected"])
    return pd.concat(frames, ignore_index=True)


def province_ranking(view: View) -> pd.DataFrame:
    """Provinces by share of expected report units received, worst first."""
    parts = []
    for report in view.cfg.report_ids:
        u = _units(view, report)
        parts.append(u[["province_code", "province_name", "province_name_en", "received", "on_time"]].assign(report=report))
    allu = pd.concat(parts, ignore_index=True)
    g = allu.groupby(["province_code", "province_name", "province_name_en"])
    out = pd.DataFrame({"expected": g.size(), "received": g["received"].sum(), "on_time": g["on_time"].sum()})
    out["pct_received"] = (out["received"] / out["expected"] * 100).round(1)
    out["pct_on_time"] = (out["on_time"] / out["expected"] * 100).round(1)
    return out.reset_index().sort_values(["pct_received", "province_code"]).reset_index(drop=True)


# ---- clips and ratings ---------------------------------------------------------------------


def clips_matrix(view: View) -> pd.DataFrame:
    units = _units(view, "3")
    counts = view.used("3").groupby(["province_code", "phase"]).size()
    out = units[["province_code", "province_name", "province_name_en", "phase", "status", "first_at", "deadline"]].copy()
    keys = list(zip(out["province_code"], out["phase"]))
    out["clips"] = [int(counts.get(k, 0)) for k in keys]
    return out.reset_index(drop=True)


def clips_table(view: View) -> pd.DataFrame:
    cols = ["province_code", "province_name", "phase", "title", "video_id", "youtube_url", "duration_s",
            "over_length", "facebook_url", "submitted_at", "row"]
    out = view.used("3")[cols].copy()
    out["watch_url"] = "https://www.youtube.com/watch?v=" + out["video_id"].astype(str)
    return out.sort_values(["province_code", "phase", "submitted_at"]).reset_index(drop=True)


def ratings_by_district(view: View) -> pd.DataFrame:
    gaz = gazetteer(view.cfg)
    ds = view.districts
    used = view.used("4").set_index("district_code")
    out = pd.DataFrame(
        {
            "district_code": ds,
            "district_name": [gaz.district_names[d] for d in ds],
            "district_name_en": [gaz.district_names_en[d] for d in ds],
            "province_code": [d[:2] for d in ds],
            "province_name": [gaz.province_names[d[:2]] for d in ds],
            "province_name_en": [gaz.province_names_en[d[:2]] for d in ds],
        }
    )
    grade = out["district_code"].map(used["grade"]).astype(object)
    out["grade"] = grade.where(grade.notna(), "unrated")
    out["score"] = out["district_code"].map(used["score"])
    return out


def ratings_share_by_province(view: View) -> pd.DataFrame:
    r = ratings_by_district(view)
    table = pd.crosstab(r["province_code"], r["grade"])
    for g in (*GRADES, "unrated"):
        if g not in table:
            table[g] = 0
    table = table[[*GRADES, "unrated"]]
    total = table.sum(axis=1)
    shares = table.div(total, axis=0).mul(100).round(1).add_prefix("pct_")
    out = pd.concat([table, shares], axis=1).reset_index()
    gaz = gazetteer(view.cfg)
    out.insert(1, "province_name", out["province_code"].map(gaz.province_names))
    out.insert(2, "province_name_en", out["province_code"].map(gaz.province_names_en))
    out.columns.name = None
    return out


def rating_counts(view: View) -> dict:
    r = ratings_by_district(view)
    counts = r["grade"].value_counts()
    return {g: int(counts.get(g, 0)) for g in (*GRADES, "unrated")}


# ---- rows and quarantine -------------------------------------------------------------------


def row_accounting(view: View) -> pd.DataFrame:
    """Per source: read = used + duplicate + quarantined."""
    rows = []
    for sid in view.cfg.source_ids:
        counts = view.tables[sid]["status"].value_counts()
        c = {s: int(counts.get(s, 0)) for s in ("used", "duplicate", "quarantined")}
        rows.append({"source": sid, "read": sum(c.values()), **c})
    return pd.DataFrame(rows).set_index("source")


def issue_counts(view: View) -> dict:
    counts = {r: 0 for r in REASONS}
    for sid in view.cfg.source_ids:
        t = view.tables[sid]
        for reason, n in t.loc[t["status"] == "quarantined", "reason"].value_counts().items():
            counts[reason] += int(n)
    return counts


# The quarantine table's own columns, before the row's original cells (stated here only: the
# downloads and the pages take them from here). What to fix in Thai (`detail`) and English.
QUARANTINE_LEAD = ("source", "row", "reason", "detail", "detail_en")


def quarantine_table(view: View) -> pd.DataFrame:
    """Every quarantined row: source, sheet row, reason, what to fix (Thai and English), and its
    original cells."""
    frames = []
    for sid in view.cfg.source_ids:
        t = view.tables[sid]
        q = t.loc[t["status"] == "quarantined", list(QUARANTINE_LEAD[1:])]
        if q.empty:
            continue
        original = view.dataset.raw.tables[sid].loc[q.index]
        original = original.loc[:, [str(c).strip() != "" for c in original.columns]]
        # A form question titled like one of the lead columns (`source`, `row`, `reason`,
        # `detail`) keeps its answers under a marked name instead of colliding with them.
        original.columns = [
            f"{c} (ในชีต)" if c in QUARANTINE_LEAD else c for c in (str(c).strip() for c in original.columns)
        ]
        original = original.loc[:, ~original.columns.duplicated()]
        frames.append(pd.concat([q.assign(source=sid), original], axis=1))
    if not frames:
        return pd.DataFrame(columns=list(QUARANTINE_LEAD))
    out = pd.concat(frames, ignore_index=True)
    lead = list(QUARANTINE_LEAD)
    # The gazetteer's closest places for rows set aside for their place (never applied here).
    return suggest.attach(out[lead + [c for c in out.columns if c not in lead]], view.tables, gazetteer(view.cfg))


# ---- the contract's JSON -------------------------------------------------------------------


def report_dict(view: View) -> dict:
    leaders = leader_progress(view)
    tambons = tambon_progress(view)
    comp = completeness(view)
    clips = clips_matrix(view)
    received_clips = clips.loc[clips["status"] != "missing"]
    out = {
        "as_of": view.as_of.isoformat() if view.as_of else None,
        "province": view.province,
        "leaders": {k: leaders[k] for k in ("registered", "target", "older", "younger")},
        "tambons": {k: tambons[k] for k in ("target", "engaged", "full_leaders", "with_activity")},
        "kpi_driving_pct": kpi_driving(view),
        "reports": {
            r: {k: int(comp.loc[r, k]) for k in ("expected", "received", "on_time", "late", "missing")}
            for r in view.cfg.report_ids
        },
        "clips": {
            **{p: int((received_clips["phase"] == p).sum()) for p in PHASES},
            "over_length": None
            if column_missing(view, "3", "duration")
            else int(view.used("3")["over_length"].sum()),
        },
        "ratings": rating_counts(view),
    }
    if not view.province and view.scope is None:
        acc = row_accounting(view)
        out["rows"] = {k: int(acc[k].sum()) for k in ("read", "used", "duplicate", "quarantined")}
    out["issues"] = issue_counts(view)
    if CORRECTIONS in view.dataset.raw.tables:  # the contract leaves the block out without a table
        whole = not view.province and view.scope is None
        out["corrections"] = outcome_counts(view.dataset.corrections, None if whole else view.provinces)
    return out


def overdue(view: View, now: datetime) -> list[tuple[str, int]]:
    """Reports whose deadline has passed with units still missing: (report, missing)."""
    comp = completeness(view)
    out = []
    for r in view.cfg.report_ids:
        deadline = comp.loc[r, "deadline"]
        if now.date() > deadline and comp.loc[r, "missing"] > 0:
            out.append((r, int(comp.loc[r, "missing"])))
    return out
