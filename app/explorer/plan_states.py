"""The one definition of a plan-system state: what an area has of one kind of plan.

Every page and check that says whether an area has a development plan, a territorial spatial
plan, action plans … asks :func:`plan_state`; the overview's gap matrix, the area profile's
plan tree and the browser test that holds the question ``areas-without-spatial-plan`` to the
overview all read the same answer.

The states, strongest first:

- ``exists`` — the area has a work of that kind that is not in preparation, or the source
  states it has one (表1-5);
- ``in_preparation`` (在编) — its own plan of that kind is being prepared;
- ``guideline_only`` (仅有省级协调指引) — for the spatial plan: the only entry is a provincial
  coordination guideline made for several areas (广东's 协调指引 for 广州 and 深圳), which is
  not the area's own plan;
- ``none`` (暂无) — the source says there is none (public);
- ``unknown`` (未见记录) — the source says nothing about it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class PlanState(StrEnum):
    """What an area has of one kind of plan (see the module text)."""

    EXISTS = "exists"
    IN_PREPARATION = "in_preparation"
    GUIDELINE_ONLY = "guideline_only"
    NONE = "none"
    UNKNOWN = "unknown"


STATE_ORDER = tuple(PlanState)
STATED_IN_PREPARATION = "in-preparation"
STATED_EXISTS = "exists"


@dataclass(frozen=True)
class Evidence:
    """What the data holds about one area and one kind of plan."""

    works: int = 0  # works of that kind not in preparation
    preparing: int = 0  # works of that kind in preparation
    stated: str | None = None  # the availability state 表1-5 gives (its key), if any
    guidelines: int = 0  # provincial coordination guidelines standing in (spatial plan only)


def plan_state(evidence: Evidence) -> PlanState:
    """The state of one area's plans of one kind."""
    if evidence.works or evidence.stated == STATED_EXISTS:
        return PlanState.EXISTS
    if evidence.preparing or evidence.stated == STATED_IN_PREPARATION:
        return PlanState.IN_PREPARATION
    if evidence.guidelines:
        return PlanState.GUIDELINE_ONLY
    if evidence.stated is not None:
        return PlanState.NONE
    return PlanState.UNKNOWN
