"""Reading single cells: dates, numbers, choices, links, durations, national IDs, phones.

Each reader takes the cell's text and returns the value, `None` for a blank cell, or raises
`ValueError` when the text cannot be read. `read_column` applies one over a column, once per
distinct text, so a 30,000-row sheet costs as many calls as it has distinct answers.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlsplit

import numpy as np
import pandas as pd
import pyarrow as pa

from dashboard.config import fold_choice
from dashboard.text import THAI_DIGITS, clean_arrow, clean_text

SHEETS_EPOCH = datetime(1899, 12, 30)


def is_blank(text: str) -> bool:
    return not text or not text.strip()


# ---- timestamps ----------------------------------------------------------------------------

_DMY = re.compile(
    r"^\s*(\d{1,2})/(\d{1,2})/(\d{4}|\d{2})(?:\s*,?\s*(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*$"
)
_ISO = re.compile(
    r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?\s*$"
)
_SERIAL = re.compile(r"^\s*\d+(?:\.\d+)?\s*$")


@dataclass(frozen=True)
class Window:
    """The times a response can have been sent (naive Bangkok wall-clock, both ends included):
    from some days before the programme opens to the moment of the pull."""

    start: datetime
    end: datetime

    def __contains__(self, when: datetime) -> bool:
        return self.start <= when <= self.end


# Without a programme window (a reader used on its own), a year is only checked for sense.
ANY_TIME = Window(datetime(1900, 1, 1), datetime(2400, 1, 1))


def _two_digit_year(yy: int, month: int, day: int, rest: tuple[int, int, int], window: Window | None) -> datetime:
    """`8/7/64`: whichever of 25yy (Buddhist Era) or 20yy falls in the window (without one: the
    later of the two that is not in the future)."""
    candidates = []
    for year in (2500 + yy - 543, 2000 + yy):
        try:
            candidates.append(datetime(year, month, day, *rest))
        except ValueError:
            continue
    if window is None:
        now = datetime.now()
        fits = [c for c in candidates if c <= now] or candidates
        if not fits:
            raise ValueError(f"day {day}/{month} does not exist")
        return max(fits)
    fits = [c for c in candidates if c in window]
    if not fits:
        raise ValueError(f"year '{yy}' is outside the programme's window")
    return fits[0]


def parse_timestamp(text: str, window: Window | None = None) -> datetime | None:
    """Naive wall-clock time (Asia/Bangkok) of a Forms timestamp: serial, D/M/Y (BE or CE, four
    or two digits), ISO. With a `window`, a time outside it cannot be a response: ValueError."""
    if is_blank(text):
        return None
    text = text.translate(THAI_DIGITS)
    if _SERIAL.match(text):
        days = float(text)
        if not 20000 < days < 80000:  # 1954..2118: anything else is not a response time
            raise ValueError(f"serial {text} is out of range")
        seconds = round(days * 86400)
        when = SHEETS_EPOCH + timedelta(seconds=seconds)
    else:
        m = _DMY.match(text)
        if m:
            day, month, year = int(m[1]), int(m[2]), int(m[3])
        else:
            m = _ISO.match(text)
            if not m:
                raise ValueError(f"'{text}' is not a date")
            year, month, day = int(m[1]), int(m[2]), int(m[3])
        rest = tuple(int(m[i]) if m[i] else 0 for i in (4, 5, 6))
        if len(m[3 if m.re is _DMY else 1]) == 2:
            return _two_digit_year(year, month, day, rest, window)
        if year >= 2400:
            year -= 543
        when = datetime(year, month, day, *rest)
    if when not in (window or ANY_TIME):
        raise ValueError(f"'{text}' is outside the programme's window")
    return when


# ---- numbers -------------------------------------------------------------------------------

_NUMBER = re.compile(r"^([+-]?\d+(?:\.\d+)?)\s*([^\d\s.,+-][^\d]*)?$")


def _number_text(text: str) -> str:
    cleaned = text.translate(THAI_DIGITS).strip().replace(",", "").replace("\u00a0", " ")
    return re.sub(r"(?<=\d)\s+(?=\d)", "", cleaned)  # "1 200" as a separator


def parse_number(text: str) -> float | None:
    """A number with Thai digits, separators and a trailing unit word (`๑,๒๐๐ ครัวเรือน`)."""
    if is_blank(text):
        return None
    m = _NUMBER.match(_number_text(text))
    if not m:
        raise ValueError(f"'{text}' is not a number")
    value = float(m[1])
    if not math.isfinite(value):
        raise ValueError(f"'{text}' is not a number")
    return value


def parse_whole(text: str) -> int | None:
    """A whole number, exact however many digits it has (a count past 64 bits is read, and set
    aside as above any maximum by the form's checks, not failed here)."""
    if is_blank(text):
        return None
    m = _NUMBER.match(_number_text(text))
    if m and "." not in m[1]:
        return int(m[1])
    value = parse_number(text)
    if not float(value).is_integer():
        raise ValueError(f"'{text}' is not a whole number")
    return int(value)


# ---- choices -------------------------------------------------------------------------------

_GRADE_LETTER = re.compile(r"^\s*(?:ระดับ\s*)?([abcd])(?:\s*$|[\s(\-–:.])", re.IGNORECASE)


def choice_reader(spellings: dict[str, str], *, grade: bool = False) -> Callable[[str], str | None]:
    def read(text: str) -> str | None:
        if is_blank(text):
            return None
        folded = fold_choice(text)
        hit = spellings.get(folded)
        if hit is None:
            hit = spellings.get(folded.replace(" ", ""))
        if hit is None and grade:
            m = _GRADE_LETTER.match(folded)
            if m:
                hit = m[1].upper()
        if hit is None:
            raise ValueError(f"'{text}' is not one of the answers")
        return hit

    return read


# ---- YouTube links -------------------------------------------------------------------------

_VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
_YOUTUBE_HOSTS = {"youtube.com", "www.youtube.com", "m.youtube.com", "music.youtube.com"}


def parse_youtube(text: str) -> str | None:
    """The 11-character video id of a YouTube video link."""
    if is_blank(text):
        return None
    url = text.strip()
    if "://" not in url:
        url = "https://" + url
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    path = [p for p in parts.path.split("/") if p]
    candidate = None
    if host in ("youtu.be", "www.youtu.be") and path:
        candidate = path[0]
    elif host in _YOUTUBE_HOSTS:
        if path[:1] == ["watch"]:
            candidate = (parse_qs(parts.query).get("v") or [None])[0]
        elif len(path) >= 2 and path[0] in ("shorts", "embed", "live", "v"):
            candidate = path[1]
    if candidate and _VIDEO_ID.match(candidate):
        return candidate
    raise ValueError(f"'{text}' is not a YouTube video link")


# ---- durations -----------------------------------------------------------------------------

_CLOCK = re.compile(r"^(?:(\d+):)?(\d{1,3}):(\d{2})$")
_MIN_SEC = re.compile(
    r"^(?:(\d+(?:\.\d+)?)\s*(?:นาที|min(?:ute)?s?|m)\.?)?\s*(?:(\d+(?:\.\d+)?)\s*(?:วินาที|วิ|sec(?:ond)?s?|s)\.?)?$"
)


# A length no clip can have (about 31 years): past it a cell is not a clip length but a number
# typed by mistake, and it could not be stored as a 64-bit count.
_MOST_SECONDS = 10**9


def _seconds(text: str, seconds: int) -> int:
    if seconds >= _MOST_SECONDS:
        raise ValueError(f"'{text}' is not a duration")
    return seconds


def parse_duration(text: str) -> int | None:
    """Seconds of a clip length: `2:45`, `3 นาที`, `150 วินาที`, `2 นาที 30 วินาที`, `2.5`."""
    if is_blank(text):
        return None
    s = text.translate(THAI_DIGITS).strip().lower().replace("\u00a0", " ")
    m = _CLOCK.match(s.replace(" ", ""))
    if m:
        if m[1] and int(m[1]) >= 1 and m[3] == "00":
            # "2:45:00": a sheet read the typed "2:45" as a time of day and exports it so.
            return int(m[1]) * 60 + int(m[2])
        hours = int(m[1]) if m[1] else 0
        return _seconds(text, hours * 3600 + int(m[2]) * 60 + int(m[3]))
    try:
        bare = float(s)
    except ValueError:
        bare = None
    if bare is not None and not (math.isfinite(bare) and abs(bare) < _MOST_SECONDS):
        raise ValueError(f"'{text}' is not a duration")
    if bare is not None:
        if 0 < bare < 1:
            # A sheet that read "2:45" as 02:45 stores a fraction of a day: hours were minutes.
            return round(bare * 1440)
        return round(bare * 60)
    m = _MIN_SEC.match(s)
    if m and (m[1] or m[2]):
        minutes = float(m[1]) if m[1] else 0.0
        seconds = float(m[2]) if m[2] else 0.0
        total = minutes * 60 + seconds
        if not math.isfinite(total):
            raise ValueError(f"'{text}' is not a duration")
        return _seconds(text, round(total))
    raise ValueError(f"'{text}' is not a duration")


# ---- people --------------------------------------------------------------------------------


def national_id_digits(text: str) -> str:
    return re.sub(r"[\s\-]", "", str(text).translate(THAI_DIGITS))


def valid_national_id(digits: str) -> bool:
    """13 digits whose last is the Thai check digit."""
    if len(digits) != 13 or not digits.isdigit():
        return False
    total = sum(int(d) * (13 - i) for i, d in enumerate(digits[:12]))
    return (11 - total % 11) % 10 == int(digits[12])


def restore_phone(text: str) -> str | None:
    """Digits of a Thai phone number, with a leading zero a sheet dropped put back."""
    if is_blank(text):
        return None
    digits = re.sub(r"\D", "", text.translate(THAI_DIGITS))
    if text.strip().startswith("+66") or (digits.startswith("66") and len(digits) in (10, 11)):
        digits = "0" + digits[2:]
    if len(digits) == 9 and digits[0] in "689":
        digits = "0" + digits
    elif len(digits) == 8 and digits[0] in "234567":
        digits = "0" + digits
    return digits or None


# ---- applying a reader over a column ------------------------------------------------------


def read_distinct(column: pd.Series, reader: Callable[[str], Any]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Factor codes per cell, and per distinct text its value (None for blank) and whether it failed.

    The reader runs once per distinct text, on the text as a person reads it
    (`dashboard.text.clean_text`). Factorizing an Arrow-backed column hashes the
    strings in Arrow: no Python string is made per cell, only one per distinct text.
    """
    codes, uniques = pd.factorize(column)
    values = np.empty(len(uniques), dtype=object)
    bad = np.zeros(len(uniques), dtype=bool)
    for i, text in enumerate(_cleaned(uniques)):
        try:
            values[i] = reader(text)
        except Exception:  # noqa: BLE001 - whatever one cell holds, it fails that cell, never the load
            bad[i] = True
    return codes, values, bad


def _cleaned(uniques) -> list:
    """Distinct texts as a person reads them (dashboard.text): Arrow's search finds the few
    that need Python, which for a column of numbers costs far less than a search per text."""
    if not len(uniques):
        return []
    try:
        arr = pa.array(uniques, type=pa.string(), from_pandas=True)
    except (pa.ArrowInvalid, pa.ArrowTypeError):  # not all text: cleaned one by one
        return [clean_text(t) if isinstance(t, str) else t for t in uniques]
    return clean_arrow(arr).to_pylist()


def read_column(column: pd.Series, reader: Callable[[str], Any]) -> tuple[np.ndarray, pd.Series]:
    """Values (None for blank) and a boolean mask of the cells that could not be read.

    The reader runs once per distinct text; the results are spread back with the factor codes.
    """
    codes, values, bad = read_distinct(column, reader)
    return values[codes], pd.Series(bad[codes], index=column.index, dtype=bool)
