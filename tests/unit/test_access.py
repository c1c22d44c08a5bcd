"""Roles, province scope (enforced in make_view) and personal data per role, and the download log."""

import csv
import io
import json
from pathlib import Path

import pytest

from dashboard import audit, metrics
from dashboard.access import PUBLIC, access_for, parse_rules, rules_from_secrets
from dashboard.config import load_config
from dashboard.downloads import prepare
from dashboard.errors import ConfigError
from dashboard.pipeline import OutOfScope, load_dataset, make_view

DEMO = Path(__file__).resolve().parents[2] / "data" / "demo"
SECRETS = {
    "roles": [
        {"domain": "cdd.go.th", "role": "executive"},
        {"email": "head.nk@cdd.go.th", "role": "province", "provinces": ["หนองคาย"]},
        {"email": "Staff.Two@cdd.go.th", "role": "staff", "provinces": "โคราช, 43"},
        {"email": "someone@gmail.com", "role": "province", "provinces": ["Udon Thani"]},
    ]
}


@pytest.fixture(scope="module")
def cfg():
    return load_config()


@pytest.fixture(scope="module")
def rules(cfg):
    return rules_from_secrets(SECRETS, cfg)


@pytest.fixture(scope="module")
def ds(cfg):
    return load_dataset(DEMO, cfg)


def test_roles_by_email_and_domain(rules):
    head = access_for("HEAD.NK@cdd.go.th", rules)
    assert (head.role, head.provinces, head.show_names, head.show_phones) == ("province", ("43",), False, False)
    staff = access_for("staff.two@cdd.go.th", rules)
    assert (staff.role, staff.provinces, staff.show_names, staff.show_phones) == ("staff", ("30", "43"), True, True)
    boss = access_for("director@cdd.go.th", rules)
    assert (boss.role, boss.provinces, boss.show_names) == ("executive", None, False)
    assert access_for("someone@gmail.com", rules).provinces == ("41",)
    assert access_for("stranger@gmail.com", rules) is None
    assert access_for("", rules) is None
    # a look-alike domain is not the department's
    assert access_for("x@evilcdd.go.th", rules) is None


@pytest.mark.parametrize(
    "row, words",
    [
        ({"email": "a@b.c", "role": "admin", "provinces": "43"}, "role"),
        ({"email": "a@b.c", "role": "province", "provinces": "แอตแลนติส"}, "province"),
        ({"email": "a@b.c", "role": "staff"}, "at least one province"),
        ({"role": "province", "provinces": "43"}, "email or a domain"),
    ],
)
def test_bad_role_rows_are_clear_errors(cfg, row, words):
    with pytest.raises(ConfigError) as err:
        parse_rules([row], cfg, "users worksheet")
    assert words in err.value.message_en and "users worksheet" in err.value.message_en


def test_scope_is_enforced_in_the_view(ds, rules):
    head = access_for("head.nk@cdd.go.th", rules)
    v = make_view(ds, scope=head.provinces)
    assert v.province == "43"
    assert set(v.tables["1.1"]["province_code"].dropna()) == {"43"}
    with pytest.raises(OutOfScope) as err:
        make_view(ds, province="30", scope=head.provinces)  # a tampered URL
    assert "หนองคาย" in err.value.message_th and "นครราชสีมา" in err.value.message_th


def test_two_provinces_see_both_and_nothing_else(ds, rules):
    staff = access_for("staff.two@cdd.go.th", rules)
    v = make_view(ds, scope=staff.provinces)
    assert v.province is None and v.provinces == ["30", "43"]
    for sid, t in v.tables.items():
        assert set(t["province_code"].dropna()) <= {"30", "43"}, sid
    both = metrics.report_dict(v)
    one = [metrics.report_dict(make_view(ds, province=p)) for p in ("30", "43")]
    for r in ("1.1", "2.1", "2.2", "3", "4"):
        for k in ("expected", "received", "on_time", "missing"):
            assert both["reports"][r][k] == one[0]["reports"][r][k] + one[1]["reports"][r][k]
    assert "rows" not in both  # no country-wide counts leak into a scoped view
    assert len(metrics.ratings_by_district(v)) == len(metrics.ratings_by_district(make_view(ds, province="30"))) + len(
        metrics.ratings_by_district(make_view(ds, province="43"))
    )


def _rows(download):
    text = download.data.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.fixture
def log(tmp_path, monkeypatch):
    path = tmp_path / "downloads.jsonl"
    monkeypatch.setenv(audit.AUDIT_ENV, str(path))
    return path


def test_personal_data_by_role(ds, rules, log):
    staff = access_for("staff.two@cdd.go.th", rules)
    head = access_for("head.nk@cdd.go.th", rules)
    raw = ds.raw.tables["1.1"]
    for who, names_shown in ((staff, True), (head, False), (PUBLIC, False)):
        rows = _rows(prepare(make_view(ds, province="43", scope=who.provinces), "1.1", "csv", who, raw=True))
        assert rows
        first_names = set(raw["ชื่อ"].str.strip())
        shown = sum(r["first_name"] in first_names for r in rows)
        assert (shown == len(rows)) if names_shown else shown == 0
        phones = [r["phone"] for r in rows if r["phone"]]
        assert all(len(p) == 10 and p.isdigit() for p in phones) if names_shown else all("x" in p or "•" in p for p in phones)
        # national IDs never whole, whatever the role
        ids = set(raw["เลขประจำตัวประชาชน"]) - {""}
        assert not any(v in ids for r in rows for v in r.values())


def test_the_file_as_on_screen_masks_by_role_too(ds, rules, log):
    raw = ds.raw.tables["1.1"]
    first_names = set(raw["ชื่อ"].str.strip())
    ids = set(raw["เลขประจำตัวประชาชน"]) - {""}
    for who, shown in ((access_for("staff.two@cdd.go.th", rules), True), (PUBLIC, False)):
        for lang, name, phone in (("th", "ชื่อ", "เบอร์โทรศัพท์"), ("en", "First name", "Phone")):
            view = make_view(ds, province="43", scope=who.provinces)
            rows = _rows(prepare(view, "1.1", "csv", who, lang=lang))
            assert rows and (sum(r[name] in first_names for r in rows) == len(rows) if shown
                             else not any(r[name] in first_names for r in rows))
            phones = [r[phone] for r in rows if r[phone]]
            assert all(p.isdigit() for p in phones) if shown else all("x" in p for p in phones)
            assert not any(v in ids for r in rows for v in r.values())


def test_quarantine_download_masks_original_cells(ds, rules, log):
    head = access_for("head.nk@cdd.go.th", rules)
    rows = _rows(prepare(make_view(ds, scope=head.provinces), "quarantine", "csv", head))
    ids = set(ds.raw.tables["1.1"]["เลขประจำตัวประชาชน"]) - {""}
    assert rows and not any(v in ids for r in rows for v in r.values())


def test_every_download_is_logged_with_only_the_email(ds, rules, log):
    staff = access_for("staff.two@cdd.go.th", rules)
    v = make_view(ds, province="30", scope=staff.provinces)
    a = prepare(v, "missing-2.2", "xlsx", staff)
    b = prepare(v, "1.1", "csv", staff)
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 2
    first, second = (json.loads(x) for x in lines)
    assert first["email"] == "staff.two@cdd.go.th" and first["table"] == "missing-2.2" and first["format"] == "xlsx"
    assert first["rows"] == a.rows and second["rows"] == b.rows
    assert first["filters"]["province"] == "30" and first["filters"]["scope"] == "30,43"
    # nothing personal besides the email: no names, phones or IDs of the rows
    text = log.read_text(encoding="utf-8")
    assert not any(n in text for n in ds.raw.tables["1.1"]["ชื่อ"].head(200))
    # append-only: a third download adds a line, the first two stay as they were
    prepare(v, "4", "csv", staff)
    assert log.read_text(encoding="utf-8").splitlines()[:2] == lines


def test_cli_export_is_logged(ds, tmp_path, log):
    import subprocess
    import sys

    out = tmp_path / "q.csv"
    r = subprocess.run(
        [sys.executable, "-m", "dashboard", "export", "--source", str(DEMO), "--table", "quarantine",
         "--province", "43", "--format", "csv", "--out", str(out)],
        capture_output=True, text=True, env={**__import__("os").environ, audit.AUDIT_ENV: str(log)},
    )
    assert r.returncode == 0, r.stderr
    entry = json.loads(log.read_text(encoding="utf-8").splitlines()[-1])
    assert entry["table"] == "quarantine" and entry["filters"]["via"] == "cli" and entry["email"] is None
    listed = subprocess.run([sys.executable, "-m", "dashboard", "downloads"], capture_output=True, text=True,
                            env={**__import__("os").environ, audit.AUDIT_ENV: str(log)})
    assert "quarantine.csv" in listed.stdout
