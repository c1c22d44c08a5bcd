"""How fast the command line starts, and that it loads no UI library.

    python benchmarks/cli_start.py [--source demo] [--repeat 5]

Prints the median wall time of `python -m dashboard --help` (start-up alone) and of
`python -m dashboard report --source SOURCE` (start-up + load + figures), each in a fresh
process, and which of streamlit / plotly / pydeck the report imported (from -X importtime).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

UI_LIBRARIES = ("streamlit", "plotly", "pydeck")


def wall(args: list[str], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, *args], check=True, capture_output=True)
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def imported_ui(source: str) -> list[str]:
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "dashboard", "report", "--source", source],
        check=True,
        capture_output=True,
        text=True,
    )
    top = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in out.stderr.splitlines() if "|" in line}
    return sorted(lib for lib in UI_LIBRARIES if lib in top)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--source", default="demo")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args()
    help_s = wall(["-m", "dashboard", "--help"], args.repeat)
    report_s = wall(["-m", "dashboard", "report", "--source", args.source], args.repeat)
    ui = imported_ui(args.source)
    print(f"{'command':<44}{'median s':>10}")
    print(f"{'python -m dashboard --help':<44}{help_s:>10.3f}")
    print(f"{'python -m dashboard report --source ' + args.source:<44}{report_s:>10.3f}")
    print(f"UI libraries imported by the report: {', '.join(ui) if ui else 'none'}")


if __name__ == "__main__":
    main()
