"""Namespace objects for every vocabulary metrokg uses.

Local terms come from a closed namespace: a misspelt term raises ``AttributeError`` at import
or call time instead of minting a silent new IRI. Standard vocabularies are declared once here
so no module pastes IRIs as strings. Note ``SDO`` is ``http://schema.org/`` (rdflib's own
``SDO`` is https, which we never use).
"""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import (
    DCTERMS,
    OWL,
    PROV,
    RDF,
    RDFS,
    SH,
    SKOS,
    VOID,
    XSD,
    ClosedNamespace,
)

BASE_DEF = "https://w3id.org/metrokg/def#"
BASE_ID = "https://w3id.org/metrokg/id/"

MKG_CLASSES = (
    "MetropolitanArea",
    "AdministrativeUnit",
    "SpecialZone",
    "ScopeMembership",
    "Plan",
    "DevelopmentPlan",
    "TerritorialSpatialPlan",
    "SpecialPlan",
    "SubRegionalPlan",
    "AdjacentAreaPlan",
    "CoordinationGuideline",
    "KeyAreaPlan",
    "PlanChapter",
    "PlanAvailability",
    "ActionDocument",
    "ActionPlan",
    "ImplementationScheme",
    "AnnualWorkPoints",
    "CooperationAgreement",
    "Memorandum",
    "NationalDocument",
    "StatedFigure",
    "Agency",
    "LeadingGroup",
    "LeadingGroupOffice",
    "AffairsCentre",
    "GovernmentBody",
    "Mode",
    "ModeFacet",
    "FacetValue",
    "IndicatorSystem",
    "IndicatorComponent",
    "Observation",
    "SourceSection",
    "Reference",
    # divisions over time
    "DivisionChange",
    "UnitChange",
    # checks every store write records (issue 13)
    "ProvenanceCheck",
    "MembershipCheck",
)

MKG_PROPERTIES = (
    # areas
    "centralCity",
    "releaseDate",
    "releasePublic",
    "approvedBy",
    "scopeText",
    "scopeSource",
    "scopePublic",
    "statedDescription",
    # units and zones
    "divisionCode",
    "level",
    "liesIn",
    "liesInSource",
    "zoneKind",
    "validUntil",
    # memberships
    "area",
    "member",
    "role",
    "coverage",
    "excludes",
    "hasMembership",
    # plans and documents
    "planFor",
    "planKind",
    "periodStart",
    "periodEnd",
    "processStep",
    "publicationStatus",
    "issuedBy",
    "ledBy",
    "basedOn",
    "revisedIn",
    "documentYear",
    "tier",
    "party",
    "availabilityOf",
    "availabilityKind",
    "availabilityState",
    # chapters
    "chapterNumber",
    "theme",
    "classifiedBy",
    # agencies
    "coordinates",
    "agencyKind",
    # modes
    "modeScheme",
    "facet",
    "facetValue",
    "valueOf",
    "valueText",
    # indicators
    "evaluates",
    "component",
    "componentKind",
    # observations
    "measure",
    "unitText",
    "refYear",
    "yearBasis",
    "scopeRole",
    "approximate",
    # provenance
    "sourceWords",
    "interpretation",
    "note",
    "referenceNumber",
    "citation",
    "authorName",
    # divisions over time
    "changeKind",
    "changeYear",
    # checks every store write records
    "checkedKind",
    "unsourcedInstance",
    "checkedProblem",
    "flaggedMembership",
)

MKG = ClosedNamespace(BASE_DEF, [*MKG_CLASSES, *MKG_PROPERTIES])

# Standard vocabularies (rdflib ships some; the rest are declared here once).
SDO = Namespace("http://schema.org/")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
WGS = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
ELI = Namespace("http://data.europa.eu/eli/ontology#")
ORG = Namespace("http://www.w3.org/ns/org#")
QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_DIM = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEAS = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
BIBO = Namespace("http://purl.org/ontology/bibo/")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
# the dataset record (issue 16): DCAT 3 (rdflib's DCAT lacks DCAT 3 terms such as
# dcat:version), VoID from rdflib
DCAT = Namespace("http://www.w3.org/ns/dcat#")
IANA_MEDIA = Namespace("https://www.iana.org/assignments/media-types/")
ISO639 = Namespace("http://id.loc.gov/vocabulary/iso639-1/")

ID = Namespace(BASE_ID)

PREFIXES: dict[str, str] = {
    "mkg": BASE_DEF,
    "mkgid": BASE_ID,
    "schema": str(SDO),
    "geo": str(GEO),
    "wgs": str(WGS),
    "eli": str(ELI),
    "org": str(ORG),
    "qb": str(QB),
    "sdmx-dimension": str(SDMX_DIM),
    "sdmx-measure": str(SDMX_MEAS),
    "bibo": str(BIBO),
    "foaf": str(FOAF),
    "dcat": str(DCAT),
    "void": str(VOID),
    "skos": str(SKOS),
    "prov": str(PROV),
    "dct": str(DCTERMS),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "xsd": str(XSD),
    "sh": str(SH),
}

__all__ = [
    "BIBO",
    "DCAT",
    "DCTERMS",
    "ELI",
    "FOAF",
    "GEO",
    "IANA_MEDIA",
    "ID",
    "ISO639",
    "MKG",
    "ORG",
    "OWL",
    "PREFIXES",
    "PROV",
    "QB",
    "RDF",
    "RDFS",
    "SCHEMES",
    "SDMX_DIM",
    "SDMX_MEAS",
    "SDO",
    "SH",
    "SKOS",
    "VOC",
    "VOID",
    "WGS",
    "XSD",
    "concept",
    "scheme_iri",
]

# SKOS concepts of the project's controlled vocabularies live under
# https://w3id.org/metrokg/def/{scheme}/{concept}; see ontology/vocabularies.ttl.
VOC_BASE = "https://w3id.org/metrokg/def/"
VOC = Namespace(VOC_BASE)
SCHEMES: tuple[str, ...] = (
    "level",
    "role",
    "coverage",
    "process-step",
    "publication",
    "tier",
    "availability-state",
    "zone-kind",
    "agency-kind",
    "measure",
    "year-basis",
    "component-kind",
    "theme",
    "change-kind",
)


def concept(scheme: str, key: str) -> URIRef:
    """Return the IRI of concept ``key`` (underscores allowed) in ``scheme``."""
    if scheme not in SCHEMES:
        raise KeyError(f"unknown concept scheme {scheme!r}")
    return URIRef(f"{VOC_BASE}{scheme}/{key.replace('_', '-')}")


def scheme_iri(scheme: str) -> URIRef:
    """Return the IRI of a concept scheme."""
    if scheme not in SCHEMES:
        raise KeyError(f"unknown concept scheme {scheme!r}")
    return URIRef(f"{VOC_BASE}{scheme}")
