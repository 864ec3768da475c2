"""Reading a report to ingest: text, Markdown, PDF; every bad input refused, naming the file."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from loaders.errors import InputError
from loaders.ingest.reading import MAX_BYTES, read_source

FIXTURES = Path(__file__).parent / "fixtures"
EXPECTED: dict[str, str] = yaml.safe_load(
    (FIXTURES / "invalid" / "expected.yaml").read_text(encoding="utf-8")
)


def test_every_invalid_fixture_has_an_expectation() -> None:
    files = {p.name for p in (FIXTURES / "invalid").iterdir() if p.name != "expected.yaml"}
    assert files == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_input_is_refused_with_the_file_named(name: str) -> None:
    with pytest.raises(InputError) as caught:
        read_source(FIXTURES / "invalid" / name)
    message = str(caught.value)
    assert name in message
    assert EXPECTED[name] in message


def test_gbk_error_names_the_line_and_says_how_to_convert() -> None:
    with pytest.raises(InputError) as caught:
        read_source(FIXTURES / "invalid" / "gbk-encoded.txt")
    problem = caught.value.problems[0]
    assert problem.location.line == 1
    assert "GB18030" in problem.hint


def test_a_file_over_20_mb_is_refused(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(MAX_BYTES + 1)
    with pytest.raises(InputError, match=r"big\.txt: the file is 21\.0 MB"):
        read_source(big)


def test_a_missing_file_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="file not found"):
        read_source(tmp_path / "nowhere.txt")


def test_markdown_is_read_with_its_hash_and_lines() -> None:
    src = read_source(FIXTURES / "valid" / "fuzhou-2025.md")
    assert src.name == "fuzhou-2025.md"
    assert len(src.sha256) == 64
    assert src.lines[2].startswith("福州都市圈由以福建省福州市为中心")


def test_a_bom_and_crlf_are_dropped(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeff第一行\r\n第二行\r\n".encode())
    assert read_source(path).lines[:2] == ["第一行", "第二行"]


def test_pdf_text_is_extracted() -> None:
    src = read_source(FIXTURES / "valid" / "report.pdf")
    assert "Development plan 2021-2035" in src.text
