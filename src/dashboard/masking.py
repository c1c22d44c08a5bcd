"""How personal numbers are masked, stated once: a national ID keeps its last four digits
(`•••••••••0121`), a phone its first two and last four (`08x-xxx-5678`), wherever they appear —
in their own column, typed into another question, or quoted in a set-aside row's detail.

A low-layer module: the normalizer masks the cells a detail quotes with `mask_text`,
and the downloads mask cells and details with the same functions.
"""

from __future__ import annotations

import re
from typing import Any

from dashboard.text import THAI_DIGITS

BULLET = "•"
ID_MASK = BULLET * 9


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and value != value:
        return True
    if type(value).__name__ in ("NAType", "NaTType"):
        return True
    return isinstance(value, str) and not value.strip()


def digits_of(value: Any) -> str:
    """The digits of `value` (Thai digits read as Arabic ones)."""
    return re.sub(r"\D", "", str(value).translate(THAI_DIGITS))


def mask_national_id(value: Any) -> Any:
    """`1-2345-67890-12-1` -> `•••••••••2121`: never more than the last four digits."""
    if _blank(value):
        return value
    d = digits_of(value)
    return ID_MASK + (d[-4:] if len(d) >= 4 else "")


def mask_phone(value: Any) -> Any:
    """`0812345678` -> `08x-xxx-5678`: the first two digits (mobile or area) and the last four."""
    if _blank(value):
        return value
    d = digits_of(value)
    if str(value).strip().startswith("+66") and len(d) > 2:
        d = "0" + d[2:]  # international form: +66 81 234 5678 is 081 234 5678
    if len(d) <= 4:
        return "x" * len(d)
    if len(d) <= 6:
        return "x" * (len(d) - 4) + d[-4:]
    m = d[:2] + "x" * (len(d) - 6) + d[-4:]
    return f"{m[:3]}-{m[3:-4]}-{m[-4:]}"


# A run of digits (Arabic or Thai) with single spaces or dashes between them, as IDs and phones
# are typed; not part of a decimal number (a serial timestamp) or a longer run. Dates and times
# (2021-08-08 14:03, 8/8/2564) break at their other separators and stay short.
_DIGIT_RUN = re.compile(r"(?<![\d๐-๙.])\+?[0-9๐-๙](?:[0-9๐-๙]|[ \-](?=[0-9๐-๙]))*(?![\d๐-๙]|\.[\d๐-๙])")


def _mask_run(m: re.Match) -> str:
    run = m[0]
    digits = digits_of(run)
    if len(digits) == 13:
        return mask_national_id(digits)
    if run.startswith("+66") or (digits.startswith("66") and len(digits) in (10, 11)):
        digits = "0" + digits[2:]
    if 9 <= len(digits) <= 10 and digits[0] in "0689":
        return mask_phone(digits)
    if len(digits) >= 9 and run.isdigit():  # any other unbroken long number: never whole
        return mask_national_id(digits)
    return run


def mask_text(text: Any) -> Any:
    """`text` with every national ID and phone number in it masked as in their own columns:
    `อ่านตัวเลข 'อายุ' ไม่ได้: '081-234-5678'` -> `… '08x-xxx-5678'`. Not text: as given."""
    if not isinstance(text, str) or not any(c.isdigit() for c in text):
        return text
    return _DIGIT_RUN.sub(_mask_run, text)
