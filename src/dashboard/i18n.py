"""Thai and English strings, one catalogue each with the same keys, and the number/date formats.

Thai is the default everywhere; English is what the language toggle switches to. Dates read as
Thai people write them: day, short month, Buddhist Era year (`8 ส.ค. 2564`).
"""

from __future__ import annotations

import math
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pandas as pd

LANGS = ("th", "en")
DEFAULT_LANG = "th"
BANGKOK = ZoneInfo("Asia/Bangkok")
DASH = "—"

TH_MONTHS = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
TH_MONTHS_LONG = ("มกราคม", "กุมภาพันธ์", "มีนาคม", "เมษายน", "พฤษภาคม", "มิถุนายน", "กรกฎาคม", "สิงหาคม",
                  "กันยายน", "ตุลาคม", "พฤศจิกายน", "ธันวาคม")
EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# Keys are grouped by where they appear. Report titles repeat programme.toml's title_th/title_en
# so pages and downloads can name a report without loading the configuration.
TH: dict[str, str] = {
    # ---- application and navigation
    "app.title": "ติดตามผลโครงการบ้านพี่เมืองน้อง",
    "app.programme": "เสริมสร้างและพัฒนาผู้นำการเปลี่ยนแปลง ขยายผล บ้านพี่เมืองน้อง ผนึกกำลังสร้างความมั่นคงทางอาหาร",
    "app.department": "กรมการพัฒนาชุมชน",
    "app.fiscal_year": "ปีงบประมาณ {year}",
    "lang.label": "ภาษา",
    "lang.th": "ไทย",
    "lang.en": "English",
    "page.overview": "ภาพรวม",
    "page.reports": "รายงาน",
    "page.clips": "คลิป",
    "page.map": "แผนที่",
    "page.data": "ข้อมูล",
    # ---- filters
    "filter.heading": "ตัวกรอง",
    "filter.source": "แหล่งข้อมูล",
    "filter.province": "จังหวัด",
    "filter.all_provinces": "ทุกจังหวัด (ทั้งประเทศ)",
    "filter.district": "อำเภอ",
    "filter.all_districts": "ทุกอำเภอ",
    "filter.tambon_type": "ประเภทตำบล",
    "filter.all_types": "ทุกประเภท",
    "filter.as_of": "ข้อมูล ณ วันที่",
    "filter.as_of_help": "นับเฉพาะรายงานที่ส่งภายในสิ้นวันที่เลือก (เวลาประเทศไทย)",
    "filter.report": "แบบรายงาน",
    "filter.group_by": "แสดงตาม",
    "filter.by_province": "รายจังหวัด",
    "filter.by_district": "รายอำเภอ",
    "filter.table": "ตาราง",
    "filter.phase": "ระยะของคลิป",
    "filter.all_phases": "ทุกระยะ",
    "filter.reset": "ล้างตัวกรอง",
    # ---- data source and freshness
    "source.demo": "ข้อมูลตัวอย่างสำหรับสาธิต",
    "source.gsheets": "Google Sheets",
    "source.local": "ไฟล์ {label}",
    "source.line": "แหล่งข้อมูล: {source} · ดึงข้อมูลเมื่อ {pulled_at}",
    "source.as_of_line": "ตัวเลข ณ สิ้นวันที่ {date}",
    "source.all_rows_line": "ตัวเลขรวมทุกรายงานที่ได้รับ",
    "source.stale": "ดึงข้อมูลล่าสุดไม่สำเร็จ จึงแสดงข้อมูลชุดล่าสุดที่ดึงได้เมื่อ {pulled_at} ({reason})",
    "source.unmapped": "{source} มีหัวคอลัมน์ที่ไม่อยู่ในการตั้งค่า: {headers}",
    "source.refresh": "ดึงข้อมูลใหม่",
    "source.error": "อ่านข้อมูลไม่สำเร็จ: {message}",
    # ---- overview
    "overview.title": "ภาพรวมความก้าวหน้า",
    "overview.progress": "ความก้าวหน้าเทียบกับเป้าหมาย",
    "overview.cumulative": "จำนวนหน่วยที่ส่งรายงานสะสมรายวัน",
    "overview.ranking": "จังหวัดเรียงจากส่งรายงานน้อยที่สุด",
    "overview.ranking_help": "ร้อยละของหน่วยที่ส่งแล้ว รวมทุกแบบรายงาน",
    "headline.leaders": "ผู้นำการเปลี่ยนแปลงที่ลงทะเบียน",
    "headline.leaders_older": "ผู้นำจากตำบลบ้านพี่",
    "headline.leaders_younger": "ผู้นำจากตำบลเมืองน้อง",
    "headline.tambons": "ตำบลเป้าหมาย",
    "headline.tambons_engaged": "ตำบลที่ส่งรายงานแล้ว",
    "headline.tambons_full": "ตำบลที่มีผู้นำครบ {n} คน",
    "headline.with_activity": "ตำบลที่มีกิจกรรมพึ่งตนเองและรองรับภัยพิบัติ",
    "headline.kpi_driving": "ผู้นำที่ขับเคลื่อนงานตำบล/หมู่บ้านได้",
    "headline.kpi_target": "เป้าหมายไม่น้อยกว่า {target}",
    "headline.of_target": "จากเป้าหมาย {target}",
    "headline.pct_of_target": "{pct} ของเป้าหมาย",
    "headline.no_data": "ยังไม่มีข้อมูล",
    # ---- charts
    "chart.deadline": "กำหนดส่ง",
    "chart.deadline_of": "กำหนดส่ง {reports}",
    "chart.day": "วันที่",
    "chart.received_cum": "ส่งแล้วสะสม (หน่วย)",
    "chart.pct_of_target": "ร้อยละของเป้าหมาย",
    "chart.pct_received": "ร้อยละที่ส่งแล้ว",
    "chart.target": "เป้าหมาย",
    "chart.units": "หน่วย",
    "chart.pct_of_expected": "ร้อยละของหน่วยที่ต้องส่ง",
    "chart.share": "สัดส่วน (%)",
    "chart.count": "จำนวน",
    "chart.value_of_target": "{value} / {target} ({pct})",
    # ---- reports page
    "reports.title": "ความครบถ้วนของแบบรายงาน",
    "reports.summary": "สรุปการส่งรายงานทุกแบบ",
    "reports.by_area": "{report} {area}",
    "reports.missing": "หน่วยที่ยังไม่ส่ง {report}",
    "reports.missing_count": "ยังไม่ส่ง {n} หน่วย",
    "reports.none_missing": "ทุกหน่วยส่งรายงานนี้ครบแล้ว",
    "reports.pairs": "คู่ตำบลบ้านพี่–เมืองน้องที่ส่ง {report}",
    "pairs.both": "ส่งครบทั้งคู่",
    "pairs.one": "ส่งเพียงตำบลเดียว",
    "pairs.none": "ยังไม่ส่งทั้งคู่",
    "unit.tambon": "ตำบล",
    "unit.province_phase": "จังหวัด × ระยะ",
    "unit.district": "อำเภอ",
    # ---- reports, by id (title_th in programme.toml)
    "report.register": "ทะเบียนตำบลเป้าหมาย",
    "report.1.1": "แบบรายงาน 1.1 รายงานผู้นำการเปลี่ยนแปลง",
    "report.2.1": "แบบรายงาน 2.1 รายงานผลก่อนเริ่มดำเนินการ",
    "report.2.2": "แบบรายงาน 2.2 รายงานผลการดำเนินงานในภาพรวม",
    "report.3": "แบบรายงาน 3 รายงานสื่อประชาสัมพันธ์",
    "report.4": 'แบบรายงาน 4 เกณฑ์การประเมินผล "พัฒนาการอำเภอหัวใจสีเขียว"',
    "report_short.register": "ทะเบียน",
    "report_short.1.1": "1.1 ผู้นำ",
    "report_short.2.1": "2.1 ก่อนดำเนินการ",
    "report_short.2.2": "2.2 ผลการดำเนินงาน",
    "report_short.3": "3 คลิป",
    "report_short.4": "4 ประเมินอำเภอ",
    # ---- statuses (completeness)
    "status.on_time": "ตรงเวลา",
    "status.late": "ล่าช้า",
    "status.missing": "ยังไม่ส่ง",
    # ---- row outcomes
    "row_status.used": "ใช้งาน",
    "row_status.duplicate": "ซ้ำ (มีฉบับใหม่กว่า)",
    "row_status.quarantined": "กักไว้ตรวจสอบ",
    # ---- grades (form 4)
    "grade.A": "A ดีเยี่ยม",
    "grade.B": "B ดีมาก",
    "grade.C": "C ปานกลาง",
    "grade.D": "D ปรับปรุง",
    "grade.unrated": "ยังไม่ประเมิน",
    "grade.outside": "นอกพื้นที่ที่เลือก",
    # ---- clip phases
    "phase.understand": "เข้าใจ",
    "phase.reach": "เข้าถึง",
    "phase.develop": "พัฒนา",
    # ---- tambon types, answers
    "tambon_type.older": "ตำบลบ้านพี่",
    "tambon_type.younger": "ตำบลเมืองน้อง",
    "yes": "ใช่",
    "no": "ไม่ใช่",
    # ---- quarantine reasons (codes from spec/FORMS.md)
    "reason.unknown_place": "ไม่พบจังหวัด/อำเภอ/ตำบลนี้",
    "reason.ambiguous_place": "ชื่อสถานที่ตรงกับหลายแห่ง",
    "reason.not_in_register": "ตำบลไม่อยู่ในทะเบียนตำบลเป้าหมาย",
    "reason.inconsistent": "ตัวเลขขัดแย้งกันหรือติดลบ",
    "reason.bad_link": "ลิงก์ไม่ใช่วิดีโอ YouTube",
    "reason.bad_value": "อ่านค่าไม่ได้ (วันที่ ตัวเลข หรือตัวเลือก)",
    "reason.missing_value": "ไม่ได้ตอบคำถามที่จำเป็น",
    # ---- clips page
    "clips.title": "คลิปประชาสัมพันธ์",
    "clips.matrix": "การส่งคลิปรายจังหวัด แยกตามระยะ",
    "clips.list": "รายการคลิป",
    "clips.open": "เปิดวิดีโอ",
    "clips.over_length": "ยาวเกิน 3 นาที",
    "clips.over_length_count": "คลิปยาวเกิน 3 นาที {n} คลิป",
    "clips.none": "ยังไม่มีคลิป",
    # ---- map page
    "map.title": "ผลการประเมินพัฒนาการอำเภอหัวใจสีเขียว",
    "map.legend": "ระดับผลการประเมิน",
    "map.share": "สัดส่วนระดับผลการประเมินรายจังหวัด",
    "map.no_boundaries": "ขณะนี้โหลดแผนที่ขอบเขตอำเภอไม่ได้ จึงแสดงผลการประเมินเป็นตารางและแผนภูมิแทน",
    "map.attribution": "ขอบเขตการปกครอง: กรมแผนที่ทหาร / OCHA (CC BY-IGO) ปรับให้เรียบง่ายโดย mapthai",
    "map.tooltip_district": "อำเภอ",
    "map.tooltip_province": "จังหวัด",
    "map.tooltip_grade": "ระดับ",
    "map.tooltip_score": "คะแนน",
    # ---- data page
    "data.title": "ข้อมูลรายงาน",
    "data.table": "ตาราง",
    "data.quarantine": "แถวที่กักไว้ตรวจสอบ",
    "data.quarantine_help": "แถวเหล่านี้ยังไม่ถูกนับ กรุณาแก้ไขที่ต้นทาง (ชีตรายงาน) ตามเหตุผลที่ระบุ",
    "data.no_quarantine": "ไม่มีแถวที่ต้องตรวจสอบ",
    "data.rows": "อ่าน {read} แถว · ใช้งาน {used} · ซ้ำ {duplicate} · กักไว้ตรวจสอบ {quarantined}",
    "data.personal_note": "ข้อมูลส่วนบุคคลถูกปิดบัง: ชื่อแสดงเฉพาะอักษรแรก เลขประจำตัวประชาชนแสดงเฉพาะ 4 หลักท้าย และเบอร์โทรศัพท์ถูกปิดบางส่วน",
    "data.empty": "ไม่มีข้อมูลตามตัวกรองที่เลือก",
    "table.quarantine": "แถวที่กักไว้ตรวจสอบ",
    "table.missing": "ยังไม่ส่ง {report}",
    # ---- downloads
    "download.csv": "ดาวน์โหลด CSV",
    "download.xlsx": "ดาวน์โหลด Excel (XLSX)",
    "download.missing": "ดาวน์โหลดรายชื่อหน่วยที่ยังไม่ส่ง",
    "download.help": "CSV เปิดใน Excel ได้ทันที (UTF-8 with BOM)",
    # ---- column headings
    "col.province": "จังหวัด",
    "col.district": "อำเภอ",
    "col.tambon": "ตำบล",
    "col.tambon_type": "ประเภทตำบล",
    "col.pair_id": "รหัสคู่",
    "col.partner_tambon": "ตำบลคู่พัฒนา",
    "col.code": "รหัส",
    "col.name": "ชื่อ",
    "col.report": "แบบรายงาน",
    "col.expected": "ต้องส่ง",
    "col.received": "ส่งแล้ว",
    "col.on_time": "ตรงเวลา",
    "col.late": "ล่าช้า",
    "col.missing": "ยังไม่ส่ง",
    "col.pct_received": "ส่งแล้ว (%)",
    "col.pct_on_time": "ตรงเวลา (%)",
    "col.deadline": "กำหนดส่ง",
    "col.phase": "ระยะ",
    "col.status": "สถานะ",
    "col.clips": "จำนวนคลิป",
    "col.first_at": "ส่งครั้งแรก",
    "col.title": "ชื่อคลิป",
    "col.link": "ลิงก์",
    "col.duration": "ความยาว",
    "col.over_length": "ยาวเกินกำหนด",
    "col.grade": "ระดับ",
    "col.score": "คะแนน",
    "col.source": "แบบรายงาน",
    "col.row": "แถวที่",
    "col.reason": "เหตุผล",
    "col.detail": "รายละเอียด",
    "col.submitted_at": "ประทับเวลา",
    "col.count": "จำนวน",
    "col.share": "สัดส่วน",
    "col.rank": "ลำดับ",
    # ---- added for the pages (scope, cards, sections)
    "scope.country": "ทั้งประเทศ",
    "scope.province": "จังหวัด{province}",
    "scope.district": "อำเภอ{district} จังหวัด{province}",
    "scope.type": "เฉพาะ{kind}",
    "source.loading": "กำลังโหลดข้อมูล…",
    "source.computing": "กำลังคำนวณตัวเลข…",
    "source.refreshed": "ดึงข้อมูลใหม่แล้ว",
    "source.refresh_wait": "เพิ่งดึงข้อมูลไป ดึงใหม่ได้อีกครั้งในอีก {seconds} วินาที",
    "source.quarantine_link": "แถวที่กักไว้ตรวจสอบ {n} แถว",
    "source.unexpected": "เกิดข้อผิดพลาดระหว่างอ่านข้อมูล ({kind}) กรุณาลองใหม่อีกครั้งภายหลัง",
    "filter.as_of_all": "ไม่ได้เลือกวันที่: นับทุกรายงานที่ได้รับ",
    "filter.as_of_chosen": "นับถึงสิ้นวันที่ {date}",
    "filter.type_all": "ทั้งพี่และน้อง",
    "filter.type_older": "พี่",
    "filter.type_younger": "น้อง",
    "card.of_target": "จากเป้าหมาย {target} · {pct}",
    "card.kpi_target": "เป้าหมายไม่น้อยกว่า {target}",
    "card.kpi_met": "บรรลุเป้าหมาย",
    "card.with_activity": "ตำบลที่มีกิจกรรมพึ่งตนเอง",
    "card.kpi_not_met": "ยังไม่ถึงเป้าหมาย",
    "card.report_status": "ตรงเวลา {on_time} · ล่าช้า {late} · ยังไม่ส่ง {missing}",
    "card.of_expected": "จาก {expected} {unit} · {pct}",
    "unit_pl.tambon": "ตำบล",
    "unit_pl.province_phase": "จังหวัด×ระยะ",
    "unit_pl.district": "อำเภอ",
    "unit_pl.province": "จังหวัด",
    "overview.reports": "การส่งแบบรายงาน",
    "overview.ranking_district": "อำเภอเรียงจากส่งรายงานน้อยที่สุด",
    "overview.ranking_district_help": "ร้อยละของหน่วยที่ส่งแล้ว รวมแบบรายงาน 1.1 2.1 2.2 และ 4 (คลิปนับรายจังหวัด)",
    "overview.ranking_worst": "{n} พื้นที่ที่ส่งน้อยที่สุด",
    "overview.ranking_table": "ตารางเรียงลำดับทั้งหมด",
    "reports.choose": "เลือกแบบรายงาน",
    "reports.area_province": "รายจังหวัด",
    "reports.area_district": "รายอำเภอ",
    "reports.pairs_help": "คู่ตำบลตามทะเบียน นับว่าส่งแล้วเมื่อมีรายงานที่ใช้งานได้",
    "reports.deadline_line": "กำหนดส่ง {date}",
    "clips.phase_card": "ระยะ{phase}",
    "clips.phase_caption": "กำหนดส่ง {date} · ตรงเวลา {on_time} · ล่าช้า {late} · ยังไม่ส่ง {missing}",
    "clips.provinces_of": "{received} / {expected} จังหวัด",
    "clips.list_help": "คลิปที่ใช้งาน เรียงตามจังหวัดและระยะ กดลิงก์เพื่อเปิดวิดีโอ",
    "clips.over_length_flag": "⚠ ยาวเกิน",
    "clips.over_length_of": "จากคลิปที่ใช้งาน {total} คลิป · มีเครื่องหมาย ⚠ ในรายการ",
    "clips.over_only": "แสดงเฉพาะคลิปที่ยาวเกิน 3 นาที",
    "map.counts": "จำนวนอำเภอตามระดับผลการประเมิน",
    "map.table": "ผลการประเมินรายอำเภอ",
    "map.districts_of": "ประเมินแล้ว {rated} จาก {expected} อำเภอ",
    "data.choose": "เลือกตาราง",
    "data.showing": "แสดง {n} แถว (แถวที่ใช้งานตามตัวกรอง)",
    "data.quarantine_count": "กักไว้ตรวจสอบ {n} แถว",
    "data.reason_counts": "จำนวนแถวที่กักไว้ตามเหตุผล",
    "col.province_code": "รหัสจังหวัด",
    "col.district_code": "รหัสอำเภอ",
    "col.tambon_code": "รหัสตำบล",
    "col.as_written": "{column} (ตามที่กรอก)",
    "col.national_id_last4": "เลขประจำตัวประชาชน (4 หลักท้าย)",
    "col.national_id_valid": "เลขประจำตัวถูกต้อง",
    "col.reg_tambon_type": "ประเภทตำบล (ตามทะเบียน)",
    "col.video_id": "รหัสวิดีโอ",
    "col.watch": "เปิดวิดีโอ",
    "col.duration_s": "ความยาว (วินาที)",
    "col.leaders_total": "ผู้นำ",
    # ---- sign-in and who sees what
    "auth.open_demo": "เปิดให้ดูแบบสาธิต ไม่ต้องเข้าสู่ระบบ: ข้อมูลส่วนบุคคล (ชื่อ เบอร์โทรศัพท์ เลขประจำตัวประชาชน) ถูกปิดบังทั้งหมด",
    "auth.sign_in_title": "กรุณาเข้าสู่ระบบ",
    "auth.sign_in_body": "แดชบอร์ดนี้มีข้อมูลส่วนบุคคลของผู้เข้าร่วมโครงการ จึงเปิดให้เฉพาะเจ้าหน้าที่ที่ได้รับสิทธิ์ กรุณาเข้าสู่ระบบด้วยบัญชีอีเมลของหน่วยงาน",
    "auth.sign_in": "เข้าสู่ระบบ",
    "auth.sign_out": "ออกจากระบบ",
    "auth.unknown_title": "บัญชีนี้ยังไม่ได้รับสิทธิ์เข้าดูข้อมูล",
    "auth.unknown_body": "ขออภัย บัญชี {email} ยังไม่อยู่ในรายชื่อผู้มีสิทธิ์ของแดชบอร์ดนี้ หากท่านต้องใช้ข้อมูลในงาน กรุณาติดต่อผู้ดูแลระบบของกรมเพื่อขอเพิ่มสิทธิ์ หรือออกจากระบบแล้วเข้าสู่ระบบด้วยบัญชีอื่น",
    "auth.no_email": "ผู้ให้บริการเข้าสู่ระบบไม่ได้ส่งอีเมลของบัญชีมา จึงตรวจสิทธิ์ไม่ได้ กรุณาออกจากระบบแล้วลองใหม่ด้วยบัญชีอีเมลของหน่วยงาน",
    "auth.signed_in_as": "เข้าสู่ระบบเป็น {email}",
    "auth.role_line": "สิทธิ์: {role} · {provinces}",
    "auth.role.executive": "ผู้บริหาร",
    "auth.role.province": "จังหวัด",
    "auth.role.staff": "เจ้าหน้าที่ติดตามงาน",
    "auth.every_province": "ทุกจังหวัด",
    "auth.personal_shown": "ท่านเห็นชื่อและเบอร์โทรศัพท์ได้ เพื่อใช้ติดตามรายงานเท่านั้น ทุกการดาวน์โหลดถูกบันทึกไว้",
    "auth.not_configured": "Streamlit ไม่พบตาราง [auth] ในไฟล์ secrets ที่ตนอ่าน จึงเข้าสู่ระบบไม่ได้: ให้ใช้ไฟล์ .streamlit/secrets.toml หรือกำหนด STREAMLIT_SECRETS_FILES ให้ชี้ไฟล์เดียวกับ DASHBOARD_SECRETS ({detail})",
    "auth.rules_error": "อ่านตารางสิทธิ์ผู้ใช้ไม่ได้ จึงยังไม่แสดงข้อมูล: {detail}",
    # ---- who sees what: verified identities, administrators, errors in general words
    "auth.role.admin": "ผู้ดูแลระบบ",
    "auth.unverified": "ผู้ให้บริการเข้าสู่ระบบไม่ได้ยืนยันอีเมลของบัญชีนี้ จึงตรวจสิทธิ์ไม่ได้ กรุณาออกจากระบบแล้วเข้าสู่ระบบด้วยบัญชีอีเมลของหน่วยงาน",
    "auth.bad_email": "อีเมลของบัญชีนี้มีอักขระนอกเหนือจากอักษรละติน ตัวเลข และ . - _ @ จึงตรวจสิทธิ์ไม่ได้ กรุณาเข้าสู่ระบบด้วยบัญชีอีเมลของหน่วยงาน",
    "auth.rules_error_general": "ตารางสิทธิ์ผู้ใช้มีข้อผิดพลาด จึงยังไม่แสดงข้อมูลแก่ผู้ใดจนกว่าจะแก้ไข กรุณาติดต่อผู้ดูแลระบบ",
    "source.error_general": "อ่านข้อมูลจากแหล่งข้อมูลไม่สำเร็จ กรุณาลองใหม่ภายหลัง หรือแจ้งผู้ดูแลระบบ (รายละเอียดอยู่ในบันทึกของเซิร์ฟเวอร์)",
    "source.stale_general": "แสดงข้อมูลที่ดึงได้ล่าสุดเมื่อ {stamp} (เวลาประเทศไทย) เพราะดึงข้อมูลใหม่ไม่สำเร็จ",
    "filter.my_provinces": "ทุกจังหวัดที่ดูแล",
    "scope.provinces": "จังหวัด{provinces}",
    # ---- forecast and digests (docs/forecast.md, docs/notify.md)
    "forecast.title": "คาดการณ์วันส่งครบ",
    "forecast.help": "จากอัตราการส่งครั้งแรกใน {days} วันถึง {day} · ช่วงที่เป็นไปได้คือร้อยละ 10–90 ของการสุ่มซ้ำวันส่ง",
    "forecast.by_area": "คาดการณ์รายพื้นที่",
    "forecast.on_pace": "{report}: วันละ {pace} หน่วย ยังไม่ส่ง {remaining} หน่วย → คาดว่าครบ {day} (ช่วง {low} – {high})",
    "forecast.complete": "{report}: ส่งครบแล้ว",
    "forecast.stalled": "{report}: ไม่มีหน่วยส่งใหม่ใน {days} วันล่าสุด ยังไม่ส่ง {remaining} หน่วย ประเมินวันครบไม่ได้",
    "forecast.not_started": "{report}: ยังไม่มีหน่วยส่ง",
    "forecast.late": "⚠️ หลังกำหนด {deadline}",
    "forecast.in_time": "✅ ทันกำหนด {deadline}",
    "forecast.open_end": "ไม่มีกำหนด",
    "forecast.status.on_pace": "ตามอัตราปัจจุบัน",
    "forecast.status.complete": "ครบแล้ว",
    "forecast.status.stalled": "หยุดส่ง",
    "forecast.status.not_started": "ยังไม่เริ่ม",
    "col.pace_per_day": "หน่วยต่อวัน",
    "col.projected_complete": "คาดว่าครบ",
    "col.forecast_range": "ช่วงที่เป็นไปได้",
    "col.late_risk": "เสี่ยงเกินกำหนด",
    "col.forecast_status": "สถานะการคาดการณ์",
    "notify.last_digest": "ส่งสรุปทาง LINE/อีเมลล่าสุด {when}",
    "page.admin": "ผู้ดูแลระบบ",
    "admin.refused": "หน้านี้สำหรับผู้ดูแลระบบ (บทบาท admin) เท่านั้น",
    "admin.open_demo": "การสาธิตแบบเปิด: หน้านี้แสดงให้ทุกคนเห็น เพราะไม่มีการเข้าสู่ระบบ และหัวคอลัมน์ไม่ใช่ข้อมูลส่วนบุคคล เมื่อตั้งค่า [auth] แล้ว จะเห็นเฉพาะบทบาท admin",
    "admin.intro": "ตรวจหัวคอลัมน์ของชีตที่เชื่อมต่ออยู่ ({source}) เทียบกับการตั้งค่า ช่องที่ไม่พบจะมีหัวคอลัมน์ที่น่าจะใช่เสนอไว้ ติ๊กยืนยันทีละรายการ แล้วดาวน์โหลดไฟล์จับคู่ไปตั้งค่า DASHBOARD_MAPPING",
    "admin.confirm": "ยืนยัน: {field} ← “{header}”",
    "admin.no_proposals": "ไม่มีข้อเสนอ",
    "admin.unknown": "หัวคอลัมน์ที่ไม่รู้จัก: {headers}",
    "admin.download": "ดาวน์โหลดไฟล์จับคู่ (TOML)",
    "admin.pairs": "ไฟล์จับคู่มี {n} รายการ (ที่ใช้อยู่แล้วและที่ยืนยัน)",
    "admin.overlay_in_use": "ไฟล์จับคู่ที่ใช้อยู่: {path}",
    "admin.read_failed": "อ่านแหล่งข้อมูลไม่ได้: {detail}",
    # ---- header check (python -m dashboard check, the administrators' page)
    "check.mapped": "ตรงกับการตั้งค่า",
    "check.overlay": "ตามไฟล์จับคู่",
    "check.proposed": "เสนอ",
    "check.ambiguous": "มีหลายคอลัมน์ที่เป็นไปได้เท่ากัน ไม่เสนอ",
    "check.unsure": "ไม่แน่ใจ ไม่เสนอ",
    "check.missing": "ไม่พบ",
    "check.required": "จำเป็น",
    "check.optional": "ไม่บังคับ",
    "check.unknown": "หัวคอลัมน์ที่ไม่รู้จัก",
    "check.absent": "ไม่พบตารางนี้ในแหล่งข้อมูล",
    "check.cells": "อ่านได้ {read}/{sampled} ช่อง",
    "check.no_cells": "ยังไม่มีคำตอบ",
    "check.score": "คะแนน {score:.2f}",
    "check.ok": "พร้อมใช้: ทุกช่องที่จำเป็นตรงกับการตั้งค่าหรือมีข้อเสนอที่มั่นใจ",
    "check.not_ok": "ยังไม่พร้อม: มีช่องที่จำเป็นที่ยังจับคู่ไม่ได้",
    "check.col.field": "ช่อง",
    "check.col.configured": "หัวคอลัมน์ที่ตั้งไว้",
    "check.col.state": "สถานะ",
    "check.col.sheet": "หัวคอลัมน์ในชีต",
    "check.col.detail": "รายละเอียด",
    # corrections and suggestions (staff close the loop)
    "col.suggestion_1": "ที่น่าจะเป็น 1",
    "col.suggestion_2": "ที่น่าจะเป็น 2",
    "col.suggestion_3": "ที่น่าจะเป็น 3",
    "col.corrected": "แก้ไขแล้ว",
    "col.line": "บรรทัด",
    "col.outcome": "ผล",
    "col.field": "ช่อง",
    "col.was": "ค่าเดิม",
    "col.value": "ค่าใหม่",
    "col.by": "ผู้แก้ไข",
    "col.at": "เวลาที่แก้ไข",
    "col.note": "หมายเหตุ",
    "col.rows": "แถว",
    "outcome.applied": "ใช้แล้ว",
    "outcome.stale": "ค่าในชีตเปลี่ยนไปแล้ว",
    "outcome.invalid": "ใช้ไม่ได้",
    "fix.to_fix": "ที่ต้องแก้ไข ตามอำเภอและเหตุผล",
    "fix.to_fix_help": "แถวที่ยังไม่ถูกนับในจังหวัดที่ดูแล แยกตามอำเภอและเหตุผล เรียงจากมากไปน้อย",
    "fix.title": "แก้ไขแถวที่กักไว้",
    "fix.help": "เลือกที่น่าจะเป็น หรือพิมพ์ค่าที่ถูกต้องเอง ระบบบันทึกเป็นรายการแก้ไขพร้อมชื่อผู้แก้ไขและเวลา โดยไม่แก้คำตอบในแบบฟอร์ม และจะเห็นผลหลังดึงข้อมูลใหม่ (ปุ่มดึงข้อมูลใหม่)",
    "fix.none": "ไม่มีแถวที่กักไว้ในจังหวัดที่ท่านดูแล",
    "fix.row": "แถวที่จะแก้ไข",
    "fix.choose": "ค่าที่ถูกต้อง",
    "fix.own": "พิมพ์ค่าเอง",
    "fix.field": "ช่องที่จะแก้ไข",
    "fix.value": "ค่าใหม่ (สถานที่ใส่รหัสกรมการปกครองได้)",
    "fix.note": "หมายเหตุ",
    "fix.save": "บันทึกการแก้ไข",
    "fix.saved": "บันทึกการแก้ไข {n} รายการแล้ว จะเห็นผลหลังดึงข้อมูลใหม่",
    "fix.nothing": "ค่านี้ตรงกับที่กรอกไว้แล้ว ไม่มีอะไรต้องแก้ไข",
    "fix.empty_value": "กรุณาพิมพ์ค่าใหม่",
    "fix.outcomes": "รายการแก้ไขและผล",
    "source.corrected_line": "แก้ไขแล้ว {n} แถว",
    # ---- the figures first on a phone: the headline strip, the folded notices, the page bar
    "strip.leaders": "ผู้นำที่ลงทะเบียน",
    "strip.tambons": "ตำบลที่ส่งรายงานแล้ว",
    "strip.kpi": "ผู้นำขับเคลื่อนงานได้",
    "strip.report": "รายงาน {report} ได้รับ",
    "strip.of_target": "จาก {target} · {pct}",
    "strip.kpi_target": "เป้า ≥ {target}",
    "strip.received_of": "{received} จาก {expected} {unit}",
    "strip.state.met": "ถึงเป้า",
    "strip.state.near": "ใกล้เป้า",
    "strip.state.behind": "ต่ำกว่าเป้า",
    "strip.state.none": "ยังไม่มีข้อมูล",
    "strip.legend": "สี: เขียว ถึงเป้า · เหลือง ได้ {near} ของเป้าขึ้นไป · แดง ต่ำกว่านั้น",
    "fold.open_demo": "สาธิต ไม่ต้องเข้าสู่ระบบ",
    "fold.demo_data": "ข้อมูลตัวอย่าง",
    "fold.stale": "ข้อมูลเก่า ดึงใหม่ไม่สำเร็จ",
    "fold.unmapped": "หัวคอลัมน์ใหม่ใน {source}",
    "fold.missing_column": "ไม่มีคอลัมน์ {header}",
    "fold.quarantined": "กักไว้ {n} แถว",
    "fold.pulled": "ดึงเมื่อ {pulled_at}",
    "fold.help": "แตะเพื่อดูแหล่งข้อมูลและคำเตือนทั้งหมด",
    "nav.label": "ไปยังหน้า",
    # ---- downloaded files: the table on screen, and what the file is
    "col.reason_code": "รหัสเหตุผล",
    "col.name_title": "คำนำหน้าชื่อ",
    "download.raw": "CSV สำหรับโปรแกรม (ชื่อฟิลด์และรหัส)",
    "download.raw_help": "ตารางเดียวกันในรูปที่โปรแกรมอ่าน: ชื่อฟิลด์ภาษาอังกฤษ รหัสแทนคำ วันเวลาแบบ ISO",
    "file.about_sheet": "เกี่ยวกับไฟล์",
    "file.table": "ตาราง",
    "file.filters": "ตัวกรอง",
    "file.as_of": "ข้อมูล ณ วันที่",
    "file.all_rows": "ทุกรายงานที่ได้รับ",
    "file.source": "แหล่งข้อมูล",
    "file.pulled_at": "ดึงข้อมูลเมื่อ",
    "file.rows": "จำนวนแถว",
    "file.downloaded_by": "ผู้ดาวน์โหลด",
    "file.anonymous": "ไม่ได้เข้าสู่ระบบ (เปิดแบบสาธิตหรือบรรทัดคำสั่ง)",
    "file.masking": "การปิดบังข้อมูลส่วนบุคคล",
    "file.mask_ids": "เลขประจำตัวประชาชนแสดงเฉพาะ 4 หลักท้าย",
    "file.names_masked": "ชื่อแสดงเฉพาะอักษรแรก",
    "file.names_shown": "ชื่อแสดงเต็ม (สิทธิ์เจ้าหน้าที่)",
    "file.phones_masked": "เบอร์โทรศัพท์ถูกปิดบางส่วน",
    "file.phones_shown": "เบอร์โทรศัพท์แสดงเต็ม (สิทธิ์เจ้าหน้าที่)",
    "file.iso": "{column} (รูปแบบ ISO)",
    "source.missing_column": "ชีต {sheet} ไม่มีคอลัมน์ '{header}' ตัวเลขที่ต้องใช้คอลัมน์นี้แสดงเป็น —",
    "source.other_zone": "ชีต {sheet} บันทึกเวลาตามเขตเวลา {zone} (แปลงเป็นเวลาไทยแล้ว)",
    "filter.as_of_unreadable": "อ่านวันที่ '{text}' ในลิงก์ไม่ได้ จึงแสดงตัวเลขรวมทุกรายงาน (เขียนแบบ 2564-08-08 หรือ 2021-08-08)",
    "filter.as_of_outside": "วันที่ '{text}' ในลิงก์อยู่นอกช่วง {low} ถึง {high} จึงแสดงตัวเลขรวมทุกรายงาน",
}

EN: dict[str, str] = {
    "app.title": "Ban Phi Mueang Nong monitoring",
    "app.programme": "Change Leaders: Ban Phi Mueang Nong food security",
    "app.department": "Community Development Department",
    "app.fiscal_year": "Fiscal year {year}",
    "lang.label": "Language",
    "lang.th": "ไทย",
    "lang.en": "English",
    "page.overview": "Overview",
    "page.reports": "Reports",
    "page.clips": "Clips",
    "page.map": "Map",
    "page.data": "Data",
    "filter.heading": "Filters",
    "filter.source": "Data source",
    "filter.province": "Province",
    "filter.all_provinces": "All provinces (whole country)",
    "filter.district": "District",
    "filter.all_districts": "All districts",
    "filter.tambon_type": "Tambon type",
    "filter.all_types": "All types",
    "filter.as_of": "As of",
    "filter.as_of_help": "Count only reports sent by the end of the chosen day (Thailand time)",
    "filter.report": "Report",
    "filter.group_by": "Show by",
    "filter.by_province": "By province",
    "filter.by_district": "By district",
    "filter.table": "Table",
    "filter.phase": "Clip phase",
    "filter.all_phases": "All phases",
    "filter.reset": "Clear filters",
    "source.demo": "Demo data",
    "source.gsheets": "Google Sheets",
    "source.local": "File {label}",
    "source.line": "Source: {source} · pulled {pulled_at}",
    "source.as_of_line": "Figures as of the end of {date}",
    "source.all_rows_line": "Figures over every report received",
    "source.stale": "Could not fetch fresh data, so this shows the last good pull from {pulled_at} ({reason})",
    "source.unmapped": "{source} has headers not in the configuration: {headers}",
    "source.refresh": "Refresh data",
    "source.error": "Could not read the data: {message}",
    "overview.title": "Progress overview",
    "overview.progress": "Progress against targets",
    "overview.cumulative": "Units reported, cumulative per day",
    "overview.ranking": "Provinces, lowest completion first",
    "overview.ranking_help": "Share of expected report units received, all reports together",
    "headline.leaders": "Change leaders registered",
    "headline.leaders_older": "Leaders from older-sibling tambons",
    "headline.leaders_younger": "Leaders from younger-sibling tambons",
    "headline.tambons": "Target tambons",
    "headline.tambons_engaged": "Tambons that have reported",
    "headline.tambons_full": "Tambons with all {n} leaders",
    "headline.with_activity": "Tambons with a self-reliance and disaster-readiness activity",
    "headline.kpi_driving": "Leaders able to drive tambon/village work",
    "headline.kpi_target": "Target at least {target}",
    "headline.of_target": "of {target}",
    "headline.pct_of_target": "{pct} of target",
    "headline.no_data": "No data yet",
    "chart.deadline": "Deadline",
    "chart.deadline_of": "Deadline {reports}",
    "chart.day": "Day",
    "chart.received_cum": "Received so far (units)",
    "chart.pct_of_target": "% of target",
    "chart.pct_received": "% received",
    "chart.target": "Target",
    "chart.units": "Units",
    "chart.pct_of_expected": "% of expected units",
    "chart.share": "Share (%)",
    "chart.count": "Count",
    "chart.value_of_target": "{value} / {target} ({pct})",
    "reports.title": "Report completeness",
    "reports.summary": "All reports at a glance",
    "reports.by_area": "{report} {area}",
    "reports.missing": "Units yet to send {report}",
    "reports.missing_count": "{n} units missing",
    "reports.none_missing": "Every unit has sent this report",
    "reports.pairs": "Older/younger tambon pairs that sent {report}",
    "pairs.both": "Both sent",
    "pairs.one": "One of the two sent",
    "pairs.none": "Neither sent",
    "unit.tambon": "Tambon",
    "unit.province_phase": "Province × phase",
    "unit.district": "District",
    "report.register": "Target tambon register",
    "report.1.1": "Form 1.1 Change leaders",
    "report.2.1": "Form 2.1 Before work starts",
    "report.2.2": "Form 2.2 Overall results",
    "report.3": "Form 3 Publicity clips",
    "report.4": "Form 4 Green-heart district rating",
    "report_short.register": "Register",
    "report_short.1.1": "1.1 Leaders",
    "report_short.2.1": "2.1 Before work",
    "report_short.2.2": "2.2 Results",
    "report_short.3": "3 Clips",
    "report_short.4": "4 District rating",
    "status.on_time": "On time",
    "status.late": "Late",
    "status.missing": "Missing",
    "row_status.used": "In use",
    "row_status.duplicate": "Duplicate (superseded)",
    "row_status.quarantined": "Quarantined",
    "grade.A": "A Excellent",
    "grade.B": "B Very good",
    "grade.C": "C Fair",
    "grade.D": "D Needs improvement",
    "grade.unrated": "Not rated",
    "grade.outside": "Outside the selection",
    "phase.understand": "Understand",
    "phase.reach": "Reach",
    "phase.develop": "Develop",
    "tambon_type.older": "Older-sibling tambon",
    "tambon_type.younger": "Younger-sibling tambon",
    "yes": "Yes",
    "no": "No",
    "reason.unknown_place": "Place not found",
    "reason.ambiguous_place": "Place name matches several places",
    "reason.not_in_register": "Tambon not in the target register",
    "reason.inconsistent": "Counts contradict each other or are negative",
    "reason.bad_link": "Link is not a YouTube video",
    "reason.bad_value": "Unreadable value (date, number or choice)",
    "reason.missing_value": "Required answer left blank",
    "clips.title": "Publicity clips",
    "clips.matrix": "Clips by province and phase",
    "clips.list": "Clip list",
    "clips.open": "Open video",
    "clips.over_length": "Over 3 minutes",
    "clips.over_length_count": "{n} clips over 3 minutes",
    "clips.none": "No clips yet",
    "map.title": "Green-heart district ratings",
    "map.legend": "Rating",
    "map.share": "Share of ratings per province",
    "map.no_boundaries": "District boundaries cannot be loaded right now, so the ratings are shown as a table and chart instead.",
    "map.attribution": "Boundaries: Royal Thai Survey Department / OCHA (CC BY-IGO), simplified by mapthai",
    "map.tooltip_district": "District",
    "map.tooltip_province": "Province",
    "map.tooltip_grade": "Grade",
    "map.tooltip_score": "Score",
    "data.title": "Report data",
    "data.table": "Table",
    "data.quarantine": "Quarantined rows",
    "data.quarantine_help": "These rows are not counted yet; fix them at source (the report sheet) using the reason given",
    "data.no_quarantine": "No rows need checking",
    "data.rows": "{read} rows read · {used} in use · {duplicate} duplicate · {quarantined} quarantined",
    "data.personal_note": "Personal data is masked: names show their initial only, national IDs their last 4 digits, and phone numbers are partly hidden",
    "data.empty": "No rows match the filters",
    "table.quarantine": "Quarantined rows",
    "table.missing": "Missing {report}",
    "download.csv": "Download CSV",
    "download.xlsx": "Download Excel (XLSX)",
    "download.missing": "Download the list of missing units",
    "download.help": "The CSV opens directly in Excel (UTF-8 with BOM)",
    "col.province": "Province",
    "col.district": "District",
    "col.tambon": "Tambon",
    "col.tambon_type": "Tambon type",
    "col.pair_id": "Pair id",
    "col.partner_tambon": "Partner tambon",
    "col.code": "Code",
    "col.name": "Name",
    "col.report": "Report",
    "col.expected": "Expected",
    "col.received": "Received",
    "col.on_time": "On time",
    "col.late": "Late",
    "col.missing": "Missing",
    "col.pct_received": "Received (%)",
    "col.pct_on_time": "On time (%)",
    "col.deadline": "Deadline",
    "col.phase": "Phase",
    "col.status": "Status",
    "col.clips": "Clips",
    "col.first_at": "First sent",
    "col.title": "Clip title",
    "col.link": "Link",
    "col.duration": "Length",
    "col.over_length": "Over length",
    "col.grade": "Grade",
    "col.score": "Score",
    "col.source": "Report",
    "col.row": "Row",
    "col.reason": "Reason",
    "col.detail": "Detail",
    "col.submitted_at": "Timestamp",
    "col.count": "Count",
    "col.share": "Share",
    "col.rank": "Rank",
    "scope.country": "Whole country",
    "scope.province": "{province} province",
    "scope.district": "{district} district, {province} province",
    "scope.type": "{kind}s only",
    "source.loading": "Loading the data…",
    "source.computing": "Computing the figures…",
    "source.refreshed": "Data refreshed",
    "source.refresh_wait": "The data was just pulled; you can refresh again in {seconds} seconds",
    "source.quarantine_link": "{n} quarantined rows",
    "source.unexpected": "Something went wrong while reading the data ({kind}). Please try again later.",
    "filter.as_of_all": "No date chosen: every report received counts",
    "filter.as_of_chosen": "Counting up to the end of {date}",
    "filter.type_all": "Both",
    "filter.type_older": "Older",
    "filter.type_younger": "Younger",
    "card.of_target": "of {target} target · {pct}",
    "card.kpi_target": "Target at least {target}",
    "card.kpi_met": "target met",
    "card.with_activity": "Tambons with a self-reliance activity",
    "card.kpi_not_met": "below target",
    "card.report_status": "On time {on_time} · late {late} · missing {missing}",
    "card.of_expected": "of {expected} {unit} · {pct}",
    "unit_pl.tambon": "tambons",
    "unit_pl.province_phase": "province-phases",
    "unit_pl.district": "districts",
    "unit_pl.province": "provinces",
    "overview.reports": "Reports received",
    "overview.ranking_district": "Districts, lowest completion first",
    "overview.ranking_district_help": "Share of expected units received over reports 1.1, 2.1, 2.2 and 4 (clips count per province)",
    "overview.ranking_worst": "The {n} areas with the fewest reports",
    "overview.ranking_table": "The full ranking",
    "reports.choose": "Choose a report",
    "reports.area_province": "by province",
    "reports.area_district": "by district",
    "reports.pairs_help": "Pairs of the register; a tambon counts once it has a report in use",
    "reports.deadline_line": "Deadline {date}",
    "clips.phase_card": "Phase: {phase}",
    "clips.phase_caption": "Deadline {date} · on time {on_time} · late {late} · missing {missing}",
    "clips.provinces_of": "{received} / {expected} provinces",
    "clips.list_help": "Clips in use, by province and phase; follow a link to open the video",
    "clips.over_length_flag": "⚠ too long",
    "clips.over_length_of": "of {total} clips in use · marked ⚠ in the list",
    "clips.over_only": "Only clips over 3 minutes",
    "map.counts": "Districts per rating",
    "map.table": "Ratings by district",
    "map.districts_of": "{rated} of {expected} districts rated",
    "data.choose": "Choose a table",
    "data.showing": "{n} rows (rows in use under the filters)",
    "data.quarantine_count": "{n} quarantined rows",
    "data.reason_counts": "Quarantined rows by reason",
    "col.province_code": "Province code",
    "col.district_code": "District code",
    "col.tambon_code": "Tambon code",
    "col.as_written": "{column} (as written)",
    "col.national_id_last4": "National ID (last 4 digits)",
    "col.national_id_valid": "National ID valid",
    "col.reg_tambon_type": "Tambon type (register)",
    "col.video_id": "Video id",
    "col.watch": "Open video",
    "col.duration_s": "Length (seconds)",
    "col.leaders_total": "Leaders",
    # ---- sign-in and who sees what
    "auth.open_demo": "Open demo, no sign-in: personal data (names, phone numbers, national IDs) is masked throughout",
    "auth.sign_in_title": "Please sign in",
    "auth.sign_in_body": "This dashboard holds personal data of the programme's participants, so it is open only to authorised staff. Please sign in with your department email account.",
    "auth.sign_in": "Sign in",
    "auth.sign_out": "Sign out",
    "auth.unknown_title": "This account has no access yet",
    "auth.unknown_body": "Sorry, {email} is not on this dashboard's list of users. If your work needs this data, please ask the department's administrator to add you, or sign out and sign in with another account.",
    "auth.no_email": "The sign-in service did not send the account's email, so access cannot be checked. Please sign out and try again with your department email account.",
    "auth.signed_in_as": "Signed in as {email}",
    "auth.role_line": "Access: {role} · {provinces}",
    "auth.role.executive": "Executive",
    "auth.role.province": "Province",
    "auth.role.staff": "Follow-up staff",
    "auth.every_province": "every province",
    "auth.personal_shown": "You see names and phone numbers to chase reports only; every download is recorded.",
    "auth.not_configured": "Streamlit does not see an [auth] table in the secrets it reads, so sign-in cannot work: use .streamlit/secrets.toml, or set STREAMLIT_SECRETS_FILES to the same file as DASHBOARD_SECRETS ({detail})",
    "auth.rules_error": "The table of users and roles cannot be read, so no data is shown yet: {detail}",
    # ---- who sees what: verified identities, administrators, errors in general words
    "auth.role.admin": "Administrator",
    "auth.unverified": "The sign-in service has not verified this account's email, so access cannot be checked. Please sign out and sign in with your department email account.",
    "auth.bad_email": "This account's email holds characters other than plain Latin letters, digits and . - _ @, so access cannot be checked. Please sign in with your department email account.",
    "auth.rules_error_general": "The table of users and roles has an error, so no data is shown to anyone until it is fixed. Please contact the administrator.",
    "source.error_general": "The data could not be read from its source. Please try again later, or tell the administrator (the details are in the server log).",
    "source.stale_general": "Showing the data pulled at {stamp} (Bangkok time): the latest pull failed.",
    "filter.my_provinces": "All my provinces",
    "scope.provinces": "{provinces}",
    "forecast.title": "When each report will be complete",
    "forecast.help": "From the pace of first submissions over the {days} days to {day} · the range is the 10th–90th percentile of resampled days",
    "forecast.by_area": "Forecast by area",
    "forecast.on_pace": "{report}: {pace} units a day, {remaining} to go → complete around {day} (range {low} – {high})",
    "forecast.complete": "{report}: complete",
    "forecast.stalled": "{report}: no new unit in the last {days} days, {remaining} to go: no day can be projected",
    "forecast.not_started": "{report}: no unit has reported yet",
    "forecast.late": "⚠️ after the deadline {deadline}",
    "forecast.in_time": "✅ by the deadline {deadline}",
    "forecast.open_end": "open-ended",
    "forecast.status.on_pace": "At the current pace",
    "forecast.status.complete": "Complete",
    "forecast.status.stalled": "Stalled",
    "forecast.status.not_started": "Not started",
    "col.pace_per_day": "Units a day",
    "col.projected_complete": "Projected complete",
    "col.forecast_range": "Plausible range",
    "col.late_risk": "Late risk",
    "col.forecast_status": "Forecast",
    "notify.last_digest": "Last LINE/e-mail digest sent {when}",
    "page.admin": "Admin",
    "admin.refused": "This page is for administrators (role admin) only.",
    "admin.open_demo": "Open demo: this page is shown to everyone, since there is no sign-in and headers are not personal data. With [auth] configured only the admin role sees it.",
    "admin.intro": "The headers of the connected sheets ({source}) checked against the configuration. A missing field comes with the headers most likely to be it: confirm them one by one, then download the mapping file and set DASHBOARD_MAPPING to it.",
    "admin.confirm": "Confirm: {field} ← “{header}”",
    "admin.no_proposals": "No proposals",
    "admin.unknown": "Unknown headers: {headers}",
    "admin.download": "Download the mapping file (TOML)",
    "admin.pairs": "The mapping file holds {n} pairs (those in use and those confirmed)",
    "admin.overlay_in_use": "Mapping file in use: {path}",
    "admin.read_failed": "The source cannot be read: {detail}",
    # ---- header check (python -m dashboard check, the administrators' page)
    "check.mapped": "as configured",
    "check.overlay": "from the mapping file",
    "check.proposed": "proposed",
    "check.ambiguous": "several columns equally likely: none proposed",
    "check.unsure": "not sure: none proposed",
    "check.missing": "not found",
    "check.required": "required",
    "check.optional": "optional",
    "check.unknown": "Unknown headers",
    "check.absent": "this table is not in the source",
    "check.cells": "{read}/{sampled} cells read",
    "check.no_cells": "no answers yet",
    "check.score": "score {score:.2f}",
    "check.ok": "Ready: every required field is mapped or proposed with confidence",
    "check.not_ok": "Not ready: a required field cannot be mapped",
    "check.col.field": "field",
    "check.col.configured": "configured header",
    "check.col.state": "state",
    "check.col.sheet": "header in the sheet",
    "check.col.detail": "detail",
    # corrections and suggestions (staff close the loop)
    "col.suggestion_1": "Suggestion 1",
    "col.suggestion_2": "Suggestion 2",
    "col.suggestion_3": "Suggestion 3",
    "col.corrected": "Corrected",
    "col.line": "Line",
    "col.outcome": "Outcome",
    "col.field": "Field",
    "col.was": "Was",
    "col.value": "New value",
    "col.by": "By",
    "col.at": "When",
    "col.note": "Note",
    "col.rows": "Rows",
    "outcome.applied": "applied",
    "outcome.stale": "stale (the cell changed)",
    "outcome.invalid": "invalid",
    "fix.to_fix": "To fix, by district and reason",
    "fix.to_fix_help": "Rows not counted yet in your provinces, by district and reason, most first",
    "fix.title": "Fix a quarantined row",
    "fix.help": "Accept a suggestion or type the right value. It is saved as a correction line with your name and the time; the form's answers are not edited. It shows after the next pull (refresh now).",
    "fix.none": "No quarantined rows in your provinces",
    "fix.row": "Row to fix",
    "fix.choose": "The right value",
    "fix.own": "Type it myself",
    "fix.field": "Field to fix",
    "fix.value": "New value (a place may be given as its DOPA code)",
    "fix.note": "Note",
    "fix.save": "Save the correction",
    "fix.saved": "{n} correction line(s) saved; they show after the next pull",
    "fix.nothing": "The row already says that: nothing to correct",
    "fix.empty_value": "Type the new value",
    "fix.outcomes": "Corrections and their outcome",
    "source.corrected_line": "{n} rows corrected",
    # ---- the figures first on a phone: the headline strip, the folded notices, the page bar
    "strip.leaders": "Leaders registered",
    "strip.tambons": "Tambons reporting",
    "strip.kpi": "Leaders who can drive",
    "strip.report": "Report {report} in",
    "strip.of_target": "of {target} · {pct}",
    "strip.kpi_target": "target ≥ {target}",
    "strip.received_of": "{received} of {expected} {unit}",
    "strip.state.met": "target met",
    "strip.state.near": "near target",
    "strip.state.behind": "behind target",
    "strip.state.none": "no data yet",
    "strip.legend": "Colours: green target met · amber at least {near} of it · red below",
    "fold.open_demo": "Open demo, no sign-in",
    "fold.demo_data": "Demo data",
    "fold.stale": "Old data: the latest pull failed",
    "fold.unmapped": "New headers in {source}",
    "fold.missing_column": "No column {header}",
    "fold.quarantined": "{n} rows set aside",
    "fold.pulled": "pulled {pulled_at}",
    "fold.help": "Tap for the data's source and every notice",
    "nav.label": "Go to page",
    # ---- downloaded files: the table on screen, and what the file is
    "col.reason_code": "Reason code",
    "col.name_title": "Name title",
    "download.raw": "Machine-readable CSV (field names and codes)",
    "download.raw_help": "The same table as programs read it: English field names, codes instead of words, ISO dates",
    "file.about_sheet": "About this file",
    "file.table": "Table",
    "file.filters": "Filters",
    "file.as_of": "As of",
    "file.all_rows": "Every report received",
    "file.source": "Source",
    "file.pulled_at": "Data pulled at",
    "file.rows": "Rows",
    "file.downloaded_by": "Downloaded by",
    "file.anonymous": "Not signed in (open demo or command line)",
    "file.masking": "Personal data masking",
    "file.mask_ids": "National IDs: last 4 digits only",
    "file.names_masked": "Names: initials only",
    "file.names_shown": "Names: shown in full (staff role)",
    "file.phones_masked": "Phones: partly hidden",
    "file.phones_shown": "Phones: shown in full (staff role)",
    "file.iso": "{column} (ISO)",
    "source.missing_column": "Sheet {sheet} has no column '{header}': the figures that need it show —",
    "source.other_zone": "Sheet {sheet} writes times in the {zone} time zone (converted to Thai time)",
    "filter.as_of_unreadable": "The day '{text}' in the link cannot be read, so the figures count every report (write 2021-08-08 or 2564-08-08)",
    "filter.as_of_outside": "The day '{text}' in the link is outside {low} to {high}, so the figures count every report",
}

# ---- errors: Google Sheets reads (sources/sheet_messages.py), settings and secrets (config.py) ----
SHEETS_TH: dict[str, str] = {
    "gsheets.token_down": "บริการโทเค็นของ Google ไม่พร้อมใช้งาน{code} บัญชีบริการเข้าสู่ระบบไม่ได้ ระบบจะลองใหม่ในการรีเฟรชครั้งถัดไป",
    "gsheets.token_unreachable": "ติดต่อบริการโทเค็น {uri} ({table} token_uri) ไม่ได้ เครือข่ายหรือ Google ขัดข้อง",
    "gsheets.key_refused": (
        "Google ปฏิเสธบัญชีบริการ {email}: คีย์ไม่ถูกต้อง (ถูกลบ เปลี่ยนใหม่ หรือไม่ใช่ของบัญชีนี้) "
        "กรุณาตรวจ {table} client_email, private_key_id และ private_key หรือสร้างคีย์ JSON ใหม่แล้ววางในไฟล์ secrets"
    ),
    "gsheets.account_refused": "Google ปฏิเสธบัญชีบริการ {email} ({code}) กรุณาตรวจการตั้งค่า {table}",
    "gsheets.account_refused_plain": "Google ปฏิเสธบัญชีบริการ {email} (ขอโทเค็นไม่สำเร็จ) กรุณาตรวจการตั้งค่า {table}",
    "gsheets.api_disabled": (
        "ยังไม่ได้เปิดใช้ Google Sheets API ในโปรเจกต์ Cloud ของบัญชีบริการ "
        "กรุณาเปิดใช้ (APIs & Services → Library → Google Sheets API → Enable) แล้วรอสักครู่"
    ),
    "gsheets.not_shared": (
        "สเปรดชีตของ {stem} (คีย์ {sheet_key}) ยังไม่ได้แชร์ให้บัญชีบริการ {email} กรุณาเปิดสเปรดชีต กด \"แชร์\" "
        "เพิ่ม {email} เป็น \"ผู้มีสิทธิ์อ่าน\" และไม่ต้องเลือก \"แจ้งเตือนผู้ใช้\""
    ),
    "gsheets.no_spreadsheet": (
        "ไม่พบสเปรดชีตคีย์ {sheet_key} ([sheets] {stem}) กรุณาตรวจ URL ในไฟล์ secrets "
        "โดยคัดลอกใหม่จากแถบที่อยู่ของเบราว์เซอร์ขณะเปิดชีต"
    ),
    "gsheets.no_tab": (
        "สเปรดชีตของ {stem} (คีย์ {sheet_key}) ไม่มีแท็บ '{tab}' ([sheets] {stem} tab) กรุณาแก้ชื่อแท็บ "
        "หรือลบออกเพื่ออ่านแท็บแรก"
    ),
    "gsheets.refused": "Google Sheets ปฏิเสธคำขอสำหรับสเปรดชีตของ {stem} (คีย์ {sheet_key}): HTTP {status} {message}",
    "gsheets.quota": (
        "โควตาการอ่านของบัญชีบริการเต็ม (60 ครั้งต่อนาที) ระหว่างอ่านสเปรดชีตของ {stem} "
        "ระบบจะลองใหม่ในการรีเฟรชครั้งถัดไป"
    ),
    "gsheets.quota_wait": (
        "โควตาการอ่านของบัญชีบริการเต็ม (60 ครั้งต่อนาที) ระหว่างอ่านสเปรดชีตของ {stem} Google ขอให้รอ {seconds} วินาที "
        "ระบบจะลองใหม่ในการรีเฟรชครั้งถัดไป"
    ),
    "gsheets.trouble": "Google Sheets ขัดข้อง (HTTP {status}) ขณะอ่านสเปรดชีตของ {stem} แม้ลองซ้ำแล้ว ระบบจะลองใหม่ในการรีเฟรชครั้งถัดไป",
    "gsheets.timeout": "Google Sheets ไม่ตอบภายใน {seconds} วินาทีขณะอ่านสเปรดชีตของ {stem} ระบบจะลองใหม่ในการรีเฟรชครั้งถัดไป",
    "gsheets.no_connection": "เชื่อมต่อ Google Sheets ไม่ได้ขณะอ่านสเปรดชีตของ {stem} กรุณาตรวจการเชื่อมต่อเครือข่ายของเซิร์ฟเวอร์",
    "gsheets.not_json": (
        "Google Sheets ตอบกลับสำหรับ {stem} ด้วยหน้าที่ไม่ใช่ JSON (อาจมีพร็อกซี ไฟร์วอลล์ "
        "หรือหน้าล็อกอินคั่นกลาง) ระบบจะลองใหม่ในการรีเฟรชครั้งถัดไป"
    ),
    "config.not_seconds": "{name}='{raw}' ไม่ใช่จำนวนวินาที",
    "config.below_minimum": "{name}={raw} ต่ำกว่าค่าต่ำสุด {minimum} วินาที",
    "config.secrets_not_utf8": (
        "ไฟล์ secrets {path} ไม่ได้บันทึกเป็น UTF-8 (อาจเป็น Windows-874/ANSI) กรุณาบันทึกใหม่เป็น UTF-8 "
        "(ใน Notepad: บันทึกเป็น → การเข้ารหัส: UTF-8)"
    ),
    "config.secrets_missing": "ไม่พบไฟล์ secrets {path} (กำหนดโดย {setting})",
    "config.secrets_not_toml": "ไฟล์ secrets {path} ไม่ใช่ TOML ที่ถูกต้อง ({problem}) กรุณาเทียบกับ .streamlit/secrets.toml.example",
}
SHEETS_EN: dict[str, str] = {
    "gsheets.token_down": (
        "Google's token service is unavailable{code}; the service account could not sign in. "
        "The next refresh will try again."
    ),
    "gsheets.token_unreachable": (
        "Cannot reach the token endpoint {uri} ({table} token_uri): the network or Google is down. "
        "Showing the last good data if there is any."
    ),
    "gsheets.key_refused": (
        "Google refused the service account {email}: its key is not valid (deleted, rotated, or not this "
        "account's). Check {table} client_email, private_key_id and private_key, or create a new JSON "
        "key for the account and paste it into the secrets."
    ),
    "gsheets.account_refused": "Google refused the service account {email} ({code}). Check the {table} settings.",
    "gsheets.account_refused_plain": (
        "Google refused the service account {email} (token request failed). Check the {table} settings."
    ),
    "gsheets.api_disabled": (
        "The Google Sheets API is not enabled in the service account's Cloud project. Enable it "
        "(APIs & Services → Library → Google Sheets API → Enable), then wait a few minutes."
    ),
    "gsheets.not_shared": (
        "The spreadsheet for {stem} (key {sheet_key}) is not shared with the service account {email}. Open the "
        "spreadsheet, click Share, add {email} as a Viewer, and untick \"Notify people\"."
    ),
    "gsheets.no_spreadsheet": (
        "No spreadsheet with key {sheet_key} ([sheets] {stem}). Check the URL in the secrets: "
        "copy it again from the browser's address bar while the sheet is open."
    ),
    "gsheets.no_tab": (
        "The spreadsheet for {stem} (key {sheet_key}) has no tab '{tab}' ([sheets] {stem} tab). "
        "Correct the tab name, or remove it to read the first tab."
    ),
    "gsheets.refused": "Google Sheets refused the request for the spreadsheet for {stem} (key {sheet_key}): HTTP {status} {message}",
    "gsheets.quota": (
        "Google's read quota for the service account is used up (60 reads per minute) while reading "
        "the spreadsheet for {stem}. The next refresh will try again."
    ),
    "gsheets.quota_wait": (
        "Google's read quota for the service account is used up (60 reads per minute) while reading "
        "the spreadsheet for {stem}. Google asked to wait {seconds} s. The next refresh will try again."
    ),
    "gsheets.trouble": (
        "Google Sheets is having trouble (HTTP {status}) reading the spreadsheet for {stem}, even after retrying. "
        "The next refresh will try again."
    ),
    "gsheets.timeout": (
        "Google Sheets did not answer within {seconds} s while reading the spreadsheet for {stem}. "
        "The next refresh will try again."
    ),
    "gsheets.no_connection": (
        "Cannot connect to Google Sheets while reading the spreadsheet for {stem}: check the server's network connection."
    ),
    "gsheets.not_json": (
        "Google Sheets answered for {stem} with a page that is not JSON (a proxy, firewall or "
        "login page in between?). The next refresh will try again."
    ),
    "config.not_seconds": "{name}='{raw}' is not a number of seconds.",
    "config.below_minimum": "{name}={raw} is below the minimum of {minimum} seconds.",
    "config.secrets_not_utf8": (
        "Secrets file {path} is not UTF-8 text (saved as Windows-874/ANSI?). Save it again as UTF-8 "
        "(in Notepad: Save as → Encoding: UTF-8)."
    ),
    "config.secrets_missing": "Secrets file {path} (set by {setting}) does not exist.",
    "config.secrets_not_toml": "Secrets file {path} is not valid TOML ({problem}). Compare it with .streamlit/secrets.toml.example.",
}
TH.update(SHEETS_TH)
EN.update(SHEETS_EN)
# The PDF brief (dashboard.brief).
TH.update({
    "brief.title": 'สรุปผลการดำเนินงาน',
    "brief.country": 'ทั้งประเทศ',
    "brief.province": 'จังหวัด',
    "brief.as_of": 'ข้อมูล ณ วันที่',
    "brief.leaders": 'ผู้นำที่ลงทะเบียน',
    "brief.target": 'เป้าหมาย',
    "brief.tambons": 'ตำบลที่ขับเคลื่อน',
    "brief.kpi": 'ร้อยละตำบลที่ขับเคลื่อน',
    "brief.report": 'รายงาน',
    "brief.expected": 'ต้องส่ง',
    "brief.received": 'ได้รับ',
    "brief.on_time": 'ตรงเวลา',
    "brief.late": 'ส่งช้า',
    "brief.missing": 'ค้างส่ง',
    "brief.overdue_units": 'หน่วยที่ยังค้างส่ง',
    "brief.more": 'และอีก',
    "brief.source": 'แหล่งข้อมูล',
    "brief.pulled": 'ดึงข้อมูลเมื่อ',
    "brief.link": 'ดูบนแดชบอร์ด',
})
EN.update({
    "brief.title": 'Programme brief',
    "brief.country": 'Whole country',
    "brief.province": 'Province',
    "brief.as_of": 'Data as of',
    "brief.leaders": 'Leaders registered',
    "brief.target": 'target',
    "brief.tambons": 'Tambons driving',
    "brief.kpi": 'Tambons driving (%)',
    "brief.report": 'Report',
    "brief.expected": 'Expected',
    "brief.received": 'Received',
    "brief.on_time": 'On time',
    "brief.late": 'Late',
    "brief.missing": 'Overdue',
    "brief.overdue_units": 'Units still overdue',
    "brief.more": 'and more:',
    "brief.source": 'Source',
    "brief.pulled": 'Pulled at',
    "brief.link": 'Open on the dashboard',
})


def _merge_areas() -> None:
    """Add the areas' words (`dashboard.messages`); a key stated twice is a mistake."""
    from dashboard.messages import details, errors, notify

    for area in (errors, details, notify):
        for own, more in ((TH, area.TH), (EN, area.EN)):
            twice = set(own) & set(more)
            if twice:
                raise RuntimeError(f"catalogue keys stated twice: {sorted(twice)}")
            own.update(more)


_merge_areas()

CATALOGUES: dict[str, dict[str, str]] = {"th": TH, "en": EN}


def norm_lang(lang: str | None) -> str:
    """`th` unless English was asked for (`en`, `EN`, `en-US`)."""
    return "en" if str(lang or "").lower().startswith("en") else "th"


def t(key: str, lang: str | None = DEFAULT_LANG, **kw: Any) -> str:
    """The string for `key` in `lang`, formatted with `kw`.

    A key missing from the catalogue shows as itself rather than breaking the page; the unit
    tests keep both catalogues complete.
    """
    text = CATALOGUES[norm_lang(lang)].get(key)
    if text is None:
        text = TH.get(key, key)
    return text.format(**kw) if kw else text


def has(key: str) -> bool:
    return key in TH


# ---- labels for codes ----------------------------------------------------------------------


def _label(prefix: str, code: object, lang: str | None) -> str:
    if _missing(code):
        return DASH
    key = f"{prefix}.{code}"
    return t(key, lang) if key in TH else str(code)


def report_title(report: str, lang: str | None = DEFAULT_LANG, short: bool = False) -> str:
    return _label("report_short" if short else "report", report, lang)


def status_label(status: str, lang: str | None = DEFAULT_LANG) -> str:
    return _label("status", status, lang)


def grade_label(grade: str, lang: str | None = DEFAULT_LANG) -> str:
    return _label("grade", grade, lang)


def phase_label(phase: str, lang: str | None = DEFAULT_LANG) -> str:
    return _label("phase", phase, lang)


def reason_label(reason: str, lang: str | None = DEFAULT_LANG) -> str:
    return _label("reason", reason, lang)


def tambon_type_label(kind: str, lang: str | None = DEFAULT_LANG) -> str:
    return _label("tambon_type", kind, lang)


def row_status_label(status: str, lang: str | None = DEFAULT_LANG) -> str:
    return _label("row_status", status, lang)


def column_label(column: str, lang: str | None = DEFAULT_LANG) -> str:
    """Heading for a table column; a column without a catalogue entry keeps its name."""
    return _label("col", column, lang)


# ---- numbers -------------------------------------------------------------------------------


def _missing(value: object) -> bool:
    if value is None or value is pd.NA or value is pd.NaT:
        return True
    try:
        return bool(isinstance(value, float) and math.isnan(value))
    except TypeError:
        return False


def fmt_int(n: object) -> str:
    """`30000` -> `30,000`; blank -> `—`."""
    if _missing(n):
        return DASH
    return f"{int(round(float(n))):,}"


def fmt_num(x: object, digits: int = 1) -> str:
    """A decimal with separators, trailing zeros kept (`87.5`, `1,234.0`)."""
    if _missing(x):
        return DASH
    return f"{float(x):,.{digits}f}"


def fmt_pct(x: object, digits: int = 1) -> str:
    """A percentage given on the 0–100 scale: `41.23` -> `41.2%`."""
    if _missing(x):
        return DASH
    return f"{float(x):,.{digits}f}%"


def pct(value: object, total: object) -> float | None:
    """value ÷ total × 100, or None when there is nothing to divide by."""
    if _missing(value) or _missing(total) or float(total) == 0:
        return None
    return float(value) / float(total) * 100


# ---- dates ---------------------------------------------------------------------------------


def _as_datetime(value: object, tz: ZoneInfo) -> datetime | date | None:
    if _missing(value):
        return None
    if isinstance(value, str):
        value = pd.Timestamp(value)
    if isinstance(value, pd.Timestamp):
        if pd.isna(value):
            return None
        value = value.to_pydatetime()
    if isinstance(value, datetime):
        return value.astimezone(tz) if value.tzinfo else value
    if isinstance(value, date):
        return value
    raise TypeError(f"not a date: {value!r}")


def thai_date(d: object, lang: str | None = DEFAULT_LANG, tz: ZoneInfo = BANGKOK) -> str:
    """`8 ส.ค. 2564` in Thai (Buddhist Era), `8 Aug 2021` in English; blank -> `—`.

    A time-zone-aware timestamp is first read in Thailand time, so 2021-08-07T20:00Z is 8 ส.ค.
    """
    value = _as_datetime(d, tz)
    if value is None:
        return DASH
    if norm_lang(lang) == "th":
        return f"{value.day} {TH_MONTHS[value.month - 1]} {value.year + 543}"
    return f"{value.day} {EN_MONTHS[value.month - 1]} {value.year}"


def thai_datetime(d: object, lang: str | None = DEFAULT_LANG, tz: ZoneInfo = BANGKOK) -> str:
    """`8 ส.ค. 2564 14:03 น.` in Thai, `8 Aug 2021 14:03` in English (Thailand time)."""
    value = _as_datetime(d, tz)
    if value is None:
        return DASH
    day = thai_date(value, lang, tz)
    if not isinstance(value, datetime):
        return day
    clock = f"{value.hour:02d}:{value.minute:02d}"
    return f"{day} {clock} น." if norm_lang(lang) == "th" else f"{day} {clock}"
