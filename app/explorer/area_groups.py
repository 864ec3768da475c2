"""The overview at national scale: its charts, map and gap matrix show the areas a group at a
time (the table lists them all), so a page for 1,100 areas draws what one for 15 draws."""

from __future__ import annotations

from collections.abc import Sequence

GROUP_SIZE = 40
"""At most this many areas in the overview's charts, map and gap matrix at once."""


def groups_of(names: Sequence[str], size: int | None = None) -> list[list[str]]:
    """The areas in their table order, cut into groups of at most ``size`` (``GROUP_SIZE``
    unless given); one group (all of them) when they fit, one empty group when there are none."""
    size = GROUP_SIZE if size is None else size
    if size < 1:
        raise ValueError(f"a group holds at least one area, not {size}")
    ordered = list(dict.fromkeys(names))
    if len(ordered) <= size:
        return [ordered]
    return [ordered[start : start + size] for start in range(0, len(ordered), size)]
