"""`python -m dashboard check` on copies of the demo whose headers are worded as real forms word
them: the overlay it writes makes `report` and `export` read them exactly as the clean demo."""

from __future__ import annotations

import json
import tomllib

import pytest

from dashboard import cli
from dashboard.config import fold_header
from dashboard.sources import read_source
from dashboard.testing import rewordings as rw

VOLATILE = ("pulled_at", "source")


@pytest.fixture(scope="module")
def demo_raw(cfg):
    return read_source("demo", cfg).tables


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


def _report(capsys, *argv: str) -> dict:
    code, out, err = _run(capsys, "report", *argv, "--format", "json")
    assert code == 0, err
    return {k: v for k, v in json.loads(out).items() if k not in VOLATILE}


@pytest.mark.parametrize("variant", [0, 1, 2])
def test_csv_rewordings_are_proposed_and_the_report_equals_the_clean_demo(cfg, demo_raw, tmp_path, capsys, variant):
    headers = rw.variant_headers(variant)
    folder = rw.write_csv_folder(rw.rename(demo_raw, cfg, headers), tmp_path / "sheets", cfg)
    # Without the overlay the reworded sheets stop at a missing required column.
    code, _, err = _run(capsys, "report", "--source", str(folder))
    assert code == 2 and "has no column" in err

    overlay = tmp_path / "mapping.toml"
    code, out, err = _run(capsys, "check", "--source", str(folder), "--write-mapping", str(overlay))
    assert code == 0, out
    assert "พร้อมใช้" in out and "เสนอ" in out
    written = tomllib.loads(overlay.read_text(encoding="utf-8"))["mapping"]
    pairs = {(m["source"], m["field"]): m["header"] for m in written}
    for sid, fields in headers.items():
        configured = cfg.sources[sid].columns
        for name, header in fields.items():
            if fold_header(header) == fold_header(configured[name]):
                assert (sid, name) not in pairs  # found as configured: nothing to write
            else:
                assert pairs[(sid, name)] == header, (sid, name)
    assert len(pairs) == len(written)

    assert _report(capsys, "--source", str(folder), "--mapping", str(overlay)) == _report(capsys, "--source", "demo")
    # Run again with its own overlay, the check maps everything from it and exits 0.
    code, out, _ = _run(capsys, "check", "--source", str(folder), "--mapping", str(overlay), "--lang", "en")
    assert code == 0 and "from the mapping file" in out and "  proposed  " not in out


def test_the_overlay_from_the_environment_serves_export_too(cfg, demo_raw, tmp_path, capsys, monkeypatch):
    headers = rw.variant_headers(1)
    folder = rw.write_csv_folder(rw.rename(demo_raw, cfg, headers), tmp_path / "sheets", cfg)
    overlay = tmp_path / "mapping.toml"
    assert _run(capsys, "check", "--source", str(folder), "--write-mapping", str(overlay))[0] == 0
    clean_out, out = tmp_path / "clean.csv", tmp_path / "reworded.csv"
    # the machine-readable file: field names, so the sheet's own wording of a heading is no difference
    assert _run(capsys, "export", "--source", "demo", "--table", "3", "--raw", "--out", str(clean_out))[0] == 0
    monkeypatch.setenv("DASHBOARD_MAPPING", str(overlay))
    code, _, err = _run(capsys, "export", "--source", str(folder), "--table", "3", "--raw", "--out", str(out))
    assert code == 0, err
    assert out.read_bytes() == clean_out.read_bytes()


def _subset(tables, rows: int = 300):
    return {sid: frame if sid == "register" else frame.head(rows) for sid, frame in tables.items()}


def test_xlsx_rewordings_are_proposed_and_the_report_equals_the_clean_workbook(cfg, demo_raw, tmp_path, capsys):
    # Part of each form (a workbook of the whole demo takes half a minute to write).
    small = _subset(demo_raw)
    clean = rw.write_xlsx(small, tmp_path / "clean.xlsx", cfg)
    reworded = rw.write_xlsx(rw.rename(small, cfg, rw.variant_headers(2)), tmp_path / "reworded.xlsx", cfg)
    overlay = tmp_path / "mapping.toml"
    code, out, _ = _run(capsys, "check", "--source", str(reworded), "--write-mapping", str(overlay), "--lang", "en")
    assert code == 0, out
    assert "Ready" in out
    assert _report(capsys, "--source", str(reworded), "--mapping", str(overlay)) == _report(
        capsys, "--source", str(clean)
    )


def test_exit_2_and_the_tie_named_when_a_required_field_has_two_equal_candidates(cfg, demo_raw, tmp_path, capsys):
    tables = dict(demo_raw)
    links = tables["3"]["ลิงก์ YouTube"]
    tables["3"] = tables["3"].drop(columns=["ลิงก์ YouTube"]).assign(
        **{"ลิงก์ YouTube (ระยะแรก)": links, "ลิงก์ YouTube (ระยะหลัง)": links}
    )
    folder = rw.write_csv_folder(tables, tmp_path / "sheets", cfg)
    overlay = tmp_path / "mapping.toml"
    code, out, _ = _run(capsys, "check", "--source", str(folder), "--write-mapping", str(overlay), "--lang", "en")
    assert code == 2
    line = next(ln for ln in out.splitlines() if ln.strip().startswith("youtube_url"))
    assert "equally likely" in line and "ลิงก์ YouTube (ระยะแรก)" in line and "ลิงก์ YouTube (ระยะหลัง)" in line
    assert "Not ready" in out
    assert "youtube_url" not in overlay.read_text(encoding="utf-8")


def test_a_source_that_cannot_be_read_exits_2_with_one_line(tmp_path, capsys):
    code, _, err = _run(capsys, "check", "--source", str(tmp_path / "nowhere"))
    assert code == 2 and err.startswith("error: ")
