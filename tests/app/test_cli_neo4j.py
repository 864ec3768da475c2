"""``metrokg`` against a real Neo4j server (``METROKG_GRAPH_URI``): load, named questions in
Cypher, the Cypher console and its hostile corpus; and wrong or unreachable URIs — one line,
exit 2, no traceback, no secret."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import app
from devtools.neo4j.server import Neo4jServer
from loaders.graph.clients import Neo4jGraph
from loaders.pipeline import DEFAULT_SEED
from queries.catalogue import load_catalogue
from queries.runner import run_cypher
from tests.network import listening
from tests.reliability.drills import (
    CorpusReport,
    check_outcome,
    graph_fingerprint,
    hostile_corpus,
)
from tests.reliability.test_hostile_cli import run_in_process

runner = CliRunner()
SECRET = "s3cret-Pa55-never-shown"
REPO = Path(__file__).resolve().parents[2]


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return result.exit_code, result.stdout, result.stderr


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


BAD_URIS = {
    "bolt-with-password": f"bolt://neo4j:{SECRET}@127.0.0.1:9",
    "neo4j-with-password": f"neo4j://neo4j:{SECRET}@127.0.0.1:9",
    "redis": f"redis://:{SECRET}@127.0.0.1:6379",
}
COMMANDS = {
    "cypher": ["cypher", "RETURN 1 AS one"],
    "query": ["query", "areas", "--lang", "cypher"],
    "load": ["load"],
}


def _assert_one_line_without_secret(code: int, out: str, err: str) -> None:
    assert code == 2, (code, out, err)
    text = (out + err).strip()
    assert "Traceback" not in text
    assert SECRET not in text
    # `load` shows its progress ("… reading …") while it reaches the server: the error is
    # the one line that is not progress
    said = [line for line in err.strip().splitlines() if not line.startswith("… ")]
    assert len(said) == 1, err


@pytest.mark.parametrize("command", sorted(COMMANDS))
@pytest.mark.parametrize("case", sorted(BAD_URIS))
def test_wrong_uri_is_one_line_exit_2_no_secret(
    case: str, command: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("METROKG_GRAPH_URI", BAD_URIS[case])
    code, out, err = invoke(*COMMANDS[command], "--data-dir", str(tmp_path))
    _assert_one_line_without_secret(code, out, err)
    assert "METROKG_GRAPH_URI" in err


@pytest.mark.parametrize("scheme", ["bolt", "neo4j"])
def test_unreachable_port_is_one_line_exit_2(
    scheme: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    uri = f"{scheme}://127.0.0.1:{_closed_port()}"
    monkeypatch.setenv("METROKG_GRAPH_URI", uri)
    monkeypatch.setenv("METROKG_GRAPH_PASSWORD", SECRET)
    for command in COMMANDS.values():
        code, out, err = invoke(*command, "--data-dir", str(tmp_path))
        _assert_one_line_without_secret(code, out, err)
        assert uri in err


def test_wrong_password_is_one_line_exit_2(
    neo4j_env: Neo4jServer, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("METROKG_GRAPH_PASSWORD", SECRET)
    code, out, err = invoke("cypher", "RETURN 1 AS one", "--data-dir", str(tmp_path))
    _assert_one_line_without_secret(code, out, err)
    assert "wrong user or password" in err


def test_a_real_process_shows_no_traceback_and_no_secret(tmp_path: Path) -> None:
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(tmp_path),
        "METROKG_DATA_DIR": str(tmp_path / "data"),
        "METROKG_GRAPH_URI": BAD_URIS["bolt-with-password"],
    }
    done = subprocess.run(
        [sys.executable, "-m", "app.cli", "cypher", "RETURN 1"],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO,
        timeout=300,
        check=False,
    )
    _assert_one_line_without_secret(done.returncode, done.stdout, done.stderr)


def test_load_and_query_through_the_command(
    neo4j_env: Neo4jServer, neo4j_graph: Neo4jGraph, tmp_path: Path
) -> None:
    before = graph_fingerprint(neo4j_graph)
    code, _, err = invoke("load", "--seed", str(DEFAULT_SEED), "--data-dir", str(tmp_path))
    assert code == 0, err
    assert graph_fingerprint(neo4j_graph) == before  # the same seed: the same graph, nothing stale
    question = load_catalogue()["areas"]
    code, out, err = invoke(
        "query", "areas", "--lang", "cypher", "--format", "json", "--data-dir", str(tmp_path)
    )
    assert code == 0, err
    assert json.loads(out) == run_cypher(neo4j_graph, question).rows
    code, out, err = invoke(
        "cypher",
        "MATCH (n:Resource) RETURN count(n) AS n",
        "--format",
        "json",
        "--data-dir",
        str(tmp_path),
    )
    assert code == 0, err
    assert json.loads(out) == [{"n": neo4j_graph.counts()[0]}]


def test_hostile_cypher_corpus_is_refused_or_contained(
    neo4j_env: Neo4jServer, neo4j_graph: Neo4jGraph, tmp_path: Path
) -> None:
    corpus = [q for q in hostile_corpus() if q.language == "cypher"]
    report = CorpusReport()
    before = graph_fingerprint(neo4j_graph)
    with listening() as listener:
        for query in corpus:
            outcome, detail = run_in_process(query, query.text(listener.port), tmp_path, tmp_path)
            check_outcome(query, outcome, detail, report)
    assert report.problems == []
    assert report.count("refused") + report.count("stopped", "answered") == len(corpus)
    assert listener.connections == []
    assert graph_fingerprint(neo4j_graph) == before
