"""The ontology page's data: classes with instance counts and their tree, properties with
domain and range, and the SKOS schemes (themes, levels, statuses, modes …) with their concepts.

The ontology and the vocabularies are loaded into the store with the data, so everything here
is read from the same read-only generation as the rest of the explorer.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import pandas as pd
import pyoxigraph as ox

from app.explorer.backend import MKG, curie, index_of, select
from app.explorer.i18n import Lang, pick
from queries.explorer_queries import explorer_query
from queries.stats import class_counts

GENID = "https://w3id.org/metrokg/def/genid/"

_CLASSES = explorer_query("classes")


@dataclass(frozen=True)
class ClassRow:
    """A class of the ontology."""

    iri: str
    curie: str
    label: str
    parents: tuple[str, ...]
    definition: str
    direct: int
    total: int


def classes(store: ox.Store, lang: Lang = "zh") -> list[ClassRow]:
    """Every named class with its parents, definition, direct and inferred instance counts."""
    index = index_of(store)
    found: dict[str, dict[str, Any]] = {}
    for row in select(store, _CLASSES):
        slot = found.setdefault(
            row["c"], {"parents": set(), "def": pick(row["def_zh"], row["def_en"], lang)}
        )
        if row["parent"]:
            slot["parents"].add(row["parent"])
    direct = {c.iri: c.count for c in class_counts(store)}
    totals: dict[str, int] = defaultdict(int)
    for types in index.types.values():
        reached: set[str] = set()
        for t in types:
            reached |= index.ancestors(t)
        for cls in reached:
            totals[cls] += 1
    if not direct:
        for types in index.types.values():
            for t in types:
                direct[t] = direct.get(t, 0) + 1
    rows = [
        ClassRow(
            iri=iri,
            curie=curie(iri),
            label=index.label(iri, lang),
            parents=tuple(sorted(slot["parents"])),
            definition=str(slot["def"] or ""),
            direct=direct.get(iri, 0),
            total=totals.get(iri, 0),
        )
        for iri, slot in found.items()
    ]
    return sorted(rows, key=lambda r: r.curie)


def class_tree(rows: list[ClassRow]) -> list[tuple[int, ClassRow]]:
    """The classes depth-first from the roots (a class under each of its local parents)."""
    by_iri = {r.iri: r for r in rows}
    children: dict[str | None, list[ClassRow]] = defaultdict(list)
    for row in rows:
        local_parents: list[str | None] = [p for p in row.parents if p in by_iri]
        for parent in local_parents or [None]:
            children[parent].append(row)
    out: list[tuple[int, ClassRow]] = []

    def walk(parent: str | None, depth: int, trail: frozenset[str]) -> None:
        for child in sorted(
            children.get(parent, []), key=lambda r: (r.iri.startswith(MKG) is False, r.curie)
        ):
            if child.iri in trail:
                continue
            out.append((depth, child))
            walk(child.iri, depth + 1, trail | {child.iri})

    walk(None, 0, frozenset())
    return out


_PROPERTIES = explorer_query("properties")


def properties(store: ox.Store, lang: Lang = "zh") -> pd.DataFrame:
    """Object and datatype properties with their domains, ranges and super-properties."""
    index = index_of(store)
    found: dict[str, dict[str, Any]] = {}
    for row in select(store, _PROPERTIES):
        slot = found.setdefault(
            row["p"],
            {
                "iri": row["p"],
                "curie": curie(row["p"]),
                "label": index.label(row["p"], lang),
                "kind": "object" if str(row["kind"]).endswith("ObjectProperty") else "datatype",
                "domain": set(),
                "range": set(),
                "super": set(),
                "functional": bool(row["functional"]),
            },
        )
        for key in ("domain", "range", "super"):
            value = row[key]
            if value and not str(value).startswith(GENID):
                name = index.label(value, lang) if index.has_label(value) else curie(value)
                slot[key].add(name)
    rows = []
    for slot in found.values():
        rows.append(
            {**slot, **{k: "、".join(sorted(slot[k])) for k in ("domain", "range", "super")}}
        )
    frame = pd.DataFrame(
        rows, columns=["iri", "curie", "label", "kind", "domain", "range", "super", "functional"]
    )
    return frame.sort_values(["kind", "curie"]).reset_index(drop=True)


_SCHEMES = explorer_query("schemes")


@dataclass(frozen=True)
class Scheme:
    """A SKOS concept scheme."""

    iri: str
    label: str
    concepts: int
    group: str


def schemes(store: ox.Store, lang: Lang = "zh") -> list[Scheme]:
    """Every concept scheme: vocabularies (def/…), mode comparisons and indicator systems."""
    index = index_of(store)
    rows = []
    for row in select(store, _SCHEMES):
        iri = row["s"]
        if index.is_a(iri, f"{MKG}IndicatorSystem"):
            group = "indicator"
        elif "/id/modes/" in iri:
            group = "modes"
        else:
            group = "vocabulary"
        rows.append(Scheme(iri, index.label(iri, lang), int(row["n"]), group))
    order = {"vocabulary": 0, "modes": 1, "indicator": 2}
    return sorted(rows, key=lambda s: (order[s.group], s.label))


_CONCEPTS = explorer_query("concepts")


def concepts(store: ox.Store, scheme: str, lang: Lang = "zh") -> pd.DataFrame:
    """The scheme's concepts depth-first along ``skos:broader`` (depth in a column)."""
    index = index_of(store)
    found: dict[str, dict[str, Any]] = {}
    for row in select(store, _CONCEPTS, {"s": ox.NamedNode(scheme)}):
        slot = found.setdefault(
            row["c"],
            {
                "iri": row["c"],
                "zh": index.label(row["c"], "zh"),
                "en": index.labels.get(row["c"], ("", ""))[1],
                "notation": str(row["notation"] or ""),
                "definition": pick(row["def_zh"], row["def_en"], lang),
                "broader": None,
                "kind": index.label(index.kind(row["c"]), lang) if index.kind(row["c"]) else "",
            },
        )
        if row["broader"]:
            slot["broader"] = row["broader"]
    children: dict[str | None, list[str]] = defaultdict(list)
    for iri, slot in found.items():
        parent = slot["broader"] if slot["broader"] in found else None
        children[parent].append(iri)
    rows: list[dict[str, Any]] = []

    def walk(parent: str | None, depth: int) -> None:
        for iri in sorted(
            children.get(parent, []), key=lambda i: (found[i]["notation"], found[i]["zh"])
        ):
            slot = found[iri]
            rows.append(
                {
                    **slot,
                    "depth": depth,
                    "tree": "　" * depth
                    + ("└ " if depth else "")
                    + (pick(slot["zh"], slot["en"], lang)),
                    "broader": index.label(slot["broader"], lang) if slot["broader"] else "",
                }
            )
            walk(iri, depth + 1)

    walk(None, 0)
    return pd.DataFrame(
        rows,
        columns=["iri", "tree", "zh", "en", "notation", "kind", "broader", "definition", "depth"],
    )


_MODES = explorer_query("modes")


def mode_matrix(store: ox.Store, scheme: str, lang: Lang = "zh") -> pd.DataFrame:
    """For a mode comparison (表1-1, 表1-2): facets as rows, modes as columns, the source's text."""
    index = index_of(store)
    cells: dict[str, dict[str, str]] = defaultdict(dict)
    modes: list[str] = []
    for row in select(store, _MODES, {"s": ox.NamedNode(scheme)}):
        mode = index.label(row["mode"], lang)
        if mode not in modes:
            modes.append(mode)
        cells[index.label(row["facet"], lang)][mode] = str(row["text"])
    rows = [{"facet": facet, **values} for facet, values in sorted(cells.items())]
    return pd.DataFrame(rows, columns=["facet", *sorted(modes)])
