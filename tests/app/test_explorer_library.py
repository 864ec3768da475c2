"""The explorer's library (app/explorer/*.py without Streamlit): the reader that follows new
store generations, search, neighbourhoods, drawings, downloads and text escaping."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS
from rdflib.plugins.sparql import prepareQuery
from streamlit.testing.v1 import AppTest

from app.explorer import browse, data, graph_view, qa, ui
from app.explorer.backend import Backend
from app.explorer.memory_copy import LIMIT_VARIABLE
from loaders.pipeline import LoadResult
from loaders.rdf.build import build_graph
from loaders.rdfstore import open_read_only
from queries.runner import run_sparql, select_rows
from tests.app.conftest import APP, HOSTILE_AREA, HOSTILE_LABEL, NANJING, VIEWS, write_generation

MKG = "https://w3id.org/metrokg/def#"
NEW_AREA = "https://w3id.org/metrokg/id/area/test-new"


def test_every_view_has_a_test() -> None:
    views = sorted(p.stem for p in VIEWS.glob("*.py") if p.stem != "__init__")
    assert views == [
        "area", "console", "coverage", "export", "graph", "ontology", "overview", "questions",
        "review",
    ]  # fmt: skip
    for stem in views:
        assert (Path(__file__).parent / f"test_view_{stem}.py").is_file(), stem


def test_a_new_generation_is_read_without_restart(
    shipped_load: LoadResult, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data_dir = tmp_path / "data"
    graph = build_graph(shipped_load.seed).graph
    write_generation(data_dir, graph)
    monkeypatch.setenv(LIMIT_VARIABLE, "0")  # read from disk only: the snapshot stays one object
    backend = Backend.from_env(data_dir)
    first = backend.snapshot()
    assert backend.snapshot() is first  # the same generation is not reopened
    assert data.counts(first.store)["areas"] == 15

    monkeypatch.setenv("METROKG_DATA_DIR", str(data_dir))
    at = AppTest.from_file(str(APP), default_timeout=120)
    at.run()
    assert {m.label: m.value for m in at.get("metric")}["都市圈"] == "15"

    # `metrokg load` beside the running app: a new generation with one more area
    graph.add((URIRef(NEW_AREA), RDF.type, URIRef(f"{MKG}MetropolitanArea")))
    graph.add((URIRef(NEW_AREA), RDFS.label, Literal("测试都市圈", lang="zh")))
    write_generation(data_dir, graph)
    second = backend.snapshot()
    assert second.generation != first.generation and backend.opened == 2
    assert data.counts(second.store)["areas"] == 16
    assert data.counts(first.store)["areas"] == 15  # an open reader keeps its snapshot

    at.run()  # the next interaction, same session, no restart
    assert not at.exception
    assert {m.label: m.value for m in at.get("metric")}["都市圈"] == "16"
    assert "测试都市圈" in set(at.dataframe[0].value.iloc[:, 0])


def test_no_data_yet_gives_a_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("METROKG_DATA_DIR", str(tmp_path / "empty"))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    assert not at.exception
    assert "metrokg load" in at.info[0].value


def test_search(app_data_dir: Path) -> None:
    store = open_read_only(app_data_dir)
    hits, total = browse.search(store, "南京都市圈")
    assert hits[0].iri == NANJING and total >= 1
    hits, _ = browse.search(store, "nanjing METRO", "en")
    assert NANJING in [h.iri for h in hits]
    hits, _ = browse.search(store, "320100")
    assert hits[0].iri.endswith("/unit/320100")
    assert browse.search(store, "   ") == ([], 0)


def test_the_catalogue_neighbourhood_gives_the_browsers_edges(app_data_dir: Path) -> None:
    store = open_read_only(app_data_dir)
    question = qa.catalogue()["neighbourhood"]
    for node in (
        NANJING,
        "https://w3id.org/metrokg/id/plan/nanjing-development-plan",
        "https://w3id.org/metrokg/id/unit/320100",
    ):
        own = browse.neighbourhood(store, node)
        theirs = browse.neighbourhood(store, node, catalogue_question=question)
        assert {(e.source, e.target) for e in own.edges} == {
            (e.source, e.target) for e in theirs.edges
        }
        assert {(e.source, e.relation, e.target) for e in own.edges} == {
            (e.source, e.relation, e.target) for e in theirs.edges
        }


def test_node_details_have_provenance(app_data_dir: Path) -> None:
    store = open_read_only(app_data_dir)
    details = browse.node_details(
        store,
        "https://w3id.org/metrokg/id/plan/jiangning-bowang-integration-demonstration-zone-plan",
    )
    assert details.references and details.references[0].startswith("[7]")
    assert any("第二节" in s for s in details.sections)
    assert details.provenance["prov_words"] and details.provenance["prov_interpretation"]
    assert "出处" in {s.predicate_label for s in details.statements}


def test_drawings_are_offline_and_escaped(app_data_dir: Path) -> None:
    store = open_read_only(app_data_dir)
    hood = browse.neighbourhood(store, HOSTILE_AREA)
    hood.nodes["x"] = browse.GraphNode(
        "x", 'click <a href="javascript:alert(1)">here</a>', "", "href"
    )
    drawing = graph_view.render(hood, [HOSTILE_AREA])
    html = drawing.html
    assert graph_view.offline_problems(html) == []
    assert "bootstrap" not in html and "popup.innerHTML" not in html  # no HTML tooltips
    assert HOSTILE_LABEL not in html and "<script>alert" not in html and "<a href" not in html
    assert drawing.physics and drawing.shown_nodes == drawing.total_nodes


def test_large_neighbourhoods_get_a_computed_layout(app_data_dir: Path) -> None:
    store = open_read_only(app_data_dir)
    county = "https://w3id.org/metrokg/def/level/county"
    hood = browse.neighbourhood(store, county)
    assert len(hood.nodes) > 2000
    drawing = graph_view.render(hood, [county], limit=1000)
    assert (
        not drawing.physics
        and drawing.shown_nodes == 1000
        and drawing.total_nodes == len(hood.nodes)
    )
    assert '"enabled": false' in drawing.html
    nodes, edges = graph_view.select_nodes(hood, [county], None, 1000)
    positions = graph_view.radial_layout(nodes, edges, [county])
    assert len(positions) == 1000 and positions[county] == (0.0, 0.0)


def test_csv_is_excel_friendly_and_json_is_utf8() -> None:
    rows = [{"area": "南京都市圈", "provinces": ["江苏省", "安徽省"], "n": 1, "x": None}]
    raw = ui.csv_bytes(["area", "provinces", "n", "x"], rows)
    assert raw.startswith(b"\xef\xbb\xbf")
    parsed = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert parsed == [["area", "provinces", "n", "x"], ["南京都市圈", "江苏省; 安徽省", "1", ""]]
    assert json.loads(ui.json_bytes(["area", "provinces"], rows)) == [
        {"area": "南京都市圈", "provinces": ["江苏省", "安徽省"]}
    ]
    assert "南京" in ui.json_bytes(["area"], rows).decode("utf-8")


def test_markdown_escaping() -> None:
    escaped = ui.md_escape(HOSTILE_LABEL)
    assert re.findall(r"(?<!\\)[<>*:$\[\]]", escaped) == []  # every one escaped
    assert re.sub(r"\\(.)", r"\1", escaped) == HOSTILE_LABEL


@pytest.mark.parametrize("name", sorted(qa.catalogue()))
def test_console_prefill_parses(name: str) -> None:
    question = qa.catalogue()[name]
    text, _ = qa.console_prefill(question, "sparql")
    prepareQuery(text)
    cypher, _ = qa.console_prefill(question, "cypher")
    for param in question.parameters:
        assert f"${param.name}" not in cypher or param.default is None


@pytest.mark.parametrize("name", sorted(qa.catalogue()))
def test_console_prefill_answers_as_the_question(name: str, rdf_store: ox.Store) -> None:
    """The prefilled SPARQL (defaults written as constants, in subqueries too) gives the
    question's whole answer for its defaults (less the parameters' own columns: a constant is
    not projected)."""
    question = qa.catalogue()[name]
    text, _ = qa.console_prefill(question, "sparql")
    given = {p.name for p in question.parameters}

    def shown(rows: list[dict[str, object]]) -> list[str]:
        return sorted(repr({k: v for k, v in row.items() if k not in given}) for row in rows)

    want = run_sparql(rdf_store, question).rows
    got = question.normalise(select_rows(rdf_store, text, {}))
    assert want or name.endswith("-violation")  # checks answer no rows on the shipped data
    assert shown(got) == shown(want)


def test_overview_numbers(app_data_dir: Path) -> None:
    store = open_read_only(app_data_dir)
    frame = data.comparison(store)
    fuzhou = frame[frame["area"] == "福州都市圈"].iloc[0]
    assert (fuzhou["gdp"], fuzhou["gdp_year"]) == (15000.0, 2020)  # 1.5万亿元 = 15,000 亿元
    gaps = data.gap_matrix(store)
    nanjing = gaps[gaps["area_iri"] == NANJING].set_index("kind")["state"].to_dict()
    assert nanjing["development"] == "exists" and nanjing["spatial"] == "none"
    assert set(gaps["state"]) <= {"exists", "in_preparation", "guideline_only", "none", "unknown"}
    assert "in_preparation" in set(gaps["state"])  # 沈阳: 国土空间规划 在编
    spatial = gaps[gaps["kind"] == "spatial"].set_index("area_zh")["state"].to_dict()
    # 表1-5: 广州, 深圳 list only 《广东省都市圈国土空间规划协调指引》 (as the question says)
    assert spatial["广州都市圈"] == spatial["深圳都市圈"] == "guideline_only"
    assert len(spatial) == 15  # every area, 武汉 and 郑州 (no members listed) included


def test_a_bad_graph_setting_gives_a_message(
    app_data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("METROKG_DATA_DIR", str(app_data_dir))
    monkeypatch.setenv("METROKG_GRAPH_URI", "http://example.org")
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.run()
    assert not at.exception
    assert "METROKG_GRAPH_URI" in at.error[0].value
