"""Which store generation readers open (see :mod:`loaders.rdfstore` for the layout).

Kept apart from the writer so that a reader — ``metrokg query``, ``sparql``, the explorer —
opens the current generation without importing rdflib or the mapper.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # imported by the commands that open a store, not by `metrokg --help`
    import pyoxigraph as ox


class StoreError(RuntimeError):
    """The store is missing, busy or broken; the message says which."""


def rdf_dir(data_dir: Path) -> Path:
    """The folder holding the store generations."""
    return data_dir / "rdf"


def current_generation(data_dir: Path) -> str | None:
    """The name of the generation readers should open, or None before the first load."""
    pointer = rdf_dir(data_dir) / "CURRENT"
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    return name or None


def current_store_path(data_dir: Path) -> Path:
    """Path of the current generation, or :class:`StoreError` when nothing was loaded."""
    name = current_generation(data_dir)
    if name is None:
        raise StoreError(
            f"{data_dir} 中尚未加载数据，请先运行 `metrokg load` / no graph loaded in "
            f"{data_dir} yet; run `metrokg load` first"
        )
    path = rdf_dir(data_dir) / "stores" / name
    if not path.is_dir():
        raise StoreError(
            f"当前存储 {path} 不存在，请重新运行 `metrokg load` / the current store {path} is "
            "missing; run `metrokg load` again"
        )
    return path


def open_read_only(data_dir: Path) -> ox.Store:
    """Open the current generation read-only (a frozen snapshot)."""
    import pyoxigraph as ox

    return ox.Store.read_only(str(current_store_path(data_dir)))
