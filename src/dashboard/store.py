"""The store several replicas share (Redis), when `DASHBOARD_REDIS_URL` names one.

Streamlit keeps every session in one process, so a dashboard behind a load balancer runs
several processes. Without a shared store each would pull the Sheets on its own, keep its own
last good data, its own "refresh now" limit and its own download log. With one:

- the loaded dataset (the pulled tables and what the pipeline made of them) is kept under one
  key with the wall-clock time of its pull, so its age is the same on every replica;
- a pull is single flight across replicas: one lock per dataset (`SET NX PX`), released only
  by its holder; the others wait for the data it writes;
- the last good pull of the Sheets is kept there as well as on disk;
- the download log is one list (`python -m dashboard downloads` reads it).

The stored dataset is a pickle: the store must be private to the dashboard's replicas (a Redis
on a private network or loopback, `requirepass` where it is shared), as the data holds personal
data anyway. Without `DASHBOARD_REDIS_URL` nothing here is used and each process is on its own.
A store that stops answering is logged and the process falls back to its own pull (no visitor
is refused because Redis is down); a download is then logged to the local file.

Nothing here imports Streamlit.
"""

from __future__ import annotations

import logging
import pickle
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from dashboard.config import setting

log = logging.getLogger(__name__)

STORE_ENV = "DASHBOARD_REDIS_URL"
PREFIX_ENV = "DASHBOARD_REDIS_PREFIX"
DEFAULT_PREFIX = "banphi:"
LOCK_TTL = 120.0  # seconds a pull may hold the lock (a pull's retries stop well before)
ENTRY_KEEP = 24 * 3600.0  # a dataset is kept this long in the store (it is refreshed far sooner)
DOWNLOADS = "downloads"

# Release the lock only if it is still ours (it may have expired and been taken by another).
_RELEASE = """
if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end
"""


class StoreUnavailable(Exception):
    """The store did not answer (a connection or protocol error)."""


@dataclass(frozen=True)
class Stored:
    value: Any
    at: float  # wall-clock time (time.time()) of the pull


class Store:
    """A Redis store under a key prefix. Every method raises StoreUnavailable on a Redis error."""

    def __init__(self, url: str, *, prefix: str | None = None, client: Any = None) -> None:
        import redis

        self.url = url
        self.prefix = prefix if prefix is not None else (setting(PREFIX_ENV) or DEFAULT_PREFIX)
        self._redis = client or redis.Redis.from_url(url, socket_timeout=10, socket_connect_timeout=3,
                                                     health_check_interval=30)
        self._errors: tuple[type[BaseException], ...] = (redis.RedisError, OSError)

    @property
    def where(self) -> str:
        """The URL without its password, for messages."""
        from urllib.parse import urlsplit

        parts = urlsplit(self.url)
        host = parts.hostname or ""
        return f"{parts.scheme}://{host}{':' + str(parts.port) if parts.port else ''}{parts.path}"

    def _k(self, name: str) -> str:
        return self.prefix + name

    def _call(self, fn: Callable[[], Any]) -> Any:
        try:
            return fn()
        except self._errors as err:
            raise StoreUnavailable(f"{type(err).__name__}: {err}") from err

    def ping(self) -> bool:
        return bool(self._call(self._redis.ping))

    # ---- values with the time of their pull ---------------------------------------------------

    def get_entry(self, name: str) -> Stored | None:
        """The value stored under NAME and when it was pulled; None when absent or unreadable."""
        got = self._call(lambda: self._redis.hmget(self._k(name), "at", "value"))
        at, blob = got
        if at is None or blob is None:
            return None
        try:
            return Stored(pickle.loads(blob), float(at))
        except Exception as err:  # noqa: BLE001 (written by another version, or cut short: any error)
            log.warning("Ignoring an unreadable shared entry %s (%s)", name, type(err).__name__)
            return None

    def entry_time(self, name: str) -> float | None:
        at = self._call(lambda: self._redis.hget(self._k(name), "at"))
        return None if at is None else float(at)

    def put_entry(self, name: str, value: Any, at: float, keep: float = ENTRY_KEEP) -> int:
        """Store VALUE pulled at AT (wall clock); returns the bytes stored."""
        blob = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        key = self._k(name)

        def write() -> None:
            pipe = self._redis.pipeline(transaction=True)
            pipe.hset(key, mapping={"at": repr(at), "value": blob})
            pipe.pexpire(key, int(keep * 1000))
            pipe.execute()

        self._call(write)
        return len(blob)

    # ---- bytes ---------------------------------------------------------------------------------

    def get_bytes(self, name: str) -> bytes | None:
        return self._call(lambda: self._redis.get(self._k(name)))

    def put_bytes(self, name: str, data: bytes) -> None:
        self._call(lambda: self._redis.set(self._k(name), data))

    # ---- a lock held by one process at a time ----------------------------------------------------

    def acquire(self, name: str, ttl: float = LOCK_TTL) -> str | None:
        """A token if the lock NAME was free (it then expires after TTL unless released), else None."""
        token = uuid.uuid4().hex
        ok = self._call(lambda: self._redis.set(self._k(name), token, nx=True, px=int(ttl * 1000)))
        return token if ok else None

    def release(self, name: str, token: str) -> bool:
        return bool(self._call(lambda: self._redis.eval(_RELEASE, 1, self._k(name), token)))

    def held(self, name: str) -> bool:
        return bool(self._call(lambda: self._redis.exists(self._k(name))))

    # ---- an append-only log ----------------------------------------------------------------------

    def append(self, name: str, line: str) -> int:
        """Append LINE to the list NAME; returns the list's length."""
        return int(self._call(lambda: self._redis.rpush(self._k(name), line.encode("utf-8"))))

    def lines(self, name: str) -> list[str]:
        raw = self._call(lambda: self._redis.lrange(self._k(name), 0, -1))
        return [b.decode("utf-8", errors="replace") for b in raw]


_stores: dict[str, Store] = {}


def store_url() -> str | None:
    url = setting(STORE_ENV)
    return url or None


def get_store() -> Store | None:
    """The shared store named by $DASHBOARD_REDIS_URL (one client per URL), or None."""
    url = store_url()
    if url is None:
        return None
    store = _stores.get(url)
    if store is None:
        store = _stores[url] = Store(url)
    return store


def shared_load(
    store: Store,
    name: str,
    load: Callable[[], Any],
    fresh: Callable[[Stored], bool],
    *,
    lock_ttl: float = LOCK_TTL,
    poll: float = 0.05,
    clock: Callable[[], float] = time.time,
) -> tuple[Stored, bool]:
    """The entry NAME if `fresh` says it is, else one pull across every process sharing the store.

    Returns (entry, new): `new` when the entry was pulled here or written after this call began.
    Whoever takes the lock pulls and writes the entry; the others wait and take what it wrote (an
    entry written after they asked counts as fresh). If the holder fails, the next one to take the
    lock tries. Raises StoreUnavailable if Redis fails (the load's own errors pass through).
    """
    asked = clock()
    lock = name + ":lock"
    deadline = asked + lock_ttl + 5
    while True:
        hit = store.get_entry(name)
        if hit is not None and (hit.at >= asked or fresh(hit)):
            return hit, hit.at >= asked
        token = store.acquire(lock, lock_ttl)
        if token is not None:
            try:
                # Another process may have written the entry between the read and the lock.
                hit = store.get_entry(name)
                if hit is not None and (hit.at >= asked or fresh(hit)):
                    return hit, hit.at >= asked
                value = load()
                at = clock()
                store.put_entry(name, value, at)
                return Stored(value, at), True
            finally:
                try:
                    store.release(lock, token)
                except StoreUnavailable:
                    pass  # it expires by itself
        if clock() > deadline:
            raise StoreUnavailable(f"the pull of {name} held its lock for more than {lock_ttl:.0f} s")
        # Wait until the holder has written (or given up), then look again.
        while store.held(lock) and clock() < deadline:
            time.sleep(poll)
