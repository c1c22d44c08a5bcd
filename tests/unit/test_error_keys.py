"""Errors carry a catalogue key and their values: the words live in i18n's catalogues, so a page
says them in its language; the bilingual text (logs, downloads, the CLI) is unchanged."""

from __future__ import annotations

import pytest
import requests

from dashboard.errors import DashboardError, SourceUnavailable
from dashboard.i18n import EN, TH, t
from dashboard.sources import sheet_messages as msg
from dashboard.sources.sheet_targets import SheetTarget
from dashboard.sources.sheet_transport import RetryPolicy

TARGET = SheetTarget("2.1", "form_2_1", "KEY123abc", None)
TAB = SheetTarget("2.1", "form_2_1", "KEY123abc", "Responses")


class _Response:
    def __init__(self, status: int) -> None:
        self.status_code = status


class _HTTPError(Exception):
    def __init__(self, status: int, message: str = "", **error) -> None:
        super().__init__(message)
        self.response = _Response(status)
        self.error = {"message": message, **error}


class _Creds:
    _token_uri = "https://oauth2.example/token"


class _RefreshError(Exception):
    pass


def _quota_error() -> requests.HTTPError:
    err = requests.HTTPError("429")
    err.response = requests.Response()
    err.response.status_code = 429
    return err


CASES = {
    "token_down": lambda: msg.token_service_down(503),
    "token_down_plain": lambda: msg.token_service_down(),
    "token_unreachable": lambda: msg.token_unreachable(_Creds()),
    "key_refused": lambda: msg.auth_error(_RefreshError("x", {"error": "invalid_grant"}), _Creds(), "a@b.iam"),
    "account_refused": lambda: msg.auth_error(_RefreshError("x", {"error": "unauthorized_client"}), _Creds(), "a@b.iam"),
    "account_refused_plain": lambda: msg.auth_error(_RefreshError("x"), _Creds(), "a@b.iam"),
    "api_disabled": lambda: msg.api_error(_HTTPError(403, "API has not been used in project 1"), TARGET, "a@b.iam"),
    "not_shared": lambda: msg.api_error(_HTTPError(403, "The caller does not have permission"), TARGET, "a@b.iam"),
    "no_spreadsheet": lambda: msg.api_error(_HTTPError(404, "Requested entity was not found."), TARGET, "a@b.iam"),
    "no_tab": lambda: msg.api_error(_HTTPError(400, "Unable to parse range: Responses"), TAB, "a@b.iam"),
    "refused": lambda: msg.api_error(_HTTPError(400, "Bad request"), TARGET, "a@b.iam"),
    "quota": lambda: msg.unavailable(_quota_error(), TARGET, RetryPolicy(), None),
    "quota_wait": lambda: msg.unavailable(_quota_error(), TARGET, RetryPolicy(), 30.0),
    "timeout": lambda: msg.unavailable(requests.Timeout(), TARGET, RetryPolicy(timeout=0.3), None),
    "no_connection": lambda: msg.unavailable(requests.ConnectionError(), TARGET, RetryPolicy(), None),
    "not_json": lambda: msg.not_json(TARGET),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_sheets_error_is_its_catalogue_entry_filled_with_its_values(case):
    err = CASES[case]()
    assert isinstance(err, DashboardError)
    assert err.key and err.key.startswith("gsheets.") and err.key in TH and err.key in EN
    assert err.message_en == t(err.key, "en", **err.values)
    assert err.message_th == t(err.key, "th", **err.values)
    assert err.message("en") == err.message_en and err.message("th") == err.message_th
    assert err.bilingual() == f"{err.message_th} / {err.message_en}"


def test_the_words_are_the_ones_people_were_shown():
    # The catalogue holds the same sentences the raise sites wrote out (a fault's fix, word for word).
    err = msg.unavailable(_quota_error(), TARGET, RetryPolicy(), 30.0)
    assert err.message_en == (
        "Google's read quota for the service account is used up (60 reads per minute) while reading the "
        "spreadsheet for form_2_1. Google asked to wait 30 s. The next refresh will try again."
    )
    assert err.message_th == (
        "โควตาการอ่านของบัญชีบริการเต็ม (60 ครั้งต่อนาที) ระหว่างอ่านสเปรดชีตของ form_2_1 Google ขอให้รอ 30 วินาที "
        "ระบบจะลองใหม่ในการรีเฟรชครั้งถัดไป"
    )
    shared = msg.api_error(_HTTPError(403, "no"), TARGET, "reader@p.iam")
    assert shared.message_en.startswith("The spreadsheet for form_2_1 (key KEY123abc) is not shared with")
    assert shared.values == {"stem": "form_2_1", "sheet_key": "KEY123abc", "email": "reader@p.iam"}
    assert msg.token_service_down(503).values == {"code": " (HTTP 503)"}


def test_an_error_without_a_key_keeps_its_two_texts():
    err = SourceUnavailable("English", "ไทย")
    assert err.key is None and err.values == {}
    assert err.message("en") == "English" and err.message("th") == "ไทย"


def _config_error(call):
    from dashboard.errors import ConfigError

    with pytest.raises(ConfigError) as info:
        call()
    return info.value


def test_the_settings_and_secrets_errors_come_from_the_catalogue(monkeypatch, tmp_path):
    from dashboard import config

    monkeypatch.setenv("DASHBOARD_SHEETS_TIMEOUT", "soon")
    err = _config_error(config.sheets_timeout)
    assert (err.key, err.values) == ("config.not_seconds", {"name": "DASHBOARD_SHEETS_TIMEOUT", "raw": "soon"})
    assert err.message_en == "DASHBOARD_SHEETS_TIMEOUT='soon' is not a number of seconds."
    monkeypatch.setenv("DASHBOARD_SHEETS_TIMEOUT", "0")
    err = _config_error(config.sheets_timeout)
    assert err.key == "config.below_minimum" and err.message_en.endswith("below the minimum of 0.01 seconds.")

    missing = tmp_path / "nope.toml"
    monkeypatch.setenv("DASHBOARD_SECRETS", str(missing))
    err = _config_error(config.load_secrets)
    assert err.key == "config.secrets_missing"
    assert err.message_en == f"Secrets file {missing} (set by DASHBOARD_SECRETS) does not exist."
    ansi = tmp_path / "ansi.toml"
    ansi.write_bytes("[sheets]\nregister = 'ทะเบียน'\n".encode("cp874"))
    err = _config_error(lambda: config.load_secrets(ansi))
    assert err.key == "config.secrets_not_utf8" and "Windows-874" in err.message("en")
    broken = tmp_path / "broken.toml"
    broken.write_text("[sheets\n", encoding="utf-8")
    err = _config_error(lambda: config.load_secrets(broken))
    assert err.key == "config.secrets_not_toml" and "ไม่ใช่ TOML" in err.message("th")
    for e in (err,):
        assert e.message_en == t(e.key, "en", **e.values) and e.message_th == t(e.key, "th", **e.values)
