"""A parameter value that names nothing is refused with the closest choices, in zh then en."""

from __future__ import annotations

import pytest

from queries.catalogue import load_catalogue
from queries.choices import UnknownChoice, check_choices, closest, unknown_choice_message

AREAS = ["南京都市圈", "福州都市圈", "成都都市圈", "长株潭都市圈", "西安都市圈"]
CATALOGUE = load_catalogue()


@pytest.mark.parametrize(
    ("value", "expected"),
    [("南京", ["南京都市圈"]), ("成都都市", ["成都都市圈"]), ("长株潭", ["长株潭都市圈"])],
)
def test_closest_puts_names_containing_the_value_first(value: str, expected: list[str]) -> None:
    assert closest(value, AREAS)[: len(expected)] == expected


def test_nothing_close_lists_no_suggestion_but_says_where_to_look() -> None:
    assert closest("xyz", AREAS) == []
    message = unknown_choice_message("areas", "xyz", [])
    assert message.startswith("没有名为 xyz 的都市圈")
    assert "no area named xyz" in message and "metrokg query areas" in message


def test_check_choices_refuses_a_partial_name_and_passes_full_and_empty_ones() -> None:
    question = CATALOGUE["action-documents"]  # area: choices areas, empty means all areas

    def answer(q: object) -> list[dict[str, object]]:
        return [{"area": name} for name in AREAS]

    check_choices(question, {"area": "南京都市圈"}, CATALOGUE, answer)
    check_choices(question, {"area": ""}, CATALOGUE, answer)
    with pytest.raises(UnknownChoice, match="是否指 南京都市圈？ / no area named 南京"):
        check_choices(question, {"area": "南京"}, CATALOGUE, answer)
