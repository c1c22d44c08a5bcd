"""The overview's headline strip shows the command line's figures, and every page folds its
notices and data line into one line whose opened body holds them whole."""

from __future__ import annotations

import re

import pytest

from dashboard import metrics
from dashboard.config import REPORT_IDS
from dashboard.i18n import fmt_int, fmt_pct, pct, t

NONG_KHAI = "43"


def _blocks(node):
    for child in getattr(node, "children", {}).values():
        if hasattr(child, "children"):
            yield child
            yield from _blocks(child)


def _literal(markdown: str) -> str:
    return re.sub(r"\\(.)", r"\1", markdown)  # Markdown's escapes undone


def _strip(at) -> dict[str, tuple[str, str, str]]:
    """The strip's tiles, in order: key -> (figure, target words, state), read from each tile's
    container key (`strip_<key>__<state>`) and its Markdown (label, figure, target)."""
    tiles = {}
    for block in _blocks(at.main):
        found = re.search(r"-strip_(\w+?)__(met|near|behind|none)$", getattr(block.proto, "id", ""))
        if found:
            (markdown,) = [m.value for m in block.markdown]
            _label, figure, target = markdown.split("\n\n")
            value = re.match(r"\*\*(.+?)\*\* :\w+\[", figure)
            words = re.fullmatch(r":small\[(.+)\]", target).group(1)
            tiles[found.group(1)] = (_literal(value.group(1)), _literal(words), found.group(2))
    return tiles


@pytest.mark.parametrize("province", [None, NONG_KHAI])
def test_the_strip_is_the_command_lines_figures(open_page, core, province):
    at = open_page("overview", **({"province": province} if province else {}))
    view = core(province=province)
    rep = metrics.report_dict(view)
    target = metrics.leader_progress(view)["target"]  # 30,000 for the country, less in a province
    tiles = _strip(at)
    assert list(tiles) == ["leaders", "tambons", "kpi", *(f"report_{r.replace('.', '_')}" for r in REPORT_IDS)]
    leaders = rep["leaders"]["registered"]
    assert tiles["leaders"][0] == fmt_int(leaders)
    assert tiles["leaders"][1] == f"จาก {fmt_int(target)} · {fmt_pct(leaders / target * 100)}"
    assert province or target == 30000
    assert tiles["tambons"][0] == fmt_int(rep["tambons"]["engaged"])
    assert tiles["kpi"][0] == fmt_pct(rep["kpi_driving_pct"])
    assert tiles["kpi"][2] == ("met" if rep["kpi_driving_pct"] >= 75 else "near" if rep["kpi_driving_pct"] >= 60 else "behind")
    for rid in REPORT_IDS:
        got = rep["reports"][rid]
        figure, words, _ = tiles[f"report_{rid.replace('.', '_')}"]
        assert figure == fmt_pct(pct(got["received"], got["expected"]))
        assert words.startswith(f"{fmt_int(got['received'])} จาก {fmt_int(got['expected'])} ")


@pytest.mark.parametrize("page", ["overview", "reports", "clips", "map", "data"])
def test_notices_and_the_data_line_fold_into_one_line(open_page, page):
    at = open_page(page)
    fold = at.expander[0]
    assert fold.label.startswith(f":orange[{t('fold.open_demo')}] · :blue[{t('fold.demo_data')}] · **ทั้งประเทศ**")
    # opened: the whole notices, where they were before
    assert [w.value for w in fold.warning] == [t("auth.open_demo")]
    assert any(t("source.demo") in c.value for c in fold.caption)
    # and nowhere else on the page
    assert [w.value for w in at.warning] == [t("auth.open_demo")]
