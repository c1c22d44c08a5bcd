"""Text as it arrives from phones, web pages and LINE, for the demo sheets (`generate(messy=True)`).

Every change here is one a person cannot see: zero-width and other invisible characters, other
kinds of space, sara am typed as nikhahit + sara aa, `แ` typed as two sara e, a question deleted
and added again (two columns with one title, answers split between them). Read as the contract
says (text as a person sees it), the sheets mean what they meant before, so the truth of the
clean sheets holds unchanged.
"""

from __future__ import annotations

import random

ZW = ("\u200b", "\u200c", "\u200d", "\u2060", "\u00ad", "\ufeff")
SPACES = ("\u00a0", "\u2009", "\u3000", "  ", "\t")

# Columns people type or paste into (by header), and the question split over two columns.
TYPED = {"จังหวัด", "อำเภอ", "ตำบล", "ชื่อ", "นามสกุล", "ประเภทตำบล", "ระยะของคลิป", "ระดับผลการประเมิน",
         "มีกิจกรรมพึ่งตนเองและรองรับภัยพิบัติ", "จัดทำแผนปฏิบัติการตำบลแล้ว", "เพศ", "บทบาทในชุมชน"}
SPLIT = {"2.2": "มีกิจกรรมพึ่งตนเองและรองรับภัยพิบัติ", "1.1": "ตำบล"}


def paste(rng: random.Random, text: str) -> str:
    """The text with one to three invisible differences."""
    if not text.strip():
        return text
    for _ in range(rng.randint(1, 3)):
        kind = rng.randrange(5)
        if kind == 0:
            i = rng.randrange(len(text) + 1)
            text = text[:i] + rng.choice(ZW) + text[i:]
        elif kind == 1 and "\u0e33" in text:
            text = text.replace("\u0e33", "\u0e4d\u0e32")
        elif kind == 2 and "\u0e41" in text:
            text = text.replace("\u0e41", "\u0e40\u0e40")
        elif kind == 3 and " " in text.strip():
            text = text.replace(" ", rng.choice(SPACES), 1)
        else:
            text = text + rng.choice(("\u00a0", "\n", " \u200b", "\u3000"))
    return text


def mess(tables: dict[str, list[list[str]]], seed: int) -> dict[str, list[list[str]]]:
    """New tables: about one typed cell in five pasted, a header with an invisible character,
    and one question per form split over two columns of one title."""
    out = {}
    for sid, rows in tables.items():
        rng = random.Random(f"{seed}:pasted:{sid}")
        header, body = list(rows[0]), [list(r) for r in rows[1:]]
        typed = [i for i, h in enumerate(header) if h in TYPED]
        for row in body:
            for i in typed:
                if i < len(row) and rng.random() < 0.2:
                    row[i] = paste(rng, row[i])
        if typed:
            i = rng.choice(typed)
            header[i] = header[i] + "\u200b"
        plain = [h.rstrip("\u200b") for h in header]
        if sid in SPLIT and SPLIT[sid] in plain:
            i = plain.index(SPLIT[sid])
            header.append(SPLIT[sid])
            for row in body:
                moved = rng.random() < 0.5
                row.append(row[i] if moved else "")
                if moved:
                    row[i] = ""
        out[sid] = [header, *body]
    return out
