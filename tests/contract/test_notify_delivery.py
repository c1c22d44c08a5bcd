"""`python -m dashboard notify` against a loopback LINE API and a real SMTP server (aiosmtpd).

The digest's figures are checked against `python -m dashboard report` for the same scope, the
messages against the demo's personal columns, and a second run against the first.
"""

from __future__ import annotations

import csv
import datetime as dt
import email
import email.policy
import ipaddress
import json
import re
import socket
import ssl
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from dashboard import delivery, notify
from dashboard.config import REPORT_IDS, fold_header, load_config
from dashboard.pipeline import load_dataset
from dashboard.testing.line_api import LineAPI

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "data" / "demo"
AS_OF = "2021-08-05"
TOKEN = "channel-token-for-tests"
COUNTRY = "C0123456789abcdef0123456789abcdef"
NONG_KHAI = "C1123456789abcdef0123456789abcdef"
HEAD = "head43@example.go.th"


# ---- servers -------------------------------------------------------------------------------


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[email.message.EmailMessage] = []
        self.envelopes = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.envelopes.append(envelope)
            self.messages.append(email.message_from_bytes(envelope.original_content, policy=email.policy.default))
        return "250 Message accepted for delivery"


@pytest.fixture
def smtp():
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=_free_port())
    controller.start()
    box.port = controller.port
    yield box
    controller.stop()


@pytest.fixture
def line():
    with LineAPI(token=TOKEN, groups={COUNTRY, NONG_KHAI}) as api:
        yield api


def _secrets(path: Path, smtp_port: int, token: str = TOKEN, extra: str = "") -> Path:
    path.write_text(
        f"""
[notify]
dashboard_url = "https://dashboard.example.go.th"
line_channel_token = "{token}"

[notify.smtp]
host = "127.0.0.1"
port = {smtp_port}
sender = "dashboard@example.go.th"
starttls = false

[[notify.line]]
group_id = "{COUNTRY}"
provinces = ["all"]

[[notify.line]]
group_id = "{NONG_KHAI}"
provinces = ["หนองคาย"]

[[notify.email]]
to = ["{HEAD}"]
provinces = ["43"]
{extra}
""",
        encoding="utf-8",
    )
    return path


def _run(*args, env: dict) -> subprocess.CompletedProcess:
    import os

    full = {**os.environ, **env, "PYTHONPATH": str(REPO / "src")}
    return subprocess.run([sys.executable, "-m", "dashboard", *args], capture_output=True, text=True, env=full, timeout=120)


@pytest.fixture
def env(tmp_path, line, smtp):
    return {
        "DASHBOARD_SECRETS": str(_secrets(tmp_path / "secrets.toml", smtp.port)),
        "DASHBOARD_LINE_ENDPOINT": line.url,
        "DASHBOARD_CACHE_DIR": str(tmp_path / "cache"),
    }


# ---- what the messages must say ------------------------------------------------------------

_REPORT_LINE = re.compile(r"^• (\S+) .*?: ([\d,]+)/([\d,]+) \(.*?\) · ตรงเวลา ([\d,]+) · ยังไม่ส่ง ([\d,]+)$", re.M)
_LEADERS = re.compile(r"ผู้นำการเปลี่ยนแปลง ([\d,]+) / ([\d,]+) คน .*? พี่ ([\d,]+) น้อง ([\d,]+)")
_TAMBONS = re.compile(r"ตำบลที่มีรายงาน ([\d,]+) / ([\d,]+) ตำบล; ผู้นำครบ 15 คน ([\d,]+) ตำบล")


def _n(text: str) -> int:
    return int(text.replace(",", ""))


def assert_matches_report(text: str, rep: dict) -> None:
    """Every figure of the digest is the one `report` printed for the same scope."""
    got = {m[0]: tuple(_n(x) for x in m[1:]) for m in _REPORT_LINE.findall(text)}
    assert set(got) == set(REPORT_IDS), text
    for r in REPORT_IDS:
        c = rep["reports"][r]
        assert got[r] == (c["received"], c["expected"], c["on_time"], c["missing"]), r
    L = rep["leaders"]
    assert tuple(_n(x) for x in _LEADERS.search(text).groups()) == (L["registered"], L["target"], L["older"], L["younger"])
    T = rep["tambons"]
    assert tuple(_n(x) for x in _TAMBONS.search(text).groups()) == (T["engaged"], T["target"], T["full_leaders"])
    for r in REPORT_IDS:
        f = rep["forecast"][r]
        if f["projected_complete"]:
            day = dt.date.fromisoformat(f["projected_complete"])
            assert f"• {r}: วันละ {f['pace_per_day']:.1f} หน่วย → ครบราว {day.day} " in text


def personal_values() -> set[str]:
    """Every value of the demo's personal columns (names, IDs, phones), as written in the sheets.

    A leader's name is checked as "first last" and by the surname: a first name alone can be an
    ordinary word (ละเอียด, "detailed").
    """
    cfg = load_config()
    values: set[str] = set()
    for spec in cfg.sources.values():
        if not spec.personal:
            continue
        headers = {fold_header(spec.columns[f]) for f in spec.personal}
        with open(DEMO / spec.file, encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh)
            head = [fold_header(h) for h in next(reader)]
            cols = {h: i for i, h in enumerate(head) if h in headers}
            first = cols.pop(fold_header(spec.columns["first_name"]), None) if "first_name" in spec.personal else None
            for row in reader:
                cells = {h: (row[i].strip() if i < len(row) else "") for h, i in cols.items()}
                if first is not None and first < len(row):
                    surname = cells.get(fold_header(spec.columns["last_name"]), "")
                    values.add(f"{row[first].strip()} {surname}")
                values.update(v for v in cells.values() if len(v) >= 4)
    return values


def assert_no_personal_data(text: str, personal: set[str]) -> None:
    leaked = [v for v in personal if v in text]
    assert not leaked, leaked[:5]
    # Nor any run of digits as long as a phone number or a national ID, however it is written.
    assert not re.search(r"\d{9,}", re.sub(r"[\s\-]", "", text.split("🔗")[0]))
    assert "@" not in text


# ---- done when ------------------------------------------------------------------------------


def test_demo_digest_to_two_groups_and_one_address(env, line, smtp):
    out = _run("notify", "--source", "demo", "--as-of", AS_OF, env=env)
    assert out.returncode == 0, out.stderr
    assert len(line.pushes) == 2 and {p.to for p in line.pushes} == {COUNTRY, NONG_KHAI}
    assert all(a.authorization == f"Bearer {TOKEN}" for a in line.attempts)
    assert len(smtp.messages) == 1

    country = json.loads(_run("report", "--source", "demo", "--as-of", AS_OF, env=env).stdout)
    nong_khai = json.loads(_run("report", "--source", "demo", "--as-of", AS_OF, "--province", "43", env=env).stdout)
    personal = personal_values()
    assert len(personal) > 10_000  # the check below means something

    [country_text] = line.texts(COUNTRY)
    assert country_text.startswith("📊 บ้านพี่เมืองน้อง — ทั้งประเทศ ข้อมูล ณ 5 ส.ค. 2564")
    assert_matches_report(country_text, country)
    assert "https://dashboard.example.go.th/?as_of=2021-08-05" in country_text

    [nk_text] = line.texts(NONG_KHAI)
    assert "จังหวัดหนองคาย" in nk_text
    assert_matches_report(nk_text, nong_khai)
    assert "https://dashboard.example.go.th/?province=43&as_of=2021-08-05" in nk_text

    mail = smtp.messages[0]
    assert mail["To"] == HEAD and smtp.envelopes[0].rcpt_tos == [HEAD]
    assert "จังหวัดหนองคาย" in mail["Subject"]
    body = mail.get_content()
    assert mail.get_content_charset() == "utf-8"
    assert_matches_report(body, nong_khai)
    assert body.rstrip("\n") == nk_text  # the same scope reads the same

    for text in (country_text, nk_text, body):
        assert "นี่คือสรุปครั้งแรก" in text
        assert "🚨 แจ้งเตือน:" in text  # 1.1 and 2.1 are below 80 % three days before the deadline
        assert_no_personal_data(text, personal)
    assert "แบบ 2.1 ส่งแล้ว 74.8% ต่ำกว่า 80% อีก 3 วันถึงกำหนด 8 ส.ค. 2564" in country_text

    # The state beside the cache says when the digest went out (the sidebar reads it).
    state = json.loads((Path(env["DASHBOARD_CACHE_DIR"]) / "notify_state.json").read_text(encoding="utf-8"))
    assert state["last_digest"]["recipients"] == 3


def test_second_run_the_same_day_repeats_no_alert(env, line, smtp):
    assert _run("notify", "--source", "demo", "--as-of", AS_OF, env=env).returncode == 0
    first = line.texts(COUNTRY)[0]
    fired = first.count("\n⚠️ แบบ") + first.count("\n📉 แบบ") + first.count("\n⏰ แบบ")
    assert fired >= 3
    assert _run("notify", "--source", "demo", "--as-of", AS_OF, env=env).returncode == 0
    second = line.texts(COUNTRY)[1]
    assert "🚨" not in second and "แบบ 2.1 ส่งแล้ว" not in second
    assert f"(แจ้งเตือนเดิม {fired} รายการส่งแล้วภายใน 24 ชั่วโมง)" in second
    assert "เปลี่ยนแปลงจากสรุปครั้งก่อน: ไม่มี" in second
    assert "🚨" not in smtp.messages[1].get_content()
    # A day later the data moved on: what changed is told, and the alerts that still hold return.
    assert _run("notify", "--source", "demo", "--as-of", "2021-08-06", env=env).returncode == 0


def test_changes_and_alerts_after_a_day(tmp_path):
    ds = load_dataset("demo")
    secrets = {"notify": {"dashboard_url": "https://d", "line": [{"group_id": COUNTRY, "provinces": ["all"]}]}}
    sent: list[str] = []
    state = tmp_path / "state.json"
    day1 = dt.datetime(2021, 8, 5, 8, 0, tzinfo=ds.cfg.timezone)
    for as_of, now in ((dt.date(2021, 8, 5), day1), (dt.date(2021, 8, 6), day1 + dt.timedelta(hours=23))):
        notify.run(ds, secrets, as_of=as_of, now=now, path=state, send=lambda who, s, t: sent.append(t))
    assert "เปลี่ยนแปลงจากสรุปครั้งก่อน:\n• 1.1 ส่งเพิ่ม +" in sent[1]
    assert "🚨" not in sent[1]  # within 24 hours of the first
    notify.run(ds, secrets, as_of=dt.date(2021, 8, 7), now=day1 + dt.timedelta(hours=25), path=state,
               send=lambda who, s, t: sent.append(t))
    assert "🚨 แจ้งเตือน:" in sent[2]  # a day on, the alerts that still hold are sent again


# ---- delivery failures ---------------------------------------------------------------------


def test_one_failing_recipient_does_not_stop_the_others(tmp_path, line, smtp):
    env = {
        "DASHBOARD_SECRETS": str(_secrets(tmp_path / "s.toml", smtp.port, extra='[[notify.line]]\ngroup_id = "Cdeadbeefdeadbeefdeadbeefdeadbeef"\nprovinces = ["all"]\n')),
        "DASHBOARD_LINE_ENDPOINT": line.url,
        "DASHBOARD_CACHE_DIR": str(tmp_path / "cache"),
    }
    out = _run("notify", "--source", "demo", "--as-of", AS_OF, env=env)
    assert out.returncode == 2
    assert "LINE group Cdeadbeefdeadbeefdeadbeefdeadbeef" in out.stderr and "group_id" in out.stderr
    assert "1 of 4 recipients not reached" in out.stderr
    assert {p.to for p in line.pushes} == {COUNTRY, NONG_KHAI} and len(smtp.messages) == 1


def test_a_wrong_token_names_the_recipient_and_is_not_retried(tmp_path, line, smtp):
    env = {
        "DASHBOARD_SECRETS": str(_secrets(tmp_path / "s.toml", smtp.port, token="wrong")),
        "DASHBOARD_LINE_ENDPOINT": line.url,
        "DASHBOARD_CACHE_DIR": str(tmp_path / "cache"),
    }
    out = _run("notify", "--source", "demo", "--as-of", AS_OF, env=env)
    assert out.returncode == 2
    assert f"LINE group {COUNTRY}: HTTP 401" in out.stderr and "line_channel_token" in out.stderr
    assert len(line.attempts) == 2 and not line.pushes  # one try per group, no retry
    assert len(smtp.messages) == 1  # the e-mail still went
    assert "2 of 3 recipients not reached" in out.stderr


def test_5xx_and_429_are_retried_with_one_retry_key(line):
    line.fail(500)
    line.fail(429, retry_after="1")
    waits: list[float] = []
    assert delivery.line_push(COUNTRY, ["สวัสดี"], TOKEN, who="g", endpoint=line.url, sleep=waits.append) == 1
    assert [a.status for a in line.attempts] == [500, 429, 200]
    assert len({a.retry_key for a in line.attempts}) == 1
    assert waits == [1.0, 1.0]  # back-off 1 s, then Retry-After's 1 s
    assert len(line.pushes) == 1


def test_retries_are_bounded(line):
    line.fail(503, times=10)
    with pytest.raises(delivery.DeliveryError, match="gave up after 4 tries"):
        delivery.line_push(COUNTRY, ["x"], TOKEN, who="g", endpoint=line.url, sleep=lambda s: None)
    assert len(line.attempts) == 4
    line.clear_faults()
    line.fail(429, retry_after="120")
    with pytest.raises(delivery.DeliveryError, match="gave up after 1 tries"):
        delivery.line_push(COUNTRY, ["x"], TOKEN, who="g", endpoint=line.url, sleep=lambda s: None)


def test_a_push_delivered_before_its_answer_was_lost_is_not_sent_twice(line):
    # The first try reached LINE but its answer was lost: the retry with the same key gets 409.
    class LoseFirstAnswer:
        def __init__(self):
            import requests

            self.session, self.calls = requests.Session(), 0

        def post(self, *a, **kw):
            self.calls += 1
            response = self.session.post(*a, **kw)
            if self.calls == 1:
                import requests

                raise requests.ConnectionError("answer lost")
            return response

    assert delivery.line_push(COUNTRY, ["x"], TOKEN, who="g", endpoint=line.url, session=LoseFirstAnswer(), sleep=lambda s: None) == 1
    assert [a.status for a in line.attempts] == [200, 409] and len(line.pushes) == 1


def test_long_digests_respect_line_limits(line):
    text = "\n".join(f"บรรทัดที่ {i} " + "ก" * 90 for i in range(300))  # ~30,000 characters
    assert delivery.line_push(COUNTRY, [text], TOKEN, who="g", endpoint=line.url) == 2
    sizes = [len(p.messages) for p in line.pushes]
    assert sizes[0] == 5 and sum(sizes) == len(delivery.split_text(text))
    texts = line.texts(COUNTRY)
    assert all(len(t) <= 5000 for t in texts)
    assert "\n".join(texts) == text  # cut at line ends, nothing lost


# ---- e-mail with STARTTLS and a password ------------------------------------------------------


def _self_signed(tmp_path: Path) -> tuple[Path, Path]:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return cert_path, key_path


def test_email_over_starttls_with_login(tmp_path, monkeypatch):
    cert, key = _self_signed(tmp_path)
    server_tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_tls.load_cert_chain(cert, key)
    logins = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        logins.append((auth_data.login, session.ssl is not None))
        ok = auth_data.login == b"dashboard" and auth_data.password == b"s3cret"
        return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535

    box = Mailbox()
    controller = Controller(
        box, hostname="127.0.0.1", port=_free_port(), tls_context=server_tls, require_starttls=True,
        authenticator=authenticator, auth_require_tls=True,
    )
    controller.start()
    try:
        monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # the client trusts the test's certificate
        smtp = {"host": "127.0.0.1", "port": controller.port, "user": "dashboard", "password": "s3cret",
                "sender": "dashboard@example.go.th", "starttls": True}
        delivery.send_email(smtp, [HEAD], "สรุป หนองคาย", "ข้อความภาษาไทย ✅", who="email x")
        assert logins == [(b"dashboard", True)]  # the password went only inside TLS
        assert box.messages[0].get_content().strip() == "ข้อความภาษาไทย ✅"
        assert box.messages[0]["Subject"] == "สรุป หนองคาย"
        with pytest.raises(delivery.DeliveryError, match="refused \\[notify.smtp\\] user/password"):
            delivery.send_email({**smtp, "password": "wrong"}, [HEAD], "s", "b", who="email x")
    finally:
        controller.stop()


def test_plain_smtp_only_on_loopback():
    with pytest.raises(delivery.DeliveryError, match="only for a server on loopback"):
        delivery.send_email({"host": "smtp.example.go.th", "starttls": False, "sender": "a@b"}, [HEAD], "s", "b", who="email x")


def test_dry_run_prints_and_sends_nothing(env, line, smtp):
    out = _run("notify", "--source", "demo", "--as-of", AS_OF, "--dry-run", env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.count("📊 บ้านพี่เมืองน้อง") == 3
    assert f"===== LINE group {COUNTRY} =====" in out.stdout and f"===== email {HEAD} =====" in out.stdout
    assert not line.attempts and not smtp.messages
    assert not (Path(env["DASHBOARD_CACHE_DIR"]) / "notify_state.json").exists()


def test_bad_settings_fail_before_anything_is_sent(tmp_path, line):
    bad = tmp_path / "s.toml"
    bad.write_text('[notify]\n[[notify.line]]\ngroup_id = "C1"\nprovinces = ["Atlantis"]\n', encoding="utf-8")
    out = _run("notify", "--source", "demo", env={"DASHBOARD_SECRETS": str(bad), "DASHBOARD_LINE_ENDPOINT": line.url})
    assert out.returncode == 2 and "Atlantis" in out.stderr and len(out.stderr.strip().splitlines()) == 1
    bad.write_text("[sheets]\n", encoding="utf-8")
    out = _run("notify", "--source", "demo", env={"DASHBOARD_SECRETS": str(bad)})
    assert out.returncode == 2 and "No [notify]" in out.stderr
    assert not line.attempts
