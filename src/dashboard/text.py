"""Text as a person reads it: the one step every cell, header, choice and name goes through.

Thai typed on phones or pasted from web pages and LINE carries characters nobody sees and
spellings that look the same on screen but differ in bytes. `clean_text` gives the text a
person sees, so that two cells that look alike compare alike:

- invisible format characters are dropped: every Unicode ``Cf`` character (zero-width space
  U+200B, ZWNJ/ZWJ, LRM/RLM and the bidi controls, word joiner U+2060, stray byte-order marks
  U+FEFF, soft hyphen U+00AD, ...) and the control characters that are not white space;
- every kind of white space (no-break, thin, ideographic and other spaces, tabs, newlines,
  line and paragraph separators) is one space; runs of it are one space; ends are trimmed;
- Thai written in equivalent ways is one spelling: ``เเ`` (two sara e) is ``แ``; sara am typed as
  nikhahit + sara aa (with a tone mark anywhere between or before) is ``ำ`` after the tone mark;
  a tone mark or thanthakhat typed before an above/below vowel comes after it; a tone mark
  typed after a following vowel (``า``, ``ะ``, ``ำ``) comes before it; a doubled vowel or mark is
  one; several tone marks on one consonant keep the last typed.

Why not PyThaiNLP's `pythainlp.util.normalize`: it removes only ZWSP and ZWNJ (not ZWJ, word
joiner, BOM, soft hyphen or the other format characters), folds only ASCII spaces and keeps
newlines (NBSP, thin and ideographic spaces and tabs stay), and it also rewrites things a
person does see (lakkhangyao ``ๅ`` to ``า``, repeated vowels across spaces: ``นา า`` to ``นา``).
Its Thai reordering rules are the ones kept here. Importing it also imports its tokenizer and
dictionaries, which every command and page would pay at start-up. See docs/normalization.md.

Cost: `needs_cleaning` is one regular expression that matches exactly the texts `clean_text`
could change; the column reader (`clean_arrow`) runs it in Arrow over every cell and calls
Python only for the few cells that match.
"""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

# Every Unicode "Cf" (format) character, as of Unicode 15 (tests/unit/test_text.py checks the
# list against unicodedata).
_FORMAT = (
    "\u00ad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b-\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f"
)
# White space other than the plain space: str.isspace() characters.
_SPACES = "\t\n\x0b\x0c\r\x1c-\x1f\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
# Control characters that are not white space: dropped like format characters.
_CONTROL = "\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f"

_TONE = "\u0e48-\u0e4b"  # mai ek, mai tho, mai tri, mai chattawa
_TONE_T = "\u0e48-\u0e4c"  # tone marks and thanthakhat
_VOWEL_AB = "\u0e31\u0e34-\u0e3a\u0e47"  # above/below vowels, phinthu, maitaikhu
_FOLLOW = "\u0e30\u0e32\u0e33"  # sara a, sara aa, sara am
_MARK = "\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"  # every combining Thai mark
_NIKHAHIT = "\u0e4d"

# Thai digits (๐-๙) read as 0-9: the one table every reader of numbers, codes and days uses.
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")

_DROP = re.compile(f"[{_FORMAT}{_CONTROL}]+")
_SPACE_RUN = re.compile(f"[ {_SPACES}]+")
_SARA_E2 = re.compile("\u0e40\u0e40")
_AM = re.compile(f"{_NIKHAHIT}([{_TONE}]*){_NIKHAHIT}*\u0e32")
_TONE_BEFORE_VOWEL = re.compile(f"([{_TONE_T}]+)([{_VOWEL_AB}]+)")
_TONE_AFTER_FOLLOW = re.compile(f"([{_FOLLOW}])([{_TONE}]+)")
_DOUBLE_MARK = re.compile(f"([{_MARK}])\\1+")
_TONES = re.compile(f"[{_TONE}]{{2,}}")

# Every text clean_text could change matches this (and it is cheap to run over a column).
# Python's `re` and Arrow's RE2 both read it.
_SUSPECT = (
    f"[{_FORMAT}{_CONTROL}{_SPACES}{_NIKHAHIT}]|^ | $|  |\u0e40\u0e40"
    # A mark after a tone mark, thanthakhat or yamakkan, or a vowel after a vowel, is never the
    # standard order; a vowel then a tone mark ("กี่") is, and stays off the slow path.
    f"|[{_TONE_T}\u0e4e][{_MARK}]|[{_VOWEL_AB}][{_VOWEL_AB}]|[{_FOLLOW}][{_TONE}]"
)
_SUSPECT_RE = re.compile(_SUSPECT)


def _re2(pattern: str) -> str:
    """The pattern with non-printable and non-ASCII code points as RE2 escapes (\\x{...})."""
    return "".join(c if 32 <= ord(c) < 127 else f"\\x{{{ord(c):x}}}" for c in pattern)


_SUSPECT_RE2 = _re2(_SUSPECT)
# The same without the anchors, for a whole column's text at once (see `clean_cells`).
_INNER_RE2 = _re2(_SUSPECT.replace("|^ | $|", "|"))


def needs_cleaning(text: str) -> bool:
    return _SUSPECT_RE.search(text) is not None


def _thai(text: str) -> str:
    for _ in range(4):  # each pass can expose one more misordering; four is plenty for a cell
        before = text
        text = _SARA_E2.sub("\u0e41", text)
        text = _AM.sub("\\1\u0e33", text)
        text = _TONE_BEFORE_VOWEL.sub("\\2\\1", text)
        text = _TONE_AFTER_FOLLOW.sub("\\2\\1", text)
        text = _DOUBLE_MARK.sub("\\1", text)
        text = _TONES.sub(lambda m: m[0][-1], text)
        if text == before:
            break
    return text


def clean_text(text: str) -> str:
    """The text a person sees (see the module docstring); unchanged when already clean."""
    if not _SUSPECT_RE.search(text):
        return text
    text = _DROP.sub("", text)
    text = _SPACE_RUN.sub(" ", text).strip(" ")
    if "\u0e00" <= max(text, default="\x00"):
        text = _thai(text)
    return text


def clean_arrow(arr: pa.Array) -> pa.Array:
    """`clean_text` over an Arrow string array: Python runs only for the cells that need it."""
    hit = pc.fill_null(pc.match_substring_regex(arr, _SUSPECT_RE2), False)
    if not pc.any(hit).as_py():
        return arr
    # Spaces around a cell are the common case ("หนองคาย "): trimmed in Arrow, so that only
    # the cells with something else to clean go through Python (clean_text trims anyway).
    arr = pc.utf8_trim_whitespace(arr)
    hit = pc.fill_null(pc.match_substring_regex(arr, _SUSPECT_RE2), False)
    if not pc.any(hit).as_py():
        return arr
    fixed = [None if s is None else clean_text(s) for s in arr.filter(hit).to_pylist()]
    return pc.replace_with_mask(arr, hit, pa.array(fixed, type=arr.type))


def clean_cells(arr: pa.Array) -> pa.Array:
    """`clean_arrow` for the cells of a column that need more than trimming.

    One search over the column's whole text (its data buffer) finds most columns clean, for
    a fraction of a search per cell. Spaces around a cell are left: every reader trims.
    """
    if len(arr) and _whole_text_matches(arr, _INNER_RE2):
        return clean_arrow(arr)
    return arr


def _whole_text_matches(arr: pa.Array, pattern: str) -> bool:
    """Whether the pattern occurs in the cells' text read as one string (cells run together)."""
    large = pa.types.is_large_string(arr.type)
    offsets = np.frombuffer(arr.buffers()[1], dtype=np.int64 if large else np.int32)
    bounds = np.array([offsets[arr.offset], offsets[arr.offset + len(arr)]], dtype=offsets.dtype)
    one = pa.Array.from_buffers(arr.type, 1, [None, pa.py_buffer(bounds), arr.buffers()[2]])
    return bool(pc.match_substring_regex(one, pattern)[0].as_py())


# A cell that holds nothing a person can see (spaces and invisible characters only).
_INVISIBLE_ONLY_RE2 = _re2(f"^[ {_FORMAT}{_CONTROL}{_SPACES}]*$")
_INVISIBLE_RE2 = _re2(f"[{_FORMAT}{_CONTROL}]")


def blank_cells(arr: pa.Array) -> np.ndarray:
    """Per cell whether it reads as blank: nothing but spaces and invisible characters."""
    arr = pc.fill_null(arr, "")
    blank = pc.equal(pc.utf8_trim_whitespace(arr), "").to_numpy(zero_copy_only=False)
    # Cells of invisible characters alone need a search per cell; most columns hold none at all.
    if len(arr) and _whole_text_matches(arr, _INVISIBLE_RE2):
        blank |= pc.match_substring_regex(arr, _INVISIBLE_ONLY_RE2).to_numpy(zero_copy_only=False)
    return blank
