"""The derived-input cache never changes a result: the ontology's triples read from it are the
triples computed from the files, and a stale, corrupt or unwritable cache is a miss."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from loaders.derived_cache import cache_dir, cached_json, key_of
from loaders.rdf import build
from loaders.rdf.build import ONTOLOGY_FILES, ontology_graph, ontology_triples


@pytest.fixture(autouse=True)
def own_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("METROKG_DATA_DIR", str(tmp_path))
    build._ontology_triples.cache_clear()
    yield tmp_path
    build._ontology_triples.cache_clear()


@pytest.mark.parametrize("with_ontology", [True, False])
def test_cached_ontology_triples_are_the_computed_ones(with_ontology: bool) -> None:
    files = ONTOLOGY_FILES if with_ontology else ("vocabularies.ttl",)
    computed = list(build._computed_ontology_triples(files))
    assert ontology_triples(with_ontology=with_ontology) == computed  # a miss: computed, stored
    assert list(cache_dir().glob("ontology-*.json"))
    build._ontology_triples.cache_clear()
    assert ontology_triples(with_ontology=with_ontology) == computed  # a hit: read back


def test_a_stale_or_corrupt_entry_is_a_miss() -> None:
    computed = list(build._computed_ontology_triples(ONTOLOGY_FILES))
    entry = cache_dir() / "ontology-metrokg+vocabularies.json"
    entry.parent.mkdir(parents=True)
    entry.write_text(json.dumps({"key": "stale", "value": [["a", "b", "c"]]}), "utf-8")
    assert ontology_triples() == computed
    build._ontology_triples.cache_clear()
    entry.write_text("{not json", "utf-8")
    assert ontology_triples() == computed
    build._ontology_triples.cache_clear()
    stored = json.loads(entry.read_text("utf-8"))  # written again by the miss above
    entry.write_text(json.dumps({"key": stored["key"], "value": [[1]]}), "utf-8")
    assert ontology_triples() == computed  # the right key, a damaged value


def test_an_unwritable_cache_is_ignored(own_data_dir: Path) -> None:
    (own_data_dir / "cache").write_text("a file where the folder would be", "utf-8")
    assert cached_json("x", "k", lambda: [1, 2]) == [1, 2]


def test_the_key_follows_every_input(tmp_path: Path) -> None:
    source = tmp_path / "input.ttl"
    source.write_text("one", "utf-8")
    first = key_of("name", [source], ["v1"])
    assert key_of("name", [source], ["v2"]) != first
    source.write_text("two", "utf-8")
    assert key_of("name", [source], ["v1"]) != first


@pytest.mark.parametrize("files", [ONTOLOGY_FILES, ("vocabularies.ttl",)])
def test_the_ontology_graph_from_the_cache_is_the_parsed_one(files: tuple[str, ...]) -> None:
    parsed = set(build._skolemised(files))  # parsed and labelled, no cache
    assert set(ontology_graph(files)) == parsed  # a miss
    build._ontology_triples.cache_clear()
    assert set(ontology_graph(files)) == parsed  # a hit
    assert len(ontology_graph(files)) == len(parsed)
