"""The administrators' page in Chromium, on the open demo: linked from the navigation, the
check's verdict, and the mapping file the button downloads (the demo needs no pairs)."""

from __future__ import annotations

import tomllib

from playwright.sync_api import expect

from dashboard.i18n import t


def test_admin_page_from_the_navigation_downloads_the_mapping(open_app, page, tmp_path):
    open_app("/")
    page.get_by_role("link", name=t("page.admin")).click()
    expect(page.get_by_role("heading", name=t("page.admin"))).to_be_visible()
    expect(page.get_by_text(t("check.ok"))).to_be_visible()
    expect(page.locator('[data-testid="stException"]')).to_have_count(0)
    with page.expect_download() as info:
        page.get_by_role("button", name=t("admin.download")).click()
    download = info.value
    assert download.suggested_filename == "mapping.toml"
    saved = tmp_path / "mapping.toml"
    download.save_as(saved)
    assert tomllib.loads(saved.read_text(encoding="utf-8")) == {}  # comments only: nothing to map
    assert not page.page_errors, page.page_errors
