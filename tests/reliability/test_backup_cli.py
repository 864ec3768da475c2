"""``metrokg backup DIR`` / ``metrokg restore DIR`` for both stores: a restore gives back the same
triples (hence an isomorphic graph) and the same nodes and edges, after another load; a bad
backup changes nothing."""

from __future__ import annotations

import json
from pathlib import Path

from rdflib.compare import isomorphic
from typer.testing import CliRunner

from app.cli import app
from loaders.export import graph_from_store
from loaders.graph import server
from loaders.graph.resilient import ResilientFalkorGraph
from loaders.rdfstore import current_generation, open_read_only
from tests.reliability.drills import MINIMAL, graph_fingerprint, rdf_fingerprint

runner = CliRunner()


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def test_backup_and_restore_both_stores_from_the_command_line(
    tmp_path: Path, variant_seed: Path
) -> None:
    data_dir = tmp_path / "data"
    graph = ResilientFalkorGraph(server.ServerConfig(data_dir=data_dir))
    try:
        code, _, err = invoke("load", "--seed", str(MINIMAL), "--data-dir", str(data_dir))
        assert code == 0, err
        rdf_before = graph_from_store(open_read_only(data_dir))
        fingerprint = rdf_fingerprint(data_dir)
        projected = graph_fingerprint(graph)

        code, out, err = invoke("backup", str(tmp_path / "backup"), "--data-dir", str(data_dir))
        assert code == 0, err
        manifest = json.loads((tmp_path / "backup" / "manifest.json").read_text())
        assert manifest["triples"] == fingerprint[1]
        assert (manifest["graph_nodes"], manifest["graph_edges"]) == projected[1:]
        assert f"{fingerprint[1]} triples" in out

        code, _, err = invoke("load", "--seed", str(variant_seed), "--data-dir", str(data_dir))
        assert code == 0, err
        assert rdf_fingerprint(data_dir) != fingerprint
        assert graph_fingerprint(graph) != projected

        code, out, err = invoke("restore", str(tmp_path / "backup"), "--data-dir", str(data_dir))
        assert code == 0, err
        assert isomorphic(graph_from_store(open_read_only(data_dir)), rdf_before)
        assert rdf_fingerprint(data_dir) == fingerprint
        assert graph_fingerprint(graph) == projected  # same nodes, edges, labels, properties

        # a backup into a directory that is not empty, and a restore of what is no backup
        code, _, err = invoke("backup", str(tmp_path / "backup"), "--data-dir", str(data_dir))
        assert code == 2 and "not empty" in err
        (tmp_path / "nothing").mkdir()
        generation = current_generation(data_dir)
        code, _, err = invoke("restore", str(tmp_path / "nothing"), "--data-dir", str(data_dir))
        assert code == 2 and "not a metrokg backup" in err and "Traceback" not in err
        assert current_generation(data_dir) == generation
    finally:
        graph.drop_connection()
        server.stop(server.ServerConfig(data_dir=data_dir))
