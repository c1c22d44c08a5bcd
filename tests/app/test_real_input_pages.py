"""Pages on input as people give it: an ?as_of= that cannot be used is said on the page, and a
sheet's missing optional column is named on every page's data line with "—" for its figure."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from dashboard import loader
from dashboard.i18n import DASH, t
from dashboard.pipeline import load_dataset

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"
PAGES = ("overview", "reports", "clips", "map", "data")


def _captions(at) -> str:
    return "\n".join(c.value for c in at.caption)


@pytest.mark.parametrize("text", ["31/02/2564", "9999-12-31", "yesterday"])
def test_an_unreadable_as_of_is_said_on_the_page(open_page, text):
    at = open_page("overview", as_of=text)
    assert [w.value for w in at.warning if text in w.value] == [t("filter.as_of_unreadable", "th", text=text)]
    assert t("source.all_rows_line") in _captions(at)


def test_a_day_outside_the_picker_is_said_and_a_buddhist_era_day_is_read(open_page):
    at = open_page("overview", as_of="1999-01-01")
    assert any("1999-01-01" in w.value for w in at.warning)
    at = open_page("overview", as_of="2564-08-08")
    assert not any("2564-08-08" in w.value for w in at.warning)
    assert at.query_params["as_of"] == "2021-08-08"
    assert "8 ส.ค. 2564" in _captions(at)


@pytest.fixture(scope="module")
def renamed(cfg, tmp_path_factory):
    """The demo with the 2.2 self-reliance question renamed: its column is missing."""
    folder = tmp_path_factory.mktemp("renamed") / "demo"
    shutil.copytree(DEMO, folder)
    header = cfg.sources["2.2"].columns["self_reliance_activity"]
    path = folder / "form_2_2.csv"
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[0][rows[0].index(header)] = header + "หรือไม่"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return load_dataset(str(folder), cfg), header


@pytest.mark.parametrize("page", PAGES)
def test_a_missing_optional_column_is_named_on_every_page(open_page, monkeypatch, renamed, page):
    ds, header = renamed
    monkeypatch.setattr(loader, "get_dataset", lambda source, cfg, **kw: ds)
    at = open_page(page)
    line = _captions(at)
    assert header in line and "form_2_2.csv" in line
    if page == "overview":
        shown = {m.label: m.value for m in at.metric}
        assert shown[t("card.with_activity")] == DASH
