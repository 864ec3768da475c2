"""The load pipeline on the shipped seed: conforms, reloads identically, fails atomically,
exports JSON-LD that reads back isomorphic, and admits one writer at a time."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib.compare import isomorphic

from loaders.errors import InputError
from loaders.export import graph_from_store, parse_jsonld, serialize
from loaders.graph.clients import GraphError
from loaders.graph.projection import Projection
from loaders.pipeline import DEFAULT_SEED, LoadResult, load
from loaders.rdf.build import shacl_problems
from loaders.rdfstore import StoreError, current_generation, load_lock, open_read_only

MINIMAL = Path(__file__).parent / "fixtures" / "valid" / "minimal"


def quads(store: ox.Store) -> set[str]:
    return {str(q) for q in store}


def test_shipped_graph_conforms_to_the_shapes(shipped_load: LoadResult) -> None:
    assert shacl_problems(shipped_load.built) == []


def test_shipped_graph_has_no_blank_nodes(shipped_data_dir: Path) -> None:
    store = open_read_only(shipped_data_dir)
    for quad in store:
        assert not isinstance(quad.subject, ox.BlankNode)
        assert not isinstance(quad.object, ox.BlankNode)


def test_reloading_unchanged_inputs_gives_identical_triples(
    tmp_path: Path, shipped_data_dir: Path
) -> None:
    load(DEFAULT_SEED, tmp_path)
    first_generation = current_generation(tmp_path)
    assert quads(open_read_only(tmp_path)) == quads(open_read_only(shipped_data_dir))
    load(DEFAULT_SEED, tmp_path)
    assert current_generation(tmp_path) != first_generation
    assert quads(open_read_only(tmp_path)) == quads(open_read_only(shipped_data_dir))


def test_ontology_is_in_the_store(shipped_data_dir: Path) -> None:
    store = open_read_only(shipped_data_dir)
    ask = store.query(
        "ASK { <https://w3id.org/metrokg/def#DevelopmentPlan> "
        "<http://www.w3.org/2000/01/rdf-schema#subClassOf> "
        "<https://w3id.org/metrokg/def#Plan> }"
    )
    assert bool(ask)


def test_a_crash_during_the_write_leaves_the_previous_graph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    load(MINIMAL, tmp_path)
    generation = current_generation(tmp_path)
    before = quads(open_read_only(tmp_path))

    def broken_bulk_load(self: ox.Store, *args: object, **kwargs: object) -> None:
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(ox.Store, "bulk_load", broken_bulk_load)  # the load's write
    with pytest.raises(OSError, match="simulated"):
        load(DEFAULT_SEED, tmp_path)
    monkeypatch.undo()
    assert current_generation(tmp_path) == generation
    assert quads(open_read_only(tmp_path)) == before
    stores = [p.name for p in (tmp_path / "rdf" / "stores").iterdir()]
    assert stores == [generation], "the half-written generation was removed"


class RecordingGraph:
    """A property graph that stages, publishes and discards in memory, and can be told to fail
    while staging."""

    def __init__(self, fail_stage: bool = False) -> None:
        self.fail_stage = fail_stage
        self.calls: list[str] = []
        self.staged: Projection | None = None

    def stage(self, projection: Projection) -> None:
        self.calls.append("stage")
        if self.fail_stage:
            raise GraphError("refused (simulated)")
        self.staged = projection

    def publish(self) -> None:
        self.calls.append("publish")

    def discard(self) -> None:
        self.calls.append("discard")


def test_a_graph_refusing_the_load_leaves_the_rdf_store_unchanged(tmp_path: Path) -> None:
    """Both stores are written side by side; neither switches unless both writes succeeded."""
    load(MINIMAL, tmp_path)
    generation = current_generation(tmp_path)
    before = quads(open_read_only(tmp_path))
    graph = RecordingGraph(fail_stage=True)
    with pytest.raises(GraphError, match="simulated"):
        load(DEFAULT_SEED, tmp_path, graph=graph)  # type: ignore[arg-type]
    assert graph.calls == ["stage", "discard"]
    assert current_generation(tmp_path) == generation
    assert quads(open_read_only(tmp_path)) == before
    assert [p.name for p in (tmp_path / "rdf" / "stores").iterdir()] == [generation]


def test_a_failed_rdf_write_discards_the_staged_graph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_bulk_load(self: ox.Store, *args: object, **kwargs: object) -> None:
        raise OSError("disk full (simulated)")

    monkeypatch.setattr(ox.Store, "bulk_load", broken_bulk_load)
    graph = RecordingGraph()
    with pytest.raises(OSError, match="simulated"):
        load(DEFAULT_SEED, tmp_path, graph=graph)  # type: ignore[arg-type]
    assert "publish" not in graph.calls and graph.calls[-1] == "discard"
    assert current_generation(tmp_path) is None


def test_a_load_stages_then_publishes_the_projection(tmp_path: Path) -> None:
    graph = RecordingGraph()
    result = load(DEFAULT_SEED, tmp_path, graph=graph)  # type: ignore[arg-type]
    assert graph.calls == ["stage", "publish"]
    assert graph.staged is not None and len(graph.staged.nodes) == result.graph_nodes
    assert current_generation(tmp_path) is not None


def test_a_second_writer_is_refused_with_the_holders_pid(tmp_path: Path) -> None:
    held = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with load_lock(tmp_path):
            held.set()
            release.wait(10)

    # flock locks belong to the open file description: a second open in the same process
    # conflicts just as another process would.
    thread = threading.Thread(target=hold)
    thread.start()
    try:
        assert held.wait(5)
        with pytest.raises(StoreError, match=r"another load \(pid \d+\) is running"):
            load(MINIMAL, tmp_path)
    finally:
        release.set()
        thread.join()
    load(MINIMAL, tmp_path)  # and once it is released, the next load succeeds


def test_old_generations_are_pruned(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("METROKG_KEEP_GENERATIONS", "3")
    for _ in range(4):
        load(MINIMAL, tmp_path)
    stores = list((tmp_path / "rdf" / "stores").iterdir())
    assert len(stores) == 3  # the last three made current (rollback can go back to them)


def test_pruning_keeps_the_replaced_generation_not_a_half_written_one(tmp_path: Path) -> None:
    load(MINIMAL, tmp_path)
    previous = current_generation(tmp_path)
    assert previous is not None
    stores = tmp_path / "rdf" / "stores"
    half_written = stores / "99991231T235959-1-1"  # sorts after every real generation
    half_written.mkdir()
    (half_written / "partial.sst").write_bytes(b"\0" * 16)
    load(MINIMAL, tmp_path)
    current = current_generation(tmp_path)
    assert sorted(p.name for p in stores.iterdir()) == sorted([previous, str(current)])


def test_jsonld_export_reads_back_isomorphic(shipped_data_dir: Path) -> None:
    graph = graph_from_store(open_read_only(shipped_data_dir))
    text = serialize(graph, "jsonld")
    assert '"南京都市圈"' in text, "Chinese stays Chinese in the export"
    assert "@context" in text
    assert isomorphic(parse_jsonld(text), graph)


@pytest.mark.parametrize("fmt", ["ttl", "nt"])
def test_turtle_and_ntriples_exports_read_back_isomorphic(shipped_data_dir: Path, fmt: str) -> None:
    from rdflib import Graph

    graph = graph_from_store(open_read_only(shipped_data_dir))
    again = Graph().parse(data=serialize(graph, fmt), format="turtle" if fmt == "ttl" else "nt")  # type: ignore[arg-type]
    assert isomorphic(again, graph)


@pytest.mark.parametrize(
    ("context", "message"),
    [
        ("https://example.org/context.jsonld", "never fetches or opens a context"),
        ("file:///etc/passwd", "never fetches or opens a context"),
        (["https://example.org/c.jsonld"], "never fetches or opens a context"),
        ({"@import": "file:///etc/hosts"}, "@import is refused"),
        ({"@vocab": "https://example.org/"}, "@vocab is refused"),
        ({"@base": "https://example.org/"}, "@base is refused"),
    ],
)
def test_jsonld_read_back_refuses_contexts_that_reach_out(context: object, message: str) -> None:
    doc = json.dumps({"@context": context, "@id": "https://w3id.org/metrokg/id/x", "name": "x"})
    with pytest.raises(InputError, match=message) as refused:
        parse_jsonld(doc, "export.jsonld")
    assert str(refused.value).startswith("export.jsonld:1:")


def test_jsonld_read_back_refuses_deep_nesting_without_recursion_error() -> None:
    with pytest.raises(InputError, match="nested more than"):
        parse_jsonld("[" * 100_000 + "]" * 100_000)
