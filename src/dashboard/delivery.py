"""Sending a digest: the LINE Messaging API push and e-mail over SMTP (spec/NOTIFY.md).

Only this module speaks to LINE and to the mail server. Failures become `DeliveryError`s that
name the recipient and say what to fix; the caller goes on with the next recipient.
"""

from __future__ import annotations

import ipaddress
import smtplib
import ssl
import time
import uuid
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

import requests

from dashboard.config import setting
from dashboard.errors import DashboardError

LINE_ENDPOINT_ENV = "DASHBOARD_LINE_ENDPOINT"
LINE_API = "https://api.line.me"
PUSH_PATH = "/v2/bot/message/push"
MAX_MESSAGES = 5  # per push
MAX_TEXT = 5000  # characters per text message
ATTEMPTS = 4  # one push is tried at most this often (429 and 5xx only)
RETRY_BUDGET = 10.0  # seconds of waiting between retries, in all, per push
TIMEOUT = 15.0  # seconds one request may take


class DeliveryError(DashboardError):
    """A message that could not be delivered to one recipient."""


def line_endpoint() -> str:
    """$DASHBOARD_LINE_ENDPOINT (an emulator in tests), else LINE's API."""
    value = setting(LINE_ENDPOINT_ENV).rstrip("/")
    return value or LINE_API


def split_text(text: str, limit: int = MAX_TEXT) -> list[str]:
    """`text` cut into pieces of at most `limit` characters, at line ends where it can be."""
    pieces: list[str] = []
    current = ""
    for line in text.splitlines(keepends=True):
        while len(line) > limit:  # one line longer than a whole message
            if current:
                pieces.append(current)
                current = ""
            pieces.append(line[:limit])
            line = line[limit:]
        if len(current) + len(line) > limit:
            pieces.append(current)
            current = ""
        current += line
    if current:
        pieces.append(current)
    return [p.rstrip("\n") for p in pieces if p.strip()]


def pushes(texts: list[str]) -> list[list[dict]]:
    """The texts as LINE messages, at most 5,000 characters each and 5 a push."""
    messages = [{"type": "text", "text": piece} for text in texts for piece in split_text(text)]
    return [messages[i : i + MAX_MESSAGES] for i in range(0, len(messages), MAX_MESSAGES)]


_LINE_FIXES = {
    400: (
        "LINE refused the message ({detail}): check group_id — the bot must be in that group "
        "(take the id from the bot's join or message webhook event)",
        "LINE ไม่รับข้อความ ({detail}): ตรวจ group_id และต้องเชิญบอตเข้ากลุ่มก่อน",
    ),
    401: (
        "LINE refused the channel access token ({detail}): issue a new one (LINE Developers console → "
        "the channel → Messaging API) and put it in [notify] line_channel_token",
        "LINE ไม่รับ channel access token ({detail}): ออกโทเค็นใหม่ที่ LINE Developers แล้วใส่ใน [notify] line_channel_token",
    ),
    403: (
        "LINE forbids this push ({detail}): the channel's plan or permissions do not allow pushing to this group",
        "LINE ไม่อนุญาตให้ส่งข้อความนี้ ({detail}): ตรวจแผนบริการและสิทธิ์ของช่องทาง",
    ),
}


def _retry_wait(response: requests.Response | None, attempt: int) -> float:
    """Seconds to wait before the next try: LINE's Retry-After if given, else 1, 2, 4 …"""
    if response is not None:
        value = response.headers.get("Retry-After", "").strip()
        if value.isdigit():
            return float(value)
    return float(2 ** (attempt - 1))


def line_push(
    to: str,
    texts: list[str],
    token: str,
    *,
    who: str,
    endpoint: str | None = None,
    session: requests.Session | None = None,
    retry_budget: float = RETRY_BUDGET,
    sleep=time.sleep,
) -> int:
    """Push `texts` to one LINE group; returns how many pushes went. Raises DeliveryError."""
    if not token:
        raise DeliveryError(
            f"{who}: no LINE channel access token: put it in [notify] line_channel_token",
            f"{who}: ไม่มี channel access token ของ LINE ให้ใส่ใน [notify] line_channel_token",
        )
    url = (endpoint or line_endpoint()) + PUSH_PATH
    http = session or requests.Session()
    sent = 0
    for messages in pushes(texts):
        # One key for every try of this push: LINE delivers a retried push once.
        key = str(uuid.uuid4())
        waited = 0.0
        for attempt in range(1, ATTEMPTS + 1):
            response = None
            try:
                response = http.post(
                    url,
                    json={"to": to, "messages": messages},
                    headers={"Authorization": f"Bearer {token}", "X-Line-Retry-Key": key},
                    timeout=TIMEOUT,
                )
            except requests.RequestException as exc:
                problem = f"cannot reach LINE ({type(exc).__name__})"
            else:
                if response.status_code == 200:
                    break
                if response.status_code == 409 and response.headers.get("x-line-accepted-request-id"):
                    break  # an earlier try of this push was delivered after all
                detail = _line_detail(response)
                if response.status_code in _LINE_FIXES:
                    en, th = _LINE_FIXES[response.status_code]
                    raise DeliveryError(
                        f"{who}: HTTP {response.status_code}: " + en.format(detail=detail),
                        f"{who}: HTTP {response.status_code}: " + th.format(detail=detail),
                    )
                if response.status_code != 429 and response.status_code < 500:
                    raise DeliveryError(
                        f"{who}: LINE answered HTTP {response.status_code} ({detail})",
                        f"{who}: LINE ตอบ HTTP {response.status_code} ({detail})",
                    )
                problem = f"LINE answered HTTP {response.status_code} ({detail})"
            wait = _retry_wait(response, attempt)
            if attempt == ATTEMPTS or waited + wait > retry_budget:
                raise DeliveryError(
                    f"{who}: {problem}; gave up after {attempt} tries. Run notify again later.",
                    f"{who}: ส่งไม่สำเร็จหลังลอง {attempt} ครั้ง ({problem}) ให้ลองใหม่ภายหลัง",
                )
            sleep(wait)
            waited += wait
        sent += 1
    return sent


def _line_detail(response: requests.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.reason or "no detail"
    message = str(body.get("message", "")) if isinstance(body, dict) else ""
    details = body.get("details") if isinstance(body, dict) else None
    if details:
        message += ": " + "; ".join(f"{d.get('property', '')} {d.get('message', '')}".strip() for d in details)
    return message or "no detail"


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def send_email(smtp: dict, to: list[str], subject: str, body: str, *, who: str) -> None:
    """One UTF-8 message to `to` through `[notify.smtp]`, with STARTTLS unless on loopback."""
    host = str(smtp.get("host", "")).strip()
    if not host:
        raise DeliveryError(f"{who}: no [notify.smtp] host in the secrets", f"{who}: ไม่มี host ใน [notify.smtp]")
    port = int(smtp.get("port", 587))
    starttls = smtp.get("starttls", True) is not False
    if not starttls and not _loopback(host):
        raise DeliveryError(
            f"{who}: [notify.smtp] starttls = false is allowed only for a server on loopback, not {host}",
            f"{who}: ปิด starttls ได้เฉพาะเซิร์ฟเวอร์ในเครื่อง (loopback) เท่านั้น ไม่ใช่ {host}",
        )
    sender = str(smtp.get("sender") or smtp.get("user") or "").strip()
    if not sender:
        raise DeliveryError(f"{who}: no [notify.smtp] sender in the secrets", f"{who}: ไม่มี sender ใน [notify.smtp]")
    msg = EmailMessage()
    msg["From"] = sender
    msg["To"] = ", ".join(to)
    msg["Subject"] = subject
    msg["Date"] = formatdate(localtime=True)
    msg["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    msg.set_content(body, charset="utf-8")
    try:
        with smtplib.SMTP(host, port, timeout=TIMEOUT) as server:
            server.ehlo()
            if starttls:
                server.starttls(context=ssl.create_default_context())
                server.ehlo()
            if smtp.get("user"):
                server.login(str(smtp["user"]), str(smtp.get("password", "")))
            server.send_message(msg)
    except smtplib.SMTPAuthenticationError as exc:
        raise DeliveryError(
            f"{who}: the mail server refused [notify.smtp] user/password ({exc.smtp_code})",
            f"{who}: เซิร์ฟเวอร์อีเมลไม่รับ user/password ใน [notify.smtp] ({exc.smtp_code})",
        ) from None
    except smtplib.SMTPNotSupportedError:
        raise DeliveryError(
            f"{who}: {host}:{port} offers no STARTTLS: use the server's submission port (587)",
            f"{who}: {host}:{port} ไม่รองรับ STARTTLS ให้ใช้พอร์ต 587 ของเซิร์ฟเวอร์",
        ) from None
    except ssl.SSLError as exc:
        raise DeliveryError(
            f"{who}: TLS with {host}:{port} failed ({exc.reason}): check the host name and its certificate",
            f"{who}: เชื่อมต่อ TLS กับ {host}:{port} ไม่สำเร็จ ({exc.reason})",
        ) from None
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError(
            f"{who}: sending through {host}:{port} failed ({type(exc).__name__}: {exc})",
            f"{who}: ส่งอีเมลผ่าน {host}:{port} ไม่สำเร็จ ({type(exc).__name__})",
        ) from None
