"""How the pages fit the width they get: a phone (390 px) first, a laptop (1366 px) as well.

Everything about layout lives here, so the pages stay thin: the style sheet (media queries over
Streamlit's test ids), the headline strip's HTML, the folded notices line and the page bar a
thumb reaches. What the notices and the data line *say* is assembled elsewhere
(`session.start_page`, `session.source_line_parts`); this module only decides how they fold.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import streamlit as st

from dashboard.i18n import fmt_pct, t
from dashboard.ui import tables
from dashboard.ui.palette import STATUS_COLORS

PHONE_MAX_PX = 640  # Streamlit stacks columns below this width; the phone rules start here too
TOUCH_PX = 44  # the smallest target a finger hits reliably (Apple HIG, WCAG 2.5.5)
STATE_COLORS = {
    "met": STATUS_COLORS["on_time"],
    "near": STATUS_COLORS["late"],
    "behind": STATUS_COLORS["missing"],
    "none": "#9E9E9E",
}
STATE_MARKS = {"met": "✓", "near": "◐", "behind": "!", "none": "–"}  # the state without colour
NOTICE_COLORS = {"error": "red", "warning": "orange", "info": "blue"}

STATE_RULES = "\n".join(f'[class*="st-key-strip_"][class*="__{state}"] {{ --state: {color}; }}'
                        for state, color in STATE_COLORS.items())

CSS = f"""<style>
/* ---- every width ---- */
/* Below the header's page links, without the default 6rem gap above the title. */
[data-testid="stMainBlockContainer"] {{ padding-top: 4.5rem; }}
/* The headline strip: Markdown tiles in keyed containers (`headline_strip`), laid out as a grid. */
.st-key-headline_strip {{ display: grid !important; grid-template-columns: repeat(4, minmax(0, 1fr)); gap: .5rem; }}
.st-key-headline_strip > * {{ width: auto !important; min-width: 0; }}
[class*="st-key-strip_"] {{ border: 1px solid rgba(49, 51, 63, .2); border-left: 6px solid var(--state);
  border-radius: .5rem; padding: .4rem .6rem; min-width: 0; width: auto !important; height: 100%;
  background: #fff; gap: 0; }}
{STATE_RULES}
[class*="st-key-strip_"] [data-testid="stMarkdownContainer"] {{ margin-bottom: 0; }}
[class*="st-key-strip_"] p {{ margin: 0; font-size: .85rem; line-height: 1.25; color: rgba(49, 51, 63, .85);
  overflow-wrap: anywhere; }}
[class*="st-key-strip_"] p:nth-child(2) {{ font-size: 1.6rem; font-weight: 600; line-height: 1.2;
  white-space: nowrap; color: inherit; }}
[class*="st-key-strip_"] p:nth-child(2) span:first-of-type {{ font-size: .95rem; margin-left: .3rem; font-weight: 700; }}
/* The state in words: read out by a screen reader, the mark's colour and shape on screen. */
[class*="st-key-strip_"] p:nth-child(2) span:last-of-type {{ position: absolute; width: 1px; height: 1px;
  overflow: hidden; clip-path: inset(50%); white-space: nowrap; }}
[class*="st-key-strip_"] p:nth-child(3) {{ font-size: .8rem; color: rgba(49, 51, 63, .7); }}
.st-key-page_notices [data-testid="stExpander"] summary {{ min-height: {TOUCH_PX}px; }}
.st-key-page_notices [data-testid="stExpander"] summary p {{ white-space: nowrap; overflow: hidden;
  text-overflow: ellipsis; }}
.st-key-phone_nav {{ display: none; }}
@media (min-width: 1500px) {{ .st-key-headline_strip {{ grid-template-columns: repeat(8, minmax(0, 1fr)); }} }}

/* ---- a phone ---- */
@media (max-width: {PHONE_MAX_PX}px) {{
  [data-testid="stMainBlockContainer"] {{ padding: 3.75rem .75rem 5.5rem; }}
  [data-testid="stMainBlockContainer"] h1 {{ font-size: min(1.3rem, 4.5vw); line-height: 1.5; padding: 0;
    white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }}
  [data-testid="stMainBlockContainer"] h2, [data-testid="stMainBlockContainer"] h3 {{ font-size: 1.1rem;
    line-height: 1.5; padding: .4rem 0 0; }}
  /* Streamlit pulls the next element 1rem up under a heading; with the smaller headings it would
     cover their last line. */
  [data-testid="stHeading"] [data-testid="stMarkdownContainer"] {{ margin-bottom: 0; }}
  [data-testid="stMainBlockContainer"] [data-testid="stVerticalBlock"] {{ gap: .6rem; }}
  .st-key-headline_strip {{ grid-template-columns: repeat(2, minmax(0, 1fr)); gap: .4rem; }}
  [class*="st-key-strip_"] {{ padding: .3rem .5rem; }}
  [class*="st-key-strip_"] p {{ font-size: .8rem; }}
  [class*="st-key-strip_"] p:nth-child(2) {{ font-size: 1.3rem; }}
  [class*="st-key-strip_"] p:nth-child(3) {{ font-size: .72rem; }}
  /* Cards two to a row, not one: Streamlit stacks every column below 640 px. */
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [class*="st-key-card_"]) {{
    flex-wrap: wrap; gap: .4rem; }}
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [class*="st-key-card_"]) > [data-testid="stColumn"] {{
    min-width: calc(50% - .2rem) !important; max-width: calc(50% - .2rem); flex: 1 1 calc(50% - .2rem) !important; }}
  [data-testid="stHorizontalBlock"]:has(> [data-testid="stColumn"] [class*="st-key-card_"]) > [data-testid="stColumn"]:empty {{
    display: none; }}
  [class*="st-key-card_"] {{ padding: .5rem !important; gap: .2rem !important; }}
  [class*="st-key-card_"] [data-testid="stMarkdownContainer"] p {{ font-size: .8rem; }}
  [class*="st-key-card_"] [data-testid="stMarkdownContainer"] p strong {{ min-height: 2.5em; }}
  [class*="st-key-card_"] [data-testid="stMetricValue"], [class*="st-key-card_"] [data-testid="stMetricValue"] * {{
    font-size: 1.4rem !important; }}
  /* A chart's tool buttons would sit on its legend; a finger zooms and pans without them. */
  [data-testid="stPlotlyChart"] .modebar-container {{ display: none; }}
  [class*="st-key-card_"] [data-testid="stCaptionContainer"] {{ font-size: .72rem; }}
  /* Fingers, not a mouse: every control at least {TOUCH_PX} px tall. */
  [data-testid="stMain"] button, [data-testid="stSidebar"] button, [data-testid="stPageLink-NavLink"],
  [data-testid="stSidebarNavLink"], [data-testid="stExpander"] summary {{ min-height: {TOUCH_PX}px; }}
  [data-testid="stSidebar"] [data-baseweb="select"] > div {{ min-height: {TOUCH_PX}px; }}
  [data-testid="stDeckGlJsonChart"] .mapboxgl-ctrl-group button {{ width: {TOUCH_PX}px; height: {TOUCH_PX}px; }}
  /* The zoom buttons hang from a point placed for 29 px buttons: move the wider ones back inside. */
  [data-testid="stDeckGlJsonChartZoomButton"] > div {{ margin-left: -18px; }}
  /* A touch screen always shows a table's tool buttons, over what stands above the table. */
  [data-testid="stElementContainer"]:has([data-testid="stDataFrame"]) {{ margin-top: 2.25rem; }}
  /* The page bar: every page one tap away, at the thumb. */
  .st-key-phone_nav {{ display: flex; position: fixed; left: 0; right: 0; bottom: 0; z-index: 999990;
    background: #fff; border-top: 1px solid rgba(49, 51, 63, .2); padding: 2px 4px
    calc(2px + env(safe-area-inset-bottom)); justify-content: space-around; flex-wrap: nowrap; gap: 0; }}
  .st-key-phone_nav > div {{ flex: 1 1 0; min-width: 0; width: auto !important; }}
  .st-key-phone_nav [data-testid="stPageLink-NavLink"] {{ flex-direction: column; justify-content: center;
    align-items: center; gap: 0; padding: 2px 0; min-height: 56px; margin: 0; }}
  .st-key-phone_nav [data-testid="stPageLink-NavLink"] p {{ font-size: .72rem; line-height: 1.4; }}
  .st-key-phone_nav [data-testid="stPageLink-NavLink"] span[data-testid="stIconMaterial"] {{ font-size: 1.5rem; }}
}}
</style>"""


def style() -> None:
    """The dashboard's layout rules, once per page run (a style-only st.html takes no space)."""
    st.html(CSS)


# ---- the headline strip ---------------------------------------------------------------------


MARK_COLORS = {"met": "green", "near": "orange", "behind": "red", "none": "gray"}  # Markdown's own colours
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|$<>~:&])")


def md_text(text: str) -> str:
    """`text` as literal Markdown: every character Markdown (or Streamlit's colour, icon and
    math syntax) would read as markup escaped."""
    return _MD_SPECIAL.sub(r"\\\1", text)


# A tile's width before the style sheet has come (its element code may come seconds after the
# strip when many visitors open at once): two tiles a row on a phone, four or five on a laptop.
STRIP_TILE_PX = 165


def strip_tile_key(tile: tables.Tile) -> str:
    """A tile's container key: its figure and its state, so the style sheet colours it and a
    test finds it (`st-key-strip_<key>__<state>`)."""
    return f"strip_{tile.key}__{tile.state}"


def strip_markdown(tile: tables.Tile, lang: str) -> str:
    """One tile as plain Markdown (no HTML, so no element code beyond the page's own is fetched
    before it shows): the label, the figure with its state as a mark and in words, the target."""
    state = md_text(t(f"strip.state.{tile.state}", lang))
    color = MARK_COLORS[tile.state]
    return (f":small[{md_text(tile.label)}]\n\n**{md_text(tile.text)}** :{color}[{md_text(STATE_MARKS[tile.state])}]"
            f":{color}[{state}]\n\n:small[{md_text(tile.target)}]")


def headline_strip(tiles: Sequence[tables.Tile], lang: str) -> None:
    """The strip: a tile per figure, in Markdown and containers only, whose code every Streamlit
    page loads with the page itself. A new visitor's browser shows it without waiting for any
    element code (benchmarks/first_figure.py); the style sheet lays it out as a grid."""
    with st.container(key="headline_strip_block"):
        with st.container(key="headline_strip", horizontal=True, gap="small"):
            for tile in tiles:
                with st.container(key=strip_tile_key(tile), border=True, width=STRIP_TILE_PX):
                    st.markdown(strip_markdown(tile, lang))
        st.caption(t("strip.legend", lang, near=fmt_pct(tables.NEAR_SHARE * 100, 0)))


# ---- the notices and the data line, folded into one line -----------------------------------


@dataclass(frozen=True)
class Notice:
    """Something the page must say about its data: in full when opened, in a few coloured words
    on the folded line."""

    level: str  # "warning" or "info"
    text: str  # the whole notice
    short: str  # its few words on the folded line
    icon: str | None = None


def fold_label(notices: Iterable[Notice], scope: str, extra: Iterable[str] = ()) -> str:
    """The folded line: each notice's few words in its colour, then the scope (and `extra`)."""
    parts = [f":{NOTICE_COLORS.get(n.level, 'gray')}[{n.short}]" for n in notices]
    parts.append(f"**{scope}**")
    parts.extend(extra)
    return " · ".join(parts)


def show_notice(notice: Notice) -> None:
    (st.warning if notice.level == "warning" else st.info)(notice.text, icon=notice.icon)


def notices_in_full(notices: Iterable[Notice]) -> None:
    """The notices unfolded (when the page ends early, e.g. the data could not be read)."""
    for notice in notices:
        show_notice(notice)


# ---- every page one tap away on a phone ----------------------------------------------------


def phone_nav(pages: Sequence[tuple[str, str, str]], params: dict[str, str]) -> None:
    """A bar of page links fixed at the bottom of a phone's screen (hidden on wider screens,
    where Streamlit's own navigation is in the header). `pages`: (file, label, icon)."""
    with st.container(horizontal=True, key="phone_nav", gap=None):
        for path, label, icon in pages:
            st.page_link(path, label=label, icon=icon, query_params=params)
