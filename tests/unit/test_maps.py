"""The ratings deck: colours by grade, Thai tooltips, view framed on the chosen province; legend."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd
import pydeck as pdk
import pytest

from dashboard import geo
from dashboard.ui import maps
from dashboard.ui.palette import GRADE_COLORS, THAI_FONT, hex_to_rgba

SHARED_GEO = Path(__file__).resolve().parents[2].parent / "shared" / "geo"


@pytest.fixture(scope="module")
def districts():
    return geo.load_boundaries("district", directory=SHARED_GEO)


@pytest.fixture(scope="module")
def provinces():
    return geo.load_boundaries("province", directory=SHARED_GEO)


@pytest.fixture
def ratings():
    # ratings_by_district(view) for Nong Khai: every district expected, some rated
    codes = ["4301", "4302", "4305", "4307", "4308", "4314", "4315", "4316", "4317"]
    grades = ["A", "B", "C", "D", "unrated", "unrated", "A", "B", "unrated"]
    return pd.DataFrame(
        {
            "district_code": codes,
            "district_name": ["เมืองหนองคาย", "ท่าบ่อ", "โพนพิสัย", "ศรีเชียงใหม่", "สังคม", "สระใคร", "เฝ้าไร่", "รัตนวาปี", "โพธิ์ตาก"],
            "province_code": ["43"] * 9,
            "province_name": ["หนองคาย"] * 9,
            "grade": grades,
            "score": [92.5, 81.0, 65.0, 40.0, None, None, 90.0, 80.0, None],
        }
    )


def _layer(deck: pdk.Deck, layer_id: str = maps.LAYER_ID) -> dict:
    spec = json.loads(deck.to_json())
    return next(layer for layer in spec["layers"] if layer["id"] == layer_id)


def _props(deck: pdk.Deck) -> dict[str, dict]:
    return {f["properties"]["district_code"]: f["properties"] for f in _layer(deck)["data"]["features"]}


def test_deck_colours_districts_by_grade(districts, ratings):
    deck = maps.ratings_deck(districts, ratings, province="43", lang="th")
    assert isinstance(deck, pdk.Deck)
    layer = _layer(deck)
    assert layer["@@type"] == "GeoJsonLayer"
    assert layer["pickable"] is True
    assert layer["getFillColor"] == "@@=properties.fill"
    props = _props(deck)
    assert len(props) == 878  # every district of the 76 provinces, Bangkok left out
    assert props["4301"]["fill"] == hex_to_rgba(GRADE_COLORS["A"], maps.FILL_ALPHA)
    assert props["4302"]["fill"][:3] == hex_to_rgba(GRADE_COLORS["B"])[:3]
    assert props["4305"]["fill"][:3] == hex_to_rgba(GRADE_COLORS["C"])[:3]
    assert props["4307"]["fill"][:3] == hex_to_rgba(GRADE_COLORS["D"])[:3]
    assert props["4308"]["fill"][:3] == hex_to_rgba(GRADE_COLORS["unrated"])[:3]
    # A is green, D is red, unrated grey
    assert props["4301"]["fill"][1] > props["4301"]["fill"][0]
    assert props["4307"]["fill"][0] > props["4307"]["fill"][1]
    r, g, b, _ = props["4308"]["fill"]
    assert r == g == b
    # outside the chosen province: faint, not a grade
    assert props["4711"]["grade"] == "outside"
    assert props["4711"]["fill"][3] == maps.CONTEXT_ALPHA


def test_thai_tooltips(districts, ratings):
    deck = maps.ratings_deck(districts, ratings, province="43", lang="th")
    tip = deck._tooltip
    assert "{tip_district}" in tip["html"] and "{tip_province}" in tip["html"]
    assert "{tip_grade}" in tip["html"] and "{tip_score}" in tip["html"]
    assert "อำเภอ" in tip["html"] and "คะแนน" in tip["html"] and "ระดับ" in tip["html"]
    assert tip["style"]["fontFamily"] == THAI_FONT
    p = _props(deck)["4301"]
    assert (p["tip_district"], p["tip_province"], p["tip_grade"], p["tip_score"]) == (
        "เมืองหนองคาย",
        "หนองคาย",
        "A ดีเยี่ยม",
        "92.5",
    )
    unrated = _props(deck)["4308"]
    assert unrated["tip_grade"] == "ยังไม่ประเมิน" and unrated["tip_score"] == "—"


def test_english_tooltips(districts, ratings):
    deck = maps.ratings_deck(districts, ratings, province="43", lang="en")
    p = _props(deck)["4307"]
    assert (p["tip_district"], p["tip_province"], p["tip_grade"]) == ("Si Chiang Mai", "Nong Khai", "D Needs improvement")
    assert "District" in deck._tooltip["html"]


def _inside(view, box) -> bool:
    return box[0] <= view.longitude <= box[2] and box[1] <= view.latitude <= box[3]


def test_view_frames_the_chosen_province(districts, ratings):
    deck = maps.ratings_deck(districts, ratings, province="43")
    view = deck.initial_view_state
    box = geo.bounds(geo.province_features(districts, "43"))
    assert _inside(view, box)
    assert 7.0 < view.zoom < 10.5
    country = maps.ratings_deck(districts, ratings).initial_view_state
    assert country.zoom < view.zoom
    assert 3.5 < country.zoom < 5.5
    assert 97 < country.longitude < 106 and 5 < country.latitude < 21


def test_a_province_far_south_is_framed_there(districts):
    view = maps.ratings_deck(districts, None, province="96").initial_view_state  # Narathiwat
    assert view.latitude < 7 and view.longitude > 101


def test_unknown_province_falls_back_to_the_country(districts):
    view = maps.ratings_deck(districts, None, province="99").initial_view_state
    assert 3.5 < view.zoom < 5.5


def test_view_for_bounds_fits_the_box():
    box = (100.0, 13.0, 101.0, 14.0)
    view = maps.view_for_bounds(box, width=800, height=600, padding=0)
    # at the chosen zoom one degree of longitude is at most 800 px wide
    px_per_degree = 512 * 2**view.zoom / 360
    assert px_per_degree * 1.0 <= 800 + 1e-6
    assert view.longitude == 100.5
    assert 13.0 < view.latitude < 14.0
    wider = maps.view_for_bounds((90.0, 13.0, 110.0, 14.0), width=800, height=600)
    assert wider.zoom < view.zoom
    tiny = maps.view_for_bounds((100.0, 13.0, 100.0, 13.0))
    assert tiny.zoom == maps.MAX_ZOOM
    assert math.isfinite(tiny.latitude)


def test_province_outlines_and_no_bangkok(districts, provinces, ratings):
    deck = maps.ratings_deck(districts, ratings, province="43", province_geojson=provinces)
    outline = _layer(deck, maps.OUTLINE_LAYER_ID)
    assert len(outline["data"]["features"]) == 76
    assert outline["filled"] is False


def test_deck_json_is_compact_and_has_no_unused_properties(districts, ratings):
    text = maps.ratings_deck(districts, ratings).to_json()
    assert "\n" not in text
    assert "Shape_Leng" not in text and "validOn" not in text
    # Thai as UTF-8, not escaped; only the drawn and tooltip properties travel
    assert "หนองคาย" in text and "\\u0e" not in text.lower()
    props = _props(maps.ratings_deck(districts, ratings, province="43"))["4301"]
    assert set(props) == set(maps.DECK_PROPERTIES)
    assert len(text.encode()) < 520_000  # 720 kB before: every joined name travelled, escaped


def test_legend_items_and_html():
    items = maps.legend_items("th", {"A": 10, "B": 5, "C": 3, "D": 2, "unrated": 0})
    assert items["grade"].tolist() == ["A", "B", "C", "D", "unrated"]
    assert items["label"].tolist() == ["A ดีเยี่ยม", "B ดีมาก", "C ปานกลาง", "D ปรับปรุง", "ยังไม่ประเมิน"]
    assert items["color"].tolist() == [GRADE_COLORS[g] for g in ("A", "B", "C", "D", "unrated")]
    assert items["count"].tolist() == [10, 5, 3, 2, 0]
    assert items.loc[0, "share"] == 50.0
    html = maps.legend_html("th", {"A": 1000, "D": 1})
    assert 'class="grade-legend"' in html
    assert "ระดับผลการประเมิน" in html
    assert "A ดีเยี่ยม 1,000" in html
    assert GRADE_COLORS["D"] in html and GRADE_COLORS["unrated"] in html
    assert html.count('data-grade="') == 5
    plain = maps.legend_html("en")
    assert "Not rated" in plain and "Rating" in plain
    assert "None" not in plain
