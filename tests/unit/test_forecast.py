"""Forecasts on data whose pace is known: the projected day, its range, and late risk."""

import csv
from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest

from dashboard import forecast
from dashboard.pipeline import load_dataset, make_view

DEMO_REGISTER = Path(__file__).resolve().parents[2] / "data" / "demo" / "register.csv"


def test_constant_pace_projects_exactly():
    day = date(2021, 8, 1)
    counts = np.full(14, 4.0)  # four units a day, every day
    f = forecast.project(counts, 30, day, date(2021, 8, 8), received=56)
    # 30 missing at 4 a day: 7.5 -> 8 days.
    assert f["pace_per_day"] == 4.0
    assert f["projected_complete"] == "2021-08-09"
    # No spread in the daily counts: the range is the projected day itself.
    assert f["range"] == {"earliest": "2021-08-09", "latest": "2021-08-09"}
    assert f["late_risk"] is True and f["status"] == "on_pace"
    on_time = forecast.project(counts, 28, day, date(2021, 8, 8), received=56)
    assert on_time["projected_complete"] == "2021-08-08" and on_time["late_risk"] is False


def test_spread_gives_a_range_around_the_projection():
    counts = np.array([0, 10] * 7, dtype=float)  # mean 5, very uneven
    f = forecast.project(counts, 50, date(2021, 8, 1), date(2021, 9, 1), received=70)
    assert f["projected_complete"] == "2021-08-11"
    assert f["range"]["earliest"] < f["projected_complete"] < f["range"]["latest"]
    assert f["late_risk"] is False


def test_nothing_to_project():
    day, deadline = date(2021, 8, 1), date(2021, 8, 8)
    done = forecast.project(np.full(14, 3.0), 0, day, deadline, received=10)
    assert done["status"] == "complete" and done["projected_complete"] is None and not done["late_risk"]
    stalled = forecast.project(np.zeros(14), 5, day, deadline, received=10)
    assert stalled["status"] == "stalled" and stalled["projected_complete"] is None and stalled["late_risk"]
    fresh = forecast.project(np.zeros(14), 5, day, deadline, received=0)
    assert fresh["status"] == "not_started" and not fresh["late_risk"]
    assert forecast.project(np.zeros(14), 5, date(2021, 8, 9), deadline, received=0)["late_risk"]


def test_daily_counts_window():
    day = date(2021, 8, 14)
    firsts = [date(2021, 8, 1), date(2021, 8, 1), date(2021, 8, 14), date(2021, 7, 31), date(2021, 8, 15)]
    counts = forecast.daily_counts(firsts, day, 14)
    assert counts.tolist() == [2] + [0] * 12 + [1]


@pytest.fixture(scope="module")
def known_pace(tmp_path_factory):
    """40 register tambons; 2.1 from two new tambons a day over the 14 days to 2021-08-05."""
    with open(DEMO_REGISTER, encoding="utf-8") as fh:
        reg = list(csv.reader(fh))
    header, rows = reg[0], reg[1:41]
    folder = tmp_path_factory.mktemp("pace")
    from dashboard.config import load_config

    cfg = load_config()
    for sid in ("register", "1.1", "2.1", "2.2", "3", "4"):
        spec = cfg.sources[sid]
        with open(folder / spec.file, "w", encoding="utf-8", newline="") as fh:
            w = csv.writer(fh)
            if sid == "register":
                w.writerow(header)
                w.writerows(rows)
            elif sid == "2.1":
                w.writerow([spec.columns[f] for f in ("submitted_at", "province", "district", "tambon", "tambon_type")])
                start = date(2021, 7, 23)
                for i, r in enumerate(rows[:28]):
                    d = start + timedelta(days=i // 2)
                    w.writerow([f"{d.day}/{d.month}/{d.year} 10:00:00", r[2], r[3], r[4], r[1]])
            else:
                w.writerow(list(spec.columns.values()))
    return load_dataset(folder, cfg)


def test_report_forecast_on_known_pace(known_pace):
    view = make_view(known_pace, as_of=date(2021, 8, 5))
    f = forecast.report_forecast(view)["2.1"]
    assert f["pace_per_day"] == 2.0 and f["remaining"] == 12
    # 12 missing at 2 a day: six days after 5 Aug.
    assert f["projected_complete"] == "2021-08-11"
    assert f["range"] == {"earliest": "2021-08-11", "latest": "2021-08-11"}
    assert f["late_risk"] is True and f["deadline"] == "2021-08-08"
    assert forecast.report_forecast(view)["2.2"]["status"] == "not_started"
    # A week earlier the window holds fewer days of submissions: 16 in 14 days.
    early = forecast.report_forecast(make_view(known_pace, as_of=date(2021, 7, 30)))["2.1"]
    assert early["pace_per_day"] == round(16 / 14, 2) and early["remaining"] == 24


def test_forecast_by_area_sums_to_the_view(known_pace):
    view = make_view(known_pace, as_of=date(2021, 8, 5))
    areas = forecast.forecast_by_area(view, "2.1")
    assert areas["expected"].sum() == 40 and areas["remaining"].sum() == 12
    assert (areas["pace_per_day"] * 14).round().sum() == 28
