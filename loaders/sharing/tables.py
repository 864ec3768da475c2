"""Tables for spreadsheets: one CSV per kind and a Frictionless Data Package descriptor.

Each table is a SPARQL query in ``queries/sharing/{name}.rq`` whose ``#+`` YAML header gives
its title, description, parameters, typed and labelled columns, primary key and foreign keys.
The CSV files are UTF-8 with a byte-order mark (Excel then opens Chinese as Chinese); the
descriptor ``datapackage.json`` carries the column types, keys and the dataset record.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import pyoxigraph as ox
import yaml
from pydantic import BaseModel, ConfigDict, Field
from rdflib import Graph, URIRef
from rdflib import Literal as RdfLiteral

from queries.runner import select_rows

QUERY_DIR = Path(__file__).resolve().parents[2] / "queries" / "sharing"
TABLES = ("areas", "members", "plans", "documents", "bodies", "figures", "changes")
MARKER = "#+"
BOM = "\ufeff"
FRICTIONLESS_TYPES = {
    "string": "string",
    "integer": "integer",
    "float": "number",
    "boolean": "boolean",
}


class TableError(ValueError):
    """A table query's header is malformed; the message names the file."""


class Column(BaseModel):
    """A column: its type and its labels."""

    model_config = ConfigDict(extra="forbid")
    type: Literal["string", "integer", "float", "boolean"]
    zh: str
    en: str


class ForeignKey(BaseModel):
    """A foreign key to another table of the package."""

    model_config = ConfigDict(extra="forbid")
    fields: list[str]
    resource: str
    reference: list[str]


class TableParameter(BaseModel):
    """A parameter the query binds (never pasted into the text)."""

    model_config = ConfigDict(extra="forbid")
    name: str
    type: Literal["string"]
    default: str = ""
    description: str = ""


class TableHeader(BaseModel):
    """The ``#+`` header of a table query."""

    model_config = ConfigDict(extra="forbid")
    name: str = Field(pattern=r"^[a-z]+(-[a-z]+)*$")
    title: dict[Literal["zh", "en"], str]
    description: dict[Literal["zh", "en"], str]
    parameters: list[TableParameter] = Field(default_factory=list)
    columns: dict[str, Column]
    primary_key: list[str]
    foreign_keys: list[ForeignKey] = Field(default_factory=list)


@dataclass(frozen=True)
class TableQuery:
    """A table's header and SPARQL text."""

    header: TableHeader
    text: str
    path: Path


def read_table_query(path: Path) -> TableQuery:
    """Read one table query; :class:`TableError` names the file and the problem."""
    text = path.read_text(encoding="utf-8")
    lines = [
        line[len(MARKER) :].removeprefix(" ")
        for line in text.splitlines()
        if line.startswith(MARKER)
    ]
    try:
        header = TableHeader.model_validate(yaml.safe_load("\n".join(lines)))
    except (yaml.YAMLError, ValueError) as exc:
        raise TableError(f"{path.name}: bad header: {exc}") from exc
    if header.name != path.stem:
        raise TableError(f"{path.name}: name {header.name!r} must be the file name")
    for key in header.primary_key:
        if key not in header.columns:
            raise TableError(f"{path.name}: primary key {key!r} is not a column")
    return TableQuery(header, text, path)


def table_queries(directory: Path = QUERY_DIR) -> dict[str, TableQuery]:
    """Every table query, in the package's order."""
    return {name: read_table_query(directory / f"{name}.rq") for name in TABLES}


def _cell(value: Any, kind: str) -> str:
    if value is None or value == "":
        return ""
    if kind == "boolean":
        return "true" if value in (True, "true", "1") else "false"
    if kind == "float":
        return f"{float(value):g}"
    return str(value)


def table_rows(store: ox.Store, query: TableQuery, area: str | None = None) -> list[list[str]]:
    """The rows of one table (cells as text), bound to ``area`` (an IRI) or every area."""
    params = {"area": area or ""}
    rows = select_rows(store, query.text, params)
    columns = query.header.columns
    return [[_cell(row.get(c), col.type) for c, col in columns.items()] for row in rows]


def csv_text(query: TableQuery, rows: list[list[str]]) -> str:
    """A table as CSV text with a BOM (``\\r\\n`` line ends, as RFC 4180 says)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(list(query.header.columns))
    writer.writerows(rows)
    return BOM + out.getvalue()


def resource_descriptor(query: TableQuery) -> dict[str, Any]:
    """The Data Package resource of one table (Table Schema with keys)."""
    h = query.header
    schema: dict[str, Any] = {
        "fields": [
            {
                "name": name,
                "type": FRICTIONLESS_TYPES[col.type],
                "title": col.zh,
                "description": col.en,
            }
            for name, col in h.columns.items()
        ],
        "primaryKey": h.primary_key,
        "missingValues": [""],
    }
    if h.foreign_keys:
        schema["foreignKeys"] = [
            {"fields": fk.fields, "reference": {"resource": fk.resource, "fields": fk.reference}}
            for fk in h.foreign_keys
        ]
    return {
        "name": h.name,
        "path": f"{h.name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8-sig",
        "title": h.title["zh"],
        "description": f"{h.description['zh']} / {h.description['en']}",
        "schema": schema,
    }


def package_descriptor(
    queries: dict[str, TableQuery], record: dict[str, Any], licence: str, version: str
) -> dict[str, Any]:
    """The Data Package descriptor: the tables, and the dataset record (JSON-LD) under
    ``dcat``."""
    return {
        "profile": "tabular-data-package",
        "name": "metrokg",
        "id": record.get("id", ""),
        "title": record.get("title_zh", "metrokg"),
        "description": record.get("description_zh", ""),
        "version": version,
        "licenses": [{"name": "CC-BY-4.0", "path": licence, "title": "CC BY 4.0"}],
        "resources": [resource_descriptor(q) for q in queries.values()],
        "dcat": record.get("jsonld", {}),
    }


def record_summary(record: Graph, context: dict[str, Any]) -> dict[str, Any]:
    """The dataset record as compact JSON-LD, with its id, title and description."""
    from loaders.sharing.record import DATASET
    from ontology.namespaces import DCTERMS

    def text(predicate: URIRef, lang: str) -> str:
        for value in record.objects(URIRef(DATASET), predicate):
            if isinstance(value, RdfLiteral) and value.language == lang:
                return str(value)
        return ""

    jsonld = json.loads(record.serialize(format="json-ld", context=context, auto_compact=True))
    return {
        "id": DATASET,
        "title_zh": text(DCTERMS.title, "zh"),
        "description_zh": text(DCTERMS.description, "zh"),
        "jsonld": jsonld,
    }


class PackageError(ValueError):
    """The output folder holds files this export did not write; nothing was written."""


def write_package(
    store: ox.Store,
    directory: Path,
    record: Graph,
    context: dict[str, Any],
    area: str | None = None,
) -> dict[str, int]:
    """Write every table and ``datapackage.json`` into ``directory`` (made if missing).

    Everything is written into a sibling temporary folder first; only when all of it is
    written does it move into place (the folder renamed, or each file renamed over the
    package already there). A folder holding other files is refused (:class:`PackageError`).
    Returns the row count of each table."""
    from loaders.sharing.record import DATASET, read_metadata
    from ontology.namespaces import DCAT

    queries = table_queries()
    names = {f"{name}.csv" for name in queries} | {"datapackage.json"}
    if directory.exists():
        if not directory.is_dir():
            raise PackageError(f"{directory}: not a folder")
        others = sorted(p.name for p in directory.iterdir() if p.name not in names)
        if others:
            raise PackageError(
                f"{directory}: holds files this export does not write ({others[0]} …);"
                " give an empty or new folder"
            )
    tmp = directory.with_name(directory.name + ".tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    counts: dict[str, int] = {}
    try:
        for name, query in queries.items():
            rows = table_rows(store, query, area)
            counts[name] = len(rows)
            (tmp / f"{name}.csv").write_text(csv_text(query, rows), encoding="utf-8", newline="")
        version = str(record.value(URIRef(DATASET), DCAT.version) or "")
        descriptor = package_descriptor(
            queries, record_summary(record, context), read_metadata().license, version
        )
        (tmp / "datapackage.json").write_text(
            json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        if directory.exists():
            for name in sorted(names):
                (tmp / name).replace(directory / name)
            tmp.rmdir()
        else:
            tmp.replace(directory)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return counts


def find_area(store: ox.Store, name: str) -> str | None:
    """The IRI of the area named ``name`` (Chinese or English name, or its IRI), if any."""
    query = read_table_query(QUERY_DIR / "area-by-name.rq")
    rows = select_rows(store, query.text, {"name": name})
    return str(rows[0]["area_id"]) if rows else None
