"""The triples path (:func:`loaders.rdf.build.build_triples`: what ``validate`` and ``load``
use) gives exactly the graph of the rdflib path (:func:`build_graph`), the same store, the
same property-graph projection, the same instances and the same located SHACL problems."""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

import pyoxigraph as ox
import pytest

from loaders.generations import instances_of_graph, instances_of_triples
from loaders.graph.load import projection_of, projection_of_triples
from loaders.pipeline import DEFAULT_SEED
from loaders.rdf.build import build_graph, build_triples, shacl_problems
from loaders.rdf.shacl import ENGINE_VARIABLE, ENGINES, Engine
from loaders.rdf.terms import canonical_decimal
from loaders.rdfstore import quads_of
from loaders.seed import SeedData, read_seed

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = [DEFAULT_SEED, *sorted(p for p in (FIXTURES / "valid").iterdir() if p.is_dir())]
SHAPE_VIOLATIONS = sorted(p for p in (FIXTURES / "shape-violations").iterdir() if p.is_dir())


@pytest.fixture(scope="module", params=SEEDS, ids=lambda p: p.name)
def seed(request: pytest.FixtureRequest) -> SeedData:
    return read_seed(request.param)


def _store_of_ntriples(data: bytes) -> set[str]:
    store = ox.Store()
    store.bulk_load(data, format=ox.RdfFormat.N_TRIPLES)
    return {str(q) for q in store}


def test_the_triples_are_the_rdflib_graphs_triples(seed: SeedData) -> None:
    graph = build_graph(seed)
    built = build_triples(seed)
    assert len(built) == len(built.triples) == len(set(built.triples)) == len(graph.graph)
    assert set(built.graph) == set(graph.graph)  # no blank nodes: equal sets are isomorphic
    assert built.origin == {str(s): where for s, where in graph.origin.items()}
    assert len(built.origin) > 0


def test_the_store_holds_what_the_rdflib_path_wrote(seed: SeedData) -> None:
    """Compared as stored: Oxigraph keeps numeric literals in its own canonical form."""
    expected = ox.Store()
    expected.bulk_extend(quads_of(build_graph(seed).graph))
    assert _store_of_ntriples(build_triples(seed).ntriples()) == {str(q) for q in expected}


def test_the_projection_and_instances_are_the_rdflib_paths(seed: SeedData) -> None:
    built = build_triples(seed)
    slow_graph = build_graph(seed, with_ontology=False).graph
    assert set(build_triples(seed, with_ontology=False).graph) == set(slow_graph)
    assert len(built.without_ontology()) == len(slow_graph)
    fast, slow = projection_of_triples(built.without_ontology()), projection_of(slow_graph)
    assert {u: (n.labels, n.props) for u, n in fast.nodes.items()} == {
        u: (n.labels, n.props) for u, n in slow.nodes.items()
    }
    assert {k: sorted(v) for k, v in fast.edges.items()} == {
        k: sorted(v) for k, v in slow.edges.items()
    }
    assert instances_of_triples(built.triples) == instances_of_graph(build_graph(seed).graph)


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("case", SHAPE_VIOLATIONS, ids=lambda p: p.name)
def test_shape_problems_are_located_as_by_the_rdflib_path(
    case: Path, engine: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENGINE_VARIABLE, engine)
    seed = read_seed(case)
    fast = shacl_problems(build_triples(seed))
    assert fast, "the fixture must break a shape"
    assert fast == shacl_problems(build_graph(seed))
    assert all(p.location.line is not None and p.location.field for p in fast)


def _decimal_by_decimal(text: str) -> str:
    """The canonical form computed by :class:`decimal.Decimal` only (the reference)."""
    number = Decimal(text.strip())
    if number == number.to_integral_value():
        return f"{number.quantize(Decimal(1)):f}.0".replace("-0.0", "0.0")
    return format(number.normalize(), "f")


def test_canonical_decimals_on_the_text_match_decimal() -> None:
    rng = random.Random(13)
    cases = ["0.0", "00.000", "1.0", "10.50", "0.000001", "007.2500", "100.000000", "5.", "5"]
    cases += ["-0.000", "-2.50", " 3.10 ", "1e3", "２.5"]
    cases += [f"{rng.uniform(0, 200):.{rng.randint(0, 7)}f}" for _ in range(5000)]
    assert [canonical_decimal(c) for c in cases] == [_decimal_by_decimal(c) for c in cases]
