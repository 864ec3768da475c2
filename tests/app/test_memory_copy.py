"""The explorer's in-memory copy of a store generation (app/explorer/memory_copy.py): reads
move to the copy once it is made and give the same answers; a new generation is read from disk
at once and copied in turn; a store over the limit, or a limit of 0, stays on disk; a bad limit
is refused naming the variable."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from app.explorer import backend, data
from app.explorer.backend import Backend
from app.explorer.memory_copy import (
    LIMIT_VARIABLE,
    NICENESS,
    MemoryCopies,
    copy_of,
    limit_from_env,
)
from loaders.pipeline import LoadResult
from loaders.rdf.build import build_graph
from loaders.stores import Settings
from queries.catalogue import load_catalogue
from queries.runner import run_sparql
from tests.app.conftest import write_generation

MKG = "https://w3id.org/metrokg/def#"
NEW_AREA = "https://w3id.org/metrokg/id/area/test-memory-copy"
WAIT_S = 120.0


@pytest.fixture
def data_dir(shipped_load: LoadResult, tmp_path: Path) -> Path:
    """A data directory holding one generation of the shipped data."""
    target = tmp_path / "data"
    write_generation(target, build_graph(shipped_load.seed).graph)
    return target


def _rows(store: object, name: str) -> list[str]:
    answer = run_sparql(store, load_catalogue()[name])  # type: ignore[arg-type]
    return sorted(repr(sorted(row.items())) for row in answer.rows)


def test_reads_move_to_the_copy_and_answer_the_same(
    shipped_load: LoadResult, tmp_path: Path
) -> None:
    data_dir = tmp_path / "data"
    graph = build_graph(shipped_load.seed).graph
    write_generation(data_dir, graph)
    reader = Backend(Settings(data_dir=data_dir), memory_copy_limit=10_000_000)
    on_disk = reader.snapshot()
    assert not on_disk.in_memory  # the first read does not wait for the copy

    assert reader.wait_for_memory_copy(WAIT_S)
    in_memory = reader.snapshot()
    assert in_memory.in_memory and in_memory.generation == on_disk.generation
    assert in_memory.store is not on_disk.store and len(in_memory.store) == len(on_disk.store)
    assert reader.opened == 1  # the same generation, not reopened
    for name in ("areas-without-spatial-plan", "county-links", "agencies"):
        assert _rows(in_memory.store, name) == _rows(on_disk.store, name), name
    index = backend.index_of(in_memory.store)
    assert index.label("https://w3id.org/metrokg/id/area/nanjing") == "南京都市圈"

    # `metrokg load` writes a new generation: read from disk at once, then copied in turn
    graph.add((URIRef(NEW_AREA), RDF.type, URIRef(f"{MKG}MetropolitanArea")))
    graph.add((URIRef(NEW_AREA), RDFS.label, Literal("复制测试都市圈", lang="zh")))
    write_generation(data_dir, graph)
    newer = reader.snapshot()
    assert newer.generation != in_memory.generation and reader.opened == 2
    assert data.counts(newer.store)["areas"] == 16
    assert data.counts(in_memory.store)["areas"] == 15  # an open reader keeps its snapshot
    assert reader.wait_for_memory_copy(WAIT_S)
    assert reader.snapshot().in_memory
    assert data.counts(reader.snapshot().store)["areas"] == 16


def test_a_store_over_the_limit_or_a_limit_of_zero_stays_on_disk(data_dir: Path) -> None:
    for limit in (0, 100):
        reader = Backend(Settings(data_dir=data_dir), memory_copy_limit=limit)
        assert not reader.wait_for_memory_copy(0.5)
        assert not reader.snapshot().in_memory
        assert reader.memory_copy_failure() is None


def test_the_copy_holds_every_quad(data_dir: Path) -> None:
    store = Backend(Settings(data_dir=data_dir)).snapshot().store
    copy = copy_of(store)
    assert set(copy) == set(store)


def test_a_failed_copy_keeps_reads_on_disk_and_says_why(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:

    def refused(store: object) -> object:
        raise MemoryError("no room")

    monkeypatch.setattr("app.explorer.memory_copy.copy_of", refused)
    reader = Backend(Settings(data_dir=data_dir), memory_copy_limit=10_000_000)
    assert not reader.wait_for_memory_copy(WAIT_S)
    assert not reader.snapshot().in_memory
    assert reader.memory_copy_failure() == "MemoryError: no room"
    assert data.counts(reader.snapshot().store)["areas"] == 15


@pytest.mark.parametrize("value", ["-1", "1e6", "many", "５"])
def test_a_bad_limit_is_refused_naming_the_variable(
    value: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(LIMIT_VARIABLE, value)
    with pytest.raises(ValueError, match=LIMIT_VARIABLE):
        limit_from_env()


def test_the_limit_defaults_and_reads_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(LIMIT_VARIABLE, raising=False)
    assert limit_from_env() == 5_000_000
    monkeypatch.setenv(LIMIT_VARIABLE, "0")
    assert limit_from_env() == 0
    assert not MemoryCopies(0).request("g", object())  # type: ignore[arg-type]


def test_what_was_built_for_the_disk_store_serves_its_copy(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    built: list[object] = []
    real = backend.build_index

    def counting(store: object) -> backend.Index:
        built.append(store)
        return real(store)  # type: ignore[arg-type]

    monkeypatch.setattr(backend, "build_index", counting)
    monkeypatch.setattr(backend, "index_of", backend.PerStore(backend.build_index))
    reader = Backend(Settings(data_dir=data_dir), memory_copy_limit=10_000_000)
    on_disk = reader.snapshot()
    index = backend.index_of(on_disk.store)
    assert reader.wait_for_memory_copy(WAIT_S)
    assert backend.index_of(reader.snapshot().store) is index
    assert len(built) == 1


def test_callers_during_a_build_wait_for_it_instead_of_building_again() -> None:
    started, release = threading.Event(), threading.Event()
    builds: list[object] = []

    def slow(store: object) -> int:
        builds.append(store)
        started.set()
        release.wait(10)
        return len(builds)

    cache: backend.PerStore[int] = backend.PerStore(slow)  # type: ignore[arg-type]
    store = object()
    answers: list[int] = []
    first = threading.Thread(target=lambda: answers.append(cache(store)))  # type: ignore[arg-type]
    first.start()
    assert started.wait(10)
    second = threading.Thread(target=lambda: answers.append(cache(store)))  # type: ignore[arg-type]
    second.start()
    second.join(0.3)
    assert second.is_alive()  # waiting for the first build
    release.set()
    first.join(10)
    second.join(10)
    assert answers == [1, 1] and len(builds) == 1


def test_a_failed_build_lets_the_next_caller_build() -> None:
    calls: list[int] = []

    def flaky(store: object) -> int:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("store gone")
        return 7

    cache: backend.PerStore[int] = backend.PerStore(flaky)  # type: ignore[arg-type]
    store = object()
    with pytest.raises(RuntimeError):
        cache(store)  # type: ignore[arg-type]
    assert cache(store) == 7  # type: ignore[arg-type]


def test_the_copy_runs_at_a_lower_priority_than_the_pages(
    data_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[int] = []
    real = copy_of

    def noting(store: object) -> object:
        seen.append(os.getpriority(os.PRIO_PROCESS, threading.get_native_id()))
        return real(store)  # type: ignore[arg-type]

    monkeypatch.setattr("app.explorer.memory_copy.copy_of", noting)
    reader = Backend(Settings(data_dir=data_dir), memory_copy_limit=10_000_000)
    reader.snapshot()
    assert reader.wait_for_memory_copy(WAIT_S)
    own = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    assert seen == [min(own + NICENESS, 19)]  # the reading thread keeps its own
