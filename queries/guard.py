"""Static checks for user-typed SPARQL and Cypher, run before any parser or engine sees the text.

Why static, and why first: pyoxigraph executes ``SERVICE`` against the network as soon as a query
is *evaluated* (it connects inside ``Store.query`` itself, before the first row is read), Python
cannot switch that off, ~3,000 nested braces overflow the parser's stack and kill the process, and
FalkorDB's parse time doubles with every level of nesting (measured here: 20 nested parentheses
1.5 s, 24 about 25 s, 200 did not finish in 9 minutes; 20 unary minus signs 7.6 s) and no server
timeout covers parsing. So the text is measured and tokenized here, in pure Python, with limits on
size and nesting, and anything that could write, fetch or call out is refused with a one-line
reason (:class:`QueryRefused`). The sandbox (:mod:`queries.sandbox`) is the second line.

Tokenizing like the real parsers
--------------------------------
A keyword hidden from this scanner but seen by the engine is a bypass, so the SPARQL scanner
follows what Oxigraph's parser actually accepts (measured on pyoxigraph 0.5):

* keywords are matched case-insensitively **without a word boundary**: ``SERVICESILENT<x>``,
  ``1SERVICE<x>{}``, ``trueSERVICE<x>{}``, ``"a"SERVICE<x>{}`` and ``SERVICEe:x{}`` all execute a
  SERVICE call. So a bare word (a run of name characters that is not a variable, a string, an IRI
  or a prefixed local name) is refused when it *contains* a forbidden keyword anywhere, and so is
  the prefix part of a prefixed name;
* comments run from ``#`` to the next CR or LF only; whitespace is space, tab, CR and LF only;
  there are no ``/* */`` comments. ``SERV#x\\nICE`` is two words to Oxigraph (a syntax error);
* ``<`` is either an IRI or the less-than operator. Inside an expression, after an operand, the
  parser reads an operator, so ``FILTER(1<2)SERVICE e:x#>`` is a SERVICE call although
  ``<2)SERVICE e:x#>`` looks like an IRI. The scanner tracks which parentheses hold expressions and
  reads ``<`` after an operand there as an operator; when the would-be IRI contains ``#`` or ``'``
  (where the two readings disagree about what follows) the query is refused as ambiguous;
* the SPARQL spec decodes ``\\uXXXX`` / ``\\UXXXXXXXX`` escapes before parsing (rdflib does;
  Oxigraph decodes them only inside strings and IRIs). Every check therefore runs twice: on the
  text as typed and on the text after escape decoding, and both must pass.

Cypher (FalkorDB's parser; the same checks are meant for Neo4j): strings ``'…'`` / ``"…"`` with
backslash escapes, backtick identifiers with doubled backticks, ``//`` comments (ended here by CR
or LF; FalkorDB ends them at LF only, so this scanner sees more, never less) and ``/* */``
comments (not nested: the first ``*/`` ends a comment, as in FalkorDB). Keywords are whole
identifiers (FalkorDB's parser needs a word boundary: ``LOADCSV``, ``CALLdbms``, ``UNIONRETURN``
are syntax errors there), compared case-insensitively. ``LOAD CSV`` must be refused here: it is
read-only, so ``GRAPH.RO_QUERY`` runs it and opens ``file:`` and ``http:`` URIs. Nesting has a
depth limit and a total budget (:data:`MAX_CYPHER_NESTING_COST`), because many groups each just
under the depth limit still add up to seconds of parsing.

Values that outgrow the server's limits
---------------------------------------
FalkorDB's time limit and ``QUERY_MEM_CAPACITY`` are checked between operations, not while one
expression builds a value, and a value too large to allocate crashes the server. Measured on
FalkorDB 4.16 with read-only queries (``GRAPH.RO_QUERY``), each of which killed the server
(segmentation fault or failed allocation, 30-80 s after it started): ``reduce`` doubling a
string or a list 40 times; ``range(1, 10000000000)``; ``[x IN range(1,100000) |
range(1,100000)]``; two chained ``replace(s, 'x', s)`` on a 1,000-character string. (Doubling a
string 30 times in ``reduce`` or in a chain of ``WITH`` clauses stopped at the memory limit; a
cross product of two 100,000-row ``UNWIND`` clauses at the time limit.) So ``reduce``, ``replace``
and the ``string.*`` builders are refused, ``range`` takes integer literals only, its element
counts multiplied over the whole query at most :data:`MAX_CYPHER_RANGE_ELEMENTS`, and a query may
rebind a name to an expression using it twice (``WITH l + l AS l``: a list doubled 31 times this
way crashed the server too) at most :data:`MAX_CYPHER_SELF_GROWTH` times. These rules stop the
shapes measured; they cannot prove that no other read-only query brings FalkorDB down (two
names doubling each other, nested comprehensions over literals …). The graph client therefore
sends a query at most once and reconnects, restarting the server, on the next one
(:mod:`loaders.graph.resilient`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Final

__all__ = [
    "CYPHER_ALLOWED_PROCEDURES",
    "CYPHER_FORBIDDEN_KEYWORDS",
    "MAX_CYPHER_DEPTH",
    "MAX_CYPHER_NESTING_COST",
    "MAX_CYPHER_RANGE_ELEMENTS",
    "MAX_CYPHER_SELF_GROWTH",
    "MAX_QUERY_BYTES",
    "MAX_SPARQL_DEPTH",
    "SPARQL_FORBIDDEN_KEYWORDS",
    "SPARQL_QUERY_FORMS",
    "QueryRefused",
    "check_cypher",
    "check_sparql",
    "cypher_return_columns",
    "sparql_query_form",
]

MAX_QUERY_BYTES: Final = 16 * 1024
"""Largest query text accepted, in UTF-8 bytes (SPARQL and Cypher)."""

MAX_SPARQL_DEPTH: Final = 32
"""Deepest nesting of ``(`` ``{`` ``[`` (and ``<<`` triple terms) in SPARQL. Oxigraph's stack
overflows near 3,000 braces; 100 nested collections or blank-node lists already take ~2 s."""

MAX_CYPHER_DEPTH: Final = 10
"""Deepest nesting in Cypher, counting ``(`` ``[`` ``{`` and chains of unary ``-`` ``+`` ``NOT``.
FalkorDB's parse time doubles per level (measured: depth 12 6 ms, 16 90-320 ms, 20 1.5-7.6 s)."""

MAX_CYPHER_NESTING_COST: Final = 2**15
"""Budget for all nesting in one Cypher query: every bracket or unary operator that opens depth
``d`` costs ``2**d``. The depth limit alone let 16 KB of depth-10 groups through, which FalkorDB
took 2-6 s to parse (measured); within this budget the worst shapes measured parse in ~0.1 s. An
ordinary query spends a few hundred."""

MAX_CYPHER_RANGE_ELEMENTS: Final = 1_000_000
"""Most elements all ``range()`` calls of one Cypher query may produce, multiplied together
(``[x IN range(1,100000) | range(1,100000)]`` asks for 10^10 and crashed FalkorDB 4.16)."""

MAX_CYPHER_SELF_GROWTH: Final = 8
"""Most ``WITH`` items of one query that rebind a name to an expression using it twice or more
(``WITH l + l AS l``). A list doubled 31 times that way crashed FalkorDB 4.16 after a minute;
8 doublings of the largest literal a query can hold stay far below the memory limit."""

CYPHER_REFUSED_FUNCTIONS: Final = frozenset(
    {"reduce", "replace", "string.replaceregex", "string.join", "string.matchregex"}
)
"""Functions that can grow a value past the server's memory limit before it notices (compared
case-insensitively, with any namespace)."""

SPARQL_QUERY_FORMS: Final = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")

SPARQL_UPDATE_KEYWORDS: Final = (
    "INSERT",
    "DELETE",
    "LOAD",
    "CLEAR",
    "CREATE",
    "DROP",
    "COPY",
    "MOVE",
    "ADD",
    "WITH",
    "USING",
)
SPARQL_FORBIDDEN_KEYWORDS: Final = ("SERVICE", "FROM", *SPARQL_UPDATE_KEYWORDS)
"""Refused wherever a SPARQL parser could read them as keywords (see the module docstring)."""

CYPHER_FORBIDDEN_KEYWORDS: Final = (
    "CREATE",
    "MERGE",
    "SET",
    "DELETE",
    "DETACH",
    "REMOVE",
    "DROP",
    "INSERT",
    "LOAD",
    "FOREACH",
    "ALTER",
    "GRANT",
    "DENY",
    "REVOKE",
    "TERMINATE",
    "USE",
    "SHOW",
)
"""Cypher keywords refused as whole identifiers (writes, DDL, LOAD CSV, admin, graph switching).
A property or label with such a name can still be written in backticks: ``n.`set```."""

CYPHER_ALLOWED_PROCEDURES: Final = frozenset(
    {"db.labels", "db.relationshiptypes", "db.propertykeys"}
)
"""Procedures a console may CALL (compared case-insensitively). ``CALL { … }`` subqueries are
allowed; their contents are checked like the rest of the query."""


class ConsoleError(Exception):
    """A console query that was refused or failed, with a reason for the person who typed it.

    Attributes:
        reason: One line, user-facing.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class QueryRefused(ConsoleError, ValueError):
    """A console query was refused before it reached any parser or engine."""


# ----------------------------------------------------------------------------- shared helpers

_BIDI_CONTROLS: Final = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e") | frozenset(
    "\u2066\u2067\u2068\u2069"
)


def _where(text: str, index: int) -> str:
    """Return ``line L, column C`` (1-based) for an index into ``text``."""
    line = text.count("\n", 0, index) + 1
    start = text.rfind("\n", 0, index) + 1
    return f"line {line}, column {index - start + 1}"


def _check_size_and_characters(text: str, language: str) -> None:
    """Refuse empty, oversized, or control-character-bearing query text.

    Args:
        text: The query as typed.
        language: ``"SPARQL"`` or ``"Cypher"``, for the messages.

    Raises:
        QueryRefused: On any violation.
    """
    if not isinstance(text, str):
        raise QueryRefused(f"the {language} query must be text")
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_QUERY_BYTES:
        raise QueryRefused(
            f"the {language} query is {size:,} bytes; the limit is {MAX_QUERY_BYTES:,} bytes"
        )
    _check_characters(text, language, "")
    if not text.strip():
        raise QueryRefused(f"the {language} query is empty")


def _check_characters(text: str, language: str, suffix: str) -> None:
    """Refuse NUL bytes, control characters, lone surrogates and bidi overrides."""
    for index, char in enumerate(text):
        code = ord(char)
        bad = (
            (code < 0x20 and char not in "\t\n\r")
            or 0x7F <= code <= 0x9F
            or 0xD800 <= code <= 0xDFFF
            or char in "\u2028\u2029"
            or char in _BIDI_CONTROLS
        )
        if bad:
            name = "a NUL byte" if code == 0 else f"the control character U+{code:04X}"
            raise QueryRefused(
                f"the {language} query contains {name} at {_where(text, index)}{suffix}"
            )


@dataclass(frozen=True, slots=True)
class _Token:
    """One token of a scanned query.

    Attributes:
        kind: ``word``, ``pname``, ``var``, ``param``, ``iri``, ``str``, ``lang``, ``ident``
            (backtick identifier) or ``punct``.
        text: The token's text as written.
        start: Its index in the scanned text.
    """

    kind: str
    text: str
    start: int


# ----------------------------------------------------------------------------- SPARQL

_PN_CHARS_BASE: Final = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS_U: Final = _PN_CHARS_BASE + "_"
_PN_CHARS: Final = _PN_CHARS_U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"

_SP_NAME_START: Final = re.compile(f"[{_PN_CHARS_U}0-9]")
_SP_NAME_RUN: Final = re.compile(f"[{_PN_CHARS}.]*")
_SP_VARNAME: Final = re.compile(
    f"[{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*"
)
_SP_LOCAL: Final = re.compile(
    f"(?:[{_PN_CHARS}.:]|%[0-9A-Fa-f]{{2}}|\\\\[_~.\\-!$&'()*+,;=/?#@%])*"
)
_SP_LANG: Final = re.compile(r"@[A-Za-z0-9\-]*")
_SP_IRIREF: Final = re.compile(
    r"<(?:[^<>\"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>"
)
_SP_ESCAPE: Final = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_SP_TWO_CHAR_OPS: Final = ("&&", "||", "!=", "<=", ">=", "^^")
_SP_OPERAND_PUNCT: Final = frozenset({")", "]"})
_SP_OPERAND_KINDS: Final = frozenset({"var", "str", "lang", "iri", "pname", "word"})


def _sparql_keyword_in(word: str, *, anywhere: bool) -> str | None:
    """Return the forbidden SPARQL keyword that ``word`` contains (or starts with), if any."""
    upper = word.upper()
    for keyword in SPARQL_FORBIDDEN_KEYWORDS:
        if (keyword in upper) if anywhere else upper.startswith(keyword):
            return keyword
    return None


def _sparql_refuse_keyword(keyword: str, token: str, where: str) -> QueryRefused:
    """Build the one-line refusal for a forbidden SPARQL keyword."""
    shown = token if len(token) <= 40 else token[:37] + "..."
    found = f"'{keyword}'" if shown.upper() == keyword else f"'{keyword}' (in '{shown}')"
    if keyword == "SERVICE":
        head = "SERVICE is not allowed: console queries may not call other endpoints"
    elif keyword == "FROM":
        head = "FROM / FROM NAMED are not allowed: use GRAPH inside WHERE to pick a graph"
    else:
        head = f"{keyword} is not allowed: the console is read-only (SPARQL updates are refused)"
    return QueryRefused(f"{head}; found {found} at {where}")


def _decode_sparql_escapes(text: str) -> str:
    """Decode ``\\uXXXX`` and ``\\UXXXXXXXX`` everywhere, as the SPARQL spec does before parsing.

    Raises:
        QueryRefused: On an escape outside Unicode's range.
    """

    def replace(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        if code > 0x10FFFF:
            raise QueryRefused(f"invalid escape '{match.group()}' at {_where(text, match.start())}")
        return chr(code)

    return _SP_ESCAPE.sub(replace, text)


def _scan_sparql_string(text: str, start: int, where_suffix: str) -> int:
    """Return the index just past the string literal starting at ``start``.

    Follows the grammar: short strings may not contain a raw CR or LF; a long string ends at the
    first unescaped triple quote; a backslash always escapes the next character.

    Raises:
        QueryRefused: When the string is not terminated.
    """
    quote = text[start]
    long_string = text.startswith(quote * 3, start)
    index = start + (3 if long_string else 1)
    end = len(text)
    while index < end:
        char = text[index]
        if char == "\\":
            index += 2
            continue
        if long_string:
            if text.startswith(quote * 3, index):
                return index + 3
        else:
            if char == quote:
                return index + 1
            if char in "\r\n":
                break
        index += 1
    raise QueryRefused(f"unterminated string starting at {_where(text, start)}{where_suffix}")


class _SparqlScanner:
    """Tokenize one view of a SPARQL query and enforce the keyword and nesting rules."""

    def __init__(self, text: str, where_suffix: str) -> None:
        """Prepare to scan.

        Args:
            text: The text to scan (as typed, or after escape decoding).
            where_suffix: Appended to locations in messages (says which view failed).
        """
        self.text = text
        self.suffix = where_suffix
        self.tokens: list[_Token] = []
        self.stack: list[tuple[str, str]] = []  # (opening bracket, kind)
        self.triple_term_depth = 0
        self.values_pending = False

    def where(self, index: int) -> str:
        """Location text for messages."""
        return _where(self.text, index) + self.suffix

    def emit(self, kind: str, start: int, end: int) -> None:
        """Record a token; clears the VALUES look-ahead unless the token belongs to its header."""
        token = _Token(kind, self.text[start:end], start)
        if self.values_pending and not (kind == "var" or token.text in ("(", ")")):
            self.values_pending = False
        self.tokens.append(token)

    def previous(self) -> _Token | None:
        """The last significant token."""
        return self.tokens[-1] if self.tokens else None

    def after_operand(self) -> bool:
        """Whether the last token can end an operand of an expression."""
        prev = self.previous()
        if prev is None:
            return False
        return prev.kind in _SP_OPERAND_KINDS or (
            prev.kind == "punct" and prev.text in _SP_OPERAND_PUNCT
        )

    def in_expression(self) -> bool:
        """Whether the innermost open bracket holds an expression."""
        return bool(self.stack) and self.stack[-1][1] == "expr"

    def check_depth(self, index: int) -> None:
        """Refuse nesting deeper than :data:`MAX_SPARQL_DEPTH`."""
        depth = len(self.stack) + self.triple_term_depth
        if depth > MAX_SPARQL_DEPTH:
            raise QueryRefused(
                f"brackets are nested more than {MAX_SPARQL_DEPTH} deep at {self.where(index)}"
            )

    def open_bracket(self, char: str, index: int) -> None:
        """Push a bracket, classifying what it holds (expression, group, VALUES data, other)."""
        if char == "{":
            kind = "values" if self.values_pending else "group"
            self.values_pending = False
        elif char == "[":
            kind = "other"
        elif self.in_expression():
            kind = "expr"
        elif self.stack and self.stack[-1][1] == "values":
            kind = "other"
        else:
            prev = self.previous()
            if prev is None:
                kind = "other"
            elif prev.kind == "word":
                kind = "other" if prev.text.upper() in ("A", "VALUES") else "expr"
            elif prev.kind in ("iri", "pname", "var") or prev.text == ")":
                kind = "expr"  # function call, SELECT/GROUP BY expression (or a collection)
            else:
                kind = "other"
        self.emit("punct", index, index + 1)
        self.stack.append((char, kind))
        self.check_depth(index)

    def close_bracket(self, char: str, index: int) -> None:
        """Pop a bracket; refuse unbalanced or mismatched brackets."""
        expected = {")": "(", "]": "[", "}": "{"}[char]
        if not self.stack or self.stack[-1][0] != expected:
            raise QueryRefused(f"unbalanced '{char}' at {self.where(index)}")
        self.stack.pop()
        self.emit("punct", index, index + 1)

    def scan_name(self, index: int) -> int:
        """Scan a bare word or a prefixed name starting at ``index``; return the end index."""
        text = self.text
        end = _SP_NAME_RUN.match(text, index).end()  # type: ignore[union-attr]
        if end < len(text) and text[end] == ":":
            return self.scan_pname(index, end)
        while end > index + 1 and text[end - 1] == ".":
            end -= 1  # a trailing dot ends the triple, it is not part of the word
        word = text[index:end]
        keyword = _sparql_keyword_in(word, anywhere=True)
        if keyword:
            raise _sparql_refuse_keyword(keyword, word, self.where(index))
        if word.upper() == "VALUES":
            self.emit("word", index, end)
            self.values_pending = True
            return end
        self.emit("word", index, end)
        return end

    def scan_pname(self, index: int, colon: int) -> int:
        """Scan a prefixed name (or blank node label) whose ``:`` is at ``colon``."""
        # A keyword of the query grammar glued to a prefix (``SERVICEsvc:x``) may be read as
        # the keyword by the parser, so SERVICE and FROM are refused there; an update keyword
        # in a prefix (``PREFIX delete: <…>``) is only a name: the worker parses queries,
        # never updates, so no parse of ``delete:`` can delete anything.
        text = self.text
        prefix = text[index:colon]
        keyword = _sparql_keyword_in(prefix, anywhere=True)
        if keyword in ("SERVICE", "FROM"):
            raise _sparql_refuse_keyword(keyword, prefix + ":", self.where(index))
        end = _SP_LOCAL.match(text, colon + 1).end()  # type: ignore[union-attr]
        while end > colon + 1 and text[end - 1] == "." and text[end - 2] != "\\":
            end -= 1
        local = text[colon + 1 : end]
        # Oxigraph reads local names greedily; a keyword glued after an inner '.' or ':' would
        # only matter to a parser that splits there. Refuse it all the same.
        for segment in re.split(r"[.:]", local)[1:]:
            keyword = _sparql_keyword_in(segment, anywhere=False)
            if keyword:
                raise _sparql_refuse_keyword(keyword, text[index:end], self.where(index))
        self.emit("pname", index, end)
        return end

    def scan_less_than(self, index: int) -> int:
        """Scan ``<``: an IRI, or an operator, deciding as the parser would."""
        text = self.text
        match = _SP_IRIREF.match(text, index)
        if match:
            if not (self.in_expression() and self.after_operand()):
                self.emit("iri", index, match.end())
                return match.end()
            if "#" in match.group() or "'" in match.group():
                raise QueryRefused(
                    f"ambiguous '<' at {self.where(index)}: put spaces around comparison "
                    "operators (a < b)"
                )
        if text.startswith("<<", index) and not self.in_expression():
            self.triple_term_depth += 1
            self.emit("punct", index, index + 2)
            self.check_depth(index)
            return index + 2
        if text.startswith("<=", index):
            self.emit("punct", index, index + 2)
            return index + 2
        self.emit("punct", index, index + 1)
        return index + 1

    def scan(self) -> list[_Token]:
        """Tokenize the whole text.

        Returns:
            The significant tokens (no whitespace, no comments).

        Raises:
            QueryRefused: On any rule violation.
        """
        text = self.text
        end = len(text)
        index = 0
        while index < end:
            char = text[index]
            if char in " \t\r\n":
                index += 1
            elif char == "#":
                while index < end and text[index] not in "\r\n":
                    index += 1
            elif char in "\"'":
                stop = _scan_sparql_string(text, index, self.suffix)
                self.emit("str", index, stop)
                index = stop
            elif char == "<":
                index = self.scan_less_than(index)
            elif char == ">":
                if text.startswith(">>", index) and self.triple_term_depth:
                    self.triple_term_depth -= 1
                    self.emit("punct", index, index + 2)
                    index += 2
                else:
                    stop = index + (2 if text.startswith(">=", index) else 1)
                    self.emit("punct", index, stop)
                    index = stop
            elif char in "?$" and (var := _SP_VARNAME.match(text, index + 1)):
                self.emit("var", index, var.end())
                index = var.end()
            elif char == "@":
                stop = _SP_LANG.match(text, index).end()  # type: ignore[union-attr]
                keyword = _sparql_keyword_in(text[index:stop], anywhere=True)
                if keyword:
                    raise _sparql_refuse_keyword(keyword, text[index:stop], self.where(index))
                self.emit("lang", index, stop)
                index = stop
            elif char in "({[":
                self.open_bracket(char, index)
                index += 1
            elif char in ")}]":
                self.close_bracket(char, index)
                index += 1
            elif char == ":":
                index = self.scan_pname(index, index)
            elif _SP_NAME_START.match(char):
                index = self.scan_name(index)
            else:
                two = text[index : index + 2]
                stop = index + (2 if two in _SP_TWO_CHAR_OPS else 1)
                self.emit("punct", index, stop)
                index = stop
        if self.stack:
            opener = self.stack[-1][0]
            raise QueryRefused(f"unclosed '{opener}' at the end of the query{self.suffix}")
        return self.tokens


def _sparql_form(tokens: list[_Token], suffix: str) -> str:
    """Return the query form (SELECT, ASK, CONSTRUCT, DESCRIBE) after the prologue.

    Raises:
        QueryRefused: When the query is not one of the four read-only forms.
    """
    for token in tokens:
        if token.kind in ("iri", "pname"):
            continue  # BASE <iri>, PREFIX p: <iri>
        if token.kind == "word":
            upper = token.text.upper()
            if upper in ("BASE", "PREFIX"):
                continue
            for form in SPARQL_QUERY_FORMS:
                if upper.startswith(form):
                    return form
        shown = token.text if len(token.text) <= 20 else token.text[:17] + "..."
        # one line: a line break inside a string token is shown as \n
        shown = "".join(c if c.isprintable() else repr(c)[1:-1] for c in shown)
        raise QueryRefused(
            f"only SELECT, ASK, CONSTRUCT and DESCRIBE queries are allowed; found '{shown}'{suffix}"
        )
    raise QueryRefused(f"the SPARQL query has no SELECT, ASK, CONSTRUCT or DESCRIBE{suffix}")


def sparql_query_form(text: str) -> str:
    """Check a SPARQL query and return its form.

    Args:
        text: The query as typed.

    Returns:
        ``"SELECT"``, ``"ASK"``, ``"CONSTRUCT"`` or ``"DESCRIBE"``.

    Raises:
        QueryRefused: As :func:`check_sparql`.
    """
    _check_size_and_characters(text, "SPARQL")
    views = [(text, "")]
    decoded = _decode_sparql_escapes(text)
    if decoded != text:
        views.append((decoded, " (after decoding \\u escapes)"))
    scanned = []
    for view, suffix in views:  # keyword and nesting checks on every view before the form check
        if suffix:
            _check_characters(view, "SPARQL", suffix)
        scanned.append((_SparqlScanner(view, suffix).scan(), suffix))
    forms = [_sparql_form(tokens, suffix) for tokens, suffix in scanned]
    return forms[0]


def check_sparql(text: str) -> None:
    """Refuse a SPARQL query that could write, reach the network, or crash or stall a parser.

    Checks, in order: size (:data:`MAX_QUERY_BYTES`), NUL and control characters, then on the
    text as typed and again after ``\\u`` escape decoding: strings, comments and IRIs are
    tokenized as Oxigraph does; ``SERVICE``, ``FROM`` / ``FROM NAMED`` and every update keyword
    are refused anywhere (sub-queries, OPTIONAL, UNION, FILTER EXISTS …); brackets must balance
    and nest at most :data:`MAX_SPARQL_DEPTH` deep; the query must be SELECT, ASK, CONSTRUCT or
    DESCRIBE. Syntax is *not* fully checked here: the sandbox's Oxigraph parse does that.

    Args:
        text: The query as typed.

    Raises:
        QueryRefused: With a one-line, user-facing reason.
    """
    sparql_query_form(text)


# ----------------------------------------------------------------------------- Cypher

_CY_IDENT: Final = re.compile(r"[^\W\d]\w*")
_CY_NUMBER_RUN: Final = re.compile(r"\d\w*(?:\.\d\w*)?")
_CY_WHITESPACE: Final = re.compile(r"\s+")
_CY_TWO_CHAR_OPS: Final = ("<>", "<=", ">=", "=~", "+=", "..", "->", "<-", "::")
_CY_OPERAND_KINDS: Final = frozenset({"ident", "word", "str", "param", "number"})
_CY_EXPR_KEYWORDS: Final = frozenset(
    {
        "AND",
        "OR",
        "XOR",
        "NOT",
        "IN",
        "IS",
        "STARTS",
        "ENDS",
        "CONTAINS",
        "WITH",
        "RETURN",
        "WHERE",
        "CASE",
        "WHEN",
        "THEN",
        "ELSE",
        "UNWIND",
        "SKIP",
        "LIMIT",
        "BY",
        "DISTINCT",
        "YIELD",
        "MATCH",
        "OPTIONAL",
        "AS",
        "ALL",
        "ANY",
        "NONE",
        "SINGLE",
        "EXISTS",
        "ORDER",
        "UNION",
        "CALL",
        "OFFSET",
    }
)
"""Words after which ``-`` / ``+`` is a prefix (unary) operator."""
_ALLOWED_DISPLAY: Final = ("db.labels", "db.relationshipTypes", "db.propertyKeys")


@dataclass(slots=True)
class _CypherFrame:
    """An open bracket and the unary operators pending inside it."""

    bracket: str
    unary: int = 0


class _CypherScanner:
    """Tokenize Cypher and enforce keyword, CALL, statement and nesting rules."""

    def __init__(self, text: str) -> None:
        """Prepare to scan ``text``."""
        self.text = text
        self.tokens: list[_Token] = []
        self.stack: list[_CypherFrame] = []
        self.top_unary = 0
        self.nesting_cost = 0

    def where(self, index: int) -> str:
        """Location text for messages."""
        return _where(self.text, index)

    def emit(self, kind: str, start: int, end: int) -> None:
        """Record a significant token."""
        self.tokens.append(_Token(kind, self.text[start:end], start))

    def depth(self) -> int:
        """Current nesting: open brackets plus pending unary operators at every level."""
        unary = self.top_unary + sum(frame.unary for frame in self.stack)
        return len(self.stack) + unary

    def check_depth(self, index: int) -> None:
        """Refuse nesting deeper than :data:`MAX_CYPHER_DEPTH` or over the nesting budget."""
        depth = self.depth()
        if depth > MAX_CYPHER_DEPTH:
            raise QueryRefused(
                f"the Cypher query nests brackets or unary operators more than {MAX_CYPHER_DEPTH}"
                f" deep at {self.where(index)}"
            )
        self.nesting_cost += 2**depth
        if self.nesting_cost > MAX_CYPHER_NESTING_COST:
            raise QueryRefused(
                "the Cypher query has too many deeply nested brackets or unary operators (the "
                f"server's parse time grows exponentially with nesting); simplify it near "
                f"{self.where(index)}"
            )

    def add_unary(self, index: int) -> None:
        """Count a prefix ``-``, ``+`` or ``NOT`` at the current level."""
        if self.stack:
            self.stack[-1].unary += 1
        else:
            self.top_unary += 1
        self.check_depth(index)

    def reset_unary(self) -> None:
        """An operand, binary operator or separator ends a chain of unary operators."""
        if self.stack:
            self.stack[-1].unary = 0
        else:
            self.top_unary = 0

    def after_operand(self) -> bool:
        """Whether the last token ends an operand (so ``-`` / ``+`` is binary)."""
        prev = self.tokens[-1] if self.tokens else None
        if prev is None:
            return False
        if prev.kind == "word":
            return prev.text.upper() not in _CY_EXPR_KEYWORDS
        return prev.kind in _CY_OPERAND_KINDS or prev.text in (")", "]", "}")

    def skip_string(self, index: int) -> int:
        """Return the index past the string literal at ``index``."""
        text = self.text
        quote = text[index]
        cursor = index + 1
        while cursor < len(text):
            char = text[cursor]
            if char == "\\":
                cursor += 2
                continue
            if char == quote:
                return cursor + 1
            cursor += 1
        raise QueryRefused(f"unterminated string starting at {self.where(index)}")

    def skip_backtick(self, index: int) -> int:
        """Return the index past the backtick identifier at ``index`` (``````` escapes)."""
        text = self.text
        cursor = index + 1
        while cursor < len(text):
            if text[cursor] == "`":
                if text.startswith("``", cursor):
                    cursor += 2
                    continue
                return cursor + 1
            cursor += 1
        raise QueryRefused(f"unterminated `identifier` starting at {self.where(index)}")

    def scan(self) -> list[_Token]:
        """Tokenize the whole text.

        Returns:
            The significant tokens.

        Raises:
            QueryRefused: On any rule violation.
        """
        text = self.text
        end = len(text)
        index = 0
        while index < end:
            char = text[index]
            if char.isspace():
                index = _CY_WHITESPACE.match(text, index).end()  # type: ignore[union-attr]
            elif text.startswith("//", index):
                while index < end and text[index] not in "\r\n":
                    index += 1
            elif text.startswith("/*", index):
                close = text.find("*/", index + 2)
                if close < 0:
                    raise QueryRefused(f"unterminated /* comment at {self.where(index)}")
                index = close + 2
            elif char in "'\"":
                stop = self.skip_string(index)
                self.emit("str", index, stop)
                self.reset_unary()
                index = stop
            elif char == "`":
                stop = self.skip_backtick(index)
                self.emit("ident", index, stop)
                self.reset_unary()
                index = stop
            elif char == "$":
                match = _CY_IDENT.match(text, index + 1) or _CY_NUMBER_RUN.match(text, index + 1)
                stop = match.end() if match else index + 1
                self.emit("param", index, stop)
                self.reset_unary()
                index = stop
            elif char in "0123456789":
                stop = _CY_NUMBER_RUN.match(text, index).end()  # type: ignore[union-attr]
                run = text[index:stop].upper()
                for keyword in CYPHER_FORBIDDEN_KEYWORDS:
                    if keyword in run:
                        raise QueryRefused(
                            f"{keyword} is not allowed: the console is read-only; found "
                            f"'{text[index:stop]}' at {self.where(index)}"
                        )
                self.emit("number", index, stop)
                self.reset_unary()
                index = stop
            elif _CY_IDENT.match(char):
                stop = _CY_IDENT.match(text, index).end()  # type: ignore[union-attr]
                self.scan_word(index, stop)
                index = stop
            elif char in "([{":
                self.emit("punct", index, index + 1)
                self.stack.append(_CypherFrame(char))
                self.check_depth(index)
                index += 1
            elif char in ")]}":
                expected = {")": "(", "]": "[", "}": "{"}[char]
                if not self.stack or self.stack[-1].bracket != expected:
                    raise QueryRefused(f"unbalanced '{char}' at {self.where(index)}")
                self.stack.pop()
                self.emit("punct", index, index + 1)
                index += 1
            elif char == ";":
                raise QueryRefused(
                    f"';' at {self.where(index)} is not allowed: one statement per query"
                )
            else:
                two = text[index : index + 2]
                stop = index + (2 if two in _CY_TWO_CHAR_OPS else 1)
                if char in "-+" and stop == index + 1 and not self.after_operand():
                    self.emit("punct", index, stop)
                    self.add_unary(index)
                else:
                    self.emit("punct", index, stop)
                    self.reset_unary()
                index = stop
        if self.stack:
            raise QueryRefused(f"unclosed '{self.stack[-1].bracket}' at the end of the query")
        self.check_calls()
        self.check_amplifiers()
        self.check_self_growth()
        return self.tokens

    def check_amplifiers(self) -> None:
        """Refuse functions that grow values past the server's limits (see the module docstring)."""
        tokens = self.tokens
        elements = 1
        for position, token in enumerate(tokens):
            if token.kind not in ("word", "ident"):
                continue
            following = tokens[position + 1] if position + 1 < len(tokens) else None
            if following is None or following.text != "(":
                continue
            parts = [_identifier(token)]
            back = position
            while (
                back >= 2
                and tokens[back - 1].text == "."
                and tokens[back - 2].kind
                in (
                    "word",
                    "ident",
                )
            ):
                parts.insert(0, _identifier(tokens[back - 2]))
                back -= 2
            name = ".".join(parts).lower()
            if name in CYPHER_REFUSED_FUNCTIONS or parts[-1].lower() in ("reduce", "replace"):
                raise QueryRefused(
                    f"{'.'.join(parts)}() at {self.where(token.start)} is not allowed in the "
                    "console: it can build a value faster than the server's memory limit "
                    "notices (such calls crashed the database server in tests)"
                )
            if name == "range":
                elements *= self.range_elements(position + 2, token)
                if elements > MAX_CYPHER_RANGE_ELEMENTS:
                    raise QueryRefused(
                        f"range() at {self.where(token.start)}: the ranges of this query make "
                        f"{elements:,} elements together; the console allows "
                        f"{MAX_CYPHER_RANGE_ELEMENTS:,}"
                    )

    def check_self_growth(self) -> None:
        """Refuse more than :data:`MAX_CYPHER_SELF_GROWTH` ``WITH expr AS v`` items whose
        ``expr`` uses ``v`` twice or more, or builds a list around it (``collect(v)`` after an
        ``UNWIND`` that doubles the rows, ``[x IN [1,2] | v]``): each can double a value, and
        30 such steps took the console replica to its memory cap."""
        tokens = self.tokens
        steps = 0
        for position, token in enumerate(tokens):
            if token.kind != "word" or token.text.upper() != "AS":
                continue
            following = tokens[position + 1] if position + 1 < len(tokens) else None
            if following is None or following.kind not in ("word", "ident"):
                continue
            name = _identifier(following)
            uses = 0
            depth = 0
            clause = ""
            builds = False  # a list built around the name: collect(…), […], [x IN … | …]
            for back in range(position - 1, -1, -1):
                item = tokens[back]
                if item.text in (")", "]", "}"):
                    depth += 1
                elif item.text in ("(", "[", "{"):
                    depth -= 1
                    if depth < 0:
                        break
                    builds = builds or item.text == "["
                elif item.kind in ("word", "ident") and _identifier(item).lower() == "collect":
                    builds = True
                elif depth == 0 and item.text == ",":
                    continue
                elif (
                    depth == 0
                    and item.kind == "word"
                    and item.text.upper()
                    in (
                        "WITH",
                        "RETURN",
                        "UNWIND",
                        "MATCH",
                        "WHERE",
                    )
                ):
                    clause = item.text.upper()
                    break
                if (
                    item.kind in ("word", "ident")
                    and _identifier(item) == name
                    and not (back > 0 and tokens[back - 1].text == ".")
                ):
                    uses += 1
            if clause == "WITH" and (uses >= 2 or (uses >= 1 and builds)):
                steps += 1
                if steps > MAX_CYPHER_SELF_GROWTH:
                    raise QueryRefused(
                        f"'AS {name}' at {self.where(following.start)}: this query rebinds names "
                        "to expressions that use them twice or build a list around them "
                        f"(collect, [ … ]) more than {MAX_CYPHER_SELF_GROWTH} times (each can "
                        "double a value past the server's memory limit)"
                    )

    def range_elements(self, start: int, call: _Token) -> int:
        """The element count of ``range(a, b[, step])`` whose arguments start at token
        ``start``; integer literals only."""
        values: list[int] = []
        index = start
        tokens = self.tokens
        while index < len(tokens):
            sign = 1
            if tokens[index].text in ("-", "+"):
                sign = -1 if tokens[index].text == "-" else 1
                index += 1
            if index >= len(tokens) or tokens[index].kind != "number":
                break
            try:
                values.append(sign * int(tokens[index].text, 0))
            except ValueError:
                break
            index += 1
            if index < len(tokens) and tokens[index].text == ",":
                index += 1
                continue
            if index < len(tokens) and tokens[index].text == ")" and len(values) in (2, 3):
                low, high = values[0], values[1]
                step = values[2] if len(values) == 3 else 1
                if step == 0:
                    break
                return max(0, (high - low) // step + 1)
            break
        raise QueryRefused(
            f"range() at {self.where(call.start)} takes two or three integer literals in the "
            "console, e.g. range(1, 100)"
        )

    def scan_word(self, start: int, stop: int) -> None:
        """Check one identifier or keyword."""
        word = self.text[start:stop]
        upper = word.upper()
        if upper in CYPHER_FORBIDDEN_KEYWORDS:
            what = "LOAD CSV" if upper == "LOAD" else upper
            raise QueryRefused(
                f"{what} is not allowed: the console is read-only; found '{word}' at "
                f"{self.where(start)}"
            )
        self.emit("word", start, stop)
        if upper == "NOT":
            self.add_unary(start)
        else:
            self.reset_unary()

    def check_calls(self) -> None:
        """Refuse ``CALL`` of any procedure outside :data:`CYPHER_ALLOWED_PROCEDURES`."""
        tokens = self.tokens
        for position, token in enumerate(tokens):
            if token.kind != "word" or token.text.upper() != "CALL":
                continue
            rest = tokens[position + 1 :]
            if rest and rest[0].text == "{":
                continue  # CALL { subquery }: its contents were checked like the rest
            name_parts: list[str] = []
            for part in _procedure_name(rest):
                name_parts.append(part)
            name = ".".join(name_parts)
            if name.lower() not in CYPHER_ALLOWED_PROCEDURES:
                shown = name or (rest[0].text if rest else "nothing")
                allowed = ", ".join(sorted(_ALLOWED_DISPLAY))
                raise QueryRefused(
                    f"CALL {shown} at {self.where(token.start)} is not allowed; "
                    f"a console may call only {allowed}"
                )


def _identifier(token: _Token) -> str:
    """The name a word or a backtick identifier stands for."""
    if token.kind == "ident":
        return token.text[1:-1].replace("``", "`")
    return token.text


def _procedure_name(tokens: list[_Token]) -> Iterator[str]:
    """Yield the dotted parts of a procedure name at the start of ``tokens``."""
    expect_part = True
    for token in tokens:
        if expect_part and token.kind in ("word", "ident"):
            yield token.text.strip("`").replace("``", "`") if token.kind == "ident" else token.text
            expect_part = False
        elif not expect_part and token.text == ".":
            expect_part = True
        else:
            return


def cypher_return_columns(text: str) -> list[str] | None:
    """The column names of a (checked) Cypher query's last top-level ``RETURN``, in order.

    ``RETURN a.x AS name, b.y`` gives ``["name", "b.y"]`` (an item without ``AS`` is named by
    its text, as FalkorDB names it). None when there is no ``RETURN`` or ``RETURN *``.
    """
    tokens = _CypherScanner(text).scan()
    depth = 0
    last = None
    for position, token in enumerate(tokens):
        if token.text in ("(", "[", "{"):
            depth += 1
        elif token.text in (")", "]", "}"):
            depth -= 1
        elif depth == 0 and token.kind == "word" and token.text.upper() == "RETURN":
            last = position
    if last is None:
        return None
    names: list[str] = []
    start = last + 1
    if start < len(tokens) and tokens[start].text.upper() == "DISTINCT":
        start += 1
    item: list[_Token] = []
    depth = 0
    candidates: list[_Token | None] = [*tokens[start:], None]
    for candidate in candidates:
        ends = candidate is None or (
            depth == 0
            and (
                candidate.text == ","
                or (
                    candidate.kind == "word"
                    and candidate.text.upper() in ("ORDER", "SKIP", "LIMIT")
                )
            )
        )
        if ends:
            if not item or (len(item) == 1 and item[0].text == "*"):
                return None
            if len(item) >= 3 and item[-2].kind == "word" and item[-2].text.upper() == "AS":
                names.append(_identifier(item[-1]))
            else:
                names.append(text[item[0].start : item[-1].start + len(item[-1].text)].strip())
            item = []
            if candidate is None or candidate.text != ",":
                break
            continue
        assert candidate is not None
        if candidate.text in ("(", "[", "{"):
            depth += 1
        elif candidate.text in (")", "]", "}"):
            depth -= 1
        item.append(candidate)
    return names


def check_cypher(text: str) -> None:
    """Refuse a Cypher query that could write, read files or URLs, or stall the server's parser.

    Checks: size (:data:`MAX_QUERY_BYTES`), NUL and control characters, strings / backtick
    identifiers / comments tokenized; refused anywhere outside them: CREATE, MERGE, SET, DELETE,
    DETACH, REMOVE, DROP, INSERT, LOAD (CSV), FOREACH, index and constraint DDL, admin and
    graph-switching keywords (:data:`CYPHER_FORBIDDEN_KEYWORDS`), ``CALL`` of a procedure not in
    :data:`CYPHER_ALLOWED_PROCEDURES`, any ``;`` (one statement per query), brackets and unary
    operators nested more than :data:`MAX_CYPHER_DEPTH` deep or, in total, over
    :data:`MAX_CYPHER_NESTING_COST`; functions that can outgrow the server's memory limit
    (:data:`CYPHER_REFUSED_FUNCTIONS`, and ``range`` beyond integer literals or
    :data:`MAX_CYPHER_RANGE_ELEMENTS` elements).

    Args:
        text: The query as typed.

    Raises:
        QueryRefused: With a one-line, user-facing reason.
    """
    _check_size_and_characters(text, "Cypher")
    _CypherScanner(text).scan()
