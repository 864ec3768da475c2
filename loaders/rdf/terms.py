"""Literal builders and the seed-key → ontology-term tables used by the mappers."""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple

from rdflib import Literal, URIRef
from rdflib.term import Node

from ontology.namespaces import MKG, ORG

XSD_BASE = "http://www.w3.org/2001/XMLSchema#"
XSD_GYEAR = f"{XSD_BASE}gYear"
XSD_GYEARMONTH = f"{XSD_BASE}gYearMonth"
XSD_DECIMAL = f"{XSD_BASE}decimal"
XSD_INTEGER = f"{XSD_BASE}integer"
XSD_BOOLEAN = f"{XSD_BASE}boolean"
XSD_ANYURI = f"{XSD_BASE}anyURI"


class Lit(NamedTuple):
    """A literal as the mappers make it: lexical form, language tag or datatype IRI.

    The mappers (:mod:`loaders.rdf.kinds`) build triples of IRIs (``str``; ``URIRef`` is one)
    and ``Lit`` values, cheap to make; :func:`to_rdflib` turns them into rdflib terms for the
    curated load (SHACL, exports), and the fast writers turn them straight into Oxigraph terms
    or property values. Both give the same terms as ``rdflib.Literal(value, lang=…)`` or
    ``rdflib.Literal(value, datatype=…)`` would.
    """

    value: str
    lang: str | None = None
    datatype: str | None = None


def to_rdflib(term: str | Lit) -> Node:
    """An IRI (``str``) or :class:`Lit` as an rdflib term."""
    if isinstance(term, Lit):
        if term.lang is not None:
            return Literal(term.value, lang=term.lang)
        if term.datatype is not None:
            return Literal(term.value, datatype=URIRef(term.datatype))
        return Literal(term.value)
    if isinstance(term, URIRef):
        return term
    return URIRef(term)


PLAN_CLASSES: dict[str, str] = {
    "development": str(MKG.DevelopmentPlan),
    "territorial_spatial": str(MKG.TerritorialSpatialPlan),
    "special": str(MKG.SpecialPlan),
    "sub_regional": str(MKG.SubRegionalPlan),
    "adjacent_area": str(MKG.AdjacentAreaPlan),
    "coordination_guideline": str(MKG.CoordinationGuideline),
    "key_area": str(MKG.KeyAreaPlan),
}

DOCUMENT_CLASSES: dict[str, str] = {
    "action_plan": str(MKG.ActionPlan),
    "implementation_scheme": str(MKG.ImplementationScheme),
    "annual_work_points": str(MKG.AnnualWorkPoints),
    "cooperation_agreement": str(MKG.CooperationAgreement),
    "memorandum": str(MKG.Memorandum),
}

ORGANIZATION_CLASSES: dict[str, str] = {
    "leading_group": str(MKG.LeadingGroup),
    "office": str(MKG.LeadingGroupOffice),
    "affairs_centre": str(MKG.AffairsCentre),
    "government": str(MKG.GovernmentBody),
    "party_central": str(MKG.GovernmentBody),
    "state_council": str(MKG.GovernmentBody),
    "ministry": str(MKG.GovernmentBody),
    "commission": str(MKG.GovernmentBody),
    "department": str(MKG.GovernmentBody),
    "enterprise": str(ORG.Organization),
    "research_team": str(ORG.Organization),
    "research_institute": str(ORG.Organization),
}


def from_rdflib(term: Node) -> str | Lit:
    """An rdflib IRI or literal as a mapper term (blank nodes are refused)."""
    if isinstance(term, Literal):
        if term.language:
            return Lit(str(term), normalise_lang(term.language))
        if term.datatype is not None:
            return Lit(str(term), None, str(term.datatype))
        return Lit(str(term))
    if isinstance(term, URIRef):
        return str(term)
    raise ValueError(f"blank node {term} in the graph: every node needs an IRI")


def normalise_lang(tag: str) -> str:
    """Language tags are stored lower-case everywhere (pyoxigraph and pyld lower-case them)."""
    return tag.lower()


def zh(text: str) -> Lit:
    """A Chinese-language literal."""
    return Lit(text, "zh")


def en(text: str) -> Lit:
    """An English-language literal."""
    return Lit(text, "en")


def text(value: str) -> Lit:
    """A simple literal (RDF 1.1: the same term as ``"…"^^xsd:string``).

    Written without a datatype, as rdflib parses Turtle and JSON-LD strings, so a graph read
    back from an export compares equal term for term.
    """
    return Lit(value)


def g_year(year: str) -> Lit:
    """An ``xsd:gYear`` literal."""
    return Lit(year, None, XSD_GYEAR)


def g_year_month_or_year(value: str) -> Lit:
    """``xsd:gYearMonth`` for ``YYYY-MM``, ``xsd:gYear`` for ``YYYY``."""
    return Lit(value, None, XSD_GYEARMONTH if "-" in value else XSD_GYEAR)


def decimal(value: str | float) -> Lit:
    """An ``xsd:decimal`` literal in canonical form (``2000`` → ``2000.0``, ``2.70`` → ``2.7``).

    Engines and serialisers write decimals canonically; storing the canonical form keeps the
    graph identical through Oxigraph, Turtle and JSON-LD.
    """
    return Lit(canonical_decimal(str(value)), None, XSD_DECIMAL)


def canonical_decimal(text: str) -> str:
    """The XSD canonical lexical form of a decimal."""
    whole, dot, fraction = text.partition(".")
    if dot and whole.isascii() and whole.isdigit() and fraction.isascii() and fraction.isdigit():
        # the common case (``116.405285``, as the gazetteer's coordinates are written), done on
        # the text: the same result as below, several times faster
        return f"{whole.lstrip('0') or '0'}.{fraction.rstrip('0') or '0'}"
    number = Decimal(text.strip())
    if number == number.to_integral_value():
        return f"{number.quantize(Decimal(1)):f}.0".replace("-0.0", "0.0")
    return format(number.normalize(), "f")


def integer(value: str | int) -> Lit:
    """An ``xsd:integer`` literal."""
    return Lit(str(int(value)), None, XSD_INTEGER)


def boolean(value: bool) -> Lit:
    """An ``xsd:boolean`` literal."""
    return Lit("true" if value else "false", None, XSD_BOOLEAN)


def any_uri(value: str) -> Lit:
    """An ``xsd:anyURI`` literal."""
    return Lit(value, None, XSD_ANYURI)
