"""SHACL validation behind one function, :func:`violations`: which engine runs is decided here.

Two engines read the same shapes (:func:`loaders.rdf.build.shapes_graph`, so shapes added there
reach both) and report the same violations — the tests hold them to it on every planted
violation and every shape-violation fixture, by focus node, path and constraint component:

- ``shacl`` (a compiled validator, PyPI ``shacl``): the default. Measured on the shipped graph
  (37k triples, SPARQL constraints included), 0.3–0.5 s where pyshacl took 10–40 s.
- ``pyshacl``: the reference implementation, kept for the tests and as a fallback
  (``METROKG_SHACL_ENGINE=pyshacl``).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Literal, cast

from rdflib import Graph, URIRef

from ontology.namespaces import SH

Engine = Literal["shacl", "pyshacl"]
ENGINES: tuple[Engine, ...] = ("shacl", "pyshacl")
ENGINE_VARIABLE = "METROKG_SHACL_ENGINE"


@dataclass(frozen=True, order=True)
class Violation:
    """One SHACL result of severity sh:Violation, as plain text."""

    focus: str  # the focus node's IRI (or N-Triples form of a blank node / literal)
    path: str | None  # the result path's IRI, when it is one
    component: str  # the constraint component's IRI
    message: str | None = None
    value: str | None = None  # the value node's lexical form or IRI

    @property
    def key(self) -> tuple[str, str | None, str]:
        """What two engines must agree on."""
        return (self.focus, self.path, self.component)


def default_engine() -> Engine:
    """``$METROKG_SHACL_ENGINE`` when it names an engine, else ``shacl``."""
    chosen = os.environ.get(ENGINE_VARIABLE, "shacl")
    return cast(Engine, chosen) if chosen in ENGINES else "shacl"


def violations(
    data: Graph | bytes, shapes: Graph | str, engine: Engine | None = None
) -> list[Violation]:
    """The violations of ``data`` (a graph, or N-Triples text in UTF-8) against ``shapes`` (a
    graph, or Turtle text) (no inference), sorted."""
    chosen = engine or default_engine()
    if chosen == "shacl":
        return sorted(_with_shacl(data, shapes))
    if isinstance(data, bytes):
        data = Graph().parse(data=data.decode("utf-8"), format="nt")
    if isinstance(shapes, str):
        shapes = Graph().parse(data=shapes, format="turtle")
    return sorted(_with_pyshacl(data, shapes))


def _iri(term: str | None) -> str | None:
    """``<iri>`` → ``iri``; anything else unchanged."""
    if term is not None and term.startswith("<") and term.endswith(">"):
        return term[1:-1]
    return term


def _with_shacl(data: Graph | bytes, shapes: Graph | str) -> list[Violation]:
    import shacl

    if isinstance(shapes, str):
        compiled = shacl.Shapes.from_text(shapes, "turtle")
    else:
        compiled = shacl.Shapes.from_text(shapes.serialize(format="nt"), "nt")
    text = data.decode("utf-8") if isinstance(data, bytes) else data.serialize(format="nt")
    report = compiled.validate_text(text, "nt", allow_warnings=True)
    return [
        Violation(
            focus=_iri(result.focus_node) or "",
            path=_iri(result.path),
            component=result.component_iri,
            message=result.message,
            value=result.value_plain,
        )
        for result in report.results
        if result.severity_iri == str(SH.Violation)
    ]


def _with_pyshacl(data: Graph, shapes: Graph) -> list[Violation]:
    from pyshacl import validate

    conforms, report, _ = validate(
        data,
        shacl_graph=shapes,
        inference="none",
        abort_on_first=False,
        allow_warnings=True,
    )
    if conforms:
        return []
    assert isinstance(report, Graph)
    found = []
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        value = report.value(result, SH.value)
        found.append(
            Violation(
                focus=str(focus) if isinstance(focus, URIRef) else str(focus and focus.n3()),
                path=str(path) if isinstance(path, URIRef) else None,
                component=str(report.value(result, SH.sourceConstraintComponent)),
                message=str(message) if message is not None else None,
                value=str(value) if value is not None else None,
            )
        )
    return found
