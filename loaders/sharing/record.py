"""The dataset record: DCAT 3 (with schema.org's ``Dataset`` alongside) and VoID counts.

The hand-edited part (title, description, dates, publisher, licences) is
``ontology/dataset.yaml``; everything else is computed from the data: the version (the seed's
content hash, and the store generation once there is one), the temporal coverage (the years the
plans and figures refer to), the bounding box of the member units, one distribution per export
format, and the VoID counts (triples, entities per class, triples per property).

The record is one small graph under ``https://w3id.org/metrokg/id/dataset/``: the load adds it
to both stores, and every export replaces it with a fresh one (that knows the generation).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, Field

from loaders.rdf import iris
from loaders.rdf.kinds import Triple
from loaders.rdf.terms import Lit
from ontology.namespaces import (
    BASE_DEF,
    BASE_ID,
    DCAT,
    DCTERMS,
    FOAF,
    GEO,
    IANA_MEDIA,
    ISO639,
    MKG,
    PREFIXES,
    PROV,
    RDF,
    SDO,
    VOID,
    WGS,
    XSD,
)

ONTOLOGY_DIR = Path(__file__).resolve().parents[2] / "ontology"
METADATA_FILE = ONTOLOGY_DIR / "dataset.yaml"
ONTOLOGY_BASE = BASE_DEF.rstrip("#")  # the ontology, its vocabularies and their genids
DATASET_BASE = f"{BASE_ID}dataset/"
DATASET = f"{DATASET_BASE}metrokg"
PUBLISHER = f"{BASE_ID}publisher/metrokg"
CHINA_GEONAMES = "https://sws.geonames.org/1814991/"
YEAR_PREDICATES = (MKG.periodStart, MKG.periodEnd, MKG.refYear, MKG.documentYear)


class Text(BaseModel):
    """A text in Chinese and English."""

    model_config = ConfigDict(extra="forbid")
    zh: str
    en: str


class Keywords(BaseModel):
    """Keywords in Chinese and English."""

    model_config = ConfigDict(extra="forbid")
    zh: list[str]
    en: list[str]


class Basis(BaseModel):
    """A dataset the graph builds on, with its own licence."""

    model_config = ConfigDict(extra="forbid")
    key: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    source: str | None = None
    title: Text
    version: str | None = None
    license: str = Field(pattern=r"^https?://")
    landing_page: str = Field(pattern=r"^https?://")


class DatasetMetadata(BaseModel):
    """The hand-edited part of the record (``ontology/dataset.yaml``)."""

    model_config = ConfigDict(extra="forbid")
    title: Text
    description: Text
    keywords: Keywords
    issued: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    modified: str = Field(pattern=r"^\d{4}-\d{2}-\d{2}$")
    publisher: Text
    license: str = Field(pattern=r"^https?://")
    bases: list[Basis] = Field(default_factory=list)


@dataclass(frozen=True)
class Distribution:
    """One export format."""

    key: str
    title: str
    media_type: str
    conforms_to: str


DISTRIBUTIONS: tuple[Distribution, ...] = (
    Distribution("jsonld", "JSON-LD", "application/ld+json", "https://www.w3.org/TR/json-ld11/"),
    Distribution("ttl", "Turtle", "text/turtle", "https://www.w3.org/TR/turtle/"),
    Distribution("nt", "N-Triples", "application/n-triples", "https://www.w3.org/TR/n-triples/"),
    Distribution(
        "nested",
        "JSON-LD (framed, one area)",
        "application/ld+json",
        "https://www.w3.org/TR/json-ld11-framing/",
    ),
    Distribution(
        "csv",
        "CSV (Frictionless Data Package)",
        "text/csv",
        "https://specs.frictionlessdata.io/data-package/",
    ),
)


@dataclass(frozen=True)
class Counts:
    """VoID counts of a graph's instance data."""

    triples: int
    entities: int
    classes: dict[str, int]
    properties: dict[str, int]
    first_year: int | None
    last_year: int | None
    bbox: tuple[float, float, float, float] | None  # min long, min lat, max long, max lat
    sources: frozenset[str]


@dataclass(frozen=True)
class DatasetRecord:
    """Everything the record states."""

    metadata: DatasetMetadata
    version: str
    counts: Counts


def read_metadata(path: Path = METADATA_FILE) -> DatasetMetadata:
    """Read ``ontology/dataset.yaml`` (a pydantic error names the field)."""
    return DatasetMetadata.model_validate(yaml.safe_load(path.read_text(encoding="utf-8")))


def seed_hash(seed_dir: Path) -> str:
    """SHA-256 over the seed files' names and bytes (sorted by name), hex."""
    digest = hashlib.sha256()
    for path in sorted(seed_dir.iterdir()):
        if path.is_file() and not path.name.startswith("."):
            digest.update(path.name.encode("utf-8") + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def version_of(content_hash: str, generation: str | None = None) -> str:
    """``seed-<12 hex>``, prefixed by the store generation when there is one."""
    seed = f"seed-{content_hash[:12]}"
    return f"{generation}+{seed}" if generation else seed


def is_record_subject(iri: str) -> bool:
    """True for the record's own nodes (the dataset, its parts, the publisher)."""
    return iri.startswith(DATASET_BASE) or iri == PUBLISHER


def count(triples: Iterable[tuple[str, str, object]]) -> Counts:
    """VoID counts of instance triples (the ontology's own declarations and the record's
    nodes excluded): triples, distinct subjects, entities per class, triples per property;
    and the years and member coordinates that give the coverage."""
    n = 0
    subjects: set[str] = set()
    classes: dict[str, set[str]] = {}
    properties: Counter[str] = Counter()
    years: list[int] = []
    lat: dict[str, float] = {}
    long: dict[str, float] = {}
    members: set[str] = set()
    sources: set[str] = set()
    rdf_type, member, source = str(RDF.type), str(MKG.member), str(PROV.wasDerivedFrom)
    wgs_lat, wgs_long = str(WGS.lat), str(WGS.long)  # looked up once (rdflib's are slow)
    year_predicates = {str(p) for p in YEAR_PREDICATES}
    skipped = (ONTOLOGY_BASE, DATASET_BASE)  # with PUBLISHER: the record's own nodes
    for s, p, o in triples:
        s, p = str(s), str(p)
        if s.startswith(skipped) or s == PUBLISHER:  # is_record_subject, inlined
            continue
        n += 1
        subjects.add(s)
        properties[p] += 1
        value = o.value if isinstance(o, Lit) else str(o)
        if p == rdf_type:
            classes.setdefault(value, set()).add(s)
        elif p in year_predicates and value[:4].isdigit():
            years.append(int(value[:4]))
        elif p == member:
            members.add(value)
        elif p == source:
            sources.add(value)
        elif p == wgs_lat:
            lat[s] = float(value)
        elif p == wgs_long:
            long[s] = float(value)
    placed = [m for m in members if m in lat and m in long]
    bbox = (
        (
            min(long[m] for m in placed),
            min(lat[m] for m in placed),
            max(long[m] for m in placed),
            max(lat[m] for m in placed),
        )
        if placed
        else None
    )
    return Counts(
        n,
        len(subjects),
        {c: len(s) for c, s in sorted(classes.items())},
        dict(sorted(properties.items())),
        min(years) if years else None,
        max(years) if years else None,
        bbox,
        frozenset(sources),
    )


def _key(iri: str) -> str:
    """``https://w3id.org/metrokg/def#Plan`` → ``mkg-Plan`` (prefix and local name)."""
    for prefix, ns in sorted(PREFIXES.items(), key=lambda kv: -len(kv[1])):
        if iri.startswith(ns) and iri[len(ns) :].replace("-", "").replace("_", "").isalnum():
            return f"{prefix}-{iri[len(ns):]}"
    return "iri-" + hashlib.sha256(iri.encode("utf-8")).hexdigest()[:12]


def _texts(s: str, p: str, text: Text) -> Iterator[Triple]:
    yield s, p, Lit(text.zh, lang="zh")
    yield s, p, Lit(text.en, lang="en")


def _integer(n: int) -> Lit:
    return Lit(str(n), datatype=str(XSD.integer))


def _date(day: str) -> Lit:
    return Lit(day, datatype=str(XSD.date))


def _year(year: int) -> Lit:
    return Lit(f"{year:04d}", datatype=str(XSD.gYear))


def dataset_triples(record: DatasetRecord) -> Iterator[Triple]:
    """The dataset node: DCAT and schema.org, its provenance and licences."""
    meta, d = record.metadata, DATASET
    yield d, RDF.type, DCAT.Dataset
    yield d, RDF.type, SDO.Dataset
    yield d, RDF.type, VOID.Dataset
    yield d, DCTERMS.identifier, Lit(d)
    yield from _texts(d, DCTERMS.title, meta.title)
    yield from _texts(d, DCTERMS.description, meta.description)
    yield from _texts(d, SDO.name, meta.title)
    yield from _texts(d, SDO.description, meta.description)
    for word in meta.keywords.zh:
        yield d, DCAT.keyword, Lit(word, lang="zh")
    for word in meta.keywords.en:
        yield d, DCAT.keyword, Lit(word, lang="en")
    yield d, DCAT.version, Lit(record.version)
    yield d, SDO.version, Lit(record.version)
    yield d, DCTERMS.issued, _date(meta.issued)
    yield d, DCTERMS.modified, _date(meta.modified)
    yield d, SDO.datePublished, _date(meta.issued)
    yield d, SDO.dateModified, _date(meta.modified)
    yield d, DCTERMS.publisher, PUBLISHER
    yield d, SDO.publisher, PUBLISHER
    yield d, DCTERMS.license, meta.license
    yield d, SDO.license, meta.license
    yield d, DCTERMS.language, ISO639.zh
    yield d, DCTERMS.language, ISO639.en
    yield d, SDO.inLanguage, Lit("zh")
    yield d, SDO.inLanguage, Lit("en")
    report = iris.source("report")
    yield d, PROV.wasDerivedFrom, report
    yield d, DCTERMS.source, report
    yield d, SDO.isBasedOn, report
    for basis in meta.bases:
        if basis.source is None or iris.source(basis.source) in record.counts.sources:
            b = basis_iri(basis)
            yield d, PROV.wasDerivedFrom, b
            yield d, DCTERMS.source, b
            yield d, SDO.isBasedOn, b
    yield d, DCTERMS.spatial, CHINA_GEONAMES
    yield d, SDO.spatialCoverage, CHINA_GEONAMES
    counts = record.counts
    if counts.first_year is not None and counts.last_year is not None:
        yield d, DCTERMS.temporal, f"{DATASET}/period"
        yield d, SDO.temporalCoverage, Lit(f"{counts.first_year}/{counts.last_year}")
    for dist in DISTRIBUTIONS:
        yield d, DCAT.distribution, distribution_iri(dist)
        yield d, SDO.distribution, distribution_iri(dist)
    yield d, VOID.uriSpace, Lit(BASE_ID)
    yield d, VOID.vocabulary, BASE_DEF.rstrip("#")
    yield d, VOID.triples, _integer(counts.triples)
    yield d, VOID.entities, _integer(counts.entities)
    yield d, VOID.classes, _integer(len(counts.classes))
    yield d, VOID.properties, _integer(len(counts.properties))


def basis_iri(basis: Basis) -> str:
    """IRI of a dataset the graph builds on."""
    return f"{DATASET_BASE}{basis.key}"


def distribution_iri(dist: Distribution) -> str:
    """IRI of one distribution (export format)."""
    return f"{DATASET}/distribution/{dist.key}"


def basis_triples(record: DatasetRecord) -> Iterator[Triple]:
    """The datasets the graph builds on, with their licences."""
    for basis in record.metadata.bases:
        if basis.source is not None and iris.source(basis.source) not in record.counts.sources:
            continue
        b = basis_iri(basis)
        yield b, RDF.type, DCAT.Dataset
        yield b, RDF.type, SDO.Dataset
        yield from _texts(b, DCTERMS.title, basis.title)
        yield from _texts(b, SDO.name, basis.title)
        yield b, DCTERMS.license, basis.license
        yield b, SDO.license, basis.license
        yield b, DCAT.landingPage, basis.landing_page
        if basis.version:
            yield b, DCAT.version, Lit(basis.version)
        if basis.source is not None:
            yield b, PROV.wasDerivedFrom, iris.source(basis.source)


def publisher_triples(record: DatasetRecord) -> Iterator[Triple]:
    """The publisher (an organisation)."""
    yield PUBLISHER, RDF.type, FOAF.Organization
    yield PUBLISHER, RDF.type, SDO.Organization
    yield from _texts(PUBLISHER, FOAF.name, record.metadata.publisher)


def coverage_triples(record: DatasetRecord) -> Iterator[Triple]:
    """The temporal coverage (a period of years) and the bounding box of the member units."""
    counts = record.counts
    if counts.first_year is not None and counts.last_year is not None:
        period = f"{DATASET}/period"
        yield period, RDF.type, DCTERMS.PeriodOfTime
        yield period, DCAT.startDate, _year(counts.first_year)
        yield period, DCAT.endDate, _year(counts.last_year)
    if counts.bbox is not None:
        w, s, e, n = counts.bbox
        wkt = f"POLYGON(({w} {s}, {e} {s}, {e} {n}, {w} {n}, {w} {s}))"
        yield DATASET, DCAT.bbox, Lit(wkt, datatype=str(GEO.wktLiteral))


def distribution_triples(record: DatasetRecord) -> Iterator[Triple]:
    """One distribution per export format."""
    for dist in DISTRIBUTIONS:
        x = distribution_iri(dist)
        yield x, RDF.type, DCAT.Distribution
        yield x, RDF.type, SDO.DataDownload
        yield x, DCTERMS.title, Lit(dist.title)
        yield x, DCTERMS.format, Lit(dist.media_type)
        yield x, DCAT.mediaType, f"{IANA_MEDIA}{dist.media_type}"
        yield x, SDO.encodingFormat, Lit(dist.media_type)
        yield x, DCTERMS.conformsTo, dist.conforms_to
        yield x, DCTERMS.license, record.metadata.license
        yield x, DCAT.accessURL, DATASET


def partition_triples(record: DatasetRecord) -> Iterator[Triple]:
    """VoID class partitions (entities per class) and property partitions (triples per
    property: the links between entities are the partitions of IRI-valued properties)."""
    for cls, n in record.counts.classes.items():
        x = f"{DATASET}/class/{_key(cls)}"
        yield DATASET, VOID.classPartition, x
        yield x, VOID["class"], cls
        yield x, VOID.entities, _integer(n)
    for prop, n in record.counts.properties.items():
        x = f"{DATASET}/property/{_key(prop)}"
        yield DATASET, VOID.propertyPartition, x
        yield x, VOID.property, prop
        yield x, VOID.triples, _integer(n)


def record_triples(record: DatasetRecord) -> list[Triple]:
    """The whole record, one function a kind; IRIs as plain ``str`` (as the mappers make
    them: the fast writers compare them with ``str``, which an rdflib ``URIRef`` never equals)."""
    triples = [
        *dataset_triples(record),
        *basis_triples(record),
        *publisher_triples(record),
        *coverage_triples(record),
        *distribution_triples(record),
        *partition_triples(record),
    ]
    return [(str(s), str(p), o if isinstance(o, Lit) else str(o)) for s, p, o in triples]


def build_record(
    triples: Iterable[tuple[str, str, object]],
    content_hash: str,
    generation: str | None = None,
    metadata: DatasetMetadata | None = None,
) -> DatasetRecord:
    """The record of a graph's instance ``triples``."""
    return DatasetRecord(
        metadata or read_metadata(), version_of(content_hash, generation), count(triples)
    )


def stamped_version(version: str, generation: str) -> str:
    """``seed-<hash>`` (or an earlier stamp) with ``generation`` in front."""
    seed = version.rsplit("+", 1)[-1]
    return f"{generation}+{seed}"
