"""The Data page closes the loop: staff fix their provinces' rows, heads see what is left to fix."""

from __future__ import annotations

import pytest
from shared_roles import NONG_KHAI_ROLES

from dashboard import fixing, suggest
from dashboard.access import Access
from dashboard.i18n import t

STAFF = Access("staff.nk@cdd.go.th", "staff", ("43",), True, True)


@pytest.fixture
def signed_in(secrets, new_app):
    secrets(NONG_KHAI_ROLES, auth=True)

    def run(email: str, lang: str | None = None):
        at = new_app({"table": "quarantine", **({"lang": lang} if lang else {})})
        at.user = {"is_logged_in": True, "email": email, "email_verified": True}
        at.run()
        at.switch_page("screens/data.py").run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return run


def _frame(at, column: str):
    return next(d.value for d in at.dataframe if column in d.value.columns)


def test_a_provincial_head_sees_what_is_left_to_fix_and_no_fix_form(signed_in, core):
    at = signed_in("head.nk@cdd.go.th")
    view = core(scope=("43",))
    expected = fixing.to_fix(view)
    assert not expected.empty
    shown = _frame(at, t("col.rows"))
    assert shown[t("col.rows")].sum() == expected["rows"].sum() == fixing.to_fix_count(view)
    assert "fix_row" not in [s.key for s in at.selectbox]
    # the set-aside table carries the suggestions, headed in Thai
    q = _frame(at, t("col.suggestion_1"))
    assert (q[t("col.suggestion_1")] != "").any()


def test_staff_get_their_rows_with_suggestions_and_the_demo_is_not_corrected(signed_in, core):
    at = signed_in("staff.nk@cdd.go.th")
    rows = fixing.fixable_rows(core(scope=("43",)), STAFF)
    assert len(at.selectbox(key="fix_row").options) == len(rows) > 0
    place = next(i for i, r in rows.iterrows() if r["reason"] == "unknown_place")
    at.selectbox(key="fix_row").set_value(place).run()
    row = rows.loc[place]
    choices = at.radio(key=f"fix_choice_{row['source'].replace('.', '_')}_{row['row']}").options
    assert suggest.code_of(choices[0]) == suggest.code_of(rows.loc[place, "suggestion_1"]) is not None
    assert choices[-1] == t("fix.own")
    at.button(key="fix_save").click().run()
    # demo data: refused, clearly, and nothing is written
    assert any("ข้อมูลตัวอย่าง" in e.value for e in at.error), ([e.value for e in at.error], [w.value for w in at.warning], [i.value for i in at.info], [s.value for s in at.success], at.exception, [b.label for b in at.button])


def test_english_fix_form_names_the_row_and_the_suggested_place_in_english(signed_in, core):
    from dashboard.normalize.places import gazetteer

    at = signed_in("staff.nk@cdd.go.th", lang="en")
    view = core(scope=("43",))
    rows = fixing.fixable_rows(view, STAFF)
    place = next(i for i, r in rows.iterrows() if r["reason"] == "unknown_place")
    row = rows.loc[place]
    at.selectbox(key="fix_row").set_value(place).run()
    assert not at.exception
    shown = at.selectbox(key="fix_row").options[place]  # the row as the page names it
    choices = at.radio(key=f"fix_choice_{row['source'].replace('.', '_')}_{row['row']}").options
    stored = row["suggestion_1"]
    english = suggest.shown_label(stored, gazetteer(view.cfg), "en")
    assert english != stored and choices[0] == english  # shown in English, the same code
    assert suggest.code_of(choices[0]) == suggest.code_of(stored)
    assert shown.endswith(" · " + row["detail_en"]) and row["detail"] not in shown


def test_a_staff_row_removed_after_the_page_was_drawn_saves_nothing(signed_in, secrets, monkeypatch):
    at = signed_in("staff.nk@cdd.go.th")
    saved = []
    monkeypatch.setattr(fixing, "submit", lambda *a, **k: saved.append(a) or [])
    # the staff row goes from the role table while the page is open; the head's row stays
    secrets(NONG_KHAI_ROLES.split("[[roles]]\nemail = \"staff.nk")[0], auth=True)
    at.button(key="fix_save").click().run()
    assert saved == []
    # the click's callback refused before this run drew the no-access page
    assert at.session_state["fix_result"] == ("error", t("downloads.access_withdrawn"))
