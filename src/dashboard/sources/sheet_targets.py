"""Which spreadsheets to read and as whom: the [sheets] and [gcp_service_account] tables of the secrets."""

from __future__ import annotations

import hashlib
import logging
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from dashboard import config
from dashboard.config import Config
from dashboard.errors import AuthError, ConfigError, Words, words

# One logger for the Sheets reader, whichever part of it speaks.
log = logging.getLogger("dashboard.sources.gsheets")

LABEL = "Google Sheets"
USERS = "users"  # the optional role table (email or domain, role, provinces); see dashboard.access
CORRECTIONS = "corrections"  # the optional corrections table; see dashboard.corrections
SCOPES = ("https://www.googleapis.com/auth/spreadsheets.readonly",)
KEY_PATTERN = re.compile(r"[A-Za-z0-9_-]{8,}")
URL_KEY_PATTERN = re.compile(r"/spreadsheets/d/([A-Za-z0-9_-]+)")
SECRETS_TABLE = "[gcp_service_account]"


@dataclass(frozen=True)
class SheetTarget:
    sid: str
    stem: str
    key: str
    tab: str | None = None  # None: the first visible tab


def sheet_targets(secrets: Mapping[str, Any], cfg: Config) -> list[SheetTarget]:
    """The six spreadsheets from the secrets' [sheets] table, in contract order."""
    sheets = secrets.get("sheets")
    stems = [cfg.sources[sid].stem for sid in cfg.source_ids]
    if not isinstance(sheets, Mapping) or not sheets:
        raise ConfigError.from_key("sheets.not_configured", stems=", ".join(stems), setting=config.SECRETS_ENV)
    unknown = sorted(set(sheets) - set(stems) - {USERS, CORRECTIONS})
    if unknown:
        log.warning("[sheets] has entries no source uses: %s", ", ".join(unknown))
    targets, missing, bad = [], [], []
    for sid in cfg.source_ids:
        stem = cfg.sources[sid].stem
        text, key, tab = sheet_entry(sheets.get(stem))
        if not text:
            missing.append(stem)
        elif key is None:
            bad.append(stem)
        else:
            targets.append(SheetTarget(sid, stem, key, tab))
    users = users_target(sheets.get(USERS))
    if users is False:
        bad.append(USERS)
    elif users is not None:
        if users.tab is None and any(t.key == users.key for t in targets):
            raise ConfigError.from_key("sheets.users_shared", example='users = { url = "…", tab = "users" }')
        targets.append(users)
    fixes = corrections_target(sheets)
    if fixes is False:
        bad.append(CORRECTIONS)
    elif fixes is not None:
        targets.append(fixes)
    if missing or bad:
        parts = []
        if missing:
            parts.append(words("sheets.no_entry", stems=", ".join(missing)))
        if bad:
            parts.append(words("sheets.not_a_sheet", stems=", ".join(bad)))
        joiner = words("sheets.and")
        problems = Words(joiner.th.join(p.th for p in parts), joiner.en.join(p.en for p in parts))
        hint = words("sheets.unknown_entries", names=", ".join(unknown)) if unknown else Words("", "")
        raise ConfigError.from_key("sheets.entries_wrong", problems=problems, hint=hint)
    return targets


def users_target(value: Any) -> SheetTarget | None | bool:
    """The optional role table (`[sheets] users`): often a tab of a spreadsheet already read, so
    `{ url = …, tab = "users" }`. None when absent, False when it names no spreadsheet."""
    text, key, tab = sheet_entry(value)
    if not text:
        return None
    return False if key is None else SheetTarget(USERS, USERS, key, tab)


def corrections_target(sheets: Mapping[str, Any]) -> SheetTarget | None | bool:
    """The optional corrections table (`[sheets] corrections`): a spreadsheet of its own (the one
    the service account may edit), or `{ url = …, tab = … }`. None when absent, False when bad."""
    text, key, tab = sheet_entry(sheets.get(CORRECTIONS))
    if not text:
        return None
    return False if key is None else SheetTarget(CORRECTIONS, CORRECTIONS, key, tab)


def sheet_entry(value: Any) -> tuple[str, str | None, str | None]:
    """One [sheets] entry — a URL, a key, or `{ url = …, tab = … }` — as (text, key, tab)."""
    tab = None
    if isinstance(value, Mapping):
        tab = str(value.get("tab") or "").strip() or None
        value = value.get("url") or value.get("key")
    text = str(value or "").strip()
    return text, (spreadsheet_key(text) if text else None), tab


def spreadsheet_key(text: str) -> str | None:
    """The key in a spreadsheet URL (`…/spreadsheets/d/KEY/edit`), or TEXT itself if it is a key."""
    m = URL_KEY_PATTERN.search(text)
    if m:
        return m.group(1)
    return text if KEY_PATTERN.fullmatch(text) else None


def service_account_email(secrets: Mapping[str, Any] | None = None) -> str | None:
    """The service account's email (what staff share the sheets with), or None."""
    secrets = config.load_secrets() if secrets is None else secrets
    info = secrets.get("gcp_service_account")
    email = info.get("client_email") if isinstance(info, Mapping) else None
    return str(email) if email else None


credentials_cache: dict[str, Any] = {}


credentials_lock = threading.Lock()


def credentials(secrets: Mapping[str, Any]):
    """google-auth credentials from [gcp_service_account], kept per key so a token serves an hour."""
    from google.oauth2 import service_account

    info = secrets.get("gcp_service_account")
    if not isinstance(info, Mapping) or not info:
        raise AuthError.from_key("sheets.no_account", table=SECRETS_TABLE)
    info = {str(k): v for k, v in info.items()}
    missing = [f for f in ("client_email", "private_key", "token_uri") if not str(info.get(f) or "").strip()]
    if missing:
        names = ", ".join(f"{SECRETS_TABLE} {f}" for f in missing)
        raise AuthError.from_key("sheets.account_lacks", names=names)
    key = str(info["private_key"])
    if "\\n" in key and "\n" not in key:
        key = key.replace("\\n", "\n")  # pasted with JSON escapes into a literal TOML string
    info["private_key"] = key
    fingerprint = hashlib.sha256(
        "\0".join((str(info["client_email"]), key, str(info["token_uri"]))).encode()
    ).hexdigest()
    with credentials_lock:
        cached = credentials_cache.get(fingerprint)
        if cached is not None:
            return cached
        try:
            creds = service_account.Credentials.from_service_account_info(info, scopes=list(SCOPES))
        except (ValueError, TypeError, IndexError):
            # The parser's own message is dropped: it must never carry key material into a page.
            raise AuthError.from_key("sheets.key_not_pem", table=SECRETS_TABLE) from None
        credentials_cache[fingerprint] = creds
        return creds


def reset_credentials() -> None:
    """Forget cached credentials and tokens (tests; a rotated key)."""
    with credentials_lock:
        credentials_cache.clear()
