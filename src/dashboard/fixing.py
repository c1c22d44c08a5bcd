"""Staff close the loop: what is left to fix, and saving a fix as a correction line.

`submit` is the only way the dashboard writes: a staff member's fix for a set-aside row of their
own provinces becomes lines of the corrections table (a local file, or the corrections
spreadsheet through the Sheets API), applied on the next pull. Scope is checked here, in the
core, whatever the page offered.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from dashboard import corrections as fx
from dashboard.access import Access
from dashboard.config import bangkok_now
from dashboard.metrics import quarantine_table
from dashboard.pipeline import Dataset, View
from dashboard.sources.sheets_append import append_rows

TO_FIX_COLUMNS = ["province_code", "province_name", "district_code", "district_name", "reason", "rows"]


def to_fix(view: View) -> pd.DataFrame:
    """The view's set-aside rows by province, district and reason, most first (for provincial
    heads: where to send someone)."""
    frames = []
    for sid in view.tables:
        t = view.tables[sid]
        q = t.loc[t["status"] == "quarantined"]
        if q.empty:
            continue
        cols = {c: q[c] if c in q else pd.Series(None, index=q.index, dtype=object)
                for c in ("province_code", "province_name", "district_code", "district_name", "reason")}
        frames.append(pd.DataFrame(cols))
    if not frames:
        return pd.DataFrame(columns=TO_FIX_COLUMNS)
    rows = pd.concat(frames, ignore_index=True).astype(object)
    rows = rows.where(rows.notna(), "")
    out = rows.groupby(["province_code", "province_name", "district_code", "district_name", "reason"], sort=False).size()
    out = out.rename("rows").reset_index().sort_values(["rows", "province_code", "district_code"], ascending=[False, True, True])
    return out.reset_index(drop=True)[TO_FIX_COLUMNS]


def to_fix_count(view: View) -> int:
    """Set-aside rows in the view (the figure on every page's data line)."""
    return sum(int((view.tables[sid]["status"] == "quarantined").sum()) for sid in view.tables)


def corrected_count(view: View) -> int:
    """Rows of the view that a correction changed."""
    return sum(int(view.tables[sid]["corrected"].sum()) for sid in view.tables if "corrected" in view.tables[sid])


def submit(
    ds: Dataset,
    source: str | Path,
    lines: list[fx.Correction],
    who: Access,
    *,
    now: datetime | None = None,
    secrets: Mapping[str, Any] | None = None,
    endpoint: str | None = None,
) -> list[fx.Correction]:
    """Check and save LINES for WHO; returns them as saved (with who and when).

    Refused (`corrections.CorrectionRefused`) unless WHO is staff and the row — as its province
    cell resolves, or the province it was filed under — and the new value's province are theirs.
    """
    if not who.signed_in:
        raise fx.CorrectionRefused.from_key("fixing.sign_in")
    stamp = fx.stamp(now or bangkok_now(ds.cfg))
    saved = []
    for c in lines:
        sid = fx.source_id(c.source, ds.cfg)
        partial = None
        if sid is not None:
            hit = ds.tables[sid].loc[ds.tables[sid]["row"] == c.row, "province_code"]
            partial = hit.iloc[0] if len(hit) and isinstance(hit.iloc[0], str) else None
        fx.check_scope(c, ds.raw.tables, ds.cfg, who.role, who.provinces, partial)
        saved.append(fx.Correction(sid or c.source, c.row, c.field, c.was, c.value, str(who.email), c.note, stamp))
    if not saved:
        return saved
    text = str(source)
    if text == "gsheets":
        append_rows([c.as_row() for c in saved], list(fx.HEADERS.values()), secrets=secrets, endpoint=endpoint)
    elif text == "demo":
        raise fx.CorrectionRefused.from_key("fixing.demo")
    else:
        fx.append_local(Path(text), saved)
    return saved


def fixable_rows(view: View, who: Access) -> pd.DataFrame:
    """The set-aside rows this person may fix (staff, rows of their provinces): source, row,
    reason, detail, the place as written and the suggestions."""
    if who.role != "staff":
        return pd.DataFrame(columns=["source", "row", "reason", "detail"])
    q = quarantine_table(view)
    if q.empty:
        return q
    keep = []
    for _, rec in q.iterrows():
        t = view.tables[rec["source"]]
        hit = t.loc[t["row"] == rec["row"]]
        prov = hit["province_code"].iloc[0] if len(hit) else None
        keep.append(who.provinces is None or (isinstance(prov, str) and prov in who.provinces))
    return q.loc[keep].reset_index(drop=True)
