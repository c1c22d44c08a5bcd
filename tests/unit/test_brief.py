"""The PDF brief: A4, fonts embedded, the Thai and the scope's figures readable back with poppler."""

import json
import re
import subprocess
from datetime import date

from dashboard.cli import main
from dashboard.config import load_config
from dashboard.metrics import missing_units
from dashboard.pipeline import load_dataset, make_view


def _text(pdf):
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def test_province_brief_thai_figures_be_date_a4_fonts(tmp_path, capsys):
    assert main(["report", "--province", "30", "--as-of", "2021-09-15"]) == 0
    report = json.loads(capsys.readouterr().out)
    pdf = tmp_path / "b.pdf"
    assert main(["brief", "--province", "30", "--as-of", "2021-09-15", "--out", str(pdf)]) == 0
    text = _text(pdf)
    assert "สรุปผลการดำเนินงาน: นครราชสีมา" in text
    assert "15 กันยายน 2564" in text
    assert "ตำบลที่ขับเคลื่อน" in text and "ค้างส่ง" in text
    assert f"{report['leaders']['registered']:,} / {report['leaders']['target']:,}" in text
    r = report["reports"]["4"]
    assert f"4 {r['expected']} {r['received']} {r['on_time']} {r['late']} {r['missing']}" in " ".join(text.split())
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout.splitlines()[2:]
    assert fonts and all("Sarabun" in f and f.split()[-5] == "yes" for f in fonts)


def test_overdue_units_are_places_with_no_personal_data(tmp_path):
    pdf = tmp_path / "b.pdf"
    assert main(["brief", "--province", "30", "--as-of", "2021-09-15", "--out", str(pdf)]) == 0
    text = " ".join(_text(pdf).split())

    view = make_view(load_dataset("demo", load_config()), province="30", as_of=date(2021, 9, 15))
    gone = missing_units(view, "1.1")
    assert "หน่วยที่ยังค้างส่ง" in text and f"รายงาน 1.1 ({len(gone)})" in text
    for tambon, district in zip(gone["tambon"], gone["district"]):
        assert f"{tambon} {district}" in text  # a tambon's name is never split across lines
    leaders = view.tables["1.1"]
    assert not re.search(r"\d{9,}", text)  # no phone or ID number
    for first, last in zip(leaders["first_name"], leaders["last_name"]):
        assert f"{first} {last}" not in text


def test_all_provinces_one_brief_each(tmp_path):
    assert main(["brief", "--all-provinces", "--as-of", "2021-09-15", "--out", str(tmp_path)]) == 0
    files = sorted(tmp_path.glob("brief-*.pdf"))
    assert len(files) >= 2
    assert "ข้อมูล ณ วันที่ 15 กันยายน 2564" in _text(files[0])
