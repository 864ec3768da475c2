"""Child process of :mod:`queries.sandbox`: runs one SPARQL query on a read-only Oxigraph store.

Run as ``python -I queries/sandbox_worker.py`` (the parent does this); it imports nothing from
the project, so it works whatever the working directory or ``sys.path``. Protocol: one JSON
request on stdin (``store``, ``query``, ``form``, ``params``, ``row_cap``, ``timeout_s``,
``memory_mb``), one JSON reply line on stdout: either ``{"columns", "rows", "truncated",
"network_blocked"}`` or ``{"error": "<one line>"}``. A crash (stack overflow, memory) leaves no
reply; the parent reads the exit signal and stderr.

Limits, set before the store is opened:

* ``RLIMIT_AS`` = ``memory_mb`` (RocksDB alone reserves ~460 MB of address space here, so the
  parent refuses less than 512 MB); ``RLIMIT_CPU`` just above the time limit; ``RLIMIT_FSIZE`` 0
  (the child cannot grow any file: the read-only store writes nothing, measured) and
  ``RLIMIT_CORE`` 0;
* a wall-clock ``ITIMER_REAL`` with the default ``SIGALRM`` action: the kernel ends the process
  at the time limit even while native code holds the GIL;
* network: a seccomp filter refuses ``socket()`` for every family but ``AF_UNIX`` (and
  ``io_uring``), so even native code (Oxigraph's HTTP client behind ``SERVICE``) cannot open a
  connection; plus an audit hook that refuses Python-level socket and process events. The audit
  hook alone would NOT stop ``SERVICE``: pyoxigraph's HTTP client is native code that Python's
  audit events never see. The static guard (:mod:`queries.guard`) is the first line of defence;
  these are the second and third.
"""

from __future__ import annotations

import ctypes
import json
import math
import platform
import resource
import signal
import sys
from typing import Any, Final

# XSD datatypes whose literals become Python numbers and booleans.
_XSD: Final = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_TYPES: Final = frozenset(
    _XSD + name
    for name in (
        "integer",
        "int",
        "long",
        "short",
        "byte",
        "nonNegativeInteger",
        "positiveInteger",
        "nonPositiveInteger",
        "negativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
        "gYear",  # years as integers, like queries.runner and the property graph
    )
)
_FLOAT_TYPES: Final = frozenset(_XSD + name for name in ("double", "float", "decimal"))
_BOOLEAN: Final = _XSD + "boolean"

_AUDIT_REFUSED: Final = frozenset(
    {
        "socket.connect",
        "socket.getaddrinfo",
        "socket.gethostbyname",
        "socket.gethostbyaddr",
        "socket.bind",
        "socket.sendto",
        "socket.sendmsg",
        "subprocess.Popen",
        "os.system",
        "os.exec",
        "os.posix_spawn",
        "os.spawn",
        "os.fork",
        "os.forkpty",
    }
)

# seccomp / BPF constants (linux/seccomp.h, linux/filter.h, linux/audit.h)
_PR_SET_NO_NEW_PRIVS: Final = 38
_PR_SET_SECCOMP: Final = 22
_SECCOMP_MODE_FILTER: Final = 2
_SECCOMP_RET_ALLOW: Final = 0x7FFF0000
_SECCOMP_RET_EACCES: Final = 0x00050000 | 13
_BPF_LD_W_ABS: Final = 0x20
_BPF_JEQ_K: Final = 0x15
_BPF_JGE_K: Final = 0x35
_BPF_RET_K: Final = 0x06
_AF_UNIX: Final = 1
# machine -> (AUDIT_ARCH, __NR_socket, __NR_io_uring_setup, has the x32 syscall range)
_SYSCALLS: Final = {
    "x86_64": (0xC000003E, 41, 425, True),
    "aarch64": (0xC00000B7, 198, 425, False),
}


class _SockFilter(ctypes.Structure):
    _fields_ = (
        ("code", ctypes.c_ushort),
        ("jt", ctypes.c_ubyte),
        ("jf", ctypes.c_ubyte),
        ("k", ctypes.c_uint32),
    )


class _SockFprog(ctypes.Structure):
    _fields_ = (("len", ctypes.c_ushort), ("filter", ctypes.POINTER(_SockFilter)))


def block_network_syscalls() -> bool:
    """Install a seccomp filter that refuses non-local sockets to this process and its threads.

    Returns:
        Whether the filter is in place (False off Linux, on other machines, or when the kernel
        refuses; the caller reports it).
    """
    if not sys.platform.startswith("linux"):
        return False
    spec = _SYSCALLS.get(platform.machine())
    if spec is None:
        return False
    audit_arch, nr_socket, nr_io_uring_setup, has_x32 = spec
    deny = _SECCOMP_RET_EACCES
    program: list[tuple[int, int, int, int]] = [
        (_BPF_LD_W_ABS, 0, 0, 4),  # A = seccomp_data.arch
        (_BPF_JEQ_K, 1, 0, audit_arch),
        (_BPF_RET_K, 0, 0, deny),  # another ABI (e.g. 32-bit compat): refuse
        (_BPF_LD_W_ABS, 0, 0, 0),  # A = seccomp_data.nr
    ]
    if has_x32:
        program += [(_BPF_JGE_K, 0, 1, 0x40000000), (_BPF_RET_K, 0, 0, deny)]
    program += [
        (_BPF_JEQ_K, 0, 1, nr_io_uring_setup),
        (_BPF_RET_K, 0, 0, deny),
        (_BPF_JEQ_K, 1, 0, nr_socket),
        (_BPF_RET_K, 0, 0, _SECCOMP_RET_ALLOW),
        (_BPF_LD_W_ABS, 0, 0, 16),  # A = low word of args[0]: the address family
        (_BPF_JEQ_K, 0, 1, _AF_UNIX),
        (_BPF_RET_K, 0, 0, _SECCOMP_RET_ALLOW),
        (_BPF_RET_K, 0, 0, deny),
    ]
    filters = (_SockFilter * len(program))(*(_SockFilter(*insn) for insn in program))
    fprog = _SockFprog(len(program), filters)
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            return False
        return bool(
            libc.prctl(_PR_SET_SECCOMP, _SECCOMP_MODE_FILTER, ctypes.byref(fprog), 0, 0) == 0
        )
    except (OSError, AttributeError):
        return False


def _audit(event: str, _args: tuple[Any, ...]) -> None:
    """Refuse Python-level network and process events (second line behind seccomp)."""
    if event in _AUDIT_REFUSED:
        raise PermissionError(f"{event} is not allowed in the query sandbox")


def _set_limits(memory_mb: int, timeout_s: float) -> None:
    """Apply the address-space, CPU, file-size and core-dump limits."""
    cpu = math.ceil(timeout_s) + 2
    wanted = {
        resource.RLIMIT_AS: memory_mb * 1024 * 1024,
        resource.RLIMIT_CPU: cpu,
        resource.RLIMIT_FSIZE: 0,
        resource.RLIMIT_CORE: 0,
    }
    for limit, value in wanted.items():
        _soft, hard = resource.getrlimit(limit)
        if hard != resource.RLIM_INFINITY:
            value = min(value, hard)  # never ask for more than this process may have
        resource.setrlimit(limit, (value, value))


def _plain(term: Any) -> object:
    """Convert a pyoxigraph term to a plain Python value (language tags dropped)."""
    import pyoxigraph

    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return term.value
    if isinstance(term, pyoxigraph.BlankNode):
        return "_:" + term.value
    if isinstance(term, pyoxigraph.Literal):
        datatype = term.datatype.value
        value = term.value
        try:
            if datatype in _INTEGER_TYPES:
                return int(value)
            if datatype in _FLOAT_TYPES:
                return float(value)
        except ValueError:
            return value
        if datatype == _BOOLEAN and value in ("true", "false", "1", "0"):
            return value in ("true", "1")
        return value
    return str(term)


def _term(spec: dict[str, Any]) -> Any:
    """Build the pyoxigraph term for one encoded parameter value."""
    import pyoxigraph

    kind, value = spec["type"], spec["value"]
    if kind == "iri":
        return pyoxigraph.NamedNode(value)
    if kind == "string":
        return pyoxigraph.Literal(value)
    return pyoxigraph.Literal(value, datatype=pyoxigraph.NamedNode(_XSD + kind))


def _one_line(message: object) -> str:
    """First line of a message, at most 300 characters."""
    text = str(message).strip().splitlines()
    line = text[0] if text else ""
    return line if len(line) <= 300 else line[:297] + "..."


def _run(request: dict[str, Any], network_blocked: bool) -> dict[str, Any]:
    """Open the store read-only, run the query, return the reply object."""
    import pyoxigraph

    try:
        store = pyoxigraph.Store.read_only(request["store"])
    except OSError as exc:
        return {"error": "cannot open the store read-only: " + _one_line(exc)}
    substitutions = {
        pyoxigraph.Variable(name): _term(spec) for name, spec in request["params"].items()
    }
    row_cap = int(request["row_cap"])
    result = store.query(request["query"], substitutions=substitutions or None)
    columns: list[str]
    rows: list[dict[str, object]] = []
    truncated = False
    if isinstance(result, pyoxigraph.QueryBoolean):
        columns = ["ask"]
        rows.append({"ask": bool(result)})
    elif isinstance(result, pyoxigraph.QuerySolutions):
        columns = [variable.value for variable in result.variables]
        for solution in result:
            if len(rows) >= row_cap:
                truncated = True
                break
            rows.append({name: _plain(solution[name]) for name in columns})
    else:
        columns = ["subject", "predicate", "object"]
        for triple in result:
            if len(rows) >= row_cap:
                truncated = True
                break
            rows.append(
                {
                    "subject": _plain(triple.subject),
                    "predicate": _plain(triple.predicate),
                    "object": _plain(triple.object),
                }
            )
    return {
        "columns": columns,
        "rows": rows,
        "truncated": truncated,
        "network_blocked": network_blocked,
    }


def main() -> int:
    """Read the request, confine this process, run the query, write the reply.

    Returns:
        The exit status (0 whenever a reply line was written).
    """
    request = json.loads(sys.stdin.buffer.read().decode("utf-8"))
    import pyoxigraph  # noqa: F401  (loaded before the limits, so the import cannot fail on them)

    _set_limits(int(request["memory_mb"]), float(request["timeout_s"]))
    network_blocked = block_network_syscalls()
    sys.addaudithook(_audit)
    # Default action of SIGALRM is to terminate: the kernel enforces the wall-clock limit.
    signal.signal(signal.SIGALRM, signal.SIG_DFL)
    signal.setitimer(signal.ITIMER_REAL, float(request["timeout_s"]))
    reply: dict[str, Any]
    try:
        reply = _run(request, network_blocked)
    except SyntaxError as exc:
        reply = {"error": "SPARQL syntax error: " + _one_line(exc.msg or exc)}
    except MemoryError:
        reply = {"error": f"memory limit of {request['memory_mb']} MB reached"}
    except OSError as exc:
        message = _one_line(exc)
        if exc.errno == 13 or "os error 13" in message:  # EACCES from the seccomp filter
            message = f"network access is not allowed in the query sandbox ({message})"
        reply = {"error": message}
    except Exception as exc:  # the engine's errors arrive as ValueError, RuntimeError, ...
        reply = {"error": _one_line(exc) or type(exc).__name__}
    signal.setitimer(signal.ITIMER_REAL, 0)
    sys.stdout.buffer.write(json.dumps(reply, ensure_ascii=False).encode("utf-8") + b"\n")
    sys.stdout.buffer.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
