"""Who sees what: roles, province scope and how much personal data a person may see.

The department edits the role table without a deploy: `[[roles]]` entries in the secrets file
or a `users` worksheet among the configured sheets, each an email (or an email domain) → role
→ provinces. Scope is applied by `pipeline.make_view`, the one step every figure, table, map
and download passes through; this module only decides what the scope is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from dashboard.config import Config
from dashboard.errors import ConfigError

ROLES = ("executive", "province", "staff", "admin")  # admin: every province, masked, the header check
ALL = "*"


@dataclass(frozen=True)
class Access:
    """What one person may see. `provinces` None means every province of the programme."""

    email: str | None
    role: str  # executive | province | staff | admin | public (open demo, no sign-in)
    provinces: tuple[str, ...] | None
    show_names: bool = False
    show_phones: bool = False

    @property
    def signed_in(self) -> bool:
        return self.email is not None


# No sign-in configured: an open demo, with the most restrictive view of personal data.
PUBLIC = Access(email=None, role="public", provinces=None)


@dataclass(frozen=True)
class Rule:
    email: str | None  # exact address, lower case
    domain: str | None  # "cdd.go.th"
    role: str
    provinces: tuple[str, ...] | None


def _split(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [p.strip() for p in re.split(r"[,;\n]", value) if p.strip()]
    return [str(p).strip() for p in value if str(p).strip()]


def parse_rules(rows: Iterable[Mapping[str, Any]], cfg: Config, where: str, first_row: int = 1) -> list[Rule]:
    """Role rows (email or domain, role, provinces) -> rules; a bad row is a clear error, named by
    its number counted from `first_row` (2 for a worksheet: its row number as staff see it)."""
    from dashboard.pipeline import province_code

    rules = []
    for i, row in enumerate(rows, start=first_row):
        row = {str(k).strip().lower(): v for k, v in row.items()}
        email = str(row.get("email") or "").strip().lower() or None
        domain = str(row.get("domain") or "").strip().lower().lstrip("@") or None
        if email and email.startswith("@"):
            email, domain = None, email[1:]
        role = str(row.get("role") or "").strip().lower()
        if not (email or domain) and role == "":
            continue  # a blank line in the sheet
        if not (email or domain):
            raise ConfigError(f"{where}, row {i}: give an email or a domain.", f"{where} แถว {i}: ต้องระบุอีเมลหรือโดเมน")
        if role not in ROLES:
            raise ConfigError(
                f"{where}, row {i}: role '{role}' is not one of {', '.join(ROLES)}.",
                f"{where} แถว {i}: บทบาท '{role}' ต้องเป็น {', '.join(ROLES)}",
            )
        names = _split(row.get("provinces"))
        provinces: tuple[str, ...] | None
        if role in ("executive", "admin") or ALL in names or "ทุกจังหวัด" in names:
            provinces = None
        else:
            codes = []
            for name in names:
                code = province_code(cfg, name)
                if code is None:
                    raise ConfigError(
                        f"{where}, row {i}: unknown province '{name}'.", f"{where} แถว {i}: ไม่รู้จักจังหวัด '{name}'"
                    )
                codes.append(code)
            if not codes:
                raise ConfigError(
                    f"{where}, row {i}: role '{role}' needs at least one province.",
                    f"{where} แถว {i}: บทบาท '{role}' ต้องระบุจังหวัดอย่างน้อยหนึ่งจังหวัด",
                )
            provinces = tuple(sorted(set(codes)))
        rules.append(Rule(email=email, domain=domain, role=role, provinces=provinces))
    return rules


def rules_from_secrets(secrets: Mapping[str, Any], cfg: Config) -> list[Rule]:
    return parse_rules(secrets.get("roles", []) or [], cfg, "secrets [[roles]]")


def rules_from_table(frame, cfg: Config) -> list[Rule]:
    """The `users` worksheet: columns email (or domain), role, provinces (comma-separated)."""
    return parse_rules(frame.to_dict("records"), cfg, "users worksheet", first_row=2)


def access_for(email: str | None, rules: Iterable[Rule]) -> Access | None:
    """The person's access: an exact email rule beats a domain rule; None for an unknown email."""
    if not email:
        return None
    email = email.strip().lower()
    rules = list(rules)
    hit = next((r for r in rules if r.email == email), None)
    if hit is None:
        domain = email.rsplit("@", 1)[-1]
        hit = next((r for r in rules if r.domain and (domain == r.domain or domain.endswith("." + r.domain))), None)
    if hit is None:
        return None
    staff = hit.role == "staff"
    return Access(email=email, role=hit.role, provinces=hit.provinces, show_names=staff, show_phones=staff)


def may_administer(who: Access) -> bool:
    """Who sees the administrators' page (the header check): the `admin` role, and the open demo,
    which has no sign-in and whose headers are no one's personal data."""
    return who.role == "admin" or not who.signed_in


USERS = "users"  # the role table's name: `[sheets] users`, a `users.csv` beside the CSV sources


def auth_configured(secrets: Mapping[str, Any]) -> bool:
    """True when the secrets have an `[auth]` table: then the dashboard requires sign-in."""
    auth = secrets.get("auth")
    return isinstance(auth, Mapping) and bool(auth)


def login_provider(secrets: Mapping[str, Any]) -> str | None:
    """The provider to pass to `st.login`: None when `[auth]` holds the client itself, else the
    first named `[auth.<provider>]` table (e.g. `[auth.google]`)."""
    auth = secrets.get("auth")
    if not isinstance(auth, Mapping) or "client_id" in auth:
        return None
    return next((str(name) for name, value in auth.items() if isinstance(value, Mapping)), None)


def users_table(raw) -> Any | None:
    """The `users` worksheet that came with a pull (a raw text table), or `users.csv` beside
    the CSV sources of a local folder; None when there is none."""
    from pathlib import Path

    import pandas as pd

    frame = raw.tables.get(USERS)
    if frame is not None:
        return frame
    if raw.kind == "local":
        path = Path(str(raw.label)) / f"{USERS}.csv"
        if path.is_file():
            return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    return None


_memo: dict[int, tuple[Any, Any, list[Rule]]] = {}
_MEMO_SIZE = 4


def rules_for(raw, secrets: Mapping[str, Any], cfg: Config) -> list[Rule]:
    """Every role rule: the secrets' `[[roles]]` first, then the users worksheet of this pull.

    Kept with the pull (raw bundle) it came from, so visitors share one parse per pull.
    """
    roles = secrets.get("roles", []) or []
    hit = _memo.get(id(raw))
    if hit is not None and hit[0] is raw and hit[1] == roles:
        return hit[2]
    rules = rules_from_secrets(secrets, cfg)
    table = users_table(raw)
    if table is not None:
        rules += rules_from_table(table, cfg)
    while len(_memo) >= _MEMO_SIZE:
        _memo.pop(next(iter(_memo)))
    _memo[id(raw)] = (raw, roles, rules)
    return rules
