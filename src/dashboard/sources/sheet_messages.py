"""What a failed Google Sheets read says, in Thai and English: the fix, never a secret."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Mapping
from typing import TYPE_CHECKING

import requests

from dashboard.errors import (
    AuthError,
    DashboardError,
    SheetNotFound,
    SheetPermissionError,
    SourceError,
    SourceNotFound,
    SourceUnavailable,
)
from dashboard.sources.sheet_targets import SECRETS_TABLE, SheetTarget

if TYPE_CHECKING:
    from dashboard.sources.sheet_transport import RetryPolicy

# One logger for the Sheets reader, whichever part of it speaks.
log = logging.getLogger("dashboard.sources.gsheets")




def describe(err: Exception) -> str:
    response = getattr(err, "response", None)
    if response is not None:
        return f"HTTP {response.status_code}"
    return err.__class__.__name__


def token_service_down(status: int | None = None) -> SourceUnavailable:
    return SourceUnavailable.from_key("gsheets.token_down", code=f" (HTTP {status})" if status else "")


def token_unreachable(creds) -> SourceUnavailable:
    uri = getattr(creds, "_token_uri", "token_uri")
    return SourceUnavailable.from_key("gsheets.token_unreachable", uri=uri, table=SECRETS_TABLE)


def auth_error(err: Exception, creds, email: str) -> DashboardError:
    data = err.args[1] if len(err.args) > 1 and isinstance(err.args[1], Mapping) else {}
    code = str(data.get("error") or "")
    if getattr(err, "retryable", False) or code in ("internal_failure", "server_error", "temporarily_unavailable"):
        return token_service_down()
    if code == "invalid_grant":
        return AuthError.from_key("gsheets.key_refused", email=email, table=SECRETS_TABLE)
    if not code:
        return AuthError.from_key("gsheets.account_refused_plain", email=email, table=SECRETS_TABLE)
    return AuthError.from_key("gsheets.account_refused", email=email, code=code, table=SECRETS_TABLE)


def api_error(err, target: SheetTarget, email: str) -> DashboardError:
    status = err.response.status_code
    message = str(err.error.get("message", ""))[:300]
    if status == 403:
        if "scope" in message:
            return AuthError.from_key("gsheets.no_scope", stem=target.stem, sheet_key=target.key, message=message)
        if re.search(r"has not been used|is disabled|SERVICE_DISABLED", message + json.dumps(err.error)):
            return AuthError.from_key("gsheets.api_disabled")
        return SheetPermissionError.from_key("gsheets.not_shared", stem=target.stem, sheet_key=target.key, email=email)
    if status == 404:
        return SourceNotFound.from_key("gsheets.no_spreadsheet", sheet_key=target.key, stem=target.stem)
    if status == 401:
        return AuthError.from_key(
            "gsheets.token_refused", stem=target.stem, sheet_key=target.key, message=message, table=SECRETS_TABLE
        )
    if status == 400 and target.tab and "parse range" in message:
        return SheetNotFound.from_key("gsheets.no_tab", stem=target.stem, sheet_key=target.key, tab=target.tab)
    return SourceError.from_key("gsheets.refused", stem=target.stem, sheet_key=target.key, status=status, message=message)


def unavailable(err: Exception, target: SheetTarget, policy: RetryPolicy, asked: float | None) -> SourceUnavailable:
    response = getattr(err, "response", None)
    status = response.status_code if response is not None else None
    stem = target.stem
    if status == 429:
        if asked:
            return SourceUnavailable.from_key("gsheets.quota_wait", stem=stem, seconds=f"{asked:g}")
        return SourceUnavailable.from_key("gsheets.quota", stem=stem)
    if status is not None:
        return SourceUnavailable.from_key("gsheets.trouble", stem=stem, status=status)
    if isinstance(err, requests.Timeout):
        return SourceUnavailable.from_key("gsheets.timeout", stem=stem, seconds=f"{policy.timeout:g}")
    return SourceUnavailable.from_key("gsheets.no_connection", stem=stem)


def not_json(target: SheetTarget) -> SourceUnavailable:
    return SourceUnavailable.from_key("gsheets.not_json", stem=target.stem)
