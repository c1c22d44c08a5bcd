"""Colours fixed per status and grade, shared by charts, maps and legends.

Green is good, amber is late, red needs action, grey has no answer yet — the same on every page.
"""

from __future__ import annotations

from dashboard.config import GRADES, REPORT_IDS

# A font stack that renders Thai in every browser we target (Sarabun/Noto when installed,
# Tahoma on Windows; the generic family lets Linux fall back to fonts-thai-tlwg).
THAI_FONT = "Sarabun, Noto Sans Thai, Tahoma, sans-serif"

STATUSES = ("on_time", "late", "missing")
STATUS_COLORS = {
    "on_time": "#2E7D32",  # green
    "late": "#F9A825",  # amber
    "missing": "#C62828",  # red
}

# The grades are the configuration's (config.GRADES, best first); one colour each, in that order:
# a grade added without its colour stops the import rather than showing in a default colour.
GRADE_KEYS = (*GRADES, "unrated")
GRADE_COLORS = {
    **dict(zip(GRADES, ("#1A9850", "#91CF60", "#FDAE61", "#D73027"), strict=True)),  # green, light green, orange, red
    "unrated": "#BDBDBD",  # grey
    "outside": "#EEEEEE",  # a district outside the view: context only
}

PAIRS = ("both", "one", "none")
PAIR_COLORS = {"both": STATUS_COLORS["on_time"], "one": STATUS_COLORS["late"], "none": STATUS_COLORS["missing"]}

PROGRESS_COLOR = "#1565C0"
PROGRESS_DONE_COLOR = STATUS_COLORS["on_time"]
TARGET_COLOR = "#E0E0E0"
DEADLINE_COLOR = "#C62828"
# One line colour per report form, in the configuration's order (config.REPORT_IDS); the spare
# colours go to forms added to programme.toml, so a new form's line is told from the others.
REPORT_PALETTE = ("#1565C0", "#6A1B9A", "#00838F", "#EF6C00", "#2E7D32", "#AD1457", "#4E342E", "#558B2F")
REPORT_COLORS = {r: REPORT_PALETTE[i % len(REPORT_PALETTE)] for i, r in enumerate(REPORT_IDS)}


def hex_to_rgba(color: str, alpha: int = 255) -> list[int]:
    """`#1A9850` -> `[26, 152, 80, alpha]` (deck.gl colours)."""
    h = color.lstrip("#")
    return [int(h[0:2], 16), int(h[2:4], 16), int(h[4:6], 16), int(alpha)]
