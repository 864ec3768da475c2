"""Completion for the SPARQL and Cypher consoles: prefixes and the ontology's terms.

The consoles' editor is a plain text area (Streamlit has no completer of its own offline), so
completion works on the end of the typed text: :func:`suggestions` looks at the fragment being
typed and offers what completes it, each with the editor text after choosing it. The console
page shows them under the editor as buttons.

- SPARQL: ``PREFIX mk`` offers the whole line ``PREFIX mkg: <https://w3id.org/metrokg/def#>``
  (the prefixes of :data:`ontology.namespaces.PREFIXES`, as the JSON-LD context names them);
  ``mkg:Metro`` offers ``mkg:MetropolitanArea`` (every class and property of the ontology, with
  its zh and en labels, matched by local name or label); a prefix the query uses but does not
  declare is offered to be declared (the line goes on top).
- Cypher: after ``(a:`` the graph's node labels (the ontology's classes, as the projection
  names them), after ``[r:`` its relationship types (``PLAN_FOR``), with the labels of the
  class or property each comes from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pyoxigraph as ox
from rdflib import Literal, URIRef

from app.explorer.i18n import PREDICATE_LABELS, Lang
from ontology.namespaces import BASE_DEF, OWL, PREFIXES, RDF, RDFS, VOC_BASE

# The prefixes offered: the project's (the JSON-LD context's names), the vocabularies' too.
COMPLETION_PREFIXES: dict[str, str] = {**PREFIXES, "mkgvoc": VOC_BASE}
TERM_KINDS = {
    str(OWL.Class): "class",
    str(OWL.ObjectProperty): "property",
    str(OWL.DatatypeProperty): "property",
    str(OWL.AnnotationProperty): "property",
}
LIMIT = 8


@dataclass(frozen=True)
class Term:
    """A term the consoles complete: its text (``mkg:MetropolitanArea``, ``PLAN_FOR``), what
    kind it is, and its labels."""

    text: str
    kind: str  # class, property, label, relationship
    zh: str
    en: str

    def label(self, lang: Lang) -> str:
        """The term's label in ``lang`` (the other language when it lacks one)."""
        return (self.en or self.zh) if lang == "en" else (self.zh or self.en)


@dataclass(frozen=True)
class Suggestion:
    """One completion: what the list shows, and the editor's text once it is chosen."""

    shown: str
    text: str


def prefix_line(name: str) -> str:
    """The SPARQL declaration of prefix ``name`` (a known one)."""
    return f"PREFIX {name}: <{COMPLETION_PREFIXES[name]}>"


@cache
def _ontology_labels() -> dict[str, tuple[str, str, str]]:
    """Every class and property of the ontology: IRI → (kind, zh label, en label)."""
    from loaders.rdf.build import ontology_graph

    graph = ontology_graph()
    found: dict[str, tuple[str, str, str]] = {}
    for type_iri, kind in TERM_KINDS.items():
        for subject in graph.subjects(RDF.type, URIRef(type_iri)):
            if not isinstance(subject, URIRef) or not str(subject).startswith(BASE_DEF):
                continue
            zh = en = ""
            for label in graph.objects(subject, RDFS.label):
                if isinstance(label, Literal):
                    if (label.language or "").lower().startswith("en"):
                        en = en or str(label)
                    else:
                        zh = zh or str(label)
            found.setdefault(str(subject), (kind, zh, en))
    return found


@cache
def sparql_terms() -> tuple[Term, ...]:
    """Every class and property of the ontology as ``mkg:`` terms with their labels."""
    return tuple(
        sorted(
            (
                Term("mkg:" + iri[len(BASE_DEF) :], kind, zh, en)
                for iri, (kind, zh, en) in _ontology_labels().items()
            ),
            key=lambda t: t.text,
        )
    )


_DATA_CLASSES: dict[int, tuple[ox.Store, frozenset[str]]] = {}


def data_classes(store: ox.Store) -> frozenset[str]:
    """The classes ``store``'s data uses (read once per store object)."""
    from app.explorer.backend import select
    from queries.explorer_queries import explorer_query

    hit = _DATA_CLASSES.get(id(store))
    if hit is not None and hit[0] is store:
        return hit[1]
    found = frozenset(str(r["t"]) for r in select(store, explorer_query("data-classes")))
    _DATA_CLASSES.clear()
    _DATA_CLASSES[id(store)] = (store, found)
    return found


@cache
def cypher_terms(data_types: frozenset[str] = frozenset()) -> tuple[Term, ...]:
    """The property graph's node labels and relationship types, labelled by the class or
    property each comes from (the projection's own naming). ``data_types`` adds the labels of
    classes the data uses beyond the ontology's (the dataset record's ``Dataset`` …)."""
    from loaders.graph.projection import mapping_from_ontology
    from loaders.rdf.build import ontology_graph

    mapping = mapping_from_ontology(ontology_graph())
    labels = _ontology_labels()
    terms: dict[str, Term] = {"Resource": Term("Resource", "label", "资源", "resource")}
    for iri, names in mapping.class_labels.items():
        for name in names:
            if name not in terms:
                _, zh, en = labels.get(BASE_DEF + name, ("", "", ""))
                terms[name] = Term(name, "label", zh, en)
        if iri.startswith(BASE_DEF):
            _, zh, en = labels.get(iri, ("", "", ""))
            name = iri[len(BASE_DEF) :]
            terms[name] = Term(name, "label", zh, en)
    for iri in sorted(data_types):
        name = re.split(r"[#/]", iri)[-1]
        if name and name not in terms:
            zh, en = PREDICATE_LABELS.get(iri, ("", ""))
            terms[name] = Term(name, "label", zh, en)
    for iri, name in mapping.relationships.items():
        if name in terms and (terms[name].zh or terms[name].en):
            continue
        _, zh, en = labels.get(iri, ("", "", ""))
        if not (zh or en) and iri in PREDICATE_LABELS:
            zh, en = PREDICATE_LABELS[iri]
        terms[name] = Term(name, "relationship", zh, en)
    return tuple(sorted(terms.values(), key=lambda t: (t.kind, t.text)))


TAIL = 256
"""The fragments completed end the text: only its last ``TAIL`` characters are searched, so a
long text (a pasted 20 KB literal took 19 s of backtracking) costs no more than a short one."""

_PREFIX_FRAGMENT = re.compile(r"\bPREFIX\s+([A-Za-z][\w-]*|)$", re.IGNORECASE)
_TERM_FRAGMENT = re.compile(r"(?<![\w:<?$])([A-Za-z][\w-]*):(\w*)$")
_DECLARED = re.compile(r"\bPREFIX\s+([A-Za-z][\w-]*)\s*:", re.IGNORECASE)
_NOT_CODE = re.compile(r"<[^<>\s]*>|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|#[^\n]*")
_USED = re.compile(r"(?<![\w:?$<-])([A-Za-z][\w-]*):(?=[A-Za-z_])")
_CYPHER_FRAGMENT = re.compile(r"([(\[])?\s*\w*\s*(?::\s*\w+\s*)*:(\w*)$")


def _rank(term: Term, fragment: str, local: str) -> int | None:
    """0 when the name starts with ``fragment``, 1 when it does ignoring case, 2 when a label
    holds it, None otherwise."""
    folded = fragment.lower()
    if local.startswith(fragment):
        return 0
    if local.lower().startswith(folded):
        return 1
    if fragment and (fragment in term.zh or folded in term.en.lower()):
        return 2
    return None


def _matching(terms: tuple[Term, ...], fragment: str, local: bool) -> list[Term]:
    """``terms`` that complete ``fragment``: name matches first, then label matches."""
    ranked = []
    for term in terms:
        rank = _rank(term, fragment, term.text.split(":", 1)[1] if local else term.text)
        if rank is not None:
            ranked.append((rank, term.text, term))
    return [term for _, _, term in sorted(ranked, key=lambda r: (r[0], r[1]))]


def undeclared_prefixes(text: str) -> list[str]:
    """Known prefixes the query uses (``mkg:member``) but does not declare, in order of use."""
    code = _NOT_CODE.sub(" ", text)
    declared = {m.group(1) for m in _DECLARED.finditer(code)}
    used = dict.fromkeys(m.group(1) for m in _USED.finditer(code))
    return [p for p in used if p not in declared and p in COMPLETION_PREFIXES]


def _tail(text: str) -> tuple[int, str]:
    """Where the searched end of ``text`` starts, and that end."""
    start = max(0, len(text) - TAIL)
    return start, text[start:]


def _sparql(text: str, lang: Lang) -> list[Suggestion]:
    found: list[Suggestion] = []
    offset, tail = _tail(text)
    prefix = _PREFIX_FRAGMENT.search(tail)
    if prefix is not None:
        fragment = prefix.group(1).lower()
        head = text[: offset + prefix.start()]
        for name in COMPLETION_PREFIXES:
            if name.lower().startswith(fragment):
                line = prefix_line(name)
                found.append(Suggestion(line, head + line + "\n"))
        return found[:LIMIT]
    term = _TERM_FRAGMENT.search(tail)
    if term is not None and term.group(1) == "mkg":
        fragment = term.group(2)
        head = text[: offset + term.start(2)]
        for item in _matching(sparql_terms(), fragment, local=True)[:LIMIT]:
            local = item.text.split(":", 1)[1]
            found.append(Suggestion(f"{item.text} · {item.label(lang)}", head + local))
    for name in undeclared_prefixes(text):
        line = prefix_line(name)
        found.append(Suggestion(line, line + "\n" + text))
    return found


def _cypher(text: str, lang: Lang, data_types: frozenset[str]) -> list[Suggestion]:
    offset, tail = _tail(text)
    match = _CYPHER_FRAGMENT.search(tail)
    if match is None:
        return []
    opener = match.group(1)
    wanted = {"(": ("label",), "[": ("relationship",)}.get(opener or "", ("label", "relationship"))
    fragment = match.group(2)
    head = text[: offset + match.start(2)]
    terms = tuple(t for t in cypher_terms(data_types) if t.kind in wanted)
    return [
        Suggestion(f"{t.text} · {t.label(lang)}" if t.label(lang) else t.text, head + t.text)
        for t in _matching(terms, fragment, local=False)[:LIMIT]
    ]


def suggestions(
    text: str, language: str, lang: Lang = "zh", store: ox.Store | None = None
) -> list[Suggestion]:
    """What completes the end of ``text`` in a ``language`` console (sparql or cypher);
    ``store`` adds the node labels of classes its data uses beyond the ontology's."""
    if language == "cypher":
        found = _cypher(text, lang, data_classes(store) if store is not None else frozenset())
    else:
        found = _sparql(text, lang)
    return [s for s in found if s.text != text]  # a term already complete is not offered
