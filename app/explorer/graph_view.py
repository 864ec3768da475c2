"""Draw a neighbourhood with pyvis, offline, and lay large ones out in Python.

- Resources are inlined (``cdn_resources="in_line"``) and the bootstrap ``<link>``/``<script>``
  tags pyvis adds in every mode are stripped: the page needs no network.
- Labels and titles are data: pyvis writes them with Jinja's ``tojson`` (``<``, ``>``, ``&``
  and ``'`` escaped), vis-network draws labels on a canvas and shows string titles as text.
  pyvis switches to an ``innerHTML`` tooltip when a title contains "href"; that template is
  never used here.
- Above :data:`PHYSICS_LIMIT` nodes physics is off and positions come from a radial layout
  computed here (rings by distance from the expanded nodes); below it the same positions seed
  a short stabilisation.
- A click on a node posts ``{"metrokgNode": id}`` to the parent window; the graph page's
  small listener turns it into a selection (see :mod:`app.explorer.views.graph`).
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict, deque
from dataclasses import dataclass

from pyvis.network import Network

from app.explorer.browse import GraphEdge, GraphNode, Neighbourhood

PHYSICS_LIMIT = 300
LABEL_MAX = 16
# Room a node's label needs on a ring (px): labels stay apart up to 150 nodes.
LABEL_ROOM = 96.0
ROLE_COLOURS: dict[str, str] = {
    "core": "#d62728",
    "extended": "#ff9896",
    "task-related": "#9467bd",
}
FONT_FACE = "WenQuanYi Micro Hei, Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"

FAMILY_COLOURS: dict[str, str] = {
    "MetropolitanArea": "#d62728",
    "AdministrativeUnit": "#1f77b4",
    "SpecialZone": "#17becf",
    "ScopeMembership": "#c7c7c7",
    "Plan": "#2ca02c",
    "PlanChapter": "#98df8a",
    "CooperationAgreement": "#e6550d",
    "ActionDocument": "#ff7f0e",
    "Organization": "#9467bd",
    "Observation": "#8c564b",
    "PlanAvailability": "#bcbd22",
    "IndicatorSystem": "#e377c2",
    "IndicatorComponent": "#f7b6d2",
    "SourceSection": "#7f7f7f",
    "Reference": "#7f7f7f",
    "Concept": "#aec7e8",
    "other": "#999999",
}

_BOOTSTRAP = re.compile(
    r"<link[^>]*bootstrap[^>]*/?>|<script[^>]*bootstrap[^>]*>\s*</script>",
    re.IGNORECASE | re.DOTALL,
)
_EMPTY_HEADING = re.compile(r"<center>\s*<h1>\s*</h1>\s*</center>", re.IGNORECASE)
_CLICK_HOOK = """
<script type="text/javascript">
  (function () {
    function post(nodeId) {
      try { window.parent.postMessage({metrokgNode: String(nodeId)}, "*"); } catch (e) {}
    }
    if (typeof network !== "undefined") {
      network.on("click", function (params) {
        if (params.nodes && params.nodes.length === 1) { post(params.nodes[0]); }
      });
    }
  })();
</script>
</body>"""


def short(label: str, limit: int = LABEL_MAX) -> str:
    """``label`` cut to ``limit`` characters with an ellipsis."""
    return label if len(label) <= limit else label[: limit - 1] + "…"


@dataclass(frozen=True)
class Drawing:
    """What was drawn: the HTML and the counts behind "showing N of M"."""

    html: str
    shown_nodes: int
    total_nodes: int
    shown_edges: int
    physics: bool


def select_nodes(
    hood: Neighbourhood,
    centres: list[str],
    kinds: set[str] | None,
    limit: int,
) -> tuple[list[GraphNode], list[GraphEdge]]:
    """The nodes to draw: centres first, then by distance, filtered by kind, at most ``limit``."""
    adjacency: dict[str, set[str]] = defaultdict(set)
    for edge in hood.edges:
        adjacency[edge.source].add(edge.target)
        adjacency[edge.target].add(edge.source)
    order: list[str] = []
    seen: set[str] = set()
    queue = deque(c for c in centres if c in hood.nodes)
    seen.update(queue)
    while queue:
        current = queue.popleft()
        order.append(current)
        for other in sorted(
            adjacency[current], key=lambda n: (hood.nodes[n].kind_label, hood.nodes[n].label)
        ):
            if other not in seen:
                seen.add(other)
                queue.append(other)
    order.extend(sorted(n for n in hood.nodes if n not in seen))
    chosen: list[GraphNode] = []
    for iri in order:
        node = hood.nodes[iri]
        if iri not in centres and kinds is not None and node.kind not in kinds:
            continue
        chosen.append(node)
        if len(chosen) >= limit:
            break
    keep = {n.iri for n in chosen}
    edges = [e for e in hood.edges if e.source in keep and e.target in keep]
    return chosen, edges


def radial_layout(
    nodes: list[GraphNode], edges: list[GraphEdge], centres: list[str]
) -> dict[str, tuple[float, float]]:
    """Positions on rings by graph distance from the centres (several centres on an inner ring)."""
    adjacency: dict[str, list[str]] = defaultdict(list)
    for edge in edges:
        adjacency[edge.source].append(edge.target)
        adjacency[edge.target].append(edge.source)
    ids = [n.iri for n in nodes]
    roots = [c for c in centres if c in set(ids)] or ids[:1]
    depth: dict[str, int] = {}
    parent: dict[str, str | None] = {}
    queue = deque(roots)
    for root in roots:
        depth[root] = 0
        parent[root] = None
    while queue:
        current = queue.popleft()
        for other in adjacency[current]:
            if other not in depth:
                depth[other] = depth[current] + 1
                parent[other] = current
                queue.append(other)
    unreached = [i for i in ids if i not in depth]
    top = max(depth.values(), default=0) + 1
    for iri in unreached:
        depth[iri] = top
        parent[iri] = None
    rings: dict[int, list[str]] = defaultdict(list)
    for iri in ids:
        rings[depth[iri]].append(iri)
    kind_of = {n.iri: n.kind for n in nodes}
    positions: dict[str, tuple[float, float]] = {}
    angle: dict[str, float] = {}
    radius = 0.0
    for level in sorted(rings):
        members = rings[level]
        if level == 0 and len(members) == 1:
            positions[members[0]] = (0.0, 0.0)
            angle[members[0]] = 0.0
            continue
        members.sort(key=lambda i: (angle.get(parent[i] or "", 0.0), kind_of.get(i, ""), i))
        room = LABEL_ROOM if len(nodes) <= 150 else 28.0
        circumference_needed = len(members) * room
        radius = max(radius + 220.0, circumference_needed / (2 * math.pi))
        for k, iri in enumerate(members):
            theta = 2 * math.pi * k / len(members)
            angle[iri] = theta
            positions[iri] = (radius * math.cos(theta), radius * math.sin(theta))
    return positions


def render(
    hood: Neighbourhood,
    centres: list[str],
    selected: str | None = None,
    kinds: set[str] | None = None,
    limit: int = 500,
    height: int = 720,
) -> Drawing:
    """The pyvis HTML of ``hood`` (offline, escaped), with the counts for "showing N of M".

    Args:
        hood: the nodes and edges gathered so far.
        centres: the nodes whose neighbourhoods were drawn (placed first, never filtered out).
        selected: the node shown beside the graph (drawn larger).
        kinds: class IRIs to keep (None keeps all).
        limit: the most nodes to draw.
        height: pixels.
    """
    nodes, edges = select_nodes(hood, centres, kinds, limit)
    physics = len(nodes) <= PHYSICS_LIMIT
    positions = radial_layout(nodes, edges, centres)
    net = Network(
        height=f"{height}px",
        width="100%",
        directed=True,
        cdn_resources="in_line",
        bgcolor="#ffffff",
    )
    centre_set = set(centres)
    for node in nodes:
        x, y = positions.get(node.iri, (0.0, 0.0))
        big = node.iri == selected or node.iri in centre_set
        net.add_node(
            node.iri,
            label=short(node.label),
            title=f"{node.label}\n{node.kind_label}\n{node.iri}",
            color=FAMILY_COLOURS.get(node.family, FAMILY_COLOURS["other"]),
            shape="dot",
            size=22 if node.iri == selected else 16 if big else 9,
            borderWidth=4 if node.iri == selected else 1,
            x=x,
            y=y,
        )
    show_edge_labels = len(edges) <= 60
    for edge in edges:
        role = edge.style.removesuffix("-partial")
        extra: dict[str, object] = {}
        if role:
            extra["color"] = ROLE_COLOURS.get(role, "#b0b0b0")
            extra["width"] = 2
            extra["dashes"] = edge.style.endswith("-partial")
        net.add_edge(
            edge.source,
            edge.target,
            title=edge.title or edge.label,
            label=short(edge.label, 12) if show_edge_labels or role else None,
            **extra,
        )
    options = {
        "physics": {
            "enabled": physics,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -60,
                "springLength": 160 if len(nodes) <= 150 else 120,
                "avoidOverlap": 0.6,
            },
            "stabilization": {"enabled": physics, "iterations": 150, "fit": True},
        },
        "layout": {"improvedLayout": False},
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": len(nodes) > PHYSICS_LIMIT,
        },
        "nodes": {
            "font": {
                "size": 15 if len(nodes) <= 150 else 12,
                "face": FONT_FACE,
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            }
        },
        "edges": {
            "smooth": False,
            "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
            "color": {"color": "#b0b0b0", "highlight": "#444444"},
            "font": {"size": 9, "face": FONT_FACE, "color": "#666666"},
        },
    }
    net.set_options(json.dumps(options))
    return Drawing(
        html=to_html(net),
        shown_nodes=len(nodes),
        total_nodes=len(hood.nodes),
        shown_edges=len(edges),
        physics=physics,
    )


def to_html(net: Network) -> str:
    """pyvis's HTML without CDN tags, link tooltip or empty heading; with the click hook."""
    template = net.templateEnv.get_template(net.path)
    nodes, edges, _heading, height, width, options = net.get_network_data()
    html = template.render(
        height=height,
        width=width,
        nodes=nodes,
        edges=edges,
        heading="",
        options=options,
        physics_enabled=json.loads(options)["physics"]["enabled"]
        if isinstance(options, str)
        else True,
        use_DOT=False,
        dot_lang="",
        widget=False,
        bgcolor=net.bgcolor,
        conf=False,
        tooltip_link=False,
        neighborhood_highlight=False,
        select_menu=False,
        filter_menu=False,
        notebook=False,
        cdn_resources="in_line",
    )
    html = _BOOTSTRAP.sub("", html)
    html = _EMPTY_HEADING.sub("", html)
    return html.replace("</body>", _CLICK_HOOK, 1)


def offline_problems(html: str) -> list[str]:
    """Every reference to a remote resource in ``html`` (should be none)."""
    return re.findall(
        r"""(?:src|href)\s*=\s*["']?(?:https?:)?//[^"'\s>]+""", html, flags=re.IGNORECASE
    )
