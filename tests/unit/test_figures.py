"""Figures built once per view and language, shared by every visitor of that view."""

from __future__ import annotations

import pytest

from dashboard import metrics
from dashboard.config import load_config
from dashboard.figures import shared_figure
from dashboard.pipeline import load_dataset, make_view
from dashboard.ui import charts


@pytest.fixture(scope="module")
def ds():
    return load_dataset("demo", load_config())


def test_same_view_same_language_builds_once(ds):
    builds = []

    def build(view, lang):
        builds.append((view.province, lang))
        return charts.cumulative_chart(metrics.cumulative_submissions(view), metrics.completeness(view)["deadline"], lang)

    first = make_view(ds, province="43")
    again = make_view(ds, province="43")  # another visitor, the same filters
    a = shared_figure(first, "cumulative", "th", lambda: build(first, "th"))
    b = shared_figure(again, "cumulative", "th", lambda: build(again, "th"))
    assert a is b and builds == [("43", "th")]
    english = shared_figure(again, "cumulative", "en", lambda: build(again, "en"))
    other = make_view(ds, province="30")
    korat = shared_figure(other, "cumulative", "th", lambda: build(other, "th"))
    assert builds == [("43", "th"), ("43", "en"), ("30", "th")]
    assert english is not a and korat is not a
    # The shared figure is the one a fresh build gives.
    assert a.to_json() == build(first, "th").to_json()


def test_a_narrower_scope_is_another_view(ds):
    everyone = make_view(ds, province="43")
    scoped = make_view(ds, province="43", scope=("43",))
    assert shared_figure(everyone, "x", "th", lambda: "built for all") == "built for all"
    assert shared_figure(scoped, "x", "th", lambda: "built for the scope") == "built for the scope"
