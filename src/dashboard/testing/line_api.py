"""The LINE Messaging API push endpoint on loopback, for tests.

It behaves like LINE where `notify` depends on it:

- `POST /v2/bot/message/push` wants `Authorization: Bearer {channel token}` (else 401 with
  LINE's body), a JSON body `{"to": id, "messages": [...]}` with 1 to 5 messages, each
  `{"type": "text", "text": ...}` of 1 to 5,000 characters (else 400 with `details`), and `to`
  a group, room or user id the bot is in (else 400 "Failed to send messages").
- `X-Line-Retry-Key` must be a UUID; a key already accepted answers 409 with the accepted
  request's id, so a retried push is never delivered twice.
- Faults can be queued: any status, with `Retry-After`. Every request is logged; delivered
  pushes are kept in `pushes`.

Use it as a context manager: `with LineAPI(token="t", groups={"C…"}) as api: api.url`.
"""

from __future__ import annotations

import json
import threading
import uuid
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from werkzeug.serving import WSGIRequestHandler, make_server
from werkzeug.wrappers import Request, Response

MAX_MESSAGES = 5
MAX_TEXT = 5000


@dataclass
class Push:
    to: str
    messages: list[dict]
    retry_key: str | None
    request_id: str


@dataclass
class Attempt:
    status: int
    to: str | None
    retry_key: str | None
    authorization: str | None


@dataclass
class _Fault:
    status: int
    retry_after: str | None = None


class _QuietHandler(WSGIRequestHandler):
    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass


def _error(status: int, message: str, details: list[dict] | None = None, headers: dict | None = None) -> Response:
    body: dict[str, Any] = {"message": message}
    if details:
        body["details"] = details
    return Response(json.dumps(body), status=status, mimetype="application/json", headers=headers or {})


@dataclass
class LineAPI:
    token: str = "test-channel-token"
    groups: set[str] = field(default_factory=set)  # ids the bot may push to (empty: any)
    port: int = 0
    pushes: list[Push] = field(default_factory=list)
    attempts: list[Attempt] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._faults: deque[_Fault] = deque()
        self._accepted: dict[str, str] = {}
        self._lock = threading.Lock()
        self._server = None
        self._thread: threading.Thread | None = None

    # ---- lifecycle
    def start(self) -> LineAPI:
        self._server = make_server("127.0.0.1", self.port, self.wsgi_app, threaded=True, request_handler=_QuietHandler)
        self.port = self._server.server_port
        self._thread = threading.Thread(target=self._server.serve_forever, name="line-api", daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> LineAPI:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # ---- test controls
    def fail(self, status: int, times: int = 1, retry_after: str | None = None) -> None:
        """The next `times` pushes answer `status` (after the token check)."""
        for _ in range(times):
            self._faults.append(_Fault(status, retry_after))

    def clear_faults(self) -> None:
        self._faults.clear()

    def texts(self, to: str) -> list[str]:
        """Every text delivered to `to`, in order."""
        return [m["text"] for p in self.pushes if p.to == to for m in p.messages]

    # ---- the endpoint
    def wsgi_app(self, environ, start_response):
        request = Request(environ)
        response = self._handle(request)
        return response(environ, start_response)

    def _handle(self, request: Request) -> Response:
        auth = request.headers.get("Authorization")
        key = request.headers.get("X-Line-Retry-Key")
        body = request.get_json(silent=True) if request.mimetype == "application/json" else None
        to = body.get("to") if isinstance(body, dict) else None
        with self._lock:
            self.attempts.append(Attempt(0, to, key, auth))
            attempt = self.attempts[-1]
            response = self._answer(request, auth, key, body)
            attempt.status = response.status_code
        return response

    def _answer(self, request: Request, auth: str | None, key: str | None, body: Any) -> Response:
        if request.method != "POST" or request.path != "/v2/bot/message/push":
            return _error(404, "Not found")
        if auth != f"Bearer {self.token}":
            return _error(401, "Authentication failed. Confirm that the access token in the authorization header is valid.")
        if key is not None:
            try:
                uuid.UUID(key)
            except ValueError:
                return _error(400, "The value for the 'X-Line-Retry-Key' header is invalid")
            if key in self._accepted:
                return _error(
                    409, "The retry key is already accepted", headers={"x-line-accepted-request-id": self._accepted[key]}
                )
        if self._faults:
            fault = self._faults.popleft()
            headers = {"Retry-After": fault.retry_after} if fault.retry_after else {}
            return _error(fault.status, "Injected fault", headers=headers)
        if request.mimetype != "application/json" or not isinstance(body, dict):
            return _error(400, "The request body has 1 error(s)", [{"message": "must be a JSON object", "property": ""}])
        details = []
        to = body.get("to")
        if not isinstance(to, str) or not to:
            details.append({"message": "must be specified", "property": "to"})
        messages = body.get("messages")
        if not isinstance(messages, list) or not messages:
            details.append({"message": "must be specified", "property": "messages"})
            messages = []
        elif len(messages) > MAX_MESSAGES:
            details.append({"message": f"Size must be between 1 and {MAX_MESSAGES}", "property": "messages"})
        for i, m in enumerate(messages):
            if not isinstance(m, dict) or m.get("type") != "text":
                details.append({"message": "Must be one of the following values: [text, ...]", "property": f"messages[{i}].type"})
            elif not isinstance(m.get("text"), str) or not 1 <= len(m["text"]) <= MAX_TEXT:
                details.append({"message": f"Length must be between 1 and {MAX_TEXT}", "property": f"messages[{i}].text"})
        if details:
            return _error(400, f"The request body has {len(details)} error(s)", details)
        if self.groups and to not in self.groups:
            return _error(400, "Failed to send messages")
        request_id = uuid.uuid4().hex
        self.pushes.append(Push(to=to, messages=messages, retry_key=key, request_id=request_id))
        if key is not None:
            self._accepted[key] = request_id
        return Response(
            json.dumps({"sentMessages": [{"id": str(i), "quoteToken": uuid.uuid4().hex} for i, _ in enumerate(messages)]}),
            status=200,
            mimetype="application/json",
            headers={"x-line-request-id": request_id},
        )
