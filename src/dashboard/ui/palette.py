"""Colours fixed per status and grade, shared by charts, maps and legends.

Green is good, amber is late, red needs action, grey has no answer yet — the same on every page.
"""

from __future__ import annotations

# A font stack that renders Thai in every browser we target (Sarabun/Noto when installed,
# Tahoma on Windows; the generic family lets Linux fall back to fonts-thai-tlwg).
THAI_FONT = "Sarabun, Noto Sans Thai, Tahoma, sans-serif"

STATUSES = ("on_time", "late", "missing")
STATUS_COLORS = {
    "on_time": "#2E7D32",  # green
    "late": "#F9A825",  # amber
    "missing": "#C62828",  # red
}

GRADES = ("A", "B", "C", "D")
GRADE_KEYS = (*GRADES, "unrated")
GRADE_COLORS = {
    "A": "#1A9850",  # green
    "B": "#91CF60",  # light green
    "C": "#FDAE61",  # orange
    "D": "#D73027",  # red
    "unrated": "#BDBDBD",  # grey
    "outside": "#EEEEEE",  # a district outside the view: context only
}

PAIRS = ("both", "one", "none")
PAIR_COLORS = {"both": STATUS_COLORS["on_time"], "one": STATUS_COLORS["late"], "none": STATUS_COLORS["missing"]}

PROGRESS_COLOR = "#1565C0"
PROGRESS_DONE_COLOR = STATUS_COLORS["on_time"]
TARGET_COLOR = "#E0E0E0"
DEADLINE_COLOR = "#C62828"
REPORT_COLORS = {
    "1.1": "#1565C0",
    "2.1": "#6A1B9A",
    "2.2": "#00838F",
    "3": "#EF6C00",
    "4": "#2E7D32",
}


def hex_to_rgba(color: str, alpha: int = 255) -> list[int]:
    """`#1A9850` -> `[26, 152, 80, alpha]` (deck.gl colours)."""
    h = color.lstrip("#")
    return [int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16), int(alpha)]
