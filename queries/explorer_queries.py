"""The explorer's own queries: one SPARQL file per query in ``queries/explorer/``.

The pages' library (``app/explorer/*.py``: data, QA, the graph browser, the ontology page, the
maps, the label index) reads what it shows through these files rather than query text in Python
strings. Each file starts with a ``#+`` YAML header,
like the catalogue's::

    #+ name: members
    #+ description:
    #+   zh: 一个都市圈的范围成员关系 …
    #+   en: One area's scope memberships …
    #+ parameters:
    #+   - {name: a, type: iri, example: "https://w3id.org/metrokg/id/area/nanjing"}
    #+ columns: [a, m, u, role, …]

Parameters are bound as values (``pyoxigraph`` substitutions), never pasted into the text; an
``optional`` parameter may be left unbound (the query then answers for every area …). The
``example`` values are what the tests run each query with. The loader refuses a file without
a header, with a name that is not its file name, without a description in both zh and en, with
columns that are not what the query projects, with an unknown parameter type or with SPARQL that
does not parse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ontology.namespaces import (
    BASE_DEF,
    DCTERMS,
    ELI,
    ORG,
    OWL,
    PROV,
    RDF,
    RDFS,
    SDMX_DIM,
    SDMX_MEAS,
    SDO,
    SKOS,
    WGS,
)
from queries.catalogue import CatalogueError, check_sparql_syntax, read_header

EXPLORER_DIR = Path(__file__).resolve().parent / "explorer"
PARAMETER_TYPES = ("iri", "string", "integer")
# What the explorer's ``select`` declares before a text without prefixes of its own (its files
# declare theirs; the benchmarks and some tests pass short texts).
SELECT_PREFIXES: dict[str, str] = {
    "mkg": BASE_DEF,
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "owl": str(OWL),
    "skos": str(SKOS),
    "schema": str(SDO),
    "dct": str(DCTERMS),
    "prov": str(PROV),
    "wgs": str(WGS),
    "org": str(ORG),
    "eli": str(ELI),
    "sdmxd": str(SDMX_DIM),
    "sdmxm": str(SDMX_MEAS),
}
_PROJECTION = re.compile(r"\bSELECT\b(.*?)\bWHERE\b", re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True)
class ExplorerParameter:
    """A value the query binds: its type, an example the tests use, whether it may be unbound."""

    name: str
    type: str
    example: Any
    optional: bool = False


@dataclass(frozen=True)
class ExplorerQuery:
    """One of the explorer's queries."""

    name: str
    description: dict[str, str]  # zh and en
    parameters: tuple[ExplorerParameter, ...]
    columns: tuple[str, ...]
    text: str
    path: Path


def prefix_declarations(prefixes: dict[str, str]) -> str:
    """SPARQL ``PREFIX`` lines for ``prefixes`` (name → namespace IRI), one a line."""
    return "".join(f"PREFIX {name}: <{iri}>\n" for name, iri in prefixes.items())


def projected(text: str) -> list[str]:
    """The variables a SELECT projects, in order (``?x`` and ``(… AS ?x)``)."""
    match = _PROJECTION.search(text)
    if match is None:
        return []
    names: list[str] = []
    depth, start, head = 0, 0, match.group(1)
    for i, ch in enumerate(head):
        if ch == "(":
            depth, start = depth + 1, (i if depth == 0 else start)
        elif ch == ")":
            depth -= 1
            if depth == 0:  # an ``(expression AS ?name)``: the name is projected
                names += re.findall(r"\bAS\s+\?(\w+)\s*$", head[start + 1 : i], re.IGNORECASE)
        elif ch == "?" and depth == 0:
            names += re.findall(r"^\?(\w+)", head[i:])
    return list(dict.fromkeys(names))


def read_query(path: Path) -> ExplorerQuery:
    """Read and check one query file (the error names the file and what is wrong)."""
    header, text = read_header(path, "sparql")
    for key in ("name", "description", "columns"):
        if key not in header:
            raise CatalogueError(f"{path.name}: header lacks {key!r}")
    if header["name"] != path.stem:
        raise CatalogueError(f"{path.name}: name {header['name']!r} must be the file name")
    columns = header["columns"]
    if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
        raise CatalogueError(f"{path.name}: columns must be a list of names")
    description = header["description"]
    if not isinstance(description, dict) or not all(
        isinstance(description.get(lang), str) and description[lang].strip()
        for lang in ("zh", "en")
    ):
        raise CatalogueError(f"{path.name}: description needs a zh and an en text")
    check_sparql_syntax(path, text)
    if projected(text) != columns:
        raise CatalogueError(
            f"{path.name}: columns {columns} are not what the query projects {projected(text)}"
        )
    parameters = []
    for item in header.get("parameters") or []:
        if not isinstance(item, dict) or item.get("type") not in PARAMETER_TYPES:
            raise CatalogueError(f"{path.name}: a parameter needs a type in {PARAMETER_TYPES}")
        parameters.append(
            ExplorerParameter(
                name=str(item["name"]),
                type=str(item["type"]),
                example=item.get("example"),
                optional=bool(item.get("optional", False)),
            )
        )
    return ExplorerQuery(
        name=path.stem,
        description={lang: str(description[lang]) for lang in ("zh", "en")},
        parameters=tuple(parameters),
        columns=tuple(columns),
        text=text,
        path=path,
    )


def load_explorer_queries(directory: Path = EXPLORER_DIR) -> dict[str, ExplorerQuery]:
    """Every query of ``directory`` by name."""
    return {p.stem: read_query(p) for p in sorted(directory.glob("*.rq"))}


@cache
def explorer_query(name: str) -> str:
    """The text of the explorer's query ``name`` (read once per process)."""
    path = EXPLORER_DIR / f"{name}.rq"
    if not path.is_file():
        raise CatalogueError(f"no explorer query {name!r} in {EXPLORER_DIR}")
    return read_query(path).text
