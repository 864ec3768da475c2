"""A real Neo4j 5 Community server for tests and development (see :mod:`devtools.neo4j.server`)."""
