"""Figure, deck and legend builders for the pages.

Builders take the core's small tables and return objects (`go.Figure`, `pdk.Deck`, HTML, frames);
pages display them. Nothing here imports Streamlit, so every builder is unit-tested directly.
"""
