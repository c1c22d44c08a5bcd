"""Cell values written the ways the field offices' sheets hold them: timestamps, counts, IDs, links."""

from __future__ import annotations

import random
import string
from datetime import date, datetime, timedelta

from dashboard.i18n import TH_MONTHS

_THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")
_VIDEO_CHARS = string.ascii_letters + string.digits + "-_"


def thai_digits(text: str) -> str:
    return text.translate(_THAI_DIGITS)


def moment(rng: random.Random, first: date, last: date) -> datetime:
    """A time on a day in [first, last], mostly in office hours."""
    day = first + timedelta(days=rng.randint(0, (last - first).days))
    hour = rng.randint(8, 17) if rng.random() < 0.85 else rng.choice((6, 7, 18, 19, 20, 21, 22))
    return datetime(day.year, day.month, day.day, hour, rng.randint(0, 59), rng.randint(0, 59))


def later(rng: random.Random, when: datetime, days: int) -> datetime:
    """A time after `when`, within `days` days, mostly in office hours."""
    day = when.date() + timedelta(days=rng.randint(0, days))
    after = moment(rng, day, day)
    return after if after > when else when + timedelta(seconds=rng.randint(60, 5400))


def near(rng: random.Random, when: datetime, days: int) -> datetime:
    """A time within `days` days either side of `when`, mostly in office hours."""
    return moment(rng, when.date() - timedelta(days=days), when.date() + timedelta(days=days))


def timestamp(rng: random.Random, when: datetime) -> str:
    """A Google Forms timestamp as a CSV export shows it.

    A Thai-locale sheet writes `8/8/2564, 14:03:22` (Buddhist Era); an English one `8/8/2021
    14:03:22`, sometimes zero-padded.
    """
    r = rng.random()
    clock = f"{when.hour}:{when.minute:02d}:{when.second:02d}"
    if r < 0.62:
        return f"{when.day}/{when.month}/{when.year + 543}, {clock}"
    if r < 0.9:
        return f"{when.day}/{when.month}/{when.year} {clock}"
    return f"{when.day:02d}/{when.month:02d}/{when.year} {when.hour:02d}:{when.minute:02d}:{when.second:02d}"


def bad_timestamp(rng: random.Random, when: datetime) -> str:
    """A date typed by hand into the timestamp column, in a form the contract does not read."""
    month = TH_MONTHS[when.month - 1]
    return rng.choice(
        (
            f"{when.day} {month} {when.year + 543}",
            f"{when.day} {month} {(when.year + 543) % 100} เวลา {when.hour}.{when.minute:02d} น.",
            "ไม่ทราบวันที่",
        )
    )


def count(rng: random.Random, n: int, unit: str = "") -> str:
    """A whole number: mostly plain, sometimes Thai digits, a thousands separator or a unit word."""
    r = rng.random()
    if n >= 1000 and r < 0.3:
        return f"{n:,}"
    if r < 0.9:
        return str(n)
    if r < 0.94:
        return thai_digits(str(n))
    if r < 0.98 and unit:
        return f"{n:,} {unit}" if n >= 1000 else f"{n} {unit}"
    if r < 0.99 and unit:
        return thai_digits(str(n)) + " " + unit
    return f"{n}.0" if n < 1000 else str(n)


def bad_count(rng: random.Random, n: int) -> str:
    """A count that cannot be read: words, a fraction, a guess."""
    words = {10: "สิบ", 12: "สิบสอง", 15: "สิบห้า", 20: "ยี่สิบ"}
    return rng.choice((words.get(n, "ประมาณสิบ"), f"{n}.5", "ไม่ทราบ"))


def check_digit(first12: str) -> int:
    total = sum(int(c) * (13 - i) for i, c in enumerate(first12))
    return (11 - total % 11) % 10


def national_id(rng: random.Random) -> str:
    """A valid 13-digit Thai national ID (first digit 1-8, then the check digit)."""
    first12 = f"{rng.choice((1, 1, 1, 3, 3, 5, 8))}{rng.randrange(10**11):011d}"
    return first12 + str(check_digit(first12))


def write_id(rng: random.Random, nid: str) -> str:
    """A valid ID as people type it: plain, dashed, spaced or in Thai digits."""
    r = rng.random()
    if r < 0.86:
        return nid
    if r < 0.94:
        return f"{nid[0]}-{nid[1:5]}-{nid[5:10]}-{nid[10:12]}-{nid[12]}"
    if r < 0.97:
        return f"{nid[0]} {nid[1:5]} {nid[5:10]} {nid[10:12]} {nid[12]}"
    return thai_digits(nid)


def broken_id(rng: random.Random, nid: str) -> str:
    """An ID that fails the check: a wrong last digit, a digit missing, or left blank."""
    r = rng.random()
    if r < 0.7:
        return nid[:12] + str((int(nid[12]) + rng.randint(1, 9)) % 10)
    if r < 0.9:
        cut = rng.randint(1, 12)
        return nid[:cut] + nid[cut + 1 :]
    return ""


def phone(rng: random.Random) -> str:
    """A mobile number; a sheet that read it as a number lost the leading zero."""
    digits = f"{rng.choice(('08', '08', '09', '06'))}{rng.randrange(10**8):08d}"
    r = rng.random()
    if r < 0.78:
        return digits
    if r < 0.9:
        return digits[1:]
    return f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"


def video_id(rng: random.Random) -> str:
    """An 11-character YouTube video id (its last character carries 4 bits: one of 16)."""
    return "".join(rng.choice(_VIDEO_CHARS) for _ in range(10)) + rng.choice("AEIMQUYcgkosw048")


def youtube_link(rng: random.Random, vid: str) -> str:
    """Every link form the contract reads."""
    return rng.choice(
        (
            f"https://youtu.be/{vid}",
            f"https://youtu.be/{vid}",
            f"https://www.youtube.com/watch?v={vid}",
            f"https://www.youtube.com/watch?v={vid}",
            f"https://m.youtube.com/watch?v={vid}",
            f"youtube.com/watch?v={vid}",
            f"https://www.youtube.com/watch?feature=share&v={vid}",
            f"https://www.youtube.com/watch?v={vid}&t=15s",
            f"https://youtube.com/shorts/{vid}",
            f"https://www.youtube.com/embed/{vid}",
            f"https://www.youtube.com/live/{vid}",
            f"youtu.be/{vid}",
        )
    )


def bad_link(rng: random.Random, page: str) -> str:
    """A link pasted into the YouTube question that is not a YouTube video."""
    return rng.choice(
        (
            f"https://www.facebook.com/{page}/videos/{rng.randint(10**14, 10**15 - 1)}",
            f"https://fb.watch/{video_id(rng)[:10]}/",
            f"https://drive.google.com/file/d/{video_id(rng)}{video_id(rng)}/view",
            f"https://www.tiktok.com/@{page}/video/{rng.randint(10**18, 10**19 - 1)}",
            f"https://www.youtube.com/@{page}",
            "ยังไม่ได้อัปโหลด",
        )
    )


def duration(rng: random.Random, seconds: int) -> str:
    """A clip length written one of the ways the contract reads, exact for `seconds`."""
    m, s = divmod(seconds, 60)
    forms = [f"{m}:{s:02d}", f"{m}:{s:02d}", f"{seconds} วินาที", f"0:{m:02d}:{s:02d}"]
    if s == 0:
        forms += [f"{m} นาที", f"{m} นาที", f"{m} min", str(m)]
    else:
        forms += [f"{m} นาที {s} วินาที", f"{seconds} sec", f"{seconds}s"]
    if s == 30:
        forms.append(f"{m}.5 นาที")
    return rng.choice(forms)
