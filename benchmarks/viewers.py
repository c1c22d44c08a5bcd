"""Many viewers at once on a cold cache: pulls from the Sheets API, and time to a complete overview.

    python benchmarks/viewers.py [--viewers 20] [--mode browser|websocket] [--timeout 300]

Starts the loopback Sheets API (`dashboard.testing.SheetsAPI`) holding data/demo, one
spreadsheet per sheet, and a secrets file pointing at it; then one real
`streamlit run app.py` on a free 127.0.0.1 port with an empty cache folder. Every viewer opens
the overview at the same moment:

    browser    one Chromium (Debian's, /usr/bin/chromium), one context per viewer; a viewer is
               done when the app is connected, its script run has finished, the 12 headline and
               report cards show figures and both charts are drawn
    websocket  a bare Streamlit client per viewer over /_stcore/stream (no rendering): done when
               the server says the overview's script run finished; isolates the server from
               twenty renderers sharing the two cores

Prints the Sheets API's requests (token, batchGet per spreadsheet, anything else), the time
from "all open at once" to the first, median and last complete overview, and the server
process's peak RSS (VmHWM). Only 127.0.0.1 is contacted; the browser refuses anything else.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from dashboard.testing.streamlit_server import CHROMIUM, Server, is_local
from dashboard.testing.streamlit_server import CHROMIUM_ARGS as BASE_CHROMIUM_ARGS
from dashboard.testing.streamlit_server import start as start_server

ROOT = Path(__file__).resolve().parents[1]
DEMO = ROOT / "data" / "demo"
# Twenty tabs share two cores: keep timers and rendering of pages that are not in front.
CHROMIUM_ARGS = [
    *BASE_CHROMIUM_ARGS,
    "--disable-background-timer-throttling",
    "--disable-renderer-backgrounding",
    "--disable-backgrounding-occluded-windows",
]
CARDS = 12  # 7 headline cards + 5 report cards on the overview

# The overview is complete: connected, the run finished, every card shows a figure, both
# charts (cumulative, ranking) drawn.
OVERVIEW_DONE_JS = """(cards) => {
  const app = document.querySelector('[data-testid="stApp"]');
  if (!app || app.dataset.testConnectionState !== 'CONNECTED' || app.dataset.testScriptState !== 'notRunning') return false;
  const values = [...document.querySelectorAll('[class*="st-key-card_"] [data-testid="stMetricValue"]')];
  if (values.length < cards || !values.every(v => /[0-9๐-๙]/.test(v.textContent))) return false;
  return document.querySelectorAll('[data-testid="stPlotlyChart"] .main-svg').length >= 2;
}"""


# ---- the Sheets API and the server -------------------------------------------------------------


@contextmanager
def streamlit_server(env: dict[str, str], log: Path, timeout: float = 120) -> Iterator[Server]:
    """`streamlit run app.py` on a free loopback port, ready when /_stcore/health answers."""
    server = start_server(log, env=env, timeout=timeout)
    try:
        yield server
    finally:
        server.stop()


@contextmanager
def loopback_sheets(folder: Path, tmp: Path) -> Iterator[tuple[object, dict[str, str]]]:
    """The loopback Sheets API holding FOLDER, and the environment a server needs to read it."""
    from dashboard.config import load_config
    from dashboard.testing import SheetsAPI, load_folder, make_service_account, write_secrets

    cfg = load_config()
    account = make_service_account()
    with SheetsAPI() as api:
        api.add_account(account)
        stems = [s.stem for s in cfg.sources.values()]
        urls = load_folder(api, folder, stems, share_with=[account.email])
        secrets = write_secrets(tmp / "secrets.toml", account.info(api.token_uri), urls)
        env = {
            "DASHBOARD_SECRETS": str(secrets),
            "DASHBOARD_SHEETS_ENDPOINT": api.url,
            "DASHBOARD_CACHE_DIR": str(tmp / "cache"),
        }
        yield api, env


def demo_env(tmp: Path) -> dict[str, str]:
    """A server on the embedded demo data: no secrets, an empty cache folder."""
    empty = tmp / "no-secrets.toml"
    empty.write_text("", encoding="utf-8")
    return {"DASHBOARD_SECRETS": str(empty), "DASHBOARD_CACHE_DIR": str(tmp / "cache")}


local_url = is_local


# ---- viewers ----------------------------------------------------------------------------------


@dataclass
class Viewer:
    index: int
    done_s: float | None = None
    error: str | None = None
    bytes_in: int = 0
    extra: dict = field(default_factory=dict)


async def _browser_viewers(url: str, n: int, timeout_s: float) -> tuple[list[Viewer], float]:
    from playwright.async_api import async_playwright
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    viewers = [Viewer(i) for i in range(n)]
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            pages = []
            for v in viewers:
                ctx = await browser.new_context(viewport={"width": 1440, "height": 1000}, locale="th-TH",
                                                timezone_id="Asia/Bangkok")
                await ctx.route(lambda u: not local_url(u), lambda route: route.abort())
                page = await ctx.new_page()

                def on_ws(ws, v=v):
                    v.extra.setdefault("ws_open_s", time.perf_counter() - t0)
                    ws.on("framereceived", lambda payload, v=v: _frame(v, payload))

                page.on("websocket", on_ws)
                pages.append(page)

            def _frame(v: Viewer, payload) -> None:
                v.bytes_in += len(payload)
                if isinstance(payload, bytes):
                    msg = ForwardMsg()
                    msg.ParseFromString(payload)
                    if (msg.WhichOneof("type") == "script_finished"
                            and msg.script_finished == ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY):
                        v.extra.setdefault("server_done_s", time.perf_counter() - t0)

            t0 = time.perf_counter()

            async def one(v: Viewer, page) -> None:
                try:
                    await page.goto(url + "/", timeout=timeout_s * 1000)
                    await page.wait_for_function(OVERVIEW_DONE_JS, arg=CARDS, polling=100, timeout=timeout_s * 1000)
                    v.done_s = time.perf_counter() - t0
                except Exception as exc:  # a viewer that never completes is reported, not raised
                    v.error = f"{type(exc).__name__}: {str(exc).splitlines()[0]}"

            await asyncio.gather(*(one(v, p) for v, p in zip(viewers, pages)))
            wall = time.perf_counter() - t0
        finally:
            await browser.close()
    return viewers, wall


async def _websocket_viewers(url: str, n: int, timeout_s: float) -> tuple[list[Viewer], float]:
    """Bare Streamlit sessions (`testing.ws_viewer.open_overview`, as the replica tests use): each
    opens /_stcore/stream, asks for a run of the overview and reads until it has finished with no
    rerun pending (a first visit is one run: `runs` in the result)."""
    from dashboard.testing.ws_viewer import open_overview

    viewers = [Viewer(i) for i in range(n)]
    t0 = time.perf_counter()
    visits = await asyncio.gather(*(open_overview(url, timeout=timeout_s, cards=CARDS) for _ in viewers))
    for v, visit in zip(viewers, visits):
        v.done_s, v.error, v.bytes_in = visit.done_s, visit.error, visit.bytes_in
        v.extra["runs"] = visit.runs
    return viewers, time.perf_counter() - t0


def _sheets_summary(api) -> list[str]:
    from dashboard.config import load_config
    from dashboard.testing.sheets_api import spreadsheet_key

    cfg = load_config()
    lines = [f"Sheets API requests: token {api.count('token')}, batchGet {api.count('batchGet')}, "
             f"metadata {api.count('get')}, values.get {api.count('values.get')}, other {api.count('other')}"]
    per = {s.stem: api.count("batchGet", spreadsheet_key(s.stem)) for s in cfg.sources.values()}
    lines.append("batchGet per spreadsheet: " + ", ".join(f"{k} {v}" for k, v in per.items()))
    lines.append("exactly one batchGet per spreadsheet: " + ("yes" if set(per.values()) == {1} else "NO"))
    return lines


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--viewers", type=int, default=20)
    ap.add_argument("--mode", choices=("browser", "websocket"), default="browser")
    ap.add_argument("--timeout", type=float, default=300, help="seconds each viewer may take")
    ap.add_argument("--log", default=None, help="keep the server's output here")
    args = ap.parse_args()

    with tempfile.TemporaryDirectory(prefix="viewers-") as tmp_name:
        tmp = Path(tmp_name)
        log = Path(args.log) if args.log else tmp / "streamlit.log"
        with loopback_sheets(DEMO, tmp) as (api, env):
            with streamlit_server(env, log) as server:
                rss_idle = server.rss_mib()
                api.reset_counts()
                runner = _browser_viewers if args.mode == "browser" else _websocket_viewers
                viewers, wall = asyncio.run(runner(server.url, args.viewers, args.timeout))
                peak = server.peak_rss_mib()
                rss_after = server.rss_mib()
                failed = [v for v in viewers if v.done_s is None]
                if failed:
                    print(f"{len(failed)} viewer(s) did not complete; server output:\n{server.output()}", file=sys.stderr)
            summary = _sheets_summary(api)

    done = sorted(v.done_s for v in viewers if v.done_s is not None)
    print(f"{args.viewers} viewers ({args.mode}), cold cache, data/demo served by the loopback Sheets API")
    for line in summary:
        print(line)
    if done:
        print(f"complete overviews: {len(done)}/{args.viewers}; first {done[0]:.2f} s, "
              f"median {statistics.median(done):.2f} s, last {done[-1]:.2f} s (wall {wall:.2f} s)")
    for name, label in (("ws_open_s", "websocket open (page and scripts loaded)"),
                        ("server_done_s", "overview's script run finished (server side)")):
        got = sorted(v.extra[name] for v in viewers if name in v.extra)
        if got:
            print(f"  {label}: first {got[0]:.2f} s, median {statistics.median(got):.2f} s, last {got[-1]:.2f} s")
    for v in viewers:
        if v.error:
            print(f"  viewer {v.index}: {v.error}")
    received = [v.bytes_in for v in viewers]
    print(f"websocket bytes received per viewer: median {statistics.median(received) / 1024:,.0f} KiB")
    print(f"server RSS: idle {rss_idle:.0f} MiB, after {rss_after:.0f} MiB, peak (VmHWM) {peak:.0f} MiB")


# ---- several replicas behind nginx with the shared store (`--replicas 1 2 --counts 20 50 200`) ----


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process (all its threads), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def replica_sweep(replica_counts: list[int], counts: list[int], timeout: float) -> None:
    """For each replica count: redis-server + N replicas + nginx on the loopback Sheets API; one
    viewer per replica at once on a cold store (Sheets requests per refresh), then each of COUNTS
    viewers at once through nginx (each with its own affinity cookie) on the warm cache."""
    from dashboard.replicas import replica_env, start_nginx, start_redis, start_replica, wait_healthy
    from dashboard.testing.ws_viewer import affinity_cookie, open_overview

    print(f"cores: {os.cpu_count()}, load average before: {os.getloadavg()[0]:.2f}")
    print("| replicas | viewers | complete | first s | median s | last s | CPU s per viewer | viewers per core-second |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    notes: list[str] = []
    for n in replica_counts:
        with tempfile.TemporaryDirectory(prefix="replicas-") as tmp_name:
            tmp = Path(tmp_name)
            started = []
            with loopback_sheets(DEMO, tmp) as (api, env):
                try:
                    redis = start_redis(tmp / "redis")
                    started.append(redis)
                    url_store = f"redis://127.0.0.1:{redis.port}/0"
                    nodes = []
                    for k in range(1, n + 1):
                        e = replica_env(url_store, "bench-cookie-secret", {**env, "DASHBOARD_CACHE_DIR": str(tmp / f"c{k}")})
                        nodes.append(start_replica(tmp, k, e))
                    started.extend(nodes)
                    for node in nodes:
                        wait_healthy(node)
                    proxy = start_nginx(tmp / "nginx", [x.port for x in nodes])
                    started.append(proxy)
                    url = f"http://127.0.0.1:{proxy.port}"
                    api.reset_counts()
                    cold = asyncio.run(_gather([open_overview(f"http://127.0.0.1:{x.port}", timeout=timeout) for x in nodes]))
                    spreadsheets = len({s.stem for s in __import__("dashboard.config", fromlist=["x"]).load_config().sources.values()})
                    notes.append(f"{n} replica(s), cold store, one viewer per replica at once: batchGet {api.count('batchGet')} "
                                 f"for {spreadsheets} spreadsheets, token {api.count('token')}; errors {[v.error for v in cold if v.error]}")
                    for count in counts:
                        cookies = [affinity_cookie(url)[0] for _ in range(count)]
                        before = sum(_cpu_seconds(x.process.pid) for x in nodes)
                        visits = asyncio.run(_gather([open_overview(url, cookie=c, timeout=timeout) for c in cookies]))
                        cpu = sum(_cpu_seconds(x.process.pid) for x in nodes) - before
                        done = sorted(v.done_s for v in visits if v.done_s is not None)
                        errors = [v.error for v in visits if v.error]
                        per = cpu / max(1, len(done))
                        row = (f"| {n} | {count} | {len(done)} | {done[0]:.2f} | {statistics.median(done):.2f} | "
                               f"{done[-1]:.2f} | {per:.2f} | {1 / per if per else float('nan'):.2f} |") if done else f"| {n} | {count} | 0 | | | | | |"
                        print(row, flush=True)
                        if errors:
                            notes.append(f"{n} replica(s), {count} viewers: {len(errors)} failed, e.g. {errors[0]}")
                    notes.append(f"{n} replica(s): Sheets batchGet in all after every run: {api.count('batchGet')}")
                finally:
                    for x in reversed(started):
                        x.stop()
    for line in notes:
        print(line)
    print(f"load average after: {os.getloadavg()[0]:.2f}")


async def _gather(coros):
    return await asyncio.gather(*coros)


if __name__ == "__main__":
    if "--replicas" in sys.argv:
        sweep = argparse.ArgumentParser()
        sweep.add_argument("--replicas", type=int, nargs="+", required=True)
        sweep.add_argument("--counts", type=int, nargs="+", default=[20, 50, 200])
        sweep.add_argument("--timeout", type=float, default=600)
        a = sweep.parse_args()
        replica_sweep(a.replicas, a.counts, a.timeout)
    else:
        main()
