"""What each page sends to the browser, in bytes: a first load, then reruns caused by widgets.

    python benchmarks/page_bytes.py [--pages overview reports clips map data] [--quiet-ms 800]

One real `streamlit run app.py` on the demo data and Debian's Chromium (only 127.0.0.1 is
reachable). Each page opens in a fresh browser context (a new visitor) and goes through:

    load       the page's first load (HTTP: the page, scripts, fonts …; websocket: the runs)
    province   the province filter set to Nong Khai (43): a rerun that changes what is shown
    type       the tambon-type filter set to "older": a rerun that leaves the map's ratings alone
    language   the language switched to English: a rerun that changes every text
    refresh    the "refresh now" button: a rerun with the same filters (and, younger than 30 s,
               the same data)

The Data page also opens at `/data?table=1.1` (form 1.1 country-wide, ~29,000 rows) for a fresh
visitor, who then scrolls to the end of the grid.

For every step it prints the websocket bytes received (frame payloads, as the browser parses
them and as they travel: Streamlit's server negotiates no permessage-deflate; `zlib` is the same
frames compressed one by one, what compression would leave), the HTTP response bodies
(Streamlit's scripts and fonts: sent uncompressed, but cached by the browser for a year, so paid
once per browser rather than per visit; each page here starts with an empty cache), and what
the largest elements weigh: the map's deck JSON, dataframes (Arrow), plotly figures, lazy-grid
row chunks, and how many elements came as a reference to the browser's message cache (`refs`,
a few dozen bytes each) instead of whole.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script: its sibling viewers.py

from viewers import CHROMIUM, CHROMIUM_ARGS, demo_env, local_url, streamlit_server  # noqa: E402

NONG_KHAI = "43"
PAGE_PATHS = {"overview": "/", "reports": "/reports", "clips": "/clips", "map": "/map", "data": "/data"}
DRAWN = {
    "overview": '[data-testid="stPlotlyChart"] .main-svg',
    "reports": '[data-testid="stPlotlyChart"] .main-svg',
    "clips": '[data-testid="stPlotlyChart"] .main-svg',
    "map": '[data-testid="stDeckGlJsonChart"] canvas',
    "data": '[data-testid="stDataFrame"]',
}
TIMEOUT_MS = 120_000


@dataclass
class Tally:
    """What arrived during one step."""

    ws_bytes: int = 0
    ws_deflated: int = 0
    ws_frames: int = 0
    http_bytes: int = 0
    runs: int = 0  # script runs finished successfully
    by_element: dict[str, int] = field(default_factory=dict)  # element type -> bytes
    refs: int = 0  # elements sent as a reference to the browser's cache
    chunks: int = 0  # lazy dataframe chunks (backend operation responses), bytes
    deck_sizes: list[int] = field(default_factory=list)


class Meter:
    """Counts what a page receives; `step(name)` starts a new tally."""

    def __init__(self) -> None:
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        self._ForwardMsg = ForwardMsg
        self.tallies: dict[str, Tally] = {}
        self.current = Tally()
        self.last_frame = time.monotonic()
        self.requests: list = []

    def step(self, name: str) -> Tally:
        self.current = Tally()
        self.tallies[name] = self.current
        self.requests = []
        return self.current

    def attach(self, page) -> None:
        page.on("websocket", lambda ws: ws.on("framereceived", self._frame))
        page.on("requestfinished", lambda req: self.requests.append((self.current, req)))

    def _frame(self, payload) -> None:
        self.last_frame = time.monotonic()
        tally = self.current
        data = payload if isinstance(payload, bytes) else payload.encode()
        tally.ws_bytes += len(data)
        tally.ws_deflated += len(zlib.compress(data, 6))
        tally.ws_frames += 1
        if not isinstance(payload, bytes):
            return
        msg = self._ForwardMsg()
        msg.ParseFromString(payload)
        kind = msg.WhichOneof("type")
        if kind == "ref_hash":
            tally.refs += 1
        elif kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
            element = msg.delta.new_element
            name = element.WhichOneof("type")
            size = element.ByteSize()
            tally.by_element[name] = tally.by_element.get(name, 0) + size
            if name == "deck_gl_json_chart":
                tally.deck_sizes.append(len(element.deck_gl_json_chart.json.encode()))
        elif kind == "backend_operation_response":
            tally.chunks += msg.ByteSize()
        elif kind == "script_finished" and msg.script_finished == self._ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY:
            tally.runs += 1

    def settle(self, page, runs: int = 1, quiet_ms: int = 800) -> None:
        """Until `runs` script runs of this step have finished and no frame came for `quiet_ms`."""
        deadline = time.monotonic() + TIMEOUT_MS / 1000
        while True:
            page.wait_for_timeout(100)  # lets Playwright deliver the frame events
            quiet = (time.monotonic() - self.last_frame) * 1000 >= quiet_ms
            if self.current.runs >= runs and quiet:
                break
            if time.monotonic() > deadline:
                raise TimeoutError(f"no finished run within {TIMEOUT_MS / 1000:.0f} s (runs {self.current.runs})")
        for tally, req in self.requests:
            try:
                tally.http_bytes += max(0, req.sizes()["responseBodySize"])
            except Exception:  # a request that failed has no sizes
                pass
        self.requests = []


def _ready(page, drawn: str) -> None:
    from playwright.sync_api import expect

    app = page.locator('[data-testid="stApp"]')
    expect(app).to_have_attribute("data-test-connection-state", "CONNECTED", timeout=TIMEOUT_MS)
    expect(page.locator(drawn).first).to_be_visible(timeout=TIMEOUT_MS)
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=TIMEOUT_MS)


def _choose(page, key: str, typed: str, option: str) -> None:
    page.locator(f".st-key-{key}").get_by_role("combobox").click()
    page.keyboard.type(typed)
    page.get_by_role("option", name=option, exact=True).click()


def _visitor(browser):
    """A fresh browser context (loopback only) with one page and a meter on its traffic."""
    ctx = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="th-TH", timezone_id="Asia/Bangkok")
    ctx.route(lambda u: not local_url(u), lambda route: route.abort())
    page = ctx.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    meter = Meter()
    meter.attach(page)
    return ctx, page, meter


def measure_page(browser, url: str, name: str, quiet_ms: int) -> dict[str, Tally]:
    from dashboard.i18n import t

    ctx, page, meter = _visitor(browser)
    try:
        meter.step("load")
        page.goto(url + PAGE_PATHS[name])
        _ready(page, DRAWN[name])
        meter.settle(page, quiet_ms=quiet_ms)

        meter.step("province")
        _choose(page, "filter_province", "หนองคาย", "หนองคาย")
        page.wait_for_url(re.compile(rf"[?&]province={NONG_KHAI}(&|$)"))
        meter.settle(page, quiet_ms=quiet_ms)

        meter.step("type")
        page.locator(".st-key-filter_type").get_by_text(t("filter.type_older"), exact=True).click()
        page.wait_for_url(re.compile(r"[?&]type=older(&|$)"))
        meter.settle(page, quiet_ms=quiet_ms)

        meter.step("language")
        page.locator(".st-key-filter_lang").get_by_text("English", exact=True).click()
        page.wait_for_url(re.compile(r"[?&]lang=en(&|$)"))
        meter.settle(page, quiet_ms=quiet_ms)

        meter.step("refresh")
        page.locator(".st-key-refresh_now button").click()
        meter.settle(page, quiet_ms=quiet_ms)
        return meter.tallies
    finally:
        ctx.close()


def measure_data_11(browser, url: str, quiet_ms: int) -> dict[str, Tally]:
    """A visitor opening the Data page on form 1.1 for the whole country, then scrolling the grid."""
    ctx, page, meter = _visitor(browser)
    try:
        meter.step("load 1.1")
        page.goto(url + "/data?table=1.1")
        _ready(page, DRAWN["data"])
        meter.settle(page, quiet_ms=quiet_ms)
        meter.step("scroll 1.1")
        grid = page.locator('[data-testid="stDataFrame"]').first
        grid.hover()
        for _ in range(3):
            page.mouse.wheel(0, 400_000)  # to the last rows: a lazy grid asks for them now
            page.wait_for_timeout(300)
        deadline = time.monotonic() + 10
        while (time.monotonic() - meter.last_frame) * 1000 < quiet_ms and time.monotonic() < deadline:
            page.wait_for_timeout(100)
        meter.settle(page, runs=0, quiet_ms=quiet_ms)
        rows = page.evaluate(
            """() => { const g = document.querySelector('[data-testid="stDataFrame"] [role="grid"], [data-testid="stDataFrame"] table');
                       return g ? g.getAttribute('aria-rowcount') : null; }"""
        )
        meter.current.by_element["aria-rowcount"] = int(rows) if rows and str(rows).isdigit() else -1
        return meter.tallies
    finally:
        ctx.close()


def kib(n: int) -> str:
    return f"{n / 1024:,.0f}"


def print_table(results: dict[str, dict[str, Tally]]) -> None:
    print(f"{'page':<9}{'step':<12}{'runs':>5}{'ws KiB':>9}{'zlib KiB':>10}{'HTTP KiB':>10}"
          f"{'deck KiB':>10}{'table KiB':>11}{'plotly KiB':>11}{'lazy KiB':>9}{'refs':>6}")
    for page, tallies in results.items():
        for step, tl in tallies.items():
            el = tl.by_element
            print(
                f"{page:<9}{step:<12}{tl.runs:>5}{kib(tl.ws_bytes):>9}{kib(tl.ws_deflated):>10}{kib(tl.http_bytes):>10}"
                f"{kib(el.get('deck_gl_json_chart', 0)):>10}{kib(el.get('dataframe', 0)):>11}"
                f"{kib(el.get('plotly_chart', 0)):>11}{kib(tl.chunks):>9}{tl.refs:>6}"
            )
    print("(table = st.dataframe payloads (Arrow); lazy = row chunks asked for by a lazy grid; refs = elements "
          "sent as a reference to the browser's message cache)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", nargs="+", default=list(PAGE_PATHS), choices=list(PAGE_PATHS))
    ap.add_argument("--quiet-ms", type=int, default=800, help="a step ends after this long without a frame")
    args = ap.parse_args()

    from playwright.sync_api import sync_playwright

    results: dict[str, dict[str, Tally]] = {}
    with tempfile.TemporaryDirectory(prefix="page-bytes-") as tmp_name:
        tmp = Path(tmp_name)
        with streamlit_server(demo_env(tmp), tmp / "streamlit.log") as server:
            with sync_playwright() as pw:
                browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
                try:
                    # Warm the server (data loaded, boundaries parsed) so the first page is not special.
                    warm = browser.new_page()
                    warm.goto(server.url + "/")
                    _ready(warm, DRAWN["overview"])
                    warm.close()
                    for name in args.pages:
                        results[name] = measure_page(browser, server.url, name, args.quiet_ms)
                    if "data" in args.pages:
                        results["data 1.1"] = measure_data_11(browser, server.url, args.quiet_ms)
                finally:
                    browser.close()
    print_table(results)
    map_steps = results.get("map", {})
    if map_steps:
        print("map: deck JSON per step (KiB): " + ", ".join(
            f"{step} {'+'.join(kib(s) for s in tl.deck_sizes) or '0'}" for step, tl in map_steps.items()))
    if "data 1.1" in results:
        load = results["data 1.1"]["load 1.1"]
        print(f"data 1.1: the grid says {results['data 1.1']['scroll 1.1'].by_element.get('aria-rowcount')} rows; "
              f"first load sent {kib(load.by_element.get('dataframe', 0))} KiB of dataframes")


if __name__ == "__main__":
    main()
