"""Local source: a folder of the contract's CSV files, or one .xlsx workbook with a tab per source."""

from __future__ import annotations

import csv
from datetime import date, datetime, time, timezone
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from dashboard.config import SOURCE_IDS, Config
from dashboard.errors import EmptySheet, SheetNotFound, SourceError, SourceNotFound
from dashboard.sources import RawBundle


def frame_from_rows(rows: list[list[str]], sheet: str) -> pd.DataFrame:
    """First row is the header; ragged rows are padded with ''; fully empty rows are dropped."""
    if not rows or not any(str(c).strip() for c in rows[0]):
        raise EmptySheet(
            f"Sheet '{sheet}' is empty: it has no header row.",
            f"ชีต '{sheet}' ว่างเปล่า ไม่มีแถวหัวคอลัมน์",
        )
    header = [str(c) for c in rows[0]]
    width = len(header)
    body = []
    for r in rows[1:]:
        cells = ["" if c is None else str(c) for c in r[:width]]
        if len(cells) < width:
            cells.extend([""] * (width - len(cells)))
        body.append(cells)
    frame = pd.DataFrame(body, columns=header, dtype=object)
    return frame


def _read_csv_arrow(path: Path) -> pd.DataFrame | None:
    """Every cell as text (header row included) with Arrow's CSV reader, or None to fall back.

    Arrow reads a sheet several times faster than pandas and keeps the text as Arrow strings,
    which is what the rest of the core works on. It reads only regular files: on ragged rows,
    invalid UTF-8, an empty file (or anything else it rejects) this returns None and
    `read_csv_table` reads the file with pandas, which either copes or raises the errors whose
    messages staff see.
    """
    try:
        # The width of the header row, so that every column can be typed as text up front
        # (Arrow would otherwise guess numbers and drop leading zeros).
        with open(path, encoding="utf-8-sig", newline="") as fh:
            width = len(next(csv.reader(fh)))
        names = [str(i) for i in range(width)]
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(column_names=names),
            # A blank line reads as a row of '' (as pandas does) and is dropped with the others.
            parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types=dict.fromkeys(names, pa.string())),
        )
    except (OSError, UnicodeDecodeError, StopIteration, csv.Error, pa.ArrowException):
        return None
    return table.to_pandas()


def _read_csv_pandas(path: Path, sheet: str) -> pd.DataFrame:
    try:
        return pd.read_csv(
            path,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            header=None,
            encoding="utf-8-sig",
            skip_blank_lines=False,
        )
    except pd.errors.EmptyDataError as exc:
        raise EmptySheet(
            f"Sheet '{sheet}' ({path.name}) is empty: it has no header row.",
            f"ชีต '{sheet}' ({path.name}) ว่างเปล่า ไม่มีแถวหัวคอลัมน์",
        ) from exc
    except (UnicodeDecodeError, pd.errors.ParserError, csv.Error) as exc:
        raise SourceError(
            f"Cannot read {path}: it is not a UTF-8 CSV file ({exc.__class__.__name__}). "
            "Download it again from Google Sheets with File → Download → CSV.",
            f"อ่านไฟล์ {path} ไม่ได้ ไม่ใช่ไฟล์ CSV แบบ UTF-8 กรุณาดาวน์โหลดใหม่จาก Google Sheets (ไฟล์ → ดาวน์โหลด → CSV)",
        ) from exc
    except OSError as exc:
        raise SourceError(f"Cannot read {path}: {exc.strerror}", f"อ่านไฟล์ {path} ไม่ได้") from exc


def read_csv_table(path: Path, sheet: str) -> pd.DataFrame:
    frame = _read_csv_arrow(path)
    if frame is None:
        frame = _read_csv_pandas(path, sheet)
    if frame.empty or not any(str(c).strip() for c in frame.iloc[0]):
        raise EmptySheet(
            f"Sheet '{sheet}' ({path.name}) is empty: it has no header row.",
            f"ชีต '{sheet}' ({path.name}) ว่างเปล่า ไม่มีแถวหัวคอลัมน์",
        )
    header = [str(c) for c in frame.iloc[0]]
    body = frame.iloc[1:]
    body.columns = header
    body = body.reset_index(drop=True)
    # Google's CSV export writes empty trailing rows as commas only: not data.
    blank = (body == "").all(axis=1)
    if blank.any():
        body = body.loc[~blank].reset_index(drop=True)
    return body


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M:%S")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, time):
        return value.strftime("%H:%M:%S")
    return str(value)


def read_xlsx(path: Path, cfg: Config) -> dict[str, pd.DataFrame]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a bad file
        raise SourceError(
            f"Cannot open {path} as an Excel workbook ({exc.__class__.__name__}).",
            f"เปิดไฟล์ {path} เป็นสมุดงาน Excel ไม่ได้",
        ) from exc
    tables: dict[str, pd.DataFrame] = {}
    try:
        names = {name.strip(): name for name in book.sheetnames}
        for sid in SOURCE_IDS:
            spec = cfg.sources[sid]
            if spec.stem not in names:
                raise SheetNotFound(
                    f"Workbook {path.name} has no tab '{spec.stem}' ({spec.title_en}). Tabs: {', '.join(book.sheetnames)}.",
                    f"สมุดงาน {path.name} ไม่มีแท็บ '{spec.stem}' ({spec.title_th})",
                )
            ws = book[names[spec.stem]]
            rows = [[_cell_text(c) for c in r] for r in ws.iter_rows(values_only=True)]
            while rows and not any(c.strip() for c in rows[-1]):
                rows.pop()
            frame = frame_from_rows(rows, spec.stem)
            blank = (frame == "").all(axis=1)
            tables[sid] = frame.loc[~blank].reset_index(drop=True) if blank.any() else frame
    finally:
        book.close()
    return tables


def read_local(path: Path, cfg: Config) -> RawBundle:
    if not path.exists():
        raise SourceNotFound(f"Source {path} does not exist.", f"ไม่พบแหล่งข้อมูล {path}")
    if path.is_dir():
        tables: dict[str, pd.DataFrame] = {}
        for sid in SOURCE_IDS:
            spec = cfg.sources[sid]
            file = path / spec.file
            if not file.exists():
                raise SheetNotFound(
                    f"Folder {path} has no {spec.file} ({spec.title_en}).",
                    f"โฟลเดอร์ {path} ไม่มีไฟล์ {spec.file} ({spec.title_th})",
                )
            tables[sid] = read_csv_table(file, spec.file)
        label = str(path)
    elif path.suffix.lower() in (".xlsx", ".xlsm"):
        tables = read_xlsx(path, cfg)
        label = path.name
    else:
        raise SourceError(
            f"Source {path} is neither a folder of CSV files nor an .xlsx workbook.",
            f"แหล่งข้อมูล {path} ไม่ใช่โฟลเดอร์ไฟล์ CSV หรือไฟล์ .xlsx",
        )
    mtime = max((p.stat().st_mtime for p in ([path] if path.is_file() else path.iterdir())), default=0)
    return RawBundle(
        tables=tables,
        kind="local",
        label=label,
        pulled_at=datetime.fromtimestamp(mtime, tz=timezone.utc).astimezone(cfg.timezone),
    )
