"""When Google is slow, refuses, or changes under it, the source serves the last good pull, saying why."""

from __future__ import annotations

import logging
import re
import socket
import time
from dataclasses import dataclass, field, replace
from typing import Callable

import pandas as pd
import pytest

from dashboard.config import SOURCE_IDS
from dashboard.errors import AuthError, MissingColumn, SheetPermissionError, SourceNotFound, SourceUnavailable
from dashboard.sources import gsheets
from dashboard.testing import make_service_account


def secret_texts(live, *extra_infos) -> list[str]:
    """Everything that must never reach a message, a log line or the page."""
    texts = []
    for info in (live.secrets["gcp_service_account"], *extra_infos):
        texts.append(info["private_key_id"])
        texts += [line for line in str(info["private_key"]).splitlines() if len(line) >= 16 and "PRIVATE KEY" not in line]
    texts += live.api.issued_tokens
    for assertion in live.api.assertions:
        texts += [part for part in assertion.split(".") if len(part) >= 16]
    return texts


def assert_no_secrets(text: str, live, *extra_infos) -> None:
    for secret in secret_texts(live, *extra_infos):
        assert secret not in text


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Case:
    id: str
    inject: Callable  # (live) -> dict of read_gsheets overrides, or None
    error: type
    words: tuple[str, ...]  # in the bilingual reason
    max_seconds: float = 1.0
    extra_infos: list = field(default_factory=list)


def _secrets_with(live, **fields):
    info = {**live.secrets["gcp_service_account"], **fields}
    return {"secrets": {**live.secrets, "gcp_service_account": info}}


def _impostor(live):
    other = make_service_account(live.email)  # same account name, a key Google does not know
    info = other.info(live.api.token_uri)
    CASES_EXTRA["wrong-key"] = [info]
    return {"secrets": {**live.secrets, "gcp_service_account": info}}


CASES_EXTRA: dict[str, list] = {}

CASES = [
    Case("429-retry-after-past-budget", lambda lab: lab.api.fail("batchGet", 429, retry_after=30, times=None),
         SourceUnavailable, ("quota", "30 s", "โควตา", "30 วินาที")),
    Case("429-without-retry-after", lambda lab: lab.api.fail("batchGet", 429, times=None),
         SourceUnavailable, ("quota", "60 reads per minute"), 2.0),
    Case("500", lambda lab: lab.api.fail("batchGet", 500, times=None), SourceUnavailable, ("HTTP 500", "ขัดข้อง"), 2.0),
    Case("503", lambda lab: lab.api.fail("batchGet", 503, times=None), SourceUnavailable, ("HTTP 503",), 2.0),
    Case("502-html", lambda lab: lab.api.fail("batchGet", 502, body="<html><body>502</body></html>", times=None),
         SourceUnavailable, ("HTTP 502",), 2.0),
    Case("slower-than-timeout", lambda lab: lab.api.fail("batchGet", delay=5, times=None),
         SourceUnavailable, ("did not answer within 0.3 s", "ไม่ตอบภายใน 0.3 วินาที"), 2.0),
    Case("403-not-shared", lambda lab: lab.api.unshare(lab.key("register"), lab.email),
         SheetPermissionError, ("not shared", "dashboard-reader@", "Share", "แชร์", "register")),
    Case("404-no-such-sheet", lambda lab: lab.api.remove_spreadsheet(lab.key("form_2_1")),
         SourceNotFound, ("form_2_1", "No spreadsheet with key", "ไม่พบสเปรดชีต")),
    Case("body-not-json", lambda lab: lab.api.fail("batchGet", body="<html>Sign in</html>", times=None),
         SourceUnavailable, ("not JSON", "ไม่ใช่ JSON")),
    Case("header-renamed", lambda lab: lab.api.rename_header(lab.key("form_1_1"), "ชื่อ", "ชื่อจริง"),
         MissingColumn, ("form_1_1", "'ชื่อ'", "การตอบกลับแบบฟอร์ม 1", "ไม่มีคอลัมน์")),
    Case("account-key-deleted", lambda lab: lab.api.remove_account(lab.email),
         AuthError, ("refused the service account", "dashboard-reader@", "[gcp_service_account]", "ปฏิเสธ")),
    Case("wrong-private-key", _impostor, AuthError, ("[gcp_service_account] client_email, private_key_id and private_key",)),
    Case("private-key-garbled", lambda lab: _secrets_with(lab, private_key="-----BEGIN PRIVATE KEY-----\nnot base64\n"),
         AuthError, ("private_key cannot be read as a PEM private key",)),
    Case("client-email-missing", lambda lab: _secrets_with(lab, client_email=""),
         AuthError, ("[gcp_service_account] client_email",)),
    Case("token-endpoint-down", lambda lab: (gsheets.reset_credentials(), lab.api.fail("token", 503, times=None))[1],
         SourceUnavailable, ("token service is unavailable (HTTP 503)",), 2.0),
    Case("network-down", lambda lab: {"endpoint": f"http://127.0.0.1:{_closed_port()}"},
         SourceUnavailable, ("Cannot connect to Google Sheets",), 2.0),
]


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_a_fault_serves_the_last_good_pull_with_the_reason(live, pull, case, caplog):
    caplog.set_level(logging.DEBUG)
    good = pull(live)
    overrides = case.inject(live)
    overrides = overrides if isinstance(overrides, dict) else {}
    started = time.monotonic()
    stale = pull(live, **overrides)
    elapsed = time.monotonic() - started

    assert stale.stale and stale.kind == "gsheets"
    assert stale.pulled_at == good.pulled_at
    for sid in SOURCE_IDS:
        pd.testing.assert_frame_equal(stale.tables[sid], good.tables[sid])
    reason = stale.stale_reason
    assert re.search("[\u0e00-\u0e7f]{4}", reason) and re.search("[A-Za-z]{4} [A-Za-z]{4}", reason)  # Thai and English
    for word in case.words:
        assert word in reason
    assert elapsed < case.max_seconds, f"{case.id} took {elapsed:.2f} s"
    assert_no_secrets(reason + caplog.text, live, *CASES_EXTRA.get(case.id, []))


QUICK = [c for c in CASES if c.id not in ("slower-than-timeout",)]  # the slow one is timed above


@pytest.mark.parametrize("case", QUICK, ids=[c.id for c in QUICK])
def test_without_a_last_good_pull_the_error_is_raised(live, pull, case, tmp_path):
    overrides = case.inject(live)
    overrides = overrides if isinstance(overrides, dict) else {}
    with pytest.raises(case.error) as info:
        pull(live, cache_dir=tmp_path / "empty", **overrides)
    text = info.value.bilingual()
    for word in case.words:
        assert word in text
    assert_no_secrets(text + repr(info.value.args), live, *CASES_EXTRA.get(case.id, []))


def test_a_429_within_the_budget_is_waited_out(live, pull, fast):
    live.api.fail("batchGet", 429, retry_after=1, key=live.key("form_3"))
    started = time.monotonic()
    bundle = pull(live, policy=replace(fast, budget=2.0))
    elapsed = time.monotonic() - started
    assert not bundle.stale
    assert 1.0 <= elapsed < 2.0  # Retry-After honoured, not more
    assert live.api.count("batchGet", live.key("form_3")) == 2 and live.api.counts["batchGet"] == 7
    # The first pull also reads each of the 6 spreadsheets' time zones once (kept after).
    assert gsheets.last_pull.retries == 1 and gsheets.last_pull.requests == 7 + 6


def test_server_errors_are_retried_a_bounded_number_of_times(live, pull):
    live.api.fail("batchGet", 503, key=live.key("form_4"), times=2)
    live.api.fail("batchGet", 500, key=live.key("register"), times=1)
    bundle = pull(live)
    assert not bundle.stale
    assert live.api.count("batchGet", live.key("form_4")) == 3
    assert live.api.count("batchGet", live.key("register")) == 2

    live.api.fail("batchGet", 500, key=live.key("form_4"), times=None)
    started = time.monotonic()
    stale = pull(live)
    assert stale.stale and "HTTP 500" in stale.stale_reason
    assert live.api.count("batchGet", live.key("form_4")) <= 3 + 4  # at most 4 attempts
    assert time.monotonic() - started < 2.0


def test_a_renamed_header_restored_reads_fresh_again(live, pull):
    good = pull(live)
    live.api.rename_header(live.key("form_1_1"), "ชื่อ", "ชื่อ (ตัวบรรจง)")
    assert pull(live).stale
    live.api.rename_header(live.key("form_1_1"), "ชื่อ (ตัวบรรจง)", "  ชื่อ : ")  # drift the contract allows
    fresh = pull(live)
    assert not fresh.stale and fresh.pulled_at > good.pulled_at


def test_the_stale_pull_does_not_overwrite_the_last_good_one(live, pull):
    good = pull(live)
    live.api.rename_header(live.key("form_3"), "ลิงก์ YouTube", "YouTube")
    for _ in range(2):
        assert pull(live).pulled_at == good.pulled_at


@pytest.mark.parametrize("content", ["{not json", "null", "[]", '{"format": 1, "sources": []}'])
def test_a_corrupt_cache_file_is_no_last_good_pull(live, pull, content):
    # `null` (a file emptied by a tool) raised AttributeError before.
    pull(live)
    (path,) = live.cache_dir.glob("gsheets-*.json")
    path.write_text(content, encoding="utf-8")
    live.api.fail("batchGet", 500, times=None)
    with pytest.raises(SourceUnavailable):
        pull(live)


def test_other_sheets_do_not_share_a_last_good_pull(live, pull):
    pull(live)
    moved = {**live.urls, "form_4": live.urls["form_4"].replace("/d/1", "/d/2")}
    with pytest.raises(SourceNotFound):
        pull(live, secrets={**live.secrets, "sheets": moved})
