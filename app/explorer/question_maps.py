"""Maps for the questions page: the units a question's rows name, drawn as their polygons.

Which questions name units is read from the question's ``#+`` header, not from a list of
names: a declared column ``code`` or ``<stem>_code`` holds GB/T 2260 division codes, and the
unit's name is in the column beside it (``unit`` or ``name`` for ``code``, ``<stem>`` for
``<stem>_code``). Rows that give a scope role (a ``role`` column) shade the units by role, a
``coverage`` other than the whole unit draws them as partial (lighter, dashed); otherwise the
units are shaded by the column that names them (members and successors, units before and
after a change). The central city of every area the rows or the parameters name is marked.
A result of documents linking units (``county-links``) is drawn by :func:`geo.links_map`, a
line between each linked pair. The drawing itself is :func:`geo.area_map`: province
outlines, the 示意图 label, a unit without a boundary as a counted point.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

import pandas as pd
import pyoxigraph as ox

from app.explorer import geo, qa
from app.explorer.backend import Index, PerStore, index_of, select
from app.explorer.charts import ROLE_COLOURS
from app.explorer.i18n import Lang, tr
from ontology.namespaces import MKG, VOC, VOC_BASE
from queries.catalogue import Question
from queries.explorer_queries import explorer_query

CODE_COLUMN = re.compile(r"^(?:(?P<stem>[a-z][a-z0-9_]*?)_)?code$")
DIVISION_CODE = re.compile(r"^\d{6}$")
ROLE_BASE = VOC_BASE + "role/"
COVERAGE_WHOLE = str(VOC["coverage/whole"])
# fills of the groups of a result without scope roles, in the order of the header's columns
GROUP_COLOURS = ("#4c78a8", "#f58518", "#54a24b", "#b279a2", "#9d755d")
_CODE_POINTS = explorer_query("code-points")
_CENTRAL_POINTS = explorer_query("central-points")


@dataclass(frozen=True)
class UnitColumn:
    """A column of division codes and the column naming the same unit (if the header has one)."""

    code: str
    name: str | None


def unit_columns(question: Question) -> list[UnitColumn]:
    """The division-code columns the question's header declares, with their name columns."""
    found = []
    for column, kind in question.columns.items():
        match = CODE_COLUMN.match(column)
        if match is None or kind != "string":
            continue
        stem = match.group("stem")
        candidates = [stem] if stem else ["unit", "name"]
        name = next((c for c in candidates if c in question.columns), None)
        found.append(UnitColumn(column, name))
    return found


def area_parameters(question: Question) -> list[str]:
    """The parameters whose values are areas (their choices are the ``areas`` question's)."""
    return [p.name for p in question.parameters if p.choices == "areas"]


def names_units(question: Question) -> bool:
    """True when the question's rows name units (division codes, or linked units' lists)."""
    return bool(unit_columns(question)) or question.columns.get("units") == "list"


@dataclass(frozen=True)
class Places:
    """Where units are: coordinates by division code and by IRI, central cities by area name,
    special zones (which have no division code) by Chinese name."""

    by_code: dict[str, tuple[str, float, float]]
    by_iri: dict[str, tuple[float, float]]
    centres: dict[str, list[tuple[str, float, float]]]
    zones: dict[str, str]


def read_places(store: ox.Store) -> Places:
    """The :class:`Places` of ``store`` (use :data:`places_of`, which reads them once)."""
    index = index_of(store)
    by_code: dict[str, tuple[str, float, float]] = {}
    by_iri: dict[str, tuple[float, float]] = {}
    for row in select(store, _CODE_POINTS):
        lat, lon = float(row["lat"]), float(row["long"])
        by_code.setdefault(str(row["code"]), (str(row["u"]), lat, lon))
        by_iri[str(row["u"])] = (lat, lon)
    centres: dict[str, list[tuple[str, float, float]]] = {}
    for row in select(store, _CENTRAL_POINTS):
        centre = (str(row["c"]), float(row["lat"]), float(row["long"]))
        centres.setdefault(index.label(str(row["a"]), "zh"), []).append(centre)
    zone = str(MKG.SpecialZone)
    zones = {index.label(iri, "zh"): iri for iri, types in index.types.items() if zone in types}
    return Places(by_code, by_iri, centres, zones)


places_of = PerStore(read_places)
"""The :class:`Places` of a store, read once per store object."""


def _located(iri: str, index: Index, places: Places) -> tuple[float, float] | None:
    """The coordinates of ``iri``, else those of the nearest unit holding it (or a zone's
    unit it lies in)."""
    if iri in places.by_iri:
        return places.by_iri[iri]
    seen: set[str] = set()
    todo = list(index.places.get(iri, ()))
    while todo:
        current = todo.pop(0)
        if current in seen:
            continue
        seen.add(current)
        if current in places.by_iri:
            return places.by_iri[current]
        todo.extend(index.places.get(current, ()))
    return None


def _roles(index: Index, lang: Lang) -> dict[str, tuple[str, str]]:
    """Scope roles by their Chinese label (as the rows give them): (key, label in ``lang``)."""
    return {
        index.label(iri, "zh"): (iri.removeprefix(ROLE_BASE), index.label(iri, lang))
        for iri in index.labels
        if iri.startswith(ROLE_BASE)
    }


def unit_rows(
    store: ox.Store, question: Question, result: qa.Result, lang: Lang
) -> tuple[pd.DataFrame, int]:
    """The units ``result`` names, one row each, as :func:`geo.area_map` takes them (central
    cities of the areas named included), and how many of them have no place at all."""
    index = index_of(store)
    places = places_of(store)
    roles = _roles(index, lang)
    whole = index.label(COVERAGE_WHOLE, "zh")
    order = {key: i for i, key in enumerate(ROLE_COLOURS)}
    columns = unit_columns(question)
    units: dict[str, dict[str, Any]] = {}
    unplaced: set[str] = set()
    candidates: list[tuple[tuple[int, int, int], str, dict[str, Any]]] = []
    for position, row in enumerate(result.rows):
        for rank, column in enumerate(columns):
            code = str(row.get(column.code) or "")
            named = str(row.get(column.name) or "") if column.name else ""
            if DIVISION_CODE.match(code):
                iri = geo.UNIT_PREFIX + code
            elif not code and named in places.zones:  # a special zone: no code, drawn by name
                iri = places.zones[named]
            else:
                continue
            role = str(row.get("role") or "") if column.code == "code" else ""
            if role in roles:
                key, label = roles[role]
                coverage = str(row.get("coverage") or "")
                partial = bool(coverage) and coverage != whole
            else:
                key = f"column:{column.code}"
                label = question.column_label(column.name or column.code, lang)
                partial = False
            unit: dict[str, Any] = {"code": code, "name": named, "role": label}
            unit.update(role_key=key, partial=partial)
            candidates.append(((order.get(key, len(order) + rank), position, rank), iri, unit))
    # a unit named in several rows is drawn once, in its strongest role (core first)
    for _, iri, unit in sorted(candidates, key=lambda c: c[0]):
        if iri in units or iri in unplaced:
            continue
        place = _located(iri, index, places)
        if place is None:
            unplaced.add(iri)
            continue
        name = index.label(iri, lang) if index.has_label(iri) else unit["name"] or unit["code"]
        units[iri] = {
            **unit,
            "iri": iri,
            "name": name,
            "lat": place[0],
            "lon": place[1],
            "central": False,
        }
    areas = {str(r.get("area")) for r in result.rows if r.get("area")}
    given = dict(result.params)
    areas |= {str(given[p]) for p in area_parameters(question) if given.get(p)}
    centres = {}
    for area in sorted(areas):
        for iri, lat, lon in places.centres.get(area, []):
            centres[iri] = {
                "code": "",
                "iri": iri,
                "name": index.label(iri, lang),
                "role": "",
                "role_key": "central",
                "partial": False,
                "lat": lat,
                "lon": lon,
                "central": True,
            }
    frame = pd.DataFrame(
        [*units.values(), *centres.values()],
        columns=["code", "iri", "name", "role", "role_key", "partial", "lat", "lon", "central"],
    )
    return frame, len(unplaced)


def question_map(
    store: ox.Store, question: Question, result: qa.Result, lang: Lang, height: int = 560
) -> geo.Drawn | None:
    """The map of a question's result when its rows name units (None when they do not, or
    when none of the units they name can be placed)."""
    if not result.rows:
        return None
    linked = geo.linked_titles(result.rows)
    if linked and question.columns.get("units") == "list":
        return geo.links_map(store, linked, lang, height=height)
    if not unit_columns(question):
        return None
    frame, unplaced = unit_rows(store, question, result, lang)
    if frame.empty:
        return None
    if not (~frame["central"].astype(bool)).any():
        return None
    groups = [k for k in dict.fromkeys(frame["role_key"]) if k.startswith("column:")]
    colours = {k: GROUP_COLOURS[i % len(GROUP_COLOURS)] for i, k in enumerate(groups)}
    legend = tr("qmap_named_as", lang) if groups else None
    drawn = geo.area_map(frame, lang, height=height, colours=colours, legend=legend)
    return replace(drawn, unplaced=unplaced)


def map_of(
    store: ox.Store, name: str, params: tuple[tuple[str, Any], ...], lang: Lang
) -> geo.MapSpec | None:
    """The map of question ``name`` with ``params``, from its SPARQL rows (the catalogue holds
    both languages to the same rows), for caching per store generation by plain arguments."""
    question = qa.catalogue()[name]
    if not names_units(question):
        return None
    drawn = question_map(store, question, qa.run_on_store(store, name, params), lang)
    return geo.as_spec(drawn) if drawn is not None else None
