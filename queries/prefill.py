"""A question's parameter values written into its SPARQL text, for a console.

A console runs text as typed, without bound parameters, so the explorer's "open in the console"
writes each parameter's value into the text as a constant (see
:func:`app.explorer.qa.console_prefill`).
"""

from __future__ import annotations

import re
from collections.abc import Callable


def constant(text: str) -> Callable[[re.Match[str]], str]:
    """A ``re.sub`` replacement that inserts ``text`` as it is (no backslash processing)."""
    return lambda _match: text


_COMMENT_LINE = re.compile(r"(?m)^[ \t]*#.*$")
_MASK = re.compile(r"\x00(\d+)\x00")
# a SELECT's projection: from SELECT to its WHERE or its group's opening brace
_EMPTY_GROUP_BY = re.compile(
    r"\bGROUP\s+BY\s*(?=\}|$|\x00|(?:ORDER|LIMIT|OFFSET|HAVING|VALUES)\b)",
    flags=re.IGNORECASE,
)
_PROJECTION = re.compile(r"\bSELECT\b.*?(?=\bWHERE\b|\{)", flags=re.IGNORECASE | re.DOTALL)


def sparql_with_constant(text: str, name: str, literal: str) -> tuple[str, int]:
    """``text`` with the variable ``?name`` written as ``literal``: taken out of every SELECT's
    projection (the outer query's and each subquery's; a constant cannot be projected) and of
    every GROUP BY, replaced everywhere else. Comment lines are left as written. Returns the
    text and how many places were replaced."""
    comments: list[str] = []

    def mask(match: re.Match[str]) -> str:
        comments.append(match.group(0))
        return f"\x00{len(comments) - 1}\x00"

    code = _COMMENT_LINE.sub(mask, text)
    token = rf"\s\?{re.escape(name)}\b"
    code = _PROJECTION.sub(lambda m: re.sub(token, "", m.group(0)), code)
    code = re.sub(rf"(GROUP\s+BY[^\n]*?){token}", r"\1", code, flags=re.IGNORECASE)
    code = _EMPTY_GROUP_BY.sub("", code)  # it grouped by the parameter alone
    code, n = re.subn(rf"\?{re.escape(name)}\b", constant(literal), code)
    return _MASK.sub(lambda m: comments[int(m.group(1))], code), n
