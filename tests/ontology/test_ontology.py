"""The hand-edited model files: metrokg.ttl, vocabularies.ttl, shapes.ttl, context.jsonld.

Checks that they parse (rdflib and Oxigraph), that the local namespace stays closed, that every
local term is documented and aligned to a standard vocabulary, that the SKOS schemes are complete,
that the SHACL shapes accept a small valid graph and reject broken ones at the right field, and that
the JSON-LD context round-trips a graph without losing Chinese.
"""

from __future__ import annotations

import importlib
import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeGuard, get_args

import pyoxigraph
import pyshacl
import pytest
from pyld import jsonld
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.term import Node

import ontology.namespaces as _namespaces
from ontology.namespaces import (
    BASE_DEF,
    DCTERMS,
    ELI,
    GEO,
    ID,
    MKG,
    MKG_CLASSES,
    MKG_PROPERTIES,
    ORG,
    OWL,
    PREFIXES,
    PROV,
    QB,
    RDF,
    RDFS,
    SCHEMES,
    SDMX_DIM,
    SDMX_MEAS,
    SDO,
    SH,
    SKOS,
    VOC_BASE,
    WGS,
    concept,
    scheme_iri,
)

# rdflib's XSD namespace warns on any unknown attribute, and pytest probes module attributes while
# collecting; a plain Namespace with the same IRI gives the same terms without the noise.
XSD = Namespace(str(_namespaces.XSD))

ONTOLOGY_DIR = Path(__file__).resolve().parents[2] / "ontology"
TURTLE_FILES = ("metrokg.ttl", "vocabularies.ttl", "shapes.ttl")
CONTEXT_FILE = ONTOLOGY_DIR / "context.jsonld"

MKG_TERMS = frozenset((*MKG_CLASSES, *MKG_PROPERTIES))
# Namespaces an alignment may point to: every standard vocabulary of namespaces.PREFIXES, plus
# the SDMX attribute vocabulary (used for closeMatch only).
SDMX_ATTRIBUTE = "http://purl.org/linked-data/sdmx/2009/attribute#"
STANDARD_NAMESPACES = (
    *(ns for prefix, ns in PREFIXES.items() if prefix not in ("mkg", "mkgid")),
    SDMX_ATTRIBUTE,
)
ALIGNMENT_PREDICATES = (
    RDFS.subClassOf,
    RDFS.subPropertyOf,
    SKOS.closeMatch,
    SKOS.exactMatch,
    OWL.equivalentClass,
    OWL.equivalentProperty,
    OWL.inverseOf,
)

# The concepts each scheme must have (seed keys, underscores as in the seed).
EXPECTED_CONCEPTS: dict[str, set[str]] = {
    "level": {"province", "prefecture", "county"},
    "role": {"core", "extended", "task_related"},
    "coverage": {"whole", "districts_only", "central_urban_area", "part"},
    "process-step": {"in_preparation", "approved", "issued"},
    "publication": {"public", "not_public", "unknown"},
    "tier": {"area", "city_pair", "adjacent_county", "province", "city"},
    "availability-state": {"none_public", "in_preparation", "exists"},
    "zone-kind": {
        "new_area", "demonstration_zone", "cooperation_zone",
        "experimental_zone", "development_zone", "investment_zone",
    },
    "agency-kind": {
        "leading_group", "office", "affairs_centre", "government", "party_central", "state_council",
        "ministry", "commission", "department", "enterprise", "research_team", "research_institute",
    },
    "change-kind": {
        "abolished", "established", "renamed", "code_changed", "parent_changed",
        "territory_changed",
    },
    "measure": {
        "land_area", "population", "gdp", "coastline", "share_of_province_land",
        "share_of_province_population", "share_of_province_gdp", "share_of_province_coastline",
        "flat_land_area", "hilly_land_area", "mountain_land_area", "city_count",
        "neighbour_city_count", "urban_population", "population_decrease", "urbanization_rate",
    },
    "year-basis": {"end_of_year", "year"},
    "component-kind": {"sub_index", "dimension", "indicator"},
    "theme": {
        "background", "general_requirements", "spatial_layout", "infrastructure", "innovation",
        "industry", "opening_up", "market", "public_services", "ecology", "urban_rural",
        "institutions", "implementation", "culture", "ocean_economy", "consumption",
        "taiwan_cooperation", "belt_and_road",
    },
}  # fmt: skip


# ---------------------------------------------------------------------------------------------
# Fixtures
# ---------------------------------------------------------------------------------------------


def _parse(name: str) -> Graph:
    return Graph().parse(ONTOLOGY_DIR / name, format="turtle")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return _parse("metrokg.ttl")


@pytest.fixture(scope="module")
def vocabularies() -> Graph:
    return _parse("vocabularies.ttl")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return _parse("shapes.ttl")


@pytest.fixture(scope="module")
def context() -> dict[str, Any]:
    return json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))


def _is_local(term: Node | None) -> TypeGuard[URIRef]:
    return isinstance(term, URIRef) and str(term).startswith(BASE_DEF)


def _local_name(term: URIRef) -> str:
    return str(term)[len(BASE_DEF) :]


def _texts(graph: Graph, subject: Node, predicate: URIRef, lang: str) -> list[str]:
    return [
        str(o)
        for o in graph.objects(subject, predicate)
        if isinstance(o, Literal) and o.language == lang
    ]


# ---------------------------------------------------------------------------------------------
# Parsing
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", TURTLE_FILES)
def test_turtle_parses_with_rdflib(name: str) -> None:
    assert len(_parse(name)) > 100


@pytest.mark.parametrize("name", TURTLE_FILES)
def test_turtle_loads_into_oxigraph(name: str) -> None:
    store = pyoxigraph.Store()
    store.load(path=ONTOLOGY_DIR / name, format=pyoxigraph.RdfFormat.TURTLE)
    assert len(store) == len(_parse(name))


@pytest.mark.parametrize("name", (*TURTLE_FILES, "context.jsonld"))
def test_files_are_utf8_without_bom(name: str) -> None:
    raw = (ONTOLOGY_DIR / name).read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    raw.decode("utf-8")


@pytest.mark.parametrize("name", (*TURTLE_FILES, "context.jsonld"))
def test_no_https_schema_org(name: str) -> None:
    """schema.org is always http://schema.org/ (rdflib's SDO is https)."""
    assert "https://schema.org" not in (ONTOLOGY_DIR / name).read_text(encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# The closed local namespace
# ---------------------------------------------------------------------------------------------


def test_every_local_class_is_declared(ontology: Graph) -> None:
    missing = [c for c in MKG_CLASSES if (MKG[c], RDF.type, OWL.Class) not in ontology]
    assert missing == []


def test_every_local_property_is_declared(ontology: Graph) -> None:
    kinds = (OWL.ObjectProperty, OWL.DatatypeProperty)
    missing = [
        p for p in MKG_PROPERTIES if not any((MKG[p], RDF.type, k) in ontology for k in kinds)
    ]
    assert missing == []
    both = [p for p in MKG_PROPERTIES if all((MKG[p], RDF.type, k) in ontology for k in kinds)]
    assert both == []


@pytest.mark.parametrize("name", TURTLE_FILES)
def test_only_known_local_terms_in_graph(name: str) -> None:
    graph = _parse(name)
    used = {_local_name(t) for t in graph.all_nodes() if _is_local(t)}
    used |= {_local_name(p) for p in graph.predicates() if _is_local(p)}
    assert used - MKG_TERMS == set()


@pytest.mark.parametrize("name", (*TURTLE_FILES, "context.jsonld"))
def test_only_known_local_terms_in_text(name: str) -> None:
    """Also catches mkg: terms inside SPARQL strings and JSON values."""
    text = (ONTOLOGY_DIR / name).read_text(encoding="utf-8")
    used = set(re.findall(r"\bmkg:([A-Za-z_][A-Za-z0-9_]*)", text))
    used |= set(re.findall(re.escape(BASE_DEF) + r"([A-Za-z_][A-Za-z0-9_]*)", text))
    assert used - MKG_TERMS == set()


def test_ontology_header(ontology: Graph) -> None:
    header = URIRef(BASE_DEF.rstrip("#"))
    assert (header, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(header, OWL.versionInfo) is not None
    for lang in ("zh", "en"):
        assert _texts(ontology, header, RDFS.label, lang)
        assert _texts(ontology, header, RDFS.comment, lang)


# ---------------------------------------------------------------------------------------------
# Documentation and alignment of every local term
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("term", sorted(MKG_TERMS))
def test_term_has_labels_and_definitions(ontology: Graph, term: str) -> None:
    for predicate in (RDFS.label, SKOS.definition):
        for lang in ("zh", "en"):
            values = _texts(ontology, MKG[term], predicate, lang)
            assert len(values) == 1, (
                f"mkg:{term} needs exactly one {predicate} @{lang}, has {values}"
            )
            assert values[0].strip()
    zh_label = _texts(ontology, MKG[term], RDFS.label, "zh")[0]
    assert re.search(r"[\u4e00-\u9fff]", zh_label), f"mkg:{term}: Chinese label without Chinese"


def _standard_alignment(ontology: Graph, term: URIRef) -> URIRef | None:
    """The first non-local term reached through alignment predicates, following local ones."""
    seen: set[URIRef] = set()
    todo = [term]
    while todo:
        current = todo.pop()
        for predicate in ALIGNMENT_PREDICATES:
            for target in ontology.objects(current, predicate):
                if not isinstance(target, URIRef) or target in (OWL.Thing, RDFS.Resource):
                    continue
                if not _is_local(target):
                    return target
                if target not in seen:
                    seen.add(target)
                    todo.append(target)
    return None


@pytest.mark.parametrize("term", sorted(MKG_TERMS))
def test_term_aligns_to_a_standard_vocabulary(ontology: Graph, term: str) -> None:
    target = _standard_alignment(ontology, MKG[term])
    assert target is not None, f"mkg:{term} is not aligned to any standard term"
    assert str(target).startswith(STANDARD_NAMESPACES), f"mkg:{term} aligned to unknown {target}"


def test_every_alignment_target_is_in_a_known_namespace(ontology: Graph) -> None:
    bad = [
        (s, p, o)
        for p in ALIGNMENT_PREDICATES
        for s, o in ontology.subject_objects(p)
        if isinstance(o, URIRef) and not _is_local(o) and not str(o).startswith(STANDARD_NAMESPACES)
    ]
    assert bad == []


@pytest.mark.parametrize(
    ("term", "predicate", "standard"),
    [
        (MKG.MetropolitanArea, RDFS.subClassOf, GEO.Feature),
        (MKG.MetropolitanArea, RDFS.subClassOf, SDO.Place),
        (MKG.AdministrativeUnit, RDFS.subClassOf, SDO.AdministrativeArea),
        (MKG.Plan, RDFS.subClassOf, ELI.Work),
        (MKG.DevelopmentPlan, RDFS.subClassOf, ELI.Work),
        (MKG.KeyAreaPlan, RDFS.subClassOf, ELI.Work),
        (MKG.PlanChapter, RDFS.subClassOf, ELI.WorkSubdivision),
        (MKG.ActionDocument, RDFS.subClassOf, ELI.Work),
        (MKG.Memorandum, RDFS.subClassOf, MKG.CooperationAgreement),
        (MKG.Memorandum, RDFS.subClassOf, ELI.Work),
        (MKG.LeadingGroup, RDFS.subClassOf, ORG.Organization),
        (MKG.LeadingGroupOffice, RDFS.subClassOf, ORG.OrganizationalUnit),
        (MKG.AffairsCentre, RDFS.subClassOf, ORG.FormalOrganization),
        (MKG.GovernmentBody, RDFS.subClassOf, ORG.Organization),
        (MKG.Observation, RDFS.subClassOf, QB.Observation),
        (MKG.Reference, RDFS.subClassOf, DCTERMS.BibliographicResource),
        (MKG.IndicatorSystem, RDFS.subClassOf, SKOS.ConceptScheme),
        (MKG.IndicatorComponent, RDFS.subClassOf, SKOS.Concept),
        (MKG.Mode, RDFS.subClassOf, SKOS.Concept),
        (MKG.ModeFacet, RDFS.subClassOf, SKOS.Concept),
        (MKG.divisionCode, RDFS.subPropertyOf, SKOS.notation),
        (MKG.planFor, RDFS.subPropertyOf, DCTERMS.coverage),
        (MKG.liesIn, RDFS.subPropertyOf, SDO.containedInPlace),
        (MKG.sourceWords, RDFS.subPropertyOf, SKOS.note),
        (MKG.interpretation, RDFS.subPropertyOf, SKOS.note),
        (MKG.note, RDFS.subPropertyOf, SKOS.note),
    ],
)
def test_required_alignments(
    ontology: Graph, term: URIRef, predicate: URIRef, standard: URIRef
) -> None:
    assert standard in set(ontology.transitive_objects(term, predicate))


def test_plan_and_document_kinds_specialise_their_parent(ontology: Graph) -> None:
    plans = ("DevelopmentPlan", "TerritorialSpatialPlan", "SpecialPlan", "SubRegionalPlan",
             "AdjacentAreaPlan", "CoordinationGuideline", "KeyAreaPlan")  # fmt: skip
    documents = (
        "ActionPlan",
        "ImplementationScheme",
        "AnnualWorkPoints",
        "CooperationAgreement",
        "Memorandum",
    )
    for name in plans:
        assert MKG.Plan in set(ontology.transitive_objects(MKG[name], RDFS.subClassOf))
    for name in documents:
        assert MKG.ActionDocument in set(ontology.transitive_objects(MKG[name], RDFS.subClassOf))


# ---------------------------------------------------------------------------------------------
# Domains, ranges, cardinality
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("prop", MKG_PROPERTIES)
def test_property_has_domain_and_range(ontology: Graph, prop: str) -> None:
    assert ontology.value(MKG[prop], RDFS.domain) is not None
    rng = ontology.value(MKG[prop], RDFS.range)
    assert rng is not None
    if (MKG[prop], RDF.type, OWL.DatatypeProperty) in ontology:
        union = ontology.value(rng, OWL.unionOf)
        members = set(Collection(ontology, union)) if union is not None else {rng}
        assert all(str(m).startswith((str(XSD), str(RDF))) for m in members), (
            f"mkg:{prop} range {members}"
        )


@pytest.mark.parametrize(
    ("prop", "datatype"),
    [
        ("periodStart", XSD.gYear),
        ("periodEnd", XSD.gYear),
        ("documentYear", XSD.gYear),
        ("refYear", XSD.gYear),
        ("validUntil", XSD.gYear),
        ("revisedIn", XSD.gYear),
        ("releasePublic", XSD.boolean),
        ("approximate", XSD.boolean),
        ("chapterNumber", XSD.integer),
        ("referenceNumber", XSD.integer),
        ("divisionCode", XSD.string),
        ("note", XSD.string),
        ("interpretation", XSD.string),
        ("scopeText", RDF.langString),
        ("sourceWords", RDF.langString),
        ("valueText", RDF.langString),
    ],
)
def test_datatype_ranges(ontology: Graph, prop: str, datatype: URIRef) -> None:
    assert ontology.value(MKG[prop], RDFS.range) == datatype


FUNCTIONAL = (
    "area", "member", "role", "coverage", "periodStart", "periodEnd", "divisionCode", "level",
    "chapterNumber", "measure", "refYear", "documentYear", "tier", "availabilityOf", "valueOf",
)  # fmt: skip
MULTI_VALUED = (
    "planFor", "liesIn", "theme", "hasMembership", "excludes", "issuedBy", "ledBy", "basedOn",
    "party", "coordinates", "evaluates", "component", "facetValue", "sourceWords", "note",
    "interpretation", "authorName",
)  # fmt: skip


@pytest.mark.parametrize("prop", FUNCTIONAL)
def test_single_valued_properties_are_functional(ontology: Graph, prop: str) -> None:
    assert (MKG[prop], RDF.type, OWL.FunctionalProperty) in ontology


@pytest.mark.parametrize("prop", MULTI_VALUED)
def test_multi_valued_properties_are_not_functional(ontology: Graph, prop: str) -> None:
    assert (MKG[prop], RDF.type, OWL.FunctionalProperty) not in ontology


def test_concept_valued_properties_name_an_existing_scheme(
    ontology: Graph, vocabularies: Graph
) -> None:
    schemes = set(vocabularies.subjects(RDF.type, SKOS.ConceptScheme))
    named = {
        p: s
        for p, s in ontology.subject_objects(RDFS.seeAlso)
        if _is_local(p) and str(s).startswith(VOC_BASE)
    }
    assert named, "no property names its concept scheme"
    assert set(named.values()) <= schemes
    concept_valued = {p for p in ontology.subjects(RDFS.range, SKOS.Concept) if _is_local(p)}
    assert concept_valued == set(named)


# ---------------------------------------------------------------------------------------------
# SKOS vocabularies
# ---------------------------------------------------------------------------------------------


def _concepts(vocabularies: Graph, scheme: str) -> set[URIRef]:
    return {
        c for c in vocabularies.subjects(SKOS.inScheme, scheme_iri(scheme)) if isinstance(c, URIRef)
    }


def test_every_scheme_is_declared_and_nothing_else(vocabularies: Graph) -> None:
    declared = set(vocabularies.subjects(RDF.type, SKOS.ConceptScheme))
    assert declared == {scheme_iri(s) for s in SCHEMES}


@pytest.mark.parametrize("scheme", SCHEMES)
def test_scheme_has_its_concepts(vocabularies: Graph, scheme: str) -> None:
    iri = scheme_iri(scheme)
    for lang in ("zh", "en"):
        assert _texts(vocabularies, iri, SKOS.prefLabel, lang)
    assert _concepts(vocabularies, scheme) == {
        concept(scheme, key) for key in EXPECTED_CONCEPTS[scheme]
    }
    assert set(vocabularies.objects(iri, SKOS.hasTopConcept)) == _concepts(vocabularies, scheme)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_concept_is_complete(vocabularies: Graph, scheme: str) -> None:
    for c in _concepts(vocabularies, scheme):
        assert (c, RDF.type, SKOS.Concept) in vocabularies
        assert (c, SKOS.topConceptOf, scheme_iri(scheme)) in vocabularies
        for lang in ("zh", "en"):
            labels = _texts(vocabularies, c, SKOS.prefLabel, lang)
            assert len(labels) == 1, f"{c} needs exactly one prefLabel @{lang}"
        notations = [str(n) for n in vocabularies.objects(c, SKOS.notation)]
        assert len(notations) == 1
        # The notation is the seed key; the IRI is derived from it.
        assert concept(scheme, notations[0]) == c
        assert "-" not in notations[0]


@pytest.mark.parametrize(
    ("scheme", "model_type"),
    [
        ("role", "Role"),
        ("coverage", "Coverage"),
        ("process-step", "ProcessStep"),
        ("publication", "Publication"),
        ("tier", "Tier"),
        ("availability-state", "AvailabilityState"),
        ("zone-kind", "ZoneKind"),
        ("agency-kind", "AgencyKind"),
        ("measure", "Measure"),
        ("year-basis", "YearBasis"),
        ("component-kind", "ComponentKind"),
        ("theme", "Theme"),
    ],
)
def test_every_seed_value_the_models_accept_has_a_concept(scheme: str, model_type: str) -> None:
    """The seed models (ontology/models.py) and the schemes list the same keys."""
    models = importlib.import_module("ontology.models")
    assert set(get_args(getattr(models, model_type))) == EXPECTED_CONCEPTS[scheme]


def test_concept_iris_use_hyphens(vocabularies: Graph) -> None:
    assert concept("role", "task_related") in set(vocabularies.subjects(RDF.type, SKOS.Concept))
    assert str(concept("role", "task_related")).endswith("/role/task-related")


def test_themes_are_defined_in_both_languages(vocabularies: Graph) -> None:
    for c in _concepts(vocabularies, "theme"):
        for lang in ("zh", "en"):
            assert _texts(vocabularies, c, SKOS.definition, lang), f"{c} needs a definition @{lang}"


def test_no_blank_nodes_in_vocabularies(vocabularies: Graph) -> None:
    assert all(isinstance(t, URIRef | Literal) for t in vocabularies.all_nodes())


# ---------------------------------------------------------------------------------------------
# SHACL shapes: consistency with the vocabularies
# ---------------------------------------------------------------------------------------------


def test_sh_in_concept_lists_match_the_schemes(shapes: Graph, vocabularies: Graph) -> None:
    """Every sh:in list of concepts lists exactly the concepts of one scheme."""
    checked = 0
    for lst in shapes.objects(None, SH["in"]):
        members = set(Collection(shapes, lst))
        if not all(str(m).startswith(VOC_BASE) for m in members):
            continue
        schemes = {vocabularies.value(m, SKOS.inScheme) for m in members}
        assert len(schemes) == 1 and None not in schemes, (
            f"sh:in list mixes schemes or unknown concepts: {members}"
        )
        scheme = next(iter(schemes))
        assert members == set(vocabularies.subjects(SKOS.inScheme, scheme))
        checked += 1
    assert checked >= 10


def test_sh_in_plan_class_lists_are_the_plan_subclasses(shapes: Graph, ontology: Graph) -> None:
    plan_classes = {c for c in ontology.subjects(RDFS.subClassOf, MKG.Plan)}
    lists = [set(Collection(shapes, lst)) for lst in shapes.objects(None, SH["in"])]
    class_lists = [m for m in lists if all(_is_local(x) for x in m)]
    assert class_lists and all(m == plan_classes for m in class_lists)


def test_every_property_shape_has_a_message_naming_its_field(shapes: Graph) -> None:
    # Members of an sh:xone list carry no message of their own: their node shape has one.
    in_xone = {m for lst in shapes.objects(None, SH.xone) for m in Collection(shapes, lst)}
    for xone_owner in shapes.subjects(SH.xone, None):
        assert shapes.value(xone_owner, SH.message) is not None
    for shape in set(shapes.subjects(SH.path, None)) - in_xone:
        path = shapes.value(shape, SH.path)
        message = shapes.value(shape, SH.message)
        assert message is not None, f"property shape on {path} has no sh:message"
        assert str(path).split("#")[-1].split("/")[-1] in str(message), (
            f"{message!r} does not name {path}"
        )
    for node_shape in shapes.subjects(RDF.type, SH.NodeShape):
        assert shapes.value(node_shape, SH.targetClass) is not None, node_shape


# ---------------------------------------------------------------------------------------------
# SHACL shapes: a valid graph, and broken ones
# ---------------------------------------------------------------------------------------------


def zh(text: str) -> Literal:
    return Literal(text, lang="zh")


def en(text: str) -> Literal:
    return Literal(text, lang="en")


def string(text: str) -> Literal:
    """A simple literal, as the loaders write it (RDF 1.1: the same as xsd:string)."""
    return Literal(text)


def year(text: str) -> Literal:
    return Literal(text, datatype=XSD.gYear)


AREA = ID["area/nanjing"]
AREA_XIAN = ID["area/xian"]
MEMBERSHIP = ID["membership/nanjing/core/321183"]
ZONE_MEMBERSHIP = ID["membership/xian/core/xixian"]
JURONG = ID["unit/321183"]
PLAN = ID["plan/nanjing-development-plan"]
SPECIAL_PLAN = ID["plan/nanjing-urban-rural-spatial-plan"]
CHAPTER = ID["plan/nanjing-development-plan/chapter/1"]
DOCUMENT = ID["document/nanjing-2019-integration-action-plan"]
MEMORANDUM = ID["document/fuzhou-cooperation-memorandum"]
OBSERVATION = ID["observation/nanjing/population/core/2019"]
COMPONENT_TOP = ID["indicator/xian-evaluation/development"]
COMPONENT_LEAF = ID["indicator/xian-evaluation/gdp-per-capita"]


def build_valid_graph() -> Graph:
    """A small graph with one or two records of every kind, as the loaders emit them."""
    g = Graph()

    def add(s: URIRef, p: URIRef, o: Node) -> None:
        g.add((s, p, o))

    # Sources
    report = ID["source/report"]
    sections = {
        "table-1-1": "表1-1",
        "table-1-3": "表1-3",
        "table-1-4": "表1-4",
        "table-1-5": "表1-5",
        "table-1-6": "表1-6",
        "section-1-1": "第一节",
        "box-xian": "专栏：西安",
        "references": "参考文献",
        "gazetteer": "行政区划数据",
    }
    for key, label in sections.items():
        add(ID[f"source/{key}"], RDF.type, MKG.SourceSection)
        add(ID[f"source/{key}"], RDFS.label, zh(label))
        add(ID[f"source/{key}"], DCTERMS.isPartOf, report)
    src = {key: ID[f"source/{key}"] for key in sections}

    # Administrative units
    def unit(code: str, name: str, level: str, parent: str | None = None) -> URIRef:
        u = ID[f"unit/{code}"]
        add(u, RDF.type, MKG.AdministrativeUnit)
        add(u, RDFS.label, zh(name))
        add(u, MKG.divisionCode, string(code))
        add(u, SKOS.notation, string(code))
        add(u, MKG.level, concept("level", level))
        if parent:
            add(u, SDO.containedInPlace, ID[f"unit/{parent}"])
        add(u, WGS.lat, Literal("32.0", datatype=XSD.decimal))
        add(u, WGS.long, Literal("118.8", datatype=XSD.decimal))
        add(u, PROV.wasDerivedFrom, src["gazetteer"])
        return u

    unit("320000", "江苏省", "province")
    nanjing_city = unit("320100", "南京市", "prefecture", "320000")
    unit("321100", "镇江市", "prefecture", "320000")
    unit("321183", "句容市", "county", "321100")
    unit("610000", "陕西省", "province")
    xian_city = unit("610100", "西安市", "prefecture", "610000")
    xianyang_city = unit("610400", "咸阳市", "prefecture", "610000")

    # Organisations
    ndrc = ID["org/ndrc"]
    add(ndrc, RDF.type, MKG.GovernmentBody)
    add(ndrc, RDFS.label, zh("国家发展改革委"))
    add(ndrc, RDFS.label, en("National Development and Reform Commission"))
    add(ndrc, MKG.agencyKind, concept("agency-kind", "commission"))
    add(ndrc, PROV.wasDerivedFrom, src["section-1-1"])
    nanjing_gov = ID["org/nanjing-government"]
    add(nanjing_gov, RDF.type, MKG.GovernmentBody)
    add(nanjing_gov, RDFS.label, zh("南京市人民政府"))
    add(nanjing_gov, MKG.agencyKind, concept("agency-kind", "government"))
    add(nanjing_gov, DCTERMS.spatial, nanjing_city)
    add(nanjing_gov, PROV.wasDerivedFrom, src["table-1-6"])
    group = ID["org/xian-leading-group"]
    add(group, RDF.type, MKG.LeadingGroup)
    add(group, RDFS.label, zh("西安都市圈建设领导小组"))
    add(group, MKG.agencyKind, concept("agency-kind", "leading_group"))
    add(group, MKG.coordinates, AREA_XIAN)
    add(group, PROV.wasDerivedFrom, src["section-1-1"])
    office = ID["org/xian-leading-group-office"]
    add(office, RDF.type, MKG.LeadingGroupOffice)
    add(office, RDFS.label, zh("西安都市圈建设领导小组办公室"))
    add(office, MKG.agencyKind, concept("agency-kind", "office"))
    add(office, ORG.unitOf, group)
    add(office, PROV.wasDerivedFrom, src["section-1-1"])

    # Areas
    add(AREA, RDF.type, MKG.MetropolitanArea)
    add(AREA, RDFS.label, zh("南京都市圈"))
    add(AREA, RDFS.label, en("Nanjing Metropolitan Area"))
    add(AREA, MKG.centralCity, nanjing_city)
    add(AREA, MKG.releaseDate, Literal("2021-03", datatype=XSD.gYearMonth))
    add(AREA, MKG.releasePublic, Literal(True))
    add(AREA, MKG.approvedBy, ndrc)
    add(AREA, MKG.scopeText, zh("南京都市圈由以江苏省南京市为中心……"))
    add(AREA, MKG.hasMembership, MEMBERSHIP)
    add(AREA, PROV.wasDerivedFrom, src["table-1-3"])
    add(AREA_XIAN, RDF.type, MKG.MetropolitanArea)
    add(AREA_XIAN, RDFS.label, zh("西安都市圈"))
    add(AREA_XIAN, MKG.releasePublic, Literal(True))
    add(AREA_XIAN, MKG.hasMembership, ZONE_MEMBERSHIP)
    add(AREA_XIAN, PROV.wasDerivedFrom, src["table-1-3"])

    # Special zone and memberships
    xixian = ID["zone/xixian"]
    add(xixian, RDF.type, MKG.SpecialZone)
    add(xixian, RDFS.label, zh("西咸新区"))
    add(xixian, RDFS.label, en("Xixian New Area"))
    add(xixian, MKG.zoneKind, concept("zone-kind", "new_area"))
    add(xixian, MKG.liesIn, xian_city)
    add(xixian, MKG.liesIn, xianyang_city)
    add(xixian, MKG.liesInSource, string("国务院关于同意设立陕西西咸新区的批复（国函〔2014〕2号）"))
    add(xixian, PROV.wasDerivedFrom, src["table-1-3"])
    add(MEMBERSHIP, RDF.type, MKG.ScopeMembership)
    add(MEMBERSHIP, MKG.area, AREA)
    add(MEMBERSHIP, MKG.member, JURONG)
    add(MEMBERSHIP, MKG.role, concept("role", "core"))
    add(MEMBERSHIP, MKG.coverage, concept("coverage", "whole"))
    add(MEMBERSHIP, MKG.sourceWords, zh("句容市"))
    add(MEMBERSHIP, PROV.wasDerivedFrom, src["table-1-3"])
    add(ZONE_MEMBERSHIP, RDF.type, MKG.ScopeMembership)
    add(ZONE_MEMBERSHIP, MKG.area, AREA_XIAN)
    add(ZONE_MEMBERSHIP, MKG.member, xixian)
    add(ZONE_MEMBERSHIP, MKG.role, concept("role", "core"))
    add(ZONE_MEMBERSHIP, MKG.coverage, concept("coverage", "whole"))
    add(ZONE_MEMBERSHIP, MKG.sourceWords, zh("西安市全域（含西咸新区）"))
    add(ZONE_MEMBERSHIP, MKG.interpretation, string("含西咸新区 read as the zone being a member"))
    add(ZONE_MEMBERSHIP, PROV.wasDerivedFrom, src["table-1-3"])

    # Plans, a chapter, an availability statement
    add(PLAN, RDF.type, MKG.DevelopmentPlan)
    add(PLAN, DCTERMS.title, zh("南京都市圈发展规划（2021—2035年）"))
    add(PLAN, RDFS.label, zh("南京都市圈发展规划（2021—2035年）"))
    add(PLAN, MKG.planFor, AREA)
    add(PLAN, MKG.planKind, MKG.DevelopmentPlan)
    add(PLAN, MKG.periodStart, year("2021"))
    add(PLAN, MKG.periodEnd, year("2035"))
    add(PLAN, MKG.processStep, concept("process-step", "approved"))
    add(PLAN, MKG.publicationStatus, concept("publication", "public"))
    add(PLAN, MKG.releaseDate, Literal("2021-03", datatype=XSD.gYearMonth))
    add(PLAN, MKG.approvedBy, ndrc)
    add(PLAN, MKG.sourceWords, zh("《南京都市圈发展规划（2021—2035年）》"))
    add(PLAN, PROV.wasDerivedFrom, src["table-1-5"])
    add(SPECIAL_PLAN, RDF.type, MKG.SpecialPlan)
    add(SPECIAL_PLAN, DCTERMS.title, zh("南京都市圈城乡空间协同规划（2013—2030年）"))
    add(SPECIAL_PLAN, MKG.planFor, AREA)
    add(SPECIAL_PLAN, MKG.periodStart, year("2013"))
    add(SPECIAL_PLAN, MKG.periodEnd, year("2030"))
    add(SPECIAL_PLAN, MKG.publicationStatus, concept("publication", "unknown"))
    add(SPECIAL_PLAN, MKG.releaseDate, year("2013"))
    add(SPECIAL_PLAN, MKG.basedOn, PLAN)
    add(SPECIAL_PLAN, MKG.ledBy, nanjing_gov)
    add(SPECIAL_PLAN, DCTERMS.spatial, JURONG)
    add(SPECIAL_PLAN, PROV.wasDerivedFrom, src["table-1-5"])
    add(CHAPTER, RDF.type, MKG.PlanChapter)
    add(CHAPTER, ELI.is_part_of, PLAN)
    add(CHAPTER, MKG.chapterNumber, Literal(1))
    add(CHAPTER, DCTERMS.title, zh("规划背景"))
    add(CHAPTER, MKG.theme, concept("theme", "background"))
    add(CHAPTER, MKG.classifiedBy, string("metrokg curators"))
    add(CHAPTER, PROV.wasDerivedFrom, src["table-1-4"])
    gap = ID["availability/nanjing-territorial-spatial-gap"]
    add(gap, RDF.type, MKG.PlanAvailability)
    add(gap, MKG.availabilityOf, AREA)
    add(gap, MKG.availabilityKind, MKG.TerritorialSpatialPlan)
    add(gap, MKG.availabilityState, concept("availability-state", "none_public"))
    add(gap, MKG.sourceWords, zh("国土空间规划：暂无"))
    add(gap, PROV.wasDerivedFrom, src["table-1-5"])

    # Action documents
    add(DOCUMENT, RDF.type, MKG.ActionPlan)
    add(DOCUMENT, DCTERMS.title, zh("南京都市圈一体化高质量发展行动计划"))
    add(DOCUMENT, MKG.documentYear, year("2019"))
    add(DOCUMENT, MKG.tier, concept("tier", "area"))
    add(DOCUMENT, MKG.planFor, AREA)
    add(DOCUMENT, PROV.wasDerivedFrom, src["table-1-6"])
    add(MEMORANDUM, RDF.type, MKG.Memorandum)
    add(MEMORANDUM, DCTERMS.title, zh("同城化同家园——共建福州都市圈合作备忘录"))
    add(MEMORANDUM, MKG.documentYear, year("2021"))
    add(MEMORANDUM, MKG.periodStart, year("2021"))
    add(MEMORANDUM, MKG.periodEnd, year("2021"))
    add(MEMORANDUM, MKG.tier, concept("tier", "city_pair"))
    add(MEMORANDUM, MKG.planFor, AREA)
    add(MEMORANDUM, MKG.party, nanjing_gov)
    add(MEMORANDUM, DCTERMS.spatial, xixian)
    add(MEMORANDUM, MKG.interpretation, string("tier read from the text"))
    add(MEMORANDUM, PROV.wasDerivedFrom, src["table-1-6"])

    # An observation
    add(OBSERVATION, RDF.type, MKG.Observation)
    add(OBSERVATION, SDMX_DIM.refArea, AREA)
    add(OBSERVATION, MKG.measure, concept("measure", "population"))
    add(OBSERVATION, SDMX_MEAS.obsValue, Literal("2000.0", datatype=XSD.decimal))
    add(OBSERVATION, MKG.unitText, zh("万人"))
    add(OBSERVATION, MKG.refYear, year("2019"))
    add(OBSERVATION, MKG.yearBasis, concept("year-basis", "end_of_year"))
    add(OBSERVATION, MKG.scopeRole, concept("role", "core"))
    add(OBSERVATION, MKG.approximate, Literal(True))
    add(OBSERVATION, MKG.sourceWords, zh("2019年末常住人口约2000万"))
    add(OBSERVATION, PROV.wasDerivedFrom, src["table-1-3"])

    # An indicator system
    system = ID["indicator/xian-evaluation"]
    add(system, RDF.type, MKG.IndicatorSystem)
    add(system, RDF.type, SKOS.ConceptScheme)
    add(system, RDFS.label, zh("西安都市圈评价指标体系"))
    add(system, MKG.evaluates, AREA_XIAN)
    add(system, MKG.component, COMPONENT_TOP)
    add(system, PROV.wasDerivedFrom, src["box-xian"])
    for comp, label, kind in (
        (COMPONENT_TOP, "发展水平", "dimension"),
        (COMPONENT_LEAF, "人均地区生产总值", "indicator"),
    ):
        add(comp, RDF.type, MKG.IndicatorComponent)
        add(comp, RDF.type, SKOS.Concept)
        add(comp, SKOS.inScheme, system)
        add(comp, SKOS.prefLabel, zh(label))
        add(comp, MKG.componentKind, concept("component-kind", kind))
        add(comp, PROV.wasDerivedFrom, src["box-xian"])
    add(COMPONENT_TOP, SKOS.topConceptOf, system)
    add(COMPONENT_LEAF, SKOS.broader, COMPONENT_TOP)

    # Modes
    modes = ID["modes/governance-modes"]
    add(modes, RDF.type, SKOS.ConceptScheme)
    add(modes, RDFS.label, zh("都市圈治理模式"))
    add(modes, DCTERMS.source, ID["reference/3"])
    mode = ID["mode/regional-alliance-governance"]
    facet = ID["facet/governance-subject"]
    value = ID["facet-value/regional-alliance-governance/governance-subject"]
    add(mode, RDF.type, MKG.Mode)
    add(mode, RDF.type, SKOS.Concept)
    add(mode, SKOS.inScheme, modes)
    add(mode, MKG.modeScheme, modes)
    add(mode, SKOS.prefLabel, zh("区域联盟治理"))
    add(mode, SKOS.prefLabel, en("Regional alliance governance"))
    add(mode, MKG.facetValue, value)
    add(facet, RDF.type, MKG.ModeFacet)
    add(facet, RDF.type, SKOS.Concept)
    add(facet, SKOS.inScheme, modes)
    add(facet, SKOS.prefLabel, zh("治理主体"))
    add(value, RDF.type, MKG.FacetValue)
    add(value, MKG.valueOf, mode)
    add(value, MKG.facet, facet)
    add(value, MKG.valueText, zh("上级主导、各主体参与"))
    add(value, PROV.wasDerivedFrom, src["table-1-1"])

    # A reference
    ref = ID["reference/3"]
    add(ref, RDF.type, MKG.Reference)
    add(ref, DCTERMS.title, zh("区域协同治理与契约协同型规划"))
    add(ref, MKG.referenceNumber, Literal(3))
    add(ref, MKG.authorName, zh("卢庆强"))
    add(
        ref,
        MKG.citation,
        string("[3] 卢庆强, 龙茂乾, 欧阳鹏, 等. 区域协同治理与契约协同型规划 [J]. 城市规划, 2024."),
    )
    add(ref, DCTERMS.date, year("2024"))
    add(ref, PROV.wasDerivedFrom, src["references"])

    # A figure the text states about the whole country
    stated = ID["stated-figure/national-urbanization-rate-2023"]
    add(stated, RDF.type, MKG.StatedFigure)
    add(stated, RDFS.label, zh("常住人口城镇化率"))
    add(stated, MKG.measure, concept("measure", "urbanization_rate"))
    add(stated, SDO.value, Literal("66.16", datatype=XSD.decimal))
    add(stated, SDO.unitText, zh("百分比"))
    add(stated, MKG.sourceWords, zh("常住人口城镇化率达 66.16%"))
    add(stated, PROV.wasDerivedFrom, src["section-1-1"])

    # A national document the text names
    national = ID["national-document/chengdu-chongqing-economic-circle-outline"]
    add(national, RDF.type, MKG.NationalDocument)
    add(national, DCTERMS.title, zh("成渝地区双城经济圈建设规划纲要"))
    add(national, DCTERMS.date, year("2021"))
    add(national, PROV.wasDerivedFrom, src["section-1-1"])

    # Divisions over time: 句容市 valid since 1995; a change event abolishing 句容县 for it
    history = ID["source/division-history"]
    add(history, RDF.type, MKG.SourceSection)
    add(history, RDFS.label, zh("区划沿革"))
    jurong_county = unit("321121", "句容县", "county", "321100")
    add(jurong_county, SDO.startDate, year("1983"))
    add(jurong_county, SDO.endDate, year("1995"))
    jurong = ID["unit/321183"]
    add(jurong, SDO.startDate, year("1995"))
    add(jurong_county, DCTERMS.isReplacedBy, jurong)
    add(jurong, DCTERMS.replaces, jurong_county)
    event = ID["division-change/1995-1994-1995.diff-1"]
    add(event, RDF.type, MKG.DivisionChange)
    add(event, DCTERMS.title, zh("国务院关于同意江苏省撤销句容县设立句容市的批复"))
    add(event, MKG.changeYear, year("1995"))
    add(event, DCTERMS.date, Literal("1995-04-21", datatype=XSD.date))
    add(event, DCTERMS.identifier, string("国函〔1995〕37号"))
    add(event, PROV.wasDerivedFrom, history)
    change = ID["division-change/1995-1994-1995.diff-1-1"]
    add(change, RDF.type, MKG.UnitChange)
    add(change, DCTERMS.isPartOf, event)
    add(change, MKG.changeKind, concept("change-kind", "abolished"))
    add(change, PROV.used, jurong_county)
    add(change, PROV.generated, jurong)
    return g


def validate(
    data: Graph, shapes: Graph, ontology: Graph
) -> tuple[bool, list[dict[str, Node | None]]]:
    """Validate ``data`` with the ontology merged in; return conformance and the results."""
    conforms, report, _ = pyshacl.validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="none", abort_on_first=False
    )
    assert isinstance(report, Graph)
    results = [
        {
            "focus": report.value(r, SH.focusNode),
            "path": report.value(r, SH.resultPath),
            "message": report.value(r, SH.resultMessage),
        }
        for r in report.subjects(RDF.type, SH.ValidationResult)
    ]
    return bool(conforms), results


def test_valid_graph_has_no_blank_nodes() -> None:
    assert all(isinstance(t, URIRef | Literal) for t in build_valid_graph().all_nodes())


def test_valid_graph_conforms(shapes: Graph, ontology: Graph) -> None:
    conforms, results = validate(build_valid_graph(), shapes, ontology)
    assert conforms, results


def test_valid_graph_reaches_every_node_shape(shapes: Graph, ontology: Graph) -> None:
    """The valid graph is not trivially valid: every target class has an instance in it."""
    data = build_valid_graph() + ontology
    for target in set(shapes.objects(None, SH.targetClass)):
        assert isinstance(target, URIRef)
        instances = data.query(
            "SELECT ?s WHERE { ?s a/rdfs:subClassOf* ?c }",
            initBindings={"c": target},
            initNs={"rdfs": RDFS},
        )
        assert len(instances) > 0, f"no instance of {target} in the valid graph"


def _replace(g: Graph, s: URIRef, p: URIRef, o: Node) -> None:
    g.remove((s, p, None))
    g.add((s, p, o))


Mutation = Callable[[Graph], object]


def _drop(s: URIRef, p: URIRef, o: Node | None = None) -> Mutation:
    return lambda g: g.remove((s, p, o))


def _set(s: URIRef, p: URIRef, o: Node) -> Mutation:
    return lambda g: _replace(g, s, p, o)


def _also(s: URIRef, p: URIRef, o: Node) -> Mutation:
    return lambda g: g.add((s, p, o))


def _set_code(unit: URIRef, code: str) -> Mutation:
    def mutate(g: Graph) -> None:
        _replace(g, unit, MKG.divisionCode, string(code))
        _replace(g, unit, SKOS.notation, string(code))

    return mutate


# (mutation, focus node, expected sh:resultPath): the mutation must fail there and nowhere else.
BROKEN = [
    pytest.param(_drop(MEMBERSHIP, MKG.role), MEMBERSHIP, MKG.role, id="membership without role"),
    pytest.param(
        _set(MEMBERSHIP, MKG.role, concept("coverage", "whole")),
        MEMBERSHIP,
        MKG.role,
        id="membership role from the wrong scheme",
    ),
    pytest.param(
        _also(MEMBERSHIP, MKG.coverage, concept("coverage", "part")),
        MEMBERSHIP,
        MKG.coverage,
        id="membership with two coverages",
    ),
    pytest.param(
        _set(MEMBERSHIP, MKG.member, AREA_XIAN), MEMBERSHIP, MKG.member, id="member is an area"
    ),
    pytest.param(
        _set(PLAN, MKG.periodEnd, year("2019")),
        PLAN,
        MKG.periodEnd,
        id="plan ending before it starts",
    ),
    pytest.param(
        _set(MEMORANDUM, MKG.periodEnd, year("2020")),
        MEMORANDUM,
        MKG.periodEnd,
        id="document ending before it starts",
    ),
    pytest.param(
        _also(PLAN, MKG.periodStart, year("2020")),
        PLAN,
        MKG.periodStart,
        id="plan with two start years",
    ),
    pytest.param(
        _set(PLAN, MKG.periodStart, Literal("2021")),
        PLAN,
        MKG.periodStart,
        id="plan start year not a gYear",
    ),
    pytest.param(_set_code(JURONG, "3201"), JURONG, MKG.divisionCode, id="division code 3201"),
    pytest.param(
        _set_code(JURONG, "３２１１８３"),
        JURONG,
        MKG.divisionCode,
        id="division code in full-width digits",
    ),
    pytest.param(_drop(JURONG, MKG.level), JURONG, MKG.level, id="unit without level"),
    pytest.param(_drop(PLAN, MKG.planFor), PLAN, MKG.planFor, id="plan without planFor"),
    pytest.param(_drop(PLAN, DCTERMS.title), PLAN, DCTERMS.title, id="plan without title"),
    pytest.param(_drop(DOCUMENT, MKG.tier), DOCUMENT, MKG.tier, id="document without tier"),
    pytest.param(
        _drop(DOCUMENT, MKG.documentYear), DOCUMENT, MKG.documentYear, id="document without year"
    ),
    pytest.param(
        _set(OBSERVATION, SDMX_MEAS.obsValue, Literal("约2000")),
        OBSERVATION,
        SDMX_MEAS.obsValue,
        id="observation value not a decimal",
    ),
    pytest.param(
        _drop(OBSERVATION, MKG.measure), OBSERVATION, MKG.measure, id="observation without measure"
    ),
    pytest.param(
        _set(CHAPTER, MKG.chapterNumber, Literal("一")),
        CHAPTER,
        MKG.chapterNumber,
        id="chapter number not an integer",
    ),
    pytest.param(
        _set(CHAPTER, ELI.is_part_of, AREA), CHAPTER, ELI.is_part_of, id="chapter of a non-plan"
    ),
    pytest.param(
        _drop(AREA, RDFS.label, zh("南京都市圈")), AREA, RDFS.label, id="area without Chinese label"
    ),
    pytest.param(
        _also(AREA, RDFS.label, zh("宁镇扬都市圈")),
        AREA,
        RDFS.label,
        id="area with two Chinese labels",
    ),
    pytest.param(
        _drop(PLAN, PROV.wasDerivedFrom), PLAN, PROV.wasDerivedFrom, id="plan without provenance"
    ),
    pytest.param(
        _drop(COMPONENT_LEAF, PROV.wasDerivedFrom),
        COMPONENT_LEAF,
        PROV.wasDerivedFrom,
        id="indicator without provenance",
    ),
    pytest.param(
        _set(MEMBERSHIP, PROV.wasDerivedFrom, ID["reference/3"]),
        MEMBERSHIP,
        PROV.wasDerivedFrom,
        id="membership derived from a non-section",
    ),
]


@pytest.mark.parametrize(("mutate", "focus", "path"), BROKEN)
def test_broken_graph_fails_at_the_field(
    shapes: Graph, ontology: Graph, mutate: Mutation, focus: URIRef, path: URIRef
) -> None:
    data = build_valid_graph()
    mutate(data)
    conforms, results = validate(data, shapes, ontology)
    assert not conforms
    assert {(r["focus"], r["path"]) for r in results} == {(focus, path)}, results
    name = str(path).split("#")[-1].split("/")[-1]
    assert all(name in str(r["message"]) for r in results), results


def test_indicator_component_needs_parent_or_system(shapes: Graph, ontology: Graph) -> None:
    data = build_valid_graph()
    data.remove((COMPONENT_LEAF, SKOS.broader, None))
    conforms, results = validate(data, shapes, ontology)
    assert not conforms
    assert [r["focus"] for r in results] == [COMPONENT_LEAF]


# ---------------------------------------------------------------------------------------------
# JSON-LD context
# ---------------------------------------------------------------------------------------------


def _no_fetch(url: str, options: Any = None) -> Any:
    raise AssertionError(f"the JSON-LD processor tried to fetch {url}")


def _plain_strings(g: Graph) -> Graph:
    """RDF 1.1: "x" and "x"^^xsd:string are the same literal; rdflib keeps them apart."""
    out = Graph()
    for s, p, o in g:
        if isinstance(o, Literal) and o.datatype == XSD.string:
            o = Literal(str(o))
        out.add((s, p, o))
    return out


def test_context_is_local_and_json_ld_1_1(context: dict[str, Any]) -> None:
    ctx = context["@context"]
    assert isinstance(ctx, dict), "the context must be inline, never a URL or a list of URLs"
    assert ctx["@version"] == 1.1
    assert "@import" not in ctx and "@vocab" not in ctx and "@base" not in ctx
    for key, value in ctx.items():
        if isinstance(value, dict):
            assert "@context" not in value, f"{key}: no scoped contexts"


def test_context_prefixes_match_namespaces(context: dict[str, Any]) -> None:
    ctx = context["@context"]
    for prefix, ns in PREFIXES.items():
        assert ctx.get(prefix) == ns, prefix


def test_context_has_a_short_key_for_every_local_term(context: dict[str, Any]) -> None:
    ctx = context["@context"]
    for term in MKG_TERMS:
        definition = ctx.get(term)
        iri = definition["@id"] if isinstance(definition, dict) else definition
        assert iri == f"mkg:{term}", f"{term}: {definition!r}"


def test_context_types_follow_the_ontology(context: dict[str, Any], ontology: Graph) -> None:
    """Object properties are @id (or @vocab), datatype properties typed or language maps."""
    ctx = context["@context"]
    for prop in MKG_PROPERTIES:
        definition = ctx[prop]
        rng = ontology.value(MKG[prop], RDFS.range)
        if (MKG[prop], RDF.type, OWL.ObjectProperty) in ontology:
            assert definition.get("@type") in ("@id", "@vocab"), prop
        elif rng == RDF.langString:
            assert definition.get("@container") == "@language", prop
        elif rng == XSD.string:
            # Simple literals carry no datatype in the graph (RDF 1.1), so the key is untyped.
            assert isinstance(definition, str), prop
        elif isinstance(rng, URIRef):
            assert definition.get("@type") == f"xsd:{str(rng).split('#')[-1]}", prop


def test_context_expands_every_key_to_a_known_iri(context: dict[str, Any]) -> None:
    expanded = jsonld.expand(
        {"@context": context["@context"], "@id": "mkgid:area/x", "label": {"zh": "x"}},
        {"documentLoader": _no_fetch},
    )
    assert expanded[0][str(RDFS.label)] == [{"@value": "x", "@language": "zh"}]


def test_rdflib_round_trip_with_the_context(context: dict[str, Any]) -> None:
    g = build_valid_graph()
    text = g.serialize(format="json-ld", context=context["@context"])
    back = Graph().parse(data=text, format="json-ld")
    assert isomorphic(g, back)
    # Readable: short keys, not full IRIs.
    body = json.loads(text)
    nodes = {n["id"]: n for n in body["@graph"]}
    area = nodes[str(AREA)]
    assert area["type"] == "MetropolitanArea"
    assert area["label"] == {"zh": "南京都市圈", "en": "Nanjing Metropolitan Area"}
    assert area["releaseDate"] == "2021-03"
    assert nodes[str(OBSERVATION)]["obsValue"] == "2000.0"
    assert nodes[str(PLAN)]["periodStart"] == "2021"


def test_zh_label_stays_chinese(context: dict[str, Any]) -> None:
    g = build_valid_graph()
    text = g.serialize(format="json-ld", context=context["@context"])
    assert "南京都市圈" in text  # not \u-escaped
    back = Graph().parse(data=text, format="json-ld")
    assert zh("南京都市圈") in set(back.objects(AREA, RDFS.label))


def test_pyld_round_trip_with_the_context(context: dict[str, Any]) -> None:
    g = build_valid_graph()
    expanded = json.loads(g.serialize(format="json-ld"))
    compacted = jsonld.compact(expanded, context, {"documentLoader": _no_fetch})
    text = json.dumps(compacted, ensure_ascii=False)
    assert "南京都市圈" in text
    nquads = jsonld.to_rdf(
        json.loads(text), {"format": "application/n-quads", "documentLoader": _no_fetch}
    )
    back = Graph().parse(data=nquads, format="nt")  # no named graphs: N-Quads here is N-Triples
    assert isomorphic(_plain_strings(g), _plain_strings(back))


def test_oxigraph_reads_an_export_made_with_the_context(context: dict[str, Any]) -> None:
    g = build_valid_graph()
    store = pyoxigraph.Store()
    store.load(
        input=g.serialize(format="json-ld", context=context["@context"]),
        format=pyoxigraph.RdfFormat.JSON_LD,
    )
    assert len(store) == len(g)
    quads = store.quads_for_pattern(
        pyoxigraph.NamedNode(str(AREA)), pyoxigraph.NamedNode(str(RDFS.label)), None
    )
    labels = {q.object.value for q in quads if isinstance(q.object, pyoxigraph.Literal)}
    assert "南京都市圈" in labels
