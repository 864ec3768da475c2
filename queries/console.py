"""The consoles' one entry point, shared by ``metrokg sparql|cypher`` and the explorer.

SPARQL: checked by :mod:`queries.guard`, then run by :mod:`queries.sandbox` in a separate
process with a time limit, a memory limit and a row cap, on a read-only view of the store.
Cypher: checked by the same guard, then run through the graph's read-only path
(``GRAPH.RO_QUERY`` on FalkorDB, a READ transaction on Neo4j) with a server-side time limit and
the row cap applied by the server (:func:`queries.sandbox.run_cypher_capped`), so a cartesian
product is never produced or sent whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from loaders.graph.clients import GraphStore
from queries.guard import QueryRefused, check_sparql
from queries.sandbox import QueryFailed, run_cypher_capped, run_sparql_sandboxed

DEFAULT_TIMEOUT_S = 10.0
DEFAULT_ROW_CAP = 10_000
DEFAULT_MEMORY_MB = 1024


@dataclass(frozen=True)
class ConsoleResult:
    """Rows of a console query, plain values, with a flag when the row cap cut them."""

    columns: list[str]
    rows: list[dict[str, Any]]
    truncated: bool = False


def run_sparql_console(
    store_path: Path,
    text: str,
    *,
    timeout_s: float = DEFAULT_TIMEOUT_S,
    row_cap: int = DEFAULT_ROW_CAP,
    memory_mb: int = DEFAULT_MEMORY_MB,
) -> ConsoleResult:
    """Check and run user SPARQL; raises QueryRefused or QueryFailed with a one-line reason."""
    check_sparql(text)
    result = run_sparql_sandboxed(
        store_path, text, timeout_s=timeout_s, memory_mb=memory_mb, row_cap=row_cap
    )
    return ConsoleResult(list(result.columns), list(result.rows), bool(result.truncated))


def run_cypher_console(
    graph: GraphStore,
    text: str,
    *,
    timeout_ms: int = int(DEFAULT_TIMEOUT_S * 1000),
    row_cap: int = DEFAULT_ROW_CAP,
) -> ConsoleResult:
    """Check and run user Cypher read-only; raises QueryRefused or QueryFailed."""
    result = run_cypher_capped(graph, text, timeout_ms=timeout_ms, row_cap=row_cap)
    return ConsoleResult(list(result.columns), list(result.rows), bool(result.truncated))


__all__ = [
    "ConsoleResult",
    "QueryFailed",
    "QueryRefused",
    "run_cypher_console",
    "run_sparql_console",
]
