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
    # sources/sheet_targets.py: the [sheets] and service-account settings
    "sheets.not_configured": (
        "ยังไม่ได้ตั้งค่า Google Sheets: เพิ่มตาราง [sheets] ที่มี URL ของสเปรดชีตของแต่ละแหล่ง "
        "({stems}) ใน .streamlit/secrets.toml หรือไฟล์ที่ {setting} ระบุ"
    ),
    "sheets.users_shared": "[sheets] users อยู่ในสเปรดชีตเดียวกับแบบรายงาน กรุณาระบุชื่อแท็บ เช่น {example}",
    "sheets.no_entry": "ไม่มีรายการ {stems}",
    "sheets.not_a_sheet": "{stems} ไม่ใช่ URL หรือคีย์ของสเปรดชีต",
    "sheets.and": " และ ",
    "sheets.unknown_entries": " (รายการที่ไม่มีแหล่งข้อมูลใช้: {names})",
    "sheets.entries_wrong": (
        "ตาราง [sheets] ในไฟล์ secrets {problems}{hint} แต่ละแหล่งต้องมี URL ของสเปรดชีตตามที่เบราว์เซอร์แสดง"
    ),
    "sheets.no_account": (
        "ไม่พบบัญชีบริการ: ไฟล์ secrets ไม่มีตาราง {table} กรุณาวางค่าจากไฟล์คีย์ JSON "
        "ของบัญชีบริการ (ดู docs/google-sheets.md)"
    ),
    "sheets.account_lacks": "การตั้งค่าบัญชีบริการขาด {names} กรุณาคัดลอกจากไฟล์คีย์ JSON ของบัญชีบริการ",
    "sheets.key_not_pem": (
        'อ่าน {table} private_key เป็นคีย์ส่วนตัวแบบ PEM ไม่ได้ กรุณาวางค่า "private_key" '
        "จากไฟล์คีย์ JSON ทั้งหมด ตั้งแต่ -----BEGIN PRIVATE KEY----- ถึง -----END PRIVATE KEY-----"
    ),
    # sources/sheet_messages.py, gsheets.py, sheet_transport.py (the rest of gsheets.* is in i18n.py)
    "gsheets.no_scope": (
        "โทเค็นของบัญชีบริการไม่มีสิทธิ์อ่าน Sheets สำหรับสเปรดชีตของ {stem} (คีย์ {sheet_key}) ({message})"
    ),
    "gsheets.token_refused": (
        "Google ไม่ยอมรับโทเค็นของบัญชีบริการสำหรับสเปรดชีตของ {stem} (คีย์ {sheet_key}) ({message}) "
        "กรุณาตรวจการตั้งค่า {table} หากเปลี่ยนคีย์ใหม่ ให้วางคีย์ JSON ใหม่"
    ),
    "gsheets.no_tabs": "สเปรดชีต {sheet_key} ไม่มีแท็บ",
    "gsheets.odd_shape": (
        "Google Sheets ตอบกลับสำหรับ {stem} (สเปรดชีต {sheet_key}) ในรูปแบบที่ไม่คาดคิด กรุณาลองใหม่ภายหลัง"
    ),
    "gsheets.endpoint_not_url": "{setting}='{value}' ไม่ใช่ URL แบบ http(s) เช่น http://127.0.0.1:8085",
    "gsheets.cannot_sign": (
        "บัญชีบริการใน {table} ลงนามคำขอโทเค็นไม่ได้ ({kind}) กรุณาสร้างคีย์ JSON ใหม่แล้ววางในไฟล์ secrets"
    ),
    # sources/sheets_append.py: saving a correction
    "append.no_spreadsheet": (
        'ยังไม่ได้ตั้งค่าสเปรดชีตการแก้ไข: เพิ่ม corrections = "<URL>" ในตาราง [sheets] (ดู docs/google-sheets.md)'
    ),
    "append.unreachable": "ติดต่อ Google Sheets เพื่อบันทึกการแก้ไขไม่ได้ ({kind}) กรุณาลองใหม่",
    "append.not_editor": (
        "บัญชีบริการ {email} แก้ไขสเปรดชีตการแก้ไข {sheet_key} ไม่ได้ กรุณาแชร์สเปรดชีตนี้ (เฉพาะสเปรดชีตนี้) "
        "ให้บัญชีนั้นในสิทธิ์ผู้แก้ไข (Editor)"
    ),
    "append.not_found": "ไม่พบสเปรดชีตการแก้ไข {sheet_key} (หรือแท็บของมัน)",
    "append.refused": "Google Sheets ตอบกลับ HTTP {status} เมื่อบันทึกการแก้ไข กรุณาลองใหม่",
    # sources/local.py: a folder of CSV files or a workbook
    "local.empty_sheet": "ชีต '{sheet}' ว่างเปล่า ไม่มีแถวหัวคอลัมน์",
    "local.empty_file": "ชีต '{sheet}' ({file}) ว่างเปล่า ไม่มีแถวหัวคอลัมน์",
    "local.not_text": (
        "อ่านไฟล์ {path} ไม่ได้: ไบต์ที่ {byte} ไม่ใช่ข้อความ {tried} กรุณาบันทึกเป็น CSV (UTF-8) "
        "ใหม่ หรือดาวน์โหลดจาก Google Sheets (ไฟล์ → ดาวน์โหลด → CSV)"
    ),
    "local.unreadable": "อ่านไฟล์ {path} ไม่ได้ ({reason})",
    "local.bad_line": (
        "อ่านไฟล์ {path} บรรทัดที่ {line} ไม่ได้: {what} กรุณาแก้บรรทัดนั้น หรือดาวน์โหลดใหม่จาก "
        "Google Sheets (ไฟล์ → ดาวน์โหลด → CSV)"
    ),
    "local.unclosed_quote": 'มีเครื่องหมายคำพูด (") เปิดไว้แต่ไม่ได้ปิด',
    "local.misplaced_quote": 'เครื่องหมายคำพูด (") เปิดหรือปิดผิดที่',
    "local.not_csv": "อ่านบรรทัดนี้เป็น CSV ไม่ได้ ({problem})",
    "local.extra_cells": "แถวนี้มี {cells} ช่อง แต่หัวคอลัมน์มี {width} ช่อง",
    "local.not_workbook": "เปิดไฟล์ {path} เป็นสมุดงาน Excel ไม่ได้ ({kind})",
    "local.no_tab": "สมุดงาน {book} ไม่มีแท็บ '{stem}' ({title}) แท็บที่มี: {tabs}",
    "local.not_found": "ไม่พบแหล่งข้อมูล {path}",
    "local.no_file": "โฟลเดอร์ {path} ไม่มีไฟล์ {file} ({title})",
    "local.not_a_source": "แหล่งข้อมูล {path} ไม่ใช่โฟลเดอร์ไฟล์ CSV หรือไฟล์ .xlsx",
    # delivery.py: a LINE push or an e-mail to one recipient ({who})
    "delivery.no_token": "{who}: ไม่มี channel access token ของ LINE ให้ใส่ใน [notify] line_channel_token",
    "delivery.line_400": "{who}: HTTP {status}: LINE ไม่รับข้อความ ({detail}): ตรวจ group_id และต้องเชิญบอตเข้ากลุ่มก่อน",
    "delivery.line_401": (
        "{who}: HTTP {status}: LINE ไม่รับ channel access token ({detail}): ออกโทเค็นใหม่ที่ LINE Developers "
        "แล้วใส่ใน [notify] line_channel_token"
    ),
    "delivery.line_403": "{who}: HTTP {status}: LINE ไม่อนุญาตให้ส่งข้อความนี้ ({detail}): ตรวจแผนบริการและสิทธิ์ของช่องทาง",
    "delivery.line_refused": "{who}: LINE ตอบ HTTP {status} ({detail})",
    "delivery.unreachable": "ติดต่อ LINE ไม่ได้ ({kind})",
    "delivery.line_answered": "LINE ตอบ HTTP {status} ({detail})",
    "delivery.gave_up": "{who}: ส่งไม่สำเร็จหลังลอง {tries} ครั้ง ({problem}) ให้ลองใหม่ภายหลัง",
    "delivery.no_host": "{who}: ไม่มี host ใน [notify.smtp]",
    "delivery.plain_not_loopback": "{who}: ปิด starttls ได้เฉพาะเซิร์ฟเวอร์ในเครื่อง (loopback) เท่านั้น ไม่ใช่ {host}",
    "delivery.no_sender": "{who}: ไม่มี sender ใน [notify.smtp]",
    "delivery.login_refused": "{who}: เซิร์ฟเวอร์อีเมลไม่รับ user/password ใน [notify.smtp] ({code})",
    "delivery.no_starttls": "{who}: {host}:{port} ไม่รองรับ STARTTLS ให้ใช้พอร์ต 587 ของเซิร์ฟเวอร์",
    "delivery.tls_failed": "{who}: เชื่อมต่อ TLS กับ {host}:{port} ไม่สำเร็จ ({reason})",
    "delivery.send_failed": "{who}: ส่งอีเมลผ่าน {host}:{port} ไม่สำเร็จ ({kind}: {problem})",
    # config.py: data/programme.toml itself
    "config.not_a_date": "{where}: '{value}' ไม่ใช่วันที่แบบ YYYY-MM-DD",
    "config.config_not_toml": "ไฟล์ตั้งค่า {path} ไม่ใช่ TOML ที่ถูกต้อง: {problem}",
    "config.unknown_choices": "{path}: sources.{sid} อ้างถึงรายการตัวเลือก '{name}' ที่ไม่มีอยู่",
    "config.no_places": "{path}: sources.{sid} ต้องระบุ `places` คือช่องสถานที่ที่ใช้หาพื้นที่ของแต่ละแถว",
    "config.fields_without_column": "{path}: sources.{sid} ระบุช่องที่ไม่มีคอลัมน์: {fields}",
    "config.no_unit": "{path}: sources.{sid} ต้องระบุ `unit` เป็นหนึ่งใน {units}",
    "config.no_key": "{path}: sources.{sid} ต้องระบุ `key` คือช่องที่ใช้ตัดสินว่าแถวใดซ้ำกัน",
    "config.no_deadlines": "{path}: ไม่มีกำหนดส่งของ {names}",
    "config.no_sources": "{path}: ไม่มีรายการ [sources] ของ {names}",
    "config.bad_maximum": "{path}: maxima.{name} = {value} ไม่ใช่จำนวนเต็มที่ไม่ติดลบ",
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
    # sources/sheet_targets.py
    "sheets.not_configured": (
        "Google Sheets are not configured: add a [sheets] table with one spreadsheet URL per source "
        "({stems}) to .streamlit/secrets.toml or the file named by {setting}."
    ),
    "sheets.users_shared": "[sheets] users shares a spreadsheet with a form: name its tab, e.g. {example}.",
    "sheets.no_entry": "no entry for {stems}",
    "sheets.not_a_sheet": "{stems} is neither a spreadsheet URL nor a key",
    "sheets.and": "; ",
    "sheets.unknown_entries": " (unknown entries: {names})",
    "sheets.entries_wrong": (
        "The [sheets] table in the secrets has {problems}{hint}. Each source needs the URL "
        "of its spreadsheet, as the browser shows it."
    ),
    "sheets.no_account": (
        "No service account: the secrets have no {table} table. Paste the fields of the service "
        "account's JSON key there (see docs/google-sheets.md)."
    ),
    "sheets.account_lacks": "The service account settings lack {names}. Copy them from the service account's JSON key file.",
    "sheets.key_not_pem": (
        '{table} private_key cannot be read as a PEM private key. Paste the whole "private_key" value of '
        "the JSON key file, from -----BEGIN PRIVATE KEY----- to -----END PRIVATE KEY-----."
    ),
    # sources/sheet_messages.py, gsheets.py, sheet_transport.py
    "gsheets.no_scope": (
        "The service account's token lacks the Sheets read scope for the spreadsheet for {stem} "
        "(key {sheet_key}): {message}"
    ),
    "gsheets.token_refused": (
        "Google did not accept the service account's token for the spreadsheet for {stem} (key {sheet_key}) "
        "({message}). Check the {table} settings; if the key was rotated, paste the new JSON key."
    ),
    "gsheets.no_tabs": "Spreadsheet {sheet_key} has no tabs.",
    "gsheets.odd_shape": (
        "Google Sheets answered for {stem} (spreadsheet {sheet_key}) in an unexpected shape. Try again later."
    ),
    "gsheets.endpoint_not_url": "{setting}='{value}' is not an http(s) URL such as http://127.0.0.1:8085.",
    "gsheets.cannot_sign": (
        "The service account in {table} cannot sign a token request ({kind}). "
        "Create a new JSON key and paste it into the secrets."
    ),
    # sources/sheets_append.py
    "append.no_spreadsheet": 'No corrections spreadsheet: add `corrections = "<URL>"` to [sheets] (see docs/google-sheets.md).',
    "append.unreachable": "Cannot reach Google Sheets to save the correction ({kind}). Try again.",
    "append.not_editor": (
        "The service account {email} may not edit the corrections spreadsheet {sheet_key}: share it with "
        "that address as Editor (only that spreadsheet)."
    ),
    "append.not_found": "The corrections spreadsheet {sheet_key} (or its tab) was not found.",
    "append.refused": "Google Sheets answered HTTP {status} to saving the correction. Try again.",
    # sources/local.py
    "local.empty_sheet": "Sheet '{sheet}' is empty: it has no header row.",
    "local.empty_file": "Sheet '{sheet}' ({file}) is empty: it has no header row.",
    "local.not_text": (
        "Cannot read {path}: byte {byte} is not {tried} text. Save the sheet again as CSV "
        "(UTF-8), or download it from Google Sheets with File → Download → CSV."
    ),
    "local.unreadable": "Cannot read {path}: {reason}",
    "local.bad_line": (
        "Cannot read {path}, line {line}: {what}. Fix that line, or download the sheet again "
        "from Google Sheets with File → Download → CSV."
    ),
    "local.unclosed_quote": 'a quoted cell is never closed (a " is missing)',
    "local.misplaced_quote": 'a quote (") is opened or closed in the wrong place',
    "local.not_csv": "the line cannot be read as CSV ({problem})",
    "local.extra_cells": "the row has {cells} cells but the header has {width}",
    "local.not_workbook": "Cannot open {path} as an Excel workbook ({kind}).",
    "local.no_tab": "Workbook {book} has no tab '{stem}' ({title}). Tabs: {tabs}.",
    "local.not_found": "Source {path} does not exist.",
    "local.no_file": "Folder {path} has no {file} ({title}).",
    "local.not_a_source": "Source {path} is neither a folder of CSV files nor an .xlsx workbook.",
    # delivery.py
    "delivery.no_token": "{who}: no LINE channel access token: put it in [notify] line_channel_token",
    "delivery.line_400": (
        "{who}: HTTP {status}: LINE refused the message ({detail}): check group_id — the bot must be in that group "
        "(take the id from the bot's join or message webhook event)"
    ),
    "delivery.line_401": (
        "{who}: HTTP {status}: LINE refused the channel access token ({detail}): issue a new one (LINE Developers "
        "console → the channel → Messaging API) and put it in [notify] line_channel_token"
    ),
    "delivery.line_403": (
        "{who}: HTTP {status}: LINE forbids this push ({detail}): the channel's plan or permissions do not allow "
        "pushing to this group"
    ),
    "delivery.line_refused": "{who}: LINE answered HTTP {status} ({detail})",
    "delivery.unreachable": "cannot reach LINE ({kind})",
    "delivery.line_answered": "LINE answered HTTP {status} ({detail})",
    "delivery.gave_up": "{who}: {problem}; gave up after {tries} tries. Run notify again later.",
    "delivery.no_host": "{who}: no [notify.smtp] host in the secrets",
    "delivery.plain_not_loopback": "{who}: [notify.smtp] starttls = false is allowed only for a server on loopback, not {host}",
    "delivery.no_sender": "{who}: no [notify.smtp] sender in the secrets",
    "delivery.login_refused": "{who}: the mail server refused [notify.smtp] user/password ({code})",
    "delivery.no_starttls": "{who}: {host}:{port} offers no STARTTLS: use the server's submission port (587)",
    "delivery.tls_failed": "{who}: TLS with {host}:{port} failed ({reason}): check the host name and its certificate",
    "delivery.send_failed": "{who}: sending through {host}:{port} failed ({kind}: {problem})",
    # config.py: data/programme.toml itself
    "config.not_a_date": "{where}: '{value}' is not a YYYY-MM-DD date",
    "config.config_not_toml": "configuration file {path} is not valid TOML: {problem}",
    "config.unknown_choices": "{path}: sources.{sid} names an unknown choice list '{name}'",
    "config.no_places": "{path}: sources.{sid} needs `places`, the place fields its rows are resolved from",
    "config.fields_without_column": "{path}: sources.{sid} lists fields with no column: {fields}",
    "config.no_unit": "{path}: sources.{sid} needs `unit`, one of {units}",
    "config.no_key": "{path}: sources.{sid} needs `key`, the field that makes a row a duplicate",
    "config.no_deadlines": "{path}: deadlines missing for {names}",
    "config.no_sources": "{path}: no [sources] entry for {names}",
    "config.bad_maximum": "{path}: maxima.{name} = {value} is not a whole number >= 0",
}
