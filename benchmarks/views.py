"""Server time of a filter change: make_view + every core figure a page asks for, data cached.

    python benchmarks/views.py [--source demo] [--rounds 5] [--provinces 10]

The dataset is loaded once (as the app caches it). Each page run builds a fresh view, as a
visitor's filter change does, and asks for what that page shows (see pages/ and ui/tables.py):

    all pages  make_view, and the quarantined-row count of the source line (every view.tables)
    overview   completeness, leader_progress, tambon_progress, kpi_driving,
               cumulative_submissions, the area ranking (province_ranking in the country view,
               completeness_by_area of 1.1, 2.1, 2.2 and 4 in a province view)
    reports    completeness, completeness_by_area, missing_units, pairs_status (report 1.1)
    clips      clips_matrix, clips_table
    map        ratings_by_district, rating_counts, ratings_share_by_province
    data       issue_counts, quarantine_table, the 1.1 table

Views are the country and ten provinces (spread over the list). The first view of an as-of
cut also decides the rows' status and the country's figures, which every later view shares;
that one-off time is printed apart ("first view of a cut"), as it is paid once per data pull
and as-of day, not per filter change. Figures (Streamlit, plotly) are not included.
"""

from __future__ import annotations

import argparse
import statistics
import time

from dashboard import metrics
from dashboard.config import REPORT_IDS, load_config
from dashboard.pipeline import load_dataset, make_view


def _source_line(view) -> int:
    return sum(int((view.tables[sid]["status"] == "quarantined").sum()) for sid in view.tables)


def overview(view) -> None:
    metrics.completeness(view)
    metrics.leader_progress(view)
    metrics.tambon_progress(view)
    metrics.kpi_driving(view)
    metrics.cumulative_submissions(view)
    if view.province:
        for r in REPORT_IDS:
            if r != "3":
                metrics.completeness_by_area(view, r)
    else:
        metrics.province_ranking(view)


def reports(view) -> None:
    metrics.completeness(view)
    metrics.completeness_by_area(view, "1.1")
    metrics.missing_units(view, "1.1")
    metrics.pairs_status(view, "1.1")


def clips(view) -> None:
    metrics.clips_matrix(view)
    metrics.clips_table(view)


def map_page(view) -> None:
    metrics.ratings_by_district(view)
    metrics.rating_counts(view)
    metrics.ratings_share_by_province(view)


def data(view) -> None:
    metrics.issue_counts(view)
    metrics.quarantine_table(view)
    len(view.tables["1.1"])


PAGES = {"overview": overview, "reports": reports, "clips": clips, "map": map_page, "data": data}


def _run(ds, page, province, as_of=None) -> float:
    t0 = time.perf_counter()
    view = make_view(ds, as_of=as_of, province=province)
    _source_line(view)
    PAGES[page](view)
    return time.perf_counter() - t0


def _pct(values: list[float], q: float) -> float:
    """The q-quantile (nearest rank) of `values`."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", default="demo")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--provinces", type=int, default=10)
    args = ap.parse_args()

    cfg = load_config()
    t0 = time.perf_counter()
    ds = load_dataset(args.source, cfg)
    print(f"source {args.source}: loaded in {time.perf_counter() - t0:.2f} s "
          f"({sum(len(t) for t in ds.raw.tables.values()):,} rows)")
    step = max(1, len(ds.provinces) // args.provinces)
    provinces = ds.provinces[::step][: args.provinces]

    # The first view of a cut (here: the whole data, and one as-of day) pays for the cut.
    first = {}
    for label, as_of in (("all rows", None), ("as of 2021-08-31", "2021-08-31")):
        from datetime import date

        day = date.fromisoformat(as_of) if as_of else None
        first[label] = _run(ds, "overview", None, day)

    times: dict[str, dict[str, list[float]]] = {p: {"country": [], "province": []} for p in PAGES}
    for _ in range(args.rounds):
        for page in PAGES:
            times[page]["country"].append(_run(ds, page, None))
            for code in provinces:
                times[page]["province"].append(_run(ds, page, code))

    print("first view of a cut (overview page): " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in first.items()))
    print(f"filter change, server time per page run ({args.rounds} rounds; provinces {', '.join(provinces)}):")
    print(f"{'page':<10}{'country med ms':>16}{'p95':>7}{'province med ms':>18}{'p95':>7}{'all med':>9}{'p95':>7}")
    for page, by in times.items():
        both = by["country"] + by["province"]
        print(
            f"{page:<10}{statistics.median(by['country']) * 1000:>16.1f}{_pct(by['country'], 0.95) * 1000:>7.1f}"
            f"{statistics.median(by['province']) * 1000:>18.1f}{_pct(by['province'], 0.95) * 1000:>7.1f}"
            f"{statistics.median(both) * 1000:>9.1f}{_pct(both, 0.95) * 1000:>7.1f}"
        )


if __name__ == "__main__":
    main()
