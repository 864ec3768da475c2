"""导入审核 Ingest review page (app/explorer/views/review.py)."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from app.explorer import ui
from loaders.ingest.pipeline import ingest
from loaders.ingest.review import read_rejections, read_review
from loaders.pipeline import DEFAULT_SEED
from tests.app.conftest import texts

REPORT = Path(__file__).parents[1] / "loaders" / "ingest" / "fixtures" / "valid" / "fuzhou-2025.md"


@pytest.fixture()
def dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    seed = tmp_path / "seed"
    shutil.copytree(DEFAULT_SEED, seed)
    review = tmp_path / "review"
    monkeypatch.setenv("METROKG_SEED_DIR", str(seed))
    monkeypatch.setenv("METROKG_REVIEW_DIR", str(review))
    return seed, review


def test_no_ingest_yet_says_what_to_run(
    explorer: Callable[..., AppTest], dirs: tuple[Path, Path]
) -> None:
    at = explorer("review.py")
    assert "导入审核" in texts(at)
    assert "metrokg ingest" in at.info[0].value


def test_accept_one_and_reject_a_group(
    explorer: Callable[..., AppTest], dirs: tuple[Path, Path]
) -> None:
    seed, review_dir = dirs
    ingest(REPORT, "fz-view", "测试摘录", "2025-06", seed, review_dir)
    at = explorer("review.py")
    assert at.selectbox(key="rv_source").value == "fz-view"
    shown = texts(at)
    assert "待审核 13 条" in shown and "测试摘录" in shown
    at.selectbox(key="rv_group").set_value("正文 · 标题").run()
    assert not at.exception
    assert "不同：fuzhou-development-plan" in texts(at)
    accept_button = next(b for b in at.button if b.label == "接受")
    accept_button.click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "period_end: '2030'" in (seed / "plans.yaml").read_text(encoding="utf-8")
    at.selectbox(key="rv_group").set_value("福州都市圈 · 成员").run()
    at.button(key="rv_reject_group").click().run()
    assert not at.exception
    assert len(read_rejections(review_dir)) == 10
    states = [c.state for c in read_review(review_dir, "fz-view").candidates]
    assert states.count("accepted") == 1 and states.count("rejected") == 10


def test_english_labels(explorer: Callable[..., AppTest], dirs: tuple[Path, Path]) -> None:
    seed, review_dir = dirs
    ingest(REPORT, "fz-view", "测试摘录", "2025-06", seed, review_dir)
    at = explorer("review.py")
    at.toggle(key=ui.LANG_KEY).set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    shown = texts(at)
    assert "Ingest review" in shown and "13 pending" in shown
    assert "None" not in shown and "nan" not in shown
