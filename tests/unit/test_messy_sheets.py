"""The demo sheets as they really arrive (pasted text, a question added twice, merged cells,
Thai Excel's encodings) give the clean demo's figures, or one clear error naming the line."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from openpyxl import Workbook

from dashboard import metrics
from dashboard.config import load_config
from dashboard.errors import SourceError
from dashboard.pipeline import load_dataset, make_view

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"
ZWSP = "\u200b"
AM, DECOMPOSED = "\u0e33", "\u0e4d\u0e32"


def _report(src: Path) -> dict:
    return metrics.report_dict(make_view(load_dataset(src, load_config())))


@pytest.fixture(scope="module")
def clean():
    return _report(DEMO)


def _read(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        return list(csv.reader(fh))


def _write(path: Path, rows: list[list[str]], encoding: str = "utf-8", delimiter: str = ",") -> None:
    with open(path, "w", encoding=encoding, newline="") as fh:
        csv.writer(fh, delimiter=delimiter).writerows(rows)


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "demo"
    shutil.copytree(DEMO, folder)
    return folder


def _edit(folder: Path, file: str, edit) -> None:
    rows = _read(folder / file)
    _write(folder / file, edit(rows))


def _column(rows: list[list[str]], header: str) -> int:
    return rows[0].index(header)


def test_zwsp_after_every_register_province(tmp_path, clean):
    folder = _copy(tmp_path)

    def edit(rows):
        i = _column(rows, "จังหวัด")
        for r in rows[1:]:
            r[i] = r[i] + ZWSP
        return rows

    _edit(folder, "register.csv", edit)
    got = _report(folder)
    assert got["reports"]["1.1"]["expected"] == 2000
    assert got == clean


def test_zwsp_and_decomposed_sara_am_in_district_and_tambon_cells(tmp_path, clean):
    folder = _copy(tmp_path)

    def edit(rows):
        for header in ("อำเภอ", "ตำบล"):
            i = _column(rows, header)
            for n, r in enumerate(rows[1:]):
                text = r[i].replace(AM, DECOMPOSED)  # อําเภอ, สําโรง
                r[i] = text[:2] + ZWSP + text[2:] if n % 2 else ZWSP + text + "\u00a0"
        return rows

    for file in ("form_1_1.csv", "form_2_1.csv", "form_2_2.csv"):
        _edit(folder, file, edit)
    got = _report(folder)
    assert got["issues"].get("unknown_place", 0) == clean["issues"].get("unknown_place", 0)
    assert got == clean
    # what staff are told quotes the text as it reads, without the invisible characters
    ds = load_dataset(folder, load_config())
    details = ds.tables["1.1"]["detail"].dropna()
    assert len(details) and not details.str.contains(ZWSP).any()
    assert not details.str.contains("\u0e4d").any()


def test_invisible_character_in_a_header(tmp_path, clean):
    folder = _copy(tmp_path)

    def edit(rows):
        rows[0] = [h + ZWSP if h == "จังหวัด" else "\ufeff" + h for h in rows[0]]
        return rows

    _edit(folder, "form_1_1.csv", edit)
    assert _report(folder) == clean


def _split_question(rows, header, suffix=""):
    """The question deleted and added again: a second column of one title; answers split."""
    i = _column(rows, header)
    rows[0].append(header + suffix)
    for n, r in enumerate(rows[1:]):
        r.append(r[i] if n % 2 else "")
        if n % 2:
            r[i] = ""
    return rows


@pytest.mark.parametrize("suffix", ["", " 2", ".1"])
def test_a_question_added_twice_is_one_question(tmp_path, clean, suffix):
    folder = _copy(tmp_path)
    _edit(folder, "form_2_2.csv", lambda rows: _split_question(rows, "มีกิจกรรมพึ่งตนเองและรองรับภัยพิบัติ", suffix))
    _edit(folder, "form_1_1.csv", lambda rows: _split_question(rows, "ตำบล", suffix))
    got = _report(folder)
    assert got["tambons"]["with_activity"] == clean["tambons"]["with_activity"] == 1555
    assert got == clean


def test_two_different_answers_to_one_question_are_inconsistent(tmp_path, clean):
    folder = _copy(tmp_path)
    header = "มีกิจกรรมพึ่งตนเองและรองรับภัยพิบัติ"
    table = load_dataset(DEMO, load_config()).tables["2.2"]
    n = int(table.index[table["reason"].isna()][0])  # a row that is used in the clean demo

    def edit(rows):
        i = _column(rows, header)
        rows[0].append(header)
        for r in rows[1:]:
            r.append(r[i])
        rows[n + 1][-1] = "ไม่มี" if rows[n + 1][i].strip() == "มี" else "มี"
        return rows

    _edit(folder, "form_2_2.csv", edit)
    ds = load_dataset(folder, load_config())
    assert (ds.tables["2.2"]["reason"] == "inconsistent").sum() == (table["reason"] == "inconsistent").sum() + 1
    row = ds.tables["2.2"].loc[n]
    assert row["reason"] == "inconsistent"
    assert header in row["detail"] and "ไม่ตรงกัน" in row["detail"]


def _workbook(folder: Path, path: Path, merge_register_provinces: bool = False) -> Path:
    book = Workbook()
    book.remove(book.active)
    cfg = load_config()
    for spec in cfg.sources.values():
        ws = book.create_sheet(spec.stem)
        rows = _read(folder / spec.file)
        if spec.id == "register" and merge_register_provinces:
            i = _column(rows, "จังหวัด")
            body = sorted(rows[1:], key=lambda r: r[i].strip())
            rows = [rows[0], *body]
        for r in rows:
            ws.append(r)
        if spec.id == "register" and merge_register_provinces:
            col = i + 1
            start = 2
            for n in range(3, len(rows) + 2):
                if n == len(rows) + 1 or rows[n - 1][i].strip() != rows[start - 1][i].strip():
                    if n - 1 > start:
                        ws.merge_cells(start_row=start, start_column=col, end_row=n - 1, end_column=col)
                    start = n
    book.save(path)
    return path


def test_merged_register_province_cells(tmp_path, clean):
    book = _workbook(DEMO, tmp_path / "merged.xlsx", merge_register_provinces=True)
    import zipfile

    with zipfile.ZipFile(book) as z:  # the test really merges: openpyxl writes blank cells under each
        xml = b"".join(z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/sheet"))
    assert xml.count(b"<mergeCell ") >= 70
    got = _report(book)
    assert got["reports"]["1.1"]["expected"] == got["reports"]["2.2"]["expected"] == 2000
    assert got == clean


@pytest.mark.parametrize(
    ("encoding", "delimiter"),
    [("cp874", ","), ("utf-16", "\t"), ("utf-16", ","), ("utf-8-sig", ",")],
    ids=["windows-874", "utf16-tabs", "utf16-commas", "utf8-bom"],
)
def test_thai_excel_encodings(tmp_path, clean, encoding, delimiter):
    folder = _copy(tmp_path)
    for path in folder.glob("*.csv"):
        rows = _read(path)
        _write(path, rows, encoding=encoding, delimiter=delimiter)
    assert _report(folder) == clean


def test_cli_reads_windows_874(tmp_path, clean):
    folder = _copy(tmp_path)
    for path in folder.glob("*.csv"):
        _write(path, _read(path), encoding="cp874")
    out = subprocess.run(
        [sys.executable, "-m", "dashboard", "report", "--source", str(folder), "--format", "json"],
        capture_output=True, text=True, check=True,
    )
    got = json.loads(out.stdout)
    assert {k: got[k] for k in clean} == json.loads(json.dumps(clean))


def test_an_extra_cell_names_the_file_and_line(tmp_path):
    folder = _copy(tmp_path)
    rows = _read(folder / "form_2_1.csv")
    rows[4].append("เกิน")
    _write(folder / "form_2_1.csv", rows)
    with pytest.raises(SourceError) as err:
        load_dataset(folder, load_config())
    assert "form_2_1.csv, line 5" in err.value.message_en
    assert f"has {len(rows[0]) + 1} cells but the header has {len(rows[0])}" in err.value.message_en
    assert "บรรทัดที่ 5" in err.value.message_th


def test_an_unclosed_quote_names_the_file_and_line(tmp_path):
    folder = _copy(tmp_path)
    path = folder / "form_4.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    last = len(lines)
    lines[-1] = lines[-1].rstrip("\n") + ',"ดีมาก\n'  # a last cell whose quote nothing closes
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(SourceError) as err:
        load_dataset(folder, load_config())
    assert f"form_4.csv, line {last}" in err.value.message_en and "quote" in err.value.message_en
    assert "not a UTF-8" not in err.value.message_en


def test_bytes_that_are_no_thai_encoding(tmp_path):
    folder = _copy(tmp_path)
    (folder / "form_3.csv").write_bytes((DEMO / "form_3.csv").read_bytes()[:200] + b"\xdb\xfc\xff\n")
    with pytest.raises(SourceError) as err:
        load_dataset(folder, load_config())
    assert "form_3.csv" in err.value.message_en and "Windows-874" in err.value.message_en


@pytest.mark.parametrize("seed", [11])
def test_generated_pasted_text_gives_the_truth(tmp_path, seed):
    from dashboard.demo import generate

    plain, messy = generate(seed, scale=0.1), generate(seed, scale=0.1, messy=True)
    assert messy.tables["2.2"][0] != plain.tables["2.2"][0]  # a question in two columns
    changed = sum(a != b for sid in plain.tables for r, s in zip(plain.tables[sid], messy.tables[sid]) for a, b in zip(r, s))
    assert changed > 500
    messy.write_csv(tmp_path / "csv")
    messy.write_xlsx(tmp_path / "book.xlsx")
    for src in (tmp_path / "csv", tmp_path / "book.xlsx"):
        assert _report(src) == messy.truth() == plain.truth()


def test_a_cell_of_invisible_characters_is_blank(tmp_path):
    folder = _copy(tmp_path)
    table = load_dataset(DEMO, load_config()).tables["2.1"]
    n = int(table.index[table["reason"].isna()][0])

    def edit(rows):
        rows[n + 1][_column(rows, "จังหวัด")] = ZWSP + "\u00a0\ufeff"
        return rows

    _edit(folder, "form_2_1.csv", edit)
    row = load_dataset(folder, load_config()).tables["2.1"].loc[n]
    assert row["reason"] == "missing_value" and "จังหวัด" in row["detail"]
