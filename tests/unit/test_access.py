"""Roles, province scope (enforced in make_view) and personal data per role, and the download log."""

import csv
import io
import json
from pathlib import Path

import pytest

from dashboard import audit, metrics
from dashboard.access import PUBLIC, access_for, may_administer, parse_rules, rules_from_secrets
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
        ({"email": "a@b.c", "role": "boss", "provinces": "43"}, "role"),
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
    # the command line exports under the open demo's access: every province, nothing personal in clear
    assert (entry["role"], entry["scope"], entry["names"], entry["phones"]) == ("public", "*", False, False)
    listed = subprocess.run([sys.executable, "-m", "dashboard", "downloads"], capture_output=True, text=True,
                            env={**__import__("os").environ, audit.AUDIT_ENV: str(log)})
    assert "quarantine.csv" in listed.stdout and "public [*] masked" in listed.stdout


# ---- masking by allow-list: columns the configuration does not map ----------------------------


@pytest.fixture(scope="module")
def renamed(cfg):
    """The demo with form 1.1 as a form owner might change it: the phone question renamed
    (เบอร์โทร), an ID question under a new title, Google Forms' "Email address" column, and a
    phone typed into the age question of five Nong Khai rows (quarantined, quoted in the reason)."""
    from dashboard.pipeline import build_dataset
    from dashboard.sources import read_source

    raw = read_source(DEMO, cfg)
    t = raw.tables["1.1"].copy()
    nk = t.index[t["จังหวัด"].str.contains("หนองคาย")][:5]
    t.loc[nk, "อายุ (ปี)"] = [f"โทร 08{i}-234-567{i}" for i in range(5)]
    t = t.rename(columns={"เบอร์โทรศัพท์": "เบอร์โทร", "เลขประจำตัวประชาชน": "เลขบัตร (ปชช.)"})
    t["เลขบัตร (ปชช.)"] = "ID " + t["เลขบัตร (ปชช.)"]  # not only digits: the 13-digit guess misses it
    t["Email address"] = [f"leader{i}@gmail.com" for i in range(len(t))]
    raw.tables["1.1"] = t
    return build_dataset(raw, cfg), t


@pytest.mark.parametrize("email", ["staff.two@cdd.go.th", "head.nk@cdd.go.th", "director@cdd.go.th", None])
def test_unmapped_columns_reach_nobody_in_clear(renamed, rules, log, email):
    ds, t = renamed
    assert {"เบอร์โทร", "Email address", "เลขบัตร (ปชช.)"} <= set(ds.unmapped["1.1"])
    who = access_for(email, rules) if email else PUBLIC
    view = make_view(ds, scope=who.provinces, province="43")
    rows = _rows(prepare(view, "quarantine", "csv", who, raw=True))
    mine = [r for r in rows if r["source"] == "1.1"]
    assert len(mine) >= 5
    secret = set(t["เบอร์โทร"]) | set(t["Email address"]) | set(t["เลขบัตร (ปชช.)"])
    secret -= {"", "ID "}
    assert not any(v in secret for r in rows for v in r.values())
    # the file as the page shows it (Thai headings) is masked the same
    shown = _rows(prepare(view, "quarantine", "csv", who))
    assert len(shown) == len(rows) and not any(v in secret for r in shown for v in r.values())
    for r in mine:
        assert r["เบอร์โทร"] in ("", "•••") and r["Email address"] == "•••"
    # a phone typed into the age question: neither the reason nor the cell carries it whole
    quoted = [r for r in mine if "โทร" in r["detail"]]
    assert len(quoted) == 5
    text = "\n".join(f"{r['detail']} {r['อายุ (ปี)']}" for r in quoted)
    assert not any(f"08{i}-234-567{i}" in text or f"08{i}234567{i}" in text for i in range(5))
    assert all(f"08x-xxx-567{i}" in text for i in range(5))  # masked as in a phone column


@pytest.mark.parametrize(
    "text, shown",
    [
        ("อ่านตัวเลข 'อายุ (ปี)' ไม่ได้: '081-234-5678'", "อ่านตัวเลข 'อายุ (ปี)' ไม่ได้: '08x-xxx-5678'"),
        ("เลข 1-2345-67890-12-1 ผิด", "เลข •••••••••0121 ผิด"),
        ("โทร +66 81 234 5678", "โทร 08x-xxx-5678"),
        ("๐๘๑๒๓๔๕๖๗๘", "08x-xxx-5678"),
        ("เลข 123456789012 ยาว", "เลข •••••••••9012 ยาว"),
        ("ส่งหลังกำหนด 2021-08-08 14:03", "ส่งหลังกำหนด 2021-08-08 14:03"),
        ("อายุ 45 ปี 15 คน", "อายุ 45 ปี 15 คน"),
    ],
)
def test_digit_runs_in_reasons_are_masked(text, shown):
    from dashboard.masking import mask_text

    assert mask_text(text) == shown


# ---- downloads: access looked up again when clicked; the log says under which access ----------


AUTH = {"auth": {"client_id": "dashboard", "client_secret": "x", "redirect_uri": "http://127.0.0.1/oauth2callback",
                 "cookie_secret": "y", "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}}


def test_the_log_says_role_scope_and_whether_names_and_phones_were_in_clear(ds, rules, log):
    staff = access_for("staff.two@cdd.go.th", rules)
    head = access_for("head.nk@cdd.go.th", rules)
    boss = access_for("director@cdd.go.th", rules)
    prepare(make_view(ds, province="30", scope=staff.provinces), "1.1", "csv", staff)
    prepare(make_view(ds, scope=head.provinces), "1.1", "csv", head)
    prepare(make_view(ds), "quarantine", "xlsx", boss)
    a, b, c = (json.loads(x) for x in log.read_text(encoding="utf-8").splitlines())
    assert (a["role"], a["scope"], a["names"], a["phones"]) == ("staff", ["30", "43"], True, True)
    assert (b["role"], b["scope"], b["names"], b["phones"]) == ("province", ["43"], False, False)
    assert (c["role"], c["scope"], c["names"], c["phones"]) == ("executive", "*", False, False)


def test_a_download_looks_the_access_up_again_when_clicked(ds, log):
    from dashboard.downloads import AccessWithdrawn, prepare_now

    staff = {"email": "followup.nk@cdd.go.th", "role": "staff", "provinces": "43"}
    drawn = {**AUTH, "roles": [staff]}
    got = prepare_now("followup.nk@cdd.go.th", "1.1", "csv", dataset=ds, secrets=drawn, province="43")
    assert got.rows > 0 and json.loads(log.read_text(encoding="utf-8").splitlines()[-1])["names"] is True
    lines = len(log.read_text(encoding="utf-8").splitlines())
    # the role removed after the button was drawn: no file, no line
    with pytest.raises(AccessWithdrawn):
        prepare_now("followup.nk@cdd.go.th", "1.1", "csv", dataset=ds, secrets={**AUTH, "roles": []}, province="43")
    # moved to another province: the old province is refused
    moved = {**AUTH, "roles": [{**staff, "provinces": "30"}]}
    with pytest.raises(AccessWithdrawn):
        prepare_now("followup.nk@cdd.go.th", "1.1", "csv", dataset=ds, secrets=moved, province="43")
    # a broken role table: nothing for anyone
    broken = {**AUTH, "roles": [staff, {**staff, "role": "executive", "provinces": ""}]}
    with pytest.raises(AccessWithdrawn):
        prepare_now("followup.nk@cdd.go.th", "1.1", "csv", dataset=ds, secrets=broken, province="43")
    assert len(log.read_text(encoding="utf-8").splitlines()) == lines
    # demoted to province head: the same button now gives a file with names masked
    demoted = {**AUTH, "roles": [{**staff, "role": "province"}]}
    got = prepare_now("followup.nk@cdd.go.th", "1.1", "csv", dataset=ds, secrets=demoted, province="43", raw=True)
    entry = json.loads(log.read_text(encoding="utf-8").splitlines()[-1])
    assert (entry["role"], entry["names"], entry["phones"]) == ("province", False, False)
    first_names = set(ds.raw.tables["1.1"]["ชื่อ"].str.strip())
    assert not any(r["first_name"] in first_names for r in _rows(got))
    # the file as the page shows it too (its heading for the first name is the form's own, ชื่อ)
    shown = prepare_now("followup.nk@cdd.go.th", "1.1", "csv", dataset=ds, secrets=demoted, province="43")
    assert not any(r["ชื่อ"] in first_names for r in _rows(shown))


def test_a_district_of_another_province_is_refused(ds, rules):
    from dashboard.pipeline import DistrictOutsideProvince

    head = access_for("head.nk@cdd.go.th", rules)
    korat_district = next(d for d in ds.tables["4"]["district_code"].dropna() if str(d).startswith("30"))
    with pytest.raises(DistrictOutsideProvince) as err:
        make_view(ds, province="43", district=korat_district, scope=head.provinces)
    assert korat_district in err.value.message_en and "หนองคาย" in err.value.message_th
    with pytest.raises(DistrictOutsideProvince):
        make_view(ds, province="43", district=korat_district)
    # a district of the province is fine, and a district alone names its province
    mine = next(d for d in ds.tables["4"]["district_code"].dropna() if str(d).startswith("43"))
    assert make_view(ds, province="43", district=mine, scope=head.provinces).districts == [mine]
    with pytest.raises(OutOfScope):
        make_view(ds, district=korat_district, scope=head.provinces)


def test_an_admin_sees_every_province_with_personal_data_masked_and_the_header_check(cfg):
    rules = parse_rules([{"email": "it@cdd.go.th", "role": "admin", "provinces": "*"}], cfg, "secrets")
    who = access_for("it@cdd.go.th", rules)
    assert who.role == "admin" and who.provinces is None
    assert not (who.show_names or who.show_phones)
    assert may_administer(who) and may_administer(PUBLIC)
    staff = access_for("s@cdd.go.th", parse_rules([{"email": "s@cdd.go.th", "role": "staff", "provinces": "43"}], cfg, "x"))
    assert not may_administer(staff)
