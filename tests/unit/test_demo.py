"""The seeded demo sheets: reproducible, committed, shaped like the contract, and a truth that adds up."""

from __future__ import annotations

import json
import random
import re
from datetime import date

import pytest

from dashboard.config import DEMO_DIR, REPORT_IDS, SOURCE_IDS, fold_header, load_config
from dashboard.demo import generate, main
from dashboard.demo.places import Geo, build_register
from dashboard.demo.truth import REASONS, statuses
from dashboard.demo.values import check_digit


@pytest.fixture(scope="module")
def demo():
    return generate(42)


@pytest.fixture(scope="module")
def small():
    return generate(7, scale=0.1)


def test_same_seed_same_sheets(small):
    again = generate(7, scale=0.1)
    assert again.tables == small.tables
    assert all(again.csv_bytes(sid) == small.csv_bytes(sid) for sid in SOURCE_IDS)
    assert generate(8, scale=0.1).tables["1.1"] != small.tables["1.1"]


def test_committed_demo_is_seed_42(demo, cfg):
    """data/demo must be regenerated whenever the generator changes: python -m dashboard.demo."""
    for sid in SOURCE_IDS:
        assert (DEMO_DIR / cfg.sources[sid].file).read_bytes() == demo.csv_bytes(sid), sid
    assert json.loads((DEMO_DIR / "truth.json").read_text(encoding="utf-8")) == demo.truth()


def test_headers_and_shape_follow_the_configuration(demo, cfg):
    for sid in SOURCE_IDS:
        spec = cfg.sources[sid]
        header, *rows = demo.tables[sid]
        assert [fold_header(h) for h in header] == [fold_header(h) for h in spec.columns.values()]
        assert all(len(r) == len(header) and all(isinstance(c, str) for c in r) for r in rows), sid
        assert len(demo.records[sid]) == len(rows)
    counts = demo.counts()
    assert counts["register"] == 2 * cfg.target("pairs") == cfg.target("tambons")
    assert 28_500 <= counts["1.1"] <= 31_500
    for sid in ("2.1", "2.2"):
        assert 1_800 <= counts[sid] <= 2_200
    assert 228 <= counts["3"] <= 600
    assert 700 <= counts["4"] <= 1_000


def test_csv_is_what_sheets_downloads(demo):
    data = demo.csv_bytes("1.1")
    assert not data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data and not data.endswith(b"\n")
    assert re.search(r'\r\n"\d{1,2}/\d{1,2}/25\d\d, \d{1,2}:\d\d:\d\d",', data.decode("utf-8"))  # BE, quoted


def test_register_pairs(demo, cfg):
    header, *rows = demo.tables["register"]
    pairs: dict[str, list[list[str]]] = {}
    for r in rows:
        pairs.setdefault(r[0], []).append(r)
    assert len(pairs) == cfg.target("pairs")
    assert all(sorted(x[1] for x in p) == ["ตำบลบ้านพี่", "ตำบลเมืองน้อง"] for p in pairs.values())
    codes = [rec.key for rec in demo.records["register"]]
    assert len(set(codes)) == len(codes)
    assert {c[:2] for c in codes} == set(demo.geo.programme)  # every province but Bangkok
    assert any(r[5] == "" for r in rows) and sum(r[5] != "" for r in rows) > 0.9 * len(rows)


def test_every_tambon_when_the_scale_asks_for_more_than_exist(cfg):
    geo = Geo(cfg)
    register = build_register(random.Random(1), geo, 10_000)
    everyone = {t.code for p in geo.programme for t in geo.tambons_of_province[p]}
    assert sorted(t.tambon.code for t in register) == sorted(everyone)
    assert len(register) == 7_256
    crossing = sum(1 for t in register if t.tambon.province != t.partner.province)
    assert crossing <= 76  # only the odd tambons left over in a province


def test_outcomes_are_as_written(demo):
    for sid, recs in demo.records.items():
        assert [r.intended for r in recs] == statuses(recs), sid
        assert all((r.reason is None) == (r.key is not None) for r in recs), sid


def test_national_ids(demo):
    keys = [r.key for r in demo.records["1.1"] if r.key]
    ids = [k[1] for k in keys if k[0] == "id"]
    assert all(len(n) == 13 and int(n[12]) == check_digit(n[:12]) for n in ids)
    assert 0 < sum(k[0] == "name" for k in keys) < 0.06 * len(keys)  # invalid IDs fall back to names


def test_truth_accounting(demo):
    t = demo.truth()
    rows = t["rows"]
    assert rows["read"] == rows["used"] + rows["duplicate"] + rows["quarantined"]
    assert rows["read"] == sum(demo.counts().values())
    assert sum(t["issues"].values()) == rows["quarantined"]
    assert list(t["issues"]) == list(REASONS) and all(n > 0 for n in t["issues"].values())
    assert 0.005 < rows["quarantined"] / rows["read"] < 0.03
    for rep in t["reports"].values():
        assert rep["late"] == rep["received"] - rep["on_time"] >= 0
        assert rep["missing"] == rep["expected"] - rep["received"] >= 0
    assert t["reports"]["3"]["expected"] == 228 and t["reports"]["4"]["expected"] == 878
    assert t["leaders"]["older"] + t["leaders"]["younger"] == t["leaders"]["registered"]
    assert t["ratings"]["unrated"] == t["reports"]["4"]["missing"]
    assert 60 < t["kpi_driving_pct"] < 95


def test_truth_as_of(demo):
    full = demo.truth()
    assert demo.truth(as_of=date(2021, 12, 31)) == {**full, "as_of": "2021-12-31"}
    before = demo.truth(as_of=date(2021, 6, 30))
    assert before["leaders"]["registered"] == 0 and before["kpi_driving_pct"] is None
    assert before["rows"]["read"] == full["rows"]["read"] - sum(
        1 for recs in demo.records.values() for r in recs if r.ts is not None
    )
    previous = before
    for day in (date(2021, 7, 31), date(2021, 8, 8), date(2021, 8, 31), date(2021, 9, 15), date(2021, 9, 30)):
        now = demo.truth(as_of=day)
        assert now["as_of"] == day.isoformat()
        for rid in REPORT_IDS:
            assert now["reports"][rid]["received"] >= previous["reports"][rid]["received"]
            assert now["reports"][rid]["on_time"] >= previous["reports"][rid]["on_time"]
        assert now["rows"]["read"] >= previous["rows"]["read"]
        previous = now
    # By the 1.1 deadline nothing is late yet.
    assert demo.truth(as_of=date(2021, 8, 8))["reports"]["1.1"]["late"] == 0


def test_truth_by_province_adds_up(demo, cfg):
    full = demo.truth()
    parts = [demo.truth(province=p) for p in demo.geo.programme]
    assert all("rows" not in p for p in parts)
    for rid in REPORT_IDS:
        for k in ("expected", "received", "on_time", "late", "missing"):
            assert sum(p["reports"][rid][k] for p in parts) == full["reports"][rid][k], (rid, k)
    for k in ("registered", "older", "younger"):
        assert sum(p["leaders"][k] for p in parts) == full["leaders"][k]
    assert sum(p["leaders"]["target"] for p in parts) == cfg.target("leaders_per_tambon") * full["reports"]["1.1"]["expected"]
    assert sum(p["tambons"]["target"] for p in parts) == full["reports"]["1.1"]["expected"]
    for k in ("engaged", "full_leaders", "with_activity"):
        assert sum(p["tambons"][k] for p in parts) == full["tambons"][k]
    for k in ("understand", "reach", "develop", "over_length"):
        assert sum(p["clips"][k] for p in parts) == full["clips"][k]
    for k in full["ratings"]:
        assert sum(p["ratings"][k] for p in parts) == full["ratings"][k]
    for reason in REASONS:
        assert sum(p["issues"][reason] for p in parts) <= full["issues"][reason]
    korat = demo.truth(as_of=date(2021, 8, 20), province="โคราช")
    assert korat == demo.truth(as_of=date(2021, 8, 20), province="30") and korat["province"] == "30"
    with pytest.raises(ValueError):
        demo.truth(province="กรุงเทพมหานคร")


def test_xlsx_tabs(small, tmp_path, cfg):
    from openpyxl import load_workbook

    path = tmp_path / "demo.xlsx"
    small.write_xlsx(path)
    book = load_workbook(path, read_only=True)
    assert book.sheetnames == [cfg.sources[sid].stem for sid in SOURCE_IDS]
    for sid in SOURCE_IDS:
        rows = [["" if c is None else c for c in r] for r in book[cfg.sources[sid].stem].iter_rows(values_only=True)]
        assert rows == small.tables[sid], sid
    book.close()


def test_cli_writes_the_csv_files(tmp_path, cfg):
    assert main(["--out", str(tmp_path), "--seed", "3", "--scale", "0.05"]) == 0
    again = generate(3, scale=0.05, cfg=load_config())
    for sid in SOURCE_IDS:
        assert (tmp_path / cfg.sources[sid].file).read_bytes() == again.csv_bytes(sid)
    assert json.loads((tmp_path / "truth.json").read_text(encoding="utf-8")) == again.truth()
