"""The harness itself: the real server answers and Chromium renders the app in Thai."""

from __future__ import annotations

import re
import urllib.request

from playwright.sync_api import expect

THAI = re.compile(r"[\u0E00-\u0E7F]")


def test_server_is_healthy(app_server):
    with urllib.request.urlopen(f"{app_server.url}/_stcore/health", timeout=5) as resp:
        assert resp.status == 200
        assert resp.read().strip() == b"ok"


def test_app_root_renders(open_app, screenshot):
    page = open_app("/")
    title = page.locator('[data-testid="stHeading"] h1, [data-testid="stMarkdownContainer"] h1').first
    expect(title).to_be_visible()
    expect(title).to_have_text(THAI)
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    assert THAI.search(page.title()) or THAI.search(title.inner_text())
    screenshot(page, "smoke")
    assert not page.page_errors, page.page_errors
