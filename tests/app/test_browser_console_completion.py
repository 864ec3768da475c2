"""The SPARQL console's completion in a real browser (one `metrokg explore` for the module,
Playwright with Debian's chromium), Chinese UI: typing ``PREFIX mk`` offers the whole ``mkg``
line, choosing it puts the line into the editor; a term fragment is completed with its
Chinese label shown."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect, sync_playwright

from tests.app.test_browser import ARGS, CHROMIUM, explorer_url, see, settle
from tests.app.test_browser_graph_map import new_page

__all__ = ["explorer_url"]  # the module's own server (a module-scoped fixture)

LINE = "PREFIX mkg: <https://w3id.org/metrokg/def#>"


def test_console_completes_a_prefix_and_a_term(explorer_url: str, tmp_path: Path) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = new_page(browser)
            page.goto(explorer_url + "/console")
            settle(page)
            editor = page.locator(".st-key-con_text_sparql textarea")
            editor.fill("PREFIX mk")
            editor.press("Control+Enter")
            see(page, "补全")
            offer = page.locator(".st-key-con_offer_sparql_0 button")
            expect(offer).to_have_text(LINE, timeout=60_000)
            offer.click()
            expect(editor).to_have_value(LINE + "\n", timeout=60_000)
            settle(page)

            editor.press("End")
            editor.fill(LINE + "\nSELECT ?a WHERE { ?a a mkg:Metro")
            editor.press("Control+Enter")
            term = page.locator(".st-key-con_offer_sparql_0 button")
            expect(term).to_have_text("mkg:MetropolitanArea · 都市圈", timeout=60_000)
            term.click()
            expect(editor).to_have_value(re.compile(r"\?a a mkg:MetropolitanArea$"), timeout=60_000)
            settle(page)
            page.screenshot(path=tmp_path / "console-completion.png")
        finally:
            browser.close()
