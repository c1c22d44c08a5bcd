"""The column readers agree with the cell readers on every shape, fast path or not."""

import random

import numpy as np
import pandas as pd
import pytest

from dashboard.normalize import columns
from dashboard.normalize import values as v

STAMPS = [
    "8/8/2564, 14:03:22", "8/8/2021 14:03:22", "15/9/2564 9:05", "๘/๘/๒๕๖๔, ๑๔:๐๓:๒๒", "1/8/2021",
    "2021-08-08 14:03:22", "2021-08-08T14:03:22", "44416.5857870370", "44416", "", "  ",
    "31/2/2021 10:00:00", "29/2/2563, 10:00:00", "29/2/2564, 10:00:00", "yesterday", "8-8-2564", "12",
    "2021-02-30", " 8/8/2021 14:03:22 ", "08/08/2021 14:03", "8/8/2021, 14:03:22.5",
]


def _scalar_stamp(text):
    try:
        return v.parse_timestamp(text), False
    except ValueError:
        return None, True


def test_timestamps_agree_with_the_cell_reader():
    col = pd.Series(STAMPS * 3)
    got, bad = columns.read_timestamps(col)
    for text, g, b in zip(col, got, bad):
        want, want_bad = _scalar_stamp(text)
        assert b == want_bad, text
        assert (pd.isna(g) and want is None) or g == pd.Timestamp(want), text


def test_random_timestamps_agree():
    rnd = random.Random(5)
    texts = []
    for _ in range(2000):
        d, m = rnd.randint(1, 31), rnd.randint(1, 12)
        y = rnd.choice([2021, 2564, 2020, 2563])
        sep = rnd.choice([", ", " "])
        texts.append(f"{d}/{m}/{y}{sep}{rnd.randint(0, 23)}:{rnd.randint(0, 59):02d}:{rnd.randint(0, 59):02d}")
    got, bad = columns.read_timestamps(pd.Series(texts))
    for text, g, b in zip(texts, got, bad):
        want, want_bad = _scalar_stamp(text)
        assert b == want_bad and ((pd.isna(g) and want is None) or g == pd.Timestamp(want)), text


@pytest.mark.parametrize(
    "ids",
    [["1101700203450", "1-1017-00203-45-0", "1101700203451", "110170020345", "", "๑๑๐๑๗๐๐๒๐๓๔๕๐", "abc"]],
)
def test_national_ids_agree(ids):
    digits, valid = columns.national_ids(pd.Series(ids))
    for text, d, ok in zip(ids, digits, valid):
        assert d == v.national_id_digits(text)
        assert ok == v.valid_national_id(v.national_id_digits(text))


def test_random_national_ids_agree():
    rnd = random.Random(9)
    ids = ["".join(str(rnd.randint(0, 9)) for _ in range(13)) for _ in range(3000)]
    _, valid = columns.national_ids(pd.Series(ids))
    assert valid.tolist() == [v.valid_national_id(i) for i in ids]
    assert 0 < valid.sum() < len(ids)


def test_phones_agree():
    phones = ["0812345678", "812345678", "081-234-5678", "+66812345678", "66812345678", "21234567",
              "๐๘๑๒๓๔๕๖๗๘", "", "  ", "12345", "021234567"]
    got = columns.phones(pd.Series(phones))
    assert got.tolist() == [v.restore_phone(p) for p in phones]


def test_fold():
    assert columns.fold(pd.Series(["  สมชาย  ใจดี ", "ABC"])).tolist() == ["สมชาย ใจดี", "abc"]


def test_empty_columns():
    got, bad = columns.read_timestamps(pd.Series([], dtype=object))
    assert len(got) == 0 and len(bad) == 0
    d, ok = columns.national_ids(pd.Series([], dtype=object))
    assert len(d) == 0 and not np.any(ok)
