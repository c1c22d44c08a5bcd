"""Suggestions for set-aside places: Thai-aware similarity and the set-aside table's columns."""

import pytest

from dashboard import suggest as sg
from dashboard.config import load_config
from dashboard.export import export_table
from dashboard.metrics import quarantine_table
from dashboard.normalize.places import gazetteer
from dashboard.pipeline import load_dataset, make_view


@pytest.fixture(scope="module")
def suggester():
    return sg.suggester(gazetteer(load_config()))


def test_a_missing_tone_mark_costs_less_than_a_missing_letter():
    assert sg.distance("บ้านเปด", "บ้านเป็ด") == pytest.approx(sg.MARK_COST)
    assert sg.distance("บ้านเป็", "บ้านเป็ด") == pytest.approx(1.0)
    assert sg.similarity("บ้านเปด", "บ้านเป็ด") > sg.similarity("บ้านเป็", "บ้านเป็ด")


@pytest.mark.parametrize(
    "level, province, district, tambon, code",
    [
        ("tambon", "ขอนแก่ฯ", "เมือง", "บ้านเป็ด", "400115"),  # province cut short with ฯ
        ("tambon", "ขอนแก่น", "เมือง", "บ้านเปด", "400115"),  # tone mark missing
        ("tambon", "ขอนแก่น", "เมือง", "บ้านเป็็ด", "400115"),  # tone mark doubled
        ("tambon", "จ.ขอนแก่น", "อ.อ.เมือง", "ต.ต.บ้านเป็ด", "400115"),  # prefixes typed twice
        ("tambon", "ขอนแก่น", "ชุมแพ", "บ้านเป็ด", "400115"),  # a neighbouring district's name
        ("district", "หนองคาย", "ท่าบ", "", "4302"),  # a letter missing
        ("province", "ขอนแกน", "", "", "40"),
    ],
)
def test_the_intended_place_comes_first(suggester, level, province, district, tambon, code):
    found = suggester.suggest(level, province, district, tambon)
    assert found[0].code == code
    assert 0 < found[0].score <= 1
    assert len(found) == 3 and found[0].score >= found[1].score >= found[2].score


def test_an_ambiguous_tambon_lists_each_place_it_could_be(suggester):
    # ในเมือง is a tambon of several districts of Nakhon Ratchasima: both come up, equally.
    found = suggester.suggest("tambon", "นครราชสีมา", "", "ในเมือง")
    assert {"300101", "301501"} <= {s.code for s in found[:2]}
    assert found[0].score == found[1].score


def test_set_aside_table_and_download_carry_suggestions_never_applied(sheets):
    rows = {
        "register": [{"pair_id": "P1", "tambon_type": "ตำบลบ้านพี่", "province": "ขอนแก่น", "district": "เมือง",
                      "tambon": "บ้านเป็ด"}],
        "2.1": [
            {"submitted_at": "1/8/2021 10:00", "province": "ขอนแก่น", "district": "เมือง", "tambon": "บ้านเปด"},
            {"submitted_at": "1/8/2021 10:00", "province": "ขอนแก่น", "district": "เมือง", "tambon": "บ้านเปด"},
            {"submitted_at": "99/8/2021", "province": "ขอนแก่น", "district": "เมือง", "tambon": "บ้านเป็ด"},
        ],
    }
    ds = load_dataset(sheets(rows))
    q = quarantine_table(make_view(ds))
    assert list(q.columns[:8]) == ["source", "row", "reason", "detail", "detail_en", *sg.COLUMNS]
    place_rows = q.loc[q["reason"] == "unknown_place"]
    assert len(place_rows) == 2
    assert all(sg.code_of(s) == "400115" for s in place_rows["suggestion_1"])
    assert (q.loc[q["reason"] == "bad_value", "suggestion_1"] == "").all()
    assert make_view(ds).used("2.1").empty  # nothing applied by itself
    out = export_table(make_view(ds), "quarantine")
    assert "suggestion_1" in out.columns and sg.code_of(out["suggestion_1"].iloc[0]) == "400115"
    # one ranking per distinct written place
    assert ("tambon", "ขอนแก่น", "เมือง", "บ้านเปด") in sg.suggester(gazetteer(ds.cfg))._memo
    # an English page names the suggested place in English; the stored label (what a correction
    # is made from) stays as it is
    label = place_rows["suggestion_1"].iloc[0]
    assert label.startswith("400115 ต.บ้านเป็ด อ.เมืองขอนแก่น จ.ขอนแก่น (")
    english = sg.shown_label(label, gazetteer(ds.cfg), "en")
    assert english == "400115 Ban Pet, Mueang Khon Kaen, Khon Kaen " + label[label.index("("):]
    assert sg.code_of(english) == "400115" and sg.shown_label(label, gazetteer(ds.cfg), "th") == label
    from dashboard.screen import screen_table

    page = screen_table(make_view(ds), "quarantine", "en").page
    assert page["Suggestion 1"].iloc[0] == english
