"""Figure builders: traces, colours fixed per status/grade, values, Thai labels and font."""

from __future__ import annotations

from datetime import date

import pandas as pd
import plotly.graph_objects as go
import pytest

from dashboard.ui import charts
from dashboard.ui.palette import GRADE_COLORS, STATUS_COLORS, THAI_FONT


def _font(fig: go.Figure) -> str:
    return fig.layout.font.family


@pytest.fixture
def by_area():
    # completeness_by_area(view, "2.1") in the country view
    return pd.DataFrame(
        {
            "code": ["43", "30", "41"],
            "name": ["หนองคาย", "นครราชสีมา", "อุดรธานี"],
            "expected": [20, 60, 40],
            "received": [18, 30, 40],
            "on_time": [10, 25, 40],
            "late": [8, 5, 0],
            "missing": [2, 30, 0],
            "pct_received": [90.0, 50.0, 100.0],
        }
    )


def test_progress_frame_and_chart():
    leaders = {"registered": 12345, "target": 30000, "older": 7000, "younger": 5345,
               "target_older": 15000, "target_younger": 15000}
    tambons = {"target": 2000, "engaged": 2000, "full_leaders": 800, "with_activity": 1500, "target_activity": 2000}
    frame = charts.progress_frame(leaders, tambons, "th")
    assert frame["key"].tolist() == [
        "leaders", "leaders_older", "leaders_younger", "tambons_engaged", "tambons_full", "with_activity"
    ]
    assert frame.loc[0, "label"] == "ผู้นำการเปลี่ยนแปลงที่ลงทะเบียน"
    assert frame.loc[4, "label"] == "ตำบลที่มีผู้นำครบ 15 คน"
    fig = charts.progress_chart(frame, "th")
    target, progress = fig.data
    assert target.type == progress.type == "bar"
    assert list(target.x) == [100.0] * 6
    assert progress.x[0] == pytest.approx(41.15)
    assert target.text[0] == "12,345 / 30,000 (41.1%)"
    assert target.text[3] == "2,000 / 2,000 (100.0%)"
    assert progress.customdata[0] == target.text[0]
    assert progress.marker.color[3] == STATUS_COLORS["on_time"]  # target met: green
    assert progress.marker.color[0] != STATUS_COLORS["on_time"]
    assert fig.layout.yaxis.autorange == "reversed"  # first row on top
    assert fig.layout.barmode == "overlay"
    assert _font(fig) == THAI_FONT


def test_progress_beyond_target_extends_the_grey_bar():
    frame = pd.DataFrame({"label": ["x"], "value": [2400], "target": [2000]})
    target, progress = charts.progress_chart(frame, "en").data
    assert progress.x[0] == pytest.approx(120.0)
    assert target.x[0] == pytest.approx(120.0)
    assert target.text[0] == "2,400 / 2,000 (120.0%)"


def test_a_figure_whose_column_is_missing_is_a_dash_not_zero():
    # `with_activity` is None when the 2.2 sheet has no self-reliance column.
    frame = pd.DataFrame({"label": ["x", "y"], "value": [None, 0], "target": [2000, 2000]})
    target, progress = charts.progress_chart(frame, "en").data
    assert target.text[0] == "— / 2,000 (—)"
    assert target.text[1] == "0 / 2,000 (0.0%)"
    assert progress.x[0] == 0


def test_progress_frame_in_english_drops_rows_without_target():
    frame = charts.progress_frame({"registered": 10, "target": 30000}, {"engaged": 3, "target": 2000}, "en")
    assert "Change leaders registered" in frame["label"].tolist()
    assert "leaders_older" not in frame["key"].tolist()


def test_cumulative_chart_lines_and_deadlines():
    cum = pd.DataFrame(
        {
            "report": ["1.1", "1.1", "1.1", "2.1", "2.1", "4"],
            "day": [date(2021, 8, 1), date(2021, 8, 5), date(2021, 8, 9), date(2021, 8, 2), date(2021, 8, 7), date(2021, 9, 20)],
            "received": [100, 900, 1500, 50, 1800, 10],
            "expected": [2000, 2000, 2000, 2000, 2000, 878],
        }
    )
    deadlines = {"1.1": date(2021, 8, 8), "2.1": date(2021, 8, 8), "2.2": date(2021, 9, 15), "4": date(2021, 9, 30)}
    fig = charts.cumulative_chart(cum, deadlines, "th")
    assert [tr.name for tr in fig.data] == ["1.1 ผู้นำ", "2.1 ก่อนดำเนินการ", "4 ประเมินอำเภอ"]
    assert list(fig.data[0].y) == [100, 900, 1500]
    assert fig.data[0].line.shape == "hv"
    # one dashed line per distinct deadline day, annotated with its reports in Thai
    lines = [s for s in fig.layout.shapes if s.type == "line"]
    assert sorted(str(s.x0) for s in lines) == ["2021-08-08", "2021-09-15", "2021-09-30"]
    assert all(s.line.dash == "dash" for s in lines)
    texts = [a.text for a in fig.layout.annotations]
    assert any("กำหนดส่ง 1.1, 2.1" in x and "8 ส.ค. 2564" in x for x in texts)
    # the date axis reads as Thai dates
    assert all(" 2564" in tick for tick in fig.layout.xaxis.ticktext)
    assert "8 ส.ค. 2564: 1,500" not in fig.data[0].customdata[2]
    assert fig.data[0].customdata[2].startswith("9 ส.ค. 2564: 1,500 / 2,000 (75.0%)")
    assert _font(fig) == THAI_FONT


def test_cumulative_chart_for_chosen_reports_and_english():
    cum = pd.DataFrame({"report": ["1.1", "3"], "day": ["2021-08-01", "2021-08-10"], "received": [1, 2]})
    fig = charts.cumulative_chart(cum, pd.Series({"1.1": date(2021, 8, 8), "3": date(2021, 9, 15)}), "en", reports=["3"])
    assert [tr.name for tr in fig.data] == ["3 Clips"]
    assert [str(s.x0) for s in fig.layout.shapes] == ["2021-09-15"]
    assert "Aug 2021" in " ".join(fig.layout.xaxis.ticktext)


def test_cumulative_chart_empty():
    empty = pd.DataFrame(columns=["report", "day", "received", "expected"])
    fig = charts.cumulative_chart(empty, None, "th")
    assert not fig.data and fig.layout.annotations[0].text == "ยังไม่มีข้อมูล"


def test_completeness_chart_stacks_statuses_worst_first(by_area):
    fig = charts.completeness_chart(by_area, "th")
    assert [tr.name for tr in fig.data] == ["ตรงเวลา", "ล่าช้า", "ยังไม่ส่ง"]
    assert [tr.marker.color for tr in fig.data] == [STATUS_COLORS[s] for s in ("on_time", "late", "missing")]
    assert [tr.meta for tr in fig.data] == ["on_time", "late", "missing"]
    # worst first (lowest share received on top)
    assert list(fig.data[0].y) == ["นครราชสีมา", "หนองคาย", "อุดรธานี"]
    assert list(fig.data[0].x) == [25, 10, 40]
    assert list(fig.data[1].x) == [5, 8, 0]
    assert list(fig.data[2].x) == [30, 2, 0]
    assert fig.layout.barmode == "stack"
    assert fig.layout.legend.traceorder == "normal"  # legend reads on time, late, missing
    assert fig.data[2].customdata[0][1] == "50.0%"


def test_completeness_chart_by_report_uses_report_titles():
    table = pd.DataFrame(
        {"expected": [2000, 228], "received": [1500, 200], "on_time": [1000, 150], "late": [500, 50],
         "missing": [500, 28], "deadline": [date(2021, 8, 8), date(2021, 9, 15)]},
        index=pd.Index(["1.1", "3"], name="report"),
    )
    fig = charts.completeness_chart(table, "en", sort=False)
    assert list(fig.data[0].y) == ["1.1 Leaders", "3 Clips"]
    assert [tr.name for tr in fig.data] == ["On time", "Late", "Missing"]


def test_ranking_chart_derives_late_and_missing_and_keeps_order():
    ranking = pd.DataFrame(
        {"province_code": ["30", "43"], "province_name": ["นครราชสีมา", "หนองคาย"], "expected": [100, 50],
         "received": [40, 45], "on_time": [30, 45], "pct_received": [40.0, 90.0], "pct_on_time": [30.0, 90.0]}
    )
    fig = charts.ranking_chart(ranking, "th")
    assert list(fig.data[0].y) == ["นครราชสีมา", "หนองคาย"]
    assert list(fig.data[1].x) == [10, 0]
    assert list(fig.data[2].x) == [60, 5]


def test_pairs_chart():
    fig = charts.pairs_chart({"both": 600, "one": 300, "none": 100}, "th")
    bar = fig.data[0]
    assert list(bar.x) == ["ส่งครบทั้งคู่", "ส่งเพียงตำบลเดียว", "ยังไม่ส่งทั้งคู่"]
    assert list(bar.y) == [600, 300, 100]
    assert list(bar.marker.color) == [STATUS_COLORS["on_time"], STATUS_COLORS["late"], STATUS_COLORS["missing"]]
    assert bar.text[0] == "600 (60.0%)"
    assert not charts.pairs_chart({"both": 0}, "th").data


def test_clips_heatmap():
    matrix = pd.DataFrame(
        {
            "province_code": ["43", "43", "43", "30", "30", "30"],
            "province_name": ["หนองคาย"] * 3 + ["นครราชสีมา"] * 3,
            "phase": ["understand", "reach", "develop"] * 2,
            "status": ["on_time", "late", "missing", "missing", "on_time", "on_time"],
            "clips": [2, 1, 0, 0, 3, 1],
        }
    )
    fig = charts.clips_heatmap(matrix, "th")
    heat = fig.data[0]
    assert heat.type == "heatmap"
    assert list(heat.x) == ["เข้าใจ", "เข้าถึง", "พัฒนา"]
    assert list(heat.y) == ["หนองคาย", "นครราชสีมา"]
    assert [list(r) for r in heat.z] == [[0, 1, 2], [2, 0, 0]]
    assert [list(r) for r in heat.text] == [["2", "1", ""], ["", "3", "1"]]
    assert "ล่าช้า" in heat.customdata[0][1]
    # the discrete colour scale: 0 green, 1 amber, 2 red
    scale = {round(float(stop), 3): colour for stop, colour in heat.colorscale}
    assert scale[0.0] == STATUS_COLORS["on_time"] and scale[1.0] == STATUS_COLORS["missing"]
    assert heat.zmin == -0.5 and heat.zmax == 2.5
    legend = fig.data[1:]
    assert [tr.name for tr in legend] == ["ตรงเวลา", "ล่าช้า", "ยังไม่ส่ง"]
    assert [tr.marker.color for tr in legend] == [STATUS_COLORS[s] for s in ("on_time", "late", "missing")]


def test_clips_heatmap_empty_in_english():
    fig = charts.clips_heatmap(pd.DataFrame(), "en")
    assert fig.layout.annotations[0].text == "No clips yet"


def test_ratings_share_chart():
    shares = pd.DataFrame(
        {"province_code": ["43", "30"], "province_name": ["หนองคาย", "นครราชสีมา"],
         "A": [3, 0], "B": [3, 8], "C": [0, 8], "D": [0, 0], "unrated": [3, 16],
         "pct_A": [33.3, 0.0]}
    )
    fig = charts.ratings_share_chart(shares, "th")
    assert [tr.meta for tr in fig.data] == ["A", "B", "C", "D", "unrated"]
    assert [tr.name for tr in fig.data] == ["A ดีเยี่ยม", "B ดีมาก", "C ปานกลาง", "D ปรับปรุง", "ยังไม่ประเมิน"]
    assert [tr.marker.color for tr in fig.data] == [GRADE_COLORS[g] for g in ("A", "B", "C", "D", "unrated")]
    assert GRADE_COLORS["A"] != GRADE_COLORS["D"]
    assert list(fig.data[0].x) == [33.3, 0.0]
    assert list(fig.data[4].x) == [33.3, 50.0]
    assert fig.data[1].customdata[1] == ["8", "25.0%"]
    assert fig.layout.xaxis.range == (0, 100)
    sorted_fig = charts.ratings_share_chart(shares, "en", sort=True)
    assert list(sorted_fig.data[0].y) == ["หนองคาย", "นครราชสีมา"]
    assert sorted_fig.data[0].name == "A Excellent"


def test_ratings_count_chart():
    fig = charts.ratings_count_chart({"A": 5, "B": 4, "C": 3, "D": 2, "unrated": 864}, "th")
    assert list(fig.data[0].y) == [5, 4, 3, 2, 864]
    assert list(fig.data[0].marker.color) == [GRADE_COLORS[g] for g in ("A", "B", "C", "D", "unrated")]
    assert fig.data[0].text[-1] == "864"


@pytest.mark.parametrize(
    "build",
    [
        lambda: charts.completeness_chart(pd.DataFrame(), "th"),
        lambda: charts.ratings_share_chart(pd.DataFrame(), "th"),
        lambda: charts.progress_chart(pd.DataFrame(columns=["label", "value", "target"]), "th"),
        lambda: charts.ratings_count_chart({}, "th"),
    ],
)
def test_empty_inputs_give_a_calm_empty_figure(build):
    fig = build()
    assert not fig.data
    assert fig.layout.annotations[0].text == "ยังไม่มีข้อมูล"
    assert _font(fig) == THAI_FONT


def test_figures_serialise(by_area):
    # what st.plotly_chart does with them
    import json

    assert "หนองคาย" in json.loads(charts.completeness_chart(by_area, "th").to_json())["data"][0]["y"]
