"""The planner's graph browser and maps in a real browser (one `metrokg explore` for the module,
Playwright with Debian's chromium): pinyin search, the paths question in both languages, a graph
view's share link reopened in a fresh browser context, the boundary map of 南京都市圈 and the
map tab of ``county-links``."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import Browser, Frame, Page, expect, sync_playwright
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.app.test_browser import (
    ARGS,
    CHROMIUM,
    explorer_url,
    graph_frame,
    see,
    see_match,
    settle,
)

__all__ = ["explorer_url"]  # the module's own server (a module-scoped fixture)

PATH = "江宁区 ←SPATIAL— 江宁—博望一体化示范区规划 —SPATIAL→ 博望区"
JIANGNING = "https://w3id.org/metrokg/id/unit/320115"


def node_ids(frame: Frame) -> set[str]:
    return set(frame.evaluate("network.body.data.nodes.getIds()"))


def new_page(browser: Browser) -> Page:
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="zh-CN")
    return context.new_page()


def cells(page: Page) -> str:
    page.wait_for_selector("[role=gridcell]", state="attached", timeout=60_000)
    return " ".join(page.locator("[role=gridcell]").all_inner_texts())


def boundary_map(page: Page) -> tuple[int, int]:
    """The boundary map on ``page`` (the chart labelled 示意图): the units its caption says it
    drew as polygons, and the shapes drawn (SVG paths of its geoshape marks: the units'
    polygons and the provinces' outlines)."""
    page.wait_for_selector("canvas, svg.marks", timeout=60_000)
    see(page, "示意图")
    body = see_match(page, r"绘出 \d+ 个单元的边界")
    drawn = re.search(r"绘出 (\d+) 个单元的边界", body)
    assert drawn, body[-800:]
    chart = page.locator("[data-testid=stVegaLiteChart]", has_text="示意图").first
    chart.scroll_into_view_if_needed()
    units = int(drawn.group(1))
    shapes = chart.locator("svg g.mark-shape path")
    # the chart draws after the script has ended: wait (up to a minute) for the shapes the
    # caption promises, then report what is there; the callers assert on it
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_function(
            "(n) => document.querySelectorAll("
            "'[data-testid=stVegaLiteChart] svg g.mark-shape path').length >= n",
            arg=units + 2,
            polling=200,
            timeout=60_000,
        )
    return units, shapes.count()


def test_planner_views_in_chromium(explorer_url: str, tmp_path: Path) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = new_page(browser)
            # pinyin finds 江宁区; picking it draws its neighbourhood and puts it in the URL
            page.goto(explorer_url + "/graph")
            settle(page)
            search = page.locator(".st-key-gb_query input")
            search.fill("jiangning")
            search.press("Enter")
            settle(page)
            page.locator(".st-key-gb_hit").click()
            option = page.get_by_role("option", name=re.compile("^江宁区"))
            expect(option.first).to_be_visible(timeout=60_000)
            option.first.click()
            page.wait_for_url(
                lambda url: quote(JIANGNING, safe="") in url or JIANGNING in url, timeout=60_000
            )
            settle(page)
            # expand 南京市 (the city 江宁区 lies in) from the control
            page.locator(".st-key-gb_target").click()
            page.get_by_role("option", name=re.compile("^南京市")).first.click()
            settle(page)
            page.locator(".st-key-gb_expand_button button").click()
            settle(page)
            frame = graph_frame(page)
            frame.wait_for_function(
                "(ids) => ids.every(id => network.body.data.nodes.get(id) !== null)",
                arg=[JIANGNING, "https://w3id.org/metrokg/id/area/nanjing"],
                timeout=60_000,
            )
            shown = node_ids(frame)
            assert JIANGNING in shown and "https://w3id.org/metrokg/id/area/nanjing" in shown
            page.screenshot(path=tmp_path / "graph-jiangning.png")
            shared = page.url

            # the share link in a fresh context shows the same nodes
            other = new_page(browser)
            other.goto(shared)
            settle(other)
            assert node_ids(graph_frame(other)) == shown

            # the paths question links 江宁区 and 博望区, in Chinese and in English
            for lang in ("zh", "en"):
                page.goto(
                    f"{explorer_url}/questions?q=paths&p_start={quote('江宁区')}"
                    f"&p_end={quote('博望区')}&lang={lang}"
                )
                settle(page)
                assert PATH in cells(page), lang
                body = page.inner_text("body")
                assert ("两个节点之间的路径" if lang == "zh" else "Paths between two nodes") in body

            # the map of 南京都市圈: member polygons, the 示意图 label
            page.goto(explorer_url + "/area?area=nanjing")
            settle(page)
            drawn, shapes = boundary_map(page)
            assert drawn >= 25
            # every member's polygon and the two provinces' outlines (江苏省, 安徽省) are paths
            assert shapes >= drawn + 2, shapes
            page.screenshot(path=tmp_path / "area-map.png")

            # county-links has a map tab, with its units and a line per pair
            page.goto(explorer_url + "/questions?q=county-links")
            settle(page)
            tab = page.get_by_role("tab", name="地图")
            assert tab.count() == 1
            tab.click()
            assert re.search(r"绘出 \d+ 个单元的边界", see_match(page, r"绘出 \d+ 个单元的边界"))
        finally:
            browser.close()
