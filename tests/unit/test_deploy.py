"""deploy/ mirrors the tested local set-up: the Compose nginx has the sticky-session directives
`make serve` runs (and nginx accepts it), Compose and Kubernetes run two replicas on one store
with one cookie secret and the same affinity cookie."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from dashboard.replicas import AFFINITY_COOKIE, NGINX, STATIC_TYPES, nginx_conf

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"


def _directives(text: str) -> set[str]:
    """Lines that decide routing (maps, hash, proxy settings, headers), whitespace-normalised."""
    keep = ("map ", "hash ", '""', "default ", "proxy_pass", "proxy_http_version", "proxy_set_header",
            "proxy_read_timeout", "proxy_buffering", "proxy_next_upstream", "add_header Set-Cookie",
            "location ", "gzip", "try_files", "add_header Cache-Control", "types ", "default_type", *STATIC_TYPES)
    lines = {" ".join(line.split()) for line in text.splitlines()}
    return {line for line in lines if line.startswith(keep)}


def test_compose_nginx_has_the_tested_sticky_directives():
    tested = _directives(nginx_conf(8500, [8501, 8502], Path("/tmp/x"), static_root=Path("/srv/streamlit-static")))
    shipped = _directives((DEPLOY / "nginx.conf").read_text(encoding="utf-8"))
    assert tested and tested == shipped
    assert "hash $banphi_affinity consistent;" in shipped
    assert "gzip_static on;" in shipped and "try_files $uri @replicas;" in shipped
    assert "application/javascript js mjs;" in shipped  # a browser runs module scripts said to be JavaScript
    assert any(AFFINITY_COOKIE + "=$request_id" in line for line in shipped)


def test_nginx_accepts_the_compose_config(tmp_path):
    text = (DEPLOY / "nginx.conf").read_text(encoding="utf-8")
    # The Compose service names resolve only inside Compose: check it with loopback ones.
    text = re.sub(r"server app(\d):8501", lambda m: f"server 127.0.0.1:{8500 + int(m.group(1))}", text)
    text = text.replace("events {", f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{", 1)
    conf = tmp_path / "nginx.conf"
    conf.write_text(text, encoding="utf-8")
    done = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(conf)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr


def test_compose_and_kubernetes_share_one_store_and_one_cookie_secret():
    import yaml

    compose = yaml.safe_load((DEPLOY / "compose.yaml").read_text(encoding="utf-8"))
    apps = [s for name, s in compose["services"].items() if name.startswith("app")]
    assert len(apps) == 2
    for app in apps:
        assert app["environment"]["DASHBOARD_REDIS_URL"] == "redis://redis:6379/0"
        assert "DASHBOARD_COOKIE_SECRET" in app["environment"]["STREAMLIT_SERVER_COOKIE_SECRET"]
    assert "--appendonly" in compose["services"]["redis"]["command"]

    docs = list(yaml.safe_load_all((DEPLOY / "k8s" / "dashboard.yaml").read_text(encoding="utf-8")))
    deployment = next(d for d in docs if d["kind"] == "Deployment")
    ingress = next(d for d in docs if d["kind"] == "Ingress")
    assert deployment["spec"]["replicas"] >= 2
    env = {e["name"]: e for e in deployment["spec"]["template"]["spec"]["containers"][0]["env"]}
    assert env["DASHBOARD_REDIS_URL"]["value"].startswith("redis://banphi-redis:")
    assert env["STREAMLIT_SERVER_COOKIE_SECRET"]["valueFrom"]["secretKeyRef"]["key"] == "cookie-secret"
    notes = ingress["metadata"]["annotations"]
    assert notes["nginx.ingress.kubernetes.io/affinity"] == "cookie"
    assert notes["nginx.ingress.kubernetes.io/session-cookie-name"] == AFFINITY_COOKIE
    redis_docs = list(yaml.safe_load_all((DEPLOY / "k8s" / "redis.yaml").read_text(encoding="utf-8")))
    assert {d["kind"] for d in redis_docs} == {"Deployment", "Service", "PersistentVolumeClaim"}
