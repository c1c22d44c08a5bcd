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

This module is the reader (the pull, its tables, the header check); its parts live beside it:
`sheet_targets` (which spreadsheets, which credentials), `sheet_transport` (HTTP, retries, the
token), `sheet_messages` (what a failure says) and `last_good` (the last good pull on disk).
Their public names are importable from here too.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import datetime, timezone
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd
import requests

from dashboard import config
from dashboard.config import Config, SourceSpec, fold_header
from dashboard.corrections import table_from_values as _corrections_table
from dashboard.errors import (
    ConfigError,
    DashboardError,
    MissingColumn,
    SourceError,
    SourceUnavailable,
    Words,
)
from dashboard.sources.bundle import RawBundle

# The parts' names, importable from here as before (sheets_append, the loader, tests).
from dashboard.sources.last_good import (
    LastGood,
    source_zones,
)
from dashboard.sources.last_good import last_good as last_good
from dashboard.sources.local import cell_text, frame_from_rows
from dashboard.sources.sheet_messages import (
    api_error,
    auth_error,
    not_json,
    token_service_down,
    token_unreachable,
    unavailable,
)
from dashboard.sources.sheet_targets import (
    CORRECTIONS,
    LABEL,
    USERS,
    SheetTarget,
    credentials,
    service_account_email,
    sheet_targets,
)
from dashboard.sources.sheet_targets import SCOPES as SCOPES
from dashboard.sources.sheet_targets import corrections_target as corrections_target
from dashboard.sources.sheet_targets import credentials as _credentials  # noqa: F401
from dashboard.sources.sheet_targets import reset_credentials as reset_credentials
from dashboard.sources.sheet_targets import spreadsheet_key as spreadsheet_key
from dashboard.sources.sheet_transport import GOOGLE_SHEETS_ROOT as GOOGLE_SHEETS_ROOT
from dashboard.sources.sheet_transport import (
    Budget,
    GiveUp,
    RetryPolicy,
    TokenServerError,
    authorized_session,
    ensure_token,
    http_client_class,
)

log = logging.getLogger(__name__)
# Quiet unless the application configures logging: the CLI prints its own one-line notice.
log.addHandler(logging.NullHandler())

# A range without a sheet name reads the first visible sheet (Sheets API, "A1 notation"), so
# the responses tab is read without a metadata request, whatever the form's language named it.
FIRST_TAB_RANGE = "A:ZZ"
READ_PARAMS = {
    "majorDimension": "ROWS",
    "valueRenderOption": "UNFORMATTED_VALUE",
    "dateTimeRenderOption": "SERIAL_NUMBER",
}







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






def corrections_from_values(rows: list[list[Any]]) -> pd.DataFrame:
    """The corrections tab's values (numbers as the sheet shows them) as a text table."""
    return _corrections_table([[c if type(c) is str else cell_text(c) for c in r] for r in rows])
















# ------------------------------------------------------------------------------------------------
# Transport: gspread's HTTP client, rooted at the emulator when asked, with bounded retries


























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


def _fetch(
    http, group: list[SheetTarget], email: str, creds, zones: dict[str, str]
) -> dict[str, tuple[str, list[list[Any]]]]:
    """One batchGet of one spreadsheet's tabs → {source id: (tab title, rows of raw values)}.

    A spreadsheet whose time zone is not in `zones` yet has it read first (once, then kept)."""
    from google.auth.exceptions import RefreshError, TransportError
    from gspread.exceptions import APIError

    target = group[0]  # what errors name: the first source read from this spreadsheet
    try:
        if target.key not in zones:
            meta = http.fetch_sheet_metadata(target.key, params={"fields": "properties.timeZone"})
            zone = meta.get("properties", {}).get("timeZone") if isinstance(meta, dict) else None
            zones[target.key] = str(zone) if zone else ""
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
                raise SourceError.from_key("gsheets.no_tabs", sheet_key=target.key) from err
            ranges = [_range(t) if t.tab else _quote_tab(first["title"]) for t in group]
            body = http.values_batch_get(target.key, ranges, params=dict(READ_PARAMS))
    except GiveUp as give_up:
        raise unavailable(give_up.cause, target, http.policy, give_up.wait) from None
    except APIError as err:
        bad_tab = next((t for t in group if t.tab and _quote_tab(t.tab) in str(err.error.get("message", ""))), None)
        raise api_error(err, bad_tab or target, email) from None
    except requests.exceptions.JSONDecodeError:
        raise not_json(target) from None
    except TokenServerError as err:
        raise token_service_down(err.status) from None
    except RefreshError as err:
        raise auth_error(err, creds, email) from None
    except TransportError:
        raise token_unreachable(creds) from None
    except requests.RequestException as err:
        raise unavailable(err, target, http.policy, None) from None
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
        raise SourceUnavailable.from_key("gsheets.odd_shape", stem=target.stem, sheet_key=target.key) from None
    return out








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


def _redact(value: object, secret: str) -> object:
    if isinstance(value, Words):
        return Words(value.th.replace(secret, "[redacted]"), value.en.replace(secret, "[redacted]"))
    return value.replace(secret, "[redacted]") if isinstance(value, str) else value


def _scrub(err: DashboardError, secret_values: list[str]) -> DashboardError:
    """Belt and braces: no message leaves this module holding key material or a token."""
    for value in secret_values:
        if value in err.message_en or value in err.message_th:
            err.message_en = err.message_en.replace(value, "[redacted]")
            err.message_th = err.message_th.replace(value, "[redacted]")
            err.args = (err.message_en,)
        err.values = {k: _redact(v, value) for k, v in err.values.items()}
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
    zones: dict[str, str] | None = None,
) -> tuple[dict[str, pd.DataFrame], dict[str, str]]:
    import gspread

    email = service_account_email(secrets) or "(no client_email)"
    creds = credentials(secrets)
    owned = session is None
    budget = Budget(policy)
    if owned:
        ensure_token(creds, policy, email, budget)
        session = authorized_session(creds, policy)
    elif getattr(getattr(session, "credentials", None), "valid", True) is False:
        # An injected AuthorizedSession: one token before the parallel reads, not one per thread.
        ensure_token(session.credentials, policy, email, budget)
    client_class = http_client_class()
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
            zones = {} if zones is None else zones
            futures = {key: pool.submit(_fetch, http, group, email, creds, zones) for key, group in groups.items()}
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
        raise ConfigError.from_key("gsheets.endpoint_not_url", setting=config.ENDPOINT_ENV, value=root)
    policy = policy or RetryPolicy.from_env()
    store = LastGood(Path(cache_dir) if cache_dir else config.cache_dir(), targets)
    stats = PullStats()
    started = time.monotonic()
    kept_zones = store.zones()
    zones = dict(kept_zones)
    try:
        tables, tabs = _pull(cfg, targets, secrets, session, root, policy, stats, headers_checked, zones)
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
            zones=source_zones(targets, kept_zones),
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
        if zones != kept_zones:
            store.save_zones(zones)
        if headers_checked:
            store.save(tables, tabs, pulled_at)
    except OSError as err:
        log.warning("Cannot keep the last good pull in %s: %s", store.path.parent, err.strerror)
        notes.append(f"last good data not saved: {store.path.parent} is not writable")
    return RawBundle(tables=tables, kind="gsheets", label=LABEL, pulled_at=pulled_at, notes=notes,
                     zones=source_zones(targets, zones))


def _credentials_cache_lookup(secrets: Mapping[str, Any]):
    try:
        return credentials(secrets)
    except DashboardError:
        return None


def _publish(stats: PullStats) -> None:
    last_pull.requests, last_pull.retries, last_pull.seconds = stats.requests, stats.retries, stats.seconds
