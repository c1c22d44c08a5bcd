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
from dashboard.errors import DashboardError, words

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


# LINE's refusals that a setting fixes: the catalogue key that says which.
_LINE_FIXES = {400: "delivery.line_400", 401: "delivery.line_401", 403: "delivery.line_403"}


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
        raise DeliveryError.from_key("delivery.no_token", who=who)
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
                problem = words("delivery.unreachable", kind=type(exc).__name__)
            else:
                if response.status_code == 200:
                    break
                if response.status_code == 409 and response.headers.get("x-line-accepted-request-id"):
                    break  # an earlier try of this push was delivered after all
                detail = _line_detail(response)
                if response.status_code in _LINE_FIXES:
                    raise DeliveryError.from_key(
                        _LINE_FIXES[response.status_code], who=who, status=response.status_code, detail=detail
                    )
                if response.status_code != 429 and response.status_code < 500:
                    raise DeliveryError.from_key("delivery.line_refused", who=who, status=response.status_code, detail=detail)
                problem = words("delivery.line_answered", status=response.status_code, detail=detail)
            wait = _retry_wait(response, attempt)
            if attempt == ATTEMPTS or waited + wait > retry_budget:
                raise DeliveryError.from_key("delivery.gave_up", who=who, problem=problem, tries=attempt)
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
        raise DeliveryError.from_key("delivery.no_host", who=who)
    port = int(smtp.get("port", 587))
    starttls = smtp.get("starttls", True) is not False
    if not starttls and not _loopback(host):
        raise DeliveryError.from_key("delivery.plain_not_loopback", who=who, host=host)
    sender = str(smtp.get("sender") or smtp.get("user") or "").strip()
    if not sender:
        raise DeliveryError.from_key("delivery.no_sender", who=who)
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
        raise DeliveryError.from_key("delivery.login_refused", who=who, code=exc.smtp_code) from None
    except smtplib.SMTPNotSupportedError:
        raise DeliveryError.from_key("delivery.no_starttls", who=who, host=host, port=port) from None
    except ssl.SSLError as exc:
        raise DeliveryError.from_key("delivery.tls_failed", who=who, host=host, port=port, reason=exc.reason) from None
    except (smtplib.SMTPException, OSError) as exc:
        raise DeliveryError.from_key(
            "delivery.send_failed", who=who, host=host, port=port, kind=type(exc).__name__, problem=exc
        ) from None
