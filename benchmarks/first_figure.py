"""The overview's first figure in a real Chromium, next to a one-metric Streamlit page.

    python benchmarks/first_figure.py [--rounds 5] [--crowd 8] [--crowd-rounds 3] [--path /]
                                      [--via direct|nginx|nginx-static] [--network KBITS,RTT_MS]

Starts two servers on loopback ports with the same Streamlit: the dashboard (`app.py`, demo
data, an empty cache folder, no secrets) and `benchmarks/one_metric_app.py` (one `st.metric`).
Each is warmed by one visit first (the dashboard's data is loaded), so what is measured is a new
visitor on a warm server. Every visit is a new browser context (no cache: Streamlit's scripts
are fetched as a first-time visitor's browser fetches them) in Debian's Chromium.

A page script in the browser (added before navigation) watches the document and notes
`performance.now()` — milliseconds since navigation started — when the first figure appears:
a metric's value, a headline-strip figure or a drawn plotly chart, whichever comes first. For
the overview it also notes when the headline strip has its style (laid out as a grid: the style
sheet's element code has come) and when it is complete (12 card figures and both charts drawn, the run
finished). Rounds alternate between the two pages, alone and then CROWD visitors at once (all
on the same page), so the shared machine's load falls on both alike. Prints medians (and the
slowest of a crowd) and the ratio overview / one-metric page; the goal is ≤ 1.5×.

`--via nginx` puts Debian's nginx in front of each server as `make serve` does (proxied, the page
and JSON gzipped); `--via nginx-static` also serves Streamlit's own files from nginx, gzipped
ahead (`dashboard.replicas.static_files`). `--network 9000,60` gives every visitor's browser a
link of 9,000 kbit/s down (a fifth of it up) with 60 ms round trips (Chromium's throttling), as
a phone on a mobile network; it also prints the bytes each page's first visit fetched.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import statistics
import sys
import tempfile
from pathlib import Path

from dashboard import replicas
from dashboard.testing.streamlit_server import CHROMIUM, CHROMIUM_ARGS, is_local
from dashboard.testing.streamlit_server import start as start_server

HERE = Path(__file__).resolve().parent
CARDS = 12
# A figure on screen: a metric's value, or a headline-strip tile's figure (Markdown in a container
# keyed `strip_<figure>__<state>`, `dashboard.ui.layout.headline_strip`).
FIGURE_SELECTOR = '[data-testid="stMetricValue"], [class*="st-key-strip_"] strong'

# Noted in the page: the first figure, and (overview) the whole page, in ms since navigation.
WATCH_JS = """(() => {
  const FIGURES = '%s';
  const seen = {};
  const figure = () => {
    for (const el of document.querySelectorAll(FIGURES)) {
      if (/[0-9๐-๙]/.test(el.textContent)) return true;
    }
    return !!document.querySelector('[data-testid="stPlotlyChart"] .main-svg');
  };
  const complete = () => {
    const app = document.querySelector('[data-testid="stApp"]');
    if (!app || app.dataset.testScriptState !== 'notRunning') return false;
    const values = [...document.querySelectorAll('[class*="st-key-card_"] [data-testid="stMetricValue"]')];
    return values.length >= %d && document.querySelectorAll('[data-testid="stPlotlyChart"] .main-svg').length >= 2;
  };
  const styled = () => {
    const strip = document.querySelector('.st-key-headline_strip');
    return !!strip && getComputedStyle(strip).display === 'grid';
  };
  const check = () => {
    if (seen.first === undefined && figure()) seen.first = performance.now();
    if (seen.styled === undefined && styled()) seen.styled = performance.now();
    if (seen.complete === undefined && complete()) seen.complete = performance.now();
  };
  window.__benchSeen = seen;
  new MutationObserver(check).observe(document, {subtree: true, childList: true, attributes: true,
                                                 characterData: true});
})();""" % (FIGURE_SELECTOR, CARDS)


async def new_visitor(browser, init_js: str):
    """A first-time visitor: a new context (no cache, only loopback reachable) whose pages run
    `init_js` before their own scripts. Close the context after."""
    ctx = await browser.new_context(viewport={"width": 1366, "height": 768}, locale="th-TH",
                                    timezone_id="Asia/Bangkok")
    await ctx.route(lambda u: not is_local(u), lambda route: route.abort())
    await ctx.add_init_script(init_js)
    return ctx


async def throttle(page, network: tuple[int, int] | None) -> None:
    """Chromium's network throttling for PAGE: (kbit/s down, round trip ms); up is a fifth of down."""
    if network is None:
        return
    kbits, rtt = network
    cdp = await page.context.new_cdp_session(page)
    await cdp.send("Network.enable")
    await cdp.send("Network.emulateNetworkConditions", {
        "offline": False, "latency": rtt, "downloadThroughput": kbits * 1000 / 8,
        "uploadThroughput": kbits * 1000 / 8 / 5})


BYTES_JS = "performance.getEntriesByType('resource').reduce((n, e) => n + (e.transferSize || 0), 0)"


async def visit(browser, url: str, timeout_s: float, want_complete: bool, network: tuple[int, int] | None = None) -> dict:
    ctx = await new_visitor(browser, WATCH_JS)
    try:
        page = await ctx.new_page()
        await throttle(page, network)
        await page.goto(url, timeout=timeout_s * 1000)
        wait = "window.__benchSeen && window.__benchSeen.first !== undefined"
        if want_complete:
            wait += " && window.__benchSeen.complete !== undefined"
        await page.wait_for_function(wait, polling=100, timeout=timeout_s * 1000)
        seen = await page.evaluate("window.__benchSeen")
        return {**{k: v / 1000 for k, v in seen.items()}, "kib": await page.evaluate(BYTES_JS) / 1024}
    except Exception as exc:  # noqa: BLE001 (a visit that fails is reported, not raised)
        return {"error": f"{type(exc).__name__}: {str(exc).splitlines()[0]}"}
    finally:
        await ctx.close()


async def measure(urls: dict[str, str], rounds: int, crowd: int, crowd_rounds: int, timeout_s: float,
                  network: tuple[int, int] | None = None) -> dict:
    from playwright.async_api import async_playwright

    got: dict[tuple[str, str], list[dict]] = {}
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            for url in urls.values():  # warm: the dashboard's data loaded, the scripts compiled
                await visit(browser, url, timeout_s, want_complete=False)
            for _ in range(rounds):
                for name, url in urls.items():
                    got.setdefault((name, "alone"), []).append(
                        await visit(browser, url, timeout_s, want_complete=name == "overview", network=network))
            for _ in range(crowd_rounds):
                for name, url in urls.items():
                    many = await asyncio.gather(*(visit(browser, url, timeout_s, want_complete=name == "overview",
                                                        network=network) for _ in range(crowd)))
                    got.setdefault((name, f"{crowd} at once"), []).extend(many)
        finally:
            await browser.close()
    return got


VIA = ("direct", "nginx", "nginx-static")


@contextlib.contextmanager
def dashboard_and_floor(path: str, prefix: str, via: str = "direct"):
    """The dashboard (demo data, no secrets, an empty cache) and the one-metric page, each on a
    loopback port of the same Streamlit: {"overview": URL + path, "one metric": URL}; stopped after.
    VIA "nginx" puts an nginx in front of each as `make serve` does, "nginx-static" also with
    Streamlit's files served by nginx (`dashboard.replicas`)."""
    with tempfile.TemporaryDirectory(prefix=prefix) as tmp_name:
        tmp = Path(tmp_name)
        no_secrets = tmp / "no-secrets.toml"
        no_secrets.write_text("", encoding="utf-8")
        env = {"DASHBOARD_SECRETS": str(no_secrets), "DASHBOARD_CACHE_DIR": str(tmp / "cache")}
        app = start_server(tmp / "app.log", env=env)
        floor = start_server(tmp / "one-metric.log", env=env, script=str((HERE / "one_metric_app.py").relative_to(HERE.parent)))
        proxies = []
        try:
            urls = {"overview": app.url, "one metric": floor.url}
            if via != "direct":
                tmp.chmod(0o755)  # nginx's workers read the copy (as `nobody` when started by root)
                static = replicas.static_files(tmp / "static") if via == "nginx-static" else None
                for name, server in (("overview", app), ("one metric", floor)):
                    proxies.append(replicas.start_nginx(tmp / f"nginx-{len(proxies)}", [server.port], static_root=static))
                    urls[name] = f"http://127.0.0.1:{proxies[-1].port}"
            yield {"overview": urls["overview"] + path, "one metric": urls["one metric"] + "/"}
        finally:
            for proxy in proxies:
                proxy.stop()
            app.stop()
            floor.stop()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rounds", type=int, default=5, help="visits alone to each page")
    ap.add_argument("--crowd", type=int, default=8, help="visitors at once")
    ap.add_argument("--crowd-rounds", type=int, default=3)
    ap.add_argument("--path", default="/", help="the dashboard's page to open (default: the overview)")
    ap.add_argument("--timeout", type=float, default=120)
    ap.add_argument("--via", choices=VIA, default="direct", help="straight to Streamlit, or through nginx")
    ap.add_argument("--network", help="KBITS,RTT_MS: each browser's link (e.g. 9000,60); default unthrottled")
    args = ap.parse_args()
    network = tuple(int(x) for x in args.network.split(",")) if args.network else None

    with dashboard_and_floor(args.path, "first-figure-", args.via) as urls:
        load_before = os.getloadavg()[0]
        got = asyncio.run(measure(urls, args.rounds, args.crowd, args.crowd_rounds, args.timeout, network))
        load_after = os.getloadavg()[0]

    link = f"{network[0]:,} kbit/s, {network[1]} ms round trips" if network else "loopback, unthrottled"
    print(f"first figure in Chromium, new visitors on a warm server, via {args.via}, {link}; cores {os.cpu_count()}, "
          f"load average {load_before:.1f} -> {load_after:.1f}")
    print("| page | visitors | visits | first figure, median s | slowest s | strip styled, median s | "
          "complete page, median s | KiB fetched by then, median |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    medians: dict[tuple[str, str], float] = {}
    errors = []

    def median_of(visits: list[dict], mark: str, fmt: str = "{:.2f}") -> str:
        got = [v[mark] for v in visits if mark in v]
        return fmt.format(statistics.median(got)) if got else ""

    for (name, how), visits in got.items():
        ok = [v for v in visits if "first" in v]
        errors += [f"{name}, {how}: {v['error']}" for v in visits if "error" in v]
        if not ok:
            print(f"| {name} | {how} | 0 | | | | | |")
            continue
        first = [v["first"] for v in ok]
        medians[(name, how)] = statistics.median(first)
        print(f"| {name} | {how} | {len(ok)} | {statistics.median(first):.2f} | {max(first):.2f} | "
              f"{median_of(ok, 'styled')} | {median_of(ok, 'complete')} | {median_of(ok, 'kib', '{:,.0f}')} |")
    for how in sorted({h for _, h in medians}):
        if ("overview", how) in medians and ("one metric", how) in medians:
            ratio = medians[("overview", how)] / medians[("one metric", how)]
            print(f"overview / one-metric page, {how}: {ratio:.2f}x (goal <= 1.5x)")
    for line in errors:
        print(line, file=sys.stderr)


if __name__ == "__main__":
    main()
