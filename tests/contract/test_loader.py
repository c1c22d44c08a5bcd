"""One shared cache for every visitor: a refresh pulls once, however many sessions ask at once."""

from __future__ import annotations

import threading
import time

import pytest

from dashboard import loader
from dashboard.errors import SourceUnavailable
from dashboard.loader import SharedCache, banner, choose_source
from dashboard.pipeline import make_view


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def env(live, monkeypatch):
    """The app's view of the world: secrets, endpoint and fast faults from the environment."""
    for name, value in live.env().items():
        if name.startswith("DASHBOARD_"):
            monkeypatch.setenv(name, value)
    return live


def _together(n: int, fn):
    """Run fn in n threads released at the same instant; returns (results, errors)."""
    barrier = threading.Barrier(n)
    results, errors = [], []

    def run():
        barrier.wait()
        try:
            results.append(fn())
        except Exception as exc:  # collected for the assertions
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    return results, errors


def test_twenty_sessions_on_a_cold_cache_cause_one_pull(env, cfg):
    cache = SharedCache()
    results, errors = _together(20, lambda: cache.get("gsheets", cfg))
    assert not errors and len(results) == 20
    assert all(ds is results[0] for ds in results)
    assert cache.pulls == 1
    assert env.api.counts == {"token": 1, "batchGet": 6, "get": 6}  # zones: read once, on the first pull
    # Filters apply after the cache: each visitor's view, the shared dataset untouched.
    views = [make_view(results[0], province=p) for p in (None, "43", "30")]
    assert len(views[1].register) == 4 and len(views[2].register) == 0
    assert len(results[0].tables["register"]) == 4 and env.api.counts["batchGet"] == 6


def test_the_process_wide_loader(env, cfg):
    loader.shared_cache().clear()
    try:
        results, errors = _together(20, lambda: loader.get_dataset("gsheets", cfg))
        assert not errors and {id(ds) for ds in results} == {id(results[0])}
        assert env.api.counts["batchGet"] == 6
        assert loader.get_dataset("gsheets", cfg) is results[0]  # default TTL: 5 minutes
        assert env.api.counts["batchGet"] == 6
    finally:
        loader.shared_cache().clear()


def test_time_to_live(env, cfg, monkeypatch):
    monkeypatch.setenv("DASHBOARD_CACHE_TTL", "120")
    clock = Clock()
    cache = SharedCache(clock=clock)
    first = cache.get("gsheets", cfg)
    clock.now += 119
    assert cache.get("gsheets", cfg) is first and env.api.counts["batchGet"] == 6
    clock.now += 2
    second = cache.get("gsheets", cfg)
    assert second is not first and env.api.counts["batchGet"] == 12 and cache.pulls == 2


def test_refresh_now_at_most_every_thirty_seconds(env, cfg):
    clock = Clock()
    cache = SharedCache(ttl=300, clock=clock)
    first = cache.get("gsheets", cfg)
    clock.now += 10
    result = cache.refresh_now("gsheets", cfg)
    assert not result.pulled and result.wait_seconds == pytest.approx(20) and result.dataset is first
    assert env.api.counts["batchGet"] == 6
    clock.now += 21
    results, errors = _together(5, lambda: cache.refresh_now("gsheets", cfg))  # five staff, one click each
    assert not errors and sum(r.pulled for r in results) >= 1
    assert env.api.counts["batchGet"] == 12 and cache.pulls == 2
    assert {id(r.dataset) for r in results} == {id(results[0].dataset)} and results[0].dataset is not first


def test_a_failed_pull_serves_the_last_good_data_and_retries_sooner(env, cfg):
    clock = Clock()
    cache = SharedCache(ttl=300, clock=clock)
    good = cache.get("gsheets", cfg)
    env.api.rename_header(env.key("form_2_2"), "ผู้นำที่ได้รับการพัฒนาศักยภาพ (คน)", "ผู้นำที่ได้รับการพัฒนา")
    clock.now += 31
    assert cache.refresh_now("gsheets", cfg).pulled
    stale = cache.get("gsheets", cfg)
    assert stale.raw.stale and stale.raw.pulled_at == good.raw.pulled_at
    notice = banner(stale.raw, cfg)
    assert notice.level == "warning"
    stamp = good.raw.pulled_at.astimezone(cfg.timezone).strftime("%Y-%m-%d %H:%M")
    for text in (notice.message_th, notice.message_en):
        assert stamp in text and "ผู้นำที่ได้รับการพัฒนาศักยภาพ (คน)" in text and "form_2_2" in text
    env.api.rename_header(env.key("form_2_2"), "ผู้นำที่ได้รับการพัฒนา", "ผู้นำที่ได้รับการพัฒนาศักยภาพ (คน)")
    clock.now += 61  # stale data is retried after a minute, not five
    fresh = cache.get("gsheets", cfg)
    assert not fresh.raw.stale and fresh.raw.pulled_at > good.raw.pulled_at
    assert banner(fresh.raw, cfg) is None


def test_a_failing_load_is_shared_by_the_sessions_waiting_for_it(cfg):
    calls = []

    def load(source, cfg):
        calls.append(source)
        time.sleep(0.2)
        raise SourceUnavailable("Google Sheets is down.", "Google Sheets ขัดข้อง")

    cache = SharedCache(load, ttl=300)
    results, errors = _together(10, lambda: cache.get("gsheets", cfg))
    assert not results and len(errors) == 10 and len(calls) == 1
    assert all(isinstance(e, SourceUnavailable) for e in errors)
    with pytest.raises(SourceUnavailable):
        cache.get("gsheets", cfg)  # a failure is not cached: the next visit tries again
    assert len(calls) == 2


def test_demo_fallback_is_said_on_screen(cfg, live):
    assert choose_source({}) == "demo"
    assert choose_source({"sheets": {}}) == "demo"
    assert choose_source(live.secrets) == "gsheets"
    from datetime import datetime, timezone

    from dashboard.sources import RawBundle

    demo = RawBundle(tables={}, kind="demo", label="demo", pulled_at=datetime.now(timezone.utc))
    notice = banner(demo, cfg)
    assert notice.level == "info" and "Google Sheets" in notice.message_en and "ข้อมูลตัวอย่าง" in notice.message_th
