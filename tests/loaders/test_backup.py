"""Backup and restore of both stores give back an isomorphic graph and equal counts."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib.compare import isomorphic

from loaders.backup import backup, restore
from loaders.export import graph_from_store
from loaders.graph import server
from loaders.graph.clients import FalkorGraph
from loaders.graph.load import load_graph
from loaders.pipeline import DEFAULT_SEED, load
from loaders.rdf.build import build_graph
from loaders.rdfstore import StoreError, open_read_only

MINIMAL = Path(__file__).parent / "fixtures" / "valid" / "minimal"


def test_backup_then_restore_both_stores(tmp_path: Path, falkordb_info: server.ServerInfo) -> None:
    data_dir = tmp_path / "data"
    graph = FalkorGraph(server.connect(falkordb_info), name="backup_test")
    shipped = load(DEFAULT_SEED, data_dir)
    load_graph(graph, build_graph(shipped.seed, with_ontology=False).graph)
    before_rdf = graph_from_store(open_read_only(data_dir))
    before_quads = len(open_read_only(data_dir))  # the data and the checks the load recorded
    before_counts = graph.counts()

    manifest = backup(data_dir, tmp_path / "backup", graph)
    assert manifest.triples == before_quads > len(before_rdf)
    assert (manifest.graph_nodes, manifest.graph_edges) == before_counts

    # Something else is loaded meanwhile …
    other = load(MINIMAL, data_dir)
    load_graph(graph, build_graph(other.seed, with_ontology=False).graph)
    assert graph.counts() != before_counts

    # … and the restore brings the backed-up graph back in both stores.
    restore(data_dir, tmp_path / "backup", graph)
    assert isomorphic(graph_from_store(open_read_only(data_dir)), before_rdf)
    assert graph.counts() == before_counts
    graph.db.select_graph(graph.name).delete()


def test_backup_refuses_a_non_empty_target(tmp_path: Path) -> None:
    load(MINIMAL, tmp_path / "data")
    (tmp_path / "target").mkdir()
    (tmp_path / "target" / "keep.txt").write_text("x")
    with pytest.raises(StoreError, match="not empty"):
        backup(tmp_path / "data", tmp_path / "target")


def test_restore_refuses_what_is_not_a_backup(tmp_path: Path) -> None:
    (tmp_path / "nothing").mkdir()
    with pytest.raises(StoreError, match="not a metrokg backup"):
        restore(tmp_path / "data", tmp_path / "nothing")


def test_a_corrupted_backup_leaves_the_store_as_it_was(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    load(MINIMAL, data_dir)
    backup(data_dir, tmp_path / "backup")
    manifest = tmp_path / "backup" / "manifest.json"
    manifest.write_text(
        manifest.read_text().replace('"triples": ', '"triples": 1'), encoding="utf-8"
    )
    before = {str(q) for q in open_read_only(data_dir)}
    with pytest.raises(StoreError, match="backup check failed"):
        restore(data_dir, tmp_path / "backup")
    assert {str(q) for q in open_read_only(data_dir)} == before
