"""Streamlit entry point: page setup and the headline figures from the core (the full pages come later)."""

import streamlit as st

from dashboard import metrics
from dashboard.config import load_config
from dashboard.pipeline import load_dataset, make_view

st.set_page_config(page_title="บ้านพี่เมืองน้อง · Dashboard", page_icon="🌾", layout="wide")


@st.cache_resource(show_spinner="กำลังโหลดข้อมูล…")
def dataset():
    return load_dataset("demo", load_config())


ds = dataset()
view = make_view(ds)
rep = metrics.report_dict(view)

st.title("ผู้นำการเปลี่ยนแปลง บ้านพี่เมืองน้อง")
st.caption(f"ข้อมูลตัวอย่าง (demo) · {ds.raw.label}")
c1, c2, c3 = st.columns(3)
L, T = rep["leaders"], rep["tambons"]
c1.metric("ผู้นำการเปลี่ยนแปลง", f"{L['registered']:,} / {L['target']:,}")
c2.metric("ตำบลที่มีรายงาน", f"{T['engaged']:,} / {T['target']:,}")
kpi = rep["kpi_driving_pct"]
c3.metric("ผู้นำขับเคลื่อนงานได้", "–" if kpi is None else f"{kpi:.1f}%")
st.dataframe(metrics.completeness(view), key="completeness")
