"""Console Cypher with the row cap applied by the server (:func:`run_cypher_capped`).

Measured on the shipped data: ``MATCH (a), (b) RETURN a.uri, b.uri`` read whole took 92 s (the
server's time limit does not cover sending 16.9 million rows) and grew the reading process to
10.5 GB. Capped by the server, it returns the row cap at once; every catalogue question gives
the same columns, rows and order capped as uncapped.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.explorer import qa
from loaders.graph import server
from loaders.graph.resilient import ResilientFalkorGraph
from queries.guard import QueryRefused, cypher_return_columns
from queries.sandbox import run_cypher_capped


@pytest.fixture(scope="module")
def graph(app_data_dir: Path) -> ResilientFalkorGraph:
    return ResilientFalkorGraph(server.ServerConfig(data_dir=app_data_dir), start=False)


def test_a_cartesian_product_is_capped_by_the_server(graph: ResilientFalkorGraph) -> None:
    result = run_cypher_capped(
        graph, "MATCH (a), (b) RETURN a.uri AS a, b.uri AS b", timeout_ms=10_000, row_cap=500
    )
    assert len(result.rows) == 500 and result.truncated
    assert result.columns == ["a", "b"]


@pytest.mark.parametrize("name", sorted(qa.catalogue()))
def test_catalogue_questions_answer_the_same_capped(graph: ResilientFalkorGraph, name: str) -> None:
    text, _ = qa.console_prefill(qa.catalogue()[name], "cypher")
    capped = run_cypher_capped(graph, text, timeout_ms=10_000, row_cap=10_000)
    whole = graph.read(text, {}, timeout_ms=10_000)
    assert not capped.truncated and len(whole.rows) <= 10_000
    assert (capped.columns, capped.rows) == (whole.columns, whole.rows)


def test_allowed_procedures_and_refusals(graph: ResilientFalkorGraph) -> None:
    labels = run_cypher_capped(graph, "CALL db.labels()", timeout_ms=10_000, row_cap=10_000)
    assert {"label": "MetropolitanArea"} in labels.rows
    with pytest.raises(QueryRefused):
        run_cypher_capped(graph, "MATCH (n) DETACH DELETE n", timeout_ms=1000, row_cap=10)


@pytest.mark.parametrize(
    ("query", "columns"),
    [
        ("MATCH (a) RETURN a.label AS x, count(*) AS n ORDER BY n", ["x", "n"]),
        ("MATCH (a) RETURN DISTINCT a.label, a.uri AS u LIMIT 3", ["a.label", "u"]),
        (
            "MATCH (a) RETURN a.x AS `odd name` UNION MATCH (b) RETURN b.y AS `odd name`",
            ["odd name"],
        ),
        ("MATCH (a) RETURN *", None),
        ("MATCH (a) WITH a RETURN [x IN [1, 2] | x] AS xs, {k: 1} AS m", ["xs", "m"]),
    ],
)
def test_return_columns_keep_their_order(query: str, columns: list[str] | None) -> None:
    assert cypher_return_columns(query) == columns
