"""The role table as a `users` worksheet: read in the same pull, one batchGet per spreadsheet."""

from __future__ import annotations

import pytest

from dashboard.access import access_for, rules_for
from dashboard.config import SOURCE_IDS
from dashboard.errors import ConfigError, SheetNotFound
from dashboard.sources.gsheets import RetryPolicy, read_gsheets, sheet_targets
from dashboard.testing.sheets_api import spreadsheet_key

FAST = RetryPolicy(timeout=0.3, budget=1.0, backoff=0.02)

USERS = [
    ["email", "domain", "role", "provinces"],
    ["head.nk@cdd.go.th", "", "province", "หนองคาย"],
    ["staff.two@cdd.go.th", "", "staff", "หนองคาย, อุดรธานี"],
    ["", "cdd.go.th", "executive", ""],
    ["", "", "", ""],  # a blank line in the sheet
]


def _pull(live, cfg, users, cache="c"):
    secrets = {**live.secrets, "sheets": {**live.urls, "users": users}}
    return read_gsheets(cfg, secrets=secrets, endpoint=live.api.url, cache_dir=live.cache_dir / cache, policy=FAST), secrets


def test_a_users_tab_in_the_register_spreadsheet_costs_no_extra_request(live, cfg):
    key = live.key("register")
    book = live.api.spreadsheet(key)
    book.sheets.append(type(book.sheets[0])("users", USERS, 77))
    bundle, secrets = _pull(live, cfg, {"url": live.urls["register"], "tab": "users"})
    assert live.api.counts == {"token": 1, "batchGet": 6, "get": 6}  # zones: read once, on the first pull
    (req,) = [r for r in live.api.requests if r.key == key and r.kind == "batchGet"]
    assert req.args["ranges"] == ["A:ZZ", "'users'!A:ZZ"]
    assert list(bundle.tables["users"].columns) == USERS[0]
    assert len(bundle.tables["register"]) == len(live.api.spreadsheet(key).sheets[0].rows) - 1
    rules = rules_for(bundle, secrets, cfg)
    assert access_for("HEAD.NK@cdd.go.th", rules).provinces == ("43",)
    assert access_for("staff.two@cdd.go.th", rules).provinces == ("41", "43")
    assert access_for("boss@cdd.go.th", rules).role == "executive"
    assert access_for("x@gmail.com", rules) is None


def test_a_users_spreadsheet_of_its_own_and_the_last_good_pull_keeps_it(live, cfg):
    key = spreadsheet_key("users")
    live.api.add_spreadsheet(key, {"Sheet1": USERS}, title="users", shared_with=[live.email])
    url = f"https://docs.google.com/spreadsheets/d/{key}/edit"
    bundle, secrets = _pull(live, cfg, url)
    assert live.api.counts == {"token": 1, "batchGet": 7, "get": 7}  # zones: read once per spreadsheet, on the first pull
    assert len(bundle.tables["users"]) == 3  # Google leaves the trailing blank line out
    live.api.fail("batchGet", 503, times=None)
    stale, _ = _pull(live, cfg, url)
    assert stale.stale and stale.tables["users"].values.tolist() == bundle.tables["users"].values.tolist()
    assert access_for("head.nk@cdd.go.th", rules_for(stale, secrets, cfg)).provinces == ("43",)


def test_secrets_roles_come_first_and_an_exact_email_beats_a_domain(live, cfg):
    book = live.api.spreadsheet(live.key("register"))
    book.sheets.append(type(book.sheets[0])("users", USERS, 77))
    bundle, secrets = _pull(live, cfg, {"url": live.urls["register"], "tab": "users"})
    secrets["roles"] = [{"email": "boss@cdd.go.th", "role": "province", "provinces": "Udon Thani"}]
    rules = rules_for(bundle, secrets, cfg)
    assert access_for("boss@cdd.go.th", rules).provinces == ("41",)
    assert access_for("other@cdd.go.th", rules).role == "executive"


def test_users_configuration_errors(live, cfg):
    secrets = {**live.secrets, "sheets": {**live.urls, "users": live.urls["register"]}}
    with pytest.raises(ConfigError, match="name its tab"):
        sheet_targets(secrets, cfg)
    secrets["sheets"]["users"] = "not a url"
    with pytest.raises(ConfigError, match="users is neither"):
        sheet_targets(secrets, cfg)
    # without users, exactly the six sources, as before
    secrets["sheets"].pop("users")
    assert [t.sid for t in sheet_targets(secrets, cfg)] == list(SOURCE_IDS)


def test_a_missing_users_tab_names_the_tab(live, cfg):
    with pytest.raises(SheetNotFound, match="users"):
        _pull(live, cfg, {"url": live.urls["register"], "tab": "users"}, cache="other")


def test_a_bad_row_in_the_users_tab_is_a_clear_error(live, cfg):
    book = live.api.spreadsheet(live.key("register"))
    book.sheets.append(type(book.sheets[0])("users", [*USERS, ["x@cdd.go.th", "", "superuser", "43"]], 77))
    bundle, secrets = _pull(live, cfg, {"url": live.urls["register"], "tab": "users"})
    with pytest.raises(ConfigError, match="users worksheet, row 6"):  # as the sheet numbers it
        rules_for(bundle, secrets, cfg)
