"""What the explorer derives from a store generation, kept on disk beside the data.

A generation never changes once ``metrokg load`` has written it, so what is derived from it
(the label index; see :func:`app.explorer.backend.build_index`) is computed once and read back
by every later explorer process: at ~1M triples the index takes seconds to build, a fraction
of one to read. Files live in ``<data dir>/cache/explorer/<generation>/``, each a JSON object
``{"key": …, "value": …}``; the key hashes the format and the queries the value comes from, so
an edited query or another format is a miss (computed again, then stored). A file that cannot
be read or written (a read-only or full disk) is ignored: the cache changes times, never
results. Directories of generations that no longer exist are removed when a new one is written.
"""

from __future__ import annotations

import contextlib
import hashlib
import shutil
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from loaders.derived_cache import json_at
from loaders.rdfstore import rdf_dir

#: Bump when the stored form of any cached value changes.
FORMAT = "1"


def cache_root(data_dir: Path) -> Path:
    """``<data dir>/cache/explorer``."""
    return data_dir / "cache" / "explorer"


def key_of(name: str, sources: Iterable[str]) -> str:
    """SHA-256 (hex) of ``name``, the format and the texts the value is derived with."""
    digest = hashlib.sha256(f"{name}\0{FORMAT}\0".encode())
    for text in sources:
        digest.update(text.encode("utf-8") + b"\0")
    return digest.hexdigest()


def cached(data_dir: Path, generation: str, name: str, key: str, compute: Callable[[], Any]) -> Any:
    """The JSON value ``name`` of ``generation`` stored under ``key``, else ``compute()``
    (then stored)."""
    computed = False

    def compute_and_note() -> Any:
        nonlocal computed
        computed = True
        return compute()

    value = json_at(cache_root(data_dir) / generation / f"{name}.json", key, compute_and_note)
    if computed:  # a new entry: the caches of generations gone since go
        with contextlib.suppress(OSError):
            _forget_gone_generations(data_dir)
    return value


def _forget_gone_generations(data_dir: Path) -> None:
    stores = rdf_dir(data_dir) / "stores"
    for home in cache_root(data_dir).iterdir():
        if home.is_dir() and not (stores / home.name).exists():
            shutil.rmtree(home, ignore_errors=True)
