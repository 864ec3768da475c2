"""图谱 Graph browser: find a node (Chinese, English, pinyin, division code), draw its
neighbourhood full width, expand nodes by relation, collapse, undo, filter by kind; the view
lives in the URL (share link); paths between two nodes; the selected node's details below."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from app.explorer import browse, data, graph_state, graph_view, notes, qa, ui
from app.explorer.clicks import node_clicks
from app.explorer.graph_state import View

lang = ui.lang()
ui.require_data()
state = st.session_state
VIEW, HISTORY, PENDING = "gb_view", "gb_history", "gb_pending"
URL_KEYS = ("node", "sel", "kind", "max")
READABLE = {"prov_note", "prov_interpretation"}  # curators' notes: as sentences


def current() -> View:
    view = state.get(VIEW)
    return view if isinstance(view, View) else View()


def show(view: View, remember: bool = True) -> None:
    """Make ``view`` the current one (the old one kept for undo) and write it to the URL."""
    old = current()
    if remember and old.centres and old != view:
        state[HISTORY] = [*state.get(HISTORY, []), old][-30:]
    state[VIEW] = view
    state[PENDING] = view
    for key in URL_KEYS:
        if key in st.query_params:
            del st.query_params[key]
    for key, value in view.to_params().items():
        st.query_params[key] = value


if not current().centres:
    from_url = graph_state.from_params({k: st.query_params.get_all(k) for k in URL_KEYS})
    if from_url is not None:
        show(from_url, remember=False)
    else:
        first = ui.cached(data.areas, lang)
        if first:
            show(View().start_at(first[0].iri), remember=False)

clicked = node_clicks("gb_clicks", lambda: None)

# search
query = st.text_input(
    ui.t("gb_search"), key="gb_query", placeholder="南京 / Nanjing / jiangning / 320115"
)
if query.strip():
    hits, total = ui.cached(browse.search, query, lang, 50)
    if hits:
        by_iri = {h.iri: h for h in hits}

        def pick_hit() -> None:
            if state.get("gb_hit"):
                show(current().start_at(state["gb_hit"]))

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

view = current()
if not view.centres:
    st.stop()

hood = browse.Neighbourhood()
for centre in view.centres:
    hood = hood.merge(ui.cached(browse.neighbourhood, centre.iri, lang, None, centre.relations))

centre_iris = [c.iri for c in view.centres]
if clicked and clicked in hood.nodes:
    show(view.expand(clicked) if clicked not in centre_iris else view.select(clicked))
    st.rerun()

# controls: expand a node by relation, collapse, undo, start over, cap
selected = view.selected if view.selected in hood.nodes else centre_iris[-1]
kind_labels = {n.kind: n.kind_label or n.kind for n in hood.nodes.values() if n.kind}
pending = state.pop(PENDING, None)
if isinstance(pending, View):  # a new view: the widgets follow it
    state["gb_target"] = selected
    state["gb_kinds"] = [k for k in pending.kinds if k in kind_labels]
    state["gb_limit"] = pending.limit
nodes_sorted = sorted(hood.nodes.values(), key=lambda n: (n.kind_label, n.label))
if state.get("gb_target") not in hood.nodes:
    state["gb_target"] = selected
controls = st.columns([3, 3, 1, 1, 1, 1])
target = controls[0].selectbox(
    ui.t("gb_expand"),
    [n.iri for n in nodes_sorted],
    key="gb_target",
    format_func=lambda iri: f"{hood.nodes[iri].label} · {hood.nodes[iri].kind_label}",
)
target_hood = ui.cached(browse.neighbourhood, target, lang, None, ())
counts = browse.relation_counts(target_hood, target, lang)
if "gb_relations" in state:
    state["gb_relations"] = [r for r in state["gb_relations"] if r in counts]
relations = controls[1].multiselect(
    ui.t("gb_relations"),
    sorted(counts, key=lambda r: counts[r][0]),
    format_func=lambda r: f"{counts[r][0]} ({counts[r][1]})",
    key="gb_relations",
    placeholder=ui.t("qa_all"),
)
if controls[2].button(ui.t("gb_expand_button"), key="gb_expand_button", width="stretch"):
    show(view.expand(target, relations))
    st.rerun()
if controls[3].button(
    ui.t("gb_collapse"),
    key="gb_collapse",
    width="stretch",
    disabled=target not in centre_iris or len(centre_iris) <= 1,
):
    show(view.collapse(target))
    st.rerun()
if controls[4].button(
    ui.t("gb_undo"), key="gb_undo", width="stretch", disabled=not state.get(HISTORY)
):
    history = list(state.get(HISTORY, []))
    show(history.pop(), remember=False)
    state[HISTORY] = history
    st.rerun()
if controls[5].button(ui.t("gb_reset"), key="gb_reset", width="stretch"):
    show(View(limit=view.limit).start_at(centre_iris[0]))
    st.rerun()

if "gb_kinds" in state:
    state["gb_kinds"] = [k for k in state["gb_kinds"] if k in kind_labels]
else:
    state["gb_kinds"] = [k for k in view.kinds if k in kind_labels]
if state.get("gb_limit") not in graph_state.LIMITS:
    state["gb_limit"] = view.limit
filters = st.columns([4, 1])
kinds = filters[0].multiselect(
    ui.t("gb_kinds"),
    sorted(kind_labels, key=lambda k: kind_labels[k]),
    format_func=lambda k: kind_labels[k],
    key="gb_kinds",
    placeholder=ui.t("qa_all"),
)
limit = filters[1].selectbox(ui.t("gb_max"), graph_state.LIMITS, key="gb_limit")
if tuple(kinds) != view.kinds or limit != view.limit:
    show(replace(view, kinds=tuple(kinds), limit=int(limit)))
    state.pop(PENDING, None)
    view = current()

drawing = graph_view.render(
    hood, centre_iris, selected=selected, kinds=set(kinds) or None, limit=view.limit
)
st.caption(
    ui.t("gb_showing", n=drawing.shown_nodes, m=drawing.total_nodes, e=drawing.shown_edges)
    + ("" if drawing.physics else " · " + ui.t("gb_layout_static"))
    + " · "
    + ui.t("gb_click_hint")
)
st.iframe(drawing.html, height=740)
st.caption(ui.t("gb_share_hint"))

# paths between two nodes: the catalogue question `paths`
with st.expander(ui.t("gb_paths"), expanded=bool(state.get("gb_path_end"))):
    ends = st.columns(2)
    if "gb_path_start" not in state:
        state["gb_path_start"] = ui.cached(browse.zh_label, selected)
    start = ends[0].text_input(ui.t("gb_path_start"), key="gb_path_start").strip()
    end = ends[1].text_input(ui.t("gb_path_end"), key="gb_path_end", placeholder="博望区").strip()
    if start and end:
        found = ui.cached(qa.run_on_store, "paths", (("end", end), ("start", start)))
        if found.rows:
            rows = sorted(found.rows, key=lambda r: (r["length"], r["path"]))
            ui.table(
                pd.DataFrame(rows, columns=["length", "path"]),
                {"length": "col_length", "path": "col_path"},
                key="gb_paths_table",
            )
            link = urlencode({"q": "paths", "p_start": start, "p_end": end, "lang": lang})
            st.markdown(f"[{ui.t('gb_paths_question')}](questions?{link})")
        else:
            st.info(ui.t("gb_no_path"))

details = ui.cached(browse.node_details, selected, lang)
st.subheader(ui.md_escape(details.label))
ui.say(" · ".join(details.kinds), caption=True)
with st.expander(ui.t("gb_iri")):
    st.code(details.iri, language=None)
left, middle, right = st.columns(3)
with left:
    st.markdown(f"**{ui.t('gb_details')}**")
    if details.statements:
        frame = pd.DataFrame(
            [{"property": s.predicate_label, "value": s.value} for s in details.statements]
        )
        ui.table(frame, {"property": "col_property", "value": "col_value"}, key="gb_props")
    else:
        st.caption(ui.t("none_recorded"))
with middle:
    st.markdown(f"**{ui.t('gb_provenance')}**")
    for section in details.sections:
        ui.say(f"{ui.t('prov_sections')}：{section}")
    for reference in details.references:
        ui.say(f"{ui.t('prov_references')}：{reference}")
    for key, values in details.provenance.items():
        for value in values:
            readable = notes.render(value, lang) if key in READABLE else value
            ui.say(f"{ui.t(key)}：{readable}")
    if not (details.sections or details.references or details.provenance):
        st.caption(ui.t("none_recorded"))
with right:
    if details.incoming:
        st.markdown(f"**{ui.t('gb_incoming')}** ({len(details.incoming)}/{details.incoming_total})")
        frame = pd.DataFrame(
            [{"property": s.predicate_label, "value": s.value} for s in details.incoming]
        )
        ui.table(
            frame,
            {"value": "col_name", "property": "col_relation"},
            key="gb_incoming",
            height=260,
        )
