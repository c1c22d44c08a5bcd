"""The last good Google Sheets pull, on disk: served, marked stale, when a pull fails."""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd

from dashboard import config
from dashboard.config import Config
from dashboard.sources.bundle import RawBundle
from dashboard.sources.sheet_targets import CORRECTIONS, LABEL, USERS, SheetTarget, sheet_targets
from dashboard.store import StoreUnavailable, get_store

# One logger for the Sheets reader, whichever part of it speaks.
log = logging.getLogger("dashboard.sources.gsheets")

CACHE_FORMAT = 1


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
        # dumps, not dump: the C encoder does the whole document at once.
        data = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        _share(self.path.name, data)  # several replicas: the shared store keeps it too
        folder = self.path.parent
        # The tables hold personal data (names, ID numbers, phones): only this user may read them.
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".gsheets-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
            os.chmod(tmp, 0o600)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    @property
    def zones_path(self) -> Path:
        # Its own name: the zones outlive a corrupt or discarded pull file.
        return self.path.with_name("zones-" + self.path.name.removeprefix("gsheets-"))

    def zones(self) -> dict[str, str]:
        """Spreadsheet key -> its time zone, as read once and kept (the shared store first)."""
        shared = _shared(self.zones_path.name)
        try:
            data = json.loads(shared if shared is not None else self.zones_path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        return {str(k): str(v) for k, v in data.items() if isinstance(v, str)}

    def save_zones(self, zones: Mapping[str, str]) -> None:
        """Keep every spreadsheet's time zone, so a later pull (on any replica) reads none again."""
        data = json.dumps(dict(sorted(zones.items())), separators=(",", ":")).encode("utf-8")
        _share(self.zones_path.name, data)
        self.zones_path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        self.zones_path.write_bytes(data)

    def load(self, cfg: Config) -> tuple[dict[str, pd.DataFrame], datetime] | None:
        try:
            shared = _shared(self.path.name)
            payload = json.loads(shared if shared is not None else self.path.read_text(encoding="utf-8"))
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
    targets = sheet_targets(secrets, cfg)
    store = LastGood(Path(cache_dir or config.cache_dir()), targets)
    kept = store.load(cfg)
    if kept is None:
        return None
    tables, pulled_at = kept
    return RawBundle(tables=tables, kind="gsheets", label=LABEL, pulled_at=pulled_at, stale=True,
                     zones=source_zones(targets, store.zones()))


def source_zones(targets: list[SheetTarget], zones: Mapping[str, str]) -> dict[str, str]:
    """Source id -> its spreadsheet's time zone, for the spreadsheets whose zone is known."""
    return {t.sid: zones[t.key] for t in targets if zones.get(t.key)}


def _share(name: str, data: bytes) -> None:
    """Keep the last good pull in the shared store too (dashboard/store.py), when there is one."""
    store = get_store()
    if store is not None:
        try:
            store.put_bytes("lastgood:" + name, data)
        except StoreUnavailable as err:
            log.warning("Cannot keep the last good pull in the shared store: %s", err)


def _shared(name: str) -> bytes | None:
    """The shared store's last good pull (newer than any replica's own file), or None."""
    store = get_store()
    if store is None:
        return None
    try:
        return store.get_bytes("lastgood:" + name)
    except StoreUnavailable as err:
        log.warning("Cannot read the last good pull from the shared store: %s", err)
        return None
