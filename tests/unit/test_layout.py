"""The headline strip (figures against targets, each with a state) and the folded notices line:
what a phone shows first."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from dashboard import metrics
from dashboard.config import REPORT_IDS
from dashboard.i18n import t
from dashboard.pipeline import load_dataset, make_view
from dashboard.ui import layout, tables

REGISTER = [
    {"pair_id": "P1", "tambon_type": "ตำบลบ้านพี่", "province": "หนองคาย", "district": "ท่าบ่อ", "tambon": "ท่าบ่อ"},
    {"pair_id": "P1", "tambon_type": "ตำบลเมืองน้อง", "province": "หนองคาย", "district": "เมือง", "tambon": "ในเมือง"},
]


def _leader(n: int) -> dict:
    return {"submitted_at": "1/8/2564, 09:00:00", "province": "หนองคาย", "district": "ท่าบ่อ", "tambon": "ท่าบ่อ",
            "tambon_type": "ตำบลบ้านพี่", "title": "นาย", "first_name": f"ชื่อ{n}", "last_name": f"สกุล{n}",
            "national_id": "", "age": "40", "gender": "ชาย", "role": "อช.", "phone": "0812345678"}


@pytest.fixture
def view(sheets, cfg):
    return make_view(load_dataset(sheets({"register": REGISTER, "1.1": [_leader(n) for n in range(3)]}), cfg))


@pytest.mark.parametrize(
    ("value", "target", "state"),
    [
        (30_000, 30_000, "met"),
        (31_000, 30_000, "met"),
        (24_000, 30_000, "near"),  # exactly 80 % of the target
        (23_999, 30_000, "behind"),
        (0, 2_000, "behind"),
        (75.0, 75.0, "met"),
        (74.9, 75.0, "near"),
        (None, 30_000, "none"),  # no data is not "behind"
        (float("nan"), 75.0, "none"),
        (5, 0, "none"),  # nothing expected: no state to claim
        (5, None, "none"),
    ],
)
def test_progress_state(value, target, state):
    assert tables.progress_state(value, target) == state


def test_strip_has_the_headline_figures_then_every_report(view):
    comp = metrics.completeness(view)
    tiles = tables.headline_strip(tables.headline_cards(view), tables.report_cards(view, "th", comp))
    assert [x.key for x in tiles] == ["leaders", "tambons", "kpi", *(f"report_{r.replace('.', '_')}" for r in REPORT_IDS)]
    by_key = {x.key: x for x in tiles}
    leaders = metrics.leader_progress(view)
    assert by_key["leaders"].text == "3" and leaders["registered"] == 3
    assert by_key["leaders"].target == "จาก 30,000 · 0.0%" and by_key["leaders"].state == "behind"
    assert by_key["tambons"].text == "1"
    # the driving KPI has no answers yet: said in words, never as 0 %, and no colour claimed
    assert by_key["kpi"].text == t("headline.no_data") and by_key["kpi"].state == "none"
    assert by_key["kpi"].target == "เป้า ≥ 75%"
    # 1.1: one tambon of two reported
    assert comp.loc["1.1", "received"] == 1 and comp.loc["1.1", "expected"] == 2
    assert by_key["report_1_1"].text == "50.0%" and by_key["report_1_1"].target == "1 จาก 2 ตำบล"
    assert by_key["report_1_1"].state == "behind"
    english = {x.key: x for x in tables.headline_strip(
        tables.headline_cards(view, "en"), tables.report_cards(view, "en", comp), "en")}
    assert english["report_1_1"].label == "Report 1.1 in" and english["report_1_1"].target == "1 of 2 tambons"


def _rendered(markdown: str) -> str:
    """CommonMark's HTML for `markdown` (Streamlit's own renderer is CommonMark plus its colour
    syntax, which `md_text` escapes as well)."""
    return MarkdownIt("commonmark").render(markdown)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp")), max_size=40))
def test_md_text_is_read_as_the_text_itself(text):
    # Stars, brackets, $, colons, list numbers, HTML: whatever a label holds shows as typed.
    text = text.strip()
    assume(text)
    out = _rendered(layout.md_text(text))
    inner = re.fullmatch(r"<p>([^<]*)</p>\n", out)  # one paragraph, no element in it
    assert inner and html.unescape(inner.group(1)) == text, (text, out)


def test_strip_tile_is_plain_markdown_that_says_the_state_in_words():
    tile = tables.Tile("report_1_1", "<b>รายงาน</b> *1.1* :red[x] $5", "96.4%", "1,928 จาก 2,000 ตำบล", "near")
    md = layout.strip_markdown(tile, "th")
    label, figure, target = _rendered(md).strip().split("\n")
    # Streamlit's :small[] (a smaller size before the style sheet has come) around the label
    # and the target; inside, no markup from the text
    assert label == "<p>:small[&lt;b&gt;รายงาน&lt;/b&gt; *1.1* :red[x] $5]</p>"
    # the figure bold, then the mark and the state in words, each in the state's Markdown colour
    assert figure == f"<p><strong>96.4%</strong> :orange[{layout.STATE_MARKS['near']}]:orange[{t('strip.state.near')}]</p>"
    assert target == "<p>:small[1,928 จาก 2,000 ตำบล]</p>"
    assert layout.strip_tile_key(tile) == "strip_report_1_1__near"
    assert not re.search(r"(?<!\\)<", md)  # no HTML: Streamlit would fetch its HTML code (rehype-raw) first


def test_every_state_has_its_colour_in_the_style_sheet():
    for state, colour in layout.STATE_COLORS.items():
        assert f'[class*="st-key-strip_"][class*="__{state}"] {{ --state: {colour}; }}' in layout.CSS
        assert state in layout.MARK_COLORS


def test_fold_label_colours_each_notice_then_the_scope():
    notices = [layout.Notice("warning", "whole text", "สาธิต"), layout.Notice("info", "demo text", "ข้อมูลตัวอย่าง")]
    label = layout.fold_label(notices, "ทั้งประเทศ", ["ดึงเมื่อ 8 ส.ค. 2564"])
    assert label == ":orange[สาธิต] · :blue[ข้อมูลตัวอย่าง] · **ทั้งประเทศ** · ดึงเมื่อ 8 ส.ค. 2564"
    assert layout.fold_label([], "ทั้งประเทศ") == "**ทั้งประเทศ**"


def test_the_style_sheet_keeps_phone_rules_in_one_media_query():
    phone = re.findall(r"@media \(max-width: (\d+)px\)", layout.CSS)
    assert phone == [str(layout.PHONE_MAX_PX)]
    assert f"min-height: {layout.TOUCH_PX}px" in layout.CSS
    assert layout.CSS.count("{") == layout.CSS.count("}")


def test_deadline_labels_stay_inside_a_narrow_chart_and_apart():
    from datetime import date

    import pandas as pd

    from dashboard.ui import charts

    cum = pd.DataFrame({"report": ["1.1", "1.1", "4"], "day": ["2021-07-03", "2021-08-01", "2021-10-10"],
                        "received": [1, 2, 3]})
    deadlines = {"1.1": date(2021, 8, 8), "2.2": date(2021, 9, 15), "4": date(2021, 9, 30)}
    notes = {a.text.split("<br>")[0]: a for a in charts.cumulative_chart(cum, deadlines, "th").layout.annotations}
    first, second, third = (notes[f"กำหนดส่ง {r}"] for r in ("1.1", "2.2", "4"))
    # left of the middle the label reads rightwards; right of it leftwards, never past the edge
    assert (first.xanchor, second.xanchor, third.xanchor) == ("left", "right", "right")
    # labels within 40 % of the days shown of each other take rows of their own
    assert first.y == 1 and second.y < first.y and third.y < second.y
