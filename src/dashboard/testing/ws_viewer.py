"""A bare Streamlit viewer over /_stcore/stream: asks for the overview and reads until its run
has finished (no rendering). Used by the replica tests and `benchmarks/viewers.py`."""

from __future__ import annotations

import time
import urllib.request
from dataclasses import dataclass, field

from dashboard.replicas import AFFINITY_COOKIE

CARDS = 12  # 7 headline cards + 5 report cards on the overview


@dataclass
class Visit:
    done_s: float | None = None
    error: str | None = None
    bytes_in: int = 0
    runs: int = 0
    elements: dict[str, int] = field(default_factory=dict)


def affinity_cookie(url: str, cookie: str | None = None) -> tuple[str | None, str | None]:
    """(the cookie nginx set or kept, the replica nginx chose) for a first GET of URL/_stcore/health."""
    req = urllib.request.Request(url + "/_stcore/health")
    if cookie:
        req.add_header("Cookie", cookie)
    with urllib.request.urlopen(req, timeout=10) as r:
        # Streamlit sets its own cookies (the XSRF one) beside nginx's.
        set_cookies = r.headers.get_all("Set-Cookie") or []
        upstream = r.headers.get("X-Banphi-Upstream")
    for set_cookie in set_cookies:
        pair = set_cookie.split(";", 1)[0]
        if pair.startswith(AFFINITY_COOKIE + "="):
            cookie = pair
    return cookie, upstream


async def open_overview(url: str, *, cookie: str | None = None, timeout: float = 120, cards: int = CARDS) -> Visit:
    """One viewer of URL's overview; raises nothing: a failure is in `Visit.error`."""
    import asyncio

    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
    from websockets.asyncio.client import connect

    visit = Visit()
    t0 = time.perf_counter()
    headers = {"Cookie": cookie} if cookie else None

    async def run() -> None:
        async with connect(url.replace("http://", "ws://") + "/_stcore/stream", max_size=None, compression=None,
                           open_timeout=timeout, subprotocols=["streamlit"], additional_headers=headers,
                           ping_interval=None) as conn:  # a browser sends no pings of its own
            back = BackMsg()
            back.rerun_script.query_string = ""
            back.rerun_script.page_script_hash = ""
            back.rerun_script.page_name = ""
            await conn.send(back.SerializeToString())
            while True:
                raw = await conn.recv()
                visit.bytes_in += len(raw)
                msg = ForwardMsg()
                msg.ParseFromString(raw)
                kind = msg.WhichOneof("type")
                if kind == "delta" and msg.delta.WhichOneof("type") == "new_element":
                    element = msg.delta.new_element.WhichOneof("type")
                    visit.elements[element] = visit.elements.get(element, 0) + 1
                elif kind == "script_finished":
                    visit.runs += 1
                    # A run stopped by st.rerun ends FINISHED_EARLY_FOR_RERUN; wait for the one that completes.
                    if msg.script_finished == ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY:
                        if visit.elements.get("exception") or visit.elements.get("metric", 0) < cards:
                            raise RuntimeError(f"overview incomplete: {visit.elements}")
                        visit.done_s = time.perf_counter() - t0
                        return

    try:
        await asyncio.wait_for(run(), timeout)
    except Exception as exc:  # noqa: BLE001 (a viewer that fails is reported, not raised)
        visit.error = f"{type(exc).__name__}: {exc}"
    return visit
