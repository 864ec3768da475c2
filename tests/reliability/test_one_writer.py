"""One writer at a time, and readers keep answering while it writes.

- A second ``metrokg load`` while one holds the data directory exits 2 with "another load (pid
  N) is running" (N the holder), never a raw lock error or a traceback; two loads started
  together leave each store with one complete graph.
- The explorer's backend answers from the previous graph during a load and from the new one
  after it, without a restart (same backend object).
"""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

from app.explorer.backend import Backend, select
from loaders.graph import server
from loaders.rdfstore import StoreError
from loaders.stores import Settings
from tests.reliability.drills import (
    MINIMAL,
    REPO,
    complete_load,
    graph_fingerprint,
    metrokg,
    rdf_fingerprint,
    run_metrokg,
)

HOLD = """
import sys, time
from pathlib import Path
from loaders.rdfstore import load_lock
with load_lock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(float(sys.argv[2]))
"""


def test_a_second_load_exits_naming_the_running_one(tmp_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(tmp_path), "60"],
        cwd=REPO,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        done = run_metrokg(
            "load", "--rdf-only", "--seed", str(MINIMAL), "--data-dir", str(tmp_path)
        )
        assert done.returncode == 2
        assert f"another load (pid {holder.pid}) is running" in done.stderr
        assert "Traceback" not in done.stderr and "BlockingIOError" not in done.stderr
    finally:
        holder.kill()
        holder.wait()
    done = run_metrokg("load", "--rdf-only", "--seed", str(MINIMAL), "--data-dir", str(tmp_path))
    assert done.returncode == 0, done.stderr  # the lock died with its holder


def test_two_loads_started_together_leave_complete_graphs(
    tmp_path: Path, variant_seed: Path
) -> None:
    data_dir = tmp_path / "data"
    try:
        targets = {seed: complete_load(seed, data_dir) for seed in (MINIMAL, variant_seed, MINIMAL)}
        for _ in range(2):
            loads = [
                subprocess.Popen(
                    metrokg("load", "--seed", str(seed), "--data-dir", str(data_dir)),
                    cwd=REPO,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
                for seed in (variant_seed, MINIMAL)
            ]
            results = [(p.wait(timeout=300), p.communicate()[1]) for p in loads]
            for code, err in results:
                assert code in (0, 2), err
                assert "Traceback" not in err
                if code == 2:
                    assert "another load (pid " in err and ") is running" in err
            assert any(code == 0 for code, _ in results)
            from loaders.graph.resilient import ResilientFalkorGraph

            graph = ResilientFalkorGraph(server.ServerConfig(data_dir=data_dir))
            rdf, projected = rdf_fingerprint(data_dir), graph_fingerprint(graph)
            graph.drop_connection()
            assert rdf in {t.rdf for t in targets.values()}
            assert projected in {t.graph for t in targets.values()}
            # both stores were written by the same load (the lock covers both writes)
            assert [t.rdf for t in targets.values() if t.graph == projected] == [rdf]
    finally:
        server.stop(server.ServerConfig(data_dir=data_dir))


NAME_EN = """SELECT ?name WHERE {
  <https://w3id.org/metrokg/id/area/nanjing> rdfs:label ?name FILTER(LANG(?name) = "en") }"""
GRAPH_NAME_EN = "MATCH (a:MetropolitanArea) RETURN a.labelEn AS name"


def test_the_explorer_answers_during_a_load_and_shows_the_new_graph_after(
    tmp_path: Path, variant_seed: Path
) -> None:
    data_dir = tmp_path / "data"
    try:
        complete_load(MINIMAL, data_dir)
        backend = Backend(Settings(data_dir=data_dir))
        old = select(backend.snapshot().store, NAME_EN)
        old_graph = backend.graph().read(GRAPH_NAME_EN).rows
        answers: list[tuple[object, object]] = []
        errors: list[str] = []
        stop = threading.Event()

        def ask() -> None:
            while not stop.is_set():
                try:
                    rows = select(backend.snapshot().store, NAME_EN)
                    graph_rows = backend.graph().read(GRAPH_NAME_EN).rows
                    answers.append((rows, graph_rows))
                except (StoreError, RuntimeError, OSError) as exc:
                    errors.append(f"{type(exc).__name__}: {exc}")
                time.sleep(0.02)

        reader = threading.Thread(target=ask)
        reader.start()
        try:
            done = run_metrokg("load", "--seed", str(variant_seed), "--data-dir", str(data_dir))
            time.sleep(0.5)
        finally:
            stop.set()
            reader.join(timeout=60)
        assert done.returncode == 0, done.stderr
        assert errors == []
        new = select(backend.snapshot().store, NAME_EN)
        new_graph = backend.graph().read(GRAPH_NAME_EN).rows
        assert new != old and "(variant)" in str(new)
        assert new_graph != old_graph
        assert len(answers) > 20
        assert all(rows in (old, new) for rows, _ in answers)
        assert all(graph_rows in (old_graph, new_graph) for _, graph_rows in answers)
        assert answers[0] == (old, old_graph) and answers[-1] == (new, new_graph)
        assert backend.opened == 2  # reopened once, when the load switched generations
    finally:
        server.stop(server.ServerConfig(data_dir=data_dir))
