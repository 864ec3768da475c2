"""Backup and restore of both stores.

- RDF: a store generation is never written again once it is current, so a backup is a copy of
  the current generation's directory; a restore copies it in as a new generation, checks its
  triple count against the manifest, and switches ``CURRENT`` atomically (as a load does).
- Property graph: a logical dump — every node (uri, labels, properties) and edge as JSON lines,
  read through the same client interface for FalkorDB and Neo4j — restored through the graph's
  ordinary ``replace`` (for FalkorDB a staging graph renamed over the live one, atomic).
  (FalkorDB's own ``DUMP``/``RESTORE`` of a graph key was measured here to crash the server.)

A backup directory holds ``manifest.json`` (what was saved, counts), ``rdf/`` and optionally
``graph.jsonl``. Nothing in the target is overwritten: the directory must be new or empty.
"""

from __future__ import annotations

import json
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import pyoxigraph as ox

from loaders.graph.clients import GraphStore
from loaders.graph.projection import Projection
from loaders.rdfstore import (
    StoreError,
    current_generation,
    current_store_path,
    load_lock,
    rdf_dir,
    switch_current,
)

MANIFEST = "manifest.json"
GRAPH_DUMP = "graph.jsonl"
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Manifest:
    """What a backup holds."""

    format: int
    created: str
    generation: str
    triples: int
    graph_nodes: int | None = None
    graph_edges: int | None = None


def dump_graph(graph: GraphStore, path: Path) -> tuple[int, int]:
    """Write every node (uri, labels, properties) and edge of ``graph`` as JSON lines."""
    nodes = graph.read(
        "MATCH (n:Resource) RETURN n.uri AS uri, labels(n) AS labels, properties(n) AS props"
    )
    edges = graph.read(
        "MATCH (a:Resource)-[r]->(b:Resource) RETURN a.uri AS s, type(r) AS t, b.uri AS o"
    )
    with open(path, "w", encoding="utf-8") as fh:
        for row in nodes.rows:
            props = {k: v for k, v in row["props"].items() if k != "uri"}
            fh.write(
                json.dumps(
                    {"node": row["uri"], "labels": sorted(row["labels"]), "props": props},
                    ensure_ascii=False,
                )
                + "\n"
            )
        for row in edges.rows:
            fh.write(
                json.dumps({"edge": [row["s"], row["t"], row["o"]]}, ensure_ascii=False) + "\n"
            )
    return len(nodes.rows), len(edges.rows)


def read_graph_dump(path: Path) -> Projection:
    """Read a dump written by :func:`dump_graph` back into a projection."""
    projection = Projection()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            item = json.loads(line)
            if "node" in item:
                node = projection.node(item["node"])
                node.labels = tuple(item["labels"])
                node.props = item["props"]
            else:
                s, rel, o = item["edge"]
                projection.edges[rel].append((s, o))
    return projection


def backup(data_dir: Path, target: Path, graph: GraphStore | None = None) -> Manifest:
    """Save the current RDF generation (and the FalkorDB graph) into ``target``."""
    if target.exists() and any(target.iterdir()):
        raise StoreError(
            f"备份目录 {target} 不是空的，请另选一个新目录 / backup target {target} is not "
            "empty; choose a new directory"
        )
    source = current_store_path(data_dir)
    generation = current_generation(data_dir)
    assert generation is not None
    target.mkdir(parents=True, exist_ok=True)
    shutil.copytree(source, target / "rdf")
    triples = len(ox.Store.read_only(str(target / "rdf")))
    nodes = edges = None
    if graph is not None and graph.counts() != (0, 0):
        nodes, edges = dump_graph(graph, target / GRAPH_DUMP)
    manifest = Manifest(
        FORMAT_VERSION, time.strftime("%Y-%m-%dT%H:%M:%S"), generation, triples, nodes, edges
    )
    (target / MANIFEST).write_text(json.dumps(asdict(manifest), indent=2), encoding="utf-8")
    return manifest


def read_manifest(source: Path) -> Manifest:
    """Read and check a backup's manifest."""
    try:
        raw = json.loads((source / MANIFEST).read_text(encoding="utf-8"))
        manifest = Manifest(**raw)
    except (OSError, ValueError, TypeError) as exc:
        raise StoreError(
            f"{source} 不是 metrokg 备份（{MANIFEST} 缺失或无法读取） / {source} is not a metrokg "
            f"backup ({MANIFEST} missing or unreadable)"
        ) from exc
    if manifest.format != FORMAT_VERSION:
        raise StoreError(
            f"{source}：不支持备份格式 {manifest.format} / backup format {manifest.format} is "
            "not supported"
        )
    return manifest


def restore(data_dir: Path, source: Path, graph: GraphStore | None = None) -> Manifest:
    """Make the backup in ``source`` the current graph of both stores."""
    manifest = read_manifest(source)
    with load_lock(data_dir):
        stores = rdf_dir(data_dir) / "stores"
        stores.mkdir(parents=True, exist_ok=True)
        name = f"{time.strftime('%Y%m%dT%H%M%S')}-restore-{manifest.generation}"
        path = stores / name
        try:
            shutil.copytree(source / "rdf", path)
            count = len(ox.Store.read_only(str(path)))
            if count != manifest.triples:
                raise StoreError(
                    f"备份检查失败：{count} 个三元组，清单记载 {manifest.triples} 个 / "
                    f"backup check failed: {count} triples, manifest says {manifest.triples}"
                )
        except BaseException:
            shutil.rmtree(path, ignore_errors=True)
            raise
        switch_current(data_dir, name, f"restore {source}")
    dump = source / GRAPH_DUMP
    if graph is not None and dump.is_file():
        projection = read_graph_dump(dump)
        if (len(projection.nodes), projection.edge_count) != (
            manifest.graph_nodes,
            manifest.graph_edges,
        ):
            raise StoreError(
                f"图备份检查失败 / graph backup check failed: {len(projection.nodes)} nodes and "
                f"{projection.edge_count} edges, manifest says {manifest.graph_nodes} and "
                f"{manifest.graph_edges}"
            )
        graph.replace(projection)
    return manifest
