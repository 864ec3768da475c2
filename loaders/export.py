"""Export the graph as JSON-LD (with the project's context), Turtle or N-Triples."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Literal

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib import Literal as RdfLiteral

from loaders.rdf.build import ONTOLOGY_DIR, new_graph
from loaders.rdf.terms import canonical_decimal
from loaders.readers import read_jsonld_text

Format = Literal["jsonld", "ttl", "nt"]
FORMATS: tuple[Format, ...] = ("jsonld", "ttl", "nt")
CONTEXT_FILE = ONTOLOGY_DIR / "context.jsonld"
XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
XSD_DECIMAL = "http://www.w3.org/2001/XMLSchema#decimal"


def load_context() -> dict[str, Any]:
    """The project's JSON-LD context (the ``@context`` object itself)."""
    doc = json.loads(CONTEXT_FILE.read_text(encoding="utf-8"))
    context = doc.get("@context", doc)
    assert isinstance(context, dict)
    return context


def _from_ox(term: ox.NamedNode | ox.Literal | ox.BlankNode) -> URIRef | RdfLiteral:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return RdfLiteral(term.value, lang=term.language)
        if term.datatype.value == XSD_STRING:  # RDF 1.1: a simple literal
            return RdfLiteral(term.value)
        if term.datatype.value == XSD_DECIMAL:  # Oxigraph writes 2000 where XSD says 2000.0
            return RdfLiteral(canonical_decimal(term.value), datatype=URIRef(XSD_DECIMAL))
        return RdfLiteral(term.value, datatype=URIRef(term.datatype.value))
    raise ValueError("blank nodes are not expected in the metrokg store")


def graph_from_store(store: ox.Store, subjects: set[str] | None = None) -> Graph:
    """Copy the store's default graph (or only triples of ``subjects``) into rdflib."""
    graph = new_graph()
    for quad in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        subject = quad.subject
        if subjects is not None and (
            not isinstance(subject, ox.NamedNode) or subject.value not in subjects
        ):
            continue
        graph.add((_from_ox(subject), _from_ox(quad.predicate), _from_ox(quad.object)))  # type: ignore[arg-type]
    return graph


def serialize(graph: Graph, fmt: Format) -> str:
    """Serialise ``graph``; JSON-LD is compacted with the project's context."""
    if fmt == "jsonld":
        return graph.serialize(
            format="json-ld", context=load_context(), indent=2, auto_compact=True
        )
    if fmt == "ttl":
        return graph.serialize(format="turtle")
    if fmt == "nt":
        return "".join(sorted(graph.serialize(format="nt").splitlines(keepends=True)))
    raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")


def parse_jsonld(text: str, name: str = "<JSON-LD text>") -> Graph:
    """Read a JSON-LD export back through the strict reader (:func:`read_jsonld_text`).

    A context by reference (never fetched), ``@import``, ``@vocab`` or ``@base``, keys the
    context does not define and nesting deeper than the reader allows are refused.

    Raises:
        InputError: naming ``name``, the line and the problem.
    """
    return read_jsonld_text(text, name).graph


def write_export(text: str, output: Path | None) -> None:
    """Write to ``output`` atomically, or to standard output."""
    if output is None:
        print(text, end="" if text.endswith("\n") else "\n")
        return
    tmp = output.with_name(output.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(output)


def stamp_generation(graph: Graph, generation: str | None) -> Graph:
    """Give the graph's dataset record the store generation it is exported from.

    The record loaded with the graph knows the seed's hash (``seed-<hash>``); an export also
    knows which store generation it reads, and says so in ``dcat:version`` and
    ``schema:version`` (``<generation>+seed-<hash>``). A graph without a record is returned
    as it is.
    """
    from loaders.sharing.record import DATASET, stamped_version
    from ontology.namespaces import DCAT, SDO

    dataset = URIRef(DATASET)
    current = graph.value(dataset, DCAT.version)
    if current is None or generation is None:
        return graph
    version = RdfLiteral(stamped_version(str(current), generation))
    for predicate in (DCAT.version, SDO.version):
        graph.set((dataset, predicate, version))
    return graph


def unstamp_generation(graph: Graph) -> Graph:
    """Undo :func:`stamp_generation`: an imported export gets the seed's version back.

    The graph an import writes is a new store generation; its record says ``seed-<hash>`` as a
    load's does, so an export imported back is the graph it was exported from.
    """
    from loaders.sharing.record import DATASET
    from ontology.namespaces import DCAT, SDO

    dataset = URIRef(DATASET)
    for predicate in (DCAT.version, SDO.version):
        current = graph.value(dataset, predicate)
        if current is not None and "+" in str(current):
            graph.set((dataset, predicate, RdfLiteral(str(current).rsplit("+", 1)[-1])))
    return graph


def record_graph(graph: Graph) -> Graph:
    """The dataset record's triples in ``graph`` (the dataset, its parts, the publisher)."""
    from loaders.sharing.record import is_record_subject

    record = new_graph()
    for triple in graph:
        if is_record_subject(str(triple[0])):
            record.add(triple)
    return record


def stored_record(store: ox.Store, generation: str | None) -> Graph:
    """The store's dataset record, stamped with ``generation``."""
    from loaders.sharing.record import PUBLISHER, is_record_subject

    graph = new_graph()
    for quad in store.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        subject = quad.subject
        if isinstance(subject, ox.NamedNode) and (
            is_record_subject(subject.value) or subject.value == PUBLISHER
        ):
            graph.add((_from_ox(subject), _from_ox(quad.predicate), _from_ox(quad.object)))  # type: ignore[arg-type]
    return stamp_generation(graph, generation)


def flat_export(
    store: ox.Store, fmt: Format, generation: str | None, area: str | None = None
) -> tuple[str, int]:
    """The whole graph (or one area's subgraph with the record), serialised; its triple count.

    The dataset record travels with it, stamped with the store generation."""
    if area is None:
        graph = stamp_generation(graph_from_store(store), generation)
    else:
        from loaders.sharing.nested import area_graph

        graph = area_graph(store, area)
        graph += stored_record(store, generation)
    return serialize(graph, fmt), len(graph)


def nested_export(store: ox.Store, area: str, generation: str | None) -> tuple[str, int]:
    """One area as framed JSON-LD (``ontology/frame-area.jsonld``), the dataset record
    included (``@included``); with the triple count of both."""
    from loaders.sharing.nested import area_graph, nested_document

    context = load_context()
    graph = area_graph(store, area)
    document = nested_document(graph, context)
    record = stored_record(store, generation)
    if len(record):
        compact = json.loads(record.serialize(format="json-ld", context=context, auto_compact=True))
        included = compact.get("@graph", [compact])
        document["@included"] = [
            {k: v for k, v in node.items() if k != "@context"} for node in included
        ]
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n", len(graph) + len(record)


def csv_export(
    store: ox.Store, directory: Path, generation: str | None, area: str | None = None
) -> dict[str, int]:
    """The tables and their Data Package descriptor in ``directory``; rows per table."""
    from loaders.sharing.tables import write_package

    return write_package(store, directory, stored_record(store, generation), load_context(), area)


def csv_zip(
    store: ox.Store, generation: str | None, area: str | None = None
) -> tuple[bytes, dict[str, int]]:
    """The CSV tables and ``datapackage.json`` as one zip archive; rows per table."""
    import io
    import tempfile
    import zipfile

    with tempfile.TemporaryDirectory(prefix="metrokg-csv-") as tmp:
        folder = Path(tmp) / "metrokg"
        counts = csv_export(store, folder, generation, area)
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for path in sorted(folder.iterdir()):
                archive.write(path, f"metrokg/{path.name}")
    return buffer.getvalue(), counts


def table_preview(
    store: ox.Store, name: str, lang: str, area: str | None = None, limit: int = 20
) -> list[dict[str, str]]:
    """The first ``limit`` rows of table ``name``, keyed by the columns' labels in ``lang``."""
    from loaders.sharing.tables import QUERY_DIR, read_table_query, table_rows

    query = read_table_query(QUERY_DIR / f"{name}.rq")
    labels = [getattr(col, lang) for col in query.header.columns.values()]
    return [dict(zip(labels, row, strict=True)) for row in table_rows(store, query, area)[:limit]]
