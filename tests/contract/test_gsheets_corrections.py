"""The corrections table on Google Sheets: read in the same pull, written with values:append.

Real gspread / google-auth / requests against the loopback API: the service account reads the
six forms (Viewer) and may append only to the corrections spreadsheet (Editor).
"""

from __future__ import annotations

import pytest

from dashboard import corrections as fx
from dashboard.metrics import report_dict
from dashboard.pipeline import build_dataset, make_view
from dashboard.sources.sheets_append import NotEditor, append_rows
from dashboard.testing.sheets_api import spreadsheet_key

HEADER = list(fx.HEADERS.values())


@pytest.fixture
def with_corrections(live):
    key = spreadsheet_key("corrections")
    live.api.add_spreadsheet(key, {"Sheet1": []}, title="corrections", shared_with=[live.email])
    live.api.make_editor(key, live.email)
    live.secrets["sheets"] = {**live.urls, "corrections": f"https://docs.google.com/spreadsheets/d/{key}/edit"}
    return live, key


def _tambon_row(live, cfg):
    """A 2.1 row of the small programme, and its sheet row number."""
    book = live.api.spreadsheet(live.key("form_2_1"))
    header = book.sheets[0].rows[0]
    return book, header.index(cfg.sources["2.1"].columns["tambon"])


def test_append_then_the_next_pull_applies_it(with_corrections, pull, cfg):
    live, _ = with_corrections
    book, col = _tambon_row(live, cfg)
    original = book.sheets[0].rows[1][col]
    book.sheets[0].rows[1][col] = original + "x"  # a slip: the row is set aside
    before = build_dataset(pull(live), cfg)
    assert make_view(before).tables["2.1"].set_index("row").loc[2, "reason"] == "unknown_place"
    assert len(before.corrections) == 0
    received = report_dict(make_view(before))["reports"]["2.1"]["received"]

    line = fx.Correction("2.1", 2, "tambon", original + "x", original, "staff@cdd.go.th", "typo", "2021-09-01 10:00:00")
    updates = append_rows([line.as_row()], HEADER, secrets=live.secrets, endpoint=live.api.url)
    assert updates["updatedRows"] == 2 and updates["updatedRange"] == "Sheet1!A1:H2"  # header + line
    assert live.api.counts["append"] == 1
    stale_line = fx.Correction("2.1", 2, "tambon", "something else", original, "staff@cdd.go.th")
    updates = append_rows([stale_line.as_row()], HEADER, secrets=live.secrets, endpoint=live.api.url)
    assert updates["updatedRange"] == "Sheet1!A3:H3"

    live.api.reset_counts()
    after = build_dataset(pull(live), cfg)
    # one batchGet per spreadsheet: the corrections spreadsheet is the seventh
    assert live.api.counts["batchGet"] == 7
    assert list(after.corrections["outcome"]) == ["applied", "stale"]
    assert after.corrections.loc[0, "by"] == "staff@cdd.go.th"
    t = make_view(after).tables["2.1"].set_index("row")
    assert t.loc[2, "corrected"] and not isinstance(t.loc[2, "reason"], str)
    rep = report_dict(make_view(after))
    assert rep["reports"]["2.1"]["received"] == received + 1
    assert rep["corrections"] == {"applied": 1, "stale": 1, "invalid": 0}
    assert rep["rows"]["read"] == rep["rows"]["used"] + rep["rows"]["duplicate"] + rep["rows"]["quarantined"]


def test_the_last_good_pull_keeps_the_corrections(with_corrections, pull, cfg):
    live, key = with_corrections
    live.api.set_rows(key, [HEADER, ["2.1", "2", "tambon", "nothing", "x", "a@cdd.go.th"]])
    good = pull(live)
    live.api.fail("batchGet", 503, times=None)
    stale = pull(live)
    assert stale.stale and stale.tables["corrections"].values.tolist() == good.tables["corrections"].values.tolist()
    assert list(build_dataset(stale, cfg).corrections["outcome"]) == ["stale"]


def test_a_viewer_service_account_cannot_append(live):
    key = spreadsheet_key("corrections")
    live.api.add_spreadsheet(key, {"Sheet1": []}, title="corrections", shared_with=[live.email])  # Viewer only
    secrets = {**live.secrets, "sheets": {**live.urls, "corrections": key}}
    with pytest.raises(NotEditor) as err:
        append_rows([["2.1", "2", "tambon", "a", "b", "x@cdd.go.th", "", ""]], HEADER, secrets=secrets, endpoint=live.api.url)
    assert "Editor" in err.value.message_en
    assert live.api.spreadsheet(key).sheets[0].rows == []


def test_loopback_append_answers_google_shapes(live):
    import requests

    key = spreadsheet_key("shapes")
    live.api.add_spreadsheet(key, {"Sheet1": [["a", "b"], ["1", "2"]]}, shared_with=[live.email])
    live.api.make_editor(key, live.email)
    from dashboard.sources.sheets_append import _write_session

    session = _write_session(live.secrets)
    url = f"{live.api.url}/v4/spreadsheets/{key}/values/Sheet1!A1:append"
    missing = session.post(url, json={"values": [["x"]]})
    assert missing.status_code == 400 and missing.json()["error"]["status"] == "INVALID_ARGUMENT"
    ok = session.post(url, params={"valueInputOption": "RAW"}, json={"majorDimension": "ROWS", "values": [["=1+1", "3"]]})
    body = ok.json()
    assert body == {
        "spreadsheetId": key,
        "tableRange": "Sheet1!A1:B2",
        "updates": {"spreadsheetId": key, "updatedRange": "Sheet1!A3:B3", "updatedRows": 1, "updatedColumns": 2, "updatedCells": 2},
    }
    assert live.api.spreadsheet(key).sheets[0].rows[2] == ["=1+1", "3"]  # RAW: text stays text
    read_only = requests.post(url, params={"valueInputOption": "RAW"}, json={"values": [["x"]]})
    assert read_only.status_code == 401
    session.close()
