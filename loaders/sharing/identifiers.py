"""IRI stability between two versions of the graph.

metrokg mints instance IRIs from keys that do not change (``id/{kind}/{key}``: a GB/T 2260 code
for a unit, a curated slug for everything else; see ``ontology/README.md``). A new version must
keep naming the same thing by the same IRI; an IRI that goes away is declared replaced
(``dct:isReplacedBy`` its successor) in the new version. The dataset record's own parts (VoID
partitions, distributions) describe one version and are outside this promise.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import Graph, URIRef

from loaders.sharing.record import is_record_subject
from ontology.namespaces import BASE_ID, DCTERMS, MKG, RDF


@dataclass(frozen=True)
class IriChange:
    """An IRI of the old version that the new one drops or gives another meaning."""

    iri: str
    problem: str


def _types(graph: Graph, iri: URIRef) -> set[str]:
    return {str(t) for t in graph.objects(iri, RDF.type)}


def iri_changes(old: Graph, new: Graph) -> list[IriChange]:
    """Every instance IRI of ``old`` that ``new`` neither keeps (with a type in common and,
    for a unit, the same division code) nor declares replaced."""
    changes: list[IriChange] = []
    subjects = {s for s in old.subjects() if isinstance(s, URIRef)}
    for iri in sorted(subjects):
        text = str(iri)
        if not text.startswith(BASE_ID) or is_record_subject(text):
            continue
        if (iri, DCTERMS.isReplacedBy, None) in new:
            continue
        old_types, new_types = _types(old, iri), _types(new, iri)
        if not new_types and (iri, None, None) not in new:
            changes.append(IriChange(text, "gone, and not declared replaced (dct:isReplacedBy)"))
        elif old_types and not old_types & new_types:
            kinds = ", ".join(sorted(new_types))
            changes.append(IriChange(text, f"now names another kind of thing ({kinds})"))
        elif set(old.objects(iri, MKG.divisionCode)) != set(new.objects(iri, MKG.divisionCode)):
            changes.append(IriChange(text, "its division code changed"))
    return changes
