"""An OpenID Connect provider on a free 127.0.0.1 port, for sign-in tests (oidc-provider-mock).

Any client id is accepted; a person signs in by typing the account's email, which becomes the
token's `email` claim. Accounts named in `verified` carry `email_verified: true`, as a provider
that checked the address says; any other account carries no such claim.
"""

from __future__ import annotations

import json
import threading
import urllib.request
from collections.abc import Iterable, Iterator
from contextlib import contextmanager


@contextmanager
def provider(verified: Iterable[str] = ()) -> Iterator[str]:
    """The provider's base URL while the block runs."""
    import werkzeug.serving
    from oidc_provider_mock import app

    server = werkzeug.serving.make_server("127.0.0.1", 0, app(), threaded=True)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{server.server_port}"
    try:
        for email in verified:  # the provider's own user API
            body = json.dumps({"email": email, "email_verified": True}).encode()
            request = urllib.request.Request(
                f"{url}/users/{email}", data=body, method="PUT", headers={"Content-Type": "application/json"}
            )
            urllib.request.urlopen(request, timeout=10).close()
        yield url
    finally:
        server.shutdown()
        thread.join(5)
        server.server_close()
