"""Resolve a unit name read in a report to one GB/T 2260 unit.

One seam: :func:`resolve_unit` (name, the parent unit the text puts it under, the source's
date). Today it resolves against the current gazetteer (:mod:`loaders.gazetteer`, with the
seed's supplement); a date-aware resolver over the division history plugs in here later,
which is why ``on_date`` is already taken.
"""

from __future__ import annotations

from functools import lru_cache

from loaders.gazetteer import Gazetteer, Unit

SUFFIXES = ("市", "省", "地区", "盟", "自治州")


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The packaged gazetteer (without the seed's supplement)."""
    return Gazetteer.from_package()


def short_name(unit: Unit) -> str | None:
    """A prefecture's or province's name without its suffix (南京市 → 南京), if 2+ chars."""
    if unit.level == "county":
        return None
    for suffix in SUFFIXES:
        if unit.name.endswith(suffix) and len(unit.name) - len(suffix) >= 2:
            return unit.name[: -len(suffix)]
    return None


def under(unit: Unit, parent: Unit) -> bool:
    """Whether ``unit`` lies (directly or through a prefecture) under ``parent``."""
    if parent.level == "province":
        return unit.code[:2] == parent.code[:2] and unit.code != parent.code
    if parent.level == "prefecture":
        return unit.parent_code == parent.code
    return False


def resolve_unit(
    name: str,
    parent_hint: Unit | None,
    on_date: str | None = None,
    gazetteer: Gazetteer | None = None,
) -> Unit | None:
    """The one unit ``name`` (full or short name) means under ``parent_hint``, else None.

    ``on_date`` (``YYYY-MM[-DD]``, the source's date) is accepted for the date-aware resolver
    to come; the current gazetteer answers as of its own date. Same-named units are never
    guessed between: without a parent that decides, an ambiguous name resolves to None.
    """
    del on_date  # the current gazetteer has one date; see the module docstring
    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    found = list(gaz.by_name.get(name, []))
    if not found:
        found = list(_short_index(gaz).get(name, []))
    provinces = [u for u in found if u.level == "province"]
    if len(provinces) == 1:
        return provinces[0]  # a province's name means the province (重庆市, not its 500100)
    if parent_hint is not None:
        inside = [u for u in found if under(u, parent_hint)]
        if not inside and parent_hint.level != "province":
            province = gaz.units.get(parent_hint.code[:2] + "0000")
            inside = [u for u in found if province is not None and under(u, province)]
        if inside or any(u.level == "county" for u in found):
            found = inside
    if len(found) == 1:
        return found[0]
    prefectures = [u for u in found if u.level != "county"]
    if parent_hint is None and len(prefectures) == 1:
        return prefectures[0]
    return None


_SHORT: dict[int, dict[str, list[Unit]]] = {}


def _short_index(gaz: Gazetteer) -> dict[str, list[Unit]]:
    index = _SHORT.get(id(gaz))
    if index is None:
        index = {}
        for unit in gaz.units.values():
            short = short_name(unit)
            if short:
                index.setdefault(short, []).append(unit)
        _SHORT[id(gaz)] = index
    return index
