"""The daily digest: per recipient in the secrets' `[notify]`, one Thai message of its scope.

A digest holds the figures `report` gives for that scope (`forecast.full_report`), what changed
since the recipient's last digest, the alerts that fire (the rules in programme.toml's
`[alerts]`), and a link to the dashboard with the scope's filters. It never holds personal data:
only counts, province names and dates. State (what each recipient was last sent, and when each
alert went out) is kept in `notify_state.json` in the cache folder.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TextIO
from urllib.parse import urlencode

from dashboard.config import REPORT_IDS, Config, bangkok_now, cache_dir
from dashboard.errors import ConfigError, DashboardError
from dashboard.forecast import full_report
from dashboard.normalize.places import gazetteer, province_code
from dashboard.pipeline import Dataset, View, make_view
from dashboard.summary import REPORT_NAMES, figure_lines, thai_day

STATE_FILE = "notify_state.json"
ALERT_QUIET = timedelta(days=1)  # the same alert is not sent to the same recipient again within this


# ---- recipients ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Recipient:
    kind: str  # "line" or "email"
    to: tuple[str, ...]  # the group id, or the addresses
    provinces: tuple[str, ...] | None  # province codes; None: the whole country

    @property
    def key(self) -> str:
        """The recipient's key in the state file."""
        return f"{self.kind}:{','.join(self.to)}"

    @property
    def label(self) -> str:
        """How messages on the console name it."""
        kind = "LINE group" if self.kind == "line" else "email"
        return f"{kind} {', '.join(self.to)}"


def _provinces(entry: dict, cfg: Config, where: str) -> tuple[str, ...] | None:
    raw = entry.get("provinces", ["all"])
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not raw:
        raise ConfigError(f'{where}: provinces must be a list, e.g. ["all"] or ["43"]', f"{where}: provinces ต้องเป็นรายการ")
    if any(str(p).strip().lower() in ("all", "ทั้งหมด", "ทุกจังหวัด") for p in raw):
        return None
    codes = []
    for p in raw:
        code = province_code(cfg, str(p))
        if code is None:
            raise ConfigError(
                f"{where}: unknown province '{p}'. Give a 2-digit code (43) or a name (หนองคาย).",
                f"{where}: ไม่รู้จักจังหวัด '{p}' ให้ระบุรหัส 2 หลักหรือชื่อจังหวัด",
            )
        codes.append(code)
    return tuple(sorted(set(codes)))


def recipients(secrets: dict, cfg: Config) -> list[Recipient]:
    """Every `[[notify.line]]` and `[[notify.email]]` entry, checked."""
    notify = secrets.get("notify")
    if not isinstance(notify, dict):
        raise ConfigError(
            "No [notify] in the secrets: add it with [[notify.line]] or [[notify.email]] entries (docs/notify.md).",
            "ไม่มี [notify] ในไฟล์ secrets ให้เพิ่มตามคู่มือ docs/notify.md",
        )
    out: list[Recipient] = []
    for i, entry in enumerate(notify.get("line", []) or []):
        where = f"[[notify.line]] #{i + 1}"
        group = str(entry.get("group_id", "")).strip()
        if not group:
            raise ConfigError(f"{where}: no group_id", f"{where}: ไม่มี group_id")
        out.append(Recipient("line", (group,), _provinces(entry, cfg, where)))
    for i, entry in enumerate(notify.get("email", []) or []):
        where = f"[[notify.email]] #{i + 1}"
        to = entry.get("to", [])
        to = [to] if isinstance(to, str) else list(to)
        to = [str(a).strip() for a in to if str(a).strip()]
        if not to or not all("@" in a for a in to):
            raise ConfigError(f'{where}: to must list e-mail addresses, e.g. ["head43@example.go.th"]', f"{where}: to ต้องเป็นรายการอีเมล")
        out.append(Recipient("email", tuple(to), _provinces(entry, cfg, where)))
    if not out:
        raise ConfigError(
            "[notify] has no [[notify.line]] or [[notify.email]] entry: nobody to send to.",
            "[notify] ยังไม่มีผู้รับ ([[notify.line]] หรือ [[notify.email]])",
        )
    return out


# ---- state ---------------------------------------------------------------------------------


def state_path() -> Path:
    return cache_dir() / STATE_FILE


def load_state(path: Path | None = None) -> dict:
    path = path or state_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        # A damaged state file loses only "what changed" and the alert memory, never a digest.
        print(f"warning: {path} is unreadable; starting a new notify state", file=sys.stderr)
        return {}
    return data if isinstance(data, dict) else {}


def save_state(state: dict, path: Path | None = None) -> None:
    """Write the state atomically (a crash never leaves half a file)."""
    path = path or state_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".notify_state.", suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump(state, fh, ensure_ascii=False, indent=1)
    os.replace(tmp, path)


def last_digest(path: Path | None = None) -> datetime | None:
    """When a digest last went out to anyone (for the sidebar), or None."""
    at = load_state(path).get("last_digest", {}).get("at")
    try:
        return datetime.fromisoformat(at) if at else None
    except ValueError:
        return None


# ---- what a digest says --------------------------------------------------------------------


def scope_view(ds: Dataset, recipient: Recipient, as_of: date | None) -> View:
    """The view `report` would give for this recipient (one province: as `--province`)."""
    if recipient.provinces is None:
        return make_view(ds, as_of=as_of)
    if len(recipient.provinces) == 1:
        return make_view(ds, as_of=as_of, province=recipient.provinces[0])
    return make_view(ds, as_of=as_of, scope=recipient.provinces)


def snapshot(figures: dict) -> dict:
    """The few figures remembered to tell what changed by the next digest."""
    return {
        "leaders": figures["leaders"]["registered"],
        "engaged": figures["tambons"]["engaged"],
        "received": {r: figures["reports"][r]["received"] for r in REPORT_IDS},
    }


def changes(previous: dict | None, figures: dict) -> list[str]:
    """Thai lines: what grew since the last digest (empty when nothing did)."""
    if not previous:
        return []
    now = snapshot(figures)
    lines = []
    for r in REPORT_IDS:
        d = now["received"][r] - int(previous.get("received", {}).get(r, 0))
        if d:
            lines.append(f"• {REPORT_NAMES[r].split()[0]} ส่ง{'เพิ่ม' if d > 0 else 'ลดลง'} {d:+,} หน่วย")
    for key, name, unit in (("leaders", "ผู้นำที่ลงทะเบียน", "คน"), ("engaged", "ตำบลที่มีรายงาน", "ตำบล")):
        d = now[key] - int(previous.get(key, 0))
        if d:
            lines.append(f"• {name} {d:+,} {unit}")
    return lines


@dataclass(frozen=True)
class Alert:
    id: str  # stable per rule and report: the key of "already sent today"
    text: str


def alerts(view: View, figures: dict, day: date) -> list[Alert]:
    """The alerts of programme.toml's `[alerts]` that fire for this view on `day`."""
    rules = view.cfg.alerts
    out: list[Alert] = []
    for r in REPORT_IDS:
        c = figures["reports"][r]
        f = figures["forecast"][r]
        deadline = date.fromisoformat(f["deadline"])
        name = REPORT_NAMES[r].split()[0]
        if not c["expected"] or not c["missing"]:
            continue
        share = c["received"] / c["expected"]
        days_left = (deadline - day).days
        below = rules.get("below_share")
        if below is not None and 0 <= days_left <= int(rules.get("days_before", 7)) and share < float(below):
            out.append(
                Alert(
                    f"below_share:{r}",
                    f"⚠️ แบบ {name} ส่งแล้ว {share * 100:.1f}% ต่ำกว่า {float(below) * 100:g}% "
                    f"อีก {days_left} วันถึงกำหนด {thai_day(deadline)} (ยังไม่ส่ง {c['missing']:,} หน่วย)",
                )
            )
        if rules.get("overdue", False) and day > deadline:
            out.append(Alert(f"overdue:{r}", f"⏰ แบบ {name} เลยกำหนด {thai_day(deadline)} แล้ว ยังไม่ส่ง {c['missing']:,} หน่วย"))
        elif rules.get("forecast_late", False) and f["late_risk"]:
            if f["projected_complete"]:
                when = thai_day(date.fromisoformat(f["projected_complete"]))
                text = f"📉 แบบ {name} ตามอัตราปัจจุบันคาดว่าจะครบ {when} หลังกำหนด {thai_day(deadline)}"
            else:
                text = f"📉 แบบ {name} ไม่มีรายงานใหม่ใน {f['window_days']} วันล่าสุด อาจไม่ครบภายในกำหนด {thai_day(deadline)}"
            out.append(Alert(f"forecast_late:{r}", text))
    return out


def where_name(view: View, recipient: Recipient) -> str:
    gaz = gazetteer(view.cfg)
    if recipient.provinces is None:
        return "ทั้งประเทศ"
    return "จังหวัด" + ", ".join(gaz.province_names[p] for p in recipient.provinces)


def dashboard_link(base: str, recipient: Recipient, as_of: date | None) -> str:
    """The dashboard with this scope's filters (one province in the URL; several: the sign-in scopes)."""
    params = {}
    if recipient.provinces is not None and len(recipient.provinces) == 1:
        params["province"] = recipient.provinces[0]
    if as_of:
        params["as_of"] = as_of.isoformat()
    base = (base or "http://localhost:8501").rstrip("/") + "/"
    return base + ("?" + urlencode(params) if params else "")


def _forecast_line(r: str, f: dict) -> str:
    name = REPORT_NAMES[r].split()[0]
    if f["status"] == "complete":
        return f"• {name}: ✅ ครบแล้ว"
    if f["status"] == "not_started":
        return f"• {name}: ยังไม่มีหน่วยส่ง (กำหนด {thai_day(date.fromisoformat(f['deadline']))})"
    if f["status"] == "stalled":
        return f"• {name}: ไม่มีหน่วยส่งใหม่ใน {f['window_days']} วัน ประเมินวันครบไม่ได้ ⚠️"
    d = lambda k: thai_day(date.fromisoformat(k))  # noqa: E731
    low, high = f["range"]["earliest"], f["range"]["latest"]
    span = f"{d(low)} – {d(high)}" if high else f"{d(low)} ขึ้นไป"
    mark = "⚠️ หลังกำหนด" if f["late_risk"] else "✅ ทันกำหนด"
    return f"• {name}: วันละ {f['pace_per_day']:.1f} หน่วย → ครบราว {d(f['projected_complete'])} (ช่วง {span}) {mark}"


def compose(
    view: View,
    recipient: Recipient,
    figures: dict,
    changed: list[str] | None,
    fired: list[Alert],
    repeated: int,
    link: str,
    day: date,
) -> str:
    """The digest as it reads in LINE (and in the e-mail's body). `changed` None: the first one."""
    raw = view.dataset.raw
    stale = []
    if raw.stale:
        # The sheets could not be read: the digest says its figures are the last good pull's.
        pulled = raw.pulled_at.astimezone(view.cfg.timezone) if raw.pulled_at else None
        when = f" ดึงเมื่อ {thai_day(pulled.date())} {pulled:%H:%M} น." if pulled else ""
        stale = [f"⚠️ อ่าน Google Sheets ไม่ได้ ตัวเลขนี้มาจากข้อมูลล่าสุดที่ดึงได้{when}"]
    lines = [
        f"📊 บ้านพี่เมืองน้อง — {where_name(view, recipient)} ข้อมูล ณ {thai_day(day)}",
        *stale,
        *figure_lines(view, figures),
    ]
    window = figures["forecast"][REPORT_IDS[0]]["window_days"]
    lines.append("")
    lines.append(f"คาดการณ์วันส่งครบ (จากอัตราส่ง {window} วันล่าสุด):")
    lines.extend(_forecast_line(r, figures["forecast"][r]) for r in REPORT_IDS)
    lines.append("")
    if changed is None:
        lines.append("เปลี่ยนแปลงจากสรุปครั้งก่อน: นี่คือสรุปครั้งแรก")
    elif changed:
        lines.append("เปลี่ยนแปลงจากสรุปครั้งก่อน:")
        lines.extend(changed)
    else:
        lines.append("เปลี่ยนแปลงจากสรุปครั้งก่อน: ไม่มี")
    if fired:
        lines.append("")
        lines.append("🚨 แจ้งเตือน:")
        lines.extend(a.text for a in fired)
    if repeated:
        lines.append(f"(แจ้งเตือนเดิม {repeated} รายการส่งแล้วภายใน 24 ชั่วโมง)")
    lines.append("")
    lines.append(f"🔗 ดูรายละเอียด: {link}")
    return "\n".join(lines)


# ---- one run -------------------------------------------------------------------------------


@dataclass
class Outcome:
    recipient: Recipient
    sent: bool
    error: DashboardError | None = None


Sender = Callable[[Recipient, str, str], None]


def run(
    ds: Dataset,
    secrets: dict,
    *,
    as_of: date | None = None,
    dry_run: bool = False,
    out: TextIO = sys.stdout,
    now: datetime | None = None,
    path: Path | None = None,
    send: Sender | None = None,
) -> list[Outcome]:
    """Compose and send (or, dry, print) every recipient's digest; one failure stops no other."""
    cfg = ds.cfg
    people = recipients(secrets, cfg)
    settings = secrets.get("notify", {})
    now = now or bangkok_now(cfg)
    day = as_of or now.date()
    state = load_state(path)
    book = state.setdefault("recipients", {})
    send = send or _sender(settings)
    outcomes = []
    for who in people:
        view = scope_view(ds, who, as_of)
        figures = full_report(view)
        mine = book.get(who.key, {})
        sent_alerts = mine.get("alerts", {})
        fresh, repeated = [], 0
        for a in alerts(view, figures, day):
            if _recent(sent_alerts.get(a.id), now):
                repeated += 1
            else:
                fresh.append(a)
        changed = changes(mine.get("snapshot"), figures) if mine.get("snapshot") else None
        text = compose(view, who, figures, changed, fresh, repeated, dashboard_link(settings.get("dashboard_url", ""), who, as_of), day)
        subject = f"สรุปความก้าวหน้าโครงการบ้านพี่เมืองน้อง {where_name(view, who)} ข้อมูล ณ {thai_day(day)}"
        if dry_run:
            print(f"===== {who.label} =====", file=out)
            if who.kind == "email":
                print(f"Subject: {subject}", file=out)
            print(text, file=out)
            print(file=out)
            outcomes.append(Outcome(who, sent=False))
            continue
        try:
            send(who, subject, text)
        except DashboardError as exc:
            outcomes.append(Outcome(who, sent=False, error=exc))
            continue
        stamp = now.isoformat()
        # Alerts older than a day are forgotten, so the file does not grow for ever.
        kept = {k: v for k, v in sent_alerts.items() if _recent(v, now)}
        kept.update({a.id: stamp for a in fresh})
        book[who.key] = {"sent_at": stamp, "as_of": day.isoformat(), "snapshot": snapshot(figures), "alerts": kept}
        outcomes.append(Outcome(who, sent=True))
    delivered = sum(o.sent for o in outcomes)
    if delivered:
        state["last_digest"] = {"at": now.isoformat(), "as_of": day.isoformat(), "recipients": delivered}
        save_state(state, path)
    return outcomes


def _recent(at: object, now: datetime) -> bool:
    """True when `at` (an ISO time from the state file) is less than a day before `now`."""
    try:
        return now - datetime.fromisoformat(str(at)) < ALERT_QUIET if at else False
    except (TypeError, ValueError):
        return False


def _sender(settings: dict) -> Sender:
    from dashboard import delivery

    def send(who: Recipient, subject: str, text: str) -> None:
        if who.kind == "line":
            delivery.line_push(who.to[0], [text], str(settings.get("line_channel_token", "")), who=who.label)
        else:
            smtp = settings.get("smtp")
            if not isinstance(smtp, dict):
                raise delivery.DeliveryError(f"{who.label}: no [notify.smtp] in the secrets", f"{who.label}: ไม่มี [notify.smtp]")
            delivery.send_email(smtp, list(who.to), subject, text, who=who.label)

    return send
