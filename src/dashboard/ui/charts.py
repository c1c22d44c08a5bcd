"""Plotly figure builders over the core's metric tables (shapes as in docs/core-api.md).

Each builder takes a small DataFrame (or dict) and `lang`, and returns a `go.Figure` whose
traces are in a fixed order with colours fixed per status/grade, so tests read the figure,
not pixels. Labels come from `dashboard.i18n`; every figure uses a font stack that renders Thai.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from dashboard.config import PHASES, REPORT_IDS
from dashboard.i18n import (
    fmt_int,
    fmt_pct,
    grade_label,
    phase_label,
    report_title,
    status_label,
    t,
    thai_date,
)
from dashboard.ui.palette import (
    DEADLINE_COLOR,
    GRADE_COLORS,
    GRADE_KEYS,
    PAIR_COLORS,
    PAIRS,
    PROGRESS_COLOR,
    PROGRESS_DONE_COLOR,
    REPORT_COLORS,
    STATUS_COLORS,
    STATUSES,
    TARGET_COLOR,
    THAI_FONT,
)

ROW_PX = 24


def _style(fig: go.Figure, height: int | None = None, **layout: Any) -> go.Figure:
    base: dict[str, Any] = {
        "template": "plotly_white",
        "font": {"family": THAI_FONT, "size": 14},
        "hoverlabel": {"font": {"family": THAI_FONT}},
        "separators": ".,",
        "margin": {"l": 10, "r": 10, "t": 40, "b": 10},
        # "normal": plotly would otherwise list stacked bars last-first (missing before on time)
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0, "traceorder": "normal"},
    }
    if height:
        base["height"] = height
    base.update(layout)
    fig.update_layout(**base)
    return fig


def empty_figure(lang: str = "th", message: str | None = None) -> go.Figure:
    """A blank figure that says there is nothing to show yet."""
    fig = go.Figure()
    fig.add_annotation(
        text=message or t("headline.no_data", lang), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper"
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _style(fig, height=200)


def _rows_height(n: int, minimum: int = 220) -> int:
    return max(minimum, ROW_PX * n + 110)


# ---- headline progress ---------------------------------------------------------------------


def progress_frame(
    leaders: Mapping[str, Any],
    tambons: Mapping[str, Any],
    lang: str = "th",
    per_tambon: int = 15,
) -> pd.DataFrame:
    """Headline targets as rows (key, label, value, target) from `leader_progress` and
    `tambon_progress` dicts."""
    rows = [
        ("leaders", t("headline.leaders", lang), leaders.get("registered"), leaders.get("target")),
        ("leaders_older", t("headline.leaders_older", lang), leaders.get("older"), leaders.get("target_older")),
        ("leaders_younger", t("headline.leaders_younger", lang), leaders.get("younger"), leaders.get("target_younger")),
        ("tambons_engaged", t("headline.tambons_engaged", lang), tambons.get("engaged"), tambons.get("target")),
        ("tambons_full", t("headline.tambons_full", lang, n=per_tambon), tambons.get("full_leaders"), tambons.get("target")),
        (
            "with_activity",
            t("headline.with_activity", lang),
            tambons.get("with_activity"),
            tambons.get("target_activity", tambons.get("target")),
        ),
    ]
    frame = pd.DataFrame(rows, columns=["key", "label", "value", "target"])
    return frame.loc[frame["target"].notna()].reset_index(drop=True)


def progress_chart(frame: pd.DataFrame, lang: str = "th") -> go.Figure:
    """Horizontal bars of value ÷ target (%), the target drawn as a grey bar at 100 %.

    Traces: [target, progress]. The first row of `frame` is drawn at the top.
    """
    if frame.empty:
        return empty_figure(lang)
    labels = frame["label"].astype(str).tolist()
    given = [None if pd.isna(v) else float(v) for v in frame["value"]]
    values = [0.0 if v is None else v for v in given]
    targets = [float(x) for x in frame["target"]]
    pcts = [v / tg * 100 if tg else 0.0 for v, tg in zip(values, targets)]
    # A figure whose column is missing is drawn as no bar and written "—", never as 0.
    texts = [
        t("chart.value_of_target", lang, value=fmt_int(g), target=fmt_int(tg), pct=fmt_pct(None if g is None else p))
        for g, tg, p in zip(given, targets, pcts)
    ]
    colors = [PROGRESS_DONE_COLOR if p >= 100 else PROGRESS_COLOR for p in pcts]
    fig = go.Figure()
    # The grey target bar reaches 100 % (or the progress, when beyond) and carries the figures
    # just past its end, so the text never sits on top of a bar.
    fig.add_trace(
        go.Bar(
            name=t("chart.target", lang),
            y=labels,
            x=[max(100.0, p) for p in pcts],
            orientation="h",
            marker={"color": TARGET_COLOR},
            text=texts,
            textposition="outside",
            cliponaxis=False,
            hoverinfo="skip",
            showlegend=False,
        )
    )
    fig.add_trace(
        go.Bar(
            name=t("chart.pct_of_target", lang),
            y=labels,
            x=pcts,
            orientation="h",
            marker={"color": colors},
            customdata=texts,
            hovertemplate="%{y}<br>%{customdata}<extra></extra>",
            showlegend=False,
        )
    )
    top = max(100.0, *pcts) * 1.45  # room for the text beside the longest bar
    fig.update_xaxes(range=[0, top], title=t("chart.pct_of_target", lang), ticksuffix="%")
    fig.update_yaxes(autorange="reversed")
    return _style(fig, height=_rows_height(len(labels)), barmode="overlay")


# ---- cumulative submissions ----------------------------------------------------------------


def _day(value: Any) -> date:
    return pd.Timestamp(value).date()


def _thai_ticks(first: date, last: date, lang: str, max_ticks: int = 8) -> tuple[list[date], list[str]]:
    span = max((last - first).days, 0)
    step = max(1, math.ceil((span + 1) / max_ticks))
    days = [first + timedelta(days=i) for i in range(0, span + 1, step)]
    return days, [thai_date(d, lang) for d in days]


def cumulative_chart(
    cumulative: pd.DataFrame,
    deadlines: Mapping[str, Any] | pd.Series | None = None,
    lang: str = "th",
    reports: tuple[str, ...] | list[str] | None = None,
) -> go.Figure:
    """One line per report of units received so far by day, each deadline a dashed vertical line.

    `cumulative` is `metrics.cumulative_submissions` (report, day, received[, expected]);
    `deadlines` maps report id -> day (e.g. `completeness(view)["deadline"]`). Reports sharing a
    deadline share one line, annotated with their ids. Dates on the axis read as Thai dates.
    """
    wanted = tuple(reports) if reports else REPORT_IDS
    data = cumulative.loc[cumulative["report"].astype(str).isin(wanted)] if not cumulative.empty else cumulative
    dl: dict[str, date] = {}
    if deadlines is not None:
        for rid, day in dict(deadlines).items():
            if str(rid) in wanted and day is not None and not pd.isna(day):
                dl[str(rid)] = _day(day)
    if data.empty and not dl:
        return empty_figure(lang)

    fig = go.Figure()
    all_days: list[date] = list(dl.values())
    for rid in [r for r in wanted if r in set(data["report"].astype(str))]:
        part = data.loc[data["report"].astype(str) == rid].sort_values("day")
        days = [_day(d) for d in part["day"]]
        all_days += days
        received = [int(v) for v in part["received"]]
        hover = [f"{thai_date(d, lang)}: {fmt_int(v)}" for d, v in zip(days, received)]
        if "expected" in part and part["expected"].notna().any():
            exp = float(part["expected"].iloc[0])
            hover = [f"{h} / {fmt_int(exp)} ({fmt_pct(v / exp * 100 if exp else None)})" for h, v in zip(hover, received)]
        fig.add_trace(
            go.Scatter(
                name=report_title(rid, lang, short=True),
                x=days,
                y=received,
                mode="lines+markers",
                line={"shape": "hv", "color": REPORT_COLORS.get(rid)},
                marker={"size": 4},
                customdata=hover,
                hovertemplate="%{customdata}<extra>%{fullData.name}</extra>",
            )
        )
    by_day: dict[date, list[str]] = {}
    for rid, day in dl.items():
        by_day.setdefault(day, []).append(rid)
    first, last = min(all_days), max(all_days)
    span = max((last - first).days, 1)
    previous: date | None = None
    row = 0
    for day, rids in sorted(by_day.items()):
        # A label in the right half reads to the left of its line, so none runs past the right
        # edge; a label near the one before it goes a row lower. On a phone's narrow chart the
        # labels are as wide as a third of it, so "near" is 40 % of the days shown.
        right = (day - first).days > span / 2
        row = row + 1 if previous is not None and (day - previous).days < span * 0.4 else 0
        previous = day
        fig.add_shape(
            type="line",
            x0=day,
            x1=day,
            y0=0,
            y1=1,
            yref="paper",
            line={"color": DEADLINE_COLOR, "dash": "dash", "width": 1.5},
            name=f"deadline {','.join(rids)}",
        )
        fig.add_annotation(
            x=day,
            y=1 - 0.17 * row,  # two lines of 11 px text on a phone's ~190 px tall plot
            yref="paper",
            yanchor="top",
            xanchor="right" if right else "left",
            xshift=-3 if right else 3,
            align="right" if right else "left",
            showarrow=False,
            text=t("chart.deadline_of", lang, reports=", ".join(rids)) + f"<br>{thai_date(day, lang)}",
            font={"color": DEADLINE_COLOR, "size": 11},
            bgcolor="rgba(255, 255, 255, 0.85)",
        )
    tickvals, ticktext = _thai_ticks(first, last, lang)
    fig.update_xaxes(
        title=t("chart.day", lang),
        tickvals=tickvals,
        ticktext=ticktext,
        range=[first - timedelta(days=1), last + timedelta(days=1)],
    )
    fig.update_yaxes(title=t("chart.received_cum", lang), rangemode="tozero", separatethousands=True)
    return _style(fig, height=420, margin={"l": 10, "r": 10, "t": 50, "b": 10})


# ---- completeness --------------------------------------------------------------------------


def _with_status_counts(table: pd.DataFrame) -> pd.DataFrame:
    out = table.copy()
    if "late" not in out and {"received", "on_time"} <= set(out.columns):
        out["late"] = out["received"] - out["on_time"]
    if "missing" not in out and {"expected", "received"} <= set(out.columns):
        out["missing"] = out["expected"] - out["received"]
    if "expected" not in out:
        out["expected"] = out[list(STATUSES)].sum(axis=1)
    return out


def completeness_chart(
    table: pd.DataFrame,
    lang: str = "th",
    label_col: str | None = None,
    sort: bool = True,
    percent: bool = False,
) -> go.Figure:
    """Stacked horizontal bars of on time / late / missing, one bar per area or report.

    `table` is `completeness_by_area` (label `name`), `completeness` (indexed by report id:
    labelled with the reports' short titles) or `province_ranking` (label `province_name`; late
    and missing are derived). With `sort`, the area with the lowest share received is on top.
    Traces: on_time, late, missing, in that order. With `percent`, each bar is the area's share
    of its expected units (areas of different sizes compare at a glance); hovers keep the counts.
    """
    if table is None or table.empty:
        return empty_figure(lang)
    data = _with_status_counts(table)
    if label_col is None:
        label_col = next((c for c in ("name", "province_name", "district_name") if c in data), None)
    if label_col is None:
        labels = [report_title(str(r), lang, short=True) for r in data.index]
    else:
        labels = data[label_col].astype(str).tolist()
    data = data.assign(_label=labels).reset_index(drop=True)
    expected = data["expected"].astype(float)
    data["_pct"] = (data["expected"] - data["missing"]).astype(float) / expected.where(expected > 0) * 100
    if sort:
        data = data.sort_values("_pct", kind="stable", na_position="last")
    fig = go.Figure()
    for status in STATUSES:
        counts = data[status].astype(int).tolist()
        shares = [fmt_pct(c / e * 100 if e else None) for c, e in zip(counts, data["expected"])]
        xs = [round(c / e * 100, 2) if e else 0.0 for c, e in zip(counts, data["expected"])] if percent else counts
        fig.add_trace(
            go.Bar(
                name=status_label(status, lang),
                y=data["_label"].tolist(),
                x=xs,
                orientation="h",
                marker={"color": STATUS_COLORS[status]},
                customdata=[[fmt_int(c), s, fmt_int(e)] for c, s, e in zip(counts, shares, data["expected"])],
                hovertemplate="%{y}<br>%{fullData.name}: %{customdata[0]} / %{customdata[2]} (%{customdata[1]})<extra></extra>",
                meta=status,
            )
        )
    if percent:
        fig.update_xaxes(
            title=t("chart.pct_of_expected", lang), range=[0, 100], dtick=20, ticksuffix="%", ticklabeloverflow="allow"
        )
    else:
        fig.update_xaxes(title=t("chart.units", lang), separatethousands=True)
        if data["expected"].max() <= 10:
            fig.update_xaxes(dtick=1)  # a few units: whole numbers only
    fig.update_yaxes(autorange="reversed", type="category")
    margin = {"l": 10, "r": 24, "t": 40, "b": 10} if percent else None  # room for the "100%" tick
    return _style(fig, height=_rows_height(len(data)), barmode="stack", **({"margin": margin} if margin else {}))


def ranking_chart(
    ranking: pd.DataFrame, lang: str = "th", label_col: str = "province_name", percent: bool = False
) -> go.Figure:
    """`province_ranking` as on time / late / missing bars, in the given (worst-first) order."""
    return completeness_chart(ranking, lang, label_col=label_col, sort=False, percent=percent)


def pairs_chart(pairs: Mapping[str, int], lang: str = "th") -> go.Figure:
    """Pairs of tambons by how many of the two sent the report: both / one / none."""
    counts = [int(pairs.get(k, 0) or 0) for k in PAIRS]
    if not any(counts):
        return empty_figure(lang)
    total = sum(counts)
    fig = go.Figure(
        go.Bar(
            x=[t(f"pairs.{k}", lang) for k in PAIRS],
            y=counts,
            marker={"color": [PAIR_COLORS[k] for k in PAIRS]},
            text=[f"{fmt_int(c)} ({fmt_pct(c / total * 100)})" for c in counts],
            textposition="auto",
            hovertemplate="%{x}: %{text}<extra></extra>",
            meta=list(PAIRS),
        )
    )
    fig.update_yaxes(title=t("chart.count", lang), separatethousands=True)
    return _style(fig, height=300, showlegend=False)


# ---- clips ---------------------------------------------------------------------------------


def clips_heatmap(matrix: pd.DataFrame, lang: str = "th", label_col: str = "province_name") -> go.Figure:
    """Provinces × the three phases, each cell coloured on time / late / missing.

    `matrix` is `metrics.clips_matrix` (province_code, province_name, phase, status, clips).
    The heatmap is trace 0 (z: 0 on time, 1 late, 2 missing; text: clips received); traces 1–3
    are legend entries for the three statuses. `label_col` names the rows (e.g. English names).
    """
    if matrix is None or matrix.empty:
        return empty_figure(lang, t("clips.none", lang))
    code_col = "province_code" if "province_code" in matrix else "province_name"
    provinces = list(dict.fromkeys(matrix[code_col].astype(str)))
    names = dict(zip(matrix[code_col].astype(str), matrix[label_col].astype(str)))
    phases = [p for p in PHASES if p in set(matrix["phase"].astype(str))]
    cell = {(str(r[code_col]), str(r["phase"])): r for r in matrix.to_dict("records")}
    index = {s: i for i, s in enumerate(STATUSES)}
    z, text, hover = [], [], []
    for code in provinces:
        zr, tr, hr = [], [], []
        for ph in phases:
            rec = cell.get((code, ph))
            status = str(rec["status"]) if rec else "missing"
            clips = int(rec.get("clips", 0) or 0) if rec else 0
            zr.append(index.get(status, 2))
            tr.append(fmt_int(clips) if clips else "")
            hr.append(f"{names[code]} · {phase_label(ph, lang)}<br>{status_label(status, lang)} · {fmt_int(clips)}")
        z.append(zr)
        text.append(tr)
        hover.append(hr)
    scale = [
        [0.0, STATUS_COLORS["on_time"]],
        [1 / 3, STATUS_COLORS["on_time"]],
        [1 / 3, STATUS_COLORS["late"]],
        [2 / 3, STATUS_COLORS["late"]],
        [2 / 3, STATUS_COLORS["missing"]],
        [1.0, STATUS_COLORS["missing"]],
    ]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=[phase_label(p, lang) for p in phases],
            y=[names[c] for c in provinces],
            zmin=-0.5,
            zmax=2.5,
            colorscale=scale,
            showscale=False,
            text=text,
            texttemplate="%{text}",
            customdata=hover,
            hovertemplate="%{customdata}<extra></extra>",
            xgap=2,
            ygap=2,
        )
    )
    for status in STATUSES:
        fig.add_trace(
            go.Scatter(
                x=[None],
                y=[None],
                mode="markers",
                marker={"symbol": "square", "size": 12, "color": STATUS_COLORS[status]},
                name=status_label(status, lang),
                meta=status,
                hoverinfo="skip",
            )
        )
    fig.update_xaxes(side="top", type="category", showgrid=False, showline=False, zeroline=False)
    fig.update_yaxes(autorange="reversed", type="category", showgrid=False, zeroline=False)
    # the phases head the columns, so the legend goes underneath
    return _style(
        fig,
        height=_rows_height(len(provinces)) + 30,
        margin={"l": 10, "r": 10, "t": 40, "b": 40},
        legend={"orientation": "h", "yanchor": "top", "y": -0.01, "xanchor": "left", "x": 0, "traceorder": "normal"},
    )


# ---- ratings -------------------------------------------------------------------------------


def ratings_share_chart(
    shares: pd.DataFrame, lang: str = "th", sort: bool = False, label_col: str = "province_name"
) -> go.Figure:
    """Per province, the share of districts rated A, B, C, D and not yet rated (stacked to 100 %).

    `shares` is `metrics.ratings_share_by_province` (province_name and counts A, B, C, D,
    unrated); shares are computed from the counts. Traces: A, B, C, D, unrated. With `sort`, the
    provinces with the most A and B come first.
    """
    if shares is None or shares.empty:
        return empty_figure(lang)
    data = shares.copy().reset_index(drop=True)
    for g in GRADE_KEYS:
        if g not in data:
            data[g] = 0
    counts = data[list(GRADE_KEYS)].fillna(0).astype(int)
    total = counts.sum(axis=1)
    share = counts.div(total.where(total > 0), axis=0).mul(100).fillna(0.0)
    if sort:
        order = (share["A"] + share["B"]).sort_values(ascending=False, kind="stable").index
        data, counts, share = data.loc[order], counts.loc[order], share.loc[order]
    labels = data[label_col].astype(str).tolist()
    fig = go.Figure()
    for g in GRADE_KEYS:
        fig.add_trace(
            go.Bar(
                name=grade_label(g, lang),
                y=labels,
                x=share[g].round(1).tolist(),
                orientation="h",
                marker={"color": GRADE_COLORS[g]},
                customdata=[[fmt_int(c), fmt_pct(s)] for c, s in zip(counts[g], share[g])],
                hovertemplate="%{y}<br>%{fullData.name}: %{customdata[0]} (%{customdata[1]})<extra></extra>",
                meta=g,
            )
        )
    fig.update_xaxes(range=[0, 100], title=t("chart.share", lang), ticksuffix="%")
    fig.update_yaxes(autorange="reversed", type="category")
    return _style(fig, height=_rows_height(len(labels)), barmode="stack")


def ratings_count_chart(counts: Mapping[str, int], lang: str = "th") -> go.Figure:
    """Districts per grade (the `ratings` block of the report): one bar per grade and unrated."""
    values = [int(counts.get(g, 0) or 0) for g in GRADE_KEYS]
    if not any(values):
        return empty_figure(lang)
    fig = go.Figure(
        go.Bar(
            x=[grade_label(g, lang) for g in GRADE_KEYS],
            y=values,
            marker={"color": [GRADE_COLORS[g] for g in GRADE_KEYS]},
            text=[fmt_int(v) for v in values],
            textposition="auto",
            hovertemplate="%{x}: %{text}<extra></extra>",
            meta=list(GRADE_KEYS),
        )
    )
    fig.update_yaxes(title=t("chart.count", lang), separatethousands=True)
    return _style(fig, height=300, showlegend=False)
