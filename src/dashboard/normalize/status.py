"""Which of a source's rows are in use on an as-of day: the latest answer per key wins."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd


def assign_status(frame: pd.DataFrame, cutoff: datetime | None) -> pd.DataFrame:
    """Cut rows submitted at or after `cutoff`, then mark each row used, duplicate or quarantined.

    Among a key's rows that are not quarantined, the one with the latest timestamp is in use;
    on equal timestamps the lower one in the sheet wins.
    """
    if cutoff is not None and "submitted_at" in frame:
        frame = frame.loc[~(frame["submitted_at"] >= cutoff)]
    status = np.full(len(frame), "quarantined", dtype=object)
    ok = np.flatnonzero(frame["reason"].isna().to_numpy())
    # Candidates in time order (no timestamp first), then sheet order; only the sort keys are
    # touched, not the whole table.
    row = frame["row"].to_numpy()[ok]
    if "submitted_at" in frame:
        # NaT is the smallest int64, so rows without a timestamp sort first.
        when = frame["submitted_at"].to_numpy(dtype="datetime64[s]").view("int64")[ok]
        ok = ok[np.lexsort((row, when))]
    else:
        ok = ok[np.argsort(row, kind="stable")]
    superseded = pd.Series(frame["key"].to_numpy()[ok]).duplicated(keep="last").to_numpy()
    status[ok] = "used"
    status[ok[superseded]] = "duplicate"
    # A shallow copy: the new table shares the columns (pandas copies on write).
    return frame.assign(status=pd.Series(status, index=frame.index, dtype=object))
