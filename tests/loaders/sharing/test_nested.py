"""Framed, nested JSON-LD of one area: readable, and read back isomorphic to its subgraph."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib.compare import isomorphic

from loaders.export import load_context, nested_export, stored_record
from loaders.rdfstore import current_generation
from loaders.sharing.nested import FRAME_FILE, area_graph, area_nodes, read_nested
from loaders.sharing.record import DATASET

NANJING = "https://w3id.org/metrokg/id/area/nanjing"
AREA_QUERY = "SELECT ?a WHERE { ?a a <https://w3id.org/metrokg/def#MetropolitanArea> }"


def areas(store: ox.Store) -> list[str]:
    result = store.query(AREA_QUERY)
    assert isinstance(result, ox.QuerySolutions)
    return sorted(row["a"].value for row in result)  # type: ignore[union-attr]


def test_the_frame_is_json_ld_1_1() -> None:
    frame = json.loads(FRAME_FILE.read_text(encoding="utf-8"))
    assert frame["@context"]["@version"] == 1.1
    assert frame["@type"] == "MetropolitanArea"


def test_nanjing_reads_as_a_tree(rdf_store: ox.Store, shipped_data_dir: Path) -> None:
    text, _ = nested_export(rdf_store, NANJING, current_generation(shipped_data_dir))
    doc = json.loads(text)
    assert doc["label"]["zh"] == "南京都市圈"
    members = doc["hasMembership"]
    assert all("member" in m and "role" in m and "coverage" in m for m in members)
    named = [m["member"] for m in members if isinstance(m["member"], dict)]
    assert any(u.get("divisionCode") == "320100" and u["label"]["zh"] == "南京市" for u in named)
    plans = doc["plans"]
    development = [p for p in plans if p["id"].endswith("nanjing-development-plan")]
    assert development and development[0]["chapters"], "chapters nest under their plan"
    assert all("wasDerivedFrom" in p for p in plans), "each plan with its sources"
    assert doc["documents"] and doc["figures"]
    assert any(node["id"].endswith("dataset/metrokg") for node in doc["@included"])
    assert list(doc)[:4] == ["@context", "id", "type", "label"]


def test_every_area_reads_back_isomorphic(rdf_store: ox.Store, shipped_data_dir: Path) -> None:
    generation = current_generation(shipped_data_dir)
    record = stored_record(rdf_store, generation)
    for area in areas(rdf_store):
        text, count = nested_export(rdf_store, area, generation)
        expected = area_graph(rdf_store, area) + record
        back = read_nested(text)
        assert len(back) == count == len(expected), area
        assert isomorphic(back, expected), area


def test_the_subgraph_stops_at_other_areas_and_the_record(rdf_store: ox.Store) -> None:
    nodes = area_nodes(rdf_store, NANJING)
    assert "https://w3id.org/metrokg/id/unit/320100" in nodes
    assert "https://w3id.org/metrokg/id/area/chengdu" not in nodes
    assert not any(n.startswith(DATASET) for n in nodes)
    assert not any(n.startswith("https://w3id.org/metrokg/def") for n in nodes)


@pytest.mark.parametrize("area", [NANJING])
def test_the_context_is_inline(rdf_store: ox.Store, area: str) -> None:
    text, _ = nested_export(rdf_store, area, None)
    context = json.loads(text)["@context"]
    assert isinstance(context, list) and context[0] == load_context()
