"""Catalogue words: see `dashboard.messages`.

The pushed summaries (`summary.line_summary`, the `notify` digest and its e-mail subject) and what
`notify` says about a broken `[notify]`. The Thai words are what LINE groups and inboxes receive:
change them only on purpose. Figures are formatted in the templates (`{n:,}`, `{pct:.1f}`), so
both languages write them the same way.
"""

from __future__ import annotations

TH: dict[str, str] = {
    # ---- how the summaries name a report (its id first: alerts and tests read it)
    "notify.report.1.1": "1.1 ผู้นำการเปลี่ยนแปลง",
    "notify.report.2.1": "2.1 ก่อนเริ่มดำเนินการ",
    "notify.report.2.2": "2.2 ผลการดำเนินงาน",
    "notify.report.3": "3 สื่อประชาสัมพันธ์ (จังหวัด×ระยะ)",
    "notify.report.4": "4 ประเมินอำเภอ",
    # ---- the figures (summary.figure_lines)
    "notify.title": "📊 บ้านพี่เมืองน้อง — {where} ข้อมูล ณ {day}",
    "notify.where.country": "ทั้งประเทศ",
    "notify.where.provinces": "จังหวัด{names}",
    "notify.leaders": "ผู้นำการเปลี่ยนแปลง {registered:,} / {target:,} คน ({share}) พี่ {older:,} น้อง {younger:,}",
    "notify.tambons": "ตำบลที่มีรายงาน {engaged:,} / {target:,} ตำบล; ผู้นำครบ {per_tambon} คน {full:,} ตำบล",
    "notify.kpi": "ผู้นำขับเคลื่อนงานได้ {kpi:.1f}% (เป้า ≥ {target:g}%) {mark}",
    "notify.kpi_none": "ผู้นำขับเคลื่อนงานได้: ยังไม่มีรายงาน {report}",
    "notify.reports_heading": "การส่งรายงาน (ส่งแล้ว/ทั้งหมด · ตรงเวลา · ยังไม่ส่ง):",
    "notify.report_line": "• {name}: {received:,}/{expected:,} ({share}) · ตรงเวลา {on_time:,} · ยังไม่ส่ง {missing:,}",
    "notify.overdue": "⏰ เลยกำหนดแล้วยังไม่ส่ง: {items}",
    "notify.overdue_item": "{report} {n:,} หน่วย",
    "notify.to_fix": "⚠️ แถวที่ต้องแก้ไขที่ต้นทาง {n:,} แถว (ดูหน้า ข้อมูล)",
    # ---- the digest (notify.compose)
    "notify.subject": "สรุปความก้าวหน้าโครงการบ้านพี่เมืองน้อง {where} ข้อมูล ณ {day}",
    "notify.stale": "⚠️ อ่าน Google Sheets ไม่ได้ ตัวเลขนี้มาจากข้อมูลล่าสุดที่ดึงได้{pulled}",
    "notify.stale_pulled": " ดึงเมื่อ {when}",
    "notify.forecast_heading": "คาดการณ์วันส่งครบ (จากอัตราส่ง {days} วันล่าสุด):",
    "notify.forecast.complete": "• {report}: ✅ ครบแล้ว",
    "notify.forecast.not_started": "• {report}: ยังไม่มีหน่วยส่ง (กำหนด {deadline})",
    "notify.forecast.stalled": "• {report}: ไม่มีหน่วยส่งใหม่ใน {days} วัน ประเมินวันครบไม่ได้ ⚠️",
    "notify.forecast.projected": "• {report}: วันละ {pace:.1f} หน่วย → ครบราว {when} (ช่วง {low} – {high}) {mark}",
    "notify.forecast.projected_open": "• {report}: วันละ {pace:.1f} หน่วย → ครบราว {when} (ช่วง {low} ขึ้นไป) {mark}",
    "notify.forecast.late": "⚠️ หลังกำหนด",
    "notify.forecast.on_time": "✅ ทันกำหนด",
    "notify.changes.first": "เปลี่ยนแปลงจากสรุปครั้งก่อน: นี่คือสรุปครั้งแรก",
    "notify.changes.heading": "เปลี่ยนแปลงจากสรุปครั้งก่อน:",
    "notify.changes.none": "เปลี่ยนแปลงจากสรุปครั้งก่อน: ไม่มี",
    "notify.changes.report_up": "• {report} ส่งเพิ่ม {d:+,} หน่วย",
    "notify.changes.report_down": "• {report} ส่งลดลง {d:+,} หน่วย",
    "notify.changes.leaders": "• ผู้นำที่ลงทะเบียน {d:+,} คน",
    "notify.changes.engaged": "• ตำบลที่มีรายงาน {d:+,} ตำบล",
    "notify.alerts_heading": "🚨 แจ้งเตือน:",
    "notify.alerts_repeated": "(แจ้งเตือนเดิม {n} รายการส่งแล้วภายใน {hours} ชั่วโมง)",
    "notify.link": "🔗 ดูรายละเอียด: {link}",
    # ---- alerts (programme.toml's [alerts])
    "notify.alert.below_share": (
        "⚠️ แบบ {report} ส่งแล้ว {share:.1f}% ต่ำกว่า {below:g}% อีก {days} วันถึงกำหนด {deadline}"
        " (ยังไม่ส่ง {missing:,} หน่วย)"
    ),
    "notify.alert.overdue": "⏰ แบบ {report} เลยกำหนด {deadline} แล้ว ยังไม่ส่ง {missing:,} หน่วย",
    "notify.alert.forecast_late": "📉 แบบ {report} ตามอัตราปัจจุบันคาดว่าจะครบ {when} หลังกำหนด {deadline}",
    "notify.alert.no_recent": "📉 แบบ {report} ไม่มีรายงานใหม่ใน {days} วันล่าสุด อาจไม่ครบภายในกำหนด {deadline}",
    # ---- recipients and the secrets' [notify]
    "notify.recipient.line": "กลุ่ม LINE {to}",
    "notify.recipient.email": "อีเมล {to}",
    "notify.no_notify": "ไม่มี [notify] ในไฟล์ secrets ให้เพิ่มตามคู่มือ docs/notify.md",
    "notify.no_recipients": "[notify] ยังไม่มีผู้รับ ([[notify.line]] หรือ [[notify.email]])",
    "notify.no_group_id": "{where}: ไม่มี group_id",
    "notify.provinces_not_list": "{where}: provinces ต้องเป็นรายการ",
    "notify.unknown_province": "{where}: ไม่รู้จักจังหวัด '{province}' ให้ระบุรหัส 2 หลักหรือชื่อจังหวัด",
    "notify.bad_addresses": "{where}: to ต้องเป็นรายการอีเมล",
    "notify.no_smtp": "{who}: ไม่มี [notify.smtp]",
    "notify.state_unreadable": "อ่านไฟล์ {path} ไม่ได้ เริ่มบันทึกสถานะการแจ้งเตือนใหม่",
}

EN: dict[str, str] = {
    "notify.report.1.1": "1.1 Change leaders",
    "notify.report.2.1": "2.1 Before work starts",
    "notify.report.2.2": "2.2 Results",
    "notify.report.3": "3 Publicity clips (province × phase)",
    "notify.report.4": "4 District rating",
    "notify.title": "📊 Ban Phi Mueang Nong — {where}, as of {day}",
    "notify.where.country": "whole country",
    "notify.where.provinces": "{names}",
    "notify.leaders": "Change leaders {registered:,} / {target:,} ({share}): older {older:,}, younger {younger:,}",
    "notify.tambons": "Tambons reporting {engaged:,} / {target:,}; with {per_tambon} leaders {full:,} tambons",
    "notify.kpi": "Leaders who can drive the work {kpi:.1f}% (target ≥ {target:g}%) {mark}",
    "notify.kpi_none": "Leaders who can drive the work: no report {report} yet",
    "notify.reports_heading": "Reports (received/expected · on time · missing):",
    "notify.report_line": "• {name}: {received:,}/{expected:,} ({share}) · on time {on_time:,} · missing {missing:,}",
    "notify.overdue": "⏰ Past the deadline, not yet sent: {items}",
    "notify.overdue_item": "{report} {n:,} units",
    "notify.to_fix": "⚠️ {n:,} rows to fix at source (see the Data page)",
    "notify.subject": "Ban Phi Mueang Nong progress: {where}, as of {day}",
    "notify.stale": "⚠️ Google Sheets could not be read: these figures are the last good pull's{pulled}",
    "notify.stale_pulled": " (pulled {when})",
    "notify.forecast_heading": "When each report will be complete (at the pace of the last {days} days):",
    "notify.forecast.complete": "• {report}: ✅ complete",
    "notify.forecast.not_started": "• {report}: nothing received yet (deadline {deadline})",
    "notify.forecast.stalled": "• {report}: nothing new in {days} days, no completion date can be projected ⚠️",
    "notify.forecast.projected": "• {report}: {pace:.1f} units a day → complete about {when} (between {low} and {high}) {mark}",
    "notify.forecast.projected_open": "• {report}: {pace:.1f} units a day → complete about {when} ({low} or later) {mark}",
    "notify.forecast.late": "⚠️ after the deadline",
    "notify.forecast.on_time": "✅ in time",
    "notify.changes.first": "Since the last summary: this is the first one",
    "notify.changes.heading": "Since the last summary:",
    "notify.changes.none": "Since the last summary: no change",
    "notify.changes.report_up": "• {report} received {d:+,} units more",
    "notify.changes.report_down": "• {report} received {d:+,} units fewer",
    "notify.changes.leaders": "• Leaders registered {d:+,}",
    "notify.changes.engaged": "• Tambons reporting {d:+,}",
    "notify.alerts_heading": "🚨 Alerts:",
    "notify.alerts_repeated": "({n} earlier alerts were already sent within {hours} hours)",
    "notify.link": "🔗 Details: {link}",
    "notify.alert.below_share": (
        "⚠️ Form {report} is at {share:.1f}%, below {below:g}%, {days} days before its deadline {deadline}"
        " ({missing:,} units missing)"
    ),
    "notify.alert.overdue": "⏰ Form {report} is past its deadline {deadline}: {missing:,} units missing",
    "notify.alert.forecast_late": "📉 Form {report} at the current pace will be complete {when}, after its deadline {deadline}",
    "notify.alert.no_recent": "📉 Form {report} has had no new report in the last {days} days and may miss its deadline {deadline}",
    "notify.recipient.line": "LINE group {to}",
    "notify.recipient.email": "email {to}",
    "notify.no_notify": "No [notify] in the secrets: add it with [[notify.line]] or [[notify.email]] entries (docs/notify.md).",
    "notify.no_recipients": "[notify] has no [[notify.line]] or [[notify.email]] entry: nobody to send to.",
    "notify.no_group_id": "{where}: no group_id",
    "notify.provinces_not_list": '{where}: provinces must be a list, e.g. ["all"] or ["43"]',
    "notify.unknown_province": "{where}: unknown province '{province}'. Give a 2-digit code (43) or a name (หนองคาย).",
    "notify.bad_addresses": '{where}: to must list e-mail addresses, e.g. ["head43@example.go.th"]',
    "notify.no_smtp": "{who}: no [notify.smtp] in the secrets",
    "notify.state_unreadable": "{path} is unreadable; starting a new notify state",
}
