"""An A4 PDF brief per scope, typeset by Typst in Sarabun (shaped Thai, dictionary line breaks, fonts embedded)."""

from __future__ import annotations

import os
import tempfile
from datetime import date
from pathlib import Path

import fontpkg_sarabun
import segno
import typst

from dashboard.i18n import TH_MONTHS_LONG, t, thai_datetime

FONT_DIR = Path(fontpkg_sarabun.__file__).parent / "files"


def _words(lang: str) -> dict[str, str]:
    """The brief's words in `lang`, from the catalogue (keys `brief.*`)."""
    return {k: t(f"brief.{k}", lang) for k in BRIEF_WORDS}


BRIEF_WORDS = ('title', 'country', 'province', 'as_of', 'leaders', 'target', 'tambons', 'kpi', 'report', 'expected', 'received', 'on_time', 'late', 'missing', 'overdue_units', 'more', 'source', 'pulled', 'link')


def be_date(d: date, lang: str = "th") -> str:
    """The day in the Buddhist Era: 15 กันยายน 2564 (15 September 2564 BE in English)."""
    if lang == "th":
        return f"{d.day} {TH_MONTHS_LONG[d.month - 1]} {d.year + 543}"
    return f"{d.day} {d.strftime('%B')} {d.year + 543} BE"


def _esc(text: object) -> str:
    """Text as a Typst string literal's content: nothing from a sheet is markup."""
    return str(text).replace("\\", "\\\\").replace('"', '\\"')


def view_url(base: str, province: str | None, as_of: date | None) -> str:
    params = [f"province={province}"] if province else []
    if as_of:
        params.append(f"as_of={as_of.isoformat()}")
    return base.rstrip("/") + "/" + (("?" + "&".join(params)) if params else "")


def overdue_markup(units: dict, lang: str, limit: int = 12, province_scope: bool = False) -> str:
    """Each report's units still overdue, as the executive role sees them: places only (no names, phones, IDs)."""
    w = _words(lang)
    parts = []
    for rid, frame in units.items():
        if frame.empty:
            continue
        places = [" ".join(str(v) for v in row if v is not None and str(v) != "nan")
                  for row in frame[[c for c in ("tambon", "district", "province")
                                 if c in frame and not (province_scope and c == "province")]].itertuples(index=False)]
        more = f" {w['more']} {len(places) - limit}" if len(places) > limit else ""
        label = f"{w['report']} {rid} ({len(places)})"
        # A place name is one box: the line-break dictionary does not know every tambon's name.
        shown = ", ".join(f'#box[#"{_esc(p)}"]' for p in places[:limit])
        parts.append(f'*#"{_esc(label)}:"* {shown}#"{_esc(more)}"')
    if not parts:
        return ""
    return f'#text(weight: "bold")[#"{_esc(w["overdue_units"])}"]\n\n#text(size: 10pt)[' + " \\\n".join(parts) + "]\n"


def brief_markup(report: dict, scope_name: str, source: dict, url: str, qr_file: str, lang: str = "th",
                 overdue: str = "") -> str:
    w = _words(lang)
    as_of = date.fromisoformat(report["as_of"])
    lead, tam = report["leaders"], report["tambons"]
    rows = []
    for rid, r in report["reports"].items():
        rows.append(", ".join(f'[#"{_esc(v)}"]' for v in (rid, r["expected"], r["received"], r["on_time"],
                                                              r["late"], r["missing"])))
    head = ", ".join(f'[*#"{_esc(w[k])}"*]' for k in ("report", "expected", "received", "on_time", "late", "missing"))
    return f"""
#set page(paper: "a4", margin: 2cm)
#set text(font: "Sarabun", lang: "{lang}", size: 12pt)
#text(size: 18pt, weight: "bold")[#"{_esc(w['title'])}: {_esc(scope_name)}"]

#"{_esc(w['as_of'])} {_esc(be_date(as_of, lang))}"

#grid(columns: (1fr, 1fr, 1fr), gutter: 8pt,
  rect(width: 100%, inset: 8pt)[#"{_esc(w['leaders'])}" \\ #text(size: 16pt, weight: "bold")[#"{lead['registered']:,}"] / #"{lead['target']:,}"],
  rect(width: 100%, inset: 8pt)[#"{_esc(w['tambons'])}" \\ #text(size: 16pt, weight: "bold")[#"{tam['engaged']:,}"] / #"{tam['target']:,}"],
  rect(width: 100%, inset: 8pt)[#"{_esc(w['kpi'])}" \\ #text(size: 16pt, weight: "bold")[#"{report['kpi_driving_pct']}"]],
)

#table(columns: 6, align: (left, right, right, right, right, right), {head}, {", ".join(rows)})

{overdue}

// The Results page's outcome headline and the A–D map go here.

#v(1fr)
#grid(columns: (1fr, 3cm), gutter: 8pt,
  [#"{_esc(w['source'])}: {_esc(source.get('label') or source.get('kind'))}" \\
   #"{_esc(w['pulled'])}: {_esc(thai_datetime(source.get('pulled_at'), lang))}" \\
   #link("{_esc(url)}")[#"{_esc(w['link'])}"] \\ #text(size: 9pt)[#"{_esc(url)}"]],
  image("{_esc(qr_file)}", width: 3cm),
)
"""


def render_brief(report: dict, scope_name: str, source: dict, url: str, lang: str = "th",
                 units: dict | None = None) -> bytes:
    """The brief's PDF bytes."""
    with tempfile.TemporaryDirectory() as tmp:
        qr = os.path.join(tmp, "qr.svg")
        segno.make(url, error="m").save(qr, scale=4, border=1)
        src = os.path.join(tmp, "brief.typ")
        Path(src).write_text(brief_markup(report, scope_name, source, url, "qr.svg", lang,
                                                 overdue_markup(units or {}, lang,
                                                                province_scope=bool(report.get("province")))), encoding="utf-8")
        return typst.compile(src, font_paths=[str(FONT_DIR)])
