"""Tables and headline cards for the pages, built from the core's metric outputs.

Pure pandas: every figure here is one `dashboard.metrics` already computed, only relabelled,
formatted or regrouped, so the screen and `python -m dashboard report` agree. Nothing here imports
Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import metrics
from dashboard.config import PHASES, Config
from dashboard.i18n import (
    fmt_int,
    fmt_num,
    fmt_pct,
    grade_label,
    norm_lang,
    pct,
    phase_label,
    reason_label,
    report_title,
    t,
    thai_date,
)
from dashboard.normalize.places import gazetteer
from dashboard.pipeline import View

# The tables a page both shows and offers for download are built in the core, so the page and
# the file come from one function; they are named here too for the pages.
from dashboard.screen import (  # noqa: F401
    PLACE_COLUMNS,
    _headed,
    clips_display,
    column_heading,
    data_display,
    district_name,
    fmt_duration,
    missing_display,
    province_name,
    quarantine_display,
    scope_label,
)

# ---- places --------------------------------------------------------------------------------

_LEADING_VOWELS = "เแโใไ"


def thai_sort_key(text: str) -> str:
    """Dictionary order for Thai names: a leading vowel (เ แ โ ใ ไ) sorts after its consonant,
    so เชียงใหม่ files under ช as a Thai reader expects."""
    out = []
    chars = list(str(text))
    i = 0
    while i < len(chars):
        if chars[i] in _LEADING_VOWELS and i + 1 < len(chars):
            out += [chars[i + 1], chars[i]]
            i += 2
        else:
            out.append(chars[i])
            i += 1
    return "".join(out)


def province_options(cfg: Config, lang: str = "th") -> list[str]:
    """Codes of the programme's provinces, in the alphabetical order of their names."""
    gaz = gazetteer(cfg)
    codes = [c for c in gaz.province_names if c not in gaz.excluded]
    if norm_lang(lang) == "en":
        return sorted(codes, key=lambda c: gaz.province_names_en[c])
    return sorted(codes, key=lambda c: thai_sort_key(gaz.province_names[c]))


def district_options(cfg: Config, province: str | None, lang: str = "th") -> list[str]:
    """Codes of a province's districts (the ones rated by form 4), by name."""
    if not province:
        return []
    gaz = gazetteer(cfg)
    codes = [d for d in gaz.programme_districts if d[:2] == province]
    if norm_lang(lang) == "en":
        return sorted(codes, key=lambda c: gaz.district_names_en[c])
    return sorted(codes, key=lambda c: thai_sort_key(gaz.district_names[c]))


# ---- headline cards ------------------------------------------------------------------------


@dataclass(frozen=True)
class Card:
    """One headline figure: what, how many, against which target."""

    key: str
    label: str
    value: float | None  # None: no data yet (never shown as 0)
    target: float | None
    text: str  # the value as shown
    caption: str  # the target and the share of it
    progress: float | None  # 0..1 for a progress bar, None when there is nothing to show
    detail: str = ""  # a second line (on time / late / missing, the deadline)
    report: str = ""  # a report's card: its id, and what one expected answer is (`unit` in programme.toml)
    unit: str = ""


def _count_card(key: str, label: str, value: int | None, target: int | None, lang: str) -> Card:
    share = pct(value, target)
    caption = t("card.of_target", lang, target=fmt_int(target), pct=fmt_pct(share))
    progress = None if share is None else max(0.0, min(1.0, share / 100))
    return Card(key, label, value, target, fmt_int(value), caption, progress)


def headline_cards(view: View, lang: str = "th") -> list[Card]:
    """Progress against every programme target: leaders (all, older, younger), the driving KPI,
    tambons engaged, with 15 leaders, with a self-reliance activity."""
    leaders = metrics.leader_progress(view)
    tambons = metrics.tambon_progress(view)
    kpi = metrics.kpi_driving(view)
    kpi_target = float(view.cfg.targets.get("kpi_driving_pct", 75.0))
    per = view.cfg.target("leaders_per_tambon")
    cards = [
        _count_card("leaders", t("headline.leaders", lang), leaders["registered"], leaders["target"], lang),
        _count_card("leaders_older", t("headline.leaders_older", lang), leaders["older"], leaders["target_older"], lang),
        _count_card(
            "leaders_younger", t("headline.leaders_younger", lang), leaders["younger"], leaders["target_younger"], lang
        ),
    ]
    if kpi is None:
        kpi_caption = t("card.kpi_target", lang, target=fmt_pct(kpi_target, 0))
        kpi_progress = None
    else:
        verdict = t("card.kpi_met", lang) if kpi >= kpi_target else t("card.kpi_not_met", lang)
        kpi_caption = t("card.kpi_target", lang, target=fmt_pct(kpi_target, 0)) + f" · {verdict}"
        kpi_progress = max(0.0, min(1.0, kpi / 100))
    cards.append(
        Card(
            "kpi_driving",
            t("headline.kpi_driving", lang),
            kpi,
            kpi_target,
            fmt_pct(kpi) if kpi is not None else t("headline.no_data", lang),
            kpi_caption,
            kpi_progress,
        )
    )
    cards += [
        _count_card("tambons_engaged", t("headline.tambons_engaged", lang), tambons["engaged"], tambons["target"], lang),
        _count_card(
            "tambons_full", t("headline.tambons_full", lang, n=per), tambons["full_leaders"], tambons["target"], lang
        ),
        _count_card(
            "with_activity",
            t("card.with_activity", lang),
            tambons["with_activity"],
            tambons["target_activity"],
            lang,
        ),
    ]
    return cards


def report_cards(view: View, lang: str = "th", comp: pd.DataFrame | None = None) -> list[Card]:
    """One card per report: units received of those expected, with on time / late / missing."""
    comp = metrics.completeness(view) if comp is None else comp
    cards = []
    for rid in view.cfg.report_ids:
        row = comp.loc[rid]
        received, expected = int(row["received"]), int(row["expected"])
        share = pct(received, expected)
        caption = t(
            "card.of_expected", lang, expected=fmt_int(expected), unit=t(f"unit_pl.{view.cfg.sources[rid].unit}", lang),
            pct=fmt_pct(share),
        )
        detail = t(
            "card.report_status",
            lang,
            on_time=fmt_int(row["on_time"]),
            late=fmt_int(row["late"]),
            missing=fmt_int(row["missing"]),
        )
        detail += " · " + t("reports.deadline_line", lang, date=thai_date(row["deadline"], lang))
        cards.append(
            Card(
                f"report_{rid.replace('.', '_')}",
                report_title(rid, lang, short=True),
                received,
                expected,
                fmt_int(received),
                caption,
                None if share is None else share / 100,
                detail,
                report=rid,
                unit=view.cfg.sources[rid].unit,
            )
        )
    return cards


# ---- the headline strip: the figures an executive asks for first ---------------------------

# A figure at this share of its target or more is "near" (amber); below it, "behind" (red).
NEAR_SHARE = 0.8
STATES = ("met", "near", "behind", "none")


@dataclass(frozen=True)
class Tile:
    """One figure of the headline strip: what, the figure, its target in words, and a state."""

    key: str
    label: str
    text: str  # the figure as shown
    target: str  # the target and the share of it, in words
    state: str  # one of STATES: the tile's colour, also said in words


def progress_state(value: float | None, target: float | None, near: float = NEAR_SHARE) -> str:
    """`met` at or over the target, `near` from `near` × target, `behind` below, `none` without data."""
    if value is None or target is None or pd.isna(value) or not target:
        return "none"
    if float(value) >= float(target):
        return "met"
    return "near" if float(value) >= near * float(target) else "behind"


def headline_strip(headline: list[Card], reports: list[Card], lang: str = "th") -> list[Tile]:
    """Leaders against their target, tambons reporting against theirs, the driving KPI against
    its floor, then each report's share received: the overview's first screen on a phone.

    Made from the overview's cards (`headline_cards`, `report_cards`), so the strip and the cards
    below it cannot disagree, and nothing is counted twice."""
    cards = {c.key: c for c in headline}

    def count(card: Card, key: str, label: str) -> Tile:
        words = t("strip.of_target", lang, target=fmt_int(card.target), pct=fmt_pct(pct(card.value, card.target)))
        return Tile(key, label, card.text, words, progress_state(card.value, card.target))

    kpi = cards["kpi_driving"]
    tiles = [
        count(cards["leaders"], "leaders", t("strip.leaders", lang)),
        count(cards["tambons_engaged"], "tambons", t("strip.tambons", lang)),
        Tile("kpi", t("strip.kpi", lang), kpi.text, t("strip.kpi_target", lang, target=fmt_pct(kpi.target, 0)),
             progress_state(kpi.value, kpi.target)),
    ]
    for card in reports:
        share = pct(card.value, card.target)
        tiles.append(
            Tile(
                card.key,
                t("strip.report", lang, report=card.report),
                fmt_pct(share) if share is not None else t("headline.no_data", lang),
                t("strip.received_of", lang, received=fmt_int(card.value), expected=fmt_int(card.target),
                  unit=t(f"unit_pl.{card.unit}", lang)),
                progress_state(card.value, card.target),
            )
        )
    return tiles


# ---- completeness --------------------------------------------------------------------------


def completeness_display(comp: pd.DataFrame, lang: str = "th") -> pd.DataFrame:
    """`metrics.completeness` with report names, shares and a Thai deadline, headed in `lang`."""
    out = pd.DataFrame(
        {
            "report": [report_title(r, lang, short=True) for r in comp.index],
            "expected": comp["expected"].astype(int).to_numpy(),
            "received": comp["received"].astype(int).to_numpy(),
            "on_time": comp["on_time"].astype(int).to_numpy(),
            "late": comp["late"].astype(int).to_numpy(),
            "missing": comp["missing"].astype(int).to_numpy(),
            "pct_received": [_round(pct(r, e)) for r, e in zip(comp["received"], comp["expected"])],
            "deadline": [thai_date(d, lang) for d in comp["deadline"]],
        }
    )
    return _headed(out, lang)


def area_display(by_area: pd.DataFrame, lang: str = "th") -> pd.DataFrame:
    """`metrics.completeness_by_area` (or a ranking) as shown: name, counts, % received, worst first."""
    name_col = "name_en" if norm_lang(lang) == "en" and "name_en" in by_area else "name"
    out = pd.DataFrame(
        {
            "code": by_area["code"].astype(str).to_numpy(),
            "name": by_area[name_col].astype(str).to_numpy(),
            "expected": by_area["expected"].astype(int).to_numpy(),
            "received": by_area["received"].astype(int).to_numpy(),
            "on_time": by_area["on_time"].astype(int).to_numpy(),
            "late": by_area["late"].astype(int).to_numpy(),
            "missing": by_area["missing"].astype(int).to_numpy(),
            "pct_received": by_area["pct_received"].astype(float).to_numpy(),
        }
    )
    out = out.sort_values(["pct_received", "code"], kind="stable").reset_index(drop=True)
    return _headed(out, lang)


def area_ranking(view: View) -> pd.DataFrame:
    """Areas by share of expected report units received, worst first: provinces in the country
    view (`metrics.province_ranking`), districts inside a province (summed from
    `metrics.completeness_by_area` over the reports counted per district: 1.1, 2.1, 2.2, 4).

    Columns: code, name, name_en, expected, received, on_time, late, missing, pct_received.
    """
    if not view.province:
        rk = metrics.province_ranking(view)
        out = rk.rename(columns={"province_code": "code", "province_name": "name", "province_name_en": "name_en"})
    else:
        parts = [metrics.completeness_by_area(view, r) for r in view.cfg.report_ids if view.cfg.sources[r].unit != "province_phase"]
        allp = pd.concat(parts, ignore_index=True)
        g = allp.groupby("code", sort=True)
        out = pd.DataFrame(
            {
                "name": g["name"].first(),
                "name_en": g["name_en"].first(),
                "expected": g["expected"].sum(),
                "received": g["received"].sum(),
                "on_time": g["on_time"].sum(),
            }
        ).reset_index()
        out["pct_received"] = (out["received"] / out["expected"] * 100).round(1)
    out = out.assign(late=out["received"] - out["on_time"], missing=out["expected"] - out["received"])
    cols = ["code", "name", "name_en", "expected", "received", "on_time", "late", "missing", "pct_received"]
    return out[cols].sort_values(["pct_received", "code"], kind="stable").reset_index(drop=True)


def ranking_chart_frame(ranking: pd.DataFrame, lang: str = "th", limit: int | None = None) -> pd.DataFrame:
    """The first `limit` rows of `area_ranking` labelled for `charts.completeness_chart`."""
    name_col = "name_en" if norm_lang(lang) == "en" else "name"
    out = ranking.head(limit) if limit else ranking
    return out.assign(label=out[name_col].astype(str))


def pairs_frame(pairs: dict, lang: str = "th") -> pd.DataFrame:
    total = sum(int(v) for v in pairs.values())
    rows = [
        {"status": t(f"pairs.{k}", lang), "count": int(pairs.get(k, 0)), "share": _round(pct(pairs.get(k, 0), total))}
        for k in ("both", "one", "none")
    ]
    return _headed(pd.DataFrame(rows), lang)


# ---- clips ---------------------------------------------------------------------------------


def phase_summary(matrix: pd.DataFrame, cfg: Config) -> pd.DataFrame:
    """Per phase, from `metrics.clips_matrix`: provinces expected, received, on time, late, missing,
    and the phase's deadline day."""
    rows = []
    for phase in PHASES:
        m = matrix.loc[matrix["phase"] == phase]
        on_time = int((m["status"] == "on_time").sum())
        late = int((m["status"] == "late").sum())
        rows.append(
            {
                "phase": phase,
                "expected": int(len(m)),
                "received": on_time + late,
                "on_time": on_time,
                "late": late,
                "missing": int((m["status"] == "missing").sum()),
                "deadline": cfg.deadlines[f"3.{phase}"],
            }
        )
    return pd.DataFrame(rows).set_index("phase")


def clip_cards(
    matrix: pd.DataFrame, clips: pd.DataFrame, cfg: Config, lang: str = "th", *, lengths_known: bool = True
) -> list[Card]:
    """Per phase: provinces that sent a clip of the phase's provinces, with its deadline; then the
    clips over 3 minutes."""
    cards = []
    for phase, row in phase_summary(matrix, cfg).iterrows():
        share = pct(row["received"], row["expected"])
        caption = t(
            "card.of_expected", lang, expected=fmt_int(row["expected"]), unit=t("unit_pl.province", lang),
            pct=fmt_pct(share),
        )
        detail = t("card.report_status", lang, on_time=fmt_int(row["on_time"]), late=fmt_int(row["late"]),
                   missing=fmt_int(row["missing"]))
        detail += " · " + t("reports.deadline_line", lang, date=thai_date(row["deadline"], lang))
        cards.append(
            Card(f"phase_{phase}", t("clips.phase_card", lang, phase=phase_label(phase, lang)), int(row["received"]),
                 int(row["expected"]), fmt_int(row["received"]), caption, None if share is None else share / 100,
                 detail)
        )
    over = int(clips["over_length"].sum()) if len(clips) else 0
    if not lengths_known:
        over = None  # the sheet has no clip-length column: "—", not 0
    cards.append(
        Card("over_length", t("clips.over_length", lang), over, None, fmt_int(over),
             t("clips.over_length_of", lang, total=fmt_int(len(clips))), None)
    )
    return cards


# ---- ratings -------------------------------------------------------------------------------


def ratings_display(ratings: pd.DataFrame, lang: str = "th") -> pd.DataFrame:
    """`metrics.ratings_by_district` as listed: district, province, grade named, score."""
    en = norm_lang(lang) == "en"
    out = pd.DataFrame(
        {
            "district_code": ratings["district_code"].astype(str).to_numpy(),
            "district": ratings["district_name_en" if en else "district_name"].astype(str).to_numpy(),
            "province": ratings["province_name_en" if en else "province_name"].astype(str).to_numpy(),
            "grade": [grade_label(g, lang) for g in ratings["grade"]],
            # as text: an unrated district reads "—", not "None"
            "score": [fmt_num(v, 1) for v in ratings["score"]],
        }
    )
    return _headed(out, lang)


# ---- the data page -------------------------------------------------------------------------

def reason_counts(view: View, lang: str = "th") -> pd.DataFrame:
    """`metrics.issue_counts` as rows (reason, count), reasons with no rows left out."""
    counts = metrics.issue_counts(view)
    rows = [{"reason": reason_label(r, lang), "count": n} for r, n in counts.items() if n]
    return _headed(pd.DataFrame(rows, columns=["reason", "count"]), lang)


# ---- helpers -------------------------------------------------------------------------------


def _round(x: float | None, digits: int = 1) -> float | None:
    return None if x is None else round(x, digits)


def province_labels(frame: pd.DataFrame, cfg: Config, lang: str = "th") -> list[str]:
    """Province names of a frame's `province_code` column in `lang`."""
    gaz = gazetteer(cfg)
    names = gaz.province_names_en if norm_lang(lang) == "en" else gaz.province_names
    return [names.get(str(c), str(c)) for c in frame["province_code"]]
