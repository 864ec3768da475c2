"""Literal builders and the seed-key → ontology-term tables used by the mappers."""

from __future__ import annotations

from decimal import Decimal

from rdflib import Literal, URIRef

from ontology.namespaces import MKG, ORG, XSD

PLAN_CLASSES: dict[str, URIRef] = {
    "development": MKG.DevelopmentPlan,
    "territorial_spatial": MKG.TerritorialSpatialPlan,
    "special": MKG.SpecialPlan,
    "sub_regional": MKG.SubRegionalPlan,
    "adjacent_area": MKG.AdjacentAreaPlan,
    "coordination_guideline": MKG.CoordinationGuideline,
    "key_area": MKG.KeyAreaPlan,
}

DOCUMENT_CLASSES: dict[str, URIRef] = {
    "action_plan": MKG.ActionPlan,
    "implementation_scheme": MKG.ImplementationScheme,
    "annual_work_points": MKG.AnnualWorkPoints,
    "cooperation_agreement": MKG.CooperationAgreement,
    "memorandum": MKG.Memorandum,
}

ORGANIZATION_CLASSES: dict[str, URIRef] = {
    "leading_group": MKG.LeadingGroup,
    "office": MKG.LeadingGroupOffice,
    "affairs_centre": MKG.AffairsCentre,
    "government": MKG.GovernmentBody,
    "party_central": MKG.GovernmentBody,
    "state_council": MKG.GovernmentBody,
    "ministry": MKG.GovernmentBody,
    "commission": MKG.GovernmentBody,
    "department": MKG.GovernmentBody,
    "enterprise": ORG.Organization,
    "research_team": ORG.Organization,
    "research_institute": ORG.Organization,
}


def normalise_lang(tag: str) -> str:
    """Language tags are stored lower-case everywhere (pyoxigraph and pyld lower-case them)."""
    return tag.lower()


def zh(text: str) -> Literal:
    """A Chinese-language literal."""
    return Literal(text, lang=normalise_lang("zh"))


def en(text: str) -> Literal:
    """An English-language literal."""
    return Literal(text, lang=normalise_lang("en"))


def text(value: str) -> Literal:
    """A simple literal (RDF 1.1: the same term as ``"…"^^xsd:string``).

    Written without a datatype, as rdflib parses Turtle and JSON-LD strings, so a graph read
    back from an export compares equal term for term.
    """
    return Literal(value)


def g_year(year: str) -> Literal:
    """An ``xsd:gYear`` literal."""
    return Literal(year, datatype=XSD.gYear)


def g_year_month_or_year(value: str) -> Literal:
    """``xsd:gYearMonth`` for ``YYYY-MM``, ``xsd:gYear`` for ``YYYY``."""
    return Literal(value, datatype=XSD.gYearMonth if "-" in value else XSD.gYear)


def decimal(value: str | float) -> Literal:
    """An ``xsd:decimal`` literal in canonical form (``2000`` → ``2000.0``, ``2.70`` → ``2.7``).

    Engines and serialisers write decimals canonically; storing the canonical form keeps the
    graph identical through Oxigraph, Turtle and JSON-LD.
    """
    return Literal(canonical_decimal(str(value)), datatype=XSD.decimal)


def canonical_decimal(text: str) -> str:
    """The XSD canonical lexical form of a decimal."""
    number = Decimal(text.strip())
    if number == number.to_integral_value():
        return f"{number.quantize(Decimal(1)):f}.0".replace("-0.0", "0.0")
    return format(number.normalize(), "f")


def integer(value: str | int) -> Literal:
    """An ``xsd:integer`` literal."""
    return Literal(str(int(value)), datatype=XSD.integer)


def boolean(value: bool) -> Literal:
    """An ``xsd:boolean`` literal."""
    return Literal("true" if value else "false", datatype=XSD.boolean)
