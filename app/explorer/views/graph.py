"""图谱 Graph browser: find a node by name, draw its neighbourhood, expand nodes (click or
control), filter by kind, and read the selected node's properties and provenance."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app.explorer import browse, data, graph_view, ui
from app.explorer.clicks import node_clicks

lang = ui.lang()
ui.require_data()
state = st.session_state
CENTRES, SELECTED = "gb_centres", "gb_selected"


def start_at(iri: str) -> None:
    """Draw ``iri``'s neighbourhood afresh and show its details."""
    state[CENTRES] = [iri]
    state[SELECTED] = iri


def expand(iri: str) -> None:
    """Add ``iri``'s neighbourhood to the drawing and show its details."""
    centres = list(state.get(CENTRES, []))
    if iri not in centres:
        centres.append(iri)
    state[CENTRES] = centres
    state[SELECTED] = iri


if not state.get(CENTRES):
    first = ui.cached(data.areas, lang)
    wanted = st.query_params.get("node")
    if wanted:
        start_at(wanted)
    elif first:
        start_at(first[0].iri)

clicked = node_clicks("gb_clicks", lambda: None)

# search
query = st.text_input(ui.t("gb_search"), key="gb_query", placeholder="南京 / Nanjing / 320100")
if query.strip():
    hits, total = ui.cached(browse.search, query, lang, 50)
    if hits:
        by_iri = {h.iri: h for h in hits}

        def pick_hit() -> None:
            start_at(state["gb_hit"])

        st.selectbox(
            f"{ui.t('gb_results')} ({len(hits)}/{total})",
            list(by_iri),
            index=None,
            placeholder=ui.t("choose"),
            key="gb_hit",
            on_change=pick_hit,
            format_func=lambda iri: " · ".join(
                x for x in (by_iri[iri].label, by_iri[iri].kind, by_iri[iri].other) if x
            ),
        )
    else:
        st.info(ui.t("gb_no_match"))

centres: list[str] = list(state.get(CENTRES, []))
if not centres:
    st.stop()

hood = browse.Neighbourhood()
for centre in centres:
    hood = hood.merge(ui.cached(browse.neighbourhood, centre, lang))

if clicked and clicked in hood.nodes and clicked not in centres:
    expand(clicked)
    st.rerun()
elif clicked and clicked in hood.nodes:
    state[SELECTED] = clicked

# controls
kind_labels = {n.kind: n.kind_label or n.kind for n in hood.nodes.values() if n.kind}
controls = st.columns([3, 1, 1, 2])
expandable = sorted(
    (n for n in hood.nodes.values() if n.iri not in centres), key=lambda n: (n.kind_label, n.label)
)
if state.get("gb_expand_choice") not in {n.iri for n in expandable}:
    state["gb_expand_choice"] = None
controls[0].selectbox(
    ui.t("gb_expand"),
    [n.iri for n in expandable],
    index=None,
    placeholder=ui.t("choose"),
    key="gb_expand_choice",
    format_func=lambda iri: f"{hood.nodes[iri].label} · {hood.nodes[iri].kind_label}",
)
if controls[1].button(
    ui.t("gb_expand_button"), key="gb_expand_button", width="stretch"
) and state.get("gb_expand_choice"):
    expand(state["gb_expand_choice"])
    st.rerun()
if controls[2].button(ui.t("gb_reset"), key="gb_reset", width="stretch"):
    start_at(centres[0])
    st.rerun()
limit = controls[3].select_slider(
    ui.t("gb_max"), [50, 100, 200, 300, 500, 1000, 2000, 3000], value=500, key="gb_limit"
)
if "gb_kinds" in state:
    state["gb_kinds"] = [k for k in state["gb_kinds"] if k in kind_labels]
kinds = st.multiselect(
    ui.t("gb_kinds"),
    sorted(kind_labels, key=lambda k: kind_labels[k]),
    format_func=lambda k: kind_labels[k],
    key="gb_kinds",
    placeholder=ui.t("qa_all"),
)

drawing_col, details_col = st.columns([3, 2])
selected = state.get(SELECTED) or centres[-1]
drawing = graph_view.render(hood, centres, selected=selected, kinds=set(kinds) or None, limit=limit)
with drawing_col:
    st.caption(
        ui.t("gb_showing", n=drawing.shown_nodes, m=drawing.total_nodes, e=drawing.shown_edges)
        + ("" if drawing.physics else " · " + ui.t("gb_layout_static"))
    )
    st.iframe(drawing.html, height=640)
    st.caption(ui.t("gb_click_hint"))

with details_col:
    details = ui.cached(browse.node_details, selected, lang)
    st.subheader(ui.md_escape(details.label))
    ui.say(" · ".join([*details.kinds, details.iri]), caption=True)
    st.markdown(f"**{ui.t('gb_details')}**")
    if details.statements:
        frame = pd.DataFrame(
            [
                {"property": s.predicate_label, "value": s.value, "iri": s.target or ""}
                for s in details.statements
            ]
        )
        ui.table(
            frame,
            {"property": "col_property", "value": "col_value", "iri": "col_iri"},
            key="gb_props",
        )
    st.markdown(f"**{ui.t('gb_provenance')}**")
    provenance = [(ui.t("prov_sections"), s) for s in details.sections]
    provenance += [(ui.t("prov_references"), r) for r in details.references]
    for key, values in details.provenance.items():
        provenance += [(ui.t(key), v) for v in values]
    if provenance:
        ui.table(
            pd.DataFrame(provenance, columns=["property", "value"]),
            {"property": "col_property", "value": "col_value"},
            key="gb_prov",
        )
    else:
        st.caption(ui.t("none_recorded"))
    if details.incoming:
        st.markdown(f"**{ui.t('gb_incoming')}** ({len(details.incoming)}/{details.incoming_total})")
        frame = pd.DataFrame(
            [
                {"property": s.predicate_label, "value": s.value, "iri": s.target or ""}
                for s in details.incoming
            ]
        )
        ui.table(
            frame,
            {"value": "col_name", "property": "col_relation", "iri": "col_iri"},
            key="gb_incoming",
            height=260,
        )
