"""The header check: which headers map to which fields, and a proposal for every missing field.

Real forms word their questions their own way ("เลขบัตรประจำตัวประชาชน 13 หลัก" for
"เลขประจำตัวประชาชน"). For each field the configuration cannot find, the headers nobody claims
are ranked by how alike the wording is (Thai-aware: invisible characters, punctuation, units in
brackets and filler words such as "ของ" or "13 หลัก" count for little) and by whether a sample
of the column reads as the field's kind of value (dates, numbers, national IDs with a valid
check digit, phones, YouTube links, the configured choices), read with `normalize.values`.

A proposal is only a proposal: the dashboard uses what the configuration and the mapping
overlay (`overlay_toml`, read by `config.load_config`) say, and never guesses at run time.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from difflib import SequenceMatcher

import pandas as pd

from dashboard.config import Config, SourceSpec, fold_header
from dashboard.i18n import t
from dashboard.normalize import values as v

SAMPLE = 200  # non-blank cells of a column read to judge its kind of value
THRESHOLD = 0.5  # a candidate scoring below this is listed, never proposed
TIE = 0.03  # two candidates closer than this are equally likely: neither is proposed
MIN_FIT = 0.5  # a column whose sample reads below this share is not the field's kind

# Google Forms writes the response time under a header in the form owner's language.
TIMESTAMP_HEADERS = ("timestamp", "ประทับเวลา", "การประทับเวลา", "วันที่และเวลา")

# ---- folding the wording ------------------------------------------------------------------

_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u200e\u200f]")
_NOT_WORD = re.compile(r"[^0-9a-z\u0e01-\u0e4e]+")
# Units in brackets say how a number is counted, not which number it is.
_UNIT = re.compile(r"[(\[（]\s*(?:คน|ครัวเรือน|ปี|บาท|แห่ง|หมู่บ้าน|นาที\s*:\s*วินาที|นาที|วินาที|ราย)\s*[)\]）]")
# Filler that changes nothing about which question it is; removed from both wordings alike.
_FILLER = re.compile(r"13\s*หลัก|หรือไม่|ของ|ท่าน|กรุณา|โปรด|ระบุ|ใส่|กรอก|\bthe\b|\bof\b")

# Loanwords written in Thai or in English, and their common misspellings, read as one word.
_LOANWORDS = (
    (re.compile(r"ยูทู[บป]"), "youtube"),
    (re.compile(r"เฟ[ซส]\s*บุ[๊]?[กค]"), "facebook"),
    (re.compile(r"ไลน์"), "line"),
    (re.compile(r"ลิ[้]?[งน][กค]์?"), "ลิงก์"),
    (re.compile(r"\burl\b|\blink\b"), "ลิงก์"),
)


def fold_words(text: object) -> str:
    """A header as compared for likeness: visible characters only, lower case, no punctuation,
    no units in brackets or filler words, single spaces."""
    s = unicodedata.normalize("NFC", str(text))
    s = _INVISIBLE.sub("", s).replace("\u00a0", " ")
    s = s.replace("\u0e4d\u0e32", "\u0e33")  # sara am typed as nikhahit + sara aa
    s = s.translate(v.THAI_DIGITS).lower()
    for pattern, same in _LOANWORDS:
        s = pattern.sub(same, s)
    s = _UNIT.sub(" ", s)
    s = _FILLER.sub("", s)  # Thai runs words together: the words around it join too
    s = _NOT_WORD.sub(" ", s)
    return " ".join(s.split())


def _grams(text: str, n: int) -> set[str]:
    compact = text.replace(" ", "")
    if len(compact) < n:
        return {compact} if compact else set()
    return {compact[i : i + n] for i in range(len(compact) - n + 1)}


_BRACKETS = re.compile(r"[(\[（][^)\]）]*[)\]）]")


def wording_similarity(a: object, b: object) -> float:
    """0..1: how alike two headers are worded; a remark in brackets ("ชื่อ (ไม่ต้องใส่คำนำหน้า)",
    "วิเคราะห์หมู่บ้าน (SWOT)") may be left out of either, at a small cost."""
    best = _similarity(a, b)
    a2, b2 = _BRACKETS.sub(" ", str(a)), _BRACKETS.sub(" ", str(b))
    if (a2, b2) != (str(a), str(b)) and fold_words(a2) and fold_words(b2):
        best = max(best, 0.95 * _similarity(a2, b2))
    return best


def _similarity(a: object, b: object) -> float:
    """0..1: how alike two headers are worded, after `fold_words`.

    Character bigrams and trigrams (Thai has no spaces between words, so n-grams stand in
    for words), the share of the shorter wording found in the longer (a header that adds
    words to the question still holds it), whole-word overlap and the edit ratio.
    """
    fa, fb = fold_words(a), fold_words(b)
    if not fa or not fb:
        return 0.0
    if fa == fb:
        return 1.0
    scores = []
    for n in (2, 3):
        ga, gb = _grams(fa, n), _grams(fb, n)
        common = len(ga & gb)
        dice = 2 * common / (len(ga) + len(gb))
        contained = common / min(len(ga), len(gb))
        scores.append(0.6 * dice + 0.4 * contained)
    wa, wb = set(fa.split()), set(fb.split())
    words = len(wa & wb) / len(wa | wb)
    edit = SequenceMatcher(None, fa.replace(" ", ""), fb.replace(" ", ""), autojunk=False).ratio()
    return min(1.0, 0.35 * scores[0] + 0.3 * scores[1] + 0.1 * words + 0.25 * edit)


# ---- the kind of value a field holds --------------------------------------------------------

_LETTER = re.compile(r"[a-zA-Z\u0e01-\u0e2e]")


def _text(cell: str) -> str:
    """A name or a place: has letters, and is not a number, a date or a link."""
    s = cell.strip()
    if not _LETTER.search(s) or "://" in s or s.lower().startswith("www."):
        raise ValueError("not text")
    return s


def _national_id(cell: str) -> str:
    digits = v.national_id_digits(cell)
    if not v.valid_national_id(digits):
        raise ValueError("not a national ID")
    return digits


def _phone(cell: str) -> str:
    digits = v.restore_phone(cell) or ""
    if not (len(digits) in (9, 10) and digits.startswith("0")):
        raise ValueError("not a phone number")
    return digits


def _link(cell: str) -> str:
    s = cell.strip().lower()
    if not (s.startswith(("http://", "https://", "www.")) or "facebook.com" in s or "fb.watch" in s):
        raise ValueError("not a link")
    return s


def _tambon_code(cell: str) -> str:
    s = cell.strip().translate(v.THAI_DIGITS)
    if not re.fullmatch(r"\d{6}", s):
        raise ValueError("not a tambon code")
    return s


def _code(cell: str) -> str:
    s = cell.strip()
    if not s or len(s) > 20 or " " in s:
        raise ValueError("not a code")
    return s


def field_kind(spec: SourceSpec, name: str) -> str:
    """The kind of value a field holds, from the configuration's facts about it."""
    if name == "submitted_at":
        return "timestamp"
    if name == "national_id":
        return "national_id"
    if name.endswith("phone"):
        return "phone"
    if name == "youtube_url":
        return "youtube"
    if name.endswith("_url"):
        return "link"
    if name == "duration":
        return "duration"
    if name == "tambon_code":
        return "tambon_code"
    if name == "pair_id":
        return "code"
    if name in spec.choices:
        return "choice"
    if name in spec.numbers or name == "score":
        return "number"
    return "text"


# Kinds a column can be told apart by; "text" and "code" fit most columns of words.
STRONG_KINDS = {"timestamp", "national_id", "phone", "youtube", "link", "duration", "tambon_code", "choice", "number"}


def kind_reader(cfg: Config, spec: SourceSpec, name: str) -> Callable[[str], object]:
    kind = field_kind(spec, name)
    if kind == "choice":
        list_name = spec.choices[name]
        return v.choice_reader(cfg.choices[list_name], grade=list_name == "grade")
    return {
        "timestamp": v.parse_timestamp,
        "number": v.parse_number,
        "national_id": _national_id,
        "phone": _phone,
        "youtube": v.parse_youtube,
        "link": _link,
        "duration": v.parse_duration,
        "tambon_code": _tambon_code,
        "code": _code,
        "text": _text,
    }[kind]


def sample_cells(column: pd.Series, size: int = SAMPLE) -> list[str]:
    """Up to `size` non-blank cells of a column, in sheet order."""
    cells = [str(c) for c in column.tolist() if c is not None and str(c).strip() and str(c) != "nan"]
    return cells[:size]


def readable(cells: list[str], reader: Callable[[str], object]) -> int:
    """How many of the cells the reader reads."""
    ok = 0
    for cell in cells:
        try:
            reader(cell)
        except (ValueError, TypeError):
            continue
        ok += 1
    return ok


# ---- the check --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    header: str
    score: float  # 0..1, what ranks the candidates
    wording: float  # 0..1, likeness of the wording alone
    kind: str
    read: int  # sample cells the field's reader reads
    sampled: int  # non-blank cells in the sample

    @property
    def fit(self) -> float | None:
        return self.read / self.sampled if self.sampled else None


@dataclass
class FieldCheck:
    field: str
    header: str  # the configured wording
    required: bool
    kind: str
    mapped: str | None = None  # the sheet's header, found as configured
    via_overlay: bool = False  # mapped through the mapping overlay
    candidates: list[Candidate] = field(default_factory=list)
    proposed: Candidate | None = None
    tied: list[Candidate] = field(default_factory=list)  # equally likely: nothing proposed

    @property
    def state(self) -> str:
        """mapped | proposed | ambiguous | unsure (a candidate, not likely enough) | missing."""
        if self.mapped is not None:
            return "mapped"
        if self.proposed is not None:
            return "proposed"
        if self.tied:
            return "ambiguous"
        if self.candidates:
            return "unsure"
        return "missing"


@dataclass
class SourceCheck:
    source: str
    title_th: str
    title_en: str
    fields: list[FieldCheck]
    unknown: list[str]  # headers no field claims (proposed ones included)
    present: bool = True  # the source had a table at all

    @property
    def ok(self) -> bool:
        return self.present and all(f.state in ("mapped", "proposed") for f in self.fields if f.required)

    @property
    def proposals(self) -> list[tuple[str, str]]:
        return [(f.field, f.proposed.header) for f in self.fields if f.proposed is not None]

    @property
    def overlay_pairs(self) -> list[tuple[str, str]]:
        """(field, header) the overlay already maps and the sheet still has."""
        return [(f.field, f.mapped) for f in self.fields if f.via_overlay and f.mapped is not None]


@dataclass
class CheckResult:
    sources: dict[str, SourceCheck]

    @property
    def ok(self) -> bool:
        return all(s.ok for s in self.sources.values())

    def pairs(self, confirmed: Iterable[tuple[str, str, str]] | None = None) -> list[tuple[str, str, str]]:
        """(source, header, field) for the overlay: pairs the overlay already maps, then the
        proposals (all of them, or only those in `confirmed`)."""
        chosen = None if confirmed is None else set(confirmed)
        out = []
        for sid, s in self.sources.items():
            out += [(sid, h, f) for f, h in s.overlay_pairs]
            out += [(sid, h, f) for f, h in s.proposals if chosen is None or (sid, h, f) in chosen]
        return out


def required_fields(spec: SourceSpec) -> set[str]:
    """Fields without which a source cannot be read (the normalizer stops without them)."""
    return set(spec.needed)


def _candidate(cfg: Config, spec: SourceSpec, name: str, header: str, cells: list[str]) -> Candidate:
    kind = field_kind(spec, name)
    wording = wording_similarity(header, spec.columns[name])
    if name == "submitted_at":
        wording = max([wording] + [wording_similarity(header, h) for h in TIMESTAMP_HEADERS])
    read = readable(cells, kind_reader(cfg, spec, name)) if cells else 0
    fit = read / len(cells) if cells else None
    if fit is None:
        score = wording  # a sheet with no answers yet: the wording is all there is
    elif kind in STRONG_KINDS:
        score = 0.55 * wording + 0.45 * fit if fit >= MIN_FIT else 0.5 * wording * fit
    else:
        score = 0.75 * wording + 0.25 * fit if fit >= MIN_FIT else 0.5 * wording
    return Candidate(header, round(score, 4), round(wording, 4), kind, read, len(cells))


def check_source(raw: pd.DataFrame | None, spec: SourceSpec, cfg: Config) -> SourceCheck:
    """The check of one source's raw table against its configured (and overlaid) headers."""
    needed = required_fields(spec)
    overlaid = set(cfg.overlay.get(spec.id, {}))
    fields = [
        FieldCheck(name, header, name in needed, field_kind(spec, name), via_overlay=name in overlaid)
        for name, header in spec.columns.items()
    ]
    if raw is None:
        return SourceCheck(spec.id, spec.title_th, spec.title_en, fields, [], present=False)
    wanted = spec.header_to_field()
    by_field = {f.field: f for f in fields}
    unknown: list[str] = []
    claimed: set[str] = set()
    for header in raw.columns:
        header = str(header)
        name = wanted.get(fold_header(header))
        if name is not None:
            if by_field[name].mapped is None:
                by_field[name].mapped = header
            claimed.add(fold_header(header))  # a repeated title is the same question
        elif header.strip() and fold_header(header) not in claimed:
            unknown.append(header)
    columns = {str(h): i for i, h in enumerate(raw.columns)}
    samples = {h: sample_cells(raw.iloc[:, columns[h]]) for h in unknown}
    open_fields = [f for f in fields if f.mapped is None]
    for f in open_fields:
        ranked = [_candidate(cfg, spec, f.field, h, samples[h]) for h in unknown]
        # Listed: the likely ones, and those worded alike whose values do not read (worth a look).
        f.candidates = sorted((c for c in ranked if c.score > 0.2 or c.wording >= THRESHOLD), key=lambda c: -c.score)
    # The likeliest pairs are settled first, so a field never takes a header that fits another
    # field better; a header goes to one field at most.
    pairs = sorted(((c.score, i, c) for i, f in enumerate(open_fields) for c in f.candidates), key=lambda p: (-p[0], p[1]))
    taken: set[str] = set()
    settled: set[int] = set()
    for score, i, cand in pairs:
        if score < THRESHOLD:
            break
        if i in settled or cand.header in taken:
            continue
        f = open_fields[i]
        settled.add(i)
        tied = [c for c in f.candidates if c.header not in taken and c.score > score - TIE]
        if len(tied) > 1:
            f.tied = tied
            continue
        f.proposed = cand
        taken.add(cand.header)
    return SourceCheck(spec.id, spec.title_th, spec.title_en, fields, unknown)


def check_tables(tables: Mapping[str, pd.DataFrame], cfg: Config) -> CheckResult:
    """The check of every source's raw table (a source absent from `tables` is reported so)."""
    return CheckResult({sid: check_source(tables.get(sid), cfg.sources[sid], cfg) for sid in cfg.source_ids})


# ---- the overlay ------------------------------------------------------------------------------


def _toml_string(text: str) -> str:
    out = text.replace("\\", "\\\\").replace('"', '\\"')
    out = out.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    return f'"{out}"'


def overlay_toml(pairs: Iterable[tuple[str, str, str]]) -> str:
    """The mapping overlay: one `[[mapping]]` entry (source, header, field) a pair."""
    lines = [
        "# Header mapping overlay: the sheet's header (as the form words it) -> the programme's field.",
        "# Read on top of data/programme.toml with --mapping FILE or DASHBOARD_MAPPING=FILE.",
        "# Written by `python -m dashboard check --write-mapping`; only these pairs are used.",
    ]
    for sid, header, name in pairs:
        lines += ["", "[[mapping]]", f"source = {_toml_string(sid)}", f"header = {_toml_string(header)}",
                  f"field = {_toml_string(name)}"]
    return "\n".join(lines) + "\n"


# ---- the table people read ---------------------------------------------------------------------

def word(key: str, lang: str = "th") -> str:
    return t(f"check.{key}", lang)


def columns(lang: str = "th") -> list[str]:
    """Headings of `field_rows`' columns."""
    return [t(f"check.col.{k}", lang) for k in ("field", "configured", "state", "sheet", "detail")]


def _cand_detail(c: Candidate, lang: str, named: bool = True) -> str:
    cells = word("cells", lang).format(read=c.read, sampled=c.sampled) if c.sampled else word("no_cells", lang)
    figures = f"{word('score', lang).format(score=c.score)}, {cells}"
    return f"{c.header} ({figures})" if named else figures


def field_rows(check: SourceCheck, lang: str = "th") -> list[list[str]]:
    """One row per field: field, configured header, state, the sheet's header, detail."""
    rows = []
    for f in check.fields:
        need = word("required" if f.required else "optional", lang)
        state = f.state
        label = word("overlay" if state == "mapped" and f.via_overlay else state, lang)
        sheet = ""
        detail = ""
        if state == "mapped":
            sheet = f.mapped or ""
        elif state == "proposed":
            sheet = f.proposed.header
            detail = _cand_detail(f.proposed, lang, named=False)
        elif state == "ambiguous":
            detail = " | ".join(_cand_detail(c, lang) for c in f.tied)
        elif state == "unsure":
            detail = " | ".join(_cand_detail(c, lang) for c in f.candidates[:3])
        rows.append([f"{f.field} ({need})", f.header, label, sheet, detail])
    return rows


def field_frame(check: SourceCheck, lang: str = "th") -> pd.DataFrame:
    """`field_rows` as a table with headings in `lang` (the administrators' page shows it)."""
    return pd.DataFrame(field_rows(check, lang), columns=columns(lang))


def unclaimed(check: SourceCheck) -> list[str]:
    """Unknown headers that no proposal takes."""
    claimed = {f.proposed.header for f in check.fields if f.proposed is not None}
    return [h for h in check.unknown if h not in claimed]


def render_text(result: CheckResult, lang: str = "th") -> str:
    """The check as plain text: per source, a table of fields, then the unknown headers."""
    out = []
    for sid, s in result.sources.items():
        title = s.title_en if lang == "en" else s.title_th
        out.append(f"== {sid} · {title}")
        if not s.present:
            out += [f"   {word('absent', lang)}", ""]
            continue
        rows = [columns(lang), *field_rows(s, lang)]
        widths = [max(_width(r[i]) for r in rows) for i in range(4)]
        for r in rows:
            cells = [r[i] + " " * (widths[i] - _width(r[i])) for i in range(4)]
            out.append(("   " + "  ".join(cells) + ("  " + r[4] if r[4] else "")).rstrip())
        rest = unclaimed(s)
        if rest:
            out.append(f"   {word('unknown', lang)}: " + ", ".join(rest))
        out.append("")
    out.append(word("ok" if result.ok else "not_ok", lang))
    return "\n".join(out)


def _width(text: str) -> int:
    """Columns a text takes in a terminal: Thai vowel and tone marks above or below take none."""
    return sum(0 if unicodedata.combining(ch) or unicodedata.category(ch) == "Mn" else 1 for ch in text)
