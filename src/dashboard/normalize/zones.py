"""Spreadsheet time zones: a Forms timestamp is wall-clock time in its spreadsheet's zone.

Google Forms writes the time of a response in the time zone of the spreadsheet it fills (File →
Settings), which is not always the programme's: a spreadsheet created by a service account is
GMT, one set up abroad has that country's zone. The readers give naive wall-clock times; these
functions say which zone they are in and turn them into the programme's.
"""

from __future__ import annotations

from datetime import datetime, timezone
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import numpy as np
import pandas as pd

from dashboard.normalize.values import Window


def sheet_zone(name: str | None, programme: ZoneInfo) -> ZoneInfo:
    """The zone called `name` (an IANA name, as the Sheets API gives it), else the programme's."""
    if not name or name == programme.key:
        return programme
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return programme


def _move(when: datetime, src: ZoneInfo, dst: ZoneInfo) -> datetime:
    return when.replace(tzinfo=src).astimezone(timezone.utc).astimezone(dst).replace(tzinfo=None)


def zone_window(window: Window, programme: ZoneInfo, zone: ZoneInfo) -> Window:
    """The programme's window (naive programme wall-clock) as naive wall-clock times in `zone`."""
    return Window(_move(window.start, programme, zone), _move(window.end, programme, zone))


def in_zone(naive: pd.Series, zone: ZoneInfo, programme: ZoneInfo) -> pd.Series:
    """Naive wall-clock times in `zone` as aware times in the programme's zone.

    A time the clocks skip (spring forward) is read as the first time after the gap; a time they
    pass twice (fall back) as the later, standard-time one: Forms gives no offset to tell.
    """
    if zone == programme:
        return naive.dt.tz_localize(programme)
    local = naive.dt.tz_localize(zone, ambiguous=np.zeros(len(naive), dtype=bool), nonexistent="shift_forward")
    return local.dt.tz_convert(programme)
