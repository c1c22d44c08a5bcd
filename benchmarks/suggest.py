"""How often the first suggestion, and any of the three, is the intended place.

    python benchmarks/suggest.py [--n 300] [--seed 42]

Takes real tambons of the programme's provinces from the gazetteer (seeded), misspells one
level the way people do on phones (a tone mark dropped or doubled, a name cut short with ฯ, a
prefix typed twice, a letter dropped / swapped / replaced, the name of another district of the
province), keeps only the misspellings the dashboard sets aside (those that no longer resolve
to exactly one tambon), and ranks suggestions for them. Prints per kind of slip: cases, top-1
and top-3 hit rates, and the time per distinct place.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections import defaultdict

from dashboard.config import load_config
from dashboard.normalize.places import gazetteer
from dashboard.suggest import _MARKS, Suggester

TONES = "่้๊๋"
THAI_LETTERS = "กขคงจฉชซญดตถทธนบปผพฟมยรลวศษสหอฮ"


def misspell(kind: str, p: str, d: str, t: str, rng: random.Random, other_district: str) -> tuple[str, str, str] | None:
    def word(s: str) -> str | None:
        if kind == "tone_dropped":
            marks = [i for i, c in enumerate(s) if c in TONES or c in _MARKS]
            if not marks:
                return None
            i = rng.choice(marks)
            return s[:i] + s[i + 1 :]
        if kind == "tone_extra":
            i = rng.randrange(1, len(s) + 1)
            return s[:i] + rng.choice(TONES) + s[i:]
        if kind == "cut_with_paiyannoi":
            if len(s) < 4:
                return None
            return s[: rng.randrange(3, len(s))] + "ฯ"
        if kind == "letter_dropped":
            i = rng.randrange(len(s))
            return s[:i] + s[i + 1 :] if len(s) > 3 else None
        if kind == "letters_swapped":
            i = rng.randrange(len(s) - 1)
            return s[:i] + s[i + 1] + s[i] + s[i + 2 :] if len(s) > 3 else None
        if kind == "letter_replaced":
            i = rng.randrange(len(s))
            return s[:i] + rng.choice(THAI_LETTERS) + s[i + 1 :]
        raise ValueError(kind)

    if kind == "prefix_doubled":
        return f"จ.จ.{p}", f"อ.อ.{d}", f"ต.ต.{word_or(t, rng)}"
    if kind == "other_district":
        return (p, other_district, t) if other_district != d else None
    level = rng.choice(["tambon", "tambon", "district", "province"]) if kind != "cut_with_paiyannoi" else rng.choice(["province", "tambon"])
    if level == "province":
        w = word(p)
        return None if w is None else (w, d, t)
    if level == "district":
        w = word(d)
        return None if w is None else (p, w, t)
    w = word(t)
    return None if w is None else (p, d, w)


def word_or(t: str, rng: random.Random) -> str:
    """A doubled prefix alone still resolves: drop a mark as well so the row is set aside."""
    marks = [i for i, c in enumerate(t) if c in TONES]
    if not marks:
        return t[:-1]
    i = rng.choice(marks)
    return t[:i] + t[i + 1 :]


KINDS = (
    "tone_dropped", "tone_extra", "cut_with_paiyannoi", "prefix_doubled", "letter_dropped",
    "letters_swapped", "letter_replaced", "other_district",
)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=300, help="misspellings tried per kind")
    ap.add_argument("--seed", type=int, default=42)
    args = ap.parse_args(argv)
    gaz = gazetteer(load_config())
    rng = random.Random(args.seed)
    started = time.perf_counter()
    sg = Suggester(gaz)
    tambons = sorted(c for c in gaz.tambon_names if c[:2] not in gaz.excluded)
    districts_of: dict[str, list[str]] = defaultdict(list)
    for d in sorted(gaz.district_names):
        districts_of[d[:2]].append(d)
    stats = {k: [0, 0, 0] for k in KINDS}  # cases, top-1, top-3
    seconds = 0.0
    for kind in KINDS:
        tried = 0
        while stats[kind][0] < args.n and tried < args.n * 20:
            tried += 1
            code = rng.choice(tambons)
            p, d, t = gaz.province_names[code[:2]], gaz.district_names[code[:4]], gaz.tambon_names[code]
            other = gaz.district_names[rng.choice(districts_of[code[:2]])]
            got = misspell(kind, p, d, t, rng, other)
            if got is None or gaz.place(*got).code is not None:
                continue  # still resolves: not set aside, nothing to suggest
            t0 = time.perf_counter()
            found = sg.suggest("tambon", *got)
            seconds += time.perf_counter() - t0
            codes = [s.code for s in found]
            stats[kind][0] += 1
            stats[kind][1] += bool(codes) and codes[0] == code
            stats[kind][2] += code in codes
    print(f"seed {args.seed}; {len(tambons):,} tambons in the gazetteer; Suggester built in "
          f"{time.perf_counter() - started - seconds:.2f} s\n")
    print(f"{'slip':<22}{'cases':>8}{'top-1':>9}{'top-3':>9}")
    total = [0, 0, 0]
    for kind, (n, one, three) in stats.items():
        total = [total[0] + n, total[1] + one, total[2] + three]
        print(f"{kind:<22}{n:>8,}{one / max(n, 1):>9.1%}{three / max(n, 1):>9.1%}")
    n, one, three = total
    print(f"{'all':<22}{n:>8,}{one / max(n, 1):>9.1%}{three / max(n, 1):>9.1%}")
    print(f"\n{seconds / max(n, 1) * 1000:.1f} ms per distinct place ranked ({n:,} places, {seconds:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
