"""A real `streamlit run` of the dashboard on a loopback port, and Debian's Chromium settings.

Shared by the browser tests and the benchmarks, so both start the app the same way: a free
127.0.0.1 port, ready when /_stcore/health answers, its own process group so stopping it ends
every child, its output kept in a log that is quoted when it fails to start.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from dashboard.config import SETTINGS, setting

REPO = Path(__file__).resolve().parents[3]
SHARED_GEO = REPO.parent / "shared" / "geo"
CHROMIUM = Path(setting("DASHBOARD_CHROMIUM") or SETTINGS["DASHBOARD_CHROMIUM"].default)
# Without the background-networking flags Chromium keeps trying hosts this machine cannot reach.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-quic",
    "--no-first-run",
    "--disable-component-update",
    "--disable-sync",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "[::1]", "::1"}


class ServerFailed(RuntimeError):
    """The server exited or did not answer its health check in time; the message quotes its output."""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def is_local(url: str) -> bool:
    """Whether the browser may load URL: only this machine (and the browser's own schemes)."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome", "chrome-extension"):
        return True
    return (parts.hostname or "") in LOCAL_HOSTS


@dataclass
class Server:
    url: str
    port: int
    process: subprocess.Popen
    log: Path

    def output(self, last: int = 60) -> str:
        try:
            lines = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        except OSError:
            return "(no server output)"
        return "\n".join(lines[-last:])

    def _status(self, field: str) -> float | None:
        try:
            for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
                if line.startswith(field + ":"):
                    return int(line.split()[1]) / 1024
        except OSError:
            return None
        return None

    def rss_mib(self) -> float | None:
        return self._status("VmRSS")

    def peak_rss_mib(self) -> float | None:
        """The server process's peak resident set (VmHWM), while it still runs."""
        return self._status("VmHWM")

    def stop(self) -> None:
        stop(self.process)


def healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:
            return resp.status == 200
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


def stop(proc: subprocess.Popen) -> None:
    """End the server's own process group (it was started in a new session)."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
    except ProcessLookupError:
        return
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


def server_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.setdefault("DASHBOARD_GEO_DIR", str(SHARED_GEO))
    env.update(
        {
            "PYTHONUNBUFFERED": "1",
            "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
            "STREAMLIT_SERVER_HEADLESS": "true",
        }
    )
    env.update(extra or {})
    return env


def start(
    log: Path,
    env: dict[str, str] | None = None,
    script: str = "app.py",
    port: int | None = None,
    timeout: float = 120,
) -> Server:
    """`streamlit run SCRIPT` on PORT (default: a free one); returns once /_stcore/health answers.

    Raises ServerFailed (quoting the server's output) when it exits or does not answer in time.
    """
    port = port or free_port()
    log.parent.mkdir(parents=True, exist_ok=True)
    cmd = [
        sys.executable, "-m", "streamlit", "run", script,
        "--server.port", str(port),
        "--server.address", "127.0.0.1",
        "--server.headless", "true",
        "--server.fileWatcherType", "none",
        "--server.runOnSave", "false",
        "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            cmd, cwd=REPO, env=server_env(env), stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )
    server = Server(url=f"http://127.0.0.1:{port}", port=port, process=proc, log=log)
    deadline = time.monotonic() + timeout
    while not healthy(server.url):
        if proc.poll() is not None:
            raise ServerFailed(
                f"streamlit exited with status {proc.returncode} before answering /_stcore/health.\n"
                f"$ {' '.join(cmd)}\n{server.output()}"
            )
        if time.monotonic() > deadline:
            stop(proc)
            raise ServerFailed(
                f"streamlit did not answer /_stcore/health within {timeout:.0f}s.\n$ {' '.join(cmd)}\n{server.output()}"
            )
        time.sleep(0.25)  # polling the health endpoint
    return server
