"""Writing correction lines to the corrections spreadsheet: the Sheets API's `values:append`.

The only write the dashboard makes. It asks for the `spreadsheets` scope (reads keep the
read-only one), and Google lets it through only on a spreadsheet shared with the service
account as Editor: staff share that one spreadsheet so, and every form stays read-only to the
dashboard (see docs/google-sheets.md). Values are sent RAW, so a typed `=…` stays text.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

import requests

from dashboard import config
from dashboard.errors import (
    ConfigError,
    DashboardError,
    SheetNotFound,
    SourceUnavailable,
)
from dashboard.sources.gsheets import (
    GOOGLE_SHEETS_ROOT,
    _credentials,
    _quote_tab,
    corrections_target,
    service_account_email,
)

WRITE_SCOPES = ("https://www.googleapis.com/auth/spreadsheets",)


class NotEditor(DashboardError):
    """The service account may read but not edit the corrections spreadsheet."""


def _write_session(secrets: Mapping[str, Any]) -> requests.Session:
    from google.auth.transport.requests import AuthorizedSession

    creds = _credentials(secrets).with_scopes(list(WRITE_SCOPES))
    return AuthorizedSession(creds, max_refresh_attempts=1)


def append_rows(
    rows: list[list[str]],
    header: list[str],
    *,
    secrets: Mapping[str, Any] | None = None,
    session: requests.Session | None = None,
    endpoint: str | None = None,
    timeout: float | None = None,
) -> dict:
    """Append ROWS to the `[sheets] corrections` spreadsheet (HEADER first when its tab is empty);
    returns Google's `updates` object (updatedRange, updatedRows …)."""
    secrets = config.load_secrets() if secrets is None else secrets
    sheets = secrets.get("sheets") if isinstance(secrets.get("sheets"), Mapping) else {}
    target = corrections_target(sheets)
    if not target:
        raise ConfigError.from_key("append.no_spreadsheet")
    root = ((endpoint if endpoint is not None else config.sheets_endpoint()) or GOOGLE_SHEETS_ROOT).rstrip("/")
    timeout = timeout or config.sheets_timeout()
    owned = session is None
    session = session or _write_session(secrets)
    base = f"{root}/v4/spreadsheets/{target.key}/values/"
    cells = f"{_quote_tab(target.tab)}!A1:H1" if target.tab else "A1:H1"
    email = service_account_email(secrets) or "?"
    try:
        first = session.get(base + quote(cells, safe=""), timeout=timeout)
        _check(first, target.key, email)
        if not first.json().get("values"):
            rows = [header, *rows]
        a1 = f"{_quote_tab(target.tab)}!A1" if target.tab else "A1"
        answer = session.post(
            base + quote(a1, safe="") + ":append",
            params={"valueInputOption": "RAW", "insertDataOption": "INSERT_ROWS"},
            json={"majorDimension": "ROWS", "values": rows},
            timeout=timeout,
        )
        _check(answer, target.key, email)
        return answer.json().get("updates", {})
    except requests.RequestException as err:
        raise SourceUnavailable.from_key("append.unreachable", kind=err.__class__.__name__) from None
    finally:
        if owned:
            session.close()


def _check(response: requests.Response, key: str, email: str) -> None:
    if response.ok:
        return
    if response.status_code == 403:
        raise NotEditor.from_key("append.not_editor", email=email, sheet_key=key)
    if response.status_code == 404:
        raise SheetNotFound.from_key("append.not_found", sheet_key=key)
    raise SourceUnavailable.from_key("append.refused", status=response.status_code)
