"""The digest's parts: recipients from the secrets, alert rules, what changed, links, LINE limits."""

from __future__ import annotations

import dataclasses
import json
import re
import subprocess
import sys
from datetime import date

import pytest

from dashboard import delivery, notify
from dashboard.errors import ConfigError
from dashboard.pipeline import load_dataset, make_view


@pytest.fixture(scope="module")
def demo():
    return load_dataset("demo")


def test_recipients_from_the_secrets(cfg):
    secrets = {
        "notify": {
            "line": [{"group_id": "Cabc", "provinces": ["all"]}, {"group_id": "Cdef", "provinces": ["หนองคาย", "41"]}],
            "email": [{"to": ["a@x.go.th", "b@x.go.th"], "provinces": ["จ.หนองคาย"]}],
        }
    }
    line_all, line_two, mail = notify.recipients(secrets, cfg)
    assert line_all.provinces is None and line_all.to == ("Cabc",)
    assert line_two.provinces == ("41", "43")
    assert mail.kind == "email" and mail.to == ("a@x.go.th", "b@x.go.th") and mail.provinces == ("43",)
    assert mail.key == "email:a@x.go.th,b@x.go.th"


@pytest.mark.parametrize(
    "secrets, words",
    [
        ({}, "No [notify]"),
        ({"notify": {}}, "nobody to send to"),
        ({"notify": {"line": [{"provinces": ["all"]}]}}, "no group_id"),
        ({"notify": {"line": [{"group_id": "C1", "provinces": ["Atlantis"]}]}}, "unknown province 'Atlantis'"),
        ({"notify": {"email": [{"to": ["not-an-address"]}]}}, "e-mail addresses"),
    ],
)
def test_bad_recipients_are_named(cfg, secrets, words):
    with pytest.raises(ConfigError, match=words.replace("[", r"\[")):
        notify.recipients(secrets, cfg)


def test_links_carry_the_scope():
    one = notify.Recipient("line", ("C1",), ("43",))
    assert notify.dashboard_link("https://d.go.th/", one, date(2021, 8, 5)) == "https://d.go.th/?province=43&as_of=2021-08-05"
    every = notify.Recipient("line", ("C1",), None)
    assert notify.dashboard_link("https://d.go.th", every, None) == "https://d.go.th/"


def test_alert_rules_follow_the_configuration(demo):
    view = make_view(demo, as_of=date(2021, 8, 5))
    from dashboard.forecast import full_report

    figures = full_report(view)
    fired = {a.id for a in notify.alerts(view, figures, date(2021, 8, 5))}
    # 1.1 at 79.8 % and 2.1 at 74.8 %, three days before 8 Aug; clips are forecast after 15 Sep.
    assert {"below_share:1.1", "below_share:2.1", "forecast_late:1.1", "forecast_late:3"} <= fired
    assert "below_share:2.2" not in fired  # its deadline is 41 days away
    # A lower bar and no forecast rule: only 2.1 is below 75 %.
    quiet = dataclasses.replace(demo.cfg, alerts={"below_share": 0.75, "days_before": 7})
    view2 = make_view(dataclasses.replace(demo, cfg=quiet, _views={}, _by_cutoff={}), as_of=date(2021, 8, 5))
    assert [a.id for a in notify.alerts(view2, full_report(view2), date(2021, 8, 5))] == ["below_share:2.1"]
    # After the deadline: overdue, not "below share".
    late = make_view(demo, as_of=date(2021, 8, 10))
    late_ids = {a.id for a in notify.alerts(late, full_report(late), date(2021, 8, 10))}
    assert {"overdue:1.1", "overdue:2.1"} <= late_ids and "below_share:1.1" not in late_ids


def test_changes_since_the_last_digest(demo):
    from dashboard.forecast import full_report

    before = notify.snapshot(full_report(make_view(demo, as_of=date(2021, 8, 4))))
    now = full_report(make_view(demo, as_of=date(2021, 8, 5)))
    lines = notify.changes(before, now)
    grew = now["reports"]["1.1"]["received"] - before["received"]["1.1"]
    assert grew > 0 and f"• 1.1 ส่งเพิ่ม +{grew:,} หน่วย" in lines
    assert notify.changes(notify.snapshot(now), now) == []


def test_split_text_keeps_every_character():
    text = "ก" * 12_000 + "\n" + "ข" * 10
    pieces = delivery.split_text(text)
    # A line longer than a message is cut; what is left of it shares a message with the next line.
    assert [len(p) for p in pieces] == [5000, 5000, 2011]
    assert "".join(pieces) == text
    assert len(delivery.pushes([text] * 2)) == 2  # 8 messages: a push of 5, one of 3


def test_state_survives_a_damaged_file(tmp_path, capsys):
    path = tmp_path / "notify_state.json"
    path.write_text("{not json", encoding="utf-8")
    assert notify.load_state(path) == {} and "unreadable" in capsys.readouterr().err
    notify.save_state({"last_digest": {"at": "2021-08-05T08:00:00+07:00"}}, path)
    assert notify.last_digest(path).hour == 8
    assert json.loads(path.read_text(encoding="utf-8"))["last_digest"]


def test_report_json_has_the_forecast():
    out = subprocess.run(
        [sys.executable, "-m", "dashboard", "report", "--source", "demo", "--as-of", "2021-08-05", "--province", "43"],
        capture_output=True, text=True,
    )
    rep = json.loads(out.stdout)
    f = rep["forecast"]["1.1"]
    assert set(f) >= {"projected_complete", "pace_per_day", "late_risk", "range", "status"}
    assert f["projected_complete"] == "2021-08-15" and f["late_risk"] is True
    assert rep["forecast"]["2.2"] == {**rep["forecast"]["2.2"], "projected_complete": None, "status": "not_started"}


def test_a_digest_from_stale_data_says_so(demo, tmp_path):
    stale = dataclasses.replace(demo, raw=dataclasses.replace(demo.raw, stale=True), _views={}, _by_cutoff={})
    secrets = {"notify": {"line": [{"group_id": "C1", "provinces": ["43"]}]}}
    sent = []
    outcomes = notify.run(stale, secrets, as_of=date(2021, 8, 5), path=tmp_path / "s.json",
                          send=lambda who, subject, text: sent.append(text))
    assert outcomes[0].sent and "⚠️ อ่าน Google Sheets ไม่ได้ ตัวเลขนี้มาจากข้อมูลล่าสุดที่ดึงได้" in sent[0].splitlines()[1]
    fresh = []
    notify.run(demo, secrets, as_of=date(2021, 8, 5), path=tmp_path / "t.json", send=lambda w, s, t: fresh.append(t))
    assert "Google Sheets" not in fresh[0]


def test_a_failed_send_keeps_the_recipients_state(demo, tmp_path):
    from dashboard.delivery import DeliveryError

    secrets = {"notify": {"line": [{"group_id": "C1", "provinces": ["43"]}, {"group_id": "C2", "provinces": ["all"]}]}}
    path = tmp_path / "s.json"

    def send(who, subject, text):
        if who.to == ("C1",):
            raise DeliveryError("C1 down")

    outcomes = notify.run(demo, secrets, as_of=date(2021, 8, 5), path=path, send=send)
    assert [o.sent for o in outcomes] == [False, True] and str(outcomes[0].error) == "C1 down"
    state = notify.load_state(path)
    assert set(state["recipients"]) == {"line:C2"} and state["last_digest"]["recipients"] == 1


# ---- the words: the catalogue's, Thai on the wire, English for previews ------------------------

THAI = re.compile(r"[\u0E00-\u0E7F]")


def _digest(ds, lang, as_of=date(2021, 8, 5), provinces=None, previous=None):
    """One digest as `run` composes it, in `lang`."""
    from dashboard.forecast import full_report

    who = notify.Recipient("line", ("C1",), provinces)
    view = notify.scope_view(ds, who, as_of)
    figures = full_report(view)
    fired = notify.alerts(view, figures, as_of, lang)
    changed = notify.changes(previous, figures, lang) if previous else None
    text = notify.compose(view, who, figures, changed, fired, 2, "https://d/", as_of, lang)
    return text, figures, fired


def test_the_digest_reads_in_english_with_the_same_figures(demo):
    en, figures, fired = _digest(demo, "en")
    th, _, _ = _digest(demo, "th")
    assert not THAI.search(en), [line for line in en.splitlines() if THAI.search(line)]
    assert en.startswith("📊 Ban Phi Mueang Nong — whole country, as of 5 Aug 2021\n")
    c = figures["reports"]["2.1"]
    assert f"• 2.1 Before work starts: {c['received']:,}/{c['expected']:,} " in en
    assert f"· on time {c['on_time']:,} · missing {c['missing']:,}" in en
    assert "(2 earlier alerts were already sent within 24 hours)" in en
    assert any(a.text.startswith("⚠️ Form 2.1 is at 74.8%, below 80%, 3 days before its deadline 8 Aug 2021") for a in fired)
    # Line for line the same digest: only the words differ.
    assert len(en.splitlines()) == len(th.splitlines())
    def numbers(line):  # a Buddhist-Era year read as the Common Era's
        found = re.findall(r"\d+(?:[,.]\d+)*%?", line)
        return [str(int(n) - 543) if n.isdigit() and int(n) >= 2400 else n for n in found]

    assert [numbers(x) for x in en.splitlines()] == [numbers(x) for x in th.splitlines()]
    # The subject too.
    view = notify.scope_view(demo, notify.Recipient("email", ("a@x",), ("43",)), date(2021, 8, 5))
    who = notify.Recipient("email", ("a@x",), ("43",))
    assert notify.subject(view, who, date(2021, 8, 5), "en") == "Ban Phi Mueang Nong progress: Nong Khai, as of 5 Aug 2021"
    assert notify.subject(view, who, date(2021, 8, 5)) == "สรุปความก้าวหน้าโครงการบ้านพี่เมืองน้อง จังหวัดหนองคาย ข้อมูล ณ 5 ส.ค. 2564"


def test_the_line_summary_in_english(demo):
    from datetime import datetime

    from dashboard.forecast import full_report
    from dashboard.summary import line_summary

    view = make_view(demo, as_of=date(2021, 8, 10), province="43")
    report = full_report(view)
    now = datetime(2021, 8, 10, 9, 0, tzinfo=demo.cfg.timezone)
    en, th = line_summary(view, report, now, lang="en"), line_summary(view, report, now)
    assert en.startswith("📊 Ban Phi Mueang Nong — Nong Khai, as of 10 Aug 2021\n")
    assert th.startswith("📊 บ้านพี่เมืองน้อง — จังหวัดหนองคาย ข้อมูล ณ 10 ส.ค. 2564\n")
    assert "⏰ Past the deadline, not yet sent: 1.1 " in en and "⏰ เลยกำหนดแล้วยังไม่ส่ง: 1.1 " in th
    assert not THAI.search(en)


def test_changes_both_ways_in_both_languages(demo):
    from dashboard.forecast import full_report

    now = full_report(make_view(demo, as_of=date(2021, 8, 5)))
    more = {"received": {r: c["received"] + 3 for r, c in now["reports"].items()}, "leaders": now["leaders"]["registered"],
            "engaged": now["tambons"]["engaged"] - 2}
    assert notify.changes(more, now)[0] == "• 1.1 ส่งลดลง -3 หน่วย"
    assert notify.changes(more, now)[-1] == "• ตำบลที่มีรายงาน +2 ตำบล"
    assert notify.changes(more, now, "en")[0] == "• 1.1 received -3 units fewer"
    assert notify.changes(more, now, "en")[-1] == "• Tambons reporting +2"


def test_every_report_is_named_in_both_languages(cfg):
    from dashboard.i18n import t
    from dashboard.summary import report_name

    for r in cfg.report_ids:
        for lang in ("th", "en"):
            assert t(f"notify.report.{r}", lang).startswith(f"{r} "), (r, lang)  # alerts and readers find the id
            assert report_name(cfg, r, lang) == t(f"notify.report.{r}", lang)
    # A form added in the TOML alone is named by its configured title until the catalogue names it.
    extra = dataclasses.replace(cfg.sources["4"], id="5", title_th="แบบรายงาน 5 ทดลอง", title_en="Form 5 trial")
    more = dataclasses.replace(cfg, sources={**cfg.sources, "5": extra})
    assert report_name(more, "5") == "แบบรายงาน 5 ทดลอง" and report_name(more, "5", "en") == "Form 5 trial"


def test_recipient_errors_carry_their_catalogue_key(cfg):
    from dashboard.i18n import t

    with pytest.raises(ConfigError) as err:
        notify.recipients({"notify": {"line": [{"group_id": "C1", "provinces": ["Atlantis"]}]}}, cfg)
    e = err.value
    assert e.key == "notify.unknown_province" and e.values == {"where": "[[notify.line]] #1", "province": "Atlantis"}
    assert e.message_th == "[[notify.line]] #1: ไม่รู้จักจังหวัด 'Atlantis' ให้ระบุรหัส 2 หลักหรือชื่อจังหวัด"
    assert e.message_en == t("notify.unknown_province", "en", **e.values)
    with pytest.raises(delivery.DeliveryError) as err:
        notify._sender({})(notify.Recipient("email", ("a@x.go.th",), None), "s", "t")
    assert err.value.key == "notify.no_smtp" and err.value.message_th == "email a@x.go.th: ไม่มี [notify.smtp]"
    assert notify.Recipient("line", ("C1",), None).name("th") == "กลุ่ม LINE C1"
    assert notify.Recipient("line", ("C1",), None).label == "LINE group C1"
