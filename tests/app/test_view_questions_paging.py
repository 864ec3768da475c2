"""问答 Questions page, a paged question: the first page and the total, "more" for the next page,
downloads of the whole answer on request."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

import pytest
from streamlit.testing.v1 import AppTest

from app.explorer import qa
from queries.catalogue import load_catalogue

NAME = "indicator-systems"
SIZE = 5


@pytest.fixture()
def small_pages(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pages of SIZE rows, so that the shipped data spans several pages."""
    catalogue = {
        name: dataclasses.replace(q, page_size=SIZE) if q.paged else q
        for name, q in load_catalogue().items()
    }
    monkeypatch.setattr(qa, "catalogue", lambda: catalogue)


def _captions(at: AppTest) -> str:
    return "\n".join(str(c.value) for c in at.caption)


def test_more_shows_the_next_page(small_pages: None, explorer: Callable[..., AppTest]) -> None:
    at = explorer("questions.py", q=NAME)
    shown = _captions(at)
    assert "显示第 1–5 行（第 1/" in shown and "共 " in shown
    first = at.dataframe[0].value
    assert len(first) == SIZE
    at.button(key="qa_page_more").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "显示第 6–10 行（第 2/" in _captions(at)
    second = at.dataframe[0].value
    assert len(second) == SIZE and not first.equals(second)
    at.button(key="qa_page_first").click().run()
    assert "显示第 1–5 行（第 1/" in _captions(at)
    at.toggle(key="qa_download_all").set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    assert "下载的文件包含全部" in _captions(at)
