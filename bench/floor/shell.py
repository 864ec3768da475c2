"""The explorer's shell without its pages, for ``bench/pages.py --floor``.

The same ``st.navigation`` with a hidden root that switches to the first page, the sidebar
toggle and a ``run_every`` fragment as ``app/explorer/app.py``, but each page only a title:
what the app's structure costs in a browser before any page of ours runs.
"""

import streamlit as st

st.set_page_config(page_title="shell", layout="wide", initial_sidebar_state="expanded")
with st.sidebar:
    st.toggle("English", key="lang_en")


def page() -> None:
    st.title("a page")
    st.write("a bare page behind st.navigation")


first = st.Page(page, title="first", url_path="first")


def home() -> None:
    st.switch_page(first, query_params=st.query_params.to_dict())


navigation = st.navigation(
    [st.Page(home, url_path="home", default=True, visibility="hidden"), first]
)


@st.fragment(run_every=5)
def watch() -> None:
    st.caption("data directory: —")


with st.sidebar:
    watch()

navigation.run()
