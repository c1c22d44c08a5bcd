"""Two replicas behind Debian's nginx with Debian's redis-server as the shared store, reading the
loopback Sheets API: every process real, on free loopback ports, in a temporary folder.

Sessions through nginx (cookie-sticky) and straight to each replica all get the overview; the
Sheets are pulled once in all (one batchGet per spreadsheet); with one replica stopped, new
sessions through nginx are served by the other, from the shared data, with no new pull.
"""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
from pathlib import Path

import pytest

from dashboard.config import load_config
from dashboard.replicas import replica_env, start_nginx, start_redis, start_replica, wait_healthy
from dashboard.testing import SheetsAPI, load_folder, make_service_account, write_secrets
from dashboard.testing.sheets_api import spreadsheet_key
from dashboard.testing.ws_viewer import affinity_cookie, open_overview

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "data" / "demo"
SECRET = "one-cookie-secret-for-every-replica-0123456789"


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("replicas")
    cfg = load_config()
    account = make_service_account()
    started = []
    with SheetsAPI() as api:
        api.add_account(account)
        stems = [s.stem for s in cfg.sources.values()]
        urls = load_folder(api, DEMO, stems, share_with=[account.email])
        secrets = write_secrets(tmp / "secrets.toml", account.info(api.token_uri), urls)
        try:
            redis = start_redis(tmp / "redis")
            started.append(redis)
            redis_url = f"redis://127.0.0.1:{redis.port}/0"
            replicas = []
            for k in (1, 2):
                # Each replica as on a machine of its own: its own cache folder and download log.
                env = replica_env(redis_url, SECRET, {
                    "DASHBOARD_SECRETS": str(secrets),
                    "DASHBOARD_SHEETS_ENDPOINT": api.url,
                    "DASHBOARD_CACHE_DIR": str(tmp / f"cache-{k}"),
                })
                replicas.append(start_replica(tmp, k, env))
            started.extend(replicas)
            for r in replicas:
                wait_healthy(r)
            proxy = start_nginx(tmp / "nginx", [r.port for r in replicas])
            started.append(proxy)
            yield {"api": api, "replicas": replicas, "proxy": proxy, "stems": stems, "tmp": tmp,
                   "redis_url": redis_url, "url": f"http://127.0.0.1:{proxy.port}"}
        finally:
            for s in reversed(started):
                s.stop()


def _cookies_by_replica(url: str, ports: list[int], tries: int = 64) -> dict[int, str]:
    """A first-visit cookie nginx pins to each replica (asked of nginx, not guessed)."""
    found: dict[int, str] = {}
    for _ in range(tries):
        cookie, upstream = affinity_cookie(url)
        port = int(upstream.rsplit(":", 1)[1])
        found.setdefault(port, cookie)
        if set(found) == set(ports):
            return found
    raise AssertionError(f"nginx sent {tries} first visits to {sorted(found)} only, of {ports}")


def _overviews(targets: list[tuple[str, str | None]]):
    async def all_at_once():
        return await asyncio.gather(*(open_overview(url, cookie=c, timeout=150) for url, c in targets))

    return asyncio.run(all_at_once())


def test_sessions_through_nginx_and_each_replica_make_one_pull(cluster):
    api, replicas, url = cluster["api"], cluster["replicas"], cluster["url"]
    ports = [r.port for r in replicas]
    cookies = _cookies_by_replica(url, ports)
    # Sticky: the same cookie reaches the same replica every time.
    for port, cookie in cookies.items():
        assert {affinity_cookie(url, cookie)[1] for _ in range(5)} == {f"127.0.0.1:{port}"}
    targets = [(url, cookies[ports[0]]), (url, cookies[ports[1]]), (url, cookies[ports[0]]), (url, cookies[ports[1]])]
    targets += [(f"http://127.0.0.1:{p}", None) for p in ports]
    visits = _overviews(targets)
    assert [v.error for v in visits] == [None] * len(targets)
    assert all(v.elements.get("metric", 0) >= 12 for v in visits)
    per = {stem: api.count("batchGet", spreadsheet_key(stem)) for stem in cluster["stems"]}
    assert set(per.values()) == {1}, per
    assert api.count("token") == 1  # only the replica that pulled asked for a token


def test_a_stopped_replica_sends_new_sessions_to_the_other_with_nothing_lost(cluster):
    api, replicas, url = cluster["api"], cluster["replicas"], cluster["url"]
    ports = [r.port for r in replicas]
    cookies = _cookies_by_replica(url, ports)
    before = api.count("batchGet")
    # A download logged on the replica about to stop (the same code path as its download button).
    env = replica_env(cluster["redis_url"], SECRET, {"DASHBOARD_CACHE_DIR": str(cluster["tmp"] / "cache-1")})
    code = ("from dashboard import audit; audit.record_download('a@example.org', 'missing-2.1', "
            "{'province': '43'}, 9, 'xlsx', role='province', scope=['43'], names=False, phones=False)")
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)
    replicas[0].stop()
    assert replicas[0].process.poll() is not None
    # The visitor pinned to the stopped replica, and new ones: all served by the other.
    for _ in range(3):
        assert affinity_cookie(url, cookies[ports[0]])[1].endswith(f":{ports[1]}")
    visits = _overviews([(url, cookies[ports[0]]), (url, None), (url, cookies[ports[1]])])
    assert [v.error for v in visits] == [None, None, None]
    assert api.count("batchGet") == before  # the shared data: no pull of its own
    # The download log of the stopped replica is read from the store on the other machine.
    env2 = replica_env(cluster["redis_url"], SECRET, {"DASHBOARD_CACHE_DIR": str(cluster["tmp"] / "cache-2")})
    out = subprocess.run([sys.executable, "-m", "dashboard", "downloads", "--format", "json"], env=env2,
                         capture_output=True, text=True, check=True, timeout=60)
    assert [(e["email"], e["table"], e["rows"]) for e in json.loads(out.stdout)] == [("a@example.org", "missing-2.1", 9)]
