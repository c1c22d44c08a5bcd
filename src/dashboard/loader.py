"""One shared, thread-safe cache of the loaded Dataset for every visitor of this process.

However many people open the dashboard at once, a refresh pulls once (single flight); the data
is served for a time to live, then pulled again on the next request. Filters are applied per
visitor after the cache (`pipeline.make_view`), so nothing per-user is cached under a shared key.
"Refresh now" pulls at once, but not more often than every 30 seconds (the service account's
read quota is 60 requests a minute, and one pull costs one request per spreadsheet).

Pages use `get_dataset`, `refresh_now` and `banner`; nothing here imports Streamlit.
"""

from __future__ import annotations

import logging
import threading
import time
from concurrent.futures import Future
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping

from dashboard import config
from dashboard import store as shared_store
from dashboard.config import Config
from dashboard.i18n import t

if TYPE_CHECKING:
    from dashboard.pipeline import Dataset
    from dashboard.sources import RawBundle

log = logging.getLogger(__name__)

STALE_TTL = 60.0  # a dataset served after a failed pull is retried sooner than a good one


def _default_load(source: str | Path, cfg: Config) -> Dataset:
    from dashboard.pipeline import load_dataset

    return load_dataset(source, cfg)


@dataclass
class _Entry:
    dataset: Any
    loaded_at: float  # monotonic
    pulled_wall: float | None = None  # with a shared store: the wall-clock time of its pull


@dataclass(frozen=True)
class RefreshResult:
    pulled: bool
    wait_seconds: float  # when not pulled: how long until a refresh is allowed
    dataset: Any = None


class SharedCache:
    """Datasets by (source, configuration file), with a TTL and one loader at a time per key."""

    def __init__(
        self,
        load: Callable[[str | Path, Config], Any] = _default_load,
        *,
        ttl: float | None = None,
        min_refresh_interval: float = config.REFRESH_MIN_INTERVAL,
        clock: Callable[[], float] = time.monotonic,
        store: shared_store.Store | None = None,
    ) -> None:
        self._load = load
        self._store = store  # None: the one $DASHBOARD_REDIS_URL names, if any
        self._ttl = ttl
        self.min_refresh_interval = min_refresh_interval
        self._clock = clock
        self._lock = threading.Lock()
        self._entries: dict[tuple[str, str], _Entry] = {}
        self._flights: dict[tuple[str, str], Future] = {}
        self.pulls = 0  # loads started, for tests and benchmarks
        self.shared_hits = 0  # datasets taken from the shared store without a pull of this process

    @property
    def ttl(self) -> float:
        return config.cache_ttl() if self._ttl is None else self._ttl

    @staticmethod
    def _key(source: str | Path, cfg: Config) -> tuple[str, str]:
        # The mapping overlay changes which column is which: another overlay, another dataset.
        mapping = getattr(cfg, "mapping", None)
        return (str(source), str(cfg.path) if mapping is None else f"{cfg.path}|{mapping}")

    def _max_age(self, entry: _Entry) -> float:
        raw = getattr(entry.dataset, "raw", None)
        return min(self.ttl, STALE_TTL) if getattr(raw, "stale", False) else self.ttl

    def _obtain(self, source: str | Path, cfg: Config, max_age: float | None) -> tuple[Any, bool, float]:
        """(dataset, pulled, age): the cached one if younger than max_age, else a pull, shared."""
        key = self._key(source, cfg)
        newest = self._newest_shared(key)  # another replica's newer pull replaces ours at once
        with self._lock:
            entry = self._entries.get(key)
            now = self._clock()
            if entry is not None:
                limit = self._max_age(entry) if max_age is None else max_age
                superseded = newest is not None and entry.pulled_wall is not None and newest > entry.pulled_wall
                if now - entry.loaded_at < limit and not superseded:
                    return entry.dataset, False, now - entry.loaded_at
            flight = self._flights.get(key)
            leader = flight is None
            if leader:
                flight = Future()
                self._flights[key] = flight
                self.pulls += 1
        if not leader:
            # Someone is pulling already: share that pull (its data, or its error).
            return flight.result()
        try:
            dataset, loaded_at, pulled, wall = self._pull(key, source, cfg, max_age)
        except BaseException as exc:
            with self._lock:
                del self._flights[key]
            flight.set_exception(exc)
            raise
        with self._lock:
            self._entries[key] = _Entry(dataset, loaded_at, wall)
            del self._flights[key]
        result = (dataset, pulled, max(0.0, self._clock() - loaded_at))
        flight.set_result(result)
        return result

    # ---- several replicas: the pull through the shared store (dashboard/store.py) -------------

    def _active_store(self) -> shared_store.Store | None:
        return self._store if self._store is not None else shared_store.get_store()

    def _newest_shared(self, key: tuple[str, str]) -> float | None:
        """When the shared store's dataset for KEY was pulled (None: no store, none, or no answer)."""
        store = self._active_store()
        if store is None:
            return None
        try:
            return store.entry_time(store_name(key))
        except shared_store.StoreUnavailable:
            return None

    def _pull(self, key: tuple[str, str], source: str | Path, cfg: Config,
              max_age: float | None) -> tuple[Any, float, bool, float | None]:
        """(dataset, loaded_at on this clock, pulled, pull's wall time): a pull of this process, or
        with a shared store the dataset every replica shares (one pull among them), aged by its pull."""
        store = self._active_store()
        if store is None:
            return self._load(source, cfg), self._clock(), True, None

        def fresh(hit: shared_store.Stored) -> bool:
            limit = self._max_age(_Entry(hit.value, 0.0)) if max_age is None else max_age
            return time.time() - hit.at < limit

        here = []

        def load() -> Any:
            here.append(1)
            return self._load(source, cfg)

        try:
            hit, new = shared_store.shared_load(store, store_name(key), load, fresh)
        except shared_store.StoreUnavailable as err:
            log.warning("The shared store does not answer (%s): pulling in this process", err)
            return self._load(source, cfg), self._clock(), True, None
        self.shared_hits += 0 if here else 1
        return hit.value, self._clock() - max(0.0, time.time() - hit.at), new, hit.at

    def get(self, source: str | Path, cfg: Config, *, force: bool = False) -> Dataset:
        """The cached dataset, or a new pull when none is fresh (or `force`); one pull at a time."""
        return self._obtain(source, cfg, 0.0 if force else None)[0]

    def refresh_now(self, source: str | Path, cfg: Config) -> RefreshResult:
        """Pull now unless the data is younger than the minimum interval (then say how long to wait)."""
        dataset, pulled, age = self._obtain(source, cfg, self.min_refresh_interval)
        return RefreshResult(pulled, 0.0 if pulled else self.min_refresh_interval - age, dataset)

    def age(self, source: str | Path, cfg: Config) -> float | None:
        """Seconds since the cached dataset was loaded, or None."""
        with self._lock:
            entry = self._entries.get(self._key(source, cfg))
        return None if entry is None else self._clock() - entry.loaded_at

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_code_digest: str | None = None


def _code() -> str:
    """A digest of this package's code: replicas of another build (a rolling update) do not
    share a pickled dataset they may read differently."""
    global _code_digest
    if _code_digest is None:
        import hashlib

        digest = hashlib.sha256()
        for path in sorted(Path(__file__).parent.rglob("*.py")):
            digest.update(path.read_bytes())
        _code_digest = digest.hexdigest()[:12]
    return _code_digest


def store_name(key: tuple[str, str]) -> str:
    """The shared store's name for a cache key (source, configuration and mapping) and this code."""
    import hashlib

    return f"dataset:{_code()}:" + hashlib.sha256("\n".join(key).encode("utf-8")).hexdigest()[:24]


_shared = SharedCache()


def shared_cache() -> SharedCache:
    return _shared


def get_dataset(source: str | Path, cfg: Config, *, force: bool = False) -> Dataset:
    """The process-wide cached dataset of SOURCE ('demo', 'gsheets', a folder, an .xlsx)."""
    return _shared.get(source, cfg, force=force)


def refresh_now(source: str | Path, cfg: Config) -> RefreshResult:
    """The "refresh now" control: pulls at most every 30 seconds, process-wide."""
    return _shared.refresh_now(source, cfg)


_raw_lock = threading.Lock()
_raw_pulls: dict[tuple[str, str], tuple[float, Any]] = {}


def raw_for_check(source: str | Path, cfg: Config) -> RawBundle:
    """The raw tables the header check (and the role table) read: the shared dataset's pull when
    it loads, else a pull of their own, shared for the cache's time to live (a sheet missing a
    required column is exactly what the check is for, and must not cost a pull per page run)."""
    from dashboard.errors import MissingColumn
    from dashboard.sources import read_source

    try:
        raw = get_dataset(source, cfg).raw
        if not raw.stale:
            return raw
        # Stale: the last good pull is served, perhaps because a header changed since.
    except MissingColumn:
        pass
    key = SharedCache._key(source, cfg)
    with _raw_lock:
        hit = _raw_pulls.get(key)
        if hit is not None and time.monotonic() - hit[0] < config.cache_ttl():
            return hit[1]
        raw = read_source(source, cfg, headers_checked=False)
        _raw_pulls[key] = (time.monotonic(), raw)
        return raw


def choose_source(secrets: Mapping[str, Any] | None = None) -> str:
    """'gsheets' when the secrets configure [sheets], else 'demo'."""
    return "gsheets" if config.sheets_configured(secrets) else "demo"


@dataclass(frozen=True)
class Banner:
    """A notice for the top of every page: `level` is 'warning' or 'info'."""

    level: str
    message_th: str
    message_en: str

    def text(self, lang: str = "th") -> str:
        return self.message_th if lang == "th" else self.message_en


def banner(raw: RawBundle, cfg: Config | None = None, *, detail: bool = True) -> Banner | None:
    """What the page must say about where its data comes from: stale data, or the demo fallback.

    `detail` False (everyone but administrators): the stale notice says when, not why — the
    reason can name a spreadsheet key or the service account's email.
    """
    when = raw.pulled_at
    if cfg is not None and when is not None:
        when = when.astimezone(cfg.timezone)
    stamp = when.strftime("%Y-%m-%d %H:%M") if when is not None else "?"
    if raw.stale:
        # The reason is already bilingual ("Thai / English"): shown whole in either language.
        reason = raw.stale_reason or ""
        if not detail:
            return Banner("warning", t("source.stale_general", "th", stamp=stamp), t("source.stale_general", "en", stamp=stamp))
        return Banner(
            "warning",
            t("loader.stale_detail", "th", stamp=stamp, reason=reason),
            t("loader.stale_detail", "en", stamp=stamp, reason=reason),
        )
    if raw.kind == "demo":
        return Banner("info", t("loader.demo", "th"), t("loader.demo", "en"))
    return None
