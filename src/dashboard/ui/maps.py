"""The district ratings map (pydeck) and its legend.

`ratings_deck` colours every district of the 76 provinces by its form-4 grade, with Thai (or
English) tooltips, and frames the chosen province — or the whole country — from the geometry.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd
import pydeck as pdk
from pydeck.bindings.json_tools import default_serialize

from dashboard.geo import bounds, join_district_ratings, province_features
from dashboard.i18n import fmt_int, fmt_num, fmt_pct, grade_label, norm_lang, t
from dashboard.ui.palette import GRADE_COLORS, GRADE_KEYS, THAI_FONT, hex_to_rgba

LAYER_ID = "district-ratings"
OUTLINE_LAYER_ID = "province-outlines"
FILL_ALPHA = 220
CONTEXT_ALPHA = 70  # districts outside the chosen province stay visible but faint
TILE_PX = 512  # deck.gl's world is 512 px wide at zoom 0
MIN_ZOOM, MAX_ZOOM = 3.0, 11.0


# What the deck draws and its tooltip reads, plus the code and grade that name a feature; the
# other joined properties (names in two languages, codes, the score as a number) would only
# travel to the browser, on every render that changes the deck.
DECK_PROPERTIES = ("district_code", "grade", "fill", "tip_district", "tip_province", "tip_grade", "tip_score")


class CompactDeck(pdk.Deck):
    """A Deck whose JSON has no indentation and keeps Thai as UTF-8 (3 bytes a letter, not a
    6-byte `\\uXXXX` escape)."""

    def to_json(self) -> str:
        return json.dumps(
            self, sort_keys=True, default=default_serialize, separators=(",", ":"), ensure_ascii=False
        )


def view_for_bounds(
    box: tuple[float, float, float, float],
    width: int = 700,
    height: int = 520,
    padding: float = 0.08,
) -> pdk.ViewState:
    """A view centred on `box` (min lon, min lat, max lon, max lat) at the largest zoom that
    shows all of it in a `width` × `height` pixel map (Web Mercator)."""
    min_lon, min_lat, max_lon, max_lat = box

    def merc_y(lat: float) -> float:
        lat = max(min(lat, 85.0), -85.0)
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    lon_span = max(max_lon - min_lon, 1e-6)
    y_span = max(merc_y(max_lat) - merc_y(min_lat), 1e-6)
    usable_w, usable_h = width * (1 - 2 * padding), height * (1 - 2 * padding)
    zoom_x = math.log2(usable_w * 360.0 / (TILE_PX * lon_span))
    zoom_y = math.log2(usable_h * 2 * math.pi / (TILE_PX * y_span))
    zoom = max(MIN_ZOOM, min(MAX_ZOOM, min(zoom_x, zoom_y)))
    centre_y = (merc_y(max_lat) + merc_y(min_lat)) / 2
    centre_lat = math.degrees(2 * math.atan(math.exp(centre_y)) - math.pi / 2)
    return pdk.ViewState(
        longitude=round((min_lon + max_lon) / 2, 6),
        latitude=round(centre_lat, 6),
        zoom=round(zoom, 3),
        min_zoom=MIN_ZOOM,
        max_zoom=MAX_ZOOM + 2,
        pitch=0,
        bearing=0,
    )


def tooltip(lang: str = "th") -> dict[str, Any]:
    """The deck's tooltip template; `{…}` are the feature properties set by `ratings_deck`."""
    rows = [
        f"<b>{html.escape(t('map.tooltip_district', lang))}</b> {{tip_district}}",
        f"<b>{html.escape(t('map.tooltip_province', lang))}</b> {{tip_province}}",
        f"<b>{html.escape(t('map.tooltip_grade', lang))}</b> {{tip_grade}}",
        f"<b>{html.escape(t('map.tooltip_score', lang))}</b> {{tip_score}}",
    ]
    return {
        "html": "<br/>".join(rows),
        "style": {
            "fontFamily": THAI_FONT,
            "fontSize": "14px",
            "backgroundColor": "rgba(33, 33, 33, 0.9)",
            "color": "white",
        },
    }


def ratings_geojson(
    geojson: dict[str, Any],
    ratings: pd.DataFrame | None,
    province: str | None = None,
    lang: str = "th",
    excluded_provinces: Iterable[str] = ("10",),
) -> dict[str, Any]:
    """Districts joined with their grade, each with `fill` (RGBA) and `tip_*` tooltip texts."""
    lang = norm_lang(lang)
    joined = join_district_ratings(geojson, ratings, excluded_provinces)
    for f in joined["features"]:
        p = f["properties"]
        inside = province is None or p["province_code"] == str(province)
        grade = p["grade"]
        p["fill"] = hex_to_rgba(GRADE_COLORS.get(grade, GRADE_COLORS["unrated"]), FILL_ALPHA if inside else CONTEXT_ALPHA)
        if lang == "th":
            p["tip_district"], p["tip_province"] = p["district_name"], p["province_name"]
        else:
            p["tip_district"] = p["district_name_en"] or p["district_name"]
            p["tip_province"] = p["province_name_en"] or p["province_name"]
        p["tip_grade"] = grade_label(grade, lang)
        p["tip_score"] = fmt_num(p["score"], 1)
    return joined


def ratings_deck(
    geojson: dict[str, Any],
    ratings: pd.DataFrame | None,
    province: str | None = None,
    lang: str = "th",
    *,
    province_geojson: dict[str, Any] | None = None,
    excluded_provinces: Iterable[str] = ("10",),
    map_style: str | None = None,
    width: int = 700,
    height: int = 520,
) -> CompactDeck:
    """A deck of district polygons coloured by grade (A green … D red, not rated grey).

    `geojson` is the district boundaries (`geo.load_boundaries("district")`), `ratings` is
    `metrics.ratings_by_district`. With `province` (2-digit code) the view frames that province
    and the other districts are drawn faint; otherwise the whole country. A district with no row
    in `ratings` (outside the view) is drawn in a pale neutral. `province_geojson`, when given,
    adds province borders. `map_style=None` lets Streamlit pick a base map to match its theme.
    """
    joined = ratings_geojson(geojson, ratings, province, lang, excluded_provinces)
    framed = province_features(joined, province) if province else []
    box = bounds(framed) or bounds(joined["features"]) or (97.3, 5.6, 105.7, 20.5)
    # Streamlit sends the whole deck again whenever any of it changes (a province, the
    # language): keep only what is drawn.
    data = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": f["geometry"],
                "properties": {k: f["properties"][k] for k in DECK_PROPERTIES},
            }
            for f in joined["features"]
        ],
    }
    layers = [
        pdk.Layer(
            "GeoJsonLayer",
            data=data,
            id=LAYER_ID,
            pickable=True,
            stroked=True,
            filled=True,
            auto_highlight=True,
            get_fill_color="properties.fill",
            get_line_color=[255, 255, 255, 200],
            line_width_min_pixels=0.5,
        )
    ]
    if province_geojson is not None:
        skip = {f"TH{c}" for c in excluded_provinces}
        outlines = {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "geometry": f["geometry"], "properties": {}}
                for f in province_geojson["features"]
                if (f.get("properties") or {}).get("ADM1_PCODE") not in skip
            ],
        }
        layers.append(
            pdk.Layer(
                "GeoJsonLayer",
                data=outlines,
                id=OUTLINE_LAYER_ID,
                pickable=False,
                stroked=True,
                filled=False,
                get_line_color=[66, 66, 66, 200],
                line_width_min_pixels=1.2,
            )
        )
    return CompactDeck(
        layers=layers,
        initial_view_state=view_for_bounds(box, width, height),
        tooltip=tooltip(lang),
        map_style=map_style,
    )


# ---- legend --------------------------------------------------------------------------------


def legend_items(lang: str = "th", counts: Mapping[str, int] | None = None) -> pd.DataFrame:
    """One row per grade and not rated: grade, label, color (hex), count (None when not given),
    share (% of the counts given)."""
    total = sum(int(v or 0) for k, v in (counts or {}).items() if k in GRADE_KEYS)
    rows = []
    for g in GRADE_KEYS:
        n = None if counts is None else int(counts.get(g, 0) or 0)
        rows.append(
            {
                "grade": g,
                "label": grade_label(g, lang),
                "color": GRADE_COLORS[g],
                "count": n,
                "share": (n / total * 100) if n is not None and total else None,
            }
        )
    return pd.DataFrame(rows)


def legend_html(lang: str = "th", counts: Mapping[str, int] | None = None) -> str:
    """The legend as HTML (for `st.markdown(..., unsafe_allow_html=True)`): a swatch per grade."""
    items = legend_items(lang, counts)
    parts = [
        f'<div class="grade-legend" role="list" aria-label="{html.escape(t("map.legend", lang))}" '
        f'style="font-family:{THAI_FONT};display:flex;flex-wrap:wrap;gap:0.4rem 1.2rem;'
        f'align-items:center;margin:0.25rem 0 0.5rem 0">'
        f'<strong>{html.escape(t("map.legend", lang))}</strong>'
    ]
    for row in items.itertuples():
        figure = ""
        if row.count is not None and not pd.isna(row.count):
            figure = f" {fmt_int(row.count)}"
            if row.share is not None and not pd.isna(row.share):
                figure += f" ({fmt_pct(row.share)})"
        parts.append(
            f'<span class="grade-legend-item" role="listitem" data-grade="{row.grade}" '
            f'style="display:inline-flex;align-items:center;gap:0.35rem">'
            f'<span style="display:inline-block;width:14px;height:14px;border-radius:2px;'
            f'background:{row.color};border:1px solid #9E9E9E"></span>'
            f"{html.escape(row.label)}{html.escape(figure)}</span>"
        )
    parts.append("</div>")
    return "".join(parts)
