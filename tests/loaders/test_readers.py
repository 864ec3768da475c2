"""The strict readers keep every value as written and locate every problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from loaders.errors import InputError
from loaders.readers import read_csv_records, read_yaml_records


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_yaml_scalars_stay_text(tmp_path: Path) -> None:
    path = write(
        tmp_path, "x.yaml", "- a: NO\n  b: 0123\n  c: 2001-02-03\n  d: 1.50\n  e:\n  f: ''\n"
    )
    [record] = read_yaml_records(path)
    assert record == {"a": "NO", "b": "0123", "c": "2001-02-03", "d": "1.50", "e": None, "f": ""}
    assert record.lines == {"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6}


def test_yaml_duplicate_key_is_located(tmp_path: Path) -> None:
    path = write(tmp_path, "x.yaml", "- id: one\n  a: 1\n  a: 2\n")
    with pytest.raises(InputError) as info:
        read_yaml_records(path)
    [problem] = info.value.problems
    assert (problem.location.line, problem.location.field, problem.location.record) == (
        3,
        "a",
        "one",
    )


def test_yaml_top_level_must_be_a_list(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="list of records"):
        read_yaml_records(write(tmp_path, "x.yaml", "a: 1\n"))


def test_yaml_merge_keys_are_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="merge keys"):
        read_yaml_records(write(tmp_path, "x.yaml", "- &a {x: 1}\n- <<: *a\n  y: 2\n"))


def test_csv_header_must_match(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="unexpected header"):
        read_csv_records(write(tmp_path, "x.csv", "a,c\n1,2\n"), ("a", "b"))


def test_csv_field_count_is_checked(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_csv_records(write(tmp_path, "x.csv", "a,b\n1,2\n1,2,3\n"), ("a", "b"))
    assert info.value.problems[0].location.line == 3


def test_csv_quote_running_over_lines_is_refused(tmp_path: Path) -> None:
    text = 'a,b\n"1,2\n3,4\n5,"6\n'
    with pytest.raises(InputError) as info:
        read_csv_records(write(tmp_path, "x.csv", text), ("a", "b"))
    assert info.value.problems[0].location.line == 2


def test_csv_cells_are_text_and_empty_is_none(tmp_path: Path) -> None:
    [row] = read_csv_records(write(tmp_path, "x.csv", "a,b\n0123,\n"), ("a", "b"))
    assert row == {"a": "0123", "b": None}
    assert row.line == 2


def test_nul_byte_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="NUL"):
        read_yaml_records(write(tmp_path, "x.yaml", "- a: b\x00\n"))
