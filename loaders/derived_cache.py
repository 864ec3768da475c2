"""A cache of derived, read-only inputs (the skolemised ontology as triples), kept in the data
directory under ``cache/`` and keyed by the SHA-256 of everything the value is derived from.

A value is read back only when its key matches, so an edited input, another rdflib or another
format of the cache is simply a miss (computed again, then stored); a cache that cannot be read
or written (a read-only or full disk) is ignored. A cached value is always what computing it
gives (the tests compare them), so the cache never changes a result, only its time.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from loaders.paths import default_data_dir

#: Bump when the stored form of any cached value changes.
FORMAT = "1"


def cache_dir() -> Path:
    """``<data directory>/cache``."""
    return default_data_dir() / "cache"


def key_of(name: str, files: Iterable[Path], extra: Iterable[str] = ()) -> str:
    """SHA-256 (hex) of ``name``, the cache format, ``extra`` and the files' names and bytes."""
    digest = hashlib.sha256(f"{name}\0{FORMAT}\0".encode())
    for part in extra:
        digest.update(part.encode("utf-8") + b"\0")
    for path in files:
        digest.update(path.name.encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def cached_json(name: str, key: str, compute: Callable[[], Any]) -> Any:
    """The JSON value stored as ``name`` under ``key``, else ``compute()`` (then stored)."""
    return json_at(cache_dir() / f"{name}.json", key, compute)


def json_at(path: Path, key: str, compute: Callable[[], Any]) -> Any:
    """The JSON value stored in ``path`` under ``key``, else ``compute()`` (then stored there,
    atomically; a stale, corrupt or unwritable entry counts as a miss)."""
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        if isinstance(stored, dict) and stored.get("key") == key:
            return stored["value"]
    except (OSError, ValueError, KeyError):
        pass
    value = compute()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"key": key, "value": value}, ensure_ascii=False), "utf-8")
        os.replace(tmp, path)  # atomic: a reader sees the old entry or the new one
    except OSError:
        pass
    return value
