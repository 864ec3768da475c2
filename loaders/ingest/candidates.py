"""The typed records of ingest: a candidate, its evidence and its relation to the graph."""

from __future__ import annotations

import hashlib
import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Kind = Literal["area", "member", "title", "figure", "agency", "table_row"]
Status = Literal["new", "same", "differs"]
State = Literal["pending", "accepted", "rejected"]

# Where an accepted record of each kind goes in seed/ (titles go to plans or documents).
SEED_FILE_OF: dict[str, str] = {
    "area": "areas.yaml",
    "member": "memberships.csv",
    "plan": "plans.yaml",
    "document": "documents.yaml",
    "agency": "organizations.yaml",
    "figure": "areas.yaml",
}


class Evidence(BaseModel):
    """Where a candidate was read: the sentence, its line, the character span, the rule."""

    model_config = ConfigDict(extra="forbid")

    sentence: str
    line: int
    start: int
    end: int
    rule: str
    confidence: float = Field(ge=0, le=1)


class Change(BaseModel):
    """One field that differs from the record already held."""

    model_config = ConfigDict(extra="forbid")

    field: str
    old: str
    new: str


class Relation(BaseModel):
    """How a candidate relates to the current graph."""

    model_config = ConfigDict(extra="forbid")

    status: Status = "new"
    record: str | None = None
    changes: list[Change] = Field(default_factory=list)


class Candidate(BaseModel):
    """A record found in the text, waiting for a person's decision."""

    model_config = ConfigDict(extra="forbid")

    id: str = ""
    kind: Kind
    group: str
    file: str
    record: dict[str, Any]
    evidence: Evidence
    relation: Relation = Field(default_factory=Relation)
    state: State = "pending"
    problem: str | None = None

    def fingerprint(self) -> str:
        """A stable key for the candidate (kind, target file, record but its id): what a rejection
        remembers, so that the same candidate from a re-ingest is not asked again."""
        record = {k: v for k, v in self.record.items() if k != "id"}
        body = json.dumps([self.kind, self.file, record], ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(body.encode("utf-8")).hexdigest()[:16]
