"""Fixtures of the explorer tests: a data directory of their own (the shipped seed, one area
given a hostile label), its own FalkorDB server with the projection, and AppTest helpers."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS
from streamlit.testing.v1 import AppTest

from loaders.graph import server
from loaders.graph.load import load_graph
from loaders.pipeline import LoadResult
from loaders.rdf.build import build_graph
from loaders.rdfstore import load_lock, quads_of, replace_graph
from loaders.stores import Settings, open_graph

REPO = Path(__file__).resolve().parents[2]
APP = REPO / "app" / "explorer" / "app.py"
VIEWS = REPO / "app" / "explorer" / "views"
NANJING = "https://w3id.org/metrokg/id/area/nanjing"
CHENGDU = "https://w3id.org/metrokg/id/area/chengdu"
HOSTILE_AREA = "https://w3id.org/metrokg/id/area/zhengzhou"
HOSTILE_LABEL = (
    '郑州都市圈<script>alert("metrokg")</script><img src=x onerror=alert(2)> **b** :red[x] $x$'
)


def with_hostile_label(graph: Graph) -> Graph:
    """``graph`` with the Zhengzhou area's Chinese label replaced by one full of markup."""
    area = URIRef(HOSTILE_AREA)
    for label in list(graph.objects(area, RDFS.label)):
        if isinstance(label, Literal) and label.language == "zh":
            graph.remove((area, RDFS.label, label))
    graph.add((area, RDFS.label, Literal(HOSTILE_LABEL, lang="zh")))
    return graph


def write_generation(data_dir: Path, graph: Graph) -> Path:
    """Write ``graph`` as a new store generation of ``data_dir`` (what `metrokg load` does)."""
    with load_lock(data_dir):
        return replace_graph(data_dir, quads_of(graph), expected=len(graph))


@pytest.fixture(scope="session")
def app_data_dir(
    shipped_load: LoadResult, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Path]:
    """The shipped data (hostile label included): the RDF store and a FalkorDB server of its own."""
    data_dir = tmp_path_factory.mktemp("explorer-data")
    write_generation(data_dir, with_hostile_label(build_graph(shipped_load.seed).graph))
    settings = Settings(data_dir=data_dir)
    try:
        graph = open_graph(settings)
        load_graph(
            graph, with_hostile_label(build_graph(shipped_load.seed, with_ontology=False).graph)
        )
        yield data_dir
    finally:
        server.stop(server.ServerConfig(data_dir=data_dir))


@pytest.fixture()
def explorer(app_data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., AppTest]:
    """Open a page of the explorer with AppTest: ``explorer("area.py", lang="en")``."""
    monkeypatch.setenv("METROKG_DATA_DIR", str(app_data_dir))
    monkeypatch.delenv("METROKG_GRAPH_URI", raising=False)

    def open_page(view: str = "overview.py", lang: str = "zh", **query: str) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=120)
        if lang == "en":
            at.query_params["lang"] = "en"
        for key, value in query.items():
            at.query_params[key] = value
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        if view != "overview.py":
            at.switch_page(f"views/{view}")
            for key, value in query.items():  # the root's switch to the overview dropped them
                at.query_params[key] = value
            at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at

    return open_page


def texts(at: AppTest) -> str:
    """Every text the page shows outside tables and drawings (markdown, captions, titles …),
    markdown escapes undone (what a reader sees)."""
    parts: list[str] = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "text",
        "code",
        "info",
        "error",
        "warning",
    ):
        parts.extend(str(e.value) for e in at.get(kind))
    for metric in at.get("metric"):
        parts.append(f"{metric.label} {metric.value}")
    return re.sub(r"\\(.)", r"\1", "\n".join(parts))


def frames(at: AppTest) -> list[object]:
    """The pandas frames of every ``st.dataframe`` on the page."""
    return [e.value for e in at.dataframe]


def html_allowed(at: AppTest) -> list[str]:
    """Elements that let HTML through (``unsafe_allow_html``); should be none."""
    found: list[str] = []

    def walk(node: object) -> None:
        proto = getattr(node, "proto", None)
        descriptor = getattr(proto, "DESCRIPTOR", None)
        if (
            descriptor is not None
            and "allow_html" in descriptor.fields_by_name
            and proto.allow_html
        ):
            found.append(str(getattr(node, "value", node)))
        children = getattr(node, "children", None)
        if isinstance(children, dict):
            for child in children.values():
                walk(child)

    walk(at._tree)
    return found
