"""Streamlit glue shared by the pages: the backend, caching per store generation, language,
and helpers that show data as text.

- The :class:`~app.explorer.backend.Backend` (the read-only store and the graph client) comes
  from ``st.cache_resource``, one per data directory.
- Query results come from ``st.cache_data`` through :func:`cached`, keyed by the data
  directory and the store *generation*: after ``metrokg load`` the generation changes, so the
  next run of any page reads the new data; nothing needs a restart.
- Text from the data is shown as text: :func:`md_escape` backslash-escapes every character
  Markdown (or Streamlit's extensions: ``:color[…]``, ``$…$``, HTML) would interpret, and
  nothing here passes ``unsafe_allow_html``.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Literal, TypeVar

import pandas as pd
import streamlit as st

from app.explorer.backend import Backend, Snapshot
from app.explorer.display import fill_missing
from app.explorer.i18n import Lang, tr
from app.explorer.memory_copy import limit_from_env
from loaders.pipeline import default_data_dir
from loaders.rdfstore import StoreError
from loaders.stores import Settings

T = TypeVar("T")
LANG_KEY = "lang_en"
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:&=^\"'])")


@st.cache_resource(show_spinner=False)
def backend_for(settings: Settings) -> Backend:
    """The process's one backend for these settings (shared by every session); it reads a
    generation from memory once its copy is made (``$METROKG_MEMORY_COPY_LIMIT``)."""
    return Backend(settings, memory_copy_limit=limit_from_env(), warm_index=True)


def data_dir() -> Path:
    """The data directory: ``$METROKG_DATA_DIR`` or the default."""
    return default_data_dir()


def backend() -> Backend:
    """The backend of the configured data directory (a configuration error stops the page)."""
    try:
        settings = Settings.from_env(data_dir())
    except ValueError as exc:  # e.g. METROKG_GRAPH_URI is not a Bolt URI
        st.error(t("store_error", msg=str(exc)))
        st.stop()
        raise  # not reached: st.stop() raises
    return backend_for(settings)


def lang() -> Lang:
    """The language chosen in the sidebar (Chinese unless English is switched on)."""
    return "en" if st.session_state.get(LANG_KEY) else "zh"


def t(key: str, **fields: object) -> str:
    """Interface text in the chosen language."""
    return tr(key, lang(), **fields)


def require_data() -> Snapshot:
    """The current store generation, or a message (and the page stops) when there is none."""
    try:
        return backend().snapshot()
    except StoreError as exc:
        if "no graph loaded" in str(exc):
            st.info(t("no_data", dir=str(data_dir())))
        else:
            st.error(t("store_error", msg=str(exc)))
        st.stop()
        raise  # not reached: st.stop() raises


@st.cache_data(show_spinner=False, max_entries=2048)
def _cached(
    name: str, data_dir: str, generation: str, args: tuple[Any, ...], _fn: Any, _store: Any
) -> Any:
    return _fn(_store, *args)


def cached(fn: Callable[..., T], *args: Any) -> T:
    """``fn(store, *args)`` on the current generation, cached per (generation, args).

    ``args`` must be hashable plain values (strings, numbers, tuples).
    """
    snap = require_data()
    name = f"{fn.__module__}.{fn.__qualname__}"
    result: T = _cached(
        name, str(snap.data_dir), snap.generation, tuple(args), _fn=fn, _store=snap.store
    )
    return result


@st.cache_data(show_spinner=False, max_entries=512, ttl=60)
def _cached_graph(
    name: str, data_dir: str, generation: str, args: tuple[Any, ...], _fn: Any, _graph: Any
) -> Any:
    return _fn(_graph, *args)


def cached_graph(fn: Callable[..., T], *args: Any) -> T:
    """``fn(graph, *args)`` on the property graph, cached for a minute per store generation.

    Raises whatever connecting to the graph server raises (the caller says it is unavailable).
    """
    snap = require_data()
    graph = backend().graph()
    name = f"{fn.__module__}.{fn.__qualname__}"
    result: T = _cached_graph(
        name, str(snap.data_dir), snap.generation, tuple(args), _fn=fn, _graph=graph
    )
    return result


def md_escape(text: object) -> str:
    """``text`` with every Markdown-significant character backslash-escaped (shown literally)."""
    escaped = _MD_SPECIAL.sub(r"\\\1", str(text))
    return escaped.replace("\n", "  \n")


def say(text: object, caption: bool = False) -> None:
    """Show data text literally (as a paragraph or a caption)."""
    if caption:
        st.caption(md_escape(text))
    else:
        st.markdown(md_escape(text))


def table(
    frame: pd.DataFrame,
    columns: dict[str, str],
    height: int | Literal["auto"] = "auto",
    key: str | None = None,
    reasons: dict[str, pd.Series | str] | None = None,
) -> None:
    """A sortable table of ``frame``'s ``columns`` (name -> interface text key), data as text.

    A missing cell shows "—", or the reason ``reasons`` gives for its column.
    """
    picked = frame[[c for c in columns if c in frame.columns]]
    shown = fill_missing(picked, t("missing"), reasons).rename(
        columns={c: t(k) for c, k in columns.items()}
    )
    st.dataframe(shown, hide_index=True, width="stretch", height=height, key=key)


def csv_bytes(columns: Sequence[str], rows: Sequence[dict[str, Any]]) -> bytes:
    """CSV that Excel opens correctly: UTF-8 with a BOM, lists joined with "; "."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([plain_cell(row.get(c)) for c in columns])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def json_bytes(columns: Sequence[str], rows: Sequence[dict[str, Any]]) -> bytes:
    """The rows as a JSON array of objects (UTF-8, Chinese unescaped)."""
    data = [{c: row.get(c) for c in columns} for row in rows]
    return json.dumps(data, ensure_ascii=False, indent=2, default=str).encode("utf-8")


def plain_cell(value: Any) -> str:
    """A cell as text: lists joined with "; ", None as empty."""
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return str(value)


def downloads(columns: Sequence[str], rows: Sequence[dict[str, Any]], stem: str, key: str) -> None:
    """CSV (Excel-friendly) and JSON download buttons for ``rows``."""
    left, right = st.columns(2)
    left.download_button(
        t("download_csv"),
        csv_bytes(columns, rows),
        file_name=f"{stem}.csv",
        mime="text/csv",
        key=f"{key}-csv",
        width="stretch",
    )
    right.download_button(
        t("download_json"),
        json_bytes(columns, rows),
        file_name=f"{stem}.json",
        mime="application/json",
        key=f"{key}-json",
        width="stretch",
    )


def area_choice(key: str, label_key: str = "choose_area") -> str | None:
    """A select box of the areas (their IRIs), preset from the ``area`` query parameter."""
    from app.explorer import data

    areas = cached(data.areas, lang())
    if not areas:
        st.info(t("none_recorded"))
        return None
    by_iri = {a.iri: a for a in areas}
    wanted = st.query_params.get("area")
    if key not in st.session_state:
        match = next((a.iri for a in areas if wanted in (a.key, a.name_zh, a.iri)), None)
        st.session_state[key] = match or areas[0].iri
    if st.session_state[key] not in by_iri:
        st.session_state[key] = areas[0].iri
    chosen: str = st.selectbox(
        t(label_key), list(by_iri), key=key, format_func=lambda iri: by_iri[iri].name
    )
    return chosen


def map_with_caption(drawn: Any) -> None:
    """A boundary map (:class:`app.explorer.geo.MapSpec`, or a ``Drawn`` chart) and how many
    units it drew how."""
    spec = drawn.spec if hasattr(drawn, "spec") else drawn.chart.to_dict()
    st.vega_lite_chart(spec, width="stretch")
    caption = t("map_polygons", n=drawn.polygons)
    if drawn.points:
        caption += " " + t("map_fallback", n=drawn.points)
    if getattr(drawn, "unplaced", 0):
        caption += " " + t("map_unplaced", n=drawn.unplaced)
    st.caption(caption)
