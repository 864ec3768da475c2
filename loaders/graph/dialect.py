"""Where FalkorDB and Neo4j differ: index and constraint DDL, and how a load is swapped in.

Everything else (the catalogue's Cypher, the batched ``UNWIND $rows`` writes) is the same text
for both. Label and relationship names cannot be query parameters in Cypher, so they are
checked against :data:`NAME` before they are put into a statement; values are always bound.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


def checked_name(name: str) -> str:
    """A label or relationship type, refused unless it is a plain identifier."""
    if not NAME.match(name):
        raise ValueError(f"not a safe label or relationship name: {name!r}")
    return name


@dataclass(frozen=True)
class Dialect:
    """The statements that differ between property-graph servers."""

    name: str
    create_uri_index: str
    # FalkorDB's unique constraints are a server command, not Cypher (see FalkorGraph).
    create_uri_constraint: str | None
    ddl_fails_when_present: bool = False

    @property
    def schema_statements(self) -> tuple[str, ...]:
        """DDL run before a load: the unique constraint where the dialect has one in Cypher
        (it brings its own index), else the index."""
        return (
            (self.create_uri_constraint,)
            if self.create_uri_constraint
            else (self.create_uri_index,)
        )

    @staticmethod
    def merge_nodes(labels: tuple[str, ...]) -> str:
        """Upsert a batch of nodes, setting their labels and properties."""
        extra = [checked_name(label) for label in labels if label != "Resource"]
        set_labels = f"SET n:{':'.join(extra)} " if extra else ""
        return (
            "UNWIND $rows AS row MERGE (n:Resource {uri: row.uri}) "
            f"{set_labels}SET n += row.props"
        )

    @staticmethod
    def merge_edges(rel_type: str) -> str:
        """Upsert a batch of relationships of one type between existing nodes."""
        rel = checked_name(rel_type)
        return (
            "UNWIND $rows AS row "
            "MATCH (a:Resource {uri: row.s}) MATCH (b:Resource {uri: row.o}) "
            f"MERGE (a)-[:{rel}]->(b)"
        )


    @staticmethod
    def create_nodes(labels: tuple[str, ...]) -> str:
        """Create a batch of nodes in a graph emptied in the same transaction (no MERGE)."""
        names = ":".join(checked_name(label) for label in labels)
        return f"UNWIND $rows AS row CREATE (n:{names}) SET n = row.props, n.uri = row.uri"

    @staticmethod
    def create_edges(rel_type: str) -> str:
        """Create a batch of relationships between nodes found through the ``uri`` index
        (``row.s``, not ``row[0]``: Neo4j's planner seeks the index only for the former —
        measured, a list index made it scan every node per row)."""
        return (
            "UNWIND $rows AS row "
            "MATCH (a:Resource {uri: row.s}) MATCH (b:Resource {uri: row.o}) "
            f"CREATE (a)-[:{checked_name(rel_type)}]->(b)"
        )


FALKORDB = Dialect(
    name="falkordb",
    create_uri_index="CREATE INDEX FOR (n:Resource) ON (n.uri)",
    create_uri_constraint=None,
    ddl_fails_when_present=True,
)
NEO4J = Dialect(
    name="neo4j",
    create_uri_index="CREATE INDEX resource_uri_idx IF NOT EXISTS FOR (n:Resource) ON (n.uri)",
    create_uri_constraint=(
        "CREATE CONSTRAINT resource_uri IF NOT EXISTS FOR (n:Resource) REQUIRE n.uri IS UNIQUE"
    ),
)
