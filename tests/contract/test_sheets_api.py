"""The loopback Sheets API answers as Google does where the dashboard depends on it."""

from __future__ import annotations

import json
import time

import pytest
import requests
from google.auth.exceptions import RefreshError
from google.auth.transport.requests import AuthorizedSession, Request
from google.oauth2 import service_account

from dashboard.testing import DateTimeCell, TimeCell, make_service_account, sheet_value, sheet_values_from_rows
from dashboard.testing.sheets_api import column_letters

READ = ["https://www.googleapis.com/auth/spreadsheets.readonly"]


def _session(api, account, scopes=READ) -> AuthorizedSession:
    creds = service_account.Credentials.from_service_account_info(account.info(api.token_uri), scopes=scopes)
    return AuthorizedSession(creds)


def _batch_get(session, api, key, *ranges, **params):
    params = {"ranges": list(ranges), **params}
    return session.get(f"{api.url}/v4/spreadsheets/{key}/values:batchGet", params=params, timeout=5)


BOOK = {
    "การตอบกลับแบบฟอร์ม 1": [
        ["ประทับเวลา", "ชื่อ", "เบอร์โทรศัพท์", "อายุ (ปี)", "หมายเหตุ"],
        [DateTimeCell(44416.5856712963), "สมชาย", 812345678, 45, None],
        [DateTimeCell(44417.0), "", None, None, None],
        [],
        [None, "สมหญิง", None, 38.5, "ok"],
        [None, None, None, None, None],
    ],
    "สรุป": [["total"], [2]],
}


@pytest.fixture
def book(api, account):
    api.add_spreadsheet("book-key-0001", BOOK, shared_with=[account.email])
    return "book-key-0001"


def test_token_endpoint_verifies_the_signed_assertion(api, account):
    creds = service_account.Credentials.from_service_account_info(account.info(api.token_uri), scopes=READ)
    creds.refresh(Request())
    assert creds.token in api.issued_tokens and creds.valid
    assert api.counts["token"] == 1

    # The same email signed with another key: Google answers invalid_grant, and so does this.
    impostor = make_service_account(account.email)
    bad = service_account.Credentials.from_service_account_info(impostor.info(api.token_uri), scopes=READ)
    with pytest.raises(RefreshError, match="Invalid JWT Signature"):
        bad.refresh(Request())

    stranger = make_service_account("nobody@elsewhere.iam.gserviceaccount.com")
    other = service_account.Credentials.from_service_account_info(stranger.info(api.token_uri), scopes=READ)
    with pytest.raises(RefreshError, match="account not found"):
        other.refresh(Request())


def test_unformatted_values_with_google_shapes(api, account, book):
    s = _session(api, account)
    r = _batch_get(s, api, book, "A:ZZ", valueRenderOption="UNFORMATTED_VALUE", dateTimeRenderOption="SERIAL_NUMBER")
    assert r.status_code == 200
    body = r.json()
    assert body["spreadsheetId"] == book
    (vr,) = body["valueRanges"]
    # No sheet name: the first visible sheet, the range clipped to its 1000 x 26 grid and quoted.
    assert vr["range"] == "'การตอบกลับแบบฟอร์ม 1'!A1:Z1000"
    assert vr["majorDimension"] == "ROWS"
    assert vr["values"] == [
        ["ประทับเวลา", "ชื่อ", "เบอร์โทรศัพท์", "อายุ (ปี)", "หมายเหตุ"],
        [44416.5856712963, "สมชาย", 812345678, 45],  # trailing empty cells omitted
        [44417],  # an integral serial is a JSON integer, as Google writes it
        [],  # an empty row inside the data is kept, empty
        ["", "สมหญิง", "", 38.5, "ok"],
        # the trailing empty row is omitted
    ]
    assert '"812345678"' not in r.text  # numbers are numbers, not strings


def test_formatted_values_depend_on_the_locale(api, account, book):
    s = _session(api, account)
    vr = _batch_get(s, api, book, "A1:D2").json()["valueRanges"][0]
    assert vr["range"] == "'การตอบกลับแบบฟอร์ม 1'!A1:D2"
    assert vr["values"][1] == ["8/8/2564, 14:03:22", "สมชาย", "812345678", "45"]
    vr = _batch_get(s, api, book, "A2", valueRenderOption="UNFORMATTED_VALUE", dateTimeRenderOption="FORMATTED_STRING")
    assert vr.json()["valueRanges"][0]["values"] == [["8/8/2564, 14:03:22"]]


def test_named_sheets_and_empty_ranges(api, account, book):
    s = _session(api, account)
    body = _batch_get(s, api, book, "สรุป", "'การตอบกลับแบบฟอร์ม 1'!E1:E3", "'สรุป'!C5:D9",
                      valueRenderOption="UNFORMATTED_VALUE").json()
    a, b, c = body["valueRanges"]
    assert a == {"range": "'สรุป'!A1:Z1000", "majorDimension": "ROWS", "values": [["total"], [2]]}
    assert b["values"] == [["หมายเหตุ"]]
    assert "values" not in c  # Google leaves the key out for an empty range
    r = _batch_get(s, api, book, "'ไม่มีแท็บนี้'!A:ZZ")
    assert r.status_code == 400
    assert r.json()["error"] == {
        "code": 400, "message": "Unable to parse range: 'ไม่มีแท็บนี้'!A:ZZ", "status": "INVALID_ARGUMENT"
    }


def test_hidden_first_sheet_is_skipped(api, account):
    api.add_spreadsheet("hidden-first", {"old": [["x"]], "live": [["y"]]}, hidden=["old"])
    vr = _batch_get(_session(api, account), api, "hidden-first", "A:ZZ").json()["valueRanges"][0]
    assert vr["range"].startswith("live!") and vr["values"] == [["y"]]


def test_metadata(api, account, book):
    r = _session(api, account).get(f"{api.url}/v4/spreadsheets/{book}", timeout=5)
    titles = [s["properties"]["title"] for s in r.json()["sheets"]]
    assert titles == ["การตอบกลับแบบฟอร์ม 1", "สรุป"] and api.counts["get"] == 1


@pytest.mark.parametrize(
    "status, google_status",
    [(403, "PERMISSION_DENIED"), (404, "NOT_FOUND"), (429, "RESOURCE_EXHAUSTED"), (500, "INTERNAL"), (503, "UNAVAILABLE")],
)
def test_injected_errors_have_google_bodies(api, account, book, status, google_status):
    api.fail("batchGet", status, retry_after=7)
    r = _batch_get(_session(api, account), api, book, "A:ZZ")
    assert r.status_code == status
    assert r.json()["error"]["status"] == google_status and r.json()["error"]["code"] == status
    assert r.headers["Retry-After"] == "7"
    assert _batch_get(_session(api, account), api, book, "A:ZZ").status_code == 200  # once only


def test_permission_and_existence_are_real(api, account, book):
    s = _session(api, account)
    api.unshare(book, account.email)
    assert _batch_get(s, api, book, "A:ZZ").json()["error"]["message"] == "The caller does not have permission"
    api.share(book, account.email)
    assert _batch_get(s, api, book, "A:ZZ").status_code == 200
    assert _batch_get(s, api, "no-such-key", "A:ZZ").status_code == 404
    raw = requests.get(f"{api.url}/v4/spreadsheets/{book}/values:batchGet", params={"ranges": "A:ZZ"}, timeout=5)
    assert raw.status_code == 401 and raw.json()["error"]["status"] == "UNAUTHENTICATED"


def test_slow_and_not_json_faults(api, account, book):
    s = _session(api, account)
    s.get(f"{api.url}/v4/spreadsheets/{book}", timeout=5)  # get a token first
    api.fail("batchGet", delay=0.6)
    with pytest.raises(requests.Timeout):
        s.get(f"{api.url}/v4/spreadsheets/{book}/values:batchGet", params={"ranges": "A:ZZ"}, timeout=0.2)
    api.fail("batchGet", body="<html><body>Sign in</body></html>")
    r = _batch_get(s, api, book, "A:ZZ")
    assert r.status_code == 200 and r.headers["Content-Type"].startswith("text/html")
    with pytest.raises(json.JSONDecodeError):
        json.loads(r.text)


def test_read_quota_per_minute(account):
    from dashboard.testing import SheetsAPI

    with SheetsAPI(read_quota_per_minute=3) as api:
        api.add_account(account)
        api.add_spreadsheet("q", [["a"]])
        s = _session(api, account)
        codes = [_batch_get(s, api, "q", "A:ZZ").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


def test_counts_by_kind(api, account, book):
    s = _session(api, account)
    for _ in range(3):
        _batch_get(s, api, book, "A:ZZ")
    s.get(f"{api.url}/v4/spreadsheets/{book}", timeout=5)
    assert api.counts == {"token": 1, "batchGet": 3, "get": 1}
    assert api.count("batchGet", book) == 3
    api.reset_counts()
    assert api.counts == {}


@pytest.mark.parametrize(
    "text, timestamp, value",
    [
        ("0812345678", False, 812345678),
        ("1101700203451", False, 1101700203451),
        ("430101", False, 430101),
        ("87.5", False, 87.5),
        ("๑๕", False, "๑๕"),
        ("15 คน", False, "15 คน"),
        ("1,250", False, "1,250"),
        ("", False, None),
        ("2:45", False, TimeCell(165 / 1440)),
        ("8/8/2564, 14:03:22", True, DateTimeCell(44416 + (14 * 3600 + 3 * 60 + 22) / 86400)),
        ("8/8/2021 14:03:22", True, DateTimeCell(44416 + (14 * 3600 + 3 * 60 + 22) / 86400)),
        ("8/8/2564, 14:03:22", False, "8/8/2564, 14:03:22"),
    ],
)
def test_what_a_sheet_holds_for_an_answer(text, timestamp, value):
    got = sheet_value(text, timestamp=timestamp)
    assert got == value and type(got) is type(value)


def test_timestamp_column_by_header():
    rows = sheet_values_from_rows([["ประทับเวลา", "ชื่อ"], ["1/1/2021 00:00:00", "007"]])
    assert rows == [["ประทับเวลา", "ชื่อ"], [44197, 7]] and isinstance(rows[1][0], DateTimeCell)


def test_column_letters():
    assert [column_letters(i) for i in (0, 25, 26, 701)] == ["A", "Z", "AA", "ZZ"]


def test_expired_tokens_are_refused_then_refreshed(api, account, book):
    s = _session(api, account)
    assert _batch_get(s, api, book, "A:ZZ").status_code == 200
    api.expire_tokens()
    # google-auth's session sees 401, refreshes once and repeats the call, as with Google.
    assert _batch_get(s, api, book, "A:ZZ").status_code == 200
    assert api.counts["token"] == 2 and api.counts["batchGet"] == 3


def test_stops_promptly_with_a_slow_request_in_flight(account):
    from dashboard.testing import SheetsAPI

    api = SheetsAPI().start()
    api.add_account(account)
    api.fail("token", delay=30)
    started = time.monotonic()
    with pytest.raises(requests.Timeout):
        requests.post(api.token_uri, data={}, timeout=0.2)
    api.stop()
    assert time.monotonic() - started < 5
