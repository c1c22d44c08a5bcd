"""Sign-in through nginx in front of two replicas that share one cookie secret and one store.

A real Chromium signs in at the loopback OpenID Connect provider through the proxy (the
callback reaches the replica that began the sign-in: the affinity cookie keeps it there). Then
that replica is stopped: the next page comes from the other replica, and the person is still
signed in as themselves — the identity cookie one replica signed is valid on the other.
"""

from __future__ import annotations

import secrets
import shutil
import tempfile
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect
from test_signin import HEAD, NONG_KHAI, ROLES, SIGN_IN, provider, sign_in  # noqa: F401 (provider: a fixture)

from dashboard.i18n import t
from dashboard.replicas import (
    AFFINITY_COOKIE,
    replica_env,
    start_nginx,
    start_redis,
    start_replica,
    static_files,
    wait_healthy,
)
from dashboard.testing.streamlit_server import free_port


@pytest.fixture(scope="module")
def proxied(provider, tmp_path_factory):  # noqa: F811
    folder = tmp_path_factory.mktemp("replicas-signin")
    port = free_port()
    secrets_file = folder / "secrets.toml"
    # One secrets file for every replica: one [auth] cookie secret, the proxy's callback address.
    secrets_file.write_text(
        f"""[auth]
redirect_uri = "http://127.0.0.1:{port}/oauth2callback"
cookie_secret = "{secrets.token_urlsafe(32)}"
client_id = "banphi-dashboard"
client_secret = "{secrets.token_urlsafe(16)}"
server_metadata_url = "{provider}/.well-known/openid-configuration"
{ROLES}""",
        encoding="utf-8",
    )
    started = []
    cleanup: list[Path] = []
    try:
        redis = start_redis(folder / "redis")
        started.append(redis)
        url_store = f"redis://127.0.0.1:{redis.port}/0"
        nodes = []
        for k in (1, 2):
            env = replica_env(url_store, "shared-cookie-secret-0123456789abcdef", {
                "DASHBOARD_SECRETS": str(secrets_file),
                "STREAMLIT_SECRETS_FILES": str(secrets_file),
                "DASHBOARD_CACHE_DIR": str(folder / f"cache-{k}"),
            })
            nodes.append(start_replica(folder, k, env))
        started.extend(nodes)
        for node in nodes:
            wait_healthy(node)
        # Streamlit's files from nginx, as `make serve` does (a folder nginx's workers may read).
        shared = Path(tempfile.mkdtemp(prefix="banphi-static-"))
        cleanup.append(shared)
        shared.chmod(0o755)
        proxy = start_nginx(folder / "nginx", [n.port for n in nodes], port, static_root=static_files(shared / "copy"))
        started.append(proxy)
        yield {"url": f"http://127.0.0.1:{port}", "nodes": nodes, "redis_url": url_store}
    finally:
        for s in reversed(started):
            s.stop()
        for path in cleanup:
            shutil.rmtree(path, ignore_errors=True)


class _Server:
    def __init__(self, url: str) -> None:
        self.url = url


def _upstream(url: str, cookie_value: str) -> str:
    req = urllib.request.Request(url + "/_stcore/health", headers={"Cookie": f"{AFFINITY_COOKIE}={cookie_value}"})
    with urllib.request.urlopen(req, timeout=10) as r:
        # "A, B" when nginx tried A (stopped) first: the answer came from the last one.
        return r.headers["X-Banphi-Upstream"].split(",")[-1].strip()


def test_sign_in_through_the_proxy_survives_its_replica_stopping(page, context, proxied, provider, wait_for_app):  # noqa: F811
    server = _Server(proxied["url"])
    scripts = []
    page.on("response", lambda r: "/static/js/" in r.url and scripts.append((r.status, r.headers)))
    sign_in(page, server, provider, HEAD, wait_for_app)
    # Streamlit's scripts came from nginx's gzipped copy, not from a replica
    assert scripts and all(status in (200, 304) for status, _ in scripts), scripts[:3]
    assert all("x-banphi-upstream" not in headers for _, headers in scripts), scripts[:3]
    assert any(headers.get("content-encoding") == "gzip" for _, headers in scripts)
    expect(page.locator(".st-key-account")).to_contain_text(HEAD)
    expect(page.locator(".st-key-filter_province").get_by_role("combobox")).to_have_value("หนองคาย")
    affinity = {c["name"]: c["value"] for c in context.cookies()}.get(AFFINITY_COOKIE)
    assert affinity, "nginx set no affinity cookie"
    pinned = _upstream(server.url, affinity)
    nodes = {f"127.0.0.1:{n.port}": n for n in proxied["nodes"]}
    nodes[pinned].stop()
    other = next(addr for addr in nodes if addr != pinned)
    assert _upstream(server.url, affinity) == other
    # The next visit is served by the other replica, still signed in as the same person.
    page.goto(server.url + f"/?province={NONG_KHAI}")
    wait_for_app(page)
    expect(page.locator(".st-key-account")).to_contain_text(HEAD)
    expect(page.locator(".st-key-account")).to_contain_text(t("auth.role.province"))
    expect(page.get_by_role("button", name=SIGN_IN)).to_have_count(0)
    expect(page.locator('[class*="st-key-card_"] [data-testid="stMetricValue"]').first).to_be_visible()
