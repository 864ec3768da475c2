"""The explorer's per-generation cache on disk (app/explorer/generation_cache.py) and the
overview's headline figures: a second process reads the label index instead of building it,
a changed key or a corrupt file is a miss, and the cached value is the computed one."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from app.explorer import backend, data, generation_cache
from app.explorer.backend import Backend
from loaders.pipeline import LoadResult
from loaders.rdf.build import build_graph
from loaders.stores import Settings
from tests.app.conftest import write_generation


@pytest.fixture(scope="module")
def store_dir(shipped_load: LoadResult, tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("generation-cache")
    write_generation(data_dir, build_graph(shipped_load.seed).graph)
    return data_dir


def _fresh_index(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[backend.Index, int]:
    """The index a new explorer process would get (nothing in memory), and how many times it
    built one from the store."""
    built = []
    real = backend.build_index

    def counting(store: object) -> backend.Index:
        built.append(store)
        return real(store)  # type: ignore[arg-type]

    monkeypatch.setattr(backend, "build_index", counting)
    monkeypatch.setattr(backend, "index_of", backend.PerStore(backend.stored_index))
    snap = Backend(Settings(data_dir=data_dir)).snapshot()
    return backend.index_of(snap.store), len(built)


def test_a_second_process_reads_the_index_from_disk(
    store_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    shutil.rmtree(generation_cache.cache_root(store_dir), ignore_errors=True)
    first, built_first = _fresh_index(store_dir, monkeypatch)
    second, built_second = _fresh_index(store_dir, monkeypatch)
    assert (built_first, built_second) == (1, 0)
    assert (
        second
        == first
        == backend.build_index(Backend(Settings(data_dir=store_dir)).snapshot().store)
    )
    assert second.label("https://w3id.org/metrokg/id/area/nanjing") == "南京都市圈"


def test_a_changed_key_or_a_corrupt_file_is_a_miss(
    store_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _fresh_index(store_dir, monkeypatch)
    generation = Backend(Settings(data_dir=store_dir)).generation()
    assert generation is not None
    path = generation_cache.cache_root(store_dir) / generation / "index.json"
    stored = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**stored, "key": "another"}), encoding="utf-8")
    again, built = _fresh_index(store_dir, monkeypatch)
    assert built == 1 and json.loads(path.read_text(encoding="utf-8"))["key"] == stored["key"]
    path.write_text("{not json", encoding="utf-8")
    third, built = _fresh_index(store_dir, monkeypatch)
    assert built == 1 and third == again


def test_the_cache_of_a_gone_generation_is_removed(
    store_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    gone = generation_cache.cache_root(store_dir) / "20000101T000000-1-1"
    gone.mkdir(parents=True)
    (gone / "index.json").write_text("{}", encoding="utf-8")
    generation = Backend(Settings(data_dir=store_dir)).generation()
    assert generation is not None
    (generation_cache.cache_root(store_dir) / generation / "index.json").unlink(missing_ok=True)
    _fresh_index(store_dir, monkeypatch)
    assert not gone.exists()
    assert (generation_cache.cache_root(store_dir) / generation / "index.json").is_file()


def test_an_unwritable_cache_changes_nothing(tmp_path: Path) -> None:
    (tmp_path / "cache").write_text("a file where the cache directory would be")
    value = generation_cache.cached(tmp_path, "g", "x", "k", lambda: {"a": [1, 2]})
    assert value == {"a": [1, 2]}


def test_headline_figures_are_the_comparisons_choice_from_all_figures(store_dir: Path) -> None:
    """The overview's lean query picks what the full figures table gives: core scope first."""
    store = Backend(Settings(data_dir=store_dir)).snapshot().store
    expected: dict[tuple[str, str], tuple[object, object]] = {}
    ranks: dict[tuple[str, str], int] = {}
    for rec in data.figures(store).to_dict("records"):
        if rec["measure_key"] not in data.HEADLINE_MEASURES:
            continue
        key = (rec["area_iri"], rec["measure_key"])
        rank = 0 if rec["scope_key"] == "core" else 1
        if key not in ranks or rank < ranks[key]:
            ranks[key] = rank
            year = None if pd.isna(rec["year"]) else rec["year"]  # the table's gap is NaN
            expected[key] = (rec["norm_value"], year)
    got = {k: (v["norm_value"], v["year"]) for k, v in data.headline_figures(store).items()}
    assert got == expected and len(got) >= 25
