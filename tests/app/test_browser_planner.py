"""The explorer as a planner reads it, in real Chromium at 1440×1000, Chinese then English.

- no literal None / null / nan in any page's visible text (code and query editors aside);
- the Chinese gallery has no run of four or more Latin words outside code;
- every question's result table shows its columns with their Chinese labels (columns of IRIs
  only in their expander);
- the overview's gap matrix and the question ``areas-without-spatial-plan`` agree on every
  area's spatial-plan state;
- ``/overview`` opens the overview (no "Page not found");
- ``kill PID`` of ``metrokg explore`` (SIGTERM to it alone, not its group) closes the port.

One explorer for the module (the fixture of ``test_browser``) and one browser for all tests.
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, sync_playwright

from app.explorer.i18n import tr
from queries.catalogue import load_catalogue
from tests.app.conftest import REPO
from tests.app.test_browser import ARGS, CHROMIUM, explorer_url, free_port, settle

__all__ = ["explorer_url"]  # the module's explorer (a fixture of test_browser)

CATALOGUE = load_catalogue()
QUESTIONS = sorted(CATALOGUE)
PAGES = ["/overview", "/area?area=nanjing", "/questions", "/ontology", "/export"]
# columns whose values are all IRIs, from the question files: the expander holds them
IRI_COLUMNS = {
    "neighbourhood": ("source", "target"),
    "unsourced-fact-violation": ("node",),
    "membership-unit-violation": ("membership",),
    "plan-period-violation": ("work",),
    "release-mismatch-violation": ("area",),
    "development-plan-count-violation": ("area",),
}
MISSING_WORDS = re.compile(r"\b(None|null|nan|NaN)\b")
LATIN_RUN = re.compile(r"[A-Za-z]+(?:[ ,;:'’()\-]+[A-Za-z]+){3,}")  # words, not paths
CJK = re.compile(r"[\u2e80-\u9fff\uff00-\uffef]")
# the visible text of the page, code blocks, query editors and inputs left out; then the
# cells and column headers the data grids have in view (their accessible DOM)
VISIBLE_TEXT = """() => {
    const app = document.querySelector('[data-testid=stApp]') || document.body;
    let text = app.innerText.split('Skip to main content').join(' ');  // Streamlit's a11y link
    const code = app.querySelectorAll('code, pre, textarea, [data-testid=stCode], .ace_editor');
    for (const e of code) { if (e.innerText) text = text.split(e.innerText).join(' '); }
    const grid = [...document.querySelectorAll('[role=gridcell], [role=columnheader]')]
        .map(e => e.innerText);
    return [text, ...grid].join('\\n');
}"""


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield launched
        launched.close()


def open_page(browser: Browser, url: str) -> Page:
    context = browser.new_context(viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    page.goto(url)
    settle(page)
    return page


def visible_text(page: Page) -> str:
    return str(page.evaluate(VISIBLE_TEXT))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_none_null_or_nan_on_any_page(explorer_url: str, browser: Browser, lang: str) -> None:
    """Every page; the questions too in English (in Chinese the column test reads them)."""
    page = open_page(browser, f"{explorer_url}/overview?lang={lang}")
    seen: dict[str, str] = {}
    try:
        for path in PAGES + (
            [f"/questions?q={name}" for name in QUESTIONS] if lang == "en" else []
        ):
            joiner = "&" if "?" in path else "?"
            page.goto(f"{explorer_url}{path}{joiner}lang={lang}")
            settle(page)
            text = visible_text(page)
            found = MISSING_WORDS.findall(text)
            if found:
                seen[path] = ", ".join(sorted(set(found)))
            if lang == "en":
                headings = page.locator("h1, h2, h3").all_inner_texts()
                assert not [h for h in headings if CJK.search(h)], f"{path}: {headings}"
    finally:
        page.context.close()
    assert not seen, f"literal None/null/nan shown ({lang}): {seen}"


def test_the_chinese_gallery_reads_chinese(explorer_url: str, browser: Browser) -> None:
    page = open_page(browser, f"{explorer_url}/questions")
    try:
        text = visible_text(page)
        assert tr("qa_quality", "zh") in text, "the data-quality checks have their own section"
        runs = [m.group(0) for m in LATIN_RUN.finditer(text)]
        assert not runs, f"English prose in the Chinese gallery: {runs[:5]}"
        for name, question in CATALOGUE.items():
            assert question.title_zh in text, name
        checks = page.get_by_text(tr("qa_check_pass", "zh"), exact=True).count()
        violations = [q for q in CATALOGUE.values() if q.kind == "violation"]
        assert checks == len(violations), "each check shows it passes (0 rows)"
    finally:
        page.context.close()


def test_every_question_shows_its_columns_in_chinese(explorer_url: str, browser: Browser) -> None:
    page = open_page(browser, f"{explorer_url}/questions")
    missing: dict[str, list[str]] = {}
    nulls: dict[str, str] = {}
    try:
        for name in QUESTIONS:
            question = CATALOGUE[name]
            page.goto(f"{explorer_url}/questions?q={name}")
            settle(page)
            table_tab = page.get_by_role("tab", name=tr("qa_table", "zh"), exact=True)
            if table_tab.count():  # a question drawn as a graph first: open its table
                table_tab.click()
                settle(page)
            if page.get_by_text(tr("qa_rows", "zh", n=0), exact=True).count():
                continue  # no rows (a passing check): no cells to read
            iris = _iri_columns(name)
            wanted = [question.column_label(c, "zh") for c in question.columns if c not in iris]
            headers = _column_headers(page)
            shown = MISSING_WORDS.findall(visible_text(page))
            if shown:  # the Chinese question pages are checked for None/null/nan here
                nulls[name] = ", ".join(sorted(set(shown)))
            absent = [w for w in wanted if w not in headers]
            if absent:
                missing[name] = absent
            assert not [c for c in question.columns if c in headers and c not in wanted], name
    finally:
        page.context.close()
    assert not missing, f"columns without their Chinese label: {missing}"
    assert not nulls, f"literal None/null/nan shown (zh): {nulls}"


def _column_headers(page: Page) -> set[str]:
    """The headers of the result grid: it draws only the columns in view, so scroll it across
    (a grid whose columns all fit is read as it is)."""
    cells = "[data-testid=stDataFrame] [role=columnheader]"
    # the grid draws its headers after the script has ended: wait for them, not for the clock
    page.wait_for_function(
        "(cells) => [...document.querySelectorAll(cells)].some(c => c.innerText.trim())",
        arg=cells,
        polling=100,
        timeout=60_000,
    )
    headers = set(page.locator(cells).all_inner_texts())
    overflows = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid=stDataFrame] .dvn-scroller')]
            .some(s => s.scrollWidth > s.clientWidth + 1)"""
    )
    for step in range(1, 6 if overflows else 1):
        page.evaluate(
            """(step) => document.querySelectorAll('[data-testid=stDataFrame] .dvn-scroller')
                .forEach(s => { s.scrollLeft = s.scrollWidth * step / 5; })""",
            step,
        )
        page.wait_for_timeout(300)
        headers |= set(page.locator(cells).all_inner_texts())
    return headers


def _iri_columns(name: str) -> set[str]:
    """The question's columns the explorer puts in the IRI expander (all values IRIs)."""
    return set(IRI_COLUMNS.get(name, ()))


def _spatial_states_of_the_overview(page: Page) -> dict[str, str]:
    """Area -> the state the gap matrix draws in its spatial-plan column (the cells' labels)."""
    spatial = tr("kind_spatial", "zh")
    marks = "[data-testid=stVegaLiteChart] [aria-label]"
    # the chart draws its marks after the script has ended: wait for a spatial-plan cell of
    # each of the 15 areas, not for the clock
    page.wait_for_function(
        """([marks, wanted]) => [...document.querySelectorAll(marks)]
            .filter(e => e.getAttribute('aria-label').includes(wanted)).length >= 15""",
        arg=[marks, f"{tr('col_kind', 'zh')}: {spatial}"],
        polling=100,
        timeout=60_000,
    )
    labels = page.locator(marks).evaluate_all(
        "els => els.map(e => e.getAttribute('aria-label'))"
    )
    states: dict[str, str] = {}
    for label in labels:
        fields = dict(part.split(": ", 1) for part in str(label).split("; ") if ": " in part)
        if fields.get(tr("col_kind", "zh")) == spatial and tr("col_state", "zh") in fields:
            states[fields[tr("col_area", "zh")]] = fields[tr("col_state", "zh")]
    return states


def _rows_of_the_result(page: Page) -> list[list[str]]:
    # the grid draws its cells after the script has ended: wait for them, not for the clock
    page.wait_for_selector(
        "[data-testid=stDataFrame] [role=gridcell]", state="attached", timeout=60_000
    )
    return list(
        page.evaluate(
            """() => [...document.querySelectorAll('[data-testid=stDataFrame] [role=row]')]
                .map(r => [...r.querySelectorAll('[role=gridcell]')].map(c => c.innerText))
                .filter(cells => cells.length)"""
        )
    )


def test_the_overview_and_the_question_agree_on_spatial_plans(
    explorer_url: str, browser: Browser
) -> None:
    page = open_page(browser, f"{explorer_url}/overview")
    try:
        assert page.get_by_text("Page not found").count() == 0
        overview = _spatial_states_of_the_overview(page)
        assert len(overview) == 15, f"every area in the gap matrix: {sorted(overview)}"
        page.goto(f"{explorer_url}/questions?q=areas-without-spatial-plan")
        settle(page)
        question = CATALOGUE["areas-without-spatial-plan"]
        columns = list(question.columns)
        said: dict[str, set[str]] = {}
        for cells in _rows_of_the_result(page):
            row = dict(zip(columns, cells, strict=False))
            said.setdefault(row["area"], set()).add(row["status"])
    finally:
        page.context.close()
    # the question's words for a state, as the overview's legend names it
    as_overview = {
        "暂无": tr("state_none", "zh"),
        "在编": tr("state_in_preparation", "zh"),
        "仅有省级协调指引": tr("state_guideline_only", "zh"),
        tr("missing", "zh"): tr("state_unknown", "zh"),
    }
    assert said, "the question lists the areas without a spatial plan"
    for area, state in overview.items():
        statuses = said.get(area)
        if statuses is None:
            assert state == tr("state_exists", "zh"), f"{area}: the question says it has one"
        else:
            assert {as_overview[s] for s in statuses} == {state}, f"{area}: {statuses} ≠ {state}"


def test_overview_has_its_own_address(explorer_url: str, browser: Browser) -> None:
    page = open_page(browser, f"{explorer_url}/overview")
    try:
        assert page.get_by_text("Page not found").count() == 0
        assert page.locator("h1").first.inner_text() == tr("app_title", "zh")
        page.goto(explorer_url)
        settle(page)
        assert page.url.rstrip("/").endswith("/overview")
    finally:
        page.context.close()


def _port_open(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.settimeout(0.5)
        return sock.connect_ex(("127.0.0.1", port)) == 0


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["TERM", "INT"])
def test_signalling_metrokg_explore_closes_its_port(
    app_data_dir: Path, tmp_path: Path, signum: int
) -> None:
    """The signal goes to the ``metrokg explore`` process alone (as `kill PID` does)."""
    port = free_port()
    env = {**os.environ, "METROKG_DATA_DIR": str(app_data_dir)}
    env.pop("METROKG_GRAPH_URI", None)
    log = tmp_path / "explore.log"
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "explore", "--port", str(port)],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/_stcore/health", timeout=2
                ) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            assert process.poll() is None, log.read_text(encoding="utf-8", errors="replace")
            assert time.monotonic() < deadline, "the explorer did not start"
            time.sleep(0.3)
        os.kill(process.pid, signum)
        stopped = time.monotonic()
        while _port_open(port) and time.monotonic() - stopped < 5:
            time.sleep(0.1)
        assert not _port_open(port), "the port is still served 5 s after the signal"
        assert process.wait(timeout=5) == 0
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)
