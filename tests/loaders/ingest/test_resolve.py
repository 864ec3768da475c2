"""The one seam of unit resolution: resolve_unit(name, parent_hint, on_date)."""

from __future__ import annotations

from loaders.ingest.resolve import resolve_unit
from loaders.ingest.units import unit_path
from loaders.seed import SeedData


def test_same_named_units_need_a_parent(shipped_seed: SeedData) -> None:
    gaz = shipped_seed.gazetteer
    assert resolve_unit("鼓楼区", None, "2024-07", gaz) is None
    nanjing = resolve_unit("南京市", None, "2024-07", gaz)
    assert nanjing is not None and nanjing.code == "320100"
    gulou = resolve_unit("鼓楼区", nanjing, "2024-07", gaz)
    assert gulou is not None and gulou.code == "320106"


def test_short_names_and_province_names(shipped_seed: SeedData) -> None:
    gaz = shipped_seed.gazetteer
    short = resolve_unit("莆田", None, None, gaz)
    assert short is not None and short.code == "350300"
    chongqing = resolve_unit("重庆市", None, None, gaz)
    assert chongqing is not None and chongqing.level == "province"


def test_units_of_the_supplement_resolve_under_their_municipality(shipped_seed: SeedData) -> None:
    gaz = shipped_seed.gazetteer
    chongqing = resolve_unit("重庆市", None, None, gaz)
    jiangbei = resolve_unit("江北区", chongqing, "2022-08", gaz)
    assert jiangbei is not None and jiangbei.code == "500105"
    assert unit_path(gaz, jiangbei) == "重庆市/江北区"


def test_a_county_under_the_wrong_city_falls_back_to_its_province(shipped_seed: SeedData) -> None:
    gaz = shipped_seed.gazetteer
    changzhou = resolve_unit("常州市", None, None, gaz)
    # 溧阳市 is a county-level city of 常州市; named after 镇江市 it still resolves in 江苏省
    zhenjiang = resolve_unit("镇江市", None, None, gaz)
    liyang = resolve_unit("溧阳市", zhenjiang, None, gaz)
    assert liyang is not None and changzhou is not None and liyang.parent_code == changzhou.code
    assert resolve_unit("溧阳市", resolve_unit("安徽省", None, None, gaz), None, gaz) is None


def test_a_name_is_read_as_of_the_sources_year(shipped_seed: SeedData) -> None:
    gaz = shipped_seed.gazetteer
    baoding = resolve_unit("保定市", None, None, gaz)
    assert baoding is not None and baoding.code == "130600"
    # 新市区 of 保定 was renamed 竞秀区 in 2015 (same code 130602): a 2014 text's 新市区 is it
    then = resolve_unit("新市区", baoding, "2014-05", gaz)
    assert then is not None and (then.code, then.name) == ("130602", "竞秀区")
    # a text of the year of the change may still use the old name; later ones may not
    assert resolve_unit("新市区", baoding, "2015", gaz) is not None
    assert resolve_unit("新市区", baoding, "2017", gaz) is None
    # and the new name was not in use in 2013
    assert resolve_unit("竞秀区", baoding, "2013", gaz) is None
    assert resolve_unit("竞秀区", baoding, "2020", gaz) == then


def test_a_unit_ended_before_the_sources_year_is_not_resolved(shipped_seed: SeedData) -> None:
    gaz = shipped_seed.gazetteer
    chongqing = resolve_unit("重庆市", None, None, gaz)
    # 江北区 (500105) ended in 2025 (两江新区): a 2027 text's 江北区 is not that unit
    assert resolve_unit("江北区", chongqing, "2027-03", gaz) is None
    assert resolve_unit("江北区", chongqing, None, gaz) is not None  # no date: the gazetteer
