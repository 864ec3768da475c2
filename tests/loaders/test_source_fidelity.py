"""What the source report fixes, checked against the source text itself.

The expectations are read from the report (``../shared/source/000_342a4c6929c9433e.txt``): the
15 areas of 表1-3 and their member units, every 《title》 of 表1-5 with its printed period, every
document of 表1-6 with the year printed before it.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from loaders.seed import HISTORY_SOURCE, ZONE_PREFIX, SeedData
from loaders.source_reader import PERIOD, compact, section, table_1_3_rows, titles

AREAS_OF_SECTION_1_2_1 = (
    "南京、福州、成都、长株潭、西安、重庆、武汉、杭州、沈阳、郑州、青岛、广州、深圳、济南和厦漳泉"
)

# Members per area and role, counted by hand from each 表1-3 row (a city named with 全域 or alone
# counts once, each named district/county once, each special zone once).
MEMBER_COUNTS = {
    ("nanjing", "core"): 23,
    ("nanjing", "extended"): 10,
    ("fuzhou", "core"): 10,
    ("chengdu", "core"): 11,
    ("chengdu", "extended"): 4,
    ("changzhutan", "core"): 6,
    ("xian", "core"): 15,
    ("chongqing", "core"): 23,
    ("hangzhou", "core"): 10,
    ("shenyang", "core"): 12,
    ("qingdao", "core"): 7,
    ("guangzhou", "core"): 9,
    ("guangzhou", "task_related"): 3,
    ("shenzhen", "core"): 4,
    ("shenzhen", "task_related"): 2,
    ("jinan", "core"): 14,
    ("xiazhangquan", "core"): 3,
}


def test_the_fifteen_areas(shipped_seed: SeedData, source_text: str) -> None:
    assert AREAS_OF_SECTION_1_2_1 in source_text
    expected = {f"{n}都市圈" for n in re.split("、|和", AREAS_OF_SECTION_1_2_1)}
    assert len(expected) == 15
    assert {a.record.name_zh for a in shipped_seed.areas} == expected
    assert set(table_1_3_rows(source_text)) == expected


def test_member_counts_per_area_and_role(shipped_seed: SeedData) -> None:
    counts = Counter((m.record.area, m.record.role) for m in shipped_seed.memberships)
    assert dict(counts) == MEMBER_COUNTS


def test_every_member_is_named_in_its_row_of_table_1_3(
    shipped_seed: SeedData, source_text: str
) -> None:
    rows = table_1_3_rows(source_text)
    names = {a.record.id: a.record.name_zh for a in shipped_seed.areas}
    zones = {z.record.id: z.record.name_zh for z in shipped_seed.zones}
    for item in shipped_seed.memberships:
        m = item.record
        row = rows[names[m.area]]
        assert compact(m.source_words) in row, f"{m.area}: {m.source_words!r} not in its 表1-3 row"
        if m.unit.startswith(ZONE_PREFIX):
            name = zones[m.unit.removeprefix(ZONE_PREFIX)]
        else:
            name = shipped_seed.unit(m.unit).name
        short = re.sub(r"(市|区|县)$", "", name)
        assert short in row, f"{m.area}: member {name} is not named in its 表1-3 row"


def test_every_area_figure_is_quoted_from_its_row(shipped_seed: SeedData, source_text: str) -> None:
    rows = table_1_3_rows(source_text)
    for item in shipped_seed.areas:
        row = rows[item.record.name_zh]
        for fig in item.record.figures:
            assert compact(fig.source_words) in row, (item.record.id, fig.source_words)
            assert re.sub(r"\s+", "", fig.value).rstrip("0").rstrip(".") in row.replace(" ", ""), (
                item.record.id,
                fig.value,
            )


def test_every_plan_of_table_1_5_with_its_period(shipped_seed: SeedData, source_text: str) -> None:
    block = section(source_text, "表 1-5 国家级都市圈规划体系公开情况", "以成都都市圈为例")
    plans = {compact(p.record.title): p.record for p in shipped_seed.plans}
    listed = titles(block)
    assert len(listed) >= 80
    for title in listed:
        assert title in plans, f"表1-5 lists 《{title}》 but no plan has that title"
        plan = plans[title]
        match = PERIOD.search(title)
        if match:
            assert (plan.period_start, plan.period_end) == match.groups(), title
        else:
            assert plan.period_end is None or plan.period_end in title, title
    kinds = Counter(p.record.kind for p in shipped_seed.plans)
    assert kinds["development"] == 15
    assert {g.record.area for g in shipped_seed.gaps} == {
        a.record.id
        for a in shipped_seed.areas
        if re.search(rf"{a.record.name_zh}\t.*?国土空间规划[：:]\s*暂无", block)
    }


def test_every_document_of_table_1_6_with_its_year(
    shipped_seed: SeedData, source_text: str
) -> None:
    block = section(source_text, "表 1-6 都市圈建设相关行动计划", "三、都市圈发展水平的监测评估")
    documents = {compact(d.record.title): d.record for d in shipped_seed.documents}
    plans = {compact(p.record.title): p.record for p in shipped_seed.plans}
    # 表1-6 may print a 表1-5 title without its period: one record carries both listings.
    plans.update({PERIOD.sub("", t): p for t, p in list(plans.items()) if "table-1-6" in p.sources})
    seen = 0
    for line in block.splitlines():
        if "\t" not in line or "《" not in line:
            continue
        area_name, cell = line.split("\t", 1)
        year = None
        for match in re.finditer(r"(\d{4})年《([^》]+)》|《([^》]+)》", cell):
            if match.group(1):
                year = match.group(1)
            title = compact(match.group(2) or match.group(3))
            seen += 1
            record = documents.get(title) or plans.get(title)
            assert record is not None, (
                f"表1-6 lists 《{title}》 ({area_name}) but nothing has that title"
            )
            printed_year = getattr(record, "year", None) or getattr(record, "released", None)
            assert printed_year is not None and printed_year.startswith(str(year)), title
    assert seen >= 35


def test_nothing_curated_lacks_its_source(shipped_seed: SeedData) -> None:
    for items in (shipped_seed.plans, shipped_seed.documents, shipped_seed.zones):
        for item in items:
            assert item.record.sources, item.record.id
            assert (
                getattr(item.record, "source_words", None)
                or item.record.__class__.__name__ == "SpecialZone"
            )


def test_a_scope_held_as_not_public_has_an_empty_row_and_no_members(
    shipped_seed: SeedData, source_text: str
) -> None:
    rows = table_1_3_rows(source_text)
    hidden = {
        a.record.id: a.record.name_zh for a in shipped_seed.areas if a.record.scope_public is False
    }
    assert set(hidden) == {"wuhan", "zhengzhou"}
    note = compact("武汉和郑州都市圈尚未公开发展规划且无对应内容的新闻报道")
    assert note in compact(source_text)
    for area_id, name in hidden.items():
        assert rows[name] == "暂未公开", name
        assert name.removesuffix("都市圈") in note
        assert not [m for m in shipped_seed.memberships if m.record.area == area_id]


def test_every_area_description_is_quoted_from_its_box(
    shipped_seed: SeedData, source_text: str
) -> None:
    boxes = {
        "box-chengdu": section(source_text, "专栏：成都都市圈高质量发展指数", "专栏：西安"),
        "box-xian": section(source_text, "专栏：西安都市圈和西咸一体化发展评价指标体系", "图 1-5"),
    }
    described = set()
    for a in shipped_seed.areas:
        for d in a.record.descriptions:
            block = boxes.get(d.source, source_text)
            assert compact(d.words) in compact(block), (a.record.id, d.words)
            described.add(a.record.id)
    assert described == {"chengdu", "xian"}


def test_every_stated_figure_is_quoted_from_the_text(
    shipped_seed: SeedData, source_text: str
) -> None:
    text = compact(source_text)
    for f in shipped_seed.stated:
        words = compact(f.record.source_words)
        assert words in text, f.record.id
        for number in (f.record.value, f.record.minimum, f.record.maximum):
            assert number is None or number in words, (f.record.id, number)


def test_every_national_document_is_quoted_from_the_text(
    shipped_seed: SeedData, source_text: str
) -> None:
    text = compact(source_text)
    held = {compact(n.record.title) for n in shipped_seed.national}
    for n in shipped_seed.national:
        assert compact(n.record.source_words) in text, n.record.id
        assert compact(n.record.title) in compact(n.record.source_words), n.record.id
        if n.record.number:
            assert compact(n.record.number) in text, n.record.id
    # the national documents of the text's 《》 titles outside the tables are all held
    for title in (
        "国家新型城镇化规划（2021—2035年）",
        "中共中央关于进一步全面深化改革、推进中国式现代化的决定",
    ):
        assert title in held


@pytest.mark.parametrize("name", ["江北区", "渝北区"])
def test_gazetteer_gaps_come_from_the_division_history(shipped_seed: SeedData, name: str) -> None:
    units = [u for u in shipped_seed.gazetteer.by_name[name] if u.code.startswith("50")]
    assert len(units) == 1
    assert units[0].source == HISTORY_SOURCE
