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
