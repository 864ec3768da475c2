"""A question's map tab in a real browser (its own `metrokg explore`, Playwright with Debian's
chromium): ``area-members`` for 南京都市圈 in the Chinese UI draws its members as polygons."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from playwright.sync_api import sync_playwright

from tests.app.test_browser import ARGS, CHROMIUM, explorer_url, settle
from tests.app.test_browser_graph_map import boundary_map, new_page

__all__ = ["explorer_url"]  # the module's own server (a module-scoped fixture)


def test_area_members_map_tab_draws_polygons(explorer_url: str, tmp_path: Path) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = new_page(browser)
            page.goto(f"{explorer_url}/questions?q=area-members&p_area={quote('南京都市圈')}")
            settle(page)
            tab = page.get_by_role("tab", name="地图")
            assert tab.count() == 1
            tab.click()
            settle(page)
            drawn, shapes = boundary_map(page)
            # 表1-3 names 32 units with a division code for 南京都市圈, each with a boundary
            assert drawn >= 30, drawn
            # their polygons and the outlines of 江苏省 and 安徽省
            assert shapes >= drawn + 2, shapes
            body = page.inner_text("body")
            assert "核心范围" in body  # the legend shades by the rows' scope role
            page.screenshot(path=tmp_path / "area-members-map.png")
        finally:
            browser.close()
