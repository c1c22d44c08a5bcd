"""docs/adding-a-form.md's worked example, run: a sixth report form added to a copy of the
programme TOML, and a tiny sheet of it, appear in `report`'s JSON with nothing else changed."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

from dashboard.config import DEFAULT_CONFIG, REPORT_IDS, load_config

DOC = Path(__file__).resolve().parents[2] / "docs" / "adding-a-form.md"
REG = [
    {"pair_id": "P1", "tambon_type": "ตำบลบ้านพี่", "province": "หนองคาย", "district": "ท่าบ่อ", "tambon": "ท่าบ่อ"},
    {"pair_id": "P1", "tambon_type": "ตำบลเมืองน้อง", "province": "หนองคาย", "district": "เมือง", "tambon": "ในเมือง"},
]


def toml_with_form_5(tmp_path: Path) -> Path:
    """The programme TOML with the doc's TOML block added: its [deadlines] line under the
    TOML's own [deadlines], the rest at the end."""
    block = re.findall(r"```toml\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)[0]
    deadline, rest = block.split("\n\n", 1)
    assert deadline.startswith("[deadlines]\n")
    text = DEFAULT_CONFIG.read_text(encoding="utf-8").replace("[deadlines]\n", deadline + "\n", 1)
    path = tmp_path / "programme.toml"
    path.write_text(text + "\n" + rest, encoding="utf-8")
    return path


def report(folder: Path, config: Path | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DASHBOARD_CONFIG", "DASHBOARD_MAPPING")}
    if config is not None:
        env["DASHBOARD_CONFIG"] = str(config)
    out = subprocess.run([sys.executable, "-m", "dashboard", "report", "--source", str(folder), "--format", "json"],
                         capture_output=True, text=True, env=env)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def test_the_doc_s_sixth_form_is_read_counted_and_reported(tmp_path, sheets):
    path = toml_with_form_5(tmp_path)
    cfg = load_config(path)
    assert cfg.report_ids == (*REPORT_IDS, "5")
    spec = cfg.sources["5"]
    assert (spec.unit, spec.key, spec.places, spec.personal) == (
        "tambon", "tambon_code", ("province", "district", "tambon"), ("reporter",)
    )
    row = {"submitted_at": "1/9/2021 10:00:00", "province": "หนองคาย", "district": "ท่าบ่อ", "tambon": "ท่าบ่อ",
           "households_reached": "12", "reporter": "นางสมใจ ใจดี"}
    rows = [
        {**row, "submitted_at": "30/8/2021 09:00:00", "households_reached": "10"},  # superseded by the next
        row,
        {**row, "tambon": "ไม่มีตำบลนี้", "submitted_at": "2/9/2021 08:00:00"},  # set aside: unknown place
        {**row, "households_reached": "-3", "submitted_at": "3/9/2021 08:00:00", "district": "เมือง",
         "tambon": "ในเมือง"},  # set aside: a negative count
    ]
    folder = sheets({"register": REG, "5": rows}, cfg=cfg)
    rep = report(folder, path)
    assert rep["reports"]["5"] == {"expected": 2, "received": 1, "on_time": 1, "late": 0, "missing": 1}
    assert rep["forecast"]["5"]["remaining"] == 1
    # The contract's forms are untouched by the addition.
    assert rep["reports"]["1.1"] == {"expected": 2, "received": 0, "on_time": 0, "late": 0, "missing": 2}
    assert list(rep["reports"]) == [*REPORT_IDS, "5"]

    # The same folder under the programme's own TOML: no form 5 (its sheet is not read).
    plain = report(folder, None)
    assert list(plain["reports"]) == list(REPORT_IDS)
