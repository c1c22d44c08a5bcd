"""Spreadsheets in other time zones: timestamps read in each spreadsheet's zone, counted in Bangkok."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.config import load_config
from dashboard.metrics import report_dict
from dashboard.pipeline import build_dataset, make_view
from dashboard.sources.bundle import other_zones

CFG = load_config()


def _zones_and_late_row(live) -> None:
    stem_22, stem_11 = CFG.sources["2.2"].stem, CFG.sources["1.1"].stem
    book = live.api.spreadsheet(live.key(stem_22))
    book.time_zone = "America/New_York"  # daylight saving in September: UTC-4
    # 20:00 on the deadline day in New York is 07:00 the next morning in Bangkok: late.
    book.sheets[0].rows[1][0] = "15/9/2021 20:00:00"
    live.api.spreadsheet(live.key(stem_11)).time_zone = "Europe/London"


def test_a_late_submission_in_another_zone_counts_late_and_the_zone_is_read_once(live, pull):
    base = build_dataset(pull(live, cache_dir=live.cache_dir / "bangkok"), CFG)
    base_late = report_dict(make_view(base, as_of=date(2021, 9, 30)))["reports"]["2.2"]["late"]

    _zones_and_late_row(live)
    live.api.reset_counts()
    raw = pull(live)
    assert live.api.counts["get"] == len({live.key(CFG.sources[s].stem) for s in CFG.sources})
    assert raw.zones["2.2"] == "America/New_York" and raw.zones["1.1"] == "Europe/London"
    assert sorted(other_zones(raw, CFG)) == [("1.1", "Europe/London"), ("2.2", "America/New_York")]
    ds = build_dataset(raw, CFG)
    times = ds.tables["2.2"]["submitted_at"]
    assert pd.Timestamp("2021-09-16 07:00", tz="Asia/Bangkok") in set(times)
    late = report_dict(make_view(ds, as_of=date(2021, 9, 30)))["reports"]["2.2"]["late"]
    assert late == base_late + 1
    # London in summer (BST, UTC+1): each 1.1 time is six hours later in Bangkok than as written.
    kept = build_dataset(pull(live, cache_dir=live.cache_dir / "bangkok"), CFG)
    assert set(kept.raw.zones.values()) == {"Asia/Bangkok"}  # that cache kept the zones first read
    shift = ds.tables["1.1"]["submitted_at"] - kept.tables["1.1"]["submitted_at"]
    assert set(shift.dropna()) == {pd.Timedelta(hours=6)}

    # Kept: a second pull reads no zone again, and stays one batchGet per spreadsheet.
    live.api.reset_counts()
    again = pull(live)
    assert live.api.counts["get"] == 0
    assert live.api.counts["batchGet"] == len({live.key(CFG.sources[s].stem) for s in CFG.sources})
    assert again.zones == raw.zones
