"""End to end: the report on generated sheets equals the generator's own ground truth, field by field."""

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from dashboard import metrics
from dashboard.config import load_config
from dashboard.demo import generate
from dashboard.pipeline import load_dataset, make_view

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"
AS_OF = [None, date(2021, 7, 31), date(2021, 8, 8), date(2021, 8, 31), date(2021, 9, 15)]


@pytest.fixture(scope="module")
def demo_set():
    return generate(42)


@pytest.fixture(scope="module")
def demo_ds():
    return load_dataset(DEMO, load_config())


def _report(ds, as_of=None, province=None):
    return metrics.report_dict(make_view(ds, as_of=as_of, province=province))


def test_cli_json_equals_truth(demo_set):
    out = subprocess.run(
        [sys.executable, "-m", "dashboard", "report", "--source", str(DEMO), "--format", "json"],
        capture_output=True, text=True, check=True,
    )
    got = json.loads(out.stdout)
    truth = demo_set.truth()
    assert {k: got[k] for k in truth} == truth


@pytest.mark.parametrize("as_of", AS_OF, ids=str)
def test_national_truth_as_of(demo_set, demo_ds, as_of):
    assert _report(demo_ds, as_of=as_of) == demo_set.truth(as_of=as_of)


def test_every_province_truth(demo_set, demo_ds):
    for code in demo_ds.provinces:
        assert _report(demo_ds, province=code) == demo_set.truth(province=code), code


@pytest.mark.parametrize("province", ["30", "43", "90"])
def test_province_truth_as_of(demo_set, demo_ds, province):
    day = date(2021, 8, 20)
    assert _report(demo_ds, as_of=day, province=province) == demo_set.truth(as_of=day, province=province)


def test_cli_province_by_colloquial_name(demo_set):
    out = subprocess.run(
        [sys.executable, "-m", "dashboard", "report", "--source", str(DEMO), "--province", "โคราช",
         "--as-of", "2021-08-08", "--format", "json"],
        capture_output=True, text=True, check=True,
    )
    got = json.loads(out.stdout)
    truth = demo_set.truth(as_of=date(2021, 8, 8), province="30")
    assert {k: got[k] for k in truth} == truth


@pytest.mark.parametrize("seed", [7, 2024])
def test_small_seeds_through_csv_and_xlsx(tmp_path, seed):
    s = generate(seed, scale=0.1)
    s.write_csv(tmp_path / "csv")
    s.write_xlsx(tmp_path / "book.xlsx")
    for src in (tmp_path / "csv", tmp_path / "book.xlsx"):
        ds = load_dataset(src, load_config())
        assert _report(ds) == s.truth()
        assert _report(ds, as_of=date(2021, 8, 15)) == s.truth(as_of=date(2021, 8, 15))


def test_accounting_holds_on_the_demo(demo_ds):
    acc = metrics.row_accounting(make_view(demo_ds))
    assert (acc["read"] == acc["used"] + acc["duplicate"] + acc["quarantined"]).all()
    assert acc["read"].sum() > 34000
    raw_rows = sum(len(t) for t in demo_ds.raw.tables.values())
    assert acc["read"].sum() == raw_rows  # nothing lost
