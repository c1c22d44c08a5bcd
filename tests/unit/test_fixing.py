"""Saving a fix in the core: scope, who and when, the file it lands in; what is left to fix."""

import pytest

from dashboard import corrections as fx
from dashboard import fixing
from dashboard.access import Access
from dashboard.export import export_table
from dashboard.pipeline import load_dataset, make_view

REG = [
    {"pair_id": "P1", "tambon_type": "ตำบลบ้านพี่", "province": "หนองคาย", "district": "ท่าบ่อ", "tambon": "ท่าบ่อ"},
    {"pair_id": "P2", "tambon_type": "ตำบลบ้านพี่", "province": "ขอนแก่น", "district": "เมือง", "tambon": "บ้านเป็ด"},
]
ROWS = {
    "register": REG,
    "2.1": [
        {"submitted_at": "1/8/2021 10:00", "province": "หนองคาย", "district": "ท่าบ่อ", "tambon": "ท่าบ"},  # row 2
        {"submitted_at": "1/8/2021 10:00", "province": "ขอนแก่น", "district": "เมือง", "tambon": "บ้านเปด",
         "reporter_phone": "0812345678"},  # row 3
    ],
}
NK_STAFF = Access("nk@cdd.go.th", "staff", ("43",), True, True)
NK_HEAD = Access("head@cdd.go.th", "province", ("43",))


def test_staff_save_a_fix_for_their_row_and_it_counts_after_the_next_pull(sheets):
    folder = sheets(ROWS)
    ds = load_dataset(folder)
    line = fx.Correction("2.1", 2, "tambon", "ท่าบ", "ท่าบ่อ", "ignored@x", "typo")
    saved = fixing.submit(ds, folder, [line], NK_STAFF)
    assert saved[0].by == "nk@cdd.go.th" and saved[0].at  # who and when come from the sign-in, not the form
    ds2 = load_dataset(folder)
    assert list(ds2.corrections["outcome"]) == ["applied"]
    assert make_view(ds2, scope=("43",)).used("2.1")["corrected"].all()


def test_scope_is_enforced_when_saving(sheets):
    folder = sheets(ROWS)
    ds = load_dataset(folder)
    kk_row = fx.Correction("2.1", 3, "tambon", "บ้านเปด", "บ้านเป็ด", "nk@cdd.go.th")
    with pytest.raises(fx.CorrectionRefused):
        fixing.submit(ds, folder, [kk_row], NK_STAFF)
    move = fx.Correction("2.1", 2, "province", "หนองคาย", "40", "nk@cdd.go.th")
    with pytest.raises(fx.CorrectionRefused):
        fixing.submit(ds, folder, [move], NK_STAFF)
    with pytest.raises(fx.CorrectionRefused):
        fixing.submit(ds, folder, [fx.Correction("2.1", 2, "tambon", "ท่าบ", "ท่าบ่อ", "")], NK_HEAD)
    with pytest.raises(fx.CorrectionRefused):
        fixing.submit(ds, "demo", [fx.Correction("2.1", 2, "tambon", "ท่าบ", "ท่าบ่อ", "")], NK_STAFF)
    assert not (folder / "corrections.csv").exists()  # nothing written by a refused fix


def test_to_fix_by_district_and_reason_within_scope(sheets):
    ds = load_dataset(sheets(ROWS))
    nk = fixing.to_fix(make_view(ds, scope=("43",)))
    assert nk[["district_name", "reason", "rows"]].values.tolist() == [["ท่าบ่อ", "unknown_place", 1]]
    assert fixing.to_fix(make_view(ds))["rows"].sum() == fixing.to_fix_count(make_view(ds)) == 2
    assert export_table(make_view(ds), "to-fix")["rows"].sum() == 2


def test_correction_lines_mask_personal_values_and_keep_to_scope(sheets):
    folder = sheets(ROWS)
    fx.append_local(folder, [fx.Correction("2.1", 3, "reporter_phone", "0812345678", "0898765432", "kk@cdd.go.th")])
    ds = load_dataset(folder)
    masked = export_table(make_view(ds), "corrections")
    assert "0898765432" not in masked.to_string() and masked.loc[0, "outcome"] == "applied"
    assert export_table(make_view(ds), "corrections", show_phones=True).loc[0, "value"] == "0898765432"
    assert export_table(make_view(ds, scope=("43",)), "corrections").empty  # a Khon Kaen line
