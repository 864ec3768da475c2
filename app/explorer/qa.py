"""The questions page's library: the catalogue (re-read when its files change), valid choices
for parameters, running a question in either language, and shaping its rows for display.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Any

import pyoxigraph as ox

from app.explorer.backend import index_of, select
from loaders.graph.clients import GraphStore
from queries.catalogue import CATALOGUE_DIR, Question, load_catalogue
from queries.explorer_queries import explorer_query
from queries.paging import PagedAnswer, run_cypher_page, run_sparql_page
from queries.prefill import constant, sparql_with_constant
from queries.runner import run_cypher, run_sparql

_LOCK = threading.Lock()
_CACHE: dict[str, Any] = {"stamp": None, "catalogue": {}}


def _stamp() -> tuple[tuple[str, int, int], ...]:
    entries = []
    for path in sorted(CATALOGUE_DIR.iterdir()):
        if path.suffix in (".rq", ".cypher"):
            stat = path.stat()
            entries.append((path.name, stat.st_mtime_ns, stat.st_size))
    return tuple(entries)


def catalogue() -> dict[str, Question]:
    """The catalogue, read again only when a file in it was added, removed or changed."""
    stamp = _stamp()
    with _LOCK:
        if _CACHE["stamp"] != stamp:
            _CACHE["catalogue"] = load_catalogue()
            _CACHE["stamp"] = stamp
        result: dict[str, Question] = _CACHE["catalogue"]
        return result


def questions() -> list[Question]:
    """The questions for the gallery (data-quality checks last)."""
    return sorted(catalogue().values(), key=lambda q: (q.kind != "question", q.name))


def choices(store: ox.Store, name: str) -> list[str]:
    """Valid values of a parameter: the first column of the question named by ``choices``."""
    question = catalogue().get(name)
    if question is None:
        return []
    answer = run_sparql(store, question, {})
    first = next(iter(question.columns))
    values = [str(r[first]) for r in answer.rows if r.get(first) not in (None, "")]
    return list(dict.fromkeys(values))


@dataclass(frozen=True)
class Result:
    """Rows of a question with its declared columns (one page of a paged question: ``total``
    rows in all, this is page ``page`` of ``pages``)."""

    name: str
    language: str
    params: tuple[tuple[str, Any], ...]
    columns: tuple[str, ...]
    rows: list[dict[str, Any]]
    total: int | None = None
    page: int = 1
    pages: int = 1
    first_row: int = 0
    last_row: int = 0


def run_on_store(store: ox.Store, name: str, params: tuple[tuple[str, Any], ...]) -> Result:
    """Answer question ``name`` from the embedded store (SPARQL)."""
    question = catalogue()[name]
    answer = run_sparql(store, question, dict(params))
    return Result(name, "sparql", params, tuple(question.columns), answer.rows)


def run_on_graph(graph: GraphStore, name: str, params: tuple[tuple[str, Any], ...]) -> Result:
    """Answer question ``name`` from the property graph (Cypher)."""
    question = catalogue()[name]
    answer = run_cypher(graph, question, dict(params))
    return Result(name, "cypher", params, tuple(question.columns), answer.rows)


def _paged(answer: PagedAnswer, params: tuple[tuple[str, Any], ...]) -> Result:
    question = answer.question
    return Result(
        question.name,
        answer.language,
        params,
        tuple(question.columns),
        answer.rows,
        total=answer.total,
        page=answer.page.number,
        pages=answer.pages,
        first_row=answer.first_row,
        last_row=answer.last_row,
    )


def page_on_store(
    store: ox.Store, name: str, params: tuple[tuple[str, Any], ...], number: int
) -> Result:
    """Page ``number`` of paged question ``name`` from the embedded store, with the total."""
    return _paged(run_sparql_page(store, catalogue()[name], dict(params), number), params)


def page_on_graph(
    graph: GraphStore, name: str, params: tuple[tuple[str, Any], ...], number: int
) -> Result:
    """Page ``number`` of paged question ``name`` from the property graph, with the total."""
    return _paged(run_cypher_page(graph, catalogue()[name], dict(params), number), params)


def console_example_for(catalogue: dict[str, Question], language: str, text: str) -> str:
    """The catalogue question whose console prefill is ``text`` ("" when none is)."""
    wanted = text.strip()
    for name, question in catalogue.items():
        if console_prefill(question, language)[0].strip() == wanted:
            return name
    return ""


# --- display ----------------------------------------------------------------------------------

CODE = re.compile(r"^\d{6}$")
_CODE_POINTS = explorer_query("code-points")
_AREA_POINTS = explorer_query("area-points")


def map_points(store: ox.Store, result: Result) -> list[dict[str, Any]]:
    """Points for a result that names units by code, or areas (at their central city)."""
    columns = set(result.columns)
    points: list[dict[str, Any]] = []
    if "code" in columns:
        wanted = {
            str(r["code"]) for r in result.rows if r.get("code") and CODE.match(str(r["code"]))
        }
        coords = {
            str(r["code"]): (float(r["lat"]), float(r["long"]))
            for r in select(store, _CODE_POINTS)
            if str(r["code"]) in wanted
        }
        label = next((c for c in ("unit", "name", "title") if c in columns), "code")
        for row in result.rows:
            point = coords.get(str(row.get("code") or ""))
            if point:
                points.append(
                    {
                        "name": str(row.get(label) or row["code"]),
                        "lat": point[0],
                        "lon": point[1],
                        "group": str(row.get("role") or row.get("province") or ""),
                        "central": False,
                    }
                )
        return points
    if "area" in columns:
        index = index_of(store)
        by_name: dict[str, tuple[float, float]] = {}
        for r in select(store, _AREA_POINTS):
            by_name[index.label(r["a"], "zh")] = (float(r["lat"]), float(r["long"]))
        for row in result.rows:
            point = by_name.get(str(row.get("area") or ""))
            if point:
                points.append(
                    {
                        "name": str(row["area"]),
                        "lat": point[0],
                        "lon": point[1],
                        "group": str(row["area"]),
                        "central": False,
                    }
                )
    return points


def relation_edges(result: Result) -> list[tuple[str, str, str, str, str]]:
    """(from id, from label, relation, to id, to label) for a result that fits a graph.

    Rows with ``source``/``target`` columns are edges as they are; otherwise the first text
    column is linked to every item of each list column (a plan to the units it concerns, an
    area to its provinces …).
    """
    columns = list(result.columns)
    if {"source", "target"} <= set(columns):
        return [
            (
                str(r["source"]),
                str(r.get("source_label") or r["source"]),
                str(r.get("relation") or ""),
                str(r["target"]),
                str(r.get("target_label") or r["target"]),
            )
            for r in result.rows
            if r.get("source") and r.get("target")
        ]
    lists = [
        c for c in columns if any(isinstance(r.get(c), list) and r.get(c) for r in result.rows)
    ]
    first = next((c for c in columns if c not in lists), None)
    if first is None or not lists:
        return []
    edges = []
    for row in result.rows:
        head = row.get(first)
        if not head:
            continue
        for column in lists:
            for item in row.get(column) or []:
                edges.append((f"{first}:{head}", str(head), column, f"{column}:{item}", str(item)))
    return edges


def iri_columns(result: Result) -> list[str]:
    """Columns whose every value is an IRI: shown only where asked for (an expander)."""
    found = []
    for column in result.columns:
        values = [r.get(column) for r in result.rows if r.get(column) not in (None, "", [])]
        if values and all(
            isinstance(v, str) and v.startswith(("http://", "https://")) for v in values
        ):
            found.append(column)
    return found


def numeric_columns(result: Result, types: dict[str, str]) -> list[str]:
    """Columns declared integer or float (for a chart), years and periods left out."""
    return [
        c
        for c in result.columns
        if types.get(c) in ("integer", "float") and "year" not in c and not c.startswith("period_")
    ]


def console_prefill(question: Question, language: str) -> tuple[str, list[str]]:
    """The question's text for a console, its parameters replaced by their defaults.

    A console runs text as typed, without bound parameters, so the prefill writes the default
    values as literals (the user sees and edits them). Returns the text and ``name=value``
    notes for the replaced parameters.
    """
    text = question.text["sparql" if language == "sparql" else "cypher"]
    notes = []
    marker = "#+" if language == "sparql" else "//+"
    body = "\n".join(line for line in text.splitlines() if not line.startswith(marker)).lstrip("\n")
    for param in question.parameters:
        value = param.default if param.default is not None else param.example
        if value is None:
            continue
        literal = (
            str(int(value)) if param.type == "integer" else _string_literal(str(value), language)
        )
        if language == "sparql":
            body, n = sparql_with_constant(body, param.name, literal)
        else:
            body, n = re.subn(rf"\${re.escape(param.name)}\b", constant(literal), body)
        if n:
            notes.append(f"{param.name}={value}")
    if question.paged and language != "sparql":  # the whole answer: from row 0, no limit
        body = re.sub(r"\$page_offset\b", "0", body)
        body = re.sub(r"\$page_limit\b", "null", body)
    return body, notes


def _string_literal(value: str, language: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("\n", "\\n")
    if language == "sparql":
        return '"' + escaped.replace('"', '\\"') + '"'
    return "'" + escaped.replace("'", "\\'") + "'"
