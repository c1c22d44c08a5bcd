"""How many fields the header check maps right over many rewordings of the demo's headers.

    python benchmarks/mapping.py [--trials 200] [--seed 7] [--sets curated generated held-out]

Each trial rewords about 60 % of every source's headers and deletes one optional column per
form (a question the office left out), then runs the check. Two sets of rewordings:

- curated: the wordings in `dashboard.testing.rewordings` (seen in offices' forms), with
  keyboard noise (trailing colons, zero-width spaces, doubled spaces);
- generated: the configured wording edited by rules the check was not written against — words
  added before or after, a bracketed remark dropped or added, common synonyms, a word cut;
- held-out: wordings written for this benchmark after the check was built and never used to
  tune it (HELD_OUT below), several of them sharing few words with the question.

Per field: right (the proposal is the reworded header), wrong (another header, or anything for
a deleted column), none (nothing proposed: unsure, ambiguous or missing). Precision is
right / (right + wrong), recall right / reworded fields.
"""

from __future__ import annotations

import argparse
import random
import re
import time
from collections import Counter

from dashboard import mapping
from dashboard.config import fold_header, load_config
from dashboard.sources import read_source
from dashboard.testing import rewordings as rw

PREFIXES = ("จำนวน", "ระบุ", "กรุณาระบุ", "ข้อมูล", "โปรดกรอก")
SUFFIXES = (" ของตำบล", " (คน)", " หรือไม่", " ที่รายงาน", " *", " (โปรดระบุ)", " ของท่าน")
SYNONYMS = (
    ("เบอร์โทรศัพท์", "เบอร์โทร"),
    ("เบอร์โทรศัพท์", "หมายเลขโทรศัพท์"),
    ("ลิงก์", "ลิ้งค์"),
    ("ลิงก์", "URL"),
    ("ชื่อผู้รายงาน", "ชื่อ-สกุลผู้รายงาน"),
    ("ครัวเรือนที่มี", "จำนวนครัวเรือนที่มี"),
    ("ผู้นำที่", "จำนวนผู้นำที่"),
    ("ประทับเวลา", "วันที่และเวลา"),
    ("จังหวัด", "ชื่อจังหวัด"),
    ("อำเภอ", "ชื่ออำเภอ"),
    ("และ", "/"),
    ("YouTube", "ยูทูบ"),
    ("Facebook", "เฟซบุ๊ก"),
)

HELD_OUT = {
    ("1.1", "submitted_at"): "วันที่ส่งข้อมูล",
    ("1.1", "national_id"): "หมายเลขบัตรประชาชน",
    ("1.1", "phone"): "เบอร์มือถือ",
    ("1.1", "first_name"): "ชื่อ (ภาษาไทย)",
    ("1.1", "last_name"): "นามสกุล (ภาษาไทย)",
    ("1.1", "age"): "อายุ (ปีเต็ม)",
    ("1.1", "role"): "สถานะในชุมชน",
    ("1.1", "gender"): "เพศ:",
    ("2.1", "villages"): "จำนวนหมู่บ้านทั้งหมดในตำบล (หมู่บ้าน)",
    ("2.1", "households"): "ครัวเรือนทั้งหมด (ครัวเรือน)",
    ("2.1", "reporter"): "ผู้กรอกข้อมูล",
    ("2.1", "reporter_phone"): "เบอร์ติดต่อผู้กรอกข้อมูล",
    ("2.1", "action_plan"): "ตำบลจัดทำแผนปฏิบัติการแล้วหรือยัง",
    ("2.1", "partner_tambon"): "ตำบลที่จับคู่",
    ("2.2", "leaders_developed"): "ผู้นำที่ผ่านการพัฒนา (คน)",
    ("2.2", "sharing_households"): "ครัวเรือนที่แบ่งปัน",
    ("2.2", "seeds_received"): "ได้รับเมล็ดพันธุ์จาก ศพช. แล้ว",
    ("2.2", "swot"): "SWOT หมู่บ้าน",
    ("2.2", "self_reliance_activity"): "กิจกรรมพึ่งตนเอง รองรับภัยพิบัติ (มี/ไม่มี)",
    ("3", "youtube_url"): "ลิงค์คลิป (YouTube)",
    ("3", "duration"): "เวลาคลิป (นาที)",
    ("3", "phase"): "ระยะที่",
    ("3", "title"): "หัวข้อคลิป",
    ("3", "facebook_url"): "โพสต์ Facebook",
    ("4", "score"): "คะแนน",
    ("4", "grade"): "ระดับ",
    ("4", "officer"): "ชื่อพัฒนาการอำเภอ",
}


def generated(header: str, rng: random.Random) -> str:
    """One rule-made rewording of a configured header (may leave it as it is)."""
    rule = rng.randrange(5)
    if rule == 0:
        return rng.choice(PREFIXES) + header
    if rule == 1:
        return header + rng.choice(SUFFIXES)
    if rule == 2 and re.search(r"\(.*\)", header):
        return re.sub(r"\s*\(.*?\)", "", header)
    if rule == 3:
        options = [(a, b) for a, b in SYNONYMS if a in header]
        if options:
            a, b = rng.choice(options)
            return header.replace(a, b, 1)
    words = header.split()
    if len(words) > 2:
        del words[rng.randrange(1, len(words))]
        return " ".join(words)
    return header + rng.choice(SUFFIXES)


def trial(raw, cfg, rng: random.Random, kind: str) -> Counter:
    headers: dict[str, dict[str, str]] = {}
    if kind == "curated":
        headers = rw.random_headers(rng)
    elif kind == "held-out":
        for (sid, name), header in HELD_OUT.items():
            if rng.random() < 0.6:
                headers.setdefault(sid, {})[name] = header
    else:
        for sid, spec in cfg.sources.items():
            for name, header in spec.columns.items():
                if rng.random() < 0.6:
                    headers.setdefault(sid, {})[name] = generated(header, rng)
    tables = rw.rename(raw, cfg, headers)
    dropped: dict[str, str] = {}
    for sid, spec in cfg.sources.items():
        if sid == "register":
            continue
        optional = [f for f in spec.columns if f not in mapping.required_fields(spec)]
        name = rng.choice(optional)
        header = headers.get(sid, {}).get(name, spec.columns[name])
        cols = [c for c in tables[sid].columns if fold_header(c) != fold_header(header)]
        tables[sid] = tables[sid][cols]
        dropped[sid] = name
    result = mapping.check_tables(tables, cfg)
    out = Counter()
    for sid, check in result.sources.items():
        for f in check.fields:
            if dropped.get(sid) == f.field:
                out["deleted"] += 1
                out["wrong" if f.proposed is not None else "kept_out"] += 1
                continue
            new = headers.get(sid, {}).get(f.field)
            if new is None or fold_header(new) == fold_header(cfg.sources[sid].columns[f.field]):
                continue  # not reworded: found as configured
            out["reworded"] += 1
            got = f.proposed.header if f.proposed is not None else f.mapped
            if got is None:
                out["none"] += 1
                out[f"none_{f.state}"] += 1
            elif got == new:
                out["right"] += 1
            else:
                out["wrong"] += 1
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--trials", type=int, default=200)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--rows", type=int, default=400, help="rows of each form kept (the check samples 200)")
    ap.add_argument("--sets", nargs="+", default=["curated", "generated", "held-out"])
    args = ap.parse_args()
    cfg = load_config()
    raw = {sid: t.head(args.rows) for sid, t in read_source("demo", cfg).tables.items()}
    print(f"{args.trials} trials per set, seed {args.seed}, {args.rows} rows per form\n")
    print(f"{'set':<10} {'reworded':>9} {'right':>7} {'wrong':>6} {'none':>6} {'precision':>10} {'recall':>7}"
          f" {'deleted kept out':>17} {'ms/check':>9}")
    for kind in args.sets:
        rng = random.Random(f"{args.seed}-{kind}")
        total = Counter()
        started = time.perf_counter()
        for _ in range(args.trials):
            total += trial(raw, cfg, rng, kind)
        ms = (time.perf_counter() - started) * 1000 / args.trials
        right, wrong = total["right"], total["wrong"]
        precision = right / (right + wrong) if right + wrong else float("nan")
        recall = right / total["reworded"] if total["reworded"] else float("nan")
        print(f"{kind:<10} {total['reworded']:>9} {right:>7} {wrong:>6} {total['none']:>6} {precision:>10.3f}"
              f" {recall:>7.3f} {total['kept_out']:>8}/{total['deleted']:<8} {ms:>9.0f}")
        nones = {k[5:]: v for k, v in total.items() if k.startswith("none_")}
        if nones:
            print(f"{'':<10} not proposed: " + ", ".join(f"{k} {v}" for k, v in sorted(nones.items())))


if __name__ == "__main__":
    main()
