"""导出 Export: the graph in three shapes, each with its dataset record and a preview.

RDF (JSON-LD, Turtle or N-Triples; the whole graph or one area), one area as nested JSON-LD
(framed), or the tables as a CSV data package (zip).
"""

from __future__ import annotations

import streamlit as st

from app.explorer import data, ui
from loaders.export import csv_zip, flat_export, nested_export, table_preview
from loaders.sharing import nested
from loaders.sharing.tables import TABLES

FORMATS = {
    "jsonld": ("JSON-LD", "application/ld+json"),
    "ttl": ("Turtle", "text/turtle"),
    "nt": ("N-Triples", "application/n-triples"),
}
SHAPES = ("flat", "nested", "csv")

lang = ui.lang()
snap = ui.require_data()
st.caption(ui.t("ex_licence"))

shape = st.radio(
    ui.t("ex_shape"),
    list(SHAPES),
    format_func=lambda s: ui.t(f"ex_shape_{s}"),
    horizontal=True,
    key="ex_shape",
)
area: str | None = None
fmt = "jsonld"
if shape == "nested":
    st.caption(ui.t("ex_nested_note"))
    area = ui.area_choice("ex_area")
else:
    if shape == "csv":
        st.caption(ui.t("ex_csv_note"))
    scope = st.radio(
        ui.t("ex_scope"),
        ["area", "whole"],
        format_func=lambda s: ui.t(f"ex_{s}" if shape == "flat" or s == "area" else "ex_all_areas"),
        horizontal=True,
        key="ex_scope",
    )
    if scope == "area":
        area = ui.area_choice("ex_area")
    if shape == "flat":
        fmt = st.radio(
            ui.t("ex_format"),
            list(FORMATS),
            format_func=lambda f: FORMATS[f][0],
            horizontal=True,
            key="ex_format",
        )

wanted = (shape, area, fmt)
if st.button(ui.t("ex_prepare"), key="ex_prepare", type="primary"):
    st.session_state["ex_ready"] = wanted

if st.session_state.get("ex_ready") == wanted:
    key = "metrokg"
    if area is not None:
        key = next((f"metrokg-{a.key}" for a in ui.cached(data.areas, lang) if a.iri == area), key)
    if shape == "csv":
        archive, counts = ui.cached(csv_zip, snap.generation, area)
        name = f"{key}-csv.zip"
        st.download_button(
            ui.t("ex_download_zip", name=name, n=f"{sum(counts.values()):,}"),
            archive,
            file_name=name,
            mime="application/zip",
            key="ex_download",
            type="primary",
        )
        st.markdown(f"**{ui.t('ex_tables')}**")
        st.dataframe(
            [
                {ui.t("ex_table"): ui.t(f"ex_table_{t}"), ui.t("ex_rows"): counts[t]}
                for t in TABLES
            ],
            hide_index=True,
        )
        table = st.selectbox(
            ui.t("ex_table"), list(TABLES), format_func=lambda t: ui.t(f"ex_table_{t}"),
            key="ex_table",
        )
        st.markdown(f"**{ui.t('ex_preview_table', table=ui.t(f'ex_table_{table}'))}**")
        st.dataframe(ui.cached(table_preview, table, lang, area), hide_index=True)
    else:
        if shape == "nested":
            assert area is not None
            text, count = ui.cached(nested_export, area, snap.generation)
            name, mime = f"{key}-nested.jsonld", "application/ld+json"
        else:
            text, count = ui.cached(flat_export, fmt, snap.generation, area)
            name, mime = f"{key}.{fmt}", FORMATS[fmt][1]
        st.download_button(
            ui.t("ex_download", name=name, n=f"{count:,}"),
            text.encode("utf-8"),
            file_name=name,
            mime=mime,
            key="ex_download",
            type="primary",
        )
        st.markdown(f"**{ui.t('ex_preview')}**")
        shown = nested.preview(text) if shape == "nested" else "\n".join(text.splitlines()[:40])
        st.code(shown, language="json" if fmt == "jsonld" else None)
