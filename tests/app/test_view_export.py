"""导出 Export page (app/explorer/views/export.py)."""

from __future__ import annotations

import json
from collections.abc import Callable

from rdflib import Graph, URIRef
from streamlit.testing.v1 import AppTest

from app.explorer import browse
from loaders.export import parse_jsonld
from loaders.rdfstore import open_read_only
from tests.app.conftest import NANJING


def test_prepare_an_area_export(explorer: Callable[..., AppTest]) -> None:
    at = explorer("export.py")
    assert at.selectbox(key="ex_area").value == NANJING
    at.button(key="ex_prepare").click().run()
    assert not at.exception
    preview = at.code[0].value
    assert '"@context"' in preview


def test_formats_and_scope(explorer: Callable[..., AppTest], app_data_dir: object) -> None:
    at = explorer("export.py")
    at.radio(key="ex_format").set_value("ttl").run()
    at.button(key="ex_prepare").click().run()
    assert "@prefix" in at.code[0].value
    at.radio(key="ex_scope").set_value("whole").run()
    at.radio(key="ex_format").set_value("nt").run()
    at.button(key="ex_prepare").click().run()
    assert not at.exception
    assert at.code[0].value.startswith("<")


def test_area_subgraph_is_the_area_and_what_it_links(app_data_dir: object) -> None:
    from pathlib import Path

    store = open_read_only(Path(str(app_data_dir)))
    text, count = browse.export_text(store, "jsonld", NANJING)
    graph = parse_jsonld(text)
    assert len(graph) == count
    subjects = {str(s) for s in graph.subjects()}
    assert NANJING in subjects
    assert "https://w3id.org/metrokg/id/plan/nanjing-development-plan" in subjects
    assert "https://w3id.org/metrokg/id/unit/320100" in subjects  # a member unit
    assert "https://w3id.org/metrokg/id/area/chengdu" not in subjects
    assert json.loads(text)["@context"]
    turtle, _ = browse.export_text(store, "ttl", NANJING)
    again = Graph().parse(data=turtle, format="turtle")
    assert (URIRef(NANJING), None, None) in again
