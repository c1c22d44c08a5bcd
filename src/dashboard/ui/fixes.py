"""The Data page's loop-closing sections: what is left to fix, the staff fix form, and the
corrections with their outcome. Decisions and scope are the core's (`fixing`, `corrections`)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import corrections as fx
from dashboard import fixing, loader, suggest
from dashboard.access import Access, current_access
from dashboard.config import load_secrets
from dashboard.errors import DashboardError
from dashboard.export import correction_lines
from dashboard.i18n import has, norm_lang, reason_label, report_title, t
from dashboard.normalize.places import gazetteer
from dashboard.pipeline import View
from dashboard.screen import page_details
from dashboard.ui import session


def _headed(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    out = frame.copy()
    out.columns = [t(f"col.{c}", lang) if has(f"col.{c}") else str(c) for c in out.columns]
    return out


def to_fix_section(view: View, lang: str) -> None:
    frame = fixing.to_fix(view)
    if frame.empty:
        return
    st.subheader(t("fix.to_fix", lang))
    st.caption(t("fix.to_fix_help", lang))
    en = norm_lang(lang) == "en"
    shown = frame.assign(reason=frame["reason"].map(lambda r: reason_label(r, lang)))
    if en:
        gaz = gazetteer(view.cfg)
        shown["province_name"] = shown["province_code"].map(lambda c: gaz.province_names_en.get(c, c))
        shown["district_name"] = shown["district_code"].map(lambda c: gaz.district_names_en.get(c, c))
    shown = shown.rename(columns={"province_name": "province", "district_name": "district"})
    session.table(_headed(shown[["province", "district", "reason", "rows"]], lang), key="to_fix_table", width=720)
    session.download_buttons(view, "to-fix", lang, key="to_fix")


def fix_form(ctx, who: Access) -> None:
    """Staff of a province accept a suggestion or type a fix for one of their set-aside rows."""
    lang, view, ds = ctx.lang, ctx.view, ctx.dataset
    st.subheader(t("fix.title", lang))
    st.caption(t("fix.help", lang))
    # The outcome of the last save, shown first: once the next pull applies it, the row is gone.
    result = st.session_state.pop("fix_result", None)
    if result is not None:
        level, text = result
        getattr(st, level)(text)
    rows = fixing.fixable_rows(view, who)
    if rows.empty:
        st.info(t("fix.none", lang))
        return
    labels = [
        f"{report_title(r['source'], lang, short=True)} · {t('col.row', lang)} {r['row']} · {reason_label(r['reason'], lang)} · {r['detail']}"
        for _, r in page_details(rows, lang).iterrows()
    ]
    pick = st.selectbox(t("fix.row", lang), options=range(len(rows)), format_func=lambda i: labels[i], key="fix_row")
    rec = rows.iloc[int(pick)]
    sid, row = str(rec["source"]), int(rec["row"])
    spec = ds.cfg.sources[sid]
    suggestions = [str(rec[c]) for c in suggest.COLUMNS if c in rec and str(rec[c] or "")]
    own = t("fix.own", lang)
    # One choice per row: the first suggestion is offered first whenever a row is picked.
    choice_key = f"fix_choice_{sid.replace('.', '_')}_{row}"
    gaz = gazetteer(ds.cfg)  # a suggestion is kept as stored (it makes the correction), shown in `lang`
    choice = st.radio(
        t("fix.choose", lang), options=[*suggestions, own], key=choice_key,
        format_func=lambda s: s if s == own else suggest.shown_label(s, gaz, lang),
    )
    if choice == own:
        fields = list(spec.columns)
        default = fields.index("tambon") if "tambon" in fields else 0
        st.selectbox(
            t("fix.field", lang), options=fields, index=default, key="fix_field",
            format_func=lambda f: spec.columns[f] if norm_lang(lang) == "th" else f,
        )
        st.text_input(t("fix.value", lang), key="fix_value")
    st.text_input(t("fix.note", lang), key="fix_note")
    # Saved in the click's callback: it runs before the script, so a rerun cannot lose the click.
    st.button(t("fix.save", lang), key="fix_save", type="primary", on_click=_save, args=(ctx, who, sid, row, own, choice_key))


def _save(ctx, who: Access, sid: str, row: int, own: str, choice_key: str) -> None:
    lang, ds = ctx.lang, ctx.dataset
    spec = ds.cfg.sources[sid]
    raw = ds.raw.tables[sid]
    state = st.session_state
    # The access is looked up again now, in the current role table, as a download's is: a row
    # removed from the users sheet after this page was drawn saves nothing.
    secrets = load_secrets()
    now = current_access(who.email, secrets, loader.get_dataset(loader.choose_source(secrets), ds.cfg).raw, ds.cfg)
    if now is None or now.role != who.role or now.provinces != who.provinces:
        state["fix_result"] = ("error", t("downloads.access_withdrawn", lang))
        return
    choice, note = state.get(choice_key), str(state.get("fix_note") or "").strip()
    if choice != own:
        texts = {
            f: fx.current_text(raw, row - 2, fx.columns_of(raw, spec.columns[f]))
            for f in ("province", "district", "tambon")
            if f in spec.columns
        }
        lines = fx.lines_for_place(sid, row, texts, suggest.code_of(choice) or "", ds.cfg, by=str(who.email), note=note)
    else:
        field, value = state.get("fix_field"), str(state.get("fix_value") or "").strip()
        if not value or field not in spec.columns:
            state["fix_result"] = ("warning", t("fix.empty_value", lang))
            return
        was = fx.current_text(raw, row - 2, fx.columns_of(raw, spec.columns[field]))
        lines = [fx.Correction(sid, row, field, was, value, str(who.email), note)]
    if not lines:
        state["fix_result"] = ("info", t("fix.nothing", lang))
        return
    try:
        done = fixing.submit(ds, ctx.source, lines, now)
    except DashboardError as err:
        state["fix_result"] = ("error", err.message_th if norm_lang(lang) == "th" else err.message_en)
        return
    state["fix_result"] = ("success", t("fix.saved", lang, n=len(done)))
    state["fix_value"] = ""


def outcomes_section(view: View, who: Access, lang: str) -> None:
    frame = correction_lines(view, who.show_names, who.show_phones)
    if frame.empty:
        return
    st.subheader(t("fix.outcomes", lang))
    shown = page_details(frame.drop(columns=["province_code"]), lang).assign(
        outcome=frame["outcome"].map(lambda o: t(f"outcome.{o}", lang)),
        source=frame["source"].map(lambda s: report_title(str(s), lang, short=True) if s in view.cfg.sources else s),
    )
    session.table(_headed(shown, lang), key="corrections_table")
    session.download_buttons(view, "corrections", lang, key="corrections")
