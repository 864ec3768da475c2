"""Fixtures of the reliability tests: a second seed that differs from the minimal one, a
loopback listener standing in for the network, and the explorer's data directory and AppTest
helper (the same fixtures as ``tests/app``, a data directory of their own)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.app.conftest import app_data_dir, explorer  # noqa: F401  (fixtures used here too)
from tests.network import Listener, listening
from tests.reliability.drills import MINIMAL, variant_of


@pytest.fixture(scope="session")
def variant_seed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The minimal seed with one label changed and one membership fewer."""
    return variant_of(MINIMAL, tmp_path_factory.mktemp("variant") / "seed")


@pytest.fixture()
def listener() -> Iterator[Listener]:
    """A TCP listener on 127.0.0.1 recording every connection attempt."""
    with listening() as state:
        yield state
