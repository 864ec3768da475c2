"""Valid values of a parameter that names a thing (``choices: areas`` in a catalogue header):
the first column of the named question, and the closest ones to a value that matches none."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from typing import Any

from queries.catalogue import CatalogueError, Question

NOUNS: dict[str, tuple[str, str]] = {"areas": ("都市圈", "area")}
"""What the values of a choices question are, in Chinese and English (others: 取值 / value)."""


class UnknownChoice(CatalogueError):
    """A parameter value that none of the parameter's choices matches."""


def first_column(question: Question, rows: list[dict[str, Any]]) -> list[str]:
    """The distinct non-empty values of ``question``'s first column, in row order."""
    first = next(iter(question.columns))
    values = [str(r[first]) for r in rows if r.get(first) not in (None, "")]
    return list(dict.fromkeys(values))


def closest(value: str, options: list[str], n: int = 3) -> list[str]:
    """Up to ``n`` options nearest ``value``: those containing it (or contained in it) first,
    then the most similar by difflib's ratio."""
    containing = [o for o in options if value and (value in o or o in value)]
    similar = difflib.get_close_matches(value, options, n=n, cutoff=0.4)
    return list(dict.fromkeys([*containing, *similar]))[:n]


def unknown_choice_message(choices: str, value: str, suggestions: list[str]) -> str:
    """The error in Chinese, then English: no such thing; the closest ones, if any."""
    noun_zh, noun_en = NOUNS.get(choices, ("取值", "value"))
    if suggestions:
        return (
            f"没有名为 {value} 的{noun_zh}；是否指 {'、'.join(suggestions)}？"
            f" / no {noun_en} named {value}; did you mean {', '.join(suggestions)}?"
        )
    return (
        f"没有名为 {value} 的{noun_zh}；`metrokg query {choices}` 列出全部"
        f" / no {noun_en} named {value}; `metrokg query {choices}` lists them"
    )


def check_choices(
    question: Question,
    params: dict[str, Any],
    catalogue: dict[str, Question],
    answer: Callable[[Question], list[dict[str, Any]]],
) -> None:
    """Refuse a bound value that none of its parameter's choices matches (an empty value,
    where the question allows one, means "all" and passes). ``answer`` runs a question with its
    defaults and returns its rows.

    Raises:
        UnknownChoice: naming the value and the closest choices.
    """
    for parameter in question.parameters:
        value = params.get(parameter.name)
        source = catalogue.get(parameter.choices or "")
        if source is None or value in (None, ""):
            continue
        options = first_column(source, answer(source))
        if str(value) not in options:
            suggestions = closest(str(value), options)
            raise UnknownChoice(unknown_choice_message(source.name, str(value), suggestions))
