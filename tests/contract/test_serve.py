"""`make serve`'s launcher (`python -m dashboard.replicas`): one line per replica, nginx in front
answering with the affinity cookie, and SIGTERM stops every process it started."""

from __future__ import annotations

import gzip
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from dashboard.replicas import AFFINITY_COOKIE, free_port

REPO = Path(__file__).resolve().parents[2]


def _children(pid: int) -> set[int]:
    """Every process below PID (from /proc)."""
    parents: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            parents.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in parents.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_serve_prints_each_replica_and_stops_all_on_sigterm(tmp_path):
    port = free_port()
    env = {**os.environ, "DASHBOARD_CACHE_DIR": str(tmp_path / "cache"), "PYTHONPATH": str(REPO / "src")}
    env.pop("DASHBOARD_REDIS_URL", None)
    empty = tmp_path / "no-secrets.toml"
    empty.write_text("", encoding="utf-8")
    env["DASHBOARD_SECRETS"] = str(empty)
    proc = subprocess.Popen([sys.executable, "-m", "dashboard.replicas", "--replicas", "2", "--port", str(port)],
                            cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    lines: list[str] = []
    try:
        deadline = time.monotonic() + 180
        while not any(line.startswith("nginx:") for line in lines):
            line = proc.stdout.readline()
            assert line or proc.poll() is None, "".join(lines)
            lines.append(line)
            assert time.monotonic() < deadline, "".join(lines)
        replicas = [m.groups() for m in (re.fullmatch(r"replica (\d+): http://127\.0\.0\.1:(\d+)\n", x) for x in lines) if m]
        assert [k for k, _ in replicas] == ["1", "2"], lines
        for _, replica_port in replicas:
            with urllib.request.urlopen(f"http://127.0.0.1:{replica_port}/_stcore/health", timeout=10) as r:
                assert r.status == 200
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as r:
            assert r.status == 200
            assert any(c.startswith(AFFINITY_COOKIE + "=") for c in r.headers.get_all("Set-Cookie"))
            page = r.read().decode("utf-8")
        # Streamlit's own scripts come from nginx's copy, gzipped ahead, not from a replica.
        script = re.search(r"static/js/(index\.[^\"']+\.js)", page).group(1)
        ask = urllib.request.Request(f"http://127.0.0.1:{port}/static/js/{script}", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(ask, timeout=30) as r:
            assert r.headers["Content-Encoding"] == "gzip"
            assert r.headers["Content-Type"] == "application/javascript"  # else a browser will not run it
            assert r.headers["X-Banphi-Upstream"] is None  # set only on what a replica answered
            assert "immutable" in r.headers["Cache-Control"]
            packed = r.read()
        with urllib.request.urlopen(f"http://127.0.0.1:{replicas[0][1]}/static/js/{script}", timeout=30) as r:
            assert gzip.decompress(packed) == r.read()
        # and a page through nginx is a replica's answer
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=30) as r:
            assert r.headers["X-Banphi-Upstream"] in {f"127.0.0.1:{p}" for _, p in replicas}
        assert (tmp_path / "cache" / "redis" / "redis.log").exists()  # its data kept in the cache folder
        started = _children(proc.pid)
        assert len(started) >= 4  # redis-server, two replicas, nginx (and nginx's worker)
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=60)
        assert proc.returncode == 0, out
        assert "stopped 4 process(es)" in out
        time.sleep(0.5)
        assert [p for p in started if _alive(p)] == []
        for _, replica_port in replicas:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{replica_port}/_stcore/health", timeout=2)
                raise AssertionError(f"replica on {replica_port} still answers")
            except OSError:
                pass
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)
