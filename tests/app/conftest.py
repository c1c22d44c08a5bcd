"""Streamlit AppTest: the real app.py and pages on the demo data, in this process.

The pages load through `dashboard.loader`'s process-wide cache, so the demo data is read once for
every test here, and the expected figures below come from that same dataset through
`dashboard.metrics` — what `python -m dashboard report` prints.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from dashboard import loader
from dashboard.pipeline import make_view

REPO = Path(__file__).resolve().parents[2]
SHARED_GEO = REPO.parent / "shared" / "geo"
APP = REPO / "app.py"
PAGES = ("overview", "reports", "clips", "map", "data")
TIMEOUT = 120  # seconds per run: the first run reads and normalizes 37k demo rows


@pytest.fixture(scope="module", autouse=True)
def app_environment(tmp_path_factory):
    """Demo data (no secrets), the shared boundary files, a private cache folder; undone after
    each module so the other test folders see the environment they expect."""
    secrets = tmp_path_factory.mktemp("secrets") / "secrets.toml"
    secrets.write_text("", encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DASHBOARD_SECRETS", str(secrets))
        mp.setenv("DASHBOARD_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        mp.setenv("DASHBOARD_GEO_DIR", str(SHARED_GEO))
        yield


@pytest.fixture(scope="module")
def dataset(cfg, app_environment):
    """The dataset the pages show: the loader's shared one."""
    return loader.get_dataset("demo", cfg)


@pytest.fixture(scope="module")
def core(dataset):
    """core(province=None, **filters) -> the View the pages build for those filters."""

    def view(**filters):
        return make_view(dataset, **filters)

    return view


def _new_app(query: dict[str, str] | None = None) -> AppTest:
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    return at


@pytest.fixture
def new_app():
    """new_app({"province": "43"}) -> an AppTest of app.py opened with that URL, not run yet."""
    return _new_app


@pytest.fixture
def open_page():
    """open_page("reports", province="43") -> the AppTest after running that page."""

    def run(page: str = "overview", **query: str) -> AppTest:
        at = _new_app(query)
        at.run()
        if page != "overview":
            at.switch_page(f"screens/{page}.py").run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return run


def _plotly_spec(at: AppTest, index: int = 0) -> dict:
    return json.loads(at.get("plotly_chart")[index].proto.spec)


@pytest.fixture
def plotly_spec():
    """plotly_spec(at, 1) -> the figure JSON (data, layout) of the page's second plotly chart."""
    return _plotly_spec


# Sign-in required: Streamlit's [auth] for a provider that is never called (AppTest's identity
# comes in through `at.user`).
AUTH = """
[auth]
redirect_uri = "http://127.0.0.1:8501/oauth2callback"
cookie_secret = "a-long-random-string-for-tests-only"
client_id = "dashboard"
client_secret = "not-a-secret"
server_metadata_url = "http://127.0.0.1:9/.well-known/openid-configuration"
"""

@pytest.fixture
def secrets(tmp_path, monkeypatch):
    """secrets(text, auth=False) -> writes the dashboard's secrets file for this test; with
    `auth`, sign-in is required (the [auth] table above comes first)."""

    def write(text: str = "", *, auth: bool = False) -> None:
        path = tmp_path / "secrets.toml"
        path.write_text((AUTH if auth else "") + text, encoding="utf-8")
        monkeypatch.setenv("DASHBOARD_SECRETS", str(path))

    return write
