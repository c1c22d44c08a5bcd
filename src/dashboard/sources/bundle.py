"""What every reader returns: the raw text tables of one pull and where they came from."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

import pandas as pd


@dataclass
class RawBundle:
    tables: dict[str, pd.DataFrame]
    kind: str  # "demo" | "local" | "gsheets"
    label: str  # what the user sees: a folder, a file, "Google Sheets"
    pulled_at: datetime
    stale: bool = False
    stale_reason: str | None = None
    notes: list[str] = field(default_factory=list)
    # Source id -> the time zone its spreadsheet writes timestamps in (Google Sheets only; a
    # source not named here is in the programme's zone, as local files are).
    zones: dict[str, str] = field(default_factory=dict)


def other_zones(raw: RawBundle, cfg) -> list[tuple[str, str]]:
    """(source id, zone) of every source whose spreadsheet is not in the programme's time zone."""
    return [(sid, zone) for sid, zone in raw.zones.items() if zone != cfg.timezone.key and sid in cfg.sources]
