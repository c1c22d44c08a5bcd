"""Figures over small hand-built sheets, against the contract's definitions."""

from datetime import date

import pytest

from dashboard import metrics as m
from dashboard.pipeline import load_dataset, make_view

REG = [
    {"pair_id": "P1", "tambon_type": "ตำบลบ้านพี่", "province": "หนองคาย", "district": "ท่าบ่อ", "tambon": "ท่าบ่อ"},
    {"pair_id": "P1", "tambon_type": "ตำบลเมืองน้อง", "province": "หนองคาย", "district": "เมือง", "tambon": "ในเมือง"},
    {"pair_id": "P2", "tambon_type": "ตำบลบ้านพี่", "province": "นครราชสีมา", "district": "เมือง", "tambon": "ในเมือง"},
    {"pair_id": "P2", "tambon_type": "ตำบลเมืองน้อง", "province": "นครราชสีมา", "district": "เมือง", "tambon": "โพธิ์กลาง"},
]
PLACES = {
    "thabo": {"province": "หนองคาย", "district": "ท่าบ่อ", "tambon": "ท่าบ่อ"},
    "naimueang": {"province": "หนองคาย", "district": "เมือง", "tambon": "ในเมือง"},
    "korat": {"province": "โคราช", "district": "เมือง", "tambon": "ในเมือง"},
}


def leaders(place, n, when, first="ก"):
    return [
        {**PLACES[place], "submitted_at": when, "first_name": f"{first}{i}", "last_name": place}
        for i in range(n)
    ]


def r22(place, when, dev, drv, act="มี"):
    return {**PLACES[place], "submitted_at": when, "leaders_developed": str(dev),
            "leaders_driving": str(drv), "self_reliance_activity": act}


@pytest.fixture
def ds(sheets):
    rows = {
        "register": REG,
        "1.1": leaders("thabo", 15, "1/8/2021 10:00") + leaders("naimueang", 3, "9/8/2021 10:00")
        + leaders("korat", 2, "5/8/2021 10:00"),
        "2.1": [{**PLACES["thabo"], "submitted_at": "8/8/2021 23:59:59"},
                {**PLACES["naimueang"], "submitted_at": "9/8/2021 00:00:00"}],
        "2.2": [r22("thabo", "10/9/2021 10:00", 15, 12),
                r22("thabo", "20/9/2021 10:00", 15, 13),  # corrected late: still on time
                r22("korat", "16/9/2021 10:00", 10, 5, act="ไม่มี")],
        "3": [
            {"submitted_at": "10/8/2021 10:00", "province": "หนองคาย", "phase": "เข้าใจ",
             "youtube_url": "https://youtu.be/aaaaaaaaaaa", "duration": "2:00"},
            {"submitted_at": "31/8/2021 10:00", "province": "หนองคาย", "phase": "เข้าถึง",
             "youtube_url": "https://youtu.be/bbbbbbbbbbb", "duration": "3:30"},
            {"submitted_at": "31/8/2021 10:00", "province": "หนองคาย", "phase": "เข้าถึง",
             "youtube_url": "https://youtu.be/ccccccccccc", "duration": "1:00"},
        ],
        "4": [{"submitted_at": "1/9/2021 10:00", "province": "หนองคาย", "district": "เมือง", "score": "95", "grade": "A"},
              {"submitted_at": "1/10/2021 10:00", "province": "หนองคาย", "district": "ท่าบ่อ", "score": "70", "grade": "C"}],
    }
    return load_dataset(sheets(rows))


def test_leaders_and_tambons(ds):
    v = make_view(ds)
    lp = m.leader_progress(v)
    assert (lp["registered"], lp["older"], lp["younger"], lp["target"]) == (20, 17, 3, 30000)
    tp = m.tambon_progress(v)
    assert (tp["engaged"], tp["full_leaders"], tp["with_activity"], tp["target"]) == (3, 1, 1, 2000)


def test_kpi_uses_rows_in_use(ds):
    # in use: thabo's correction (15, 13) and korat (10, 5): 18 / 25
    assert m.kpi_driving(make_view(ds)) == 72.0


def test_completeness_on_time_late_missing(ds):
    c = m.completeness(make_view(ds))
    assert c.loc["1.1", ["expected", "received", "on_time", "late", "missing"]].tolist() == [4, 3, 2, 1, 1]
    # 23:59:59 on the deadline day is on time; midnight after is late
    assert c.loc["2.1", ["received", "on_time", "late"]].tolist() == [2, 1, 1]
    # 2.2: thabo on time (first 10 Sep, corrected 20 Sep), korat late (16 Sep)
    assert c.loc["2.2", ["received", "on_time", "late", "missing"]].tolist() == [2, 1, 1, 2]
    assert c.loc["3", ["expected", "received", "on_time", "late"]].tolist() == [228, 2, 1, 1]
    assert c.loc["4", ["expected", "received", "on_time", "late"]].tolist() == [878, 2, 1, 1]


def test_province_filter_makes_every_expected_count_the_provinces(ds):
    v = make_view(ds, province="43")
    c = m.completeness(v)
    import geothai

    assert c.loc["1.1", "expected"] == 2
    assert c.loc["3", "expected"] == 3
    assert c.loc["4", "expected"] == len(geothai.districts("43"))
    assert m.leader_progress(v)["target"] == 30
    by = m.completeness_by_area(v, "1.1")
    assert set(by["code"]) == {"4301", "4302"}  # by district inside a province


def test_as_of_drops_later_rows_before_counting(ds):
    v = make_view(ds, as_of=date(2021, 8, 8))
    assert m.leader_progress(v)["registered"] == 17
    assert m.completeness(v).loc["2.1", "received"] == 1
    v2 = make_view(ds, as_of=date(2021, 9, 15))
    assert m.kpi_driving(v2) == 80.0  # only thabo's first 2.2


def test_missing_units_and_pairs(ds):
    v = make_view(ds)
    miss = m.missing_units(v, "2.2")
    assert set(miss["tambon"]) == {"ในเมือง", "โพธิ์กลาง"} and len(miss) == 2
    naimueang = miss.loc[miss["province"] == "หนองคาย"].iloc[0]
    assert naimueang["partner_tambon"] == "ท่าบ่อ" and naimueang["pair_id"] == "P1"
    assert m.pairs_status(v) == {"both": 0, "one": 2, "none": 0}
    assert m.pairs_status(v, report="1.1") == {"both": 1, "one": 1, "none": 0}


def test_clips_matrix_and_over_length(ds):
    v = make_view(ds)
    cm = m.clips_matrix(v)
    nk = cm.loc[cm["province_code"] == "43"].set_index("phase")
    assert nk["status"].to_dict() == {"understand": "on_time", "reach": "late", "develop": "missing"}
    assert nk.loc["reach", "clips"] == 2
    rep = m.report_dict(v)
    assert rep["clips"] == {"understand": 1, "reach": 1, "develop": 0, "over_length": 1}


def test_ratings(ds):
    v = make_view(ds)
    r = m.ratings_by_district(v)
    assert len(r) == 878
    assert r.set_index("district_code").loc["4301", "grade"] == "A"
    assert m.rating_counts(v) == {"A": 1, "B": 0, "C": 1, "D": 0, "unrated": 876}
    share = m.ratings_share_by_province(make_view(ds, province="43"))
    assert share.iloc[0]["A"] == 1 and share.iloc[0]["C"] == 1


def test_cumulative_submissions_are_monotonic(ds):
    cum = m.cumulative_submissions(make_view(ds))
    for _, g in cum.groupby("report"):
        assert g["received"].is_monotonic_increasing
    last = cum.groupby("report")["received"].last()
    assert last["1.1"] == 3 and last["4"] == 2


def test_ranking_worst_first(ds):
    rank = m.province_ranking(make_view(ds))
    assert rank["pct_received"].is_monotonic_increasing
    assert len(rank) == 76


def test_report_accounting(ds):
    rep = m.report_dict(make_view(ds))
    rows = rep["rows"]
    assert rows["read"] == rows["used"] + rows["duplicate"] + rows["quarantined"]
    assert sum(rep["issues"].values()) == rows["quarantined"]
    assert "rows" not in m.report_dict(make_view(ds, province="43"))


def test_quarantine_table_keeps_original_cells(sheets):
    rows = {"register": REG, "4": [{"submitted_at": "1/9/2021", "province": "ไม่มี", "district": "x", "grade": "A"}]}
    v = make_view(load_dataset(sheets(rows)))
    q = m.quarantine_table(v)
    assert q[["source", "row", "reason"]].values.tolist() == [["4", 2, "unknown_place"]]
    assert q.iloc[0]["จังหวัด"] == "ไม่มี"
