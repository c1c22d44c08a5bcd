"""Errors carry a catalogue key and their values: the words live in i18n's catalogues, so a page
says them in its language; the bilingual text (logs, downloads, the CLI) is unchanged."""

from __future__ import annotations

import re

import pytest
import requests

from dashboard.errors import DashboardError, SourceUnavailable, Words, said
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


# ---- one representative error of each module whose words moved into the catalogue ----------

THAI = re.compile(r"[\u0E00-\u0E7F]")


def _raised(call, kind=DashboardError):
    with pytest.raises(kind) as info:
        call()
    return info.value


@pytest.fixture(scope="module")
def cfg():
    from dashboard.config import load_config

    return load_config()


def _cli(cfg, tmp_path):
    import argparse

    from dashboard import cli

    args = argparse.Namespace(config=None, mapping=None, as_of=None, province="  ", source="demo")
    return _raised(lambda: cli._view(args)), "cli.province_empty", {}


def _geo(cfg, tmp_path):
    from dashboard import geo

    (tmp_path / geo.FILES["province"].name).write_text("{not json", encoding="utf-8")
    err = _raised(lambda: geo.load_boundaries("province", directory=tmp_path), geo.BoundariesUnavailable)
    return err, "geo.unreadable", {"path": str(tmp_path / geo.FILES["province"].name)}


def _access(cfg, tmp_path):
    from dashboard.access import check_unique, parse_rules

    rules = parse_rules([{"email": "a@cdd.go.th", "role": "staff", "provinces": "43"}] * 2, cfg, "users", first_row=2)
    err = _raised(lambda: check_unique(rules))
    return err, "access.email_twice", {"where": "users", "row": 3, "value": "a@cdd.go.th", "first_where": "users", "first_row": 2}


def _config(cfg, tmp_path):
    from dashboard.config import parse_as_of

    return _raised(lambda: parse_as_of("tomorrow")), "config.day_unreadable", {"text": "tomorrow"}


def _errors(cfg, tmp_path):
    from dashboard.errors import MissingColumn

    err = MissingColumn("form_1_1", ["leaders", "age"])
    assert (err.sheet, err.columns) == ("form_1_1", ["leaders", "age"])  # what callers read stays
    return err, "sheet.missing_column", {"sheet": "form_1_1", "columns": "'leaders', 'age'"}


def _local(cfg, tmp_path):
    from dashboard.sources.local import read_csv_table

    path = tmp_path / "form_4.csv"
    path.write_text('a,b\n1,2\n3,"open\n', encoding="utf-8")
    err = _raised(lambda: read_csv_table(path, "form_4"))
    return err, "local.bad_line", {"path": str(path), "line": 3}


def _gsheets(cfg, tmp_path):
    from dashboard.sources.gsheets import read_gsheets

    secrets = {"sheets": {cfg.sources[sid].stem: "KEY" + "x" * 40 for sid in cfg.source_ids}}
    err = _raised(lambda: read_gsheets(cfg, secrets=secrets, endpoint="ftp://sheets"))
    return err, "gsheets.endpoint_not_url", {"setting": "DASHBOARD_SHEETS_ENDPOINT", "value": "ftp://sheets"}


def _sheet_targets(cfg, tmp_path):
    from dashboard.sources.sheet_targets import sheet_targets

    sheets = {cfg.sources[sid].stem: "KEY" + "x" * 40 for sid in cfg.source_ids[1:]}
    sheets["extra"] = "KEY" + "y" * 40
    err = _raised(lambda: sheet_targets({"sheets": sheets}, cfg))
    stem = cfg.sources[cfg.source_ids[0]].stem
    assert err.message_en.startswith(f"The [sheets] table in the secrets has no entry for {stem} (unknown entries: extra).")
    assert err.message_th.startswith(f"ตาราง [sheets] ในไฟล์ secrets ไม่มีรายการ {stem} (")
    return err, "sheets.entries_wrong", {}


def _sheet_messages(cfg, tmp_path):
    err = msg.api_error(_HTTPError(403, "Request had insufficient authentication scopes."), TARGET, "a@b.iam")
    return err, "gsheets.no_scope", {"stem": "form_2_1", "sheet_key": "KEY123abc"}


def _sheets_append(cfg, tmp_path):
    from dashboard.sources.sheets_append import _check

    response = requests.Response()
    response.status_code = 404
    err = _raised(lambda: _check(response, "KEY9", "a@b.iam"))
    return err, "append.not_found", {"sheet_key": "KEY9"}


def _sheet_transport(cfg, tmp_path):
    from google.auth.exceptions import GoogleAuthError

    from dashboard.sources.sheet_transport import Budget, ensure_token

    class Unsigned:
        valid = False

        def refresh(self, request):
            raise GoogleAuthError("no signer")

    policy = RetryPolicy()
    err = _raised(lambda: ensure_token(Unsigned(), policy, "a@b.iam", Budget(policy)))
    return err, "gsheets.cannot_sign", {"kind": "GoogleAuthError"}


def _delivery(cfg, tmp_path):
    from dashboard import delivery

    class Down:
        def post(self, *args, **kwargs):
            raise requests.ConnectionError("down")

    err = _raised(lambda: delivery.line_push("G1", ["hi"], "token", who="C1", session=Down(), sleep=lambda s: None))
    assert err.message_th.startswith("C1: ส่งไม่สำเร็จหลังลอง") and "ติดต่อ LINE ไม่ได้ (ConnectionError)" in err.message_th
    assert err.message_en.startswith("C1: cannot reach LINE (ConnectionError); gave up after")
    return err, "delivery.gave_up", {"who": "C1"}


def _audit(cfg, tmp_path, monkeypatch):
    import os

    from dashboard import audit

    target = tmp_path / "log" / "downloads.jsonl"

    def refuse(path, *args, **kwargs):  # tests may run as root, who may write anywhere
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(os, "open", refuse)
    err = _raised(lambda: audit.record_download(None, "register", {}, 1, "csv", target))
    return err, "audit.log_not_writable", {"path": str(target), "folder": str(target.parent)}


def _fixing(cfg, tmp_path):
    from dashboard.access import PUBLIC
    from dashboard.fixing import submit

    return _raised(lambda: submit(None, "demo", [], PUBLIC)), "fixing.sign_in", {}


def _pipeline(cfg, tmp_path):
    from dashboard.pipeline import OutOfScope

    err = OutOfScope("43", ("30",), cfg)
    assert err.province == "43"
    assert err.message_en == "You may see only Nakhon Ratchasima: Nong Khai is outside your scope."
    assert err.message_th == "บัญชีนี้ดูได้เฉพาะจังหวัดนครราชสีมา จึงไม่แสดงข้อมูลจังหวัดหนองคาย"
    return err, "pipeline.outside_scope", {}


def _downloads(cfg, tmp_path):
    from dashboard.downloads import AccessWithdrawn

    return AccessWithdrawn(), "downloads.access_withdrawn", {}


MODULES = {
    "cli": _cli, "geo": _geo, "access": _access, "config": _config, "errors": _errors, "sources.local": _local,
    "sources.gsheets": _gsheets, "sources.sheet_targets": _sheet_targets, "sources.sheet_messages": _sheet_messages,
    "sources.sheets_append": _sheets_append, "sources.sheet_transport": _sheet_transport, "delivery": _delivery,
    "audit": _audit, "fixing": _fixing, "pipeline": _pipeline, "downloads": _downloads,
}


@pytest.mark.parametrize("module", sorted(MODULES))
def test_each_module_raises_with_its_key_and_values(module, cfg, tmp_path, monkeypatch):
    make = MODULES[module]
    err, key, values = make(cfg, tmp_path, monkeypatch) if module == "audit" else make(cfg, tmp_path)
    assert isinstance(err, DashboardError)
    assert err.key == key and key in TH and key in EN
    assert values.items() <= err.values.items(), (err.values, values)
    assert (err.message_en, err.message_th) == said(key, err.values)
    assert not THAI.search(err.message("en")), err.message("en")
    assert THAI.search(err.message("th")), err.message("th")


def test_a_value_in_two_languages_fills_each_message_with_its_own():
    err = DashboardError.from_key("local.no_file", path="/data", file="form_4.csv", title=Words("ประเมินอำเภอ", "District rating"))
    assert err.message_en == "Folder /data has no form_4.csv (District rating)."
    assert err.message_th == "โฟลเดอร์ /data ไม่มีไฟล์ form_4.csv (ประเมินอำเภอ)"
    assert err.values["title"] == Words("ประเมินอำเภอ", "District rating")


def test_the_loader_notices_come_from_the_catalogue():
    from datetime import datetime, timezone

    from dashboard.loader import banner
    from dashboard.sources.bundle import RawBundle

    demo = banner(RawBundle(tables={}, kind="demo", label="demo", pulled_at=None))
    assert (demo.message_th, demo.message_en) == (t("loader.demo", "th"), t("loader.demo", "en"))
    stale = RawBundle(tables={}, kind="gsheets", label="Google Sheets", stale=True, stale_reason="quota",
                      pulled_at=datetime(2021, 8, 8, 7, 0, tzinfo=timezone.utc))
    notice = banner(stale)
    assert notice.message_en == "Showing the data pulled at 2021-08-08 07:00 (Bangkok time): the latest pull failed — quota"
    assert notice.message_th.startswith("แสดงข้อมูลที่ดึงได้ล่าสุดเมื่อ 2021-08-08 07:00")


def test_the_cli_prints_an_error_in_english_then_thai_from_the_catalogue(tmp_path, capsys):
    from dashboard.cli import main

    code = main(["export", "--source", "demo", "--table", "register", "--out", str(tmp_path / "a-file" / "x.csv"),
                 "--config", str(tmp_path / "nope.toml")])
    err = capsys.readouterr().err
    assert code == 2
    assert err.strip() == "error: " + " | ".join(
        t("config.config_missing", lang, path=str((tmp_path / "nope.toml").resolve())) for lang in ("en", "th")
    )


def test_a_broken_programme_file_says_so_in_both_languages(tmp_path):
    from pathlib import Path

    from dashboard.config import DEFAULT_CONFIG, load_config

    text = Path(DEFAULT_CONFIG).read_text(encoding="utf-8").replace("[maxima]\n", "[maxima]\nleaders_total = -1\n", 1)
    broken = tmp_path / "programme.toml"
    broken.write_text(text, encoding="utf-8")
    err = _raised(lambda: load_config(broken))
    assert (err.key, err.values) == ("config.bad_maximum", {"path": str(broken.resolve()), "name": "leaders_total", "value": "-1"})
    assert err.message_en == f"{broken.resolve()}: maxima.leaders_total = -1 is not a whole number >= 0"
    assert err.message_th == f"{broken.resolve()}: maxima.leaders_total = -1 ไม่ใช่จำนวนเต็มที่ไม่ติดลบ"
