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

ROLES = ("executive", "province", "staff")
ALL = "*"


@dataclass(frozen=True)
class Access:
    """What one person may see. `provinces` None means every province of the programme."""

    email: str | None
    role: str  # executive | province | staff | public (open demo, no sign-in)
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


def parse_rules(rows: Iterable[Mapping[str, Any]], cfg: Config, where: str) -> list[Rule]:
    """Role rows (email or domain, role, provinces) -> rules; a bad row is a clear error."""
    from dashboard.pipeline import province_code

    rules = []
    for i, row in enumerate(rows, start=1):
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
        if role == "executive" or ALL in names or "ทุกจังหวัด" in names:
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
    return parse_rules(frame.to_dict("records"), cfg, "users worksheet")


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
