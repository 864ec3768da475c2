"""``metrokg ingest``: read a report, extract candidates, relate them to the seed, and write
the review file. Nothing is written to seed/ or to a store."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from loaders.errors import InputError, InputProblem, Location
from loaders.ingest.candidates import Candidate
from loaders.ingest.extract import extract
from loaders.ingest.matching import Matcher
from loaders.ingest.reading import read_source
from loaders.ingest.review import (
    ReviewFile,
    ReviewSource,
    read_rejections,
    review_path,
    write_review,
)
from loaders.seed import read_seed
from ontology.models import DATE, SLUG


@dataclass(frozen=True)
class IngestResult:
    """What an ingest wrote."""

    review_file: Path
    review: ReviewFile


def check_options(source_id: str, date: str) -> None:
    """The source id is a slug and the date ``YYYY-MM[-DD]``."""
    problems = []
    if not SLUG.match(source_id):
        problems.append(
            InputProblem(
                Location("--source-id"), "not a lowercase slug like 'report-2025'", source_id
            )
        )
    if not DATE.match(date):
        problems.append(InputProblem(Location("--date"), "a date is YYYY-MM or YYYY-MM-DD", date))
    if problems:
        raise InputError(problems)


def ingest(
    file: Path, source_id: str, title: str, date: str, seed_dir: Path, review_dir: Path
) -> IngestResult:
    """Ingest ``file`` as source ``source_id``; return the review file written.

    Raises:
        InputError: bad options, an unreadable or unsuitable file, or an invalid seed
            (nothing is written).
    """
    check_options(source_id, date)
    src = read_source(file)
    seed = read_seed(seed_dir)
    candidates = extract(src.lines, seed, source_id, date)
    matcher = Matcher(seed)
    for c in candidates:
        c.relation = matcher.relate(c)
    candidates = _dedupe(candidates)
    _number(candidates, source_id, review_dir)
    rejected = read_rejections(review_dir)
    kept = [c for c in candidates if c.fingerprint() not in rejected]
    review = ReviewFile(
        source=ReviewSource(
            id=source_id,
            title=title,
            date=date,
            file=src.name,
            sha256=src.sha256,
            path=str(file.resolve()),
        ),
        candidates=kept,
        remembered_rejections=len(candidates) - len(kept),
    )
    return IngestResult(write_review(review_dir, review), review)


def _dedupe(candidates: list[Candidate]) -> list[Candidate]:
    """One candidate per record (the first, which has the earliest evidence)."""
    seen: dict[str, int] = {}
    out: list[Candidate] = []
    for c in candidates:
        key = c.fingerprint()
        if c.kind == "figure":
            r = c.record
            key = f"{r['area']}|{r['measure']}|{r['scope']}|{r['value']}"
        if key in seen:
            first = out[seen[key]]
            if len(c.record) > len(first.record):  # the same figure, with its year
                out[seen[key]] = c
            continue
        seen[key] = len(out)
        out.append(c)
    return out


def _number(candidates: list[Candidate], source_id: str, review_dir: Path) -> None:
    """Candidate ids, and record ids for new records (``<source id>-<kind>-<n>``); decisions of
    an earlier review of the same source are kept."""
    previous: dict[str, Candidate] = {}
    if review_path(review_dir, source_id).is_file():
        from loaders.ingest.review import read_review

        for earlier in read_review(review_dir, source_id).candidates:
            previous[earlier.fingerprint()] = earlier
    counters: dict[str, int] = {}
    for index, c in enumerate(candidates, start=1):
        fingerprint = c.fingerprint()
        c.id = f"c{index:04d}"
        if "id" in c.record and not c.record["id"]:
            prefix = {
                "plans.yaml": "plan",
                "documents.yaml": "document",
                "organizations.yaml": "org",
                "areas.yaml": "area",
            }.get(c.file, c.kind)
            counters[prefix] = counters.get(prefix, 0) + 1
            c.record["id"] = f"{source_id}-{prefix}-{counters[prefix]}"
        old = previous.get(fingerprint)
        if old is not None and old.state == "accepted":
            c.state = "accepted"
