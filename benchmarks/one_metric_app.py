"""The floor for `first_figure.py`: one metric, served by the same Streamlit as the dashboard."""

import streamlit as st

st.metric("ผู้นำการเปลี่ยนแปลง", "27,040")
