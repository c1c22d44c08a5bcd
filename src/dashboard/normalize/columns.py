"""Column-at-a-time readers for the columns where almost every cell is different.

Timestamps, national IDs and phone numbers are unique per row, so reading them one cell at a
time is the slowest part of a load. These readers take the common shapes through Arrow's
vectorised kernels and hand every other non-blank cell to the cell readers in `values.py`,
so what a cell means is decided by one set of rules (tests check both paths agree).
"""

from __future__ import annotations

from functools import partial

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from dashboard.normalize import values as v
from dashboard.text import clean_cells

_THAI_DIGIT = "[๐-๙]"
# Shapes Google Forms writes; anything else goes through values.parse_timestamp.
_FORMATS = (
    "%d/%m/%Y, %H:%M:%S",
    "%d/%m/%Y %H:%M:%S",
    "%d/%m/%Y, %H:%M",
    "%d/%m/%Y %H:%M",
    "%d/%m/%Y",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d",
)
_DMY_HEAD = r"^(\d{1,2})/(\d{1,2})/"
_DMY_NAMED = r"^(?P<d>\d{1,2})/(?P<m>\d{1,2})/"


def _arrow(col: pd.Series) -> pa.Array:
    """The column as an Arrow string array ('' for a missing cell), read as a person sees it
    (dashboard.text), trimmed, Thai digits read as 0-9."""
    if isinstance(col.dtype, pd.StringDtype) and col.dtype.storage == "pyarrow":
        # Arrow-backed text (what the sources give): handed over without a copy per cell.
        arr = pa.array(col.array)
        if isinstance(arr, pa.ChunkedArray):
            arr = arr.combine_chunks()
        # pandas keeps large_string; one string type keeps the kernels' signatures simple.
        arr = pc.fill_null(arr.cast(pa.string()), "")
    else:
        arr = pa.array(col.astype("str").to_numpy(dtype=object, na_value=""), type=pa.string())
    arr = pc.utf8_trim_whitespace(clean_cells(arr))  # as a person reads it (dashboard.text)
    thai = pc.match_substring_regex(arr, _THAI_DIGIT)
    if pc.any(thai).as_py():
        # Arrow has no translate: only the few cells with Thai digits go through Python.
        fixed = [s.translate(v.THAI_DIGITS) for s in arr.filter(thai).to_pylist()]
        arr = pc.replace_with_mask(arr, thai, pa.array(fixed, type=arr.type))
    return arr


def _be_to_ce(arr: pa.Array) -> pa.Array:
    """D/M/YYYY with a Buddhist Era year (>= 2400) rewritten with the Christian Era year."""
    head = pc.extract_regex(arr, _DMY_NAMED + r"(?P<y>\d{4})")
    years = pc.struct_field(head, [2])
    for year in {int(y) for y in pc.unique(years).to_pylist() if y and int(y) >= 2400}:
        arr = pc.replace_substring_regex(arr, pattern=_DMY_HEAD + str(year), replacement=rf"\1/\2/{year - 543}")
    return arr


def _as_written(text: pa.Array, parsed: pa.Array, fmt: str) -> np.ndarray:
    """Whether each parse kept the day and month as written (strptime rolls 31/2 into March)."""
    if fmt.startswith("%d/%m"):
        found = pc.extract_regex(text, _DMY_NAMED)
        day, month = pc.struct_field(found, [0]), pc.struct_field(found, [1])
    else:
        found = pc.extract_regex(text, r"^\d{4}-(?P<m>\d{1,2})-(?P<d>\d{1,2})")
        day, month = pc.struct_field(found, [1]), pc.struct_field(found, [0])
    ok = pc.and_(
        pc.equal(pc.day(parsed), pc.cast(day, pa.int64())), pc.equal(pc.month(parsed), pc.cast(month, pa.int64()))
    )
    return pc.fill_null(ok, False).to_numpy(zero_copy_only=False)


def read_timestamps(col: pd.Series, window: v.Window | None = None) -> tuple[pd.Series, pd.Series]:
    """Naive Bangkok wall-clock times (datetime64[s]) and a mask of non-blank unreadable cells.

    A time outside `window` (see `values.parse_timestamp`) is unreadable; a two-digit year
    (`8/7/64`), which the formats read as the year 64, goes to the cell reader.
    """
    bounds = window or v.ANY_TIME
    low, high = (np.datetime64(t, "s").astype(np.int64) for t in (bounds.start, bounds.end))
    arr = _be_to_ce(_arrow(col))
    n = len(arr)
    seconds = np.full(n, np.datetime64("NaT", "s").astype(np.int64), dtype=np.int64)
    blank = pc.equal(arr, "").to_numpy(zero_copy_only=False)
    todo = np.flatnonzero(~blank)  # cells no format has read yet
    slow = []  # cells for the cell reader
    for fmt in _FORMATS:
        if not len(todo):
            break
        # Each format only sees the cells the ones before it could not read.
        text = arr.take(pa.array(todo))
        parsed = pc.strptime(text, format=fmt, unit="s", error_is_null=True)
        read = parsed.is_valid().to_numpy(zero_copy_only=False)
        if not read.any():
            continue
        when = pc.fill_null(parsed.cast(pa.int64()), 0).to_numpy()
        # Out of the window or a two-digit year: the cell reader decides (and says why).
        good = read & _as_written(text, parsed, fmt) & (when >= low) & (when <= high)
        seconds[todo[good]] = when[good]
        slow.append(todo[read & ~good])
        todo = todo[~read]
    rest = np.sort(np.concatenate([todo, *slow]))

    result = pd.Series(seconds.view("datetime64[s]"), index=col.index)
    bad = np.zeros(n, dtype=bool)
    if len(rest):
        # Serial numbers and any other shape: the cell reader, once per distinct text.
        reader = partial(v.parse_timestamp, window=window)
        parsed, failed = v.read_column(pd.Series(arr.take(pa.array(rest)).to_pylist(), dtype=object), reader)
        result.iloc[rest] = pd.Series(list(parsed), dtype="datetime64[s]").to_numpy()
        bad[rest] = failed.to_numpy()
    return result, pd.Series(bad, index=col.index)


def national_id_digits(col: pd.Series) -> tuple[pa.Array, np.ndarray]:
    """Digits of each ID as Arrow strings (spaces and dashes dropped), and whether each is valid."""
    digits = pc.replace_substring_regex(_arrow(col), pattern=r"[\s\-]", replacement="")
    shaped = pc.match_substring_regex(digits, r"^\d{13}$").to_numpy(zero_copy_only=False)
    valid = np.zeros(len(digits), dtype=bool)
    idx = np.flatnonzero(shaped)
    if len(idx):
        text = "".join(pc.take(digits, pa.array(idx)).to_pylist()).encode("ascii")
        d = np.frombuffer(text, dtype=np.uint8).reshape(-1, 13).astype(np.int64) - 48
        total = d[:, :12] @ np.arange(13, 1, -1)
        valid[idx] = (11 - total % 11) % 10 == d[:, 12]
    return digits, valid


def national_ids(col: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Digits of each ID (spaces and dashes dropped) and whether it is a valid Thai national ID."""
    digits, valid = national_id_digits(col)
    return (
        pd.Series(digits.to_numpy(zero_copy_only=False), index=col.index, dtype=object),
        pd.Series(valid, index=col.index),
    )


def phones(col: pd.Series) -> pd.Series:
    """Phone digits with a dropped leading zero restored (see values.restore_phone); None when blank."""
    arr = _arrow(col)
    digits = pc.replace_substring_regex(arr, pattern=r"\D", replacement="")
    length = pc.utf8_length(digits)
    plus = pc.or_(
        pc.starts_with(arr, "+66"),
        pc.and_(pc.starts_with(digits, "66"), pc.is_in(length, pa.array([10, 11], type=length.type))),
    )
    digits = pc.if_else(plus, pc.binary_join_element_wise("0", pc.utf8_slice_codeunits(digits, 2), ""), digits)
    length = pc.utf8_length(digits)
    first = pc.utf8_slice_codeunits(digits, 0, 1)
    lost = pc.or_(
        pc.and_(pc.equal(length, 9), pc.is_in(first, pa.array(list("689")))),
        pc.and_(pc.equal(length, 8), pc.is_in(first, pa.array(list("234567")))),
    )
    digits = pc.if_else(lost, pc.binary_join_element_wise("0", digits, ""), digits)
    out = digits.to_numpy(zero_copy_only=False).astype(object)
    out[out == ""] = None
    return pd.Series(out, index=col.index, dtype=object)


def fold_arrow(col: pd.Series) -> pa.Array:
    """Read as a person sees it (text.clean_text), lower case, runs of white space as one
    space, trimmed (names compared as keys).

    Names repeat (a few thousand first names over 300,000 rows), so each distinct text is
    folded once and the results are spread back with its factor codes.
    """
    codes, uniques = pd.factorize(col, use_na_sentinel=False)
    arr = pc.utf8_lower(_arrow(pd.Series(uniques, dtype=object)))
    folded = pc.utf8_trim_whitespace(pc.replace_substring_regex(arr, pattern=r"\s+", replacement=" "))
    return folded.take(pa.array(codes))


def fold(col: pd.Series) -> pd.Series:
    """Lower case, runs of white space as one space, trimmed (names compared as keys)."""
    return pd.Series(fold_arrow(col).to_numpy(zero_copy_only=False), index=col.index, dtype=object)
