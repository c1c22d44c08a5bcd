"""Sources return raw string tables, one per contract source id; typing happens in normalize.

A raw table is a DataFrame whose columns are the headers exactly as the sheet has them and whose
cells are all text ('' for an empty cell). Row i of the frame is row i + 2 of the sheet (row 1
holds the headers), which is the row number staff see in Google Sheets.
"""

from __future__ import annotations

from pathlib import Path

from dashboard.config import DEMO_DIR, Config
from dashboard.sources.bundle import RawBundle

__all__ = ["RawBundle", "read_source"]


def read_source(source: str | Path, cfg: Config, *, headers_checked: bool = True) -> RawBundle:
    """Read SOURCE: 'demo', 'gsheets', a folder of CSV files or an .xlsx workbook.

    `headers_checked` False reads Google Sheets whose required headers are missing (the header
    check's pull); local files are never checked here (the normalizer does it).
    """
    text = str(source)
    if text == "gsheets":
        from dashboard.sources.gsheets import read_gsheets

        return read_gsheets(cfg, headers_checked=headers_checked)
    from dashboard.sources.local import read_local

    if text == "demo":
        bundle = read_local(DEMO_DIR, cfg)
        bundle.kind = "demo"
        return bundle
    bundle = read_local(Path(text), cfg)
    _read_local_corrections(bundle, Path(text))
    return bundle


def _read_local_corrections(bundle: RawBundle, path: Path) -> None:
    """The optional corrections table in the same pull: `corrections.csv` in the folder, or the
    workbook's `corrections` tab (see dashboard.corrections)."""
    from dashboard.corrections import CORRECTIONS, read_corrections_file, read_corrections_tab

    table = read_corrections_file(path / f"{CORRECTIONS}.csv") if path.is_dir() else read_corrections_tab(path)
    if table is not None:
        bundle.tables[CORRECTIONS] = table
