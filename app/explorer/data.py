"""What the overview and the area profile show, read from the embedded RDF store.

The queries live in ``queries/explorer/*.rq`` (one file each, a ``#+`` header, values bound).

Every function takes the store (one read-only generation) and returns plain data — lists of
dataclasses or pandas frames — so Streamlit can cache it per generation. Labels come from the
store's :class:`~app.explorer.backend.Index` in the language asked for.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

import pandas as pd
import pyoxigraph as ox

from app.explorer.backend import ID, MKG, PerStore, index_of, select
from app.explorer.i18n import Lang
from app.explorer.plan_states import STATE_ORDER, Evidence, plan_state
from loaders.checks import data_triple_count
from queries.explorer_queries import explorer_query

ROLE = "https://w3id.org/metrokg/def/role/"
LEVEL = "https://w3id.org/metrokg/def/level/"
MEASURE = "https://w3id.org/metrokg/def/measure/"
STEP = "https://w3id.org/metrokg/def/process-step/"
AVAILABILITY = "https://w3id.org/metrokg/def/availability-state/"
COVERAGE_WHOLE = "https://w3id.org/metrokg/def/coverage/whole"

# The plan-system matrix: column key -> the classes it counts.
GAP_KINDS: dict[str, tuple[str, ...]] = {
    "development": (f"{MKG}DevelopmentPlan",),
    "spatial": (f"{MKG}TerritorialSpatialPlan",),
    "special": (
        f"{MKG}SpecialPlan",
        f"{MKG}SubRegionalPlan",
        f"{MKG}AdjacentAreaPlan",
        f"{MKG}KeyAreaPlan",
    ),
    "action": (f"{MKG}ActionPlan", f"{MKG}ImplementationScheme"),
    "workpoints": (f"{MKG}AnnualWorkPoints",),
    "agreement": (f"{MKG}CooperationAgreement",),
}
GAP_STATES = tuple(str(s) for s in STATE_ORDER)
GUIDELINE = f"{MKG}CoordinationGuideline"

# Unit conversions to the overview's units: km², 万人, 亿元.
SCALE = {
    "万平方公里": ("km²", 10_000.0),
    "平方公里": ("km²", 1.0),
    "万人": ("万人", 1.0),
    "万亿元": ("亿元", 10_000.0),
    "亿元": ("亿元", 1.0),
}


# --- counts -----------------------------------------------------------------------------------

_COUNTS = explorer_query("counts")
_MEMBER_COUNT = explorer_query("member-count")
COUNT_KEYS = (
    "areas",
    "members",
    "plans",
    "documents",
    "agreements",
    "agencies",
    "observations",
    "triples",
)


def counts(store: ox.Store) -> dict[str, int]:
    """Headline numbers: areas, member units, plans, documents, agreements, agencies, figures."""
    found = {str(r["key"]): int(r["n"]) for r in select(store, _COUNTS)}
    found["members"] = int(select(store, _MEMBER_COUNT)[0]["n"])
    found["triples"] = data_triple_count(store)
    return {key: found.get(key, 0) for key in COUNT_KEYS}


# --- areas ------------------------------------------------------------------------------------

_AREAS = explorer_query("areas")
_MEMBER_ROLES = explorer_query("member-roles")
_AREA_UNITS = explorer_query("area-units")


@dataclass(frozen=True)
class Area:
    """One metropolitan area, as the overview lists it."""

    iri: str
    key: str
    name: str
    name_zh: str
    central_city: str
    central_iri: str | None
    release: str
    release_public: bool | None
    approved_by: str
    core: int
    extended: int
    other: int
    provinces: tuple[str, ...]


_areas_made: PerStore[dict[str, list[Area]]] = PerStore(lambda store: {})


def areas(store: ox.Store, lang: Lang = "zh") -> list[Area]:
    """Every area with its central city, release, members by scope and provinces (read once
    per store and language: the comparison, the plan-system matrix and the pages all ask)."""
    made = _areas_made(store)
    if lang not in made:
        made[lang] = _read_areas(store, lang)
    return list(made[lang])


def _read_areas(store: ox.Store, lang: Lang) -> list[Area]:
    index = index_of(store)
    roles: dict[str, dict[str, int]] = defaultdict(dict)
    for row in select(store, _MEMBER_ROLES):
        roles[row["a"]][str(row["role"]).removeprefix(ROLE)] = int(row["n"])
    provinces: dict[str, set[str]] = defaultdict(set)
    for row in select(store, _AREA_UNITS):
        for province in index.places_at(row["u"], "province"):
            provinces[row["a"]].add(index.label(province, lang))
    seen: dict[str, Area] = {}
    for row in select(store, _AREAS):
        iri = row["a"]
        if iri in seen:
            continue
        counts_by_role = roles.get(iri, {})
        seen[iri] = Area(
            iri=iri,
            key=iri.removeprefix(f"{ID}area/"),
            name=index.label(iri, lang),
            name_zh=index.label(iri, "zh"),
            central_city=index.label(row["central"], lang) if row["central"] else "",
            central_iri=row["central"],
            release=str(row["release"] or ""),
            release_public=row["public"] if isinstance(row["public"], bool) else None,
            approved_by=index.label(row["approved"], lang) if row["approved"] else "",
            core=counts_by_role.get("core", 0),
            extended=counts_by_role.get("extended", 0),
            other=sum(v for k, v in counts_by_role.items() if k not in ("core", "extended")),
            provinces=tuple(sorted(provinces.get(iri, set()))),
        )
    return sorted(seen.values(), key=lambda a: (a.release or "9999", a.name_zh))


# --- figures ----------------------------------------------------------------------------------

_FIGURES = explorer_query("figures")

FIGURE_COLUMNS = (
    "area_iri",
    "area",
    "measure_key",
    "measure",
    "value",
    "unit",
    "norm_value",
    "norm_unit",
    "year",
    "scope_key",
    "scope",
    "approximate",
    "source_words",
    "sources",
)


def figures(store: ox.Store, lang: Lang = "zh", area: str | None = None) -> pd.DataFrame:
    """Observations (land area, population, GDP, …) with year, scope and sources."""
    index = index_of(store)
    params: dict[str, Any] = {}
    query = _FIGURES
    if area is not None:
        params["a"] = ox.NamedNode(area)
    rows = []
    for row in select(store, query, params):
        unit = str(row["unit"] or "")
        norm_unit, factor = SCALE.get(unit, (unit, 1.0))
        value = float(row["value"]) if row["value"] is not None else None
        sources = [s for s in str(row["sources"] or "").split("|") if s]
        rows.append(
            {
                "area_iri": row["a"],
                "area": index.label(row["a"], lang),
                "measure_key": str(row["measure"]).removeprefix(MEASURE),
                "measure": index.label(row["measure"], lang),
                "value": value,
                "unit": unit,
                "norm_value": round(value * factor, 6) if value is not None else None,
                "norm_unit": norm_unit,
                "year": int(row["year"]) if isinstance(row["year"], int) else None,
                "scope_key": str(row["role"] or "").removeprefix(ROLE),
                "scope": index.label(row["role"], lang) if row["role"] else "",
                "approximate": bool(row["approx"]) if row["approx"] is not None else False,
                "source_words": str(row["words"] or ""),
                "sources": "; ".join(sorted(index.label(s, lang) for s in sources)),
            }
        )
    frame = pd.DataFrame(rows, columns=list(FIGURE_COLUMNS))
    return frame.sort_values(["area", "measure_key", "scope_key"]).reset_index(drop=True)


_HEADLINE = explorer_query("headline-figures")
HEADLINE_MEASURES = ("land-area", "population", "gdp")


def headline_figures(store: ox.Store) -> dict[tuple[str, str], dict[str, Any]]:
    """(area, measure key) -> the comparison's figure of land area, population or GDP: the
    core scope's (else the first scope's in key order), its value in the overview's unit and
    its year. The same choice as from :func:`figures`, read without its sources and grouping
    (at ~1M triples that query reads every observation: seconds, not a fraction of one)."""
    rows = []
    for row in select(store, _HEADLINE):
        unit = str(row["unit"] or "")
        factor = SCALE.get(unit, (unit, 1.0))[1]
        value = float(row["value"]) if row["value"] is not None else None
        rows.append(
            {
                "area_iri": row["a"],
                "measure_key": str(row["measure"]).removeprefix(MEASURE),
                "scope_key": str(row["role"] or "").removeprefix(ROLE),
                "norm_value": round(value * factor, 6) if value is not None else None,
                "year": int(row["year"]) if isinstance(row["year"], int) else None,
            }
        )
    picked: dict[tuple[str, str], dict[str, Any]] = {}
    for rec in sorted(rows, key=lambda r: (r["area_iri"], r["measure_key"], r["scope_key"])):
        key = (rec["area_iri"], rec["measure_key"])
        rank = 0 if rec["scope_key"] == "core" else 1
        if key not in picked or rank < picked[key]["_rank"]:
            picked[key] = {**rec, "_rank": rank}
    return picked


def comparison(store: ox.Store, lang: Lang = "zh") -> pd.DataFrame:
    """One row per area: central city, provinces, release, members, land area, population, GDP.

    Figures are those of the core scope (or the only scope given), each with its year.
    """
    picked = headline_figures(store)
    rows = []
    for area in areas(store, lang):

        def fig(measure: str, area_iri: str = area.iri) -> tuple[float | None, int | None]:
            rec = picked.get((area_iri, measure))
            if rec is None:
                return None, None
            return rec["norm_value"], rec["year"]

        land, land_year = fig("land-area")
        pop, pop_year = fig("population")
        gdp, gdp_year = fig("gdp")
        rows.append(
            {
                "iri": area.iri,
                "area": area.name,
                "central_city": area.central_city,
                "provinces": "、".join(area.provinces),
                "release": area.release,
                "core": area.core,
                "extended": area.extended,
                "land_km2": land,
                "land_year": land_year,
                "population": pop,
                "population_year": pop_year,
                "gdp": gdp,
                "gdp_year": gdp_year,
            }
        )
    frame = pd.DataFrame(rows)
    for col in ("land_year", "population_year", "gdp_year", "core", "extended"):
        if col in frame:
            frame[col] = frame[col].astype("Int64")
    return frame


# --- plan-system gaps -------------------------------------------------------------------------

_WORKS = explorer_query("works")
_AVAILABILITY = explorer_query("availability")


@dataclass(frozen=True)
class Work:
    """A plan or an action document of an area."""

    iri: str
    area: str
    classes: tuple[str, ...]
    step: str | None


def _works(store: ox.Store) -> list[Work]:
    grouped: dict[tuple[str, str], dict[str, Any]] = {}
    for row in select(store, _WORKS):
        slot = grouped.setdefault((row["a"], row["w"]), {"classes": set(), "step": None})
        slot["classes"].add(row["t"])
        if row["step"]:
            slot["step"] = str(row["step"]).removeprefix(STEP)
    return [
        Work(iri=w, area=a, classes=tuple(sorted(v["classes"])), step=v["step"])
        for (a, w), v in grouped.items()
    ]


def gap_kind(index_classes: set[str]) -> str | None:
    """The matrix column of a work with these classes and superclasses, or None."""
    for key, classes in GAP_KINDS.items():
        if any(c in index_classes for c in classes):
            return key
    return None


def gap_matrix(store: ox.Store, lang: Lang = "zh") -> pd.DataFrame:
    """Areas × plan kinds: the state (:func:`~app.explorer.plan_states.plan_state`), count, titles.

    A provincial coordination guideline counts for the spatial-plan column: it stands where
    the area's own spatial plan would (表1-5), so the area has "only the provincial guideline".
    """
    index = index_of(store)
    cells: dict[tuple[str, str], dict[str, list[str]]] = {}
    for work in _works(store):
        ancestors: set[str] = set()
        for cls in work.classes:
            ancestors |= index.ancestors(cls)
        if GUIDELINE in ancestors:
            kind: str | None = "spatial"
            bucket = "guidelines"
        else:
            kind = gap_kind(ancestors)
            bucket = "in_preparation" if work.step == "in-preparation" else "exists"
        if kind is None:
            continue
        cell = cells.setdefault(
            (work.area, kind), {"exists": [], "in_preparation": [], "guidelines": []}
        )
        cell[bucket].append(index.label(work.iri, lang))
    stated: dict[tuple[str, str], tuple[str, str]] = {}
    for row in select(store, _AVAILABILITY):
        found = gap_kind(index.ancestors(row["kind"]))
        if found is not None:
            stated[(row["a"], found)] = (
                str(row["state"]).removeprefix(AVAILABILITY),
                str(row["words"] or ""),
            )
    rows = []
    empty: dict[str, list[str]] = {"exists": [], "in_preparation": [], "guidelines": []}
    for area in areas(store, lang):
        for kind in GAP_KINDS:
            cell = cells.get((area.iri, kind), empty)
            state_word = stated.get((area.iri, kind))
            state = plan_state(
                Evidence(
                    works=len(cell["exists"]),
                    preparing=len(cell["in_preparation"]),
                    stated=state_word[0] if state_word else None,
                    guidelines=len(cell["guidelines"]),
                )
            )
            titles = sorted(cell["exists"]) + sorted(cell["in_preparation"])
            titles += sorted(cell["guidelines"])
            rows.append(
                {
                    "area_iri": area.iri,
                    "area": area.name,
                    "area_zh": area.name_zh,
                    "kind": kind,
                    "state": str(state),
                    "count": len(cell["exists"]),
                    "in_preparation": len(cell["in_preparation"]),
                    "titles": "；".join(titles),
                    "source_words": state_word[1] if state_word else "",
                }
            )
    return pd.DataFrame(rows)


# --- map points -------------------------------------------------------------------------------

_MEMBER_POINTS = explorer_query("member-points")
_CENTRAL_POINTS = explorer_query("central-points")
_UNIT_POINT = explorer_query("unit-point")


def _coords(store: ox.Store, iri: str) -> tuple[float, float] | None:
    rows = select(store, _UNIT_POINT, {"u": ox.NamedNode(iri)})
    if not rows or rows[0]["lat"] is None:
        return None
    return float(rows[0]["lat"]), float(rows[0]["long"])


def member_points(store: ox.Store, lang: Lang = "zh", area: str | None = None) -> pd.DataFrame:
    """Member units with coordinates (a zone takes a unit it lies in), for the maps."""
    index = index_of(store)
    params = {"a": ox.NamedNode(area)} if area is not None else {}
    seen: dict[tuple[str, str], dict[str, Any]] = {}
    for row in select(store, _MEMBER_POINTS, params):
        key = (row["a"], row["m"])
        if key in seen:
            continue
        lat, lon = row["lat"], row["long"]
        if lat is None and row["via"] is not None:
            point = _coords(store, row["via"])
            lat, lon = point if point else (None, None)
        if lat is None:
            continue
        seen[key] = {
            "area_iri": row["a"],
            "area": index.label(row["a"], lang),
            "iri": row["u"],
            "name": index.label(row["u"], lang),
            "role_key": str(row["role"] or "").removeprefix(ROLE),
            "role": index.label(row["role"], lang) if row["role"] else "",
            "partial": bool(row["coverage"]) and row["coverage"] != COVERAGE_WHOLE,
            "lat": float(lat),
            "lon": float(lon),
            "central": False,
        }
    points = list(seen.values())
    for row in select(store, _CENTRAL_POINTS):
        if area is not None and row["a"] != area:
            continue
        points.append(
            {
                "area_iri": row["a"],
                "area": index.label(row["a"], lang),
                "iri": row["c"],
                "name": index.label(row["a"], lang)
                if area is None
                else index.label(row["c"], lang),
                "role_key": "central",
                "role": "",
                "partial": False,
                "lat": float(row["lat"]),
                "lon": float(row["long"]),
                "central": True,
            }
        )
    if area is None:
        # an area whose central city the source does not name is marked at its members' centre
        marked = {p["area_iri"] for p in points if p["central"]}
        by_area: dict[str, list[dict[str, Any]]] = defaultdict(list)
        for spot in points:
            by_area[spot["area_iri"]].append(spot)
        for area_iri, members in by_area.items():
            if area_iri in marked:
                continue
            points.append(
                {
                    **members[0],
                    "iri": area_iri,
                    "name": members[0]["area"],
                    "role_key": "central",
                    "role": "",
                    "partial": False,
                    "lat": sum(p["lat"] for p in members) / len(members),
                    "lon": sum(p["lon"] for p in members) / len(members),
                    "central": True,
                }
            )
    return pd.DataFrame(
        points,
        columns=[
            "area_iri",
            "area",
            "iri",
            "name",
            "role_key",
            "role",
            "partial",
            "lat",
            "lon",
            "central",
        ],
    )


# --- area profile -----------------------------------------------------------------------------

_AREA_INFO = explorer_query("area-info")


@dataclass(frozen=True)
class AreaInfo:
    """The area's own statements."""

    iri: str
    name: str
    name_other: str
    central_city: str
    release: str
    release_public: bool | None
    approved_by: list[str]
    scope_text: str
    notes: list[str]
    sources: list[str]


def area_info(store: ox.Store, area: str, lang: Lang = "zh") -> AreaInfo:
    """Name, central city, release, approving body, scope text, notes and sources of an area."""
    index = index_of(store)
    values: dict[str, list[Any]] = defaultdict(list)
    for row in select(store, _AREA_INFO, {"a": ox.NamedNode(area)}):
        values[str(row["p"]).removeprefix(MKG)].append(row["o"])
    public = values.get("releasePublic", [None])[0]
    return AreaInfo(
        iri=area,
        name=index.label(area, lang),
        name_other=index.label(area, "zh" if lang == "en" else "en"),
        central_city=", ".join(index.label(c, lang) for c in values.get("centralCity", [])),
        release=str(values.get("releaseDate", [""])[0]),
        release_public=public if isinstance(public, bool) else None,
        approved_by=[index.label(o, lang) for o in values.get("approvedBy", [])],
        scope_text=str(values.get("scopeText", [""])[0]),
        notes=[str(n) for n in values.get("note", [])],
        sources=sorted(
            index.label(s, lang) for s in values.get("http://www.w3.org/ns/prov#wasDerivedFrom", [])
        ),
    )


_MEMBERS = explorer_query("members")

ROLE_ORDER = {"core": 0, "extended": 1, "task-related": 2}


def members(store: ox.Store, area: str, lang: Lang = "zh") -> pd.DataFrame:
    """The area's member units grouped by province and city, scope role and coverage."""
    index = index_of(store)
    seen: dict[str, dict[str, Any]] = {}
    for row in select(store, _MEMBERS, {"a": ox.NamedNode(area)}):
        if row["m"] in seen:
            continue
        role_key = str(row["role"] or "").removeprefix(ROLE)
        coverage = row["coverage"]
        excludes = [x for x in str(row["excludes"] or "").split("|") if x]
        seen[row["m"]] = {
            # a zone may lie in units of several cities: every city and province is kept
            "province": "、".join(
                index.label(p, lang) for p in index.places_at(row["u"], "province")
            ),
            "city": "、".join(
                index.label(c, lang) for c in index.places_at(row["u"], "prefecture")
            ),
            "unit": index.label(row["u"], lang),
            "code": str(row["code"] or ""),
            "level": index.label(row["level"], lang)
            if row["level"]
            else index.label(index.kind(row["u"]), lang),
            "role_key": role_key,
            "role": index.label(row["role"], lang) if row["role"] else "",
            "coverage": index.label(coverage, lang) if coverage else "",
            "partial": "◐" if coverage and coverage != COVERAGE_WHOLE else "",
            "excludes": "、".join(index.label(x, lang) for x in excludes),
            "source_words": str(row["words"] or ""),
            "iri": row["u"],
        }
    frame = pd.DataFrame(
        list(seen.values()),
        columns=[
            "province",
            "city",
            "unit",
            "code",
            "level",
            "role_key",
            "role",
            "coverage",
            "partial",
            "excludes",
            "source_words",
            "iri",
        ],
    )
    frame["_order"] = frame["role_key"].map(lambda r: ROLE_ORDER.get(r, 9))
    frame = frame.sort_values(["_order", "province", "city", "code", "unit"]).drop(columns="_order")
    return frame.reset_index(drop=True)


_PLANS = explorer_query("plans")


@dataclass
class PlanRow:
    """A plan of an area."""

    iri: str
    title: str
    kind_iri: str
    kind: str
    gap_kind: str | None
    step: str
    publication: str
    period: str
    release: str
    based_on: list[str] = field(default_factory=list)
    spatial: list[str] = field(default_factory=list)


def plans(store: ox.Store, area: str, lang: Lang = "zh") -> list[PlanRow]:
    """The area's plans ("1+1+N"): kind, step, publication, period, what each is based on."""
    index = index_of(store)
    found: dict[str, PlanRow] = {}
    for row in select(store, _PLANS, {"a": ox.NamedNode(area)}):
        iri = row["w"]
        if iri in found:
            plan = found[iri]
            if row["based"] and row["based"] not in plan.based_on:
                plan.based_on.append(row["based"])
            continue
        kind_iri = index.kind(iri) or str(row["t"])
        start, end = row["start"], row["end"]
        period = f"{start or ''}—{end or ''}" if start or end else ""
        found[iri] = PlanRow(
            iri=iri,
            title=index.label(iri, lang),
            kind_iri=kind_iri,
            kind=index.label(kind_iri, lang),
            gap_kind="spatial"
            if GUIDELINE in index.ancestors(kind_iri)
            else gap_kind(index.ancestors(kind_iri)),
            step=index.label(row["step"], lang) if row["step"] else "",
            publication=index.label(row["publication"], lang) if row["publication"] else "",
            period=period,
            release=str(row["release"] or ""),
            based_on=[row["based"]] if row["based"] else [],
            spatial=sorted(index.label(s, lang) for s in str(row["spatial"] or "").split("|") if s),
        )
    order = list(GAP_KINDS)
    return sorted(
        found.values(),
        key=lambda p: (order.index(p.gap_kind) if p.gap_kind in order else 99, p.kind, p.title),
    )


_DOCUMENTS = explorer_query("documents")


_DOCUMENT_KINDS = explorer_query("document-kinds")


def document_kinds(store: ox.Store, lang: Lang = "zh") -> list[str]:
    """Every kind of action document, in one fixed order (so a kind keeps its colour)."""
    index = index_of(store)
    kinds = sorted(str(r["t"]) for r in select(store, _DOCUMENT_KINDS))
    return list(dict.fromkeys(index.label(k, lang) for k in kinds))


def documents(store: ox.Store, area: str, lang: Lang = "zh") -> pd.DataFrame:
    """Action plans, schemes, work points and agreements of an area, with year and tier."""
    index = index_of(store)
    rows = []
    seen: set[str] = set()
    for row in select(store, _DOCUMENTS, {"a": ox.NamedNode(area)}):
        if row["w"] in seen:
            continue
        seen.add(row["w"])
        kind_iri = index.kind(row["w"]) or ""
        parties = [p for p in str(row["parties"] or "").split("|") if p]
        spatial = [s for s in str(row["spatial"] or "").split("|") if s]
        rows.append(
            {
                "iri": row["w"],
                "title": index.label(row["w"], lang),
                "kind": index.label(kind_iri, lang),
                "agreement": index.is_a(row["w"], f"{MKG}CooperationAgreement"),
                "year": row["year"] if isinstance(row["year"], int) else None,
                "period": f"{row['start'] or ''}—{row['end'] or ''}"
                if row["start"] or row["end"]
                else "",
                "start": row["start"] if isinstance(row["start"], int) else None,
                "end": row["end"] if isinstance(row["end"], int) else None,
                "tier": index.label(row["tier"], lang) if row["tier"] else "",
                "parties": "、".join(sorted(index.label(p, lang) for p in parties)),
                "units": "、".join(sorted(index.label(s, lang) for s in spatial)),
                "unit_count": len(spatial),
            }
        )
    frame = pd.DataFrame(
        rows,
        columns=[
            "iri",
            "title",
            "kind",
            "agreement",
            "year",
            "period",
            "start",
            "end",
            "tier",
            "parties",
            "units",
            "unit_count",
        ],
    )
    for column in ("year", "start", "end"):
        frame[column] = frame[column].astype("Int64")
    return frame.sort_values(["year", "title"], na_position="last").reset_index(drop=True)


_AGENCIES = explorer_query("agencies")
REL_ORDER = ("coordinates", "approved", "issued", "led", "party")


def agencies(store: ox.Store, area: str, lang: Lang = "zh") -> pd.DataFrame:
    """Bodies that coordinate the area, approved, issued or led its plans, or signed for it."""
    index = index_of(store)
    found: dict[str, dict[str, Any]] = {}
    for row in select(store, _AGENCIES, {"a": ox.NamedNode(area)}):
        slot = found.setdefault(
            row["o"],
            {
                "iri": row["o"],
                "name": index.label(row["o"], lang),
                "kind": index.label(row["kind"], lang)
                if row["kind"]
                else index.label(index.kind(row["o"]), lang),
                "parent": index.label(row["parent"], lang) if row["parent"] else "",
                "relations": set(),
            },
        )
        slot["relations"].add(str(row["rel"]))
    rows = []
    for slot in found.values():
        rels = sorted(slot.pop("relations"), key=REL_ORDER.index)
        rows.append({**slot, "relation_keys": ",".join(rels), "_order": REL_ORDER.index(rels[0])})
    frame = pd.DataFrame(rows, columns=["iri", "name", "kind", "parent", "relation_keys", "_order"])
    return frame.sort_values(["_order", "name"]).drop(columns="_order").reset_index(drop=True)


_INDICATORS = explorer_query("indicators")


def indicator_systems(
    store: ox.Store, area: str, lang: Lang = "zh"
) -> list[tuple[str, list[tuple[int, str, str]]]]:
    """Indicator systems evaluating the area, each as (name, [(depth, component, kind)])."""
    index = index_of(store)
    systems: dict[str, dict[str, tuple[str | None, str]]] = defaultdict(dict)
    for row in select(store, _INDICATORS, {"a": ox.NamedNode(area)}):
        comps = systems[row["s"]]
        if row["c"]:
            comps[row["c"]] = (
                row["parent"],
                index.label(row["ckind"], lang) if row["ckind"] else "",
            )
    result = []
    for system, comps in sorted(systems.items(), key=lambda kv: index.label(kv[0], lang)):
        children: dict[str | None, list[str]] = defaultdict(list)
        for comp, (parent, _) in comps.items():
            children[parent if parent in comps else None].append(comp)
        lines: list[tuple[int, str, str]] = []

        def walk(
            node: str | None,
            depth: int,
            comps: dict[str, tuple[str | None, str]] = comps,
            children: dict[str | None, list[str]] = children,
            lines: list[tuple[int, str, str]] = lines,
        ) -> None:
            for child in sorted(children.get(node, []), key=lambda c: index.label(c, lang)):
                lines.append((depth, index.label(child, lang), comps[child][1]))
                walk(child, depth + 1)

        walk(None, 0)
        result.append((index.label(system, lang), lines))
    return result


_UNIT_POINTS = explorer_query("unit-points")


def unit_points(store: ox.Store) -> pd.DataFrame:
    """Every unit's coordinates and level: a faint backdrop for maps drawn without tiles."""
    rows = [
        {
            "lat": float(r["lat"]),
            "lon": float(r["long"]),
            "level": str(r["level"] or "").removeprefix(LEVEL),
        }
        for r in select(store, _UNIT_POINTS)
    ]
    return pd.DataFrame(rows, columns=["lat", "lon", "level"])
