"""The graph client recovers by itself when the server restarts, and never sends a write (or a
query) twice.

- Reads after a kill -9, a clean restart or a restart on another port succeed (the command
  line and the explorer included): the next question answers.
- A proxy between client and server forwards a command but loses its reply: the client then
  reports an error and does not send the command again (counted at the proxy), and the stores
  hold a complete graph.
"""

from __future__ import annotations

import dataclasses
import socket
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from app.cli import app
from loaders.graph import server
from loaders.graph.clients import GraphError
from loaders.graph.load import projection_of
from loaders.graph.projection import Projection
from loaders.graph.resilient import (
    GraphUnavailable,
    ResilientFalkorGraph,
    connection_lost,
)
from loaders.pipeline import load
from loaders.rdf.build import build_graph
from loaders.seed import read_seed
from loaders.stores import Settings, open_graph
from tests.app.conftest import APP
from tests.reliability.drills import MINIMAL, DropReplyProxy, graph_fingerprint, kill_server

COUNT = "MATCH (n:Resource) RETURN count(n) AS n"


def projection(seed: Path) -> Projection:
    return projection_of(build_graph(read_seed(seed), with_ontology=False).graph)


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A data directory with the minimal seed in both stores; its server stopped afterwards.

    Tests may kill or stop the server; each leaves the data in place, and the next read starts
    the server again."""
    data_dir = tmp_path_factory.mktemp("recovery") / "data"
    graph = open_graph(Settings(data_dir=data_dir))
    load(MINIMAL, data_dir, graph=graph)
    try:
        yield data_dir
    finally:
        server.stop(server.ServerConfig(data_dir=data_dir))


def test_reads_recover_after_kill_restart_and_a_new_port(loaded: Path) -> None:
    config = server.ServerConfig(data_dir=loaded)
    graph = open_graph(Settings(data_dir=loaded))
    assert isinstance(graph, ResilientFalkorGraph)
    expected = graph.read(COUNT).rows

    first = kill_server(loaded)
    assert graph.read(COUNT).rows == expected  # the server was started again
    after_kill = server.status(config)
    assert after_kill is not None and after_kill.pid != first

    server.stop(config)
    server.start(config)  # `metrokg graph stop; metrokg graph start`
    assert graph.read(COUNT).rows == expected
    assert graph.counts()[0] == expected[0]["n"]

    old = server.status(config)
    assert old is not None
    server.stop(config)
    with socket.socket() as squatter:  # the recorded port is taken meanwhile
        squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        squatter.bind(("127.0.0.1", old.port))
        squatter.listen()
        moved = server.start(config)
        assert moved.port != old.port
        assert graph.read(COUNT).rows == expected
    assert graph.reconnects >= 2  # (redis-py itself replaces an idle connection it finds closed)


def test_without_starting_the_client_says_the_server_is_down(loaded: Path) -> None:
    graph = ResilientFalkorGraph(server.ServerConfig(data_dir=loaded), start=False)
    assert graph.read(COUNT).rows
    server.stop(server.ServerConfig(data_dir=loaded))
    with pytest.raises(GraphUnavailable, match="not running"):
        graph.read(COUNT)
    server.start(server.ServerConfig(data_dir=loaded))
    assert graph.read(COUNT).rows


def test_the_command_line_recovers(loaded: Path) -> None:
    runner = CliRunner()
    args = ["cypher", COUNT, "--format", "json", "--data-dir", str(loaded)]
    before = runner.invoke(app, args)
    assert before.exit_code == 0, before.stderr
    kill_server(loaded)
    after = runner.invoke(app, args)
    assert after.exit_code == 0, after.stderr
    assert after.stdout == before.stdout


def test_the_explorer_recovers(loaded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("METROKG_DATA_DIR", str(loaded))
    monkeypatch.delenv("METROKG_GRAPH_URI", raising=False)
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    at.switch_page("views/console.py")
    at.run()
    at.radio(key="con_language").set_value("cypher").run()
    at.text_area(key="con_text_cypher").input(COUNT)
    at.button(key="con_run").click().run()
    assert not at.exception and not at.error
    answer = at.dataframe[0].value.to_dict("records")
    kill_server(loaded)
    at.button(key="con_run").click().run()  # the next question after the restart
    assert not at.exception and not at.error, [e.value for e in at.error]
    assert at.dataframe[0].value.to_dict("records") == answer
    at.switch_page("views/questions.py")
    at.run()
    assert not at.exception


# ----------------------------------------------------------------------------- at most once


@pytest.fixture()
def running(tmp_path: Path) -> Iterator[server.ServerConfig]:
    config = server.ServerConfig(data_dir=tmp_path / "data")
    server.start(config)
    try:
        yield config
    finally:
        server.stop(config)


Dropping = Callable[[server.ServerConfig, bytes], tuple[DropReplyProxy, ResilientFalkorGraph]]


@pytest.fixture()
def dropping() -> Iterator[Dropping]:
    """``dropping(config, trigger)``: a proxy to the config's server that, once armed, passes
    on the next command containing ``trigger`` but drops its reply, and a
    :class:`ResilientFalkorGraph` connected through it. Proxies are closed afterwards."""
    proxies: list[DropReplyProxy] = []

    def make(
        config: server.ServerConfig, trigger: bytes
    ) -> tuple[DropReplyProxy, ResilientFalkorGraph]:
        proxy = DropReplyProxy(server.start(config).port, trigger)
        proxies.append(proxy)

        def connect(info: server.ServerInfo) -> Any:
            return server.connect(dataclasses.replace(info, port=proxy.port), socket_timeout=30)

        return proxy, ResilientFalkorGraph(config, connect=connect)

    yield make
    for proxy in proxies:
        proxy.close()


def test_a_write_whose_reply_is_lost_is_not_sent_again(running: server.ServerConfig) -> None:
    info = server.start(running)
    proxy = DropReplyProxy(info.port, b"CREATE (:Once)")
    try:
        graph = server.connect(dataclasses.replace(info, port=proxy.port)).select_graph("once")
        proxy.armed.set()
        with pytest.raises(Exception) as lost:
            graph.query("CREATE (:Once)")
        assert connection_lost(lost.value)
    finally:
        proxy.close()
    assert proxy.forwarded == 1
    direct = server.connect(info).select_graph("once")
    assert direct.ro_query("MATCH (n:Once) RETURN count(n)").result_set == [[1]]


def test_a_load_whose_rename_reply_is_lost_is_not_repeated(
    running: server.ServerConfig, variant_seed: Path, dropping: Dropping
) -> None:
    proxy, graph = dropping(running, b"RENAME")
    direct = ResilientFalkorGraph(running)
    graph.replace(projection(MINIMAL))
    first = graph_fingerprint(direct)
    proxy.armed.set()
    with pytest.raises(GraphError, match="broke during the load"):
        graph.replace(projection(variant_seed))
    assert proxy.forwarded == 2  # one RENAME per load: the lost one was not repeated
    second = graph_fingerprint(direct)
    assert second != first  # the rename happened once: the new graph, complete
    assert second[1:] == (
        len(projection(variant_seed).nodes),
        projection(variant_seed).edge_count,
    )
    graph.replace(projection(MINIMAL))  # and the next load works
    assert graph_fingerprint(direct) == first


def test_a_load_whose_first_write_is_lost_stops_and_the_live_graph_stays(
    running: server.ServerConfig, variant_seed: Path, dropping: Dropping
) -> None:
    proxy, graph = dropping(running, b"GRAPH.BULK")
    direct = ResilientFalkorGraph(running)
    graph.replace(projection(MINIMAL))
    before = graph_fingerprint(direct)
    sent = proxy.forwarded
    proxy.armed.set()
    with pytest.raises(GraphError, match="nothing was sent again"):
        graph.replace(projection(variant_seed))
    assert proxy.forwarded == sent + 1  # the load stopped at the lost write
    assert graph_fingerprint(direct) == before  # the live graph is the previous one
    graph.replace(projection(variant_seed))  # the next load starts a fresh staging graph
    assert graph_fingerprint(direct) != before


def test_a_query_whose_connection_drops_is_not_sent_again(loaded: Path, dropping: Dropping) -> None:
    proxy, graph = dropping(server.ServerConfig(data_dir=loaded), b"RETURN 4242")
    proxy.armed.set()
    with pytest.raises(GraphUnavailable, match="during the query"):
        graph.read("RETURN 4242 AS x")
    assert proxy.forwarded == 1
    assert graph.read("RETURN 4242 AS x").rows == [{"x": 4242}]  # the next one reconnects
    assert proxy.forwarded == 2
