"""Counts of instances per class, for ``metrokg stats`` and the explorer's overview."""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox

from ontology.namespaces import BASE_DEF, MKG, OWL, RDF, RDFS

CLASS_COUNTS = f"""
SELECT ?class (SAMPLE(?lbl) AS ?label) (COUNT(DISTINCT ?s) AS ?n) WHERE {{
  ?class a <{OWL.Class}> .
  FILTER(STRSTARTS(STR(?class), "{BASE_DEF}"))
  OPTIONAL {{ ?s <{RDF.type}> ?class }}
  OPTIONAL {{ ?class <{RDFS.label}> ?lbl FILTER(LANG(?lbl) = "zh") }}
}} GROUP BY ?class ORDER BY DESC(?n) ?class
"""


@dataclass(frozen=True)
class ClassCount:
    """Instances of one class (direct type, not inferred)."""

    iri: str
    curie: str
    label: str
    count: int


def class_counts(store: ox.Store) -> list[ClassCount]:
    """Direct instance counts for every local class of the ontology."""
    rows = []
    result = store.query(CLASS_COUNTS)
    assert isinstance(result, ox.QuerySolutions)
    for solution in result:
        cls = solution["class"]
        label = solution["label"]
        count = solution["n"]
        assert isinstance(cls, ox.NamedNode)
        iri = cls.value
        rows.append(
            ClassCount(
                iri=iri,
                curie="mkg:" + iri.removeprefix(BASE_DEF),
                label=label.value if isinstance(label, ox.Literal) else "",
                count=int(count.value) if isinstance(count, ox.Literal) else 0,
            )
        )
    return rows


__all__ = ["MKG", "ClassCount", "class_counts"]
