"""SPARQL and Cypher consoles: an editor prefilled from the catalogue, read-only runs with a
time limit and a row cap, results as a table with downloads, and one-line messages for a bad
or refused query (never a traceback)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pandas as pd
import streamlit as st

from app.explorer import completion, qa, ui

TIMEOUT_S = 10.0
ROW_CAP = 10_000
SHARE_CAP = 4000  # characters of query text a share link carries

lang = ui.lang()
snap = ui.require_data()
state = st.session_state
catalogue = qa.catalogue()

shared_text = st.query_params.get("query")
if shared_text and "con_shared" not in state:  # a share link: its query, in its language
    state["con_shared"] = True
    shared_language = "cypher" if st.query_params.get("ql") == "cypher" else "sparql"
    state["con_language"] = shared_language
    state[f"con_text_{shared_language}"] = shared_text[:SHARE_CAP]
    state[f"con_prefill_{shared_language}"] = qa.console_example_for(
        catalogue, shared_language, shared_text
    )

language = st.radio(
    ui.t("con_language"),
    ["sparql", "cypher"],
    format_func=lambda v: "SPARQL" if v == "sparql" else "Cypher",
    horizontal=True,
    key="con_language",
)
editor_key = f"con_text_{language}"
prefill_key = f"con_prefill_{language}"


def prefill() -> None:
    """Put the chosen catalogue question into the editor (defaults in place of parameters)."""
    name = state.get(prefill_key)
    if not name:
        state[editor_key] = ""
        state.pop(f"con_note_{language}", None)
        return
    text, notes = qa.console_prefill(catalogue[name], language)
    state[editor_key] = text
    state[f"con_note_{language}"] = ", ".join(notes)


names = ["", *catalogue]
if editor_key not in state:
    first = "areas" if "areas" in catalogue else next(iter(catalogue), "")
    state[prefill_key] = first
    prefill()
st.selectbox(
    ui.t("con_prefill"),
    names,
    key=prefill_key,
    on_change=prefill,
    format_func=lambda n: (
        ui.t("con_blank")
        if not n
        else f"{n} · {catalogue[n].title_en if lang == 'en' else catalogue[n].title_zh}"
    ),
)
if state.get(f"con_note_{language}"):
    st.caption(ui.t("con_params_note", p=ui.md_escape(state[f"con_note_{language}"])))


def follow_text() -> None:
    """The example picker names the example the editor holds, or none once the user typed."""
    state[prefill_key] = qa.console_example_for(catalogue, language, state.get(editor_key, ""))
    if not state[prefill_key]:
        state.pop(f"con_note_{language}", None)


def complete(new_text: str) -> None:
    """Put a chosen completion into the editor."""
    state[editor_key] = new_text
    follow_text()


text = st.text_area(ui.t("con_editor"), key=editor_key, height=300, on_change=follow_text)
offers = completion.suggestions(text, language, lang, snap.store)
if offers:
    st.caption(ui.t("con_complete"))
    with st.container(horizontal=True, key=f"con_offers_{language}"):
        for i, offer in enumerate(offers):
            st.button(
                ui.md_escape(offer.shown),
                key=f"con_offer_{language}_{i}",
                on_click=complete,
                args=(offer.text,),
                type="tertiary",
            )
if text.strip():
    with st.expander(ui.t("con_highlighted"), expanded=False):
        st.code(text, language="sparql" if language == "sparql" else "cypher")
    if len(text) <= SHARE_CAP:
        link = "console?" + urlencode({"ql": language, "query": text, "lang": lang})
        st.markdown(f"[{ui.t('con_share')}]({link})")
    else:
        st.caption(ui.t("con_share_too_long", n=f"{SHARE_CAP:,}"))
st.caption(ui.t("con_limits", t=int(TIMEOUT_S), r=f"{ROW_CAP:,}"))


def run(language: str, text: str) -> dict[str, Any]:
    """Run the console query; a dict with columns and rows, or a one-line error."""
    try:
        from queries.console import (
            QueryFailed,
            QueryRefused,
            run_cypher_console,
            run_sparql_console,
        )
    except ImportError as exc:  # the guard or the sandbox is not installed
        return {"error": ui.t("con_failed", msg=str(exc))}
    from loaders.graph.clients import GraphError
    from loaders.rdfstore import StoreError

    try:
        if language == "sparql":
            result = run_sparql_console(snap.path, text, timeout_s=TIMEOUT_S, row_cap=ROW_CAP)
        else:
            graph = ui.backend().console_graph()
            result = run_cypher_console(
                graph, text, timeout_ms=int(TIMEOUT_S * 1000), row_cap=ROW_CAP
            )
    except QueryRefused as exc:
        return {"error": ui.t("con_refused", msg=getattr(exc, "reason", str(exc)))}
    except (QueryFailed, GraphError, StoreError) as exc:
        return {"error": ui.t("con_failed", msg=_one_line(exc))}
    except (RuntimeError, ValueError, OSError) as exc:
        ui.backend().forget_graph()
        return {"error": ui.t("graph_unavailable", msg=_one_line(exc))}
    return {
        "columns": list(result.columns),
        "rows": list(result.rows),
        "truncated": bool(result.truncated),
    }


def _one_line(exc: BaseException) -> str:
    message = str(exc).strip()
    return message.splitlines()[0] if message else type(exc).__name__


if st.button(ui.t("con_run"), key="con_run", type="primary"):
    if not text.strip():
        state["con_result"] = {"language": language, "error": ui.t("con_empty")}
    else:
        state["con_result"] = {"language": language, **run(language, text)}

outcome = state.get("con_result")
if outcome and outcome.get("language") == language:
    if "error" in outcome:
        st.error(outcome["error"])
    else:
        columns, rows = outcome["columns"], outcome["rows"]
        st.caption(ui.t("qa_rows", n=len(rows)))
        if outcome["truncated"]:
            st.warning(ui.t("con_truncated", r=f"{ROW_CAP:,}"))
        frame = pd.DataFrame(
            [
                {
                    c: ui.plain_cell(r.get(c)) if isinstance(r.get(c), list | dict) else r.get(c)
                    for c in columns
                }
                for r in rows
            ],
            columns=columns,
        )
        st.dataframe(
            frame.astype("string") if not frame.empty else frame,
            hide_index=True,
            width="stretch",
            key="con_table",
        )
        ui.downloads(columns, rows, f"metrokg-{language}", key="con_download")
