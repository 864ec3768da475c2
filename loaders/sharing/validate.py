"""Check a dataset record against the DCAT shapes shipped in ``ontology/dcat-shapes.ttl``."""

from __future__ import annotations

from rdflib import Graph

from loaders.rdf.build import ONTOLOGY_DIR, new_graph
from ontology.namespaces import SH

DCAT_SHAPES_FILE = ONTOLOGY_DIR / "dcat-shapes.ttl"


def dcat_shapes() -> Graph:
    """The DCAT/VoID shapes of the dataset record."""
    graph = new_graph()
    graph.parse(DCAT_SHAPES_FILE, format="turtle")
    return graph


def record_problems(graph: Graph) -> list[str]:
    """Violations of the DCAT shapes in ``graph`` (the record, or a graph holding it), each
    as ``focus node: path: message``; empty when it conforms."""
    from pyshacl import validate

    conforms, report, _ = validate(
        graph, shacl_graph=dcat_shapes(), inference="none", allow_warnings=True
    )
    if conforms:
        return []
    assert isinstance(report, Graph)
    problems = []
    for result in report.subjects(SH.resultSeverity, SH.Violation):
        focus = report.value(result, SH.focusNode)
        path = report.value(result, SH.resultPath)
        message = report.value(result, SH.resultMessage)
        problems.append(f"{focus}: {path}: {message}")
    return sorted(problems)
