"""Transport: gspread's HTTP client, rooted at the emulator when asked, with bounded retries and one
retry budget per pull; the service account's token from its own `token_uri`."""

from __future__ import annotations

import logging
import random
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from email.utils import parsedate_to_datetime
from functools import lru_cache

import requests

from dashboard import config
from dashboard.errors import (
    AuthError,
)
from dashboard.sources.sheet_messages import auth_error, describe, token_service_down, token_unreachable
from dashboard.sources.sheet_targets import SECRETS_TABLE, credentials_lock

# One logger for the Sheets reader, whichever part of it speaks.
log = logging.getLogger("dashboard.sources.gsheets")

GOOGLE_SHEETS_ROOT = "https://sheets.googleapis.com"
RETRY_STATUSES = frozenset({408, 429, 500, 502, 503, 504})


@dataclass(frozen=True)
class RetryPolicy:
    """How long one request may take, and how much waiting between retries a whole pull may do."""

    timeout: float = config.DEFAULT_SHEETS_TIMEOUT
    budget: float = config.DEFAULT_SHEETS_RETRY_BUDGET
    attempts: int = 4  # per request
    retries: int = 6  # per pull, all spreadsheets together: an outage costs 12 reads, not 24
    backoff: float = 0.5  # first back-off when no Retry-After is given; doubles each time

    @classmethod
    def from_env(cls) -> RetryPolicy:
        return cls(timeout=config.sheets_timeout(), budget=config.sheets_retry_budget())


class Budget:
    """What one pull may still spend on retries, shared by its parallel reads.

    A retry is allowed while the wait ends inside the time budget and retries are left. Once one
    read gives up the pull has failed, so the others stop retrying too (no quota spent in vain).
    """

    def __init__(self, policy: RetryPolicy) -> None:
        self.end = time.monotonic() + policy.budget
        self.retries_left = policy.retries
        self.given_up = False
        self._lock = threading.Lock()

    def take(self, wait: float) -> bool:
        with self._lock:
            if self.given_up or self.retries_left <= 0 or time.monotonic() + wait > self.end:
                self.given_up = True
                return False
            self.retries_left -= 1
            return True


def retry_after_seconds(response: requests.Response | None) -> float | None:
    value = response.headers.get("Retry-After") if response is not None else None
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


class GiveUp(Exception):
    """A retryable failure that the budget does not allow to retry; carries the wait asked for."""

    def __init__(self, cause: Exception, wait: float | None) -> None:
        super().__init__(str(cause))
        self.cause = cause
        self.wait = wait


@lru_cache(maxsize=1)
def http_client_class():
    from gspread.exceptions import APIError
    from gspread.http_client import HTTPClient

    class SheetsHTTPClient(HTTPClient):
        """gspread's client, with the API root swapped and 429/5xx/timeouts retried within a budget."""

        def __init__(self, auth, session, *, root, policy, budget, stats):
            super().__init__(auth, session)
            self.root = root
            self.policy = policy
            self.budget = budget
            self.stats = stats
            self.set_timeout((min(3.05, policy.timeout), policy.timeout))

        def request(self, method, endpoint, *args, **kwargs):
            if self.root and endpoint.startswith(GOOGLE_SHEETS_ROOT):
                endpoint = self.root + endpoint[len(GOOGLE_SHEETS_ROOT) :]
            attempt = 0
            while True:
                attempt += 1
                self.stats.add(requests=1)
                try:
                    return super().request(method, endpoint, *args, **kwargs)
                except APIError as err:
                    if err.response.status_code not in RETRY_STATUSES:
                        raise
                    failure, wait = err, retry_after_seconds(err.response)
                    asked = wait
                except (requests.Timeout, requests.ConnectionError) as err:
                    failure, wait, asked = err, None, None
                if wait is None:
                    wait = self.policy.backoff * 2 ** (attempt - 1) * (0.75 + random.random() / 2)
                if attempt >= self.policy.attempts or not self.budget.take(wait):
                    self.budget.given_up = True
                    raise GiveUp(failure, asked)
                log.info("Sheets API: %s, retrying in %.2f s", describe(failure), wait)
                self.stats.add(retries=1)
                time.sleep(wait)
                if self.budget.given_up:  # another read failed meanwhile: the pull has failed
                    raise GiveUp(failure, asked)

    return SheetsHTTPClient


class TokenServerError(Exception):
    """The token endpoint answered 429/5xx: raised at once, so the pull's budget decides on retries."""

    def __init__(self, status: int) -> None:
        super().__init__(f"token endpoint answered HTTP {status}")
        self.status = status


def token_request(session: requests.Session, timeout: float):
    """google-auth's transport for token requests, failing fast on a server error.

    Left alone, google-auth sleeps 1 s then 2 s between its own retries of the token endpoint,
    outside any budget; raising here ends that loop and lets the pull's policy retry instead.
    """
    from google.auth.transport.requests import Request

    class TokenRequest(Request):
        def __call__(self, url, method="GET", body=None, headers=None, timeout=timeout, **kwargs):
            response = super().__call__(url, method=method, body=body, headers=headers, timeout=timeout, **kwargs)
            if response.status in RETRY_STATUSES:
                raise TokenServerError(response.status)
            return response

    return TokenRequest(session)


def authorized_session(creds, policy: RetryPolicy) -> requests.Session:
    from google.auth.transport.requests import AuthorizedSession

    auth_session = requests.Session()
    session = AuthorizedSession(
        creds,
        refresh_timeout=policy.timeout,
        auth_request=token_request(auth_session, policy.timeout),
        max_refresh_attempts=1,
    )
    # Retries are ours (bounded, Retry-After aware); the pool serves six parallel reads.
    adapter = requests.adapters.HTTPAdapter(pool_connections=2, pool_maxsize=8, max_retries=0)
    session.mount("https://", adapter)
    session.mount("http://", adapter)
    session._auth_session_to_close = auth_session  # type: ignore[attr-defined]
    return session


def ensure_token(creds, policy: RetryPolicy, email: str, budget: Budget) -> None:
    """Get a token once before the parallel reads, so six threads do not each ask for one."""
    from google.auth.exceptions import GoogleAuthError, RefreshError, TransportError

    with credentials_lock:
        if creds.valid:
            return
        with requests.Session() as s:
            request = token_request(s, policy.timeout)
            attempt = 0
            while True:
                attempt += 1
                try:
                    creds.refresh(request)
                    return
                except TokenServerError as err:
                    wait = policy.backoff * 2 ** (attempt - 1)
                    if attempt >= policy.attempts or not budget.take(wait):
                        raise token_service_down(err.status) from None
                    time.sleep(wait)
                except RefreshError as err:
                    raise auth_error(err, creds, email) from None
                except TransportError as err:
                    raise token_unreachable(creds) from err
                except GoogleAuthError as err:  # e.g. a signer that cannot sign
                    raise AuthError.from_key(
                        "gsheets.cannot_sign", table=SECRETS_TABLE, kind=err.__class__.__name__
                    ) from None
