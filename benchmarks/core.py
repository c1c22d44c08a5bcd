"""Core speed: load + normalize + metrics vs plain pandas.read_csv of the same files.

    python benchmarks/core.py [--scales 1 10] [--repeat 3] [--data DIR]

Prints, per data size: rows, the read_csv floor, the core's time, their ratio, and the peak
memory (max RSS) of a process that ran the core once. Each measurement runs in a fresh
process so imports and caches of one do not flatter another.
"""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _measure(folder: str, repeat: int) -> dict:
    import resource

    import pandas as pd

    from dashboard import metrics
    from dashboard.config import load_config
    from dashboard.pipeline import load_dataset, make_view

    cfg = load_config()
    files = [Path(folder) / s.file for s in cfg.sources.values()]
    floor, core, phases = [], [], []
    rows = 0
    for _ in range(repeat):
        t0 = time.perf_counter()
        frames = [pd.read_csv(f) for f in files]
        floor.append(time.perf_counter() - t0)
        rows = sum(len(f) for f in frames)
        del frames
        t0 = time.perf_counter()
        ds = load_dataset(folder, cfg)
        t1 = time.perf_counter()
        view = make_view(ds)
        metrics.report_dict(view)
        for r in ("1.1", "2.1", "2.2", "3", "4"):
            metrics.completeness_by_area(view, r)
        metrics.cumulative_submissions(view)
        metrics.province_ranking(view)
        t2 = time.perf_counter()
        core.append(t2 - t0)
        phases.append((t1 - t0, t2 - t1))
        # Free this run's data before the next, so the peak is that of one run of the core
        # (not of two datasets alive at once).
        del ds, view
        gc.collect()
    best = min(range(repeat), key=lambda i: core[i])
    return {
        "rows": rows,
        "floor_s": min(floor),
        "core_s": core[best],
        "load_normalize_s": phases[best][0],
        "view_metrics_s": phases[best][1],
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def _run_child(folder: Path, repeat: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--child", str(folder), "--repeat", str(repeat)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scales", nargs="+", type=float, default=[1, 10])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--child", default=None)
    ap.add_argument("--data", default=None, help="keep generated data here (reused when present)")
    args = ap.parse_args()
    if args.child:
        print(json.dumps(_measure(args.child, args.repeat)))
        return

    results = []
    with tempfile.TemporaryDirectory() as tmp:
        tmp = args.data or tmp
        for scale in args.scales:
            if scale == 1:
                folder = ROOT / "data" / "demo"
                label = "demo (1×)"
            else:
                from dashboard.demo import generate

                folder = Path(tmp) / f"x{scale:g}"
                if not (folder / "register.csv").exists():
                    t0 = time.perf_counter()
                    generate(seed=42, scale=scale).write_csv(folder)
                    print(f"generated {scale:g}× data in {time.perf_counter() - t0:.1f} s", file=sys.stderr)
                label = f"generated {scale:g}×"
            r = _run_child(folder, args.repeat)
            r["label"] = label
            results.append(r)

    print(f"{'data':<16}{'rows':>9}{'read_csv s':>12}{'core s':>9}{'ratio':>7}{'load+norm s':>13}{'view+metrics s':>16}{'peak MiB':>10}")
    for r in results:
        print(
            f"{r['label']:<16}{r['rows']:>9,}{r['floor_s']:>12.3f}{r['core_s']:>9.3f}"
            f"{r['core_s'] / r['floor_s']:>7.2f}{r['load_normalize_s']:>13.3f}{r['view_metrics_s']:>16.3f}"
            f"{r['peak_rss_mib']:>10.0f}"
        )
    if len(results) > 1:
        print(f"scaling: {results[-1]['label']} took {results[-1]['core_s'] / results[0]['core_s']:.1f}× the 1× time")


if __name__ == "__main__":
    main()
