"""A short Thai summary a provincial office can paste into a LINE group."""

from __future__ import annotations

from datetime import date, datetime

from dashboard import metrics
from dashboard.config import REPORT_IDS
from dashboard.normalize.places import gazetteer
from dashboard.pipeline import View

THAI_MONTHS = ("ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.", "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค.")
REPORT_NAMES = {
    "1.1": "1.1 ผู้นำการเปลี่ยนแปลง",
    "2.1": "2.1 ก่อนเริ่มดำเนินการ",
    "2.2": "2.2 ผลการดำเนินงาน",
    "3": "3 สื่อประชาสัมพันธ์ (จังหวัด×ระยะ)",
    "4": "4 ประเมินอำเภอ",
}


def thai_day(d: date) -> str:
    return f"{d.day} {THAI_MONTHS[d.month - 1]} {d.year + 543}"


def _pct(n: int, d: int) -> str:
    return f"{n / d * 100:.1f}%" if d else "–"


def figure_lines(view: View, report: dict, *, blank: bool = True) -> list[str]:
    """The figures of `report` as the LINE summary and the digest give them: leaders, tambons, the
    75 % KPI, each report's units (`blank`: an empty line before the reports)."""
    L, T = report["leaders"], report["tambons"]
    lines = [
        f"ผู้นำการเปลี่ยนแปลง {L['registered']:,} / {L['target']:,} คน ({_pct(L['registered'], L['target'])})"
        f" พี่ {L['older']:,} น้อง {L['younger']:,}",
        f"ตำบลที่มีรายงาน {T['engaged']:,} / {T['target']:,} ตำบล; ผู้นำครบ 15 คน {T['full_leaders']:,} ตำบล",
    ]
    kpi = report["kpi_driving_pct"]
    target_kpi = view.cfg.targets.get("kpi_driving_pct", 75)
    if kpi is None:
        lines.append("ผู้นำขับเคลื่อนงานได้: ยังไม่มีรายงาน 2.2")
    else:
        mark = "✅" if kpi >= target_kpi else "⚠️"
        lines.append(f"ผู้นำขับเคลื่อนงานได้ {kpi:.1f}% (เป้า ≥ {target_kpi:g}%) {mark}")
    if blank:
        lines.append("")
    lines.append("การส่งรายงาน (ส่งแล้ว/ทั้งหมด · ตรงเวลา · ยังไม่ส่ง):")
    for r in REPORT_IDS:
        c = report["reports"][r]
        lines.append(
            f"• {REPORT_NAMES[r]}: {c['received']:,}/{c['expected']:,} ({_pct(c['received'], c['expected'])})"
            f" · ตรงเวลา {c['on_time']:,} · ยังไม่ส่ง {c['missing']:,}"
        )
    return lines


def line_summary(view: View, report: dict, now: datetime) -> str:
    gaz = gazetteer(view.cfg)
    where = f"จังหวัด{gaz.province_names[view.province]}" if view.province else "ทั้งประเทศ"
    as_of = thai_day(view.as_of) if view.as_of else thai_day(now.date())
    lines = [f"📊 บ้านพี่เมืองน้อง — {where} ข้อมูล ณ {as_of}", *figure_lines(view, report, blank=False)]
    late = metrics.overdue(view, now if not view.as_of else datetime.combine(view.as_of, datetime.min.time()))
    if late:
        lines.append("⏰ เลยกำหนดแล้วยังไม่ส่ง: " + ", ".join(f"{REPORT_NAMES[r].split()[0]} {n:,} หน่วย" for r, n in late))
    q = sum(report["issues"].values())
    if q:
        lines.append(f"⚠️ แถวที่ต้องแก้ไขที่ต้นทาง {q:,} แถว (ดูหน้า ข้อมูล)")
    return "\n".join(lines)
