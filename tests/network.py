"""A loopback listener that records connection attempts: the tests' stand-in for the network.

Every hostile query that could reach out (``SERVICE``, ``LOAD CSV FROM 'http:…'``, a remote
JSON-LD context) is pointed at it; a test then asserts that it recorded none.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass
class Listener:
    """A TCP listener on 127.0.0.1 that records every connection attempt."""

    port: int
    connections: list[str] = field(default_factory=list)


@contextlib.contextmanager
def listening() -> Iterator[Listener]:
    """A thread accepting (and recording) connections on a free loopback port."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(64)
    sock.settimeout(0.05)
    state = Listener(port=sock.getsockname()[1])
    stop = threading.Event()

    def accept() -> None:
        while not stop.is_set():
            try:
                connection, address = sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            state.connections.append(str(address))
            connection.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        stop.set()
        thread.join(timeout=5)
        sock.close()
