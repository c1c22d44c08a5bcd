"""Every Thai word a person is shown comes from the catalogue (`dashboard.i18n` and
`dashboard.messages`): no module writes a Thai message of its own.

Each module of the package, `app.py` and `screens/*.py` is parsed, and every string literal and
f-string part with a Thai character (U+0E00–U+0E7F) must be a docstring, in the catalogue, in the
demo data or test helpers, or in `ALLOWED`: the Thai *vocabulary* the code reads data with, not
words it says. Modules whose messages are still being moved into the catalogue are in `PENDING`;
once they are, PENDING is emptied and nothing else changes.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "dashboard"
THAI = re.compile(r"[\u0E00-\u0E7F]")

# Where Thai words belong: the catalogue itself, the seeded demo sheets and the test helpers.
EXEMPT = ("i18n.py", "messages/", "demo/", "testing/")

# Modules whose messages are still being moved into the catalogue (paths as in `_name`).
PENDING = (
)

# (module, literal): why this Thai text is data the code reads or writes, not a message.
ALLOWED: dict[tuple[str, str], str] = {
    ("config.py", "ทั้งหมด"): "what staff may write in a provinces cell or list for every province",
    ("config.py", "ทุกจังหวัด"): "what staff may write in a provinces cell or list for every province",
    ("text.py", "๐๑๒๓๔๕๖๗๘๙"): "Thai digits, read as 0-9 (the one table every reader uses)",
    # the corrections table's headers, as FORMS.md names them
    **{("corrections.py", h): "a header of the corrections table (FORMS.md)" for h in (
        "แหล่งข้อมูล", "แถว", "ช่อง", "ค่าเดิม", "ค่าใหม่", "ผู้แก้ไข", "หมายเหตุ", "เวลาที่แก้ไข")},
    ("export.py", r"^[\s\-0-9๐-๙]+$"): "a cell that holds only digits (Thai digits too), spaces and dashes: an ID-like value",
    ("export.py", '[$-107041E]d mmm yyyy hh:mm "น."'): "Excel's number format for a Thai date and time (the น. of Thai time)",
    ("metrics.py", " (ในชีต)"): "the name a form's own column keeps when it collides with a set-aside table's lead column",
    ("ui/tables.py", "เแโใไ"): "Thai leading vowels, sorted after their consonant in dictionary order",
    ("masking.py", r"(?<![\d๐-๙.])\+?[0-9๐-๙](?:[0-9๐-๙]|[ \-](?=[0-9๐-๙]))*(?![\d๐-๙]|\.[\d๐-๙])"): (
        "a run of digits (Thai digits too) that may be a phone or an ID typed anywhere"
    ),
    # normalize/places.py: how people write places
    ("normalize/places.py", "เมือง"): "the capital district, as people write it",
    **{("normalize/places.py", w): "a level word written before a name (จ./จังหวัด, อ./อำเภอ, ต./ตำบล)" for w in (
        "จ", "อ", "ต", "จ.", "จังหวัด", "อ.", "อำเภอ", "ต.", "ตำบล")},
    **{("normalize/places.py", w): "a colloquial province name (FORMS.md)" for w in ("กทม", "กรุงเทพ", "อยุธยา")},
    # suggest.py: the level words folded away when spellings are compared, and the label a suggestion is stored as
    ("suggest.py", r"^(?:(?:จังหวัด|จ\.|อำเภอ|อ\.|เขต|ตำบล|ต\.|แขวง|กิ่งอำเภอ|กิ่ง อ\.)\s*)+"): "level words before a written place",
    ("suggest.py", "ฯ"): "paiyannoi, a name cut short",
    ("suggest.py", "เมือง"): "the capital district, as people write it",
    **{("suggest.py", w): "the level word of a suggested place's stored label (ต.… อ.… จ.…)" for w in ("จ.", "อ.", "ต.")},
    ("ui/state.py", "พี่"): "the tambon type as a link may carry it (?type=พี่)",
    ("ui/state.py", "น้อง"): "the tambon type as a link may carry it (?type=น้อง)",
    # mapping.py: header synonyms and the words folded away when headers are compared
    ("mapping.py", "ประทับเวลา"): "Google Forms' Thai header for the response time",
    ("mapping.py", "การประทับเวลา"): "another Google Forms wording of the response-time header",
    ("mapping.py", "วันที่และเวลา"): "a response-time header as people rename it",
    ("mapping.py", r"[(\[（]\s*(?:คน|ครัวเรือน|ปี|บาท|แห่ง|หมู่บ้าน|นาที\s*:\s*วินาที|นาที|วินาที|ราย)\s*[)\]）]"): (
        "units in brackets in a question title, dropped when headers are compared"
    ),
    ("mapping.py", r"13\s*หลัก|หรือไม่|ของ|ท่าน|กรุณา|โปรด|ระบุ|ใส่|กรอก|\bthe\b|\bof\b"): (
        "filler words of question titles, dropped when headers are compared"
    ),
    ("mapping.py", r"ยูทู[บป]"): "YouTube as written in Thai in a header",
    ("mapping.py", r"เฟ[ซส]\s*บุ[๊]?[กค]"): "Facebook as written in Thai in a header",
    ("mapping.py", r"ไลน์"): "LINE as written in Thai in a header",
    ("mapping.py", r"ลิ[้]?[งน][กค]์?"): "'link' and its misspellings in a header",
    ("mapping.py", "ลิงก์"): "the one spelling 'link' headers fold to",
    ("mapping.py", "\u0e4d\u0e32"): "sara am typed as nikhahit + sara aa, in a header",
    ("mapping.py", "\u0e33"): "sara am, what the above folds to",
    # normalize/: the number, grade and duration readers
    ("normalize/columns.py", "[๐-๙]"): "Thai digits, when judging whether a column holds numbers",
    ("normalize/values.py", r"^\s*(?:ระดับ\s*)?([abcd])(?:\s*$|[\s(\-–:.])"): "a grade written 'ระดับ A'",
    ("normalize/values.py", r"^(?:(\d+(?:\.\d+)?)\s*(?:นาที|min(?:ute)?s?|m)\.?)?\s*(?:(\d+(?:\.\d+)?)\s*(?:วินาที|วิ|sec(?:ond)?s?|s)\.?)?$"): (
        "minutes and seconds as written in Thai in a clip's length"
    ),
    # text.py: the letters and marks the text normaliser puts in their standard order
    ("text.py", "\u0e48-\u0e4b"): "tone marks",
    ("text.py", "\u0e48-\u0e4c"): "tone marks and thanthakhat",
    ("text.py", "\u0e31\u0e34-\u0e3a\u0e47"): "vowels above and below",
    ("text.py", "\u0e30\u0e32\u0e33"): "following vowels",
    ("text.py", "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"): "every combining mark",
    ("text.py", "\u0e4d"): "nikhahit",
    ("text.py", "\u0e40\u0e40"): "sara e typed twice for sara ae",
    ("text.py", "*\u0e32"): "nikhahit + sara aa, sara am typed in two keys",
    ("text.py", "]|^ | $|  |\u0e40\u0e40|["): "part of the pattern of text that needs cleaning (sara e twice)",
    ("text.py", "\u0e4e]["): "part of the pattern of text that needs cleaning (yamakkan)",
    ("text.py", "\u0e41"): "sara ae, what sara e twice becomes",
    ("text.py", "\\1\u0e33"): "sara am, what nikhahit + sara aa becomes",
    ("text.py", "\u0e00"): "the start of the Thai block: only Thai text takes the Thai pass",
}


def _name(path: Path) -> str:
    """A module as this test names it: its path under src/dashboard, or under the project for
    `app.py` and `screens/`."""
    return path.relative_to(PACKAGE).as_posix() if PACKAGE in path.parents else path.relative_to(ROOT).as_posix()


def _modules() -> list[Path]:
    return sorted(PACKAGE.rglob("*.py")) + [ROOT / "app.py"] + sorted((ROOT / "screens").glob("*.py"))


def _checked() -> list[str]:
    names = [_name(p) for p in _modules()]
    return [n for n in names if not n.startswith(EXEMPT) and n not in PENDING]


def thai_literals(source: str) -> list[tuple[int, str]]:
    """(line, text) of each string literal and f-string part with Thai in it, docstrings left out."""
    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                docstrings.add(id(first.value))
    return sorted(
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and id(node) not in docstrings and THAI.search(node.value)
    )


def _found(name: str) -> list[tuple[int, str]]:
    path = ROOT / name if name == "app.py" or name.startswith("screens/") else PACKAGE / name
    return thai_literals(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", _checked())
def test_a_module_says_its_thai_words_through_the_catalogue(name):
    stray = [(line, text) for line, text in _found(name) if (name, text) not in ALLOWED]
    assert not stray, (
        f"{name} writes Thai text of its own: put the words in dashboard/messages (TH and EN) and "
        f"use i18n.t or DashboardError.from_key, or, if it is vocabulary the data is read with, add it "
        f"to ALLOWED with its reason: {stray}"
    )


def test_every_allowed_literal_is_still_there_and_has_a_reason():
    # An entry whose literal is gone would quietly allow the next message written the same way.
    checked = set(_checked())
    for (name, text), reason in ALLOWED.items():
        assert name in checked, f"{name} is not a checked module (exempt or pending)"
        assert reason.strip(), (name, text)
        assert text in {t for _, t in _found(name)}, f"{name} no longer has {text!r}: remove it from ALLOWED"


def test_pending_names_real_modules():
    # So that emptying PENDING checks exactly the modules it held.
    names = {_name(p) for p in _modules()}
    assert set(PENDING) <= names, sorted(set(PENDING) - names)


def test_the_scan_finds_thai_in_literals_and_f_strings_but_not_docstrings():
    source = '''
"""โมดูล: a docstring."""
def f(x):
    """ฟังก์ชัน"""
    a = "ok"
    b = f"{x} ไม่ได้"
    return "ไทย" + a + b
class C:
    """คลาส"""
    label = "ชื่อ"
'''
    assert thai_literals(source) == [(6, " ไม่ได้"), (7, "ไทย"), (10, "ชื่อ")]
