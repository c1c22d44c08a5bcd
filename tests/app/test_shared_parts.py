"""A visitor whose view equals an earlier visitor's gets the built tables and figures, not a rebuild
(dashboard/figures.py); a table with names or phones goes only to visitors of the same masking."""

from __future__ import annotations

import json
from collections import Counter

import pytest
from shared_roles import NONG_KHAI_ROLES

from dashboard import forecast, metrics, screen
from dashboard.i18n import t
from dashboard.ui import charts, forecasts, maps, tables

# What each page builds from the view: none of it may run again for a second visitor of that view.
BUILDERS = {
    "overview": [(tables, "headline_cards"), (tables, "report_cards"), (tables, "headline_strip"),
                 (tables, "area_ranking"), (tables, "area_display"), (metrics, "completeness"),
                 (charts, "cumulative_chart"), (charts, "ranking_chart"), (forecasts, "report_display")],
    "reports": [(metrics, "completeness"), (metrics, "completeness_by_area"), (metrics, "pairs_status"),
                (charts, "completeness_chart"), (charts, "pairs_chart"), (tables, "completeness_display"),
                (tables, "pairs_frame"), (forecasts, "area_display"), (forecast, "forecast_by_area"),
                (screen, "screen_table")],
    "clips": [(metrics, "clips_matrix"), (metrics, "clips_table"), (tables, "clip_cards"),
              (charts, "clips_heatmap"), (screen, "screen_table")],
    "map": [(metrics, "ratings_by_district"), (metrics, "ratings_share_by_province"), (tables, "ratings_display"),
            (maps, "ratings_deck"), (charts, "ratings_share_chart")],
    # The Data page's rows are built per visit (see screens/data.py); its counts are shared.
    "data": [(tables, "reason_counts")],
}


@pytest.fixture
def builds(monkeypatch):
    """builds(page) -> a Counter of the calls, from now on, to what PAGE builds from its view."""
    calls: Counter = Counter()

    def watch(page: str) -> Counter:
        for module, name in BUILDERS[page]:
            real = getattr(module, name)

            def counted(*args, _real=real, _name=name, **kwargs):
                calls[_name] += 1
                return _real(*args, **kwargs)

            monkeypatch.setattr(module, name, counted)
        return calls

    return watch


def _shown(at) -> dict:
    """What a visitor sees: the metrics, the charts, the tables."""
    return {
        "metrics": [(m.label, m.value) for m in at.metric],
        "charts": [json.loads(c.proto.spec) for c in at.get("plotly_chart")],
        "tables": [d.value.to_dict("list") for d in at.dataframe],
    }


@pytest.mark.parametrize("page", list(BUILDERS))
def test_a_second_visitor_of_the_same_view_builds_nothing(open_page, builds, page):
    query = {"province": "43", "as_of": "2021-08-20", **({"table": "quarantine"} if page == "data" else {})}
    first = open_page(page, **query)
    calls = builds(page)
    second = open_page(page, **query)
    assert calls == Counter(), f"rebuilt for the second visitor: {dict(calls)}"
    assert _shown(second) == _shown(first)
    # Another view is built for itself.
    open_page(page, **{**query, "province": "41"})
    assert sum(calls.values()) > 0


def test_the_other_language_is_built_in_its_own_words(open_page):
    thai = open_page("overview", province="43")
    english = open_page("overview", province="43", lang="en")
    assert t("headline.leaders", "en") in [m.label for m in english.metric]
    assert t("headline.leaders", "en") not in [m.label for m in thai.metric]
    assert [m.value for m in english.metric] == [m.value for m in thai.metric]


def test_names_and_phones_go_only_to_visitors_who_may_see_them(secrets, new_app):
    # A province head and a staff member of the same province share one view of the data, not
    # its masking: whoever comes first, each sees the table their role allows.
    secrets(NONG_KHAI_ROLES, auth=True)

    def names_shown(email: str) -> list[str]:
        at = new_app({"province": "43", "table": "1.1"})
        at.user = {"is_logged_in": True, "email": email, "email_verified": True}
        at.run()
        at.switch_page("screens/data.py").run()
        assert not at.exception, [e.value for e in at.exception]
        return next(d.value for d in at.dataframe if "ชื่อ" in d.value.columns)["ชื่อ"].tolist()

    masked = names_shown("head.nk@cdd.go.th")
    clear = names_shown("staff.nk@cdd.go.th")
    again = names_shown("head.nk@cdd.go.th")
    assert masked and all(name.endswith("•••") for name in masked)
    assert len(clear) == len(masked) and not any(name.endswith("•••") for name in clear)
    assert again == masked

