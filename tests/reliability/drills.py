"""Reliability drills shared by the tests (small scale) and ``bench/reliability.py`` (any scale).

- :func:`load_kill_drill`: ``kill -9`` of ``metrokg load`` (and sometimes of the FalkorDB server
  with it) at random moments; after each kill both stores must hold a complete graph — the
  previous one or the new one — and reopen quickly; loads that were not killed must succeed.
- :func:`ack_stream_drill`: ``kill -9`` of the FalkorDB server while acknowledged writes stream
  in; after each restart every acknowledged write must be there.
- :class:`Listener` records connection attempts on a loopback port ("the network");
  :class:`DropReplyProxy` forwards to the graph server but loses the reply of chosen commands
  (to prove a client never sends a write twice).
- Fingerprints of both stores, to show that hostile queries changed nothing.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import json
import os
import random
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from loaders.graph import server
from loaders.graph.resilient import ResilientFalkorGraph
from loaders.rdfstore import current_generation, rdf_dir
from tests.network import Listener, listening

REPO = Path(__file__).resolve().parents[2]
MINIMAL = REPO / "tests" / "loaders" / "fixtures" / "valid" / "minimal"
WRITE_PHASE = re.compile(r"projecting|writing|property graph")


# ----------------------------------------------------------------------------- fingerprints


def rdf_fingerprint(data_dir: Path) -> tuple[str, int]:
    """(SHA-256 of the sorted quads, triple count) of the current generation."""
    generation = current_generation(data_dir)
    if generation is None:
        return "none", 0
    store = ox.Store.read_only(str(rdf_dir(data_dir) / "stores" / generation))
    try:
        lines = sorted(str(quad) for quad in store)
    finally:
        del store
        gc.collect()
    digest = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()
    return digest, len(lines)


def graph_fingerprint(graph: Any) -> tuple[str, int, int]:
    """(SHA-256 of every node and edge, nodes, edges) of the live property graph."""
    nodes, edges = graph.counts()
    if (nodes, edges) == (0, 0):
        return "empty", 0, 0
    node_rows = graph.read(
        "MATCH (n) RETURN n.uri AS uri, labels(n) AS labels, properties(n) AS props",
        timeout_ms=120_000,
    ).rows
    edge_rows = graph.read(
        "MATCH (a)-[r]->(b) RETURN a.uri AS s, type(r) AS t, b.uri AS o", timeout_ms=120_000
    ).rows
    items = sorted(
        json.dumps(
            {"uri": r["uri"], "labels": sorted(r["labels"]), "props": r["props"]},
            sort_keys=True,
            ensure_ascii=False,
            default=str,
        )
        for r in node_rows
    )
    items += sorted(json.dumps([r["s"], r["t"], r["o"]], ensure_ascii=False) for r in edge_rows)
    digest = hashlib.sha256("\n".join(items).encode("utf-8")).hexdigest()
    return digest, nodes, edges


# ----------------------------------------------------------------------------- processes


def metrokg(*args: str) -> list[str]:
    """The command line of ``metrokg ARGS`` (this interpreter, the repository's package)."""
    return [sys.executable, "-m", "app.cli", *args]


def run_metrokg(*args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    """Run ``metrokg ARGS`` to the end."""
    return subprocess.run(
        metrokg(*args), cwd=REPO, capture_output=True, text=True, timeout=timeout, check=False
    )


def graph_config(data_dir: Path) -> server.ServerConfig:
    """The FalkorDB server configuration of ``data_dir``."""
    return server.ServerConfig(data_dir=data_dir)


def wait_gone(pid: int, timeout: float = 30.0) -> None:
    """Wait until ``pid`` no longer runs (zombies count as gone)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
        except FileNotFoundError:
            return
        if stat.rsplit(")", 1)[-1].split()[0] in ("Z", "X"):
            return
        time.sleep(0.01)
    raise TimeoutError(f"process {pid} still runs after {timeout} s")


def kill_server(data_dir: Path) -> int | None:
    """``kill -9`` the data directory's FalkorDB server; its pid, or None if none ran."""
    info = server.status(graph_config(data_dir))
    if info is None:
        return None
    os.kill(info.pid, signal.SIGKILL)
    wait_gone(info.pid)
    return info.pid


# ----------------------------------------------------------------------------- the load drill


Source = Path | str
"""What a drill loads: a seed directory (``metrokg load --seed``) or ``"synth:SCALE:SEED"``
(``metrokg synth --scale SCALE --seed SEED``, the national-scale synthetic graph)."""


def load_args(source: Source, data_dir: Path, graph_too: bool) -> list[str]:
    """The ``metrokg`` arguments that load ``source`` into ``data_dir``."""
    if isinstance(source, str) and source.startswith("synth:"):
        _, scale, seed = source.split(":")
        args = ["synth", "--scale", scale, "--seed", seed, "--data-dir", str(data_dir)]
    else:
        args = ["load", "--seed", str(source), "--data-dir", str(data_dir)]
    return args if graph_too else [*args, "--rdf-only"]


@dataclass
class Target:
    """What a complete load of one source leaves in the stores."""

    seed: Source
    rdf: tuple[str, int]
    graph: tuple[str, int, int]


@dataclass
class Kill:
    """One kill of the load drill and what was found afterwards."""

    index: int
    mode: str
    delay: float
    killed: bool
    exit_code: int | None
    server_killed: bool
    rdf_state: str
    graph_state: str
    rdf_reopen_s: float
    graph_reopen_s: float
    orphans: int
    next_load_ok: bool | None = None
    problem: str = ""


@dataclass
class LoadDrillReport:
    """The outcome of :func:`load_kill_drill`."""

    kills: list[Kill] = field(default_factory=list)
    calibration_s: float = 0.0
    write_window_s: float = 0.0
    final_load_ok: bool = False
    problems: list[str] = field(default_factory=list)

    @property
    def killed(self) -> int:
        return sum(1 for k in self.kills if k.killed)

    @property
    def records_lost(self) -> int:
        """Kills after which a store held neither complete graph (must be 0)."""
        return sum(1 for k in self.kills if "neither" in (k.rdf_state, k.graph_state) or k.problem)

    @property
    def max_orphans(self) -> int:
        """Most unfinished store generations (of killed loads) found after a kill."""
        return max([k.orphans for k in self.kills] or [0])

    @property
    def max_reopen_s(self) -> float:
        return max(
            [max(k.rdf_reopen_s, k.graph_reopen_s) for k in self.kills] or [0.0],
        )


def _timed_load(seed: Source, data_dir: Path, graph_too: bool) -> tuple[float, float, int]:
    """Run one complete load; (total seconds, seconds from the write phase on, exit code)."""
    args = load_args(seed, data_dir, graph_too)
    started = time.monotonic()
    process = subprocess.Popen(
        metrokg(*args), cwd=REPO, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True
    )
    assert process.stderr is not None
    write_started = None
    for line in process.stderr:
        if write_started is None and WRITE_PHASE.search(line):
            write_started = time.monotonic()
    code = process.wait()
    ended = time.monotonic()
    return ended - started, ended - (write_started or started), code


def complete_load(seed: Source, data_dir: Path, graph_too: bool = True) -> Target:
    """Load ``seed`` to the end with ``metrokg`` and fingerprint what both stores hold."""
    done = run_metrokg(*load_args(seed, data_dir, graph_too))
    if done.returncode != 0:
        raise RuntimeError(f"metrokg load of {seed} failed:\n{done.stderr}")
    graph_fp: tuple[str, int, int] = ("empty", 0, 0)
    if graph_too:
        graph = ResilientFalkorGraph(graph_config(data_dir))
        graph_fp = graph_fingerprint(graph)
        graph.drop_connection()
    return Target(seed, rdf_fingerprint(data_dir), graph_fp)


def variant_of(seed: Path, target: Path) -> Path:
    """A copy of the minimal seed that differs from it (a label, one membership fewer)."""
    import shutil

    shutil.copytree(seed, target)
    areas = target / "areas.yaml"
    areas.write_text(
        areas.read_text(encoding="utf-8").replace(
            "name_en: Nanjing Metropolitan Area", "name_en: Nanjing Metropolitan Area (variant)"
        ),
        encoding="utf-8",
    )
    memberships = target / "memberships.csv"
    lines = memberships.read_text(encoding="utf-8").splitlines(keepends=True)
    memberships.write_text(
        "".join(line for line in lines if "句容市,whole" not in line), encoding="utf-8"
    )
    return target


def _state(found: tuple[Any, ...], old: tuple[Any, ...], new: tuple[Any, ...]) -> str:
    if found == new:
        return "new"
    if found == old:
        return "previous"
    return "neither"


def load_kill_drill(
    data_dir: Path,
    seeds: tuple[Source, Source],
    kills: int = 20,
    *,
    graph_too: bool = True,
    server_kill_every: int = 4,
    full_load_every: int = 5,
    rng: random.Random | None = None,
    log: Callable[[str], None] = lambda _: None,
) -> LoadDrillReport:
    """``kill -9`` ``metrokg load`` ``kills`` times at random moments, checking both stores.

    Loads alternate between the two seeds (so "previous" and "new" differ). Half the kills
    fall anywhere in a load, half in its write phase (after the first progress line about
    writing). Every ``server_kill_every``-th kill also kills the FalkorDB server at the same
    moment. After each kill: the RDF store's current generation and the live property graph
    must each equal the complete previous or the complete new graph (fingerprints of every
    triple, node and edge), and reopening is timed (read-only open of the store; restart of the
    server when it was killed). Every ``full_load_every``-th kill is followed by a load that
    must run to the end; so is the last one. A load that ends before its kill must succeed.
    """
    rng = rng or random.Random(20240701)
    report = LoadDrillReport()
    config = graph_config(data_dir)
    if graph_too:
        server.start(config)
    graph = ResilientFalkorGraph(config) if graph_too else None
    # Calibration: load each seed to the end (timed) and fingerprint what it leaves.
    targets: list[Target] = []
    for seed in seeds:
        total, window, code = _timed_load(seed, data_dir, graph_too)
        if code != 0:
            raise RuntimeError(f"a calibration load of {seed} failed")
        report.calibration_s = max(report.calibration_s, total)
        report.write_window_s = max(report.write_window_s, window)
        target = Target(
            seed,
            rdf_fingerprint(data_dir),
            graph_fingerprint(graph) if graph is not None else ("empty", 0, 0),
        )
        targets.append(target)
    if targets[0].rdf == targets[1].rdf:
        raise ValueError("the two seeds give the same graph; the drill could not tell them apart")
    log(
        f"calibration: a load takes {report.calibration_s:.1f} s, "
        f"its write phase {report.write_window_s:.2f} s"
    )
    for index in range(kills):
        rdf_now = rdf_fingerprint(data_dir)
        new = targets[1] if rdf_now == targets[0].rdf else targets[0]
        old = targets[0] if new is targets[1] else targets[1]
        mode = "write" if index % 2 else "anytime"
        kill_server_too = graph_too and server_kill_every > 0 and index % server_kill_every == 3
        args = load_args(new.seed, data_dir, graph_too)
        process = subprocess.Popen(
            metrokg(*args),
            cwd=REPO,
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
        )
        assert process.stderr is not None
        lines: list[str] = []
        in_write = threading.Event()

        def pump(
            stream: Any = process.stderr,
            seen: list[str] = lines,
            in_write: threading.Event = in_write,
        ) -> None:
            for line in stream:
                seen.append(line)
                if WRITE_PHASE.search(line):
                    in_write.set()

        reader = threading.Thread(target=pump, daemon=True)
        reader.start()
        if mode == "write":
            in_write.wait(report.calibration_s * 3)
            delay = rng.uniform(0, report.write_window_s)
        else:
            delay = rng.uniform(0, report.calibration_s)
        time.sleep(delay)
        killed = process.poll() is None
        if killed:
            process.send_signal(signal.SIGKILL)
        if kill_server_too:
            kill_server(data_dir)
        code = process.wait()
        reader.join(timeout=10)
        problem = ""
        if not killed and code != 0:
            problem = f"a load that was not killed failed (exit {code}): {''.join(lines)[-500:]}"
        # reopen and check the RDF store
        began = time.monotonic()
        rdf_found = rdf_fingerprint(data_dir)
        rdf_reopen = time.monotonic() - began
        graph_found: tuple[Any, ...] = old.graph
        graph_reopen = 0.0
        if graph is not None:
            began = time.monotonic()
            server.start(config)
            graph_reopen = time.monotonic() - began
            graph_found = graph_fingerprint(graph)
        stores = rdf_dir(data_dir) / "stores"
        current = current_generation(data_dir)
        orphans = sum(1 for p in stores.iterdir() if p.is_dir() and p.name > (current or ""))
        kill = Kill(
            index=index,
            mode=mode,
            delay=delay,
            killed=killed,
            exit_code=code,
            server_killed=kill_server_too,
            rdf_state=_state(rdf_found, old.rdf, new.rdf),
            graph_state=_state(graph_found, old.graph, new.graph) if graph_too else "-",
            rdf_reopen_s=rdf_reopen,
            graph_reopen_s=graph_reopen,
            orphans=orphans,
            problem=problem,
        )
        if (index + 1) % full_load_every == 0 or index == kills - 1:
            target = old if kill.rdf_state == "new" else new
            done = run_metrokg(*load_args(target.seed, data_dir, graph_too))
            kill.next_load_ok = done.returncode == 0 and rdf_fingerprint(data_dir) == target.rdf
            if graph is not None:
                kill.next_load_ok = kill.next_load_ok and graph_fingerprint(graph) == target.graph
            if not kill.next_load_ok:
                kill.problem += f" the next load failed: {done.stderr[-500:]}"
        report.kills.append(kill)
        also = ", server too" if kill_server_too else ""
        outcome = "killed" if killed else f"finished first (exit {code})"
        after = ""
        if kill.next_load_ok is not None:
            after = f"; next load {'ok' if kill.next_load_ok else 'FAILED'}"
        if kill.problem:
            after += f"; PROBLEM {kill.problem}"
        log(
            f"kill {index + 1:2d}/{kills} ({mode}, +{delay:.2f} s{also}): {outcome};"
            f" RDF {kill.rdf_state}, graph {kill.graph_state}; reopened in {rdf_reopen:.2f} s"
            f" / {graph_reopen:.2f} s; {orphans} unfinished generation(s) left{after}"
        )
        if kill.problem or "neither" in (kill.rdf_state, kill.graph_state):
            report.problems.append(f"kill {index + 1}: {kill}")
    report.final_load_ok = all(k.next_load_ok for k in report.kills if k.next_load_ok is not None)
    if graph is not None:
        graph.drop_connection()
    return report


# ----------------------------------------------------------------------------- the ack drill


@dataclass
class AckDrillReport:
    """The outcome of :func:`ack_stream_drill`."""

    kills: int = 0
    acknowledged: int = 0
    found: int = 0
    lost: int = 0
    restart_s: list[float] = field(default_factory=list)


def ack_stream_drill(
    data_dir: Path,
    kills: int = 5,
    *,
    batch_every: int = 10,
    rng: random.Random | None = None,
    log: Callable[[str], None] = lambda _: None,
) -> AckDrillReport:
    """``kill -9`` the FalkorDB server while acknowledged writes stream in, ``kills`` times.

    A writer sends ``CREATE`` statements one after another (every ``batch_every``-th an
    ``UNWIND`` batch of 500, like a load) and records each id the server acknowledged. At a
    random moment the server is killed; it is started again (timed) and every acknowledged id
    must be in the graph.
    """
    rng = rng or random.Random(7)
    config = graph_config(data_dir)
    report = AckDrillReport()
    acked: set[int] = set()
    next_id = 0
    name = "ack_drill"
    for round_ in range(kills):
        info = server.start(config)
        db = server.connect(info, socket_timeout=30)
        graph = db.select_graph(name)
        stop = threading.Event()
        round_acked: list[int] = []

        def write(
            graph: Any = graph, stop: threading.Event = stop, round_acked: list[int] = round_acked
        ) -> None:
            nonlocal next_id
            count = 0
            while not stop.is_set():
                count += 1
                if count % batch_every == 0:
                    ids = list(range(next_id, next_id + 500))
                    next_id += 500
                    try:
                        graph.query("UNWIND $ids AS i CREATE (:Ack {i: i})", {"ids": ids})
                    except Exception:
                        return
                    round_acked.extend(ids)
                else:
                    i = next_id
                    next_id += 1
                    try:
                        graph.query("CREATE (:Ack {i: $i})", {"i": i})
                    except Exception:
                        return
                    round_acked.append(i)

        writer = threading.Thread(target=write, daemon=True)
        writer.start()
        time.sleep(rng.uniform(0.2, 1.0))
        os.kill(info.pid, signal.SIGKILL)
        wait_gone(info.pid)
        stop.set()
        writer.join(timeout=30)
        acked.update(round_acked)
        with contextlib.suppress(Exception):
            db.connection.close()
        began = time.monotonic()
        again = server.start(config)
        report.restart_s.append(time.monotonic() - began)
        check = server.connect(again, socket_timeout=60)
        rows = check.select_graph(name).ro_query("MATCH (a:Ack) RETURN a.i").result_set
        present = {int(r[0]) for r in rows}
        missing = acked - present
        check.connection.close()
        report.kills += 1
        log(
            f"server kill {round_ + 1}/{kills}: {len(round_acked)} writes acknowledged this round,"
            f" {len(acked)} in all, {len(missing)} missing; restart took"
            f" {report.restart_s[-1]:.2f} s"
        )
        report.lost = len(missing)
    report.acknowledged = len(acked)
    report.found = report.acknowledged - report.lost
    return report


# ----------------------------------------------------------------------------- the network


class DropReplyProxy:
    """A TCP proxy to a server that, once armed, forwards the next command containing
    ``trigger`` but closes the client's connection instead of passing the reply back.

    The command reaches the server exactly once; a client that retries it on the lost
    connection would send it a second time (:attr:`forwarded` counts them).
    """

    def __init__(self, target_port: int, trigger: bytes) -> None:
        self.target_port = target_port
        self.trigger = trigger
        self.armed = threading.Event()
        self.forwarded = 0
        self.dropped = 0
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self._sock.settimeout(0.05)
        self.port = self._sock.getsockname()[1]
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self._sock.close()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                client, _ = self._sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            threading.Thread(target=self._serve, args=(client,), daemon=True).start()

    def _serve(self, client: socket.socket) -> None:
        upstream = socket.create_connection(("127.0.0.1", self.target_port))
        client.settimeout(None)
        dropping = threading.Event()
        replied = threading.Event()

        def back() -> None:
            try:
                while data := upstream.recv(65536):
                    if dropping.is_set():
                        replied.set()  # the server answered; the client never hears it
                        continue
                    client.sendall(data)
            except OSError:
                pass
            replied.set()
            with contextlib.suppress(OSError):
                client.close()

        threading.Thread(target=back, daemon=True).start()
        try:
            while data := client.recv(65536):
                if self.trigger in data:
                    self.forwarded += 1
                    if self.armed.is_set():
                        self.armed.clear()
                        self.dropped += 1
                        dropping.set()
                        upstream.sendall(data)
                        # the rest of a command longer than one read (a bulk write)
                        client.settimeout(0.05)
                        while not replied.is_set():
                            try:
                                more = client.recv(65536)
                            except TimeoutError:
                                continue
                            if not more:
                                break
                            upstream.sendall(more)
                        replied.wait(30)
                        break
                upstream.sendall(data)
        except OSError:
            pass
        for sock in (client, upstream):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                sock.close()


# ----------------------------------------------------------------------------- hostile corpus

CORPUS_DIRS = (
    REPO / "tests" / "queries" / "hostile",
    REPO / "tests" / "reliability" / "hostile",
)


@dataclass(frozen=True)
class HostileQuery:
    """One file of the hostile corpus."""

    path: Path
    language: str  # "sparql" or "cypher"
    expect: str  # "refused" or "contained"

    @property
    def name(self) -> str:
        return f"{self.language}/{self.path.stem}"

    def text(self, port: int) -> str:
        """The query with the listener's port filled in."""
        raw = self.path.read_text(encoding="utf-8", errors="surrogateescape")
        return raw.replace("{{PORT}}", str(port))


def hostile_corpus() -> list[HostileQuery]:
    """Every hostile query of both corpora (``tests/queries/hostile`` and ours)."""
    found: list[HostileQuery] = []
    for root in CORPUS_DIRS:
        for language, suffix in (("sparql", ".rq"), ("cypher", ".cypher")):
            for path in sorted((root / language).glob(f"*{suffix}")):
                head = path.read_text(encoding="utf-8", errors="surrogateescape")[:400]
                match = re.search(r"expect:\s*(\w+)", head)
                if match is None:
                    raise ValueError(f"{path} has no 'expect:' line")
                found.append(HostileQuery(path, language, match.group(1)))
    return found


@dataclass
class Ordinary:
    """Ordinary questions asked while hostile ones run: latencies and failures."""

    latencies: list[float] = field(default_factory=list)
    failures: list[str] = field(default_factory=list)
    # the slowest answer: its language and when it began and ended (time.monotonic())
    slowest: tuple[str, float, float] = ("", 0.0, 0.0)

    @property
    def worst(self) -> float:
        return max(self.latencies or [0.0])

    def record(self, language: str, began: float, ended: float) -> None:
        self.latencies.append(ended - began)
        if ended - began >= self.slowest[2] - self.slowest[1]:
            self.slowest = (language, began, ended)


@contextlib.contextmanager
def ordinary_questions(data_dir: Path, every_s: float = 0.25) -> Iterator[Ordinary]:
    """Ask the catalogue's ``areas`` question (SPARQL on the store, Cypher on the graph) over
    and over in a thread while the body runs; record how long each answer took."""
    from loaders.rdfstore import open_read_only
    from queries.catalogue import load_catalogue
    from queries.runner import run_cypher, run_sparql

    question = load_catalogue()["areas"]
    state = Ordinary()
    stop = threading.Event()
    graph = ResilientFalkorGraph(graph_config(data_dir), start=False)
    expected = len(run_sparql(open_read_only(data_dir), question).rows)

    def ask() -> None:
        store = open_read_only(data_dir)
        turn = 0
        while not stop.is_set():
            began = time.monotonic()
            language = "sparql" if turn % 2 == 0 else "cypher"
            try:
                if language == "sparql":
                    rows = run_sparql(store, question).rows
                else:
                    rows = run_cypher(graph, question, {}).rows
                if len(rows) != expected:
                    state.failures.append(f"{len(rows)} rows instead of {expected}")
            except Exception as exc:
                state.failures.append(f"{type(exc).__name__}: {exc}")
            state.record(language, began, time.monotonic())
            turn += 1
            stop.wait(every_s)

    thread = threading.Thread(target=ask, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        stop.set()
        thread.join(timeout=60)
        graph.drop_connection()


@dataclass
class CorpusReport:
    """What running the hostile corpus did."""

    outcomes: dict[str, str] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    data_changed: int = 0
    connections: int = 0
    app_pid_same: bool = True
    server_pid_same: bool = True
    ordinary: Ordinary = field(default_factory=Ordinary)
    seconds: float = 0.0
    finished: dict[str, float] = field(default_factory=dict)  # query -> time.monotonic()

    def count(self, *kinds: str) -> int:
        return sum(1 for o in self.outcomes.values() if o.split(":", 1)[0] in kinds)

    def running_during(self, began: float, ended: float) -> list[str]:
        """The hostile queries whose run overlapped ``began``–``ended`` (each ran from the
        previous one's end to its own)."""
        found: list[str] = []
        start = -float("inf")
        for name, end in self.finished.items():
            if start < ended and end > began:
                found.append(name)
            start = end
        return found


def check_outcome(query: HostileQuery, outcome: str, detail: str, report: CorpusReport) -> None:
    """Record one outcome; a refused-file that ran, or any traceback, is a problem."""
    report.outcomes[query.name] = f"{outcome}: {detail}"
    report.finished[query.name] = time.monotonic()
    if "Traceback" in detail or outcome == "crashed":
        report.problems.append(f"{query.name}: {outcome} ({detail[:300]})")
    elif query.expect == "refused" and outcome != "refused":
        report.problems.append(f"{query.name}: expected refused, got {outcome} ({detail[:300]})")


@contextlib.contextmanager
def watching(data_dir: Path, report: CorpusReport) -> Iterator[Listener]:
    """Around a corpus run: the listener, the ordinary questions, and before/after checks of
    both stores' contents, this process and the graph server."""
    config = graph_config(data_dir)
    graph = ResilientFalkorGraph(config, start=False)
    rdf_before = rdf_fingerprint(data_dir)
    graph_before = graph_fingerprint(graph)
    server_before = server.status(config)
    pid = os.getpid()
    began = time.monotonic()
    with listening() as listener, ordinary_questions(data_dir) as ordinary:
        yield listener
    report.seconds = time.monotonic() - began
    report.ordinary = ordinary
    report.connections = len(listener.connections)
    report.app_pid_same = os.getpid() == pid
    server_after = server.status(config)
    report.server_pid_same = (
        server_before is not None
        and server_after is not None
        and server_before.pid == server_after.pid
    )
    report.data_changed = int(rdf_fingerprint(data_dir) != rdf_before) + int(
        graph_fingerprint(graph) != graph_before
    )
    graph.drop_connection()


ORDINARY_BOUND_S = 15.0
"""A sanity bound for the tests; ``bench/reliability.py`` measures the real figure (< 1 s)."""


def assert_all_contained(report: CorpusReport, tried: int, via: str) -> None:
    """Print what a corpus run did, then assert the issue's guarantees: every query refused or
    contained, no data changed, no connection, same processes, ordinary questions answered."""
    print(
        f"\n{tried} hostile queries through {via} in {report.seconds:.0f} s: "
        f"{report.count('refused')} refused, {report.count('stopped', 'answered')} contained; "
        f"ordinary question: {len(report.ordinary.latencies)} answers, worst "
        f"{report.ordinary.worst:.2f} s"
    )
    language, began, ended = report.ordinary.slowest
    print(
        f"  slowest ordinary answer: {language}, {ended - began:.2f} s, beside "
        f"{', '.join(report.running_during(began, ended)) or 'no hostile query'}"
    )
    for name, outcome in report.outcomes.items():
        print(f"  {name}: {outcome[:160]}")
    assert report.problems == []
    assert report.count("refused") + report.count("stopped", "answered") == tried
    assert report.data_changed == 0
    assert report.connections == 0
    assert report.app_pid_same and report.server_pid_same
    assert report.ordinary.failures == []
    assert report.ordinary.latencies
    assert report.ordinary.worst < ORDINARY_BOUND_S


# ----------------------------------------------------------------------------- corrupted input

CORRUPTIONS = [
    "flip",
    "insert",
    "delete",
    "truncate",
    "duplicate_line",
    "swap_lines",
    "bom",
    "gbk",
    "nul",
    "quote",
    "fullwidth",
    "tab_indent",
]


def corrupt(data: bytes, how: str, position: float, payload: bytes) -> bytes:
    at = int(position * len(data))
    lines = data.splitlines(keepends=True)
    line_at = int(position * max(len(lines) - 1, 0))
    if how == "flip":
        at = min(at, len(data) - 1)
        return data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :] if data else payload
    if how == "insert":
        return data[:at] + payload + data[at:]
    if how == "delete":
        return data[:at] + data[at + len(payload) :]
    if how == "truncate":
        return data[:at]
    if how == "duplicate_line" and lines:
        return b"".join([*lines[: line_at + 1], lines[line_at], *lines[line_at + 1 :]])
    if how == "swap_lines" and len(lines) > 1:
        lines[line_at], lines[-1] = lines[-1], lines[line_at]
        return b"".join(lines)
    if how == "bom":
        return b"\xef\xbb\xbf" + data
    if how == "gbk":
        return data.decode("utf-8").encode("gb18030")
    if how == "nul":
        return data[:at] + b"\x00" + data[at:]
    if how == "quote":
        return data[:at] + b'"' + data[at:]
    if how == "fullwidth":
        return (
            data.decode("utf-8")
            .translate(str.maketrans("0123456789", "０１２３４５６７８９"))
            .encode()
        )
    if how == "tab_indent":
        return data.replace(b"\n  ", b"\n\t", 1)
    return data
