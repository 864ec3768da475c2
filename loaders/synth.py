"""A national-scale synthetic data set on the real gazetteer, for benchmarks (``metrokg synth``).

Clearly synthetic and reproducible: one :class:`random.Random` seeded with ``seed`` drives every
choice, so the same ``(scale, seed)`` always gives the same records and the same triples. Every
synthetic id starts with ``synth-`` (IRIs ``…/id/area/synth-0001``, ``…/id/plan/synth-0001-…``),
every Chinese label ends with ``（合成）`` and every English one starts with ``Synthetic``, and
every synthetic record is ``prov:wasDerivedFrom`` the source section ``id/source/synthetic``
(never a section of the report). Only the administrative units are real: all ~3,400 units of the
gazetteer, unchanged.

``scale`` is the number of metropolitan areas (the country has a few hundred city clusters and
county-level plans; 1,500 is the upper end the benchmark uses). Each area has:

- a central prefecture-level city and 2–6 neighbouring cities (nearest by coordinates) in its
  core scope, some only with their districts or in part, and 2–6 county-level units of cities
  further out in its extended or task-related scope;
- a development plan with 8–12 chapters tagged with themes; a territorial spatial plan (issued,
  approved or in preparation) or, for about a third, a statement that none is public; 2–5
  special plans with periods, based on the development plan; sometimes an adjacent-area plan
  linking two county-level units;
- 1–3 action documents (action plan, implementation scheme, annual work points) and 1–3
  agreements or memoranda linking 2–3 neighbouring county-level units;
- a leading group and its office (which coordinates the area), sometimes an affairs centre;
- figures (land area, population, GDP) and, for one area in ``monitor_every``, a monitoring
  index system (sub-indices → indicators) with yearly observations of every indicator.

The records are the seed's own pydantic models (:mod:`ontology.models`), validated on
construction, plus :class:`IndicatorObservation` for the yearly indicator values; the
cross-reference checks of :mod:`loaders.seed` run on them too. SHACL (pyshacl) is far too slow
for a million triples, so :func:`sample_seed` cuts a few areas with everything they reference,
and that sample is checked against the shapes (``check_sample``); the shipped seed keeps full
SHACL validation.
"""

from __future__ import annotations

import json
import math
import os
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import Field
from rdflib import URIRef

from loaders.errors import InputError, InputProblem
from loaders.gazetteer import Gazetteer, Unit
from loaders.rdf import iris, kinds
from loaders.rdf.build import (
    BuiltGraph,
    build_graph_of,
    ontology_triples,
    record_triples,
    shacl_problems,
)
from loaders.rdf.kinds import Triple
from loaders.rdf.terms import Lit, to_rdflib
from loaders.seed import Located, SeedData, _check_references
from ontology.models import (
    Area,
    Chapter,
    ChapterSet,
    Component,
    Coverage,
    DecimalText,
    Document,
    Figure,
    IndicatorSystem,
    Membership,
    Organization,
    Plan,
    PlanGap,
    ProcessStep,
    Record,
    Slug,
    Theme,
    Year,
)

SYNTH_PREFIX = "synth-"
SYNTH_SOURCE = "synthetic"
ZH_MARK = "（合成）"
EN_MARK = "Synthetic "
DEFAULT_SEED = 20240701
DEFAULT_MONITOR_EVERY = 4
DEFAULT_INDICATORS = 24
DEFAULT_YEARS = 10
FIRST_YEAR = 2014
SYNTH_FILE = "synthetic"

CHAPTER_TITLES: dict[Theme, str] = {
    # the themes synthetic chapters use, in this order, with their titles
    "background": "发展基础与形势",
    "general_requirements": "总体要求",
    "spatial_layout": "优化空间布局",
    "infrastructure": "基础设施互联互通",
    "innovation": "协同推进科技创新",
    "industry": "产业分工协作",
    "opening_up": "高水平开放合作",
    "market": "统一市场建设",
    "public_services": "公共服务共建共享",
    "ecology": "生态环境共保联治",
    "urban_rural": "城乡融合发展",
    "institutions": "体制机制创新",
    "implementation": "规划实施保障",
    "culture": "文化传承发展",
    "ocean_economy": "海洋经济发展",
    "consumption": "培育消费中心",
}
SPECIAL_TOPICS = (
    ("交通", "transport"),
    ("产业", "industry"),
    ("生态环境", "ecology"),
    ("公共服务", "public-services"),
    ("科技创新", "innovation"),
    ("水利", "water"),
    ("能源", "energy"),
    ("文化旅游", "culture-tourism"),
)
SUB_INDICES = (
    ("发展水平", "development-level"),
    ("协同程度", "integration"),
    ("创新活力", "innovation"),
    ("民生共享", "shared-services"),
)
INDICATOR_UNITS = ("百分比", "万元", "万人", "公里", "个", "亿元")


class IndicatorObservation(Record):
    """One yearly value of an indicator of a (synthetic) monitoring index system."""

    id: Slug
    area: Slug
    system: Slug
    indicator: Slug
    year: Year
    value: DecimalText
    unit: str
    sources: list[str] = Field(min_length=1)


@dataclass
class SynthData:
    """The synthetic records (a :class:`SeedData`) and the yearly indicator observations."""

    seed: SeedData
    observations: list[IndicatorObservation] = field(default_factory=list)
    scale: int = 0
    rng_seed: int = DEFAULT_SEED

    @property
    def record_count(self) -> int:
        """Records generated (units of the gazetteer not counted)."""
        s = self.seed
        return (
            len(s.areas)
            + len(s.memberships)
            + len(s.plans)
            + len(s.gaps)
            + len(s.chapters)
            + len(s.documents)
            + len(s.organizations)
            + len(s.indicators)
            + len(self.observations)
        )


# --- the gazetteer, as the generator sees it --------------------------------------------------


@dataclass(frozen=True)
class _Place:
    unit: Unit
    path: str
    lat: float
    lon: float


def _unit_path(gaz: Gazetteer, unit: Unit) -> str:
    names = [unit.name]
    current = unit
    while current.parent_code:
        current = gaz.units[current.parent_code]
        names.append(current.name)
    return "/".join(reversed(names))


def _places(gaz: Gazetteer) -> tuple[list[_Place], dict[str, list[_Place]], dict[str, str]]:
    """Prefecture-level cities with coordinates, the county-level units of each, and the unit
    paths that resolve back to their own unit (an ambiguous path is left out)."""
    resolved: dict[str, str] = {}
    cities: list[_Place] = []
    counties: dict[str, list[_Place]] = {}
    for code in sorted(gaz.units):
        unit = gaz.units[code]
        if unit.level == "province":
            continue
        path = _unit_path(gaz, unit)
        try:
            if gaz.resolve(path).code != code:
                continue
        except ValueError:
            continue
        resolved[path] = code
        if unit.latitude is None or unit.longitude is None:
            continue
        place = _Place(unit, path, unit.latitude, unit.longitude)
        if unit.level == "prefecture":
            cities.append(place)
        elif unit.parent_code and gaz.units[unit.parent_code].level == "prefecture":
            counties.setdefault(unit.parent_code, []).append(place)
    return cities, counties, resolved


def _distance(a: _Place, b: _Place) -> float:
    dx = (a.lon - b.lon) * math.cos(math.radians((a.lat + b.lat) / 2))
    return math.hypot(dx, a.lat - b.lat)


def _nearest(origin: _Place, pool: list[_Place], k: int, skip: set[str]) -> list[_Place]:
    ranked = sorted(pool, key=lambda p: (_distance(origin, p), p.unit.code))
    return [p for p in ranked if p.unit.code not in skip][:k]


# --- the generator ----------------------------------------------------------------------------


def _zh(text: str) -> str:
    return f"{text}{ZH_MARK}"


def _located(record: Any, line: int) -> Located[Any]:
    return Located(record, SYNTH_FILE, line, {})


def _organizations(data: SeedData) -> None:
    """The national bodies every synthetic area refers to (synthetic stand-ins)."""
    data.organizations.append(
        _located(
            Organization(
                id="synth-approver",
                name_zh=_zh("合成审批机关"),
                name_en=f"{EN_MARK}approving body",
                kind="commission",
                sources=["section-1-1"],
            ),
            0,
        )
    )


def generate(
    scale: int,
    seed: int = DEFAULT_SEED,
    *,
    monitor_every: int = DEFAULT_MONITOR_EVERY,
    indicators: int = DEFAULT_INDICATORS,
    years: int = DEFAULT_YEARS,
    gazetteer: Gazetteer | None = None,
) -> SynthData:
    """Generate ``scale`` synthetic areas on the real gazetteer, deterministically for ``seed``.

    Raises:
        ValueError: a non-positive scale.
        InputError: the generated records fail the seed's cross-reference checks (a bug).
    """
    if scale < 1:
        raise ValueError(f"scale must be at least 1 area, not {scale}")
    rng = random.Random(seed)
    gaz = gazetteer if gazetteer is not None else Gazetteer.from_package()
    cities, counties, resolved = _places(gaz)
    data = SeedData(directory=Path(SYNTH_FILE), gazetteer=gaz)
    data.resolved = {path: gaz.units[code] for path, code in resolved.items()}
    _organizations(data)
    out = SynthData(seed=data, scale=scale, rng_seed=seed)
    order = list(range(len(cities)))
    rng.shuffle(order)
    for n in range(1, scale + 1):
        central = cities[order[(n - 1) % len(cities)]]
        _area(out, rng, n, central, cities, counties, monitor_every, indicators, years)
    problems: list[InputProblem] = []
    _check_references(data, problems)
    if problems:
        raise InputError(problems)
    return out


def _area(
    out: SynthData,
    rng: random.Random,
    n: int,
    central: _Place,
    cities: list[_Place],
    counties: dict[str, list[_Place]],
    monitor_every: int,
    indicators: int,
    years: int,
) -> None:
    data = out.seed
    aid = f"{SYNTH_PREFIX}{n:04d}"
    name = f"合成都市圈{n:04d}"
    line = n
    core = [central, *_nearest(central, cities, rng.randint(2, 6), {central.unit.code})]
    taken = {p.unit.code for p in core}
    outer_cities = _nearest(central, cities, 8, taken)[3:]
    outer = [c for city in outer_cities for c in counties.get(city.unit.code, [])]
    rng.shuffle(outer)
    extended = outer[: rng.randint(2, 6)]
    release = f"{rng.randint(2019, 2024)}-{rng.randint(1, 12):02d}"
    public = rng.random() < 0.8
    figures = [
        Figure(
            measure="land_area",
            value=f"{rng.uniform(1.0, 6.0):.2f}",
            unit="万平方公里",
            year=str(rng.randint(2019, 2023)),
            scope="core",
            source_words=_zh("合成数据：面积"),
        ),
        Figure(
            measure="population",
            value=f"{rng.randint(500, 4000)}",
            unit="万人",
            year=str(rng.randint(2019, 2023)),
            year_basis="end_of_year",
            scope="core",
            approximate=rng.random() < 0.5,
            source_words=_zh("合成数据：常住人口"),
        ),
        Figure(
            measure="gdp",
            value=f"{rng.uniform(0.3, 5.0):.2f}",
            unit="万亿元",
            year=str(rng.randint(2019, 2023)),
            scope="core",
            source_words=_zh("合成数据：地区生产总值"),
        ),
    ]
    data.areas.append(
        _located(
            Area(
                id=aid,
                name_zh=_zh(name),
                name_en=f"{EN_MARK}Metropolitan Area {n:04d}",
                central_city=central.path,
                release=release if public else None,
                release_public=public,
                approved_by="synth-approver",
                scope_words=_zh(f"{central.unit.name}及周边{len(core) - 1}市"),
                sources=["table-1-3"],
                figures=figures,
            ),
            line,
        )
    )
    coverages: tuple[Coverage, ...] = (
        "whole",
        "whole",
        "whole",
        "districts_only",
        "part",
        "central_urban_area",
    )
    for i, city in enumerate(core):
        coverage: Coverage = "whole" if i == 0 else rng.choice(coverages)
        data.memberships.append(
            _located(
                Membership(
                    area=aid,
                    role="core",
                    unit=city.path,
                    coverage=coverage,
                    source_words=_zh(city.unit.name),
                ),
                line,
            )
        )
    for county in extended:
        data.memberships.append(
            _located(
                Membership(
                    area=aid,
                    role=rng.choice(("extended", "extended", "task_related")),
                    unit=county.path,
                    coverage=rng.choice(("whole", "whole", "part")),
                    source_words=_zh(county.unit.name),
                ),
                line,
            )
        )

    # agencies
    group, office = f"{aid}-leading-group", f"{aid}-office"
    data.organizations.append(
        _located(
            Organization(
                id=group,
                name_zh=_zh(f"{name}发展领导小组"),
                name_en=f"{EN_MARK}leading group {n:04d}",
                kind="leading_group",
                territory=central.path,
                sources=["section-1-1"],
            ),
            line,
        )
    )
    data.organizations.append(
        _located(
            Organization(
                id=office,
                name_zh=_zh(f"{name}发展领导小组办公室"),
                name_en=f"{EN_MARK}leading group office {n:04d}",
                kind="office",
                part_of=group,
                coordinates=[aid],
                territory=central.path,
                sources=["section-1-1"],
            ),
            line,
        )
    )
    if rng.random() < 0.3:
        data.organizations.append(
            _located(
                Organization(
                    id=f"{aid}-affairs-centre",
                    name_zh=_zh(f"{name}同城化事务中心"),
                    kind="affairs_centre",
                    part_of=office,
                    coordinates=[aid],
                    sources=["section-1-1"],
                ),
                line,
            )
        )

    # plans
    start = rng.randint(2019, 2023)
    dev = f"{aid}-development-plan"
    data.plans.append(
        _located(
            Plan(
                id=dev,
                title=_zh(f"{name}发展规划（{start}—2035年）"),
                kind="development",
                areas=[aid],
                period_start=str(start),
                period_end="2035",
                process_step="approved",
                publication="public" if public else "not_public",
                released=release if public else None,
                approved_by="synth-approver",
                sources=["table-1-5"],
                source_words=_zh(f"{name}发展规划"),
            ),
            line,
        )
    )
    themes = list(CHAPTER_TITLES)
    rng.shuffle(themes)
    chosen = [
        "background",
        "general_requirements",
        *[t for t in themes if t not in ("background", "general_requirements")][
            : rng.randint(6, 10)
        ],
    ]
    data.chapters.append(
        _located(
            ChapterSet(
                id=f"{dev}-chapters",
                plan=dev,
                sources=["table-1-4"],
                classified_by="metrokg synth",
                chapters=[
                    Chapter(number=str(i), title=_zh(CHAPTER_TITLES[t]), themes=[t])
                    for i, t in enumerate(chosen, start=1)
                ],
            ),
            line,
        )
    )
    spatial = rng.random()
    if spatial < 0.55:
        step: ProcessStep = "issued" if spatial < 0.35 else "approved"
        data.plans.append(
            _located(
                Plan(
                    id=f"{aid}-territorial-spatial-plan",
                    title=_zh(f"{name}国土空间规划（2021—2035年）"),
                    kind="territorial_spatial",
                    areas=[aid],
                    period_start="2021",
                    period_end="2035",
                    process_step=step,
                    publication=rng.choice(("public", "not_public")),
                    based_on=[dev],
                    sources=["table-1-5"],
                    source_words=_zh(f"{name}国土空间规划"),
                ),
                line,
            )
        )
    elif spatial < 0.7:
        data.plans.append(
            _located(
                Plan(
                    id=f"{aid}-territorial-spatial-plan",
                    title=_zh(f"{name}国土空间规划"),
                    kind="territorial_spatial",
                    areas=[aid],
                    process_step="in_preparation",
                    sources=["table-1-5"],
                    source_words=_zh(f"{name}国土空间规划（在编）"),
                ),
                line,
            )
        )
    else:
        data.gaps.append(
            _located(
                PlanGap(
                    id=f"{aid}-territorial-spatial-gap",
                    area=aid,
                    kind="territorial_spatial",
                    state="none_public",
                    source_words=_zh("国土空间规划：暂无"),
                    sources=["table-1-5"],
                ),
                line,
            )
        )
    topics = list(SPECIAL_TOPICS)
    rng.shuffle(topics)
    for topic_zh, topic_key in topics[: rng.randint(2, 5)]:
        first = rng.randint(2021, 2024)
        data.plans.append(
            _located(
                Plan(
                    id=f"{aid}-{topic_key}-plan",
                    title=_zh(f"{name}{topic_zh}专项规划（{first}—{first + rng.randint(3, 9)}年）"),
                    kind="special",
                    areas=[aid],
                    period_start=str(first),
                    period_end=str(first + rng.randint(3, 9)),
                    process_step=rng.choice(("issued", "approved", "in_preparation")),
                    publication=rng.choice(("public", "not_public", "unknown")),
                    based_on=[dev],
                    sources=["table-1-5"],
                    source_words=_zh(f"{name}{topic_zh}专项规划"),
                ),
                line,
            )
        )
    pool = [c for city in core for c in counties.get(city.unit.code, [])]
    if len(pool) >= 2 and rng.random() < 0.4:
        a = rng.choice(pool)
        b = _nearest(a, pool, 1, {a.unit.code})[0]
        data.plans.append(
            _located(
                Plan(
                    id=f"{aid}-adjacent-area-plan",
                    title=_zh(f"{a.unit.name}—{b.unit.name}协同发展规划"),
                    kind="adjacent_area",
                    areas=[aid],
                    period_start=str(start),
                    period_end="2035",
                    process_step="issued",
                    based_on=[dev],
                    concerns=[a.path, b.path],
                    sources=["table-1-5"],
                    source_words=_zh(f"{a.unit.name}—{b.unit.name}协同发展规划"),
                ),
                line,
            )
        )

    # action documents and agreements
    kinds = ("action_plan", "implementation_scheme", "annual_work_points")
    words = {
        "action_plan": "行动计划",
        "implementation_scheme": "实施方案",
        "annual_work_points": "年度工作要点",
    }
    for j in range(rng.randint(1, 3)):
        kind = rng.choice(kinds)
        year = rng.randint(start, 2024)
        data.documents.append(
            _located(
                Document(
                    id=f"{aid}-document-{j + 1}",
                    title=_zh(f"{name}{year}年{words[kind]}"),
                    kind=kind,  # type: ignore[arg-type]
                    year=str(year),
                    period_start=str(year),
                    period_end=str(year + rng.randint(0, 3)),
                    tier="area",
                    areas=[aid],
                    parties=[office],
                    sources=["table-1-6"],
                    source_words=_zh(f"{name}{words[kind]}"),
                ),
                line,
            )
        )
    if len(pool) >= 2:
        for j in range(rng.randint(1, 3)):
            a = rng.choice(pool)
            linked = [a, *_nearest(a, pool, rng.randint(1, 2), {a.unit.code})]
            names = "—".join(p.unit.name for p in linked)
            kind = rng.choice(("cooperation_agreement", "cooperation_agreement", "memorandum"))
            word = "合作协议" if kind == "cooperation_agreement" else "合作备忘录"
            data.documents.append(
                _located(
                    Document(
                        id=f"{aid}-agreement-{j + 1}",
                        title=_zh(f"{names}{word}"),
                        kind=kind,  # type: ignore[arg-type]
                        year=str(rng.randint(start, 2024)),
                        tier="adjacent_county",
                        areas=[aid],
                        parties=[office],
                        concerns=[p.path for p in linked],
                        sources=["table-1-6"],
                        source_words=_zh(names),
                    ),
                    line,
                )
            )

    # a monitoring index system with yearly observations, for one area in monitor_every
    if monitor_every > 0 and n % monitor_every == 0:
        _monitoring(out, rng, aid, name, n, indicators, years, line)


def _monitoring(
    out: SynthData,
    rng: random.Random,
    aid: str,
    name: str,
    n: int,
    indicators: int,
    years: int,
    line: int,
) -> None:
    system = f"{aid}-index"
    subs: list[Component] = []
    per_sub = max(1, indicators // len(SUB_INDICES))
    leaves: list[tuple[str, str]] = []
    for zh_name, key in SUB_INDICES:
        parts = []
        for k in range(per_sub):
            cid = f"{system}-{key}-{k + 1:02d}"
            unit = rng.choice(INDICATOR_UNITS)
            parts.append(
                Component(
                    id=cid,
                    name_zh=_zh(f"{zh_name}指标{k + 1:02d}"),
                    name_en=f"{EN_MARK}{key} indicator {k + 1:02d}",
                    kind="indicator",
                )
            )
            leaves.append((cid, unit))
        subs.append(
            Component(
                id=f"{system}-{key}",
                name_zh=_zh(f"{zh_name}指数"),
                name_en=f"{EN_MARK}{key} index",
                kind="sub_index",
                parts=parts,
            )
        )
    out.seed.indicators.append(
        _located(
            IndicatorSystem(
                id=system,
                name_zh=_zh(f"{name}高质量发展指数"),
                name_en=f"{EN_MARK}development index {n:04d}",
                evaluates=[aid],
                sources=["section-1-2-3"],
                parts=subs,
            ),
            line,
        )
    )
    for cid, unit in leaves:
        level = rng.uniform(10, 1000)
        for y in range(FIRST_YEAR, FIRST_YEAR + years):
            level *= rng.uniform(0.97, 1.08)
            out.observations.append(
                IndicatorObservation(
                    id=f"{cid}-{y}",
                    area=aid,
                    system=system,
                    indicator=cid,
                    year=str(y),
                    value=f"{level:.2f}",
                    unit=unit,
                    sources=[SYNTH_SOURCE],
                )
            )


# --- samples for SHACL ------------------------------------------------------------------------


def sample_seed(data: SynthData, areas: int = 3) -> SynthData:
    """The first ``areas`` areas, the first area with a monitoring system, and every record
    they reference (for a SHACL check)."""
    s = data.seed
    keep = {a.record.id for a in s.areas[:areas]}
    keep.update(i.record.evaluates[0] for i in s.indicators[:1])
    sample = SeedData(directory=s.directory, gazetteer=s.gazetteer, resolved=s.resolved)
    sample.areas = [a for a in s.areas if a.record.id in keep]
    sample.memberships = [m for m in s.memberships if m.record.area in keep]
    sample.plans = [p for p in s.plans if set(p.record.areas) & keep]
    plan_ids = {p.record.id for p in sample.plans}
    sample.gaps = [g for g in s.gaps if g.record.area in keep]
    sample.chapters = [c for c in s.chapters if c.record.plan in plan_ids]
    sample.documents = [d for d in s.documents if set(d.record.areas) & keep]
    prefixes = tuple(f"{a}-" for a in keep)
    sample.organizations = [
        o
        for o in s.organizations
        if o.record.id == "synth-approver" or o.record.id.startswith(prefixes)
    ]
    sample.indicators = [i for i in s.indicators if set(i.record.evaluates) & keep]
    observations = [o for o in data.observations if o.area in keep]
    return SynthData(
        seed=sample, observations=observations, scale=data.scale, rng_seed=data.rng_seed
    )


def iter_records(data: SynthData) -> Iterator[Any]:
    """Every generated record (for counting and checks)."""
    s = data.seed
    for items in (
        s.areas,
        s.memberships,
        s.plans,
        s.gaps,
        s.chapters,
        s.documents,
        s.organizations,
        s.indicators,
    ):
        for item in items:
            yield item.record
    yield from data.observations


# --- triples ----------------------------------------------------------------------------------


def synth_source_triples(data: SynthData) -> list[Triple]:
    """The source section every synthetic record is derived from."""
    s = iris.source(SYNTH_SOURCE)
    return [
        (s, kinds.RDF.type, kinds.MKG.SourceSection),
        (
            s,
            kinds.RDFS.label,
            Lit(f"合成数据：metrokg synth --scale {data.scale} --seed {data.rng_seed}", "zh"),
        ),
        (
            s,
            kinds.RDFS.label,
            Lit(f"Synthetic data: metrokg synth --scale {data.scale} --seed {data.rng_seed}", "en"),
        ),
    ]


def data_triples(data: SynthData) -> Iterator[Triple]:
    """Every triple of the synthetic records and the gazetteer (no ontology), as the mappers
    make them; each synthetic record is derived from the synthetic source section only."""
    synthetic = iris.source(SYNTH_SOURCE)
    real = {iris.source("gazetteer"), iris.source("units-supplement")}
    yield from synth_source_triples(data)
    for _, triples in record_triples(data.seed):
        for s, p, o in triples:
            if p == kinds.PROV.wasDerivedFrom and o not in real:
                yield s, p, synthetic
            else:
                yield s, p, o
    for obs in data.observations:
        yield from kinds.indicator_observation_triples(obs)


def synth_triples(data: SynthData, *, with_ontology: bool = True) -> list[Triple]:
    """The ontology (or only the vocabularies) and :func:`data_triples`, each triple once."""
    return list(
        dict.fromkeys([*ontology_triples(with_ontology=with_ontology), *data_triples(data)])
    )


def synth_graph(data: SynthData, *, with_ontology: bool = True) -> BuiltGraph:
    """The synthetic graph in rdflib (small scales only: for SHACL and tests)."""
    built = build_graph_of([], with_ontology=with_ontology)
    for s, p, o in data_triples(data):
        built.graph.add((URIRef(s), URIRef(p), to_rdflib(o)))
    return built


def check_sample(data: SynthData, areas: int = 3) -> list[InputProblem]:
    """SHACL problems of a sample of ``areas`` areas with what they reference (pyshacl)."""
    return shacl_problems(synth_graph(sample_seed(data, areas)))


# --- where synthetic data may go --------------------------------------------------------------

MARKER = "SYNTHETIC"


class SynthTargetError(ValueError):
    """The data directory may not receive synthetic data; the message says why."""


def default_dirs() -> set[Path]:
    """The data directories real data lives in by default: ``$METROKG_DATA_DIR`` (when set)
    and ``$XDG_DATA_HOME/metrokg`` or ``~/.local/share/metrokg``."""
    from loaders.pipeline import default_data_dir

    found = {default_data_dir().expanduser().resolve()}
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    found.add((Path(base) / "metrokg").expanduser().resolve())
    return found


def check_target(data_dir: Path) -> None:
    """Refuse a default data directory, and one that holds a real (non-synthetic) graph.

    Raises:
        SynthTargetError: saying which.
    """
    from loaders.rdfstore import current_generation

    resolved = data_dir.expanduser().resolve()
    if resolved in default_dirs():
        raise SynthTargetError(
            f"{data_dir} 是默认数据目录，合成数据从不写入此处（请另给 --data-dir） / {data_dir} "
            "is a default data directory; synthetic data never goes there (give another "
            "--data-dir)"
        )
    if current_generation(resolved) is not None and not (resolved / MARKER).is_file():
        raise SynthTargetError(
            f"{data_dir} 中的数据不是合成数据，合成数据从不替换真实数据（请给空的或合成的 "
            f"--data-dir） / {data_dir} holds a graph that is not synthetic; synthetic data "
            "never replaces real data (give an empty or synthetic --data-dir)"
        )


def mark(data_dir: Path, data: SynthData) -> None:
    """Mark ``data_dir`` as holding synthetic data (``SYNTHETIC``, with the scale and seed)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / MARKER).write_text(
        json.dumps(
            {"synthetic": True, "scale": data.scale, "seed": data.rng_seed},
            ensure_ascii=False,
        )
        + "\n",
        encoding="utf-8",
    )
