"""Reading Google Sheets through gspread + google-auth against the loopback API."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pandas as pd
import pytest
from google.auth.transport.requests import AuthorizedSession
from google.oauth2 import service_account

from dashboard import metrics
from dashboard.config import SOURCE_IDS, load_secrets, secrets_candidates, sheets_configured
from dashboard.errors import ConfigError, SheetNotFound
from dashboard.pipeline import build_dataset, load_dataset, make_view
from dashboard.sources import read_source
from dashboard.sources.gsheets import READ_PARAMS, SCOPES, RetryPolicy, read_gsheets, sheet_targets, spreadsheet_key
from dashboard.testing import load_folder

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"
FAST = RetryPolicy(timeout=0.3, budget=1.0, backoff=0.02)


def _assert_same_normalized(local_ds, sheets_ds, *, except_columns=()):
    for sid in SOURCE_IDS:
        a = local_ds.tables[sid].drop(columns=[c for c in except_columns if c in local_ds.tables[sid]])
        b = sheets_ds.tables[sid].drop(columns=[c for c in except_columns if c in sheets_ds.tables[sid]])
        pd.testing.assert_frame_equal(a, b, obj=f"normalized {sid}")


def _report(ds):
    return metrics.report_dict(make_view(ds))


def test_local_and_gsheets_give_identical_tables_and_report(api, account, tmp_path, cfg, small_folder):
    # Leading zeros lost, timestamps as serial numbers … but the same normalized rows.
    urls = load_folder(api, small_folder, [cfg.sources[s].stem for s in SOURCE_IDS], share_with=[account.email], times=False)
    secrets = {"gcp_service_account": account.info(api.token_uri), "sheets": urls}
    raw = read_gsheets(cfg, secrets=secrets, endpoint=api.url, cache_dir=tmp_path / "c", policy=FAST)
    local = load_dataset(small_folder, cfg)
    sheets = build_dataset(raw, cfg)
    _assert_same_normalized(local, sheets)
    assert _report(local) == _report(sheets)
    assert api.counts == {"token": 1, "batchGet": 6, "get": 6}  # zones: read once, on the first pull


def test_a_typed_duration_read_as_a_time_of_day(live, cfg, small_folder, pull):
    # Sheets reads a typed "2:45" as 02:45:00 (0.1145833 of a day); the clip is still 165 s long.
    sheets = build_dataset(pull(live), cfg)
    local = load_dataset(small_folder, cfg)
    assert sheets.raw.tables["3"]["ความยาวคลิป (นาที:วินาที)"].tolist()[0] == repr(165 / 1440)
    _assert_same_normalized(local, sheets, except_columns=["duration"])
    assert sheets.tables["3"]["duration_s"].tolist() == local.tables["3"]["duration_s"].tolist()
    assert _report(local) == _report(sheets)


def test_demo_data_through_the_api_equals_the_local_source(api, account, tmp_path, cfg):
    urls = load_folder(api, DEMO, [cfg.sources[s].stem for s in SOURCE_IDS], share_with=[account.email], times=False)
    secrets = {"gcp_service_account": account.info(api.token_uri), "sheets": urls}
    raw = read_gsheets(cfg, secrets=secrets, endpoint=api.url, cache_dir=tmp_path / "c", policy=RetryPolicy())
    local = load_dataset(DEMO, cfg)
    sheets = build_dataset(raw, cfg)
    _assert_same_normalized(local, sheets)
    assert _report(local) == _report(sheets)
    assert api.counts == {"token": 1, "batchGet": 6, "get": 6}  # zones: read once, on the first pull


def test_one_batch_get_per_spreadsheet_raw_values_no_metadata(live, pull):
    pull(live)
    assert live.api.counts == {"token": 1, "batchGet": 6, "get": 6}  # zones: read once, on the first pull
    for stem in live.urls:
        (req,) = [r for r in live.api.requests if r.key == live.key(stem) and r.kind != "get"]
        assert req.kind == "batchGet" and req.status == 200
        assert req.args["ranges"] == ["A:ZZ"]
        assert {k: v[0] for k, v in req.args.items() if k != "ranges"} == READ_PARAMS
    # The token lasts an hour: the next pull asks each spreadsheet once more, and nothing else.
    pull(live)
    assert live.api.counts == {"token": 1, "batchGet": 12, "get": 6}  # the zones were kept


def test_raw_tables_are_text_like_the_local_source(live, pull, cfg):
    bundle = pull(live)
    assert bundle.kind == "gsheets" and not bundle.stale and bundle.pulled_at.tzinfo is not None
    leaders = bundle.tables["1.1"]
    assert list(leaders.columns) == list(cfg.sources["1.1"].columns.values())
    assert all(isinstance(v, str) for v in leaders.to_numpy().ravel())
    first = leaders.iloc[0]
    assert first["เบอร์โทรศัพท์"] == "800000001"  # the leading zero is gone in the sheet
    assert leaders.iloc[3]["เบอร์โทรศัพท์"] == ""  # the trailing empty answer Google omitted, padded back
    assert first["เลขประจำตัวประชาชน"].isdigit() and len(first["เลขประจำตัวประชาชน"]) == 13
    assert float(first["ประทับเวลา"]) == pytest.approx(44409 + (9 * 3600 + 11 * 60 + 31) / 86400)  # 1/8/2564 09:11:31
    assert leaders.iloc[2]["อายุ (ปี)"] == "๔๒"
    assert bundle.tables["4"]["คะแนนรวม (เต็ม 100)"].tolist() == ["87.5", "72"]


def test_blank_rows_are_dropped_as_the_local_source_does(api, account, tmp_path, cfg, small_folder):
    urls = load_folder(api, small_folder, [cfg.sources[s].stem for s in SOURCE_IDS], share_with=[account.email])
    key = spreadsheet_key(urls["form_4"])
    rows = api.spreadsheet(key).sheets[0].rows
    api.set_rows(key, [rows[0], [], rows[1], [None, None], rows[2], [], []])
    secrets = {"gcp_service_account": account.info(api.token_uri), "sheets": urls}
    raw = read_gsheets(cfg, secrets=secrets, endpoint=api.url, cache_dir=tmp_path / "c", policy=FAST)
    assert len(raw.tables["4"]) == 2


def test_last_good_pull_is_kept_on_disk_privately(live, pull):
    bundle = pull(live)
    (path,) = live.cache_dir.glob("gsheets-*.json")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    kept = json.loads(path.read_text(encoding="utf-8"))
    assert kept["pulled_at"] == bundle.pulled_at.isoformat()
    for sid in SOURCE_IDS:
        assert kept["sources"][sid]["rows"] == bundle.tables[sid].values.tolist()
    text = path.read_text(encoding="utf-8")
    assert live.secrets["gcp_service_account"]["private_key_id"] not in text
    assert "PRIVATE KEY" not in text and "ya29." not in text


def test_named_tab(live, cfg):
    live.api.spreadsheet(live.key("form_3")).sheets.insert(
        0, type(live.api.spreadsheet(live.key("form_3")).sheets[0])("สรุป", [["not the responses"]], 99)
    )
    secrets = {**live.secrets, "sheets": {**live.urls, "form_3": {"url": live.urls["form_3"], "tab": "การตอบกลับแบบฟอร์ม 1"}}}
    bundle = read_gsheets(cfg, secrets=secrets, endpoint=live.api.url, cache_dir=live.cache_dir, policy=FAST)
    assert len(bundle.tables["3"]) == 3
    req = [r for r in live.api.requests if r.key == live.key("form_3")][-1]
    assert req.args["ranges"] == ["'การตอบกลับแบบฟอร์ม 1'!A:ZZ"]
    secrets["sheets"]["form_3"] = {"url": live.urls["form_3"], "tab": "Form Responses 9"}
    with pytest.raises(SheetNotFound, match="Form Responses 9"):
        read_gsheets(cfg, secrets=secrets, endpoint=live.api.url, cache_dir=live.cache_dir / "other", policy=FAST)


def test_falls_back_to_metadata_if_google_refuses_the_open_range(live, pull):
    live.api.strict_grid = True  # a read past the grid answers 400 "exceeds grid limits"
    bundle = pull(live)
    assert len(bundle.tables["1.1"]) == 11
    assert live.api.counts == {"token": 1, "batchGet": 12, "get": 6 + 6}  # 6 zone reads


def test_read_source_uses_the_secrets_and_endpoint_from_the_environment(live, monkeypatch, cfg):
    monkeypatch.setenv("DASHBOARD_SECRETS", str(live.secrets_path))
    monkeypatch.setenv("DASHBOARD_SHEETS_ENDPOINT", live.api.url)
    assert sheets_configured() and load_secrets()["sheets"] == live.urls
    bundle = read_source("gsheets", cfg)
    assert bundle.label == "Google Sheets" and len(bundle.tables["register"]) == 4
    assert live.api.counts["batchGet"] == 6
    assert list(live.cache_dir.glob("gsheets-*.json"))  # $DASHBOARD_CACHE_DIR


def test_an_injected_session_carries_the_calls(live, cfg):
    creds = service_account.Credentials.from_service_account_info(
        live.secrets["gcp_service_account"], scopes=list(SCOPES)
    )
    with AuthorizedSession(creds) as session:
        bundle = read_gsheets(cfg, secrets=live.secrets, session=session, endpoint=live.api.url,
                              cache_dir=live.cache_dir, policy=FAST)
    assert len(bundle.tables["2.2"]) == 2 and live.api.counts == {"token": 1, "batchGet": 6, "get": 6}  # zones: read once, on the first pull


def test_sheets_configuration_errors(cfg, live):
    with pytest.raises(ConfigError, match=r"\[sheets\]"):
        sheet_targets({"gcp_service_account": {}}, cfg)
    partial = {k: v for k, v in live.urls.items() if k != "form_4"}
    with pytest.raises(ConfigError, match="no entry for form_4") as info:
        sheet_targets({"sheets": {**partial, "form4": "x"}}, cfg)
    assert "form4" in info.value.message_en and "form_4" in info.value.message_th
    with pytest.raises(ConfigError, match="neither a spreadsheet URL nor a key"):
        sheet_targets({"sheets": {**live.urls, "form_3": "see the drive folder"}}, cfg)
    targets = sheet_targets({"sheets": {**live.urls, "form_3": "1AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_abcd"}}, cfg)
    assert [t.sid for t in targets] == list(SOURCE_IDS) and targets[4].key.startswith("1AbC")


def test_secrets_files(tmp_path, monkeypatch, live):
    monkeypatch.chdir(tmp_path)
    local = tmp_path / ".streamlit" / "secrets.toml"
    assert secrets_candidates()[0] == local  # where `streamlit run` in this folder looks first
    monkeypatch.setattr("dashboard.config.secrets_candidates", lambda: [local])
    assert load_secrets() == {}  # none: the app falls back to the demo data
    assert not sheets_configured({})
    assert not sheets_configured({"sheets": {}})
    assert sheets_configured({"sheets": {"register": "https://docs.google.com/spreadsheets/d/abc12345678/edit"}})
    monkeypatch.setenv("DASHBOARD_SECRETS", str(tmp_path / "nope.toml"))
    with pytest.raises(ConfigError, match="nope.toml"):
        load_secrets()
    bad = tmp_path / "bad.toml"
    bad.write_text('[gcp_service_account]\nprivate_key = "-----BEGIN PRIVATE KEY-----\nMIIEvQ\n', encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_SECRETS", str(bad))
    with pytest.raises(ConfigError, match="not valid TOML") as info:
        load_secrets()
    assert "MIIEvQ" not in info.value.bilingual()
    local.parent.mkdir()
    local.write_text(Path(live.secrets_path).read_text(encoding="utf-8"), encoding="utf-8")
    monkeypatch.delenv("DASHBOARD_SECRETS")
    assert load_secrets()["sheets"] == live.urls  # Streamlit's place: ./.streamlit/secrets.toml


def test_the_secrets_example_has_every_source(cfg):
    example = Path(__file__).resolve().parents[2] / ".streamlit" / "secrets.toml.example"
    secrets = load_secrets(example)
    assert [t.stem for t in sheet_targets(secrets, cfg)] == [cfg.sources[s].stem for s in SOURCE_IDS]
    assert set(secrets["gcp_service_account"]) >= {"client_email", "private_key", "token_uri"}


def test_last_good_without_pulling(live, pull, cfg):
    from dashboard.sources.gsheets import last_good

    assert last_good(cfg, secrets=live.secrets, cache_dir=live.cache_dir) is None
    bundle = pull(live)
    kept = last_good(cfg, secrets=live.secrets, cache_dir=live.cache_dir)
    assert kept.stale and kept.pulled_at == bundle.pulled_at and kept.stale_reason is None
    for sid in SOURCE_IDS:
        pd.testing.assert_frame_equal(kept.tables[sid], bundle.tables[sid])
    assert live.api.counts["batchGet"] == 6
