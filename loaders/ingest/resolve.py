"""Resolve a unit name read in a report to one GB/T 2260 unit.

One seam: :func:`resolve_unit` (name, the parent unit the text puts it under, the source's
date). Names are looked up in the current gazetteer (:mod:`loaders.gazetteer`, with the seed's
supplement) and read as of the source's date through the division history
(:mod:`loaders.divisions`): a unit whose code did not carry that name in the source's year is
not a candidate, and a name that has since gone (renamed, merged) resolves to the unit that now
holds its area when that is one unit of the gazetteer.
"""

from __future__ import annotations

from functools import lru_cache

from loaders.divisions import HistoricUnit, History, shipped_history
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
    history: History | None = None,
) -> Unit | None:
    """The one unit ``name`` (full or short name) means under ``parent_hint``, else None.

    ``on_date`` (``YYYY[-MM[-DD]]``, the source's date) reads the name as of that year in the
    division history (``None``: as of today, the gazetteer's own date). Same-named units are
    never guessed between: without a parent that decides, an ambiguous name resolves to None.
    """
    gaz = gazetteer if gazetteer is not None else default_gazetteer()
    year = _year(on_date)
    hist = history if history is not None else (shipped_history() if year else None)
    found = list(gaz.by_name.get(name, []))
    if not found:
        found = list(_short_index(gaz).get(name, []))
    if hist is not None and year is not None:
        kept = {u.code: u for u in found if _named_so_in(hist, u, year)}
        for unit in _holders_now(hist, gaz, name, year, set(kept)):
            kept.setdefault(unit.code, unit)
        found = list(kept.values())
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


def _year(on_date: str | None) -> int | None:
    """The year of a ``YYYY[-MM[-DD]]`` date (None when absent or not a date)."""
    if on_date and len(on_date) >= 4 and on_date[:4].isdigit():
        return int(on_date[:4])
    return None


def _named_so_in(history: History, unit: Unit, year: int) -> bool:
    """Whether ``unit``'s code carried its name in ``year`` (a code the history does not know,
    a supplement's unit, is taken as it is)."""
    periods = history.by_code.get(unit.code)
    if not periods:
        return True
    return any(_in_use(history, p, year) and p.name == unit.name for p in periods)


def _in_use(history: History, unit: HistoricUnit, year: int) -> bool:
    """Whether a text of ``year`` may use the unit's name: the code lists are as of 31
    December, so a text of a year of change may still use the list of the year before; a
    year past the history reads its last list."""
    last = history.last_year
    if year > last:
        return unit.valid_in(last)
    return unit.valid_in(year) or unit.valid_in(year - 1)


def _holders_now(
    history: History, gaz: Gazetteer, name: str, year: int, found: set[str]
) -> list[Unit]:
    """For each unit named ``name`` in ``year`` whose code is not among the ``found``
    gazetteer units: the gazetteer unit that now holds its area (when that is one unit)."""
    out: dict[str, Unit] = {}
    for then in history.by_name.get(name, []):
        if then.code in found or not _in_use(history, then, year):
            continue
        now = [gaz.units[u.code] for u in history.current(then) if u.code in gaz.units]
        if len(now) == 1:
            out[now[0].code] = now[0]
    return list(out.values())


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
