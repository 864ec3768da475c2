"""Start and stop a real Neo4j 5 Community server: development and test infrastructure.

The server is Maven Central's ``org.neo4j:neo4j`` (the version in ``pom.xml``) embedded in one
launcher class (``src/main/java/metrokg/devtools/Neo4jLauncher.java``), built by
``.ci/setup --test`` (or by :func:`build` on first use) with Maven, whose cache (``~/.m2``) is
reused between runs. Everything lives in one home directory (mode 0700)::

    HOME/
        data/ logs/     Neo4j's own files
        password        the password of user ``neo4j`` (0600), generated on first start
        launcher.log    the launcher's standard output and error
        state.json      port and pid of the running server

The server listens on 127.0.0.1 only, with authentication on; the password goes to the
launcher on its standard input, never on a command line, and is never printed. Server-side
limits: a transaction timeout (``db.transaction.timeout``) and a per-transaction memory limit
(``db.memory.transaction.max``). The defaults are small, for tests (a 2 GB heap, 512 MB a
transaction, a JIT that starts quickly); a bench of a large graph passes more (``--heap-mb``,
``--tx-memory-mb``, ``--tx-total-mb``, ``--pagecache-mb``, ``--full-jit``; see
``bench/vs_neo4j.py``).

Command line (prints the environment metrokg needs, never the password itself)::

    eval "$(.venv/bin/python -m devtools.neo4j start)"   # then metrokg load, query, cypher, …
    .venv/bin/python -m devtools.neo4j stop
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parent
CLASSES = PROJECT / "target" / "classes"
CLASSPATH_FILE = PROJECT / "target" / "classpath.txt"
LAUNCHER = "metrokg.devtools.Neo4jLauncher"
USER = "neo4j"
TX_TIMEOUT_S = 60  # server cap on any transaction; clients ask for less
TX_MEMORY_MB = 512  # server cap on one transaction's memory (a whole load is one transaction)
HEAP_MB = 2048
PAGECACHE_MB = 256
START_TIMEOUT_S = 240.0


class Neo4jStartError(RuntimeError):
    """The server could not be built or started; the message is one line."""


@dataclass(frozen=True)
class Neo4jServer:
    """A running server: where it listens and how to log in (the password is not in repr)."""

    home: Path
    port: int
    pid: int
    password: str = field(repr=False)

    @property
    def bolt_uri(self) -> str:
        return f"bolt://127.0.0.1:{self.port}"

    @property
    def routing_uri(self) -> str:
        return f"neo4j://127.0.0.1:{self.port}"

    @property
    def password_file(self) -> Path:
        return self.home / "password"


def default_home() -> Path:
    """``$METROKG_DATA_DIR/neo4j``, else ``~/.local/share/metrokg/neo4j``."""
    base = os.environ.get("METROKG_DATA_DIR")
    root = Path(base) if base else Path.home() / ".local" / "share" / "metrokg"
    return root / "neo4j"


def build(*, quiet: bool = True) -> None:
    """Compile the launcher and write its class path (Maven; offline first, then online)."""
    mvn = shutil.which("mvn")
    if mvn is None:
        raise Neo4jStartError("Maven (mvn) is not installed; run `bash .ci/setup --test`")
    base = [mvn, "-B", "-f", str(PROJECT / "pom.xml"), *(["-q"] if quiet else []), "compile"]
    for args in ([*base[:1], "-o", *base[1:]], base):
        done = subprocess.run(args, capture_output=True, text=True, check=False)
        if done.returncode == 0 and CLASSPATH_FILE.exists():
            return
    last = [line for line in done.stdout.splitlines() if "ERROR" in line][:1]
    reason = last[0] if last else "mvn failed"
    raise Neo4jStartError(f"could not build the Neo4j launcher: {reason}")


def _built() -> bool:
    return CLASSPATH_FILE.exists() and (CLASSES / "metrokg" / "devtools").is_dir()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _password(home: Path) -> str:
    path = home / "password"
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    value = secrets.token_urlsafe(24)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(value + "\n")
    return value


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    cmdline = Path(f"/proc/{pid}/cmdline")
    return cmdline.exists() and LAUNCHER.encode() in cmdline.read_bytes()


def status(home: Path) -> Neo4jServer | None:
    """The server running in ``home``, if any."""
    state = home / "state.json"
    if not state.exists():
        return None
    recorded = json.loads(state.read_text(encoding="utf-8"))
    if not _alive(int(recorded["pid"])):
        state.unlink(missing_ok=True)
        return None
    return Neo4jServer(home, int(recorded["port"]), int(recorded["pid"]), _password(home))


def start(
    home: Path,
    *,
    watch_pid: int = 0,
    tx_memory_mb: int = TX_MEMORY_MB,
    heap_mb: int = HEAP_MB,
    tx_total_mb: int = 0,
    pagecache_mb: int = PAGECACHE_MB,
    full_jit: bool = False,
) -> Neo4jServer:
    """Start a server in ``home`` (or return the one running there) and wait until Bolt answers.

    ``watch_pid``: the server stops by itself when that process ends (0: it runs until
    :func:`stop`). ``tx_memory_mb``: the per-transaction memory limit (a metrokg load is one
    transaction: larger graphs need more, see ``bench/``); ``tx_total_mb``: the limit on all
    transactions together (0: Neo4j's default, 70% of the heap); ``heap_mb``: the JVM's heap;
    ``pagecache_mb``: Neo4j's page cache (off heap). ``full_jit``: the JVM's optimising
    compiler and parallel collector (a long run) rather than the quick-start settings (tests).
    """
    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    running = status(home)
    if running is not None:
        return running
    if not _built():
        build()
    java = shutil.which("java")
    if java is None:
        raise Neo4jStartError("Java is not installed; run `bash .ci/setup --test`")
    password = _password(home)
    port = _free_port()
    classpath = f"{CLASSES}:{CLASSPATH_FILE.read_text(encoding='utf-8').strip()}"
    log_path = home / "launcher.log"
    jvm = ["-XX:+UseParallelGC"] if full_jit else ["-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"]
    command = [
        java, f"-Xmx{heap_mb}m", *jvm, "-Xshare:auto", "-cp", classpath, LAUNCHER,
        str(home), str(port), str(TX_TIMEOUT_S), str(tx_memory_mb), str(watch_pid),
        str(tx_total_mb), str(pagecache_mb),
    ]  # fmt: skip
    with open(log_path, "ab") as log:
        offset = log.tell()
        process = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=log,
            stderr=log,
            start_new_session=True,
            cwd=home,
        )
    assert process.stdin is not None
    process.stdin.write((password + "\n").encode())
    process.stdin.close()
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise Neo4jStartError(
                f"Neo4j exited with code {process.returncode} while starting (see {log_path})"
            )
        with open(log_path, "rb") as log:
            log.seek(offset)
            if b"READY" in log.read():
                state = {"port": port, "pid": process.pid}
                (home / "state.json").write_text(json.dumps(state), encoding="utf-8")
                return Neo4jServer(home, port, process.pid, password)
        time.sleep(0.25)
    process.terminate()
    raise Neo4jStartError(f"Neo4j did not start within {START_TIMEOUT_S:.0f} s (see {log_path})")


def stop(home: Path, timeout: float = 60.0) -> bool:
    """Stop the server running in ``home``; False if none was running."""
    running = status(home)
    if running is None:
        return False
    os.kill(running.pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and _alive(running.pid):
        time.sleep(0.2)
    if _alive(running.pid):
        os.kill(running.pid, signal.SIGKILL)
    (home / "state.json").unlink(missing_ok=True)
    return True


def main(argv: list[str] | None = None) -> int:
    """``start`` prints ``export`` lines for metrokg (the password by file, never itself)."""
    parser = argparse.ArgumentParser(prog="python -m devtools.neo4j", description=__doc__)
    parser.add_argument("action", choices=["start", "stop", "status", "build"])
    parser.add_argument("--home", type=Path, default=None, help="server directory")
    parser.add_argument(
        "--tx-memory-mb", type=int, default=TX_MEMORY_MB, help="per-transaction memory limit"
    )
    parser.add_argument(
        "--tx-total-mb", type=int, default=0, help="all transactions' memory (0: 70%% of heap)"
    )
    parser.add_argument("--heap-mb", type=int, default=HEAP_MB, help="JVM heap")
    parser.add_argument("--pagecache-mb", type=int, default=PAGECACHE_MB, help="page cache")
    parser.add_argument(
        "--full-jit", action="store_true", help="optimising JIT and parallel GC (long runs)"
    )
    args = parser.parse_args(argv)
    home = (args.home or default_home()).resolve()
    try:
        if args.action == "build":
            build(quiet=True)
            return 0
        if args.action == "stop":
            print("stopped" if stop(home) else "not running", file=sys.stderr)
            return 0
        server = (
            start(
                home,
                tx_memory_mb=args.tx_memory_mb,
                tx_total_mb=args.tx_total_mb,
                heap_mb=args.heap_mb,
                pagecache_mb=args.pagecache_mb,
                full_jit=args.full_jit,
            )
            if args.action == "start"
            else status(home)
        )
    except (Neo4jStartError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if server is None:
        print("not running", file=sys.stderr)
        return 1
    print(f"export METROKG_GRAPH_URI={server.bolt_uri}")
    print(f"export METROKG_GRAPH_USER={USER}")
    print(f"export METROKG_GRAPH_PASSWORD_FILE={server.password_file}")
    return 0
