"""Catalogue words: see `dashboard.messages`.

What a failed read, setting, command or request says, raised as `DashboardError.from_key(key,
**values)`. Keys are grouped by the module that raises them.
"""

from __future__ import annotations

TH: dict[str, str] = {
    # errors.py
    "sheet.missing_column": (
        "ชีต '{sheet}' ไม่มีคอลัมน์ {columns} กรุณาแก้ชื่อคำถามในฟอร์มให้ตรง หรือแก้ชื่อหัวคอลัมน์ใน data/programme.toml"
    ),
    # config.py
    "config.day_unreadable": "'{text}' ไม่ใช่วันที่ ให้เขียนแบบ ปปปป-ดด-วว เช่น 2564-08-08 หรือ 2021-08-08",
    "config.day_outside": "'{text}' อยู่นอกช่วงวันที่ที่นับได้ ({low} ถึง {high})",
    "config.mapping_missing": "ไม่พบไฟล์จับคู่หัวคอลัมน์ {path}",
    "config.mapping_not_toml": "ไฟล์จับคู่ {path} ไม่ใช่ TOML ที่ถูกต้อง: {problem}",
    "config.mapping_entry": (
        "ไฟล์จับคู่ {path} รายการที่ {entry}: ต้องระบุแหล่งข้อมูล หัวคอลัมน์ และช่องของแหล่งข้อมูลนั้น "
        "(ได้ '{source}', '{field}')"
    ),
    "config.config_missing": "ไม่พบไฟล์ตั้งค่า {path}",
    "config.secrets_unreadable": "อ่านไฟล์ secrets {path} ไม่ได้ ({reason})",
    # access.py: a role row, named by its table and row number
    "access.email_and_domain": "{where} แถว {row}: ระบุอีเมลหรือโดเมนอย่างใดอย่างหนึ่ง ไม่ใช่ทั้งสอง",
    "access.not_plain": "{where} แถว {row}: '{address}' ไม่ใช่อีเมลหรือโดเมนแบบอักษรละติน",
    "access.no_address": "{where} แถว {row}: ต้องระบุอีเมลหรือโดเมน",
    "access.unknown_role": "{where} แถว {row}: บทบาท '{role}' ต้องเป็น {roles}",
    "access.all_and_named": "{where} แถว {row}: '{all}' (ทุกจังหวัด) ใช้ร่วมกับชื่อจังหวัดไม่ได้",
    "access.national_named": "{where} แถว {row}: บทบาท '{role}' เห็นทุกจังหวัด ให้เว้นช่องจังหวัดว่าง (หรือ '{all}')",
    "access.unknown_province": "{where} แถว {row}: ไม่รู้จักจังหวัด '{name}'",
    "access.no_province": "{where} แถว {row}: บทบาท '{role}' ต้องระบุจังหวัดอย่างน้อยหนึ่งจังหวัด",
    "access.email_twice": "{where} แถว {row}: อีเมล '{value}' ซ้ำกับ {first_where} แถว {first_row} ให้เหลือแถวเดียว",
    "access.domain_twice": "{where} แถว {row}: โดเมน '{value}' ซ้ำกับ {first_where} แถว {first_row} ให้เหลือแถวเดียว",
    # cli.py (errors, and the warnings it prints)
    "cli.province_empty": "--province ว่างอยู่ ให้ระบุชื่อจังหวัดหรือรหัส 2 หลัก หรือไม่ใส่ --province เพื่อดูทั้งประเทศ",
    "cli.missing_column": "ชีต '{sheet}' ไม่มีคอลัมน์ '{header}' ตัวเลขที่ต้องใช้คอลัมน์นี้เป็น null",
    "cli.unknown_province": "ไม่รู้จักจังหวัด '{province}' ให้ระบุชื่อจังหวัดหรือรหัส 2 หลัก",
    "cli.unknown_table": "ไม่รู้จักตาราง '{table}'",
    "cli.cannot_write": "เขียนไฟล์ {path} ไม่ได้ ({reason}) จึงไม่ได้ส่งออกและไม่ได้บันทึกการดาวน์โหลด",
    "cli.torn_lines": "ข้ามบรรทัดที่อ่านไม่ได้ {count} บรรทัดใน {path}",
    "cli.file_error": "อ่านหรือเขียนไฟล์ไม่ได้: {path} ({reason})",
    # geo.py
    "geo.failed_recently": "โหลดไฟล์ขอบเขต {name} ไม่ได้ (ดาวน์โหลดจาก {url} ไม่สำเร็จเมื่อไม่นานมานี้)",
    "geo.failed_recently_folder": (
        "โหลดไฟล์ขอบเขต {name} ไม่ได้ (ไม่พบ {path} และดาวน์โหลดจาก {url} ไม่สำเร็จเมื่อไม่นานมานี้)"
    ),
    "geo.download_failed": "โหลดไฟล์ขอบเขต {name} ไม่ได้ (ดาวน์โหลดจาก {url} ไม่สำเร็จ: {kind})",
    "geo.download_failed_folder": "โหลดไฟล์ขอบเขต {name} ไม่ได้ (ไม่พบ {path} และดาวน์โหลดจาก {url} ไม่สำเร็จ: {kind})",
    "geo.unreadable": "อ่านไฟล์ขอบเขต {path} ไม่ได้ ({problem})",
    # audit.py
    "audit.log_not_writable": (
        "เขียนบันทึกการดาวน์โหลด {path} ไม่ได้ เพราะไม่มีสิทธิ์เขียนในโฟลเดอร์ {folder} "
        "ให้เปิดสิทธิ์เขียน หรือกำหนด {setting} เป็นโฟลเดอร์ที่เขียนได้"
    ),
    "audit.store_silent": "อ่านบันทึกการดาวน์โหลดที่ใช้ร่วมกันไม่ได้ เพราะที่เก็บข้อมูล {store} ไม่ตอบ",
    # fixing.py
    "fixing.sign_in": "กรุณาเข้าสู่ระบบก่อนแก้ไขแถว",
    "fixing.demo": "แก้ไขข้อมูลตัวอย่างไม่ได้ กรุณาเชื่อมต่อ Google Sheets หรือโฟลเดอร์ไฟล์ CSV",
    # downloads.py
    "downloads.access_withdrawn": "สิทธิ์ของท่านเปลี่ยนไปหลังจากเปิดหน้านี้ กรุณาโหลดหน้าใหม่",
    # pipeline.py
    "pipeline.outside_scope": "บัญชีนี้ดูได้เฉพาะจังหวัด{allowed} จึงไม่แสดงข้อมูลจังหวัด{province}",
    "pipeline.district_elsewhere": "อำเภอรหัส {district} ไม่อยู่ในจังหวัด{province} กรุณาเลือกอำเภอของจังหวัดนั้น",
    # loader.py: the notices above the pages
    "loader.stale_detail": "แสดงข้อมูลที่ดึงได้ล่าสุดเมื่อ {stamp} (เวลาประเทศไทย) เพราะดึงข้อมูลใหม่ไม่สำเร็จ — {reason}",
    "loader.demo": "ยังไม่ได้เชื่อมต่อ Google Sheets จึงแสดงข้อมูลตัวอย่าง (ดู docs/google-sheets.md เพื่อตั้งค่า)",
}
EN: dict[str, str] = {
    # errors.py
    "sheet.missing_column": (
        "Sheet '{sheet}' has no column {columns}. Restore the question title in the form, "
        "or update the header in data/programme.toml."
    ),
    # config.py
    "config.day_unreadable": (
        "'{text}' is not a day: write YYYY-MM-DD, e.g. 2021-08-08 (a Buddhist-Era year such as 2564-08-08 is "
        "read as the same day)."
    ),
    "config.day_outside": "'{text}' is outside the days that can be counted ({low} to {high}).",
    "config.mapping_missing": "Mapping file {path} not found.",
    "config.mapping_not_toml": "mapping file {path} is not valid TOML: {problem}",
    "config.mapping_entry": (
        "mapping file {path}, entry {entry}: needs a known source, a header and one of that source's fields "
        "(got source '{source}', field '{field}')."
    ),
    "config.config_missing": "configuration file {path} not found",
    "config.secrets_unreadable": "Cannot read secrets file {path}: {reason}.",
    # access.py
    "access.email_and_domain": "{where}, row {row}: give an email or a domain, not both.",
    "access.not_plain": "{where}, row {row}: '{address}' is not a plain address (letters a-z, digits, . - _ @ only).",
    "access.no_address": "{where}, row {row}: give an email or a domain.",
    "access.unknown_role": "{where}, row {row}: role '{role}' is not one of {roles}.",
    "access.all_and_named": "{where}, row {row}: '{all}' (every province) cannot be mixed with named provinces.",
    "access.national_named": "{where}, row {row}: role '{role}' sees every province: leave provinces blank (or '{all}').",
    "access.unknown_province": "{where}, row {row}: unknown province '{name}'.",
    "access.no_province": "{where}, row {row}: role '{role}' needs at least one province.",
    "access.email_twice": "{where}, row {row}: email '{value}' is already given in {first_where}, row {first_row}; keep one row.",
    "access.domain_twice": "{where}, row {row}: domain '{value}' is already given in {first_where}, row {first_row}; keep one row.",
    # cli.py
    "cli.province_empty": (
        "--province is empty. Give a province name or 2-digit code, or leave --province out for the whole country."
    ),
    "cli.missing_column": "sheet '{sheet}' has no column '{header}'; the figures that need it are null",
    "cli.unknown_province": "Unknown province '{province}'. Give a name (หนองคาย, Nong Khai) or a 2-digit code (43).",
    "cli.unknown_table": (
        "Unknown table '{table}'. Use register, 1.1, 2.1, 2.2, 3, 4, quarantine, missing-<report>, clips, "
        "clips-over, corrections or to-fix."
    ),
    "cli.cannot_write": "Could not write {path}: {reason}. Nothing was exported or logged.",
    "cli.torn_lines": "{count} unreadable line(s) in {path} skipped (a write cut short)",
    "cli.file_error": "Cannot read or write a file: {path} ({reason})",
    # geo.py
    "geo.failed_recently": "Boundary file {name} unavailable: download from {url} failed recently.",
    "geo.failed_recently_folder": (
        "Boundary file {name} unavailable: {path} not found; download from {url} failed recently."
    ),
    "geo.download_failed": "Boundary file {name} unavailable: download from {url} failed ({kind}).",
    "geo.download_failed_folder": "Boundary file {name} unavailable: {path} not found; download from {url} failed ({kind}).",
    "geo.unreadable": "Boundary file {path} could not be read: {problem}",
    # audit.py
    "audit.log_not_writable": (
        "The download log {path} cannot be written: no permission in {folder}. Make that folder "
        "writable or set {setting} to a folder that is; the download was not logged."
    ),
    "audit.store_silent": "The shared download log cannot be read: the store {store} does not answer.",
    # fixing.py
    "fixing.sign_in": "Sign in to correct rows.",
    "fixing.demo": "The demo data cannot be corrected: connect Google Sheets or a folder of CSV files.",
    # downloads.py
    "downloads.access_withdrawn": "Your access has changed since this page was drawn: reload the page.",
    # pipeline.py
    "pipeline.outside_scope": "You may see only {allowed}: {province} is outside your scope.",
    "pipeline.district_elsewhere": "District {district} is not in {province}: choose a district of that province.",
    # loader.py
    "loader.stale_detail": "Showing the data pulled at {stamp} (Bangkok time): the latest pull failed — {reason}",
    "loader.demo": "Google Sheets are not configured: showing demo data (see docs/google-sheets.md to set them up).",
}
