"""The graph browser's view as a value: which nodes are expanded (by which relations), which is
selected, the kind filter and the node cap; written to and read from the page's URL so that a
share link reproduces the view.

URL form (each a query parameter, repeated where a list):

- ``node``: an expanded node's IRI, followed by ``|`` and the relation IRIs it was expanded by
  (none: all relations);
- ``sel``: the selected node's IRI;
- ``kind``: a class kept by the kind filter (none: all kinds);
- ``max``: the most nodes drawn.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace

LIMITS = (50, 100, 150, 200, 300, 500, 1000, 2000, 3000)
DEFAULT_LIMIT = 150
MAX_CENTRES = 40
MAX_VALUE = 2048


@dataclass(frozen=True)
class Expansion:
    """One expanded node and the relations it was expanded by (empty: all)."""

    iri: str
    relations: tuple[str, ...] = ()


@dataclass(frozen=True)
class View:
    """What the graph browser shows."""

    centres: tuple[Expansion, ...] = ()
    selected: str | None = None
    kinds: tuple[str, ...] = ()
    limit: int = DEFAULT_LIMIT

    def start_at(self, iri: str) -> View:
        """Only ``iri``'s neighbourhood, ``iri`` selected (filters kept)."""
        return replace(self, centres=(Expansion(iri),), selected=iri)

    def expand(self, iri: str, relations: Sequence[str] = ()) -> View:
        """``iri``'s neighbourhood added (by ``relations``, or all), ``iri`` selected."""
        wanted = tuple(sorted(relations))
        kept = tuple(c for c in self.centres if c.iri != iri)
        old = next((c for c in self.centres if c.iri == iri), None)
        if old is not None and old.relations and wanted:
            wanted = tuple(sorted(set(old.relations) | set(wanted)))
        elif old is not None and not old.relations:
            wanted = ()
        return replace(self, centres=(*kept, Expansion(iri, wanted))[-MAX_CENTRES:], selected=iri)

    def collapse(self, iri: str) -> View:
        """``iri``'s neighbourhood taken away again (the first node stays)."""
        if len(self.centres) <= 1:
            return self
        kept = tuple(c for c in self.centres if c.iri != iri)
        selected = self.selected if self.selected != iri else kept[-1].iri
        return replace(self, centres=kept, selected=selected)

    def select(self, iri: str) -> View:
        """``iri`` shown in the details."""
        return replace(self, selected=iri)

    def to_params(self) -> dict[str, list[str] | str]:
        """The view as URL query parameters."""
        params: dict[str, list[str] | str] = {
            "node": ["|".join((c.iri, *c.relations)) for c in self.centres],
            "max": str(self.limit),
        }
        if self.selected:
            params["sel"] = self.selected
        if self.kinds:
            params["kind"] = list(self.kinds)
        return params


def _clean(value: str) -> str | None:
    value = value.strip()
    return value if value and len(value) <= MAX_VALUE else None


def from_params(params: Mapping[str, Sequence[str]]) -> View | None:
    """The view a URL describes, or None when it names no node; odd values are dropped."""
    centres: list[Expansion] = []
    for raw in params.get("node", [])[:MAX_CENTRES]:
        value = _clean(raw)
        if value is None:
            continue
        iri, *relations = [part for part in value.split("|") if part]
        if iri not in {c.iri for c in centres}:
            centres.append(Expansion(iri, tuple(sorted(relations))))
    if not centres:
        return None
    selected = next((v for v in map(_clean, params.get("sel", [])) if v), None)
    kinds = tuple(v for v in map(_clean, params.get("kind", [])) if v)
    try:
        limit = int(next(iter(params.get("max", [])), DEFAULT_LIMIT))
    except ValueError:
        limit = DEFAULT_LIMIT
    if limit not in LIMITS:
        limit = DEFAULT_LIMIT
    return View(tuple(centres), selected or centres[-1].iri, kinds, limit)
