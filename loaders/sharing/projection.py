"""How the dataset record's predicates project into the property graph (issue 16).

Joined to :data:`loaders.graph.projection.STANDARD_PREDICATES`: a name in UPPER_SNAKE case is a
relationship type, any other a property (with whether it is multi-valued). schema.org terms that
repeat a DCAT statement get their own names so the two never share a property or relationship.
"""

from __future__ import annotations

from rdflib import URIRef

from ontology.namespaces import DCAT, DCTERMS, FOAF, SDO, VOID

RECORD_PREDICATES: dict[URIRef, tuple[str, bool]] = {
    DCAT.distribution: ("DISTRIBUTION", True),
    DCAT.mediaType: ("MEDIA_TYPE", True),
    DCAT.accessURL: ("ACCESS_URL", True),
    DCAT.landingPage: ("LANDING_PAGE", True),
    DCAT.version: ("version", False),
    DCAT.keyword: ("keyword", True),
    DCAT.startDate: ("startDate", False),
    DCAT.endDate: ("endDate", False),
    DCAT.bbox: ("bbox", False),
    DCTERMS.identifier: ("identifier", False),
    DCTERMS.issued: ("issued", False),
    DCTERMS.modified: ("modified", False),
    DCTERMS.license: ("LICENSE", True),
    DCTERMS.publisher: ("PUBLISHER", True),
    DCTERMS.temporal: ("TEMPORAL", True),
    DCTERMS.format: ("format", False),
    DCTERMS.conformsTo: ("CONFORMS_TO", True),
    DCTERMS.language: ("LANGUAGE", True),
    FOAF.name: ("name", False),
    SDO.name: ("schemaName", False),
    SDO.description: ("schemaDescription", False),
    SDO.version: ("schemaVersion", False),
    SDO.datePublished: ("datePublished", False),
    SDO.dateModified: ("dateModified", False),
    SDO.publisher: ("SCHEMA_PUBLISHER", True),
    SDO.license: ("SCHEMA_LICENSE", True),
    SDO.inLanguage: ("inLanguage", True),
    SDO.isBasedOn: ("IS_BASED_ON", True),
    SDO.spatialCoverage: ("SPATIAL_COVERAGE", True),
    SDO.temporalCoverage: ("temporalCoverage", False),
    SDO.distribution: ("SCHEMA_DISTRIBUTION", True),
    SDO.encodingFormat: ("encodingFormat", False),
    VOID.uriSpace: ("uriSpace", False),
    VOID.vocabulary: ("VOCABULARY", True),
    VOID.triples: ("triples", False),
    VOID.entities: ("entities", False),
    VOID.classes: ("classes", False),
    VOID.properties: ("properties", False),
    VOID.classPartition: ("CLASS_PARTITION", True),
    VOID.propertyPartition: ("PROPERTY_PARTITION", True),
    VOID["class"]: ("CLASS", True),
    VOID.property: ("PROPERTY", True),
}
