"""The PDF brief: A4, fonts embedded, the Thai and the scope's figures readable back with poppler."""

import json
import subprocess

from dashboard.cli import main


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
