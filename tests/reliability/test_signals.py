"""SIGTERM, SIGHUP and SIGINT to ``metrokg sparql`` stop its sandbox worker with it: real
processes, a query that would run for minutes, the signal sent once the worker runs."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from app.cli import app
from tests.reliability.drills import MINIMAL, REPO

SLOW_QUERY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def children_of(pid: int) -> list[int]:
    """Processes whose parent is ``pid`` (from /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()
        if int(fields[1]) == pid and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat[stat.rindex(")") + 2] != "Z"


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("signals") / "data"
    result = CliRunner().invoke(
        app, ["load", "--seed", str(MINIMAL), "--data-dir", str(target), "--rdf-only"]
    )
    assert result.exit_code == 0, result.stderr
    return target


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_a_signal_stops_the_sandbox_worker(signum: int, data_dir: Path) -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "app.cli", "sparql", SLOW_QUERY, "--timeout", "300",
         "--data-dir", str(data_dir)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 120
        workers: list[int] = []
        while not workers and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.2)
            workers = children_of(process.pid)
        assert workers, "the sandbox worker never started"
        time.sleep(1.0)  # the worker is running the query
        os.kill(process.pid, signum)
        code = process.wait(timeout=60)
        assert code == 128 + signum or (signum == signal.SIGINT and code in (1, 130)), code
        deadline = time.monotonic() + 10
        while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(alive(pid) for pid in workers), "the sandbox worker outlived metrokg"
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
