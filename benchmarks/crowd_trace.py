"""Where a crowd's first figure waits: the server's part and the browser's part, measured.

    python benchmarks/crowd_trace.py [--crowd 8] [--rounds 3] [--path /]

Starts the dashboard (demo data) and `benchmarks/one_metric_app.py` as `first_figure.py` does,
warms both, then for each page and round:

- server: CROWD bare websocket sessions at once (no browser): seconds from connecting to the
  first delta, to the first figure's delta (a headline-strip tile's Markdown, or the metric) and to the
  end of the run, per session;
- browser: CROWD new Chromium contexts at once; a script in each page notes (ms since
  navigation) the websocket's first message, the first figure on screen, every script file it
  fetched (start, end, bytes) and the main thread's long tasks (> 50 ms), so it can say how many
  bytes of element code were fetched, and how much main-thread time went, before the figure.

Prints medians over every session of every round (the slowest too). Rounds alternate between
the pages, so the shared machine's load falls on both alike.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import time

from first_figure import FIGURE_SELECTOR, dashboard_and_floor, new_visitor  # as there

from dashboard.testing.streamlit_server import CHROMIUM, CHROMIUM_ARGS

TRACE_JS = """(() => {
  const FIGURES = '%s';
  const seen = {resources: [], longtasks: []};
  window.__trace = seen;
  const Real = window.WebSocket;
  window.WebSocket = function (...args) {
    const ws = new Real(...args);
    ws.addEventListener('message', event => {
      if (seen.ws_first === undefined) seen.ws_first = performance.now();
      if (seen.ws_figure === undefined && event.data instanceof ArrayBuffer) {
        const text = new TextDecoder().decode(event.data);
        if (text.includes('-strip_leaders__') || text.includes('stMetric') || text.includes('27,040'))
          seen.ws_figure = performance.now();
      }
      seen.ws_last = performance.now();
      seen.ws_count = (seen.ws_count || 0) + 1;
    });
    return ws;
  };
  window.WebSocket.prototype = Real.prototype;
  Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
  new PerformanceObserver(list => {
    for (const e of list.getEntries()) seen.resources.push(
      {name: e.name.split('/').pop().split('?')[0], start: e.startTime, end: e.responseEnd,
       bytes: e.encodedBodySize, fetch: e.responseEnd - e.requestStart, wait: e.requestStart - e.startTime});
  }).observe({type: 'resource', buffered: true});
  try {
    new PerformanceObserver(list => {
      for (const e of list.getEntries()) seen.longtasks.push({start: e.startTime, ms: e.duration});
    }).observe({type: 'longtask', buffered: true});
  } catch (e) {}
  const figure = () => {
    for (const el of document.querySelectorAll(FIGURES)) {
      if (/[0-9๐-๙]/.test(el.textContent)) return true;
    }
    return false;
  };
  new MutationObserver(() => {
    if (seen.first === undefined && figure()) seen.first = performance.now();
    if (seen.plotly === undefined && document.querySelector('[data-testid="stPlotlyChart"] .main-svg'))
      seen.plotly = performance.now();
  }).observe(document, {subtree: true, childList: true, attributes: true, characterData: true});
})();""" % FIGURE_SELECTOR


async def ws_session(url: str, timeout: float) -> dict:
    """One bare session: seconds to the first delta, the first figure's delta, the run's end."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.asyncio.client import connect

    got: dict = {}
    t0 = time.perf_counter()

    async def run() -> None:
        async with connect(url.rstrip("/").replace("http://", "ws://") + "/_stcore/stream", max_size=None, compression=None,
                           open_timeout=timeout, subprotocols=["streamlit"], ping_interval=None) as conn:
            back = BackMsg()
            back.rerun_script.query_string = ""
            back.rerun_script.page_script_hash = ""
            back.rerun_script.page_name = ""
            await conn.send(back.SerializeToString())
            deltas = 0
            in_tile = False  # the overview's first figure: the Markdown in a strip tile's container
            while True:
                msg = ForwardMsg()
                msg.ParseFromString(await conn.recv())
                kind = msg.WhichOneof("type")
                now = time.perf_counter() - t0
                if kind == "delta":
                    deltas += 1
                    got.setdefault("delta", now)
                    if msg.delta.WhichOneof("type") == "add_block" and "-strip_" in msg.delta.add_block.id:
                        in_tile = True
                    if msg.delta.WhichOneof("type") == "new_element":
                        el = msg.delta.new_element
                        element = el.WhichOneof("type")
                        got.setdefault("elements", []).append(element)
                        if element == "metric" or (element == "markdown" and in_tile):
                            got.setdefault("figure", now)
                            got.setdefault("figure_delta", deltas)
                elif kind == "script_finished":
                    got["done"] = now
                    got["deltas"] = deltas
                    return

    try:
        await asyncio.wait_for(run(), timeout)
    except Exception as exc:  # noqa: BLE001
        got["error"] = f"{type(exc).__name__}: {exc}"
    return got


async def browser_visit(browser, url: str, timeout: float) -> dict:
    ctx = await new_visitor(browser, TRACE_JS)
    try:
        page = await ctx.new_page()
        await page.goto(url, timeout=timeout * 1000)
        await page.wait_for_function("window.__trace && window.__trace.first !== undefined", polling=100,
                                     timeout=timeout * 1000)
        await page.wait_for_timeout(300)  # the resource entries of the figure's moment are reported
        return await page.evaluate("window.__trace")
    except Exception as exc:  # noqa: BLE001
        return {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0]}"}
    finally:
        await ctx.close()


def summarise_browser(trace: dict) -> dict:
    first = trace["first"]
    before = [r for r in trace["resources"] if r["end"] <= first and r["name"].endswith(".js")]
    after_req = [r for r in trace["resources"] if r["start"] < first and r["end"] > first and r["name"].endswith(".js")]
    long_before = sum(min(lt["start"] + lt["ms"], first) - lt["start"] for lt in trace["longtasks"] if lt["start"] < first)
    plotly = next((r for r in trace["resources"] if r["name"].startswith("PlotlyChart")), None)
    main = [r for r in trace["resources"] if r["name"].startswith("index.") and r["name"].endswith(".js")]
    html = next((r for r in trace["resources"] if r["name"].startswith("Html.")), None)
    last = max(before, key=lambda r: r["end"], default=None)
    return {
        "html_start": html["start"] / 1000 if html else float("nan"),
        "html_end": html["end"] / 1000 if html else float("nan"),
        "html_wait": html["wait"] / 1000 if html else float("nan"),
        "last_name": last["name"] if last else "",
        "first": first / 1000,
        "ws_first": trace.get("ws_first", float("nan")) / 1000,
        "ws_figure": trace.get("ws_figure", float("nan")) / 1000,
        "js_files": len(before),
        "js_kib": sum(r["bytes"] for r in before) / 1024,
        "in_flight": len(after_req),
        "long_ms": long_before,
        "plotly_start": plotly["start"] / 1000 if plotly else float("nan"),
        "plotly_end": plotly["end"] / 1000 if plotly else float("nan"),
        "main_end": main[0]["end"] / 1000 if main else float("nan"),
        "last_js_end": max((r["end"] for r in before), default=0) / 1000,
    }


async def measure(urls: dict[str, str], crowd: int, rounds: int, timeout: float,
                  browsers: bool = True) -> tuple[dict, dict]:
    from playwright.async_api import async_playwright

    server: dict[str, list[dict]] = {}
    browser_side: dict[str, list[dict]] = {}
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            for url in urls.values():
                await browser_visit(browser, url, timeout)
            for _ in range(rounds):
                for name, url in urls.items():
                    server.setdefault(name, []).extend(
                        await asyncio.gather(*(ws_session(url, timeout) for _ in range(crowd))))
                    if not browsers:
                        continue
                    traces = await asyncio.gather(*(browser_visit(browser, url, timeout) for _ in range(crowd)))
                    browser_side.setdefault(name, []).extend(
                        summarise_browser(tr) if "first" in tr else tr for tr in traces)
        finally:
            await browser.close()
    return server, browser_side


def med(values: list[float]) -> str:
    values = [v for v in values if v == v]
    return f"{statistics.median(values):.2f}" if values else "–"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--crowd", type=int, default=8)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--path", default="/")
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--server-only", action="store_true", help="the bare websocket sessions only")
    args = ap.parse_args()

    with dashboard_and_floor(args.path, "crowd-trace-") as urls:
        load_before = os.getloadavg()[0]
        server, browser_side = asyncio.run(measure(urls, args.crowd, args.rounds, args.timeout,
                                                      browsers=not args.server_only))
        load_after = os.getloadavg()[0]

    print(f"{args.crowd} at once, {args.rounds} rounds; cores {os.cpu_count()}, load average "
          f"{load_before:.1f} -> {load_after:.1f}")
    print("\nserver alone (bare websocket sessions), seconds, median (slowest):")
    print("| page | sessions | first delta | first figure's delta | its place | run finished |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    for name, got in server.items():
        ok = [g for g in got if "figure" in g]
        for g in got:
            if "figure" not in g:
                print(f"  {name}: {g.get('error', g)}")
        if not ok:
            continue
        print(f"| {name} | {len(ok)} | {med([g['delta'] for g in ok])} | {med([g['figure'] for g in ok])} "
              f"({max(g['figure'] for g in ok):.2f}) | {med([g['figure_delta'] for g in ok])} of "
              f"{med([g['deltas'] for g in ok])} | {med([g['done'] for g in ok])} |")
    print("\nbrowsers (Chromium, a new context each), seconds since navigation, median:")
    print("| page | visits | first ws message | main bundle fetched | last script before the figure | "
          "scripts before it | KiB | long tasks before it, ms | plotly requested / fetched | first figure (slowest) |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for name, got in browser_side.items():
        ok = [g for g in got if "first" in g]
        if not ok:
            print(f"  {name}: {got[:1]}")
            continue
        print(f"| {name} | {len(ok)} | {med([g['ws_first'] for g in ok])} | {med([g['main_end'] for g in ok])} | "
              f"{med([g['last_js_end'] for g in ok])} | {med([g['js_files'] for g in ok])} | "
              f"{med([g['js_kib'] for g in ok])} | {med([g['long_ms'] for g in ok])} | "
              f"{med([g['plotly_start'] for g in ok])} / {med([g['plotly_end'] for g in ok])} | "
              f"{med([g['first'] for g in ok])} ({max(g['first'] for g in ok):.2f}) |")
        for g in got:
            if "error" in g:
                print(f"  {name}: {g['error']}")


if __name__ == "__main__":
    main()
