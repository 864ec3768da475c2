"""Stable identifiers: every IRI of one version names the same thing in the next, or is
declared replaced."""

from __future__ import annotations

import shutil

import pytest
from rdflib import Graph, URIRef

from loaders.pipeline import DEFAULT_SEED, LoadResult
from loaders.rdf.build import build_graph
from loaders.seed import read_seed
from loaders.sharing.identifiers import iri_changes
from ontology.namespaces import DCTERMS, RDF

PLAN = URIRef("https://w3id.org/metrokg/id/plan/nanjing-development-plan")


@pytest.fixture(scope="module")
def first(shipped_load: LoadResult) -> Graph:
    return shipped_load.built.graph


@pytest.fixture(scope="module")
def second(tmp_path_factory: pytest.TempPathFactory) -> Graph:
    """The seed, edited as curators do: records reordered, a title corrected."""
    seed = tmp_path_factory.mktemp("seed-v2") / "seed"
    shutil.copytree(DEFAULT_SEED, seed)
    members = seed / "memberships.csv"
    header, *lines = members.read_text(encoding="utf-8").splitlines(keepends=True)
    members.write_text(header + "".join(reversed(lines)), encoding="utf-8")
    plans = seed / "plans.yaml"
    text = plans.read_text(encoding="utf-8")
    assert "南京都市圈发展规划" in text
    plans.write_text(text.replace("南京都市圈发展规划", "南京都市圈发展规划（修订）", 1), "utf-8")
    return build_graph(read_seed(seed)).graph


def test_every_iri_of_the_first_version_names_the_same_thing(first: Graph, second: Graph) -> None:
    assert iri_changes(first, second) == []
    assert set(first.objects(PLAN, DCTERMS.title)) != set(second.objects(PLAN, DCTERMS.title))


def test_a_dropped_iri_is_reported_unless_declared_replaced(first: Graph) -> None:
    later = Graph()
    for triple in first:
        if triple[0] != PLAN:
            later.add(triple)
    changes = iri_changes(first, later)
    assert [c.iri for c in changes] == [str(PLAN)]
    successor = URIRef(f"{PLAN}-2")
    later.add((PLAN, DCTERMS.isReplacedBy, successor))
    assert iri_changes(first, later) == []


def test_an_iri_given_to_another_kind_of_thing_is_reported(first: Graph) -> None:
    later = Graph()
    for triple in first:
        if not (triple[0] == PLAN and triple[1] == RDF.type):
            later.add(triple)
    later.add((PLAN, RDF.type, URIRef("https://w3id.org/metrokg/def#Agency")))
    assert [c.iri for c in iri_changes(first, later)] == [str(PLAN)]
