"""Build the evidence of a candidate from a located piece of text."""

from __future__ import annotations

import re

from loaders.ingest.candidates import Evidence
from loaders.ingest.sentences import Piece

SENTENCE_END = re.compile(r"[。；！？\t]")


def evidence(piece: Piece, start: int, end: int, rule: str, confidence: float) -> Evidence:
    """Evidence for the span ``start``–``end`` of ``piece`` (offsets within the piece's text):
    the sentence around it, its line and the span within the line."""
    text = piece.text
    left = 0
    for m in SENTENCE_END.finditer(text, 0, start):
        left = m.end()
    after = SENTENCE_END.search(text, end)
    right = after.end() if after else len(text)
    return Evidence(
        sentence=text[left:right].strip(),
        line=piece.line,
        start=piece.start + start,
        end=piece.start + end,
        rule=rule,
        confidence=confidence,
    )
