"""The download log: one JSON line per download, appended, never rewritten.

It records who (the signed-in email, nothing else about them) under which role and province
scope, when, which table, under which filters, how many rows, and whether names and phone
numbers were in clear. The department reads it with `python -m dashboard downloads`.
"""

from __future__ import annotations

import json
import os
import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from dashboard.config import CACHE_DIR_ENV, cache_dir, setting
from dashboard.errors import ConfigError

AUDIT_ENV = "DASHBOARD_AUDIT_LOG"
_lock = threading.Lock()


def log_path() -> Path:
    env = setting(AUDIT_ENV)
    return Path(env).expanduser() if env else cache_dir() / "downloads.jsonl"


def record_download(
    email: str | None,
    table: str,
    filters: dict[str, Any],
    rows: int,
    fmt: str,
    path: Path | None = None,
    *,
    role: str | None = None,
    scope: Any = None,
    names: bool | None = None,
    phones: bool | None = None,
) -> dict:
    """Append one line for a download and return it.

    `role` and `scope` (province codes, or "*" for every province) say under which access the
    file was made; `names` / `phones` whether it holds names / phone numbers in clear.
    """
    entry = {
        "at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "email": email,
        "table": table,
        "format": fmt,
        "filters": {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in filters.items() if v is not None},
        "rows": int(rows),
    }
    if role is not None:
        entry["role"] = role
        entry["scope"] = list(scope) if scope is not None else "*"
        entry["names"] = bool(names)
        entry["phones"] = bool(phones)
    if path is None and _append_shared(entry):
        return entry
    target = path or log_path()
    line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        with _lock:
            # O_APPEND: each line lands whole at the end, even with several processes writing.
            fd = os.open(target, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o640)
            try:
                size = os.fstat(fd).st_size
                if size and os.pread(fd, 1, size - 1) != b"\n":
                    # The last write was cut short: this line starts on a line of its own.
                    line = b"\n" + line
                os.write(fd, line)
            finally:
                os.close(fd)
    except PermissionError:
        setting_used = AUDIT_ENV if setting(AUDIT_ENV) else CACHE_DIR_ENV
        raise ConfigError.from_key(
            "audit.log_not_writable", path=target, folder=target.parent, setting=setting_used
        ) from None
    return entry


def read_log(path: Path | None = None, *, with_torn: bool = False):
    """The log's entries; a line that is not a whole entry (a write cut short) is skipped and
    counted: `(entries, torn)` with `with_torn`."""
    target = path or log_path()
    entries: list[dict] = []
    torn = 0
    shared = _shared_lines() if path is None else None

    def take(lines) -> None:
        nonlocal torn
        for line in lines:
            if not line.strip():
                continue
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                torn += 1
                continue
            if isinstance(entry, dict) and "at" in entry and "table" in entry:
                entries.append(entry)
            else:
                torn += 1

    if shared is not None:
        take(shared)
    if target.exists():
        with open(target, encoding="utf-8", errors="replace") as fh:
            take(fh)
    if shared is not None:
        entries.sort(key=lambda e: str(e["at"]))  # the store's lines and any a failing store left here
    return (entries, torn) if with_torn else entries


# ---- several replicas: one log in the shared store (dashboard/store.py) ---------------------


def _append_shared(entry: dict) -> bool:
    """Append ENTRY to the shared store's log; False when there is no store or it fails (then
    the line goes to this machine's file, and `read_log` reads both)."""
    from dashboard.store import DOWNLOADS, StoreUnavailable, get_store

    store = get_store()
    if store is None:
        return False
    try:
        store.append(DOWNLOADS, json.dumps(entry, ensure_ascii=False))
        return True
    except StoreUnavailable as err:
        import logging

        logging.getLogger(__name__).warning("Download logged to %s: the shared store fails (%s)", log_path(), err)
        return False


def _shared_lines() -> list[str] | None:
    from dashboard.store import DOWNLOADS, StoreUnavailable, get_store

    store = get_store()
    if store is None:
        return None
    try:
        return store.lines(DOWNLOADS)
    except StoreUnavailable:
        raise ConfigError.from_key("audit.store_silent", store=store.where) from None
