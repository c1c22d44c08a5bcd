"""The overview's first figures need no element code fetched after the page has opened.

A new visitor's browser fetches the scripts Streamlit's index.html names, then, as each kind of
element first appears, that element's own code (`st.metric`, `st.html`, plotly's 4.7 MiB …).
With eight visitors at once, the queue of those later scripts is where the first figure used to
wait (docs/deploy.md, "The first figure"). The headline strip is plain Markdown in containers,
whose code comes with the page: with every later script refused, the strip still shows each of
its figures, while the cards below it (`st.metric`, fetched later) cannot.
"""

from __future__ import annotations

import re
import urllib.request

from playwright.sync_api import expect

from dashboard import metrics
from dashboard.config import REPORT_IDS
from dashboard.i18n import fmt_int, fmt_pct, pct
from dashboard.pipeline import load_dataset, make_view

SCRIPT = re.compile(r"/static/js/([^/?\"']+\.js)")


def _page_scripts(url: str) -> set[str]:
    """The script files index.html names (its entry and the modules it preloads)."""
    with urllib.request.urlopen(url + "/", timeout=30) as reply:
        return set(SCRIPT.findall(reply.read().decode("utf-8")))


def test_the_strip_shows_with_only_the_pages_own_scripts(app_server, context, wait_for_app, cfg):
    own = _page_scripts(app_server.url)
    assert len(own) > 20 and not any(name.startswith(("Metric.", "Html.", "PlotlyChart.")) for name in own)
    refused: list[str] = []

    def later_code(route):
        name = SCRIPT.search(route.request.url).group(1)
        if name in own:
            route.continue_()
        else:
            refused.append(name)
            route.abort()

    context.route(re.compile(r"/static/js/"), later_code)
    page = context.new_page()
    page.goto(app_server.url + "/")
    wait_for_app(page)

    rep = metrics.report_dict(make_view(load_dataset("demo", cfg)))
    want = {
        "leaders": fmt_int(rep["leaders"]["registered"]),
        "tambons": fmt_int(rep["tambons"]["engaged"]),
        "kpi": fmt_pct(rep["kpi_driving_pct"]),
        **{f"report_{rid.replace('.', '_')}": fmt_pct(pct(rep["reports"][rid]["received"], rep["reports"][rid]["expected"]))
           for rid in REPORT_IDS},
    }
    for key, figure in want.items():
        expect(page.locator(f'[class*="st-key-strip_{key}__"] strong')).to_have_text(figure)
    # What the refusal did: the element code asked for later was refused, and the cards that
    # need it show no figure.
    assert any(name.startswith("Metric.") for name in refused), refused
    assert page.locator('.st-key-card_leaders [data-testid="stMetricValue"]').count() == 0
