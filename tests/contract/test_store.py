"""The shared store on a real redis-server (Debian's, on a free loopback port): several caches
standing for several replicas make one pull, share the refresh limit, the last good data and
the download log; a store that stops answering costs no visitor their page."""

from __future__ import annotations

import json
import threading
import time
from datetime import UTC

import pytest

from dashboard import audit, loader, store
from dashboard.config import load_config
from dashboard.replicas import start_redis


@pytest.fixture(scope="module")
def redis_service(tmp_path_factory):
    service = start_redis(tmp_path_factory.mktemp("redis"))
    yield service
    service.stop()


@pytest.fixture
def shared(redis_service, request):
    # A prefix of its own per test: nothing one test stores is seen by another.
    return store.Store(f"redis://127.0.0.1:{redis_service.port}/0", prefix=f"t{abs(hash(request.node.nodeid))}:")


class Loads:
    """A loader that counts its calls and takes a while, like a pull."""

    def __init__(self, seconds: float = 0.3) -> None:
        self.calls = 0
        self.seconds = seconds
        self._lock = threading.Lock()

    def __call__(self, source, cfg):
        with self._lock:
            self.calls += 1
            n = self.calls
        time.sleep(self.seconds)
        return {"pull": n, "source": str(source)}


def test_several_replicas_many_viewers_make_one_pull(shared):
    cfg = load_config()
    load = Loads()
    replicas = [loader.SharedCache(load, ttl=300, store=shared) for _ in range(3)]
    got = []

    def viewer(cache):
        got.append(cache.get("demo", cfg))

    threads = [threading.Thread(target=viewer, args=(replicas[i % 3],)) for i in range(24)]
    for th in threads:
        th.start()
    for th in threads:
        th.join(30)
    assert load.calls == 1
    assert len(got) == 24 and all(g == {"pull": 1, "source": "demo"} for g in got)
    # Two of the three processes took the dataset from the store.
    assert sum(c.shared_hits for c in replicas) == 2


def test_age_and_refresh_limit_are_shared(shared):
    cfg = load_config()
    load = Loads(0.01)
    a = loader.SharedCache(load, ttl=300, store=shared, min_refresh_interval=30)
    b = loader.SharedCache(load, ttl=300, store=shared, min_refresh_interval=30)
    a.get("demo", cfg)
    time.sleep(0.2)
    age = b.age("demo", cfg)
    assert b.get("demo", cfg) == {"pull": 1, "source": "demo"}
    age = b.age("demo", cfg)
    assert age is not None and 0.15 < age < 5  # the pull's age, not the time b read it
    first = a.refresh_now("demo", cfg)
    assert not first.pulled and 25 < first.wait_seconds < 30
    second = b.refresh_now("demo", cfg)  # another replica: the same limit
    assert not second.pulled and 25 < second.wait_seconds < 30
    assert load.calls == 1


def test_forced_pull_on_one_replica_is_served_by_the_other(shared):
    cfg = load_config()
    load = Loads(0.01)
    a = loader.SharedCache(load, ttl=300, store=shared)
    b = loader.SharedCache(load, ttl=0.5, store=shared)
    a.get("demo", cfg)
    assert a.get("demo", cfg, force=True) == {"pull": 2, "source": "demo"}
    time.sleep(0.1)
    assert b.get("demo", cfg) == {"pull": 2, "source": "demo"}  # from the store: no third pull
    assert load.calls == 2


def test_a_refresh_on_one_replica_replaces_the_others_copy_at_once(shared):
    cfg = load_config()
    load = Loads(0.01)
    a = loader.SharedCache(load, ttl=300, store=shared, min_refresh_interval=0.1)
    b = loader.SharedCache(load, ttl=300, store=shared)
    assert a.get("demo", cfg)["pull"] == 1
    assert b.get("demo", cfg)["pull"] == 1  # b's own copy, fresh for 300 s
    time.sleep(0.15)
    assert a.refresh_now("demo", cfg).pulled
    # b's copy is younger than its time to live, but a newer pull is in the store: b serves it.
    assert b.get("demo", cfg)["pull"] == 2
    assert b.get("demo", cfg)["pull"] == 2 and load.calls == 2


def test_a_failed_pull_is_retried_by_the_next_and_raises_its_error(shared):
    cfg = load_config()
    calls = []

    def failing(source, cfg):
        calls.append(1)
        raise ValueError("sheet gone")

    a = loader.SharedCache(failing, ttl=300, store=shared)
    with pytest.raises(ValueError, match="sheet gone"):
        a.get("demo", cfg)
    b = loader.SharedCache(Loads(0.01), ttl=300, store=shared)
    assert b.get("demo", cfg)["pull"] == 1  # the lock was released: the next replica pulls
    assert not shared.held(loader.store_name(loader.SharedCache._key("demo", cfg)) + ":lock")


def test_a_store_that_does_not_answer_falls_back_to_a_pull_here(tmp_path, caplog):
    from dashboard.testing.streamlit_server import free_port

    cfg = load_config()
    dead = store.Store(f"redis://127.0.0.1:{free_port()}/0")
    load = Loads(0.01)
    cache = loader.SharedCache(load, ttl=300, store=dead)
    assert cache.get("demo", cfg)["pull"] == 1
    assert "shared store does not answer" in caplog.text
    assert "127.0.0.1" in dead.where and "@" not in store.Store("redis://:s3cret@127.0.0.1:1/0").where


def test_the_real_dataset_round_trips_through_the_store(shared):
    cfg = load_config()
    real = loader.SharedCache(ttl=300, store=shared)
    ds = real.get("demo", cfg)
    other = loader.SharedCache(lambda s, c: pytest.fail("the second replica must not pull"), ttl=300, store=shared)
    ds2 = other.get("demo", cfg)
    assert ds2 is not ds
    assert ds2.raw.pulled_at == ds.raw.pulled_at
    assert set(ds2.tables) == set(ds.tables) and len(ds.tables) >= 6
    for sid, frame in ds.tables.items():
        assert frame.equals(ds2.tables[sid]), sid


def test_download_log_is_shared_and_read_by_the_command(shared, monkeypatch, tmp_path, capsys):
    from dashboard import cli

    monkeypatch.setenv(store.STORE_ENV, shared.url)
    monkeypatch.setenv(store.PREFIX_ENV, shared.prefix)
    monkeypatch.setenv(audit.AUDIT_ENV, str(tmp_path / "replica-a" / "downloads.jsonl"))
    store._stores.clear()
    audit.record_download("a@example.org", "2.1", {"province": "43"}, 5, "csv")
    monkeypatch.setenv(audit.AUDIT_ENV, str(tmp_path / "replica-b" / "downloads.jsonl"))
    audit.record_download("b@example.org", "missing-2.1", {}, 7, "xlsx")
    assert not (tmp_path / "replica-a" / "downloads.jsonl").exists()  # in the store, not on a replica
    assert [json.loads(x)["email"] for x in shared.lines(store.DOWNLOADS)] == ["a@example.org", "b@example.org"]
    assert cli.main(["downloads", "--format", "json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert [(e["email"], e["rows"]) for e in printed] == [("a@example.org", 5), ("b@example.org", 7)]
    store._stores.clear()


def test_download_is_logged_locally_when_the_store_fails(monkeypatch, tmp_path):
    from dashboard.testing.streamlit_server import free_port

    monkeypatch.setenv(store.STORE_ENV, f"redis://127.0.0.1:{free_port()}/0")
    monkeypatch.setenv(audit.AUDIT_ENV, str(tmp_path / "downloads.jsonl"))
    store._stores.clear()
    audit.record_download("a@example.org", "2.1", {}, 5, "csv")
    assert json.loads((tmp_path / "downloads.jsonl").read_text())["email"] == "a@example.org"
    store._stores.clear()


def test_last_good_pull_is_shared(shared, monkeypatch, tmp_path):
    import pandas as pd

    from dashboard.sources.gsheets import LastGood

    monkeypatch.setenv(store.STORE_ENV, shared.url)
    monkeypatch.setenv(store.PREFIX_ENV, shared.prefix)
    store._stores.clear()
    cfg = load_config()
    tables = {sid: pd.DataFrame({"a": ["1", "๒"]}, dtype=object) for sid in cfg.sources}
    from datetime import datetime

    pulled = datetime(2021, 8, 8, 3, 0, tzinfo=UTC)
    LastGood(tmp_path / "replica-a", []).save(tables, {}, pulled)
    kept = LastGood(tmp_path / "replica-b", []).load(cfg)  # another machine, no file of its own
    assert kept is not None
    got, when = kept
    assert when == pulled and got[next(iter(cfg.sources))]["a"].tolist() == ["1", "๒"]
    assert not list((tmp_path / "replica-b").glob("*.json"))
    store._stores.clear()
