"""A Google Sheets API v4 and OAuth 2.0 token endpoint on loopback, for tests and benchmarks.

It behaves like Google where the dashboard depends on it:

- `POST /token` takes the service account's signed JWT assertion (RFC 7523), checks its RS256
  signature against the account's public key, its issuer, audience, lifetime and scope, and
  issues a bearer token; failures answer with Google's OAuth error bodies (`invalid_grant` …).
- `GET /v4/spreadsheets/{key}/values:batchGet`, `…/values/{range}` and `…/{key}` (metadata) serve
  spreadsheets held in memory with Google's shapes: A1 ranges (a range without a sheet name
  reads the first visible sheet), ranges clipped to the grid, `valueRenderOption` and
  `dateTimeRenderOption` (numbers and serial date-times stay numbers when unformatted), trailing
  empty cells and rows omitted, `values` left out for an empty range, and Google's error bodies
  (`{"error": {"code", "message", "status"}}`) for 400/401/403/404/429/500/503.
- `POST …/values/{range}:append` (valueInputOption RAW / USER_ENTERED) writes rows below the
  sheet's last non-empty row and answers Google's `{spreadsheetId, tableRange, updates}`; it
  needs a token with the `spreadsheets` scope and an account shared as Editor (`make_editor`).
- Faults can be queued per request kind and spreadsheet: any status (with `Retry-After`), a
  slow answer, a body that is not JSON. Requests are counted by kind and logged.

Use it as a context manager: `with SheetsAPI() as api: api.add_spreadsheet(...); api.url`.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import json
import re
import secrets as _secrets
import threading
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Iterable, Mapping

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

GOOGLE_TOKEN_AUDIENCE = "https://oauth2.googleapis.com/token"
JWT_BEARER_GRANT = "urn:ietf:params:oauth:grant-type:jwt-bearer"
READ_SCOPES = frozenset(
    {
        "https://www.googleapis.com/auth/spreadsheets",
        "https://www.googleapis.com/auth/spreadsheets.readonly",
        "https://www.googleapis.com/auth/drive",
        "https://www.googleapis.com/auth/drive.readonly",
    }
)
WRITE_SCOPES = frozenset({"https://www.googleapis.com/auth/spreadsheets", "https://www.googleapis.com/auth/drive"})
SERIAL_EPOCH = datetime(1899, 12, 30)
TIMESTAMP_HEADERS = ("ประทับเวลา", "Timestamp")
DEFAULT_ROWS, DEFAULT_COLUMNS = 1000, 26  # a new Google sheet's grid

_STATUS_NAMES = {
    400: ("INVALID_ARGUMENT", "Request contains an invalid argument."),
    401: (
        "UNAUTHENTICATED",
        "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie "
        "or other valid authentication credential. "
        "See https://developers.google.com/identity/sign-in/web/devconsole-project.",
    ),
    403: ("PERMISSION_DENIED", "The caller does not have permission"),
    404: ("NOT_FOUND", "Requested entity was not found."),
    429: (
        "RESOURCE_EXHAUSTED",
        "Quota exceeded for quota metric 'Read requests' and limit 'Read requests per minute per user' "
        "of service 'sheets.googleapis.com' for consumer 'project_number:100000000001'.",
    ),
    500: ("INTERNAL", "Internal error encountered."),
    502: ("UNAVAILABLE", "Bad Gateway"),
    503: ("UNAVAILABLE", "The service is currently unavailable."),
    504: ("DEADLINE_EXCEEDED", "The request timed out."),
}


class DateTimeCell(float):
    """A cell holding a date-time: Sheets keeps it as a serial day count from 1899-12-30."""

    @classmethod
    def from_datetime(cls, value: datetime) -> DateTimeCell:
        return cls((value - SERIAL_EPOCH).total_seconds() / 86400)

    def to_datetime(self) -> datetime:
        from datetime import timedelta

        return SERIAL_EPOCH + timedelta(seconds=round(float(self) * 86400))


class TimeCell(float):
    """A cell holding a time of day (a fraction of a day), as Sheets reads a typed `2:45`."""


# ------------------------------------------------------------------------------------------------
# Service accounts and secrets


@dataclass
class ServiceAccount:
    """A service account with a real RSA key pair; `info(token_uri)` is its JSON key file."""

    email: str
    private_key_pem: str
    private_key_id: str
    project_id: str = "banphi-dashboard-test"
    client_id: str = "100000000000000000001"

    @property
    def public_key(self):
        key = serialization.load_pem_private_key(self.private_key_pem.encode(), password=None)
        return key.public_key()

    def info(self, token_uri: str) -> dict[str, str]:
        return {
            "type": "service_account",
            "project_id": self.project_id,
            "private_key_id": self.private_key_id,
            "private_key": self.private_key_pem,
            "client_email": self.email,
            "client_id": self.client_id,
            "auth_uri": "https://accounts.google.com/o/oauth2/auth",
            "token_uri": token_uri,
            "auth_provider_x509_cert_url": "https://www.googleapis.com/oauth2/v1/certs",
            "client_x509_cert_url": "https://www.googleapis.com/robot/v1/metadata/x509/"
            + self.email.replace("@", "%40"),
            "universe_domain": "googleapis.com",
        }


def make_service_account(
    email: str = "dashboard-reader@banphi-dashboard-test.iam.gserviceaccount.com", *, key_size: int = 2048
) -> ServiceAccount:
    """Generate a fresh RSA key, as the Cloud console does when it creates a JSON key."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=key_size)
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    return ServiceAccount(email=email, private_key_pem=pem, private_key_id=_secrets.token_hex(20))


def _toml_string(value: str) -> str:
    # JSON string escapes are valid TOML basic-string escapes (json never emits "\/").
    return json.dumps(str(value), ensure_ascii=False)


def write_secrets(
    path: str | Path, account_info: Mapping[str, Any] | None, sheets: Mapping[str, Any] | None
) -> Path:
    """Write a `.streamlit/secrets.toml`-shaped file: [gcp_service_account] and [sheets]."""
    lines: list[str] = []
    if account_info is not None:
        lines.append("[gcp_service_account]")
        lines += [f"{k} = {_toml_string(v)}" for k, v in account_info.items()]
        lines.append("")
    if sheets is not None:
        lines.append("[sheets]")
        for stem, value in sheets.items():
            if isinstance(value, Mapping):
                inner = ", ".join(f"{k} = {_toml_string(v)}" for k, v in value.items())
                lines.append(f"{stem} = {{ {inner} }}")
            else:
                lines.append(f"{stem} = {_toml_string(value)}")
        lines.append("")
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(lines), encoding="utf-8")
    return target


# ------------------------------------------------------------------------------------------------
# What a sheet holds when a form has written the answers a CSV export shows as text

_DIGITS = re.compile(r"-?[0-9]+")
_DECIMAL = re.compile(r"-?[0-9]+\.[0-9]+")
_HOURS_MINUTES = re.compile(r"([0-9]{1,2}):([0-5][0-9])")
_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})(?:,?\s+(\d{1,2}):(\d{2})(?::(\d{2}))?)?")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2}))?)?")


def _parse_when(text: str) -> datetime | None:
    m = _DMY.fullmatch(text) or _ISO.fullmatch(text)
    if not m:
        return None
    if m.re is _DMY:
        day, month, year = int(m[1]), int(m[2]), int(m[3])
    else:
        year, month, day = int(m[1]), int(m[2]), int(m[3])
    if year >= 2400:  # a Thai-locale sheet writes Buddhist Era years
        year -= 543
    try:
        return datetime(year, month, day, int(m[4] or 0), int(m[5] or 0), int(m[6] or 0))
    except ValueError:
        return None


def sheet_value(text: str, *, timestamp: bool = False, times: bool = True) -> Any:
    """The value Sheets holds for an answer shown as TEXT in a CSV export.

    Date-times in a timestamp column become serial numbers; digit-only answers become numbers
    (`0812345678` → 812345678: the leading zero is gone); a typed `2:45` becomes a time of day;
    everything else stays text. Empty text is an empty cell.
    """
    if text == "":
        return None
    if timestamp:
        when = _parse_when(text.strip())
        if when is not None:
            return DateTimeCell.from_datetime(when)
    if _DIGITS.fullmatch(text):
        number = int(text)
        # Sheets holds doubles: past 2**53 digits are lost, as in a real sheet.
        return number if abs(number) <= 2**53 else float(number)
    if _DECIMAL.fullmatch(text):
        return float(text)
    if times:
        m = _HOURS_MINUTES.fullmatch(text)
        if m and int(m[1]) < 24:
            return TimeCell((int(m[1]) * 60 + int(m[2])) / 1440)
    return text


def sheet_values_from_rows(
    rows: Iterable[Iterable[str]], *, timestamp_headers: Iterable[str] = TIMESTAMP_HEADERS, times: bool = True
) -> list[list[Any]]:
    """Turn text rows (header first) into the cell values a form's response sheet would hold."""
    rows = [list(r) for r in rows]
    if not rows:
        return []
    header = [str(h) for h in rows[0]]
    stamp_names = {" ".join(h.split()) for h in timestamp_headers}
    stamp_cols = {i for i, h in enumerate(header) if " ".join(h.split()).rstrip(":") in stamp_names}
    out: list[list[Any]] = [list(header)]
    for r in rows[1:]:
        out.append([sheet_value(str(c), timestamp=i in stamp_cols, times=times) for i, c in enumerate(r)])
    return out


def sheet_values_from_csv(path: str | Path, **kwargs: Any) -> list[list[Any]]:
    """A CSV export (UTF-8, with or without BOM) → the values of the sheet it came from."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    return sheet_values_from_rows(rows, **kwargs)


def load_folder(
    api: SheetsAPI,
    folder: str | Path,
    stems: Iterable[str] | None = None,
    *,
    share_with: Iterable[str] | None = None,
    tab: str = "การตอบกลับแบบฟอร์ม 1",
    **kwargs: Any,
) -> dict[str, str]:
    """Put every `<stem>.csv` of FOLDER into its own spreadsheet; returns the [sheets] URLs by stem."""
    folder = Path(folder)
    names = list(stems) if stems is not None else sorted(p.stem for p in folder.glob("*.csv"))
    urls: dict[str, str] = {}
    for stem in names:
        values = sheet_values_from_csv(folder / f"{stem}.csv", **kwargs)
        key = spreadsheet_key(stem)
        api.add_spreadsheet(key, {tab: values}, title=stem, shared_with=share_with)
        urls[stem] = f"https://docs.google.com/spreadsheets/d/{key}/edit#gid=0"
    return urls


def spreadsheet_key(name: str) -> str:
    """A stable, realistic-looking 44-character spreadsheet key for NAME."""
    digest = base64.urlsafe_b64encode(hashlib.sha256(name.encode()).digest()).decode().rstrip("=")
    return ("1" + digest.replace("-", "x").replace("_", "y"))[:44]


# ------------------------------------------------------------------------------------------------
# Spreadsheets and A1 ranges


@dataclass
class Sheet:
    title: str
    rows: list[list[Any]]
    sheet_id: int
    hidden: bool = False
    row_count: int = DEFAULT_ROWS
    column_count: int = DEFAULT_COLUMNS

    def grid(self) -> tuple[int, int]:
        width = max((len(r) for r in self.rows), default=0)
        return max(self.row_count, len(self.rows)), max(self.column_count, width)


@dataclass
class Spreadsheet:
    key: str
    title: str
    sheets: list[Sheet]
    shared_with: set[str] | None = None  # None: readable by any authenticated caller
    editors: set[str] = field(default_factory=set)  # who may write (values:append)
    locale: str = "th_TH"
    time_zone: str = "Asia/Bangkok"

    def sheet(self, title: str) -> Sheet | None:
        return next((s for s in self.sheets if s.title == title), None)

    def first_visible(self) -> Sheet:
        return next((s for s in self.sheets if not s.hidden), self.sheets[0])


def column_letters(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _column_index(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n - 1


def quote_sheet_title(title: str) -> str:
    if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", title) and not re.fullmatch(r"[A-Za-z]{1,3}[0-9]+", title):
        return title
    return "'" + title.replace("'", "''") + "'"


_CELL = re.compile(r"([A-Za-z]{1,3})?([0-9]+)?")


class RangeError(ValueError):
    pass


@dataclass
class GridRange:
    sheet: Sheet
    row0: int
    col0: int
    row1: int | None  # exclusive; None: to the end of the grid
    col1: int | None


def parse_a1(text: str, book: Spreadsheet) -> GridRange:
    """Google's A1 notation: `Sheet!A1:B2`, `'My sheet'!A:ZZ`, `A:ZZ` (first visible sheet), `Sheet`."""
    text = text.strip()
    sheet_part, cells = None, text
    if "!" in text:
        sheet_part, cells = text.rsplit("!", 1)
    elif text.startswith("'") and text.endswith("'"):
        sheet_part, cells = text, ""
    if sheet_part is not None:
        title = sheet_part[1:-1].replace("''", "'") if sheet_part.startswith("'") and sheet_part.endswith("'") else sheet_part
        sheet = book.sheet(title)
        if sheet is None:
            raise RangeError(f"Unable to parse range: {text}")
    else:
        sheet = None
    if cells == "":
        if sheet is None:
            raise RangeError(f"Unable to parse range: {text}")
        return GridRange(sheet, 0, 0, None, None)
    bounds = _parse_cells(cells)
    if bounds is None:
        if sheet is None and book.sheet(cells) is not None:  # a bare sheet name
            return GridRange(book.sheet(cells), 0, 0, None, None)
        raise RangeError(f"Unable to parse range: {text}")
    return GridRange(sheet or book.first_visible(), *bounds)


def _parse_cells(cells: str) -> tuple[int, int, int | None, int | None] | None:
    parts = cells.split(":")
    if len(parts) > 2:
        return None
    parsed = []
    for p in parts:
        m = _CELL.fullmatch(p)
        if not m or not (m[1] or m[2]):
            return None
        parsed.append((m[1], m[2]))
    (c_a, r_a) = parsed[0]
    (c_b, r_b) = parsed[-1]
    if len(parts) == 1 and not (c_a and r_a):
        return None  # "A" or "5" alone is a name, not a range
    row0 = int(r_a) - 1 if r_a else 0
    col0 = _column_index(c_a) if c_a else 0
    row1 = int(r_b) if r_b else None
    col1 = _column_index(c_b) + 1 if c_b else None
    if row0 < 0 or (row1 is not None and row1 <= row0) or (col1 is not None and col1 <= col0):
        return None
    return row0, col0, row1, col1


# ------------------------------------------------------------------------------------------------
# Faults and bookkeeping


@dataclass
class Fault:
    """What to do instead of (or before) answering a request of KIND (`*` for any)."""

    kind: str = "batchGet"
    status: int | None = None  # None: answer normally (after `delay`), unless `body` is set
    key: str | None = None  # only for this spreadsheet
    times: int | None = 1  # None: until cleared
    retry_after: float | str | None = None
    delay: float = 0.0
    body: bytes | str | None = None  # a raw body instead of Google's JSON error
    content_type: str = "text/html; charset=UTF-8"


@dataclass
class RequestRecord:
    kind: str
    method: str
    path: str
    key: str | None
    args: dict[str, list[str]]
    status: int = 0
    account: str | None = None
    at: float = field(default_factory=time.monotonic)


@dataclass
class _Token:
    account: str
    scopes: frozenset[str]
    expires: float


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass

    def log(self, type: str, message: str, *args: Any) -> None:
        pass


def _google_error(status: int, message: str | None = None, **extra: Any) -> Response:
    name, default = _STATUS_NAMES.get(status, ("UNKNOWN", "Unknown error."))
    error = {"code": status, "message": message or default, "status": name, **extra}
    return Response(
        json.dumps({"error": error}, ensure_ascii=False), status=status, content_type="application/json; charset=UTF-8"
    )


def _oauth_error(error: str, description: str, status: int = 400) -> Response:
    body = {"error": error, "error_description": description}
    return Response(json.dumps(body), status=status, content_type="application/json; charset=utf-8")


def _b64decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


# ------------------------------------------------------------------------------------------------
# The server


class SheetsAPI:
    """Google's Sheets API v4 and token endpoint, on 127.0.0.1, holding spreadsheets in memory."""

    _ROUTES = (
        (re.compile(r"/token"), "POST", "token"),
        (re.compile(r"/v4/spreadsheets/([^/:]+)/values:batchGet"), "GET", "batchGet"),
        (re.compile(r"/v4/spreadsheets/([^/:]+)/values/(.+):append"), "POST", "append"),
        (re.compile(r"/v4/spreadsheets/([^/:]+)/values/(.+)"), "GET", "values.get"),
        (re.compile(r"/v4/spreadsheets/([^/:]+)"), "GET", "get"),
    )

    def __init__(
        self,
        *,
        port: int = 0,
        token_ttl: int = 3600,
        read_quota_per_minute: int | None = None,
        strict_grid: bool = False,
    ) -> None:
        self.port = port
        self.token_ttl = token_ttl
        self.read_quota_per_minute = read_quota_per_minute
        self.strict_grid = strict_grid  # answer 400 for a read beyond the grid instead of clipping
        self._lock = threading.RLock()
        self._spreadsheets: dict[str, Spreadsheet] = {}
        self._accounts: dict[str, tuple[Any, str | None]] = {}
        self._tokens: dict[str, _Token] = {}
        self._faults: list[Fault] = []
        self._reads: dict[str, deque[float]] = {}
        self._stopping = threading.Event()
        self._server = None
        self._thread: threading.Thread | None = None
        self._next_sheet_id = 0
        self.counts: Counter[str] = Counter()
        self.requests: list[RequestRecord] = []
        self.issued_tokens: list[str] = []
        self.assertions: list[str] = []

    # -- lifecycle ---------------------------------------------------------------------------

    def start(self) -> SheetsAPI:
        self._server = make_server("127.0.0.1", self.port, self.wsgi_app, threaded=True, request_handler=_QuietHandler)
        self.port = self._server.server_port
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, name="sheets-api", daemon=True
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stopping.set()
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
        if self._thread is not None:
            self._thread.join(timeout=5)
            self._thread = None

    def __enter__(self) -> SheetsAPI:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def token_uri(self) -> str:
        return f"{self.url}/token"

    # -- state -------------------------------------------------------------------------------

    def add_account(self, account: ServiceAccount | str, public_key: Any = None) -> None:
        """Register a service account (or an email and its public key) the token endpoint accepts."""
        with self._lock:
            if isinstance(account, ServiceAccount):
                self._accounts[account.email] = (account.public_key, account.private_key_id)
            else:
                if isinstance(public_key, (str, bytes)):
                    public_key = serialization.load_pem_public_key(
                        public_key.encode() if isinstance(public_key, str) else public_key
                    )
                self._accounts[account] = (public_key, None)

    def remove_account(self, email: str) -> None:
        """The account is deleted: its assertions are refused and its tokens stop working."""
        with self._lock:
            self._accounts.pop(email, None)
            for token, info in list(self._tokens.items()):
                if info.account == email:
                    del self._tokens[token]

    def add_spreadsheet(
        self,
        key: str,
        sheets: Mapping[str, list[list[Any]]] | list[list[Any]],
        *,
        title: str | None = None,
        shared_with: Iterable[str] | None = None,
        hidden: Iterable[str] = (),
        locale: str = "th_TH",
        time_zone: str = "Asia/Bangkok",
    ) -> Spreadsheet:
        """SHEETS maps tab title → rows of values (or is one tab's rows), in tab order; the
        spreadsheet's `time_zone` is what its metadata says (File → Settings)."""
        if not isinstance(sheets, Mapping):
            sheets = {"Sheet1": sheets}
        hidden = set(hidden)
        with self._lock:
            tabs = []
            for name, rows in sheets.items():
                tabs.append(Sheet(name, [list(r) for r in rows], self._next_sheet_id, hidden=name in hidden))
                self._next_sheet_id += 1
            book = Spreadsheet(
                key, title or key, tabs, set(shared_with) if shared_with is not None else None, locale=locale,
                time_zone=time_zone,
            )
            self._spreadsheets[key] = book
            return book

    def spreadsheet(self, key: str) -> Spreadsheet:
        return self._spreadsheets[key]

    def remove_spreadsheet(self, key: str) -> None:
        with self._lock:
            self._spreadsheets.pop(key, None)

    def share(self, key: str, email: str) -> None:
        with self._lock:
            book = self._spreadsheets[key]
            if book.shared_with is not None:
                book.shared_with.add(email)

    def make_editor(self, key: str, email: str) -> None:
        """Share as Editor: the account may read and append."""
        with self._lock:
            book = self._spreadsheets[key]
            book.editors.add(email)
            if book.shared_with is not None:
                book.shared_with.add(email)

    def unshare(self, key: str, email: str) -> None:
        with self._lock:
            book = self._spreadsheets[key]
            if book.shared_with is None:
                book.shared_with = set()
            book.shared_with.discard(email)

    def set_rows(self, key: str, rows: list[list[Any]], sheet: str | None = None) -> None:
        with self._lock:
            book = self._spreadsheets[key]
            target = book.sheet(sheet) if sheet else book.first_visible()
            target.rows = [list(r) for r in rows]

    def rename_header(self, key: str, old: str, new: str, sheet: str | None = None) -> None:
        """Edit a question title, as a form owner does: the response sheet's header changes."""
        with self._lock:
            book = self._spreadsheets[key]
            target = book.sheet(sheet) if sheet else book.first_visible()
            header = target.rows[0]
            header[header.index(old)] = new

    def fail(self, kind: str = "batchGet", status: int | None = None, **kwargs: Any) -> Fault:
        """Queue a fault: `api.fail("batchGet", 429, retry_after=1)`, `api.fail(delay=2)`, …"""
        fault = Fault(kind=kind, status=status, **kwargs)
        with self._lock:
            self._faults.append(fault)
        return fault

    def clear_faults(self) -> None:
        with self._lock:
            self._faults.clear()

    def reset_counts(self) -> None:
        with self._lock:
            self.counts.clear()
            self.requests.clear()

    def count(self, kind: str, key: str | None = None) -> int:
        with self._lock:
            return sum(1 for r in self.requests if r.kind == kind and (key is None or r.key == key))

    def expire_tokens(self) -> None:
        """Every issued token expires now (the next call answers 401 and the client refreshes)."""
        with self._lock:
            for info in self._tokens.values():
                info.expires = 0.0

    # -- WSGI --------------------------------------------------------------------------------

    def wsgi_app(self, environ: dict, start_response: Any) -> Iterable[bytes]:
        request = Request(environ)
        record = RequestRecord("other", request.method, request.path, None, request.args.to_dict(flat=False))
        response = self._dispatch(request, record)
        record.status = response.status_code
        return response(environ, start_response)

    def _dispatch(self, request: Request, record: RequestRecord) -> Response:
        kind, match = "other", None
        for pattern, method, name in self._ROUTES:
            m = pattern.fullmatch(request.path)
            if m:
                kind, match = name, m
                if request.method != method:
                    kind = "other"
                break
        record.kind = kind
        record.key = match.group(1) if match and kind != "token" else None
        with self._lock:
            self.counts[kind] += 1
            self.requests.append(record)
            fault = self._take_fault(kind, record.key)
        if fault is not None:
            if fault.delay:
                self._stopping.wait(fault.delay)
            if fault.status is not None or fault.body is not None:
                return self._fault_response(fault)
        if kind == "token":
            return self._token(request)
        if kind == "other":
            return _google_error(404, f"Method not found: {request.method} {request.path}")
        account, denied = self._authenticate(request)
        record.account = account
        if denied is not None:
            return denied
        limited = self._quota(account)
        if limited is not None:
            return limited
        with self._lock:
            book = self._spreadsheets.get(record.key)
            if book is None:
                return _google_error(404)
            if book.shared_with is not None and account not in book.shared_with:
                return _google_error(403)
            if kind == "append":
                return self._append(book, match.group(2), request, account)
            if kind == "get":
                return self._json(self._metadata(book, request))
            if kind == "values.get":
                ranges = [match.group(2)]
            else:
                ranges = request.args.getlist("ranges")
                if not ranges:
                    return _google_error(400, "Must specify at least one range.")
            try:
                value_ranges = [self._read(book, r, request) for r in ranges]
            except RangeError as exc:
                return _google_error(400, str(exc))
        if kind == "values.get":
            return self._json(value_ranges[0])
        return self._json({"spreadsheetId": book.key, "valueRanges": value_ranges})

    def _take_fault(self, kind: str, key: str | None) -> Fault | None:
        for fault in self._faults:
            if fault.kind in (kind, "*") and (fault.key is None or fault.key == key):
                if fault.times is not None:
                    fault.times -= 1
                    if fault.times <= 0:
                        self._faults.remove(fault)
                return fault
        return None

    @staticmethod
    def _fault_response(fault: Fault) -> Response:
        status = fault.status or 200
        if fault.body is not None:
            response = Response(fault.body, status=status, content_type=fault.content_type)
        else:
            response = _google_error(status)
        if fault.retry_after is not None:
            response.headers["Retry-After"] = str(fault.retry_after)
        return response

    @staticmethod
    def _json(body: Any) -> Response:
        return Response(json.dumps(body, ensure_ascii=False), content_type="application/json; charset=UTF-8")

    # -- OAuth -------------------------------------------------------------------------------

    def _token(self, request: Request) -> Response:
        if request.form.get("grant_type") != JWT_BEARER_GRANT:
            return _oauth_error("unsupported_grant_type", f"Invalid grant_type: {request.form.get('grant_type', '')}")
        assertion = request.form.get("assertion", "")
        with self._lock:
            self.assertions.append(assertion)
        try:
            head_b64, body_b64, sig_b64 = assertion.split(".")
            header = json.loads(_b64decode(head_b64))
            claims = json.loads(_b64decode(body_b64))
            signature = _b64decode(sig_b64)
        except ValueError:
            return _oauth_error("invalid_grant", "Invalid JWT: malformed assertion.")
        if header.get("alg") != "RS256":
            return _oauth_error("invalid_grant", "Invalid JWT: unsupported algorithm.")
        with self._lock:
            known = self._accounts.get(str(claims.get("iss")))
        if known is None:
            return _oauth_error("invalid_grant", "Invalid grant: account not found")
        public_key, key_id = known
        if key_id is not None and header.get("kid") not in (None, key_id):
            return _oauth_error("invalid_grant", "Invalid JWT Signature.")
        try:
            public_key.verify(signature, f"{head_b64}.{body_b64}".encode(), padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature:
            return _oauth_error("invalid_grant", "Invalid JWT Signature.")
        if claims.get("aud") not in (GOOGLE_TOKEN_AUDIENCE, self.token_uri):
            return _oauth_error("invalid_grant", "Invalid JWT: audience does not match the token endpoint.")
        now = time.time()
        iat, exp = claims.get("iat"), claims.get("exp")
        if (
            not isinstance(iat, (int, float))
            or not isinstance(exp, (int, float))
            or iat > now + 300
            or exp <= now
            or exp - iat > 3600
        ):
            return _oauth_error(
                "invalid_grant",
                "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe. "
                "Check your iat and exp values in the JWT claim.",
            )
        scopes = frozenset(str(claims.get("scope", "")).split())
        if not scopes:
            return _oauth_error("invalid_scope", "Empty or missing scope not allowed.")
        token = "ya29.loopback-" + _secrets.token_urlsafe(32)
        with self._lock:
            self._tokens[token] = _Token(str(claims["iss"]), scopes, time.monotonic() + self.token_ttl)
            self.issued_tokens.append(token)
        body = {"access_token": token, "expires_in": self.token_ttl, "token_type": "Bearer"}
        return Response(json.dumps(body), content_type="application/json; charset=utf-8")

    def _authenticate(self, request: Request) -> tuple[str | None, Response | None]:
        header = request.headers.get("Authorization", "")
        if not header.startswith("Bearer "):
            return None, _google_error(
                401,
                "Request is missing required authentication credential. Expected OAuth 2 access token, "
                "login cookie or other valid authentication credential.",
            )
        with self._lock:
            info = self._tokens.get(header[7:].strip())
        if info is None or info.expires <= time.monotonic():
            return None, _google_error(401)
        if not info.scopes & READ_SCOPES:
            return info.account, _google_error(403, "Request had insufficient authentication scopes.")
        return info.account, None

    def _quota(self, account: str | None) -> Response | None:
        if self.read_quota_per_minute is None:
            return None
        now = time.monotonic()
        with self._lock:
            window = self._reads.setdefault(account or "", deque())
            while window and window[0] <= now - 60:
                window.popleft()
            if len(window) >= self.read_quota_per_minute:
                return _google_error(429)
            window.append(now)
        return None

    # -- writing -----------------------------------------------------------------------------

    def _append(self, book: Spreadsheet, text: str, request: Request, account: str | None) -> Response:
        """`values:append`: the rows go after the last non-empty row of the range's sheet
        (Google finds the "table" and writes below it), as RAW text or USER_ENTERED values."""
        header = request.headers.get("Authorization", "")[7:].strip()
        info = self._tokens.get(header)
        if info is None or not info.scopes & WRITE_SCOPES:
            return _google_error(403, "Request had insufficient authentication scopes.")
        if account not in book.editors:
            return _google_error(403)
        option = request.args.get("valueInputOption")
        if option not in ("RAW", "USER_ENTERED"):
            return _google_error(400, f"Invalid valueInputOption: {option or 'INPUT_VALUE_OPTION_UNSPECIFIED'}")
        try:
            body = json.loads(request.get_data(as_text=True) or "{}")
            rows = body.get("values")
            if not isinstance(rows, list) or not all(isinstance(r, list) for r in rows):
                raise ValueError
        except ValueError:
            return _google_error(400, "Invalid JSON payload received.")
        try:
            grid = parse_a1(text, book)
        except RangeError as exc:
            return _google_error(400, str(exc))
        sheet = grid.sheet
        used = len(sheet.rows)
        while used and not any(c not in ("", None) for c in sheet.rows[used - 1]):
            used -= 1
        start = used + 1  # 1-based row of the first appended row
        values = [[self._entered(c, option) for c in r] for r in rows]
        del sheet.rows[used:]
        sheet.rows.extend(values)
        width = max((len(r) for r in values), default=0)
        col0 = grid.col0
        title = quote_sheet_title(sheet.title)
        updates = {
            "spreadsheetId": book.key,
            "updatedRange": f"{title}!{column_letters(col0)}{start}:{column_letters(col0 + width - 1)}{start + len(values) - 1}",
            "updatedRows": len(values),
            "updatedColumns": width,
            "updatedCells": sum(len(r) for r in values),
        }
        out: dict[str, Any] = {"spreadsheetId": book.key, "updates": updates}
        if used:
            table_width = max(len(r) for r in sheet.rows[:used])
            out["tableRange"] = f"{title}!A1:{column_letters(max(table_width, 1) - 1)}{used}"
        return self._json(out)

    @staticmethod
    def _entered(value: Any, option: str) -> Any:
        """RAW keeps text as typed; USER_ENTERED reads numbers as numbers (as typing them does)."""
        if value is None:
            return ""
        if option == "USER_ENTERED" and isinstance(value, str) and re.fullmatch(r"-?\d+(\.\d+)?", value.strip()):
            number = float(value)
            return int(number) if number.is_integer() else number
        return value

    # -- reading -----------------------------------------------------------------------------

    def _metadata(self, book: Spreadsheet, request: Request) -> dict:
        sheets = []
        for index, s in enumerate(book.sheets):
            rows, cols = s.grid()
            props = {
                "sheetId": s.sheet_id,
                "title": s.title,
                "index": index,
                "sheetType": "GRID",
                "gridProperties": {"rowCount": rows, "columnCount": cols, "frozenRowCount": 1},
            }
            if s.hidden:
                props["hidden"] = True
            sheets.append({"properties": props})
        return {
            "spreadsheetId": book.key,
            "properties": {"title": book.title, "locale": book.locale, "timeZone": book.time_zone},
            "sheets": sheets,
            "spreadsheetUrl": f"https://docs.google.com/spreadsheets/d/{book.key}/edit",
        }

    def _read(self, book: Spreadsheet, text: str, request: Request) -> dict:
        grid = parse_a1(text, book)
        sheet = grid.sheet
        rows, cols = sheet.grid()
        row1 = grid.row1 if grid.row1 is not None else rows
        col1 = grid.col1 if grid.col1 is not None else cols
        if self.strict_grid and (row1 > rows or col1 > cols):
            raise RangeError(
                f"Range ({quote_sheet_title(sheet.title)}!{text.rsplit('!', 1)[-1]}) exceeds grid limits. "
                f"Max rows: {rows}, max columns: {cols}"
            )
        row1, col1 = min(row1, rows), min(col1, cols)
        unformatted = request.args.get("valueRenderOption", "FORMATTED_VALUE") != "FORMATTED_VALUE"
        serial = request.args.get("dateTimeRenderOption", "SERIAL_NUMBER") == "SERIAL_NUMBER"
        columns = request.args.get("majorDimension", "ROWS") == "COLUMNS"
        block = [
            [self._render(c, book, unformatted, serial) for c in (r[grid.col0 : col1] if r else [])]
            for r in sheet.rows[grid.row0 : row1]
        ]
        if columns:
            width = max((len(r) for r in block), default=0)
            block = [[r[i] if i < len(r) else "" for r in block] for i in range(width)]
        # Google omits trailing empty cells of each row and trailing empty rows.
        trimmed: list[list[Any]] = []
        for r in block:
            end = len(r)
            while end and r[end - 1] == "":
                end -= 1
            trimmed.append(r[:end])
        while trimmed and not trimmed[-1]:
            trimmed.pop()
        a1 = f"{quote_sheet_title(sheet.title)}!{column_letters(grid.col0)}{grid.row0 + 1}:{column_letters(col1 - 1)}{row1}"
        out: dict[str, Any] = {"range": a1, "majorDimension": "COLUMNS" if columns else "ROWS"}
        if trimmed:
            out["values"] = trimmed
        return out

    @staticmethod
    def _render(value: Any, book: Spreadsheet, unformatted: bool, serial: bool) -> Any:
        if value is None or value == "":
            return ""
        if isinstance(value, bool):
            return value if unformatted else ("TRUE" if value else "FALSE")
        if isinstance(value, (DateTimeCell, TimeCell)):
            if unformatted and serial:
                number = float(value)
                return int(number) if number.is_integer() else number
            return _format_when(value, book.locale)
        if isinstance(value, float):
            if unformatted:
                return int(value) if value.is_integer() else value
            return f"{value:.10g}"
        if isinstance(value, int):
            return value if unformatted else str(value)
        return str(value)


def _format_when(value: float, locale: str) -> str:
    """How a sheet displays a date-time or time in its locale (formatted reads depend on it)."""
    if isinstance(value, TimeCell):
        seconds = round(float(value) * 86400)
        return f"{seconds // 3600}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    when = DateTimeCell(value).to_datetime()
    clock = f"{when.hour}:{when.minute:02d}:{when.second:02d}"
    if locale.startswith("th"):
        return f"{when.day}/{when.month}/{when.year + 543}, {clock}"
    return f"{when.month}/{when.day}/{when.year} {clock}"
