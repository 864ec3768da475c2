"""`metrokg query` on a paged question: a table shows one page and the count line, --page N
another page, --all every row; json/csv stay whole unless a page is asked for; a page that is not
a page is refused (exit 2) naming the option and the last page."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import queries.catalogue
from app.cli import app
from queries.catalogue import Question, load_catalogue

runner = CliRunner()
NAME = "indicator-systems"
SIZE = 5


@pytest.fixture()
def small_pages(monkeypatch: pytest.MonkeyPatch) -> dict[str, Question]:
    """The catalogue with a page of SIZE rows, so that the shipped data spans several pages."""
    catalogue = {
        name: dataclasses.replace(q, page_size=SIZE) if q.paged else q
        for name, q in load_catalogue().items()
    }
    monkeypatch.setattr(queries.catalogue, "load_catalogue", lambda *a, **k: catalogue)
    return catalogue


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def _whole(data: str) -> list[dict[str, object]]:
    code, out, _ = invoke("query", NAME, "--all", "-f", "json", "--data-dir", data)
    assert code == 0
    rows: list[dict[str, object]] = json.loads(out)
    return rows


def test_a_table_shows_the_first_page_and_the_count(
    small_pages: dict[str, Question], shipped_data_dir: Path
) -> None:
    data = str(shipped_data_dir)
    total = len(_whole(data))
    pages = -(-total // SIZE)
    code, out, _ = invoke("query", NAME, "--data-dir", data)
    assert code == 0
    assert f"共 {total} 行，显示第 1–{SIZE} 行（第 1/{pages} 页）" in out
    assert "--page 2" in out
    code, out, _ = invoke("query", NAME, "--page", "2", "--ui-lang", "en", "--data-dir", data)
    assert code == 0
    assert f"{total} rows, showing rows {SIZE + 1}–{2 * SIZE} (page 2 of {pages})" in out


def test_json_is_whole_unless_a_page_is_asked_for(
    small_pages: dict[str, Question], shipped_data_dir: Path
) -> None:
    data = str(shipped_data_dir)
    whole = _whole(data)
    code, out, _ = invoke("query", NAME, "-f", "json", "--data-dir", data)
    assert code == 0 and json.loads(out) == whole
    code, out, err = invoke("query", NAME, "-f", "json", "--page", "2", "--data-dir", data)
    assert code == 0, err
    assert json.loads(out) == whole[SIZE : 2 * SIZE]
    assert f"共 {len(whole)} 行" in err  # the count on stderr: stdout stays JSON
    code, out, _ = invoke("query", NAME, "-f", "csv", "--data-dir", data)
    assert code == 0 and len(out.strip().splitlines()) == len(whole) + 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--page", "0"), "--page: indicator-systems: page must be a whole number from 1"),
        (("--page", "two"), "--page: indicator-systems: page must be a whole number from 1"),
        (("--page", "99"), "--page: indicator-systems: page 99 is past the last page"),
        (("--page", "2", "--all"), "--page and --all exclude each other"),
        (("--ui-lang", "fr"), "unknown --ui-lang 'fr'"),
    ],
)
def test_a_page_that_is_not_a_page_exits_2(
    small_pages: dict[str, Question], shipped_data_dir: Path, args: tuple[str, ...], message: str
) -> None:
    code, out, err = invoke("query", NAME, *args, "--data-dir", str(shipped_data_dir))
    assert code == 2 and out == ""
    assert message in err


def test_an_unpaged_question_refuses_a_page(shipped_data_dir: Path) -> None:
    name = next(name for name, q in sorted(load_catalogue().items()) if not q.paged)
    code, _, err = invoke("query", name, "--page", "2", "--data-dir", str(shipped_data_dir))
    assert code == 2 and f"{name} is answered whole, not in pages" in err
