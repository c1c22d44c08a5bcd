"""When each report reaches all its units, at the recent pace of first submissions.

The method (docs/forecast.md): count the units whose first accepted submission fell on each of
the last `WINDOW_DAYS` days up to the basis day (the view's as-of day, else today in Thailand);
the pace is their mean per day; the units still missing divided by the pace, rounded up, is the
number of days to go. The range comes from resampling those daily counts with replacement
(a seeded bootstrap): the 10th and 90th percentiles of the days to go. `late_risk` is set when
units are missing and the projected day is after the deadline, or when submissions have stopped
(pace 0 after some came in), or when a report nobody has started is past its deadline.
"""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
import pandas as pd

from dashboard.config import PHASES, bangkok_now
from dashboard.metrics import _units, report_dict
from dashboard.pipeline import View

WINDOW_DAYS = 14  # days of first submissions the pace is read from
BOOTSTRAP = 1000  # resamples of the daily counts for the range
LOW_PCT, HIGH_PCT = 10, 90  # the range: these percentiles of the resampled days to go
SEED = 20210808  # one fixed seed: the same data always gives the same range


def basis_day(view: View) -> date:
    """The day a forecast is made on: the view's as-of day, else today in Thailand."""
    return view.as_of or bangkok_now(view.cfg).date()


def report_deadline(view: View, report: str) -> date:
    """A report's deadline; for clips the last phase's (as the completeness table has it)."""
    if view.cfg.sources[report].unit == "province_phase":
        return max(view.cfg.deadlines[f"{report}.{p}"] for p in PHASES)
    return view.cfg.deadlines[report]


def daily_counts(first_days: pd.Series, day: date, window: int = WINDOW_DAYS) -> np.ndarray:
    """Units first submitted on each of the `window` days ending on `day` (oldest first)."""
    start = day - timedelta(days=window - 1)
    days = pd.Series(first_days).dropna()
    days = days[(days >= start) & (days <= day)]
    counts = days.value_counts()
    return np.array([int(counts.get(start + timedelta(days=i), 0)) for i in range(window)], dtype=float)


def project(
    counts: np.ndarray,
    remaining: int,
    day: date,
    deadline: date,
    *,
    samples: np.ndarray | None = None,
    received: int | None = None,
) -> dict:
    """The forecast from daily counts: pace, the projected day and its range, and late risk.

    `projected_complete` is null in two cases, told apart by `status`: `complete` (nothing is
    missing) and `stalled` (units are missing but none came in during the window: pace 0).
    """
    pace = float(counts.mean()) if len(counts) else 0.0
    out = {
        "status": "on_pace",
        "pace_per_day": round(pace, 2),
        "remaining": int(remaining),
        "projected_complete": None,
        "range": {"earliest": None, "latest": None},
        "deadline": deadline.isoformat(),
        "late_risk": False,
    }
    if remaining <= 0:
        out["status"] = "complete"
        return out
    if pace <= 0:
        # Nothing in the window: no day can be projected. A report nobody has started yet is a
        # risk only once its deadline has passed; one that stopped coming in is a risk now.
        started = received > 0 if received is not None else True
        out["status"] = "stalled" if started else "not_started"
        out["late_risk"] = started or day > deadline
        return out
    projected = day + timedelta(days=math.ceil(remaining / pace))
    out["projected_complete"] = projected.isoformat()
    if samples is None:
        samples = _resample_index(len(counts))
    paces = counts[samples].mean(axis=1)
    never = float(10**6)  # a resample with no submission never completes
    to_go = np.where(paces > 0, np.ceil(remaining / np.where(paces > 0, paces, 1)), never)
    low, high = np.percentile(to_go, [LOW_PCT, HIGH_PCT], method="lower")
    out["range"] = {
        "earliest": (day + timedelta(days=int(low))).isoformat(),
        # The upper end is open when, in that share of resamples, nothing came in at all.
        "latest": (day + timedelta(days=int(high))).isoformat() if high < never else None,
    }
    out["late_risk"] = projected > deadline
    return out


def _resample_index(window: int) -> np.ndarray:
    rng = np.random.default_rng(SEED)
    return rng.integers(0, window, size=(BOOTSTRAP, window))


def _first_days(units: pd.DataFrame) -> pd.Series:
    got = units.loc[units["received"], "first_at"]
    return got.dt.date if len(got) else pd.Series([], dtype=object)


def report_forecast(view: View, window: int = WINDOW_DAYS) -> dict:
    """Per report: the forecast for the view's units (the `forecast` block of `report`)."""
    day = basis_day(view)
    return view.memo(("forecast", window, day), lambda: _report_forecast(view, window, day))


def _report_forecast(view: View, window: int, day: date) -> dict:
    samples = _resample_index(window)
    out = {}
    for report in view.cfg.report_ids:
        units = _units(view, report)
        counts = daily_counts(_first_days(units), day, window)
        remaining = int(len(units) - units["received"].sum())
        out[report] = project(
            counts, remaining, day, report_deadline(view, report), samples=samples, received=int(units["received"].sum())
        )
        out[report]["basis_day"] = day.isoformat()
        out[report]["window_days"] = window
    return out


def forecast_by_area(view: View, report: str, window: int = WINDOW_DAYS) -> pd.DataFrame:
    """One report's forecast per province (per district inside a province; clips per province)."""
    day = basis_day(view)
    return view.memo(("forecast_by_area", report, window, day), lambda: _forecast_by_area(view, report, window, day))


def _forecast_by_area(view: View, report: str, window: int, day: date) -> pd.DataFrame:
    deadline = report_deadline(view, report)
    samples = _resample_index(window)
    units = _units(view, report)
    by_district = bool(view.province) and view.cfg.sources[report].unit != "province_phase"
    code, name = ("district_code", "district_name") if by_district else ("province_code", "province_name")
    areas = units.groupby(code, sort=True).agg(
        name=(name, "first"), name_en=(f"{name}_en", "first"), expected=("received", "size"), received=("received", "sum")
    )
    # Daily counts of every area at once: area x day, from the units' first days in the window.
    position = pd.Series(np.arange(len(areas)), index=areas.index)
    got = units.loc[units["received"], [code, "first_at"]]
    offset = (pd.to_datetime(got["first_at"].dt.date) - pd.Timestamp(day)).dt.days.to_numpy() + window - 1
    inside = (offset >= 0) & (offset < window)
    counts = np.zeros((len(areas), window))
    np.add.at(counts, (position[got[code].to_numpy()[inside]].to_numpy(), offset[inside]), 1)
    rows = []
    for i, (area, a) in enumerate(areas.iterrows()):
        remaining = int(a["expected"] - a["received"])
        f = project(counts[i], remaining, day, deadline, samples=samples, received=int(a["received"]))
        rows.append(
            {
                "code": area,
                "name": a["name"],
                "name_en": a["name_en"],
                "expected": int(a["expected"]),
                "remaining": remaining,
                "pace_per_day": f["pace_per_day"],
                "projected_complete": f["projected_complete"],
                "earliest": f["range"]["earliest"],
                "latest": f["range"]["latest"],
                "status": f["status"],
                "late_risk": f["late_risk"],
            }
        )
    out = pd.DataFrame(
        rows,
        columns=["code", "name", "name_en", "expected", "remaining", "pace_per_day", "projected_complete",
                 "earliest", "latest", "status", "late_risk"],
    )
    return out


def full_report(view: View) -> dict:
    """The figures `python -m dashboard report` prints: the contract's JSON with `forecast`.

    `notify` sends the same figures for each recipient's scope.
    """
    out = report_dict(view)
    out["forecast"] = report_forecast(view)
    return out
