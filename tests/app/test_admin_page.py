"""The administrators' page: the header check on the loaded sheets, proposals confirmed one by
one, the mapping overlay to download; shown to the admin role and in the open demo only."""

from __future__ import annotations

import tomllib

import pytest

from dashboard.config import DEFAULT_CONFIG
from dashboard.i18n import t

ROLES = """
[[roles]]
email = "admin@cdd.go.th"
role = "admin"

[[roles]]
email = "director@cdd.go.th"
role = "executive"
"""

# The configuration words three questions otherwise than the demo sheets do, one of them required:
# the sheets then look to it as an office's own form looks to the programme's configuration.
REWORDED = {
    'national_id = "เลขประจำตัวประชาชน"': 'national_id = "เลขบัตรประจำตัวประชาชน 13 หลัก"',
    'duration = "ความยาวคลิป (นาที:วินาที)"': 'duration = "ความยาวของคลิป"',
    'grade = "ระดับผลการประเมิน"': 'grade = "ผลการประเมิน (ระดับ)"',
}


def _texts(at) -> str:
    return "\n".join(str(e.value) for kind in ("success", "error", "info", "caption", "warning") for e in getattr(at, kind))


def _admin(new_app, lang: str | None = None, user: dict | None = None):
    at = new_app({"lang": lang} if lang else None)
    if user is not None:
        at.user = user
    at.run()
    at.switch_page("screens/admin.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_open_demo_shows_the_check_and_says_why(new_app):
    at = _admin(new_app)
    assert at.title[0].value == t("page.admin", "th")
    text = _texts(at)
    assert t("check.ok", "th") in text and t("admin.open_demo", "th") in text
    assert len(at.checkbox) == 0  # the demo's headers are the configured ones: nothing to propose
    assert "[[mapping]]" not in at.code[0].value


@pytest.fixture
def reworded_config(tmp_path, monkeypatch):
    text = DEFAULT_CONFIG.read_text(encoding="utf-8")
    for old, new in REWORDED.items():
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "programme.toml"
    path.write_text(text, encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_CONFIG", str(path))
    return path


def test_proposals_are_confirmed_one_by_one_and_the_overlay_holds_only_those(new_app, reworded_config):
    at = _admin(new_app, lang="en")
    keys = {c.key for c in at.checkbox}
    assert keys == {"confirm_1.1_national_id", "confirm_3_duration", "confirm_4_grade"}
    assert not any(c.value for c in at.checkbox)
    assert "[[mapping]]" not in at.code[0].value
    assert t("check.ok", "en") in _texts(at)  # every required field is proposed with confidence

    at.checkbox(key="confirm_1.1_national_id").check().run()
    at.checkbox(key="confirm_4_grade").check().run()
    assert not at.exception
    overlay = tomllib.loads(at.code[0].value)["mapping"]
    assert sorted((m["source"], m["field"], m["header"]) for m in overlay) == [
        ("1.1", "national_id", "เลขประจำตัวประชาชน"),
        ("4", "grade", "ระดับผลการประเมิน"),
    ]
    assert t("admin.pairs", "en", n="2") in _texts(at)


def test_the_admin_role_sees_the_page_and_an_executive_does_not(new_app, secrets):
    secrets(ROLES, auth=True)
    at = _admin(new_app, user={"is_logged_in": True, "email": "admin@cdd.go.th", "email_verified": True})
    assert at.title[0].value == t("page.admin", "th")
    assert t("check.ok", "th") in _texts(at) and t("admin.open_demo", "th") not in _texts(at)

    at = new_app()
    at.user = {"is_logged_in": True, "email": "director@cdd.go.th", "email_verified": True}
    at.run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):  # not in their navigation
        at.switch_page("screens/admin.py")
    assert all(ti.value != t("page.admin", "th") for ti in at.title)


def test_the_app_reads_the_overlay_from_the_environment(new_app, reworded_config, tmp_path, monkeypatch, cfg):
    from dashboard import metrics
    from dashboard.i18n import fmt_int
    from dashboard.pipeline import load_dataset, make_view

    at = _admin(new_app)
    for box in at.checkbox:
        box.check()
    at.run()
    overlay = tmp_path / "mapping.toml"
    overlay.write_text(at.code[0].value, encoding="utf-8")
    monkeypatch.setenv("DASHBOARD_MAPPING", str(overlay))
    at = new_app()
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    # The overview's leaders figure is the clean demo's.
    clean = metrics.report_dict(make_view(load_dataset("demo", cfg)))
    assert any(fmt_int(clean["leaders"]["registered"]) in str(m.value) for m in at.metric)


def test_an_admin_signs_in_and_reaches_the_check_while_a_required_column_is_missing(new_app, reworded_config, secrets):
    secrets(ROLES, auth=True)
    at = _admin(new_app, user={"is_logged_in": True, "email": "admin@cdd.go.th", "email_verified": True})
    assert at.title[0].value == t("page.admin", "th")
    assert "confirm_4_grade" in {c.key for c in at.checkbox}  # form 4's grade: required, reworded
