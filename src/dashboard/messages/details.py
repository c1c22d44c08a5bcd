"""Catalogue words: see `dashboard.messages`.

Why a row was set aside (`detail.*`) and what became of a correction line (`correction.*`): the
normalizer and the corrections keep a `Detail` — a key and its values — and render it in Thai and
English from these words (`render`), so an English page never shows a Thai reason.

A value that reads differently in each language (a place's name, a day) is a `Words`; a quoted
cell is plain text, the same in both (it is what the sheet holds).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from dashboard.messages import in_language


@dataclass(frozen=True)
class Detail:
    """A detail as the core keeps it: its catalogue `key` and the `values` its words are filled with."""

    key: str
    values: tuple[tuple[str, Any], ...] = ()

    @classmethod
    def of(cls, key: str, /, **values: Any) -> Detail:
        return cls(key, tuple(values.items()))

    def text(self, lang: str) -> str:
        return render(self.key, dict(self.values), lang)


def render(key: str, values: dict[str, Any], lang: str) -> str:
    """The words of `key` in `lang` ("en" or Thai) filled with `values` (a `Words` gives its own)."""
    lang = "en" if str(lang or "").lower().startswith("en") else "th"
    words = (EN if lang == "en" else TH)[key]
    return words.format(**in_language(values, lang)) if values else words


TH: dict[str, str] = {
    # ---- why a row was set aside ----
    "detail.columns_disagree": "คำถาม '{header}' มีสองคอลัมน์ที่ตอบไม่ตรงกัน",
    "detail.columns_disagree_quoted": "คำถาม '{header}' มีสองคอลัมน์ที่ตอบไม่ตรงกัน: '{first}' กับ '{second}'",
    "detail.missing_value": "ไม่ได้กรอก '{header}'",
    "detail.time_outside": "วันเวลาที่ส่ง '{cell}' อยู่นอกช่วงของโครงการ (ตั้งแต่ {start} ถึงเวลาที่ดึงข้อมูล)",
    "detail.time_unreadable": "อ่านวันเวลาที่ส่ง '{cell}' ไม่ได้",
    "detail.number_unreadable": "อ่านตัวเลข '{header}' ไม่ได้: '{cell}'",
    "detail.negative": "'{header}' ติดลบ",
    "detail.over_most": "'{header}' เกิน {most:,} ซึ่งเป็นไปไม่ได้สำหรับหนึ่งตำบล",
    "detail.not_a_choice": "คำตอบ '{header}' ไม่ตรงตัวเลือก: '{cell}'",
    "detail.no_tambon_name_or_code": "ไม่ได้กรอกทั้งชื่อตำบลและรหัสตำบล",
    "detail.unknown_tambon_code": "ไม่มีรหัสตำบล '{code}' ในโครงการ",
    "detail.province_not_code": "จังหวัด '{text}' ไม่ตรงกับรหัสตำบล {code}",
    "detail.district_not_code": "อำเภอ '{text}' ไม่ตรงกับรหัสตำบล {code}",
    "detail.tambon_not_code": "ตำบล '{text}' ไม่ตรงกับรหัสตำบล {code}",
    "detail.not_in_register": "ตำบลนี้ไม่อยู่ในทะเบียนตำบลเป้าหมาย",
    "detail.driving_over_developed": "ผู้นำที่ขับเคลื่อนงานได้มากกว่าผู้นำที่ได้รับการพัฒนา",
    "detail.not_youtube": "ลิงก์ไม่ใช่วิดีโอ YouTube: '{cell}'",
    "detail.score_range": "คะแนนรวมต้องอยู่ระหว่าง 0 ถึง 100",
    "detail.unknown_province": "ไม่รู้จักจังหวัด '{text}'",
    "detail.ambiguous_province": "ชื่อจังหวัด '{text}' ตรงกับหลายจังหวัด",
    "detail.province_outside": "จังหวัด '{text}' ไม่อยู่ในโครงการ",
    "detail.unknown_district": "ไม่พบอำเภอ '{text}' ในจังหวัด{province}",
    "detail.ambiguous_district": "อำเภอ '{text}' ตรงกับหลายอำเภอในจังหวัด{province}",
    "detail.unknown_tambon_in_district": "ไม่พบตำบล '{text}' ในอำเภอ{district}",
    "detail.unknown_tambon_in_province": "ไม่พบตำบล '{text}' ในจังหวัด{province}",
    "detail.ambiguous_tambon_in_district": "ตำบล '{text}' มีหลายแห่งในอำเภอ{district} ระบุอำเภอให้ชัด",
    "detail.ambiguous_tambon_in_province": "ตำบล '{text}' มีหลายแห่งในจังหวัด{province} ระบุอำเภอให้ชัด",
    "detail.no_district": "ไม่ได้ระบุอำเภอ",
    # ---- the downloads' second detail column (the other language than the file's) ----
    "col.detail_en": "รายละเอียด (ภาษาอังกฤษ)",
    "col.detail_th": "รายละเอียด (ภาษาไทย)",
    # ---- what became of a correction line ----
    "correction.unknown_source": "ไม่รู้จักแหล่งข้อมูล '{source}'",
    "correction.no_row": "ไม่มีแถว {row} ในแหล่งข้อมูล {source}",
    "correction.no_field": "ไม่มีช่อง '{field}' ในแหล่งข้อมูล {source}",
    "correction.no_column": "ชีตไม่มีคอลัมน์ '{header}'",
    "correction.changed_since": "ช่องนี้ตอนนี้เป็น '{now}' ไม่ใช่ '{was}'",
    "correction.superseded": "แทนที่ด้วยบรรทัด {line}",
    "correction.still_unreadable": "ค่าใหม่ยังอ่านไม่ได้: {detail}",
    "correction.code_too_short": "รหัส {code} สั้นเกินไปสำหรับช่อง {field}",
    "correction.unknown_code": "ไม่มีรหัส {code} ในโครงการ",
    # ---- a correction refused, the corrections table unreadable ----
    "correction.table_lacks": "ตารางการแก้ไข (corrections) ไม่มีคอลัมน์ {columns}",
    "correction.staff_only": "เฉพาะเจ้าหน้าที่ (staff) เท่านั้นที่แก้ไขแถวได้",
    "correction.refused_no_row": "ไม่มีแถว {row} ใน {source}",
    "correction.row_not_yours": "แถวนี้ไม่อยู่ในจังหวัดที่บัญชีนี้ดูแล จึงแก้ไขไม่ได้",
    "correction.value_not_yours": "ค่าใหม่ย้ายแถวไปจังหวัด{province} ซึ่งอยู่นอกจังหวัดที่บัญชีนี้ดูแล",
}

EN: dict[str, str] = {
    "detail.columns_disagree": "Question '{header}' has two columns with different answers",
    "detail.columns_disagree_quoted": "Question '{header}' has two columns with different answers: '{first}' and '{second}'",
    "detail.missing_value": "'{header}' was left blank",
    "detail.time_outside": "Submission time '{cell}' is outside the programme's period (from {start} to when the data was pulled)",
    "detail.time_unreadable": "Cannot read the submission time '{cell}'",
    "detail.number_unreadable": "Cannot read '{header}' as a number: '{cell}'",
    "detail.negative": "'{header}' is negative",
    "detail.over_most": "'{header}' is over {most:,}, impossible for one tambon",
    "detail.not_a_choice": "The answer to '{header}' is not one of its choices: '{cell}'",
    "detail.no_tambon_name_or_code": "Neither the tambon's name nor its code was given",
    "detail.unknown_tambon_code": "Tambon code '{code}' is not in the programme",
    "detail.province_not_code": "Province '{text}' does not match tambon code {code}",
    "detail.district_not_code": "District '{text}' does not match tambon code {code}",
    "detail.tambon_not_code": "Tambon '{text}' does not match tambon code {code}",
    "detail.not_in_register": "This tambon is not in the register of target tambons",
    "detail.driving_over_developed": "More leaders driving the work than leaders developed",
    "detail.not_youtube": "The link is not a YouTube video: '{cell}'",
    "detail.score_range": "The total score must be between 0 and 100",
    "detail.unknown_province": "Unknown province '{text}'",
    "detail.ambiguous_province": "Province name '{text}' matches several provinces",
    "detail.province_outside": "Province '{text}' is not in the programme",
    "detail.unknown_district": "No district '{text}' in {province} province",
    "detail.ambiguous_district": "District '{text}' matches several districts in {province} province",
    "detail.unknown_tambon_in_district": "No tambon '{text}' in {district} district",
    "detail.unknown_tambon_in_province": "No tambon '{text}' in {province} province",
    "detail.ambiguous_tambon_in_district": "Tambon '{text}' is in several places in {district} district: give the district",
    "detail.ambiguous_tambon_in_province": "Tambon '{text}' is in several places in {province} province: give the district",
    "detail.no_district": "No district given",
    "col.detail_en": "Detail (English)",
    "col.detail_th": "Detail (Thai)",
    "correction.unknown_source": "Unknown source '{source}'",
    "correction.no_row": "No row {row} in source {source}",
    "correction.no_field": "No field '{field}' in source {source}",
    "correction.no_column": "The sheet has no column '{header}'",
    "correction.changed_since": "The cell now reads '{now}', not '{was}'",
    "correction.superseded": "Replaced by line {line}",
    "correction.still_unreadable": "The new value still cannot be read: {detail}",
    "correction.code_too_short": "Code {code} is too short for the field {field}",
    "correction.unknown_code": "No code {code} in the programme",
    "correction.table_lacks": "The corrections table has no column {columns} (see spec/FORMS.md, Corrections).",
    "correction.staff_only": "Only staff may correct rows.",
    "correction.refused_no_row": "No row {row} in {source}.",
    "correction.row_not_yours": "This row is not in your provinces.",
    "correction.value_not_yours": "The new value moves the row to {province}, outside your provinces.",
}
