"""An in-memory copy of a store generation, for the explorer's reads.

Oxigraph on disk reads through RocksDB; the same questions on an in-memory Oxigraph store
holding the same triples answer 1.3–6× faster at ~1M triples (``bench/run.py`` times both).
The explorer is a long-lived process that reads one generation many times, so it copies the
generation it opened into memory in a background thread and answers from the copy once the
copy is complete and counted. Until then, and for a store larger than the limit, it reads the
store on disk. ``metrokg query`` and the console's sandbox read the disk store (a copy costs
more than one answer).

The limit is ``$METROKG_MEMORY_COPY_LIMIT`` triples (default 5,000,000, about 2.3 GB of
memory; ``0`` turns the copy off). At 1M triples the copy takes about 10 s and 450 MB.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass

import pyoxigraph as ox

LIMIT_VARIABLE = "METROKG_MEMORY_COPY_LIMIT"
DEFAULT_LIMIT = 5_000_000
#: How much lower the copying thread's scheduling priority is (nice steps).
NICENESS = 10


def limit_from_env() -> int:
    """The most triples the explorer copies into memory (``$METROKG_MEMORY_COPY_LIMIT``).

    Raises:
        ValueError: the variable is set to something other than a whole number ≥ 0.
    """
    raw = os.environ.get(LIMIT_VARIABLE, "").strip()
    if not raw:
        return DEFAULT_LIMIT
    if not (raw.isascii() and raw.isdigit()):
        raise ValueError(
            f"{LIMIT_VARIABLE}={raw!r}: give a whole number of triples (0 turns the copy off)"
        )
    return int(raw)


def copy_of(store: ox.Store) -> ox.Store:
    """An in-memory store holding every quad of ``store``, checked by count.

    Raises:
        RuntimeError: the copy holds a different number of quads than ``store``.
    """
    data = store.dump(format=ox.RdfFormat.N_QUADS)
    copy = ox.Store()
    copy.bulk_load(data, format=ox.RdfFormat.N_QUADS, lenient=True)
    del data
    if len(copy) != len(store):
        raise RuntimeError(f"the memory copy holds {len(copy)} quads, the store {len(store)}")
    return copy


def lower_priority() -> None:
    """Give the calling thread (and the threads Oxigraph starts from it) the scheduling
    priority :data:`NICENESS` below the process's, so that pages answered meanwhile keep the
    processor; on Linux a thread has a priority of its own. Where that is not possible, nothing
    changes."""
    try:
        thread = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, thread, os.getpriority(os.PRIO_PROCESS, 0) + NICENESS)
    except (AttributeError, OSError):
        return


@dataclass
class _Job:
    generation: str
    done: threading.Event
    copy: ox.Store | None = None
    error: str | None = None


class MemoryCopies:
    """Copies of store generations made in the background, one generation at a time."""

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self._lock = threading.Lock()
        self._job: _Job | None = None

    def request(self, generation: str, store: ox.Store) -> bool:
        """Start copying ``store`` (generation ``generation``) in the background unless it is
        being copied or the copy is off; True when a copy was asked for. A store larger than
        the limit (counted in the background too: at 1M counting takes about half a second) is
        not copied."""
        if self.limit <= 0:
            return False
        with self._lock:
            if self._job is not None and self._job.generation == generation:
                return True
            job = _Job(generation, threading.Event())
            self._job = job
        threading.Thread(
            target=self._run, args=(job, store), name=f"memory-copy-{generation}", daemon=True
        ).start()
        return True

    def _run(self, job: _Job, store: ox.Store) -> None:
        lower_priority()
        try:
            if len(store) <= self.limit:
                copy = copy_of(store)
                with self._lock:
                    if self._job is job:  # a newer generation may have replaced it meanwhile
                        job.copy = copy
        except (OSError, RuntimeError, ValueError, MemoryError) as exc:
            job.error = f"{type(exc).__name__}: {exc}"
        job.done.set()

    def ready(self, generation: str) -> ox.Store | None:
        """The finished copy of ``generation``, or None (not asked for, not done, failed)."""
        with self._lock:
            job = self._job
        if job is None or job.generation != generation or not job.done.is_set():
            return None
        return job.copy

    def wait(self, generation: str, timeout: float) -> ox.Store | None:
        """Wait up to ``timeout`` seconds for the copy of ``generation``; the copy or None."""
        with self._lock:
            job = self._job
        if job is None or job.generation != generation:
            return None
        job.done.wait(timeout)
        return self.ready(generation)

    def failure(self, generation: str) -> str | None:
        """Why the copy of ``generation`` failed (reads stay on disk), or None."""
        with self._lock:
            job = self._job
        return job.error if job is not None and job.generation == generation else None
