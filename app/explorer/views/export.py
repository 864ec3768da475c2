"""导出 Export: the whole graph or one area's subgraph as JSON-LD, Turtle or N-Triples."""

from __future__ import annotations

import streamlit as st

from app.explorer import browse, data, ui

FORMATS = {
    "jsonld": ("JSON-LD", "application/ld+json"),
    "ttl": ("Turtle", "text/turtle"),
    "nt": ("N-Triples", "application/n-triples"),
}

lang = ui.lang()
ui.require_data()

scope = st.radio(
    ui.t("ex_scope"),
    ["area", "whole"],
    format_func=lambda s: ui.t(f"ex_{s}"),
    horizontal=True,
    key="ex_scope",
)
area: str | None = None
if scope == "area":
    area = ui.area_choice("ex_area")
fmt = st.radio(
    ui.t("ex_format"),
    list(FORMATS),
    format_func=lambda f: FORMATS[f][0],
    horizontal=True,
    key="ex_format",
)

wanted = (scope, area, fmt)
if st.button(ui.t("ex_prepare"), key="ex_prepare", type="primary"):
    st.session_state["ex_ready"] = wanted

if st.session_state.get("ex_ready") == wanted:
    text, count = ui.cached(browse.export_text, fmt, area)
    if area is not None:
        key = next((a.key for a in ui.cached(data.areas, lang) if a.iri == area), "area")
        stem = f"metrokg-{key}"
    else:
        stem = "metrokg"
    name = f"{stem}.{fmt}"
    st.download_button(
        ui.t("ex_download", name=name, n=f"{count:,}"),
        text.encode("utf-8"),
        file_name=name,
        mime=FORMATS[fmt][1],
        key="ex_download",
        type="primary",
    )
    st.markdown(f"**{ui.t('ex_preview')}**")
    st.code("\n".join(text.splitlines()[:40]), language="json" if fmt == "jsonld" else None)
