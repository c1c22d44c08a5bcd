"""Who sees what: roles, province scope and how much personal data a person may see.

The department edits the role table without a deploy: `[[roles]]` entries in the secrets file
or a `users` worksheet among the configured sheets, each an email (or an email domain) → role
→ provinces. Scope is applied by `pipeline.make_view`, the one step every figure, table, map
and download passes through; this module only decides what the scope is.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from dashboard.config import EVERY_PROVINCE_WORDS, Config
from dashboard.errors import ConfigError

ROLES = ("admin", "executive", "province", "staff")
# Roles that see every province by definition: a row of theirs naming provinces is an error.
NATIONAL_ROLES = ("admin", "executive")
ALL = "*"
ALL_WORDS = (ALL, *EVERY_PROVINCE_WORDS)  # what staff write in the provinces cell for "every province"


@dataclass(frozen=True)
class Access:
    """What one person may see. `provinces` None means every province of the programme."""

    email: str | None
    role: str  # admin | executive | province | staff | public (open demo, no sign-in)
    provinces: tuple[str, ...] | None
    show_names: bool = False
    show_phones: bool = False

    @property
    def signed_in(self) -> bool:
        return self.email is not None

    @property
    def is_admin(self) -> bool:
        """Administrators alone see configuration errors and the details of source errors."""
        return self.role == "admin" and self.email is not None


# No sign-in configured: an open demo, with the most restrictive view of personal data.
PUBLIC = Access(email=None, role="public", provinces=None)


@dataclass(frozen=True)
class Rule:
    email: str | None  # exact address, lower case
    domain: str | None  # "cdd.go.th"
    role: str
    provinces: tuple[str, ...] | None
    where: str = ""  # the table the rule was read from, as its error messages name it
    row: int = 0  # its row there


def normalize_email(value: Any) -> str | None:
    """An address as compared: trimmed, case-folded plain ASCII — or None.

    Text that NFKC would change, or that is not ASCII, is refused rather than folded: a Kelvin
    sign (U+212A) becomes "K" under NFKC and "k" in lower case, so `followup.n\u212a@…` would
    otherwise be someone else's address and get their role.
    """
    if value is None:
        return None
    raw = str(value).strip()
    text = unicodedata.normalize("NFKC", raw)
    if not text or text != raw or not text.isascii() or any(c.isspace() for c in text):
        return None
    return text.casefold()


def _true(value: Any) -> bool:
    """Only a boolean True or the string "true" (any case): None, "false", 0, "1" are not."""
    if isinstance(value, bool):
        return value
    return isinstance(value, str) and value.strip().casefold() == "true"


def trusted_issuer(secrets: Mapping[str, Any]) -> str | None:
    """`[access] trusted_issuer`: the one issuer (tenant) whose addresses count as verified
    without an `email_verified` claim (Microsoft Entra ID issues none)."""
    section = secrets.get("access")
    if not isinstance(section, Mapping):
        return None
    value = str(section.get("trusted_issuer") or "").strip()
    return value or None


def verified_email(user: Mapping[str, Any], issuer: str | None = None) -> str | None:
    """The signed-in person's address when the identity is verified, else None.

    Verified: `email_verified` is true (boolean, or the string "true"), or the token's `iss`
    is exactly the configured trusted issuer. A missing, None, "false" or 0 claim is no identity.
    """
    if user.get("is_logged_in") is not True:
        return None
    verified = _true(user.get("email_verified"))
    if not verified and issuer:
        verified = str(user.get("iss") or "").strip() == issuer
    if not verified:
        return None
    return normalize_email(user.get("email"))


def _split(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [p.strip() for p in re.split(r"[,;\n]", value) if p.strip()]
    return [str(p).strip() for p in value if str(p).strip()]


def _row_error(where: str, i: int, key: str, **values: object) -> ConfigError:
    """A bad role row: the catalogue's `access.<key>`, which names the table and the row first."""
    return ConfigError.from_key(f"access.{key}", where=where, row=i, **values)


def parse_rules(rows: Iterable[Mapping[str, Any]], cfg: Config, where: str, first_row: int = 1) -> list[Rule]:
    """Role rows (email or domain, role, provinces) -> rules; a bad row is a clear error, named by
    its number counted from `first_row` (2 for a worksheet: its row number as staff see it).

    The table fails closed: a row that could be read two ways (an email and a domain, `*` among
    provinces, an address that is not plain ASCII) is an error, never the wider reading.
    """
    from dashboard.normalize.places import province_code

    rules = []
    for i, row in enumerate(rows, start=first_row):
        row = {str(k).strip().lower(): v for k, v in row.items()}
        email_text = str(row.get("email") or "").strip()
        domain_text = str(row.get("domain") or "").strip()
        role = str(row.get("role") or "").strip().lower()
        if not (email_text or domain_text) and role == "":
            continue  # a blank line in the sheet
        if email_text and domain_text:
            raise _row_error(where, i, "email_and_domain")
        if email_text.startswith("@"):
            email_text, domain_text = "", email_text
        email = normalize_email(email_text) if email_text else None
        domain = normalize_email(domain_text.lstrip("@")) if domain_text else None
        if (email_text and (email is None or email.count("@") != 1)) or (domain_text and (domain is None or "@" in domain)):
            raise _row_error(where, i, "not_plain", address=email_text or domain_text)
        if not (email or domain):
            raise _row_error(where, i, "no_address")
        if role not in ROLES:
            raise _row_error(where, i, "unknown_role", role=role, roles=", ".join(ROLES))
        names = _split(row.get("provinces"))
        every = [n for n in names if n in ALL_WORDS]
        provinces: tuple[str, ...] | None
        if every and len(every) != len(names):
            raise _row_error(where, i, "all_and_named", all=ALL)
        if role in NATIONAL_ROLES:
            if names and not every:
                raise _row_error(where, i, "national_named", role=role, all=ALL)
            provinces = None
        elif every:
            provinces = None
        else:
            codes = []
            for name in names:
                code = province_code(cfg, name)
                if code is None:
                    raise _row_error(where, i, "unknown_province", name=name)
                codes.append(code)
            if not codes:
                raise _row_error(where, i, "no_province", role=role)
            provinces = tuple(sorted(set(codes)))
        rules.append(Rule(email=email, domain=domain, role=role, provinces=provinces, where=where, row=i))
    return rules


def check_unique(rules: Iterable[Rule]) -> list[Rule]:
    """The rules, or an error when two rows name the same email or the same domain (in one
    place or across the secrets and the worksheet): which one counts would be a guess."""
    rules = list(rules)
    seen: dict[tuple[str, str], Rule] = {}
    for rule in rules:
        key = ("email", rule.email) if rule.email else ("domain", rule.domain or "")
        first = seen.get(key)
        if first is not None:
            raise ConfigError.from_key(
                f"access.{key[0]}_twice", where=rule.where, row=rule.row, value=key[1],
                first_where=first.where, first_row=first.row,
            )
        seen[key] = rule
    return rules


def rules_from_secrets(secrets: Mapping[str, Any], cfg: Config) -> list[Rule]:
    return check_unique(parse_rules(secrets.get("roles", []) or [], cfg, "secrets [[roles]]"))


def rules_from_table(frame, cfg: Config) -> list[Rule]:
    """The `users` worksheet: columns email (or domain), role, provinces (comma-separated)."""
    return check_unique(parse_rules(frame.to_dict("records"), cfg, "users worksheet", first_row=2))


def access_for(email: str | None, rules: Iterable[Rule]) -> Access | None:
    """The person's access: an exact email rule beats a domain rule; None for an unknown email."""
    email = normalize_email(email)
    if not email or email.count("@") != 1:
        return None
    rules = list(rules)
    hit = next((r for r in rules if r.email == email), None)
    if hit is None:
        domain = email.rsplit("@", 1)[-1]
        hit = next((r for r in rules if r.domain and (domain == r.domain or domain.endswith("." + r.domain))), None)
    if hit is None:
        return None
    staff = hit.role == "staff"  # admin and executive: every province, names and phones masked
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
        rules = check_unique(rules + rules_from_table(table, cfg))
    while len(_memo) >= _MEMO_SIZE:
        _memo.pop(next(iter(_memo)))
    _memo[id(raw)] = (raw, roles, rules)
    return rules


def admin_emails(secrets: Mapping[str, Any], raw, cfg: Config) -> set[str]:
    """Administrators named by exact email in a row that reads cleanly on its own.

    When the role table is broken nobody gets data, but these people are told what is wrong
    (the row and the reason) so they can fix it; everyone else is told only that it is broken.
    """
    rows = list(secrets.get("roles", []) or [])
    table = users_table(raw) if raw is not None else None
    if table is not None:
        rows += table.to_dict("records")
    found = set()
    for row in rows:
        try:
            rules = parse_rules([row], cfg, "")
        except ConfigError:
            continue
        found |= {r.email for r in rules if r.role == "admin" and r.email}
    return found


def current_access(email: str | None, secrets: Mapping[str, Any], raw, cfg: Config) -> Access | None:
    """The access `email` has now, from the current secrets and role table: looked up again when
    a file is made, so a role removed after a page was drawn no longer downloads anything.
    None for no access (an unknown email, or a broken role table)."""
    if not auth_configured(secrets):
        return PUBLIC
    try:
        return access_for(email, rules_for(raw, secrets, cfg))
    except ConfigError:
        return None
