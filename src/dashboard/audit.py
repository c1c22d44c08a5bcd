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

from dashboard.config import cache_dir

AUDIT_ENV = "DASHBOARD_AUDIT_LOG"
_lock = threading.Lock()


def log_path() -> Path:
    env = os.environ.get(AUDIT_ENV)
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
    target = path or log_path()
    target.parent.mkdir(parents=True, exist_ok=True)
    line = (json.dumps(entry, ensure_ascii=False) + "\n").encode("utf-8")
    with _lock:
        # O_APPEND: each line lands whole at the end, even with several processes writing.
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o640)
        try:
            os.write(fd, line)
        finally:
            os.close(fd)
    return entry


def read_log(path: Path | None = None) -> list[dict]:
    target = path or log_path()
    if not target.exists():
        return []
    with open(target, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]
