"""Table rows: the column header decides the kind (表1-3 areas, members and figures; 表1-5
plans under their labels; 表1-6 documents), each row related to the seed."""

from __future__ import annotations

from collections import Counter

from loaders.ingest.extract import extract
from loaders.ingest.matching import Matcher
from loaders.ingest.tables import column_kinds
from loaders.seed import SeedData


def _table(source_text: str, caption: str, row_start: str) -> list[str]:
    lines = source_text.split("\n")
    at = next(i for i, ln in enumerate(lines) if ln.replace(" ", "").startswith(caption))
    header = next(ln for ln in lines[at + 1 :] if "\t" in ln)
    row = next(ln for ln in lines[at:] if ln.startswith(row_start))
    return [lines[at], "", header, row]


def test_header_decides_the_column_kinds() -> None:
    header = ("序号", "都市圈", "规划发布时间", "规划范围", "规划面积", "常住人口")
    assert column_kinds(header) == {
        "area": 1, "release": 2, "scope": 3, "land_area": 4, "population": 5,
    }  # fmt: skip
    assert column_kinds(("都 市 圈", "都市圈建设相关文件")) == {"area": 0, "documents": 1}


def test_table_1_3_row_gives_area_members_and_figures(
    source_text: str, shipped_seed: SeedData
) -> None:
    lines = _table(source_text, "表1-3", "15\t厦漳泉都市圈")
    found = extract(lines, shipped_seed, "t", "2024-07")
    matcher = Matcher(shipped_seed)
    for c in found:
        c.relation = matcher.relate(c)
    kinds = Counter(c.kind for c in found)
    assert kinds["area"] == 1 and kinds["member"] == 3
    area = next(c for c in found if c.kind == "area")
    assert area.record["release"] == "2024-06" and area.record["release_public"] == "yes"
    assert area.relation.status == "same" and area.relation.record == "xiazhangquan"
    zhangzhou = next(c for c in found if c.record.get("unit") == "福建省/漳州市")
    assert zhangzhou.record["excludes"] == "福建省/漳州市/华安县"
    assert zhangzhou.relation.status == "same"
    assert zhangzhou.evidence.line == 4
    figures = {(c.record["measure"], c.record["value"]) for c in found if c.kind == "figure"}
    assert ("coastline", "1242") in figures and ("population", "1838.9") in figures


def test_table_1_3_centre_and_unpublished_release(source_text: str, shipped_seed: SeedData) -> None:
    lines = _table(source_text, "表1-3", "9\t沈阳都市圈")
    area = next(c for c in extract(lines, shipped_seed, "t", None) if c.kind == "area")
    assert area.record["central_city"] == "辽宁省/沈阳市"
    assert area.record["release_public"] == "no" and "release" not in area.record


def test_table_1_5_labels_and_1_6_documents(source_text: str, shipped_seed: SeedData) -> None:
    plans = extract(_table(source_text, "表1-5", "成都都市圈"), shipped_seed, "t", None)
    kinds = {c.record["title"]: c.record["kind"] for c in plans if c.kind == "title"}
    assert kinds["成都都市圈发展规划（2021—2035年）"] == "development"
    assert kinds["成都都市圈国土空间规划（2021—2035年）"] == "territorial_spatial"
    assert kinds["成都都市圈多层次轨道交通专项规划（2025—2035年）"] == "special"
    docs = extract(_table(source_text, "表1-6", "武汉都市圈"), shipped_seed, "t", None)
    assert [(c.record["year"], c.record["kind"]) for c in docs] == [
        ("2023", "action_plan"),
        ("2023", "annual_work_points"),
    ]
    assert all(c.file == "documents.yaml" and c.record["areas"] == ["wuhan"] for c in docs)
