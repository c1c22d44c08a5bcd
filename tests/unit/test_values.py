"""Every kind of messy value the contract names, as input -> expected."""

from datetime import datetime

import pandas as pd
import pytest

from dashboard.config import load_config
from dashboard.normalize import values as v


@pytest.mark.parametrize(
    "text, expected",
    [
        ("8/8/2564, 14:03:22", datetime(2021, 8, 8, 14, 3, 22)),
        ("8/8/2021 14:03:22", datetime(2021, 8, 8, 14, 3, 22)),
        ("15/9/2564 9:05", datetime(2021, 9, 15, 9, 5, 0)),
        ("๘/๘/๒๕๖๔, ๑๔:๐๓:๒๒", datetime(2021, 8, 8, 14, 3, 22)),
        ("1/8/2021", datetime(2021, 8, 1)),
        ("2021-08-08 14:03:22", datetime(2021, 8, 8, 14, 3, 22)),
        ("2021-08-08T14:03:22", datetime(2021, 8, 8, 14, 3, 22)),
        ("44416.5857870370", datetime(2021, 8, 8, 14, 3, 32)),
        ("44416", datetime(2021, 8, 8)),
        ("", None),
        ("   ", None),
    ],
)
def test_timestamps(text, expected):
    assert v.parse_timestamp(text) == expected


@pytest.mark.parametrize("text", ["yesterday", "32/13/2021 10:00", "8-8-2564", "12", "1.5"])
def test_unreadable_timestamps(text):
    with pytest.raises(ValueError):
        v.parse_timestamp(text)


def test_serial_day_first_round_trip():
    # 14:03:22 on 8 Aug 2021 as a Sheets serial number
    serial = (datetime(2021, 8, 8, 14, 3, 22) - v.SHEETS_EPOCH).total_seconds() / 86400
    assert v.parse_timestamp(repr(serial)) == datetime(2021, 8, 8, 14, 3, 22)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("15", 15),
        ("๑๕", 15),
        ("15 คน", 15),
        ("๑๕ คน", 15),
        ("1,200", 1200),
        ("1,200 ครัวเรือน", 1200),
        (" 1 200 ", 1200),
        ("15.0", 15),
        ("-3", -3),
        ("", None),
    ],
)
def test_whole_numbers(text, expected):
    assert v.parse_whole(text) == expected


@pytest.mark.parametrize("text", ["สิบห้า", "15.5", "15-20", "abc 15", "1/2"])
def test_unreadable_numbers(text):
    with pytest.raises(ValueError):
        v.parse_whole(text)


def test_score_may_be_decimal():
    assert v.parse_number("87.5") == 87.5
    assert v.parse_number("๙๐ คะแนน") == 90


@pytest.fixture(scope="module")
def choices():
    return load_config().choices


@pytest.mark.parametrize(
    "text, expected",
    [
        ("A", "A"),
        ("a", "A"),
        ("A (ดีเยี่ยม)", "A"),
        ("ดีเยี่ยม", "A"),
        ("b-ดีมาก", "B"),
        ("B(ดีมาก)", "B"),
        ("ปานกลาง", "C"),
        ("ระดับ D", "D"),
        ("ต้องปรับปรุง", "D"),
    ],
)
def test_grades(choices, text, expected):
    assert v.choice_reader(choices["grade"], grade=True)(text) == expected


@pytest.mark.parametrize("text", ["E", "ดี", "Average"])
def test_bad_grades(choices, text):
    with pytest.raises(ValueError):
        v.choice_reader(choices["grade"], grade=True)(text)


@pytest.mark.parametrize(
    "listname, text, expected",
    [
        ("tambon_type", "ตำบลบ้านพี่", "older"),
        ("tambon_type", " ตำบลเมืองน้อง ", "younger"),
        ("tambon_type", "บ้านพี่", "older"),
        ("yes_no", "ใช่", "yes"),
        ("yes_no", "ยังไม่ได้จัดทำ", "no"),
        ("yes_no", "มี", "yes"),
        ("yes_no", "ไม่มี", "no"),
        ("phase", "เข้าใจ", "understand"),
        ("phase", "เข้าถึง", "reach"),
        ("phase", "พัฒนา", "develop"),
        ("gender", "หญิง", "female"),
    ],
)
def test_choices(choices, listname, text, expected):
    assert v.choice_reader(choices[listname])(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("https://youtu.be/dQw4w9WgXcQ", "dQw4w9WgXcQ"),
        ("youtu.be/dQw4w9WgXcQ?t=10", "dQw4w9WgXcQ"),
        ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "dQw4w9WgXcQ"),
        ("https://www.youtube.com/watch?feature=share&v=dQw4w9WgXcQ", "dQw4w9WgXcQ"),
        ("https://m.youtube.com/watch?v=dQw4w9WgXcQ&list=x", "dQw4w9WgXcQ"),
        ("https://youtube.com/shorts/dQw4w9WgXcQ?feature=share", "dQw4w9WgXcQ"),
        ("www.youtube.com/embed/dQw4w9WgXcQ", "dQw4w9WgXcQ"),
        ("https://www.youtube.com/live/dQw4w9WgXcQ", "dQw4w9WgXcQ"),
        ("", None),
    ],
)
def test_youtube_links(text, expected):
    assert v.parse_youtube(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "https://www.facebook.com/watch?v=123",
        "https://vimeo.com/12345",
        "https://www.youtube.com/channel/UC123",
        "https://www.youtube.com/watch?v=short",
        "ดูในเฟซบุ๊ก",
        "https://youtu.be.evil.com/dQw4w9WgXcQ",
    ],
)
def test_bad_links(text):
    with pytest.raises(ValueError):
        v.parse_youtube(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("2:45", 165),
        ("02:45", 165),
        ("0:02:45", 165),
        ("2:45:00", 165),  # a sheet's time value, exported: minutes:seconds
        ("1:02:03", 3723),
        ("3 นาที", 180),
        ("150 วินาที", 150),
        ("2 นาที 30 วินาที", 150),
        ("2นาที30วินาที", 150),
        ("2.5 นาที", 150),
        ("3 min", 180),
        ("90 sec", 90),
        ("๓ นาที", 180),
        ("4", 240),
        ("0.11458333333333333", 165),  # "2:45" stored by a sheet as 02:45:00
        ("", None),
    ],
)
def test_durations(text, expected):
    assert v.parse_duration(text) == expected


def test_unreadable_duration():
    with pytest.raises(ValueError):
        v.parse_duration("ประมาณสามนาที")


@pytest.mark.parametrize(
    "text, valid",
    [
        ("1101700203450", True),
        ("1-1017-00203-45-0", True),
        ("1101700203451", False),
        ("110170020345", False),
        ("", False),
    ],
)
def test_national_ids(text, valid):
    assert v.valid_national_id(v.national_id_digits(text)) is valid


@pytest.mark.parametrize(
    "text, expected",
    [
        ("0812345678", "0812345678"),
        ("812345678", "0812345678"),
        ("081-234-5678", "0812345678"),
        ("+66812345678", "0812345678"),
        ("21234567", "021234567"),
        ("๐๘๑๒๓๔๕๖๗๘", "0812345678"),
        ("", None),
    ],
)
def test_phones(text, expected):
    assert v.restore_phone(text) == expected


def test_read_column_reads_each_distinct_text_once():
    calls = []

    def reader(text):
        calls.append(text)
        return len(text)

    values, bad = v.read_column(pd.Series(["a", "bb", "a", "a"]), reader)
    assert list(values) == [1, 2, 1, 1]
    assert not bad.any()
    assert calls == ["a", "bb"]
