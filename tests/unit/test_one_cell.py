"""No single cell can fail a load: a count past 64 bits, an exponent, `inf` or `NaN` (in any
digits), or such a clip length sets its row aside with the contract's reason, or leaves the
optional length unread, and every other row loads."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from dashboard.config import load_config
from dashboard.normalize import values as v
from dashboard.pipeline import load_dataset

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"

HUGE = "99999999999999999999999"
POISON = {
    HUGE: "inconsistent",
    "-" + HUGE: "inconsistent",
    "๙" * 23: "inconsistent",
    "\u0669" * 23: "inconsistent",  # Arabic-Indic nines
    "1e309": "bad_value",
    "inf": "bad_value",
    "-inf": "bad_value",
    "NaN": "bad_value",
    "9" * 5000: "bad_value",  # past what an integer can be read from
}

_BASE = {}


def _baseline():
    if not _BASE:
        ds = load_dataset(DEMO)
        _BASE.update({sid: ds.tables[sid] for sid in ("2.1", "2.2", "3")})
    return _BASE


def _poisoned(tmp_path: Path, form: str, header_has: str, value: str, line: int = 5) -> Path:
    folder = tmp_path / "src"
    shutil.copytree(DEMO, folder)
    path = folder / form
    rows = list(csv.reader(path.open(encoding="utf-8")))
    col = next(i for i, h in enumerate(rows[0]) if header_has in h)
    rows[line][col] = value
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    return folder


def _clean_row(sid: str) -> int:
    """A sheet row that is used on the demo (not set aside) and is the first of its csv lines."""
    t = _baseline()[sid]
    ok = t.loc[t["reason"].isna(), "row"].astype(int)
    return int(ok.iloc[3])


@pytest.mark.parametrize("sid,form", [("2.1", "form_2_1.csv"), ("2.2", "form_2_2.csv")])
@pytest.mark.parametrize("value,reason", list(POISON.items()))
def test_a_count_that_does_not_fit_sets_its_row_aside(tmp_path, sid, form, value, reason):
    row = _clean_row(sid)
    folder = _poisoned(tmp_path, form, "ตู้ยาข้างบ้าน", value, line=row - 1)
    ds = load_dataset(folder)  # before: OverflowError for every page
    t = ds.tables[sid]
    base = _baseline()[sid]
    assert len(t) == len(base)
    got = t.loc[t["row"] == row, "reason"].iloc[0]
    assert got == reason
    # every other row as before
    others = t["row"] != row
    assert t.loc[others, "reason"].fillna("").tolist() == base.loc[base["row"] != row, "reason"].fillna("").tolist()


@pytest.mark.parametrize("value", ["1e309", "inf", "NaN", HUGE, "๙" * 23, HUGE + ":00"])
def test_a_clip_length_that_does_not_fit_loads_the_rest(tmp_path, value):
    row = _clean_row("3")
    folder = _poisoned(tmp_path, "form_3.csv", "ความยาว", value, line=row - 1)
    ds = load_dataset(folder)  # before: OverflowError
    t = ds.tables["3"]
    base = _baseline()["3"]
    assert len(t) == len(base)
    assert t["reason"].fillna("").tolist() == base["reason"].fillna("").tolist()
    assert t.loc[t["row"] == row, "duration_s"].isna().all()


# ---- any text, every reader -------------------------------------------------------------------

CFG = load_config()
READERS = [
    v.parse_number,
    v.parse_whole,
    v.parse_duration,
    v.parse_youtube,
    v.parse_timestamp,
    v.restore_phone,
    v.national_id_digits,
    *[v.choice_reader(spellings, grade=name == "grade") for name, spellings in CFG.choices.items()],
]
TEXT = st.one_of(
    st.text(),
    st.text(alphabet="0123456789๐๑๒๓๔๕๖๗๘๙\u0660\u0669eE.,:+-/ infaNn", max_size=40),
    st.from_regex(r"[0-9]{15,40}(\.[0-9]+)?", fullmatch=True),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(TEXT, min_size=1, max_size=20))
def test_every_reader_over_any_column_never_raises_and_accounts_every_cell(texts):
    import pandas as pd

    column = pd.Series(texts, dtype=object)
    for reader in READERS:
        values, bad = v.read_column(column, reader)
        assert len(values) == len(bad) == len(texts)
        assert all(values[i] is None for i in bad.to_numpy().nonzero()[0])  # a failed cell holds no value


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(st.lists(TEXT, min_size=4, max_size=4))
def test_a_whole_form_with_any_text_in_its_numbers_loads_and_accounts_every_row(tmp_path_factory, cells):
    folder = tmp_path_factory.mktemp("form")
    shutil.copytree(DEMO, folder / "src")
    path = folder / "src" / "form_2_2.csv"
    rows = list(csv.reader(path.open(encoding="utf-8")))
    header = rows[0]
    numeric = [i for i, h in enumerate(header) if "(คน)" in h or "(ครัวเรือน)" in h]
    for line, text in zip((2, 3, 4, 5), cells, strict=True):
        for col in numeric:
            rows[line][col] = text
    keep = rows[:40]
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(keep)
    ds = load_dataset(folder / "src")
    t = ds.tables["2.2"]
    assert len(t) == len(keep) - 1  # every row read is in the table: used, superseded or set aside
    set_aside = t["reason"].notna()
    assert set(t.loc[set_aside, "reason"]) <= {
        "unknown_place", "ambiguous_place", "not_in_register", "inconsistent", "bad_link", "bad_value", "missing_value"
    }
