"""Browser tests: a real `streamlit run` on a free port, driven by Playwright in Debian's Chromium.

The server starts once per session and is ready when /_stcore/health answers; its output is kept
in test-artifacts/ and quoted when it fails to start. The browser may only talk to 127.0.0.1:
every other request is aborted, so a test never depends on (or leaks to) the internet.
Screenshots go to test-artifacts/screenshots/, and to docs/screenshots/ with UPDATE_SCREENSHOTS=1.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from dashboard.testing import streamlit_server
from dashboard.testing.streamlit_server import (
    CHROMIUM,
    CHROMIUM_ARGS,
    Server,
    free_port,
    is_local,
    stop,
)

HERE = Path(__file__).resolve().parent
REPO = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO / "test-artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"
DOCS_SCREENSHOTS = REPO / "docs" / "screenshots"
STARTUP_TIMEOUT_S = float(os.environ.get("E2E_STARTUP_TIMEOUT", "120"))
EXPECT_TIMEOUT_MS = 30_000


def pytest_collection_modifyitems(config, items):
    for item in items:
        if Path(str(item.fspath)).resolve().is_relative_to(HERE):
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    # Lets the page fixture know whether the test failed, to keep a screenshot of the moment.
    outcome = yield
    rep = outcome.get_result()
    setattr(item, f"rep_{rep.when}", rep)


# ---- the server ----------------------------------------------------------------------------


def start_server(
    name: str = "app", env: dict[str, str] | None = None, script: str = "app.py", port: int | None = None
) -> Server:
    """`streamlit run` on PORT (default: a free one); returns once /_stcore/health answers (or
    fails, quoting the server's output). A sign-in test picks the port first: the provider's
    redirect URI names it."""
    try:
        return streamlit_server.start(
            ARTIFACTS / f"streamlit-{name}.log", env=env, script=script, port=port, timeout=STARTUP_TIMEOUT_S
        )
    except streamlit_server.ServerFailed as exc:
        pytest.fail(str(exc), pytrace=False)


@pytest.fixture(scope="session")
def app_server(tmp_path_factory) -> Iterator[Server]:
    """The dashboard as users run it, on the demo data, with the shared boundary files."""
    cache = tmp_path_factory.mktemp("dashboard-cache")
    server = start_server("app", env={"DASHBOARD_CACHE_DIR": str(cache)})
    try:
        yield server
    finally:
        stop(server.process)


@pytest.fixture(scope="session")
def servers():
    """For tests that run their own server: `servers.start(name, env=..., port=...)`,
    `servers.stop(server.process)`, `servers.free_port()`."""
    from types import SimpleNamespace

    return SimpleNamespace(start=start_server, stop=stop, free_port=free_port)


# ---- the browser ---------------------------------------------------------------------------


_local = is_local


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        # Never skipped: `make test` installs Debian's chromium first, so its absence is a failure.
        pytest.fail(f"{CHROMIUM} not found: run scripts/install-browser.sh (Debian's chromium)", pytrace=False)
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def context(browser, request):
    ctx = browser.new_context(
        viewport={"width": 1440, "height": 1000},
        locale="th-TH",
        timezone_id="Asia/Bangkok",
        accept_downloads=True,
    )
    blocked: list[str] = []

    def refuse(route):
        blocked.append(route.request.url)
        route.abort()

    ctx.route(lambda url: not _local(url), refuse)
    ctx.blocked_requests = blocked  # type: ignore[attr-defined]
    yield ctx
    ctx.close()


@pytest.fixture
def page(context, request):
    pg = context.new_page()
    pg.set_default_timeout(EXPECT_TIMEOUT_MS)
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.page_errors = errors  # type: ignore[attr-defined]
    yield pg
    rep = getattr(request.node, "rep_call", None)
    if rep is not None and rep.failed:
        failures = ARTIFACTS / "failures"
        failures.mkdir(parents=True, exist_ok=True)
        try:
            pg.screenshot(path=str(failures / f"{request.node.name}.png"), full_page=True)
        except Exception:  # the page may be gone; the test's own failure is what matters
            pass


def _wait_for_app(page, timeout_ms: int = EXPECT_TIMEOUT_MS) -> None:
    from playwright.sync_api import expect

    app = page.locator('[data-testid="stApp"]')
    expect(app).to_have_attribute("data-test-connection-state", "CONNECTED", timeout=timeout_ms)
    expect(app).to_have_attribute("data-test-script-state", "notRunning", timeout=timeout_ms)


@pytest.fixture
def wait_for_app():
    """wait_for_app(page): until Streamlit is connected and the script run has finished."""
    return _wait_for_app


@pytest.fixture
def open_app(app_server, page, wait_for_app):
    """open_app("/reports?province=43") -> the page, loaded and finished running."""

    def go(path: str = "/"):
        page.goto(app_server.url + path)
        wait_for_app(page)
        return page

    return go


# Streamlit scrolls inside <main data-testid="stMain">, not the document, so Playwright's
# full_page sees one viewport. Grow the viewport to the tallest scrolling element instead.
_CONTENT_HEIGHT_JS = """() => Math.max(document.documentElement.scrollHeight,
  ...[...document.querySelectorAll('[data-testid="stMain"], [data-testid="stSidebarContent"]')]
     .map(e => e.scrollHeight))"""
_TWO_FRAMES_JS = "() => new Promise(r => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))"
MAX_SCREENSHOT_HEIGHT = 12_000


def _full_height_screenshot(page, path: Path) -> None:
    size = page.viewport_size or {"width": 1440, "height": 1000}
    height = min(MAX_SCREENSHOT_HEIGHT, max(size["height"], int(page.evaluate(_CONTENT_HEIGHT_JS))))
    if height == size["height"]:
        page.screenshot(path=str(path))
        return
    page.set_viewport_size({"width": size["width"], "height": height})
    try:
        page.wait_for_function(_TWO_FRAMES_JS)
        page.screenshot(path=str(path))
    finally:
        page.set_viewport_size(size)


_NO_SKELETON_JS = "() => !document.querySelector('[data-testid=\"stSkeleton\"]')"


def _code_loaded(page, timeout_ms: int = 15_000) -> None:
    """Until no element still waits for its code (Streamlit fetches each kind's code as it first
    appears, the sidebar's widgets last, and shows a grey placeholder meanwhile)."""
    from playwright.sync_api import Error as PlaywrightError

    try:
        page.wait_for_function(_NO_SKELETON_JS, timeout=timeout_ms)
    except PlaywrightError:  # a placeholder left is in the picture, which is what the page shows
        pass


@pytest.fixture
def screenshot():
    """screenshot(page, "overview") -> the PNG's path (also under docs/ with UPDATE_SCREENSHOTS=1)."""

    def take(page, name: str, full_page: bool = True) -> Path:
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        _code_loaded(page)
        path = SCREENSHOTS / f"{name}.png"
        if full_page:
            _full_height_screenshot(page, path)
        else:
            page.screenshot(path=str(path))
        if os.environ.get("UPDATE_SCREENSHOTS") == "1":
            DOCS_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, DOCS_SCREENSHOTS / path.name)
        return path

    return take
