"""A cache of derived, read-only inputs (the skolemised ontology as triples, the vendored
division history as validated rows), kept in the data directory under ``cache/`` and keyed by
the SHA-256 of everything the value is derived from.

An entry is two lines: a header (the key and the SHA-256 of the value's text), then the value as
JSON. It is read back only when its key matches and its value has the digest it was stored
with, so an edited input, another rdflib, another format of the cache, or an entry damaged or
edited by hand is simply a miss (computed again, then stored); a cache that cannot be read or
written (a read-only or full disk) is ignored. A cached value is always what computing it gives
(the tests compare them), so the cache never changes a result, only its time. Deleting
``cache/`` is always safe.
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
FORMAT = "2"


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
    path = cache_dir() / f"{name}.json"
    try:
        header, _, text = path.read_bytes().partition(b"\n")
        stored = json.loads(header)
        if (
            isinstance(stored, dict)
            and stored.get("key") == key
            and stored.get("digest") == hashlib.sha256(text).hexdigest()
        ):
            return json.loads(text)
    except (OSError, ValueError):
        pass
    value = compute()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        text = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        header = json.dumps({"key": key, "digest": hashlib.sha256(text).hexdigest()}).encode()
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        tmp.write_bytes(header + b"\n" + text)
        os.replace(tmp, path)  # atomic: a reader sees the old entry or the new one
    except OSError:
        pass
    return value
