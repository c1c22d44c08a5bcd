"""Headers worded the way offices' own forms word them, and copies of a source with them.

Used by the header-check tests and `benchmarks/mapping.py`: the same answers under other
question titles, as CSV folders or one XLSX workbook (the loopback Sheets API serves a folder).
"""

from __future__ import annotations

import random
from pathlib import Path

import pandas as pd

from dashboard.config import SOURCE_IDS, Config, fold_header

# (source, field) -> wordings seen in the forms offices build for themselves.
REWORDINGS: dict[tuple[str, str], tuple[str, ...]] = {
    ("register", "pair_id"): ("รหัสคู่ตำบล", "รหัสคู่พัฒนา"),
    ("register", "tambon_type"): ("ประเภทของตำบล", "ประเภท ตำบล (พี่/น้อง)"),
    ("register", "province"): ("ชื่อจังหวัด", "จังหวัด :"),
    ("register", "district"): ("ชื่ออำเภอ", "อำเภอ/เขต"),
    ("register", "tambon"): ("ชื่อตำบล", "ตำบล/แขวง"),
    ("register", "tambon_code"): ("รหัสตำบล (6 หลัก)", "รหัส ตำบล"),
    ("1.1", "submitted_at"): ("วันเวลาที่ส่ง", "Timestamp", "การประทับเวลา"),
    ("1.1", "province"): ("จังหวัดที่สังกัด", "ชื่อจังหวัด"),
    ("1.1", "district"): ("อำเภอที่สังกัด", "ชื่ออำเภอ"),
    ("1.1", "tambon"): ("ตำบลที่สังกัด", "ชื่อตำบล"),
    ("1.1", "tambon_type"): ("ประเภทของตำบล", "เป็นตำบลบ้านพี่หรือเมืองน้อง"),
    ("1.1", "title"): ("คำนำหน้า", "คำนำหน้านาม"),
    ("1.1", "first_name"): ("ชื่อจริง", "ชื่อ (ไม่ต้องใส่คำนำหน้า)"),
    ("1.1", "last_name"): ("นามสกุล :", "สกุล"),
    ("1.1", "national_id"): ("เลขบัตรประจำตัวประชาชน 13 หลัก", "เลขบัตรประชาชน", "เลขประจำตัวประชาชน (13 หลัก)"),
    ("1.1", "age"): ("อายุ", "อายุ(ปี)"),
    ("1.1", "gender"): ("เพศ (ชาย/หญิง)", "เพศของผู้นำ"),
    ("1.1", "role"): ("บทบาทหน้าที่ในชุมชน", "ตำแหน่ง/บทบาทในชุมชน"),
    ("1.1", "phone"): ("เบอร์โทร", "หมายเลขโทรศัพท์", "เบอร์โทรศัพท์มือถือ"),
    ("2.1", "submitted_at"): ("วันเวลาที่ส่ง", "Timestamp"),
    ("2.1", "province"): ("ชื่อจังหวัด", "จังหวัด:"),
    ("2.1", "district"): ("ชื่ออำเภอ", "อำเภอ :"),
    ("2.1", "tambon"): ("ชื่อตำบล", "ตำบลที่รายงาน"),
    ("2.1", "tambon_type"): ("ประเภทของตำบล", "ตำบลบ้านพี่/เมืองน้อง"),
    ("2.1", "partner_tambon"): ("ชื่อตำบลคู่พัฒนา", "ตำบลคู่พัฒนา (คู่ของท่าน)"),
    ("2.1", "partner_district"): ("อำเภอที่ตั้งของตำบลคู่พัฒนา", "อำเภอของตำบลคู่"),
    ("2.1", "villages"): ("จำนวนหมู่บ้านในตำบล", "หมู่บ้าน (แห่ง)"),
    ("2.1", "households"): ("จำนวนครัวเรือนทั้งหมด", "ครัวเรือนทั้งตำบล"),
    ("2.1", "leaders"): ("ผู้นำการเปลี่ยนแปลง (คน)", "จำนวนผู้นำการเปลี่ยนแปลงของตำบล"),
    ("2.1", "medicine_cabinets"): ("จำนวนครัวเรือนที่มีตู้ยาข้างบ้าน", "ตู้ยาข้างบ้าน (ครัวเรือน)"),
    ("2.1", "food_cabinets"): ("จำนวนครัวเรือนที่มีตู้อาหารข้างครัว", "ตู้อาหารข้างครัว (ครัวเรือน)"),
    ("2.1", "action_plan"): ("จัดทำแผนปฏิบัติการระดับตำบลแล้วหรือไม่", "แผนปฏิบัติการตำบล"),
    ("2.1", "reporter"): ("ชื่อ-นามสกุลผู้รายงาน", "ผู้รายงาน"),
    ("2.1", "reporter_phone"): ("เบอร์โทร", "เบอร์โทรผู้รายงาน", "โทรศัพท์ของผู้รายงาน"),
    ("2.2", "submitted_at"): ("วันเวลาที่ส่ง", "Timestamp"),
    ("2.2", "province"): ("ชื่อจังหวัด", "จังหวัด :"),
    ("2.2", "district"): ("ชื่ออำเภอ", "อำเภอ:"),
    ("2.2", "tambon"): ("ชื่อตำบล", "ตำบลที่รายงาน"),
    ("2.2", "tambon_type"): ("ประเภทของตำบล", "ตำบลบ้านพี่/เมืองน้อง"),
    ("2.2", "leaders_developed"): ("จำนวนผู้นำที่ได้รับการพัฒนาศักยภาพ", "ผู้นำที่ได้รับการพัฒนา (คน)"),
    ("2.2", "leaders_driving"): ("จำนวนผู้นำที่ขับเคลื่อนงานได้ (คน)", "ผู้นำที่สามารถขับเคลื่อนงานได้"),
    ("2.2", "medicine_cabinets"): ("จำนวนครัวเรือนที่มีตู้ยาข้างบ้าน", "ตู้ยาข้างบ้าน"),
    ("2.2", "food_cabinets"): ("จำนวนครัวเรือนที่มีตู้อาหารข้างครัว", "ตู้อาหารข้างครัว"),
    ("2.2", "sharing_households"): ("จำนวนครัวเรือนที่ร่วมแบ่งปัน", "ครัวเรือนร่วมกิจกรรมแบ่งปัน"),
    ("2.2", "lockdown_worksheet"): ("ทำใบงานปิดหมู่บ้าน 3 เดือนแล้วหรือไม่", "ใบงาน ปิดหมู่บ้าน 3 เดือน"),
    ("2.2", "swot"): ("วิเคราะห์ SWOT หมู่บ้าน", "การวิเคราะห์หมู่บ้าน SWOT"),
    ("2.2", "seeds_received"): ("ได้รับเมล็ดพันธุ์ผักจากศพช.หรือไม่", "ได้รับเมล็ดพันธุ์ผัก"),
    ("2.2", "self_reliance_activity"): ("มีกิจกรรมการพึ่งตนเอง/รองรับภัยพิบัติหรือไม่", "กิจกรรมพึ่งตนเองและรองรับภัยพิบัติ"),
    ("2.2", "reporter"): ("ชื่อ-นามสกุลผู้รายงาน", "ผู้รายงาน"),
    ("2.2", "reporter_phone"): ("เบอร์โทร", "เบอร์โทรผู้รายงาน"),
    ("3", "submitted_at"): ("วันเวลาที่ส่ง", "Timestamp"),
    ("3", "province"): ("ชื่อจังหวัด", "จังหวัด :"),
    ("3", "phase"): ("ระยะ", "คลิปนี้เป็นของระยะใด"),
    ("3", "title"): ("ชื่อเรื่องของคลิป", "ชื่อคลิปวิดีโอ"),
    ("3", "youtube_url"): ("ลิงก์ยูทูบ", "URL คลิปใน YouTube", "ลิ้งค์ YouTube"),
    ("3", "duration"): ("ความยาวของคลิป", "ความยาวคลิป"),
    ("3", "facebook_url"): ("ลิงก์เฟซบุ๊ก", "ลิ้งค์ Facebook"),
    ("3", "shared_on_line"): ("เผยแพร่ในไลน์กลุ่มแล้วหรือไม่", "เผยแพร่ในกลุ่ม Line แล้ว"),
    ("4", "submitted_at"): ("วันเวลาที่ส่ง", "Timestamp"),
    ("4", "province"): ("ชื่อจังหวัด", "จังหวัด :"),
    ("4", "district"): ("ชื่ออำเภอ", "อำเภอที่ประเมิน"),
    ("4", "officer"): ("ชื่อ-นามสกุล พัฒนาการอำเภอ", "พัฒนาการอำเภอ (ชื่อ-สกุล)"),
    ("4", "score"): ("คะแนนรวม", "คะแนนที่ได้ (เต็ม 100 คะแนน)"),
    ("4", "grade"): ("ผลการประเมิน (ระดับ)", "ระดับผลการประเมิน A-D"),
}

# Small changes people's keyboards and phones make to any header.
_NOISE = (
    lambda h: h,
    lambda h: h + " ",
    lambda h: h + ":",
    lambda h: "\u200b" + h,
    lambda h: h.replace(" ", "  "),
)


def variant_headers(variant: int) -> dict[str, dict[str, str]]:
    """Every reworded field under its `variant`-th wording (cycling): source -> field -> header."""
    out: dict[str, dict[str, str]] = {}
    for (sid, name), words in REWORDINGS.items():
        out.setdefault(sid, {})[name] = words[variant % len(words)]
    return out


def random_headers(rng: random.Random, share: float = 0.6) -> dict[str, dict[str, str]]:
    """A random set of rewordings: about `share` of the fields reworded, with keyboard noise."""
    out: dict[str, dict[str, str]] = {}
    for (sid, name), words in REWORDINGS.items():
        if rng.random() < share:
            out.setdefault(sid, {})[name] = rng.choice(_NOISE)(rng.choice(words))
    return out


def rename(tables: dict[str, pd.DataFrame], cfg: Config, headers: dict[str, dict[str, str]]) -> dict[str, pd.DataFrame]:
    """The tables with the configured header of each listed field replaced by its new wording."""
    out = {}
    for sid, frame in tables.items():
        spec = cfg.sources.get(sid)
        new = headers.get(sid, {})
        if spec is None or not new:
            out[sid] = frame
            continue
        by_header = {fold_header(h): new[f] for f, h in spec.columns.items() if f in new}
        out[sid] = frame.rename(columns={h: by_header[fold_header(h)] for h in frame.columns if fold_header(h) in by_header})
    return out


def write_csv_folder(tables: dict[str, pd.DataFrame], folder: Path, cfg: Config) -> Path:
    """Each source as its contract CSV file (UTF-8 with a byte-order mark, as Sheets downloads)."""
    folder.mkdir(parents=True, exist_ok=True)
    for sid in SOURCE_IDS:
        if sid in tables:
            tables[sid].to_csv(folder / cfg.sources[sid].file, index=False, encoding="utf-8-sig")
    return folder


def write_xlsx(tables: dict[str, pd.DataFrame], path: Path, cfg: Config) -> Path:
    """One workbook with a tab per source, every cell as text."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with pd.ExcelWriter(path, engine="openpyxl") as xl:
        for sid in SOURCE_IDS:
            if sid in tables:
                tables[sid].astype(str).to_excel(xl, sheet_name=cfg.sources[sid].stem, index=False)
    return path
