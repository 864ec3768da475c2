"""The hostile corpus through the explorer's SPARQL and Cypher consoles (AppTest): every query
refused or contained with a one-line message, both stores unchanged, no connection to the
loopback listener, the app process (this one: AppTest runs the pages in it) alive, the graph
server alive, and an ordinary question asked meanwhile still answered.

The console's time limit (10 s) is lowered to 2 s here to keep the suite fast;
``bench/reliability.py`` runs the consoles with their own limits.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

import queries.console
from tests.app.conftest import html_allowed
from tests.reliability.drills import (
    CorpusReport,
    assert_all_contained,
    check_outcome,
    hostile_corpus,
    watching,
)

CORPUS = hostile_corpus()
TEST_LIMIT_S = 2.0


@pytest.fixture()
def quick_limits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Cap the consoles' time limit at 2 s (the code path is otherwise unchanged)."""
    sparql = queries.console.run_sparql_sandboxed
    cypher = queries.console.run_cypher_console

    def quick_sparql(*args: Any, **kwargs: Any) -> Any:
        kwargs["timeout_s"] = min(kwargs.get("timeout_s", TEST_LIMIT_S), TEST_LIMIT_S)
        return sparql(*args, **kwargs)

    def quick_cypher(*args: Any, **kwargs: Any) -> Any:
        kwargs["timeout_ms"] = min(kwargs.get("timeout_ms", 2000), int(TEST_LIMIT_S * 1000))
        return cypher(*args, **kwargs)

    monkeypatch.setattr(queries.console, "run_sparql_sandboxed", quick_sparql)
    monkeypatch.setattr(queries.console, "run_cypher_console", quick_cypher)


def page_outcome(at: AppTest) -> tuple[str, str]:
    """What the console page showed for the last run."""
    if at.exception:
        return "crashed", "; ".join(str(e.value) for e in at.exception)
    if html_allowed(at):
        return "crashed", f"HTML let through: {html_allowed(at)}"
    errors = [str(e.value) for e in at.error]
    if errors:
        message = errors[0]
        if "\n" in message.strip() or "Traceback" in message:
            return "crashed", message
        if message.startswith(("查询被拒绝", "Query refused")):
            return "refused", message
        return "stopped", message
    if at.dataframe:
        rows = len(at.dataframe[0].value)
        cut = " (cut at the row cap)" if at.warning else ""
        return "answered", f"{rows} rows{cut}"
    return "crashed", "the page showed neither rows nor a message"


def test_hostile_corpus_through_the_explorer_consoles(
    explorer: Callable[..., AppTest], app_data_dir: Path, quick_limits: None
) -> None:
    report = CorpusReport()
    at = explorer("console.py")
    with watching(app_data_dir, report) as listener:
        for language in ("sparql", "cypher"):
            at.radio(key="con_language").set_value(language).run()
            for query in (q for q in CORPUS if q.language == language):
                at.text_area(key=f"con_text_{language}").input(query.text(listener.port))
                at.button(key="con_run").click().run(timeout=120)
                outcome, detail = page_outcome(at)
                check_outcome(query, outcome, detail, report)
        # the console still answers an ordinary question afterwards
        at.text_area(key="con_text_cypher").input("MATCH (a:MetropolitanArea) RETURN a.uri AS uri")
        at.button(key="con_run").click().run()
        assert not at.error and len(at.dataframe[0].value) == 15
    assert_all_contained(report, len(CORPUS), "the explorer")
