"""Run catalogue questions: SPARQL on the embedded store, Cypher on the property graph.

Parameters are bound — pyoxigraph ``substitutions`` for SPARQL, ``$name`` parameters for
Cypher — never pasted into the query text. A paged question (``#+ page:``) is answered whole
here; ``queries.paging`` answers one page of it. Rows come back keyed by the declared columns with
plain values, so the two languages can be compared directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from queries.catalogue import Language, Question

if TYPE_CHECKING:
    from loaders.graph.clients import GraphStore

XSD = "http://www.w3.org/2001/XMLSchema#"
INTEGER_TYPES = {
    f"{XSD}{t}" for t in ("integer", "int", "long", "short", "gYear", "nonNegativeInteger")
}
FLOAT_TYPES = {f"{XSD}{t}" for t in ("decimal", "double", "float")}


@dataclass(frozen=True)
class Answer:
    """Rows of a question, in one language."""

    question: Question
    language: Language
    params: dict[str, Any]
    rows: list[dict[str, Any]]


def term_value(term: ox.NamedNode | ox.Literal | ox.BlankNode | ox.Triple | None) -> Any:
    """A pyoxigraph term as a plain Python value (language tags dropped, years as int)."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return term.value
    if isinstance(term, ox.BlankNode):
        return f"_:{term.value}"
    if isinstance(term, ox.Literal):
        datatype = term.datatype.value
        if datatype in INTEGER_TYPES:
            try:
                return int(term.value)
            except ValueError:
                return term.value
        if datatype in FLOAT_TYPES:
            return float(Decimal(term.value))
        if datatype == f"{XSD}boolean":
            return term.value in ("true", "1")
        return term.value
    return str(term)


def sparql_term(value: Any) -> ox.Literal:
    """A bound parameter value as an RDF literal."""
    if isinstance(value, bool):
        return ox.Literal("true" if value else "false", datatype=ox.NamedNode(f"{XSD}boolean"))
    if isinstance(value, int):
        return ox.Literal(str(value), datatype=ox.NamedNode(f"{XSD}integer"))
    return ox.Literal(str(value))


def select_rows(store: ox.Store, text: str, params: dict[str, Any]) -> list[dict[str, Any]]:
    """Run a SELECT with bound parameters; rows of plain values keyed by variable."""
    substitutions: dict[ox.Variable, ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple] = {
        ox.Variable(name): sparql_term(value) for name, value in params.items()
    }
    result = store.query(text, substitutions=substitutions)
    if not isinstance(result, ox.QuerySolutions):
        raise TypeError("catalogue SPARQL must be a SELECT query")
    names = [v.value for v in result.variables]
    return [{n: term_value(solution[n]) for n in names} for solution in result]


def run_sparql(store: ox.Store, question: Question, given: dict[str, Any] | None = None) -> Answer:
    """Answer ``question`` from the embedded RDF store."""
    params = question.bind(given or {})
    rows = select_rows(store, question.text["sparql"], params)
    return Answer(question, "sparql", params, question.normalise(rows))


def run_cypher(
    graph: GraphStore, question: Question, given: dict[str, Any] | None = None
) -> Answer:
    """Answer ``question`` from the property graph."""
    params = question.bind(given or {})
    # a paged question answered whole: its ordered keys from the first, every one of them
    paging = {"page_offset": 0, "page_limit": None} if question.paged else {}
    result = graph.read(question.text["cypher"], {**params, **paging})
    return Answer(question, "cypher", params, question.normalise(result.rows))
