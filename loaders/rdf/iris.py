"""Deterministic instance IRIs: ``https://w3id.org/metrokg/id/{kind}/{key}`` (plain ``str``)."""

from __future__ import annotations

from ontology.namespaces import BASE_ID


def _iri(*parts: str) -> str:
    return BASE_ID + "/".join(parts)


def area(area_id: str) -> str:
    """IRI of a metropolitan area."""
    return _iri("area", area_id)


def unit(code: str) -> str:
    """IRI of an administrative unit, keyed by its 6-digit GB/T 2260 code."""
    return _iri("unit", code)


def zone(zone_id: str) -> str:
    """IRI of a special zone."""
    return _iri("zone", zone_id)


def membership(area_id: str, role: str, member_key: str) -> str:
    """IRI of a scope membership (area, role, unit code or zone id)."""
    return _iri("membership", area_id, role.replace("_", "-"), member_key)


def plan(plan_id: str) -> str:
    """IRI of a plan."""
    return _iri("plan", plan_id)


def chapter(plan_id: str, number: str) -> str:
    """IRI of a plan chapter."""
    return _iri("plan", plan_id, "chapter", number)


def stated_figure(figure_id: str) -> str:
    """IRI of a figure the text states about several areas or the whole country."""
    return _iri("stated-figure", figure_id)


def national_document(doc_id: str) -> str:
    """IRI of a national document the text names."""
    return _iri("national-document", doc_id)


def availability(gap_id: str) -> str:
    """IRI of a plan-availability statement."""
    return _iri("availability", gap_id)


def document(doc_id: str) -> str:
    """IRI of an action document or agreement."""
    return _iri("document", doc_id)


def organization(org_id: str) -> str:
    """IRI of an organisation."""
    return _iri("org", org_id)


def mode_scheme(scheme_id: str) -> str:
    """IRI of a mode comparison (a SKOS concept scheme)."""
    return _iri("modes", scheme_id)


def mode(mode_id: str) -> str:
    """IRI of a governance or planning mode."""
    return _iri("mode", mode_id)


def facet(facet_id: str) -> str:
    """IRI of a mode facet."""
    return _iri("facet", facet_id)


def facet_value(mode_id: str, facet_id: str) -> str:
    """IRI of the value of one facet for one mode."""
    return _iri("facet-value", mode_id, facet_id)


def indicator_system(system_id: str) -> str:
    """IRI of an indicator system."""
    return _iri("indicator", system_id)


def indicator_component(system_id: str, component_id: str) -> str:
    """IRI of a component (sub-index, dimension, indicator) of an indicator system."""
    return _iri("indicator", system_id, component_id)


def observation(area_id: str, measure: str, scope: str, year: str | None) -> str:
    """IRI of an observation (a figure of an area)."""
    return _iri("observation", area_id, measure.replace("_", "-"), scope, year or "na")


def source(source_id: str) -> str:
    """IRI of a section of the source report (or the report itself, ``report``)."""
    return _iri("source", source_id)


def reference(number: str) -> str:
    """IRI of an entry of the report's reference list."""
    return _iri("reference", number)
