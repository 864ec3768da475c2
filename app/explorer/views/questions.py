"""问答 Questions: the catalogue as a gallery; parameters as widgets with valid choices; results
as a table (and a graph, map or chart where that fits); CSV/JSON downloads; a shareable link."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import pandas as pd
import streamlit as st

from app.explorer import browse, charts, data, display, graph_view, qa, question_maps, ui
from loaders.graph.clients import GraphError
from queries.catalogue import CatalogueError, Question

lang = ui.lang()
snap = ui.require_data()
state = st.session_state
params = st.query_params
catalogue = qa.catalogue()


def open_question(name: str) -> None:
    """Show question ``name`` (its widgets start from their defaults)."""
    for key in [k for k in state if str(k).startswith("qp_")]:
        del state[key]
    params.clear()
    params["q"] = name


def close_question() -> None:
    """Back to the gallery."""
    params.clear()


def title_of(question: Question) -> str:
    return question.title_en if lang == "en" else question.title_zh


def card(question: Question) -> None:
    """One question of the gallery: its title, description and parameters in the UI's language."""
    st.markdown(f"**{ui.md_escape(title_of(question))}**")
    if lang == "en":
        ui.say(question.title_zh, caption=True)
    text = question.describe(lang)
    ui.say(text if len(text) < 220 else text[:219] + "…")
    if question.parameters:
        ui.say(
            f"{ui.t('qa_params')}: " + "、".join(p.label(lang) for p in question.parameters),
            caption=True,
        )
    st.button(
        ui.t("qa_open"),
        key=f"qa_open_{question.name}",
        on_click=open_question,
        args=(question.name,),
    )


name = params.get("q")
if name not in catalogue:
    # --- the gallery ---------------------------------------------------------------------------
    st.title(ui.t("qa_gallery"))
    needle = st.text_input(ui.t("qa_filter"), key="qa_filter").strip().casefold()

    def matches(q: Question) -> bool:
        words = f"{q.name} {q.title_zh} {q.title_en} {q.describe('zh')} {q.describe('en')}"
        return not needle or needle in words.casefold()

    asked = [q for q in qa.questions() if q.kind == "question" and matches(q)]
    grid = st.columns(3)
    for i, question in enumerate(asked):
        with grid[i % 3].container(border=True):
            card(question)
    # --- the data-quality checks, each with its status ------------------------------------------
    checks = [q for q in qa.questions() if q.kind != "question" and matches(q)]
    if checks:
        st.header(ui.t("qa_quality"))
        st.caption(ui.t("qa_quality_hint"))
        grid = st.columns(3)
        for i, question in enumerate(checks):
            with grid[i % 3].container(border=True):
                try:
                    found = len(ui.cached(qa.run_on_store, question.name, ()).rows)
                    status = ui.t("qa_check_pass") if found == 0 else ui.t("qa_check_fail", n=found)
                    (st.success if found == 0 else st.warning)(status)
                except (CatalogueError, RuntimeError, ValueError) as exc:
                    st.error(ui.t("qa_check_error", msg=str(exc).splitlines()[0]))
                card(question)
    st.stop()

# --- one question ------------------------------------------------------------------------------
question = catalogue[str(name)]
st.button(ui.t("qa_back"), key="qa_back", on_click=close_question)
st.title(ui.md_escape(title_of(question)))
if lang == "en":
    ui.say(question.title_zh, caption=True)
ui.say(question.describe(lang))
if question.source:
    ui.say(ui.t("qa_source", src=question.source), caption=True)

given: dict[str, Any] = {}
if question.parameters:
    st.markdown(f"**{ui.t('qa_params')}**")
    widgets = st.columns(min(3, len(question.parameters)))
for i, param in enumerate(question.parameters):
    key = f"qp_{question.name}_{param.name}"
    shared = params.get(f"p_{param.name}")
    column = widgets[i % len(widgets)]
    help_text = (param.description or None) if lang == "en" else None
    label = param.label(lang)
    if param.type == "integer":
        if key not in state:
            try:
                state[key] = (
                    int(shared) if shared is not None else int(param.default or param.example or 0)
                )
            except ValueError:
                state[key] = int(param.default or 0)
        given[param.name] = int(column.number_input(label, step=1, key=key, help=help_text))
        continue
    options: list[str] = []
    if param.choices:
        options = ui.cached(qa.choices, param.choices)
    if options:
        if param.default == "" or param.default is None:
            options = ["", *options]
        if key not in state:
            start = (
                shared
                if shared is not None
                else (param.default if param.default is not None else "")
            )
            state[key] = start if start in options else options[0]
        elif state[key] not in options:
            state[key] = options[0]
        given[param.name] = column.selectbox(
            label,
            options,
            key=key,
            help=help_text,
            format_func=lambda v: v if v != "" else ui.t("qa_all"),
        )
    else:
        if key not in state:
            state[key] = shared if shared is not None else str(param.default or "")
        given[param.name] = column.text_input(label, key=key, help=help_text)

if "qa_language" not in state:
    state["qa_language"] = "cypher" if params.get("ql") == "cypher" else "sparql"
language = st.radio(
    ui.t("qa_language"),
    ["sparql", "cypher"],
    format_func=lambda v: ui.t(f"qa_{v}"),
    horizontal=True,
    key="qa_language",
)

# the shareable link: the same question, parameters and language
shared_params = {"q": question.name, **{f"p_{k}": str(v) for k, v in given.items()}}
if language == "cypher":
    shared_params["ql"] = "cypher"
if lang == "en":
    shared_params["lang"] = "en"
if dict(params) != shared_params:
    params.from_dict(shared_params)

args = tuple(sorted(given.items()))
# a paged question shows one page and the total; "more" asks for the next page
page_key = f"qa_page_{question.name}_{language}_{args!r}"
try:
    if question.paged:
        number = int(state.get(page_key, 1))
        if language == "sparql":
            result = ui.cached(qa.page_on_store, question.name, args, number)
        else:
            result = ui.cached_graph(qa.page_on_graph, question.name, args, number)
    elif language == "sparql":
        result = ui.cached(qa.run_on_store, question.name, args)
    else:
        result = ui.cached_graph(qa.run_on_graph, question.name, args)
except (CatalogueError, GraphError, ValueError, SyntaxError, TypeError) as exc:
    st.error(ui.t("qa_error", msg=str(exc).splitlines()[0] if str(exc) else type(exc).__name__))
    st.stop()
except (RuntimeError, OSError) as exc:
    message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    if language == "cypher":  # the server could not be reached or started
        ui.backend().forget_graph()
        st.error(ui.t("graph_unavailable", msg=message))
    else:  # pyoxigraph reports query errors as RuntimeError
        st.error(ui.t("qa_error", msg=message))
    st.stop()


def turn_page(key: str, to: int) -> None:
    """Show page ``to`` of the question's answer."""
    state[key] = to


if result.total is None:
    st.caption(ui.t("qa_rows", n=len(result.rows)))
else:
    st.caption(
        ui.t(
            "page_count",
            total=result.total,
            first=result.first_row,
            last=result.last_row,
            page=result.page,
            pages=result.pages,
        )
        if result.total
        else ui.t("page_empty")
    )
    if result.pages > 1:
        first, back, more = st.columns(3)
        first.button(
            ui.t("page_first"),
            key="qa_page_first",
            on_click=turn_page,
            args=(page_key, 1),
            disabled=result.page == 1,
        )
        back.button(
            ui.t("page_previous"),
            key="qa_page_previous",
            on_click=turn_page,
            args=(page_key, result.page - 1),
            disabled=result.page == 1,
        )
        more.button(
            ui.t("page_more"),
            key="qa_page_more",
            on_click=turn_page,
            args=(page_key, result.page + 1),
            disabled=result.page >= result.pages,
        )
frame = pd.DataFrame(
    [
        {
            c: ui.plain_cell(r.get(c)) if isinstance(r.get(c), list) else r.get(c)
            for c in result.columns
        }
        for r in result.rows
    ],
    columns=list(result.columns),
)

views = ["table"]
iris = qa.iri_columns(result) if result.rows else []
edges = qa.relation_edges(result) if result.rows else []
if edges and (question.display == "graph" or len(edges) <= 400):
    views.append("graph")
# units as their polygons where the rows name units; areas (no units) at their central city
drawn_map = ui.cached(question_maps.map_of, question.name, args, lang) if result.rows else None
points = qa.map_points(snap.store, result) if result.rows and drawn_map is None else []
if drawn_map is not None or points:
    views.append("map")
numbers = qa.numeric_columns(result, question.columns)
label_column = next((c for c in result.columns if question.columns.get(c) == "string"), None)
periods = {"period_start", "period_end"} <= set(result.columns)
if (numbers or periods) and label_column and len(result.rows) > 1:
    views.append("chart")
if question.display in views:
    views.remove(question.display)
    views.insert(0, question.display)
tabs = st.tabs([ui.t(f"qa_{v}") for v in views])
for tab, view in zip(tabs, views, strict=True):
    with tab:
        if view == "table":
            plain = [c for c in frame.columns if c not in iris]
            st.dataframe(
                display.fill_missing(frame[plain], ui.t("missing")).rename(
                    columns={c: question.column_label(c, lang) for c in plain}
                ),
                hide_index=True,
                width="stretch",
                # every row in view up to 30 (a planner reads short answers whole)
                height=35 * (len(frame) + 1) + 3 if 10 < len(frame) <= 30 else "auto",
                key="qa_result_table",
            )
            if iris:
                with st.expander(ui.t("iri_expander")):
                    st.dataframe(
                        display.fill_missing(frame[iris], ui.t("missing")).rename(
                            columns={c: question.column_label(c, lang) for c in iris}
                        ),
                        hide_index=True,
                        width="stretch",
                        key="qa_result_iris",
                    )
        elif view == "graph":
            hood = browse.Neighbourhood()
            for source, source_label, relation, target, target_label in edges:
                for node_id, label, family in (
                    (source, source_label, "Plan"),
                    (target, target_label, "AdministrativeUnit"),
                ):
                    if node_id not in hood.nodes:
                        hood.nodes[node_id] = browse.GraphNode(node_id, label, "", "", family)
                # an edge drawn from a list column is labelled with the column's label
                named = question.column_label(relation, lang) if relation in frame else relation
                hood.edges.append(browse.GraphEdge(source, target, relation, named))
            centres = [edges[0][0]] if question.display == "graph" else []
            drawing = graph_view.render(hood, centres, limit=1000, height=520)
            st.caption(
                ui.t(
                    "gb_showing",
                    n=drawing.shown_nodes,
                    m=drawing.total_nodes,
                    e=drawing.shown_edges,
                )
            )
            st.iframe(drawing.html, height=540)
        elif view == "map" and drawn_map is not None:
            ui.map_with_caption(drawn_map)
        elif view == "map":
            spots = pd.DataFrame(points)
            st.altair_chart(
                charts.points_map(
                    spots,
                    ui.cached(data.unit_points),
                    "group",
                    "",
                    label_all=len(spots) <= 80,
                    height=480,
                ),
                width="stretch",
            )
        elif view == "chart" and periods:  # plans over their periods, in years
            st.altair_chart(
                charts.period_chart(
                    frame,
                    label_column or "",
                    {c: question.column_label(c, lang) for c in frame.columns},
                ),
                width="stretch",
            )
        elif view == "chart":
            st.altair_chart(
                charts.bar_chart(
                    frame,
                    numbers[0],
                    None,
                    label_column or "",
                    question.column_label(numbers[0], lang),
                ),
                width="stretch",
            )

if result.total is None:
    ui.downloads(list(result.columns), result.rows, question.name, key="qa_download")
elif st.toggle(ui.t("page_prepare_download", total=result.total), key="qa_download_all"):
    # the downloads hold the whole answer, read only when asked for
    if language == "sparql":
        whole = ui.cached(qa.run_on_store, question.name, args)
    else:
        whole = ui.cached_graph(qa.run_on_graph, question.name, args)
    st.caption(ui.t("page_download_all", total=len(whole.rows)))
    ui.downloads(list(whole.columns), whole.rows, question.name, key="qa_download")

st.markdown(f"**{ui.t('qa_share')}**")
base = urlsplit(st.context.url or "http://127.0.0.1:8501/questions")
st.code(
    urlunsplit((base.scheme, base.netloc, base.path, urlencode(shared_params), "")), language=None
)

with st.expander(ui.t("qa_query_text")):
    st.code(
        question.text["sparql" if language == "sparql" else "cypher"],
        language="sql" if language == "sparql" else "cypher",
    )
