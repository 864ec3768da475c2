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


def test_three_shapes_are_offered_in_chinese_first(explorer: Callable[..., AppTest]) -> None:
    at = explorer("export.py")
    options = at.radio(key="ex_shape").options
    assert len(options) == 3
    assert options[0].startswith("RDF 图") and "嵌套" in options[1] and "CSV" in options[2]


def test_the_shapes_have_english_labels() -> None:
    from app.explorer.i18n import tr

    assert tr("ex_shape_nested", "en") == "One area as nested JSON-LD"
    assert tr("ex_shape_csv", "en").startswith("Tables")


def test_nested_export_previews_the_area_tree(explorer: Callable[..., AppTest]) -> None:
    at = explorer("export.py")
    at.radio(key="ex_shape").set_value("nested").run()
    assert at.selectbox(key="ex_area").value == NANJING
    at.button(key="ex_prepare").click().run()
    assert not at.exception
    preview = at.code[0].value
    assert '"hasMembership"' in preview and "南京都市圈" in preview
    assert '"@context"' not in preview, "the preview skips the long context"


def test_csv_package_lists_its_tables_and_previews_one(explorer: Callable[..., AppTest]) -> None:
    at = explorer("export.py")
    at.radio(key="ex_shape").set_value("csv").run()
    at.radio(key="ex_scope").set_value("whole").run()
    at.button(key="ex_prepare").click().run()
    assert not at.exception
    tables = at.dataframe[0].value
    assert list(tables.columns) == ["表", "行数"]
    assert len(tables) == 7 and "成员单位" in set(tables["表"])
    at.selectbox(key="ex_table").set_value("members").run()
    preview = at.dataframe[1].value
    assert "区划代码" in preview.columns and "member_id" not in preview.columns
    assert 0 < len(preview) <= 20
    shown = " ".join(str(v) for v in preview.to_numpy().ravel())
    assert "None" not in shown and "nan" not in shown


def test_the_zip_holds_the_package(app_data_dir: object) -> None:
    import io
    import zipfile
    from pathlib import Path

    from loaders.export import csv_zip
    from loaders.rdfstore import current_generation

    data_dir = Path(str(app_data_dir))
    archive, counts = csv_zip(open_read_only(data_dir), current_generation(data_dir), NANJING)
    names = zipfile.ZipFile(io.BytesIO(archive)).namelist()
    assert "metrokg/datapackage.json" in names and "metrokg/members.csv" in names
    assert counts["areas"] == 1
