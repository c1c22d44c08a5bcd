"""The loopback Sheets API, a real service account key, and secrets pointing at them.

Every test here speaks real HTTP on 127.0.0.1 with real gspread and google-auth; any other
connection fails the test.
"""

from __future__ import annotations

import csv
import os
import socket
from dataclasses import dataclass
from pathlib import Path

import pytest

from dashboard.config import SOURCE_IDS, load_config
from dashboard.sources import gsheets
from dashboard.sources.gsheets import RetryPolicy
from dashboard.testing import SheetsAPI, load_folder, make_service_account, write_secrets

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "data" / "demo"

# Fast faults: a request may take 0.3 s, and a pull may start retries for 1 s.
FAST = RetryPolicy(timeout=0.3, budget=1.0, backoff=0.02)
FAST_ENV = {"DASHBOARD_SHEETS_TIMEOUT": "0.3", "DASHBOARD_SHEETS_RETRY_BUDGET": "1"}


def write_sheets(folder: Path, rows: dict[str, list[dict]], cfg=None) -> Path:
    """Every source as a CSV export: rows given as {field: text}; sources without rows header-only."""
    cfg = cfg or load_config()
    folder.mkdir(parents=True, exist_ok=True)
    for sid in SOURCE_IDS:
        spec = cfg.sources[sid]
        with open(folder / spec.file, "w", encoding="utf-8-sig", newline="") as fh:
            w = csv.writer(fh)
            w.writerow(spec.columns.values())
            for r in rows.get(sid, []):
                w.writerow([r.get(f, "") for f in spec.columns])
    return folder


def _valid_id(first12: str) -> str:
    total = sum(int(d) * (13 - i) for i, d in enumerate(first12))
    return first12 + str((11 - total % 11) % 10)


# A small programme in Nong Khai: two pairs, leaders, reports, clips and ratings, written the
# ways people write them (BE and CE timestamps, Thai digits, phones with a leading zero …).
REGISTER = [
    {"pair_id": "P01", "tambon_type": "ตำบลบ้านพี่", "province": "หนองคาย", "district": "ท่าบ่อ", "tambon": "ท่าบ่อ"},
    {"pair_id": "P01", "tambon_type": "ตำบลเมืองน้อง", "province": "หนองคาย", "district": "เมือง", "tambon": "ในเมือง"},
    {"pair_id": "P02", "tambon_type": "ตำบลบ้านพี่", "province": "จ.หนองคาย", "district": "อ.ท่าบ่อ", "tambon": "น้ำโมง"},
    {"pair_id": "P02", "tambon_type": "ตำบลเมืองน้อง", "province": "หนองคาย", "district": "เมืองหนองคาย", "tambon": "มีชัย"},
]
_PLACES = [(r["district"], r["tambon"], r["tambon_type"]) for r in REGISTER]
LEADERS = [
    {
        "submitted_at": f"{d}/8/2564, 09:{10 + i:02d}:3{i % 10}" if i % 2 else f"{d}/8/2021 10:{i:02d}:05",
        "province": "หนองคาย",
        "district": _PLACES[i % 4][0],
        "tambon": _PLACES[i % 4][1],
        "tambon_type": _PLACES[i % 4][2],
        "title": "นาง" if i % 3 else "นาย",
        "first_name": f"สมชาย{i}",
        "last_name": f"ใจดี{i}",
        "national_id": _valid_id(f"3430{i:08d}"),
        "age": "๔๒" if i == 3 else str(30 + i),
        "gender": "หญิง" if i % 3 else "ชาย",
        "role": "อช.",
        "phone": f"08{i:08d}" if i % 4 else "",
    }
    for i, d in enumerate([1, 2, 3, 5, 7, 8, 9, 12, 2, 3], start=1)
]
LEADERS.append({**LEADERS[0], "submitted_at": "20/8/2564, 16:45:00", "age": "44"})  # a later correction
REPORT_21 = [
    {
        "submitted_at": f"{5 + i}/8/2564, 13:0{i}:00",
        "province": "หนองคาย",
        "district": p[0],
        "tambon": p[1],
        "tambon_type": p[2],
        "partner_tambon": "x",
        "villages": str(10 + i),
        "households": "1,250" if i == 0 else f"{800 + i}",
        "leaders": "15 คน",
        "medicine_cabinets": "120",
        "food_cabinets": "๙๐",
        "action_plan": "ใช่" if i % 2 else "ยังไม่ได้จัดทำ",
        "reporter": "ผู้รายงาน",
        "reporter_phone": "0891234567",
    }
    for i, p in enumerate(_PLACES[:3])
]
REPORT_22 = [
    {
        "submitted_at": f"{10 + i}/9/2021 08:30:00",
        "province": "หนองคาย",
        "district": p[0],
        "tambon": p[1],
        "tambon_type": p[2],
        "leaders_developed": "15",
        "leaders_driving": str(11 + i),
        "medicine_cabinets": "100",
        "food_cabinets": "95",
        "sharing_households": "40",
        "lockdown_worksheet": "ทำแล้ว",
        "swot": "ทำแล้ว",
        "seeds_received": "ได้รับ",
        "self_reliance_activity": "มี" if i else "ไม่มี",
        "reporter": "ผู้รายงาน",
        "reporter_phone": "0812223333",
    }
    for i, p in enumerate(_PLACES[:2])
]
CLIPS = [
    {"submitted_at": "14/8/2564, 20:00:00", "province": "หนองคาย", "phase": "เข้าใจ", "title": "คลิป 1",
     "youtube_url": "https://youtu.be/dQw4w9WgXcQ", "duration": "2:45", "shared_on_line": "ใช่"},
    {"submitted_at": "29/8/2564, 20:00:00", "province": "หนองคาย", "phase": "เข้าถึง", "title": "คลิป 2",
     "youtube_url": "https://www.youtube.com/watch?v=abcdefghijk", "duration": "4 นาที", "shared_on_line": "ใช่"},
    {"submitted_at": "16/9/2564, 07:00:00", "province": "หนองคาย", "phase": "พัฒนา", "title": "คลิป 3",
     "youtube_url": "https://example.com/clip", "duration": "150 วินาที"},
]
RATINGS = [
    {"submitted_at": "28/9/2564, 11:00:00", "province": "หนองคาย", "district": "ท่าบ่อ", "officer": "นาย ก",
     "score": "87.5", "grade": "A (ดีเยี่ยม)"},
    {"submitted_at": "30/9/2021 23:59:59", "province": "หนองคาย", "district": "เมือง", "officer": "นาง ข",
     "score": "72", "grade": "ดีมาก"},
]
SMALL = {"register": REGISTER, "1.1": LEADERS, "2.1": REPORT_21, "2.2": REPORT_22, "3": CLIPS, "4": RATINGS}


@pytest.fixture
def fast():
    return FAST


@pytest.fixture
def pull(cfg):
    """pull(live, **kw): one read of the live sheets with the fast retry policy."""

    def run(live: "Live", **kw):
        kw.setdefault("secrets", live.secrets)
        kw.setdefault("endpoint", live.api.url)
        kw.setdefault("cache_dir", live.cache_dir)
        kw.setdefault("policy", FAST)
        return gsheets.read_gsheets(cfg, **kw)

    return run


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch):
    """Fail any connection that is not to 127.0.0.1: nothing here may reach Google."""
    real_connect = socket.socket.connect

    def connect(sock, address):
        if sock.family in (socket.AF_INET, socket.AF_INET6) and address[0] not in ("127.0.0.1", "::1", "localhost"):
            raise AssertionError(f"test tried to connect to {address}")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", connect)


@pytest.fixture(autouse=True)
def clean_environment(monkeypatch, tmp_path):
    for name in list(os.environ):
        if name.startswith("DASHBOARD_") and name != "DASHBOARD_GEO_DIR":
            monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DASHBOARD_CACHE_DIR", str(tmp_path / "cache"))
    gsheets.reset_credentials()
    yield
    gsheets.reset_credentials()


@pytest.fixture(scope="session")
def account():
    return make_service_account()


@pytest.fixture
def api(account):
    with SheetsAPI() as server:
        server.add_account(account)
        yield server


@pytest.fixture(scope="session")
def small_folder(tmp_path_factory):
    return write_sheets(tmp_path_factory.mktemp("small"), SMALL)


@dataclass
class Live:
    """A folder served by the loopback API, and the secrets and environment that read it."""

    api: SheetsAPI
    folder: Path
    secrets_path: Path
    secrets: dict
    urls: dict[str, str]
    cache_dir: Path
    email: str

    def key(self, stem: str) -> str:
        from dashboard.sources.gsheets import spreadsheet_key

        return spreadsheet_key(self.urls[stem])

    def env(self, **extra: str) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if not k.startswith("DASHBOARD_") or k == "DASHBOARD_GEO_DIR"}
        env.update(
            DASHBOARD_SECRETS=str(self.secrets_path),
            DASHBOARD_SHEETS_ENDPOINT=self.api.url,
            DASHBOARD_CACHE_DIR=str(self.cache_dir),
            **FAST_ENV,
        )
        env.update(extra)
        return env


@pytest.fixture
def serve(api, account, tmp_path, cfg):
    """serve(folder) → Live: each CSV in its own spreadsheet, shared with the service account."""

    def make(folder: Path, *, share: bool = True) -> Live:
        stems = [cfg.sources[sid].stem for sid in cfg.sources]
        urls = load_folder(api, folder, stems, share_with=[account.email] if share else [])
        info = account.info(api.token_uri)
        path = write_secrets(tmp_path / "secrets" / "secrets.toml", info, urls)
        secrets = {"gcp_service_account": info, "sheets": urls}
        return Live(api, Path(folder), path, secrets, urls, tmp_path / "cache", account.email)

    return make


@pytest.fixture
def live(serve, small_folder):
    return serve(small_folder)
