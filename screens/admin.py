"""ผู้ดูแลระบบ / Admin: the header check on the connected sheets — what maps, what is proposed —
with each proposal confirmed by hand and the mapping overlay downloaded (`python -m dashboard check`)."""

import streamlit as st

from dashboard import loader, mapping
from dashboard.errors import DashboardError
from dashboard.i18n import fmt_int, t
from dashboard.ui import session

cfg, lang, source = session.start_admin_page()
try:
    raw = loader.raw_for_check(source, cfg)
except DashboardError as exc:
    st.error(t("admin.read_failed", lang, detail=exc.message_en if lang == "en" else exc.message_th))
    session.stop()
st.caption(t("admin.intro", lang, source=session.source_label_raw(raw, lang)))
if cfg.mapping is not None:
    st.caption(t("admin.overlay_in_use", lang, path=cfg.mapping))

result = mapping.check_tables(raw.tables, cfg)
(st.success if result.ok else st.error)(mapping.word("ok" if result.ok else "not_ok", lang))
confirmed = []
for sid, check in result.sources.items():
    with st.expander(f"{sid} · {check.title_en if lang == 'en' else check.title_th}", expanded=not check.ok or bool(check.proposals)):
        if not check.present:
            st.warning(mapping.word("absent", lang))
            continue
        session.table(mapping.field_frame(check, lang), key=f"check_{sid}")
        for name, header in check.proposals:
            if st.checkbox(t("admin.confirm", lang, field=name, header=header), key=f"confirm_{sid}_{name}"):
                confirmed.append((sid, header, name))
        if rest := mapping.unclaimed(check):
            st.caption(t("admin.unknown", lang, headers=", ".join(rest)))

pairs = result.pairs(confirmed)
overlay = mapping.overlay_toml(pairs)
st.caption(t("admin.pairs", lang, n=fmt_int(len(pairs))))
st.download_button(t("admin.download", lang), overlay.encode("utf-8"), file_name="mapping.toml",
                   mime="application/toml", key="download_mapping", icon=":material/download:")
st.code(overlay, language="toml")
