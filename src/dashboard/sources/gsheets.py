"""Google Sheets source: one `values:batchGet` per spreadsheet, raw values, bounded retries.

Each form has its own spreadsheet with the responses on its first tab; the register is one more
spreadsheet. A pull asks each spreadsheet once, for the first tab's cells as raw values
(`UNFORMATTED_VALUE` + `SERIAL_NUMBER`, so no sheet locale decides how a date or number reads),
all six at once, then turns every cell into text exactly as the local source does. After a good
pull the tables are kept on disk; when a pull fails the last good tables come back marked stale,
with the reason, instead of an error.

The transport is gspread's HTTP client over google-auth's AuthorizedSession. gspread builds its
URLs from module constants, so the API root is swapped in the client (`endpoint`, or
$DASHBOARD_SHEETS_ENDPOINT) rather than by patching `gspread.urls`; tokens come from the service
account's own `token_uri`, as google-auth already does.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import random
import re
import tempfile
import threading
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from functools import lru_cache, partial
from pathlib import Path
from typing import Any

import pandas as pd
import requests

from dashboard import config
from dashboard.config import Config, SourceSpec, fold_header
from dashboard.corrections import table_from_values as _corrections_table
from dashboard.errors import (
    AuthError,
    ConfigError,
    DashboardError,
    MissingColumn,
    SheetNotFound,
    SheetPermissionError,
    SourceError,
    SourceNotFound,
    SourceUnavailable,
)
from dashboard.sources.bundle import RawBundle
from dashboard.sources.local import cell_text, frame_from_rows

log = logging.getLogger(__name__)
# Quiet unless the application configures logging: the CLI prints its own one-line notice.
log.addHandler(logging.NullHandler())

SCOPES = ("https://www.googleapis.com/auth/spreadsheets.readonly",)
GOOGLE_SHEETS_ROOT = "https://sheets.googleapis.com"
# A range without a sheet name reads the first visible sheet (Sheets API, "A1 notation"), so
# the responses tab is read without a metadata request, whatever the form's language named it.
FIRST_TAB_RANGE = "A:ZZ"
READ_PARAMS = {
    "majorDimension": "ROWS",
    "valueRenderOption": "UNFORMATTED_VALUE",
    "dateTimeRenderOption": "SERIAL_NUMBER",
}
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})
CACHE_FORMAT = 1
LABEL = "Google Sheets"
USERS = "users"  # the optional role table (email or domain, role, provinces); see dashboard.access
CORRECTIONS = "corrections"  # the optional corrections table; see dashboard.corrections

_KEY = re.compile(r"[A-Za-z0-9_-]{8,}")
_URL_KEY = re.compile(r"/spreadsheets/d/([A-Za-z0-9_-]+)")
_SETTINGS = "[gcp_service_account]"


@dataclass(frozen=True)
class RetryPolicy:
    """How long one request may take, and how much waiting between retries a whole pull may do."""

    timeout: float = config.DEFAULT_SHEETS_TIMEOUT
    budget: float = config.DEFAULT_SHEETS_RETRY_BUDGET
    attempts: int = 4  # per request
    retries: int = 6  # per pull, all spreadsheets together: an outage costs 12 reads, not 24
    backoff: float = 0.5  # first back-off when no Retry-After is given; doubles each time

    @classmethod
    def from_env(cls) -> RetryPolicy:
        return cls(timeout=config.sheets_timeout(), budget=config.sheets_retry_budget())


@dataclass(frozen=True)
class SheetTarget:
    sid: str
    stem: str
    key: str
    tab: str | None = None  # None: the first visible tab


@dataclass
class PullStats:
    requests: int = 0
    retries: int = 0
    seconds: float = 0.0
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, requests: int = 0, retries: int = 0) -> None:
        with self._lock:
            self.requests += requests
            self.retries += retries


last_pull = PullStats()  # figures of the latest pull in this process (benchmarks print them)


# ------------------------------------------------------------------------------------------------
# Configuration


def sheet_targets(secrets: Mapping[str, Any], cfg: Config) -> list[SheetTarget]:
    """The six spreadsheets from the secrets' [sheets] table, in contract order."""
    sheets = secrets.get("sheets")
    stems = [cfg.sources[sid].stem for sid in cfg.source_ids]
    if not isinstance(sheets, Mapping) or not sheets:
        raise ConfigError(
            "Google Sheets are not configured: add a [sheets] table with one spreadsheet URL per source "
            f"({', '.join(stems)}) to .streamlit/secrets.toml or the file named by {config.SECRETS_ENV}.",
            "ยังไม่ได้ตั้งค่า Google Sheets: เพิ่มตาราง [sheets] ที่มี URL ของสเปรดชีตของแต่ละแหล่ง "
            f"({', '.join(stems)}) ใน .streamlit/secrets.toml หรือไฟล์ที่ {config.SECRETS_ENV} ระบุ",
        )
    unknown = sorted(set(sheets) - set(stems) - {USERS, CORRECTIONS})
    if unknown:
        log.warning("[sheets] has entries no source uses: %s", ", ".join(unknown))
    targets, missing, bad = [], [], []
    for sid in cfg.source_ids:
        stem = cfg.sources[sid].stem
        text, key, tab = _entry(sheets.get(stem))
        if not text:
            missing.append(stem)
        elif key is None:
            bad.append(stem)
        else:
            targets.append(SheetTarget(sid, stem, key, tab))
    users = _users_target(sheets.get(USERS))
    if users is False:
        bad.append(USERS)
    elif users is not None:
        if users.tab is None and any(t.key == users.key for t in targets):
            raise ConfigError(
                "[sheets] users shares a spreadsheet with a form: name its tab, e.g. "
                'users = { url = "…", tab = "users" }.',
                '[sheets] users อยู่ในสเปรดชีตเดียวกับแบบรายงาน กรุณาระบุชื่อแท็บ เช่น users = { url = "…", tab = "users" }',
            )
        targets.append(users)
    fixes = corrections_target(sheets)
    if fixes is False:
        bad.append(CORRECTIONS)
    elif fixes is not None:
        targets.append(fixes)
    if missing or bad:
        parts_en, parts_th = [], []
        if missing:
            parts_en.append(f"no entry for {', '.join(missing)}")
            parts_th.append(f"ไม่มีรายการ {', '.join(missing)}")
        if bad:
            parts_en.append(f"{', '.join(bad)} is neither a spreadsheet URL nor a key")
            parts_th.append(f"{', '.join(bad)} ไม่ใช่ URL หรือคีย์ของสเปรดชีต")
        hint = f" (unknown entries: {', '.join(unknown)})" if unknown else ""
        raise ConfigError(
            f"The [sheets] table in the secrets has {'; '.join(parts_en)}{hint}. Each source needs the URL "
            "of its spreadsheet, as the browser shows it.",
            f"ตาราง [sheets] ในไฟล์ secrets {' และ '.join(parts_th)} แต่ละแหล่งต้องมี URL ของสเปรดชีตตามที่เบราว์เซอร์แสดง",
        )
    return targets


def _users_target(value: Any) -> SheetTarget | None | bool:
    """The optional role table (`[sheets] users`): often a tab of a spreadsheet already read, so
    `{ url = …, tab = "users" }`. None when absent, False when it names no spreadsheet."""
    text, key, tab = _entry(value)
    if not text:
        return None
    return False if key is None else SheetTarget(USERS, USERS, key, tab)


def corrections_from_values(rows: list[list[Any]]) -> pd.DataFrame:
    """The corrections tab's values (numbers as the sheet shows them) as a text table."""
    return _corrections_table([[c if type(c) is str else cell_text(c) for c in r] for r in rows])


def corrections_target(sheets: Mapping[str, Any]) -> SheetTarget | None | bool:
    """The optional corrections table (`[sheets] corrections`): a spreadsheet of its own (the one
    the service account may edit), or `{ url = …, tab = … }`. None when absent, False when bad."""
    text, key, tab = _entry(sheets.get(CORRECTIONS))
    if not text:
        return None
    return False if key is None else SheetTarget(CORRECTIONS, CORRECTIONS, key, tab)


def _entry(value: Any) -> tuple[str, str | None, str | None]:
    """One [sheets] entry — a URL, a key, or `{ url = …, tab = … }` — as (text, key, tab)."""
    tab = None
    if isinstance(value, Mapping):
        tab = str(value.get("tab") or "").strip() or None
        value = value.get("url") or value.get("key")
    text = str(value or "").strip()
    return text, (spreadsheet_key(text) if text else None), tab


def spreadsheet_key(text: str) -> str | None:
    """The key in a spreadsheet URL (`…/spreadsheets/d/KEY/edit`), or TEXT itself if it is a key."""
    m = _URL_KEY.search(text)
    if m:
        return m.group(1)
    return text if _KEY.fullmatch(text) else None


def service_account_email(secrets: Mapping[str, Any] | None = None) -> str | None:
    """The service account's email (what staff share the sheets with), or None."""
    secrets = config.load_secrets() if secrets is None else secrets
    info = secrets.get("gcp_service_account")
    email = info.get("client_email") if isinstance(info, Mapping) else None
    return str(email) if email else None


_credentials_cache: dict[str, Any] = {}
_credentials_lock = threading.Lock()


def _credentials(secrets: Mapping[str, Any]):
    """google-auth credentials from [gcp_service_account], kept per key so a token serves an hour."""
    from google.oauth2 import service_account

    info = secrets.get("gcp_service_account")
    if not isinstance(info, Mapping) or not info:
        raise AuthError(
            f"No service account: the secrets have no {_SETTINGS} table. Paste the fields of the service "
            "account's JSON key there (see docs/google-sheets.md).",
            f"ไม่พบบัญชีบริการ: ไฟล์ secrets ไม่มีตาราง {_SETTINGS} กรุณาวางค่าจากไฟล์คีย์ JSON "
            "ของบัญชีบริการ (ดู docs/google-sheets.md)",
        )
    info = {str(k): v for k, v in info.items()}
    missing = [f for f in ("client_email", "private_key", "token_uri") if not str(info.get(f) or "").strip()]
    if missing:
        names = ", ".join(f"{_SETTINGS} {f}" for f in missing)
        raise AuthError(
            f"The service account settings lack {names}. Copy them from the service account's JSON key file.",
            f"การตั้งค่าบัญชีบริการขาด {names} กรุณาคัดลอกจากไฟล์คีย์ JSON ของบัญชีบริการ",
        )
    key = str(info["private_key"])
    if "\\n" in key and "\n" not in key:
        key = key.replace("\\n", "\n")  # pasted with JSON escapes into a literal TOML string
    info["private_key"] = key
    fingerprint = hashlib.sha256(
        "\0".join((str(info["client_email"]), key, str(info["token_uri"]))).encode()
    ).hexdigest()
    with _credentials_lock:
        cached = _credentials_cache.get(fingerprint)
        if cached is not None:
            return cached
        try:
            creds = service_account.Credentials.from_service_account_info(info, scopes=list(SCOPES))
        except (ValueError, TypeError, IndexError):
            # The parser's own message is dropped: it must never carry key material into a page.
            raise AuthError(
                f"{_SETTINGS} private_key cannot be read as a PEM private key. Paste the whole "
                "\"private_key\" value of the JSON key file, from -----BEGIN PRIVATE KEY----- to "
                "-----END PRIVATE KEY-----.",
                f"อ่าน {_SETTINGS} private_key เป็นคีย์ส่วนตัวแบบ PEM ไม่ได้ กรุณาวางค่า \"private_key\" "
                "จากไฟล์คีย์ JSON ทั้งหมด ตั้งแต่ -----BEGIN PRIVATE KEY----- ถึง -----END PRIVATE KEY-----",
            ) from None
        _credentials_cache[fingerprint] = creds
        return creds


def reset_credentials() -> None:
    """Forget cached credentials and tokens (tests; a rotated key)."""
    with _credentials_lock:
        _credentials_cache.clear()


# ------------------------------------------------------------------------------------------------
# Transport: gspread's HTTP client, rooted at the emulator when asked, with bounded retries


class _Budget:
    """What one pull may still spend on retries, shared by its parallel reads.

    A retry is allowed while the wait ends inside the time budget and retries are left. Once one
    read gives up the pull has failed, so the others stop retrying too (no quota spent in vain).
    """

    def __init__(self, policy: RetryPolicy) -> None:
        self.end = time.monotonic() + policy.budget
        self.retries_left = policy.retries
        self.given_up = False
        self._lock = threading.Lock()

    def take(self, wait: float) -> bool:
        with self._lock:
            if self.given_up or self.retries_left <= 0 or time.monotonic() + wait > self.end:
                self.given_up = True
                return False
            self.retries_left -= 1
            return True


def _retry_after(response: requests.Response | None) -> float | None:
    value = response.headers.get("Retry-After") if response is not None else None
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


class _GiveUp(Exception):
    """A retryable failure that the budget does not allow to retry; carries the wait asked for."""

    def __init__(self, cause: Exception, wait: float | None) -> None:
        super().__init__(str(cause))
        self.cause = cause
        self.wait = wait


@lru_cache(maxsize=1)
def _http_client_class():
    from gspread.exceptions import APIError
    from gspread.http_client import HTTPClient

    class SheetsHTTPClient(HTTPClient):
        """gspread's client, with the API root swapped and 429/5xx/timeouts retried within a budget."""

        def __init__(self, auth, session, *, root, policy, budget, stats):
            super().__init__(auth, session)
            self.root = root
            self.policy = policy
            self.budget = budget
            self.stats = stats
            self.set_timeout((min(3.05, policy.timeout), policy.timeout))

        def request(self, method, endpoint, *args, **kwargs):
            if self.root and endpoint.startswith(GOOGLE_SHEETS_ROOT):
                endpoint = self.root + endpoint[len(GOOGLE_SHEETS_ROOT) :]
            attempt = 0
            while True:
                attempt += 1
                self.stats.add(requests=1)
                try:
                    return super().request(method, endpoint, *args, **kwargs)
                except APIError as err:
                    if err.response.status_code not in RETRY_STATUSES:
                        raise
                    failure, wait = err, _retry_after(err.response)
                    asked = wait
                except (requests.Timeout, requests.ConnectionError) as err:
                    failure, wait, asked = err, None, None
                if wait is None:
                    wait = self.policy.backoff * 2 ** (attempt - 1) * (0.75 + random.random() / 2)
                if attempt >= self.policy.attempts or not self.budget.take(wait):
                    self.budget.given_up = True
                    raise _GiveUp(failure, asked)
                log.info("Sheets API: %s, retrying in %.2f s", _describe(failure), wait)
                self.stats.add(retries=1)
                time.sleep(wait)
                if self.budget.given_up:  # another read failed meanwhile: the pull has failed
                    raise _GiveUp(failure, asked)

    return SheetsHTTPClient


def _describe(err: Exception) -> str:
    response = getattr(err, "response", None)
    if response is not None:
        return f"HTTP {response.status_code}"
    return err.__class__.__name__


class _TokenServerError(Exception):
    """The token endpoint answered 429/5xx: raised at once, so the pull's budget decides on retries."""

    def __init__(self, status: int) -> None:
        super().__init__(f"token endpoint answered HTTP {status}")
        self.status = status


def _token_request(session: requests.Session, timeout: float):
    """google-auth's transport for token requests, failing fast on a server error.

    Left alone, google-auth sleeps 1 s then 2 s between its own retries of the token endpoint,
    outside any budget; raising here ends that loop and lets the pull's policy retry instead.
    """
    from google.auth.transport.requests import Request

    class TokenRequest(Request):
        def __call__(self, url, method="GET", body=None, headers=None, timeout=timeout, **kwargs):
            response = super().__call__(url, method=method, body=body, headers=headers, timeout=timeout, **kwargs)
            if response.status in RETRY_STATUSES:
                raise _TokenServerError(response.status)
            return response

    return TokenRequest(session)


def _session(creds, policy: RetryPolicy) -> requests.Session:
    from google.auth.transport.requests import AuthorizedSession

    auth_session = requests.Session()
    session = AuthorizedSession(
        creds,
        refresh_timeout=policy.timeout,
        auth_request=_token_request(auth_session, policy.timeout),
        max_refresh_attempts=1,
    )
    # Retries are ours (bounded, Retry-After aware); the pool serves six parallel reads.
    adapter = requests.adapters.HTTPAdapter(pool_connections=2, pool_maxsize=8, max_retries=0)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session._auth_session_to_close = auth_session  # type: ignore[attr-defined]
    return session


def _ensure_token(creds, policy: RetryPolicy, email: str, budget: _Budget) -> None:
    """Get a token once before the parallel reads, so six threads do not each ask for one."""
    from google.auth.exceptions import GoogleAuthError, RefreshError, TransportError

    with _credentials_lock:
        if creds.valid:
            return
        with requests.Session() as s:
            request = _token_request(s, policy.timeout)
            attempt = 0
            while True:
                attempt += 1
                try:
                    creds.refresh(request)
                    return
                except _TokenServerError as err:
                    wait = policy.backoff * 2 ** (attempt - 1)
                    if attempt >= policy.attempts or not budget.take(wait):
                        raise _token_service_down(err.status) from None
                    time.sleep(wait)
                except RefreshError as err:
                    raise _auth_error(err, creds, email) from None
                except TransportError as err:
                    raise _token_unreachable(creds) from err
                except GoogleAuthError as err:  # e.g. a signer that cannot sign
                    raise AuthError(
                        f"The service account in {_SETTINGS} cannot sign a token request "
                        f"({err.__class__.__name__}). Create a new JSON key and paste it into the secrets.",
                        f"บัญชีบริการใน {_SETTINGS} ลงนามคำขอโทเค็นไม่ได้ กรุณาสร้างคีย์ JSON ใหม่แล้ววางในไฟล์ secrets",
                    ) from None


def _token_service_down(status: int | None = None) -> SourceUnavailable:
    code = f" (HTTP {status})" if status else ""
    return SourceUnavailable(
        f"Google's token service is unavailable{code}; the service account could not sign in. "
        "The next refresh will try again.",
        f"บริการโทเค็นของ Google ไม่พร้อมใช้งาน{code} บัญชีบริการเข้าสู่ระบบไม่ได้ ระบบจะลองใหม่ในการรีเฟรชครั้งถัดไป",
    )


def _token_unreachable(creds) -> SourceUnavailable:
    uri = getattr(creds, "_token_uri", "token_uri")
    return SourceUnavailable(
        f"Cannot reach the token endpoint {uri} ({_SETTINGS} token_uri): the network or Google is down. "
        "Showing the last good data if there is any.",
        f"ติดต่อบริการโทเค็น {uri} ({_SETTINGS} token_uri) ไม่ได้ เครือข่ายหรือ Google ขัดข้อง",
    )


def _auth_error(err: Exception, creds, email: str) -> DashboardError:
    data = err.args[1] if len(err.args) > 1 and isinstance(err.args[1], Mapping) else {}
    code = str(data.get("error") or "")
    if getattr(err, "retryable", False) or code in ("internal_failure", "server_error", "temporarily_unavailable"):
        return _token_service_down()
    if code == "invalid_grant":
        return AuthError(
            f"Google refused the service account {email}: its key is not valid (deleted, rotated, or not this "
            f"account's). Check {_SETTINGS} client_email, private_key_id and private_key, or create a new JSON "
            "key for the account and paste it into the secrets.",
            f"Google ปฏิเสธบัญชีบริการ {email}: คีย์ไม่ถูกต้อง (ถูกลบ เปลี่ยนใหม่ หรือไม่ใช่ของบัญชีนี้) "
            f"กรุณาตรวจ {_SETTINGS} client_email, private_key_id และ private_key หรือสร้างคีย์ JSON ใหม่แล้ววางในไฟล์ secrets",
        )
    return AuthError(
        f"Google refused the service account {email} ({code or 'token request failed'}). "
        f"Check the {_SETTINGS} settings.",
        f"Google ปฏิเสธบัญชีบริการ {email} ({code or 'ขอโทเค็นไม่สำเร็จ'}) กรุณาตรวจการตั้งค่า {_SETTINGS}",
    )


# ------------------------------------------------------------------------------------------------
# Reading one spreadsheet


def _quote_tab(title: str) -> str:
    return "'" + title.replace("'", "''") + "'"


def _tab_from_range(a1: str) -> str | None:
    if "!" not in a1:
        return None
    name = a1.rsplit("!", 1)[0]
    if len(name) >= 2 and name[0] == name[-1] == "'":
        name = name[1:-1].replace("''", "'")
    return name


def _range(target: SheetTarget) -> str:
    return f"{_quote_tab(target.tab)}!{FIRST_TAB_RANGE}" if target.tab else FIRST_TAB_RANGE


def _fetch(http, group: list[SheetTarget], email: str, creds) -> dict[str, tuple[str, list[list[Any]]]]:
    """One batchGet of one spreadsheet's tabs → {source id: (tab title, rows of raw values)}."""
    from google.auth.exceptions import RefreshError, TransportError
    from gspread.exceptions import APIError

    target = group[0]  # what errors name: the first source read from this spreadsheet
    try:
        try:
            body = http.values_batch_get(target.key, [_range(t) for t in group], params=dict(READ_PARAMS))
        except APIError as err:
            message = str(err.error.get("message", ""))
            if err.response.status_code != 400 or all(t.tab for t in group) or not re.search(
                r"exceeds grid limits|Unable to parse range", message
            ):
                raise
            # Should Google ever refuse the open-ended range, name the first visible tab instead
            # (one metadata request more, only on this path).
            meta = http.fetch_sheet_metadata(
                target.key, params={"includeGridData": "false", "fields": "sheets.properties"}
            )
            tabs = [s["properties"] for s in meta.get("sheets", [])]
            first = next((p for p in tabs if not p.get("hidden")), tabs[0] if tabs else None)
            if first is None:
                raise SourceError(f"Spreadsheet {target.key} has no tabs.", f"สเปรดชีต {target.key} ไม่มีแท็บ") from err
            ranges = [_range(t) if t.tab else _quote_tab(first["title"]) for t in group]
            body = http.values_batch_get(target.key, ranges, params=dict(READ_PARAMS))
    except _GiveUp as give_up:
        raise _unavailable(give_up.cause, target, http.policy, give_up.wait) from None
    except APIError as err:
        bad_tab = next((t for t in group if t.tab and _quote_tab(t.tab) in str(err.error.get("message", ""))), None)
        raise _api_error(err, bad_tab or target, email) from None
    except requests.exceptions.JSONDecodeError:
        raise _not_json(target) from None
    except _TokenServerError as err:
        raise _token_service_down(err.status) from None
    except RefreshError as err:
        raise _auth_error(err, creds, email) from None
    except TransportError:
        raise _token_unreachable(creds) from None
    except requests.RequestException as err:
        raise _unavailable(err, target, http.policy, None) from None
    out = {}
    try:
        ranges = body["valueRanges"]
        if len(ranges) != len(group):
            raise ValueError("one value range per tab asked for")
        for t, value_range in zip(group, ranges):
            rows = value_range.get("values", [])
            if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
                raise TypeError("values is not a list of rows")
            out[t.sid] = (_tab_from_range(str(value_range.get("range", ""))) or t.tab or "?", rows)
    except (KeyError, TypeError, ValueError, AttributeError):
        raise SourceUnavailable(
            f"Google Sheets answered for {target.stem} (spreadsheet {target.key}) in an unexpected shape. "
            "Try again later.",
            f"Google Sheets ตอบกลับสำหรับ {target.stem} (สเปรดชีต {target.key}) ในรูปแบบที่ไม่คาดคิด กรุณาลองใหม่ภายหลัง",
        ) from None
    return out


def _api_error(err, target: SheetTarget, email: str) -> DashboardError:
    status = err.response.status_code
    message = str(err.error.get("message", ""))[:300]
    where_en = f"the spreadsheet for {target.stem} (key {target.key})"
    where_th = f"สเปรดชีตของ {target.stem} (คีย์ {target.key})"
    if status == 403:
        if "scope" in message:
            return AuthError(
                f"The service account's token lacks the Sheets read scope for {where_en}: {message}",
                f"โทเค็นของบัญชีบริการไม่มีสิทธิ์อ่าน Sheets สำหรับ{where_th}",
            )
        if re.search(r"has not been used|is disabled|SERVICE_DISABLED", message + json.dumps(err.error)):
            return AuthError(
                "The Google Sheets API is not enabled in the service account's Cloud project. Enable it "
                "(APIs & Services → Library → Google Sheets API → Enable), then wait a few minutes.",
                "ยังไม่ได้เปิดใช้ Google Sheets API ในโปรเจกต์ Cloud ของบัญชีบริการ "
                "กรุณาเปิดใช้ (APIs & Services → Library → Google Sheets API → Enable) แล้วรอสักครู่",
            )
        return SheetPermissionError(
            f"{where_en[0].upper()}{where_en[1:]} is not shared with the service account {email}. Open the "
            f"spreadsheet, click Share, add {email} as a Viewer, and untick \"Notify people\".",
            f"{where_th} ยังไม่ได้แชร์ให้บัญชีบริการ {email} กรุณาเปิดสเปรดชีต กด \"แชร์\" "
            f"เพิ่ม {email} เป็น \"ผู้มีสิทธิ์อ่าน\" และไม่ต้องเลือก \"แจ้งเตือนผู้ใช้\"",
        )
    if status == 404:
        return SourceNotFound(
            f"No spreadsheet with key {target.key} ([sheets] {target.stem}). Check the URL in the secrets: "
            "copy it again from the browser's address bar while the sheet is open.",
            f"ไม่พบสเปรดชีตคีย์ {target.key} ([sheets] {target.stem}) กรุณาตรวจ URL ในไฟล์ secrets "
            "โดยคัดลอกใหม่จากแถบที่อยู่ของเบราว์เซอร์ขณะเปิดชีต",
        )
    if status == 401:
        return AuthError(
            f"Google did not accept the service account's token for {where_en} ({message}). Check the "
            f"{_SETTINGS} settings; if the key was rotated, paste the new JSON key.",
            f"Google ไม่ยอมรับโทเค็นของบัญชีบริการสำหรับ{where_th} กรุณาตรวจการตั้งค่า {_SETTINGS} "
            "หากเปลี่ยนคีย์ใหม่ ให้วางคีย์ JSON ใหม่",
        )
    if status == 400 and target.tab and "parse range" in message:
        return SheetNotFound(
            f"{where_en[0].upper()}{where_en[1:]} has no tab '{target.tab}' ([sheets] {target.stem} tab). "
            "Correct the tab name, or remove it to read the first tab.",
            f"{where_th} ไม่มีแท็บ '{target.tab}' ([sheets] {target.stem} tab) กรุณาแก้ชื่อแท็บ "
            "หรือลบออกเพื่ออ่านแท็บแรก",
        )
    return SourceError(
        f"Google Sheets refused the request for {where_en}: HTTP {status} {message}",
        f"Google Sheets ปฏิเสธคำขอสำหรับ{where_th}: HTTP {status} {message}",
    )


def _unavailable(err: Exception, target: SheetTarget, policy: RetryPolicy, asked: float | None) -> SourceUnavailable:
    response = getattr(err, "response", None)
    status = response.status_code if response is not None else None
    where_en = f"the spreadsheet for {target.stem}"
    where_th = f"สเปรดชีตของ {target.stem}"
    if status == 429:
        wait_en = f" Google asked to wait {asked:g} s." if asked else ""
        wait_th = f" Google ขอให้รอ {asked:g} วินาที" if asked else ""
        return SourceUnavailable(
            f"Google's read quota for the service account is used up (60 reads per minute) while reading "
            f"{where_en}.{wait_en} The next refresh will try again.",
            f"โควตาการอ่านของบัญชีบริการเต็ม (60 ครั้งต่อนาที) ระหว่างอ่าน{where_th}{wait_th} "
            "ระบบจะลองใหม่ในการรีเฟรชครั้งถัดไป",
        )
    if status is not None:
        return SourceUnavailable(
            f"Google Sheets is having trouble (HTTP {status}) reading {where_en}, even after retrying. "
            "The next refresh will try again.",
            f"Google Sheets ขัดข้อง (HTTP {status}) ขณะอ่าน{where_th} แม้ลองซ้ำแล้ว ระบบจะลองใหม่ในการรีเฟรชครั้งถัดไป",
        )
    if isinstance(err, requests.Timeout):
        return SourceUnavailable(
            f"Google Sheets did not answer within {policy.timeout:g} s while reading {where_en}. "
            "The next refresh will try again.",
            f"Google Sheets ไม่ตอบภายใน {policy.timeout:g} วินาทีขณะอ่าน{where_th} ระบบจะลองใหม่ในการรีเฟรชครั้งถัดไป",
        )
    return SourceUnavailable(
        f"Cannot connect to Google Sheets while reading {where_en}: check the server's network connection.",
        f"เชื่อมต่อ Google Sheets ไม่ได้ขณะอ่าน{where_th} กรุณาตรวจการเชื่อมต่อเครือข่ายของเซิร์ฟเวอร์",
    )


def _not_json(target: SheetTarget) -> SourceUnavailable:
    return SourceUnavailable(
        f"Google Sheets answered for {target.stem} with a page that is not JSON (a proxy, firewall or "
        "login page in between?). The next refresh will try again.",
        f"Google Sheets ตอบกลับสำหรับ {target.stem} ด้วยหน้าที่ไม่ใช่ JSON (อาจมีพร็อกซี ไฟร์วอลล์ "
        "หรือหน้าล็อกอินคั่นกลาง) ระบบจะลองใหม่ในการรีเฟรชครั้งถัดไป",
    )


def table_from_values(rows: list[list[Any]], sheet: str) -> pd.DataFrame:
    """Raw API values → the local source's raw table: text cells, ragged rows padded, blank rows out."""
    text_rows = [[c if type(c) is str else cell_text(c) for c in row] for row in rows]
    frame = frame_from_rows(text_rows, sheet)
    blank = (frame == "").all(axis=1)
    return frame.loc[~blank].reset_index(drop=True) if blank.any() else frame


def check_headers(frame: pd.DataFrame, spec: SourceSpec, sheet: str) -> None:
    """A required or place column whose header is gone stops the pull (the last good data stays)."""
    present = {fold_header(h) for h in frame.columns}
    # The same columns the normalizer cannot do without (required fields and place columns).
    needed = list(spec.needed)
    missing = [spec.columns[f] for f in needed if fold_header(spec.columns[f]) not in present]
    if missing:
        raise MissingColumn(sheet, missing)


# ------------------------------------------------------------------------------------------------
# The last good pull, on disk


class LastGood:
    """Raw tables of the latest good pull of one set of spreadsheets, as JSON (text round-trips)."""

    def __init__(self, folder: Path, targets: list[SheetTarget]) -> None:
        ident = "\n".join(f"{t.sid}={t.key}!{t.tab or ''}" for t in targets)
        self.path = Path(folder) / f"gsheets-{hashlib.sha256(ident.encode()).hexdigest()[:16]}.json"

    def save(self, tables: dict[str, pd.DataFrame], tabs: dict[str, str], pulled_at: datetime) -> None:
        payload = {
            "format": CACHE_FORMAT,
            "pulled_at": pulled_at.isoformat(),
            "sources": {
                sid: {"tab": tabs.get(sid), "columns": list(map(str, frame.columns)), "rows": frame.values.tolist()}
                for sid, frame in tables.items()
            },
        }
        folder = self.path.parent
        # The tables hold personal data (names, ID numbers, phones): only this user may read them.
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".gsheets-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                # dumps, not dump: the C encoder does the whole document at once.
                fh.write(json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def load(self, cfg: Config) -> tuple[dict[str, pd.DataFrame], datetime] | None:
        try:
            payload = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as err:
            log.warning("Ignoring an unreadable last-good cache %s (%s)", self.path, err.__class__.__name__)
            return None
        try:
            if not isinstance(payload, dict) or payload.get("format") != CACHE_FORMAT:
                # `null`, a list, an older format: not a pull this version wrote.
                return None
            pulled_at = datetime.fromisoformat(payload["pulled_at"]).astimezone(cfg.timezone)
            tables = {}
            for sid in (*cfg.source_ids, USERS, CORRECTIONS):
                src = payload["sources"].get(sid) if sid in (USERS, CORRECTIONS) else payload["sources"][sid]
                if src is not None:  # the users and corrections tabs are optional
                    tables[sid] = pd.DataFrame(src["rows"], columns=src["columns"], dtype=object)
        except (KeyError, TypeError, ValueError, AttributeError) as err:
            log.warning("Ignoring a malformed last-good cache %s (%s)", self.path, err.__class__.__name__)
            return None
        return tables, pulled_at


def last_good(cfg: Config, *, secrets: Mapping[str, Any] | None = None, cache_dir: Path | None = None) -> RawBundle | None:
    """The last good pull of the configured sheets, if any (marked stale, without a reason)."""
    secrets = config.load_secrets() if secrets is None else secrets
    kept = LastGood(Path(cache_dir or config.cache_dir()), sheet_targets(secrets, cfg)).load(cfg)
    if kept is None:
        return None
    tables, pulled_at = kept
    return RawBundle(tables=tables, kind="gsheets", label=LABEL, pulled_at=pulled_at, stale=True)


# ------------------------------------------------------------------------------------------------
# The pull


def _secret_values(secrets: Mapping[str, Any], creds) -> list[str]:
    info = secrets.get("gcp_service_account")
    values = []
    if isinstance(info, Mapping):
        for name in ("private_key", "private_key_id"):
            if info.get(name):
                values.append(str(info[name]).strip())
                values.extend(
                    line for line in str(info[name]).splitlines() if len(line) >= 16 and "PRIVATE KEY" not in line
                )
    token = getattr(creds, "token", None)
    if token:
        values.append(str(token))
    return [v for v in values if len(v) >= 8]


def _scrub(err: DashboardError, secret_values: list[str]) -> DashboardError:
    """Belt and braces: no message leaves this module holding key material or a token."""
    for value in secret_values:
        if value in err.message_en or value in err.message_th:
            err.message_en = err.message_en.replace(value, "[redacted]")
            err.message_th = err.message_th.replace(value, "[redacted]")
            err.args = (err.message_en,)
    return err


def _pull(
    cfg: Config,
    targets: list[SheetTarget],
    secrets: Mapping[str, Any],
    session: requests.Session | None,
    root: str | None,
    policy: RetryPolicy,
    stats: PullStats,
    headers_checked: bool = True,
) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    import gspread

    email = service_account_email(secrets) or "(no client_email)"
    creds = _credentials(secrets)
    owned = session is None
    budget = _Budget(policy)
    if owned:
        _ensure_token(creds, policy, email, budget)
        session = _session(creds, policy)
    elif getattr(getattr(session, "credentials", None), "valid", True) is False:
        # An injected AuthorizedSession: one token before the parallel reads, not one per thread.
        _ensure_token(session.credentials, policy, email, budget)
    client_class = _http_client_class()
    client = gspread.Client(
        auth=creds,
        session=session,
        http_client=partial(client_class, root=root, policy=policy, budget=budget, stats=stats),
    )
    http = client.http_client
    # One batchGet per spreadsheet, whatever number of its tabs are read (the users tab often
    # sits in the register's spreadsheet).
    groups: dict[str, list[SheetTarget]] = {}
    for t in targets:
        groups.setdefault(t.key, []).append(t)
    try:
        with ThreadPoolExecutor(max_workers=len(groups), thread_name_prefix="gsheets") as pool:
            futures = {key: pool.submit(_fetch, http, group, email, creds) for key, group in groups.items()}
            results = {}
            for t in targets:  # the first failure in contract order is the one reported
                results.update(futures[t.key].result())
    finally:
        if owned:
            session.close()
            session._auth_session_to_close.close()  # type: ignore[attr-defined]
    tables: dict[str, pd.DataFrame] = {}
    tabs: dict[str, str] = {}
    for t in targets:
        tab, rows = results[t.sid]
        if t.sid == USERS:
            # Blank lines kept (the role parser skips them), so an error names the sheet's row.
            tables[USERS] = frame_from_rows([[c if type(c) is str else cell_text(c) for c in r] for r in rows],
                                            f"users (tab '{tab}')")
            tabs[USERS] = tab
            continue
        if t.sid == CORRECTIONS:
            tables[CORRECTIONS] = corrections_from_values(rows)
            tabs[CORRECTIONS] = tab
            continue
        spec = cfg.sources[t.sid]
        sheet = f"{spec.title_th} ({spec.stem}, tab '{tab}')"
        frame = table_from_values(rows, sheet)
        if headers_checked:
            check_headers(frame, spec, sheet)
        tables[t.sid] = frame
        tabs[t.sid] = tab
    return tables, tabs


def read_gsheets(
    cfg: Config,
    *,
    secrets: Mapping[str, Any] | None = None,
    session: requests.Session | None = None,
    endpoint: str | None = None,
    cache_dir: str | Path | None = None,
    policy: RetryPolicy | None = None,
    headers_checked: bool = True,
) -> RawBundle:
    """Pull the six spreadsheets; on failure return the last good pull marked stale, or raise.

    With `headers_checked` False (the header check) a sheet missing a required column is read
    as it is, and the pull is not kept as the last good one.

    `secrets` defaults to `config.load_secrets()`; `session`, if given, is an already authorized
    requests session used for the API calls; `endpoint` (default $DASHBOARD_SHEETS_ENDPOINT) is
    a Sheets API root to use instead of Google's; `cache_dir` (default $DASHBOARD_CACHE_DIR or
    ~/.cache/banphi-dashboard) keeps the last good pull.
    """
    secrets = config.load_secrets() if secrets is None else secrets
    targets = sheet_targets(secrets, cfg)
    root = (endpoint if endpoint is not None else config.sheets_endpoint()) or None
    root = root.rstrip("/") if root else None
    if root and not re.match(r"https?://[^/\s]+", root):
        raise ConfigError(
            f"{config.ENDPOINT_ENV}='{root}' is not an http(s) URL such as http://127.0.0.1:8085.",
            f"{config.ENDPOINT_ENV}='{root}' ไม่ใช่ URL แบบ http(s) เช่น http://127.0.0.1:8085",
        )
    policy = policy or RetryPolicy.from_env()
    store = LastGood(Path(cache_dir) if cache_dir else config.cache_dir(), targets)
    stats = PullStats()
    started = time.monotonic()
    try:
        tables, tabs = _pull(cfg, targets, secrets, session, root, policy, stats, headers_checked)
    except DashboardError as err:
        stats.seconds = time.monotonic() - started
        _publish(stats)
        creds = _credentials_cache_lookup(secrets)
        _scrub(err, _secret_values(secrets, creds))
        kept = store.load(cfg)
        if kept is None:
            raise
        old_tables, old_pulled_at = kept
        log.warning(
            "Google Sheets pull failed after %.1f s; serving the pull of %s. %s",
            stats.seconds,
            old_pulled_at.isoformat(timespec="seconds"),
            err.message_en,
        )
        return RawBundle(
            tables=old_tables,
            kind="gsheets",
            label=LABEL,
            pulled_at=old_pulled_at,
            stale=True,
            stale_reason=err.bilingual(),
        )
    pulled_at = datetime.now(timezone.utc).astimezone(cfg.timezone)
    stats.seconds = time.monotonic() - started
    _publish(stats)
    log.info(
        "Pulled %d spreadsheets in %.2f s (%d API requests, %d retries)",
        len(targets),
        stats.seconds,
        stats.requests,
        stats.retries,
    )
    notes: list[str] = []
    try:
        if headers_checked:
            store.save(tables, tabs, pulled_at)
    except OSError as err:
        log.warning("Cannot keep the last good pull in %s: %s", store.path.parent, err.strerror)
        notes.append(f"last good data not saved: {store.path.parent} is not writable")
    return RawBundle(tables=tables, kind="gsheets", label=LABEL, pulled_at=pulled_at, notes=notes)


def _credentials_cache_lookup(secrets: Mapping[str, Any]):
    try:
        return _credentials(secrets)
    except DashboardError:
        return None


def _publish(stats: PullStats) -> None:
    last_pull.requests, last_pull.retries, last_pull.seconds = stats.requests, stats.retries, stats.seconds
