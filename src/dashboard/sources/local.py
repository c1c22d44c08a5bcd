"""Local source: a folder of the contract's CSV files, or one .xlsx workbook with a tab per source."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from datetime import date, datetime, time, timezone
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from dashboard.config import Config
from dashboard.errors import EmptySheet, SheetNotFound, SourceError, SourceNotFound, Words, words
from dashboard.sources.bundle import RawBundle


def frame_from_rows(rows: list[list[str]], sheet: str) -> pd.DataFrame:
    """First row is the header; ragged rows are padded with ''; fully empty rows are dropped."""
    if not rows or not any(str(c).strip() for c in rows[0]):
        raise EmptySheet.from_key("local.empty_sheet", sheet=sheet)
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
    other encodings, an empty file (or anything else it rejects) this returns None and
    `read_csv_table` reads the file with Python's csv module in the file's own encoding, which
    either copes or raises an error naming the file and the line.
    """
    try:
        if path.stat().st_size and np.count_nonzero(np.memmap(path, dtype=np.uint8, mode="r") == 34) % 2:
            # A quote never closed (34 is '"'): Arrow would drop the last row without a word.
            return None
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


# Byte-order marks, first: a file that starts with one is what it says it is.
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_ENCODING_NAMES = {"utf-8-sig": "UTF-8", "utf-8": "UTF-8", "utf-16": "UTF-16", "cp874": "Windows-874"}


def decode_csv(data: bytes, path: Path) -> tuple[str, str]:
    """The file's text and its encoding: a byte-order mark first (UTF-8 or UTF-16, as Excel's
    "Unicode text" writes), else UTF-8 when the bytes are valid UTF-8, else Windows-874 (what
    Thai Excel saves as "CSV"). Thai in Windows-874 is never valid UTF-8, so no guess is
    needed between the two."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise _not_text(path, _ENCODING_NAMES[encoding], exc) from exc
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp874"), "cp874"
    except UnicodeDecodeError as exc:
        raise _not_text(path, "UTF-8 / Windows-874", exc) from exc


def _not_text(path: Path, tried: str, exc: UnicodeDecodeError) -> SourceError:
    return SourceError.from_key("local.not_text", path=path, byte=exc.start, tried=tried)


def _delimiter(text: str) -> str:
    """Comma, or tab when the header line has more tabs than commas (Excel's "Unicode text")."""
    head = text.split("\n", 1)[0]
    return "\t" if head.count("\t") > head.count(",") else ","


def _read_csv_python(path: Path, sheet: str) -> pd.DataFrame:
    """Every cell as text (header row included), with the file's own encoding and delimiter.

    A row with more cells than the header (beyond blank ones) and a quote that is never closed
    are errors naming the file and the line, since reading on would shift or swallow answers.
    """
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError.from_key("local.unreadable", path=path, reason=exc.strerror) from exc
    text, _ = decode_csv(data, path)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    rows: list[list[str]] = []
    width = 0
    line = 1  # the line the next record starts on
    while True:
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            if "end of data" in str(exc) or "EOF" in str(exc):
                raise _csv_error(path, line, words("local.unclosed_quote")) from exc
            if '"' in str(exc):
                raise _csv_error(path, line, words("local.misplaced_quote")) from exc
            raise _csv_error(path, line, words("local.not_csv", problem=exc)) from exc
        if not rows:
            width = len(row)
        elif len(row) > width and any(c.strip() for c in row[width:]):
            raise _csv_error(path, line, words("local.extra_cells", cells=len(row), width=width))
        rows.append(row)
        line = reader.line_num + 1
    if not rows:
        raise EmptySheet.from_key("local.empty_file", sheet=sheet, file=path.name)
    body = [r[:width] + [""] * (width - len(r)) for r in rows]
    return pd.DataFrame(body, dtype=object)


def _csv_error(path: Path, line: int, what: Words) -> SourceError:
    return SourceError.from_key("local.bad_line", path=path, line=line, what=what)


def read_csv_table(path: Path, sheet: str) -> pd.DataFrame:
    frame = _read_csv_arrow(path)
    if frame is None:
        frame = _read_csv_python(path, sheet)
    if frame.empty or not any(str(c).strip() for c in frame.iloc[0]):
        raise EmptySheet.from_key("local.empty_file", sheet=sheet, file=path.name)
    header = [str(c) for c in frame.iloc[0]]
    body = frame.iloc[1:]
    body.columns = header
    body = body.reset_index(drop=True)
    # Google's CSV export writes empty trailing rows as commas only: not data.
    blank = (body == "").all(axis=1)
    if blank.any():
        body = body.loc[~blank].reset_index(drop=True)
    return body


def cell_text(value: object) -> str:
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


_MERGE_REF = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Z]+[0-9]+):([A-Z]+[0-9]+)"')


def merged_ranges(path: Path, ws) -> list[tuple[int, int, int, int]]:
    """The sheet's merged ranges as (min_col, min_row, max_col, max_row), 1-based.

    openpyxl's read-only mode streams cells and does not expose merges; full mode does, but
    read the demo workbook in 6.7 s instead of 5.3 s (CPU). The ranges are a list at the end of
    the sheet's XML, read here directly: 0.08 s more for the demo workbook.
    """
    from openpyxl.utils.cell import range_boundaries

    member = getattr(ws, "_worksheet_path", None)
    if not member:
        return []
    with zipfile.ZipFile(path) as archive:
        data = archive.read(member)
    tail = data.rfind(b"</sheetData>")
    found = _MERGE_REF.findall(data, max(tail, 0))
    return [range_boundaries(f"{a.decode()}:{b.decode()}") for a, b in found]


def _fill_merged(rows: list[list[str]], ranges: list[tuple[int, int, int, int]]) -> None:
    """A merged range reads as its top-left value in every cell it covers, as a person sees it."""
    for min_col, min_row, max_col, max_row in ranges:
        if min_row > len(rows):
            continue
        top = rows[min_row - 1]
        value = top[min_col - 1] if min_col - 1 < len(top) else ""
        for r in range(min_row - 1, min(max_row, len(rows))):
            row = rows[r]
            if len(row) < max_col:
                row.extend([""] * (max_col - len(row)))
            for c in range(min_col - 1, max_col):
                row[c] = value


def read_xlsx(path: Path, cfg: Config) -> dict[str, pd.DataFrame]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a bad file
        raise SourceError.from_key("local.not_workbook", path=path, kind=exc.__class__.__name__) from exc
    tables: dict[str, pd.DataFrame] = {}
    try:
        names = {name.strip(): name for name in book.sheetnames}
        for sid in cfg.source_ids:
            spec = cfg.sources[sid]
            if spec.stem not in names:
                raise SheetNotFound.from_key(
                    "local.no_tab", book=path.name, stem=spec.stem, title=Words(spec.title_th, spec.title_en),
                    tabs=", ".join(book.sheetnames),
                )
            ws = book[names[spec.stem]]
            rows = [[cell_text(c) for c in r] for r in ws.iter_rows(values_only=True)]
            _fill_merged(rows, merged_ranges(path, ws))
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
        raise SourceNotFound.from_key("local.not_found", path=path)
    if path.is_dir():
        tables: dict[str, pd.DataFrame] = {}
        for sid in cfg.source_ids:
            spec = cfg.sources[sid]
            file = path / spec.file
            if not file.exists():
                raise SheetNotFound.from_key(
                    "local.no_file", path=path, file=spec.file, title=Words(spec.title_th, spec.title_en)
                )
            tables[sid] = read_csv_table(file, spec.file)
        label = str(path)
    elif path.suffix.lower() in (".xlsx", ".xlsm"):
        tables = read_xlsx(path, cfg)
        label = path.name
    else:
        raise SourceError.from_key("local.not_a_source", path=path)
    mtime = max((p.stat().st_mtime for p in ([path] if path.is_file() else path.iterdir())), default=0)
    return RawBundle(
        tables=tables,
        kind="local",
        label=label,
        pulled_at=datetime.fromtimestamp(mtime, tz=timezone.utc).astimezone(cfg.timezone),
    )
