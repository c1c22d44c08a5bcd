"""A short summary a provincial office can paste into a LINE group (Thai; English for previews).

The words are the catalogue's (`dashboard.messages.notify`); the Thai text is what LINE groups
receive, so it changes only when its catalogue entry does.
"""

from __future__ import annotations

from datetime import datetime

from dashboard import metrics
from dashboard.config import Config
from dashboard.i18n import DEFAULT_LANG, has, norm_lang, t, thai_date
from dashboard.normalize.places import gazetteer
from dashboard.pipeline import View

# The report whose answers give the "can drive the work" KPI (metrics.kpi_driving reads it).
KPI_REPORT = "2.2"


def report_name(cfg: Config, report: str, lang: str | None = DEFAULT_LANG) -> str:
    """How the summaries name a report: the catalogue's short name (its id first), else, for a
    form the catalogue does not know yet, the configuration's title."""
    key = f"notify.report.{report}"
    if has(key):
        return t(key, lang)
    spec = cfg.sources[report]
    return spec.title_en if norm_lang(lang) == "en" else spec.title_th


def where_name(cfg: Config, provinces: tuple[str, ...] | None, lang: str | None = DEFAULT_LANG) -> str:
    """The scope in words: the whole country, or the provinces' names."""
    if provinces is None:
        return t("notify.where.country", lang)
    gaz = gazetteer(cfg)
    names = gaz.province_names_en if norm_lang(lang) == "en" else gaz.province_names
    return t("notify.where.provinces", lang, names=", ".join(names[p] for p in provinces))


def _pct(n: int, d: int) -> str:
    return f"{n / d * 100:.1f}%" if d else "–"


def figure_lines(view: View, report: dict, *, blank: bool = True, lang: str | None = DEFAULT_LANG) -> list[str]:
    """The figures of `report` as the LINE summary and the digest give them: leaders, tambons, the
    75 % KPI, each report's units (`blank`: an empty line before the reports)."""
    cfg = view.cfg
    L, T = report["leaders"], report["tambons"]
    lines = [
        t("notify.leaders", lang, registered=L["registered"], target=L["target"], share=_pct(L["registered"], L["target"]),
          older=L["older"], younger=L["younger"]),
        t("notify.tambons", lang, engaged=T["engaged"], target=T["target"], per_tambon=cfg.target("leaders_per_tambon"),
          full=T["full_leaders"]),
    ]
    kpi = report["kpi_driving_pct"]
    target_kpi = cfg.targets.get("kpi_driving_pct", 75)
    if kpi is None:
        lines.append(t("notify.kpi_none", lang, report=KPI_REPORT))
    else:
        lines.append(t("notify.kpi", lang, kpi=kpi, target=target_kpi, mark="✅" if kpi >= target_kpi else "⚠️"))
    if blank:
        lines.append("")
    lines.append(t("notify.reports_heading", lang))
    for r in cfg.report_ids:
        c = report["reports"][r]
        lines.append(
            t("notify.report_line", lang, name=report_name(cfg, r, lang), received=c["received"], expected=c["expected"],
              share=_pct(c["received"], c["expected"]), on_time=c["on_time"], missing=c["missing"])
        )
    return lines


def line_summary(view: View, report: dict, now: datetime, lang: str | None = DEFAULT_LANG) -> str:
    where = where_name(view.cfg, (view.province,) if view.province else None, lang)
    day = thai_date(view.as_of or now.date(), lang)
    lines = [t("notify.title", lang, where=where, day=day), *figure_lines(view, report, blank=False, lang=lang)]
    late = metrics.overdue(view, now if not view.as_of else datetime.combine(view.as_of, datetime.min.time()))
    if late:
        items = ", ".join(t("notify.overdue_item", lang, report=r, n=n) for r, n in late)
        lines.append(t("notify.overdue", lang, items=items))
    q = sum(report["issues"].values())
    if q:
        lines.append(t("notify.to_fix", lang, n=q))
    return "\n".join(lines)
