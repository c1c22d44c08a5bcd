"""The daily digest: per recipient in the secrets' `[notify]`, one Thai message of its scope.

Its words are the catalogue's (`dashboard.messages.notify`); what goes out is Thai (docs/notify.md:
subject and body in Thai), and every function that writes words takes `lang` for an English preview.

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

from dashboard.config import EVERY_PROVINCE_WORDS, Config, bangkok_now, cache_dir
from dashboard.errors import ConfigError, DashboardError
from dashboard.forecast import full_report
from dashboard.i18n import DEFAULT_LANG, t, thai_date, thai_datetime
from dashboard.normalize.places import province_code
from dashboard.pipeline import Dataset, View, make_view
from dashboard.summary import figure_lines
from dashboard.summary import where_name as _where_words

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

    def name(self, lang: str | None = "en") -> str:
        """The recipient in words (`LINE group C…`, `email a@…`)."""
        return t(f"notify.recipient.{self.kind}", lang, to=", ".join(self.to))

    @property
    def label(self) -> str:
        """How messages on the console name it."""
        return self.name("en")


def _provinces(entry: dict, cfg: Config, where: str) -> tuple[str, ...] | None:
    raw = entry.get("provinces", ["all"])
    if isinstance(raw, str):
        raw = [raw]
    if not isinstance(raw, list) or not raw:
        raise ConfigError.from_key("notify.provinces_not_list", where=where)
    if any(str(p).strip().lower() in EVERY_PROVINCE_WORDS for p in raw):
        return None
    codes = []
    for p in raw:
        code = province_code(cfg, str(p))
        if code is None:
            raise ConfigError.from_key("notify.unknown_province", where=where, province=p)
        codes.append(code)
    return tuple(sorted(set(codes)))


def recipients(secrets: dict, cfg: Config) -> list[Recipient]:
    """Every `[[notify.line]]` and `[[notify.email]]` entry, checked."""
    notify = secrets.get("notify")
    if not isinstance(notify, dict):
        raise ConfigError.from_key("notify.no_notify")
    out: list[Recipient] = []
    for i, entry in enumerate(notify.get("line", []) or []):
        where = f"[[notify.line]] #{i + 1}"
        group = str(entry.get("group_id", "")).strip()
        if not group:
            raise ConfigError.from_key("notify.no_group_id", where=where)
        out.append(Recipient("line", (group,), _provinces(entry, cfg, where)))
    for i, entry in enumerate(notify.get("email", []) or []):
        where = f"[[notify.email]] #{i + 1}"
        to = entry.get("to", [])
        to = [to] if isinstance(to, str) else list(to)
        to = [str(a).strip() for a in to if str(a).strip()]
        if not to or not all("@" in a for a in to):
            raise ConfigError.from_key("notify.bad_addresses", where=where)
        out.append(Recipient("email", tuple(to), _provinces(entry, cfg, where)))
    if not out:
        raise ConfigError.from_key("notify.no_recipients")
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
        print(f"warning: {t('notify.state_unreadable', 'en', path=path)}", file=sys.stderr)
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
        "received": {r: c["received"] for r, c in figures["reports"].items()},
    }


def changes(previous: dict | None, figures: dict, lang: str | None = DEFAULT_LANG) -> list[str]:
    """Lines: what grew since the last digest (empty when nothing did)."""
    if not previous:
        return []
    now = snapshot(figures)
    lines = []
    for r, received in now["received"].items():
        d = received - int(previous.get("received", {}).get(r, 0))
        if d:
            lines.append(t("notify.changes.report_up" if d > 0 else "notify.changes.report_down", lang, report=r, d=d))
    for key in ("leaders", "engaged"):
        d = now[key] - int(previous.get(key, 0))
        if d:
            lines.append(t(f"notify.changes.{key}", lang, d=d))
    return lines


@dataclass(frozen=True)
class Alert:
    id: str  # stable per rule and report: the key of "already sent today"
    text: str


def alerts(view: View, figures: dict, day: date, lang: str | None = DEFAULT_LANG) -> list[Alert]:
    """The alerts of programme.toml's `[alerts]` that fire for this view on `day`."""
    rules = view.cfg.alerts
    out: list[Alert] = []
    for r in view.cfg.report_ids:
        c = figures["reports"][r]
        f = figures["forecast"][r]
        deadline = date.fromisoformat(f["deadline"])
        due = thai_date(deadline, lang)
        if not c["expected"] or not c["missing"]:
            continue
        share = c["received"] / c["expected"]
        days_left = (deadline - day).days
        below = rules.get("below_share")
        if below is not None and 0 <= days_left <= int(rules.get("days_before", 7)) and share < float(below):
            text = t("notify.alert.below_share", lang, report=r, share=share * 100, below=float(below) * 100,
                     days=days_left, deadline=due, missing=c["missing"])
            out.append(Alert(f"below_share:{r}", text))
        if rules.get("overdue", False) and day > deadline:
            out.append(Alert(f"overdue:{r}", t("notify.alert.overdue", lang, report=r, deadline=due, missing=c["missing"])))
        elif rules.get("forecast_late", False) and f["late_risk"]:
            if f["projected_complete"]:
                when = thai_date(date.fromisoformat(f["projected_complete"]), lang)
                text = t("notify.alert.forecast_late", lang, report=r, when=when, deadline=due)
            else:
                text = t("notify.alert.no_recent", lang, report=r, days=f["window_days"], deadline=due)
            out.append(Alert(f"forecast_late:{r}", text))
    return out


def where_name(view: View, recipient: Recipient, lang: str | None = DEFAULT_LANG) -> str:
    return _where_words(view.cfg, recipient.provinces, lang)


def dashboard_link(base: str, recipient: Recipient, as_of: date | None) -> str:
    """The dashboard with this scope's filters (one province in the URL; several: the sign-in scopes)."""
    params = {}
    if recipient.provinces is not None and len(recipient.provinces) == 1:
        params["province"] = recipient.provinces[0]
    if as_of:
        params["as_of"] = as_of.isoformat()
    base = (base or "http://localhost:8501").rstrip("/") + "/"
    return base + ("?" + urlencode(params) if params else "")


def _forecast_line(r: str, f: dict, lang: str | None = DEFAULT_LANG) -> str:
    def d(day: str) -> str:
        return thai_date(date.fromisoformat(day), lang)

    if f["status"] in ("complete", "stalled"):
        return t(f"notify.forecast.{f['status']}", lang, report=r, days=f.get("window_days"))
    if f["status"] == "not_started":
        return t("notify.forecast.not_started", lang, report=r, deadline=d(f["deadline"]))
    low, high = f["range"]["earliest"], f["range"]["latest"]
    mark = t("notify.forecast.late" if f["late_risk"] else "notify.forecast.on_time", lang)
    key = "notify.forecast.projected" if high else "notify.forecast.projected_open"
    return t(key, lang, report=r, pace=f["pace_per_day"], when=d(f["projected_complete"]), low=d(low),
             high=d(high) if high else "", mark=mark)


def subject(view: View, recipient: Recipient, day: date, lang: str | None = DEFAULT_LANG) -> str:
    """The e-mail's subject line."""
    return t("notify.subject", lang, where=where_name(view, recipient, lang), day=thai_date(day, lang))


def compose(
    view: View,
    recipient: Recipient,
    figures: dict,
    changed: list[str] | None,
    fired: list[Alert],
    repeated: int,
    link: str,
    day: date,
    lang: str | None = DEFAULT_LANG,
) -> str:
    """The digest as it reads in LINE (and in the e-mail's body). `changed` None: the first one."""
    raw = view.dataset.raw
    stale = []
    if raw.stale:
        # The sheets could not be read: the digest says its figures are the last good pull's.
        when = thai_datetime(raw.pulled_at, lang, tz=view.cfg.timezone) if raw.pulled_at else ""
        pulled = t("notify.stale_pulled", lang, when=when) if when else ""
        stale = [t("notify.stale", lang, pulled=pulled)]
    lines = [
        t("notify.title", lang, where=where_name(view, recipient, lang), day=thai_date(day, lang)),
        *stale,
        *figure_lines(view, figures, lang=lang),
    ]
    reports = view.cfg.report_ids
    lines.append("")
    lines.append(t("notify.forecast_heading", lang, days=figures["forecast"][reports[0]]["window_days"]))
    lines.extend(_forecast_line(r, figures["forecast"][r], lang) for r in reports)
    lines.append("")
    if changed is None:
        lines.append(t("notify.changes.first", lang))
    elif changed:
        lines.append(t("notify.changes.heading", lang))
        lines.extend(changed)
    else:
        lines.append(t("notify.changes.none", lang))
    if fired:
        lines.append("")
        lines.append(t("notify.alerts_heading", lang))
        lines.extend(a.text for a in fired)
    if repeated:
        hours = int(ALERT_QUIET.total_seconds() // 3600)
        lines.append(t("notify.alerts_repeated", lang, n=repeated, hours=hours))
    lines.append("")
    lines.append(t("notify.link", lang, link=link))
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
    lang: str | None = DEFAULT_LANG,
) -> list[Outcome]:
    """Compose and send (or, dry, print) every recipient's digest; one failure stops no other.

    `lang` "en" writes the digests in English (a preview with `dry_run`); what is sent is Thai."""
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
        for a in alerts(view, figures, day, lang):
            if _recent(sent_alerts.get(a.id), now):
                repeated += 1
            else:
                fresh.append(a)
        changed = changes(mine.get("snapshot"), figures, lang) if mine.get("snapshot") else None
        link = dashboard_link(settings.get("dashboard_url", ""), who, as_of)
        text = compose(view, who, figures, changed, fresh, repeated, link, day, lang)
        title = subject(view, who, day, lang)
        if dry_run:
            print(f"===== {who.label} =====", file=out)
            if who.kind == "email":
                print(f"Subject: {title}", file=out)
            print(text, file=out)
            print(file=out)
            outcomes.append(Outcome(who, sent=False))
            continue
        try:
            send(who, title, text)
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
                raise delivery.DeliveryError.from_key("notify.no_smtp", who=who.label)
            delivery.send_email(smtp, list(who.to), subject, text, who=who.label)

    return send
