"""The forecast (`dashboard.forecast`) as the pages show it: a table per report, a sentence, per area."""

from __future__ import annotations

from datetime import date

import pandas as pd

from dashboard.config import REPORT_IDS
from dashboard.i18n import fmt_int, norm_lang, report_title, t, thai_date


def _day(text: str | None, lang: str) -> str:
    return thai_date(date.fromisoformat(text), lang) if text else t("forecast.open_end", lang)


def _range(low: str | None, high: str | None, lang: str) -> str:
    if not low:
        return "—"
    return f"{_day(low, lang)} – {_day(high, lang)}"


def report_display(fc: dict, lang: str = "th") -> pd.DataFrame:
    """`forecast.report_forecast` as a table: one row per report, headed in `lang`."""
    rows = []
    for r in REPORT_IDS:
        f = fc[r]
        rows.append(
            {
                t("col.report", lang): report_title(r, lang, short=True),
                t("col.missing", lang): int(f["remaining"]),
                t("col.pace_per_day", lang): float(f["pace_per_day"]),
                t("col.projected_complete", lang): _day(f["projected_complete"], lang) if f["projected_complete"] else "—",
                t("col.forecast_range", lang): _range(f["range"]["earliest"], f["range"]["latest"], lang),
                t("col.deadline", lang): thai_date(date.fromisoformat(f["deadline"]), lang),
                # Late risk before the status: on a laptop the last column is the one scrolled to.
                t("col.late_risk", lang): bool(f["late_risk"]),
                t("col.forecast_status", lang): t(f"forecast.status.{f['status']}", lang),
            }
        )
    return pd.DataFrame(rows)


def sentence(report: str, f: dict, lang: str = "th") -> str:
    """One report's forecast in a sentence, with whether it is in time."""
    name = report_title(report, lang, short=True)
    deadline = thai_date(date.fromisoformat(f["deadline"]), lang)
    if f["status"] == "complete":
        return t("forecast.complete", lang, report=name)
    if f["status"] == "not_started":
        text = t("forecast.not_started", lang, report=name)
    elif f["status"] == "stalled":
        text = t("forecast.stalled", lang, report=name, days=f["window_days"], remaining=fmt_int(f["remaining"]))
    else:
        text = t(
            "forecast.on_pace",
            lang,
            report=name,
            pace=f"{f['pace_per_day']:.1f}",
            remaining=fmt_int(f["remaining"]),
            day=_day(f["projected_complete"], lang),
            low=_day(f["range"]["earliest"], lang),
            high=_day(f["range"]["latest"], lang),
        )
    mark = t("forecast.late" if f["late_risk"] else "forecast.in_time", lang, deadline=deadline)
    return f"{text} · {mark}"


def area_display(areas: pd.DataFrame, lang: str = "th") -> pd.DataFrame:
    """`forecast.forecast_by_area` as shown: at-risk areas first, latest projected day first."""
    name_col = "name_en" if norm_lang(lang) == "en" else "name"
    order = areas.assign(_never=areas["projected_complete"].isna() & (areas["remaining"] > 0))
    order = order.sort_values(["late_risk", "_never", "projected_complete", "code"], ascending=[False, False, False, True])
    return pd.DataFrame(
        {
            t("col.code", lang): order["code"].astype(str).to_numpy(),
            t("col.name", lang): order[name_col].astype(str).to_numpy(),
            t("col.missing", lang): order["remaining"].astype(int).to_numpy(),
            t("col.pace_per_day", lang): order["pace_per_day"].astype(float).to_numpy(),
            t("col.projected_complete", lang): [
                _day(d, lang) if isinstance(d, str) else "—" for d in order["projected_complete"]
            ],
            t("col.forecast_range", lang): [
                _range(lo if isinstance(lo, str) else None, hi if isinstance(hi, str) else None, lang)
                for lo, hi in zip(order["earliest"], order["latest"])
            ],
            t("col.late_risk", lang): order["late_risk"].astype(bool).to_numpy(),
            t("col.forecast_status", lang): [t(f"forecast.status.{s}", lang) for s in order["status"]],
        }
    )
