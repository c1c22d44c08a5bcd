"""Programme configuration: targets, deadlines, sources and header maps, from one TOML file.

This module is the only reader of the configuration file and of the environment: every
`DASHBOARD_*` setting is registered in `SETTINGS` (name, default, meaning) and read with `setting`;
the README's settings table lists exactly these (a test checks it).
"""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta, timezone
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo

from dashboard.errors import BadArgument, ConfigError
from dashboard.text import THAI_DIGITS, clean_text

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CONFIG = PROJECT_ROOT / "data" / "programme.toml"
DEMO_DIR = PROJECT_ROOT / "data" / "demo"


def _contract() -> dict:
    """data/programme.toml as written: where the contract's sources, clip phases and grades are
    stated, once. The constants below are read from it, never written out again in code."""
    with open(DEFAULT_CONFIG, "rb") as fh:
        return tomllib.load(fh)


_CONTRACT = _contract()
REGISTER = "register"
# The contract's sources (spec/FORMS.md), in data/programme.toml's order: every programme TOML
# has them. A TOML may add report forms; code that walks the sources asks the configuration
# (`Config.source_ids`, `report_ids`).
SOURCE_IDS: tuple[str, ...] = tuple(_CONTRACT["sources"])
REPORT_IDS: tuple[str, ...] = tuple(sid for sid in SOURCE_IDS if sid != REGISTER)
# What one expected answer of a source is (its `unit` in the TOML).
UNITS = ("tambon", "province_phase", "district")
# The clip phases and the district grades: the canonical values of their choice lists, in order.
PHASES: tuple[str, ...] = tuple(_CONTRACT["choices"]["phase"])
GRADES: tuple[str, ...] = tuple(_CONTRACT["choices"]["grade"])
# What people write in a provinces cell or list (users sheet, notify recipients) for "every province".
EVERY_PROVINCE_WORDS = ("all", "ทั้งหมด", "ทุกจังหวัด")
# The contract's quarantine reasons, in the order that decides a row with several problems.
REASONS = (
    "unknown_place",
    "ambiguous_place",
    "not_in_register",
    "inconsistent",
    "bad_link",
    "bad_value",
    "missing_value",
)

_SPACE = re.compile(r"\s+")


# --- settings from the environment ---


@dataclass(frozen=True)
class Setting:
    name: str
    default: str  # as the README says it: a value, or what happens when it is not set
    meaning: str


SETTINGS: dict[str, Setting] = {
    s.name: s
    for s in (
        Setting("DASHBOARD_CONFIG", "data/programme.toml", "another programme TOML"),
        Setting("DASHBOARD_MAPPING", "none", "a header mapping overlay (from `check --write-mapping`) read on top "
                "of the programme TOML; also `--mapping FILE`"),
        Setting("DASHBOARD_SECRETS", ".streamlit/secrets.toml", "another secrets file for the app and the CLI"),
        Setting("DASHBOARD_SHEETS_ENDPOINT", "Google", "a Sheets API emulator instead of Google (tests)"),
        Setting("DASHBOARD_SHEETS_TIMEOUT", "10", "seconds one Sheets API request may take"),
        Setting("DASHBOARD_SHEETS_RETRY_BUDGET", "5", "seconds of waiting between retries, in all, per pull"),
        Setting("DASHBOARD_CACHE_TTL", "300", "seconds the pulled data is served"),
        Setting("DASHBOARD_CACHE_DIR", "the user's cache folder",
                "where the last good pull, the download log and the boundary files are kept"),
        Setting("DASHBOARD_AUDIT_LOG", "`downloads.jsonl` in the cache folder", "the download log (one JSON line per download)"),
        Setting("DASHBOARD_GEO_DIR", "none",
                "a folder with `th_adm1.geojson` / `th_adm2.geojson` instead of the pinned download"),
        Setting("DASHBOARD_GEO_BASE_URL", "the pinned mapthai commit",
                "where the boundary files are downloaded from (tests point it at a closed port)"),
        Setting("DASHBOARD_LINE_ENDPOINT", "LINE", "a LINE Messaging API emulator instead of LINE (tests; docs/notify.md)"),
        Setting("DASHBOARD_CHROMIUM", "/usr/bin/chromium", "the Chromium the browser tests drive"),
        Setting("DASHBOARD_REDIS_URL", "none", "a Redis shared by several replicas (`redis://host:6379/0`): one pull per refresh, last good data and the download log shared (docs/deploy.md)"),
        Setting("DASHBOARD_REDIS_PREFIX", "`banphi:`", "the prefix of the shared store's keys (several dashboards on one Redis)"),
        Setting("DASHBOARD_COOKIE_SECRET", "a random one per `make serve`", "the one `server.cookieSecret` every replica of `make serve` shares"),
        Setting("DASHBOARD_REDIS_SERVER", "/usr/bin/redis-server", "the redis-server `make serve` and the replica tests start"),
        Setting("DASHBOARD_NGINX", "/usr/sbin/nginx", "the nginx `make serve` and the replica tests start"),
        Setting("DASHBOARD_URL", "http://localhost:8501", "the dashboard's address, for the link and QR code of a PDF brief"),
    )
}


def setting(name: str) -> str:
    """A registered setting's value in the environment, stripped; '' when it is not set."""
    if name not in SETTINGS:
        raise KeyError(f"{name} is not a registered setting (config.SETTINGS)")
    return os.environ.get(name, "").strip()


def fold_header(text: str) -> str:
    """Header as compared: read as a person sees it (text.clean_text), a trailing colon dropped."""
    folded = clean_text(_SPACE.sub(" ", str(text)))
    return folded.rstrip(":：").rstrip()


def fold_choice(text: str) -> str:
    """A choice as compared: read as a person sees it (text.clean_text), lower case."""
    return clean_text(_SPACE.sub(" ", str(text))).strip().lower()


@dataclass(frozen=True)
class SourceSpec:
    id: str
    title_th: str
    title_en: str
    file: str
    columns: dict[str, str]  # field -> header
    required: tuple[str, ...]
    numbers: tuple[str, ...] = ()
    choices: dict[str, str] = field(default_factory=dict)  # field -> choice list name
    personal: tuple[str, ...] = ()
    places: tuple[str, ...] = ()  # the place fields a row is resolved from, widest first
    unit: str = "tambon"  # one expected answer: "tambon", "province_phase" or "district"
    key: str = "tambon_code"  # the field whose repeated value makes a row a duplicate

    @property
    def needed(self) -> tuple[str, ...]:
        """The fields a sheet must have a column for: the required ones, then the place fields."""
        return (*self.required, *(f for f in self.places if f not in self.required))

    @property
    def stem(self) -> str:
        """File stem: the XLSX tab name and the [sheets] key (`form_1_1`)."""
        return Path(self.file).stem

    def header_to_field(self) -> dict[str, str]:
        return {fold_header(h): f for f, h in self.columns.items()}


@dataclass(frozen=True)
class Config:
    name_th: str
    name_en: str
    timezone: ZoneInfo
    excluded_provinces: tuple[str, ...]
    targets: dict[str, float]
    deadlines: dict[str, date]  # report id -> day; clips under "3.<phase>"
    province_aliases: dict[str, str]
    choices: dict[str, dict[str, str]]  # list name -> folded spelling -> canonical
    sources: dict[str, SourceSpec]
    path: Path
    alerts: dict = field(default_factory=dict)  # [alerts]: the rules `notify` checks
    # The mapping overlay (--mapping / DASHBOARD_MAPPING): source -> field -> header, and its file.
    overlay: dict[str, dict[str, str]] = field(default_factory=dict)
    mapping: Path | None = None
    # The programme's opening day: a response timestamp earlier than `timestamp_lead_days`
    # before it (or later than the pull) cannot be one (spec/FORMS.md "Timestamps").
    opens: date = date(2021, 7, 1)
    timestamp_lead_days: int = 60
    # Plausible maxima of counts for one tambon (field -> most): above is `inconsistent`.
    maxima: dict[str, int] = field(default_factory=dict)

    @property
    def source_ids(self) -> tuple[str, ...]:
        """Every source, in the TOML's order (the register first)."""
        return tuple(self.sources)

    @property
    def report_ids(self) -> tuple[str, ...]:
        """The report forms: every source but the register, in the TOML's order."""
        return tuple(sid for sid in self.sources if sid != REGISTER)

    def reports_by_unit(self, unit: str) -> tuple[str, ...]:
        """The report forms whose expected answers are `unit`s (`tambon`: one per register tambon)."""
        return tuple(sid for sid in self.report_ids if self.sources[sid].unit == unit)

    def deadline_end(self, key: str) -> datetime:
        """End of the deadline day in the programme's time zone (exclusive bound)."""
        return day_end(self.deadlines[key], self.timezone)

    def target(self, name: str) -> int:
        return int(self.targets[name])

    def timestamp_window(self, pulled_at: datetime | None = None) -> tuple[datetime, datetime]:
        """(first, last) naive Bangkok wall-clock times a response can carry: from the lead
        days before the opening day to the moment of the pull (now without one)."""
        end = (pulled_at or datetime.now(timezone.utc)).astimezone(self.timezone).replace(tzinfo=None)
        start = datetime.combine(self.opens - timedelta(days=self.timestamp_lead_days), time(0, 0))
        return start, end


def day_end(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day + timedelta(days=1), time(0, 0), tzinfo=tz)


# Days the dashboard can count up to: pandas holds times up to 2262-04-11.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2262, 4, 10)
_ISO_DAY = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")


def parse_as_of(text: str) -> date:
    """An "as of" day from a person: `2021-08-08`, or with a Buddhist-Era year (`2564-08-08`,
    as Thai users write it: year >= 2400 is BE, the same day). Anything else is `BadArgument`
    with one line in Thai and English."""
    m = _ISO_DAY.match(str(text).translate(THAI_DIGITS))
    try:
        if not m:
            raise ValueError
        year, month, day = int(m[1]), int(m[2]), int(m[3])
        got = date(year - 543 if year >= 2400 else year, month, day)
    except ValueError:
        raise BadArgument.from_key("config.day_unreadable", text=text) from None
    if not FIRST_DAY <= got <= LAST_DAY:
        raise BadArgument.from_key("config.day_outside", text=text, low=FIRST_DAY, high=LAST_DAY)
    return got


def _parse_day(value: object, where: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise ConfigError.from_key("config.not_a_date", where=where, value=value) from exc


MAPPING_ENV = "DASHBOARD_MAPPING"


def load_config(path: str | Path | None = None, mapping: str | Path | None = None) -> Config:
    """Read the programme TOML (`DASHBOARD_CONFIG` or data/programme.toml), with the header
    mapping overlay on top (MAPPING, else `DASHBOARD_MAPPING`, else none)."""
    chosen = Path(path or setting("DASHBOARD_CONFIG") or DEFAULT_CONFIG)
    cfg = _load_config(chosen.resolve())
    overlay = mapping or setting(MAPPING_ENV)
    if not overlay:
        return cfg
    overlay_path = Path(overlay).expanduser().resolve()
    try:
        stamp = overlay_path.stat().st_mtime_ns
    except FileNotFoundError as exc:
        raise ConfigError.from_key("config.mapping_missing", path=overlay_path) from exc
    return _with_overlay(cfg.path, overlay_path, stamp)


@lru_cache(maxsize=8)
def _with_overlay(config_path: Path, path: Path, stamp: int) -> Config:
    """The configuration with the overlay's pairs as the fields' headers (`stamp`: the file's
    modification time, so an edited overlay is read again)."""
    cfg = _load_config(config_path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError.from_key("config.mapping_not_toml", path=path, problem=exc) from exc
    overlay: dict[str, dict[str, str]] = {}
    for i, entry in enumerate(raw.get("mapping", []), start=1):
        sid, header, name = (str(entry.get(k, "")).strip() for k in ("source", "header", "field"))
        spec = cfg.sources.get(sid)
        if spec is None or name not in spec.columns or not header:
            raise ConfigError.from_key("config.mapping_entry", path=path, entry=i, source=sid, field=name)
        overlay.setdefault(sid, {})[name] = str(entry["header"])
    sources = dict(cfg.sources)
    for sid, pairs in overlay.items():
        spec = sources[sid]
        sources[sid] = replace(spec, columns={f: pairs.get(f, h) for f, h in spec.columns.items()})
    return replace(cfg, sources=sources, overlay=overlay, mapping=path)


@lru_cache(maxsize=8)
def _load_config(path: Path) -> Config:
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise ConfigError.from_key("config.config_missing", path=path) from exc
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError.from_key("config.config_not_toml", path=path, problem=exc) from exc

    prog = raw.get("programme", {})
    deadlines: dict[str, date] = {}
    for key, value in raw.get("deadlines", {}).items():
        if key == "clips":
            for phase, day in value.items():
                deadlines[f"3.{phase}"] = _parse_day(day, f"deadlines.clips.{phase}")
        else:
            deadlines[key] = _parse_day(value, f"deadlines.{key}")

    choices: dict[str, dict[str, str]] = {}
    for name, table in raw.get("choices", {}).items():
        spelling: dict[str, str] = {}
        for canonical, words in table.items():
            spelling[fold_choice(canonical)] = canonical
            for word in words:
                spelling[fold_choice(word)] = canonical
        choices[name] = spelling

    sources: dict[str, SourceSpec] = {}
    for sid, s in raw.get("sources", {}).items():
        columns = dict(s["columns"])
        for name in s.get("choices", {}).values():
            if name not in choices:
                raise ConfigError.from_key("config.unknown_choices", path=path, sid=sid, name=name)
        if not s.get("places"):
            raise ConfigError.from_key("config.no_places", path=path, sid=sid)
        unknown = [f for f in (*s.get("required", ()), *s.get("numbers", ()), *s["places"]) if f not in columns]
        if unknown:
            raise ConfigError.from_key("config.fields_without_column", path=path, sid=sid, fields=unknown)
        sources[sid] = SourceSpec(
            id=sid,
            title_th=s.get("title_th", sid),
            title_en=s.get("title_en", sid),
            file=s["file"],
            columns=columns,
            required=tuple(s.get("required", ())),
            numbers=tuple(s.get("numbers", ())),
            choices=dict(s.get("choices", {})),
            personal=tuple(s.get("personal", ())),
            places=tuple(s["places"]),
            unit=s.get("unit", ""),
            key=s.get("key", ""),
        )
        if sources[sid].unit not in UNITS:
            raise ConfigError.from_key("config.no_unit", path=path, sid=sid, units=", ".join(UNITS))
        if not sources[sid].key:
            raise ConfigError.from_key("config.no_key", path=path, sid=sid)
    missing = [
        k
        for sid, spec in sources.items()
        if sid != REGISTER
        for k in ([f"{sid}.{p}" for p in PHASES] if spec.unit == "province_phase" else [sid])
        if k not in deadlines
    ]
    if missing:
        raise ConfigError.from_key("config.no_deadlines", path=path, names=", ".join(missing))
    absent = [sid for sid in SOURCE_IDS if sid not in sources]
    if absent:
        raise ConfigError.from_key("config.no_sources", path=path, names=", ".join(absent))

    from geothai import normalize as geo_normalize

    aliases = {geo_normalize(clean_text(k)): str(v) for k, v in raw.get("places", {}).get("province_aliases", {}).items()}
    maxima: dict[str, int] = {}
    for name, most in raw.get("maxima", {}).items():
        if not isinstance(most, int) or isinstance(most, bool) or most < 0:
            raise ConfigError.from_key("config.bad_maximum", path=path, name=name, value=repr(most))
        maxima[name] = most
    return Config(
        name_th=prog.get("name_th", ""),
        name_en=prog.get("name_en", ""),
        timezone=ZoneInfo(prog.get("timezone", "Asia/Bangkok")),
        excluded_provinces=tuple(prog.get("excluded_provinces", ("10",))),
        targets=dict(raw.get("targets", {})),
        deadlines=deadlines,
        province_aliases=aliases,
        choices=choices,
        sources=sources,
        path=path,
        alerts=dict(raw.get("alerts", {})),
        opens=_parse_day(prog.get("opens", "2021-07-01"), "programme.opens"),
        timestamp_lead_days=int(prog.get("timestamp_lead_days", 60)),
        maxima=maxima,
    )


def bangkok_now(cfg: Config) -> datetime:
    return datetime.now(timezone.utc).astimezone(cfg.timezone)


# --- secrets and environment ---
# Streamlit's convention: `.streamlit/secrets.toml` holds `[gcp_service_account]` (the service
# account's JSON key fields) and `[sheets]` (one spreadsheet URL or key per source stem). The
# core never imports Streamlit, so it reads the same file itself, from the places Streamlit looks.

SECRETS_ENV = "DASHBOARD_SECRETS"
ENDPOINT_ENV = "DASHBOARD_SHEETS_ENDPOINT"
CACHE_DIR_ENV = "DASHBOARD_CACHE_DIR"
CACHE_TTL_ENV = "DASHBOARD_CACHE_TTL"
SHEETS_TIMEOUT_ENV = "DASHBOARD_SHEETS_TIMEOUT"
SHEETS_RETRY_BUDGET_ENV = "DASHBOARD_SHEETS_RETRY_BUDGET"

DEFAULT_CACHE_TTL = 300.0  # seconds a pulled dataset is served before the next pull
REFRESH_MIN_INTERVAL = 30.0  # "refresh now" pulls at most this often (60 reads/min/user quota)
DEFAULT_SHEETS_TIMEOUT = 10.0  # seconds one Sheets API request may take
DEFAULT_SHEETS_RETRY_BUDGET = 5.0  # seconds of waiting between retries, in all, per pull


def secrets_candidates() -> list[Path]:
    """Where secrets are looked for when DASHBOARD_SECRETS is not set, first found wins."""
    return [
        Path.cwd() / ".streamlit" / "secrets.toml",
        PROJECT_ROOT / ".streamlit" / "secrets.toml",
        Path.home() / ".streamlit" / "secrets.toml",
    ]


def secrets_path(path: str | Path | None = None) -> Path | None:
    """The secrets file in use: PATH, else $DASHBOARD_SECRETS, else the first that exists, else None."""
    chosen = path or setting(SECRETS_ENV)
    if chosen:
        return Path(chosen).expanduser()
    for candidate in secrets_candidates():
        if candidate.is_file():
            return candidate
    return None


def load_secrets(path: str | Path | None = None) -> dict:
    """Read the secrets TOML; {} when none exists. A file named explicitly must exist.

    Error messages name the file and the problem, never the file's contents.
    """
    explicit = bool(path or setting(SECRETS_ENV))
    chosen = secrets_path(path)
    if chosen is None:
        return {}
    try:
        # utf-8-sig: Notepad and some editors start the file with a byte-order mark.
        text = chosen.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        # Windows-874 (Thai Windows' "ANSI"): the file is not garbled on purpose, just saved so.
        raise ConfigError.from_key("config.secrets_not_utf8", path=str(chosen)) from None
    except FileNotFoundError as exc:
        if not explicit:
            return {}
        raise ConfigError.from_key("config.secrets_missing", path=str(chosen), setting=SECRETS_ENV) from exc
    except OSError as exc:
        raise ConfigError.from_key("config.secrets_unreadable", path=str(chosen), reason=exc.strerror) from exc
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        # The decoder's message carries a line and column, not the text of the line.
        raise ConfigError.from_key("config.secrets_not_toml", path=str(chosen), problem=str(exc)) from None
    return data


def sheets_configured(secrets: dict | None = None) -> bool:
    """True when the secrets hold a non-empty [sheets] table (then the app reads Google Sheets)."""
    if secrets is None:
        try:
            secrets = load_secrets()
        except ConfigError:
            # A broken secrets file is reported by the reader, not hidden behind the demo data.
            return True
    from collections.abc import Mapping

    sheets = secrets.get("sheets")
    if not isinstance(sheets, Mapping):
        return False
    return any(isinstance(v, Mapping) or str(v).strip() for v in sheets.values())


def sheets_endpoint() -> str | None:
    """$DASHBOARD_SHEETS_ENDPOINT: a Sheets API emulator's base URL used instead of Google's."""
    value = setting(ENDPOINT_ENV)
    return value.rstrip("/") or None


def _env_seconds(name: str, default: float, *, minimum: float = 0.0) -> float:
    raw = setting(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError.from_key("config.not_seconds", name=name, raw=raw) from None
    if value < minimum:
        raise ConfigError.from_key("config.below_minimum", name=name, raw=raw, minimum=f"{minimum:g}")
    return value


def cache_ttl() -> float:
    """Seconds a pulled dataset is shared before the next pull ($DASHBOARD_CACHE_TTL, default 300)."""
    return _env_seconds(CACHE_TTL_ENV, DEFAULT_CACHE_TTL)


def sheets_timeout() -> float:
    """Seconds one Sheets API request may take ($DASHBOARD_SHEETS_TIMEOUT, default 10)."""
    return _env_seconds(SHEETS_TIMEOUT_ENV, DEFAULT_SHEETS_TIMEOUT, minimum=0.01)


def sheets_retry_budget() -> float:
    """Seconds of back-off allowed per pull, in all ($DASHBOARD_SHEETS_RETRY_BUDGET, default 5)."""
    return _env_seconds(SHEETS_RETRY_BUDGET_ENV, DEFAULT_SHEETS_RETRY_BUDGET)


def cache_dir() -> Path:
    """Folder for the last good pull: $DASHBOARD_CACHE_DIR, else the user's cache folder."""
    chosen = setting(CACHE_DIR_ENV)
    if chosen:
        return Path(chosen).expanduser()
    base = os.environ.get("XDG_CACHE_HOME", "").strip()
    return (Path(base).expanduser() if base else Path.home() / ".cache") / "banphi-dashboard"
