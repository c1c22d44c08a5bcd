"""Seeded demo report sheets, and the summary they should produce (their ground truth).

`generate(seed, scale)` writes the six sheets the contract (spec/FORMS.md) describes, as the
field offices' Google Forms fill them: real DOPA places from geothai, Thai names, the messy
values the contract lists, resubmissions, late and missing reports, and a few percent of rows
that must be quarantined, each with exactly one problem. Every row is kept with a record of what
it really is, and `DemoSet.truth()` computes the contract's JSON summary from those records
alone, so comparing it with `python -m dashboard report` checks the reading rules end to end.

Scale 1 is the programme as planned: 1,000 pairs (2,000 register tambons) over the 76
provinces, about 30,000 leader rows, clips for the 228 (province, phase) units and ratings for
the 878 districts. Scale 10 (benchmarks) has 10× the leader rows (about 300,000) but not 20,000
register tambons: geothai has only 7,256 tambons outside Bangkok, so the register uses every
one of them (3,628 pairs) and each tambon sends about 41 leaders instead of 15. With every
tambon in the register, no row can be `not_in_register` at that scale.

The same seed gives byte-identical sheets: every sheet draws from its own `random.Random`.

    python -m dashboard.demo --out data/demo [--seed 42] [--scale 1]
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import io
import json
import random
import time
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from dashboard.config import DEMO_DIR, SOURCE_IDS, Config, load_config

from . import forms, pasted
from .places import Geo, build_register
from .truth import Record, outcomes, statuses, summary

__all__ = ["DemoSet", "generate", "main"]

_BUILDERS = {
    "register": forms.register_sheet,
    "1.1": forms.leaders_sheet,
    "2.1": forms.before_sheet,
    "2.2": forms.results_sheet,
    "3": forms.clips_sheet,
    "4": forms.ratings_sheet,
}


@dataclass
class DemoSet:
    """The demo sheets (`tables`: source id -> rows, header first, all text) and their truth."""

    tables: dict[str, list[list[str]]]
    records: dict[str, list[Record]]  # one per data row, in sheet order
    cfg: Config
    geo: Geo
    seed: int
    scale: float
    _settled: dict = field(default_factory=dict, repr=False)  # as_of -> rows with their status

    def csv_bytes(self, sid: str) -> bytes:
        """One sheet as Google Sheets' Download → CSV writes it: UTF-8 without a byte-order
        mark, CRLF between rows, quotes only where needed, no line break after the last row."""
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\r\n").writerows(self.tables[sid])
        return buf.getvalue().removesuffix("\r\n").encode("utf-8")

    def write_csv(self, folder: Path) -> None:
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        for sid in SOURCE_IDS:
            (folder / self.cfg.sources[sid].file).write_bytes(self.csv_bytes(sid))

    def write_xlsx(self, path: Path) -> None:
        """One workbook, a tab per source named by the file stem; every cell is a string."""
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        book.properties.creator = "dashboard.demo"
        book.properties.created = datetime(2021, 10, 1)
        for sid in SOURCE_IDS:
            sheet = book.create_sheet(self.cfg.sources[sid].stem)
            for row in self.tables[sid]:
                sheet.append(row)
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        book.save(path)

    def truth(self, as_of: date | None = None, province: str | None = None) -> dict:
        """The contract's summary for these sheets, as of a day and for one province (code or name)."""
        code = None
        if province is not None:
            code = province if province in self.geo.programme else self.geo.province_code(province)
            if code not in self.geo.programme:
                raise ValueError(f"{province!r} is not a province of the programme")
        if as_of not in self._settled:
            self._settled[as_of] = outcomes(self.records, as_of)
        districts_of = {p: self.geo.districts_of[p] for p in self.geo.programme}
        return summary(self.records, self.cfg, districts_of, as_of, code, self._settled[as_of])

    def counts(self) -> dict[str, int]:
        """Data rows per source."""
        return {sid: len(rows) - 1 for sid, rows in self.tables.items()}


def generate(seed: int = 42, scale: float = 1.0, cfg: Config | None = None, messy: bool = False) -> DemoSet:
    """Build the demo sheets for `seed` at `scale` (1 = the programme's 2,000 tambons).

    `messy`: text as it is pasted (invisible characters, other spaces, Thai typed in another
    order, a question in two columns; see `pasted`), which must not change a figure. Off for
    data/demo, whose figures the README quotes."""
    if scale <= 0:
        raise ValueError("scale must be positive")
    cfg = cfg or load_config()
    geo = Geo(cfg)
    register = build_register(random.Random(f"{seed}:pairs"), geo, max(1, round(cfg.target("pairs") * scale)))
    listed = {t.tambon.code for t in register}
    outside = [t for p in geo.programme for t in geo.tambons_of_province[p] if t.code not in listed]
    # Leaders per tambon so that the leader rows grow with the scale even when the register cannot.
    per = max(1, round(cfg.target("leaders_per_tambon") * cfg.target("tambons") * scale / len(register)))
    # About one register tambon in a hundred never sends anything.
    codes = sorted(listed)
    silent = frozenset(random.Random(f"{seed}:silent").sample(codes, round(0.01 * len(codes))))
    base = forms.Context(random.Random(), geo, cfg, scale, register, outside, per, silent)

    tables: dict[str, list[list[str]]] = {}
    records: dict[str, list[Record]] = {}
    for sid, build in _BUILDERS.items():
        ctx = dataclasses.replace(base, rng=random.Random(f"{seed}:{sid}"))
        tables[sid], records[sid] = build(ctx)
        # Each row's outcome in the full sheet must be the one it was written to have.
        got = statuses(records[sid])
        wrong = [i for i, (r, s) in enumerate(zip(records[sid], got)) if r.intended != s]
        assert not wrong, f"{sid}: rows {wrong[:5]} do not end as intended"
    if messy:
        tables = pasted.mess(tables, seed)
    return DemoSet(tables, records, cfg, geo, seed, scale)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard.demo", description="Write the seeded demo report sheets as CSV.")
    parser.add_argument("--out", type=Path, default=DEMO_DIR, help=f"folder for the CSV files (default {DEMO_DIR})")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--scale", type=float, default=1.0, help="1 = 2,000 tambons and ~30,000 leaders")
    parser.add_argument("--xlsx", type=Path, help="also write one workbook with a tab per source")
    parser.add_argument("--no-truth", action="store_true", help="do not write truth.json beside the CSV files")
    parser.add_argument("--messy", action="store_true", help="text as it is pasted: invisible characters, odd spaces, a question in two columns")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    demo = generate(args.seed, args.scale, messy=args.messy)
    demo.write_csv(args.out)
    if not args.no_truth:
        text = json.dumps(demo.truth(), ensure_ascii=False, indent=2) + "\n"
        (args.out / "truth.json").write_text(text, encoding="utf-8")
    if args.xlsx:
        demo.write_xlsx(args.xlsx)
    rows = ", ".join(f"{sid} {n:,}" for sid, n in demo.counts().items())
    print(f"wrote {args.out} (seed {args.seed}, scale {args.scale:g}) in {time.perf_counter() - started:.1f} s: {rows}")
    return 0
