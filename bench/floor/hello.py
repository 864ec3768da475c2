"""The floor of ``bench/pages.py``: a bare Streamlit page (a title and a line of text).

Served by ``bench/pages.py --floor`` under the same Streamlit, flags and Chromium as the
explorer; no change to the explorer can make a page load faster than this one.
"""

import streamlit as st

st.title("hello")
st.write("a bare Streamlit page")
