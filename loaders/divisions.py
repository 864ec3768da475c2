"""China's administrative divisions over time: units with their validity and the changes
between them, from the vendored history (``vendor/divisions/``, see its README and licences).

A year means "as of 31 December" (the yearly GB/T 2260 code lists): a unit with ``start`` 2018 and
``end`` 2025 is in the lists of 2018 … 2024. ``resolve(path, on)`` finds the unit a path named on a
date (the report's names are of 2024: :data:`SOURCE_YEAR`); ``today`` follows successors to the
units valid now. Nothing is fetched at run time; the files are read once and validated.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import cache, cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from loaders.errors import InputError, InputProblem, Location, display_path
from loaders.gazetteer import MUNICIPALITIES, Level, ResolutionError, path_parts, walk_down

VENDOR_DIR = Path(__file__).resolve().parents[1] / "vendor" / "divisions"
UNITS_FILE = "units.csv"
EVENTS_FILE = "events.json"
SOURCE_YEAR = 2024
TODAY = "today"
ChangeKind = Literal[
    "abolished", "established", "renamed", "code_changed", "parent_changed", "territory_changed"
]
CHANGE_KINDS: tuple[str, ...] = ChangeKind.__args__  # type: ignore[attr-defined]


class HistoricUnit(BaseModel):
    """One code in one validity period (a row of ``units.csv``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=r"^\d{6}$")
    start: int = Field(ge=1981)
    end: int | None = None
    name: str = Field(min_length=1)
    level: Level
    province: str
    parent: str
    successors: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """The row's identity: code and first year (``500105@1997``)."""
        return f"{self.code}@{self.start}"

    def valid_in(self, year: int) -> bool:
        """Whether the unit is in the code list of ``year`` (as of 31 December)."""
        return self.start <= year and (self.end is None or self.end > year)


class UnitChange(BaseModel):
    """One change an event makes: its kind, the units before and after (row keys)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: ChangeKind
    old: tuple[str, ...] = ()
    new: tuple[str, ...] = ()


class ChangeEvent(BaseModel):
    """An approval (or notice) and the unit changes it made, in the year they took effect."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    year: int
    title: str
    document: str | None = None
    date: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    date_text: str | None = None
    source: str | None = None
    text: str = ""
    origin: str
    changes: tuple[UnitChange, ...]

    @property
    def key(self) -> str:
        """A stable key: the year and the place in its original file."""
        return f"{self.year}-{self.origin.rsplit('/', 1)[-1].replace(':', '-').replace(' ', '-')}"


@dataclass
class History:
    """All units over time and all change events, indexed."""

    units: dict[str, HistoricUnit] = field(default_factory=dict)  # by key
    events: list[ChangeEvent] = field(default_factory=list)
    by_code: dict[str, list[HistoricUnit]] = field(default_factory=dict)
    by_name: dict[str, list[HistoricUnit]] = field(default_factory=dict)
    # the changes of every unit key, and how many events they were made of (see changes_of)
    _changes_index: tuple[int, dict[str, list[tuple[ChangeEvent, UnitChange]]]] | None = field(
        default=None, init=False, repr=False, compare=False
    )

    def add(self, unit: HistoricUnit) -> None:
        self.units[unit.key] = unit
        self.by_code.setdefault(unit.code, []).append(unit)
        self.by_name.setdefault(unit.name, []).append(unit)

    @cached_property
    def last_year(self) -> int:
        """The year of the newest code list (read once; the history is not added to after)."""
        return max(u.start for u in self.units.values())

    def unit_on(self, code: str, year: int) -> HistoricUnit | None:
        """The unit holding ``code`` in the list of ``year``."""
        return next((u for u in self.by_code.get(code, []) if u.valid_in(year)), None)

    def latest(self, code: str) -> HistoricUnit:
        """The last unit that held ``code``."""
        return max(self.by_code[code], key=lambda u: u.start)

    def iri_key(self, unit: HistoricUnit) -> str:
        """How the unit is keyed in the graph: the code for the last holder of a code (the
        gazetteer's units keep their IRIs), ``code-start`` for earlier holders."""
        return unit.code if self.latest(unit.code) is unit else f"{unit.code}-{unit.start}"

    def parent_on(self, unit: HistoricUnit, year: int) -> HistoricUnit | None:
        """The containing unit in ``year``: the prefecture, else the province."""
        if unit.level == "province":
            return None
        if unit.level == "county":
            found = self.unit_on(unit.code[:4] + "00", year)
            if found is not None:
                return found
        return self.unit_on(unit.code[:2] + "0000", year)

    def successors(self, unit: HistoricUnit) -> list[HistoricUnit]:
        """The units that took over an ended unit's area (none while it is valid): the
        successor codes of the list, else the units its ending change names."""
        if unit.end is None:
            return []
        out: dict[str, HistoricUnit] = {}
        for code in unit.successors:
            succ = self.unit_on(code, unit.end) or self.latest(code)
            if succ.key != unit.key:
                out[succ.key] = succ
        if not out:
            for _event, change in self.changes_of(unit):
                if change.kind != "established" and unit.key in change.old:
                    out.update({k: self.units[k] for k in change.new if k != unit.key})
        return sorted(out.values(), key=lambda u: u.key)

    def current(self, unit: HistoricUnit) -> list[HistoricUnit]:
        """The valid units an (ended) unit's area belongs to now, following successors."""
        seen: set[str] = set()
        out: list[HistoricUnit] = []
        todo = [unit]
        while todo:
            u = todo.pop()
            if u.key in seen:
                continue
            seen.add(u.key)
            if u.end is None:
                out.append(u)
            else:
                todo.extend(self.successors(u))
        return sorted(out, key=lambda u: u.code)

    def changes_of(self, unit: HistoricUnit) -> Iterator[tuple[ChangeEvent, UnitChange]]:
        """Every change that used or generated ``unit``, oldest first."""
        yield from self._changes_by_unit().get(unit.key, ())

    def _changes_by_unit(self) -> dict[str, list[tuple[ChangeEvent, UnitChange]]]:
        """The changes of every unit key, in event order; made again when events were added."""
        cached = self._changes_index
        if cached is not None and cached[0] == len(self.events):
            return cached[1]
        index: dict[str, list[tuple[ChangeEvent, UnitChange]]] = {}
        for event in self.events:
            for change in event.changes:
                for key in dict.fromkeys((*change.old, *change.new)):
                    index.setdefault(key, []).append((event, change))
        self._changes_index = (len(self.events), index)
        return index

    def children_on(self, parent: HistoricUnit, name: str, year: int) -> list[HistoricUnit]:
        """Units named ``name`` valid in ``year`` directly under ``parent``."""
        out = []
        for u in self.by_name.get(name, []):
            if not u.valid_in(year) or u.code == parent.code:
                continue
            p = self.parent_on(u, year)
            direct = p is not None and p.key == parent.key
            # a county of a municipality (or directly under a province) also resolves by its
            # province's name, as the gazetteer does
            under_province = (
                parent.level == "province"
                and u.level == "county"
                and u.code[:2] == parent.code[:2]
                and (parent.code[:2] in MUNICIPALITIES or p is None or p.level == "province")
            )
            if direct or under_province:
                out.append(u)
        return out

    def resolve(self, path: str, year: int) -> HistoricUnit:
        """Resolve a unit path (``重庆市/江北区``) to the unit so named in ``year``."""
        parts = path_parts(path)
        provinces = [
            u for u in self.by_name.get(parts[0], []) if u.level == "province" and u.valid_in(year)
        ]
        if len(provinces) != 1:
            raise ResolutionError(f"{parts[0]!r} is not a provincial-level unit in {year}")
        return walk_down(
            provinces[0], parts[1:], lambda u, name: self.children_on(u, name, year), f" in {year}"
        )

    def related(self, codes: set[str]) -> tuple[list[HistoricUnit], list[ChangeEvent]]:
        """The part of the history that concerns ``codes``: every unit that held one of them,
        every event that changed such a unit (with only those of its changes, and the units they
        name), and the parents and successors these need (so every link stays inside)."""
        seeds = {u.key for code in codes for u in self.by_code.get(code, [])}
        keys = set(seeds)
        events = []
        for event in self.events:
            mine = tuple(c for c in event.changes if seeds.intersection((*c.old, *c.new)))
            if mine:
                events.append(event.model_copy(update={"changes": mine}))
                keys.update(k for c in mine for k in (*c.old, *c.new))
        todo = list(keys)
        while todo:
            unit = self.units[todo.pop()]
            parent = self.parent_on(unit, (unit.end or unit.start + 1) - 1)
            for other in ([parent] if parent else []) + self.successors(unit):
                if other.key not in keys:
                    keys.add(other.key)
                    todo.append(other.key)
        return [u for k, u in self.units.items() if k in keys], events

    def events_per_year(self) -> dict[int, int]:
        """How many change events each year has."""
        counts: dict[int, int] = {}
        for event in self.events:
            counts[event.year] = counts.get(event.year, 0) + 1
        return counts


def _problem(path: Path, line: int | None, message: str, value: object = None) -> InputProblem:
    return InputProblem(
        Location(display_path(path), line, None, None),
        message,
        None if value is None else str(value),
    )


def read_history(directory: Path = VENDOR_DIR) -> History:
    """Read and validate the vendored history.

    Raises:
        InputError: naming file and line of every bad row (nothing is returned half-read).
    """
    problems: list[InputProblem] = []
    history = History()
    units_path = directory / UNITS_FILE
    events_path = directory / EVENTS_FILE
    for path in (units_path, events_path):
        if not path.is_file():
            raise InputError([_problem(path, None, "vendored division history not found")])
    with units_path.open(encoding="utf-8", newline="") as f:
        lines = f.read().splitlines()
    body = [line for line in lines if not line.startswith("#")]
    offset = len(lines) - len(body)
    for number, row in enumerate(csv.DictReader(body), start=offset + 2):
        try:
            unit = HistoricUnit(
                code=row["code"],
                start=int(row["start"]),
                end=int(row["end"]) if row["end"] else None,
                name=row["name"],
                level=row["level"],  # type: ignore[arg-type]
                province=row["province"],
                parent=row["parent"],
                successors=tuple(
                    s.split("[")[0] for s in row["successors"].split(";") if s and "[" not in s
                ),
            )
        except (ValidationError, ValueError, KeyError) as exc:
            problems.append(_problem(units_path, number, f"bad unit row: {exc}".splitlines()[0]))
            continue
        history.add(unit)
    try:
        raw = json.loads(events_path.read_text(encoding="utf-8"))
        records = raw["events"]
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        problem = _problem(events_path, None, f"not a division event file: {exc}")
        raise InputError([problem]) from exc
    for index, record in enumerate(records):
        try:
            event = ChangeEvent.model_validate(record)
        except ValidationError as exc:
            problems.append(
                _problem(events_path, None, f"event {index}: {exc.errors()[0]['msg']}", index)
            )
            continue
        for change in event.changes:
            for key in (*change.old, *change.new):
                if key not in history.units:
                    problems.append(
                        _problem(events_path, None, f"event {index}: unknown unit {key}", key)
                    )
        history.events.append(event)
    if problems:
        raise InputError(problems)
    return history


@cache
def shipped_history() -> History:
    """The vendored history, read once per process."""
    return read_history(VENDOR_DIR)


def year_of(on: date | int | str) -> int | None:
    """The list year a date falls in (None for ``today``)."""
    if isinstance(on, date):
        return on.year
    if isinstance(on, int):
        return on
    if on == TODAY:
        return None
    if on.isdigit() and len(on) == 4:
        return int(on)
    raise ValueError(f"not a date: {on!r} (a year such as 2024, or {TODAY!r})")


def _last_named(history: History, path: str, latest: int) -> HistoricUnit:
    """The last unit a path named (for ``today``, a path whose unit has since ended)."""
    for year in range(latest - 1, 1980, -1):
        try:
            return history.resolve(path, year)
        except ResolutionError:
            continue
    raise ResolutionError(f"{path!r} names no unit in any year since 1981")


def resolve(name_or_path: str, on: date | int | str = SOURCE_YEAR) -> list[HistoricUnit]:
    """Resolve a unit path (``重庆市/江北区``) or a 6-digit code as named on ``on``.

    ``on`` is a date, a year, or ``"today"``. The path is resolved in the code list of that year
    (``today``: the latest); for ``today`` a path or code naming a unit that has since ended
    gives the units now valid in its place (江北区 → 两江新区). Raises ``ResolutionError``.
    """
    history = shipped_history()
    year = year_of(on)
    latest = history.last_year
    lookup_year = latest if year is None else year
    if name_or_path.isdigit() and len(name_or_path) == 6:
        unit = history.unit_on(name_or_path, lookup_year)
        if unit is None and year is None and name_or_path in history.by_code:
            unit = history.latest(name_or_path)
        if unit is None:
            raise ResolutionError(f"no unit with code {name_or_path} in {lookup_year}")
    else:
        try:
            unit = history.resolve(name_or_path, lookup_year)
        except ResolutionError:
            if year is not None:
                raise
            unit = _last_named(history, name_or_path, lookup_year)
    return history.current(unit) if year is None else [unit]
