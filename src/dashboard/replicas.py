"""Several replicas on one machine: Debian's `redis-server`, N `streamlit run app.py` and
Debian's `nginx` in front, cookie-sticky (`make serve REPLICAS=N PORT=P`, `python -m dashboard.replicas`).

Each process runs in the foreground in a process group of its own and is stopped by its id;
their files live in one temporary folder. The replica tests and benchmarks start the same.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import os
import secrets as _secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from dashboard.config import setting

REPO = Path(__file__).resolve().parents[2]
COOKIE_SECRET_ENV = "DASHBOARD_COOKIE_SECRET"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]

REDIS_SERVER = setting("DASHBOARD_REDIS_SERVER") or "/usr/bin/redis-server"
NGINX = setting("DASHBOARD_NGINX") or "/usr/sbin/nginx"
AFFINITY_COOKIE = "banphi_replica"


class ServiceFailed(RuntimeError):
    pass


def _require(binary: str, package: str) -> str:
    found = binary if os.access(binary, os.X_OK) else shutil.which(Path(binary).name)
    if not found:
        raise ServiceFailed(f"{binary} is missing: install Debian's '{package}' (bash scripts/install-serve.sh)")
    return found


def _port_open(port: int, host: str = "127.0.0.1") -> bool:
    with socket.socket() as s:
        s.settimeout(0.2)
        return s.connect_ex((host, port)) == 0


def stop_process(proc: subprocess.Popen, timeout: float = 10) -> None:
    """SIGTERM to the process's own group, SIGKILL if it has not ended after TIMEOUT."""
    if proc.poll() is not None:
        return
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=timeout)
    except ProcessLookupError:
        return
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=5)


@dataclass
class Service:
    name: str
    port: int
    process: subprocess.Popen
    log: Path

    def stop(self) -> None:
        stop_process(self.process)

    def output(self, last: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-last:])
        except OSError:
            return ""


def _wait_port(service: Service, timeout: float) -> Service:
    deadline = time.monotonic() + timeout
    while not _port_open(service.port):
        if service.process.poll() is not None:
            raise ServiceFailed(f"{service.name} exited with status {service.process.returncode}:\n{service.output()}")
        if time.monotonic() > deadline:
            service.stop()
            raise ServiceFailed(f"{service.name} did not listen on {service.port} within {timeout:.0f}s:\n{service.output()}")
        time.sleep(0.05)
    return service


def start_redis(folder: Path, port: int | None = None, timeout: float = 20, *, persist: bool = False) -> Service:
    """A private redis-server on 127.0.0.1:PORT in FOLDER; with PERSIST its append-only file
    there keeps the download log (and the last good data) across restarts, else nothing is saved."""
    binary = _require(REDIS_SERVER, "redis-server")
    folder.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    log = folder / "redis.log"
    cmd = [binary, "--port", str(port), "--bind", "127.0.0.1", "--dir", str(folder), "--save", "",
           "--appendonly", "yes" if persist else "no", "--daemonize", "no", "--protected-mode", "yes", "--logfile", str(log)]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT, start_new_session=True)
    return _wait_port(Service("redis-server", port, proc, log), timeout)


# Streamlit's own files (scripts, styles, fonts) that a gzip copy makes smaller; woff2 and images
# are compressed already.
COMPRESSIBLE = frozenset({".js", ".css", ".svg", ".json", ".map", ".txt", ".html", ".ttf", ".otf", ".wasm"})
_COMPLETE = ".complete"


def streamlit_static() -> Path:
    """The folder Streamlit serves under `/static/` (its frontend's scripts, styles and fonts),
    found without importing Streamlit."""
    spec = importlib.util.find_spec("streamlit")
    if spec is None or spec.origin is None:
        raise ServiceFailed("Streamlit is not installed here: make setup")
    return Path(spec.origin).resolve().parent / "static" / "static"


def static_files(target: Path, source: Path | None = None) -> Path:
    """Streamlit's `/static/` files copied into TARGET/static, each compressible one with a gzip
    copy beside it, for nginx to serve (`gzip_static`): the replicas' Python then serves none of
    them (a new visitor fetches ~9 MiB of them on a page with charts), and a browser that accepts
    gzip fetches about a third of the bytes. Made once (about a second); a copy cut short is made
    again. Returns TARGET, nginx's `root` for `/static/`: its folders must be open to nginx's
    workers (a file they cannot read comes from a replica instead)."""
    source = source or streamlit_static()
    if (target / _COMPLETE).exists():
        return target
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    for path in sorted(source.rglob("*")):
        if not path.is_file():
            continue
        dest = partial / "static" / path.relative_to(source)
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, dest)
        if path.suffix in COMPRESSIBLE and path.stat().st_size >= 1024:
            packed = dest.with_name(dest.name + ".gz")
            with open(path, "rb") as raw, open(packed, "wb") as out:
                with gzip.GzipFile(filename="", mode="wb", fileobj=out, compresslevel=9, mtime=0) as gz:
                    shutil.copyfileobj(raw, gz)
            shutil.copystat(path, packed)
    (partial / _COMPLETE).write_text(str(source), encoding="utf-8")
    shutil.rmtree(target, ignore_errors=True)
    partial.rename(target)
    return target


# What nginx says each of Streamlit's files is: a browser runs a module script only when it is
# said to be JavaScript.
STATIC_TYPES = {
    "application/javascript": "js mjs", "text/css": "css", "application/json": "json map",
    "application/wasm": "wasm", "image/svg+xml": "svg", "image/png": "png", "image/jpeg": "jpg jpeg",
    "image/gif": "gif", "image/x-icon": "ico", "font/woff2": "woff2", "font/woff": "woff", "font/ttf": "ttf",
    "font/otf": "otf", "text/html": "html", "text/plain": "txt",
}


def _static_types(indent: str) -> str:
    lines = [f"{indent}types {{", *(f"{indent}    {kind} {ends};" for kind, ends in STATIC_TYPES.items()),
             f"{indent}}}", f"{indent}default_type application/octet-stream;"]
    return "\n".join(lines)


def _proxy_to_replicas(indent: str) -> str:
    lines = (
        "proxy_pass http://banphi_replicas;",
        "proxy_http_version 1.1;",
        "proxy_set_header Upgrade $http_upgrade;",
        "proxy_set_header Connection $connection_upgrade;",
        "proxy_set_header Host $host;",
        "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;",
        "proxy_set_header X-Forwarded-Proto $scheme;",
        "proxy_read_timeout 86400s;",
        "proxy_buffering off;",
        "proxy_next_upstream error timeout http_502 http_503;",
        "add_header Set-Cookie $banphi_set_affinity always;",
        "add_header X-Banphi-Upstream $upstream_addr always;",
    )
    return "\n".join(indent + line for line in lines)


def nginx_conf(port: int, upstreams: list[int], folder: Path, cookie: str = AFFINITY_COOKIE,
               static_root: Path | None = None) -> str:
    """nginx (open source) in front of the replicas with cookie-sticky sessions.

    OSS nginx has no `sticky cookie`: the first response sets COOKIE to the request's id, and the
    upstream is chosen by a consistent hash of that cookie, so a browser keeps its replica (and
    its Streamlit session's WebSocket) while the replicas are up. A replica that refuses a
    connection is skipped for 10 s and its visitors are hashed to another one.

    With STATIC_ROOT (`static_files`), nginx serves Streamlit's `/static/` files itself, gzipped
    where the browser accepts it; a file the copy lacks (another Streamlit version) still comes
    from a replica. The page and Streamlit's small JSON answers are gzipped on the way.
    """
    servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=1 fail_timeout=10s;" for p in upstreams)
    static = "" if static_root is None else f"""
        # Streamlit's own scripts, styles and fonts (their names carry a hash of their content),
        # from a copy gzipped ahead (dashboard.replicas.static_files); nginx sends the .gz to a browser
        # that accepts gzip.
        location /static/ {{
            root {static_root};
{_static_types(" " * 12)}
            gzip_static on;
            add_header Cache-Control "public, max-age=31536000, immutable";
            try_files $uri @replicas;
        }}
        location @replicas {{
{_proxy_to_replicas(" " * 12)}
        }}"""
    return f"""# Written by dashboard.replicas.nginx_conf
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
daemon off;
events {{ worker_connections 4096; }}
http {{
    access_log {folder}/access.log;
    client_body_temp_path {folder}/client_body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    client_max_body_size 50m;

    # Sticky sessions without nginx Plus: the affinity key is the visitor's cookie, or for a
    # first visit this request's id, which the response then sets as the cookie.
    map $cookie_{cookie} $banphi_affinity {{
        ""      $request_id;
        default $cookie_{cookie};
    }}
    map $cookie_{cookie} $banphi_set_affinity {{
        ""      "{cookie}=$request_id; Path=/; HttpOnly; SameSite=Lax";
        default "";
    }}
    map $http_upgrade $connection_upgrade {{
        default upgrade;
        ""      close;
    }}

    upstream banphi_replicas {{
        hash $banphi_affinity consistent;
{servers}
    }}

    # The page and Streamlit's JSON answers, gzipped on the way (the websocket is not).
    gzip on;
    gzip_proxied any;
    gzip_min_length 1024;
    gzip_types text/css application/javascript application/json image/svg+xml;

    server {{
        listen 127.0.0.1:{port};{static}
        location / {{
{_proxy_to_replicas(" " * 12)}
        }}
    }}
}}
"""


def start_nginx(folder: Path, upstreams: list[int], port: int | None = None, timeout: float = 20,
                static_root: Path | None = None) -> Service:
    """nginx on 127.0.0.1:PORT in front of the replicas on UPSTREAMS, its files in FOLDER; with
    STATIC_ROOT it serves Streamlit's `/static/` files itself (`static_files`)."""
    binary = _require(NGINX, "nginx")
    folder.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    conf = folder / "nginx.conf"
    conf.write_text(nginx_conf(port, upstreams, folder, static_root=static_root), encoding="utf-8")
    log = folder / "error.log"
    check = subprocess.run([binary, "-t", "-q", "-p", str(folder), "-c", str(conf)], capture_output=True, text=True,
                           check=False)
    if check.returncode:
        raise ServiceFailed(f"nginx rejects {conf}:\n{check.stderr}")
    with open(folder / "nginx.stderr", "wb") as err:
        proc = subprocess.Popen([binary, "-p", str(folder), "-c", str(conf)], stdout=subprocess.DEVNULL,
                                stderr=err, start_new_session=True)
    return _wait_port(Service("nginx", port, proc, log), timeout)


def replica_env(redis_url: str, cookie_secret: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    """A replica's environment: the shared store and the one cookie secret of every replica."""
    env = dict(os.environ)
    env.update({
        "DASHBOARD_REDIS_URL": redis_url,
        "STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret,
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        "STREAMLIT_SERVER_HEADLESS": "true",
        "PYTHONUNBUFFERED": "1",
    })
    env.update(extra or {})
    return env


def start_replica(folder: Path, index: int, env: dict[str, str], port: int | None = None,
                  address: str = "127.0.0.1") -> Service:
    """`streamlit run app.py` on ADDRESS:PORT (not waited for: see `wait_healthy`)."""
    folder.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    log = folder / f"replica-{index}.log"
    cmd = [sys.executable, "-m", "streamlit", "run", str(REPO / "app.py"), "--server.port", str(port),
           "--server.address", address, "--server.headless", "true", "--server.fileWatcherType", "none",
           "--server.runOnSave", "false", "--browser.gatherUsageStats", "false"]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    return Service(f"replica {index}", port, proc, log)


def wait_healthy(service: Service, timeout: float = 120) -> Service:
    import urllib.request

    deadline = time.monotonic() + timeout
    url = f"http://127.0.0.1:{service.port}/_stcore/health"
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return service
        except OSError:
            pass
        if service.process.poll() is not None:
            raise ServiceFailed(f"{service.name} exited with status {service.process.returncode}:\n{service.output()}")
        if time.monotonic() > deadline:
            raise ServiceFailed(f"{service.name} did not answer {url} within {timeout:.0f}s:\n{service.output()}")
        time.sleep(0.25)


class _Stop(Exception):
    pass


def _on_signal(signum, frame):
    raise _Stop()


def serve(replicas: int, port: int, redis_url: str | None = None, folder: Path | None = None) -> int:
    """Start everything, print one line per replica, wait for Ctrl-C or SIGTERM, stop everything."""
    if replicas < 1:
        print("serve: REPLICAS must be at least 1", file=sys.stderr)
        return 2
    folder = folder or Path(tempfile.mkdtemp(prefix="banphi-serve-"))
    started: list[Service] = []
    signal.signal(signal.SIGTERM, _on_signal)
    signal.signal(signal.SIGINT, _on_signal)
    cookie_secret = setting(COOKIE_SECRET_ENV) or _secrets.token_hex(32)
    try:
        if redis_url is None:
            from dashboard.config import cache_dir

            # Kept in the cache folder: the download log outlives this run.
            data = cache_dir() / "redis"
            redis = start_redis(data, persist=True)
            started.append(redis)
            redis_url = f"redis://127.0.0.1:{redis.port}/0"
            print(f"redis: {redis_url} (redis-server, data in {data})", flush=True)
        else:
            print(f"redis: {redis_url.split('@')[-1]} (from {_STORE_ENV})", flush=True)
        env = replica_env(redis_url, cookie_secret)
        ports = [free_port() for _ in range(replicas)]
        nodes = [start_replica(folder, k, env, ports[k - 1]) for k in range(1, replicas + 1)]
        started.extend(nodes)
        for node in nodes:
            wait_healthy(node)
            print(f"replica {node.name.split()[-1]}: http://127.0.0.1:{node.port}", flush=True)
        # nginx's workers may run as another user (`nobody` when started by root): they read the
        # copy in this run's folder, open to them as Streamlit's own files are.
        folder.chmod(0o755)
        static = static_files(folder / "static")
        proxy = start_nginx(folder / "nginx", ports, port, static_root=static)
        started.append(proxy)
        print(f"nginx: http://127.0.0.1:{port} (cookie-sticky over {replicas} replica(s), Streamlit's files from "
              f"{static}; Ctrl-C stops all)", flush=True)
        while True:
            for s in started:
                if s.process.poll() is not None and not getattr(s, "_reported", False):
                    print(f"{s.name} exited with status {s.process.returncode}; see {s.log}", file=sys.stderr, flush=True)
                    s._reported = True  # type: ignore[attr-defined]
            time.sleep(1)
    except _Stop:
        return 0
    except ServiceFailed as err:
        print(f"serve: {err}", file=sys.stderr)
        return 1
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        for s in reversed(started):
            s.stop()
        print(f"stopped {len(started)} process(es)", flush=True)


_STORE_ENV = "DASHBOARD_REDIS_URL"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m dashboard.replicas", description=__doc__.splitlines()[0])
    ap.add_argument("--replicas", type=int, default=2)
    ap.add_argument("--port", type=int, default=8500, help="nginx's port")
    args = ap.parse_args(argv)
    return serve(args.replicas, args.port, setting(_STORE_ENV) or None)


if __name__ == "__main__":
    sys.exit(main())
