"""The fast SHACL engine reports what pyshacl (the reference) reports: the same focus node, path
and constraint component for every planted violation of the ontology tests, every shape-violation
seed fixture, and nothing for the valid graph."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, URIRef

from loaders.rdf.build import build_graph, ontology_graph, shapes_graph
from loaders.rdf.shacl import ENGINES, Violation, violations
from loaders.seed import read_seed
from tests.ontology.test_ontology import BROKEN, Mutation, build_valid_graph

SHAPE_VIOLATIONS = Path(__file__).parent / "fixtures" / "shape-violations"
SHAPES = shapes_graph()
ONTOLOGY = ontology_graph()


def _both(data: Graph) -> dict[str, list[Violation]]:
    return {engine: violations(data, SHAPES, engine) for engine in ENGINES}


def _keys(found: list[Violation]) -> set[tuple[str, str | None, str]]:
    return {v.key for v in found}


def test_the_valid_graph_conforms_in_both() -> None:
    found = _both(build_valid_graph() + ONTOLOGY)
    assert found == {"shacl": [], "pyshacl": []}


@pytest.mark.parametrize(("mutate", "focus", "path"), BROKEN)
def test_planted_violations_are_reported_identically(
    mutate: Mutation, focus: URIRef, path: URIRef
) -> None:
    data = build_valid_graph()
    mutate(data)
    found = _both(data + ONTOLOGY)
    assert _keys(found["pyshacl"]), "the mutation must break a shape"
    assert _keys(found["shacl"]) == _keys(found["pyshacl"])
    assert {(v.focus, v.path) for v in found["shacl"]} == {(str(focus), str(path))}
    assert all(v.message for v in found["shacl"])


@pytest.mark.parametrize(
    "seed", sorted(p for p in SHAPE_VIOLATIONS.iterdir() if p.is_dir()), ids=lambda p: p.name
)
def test_shape_violation_fixtures_are_reported_identically(seed: Path) -> None:
    found = _both(build_graph(read_seed(seed)).graph)
    assert _keys(found["pyshacl"])
    assert _keys(found["shacl"]) == _keys(found["pyshacl"])
    assert [v.value for v in found["shacl"]] == [v.value for v in found["pyshacl"]]
