"""The metrokg explorer: ``metrokg explore`` (or ``streamlit run app/explorer/app.py``).

The data directory comes from ``$METROKG_DATA_DIR`` (as for every ``metrokg`` command). The
pages live in ``views/``; each is a thin script over the library modules of this package.
"""

from __future__ import annotations

import sys
from pathlib import Path

# `streamlit run` puts this file's folder first on sys.path, where this very file, app.py,
# would shadow the `app` package. Take the folder off the path (and a wrongly imported `app`).
_HERE = Path(__file__).resolve().parent
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != _HERE]
if "app" in sys.modules and not hasattr(sys.modules["app"], "__path__"):
    del sys.modules["app"]

import streamlit as st  # noqa: E402

from app.explorer import ui  # noqa: E402

st.set_page_config(page_title="metrokg 都市圈", layout="wide", initial_sidebar_state="expanded")

if ui.LANG_KEY not in st.session_state:
    st.session_state[ui.LANG_KEY] = st.query_params.get("lang") == "en"

with st.sidebar:
    st.toggle(ui.t("english"), key=ui.LANG_KEY)

PAGES = [
    ("views/overview.py", "page_overview", "overview"),
    ("views/area.py", "page_area", "area"),
    ("views/graph.py", "page_graph", "graph"),
    ("views/questions.py", "page_questions", "questions"),
    ("views/console.py", "page_console", "console"),
    ("views/ontology.py", "page_ontology", "ontology"),
    ("views/export.py", "page_export", "export"),
]
PAGE_OBJECTS = [st.Page(path, title=ui.t(title), url_path=url) for path, title, url in PAGES]


def home() -> None:
    """The app's root (/): the overview, at its own address /overview.

    Streamlit serves the default page at / only and answers its named address with "Page not
    found"; so the root is a hidden page that switches to the overview, and /overview (a link
    someone shares) opens the overview itself.
    """
    st.switch_page(PAGE_OBJECTS[0])


navigation = st.navigation(
    [st.Page(home, url_path="home", default=True, visibility="hidden"), *PAGE_OBJECTS]
)


@st.fragment(run_every=5)
def watch_generation() -> None:
    """Show the data directory and generation; rerun the app when ``metrokg load`` switched it."""
    generation = ui.backend().generation()
    seen = st.session_state.setdefault("seen_generation", generation)
    st.caption(f"{ui.t('data_dir')}: {ui.md_escape(ui.data_dir())}")
    st.caption(f"{ui.t('generation')}: {ui.md_escape(generation or '—')}")
    if generation != seen:
        st.session_state["seen_generation"] = generation
        st.rerun(scope="app")


with st.sidebar:
    watch_generation()

navigation.run()
