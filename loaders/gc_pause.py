"""Pause Python's cyclic garbage collector while a seed is read and mapped.

Reading builds tens of thousands of objects that live until the command ends (records,
triples, pydantic models); every gen-2 pass of the collector walks all of them again, and
nothing there makes reference cycles worth collecting. Measured on the shipped seed,
``check_seed`` took ~35 % less wall time with the collector paused. Reference counting still
frees everything as usual; the collector runs again, as before, when the block ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Disable the cyclic collector for the block (re-enabled after it, if it was on)."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
