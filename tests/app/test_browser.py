"""The explorer in a real browser: `metrokg explore` on a free loopback port, driven by
Playwright with Debian's chromium (never a downloaded browser), no network beyond loopback.

It opens the overview, runs a question, draws a neighbourhood in the graph browser and
expands a node by clicking it, opens the area with the hostile label; it saves screenshots
under the test's tmp dir and checks that Chinese renders (text and glyphs, not blank
images), that nothing was fetched from outside and that no script from the data ran.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from PIL import Image, ImageStat
from playwright.sync_api import Frame, Page, Request, Route, sync_playwright

from tests.app.conftest import HOSTILE_LABEL, NANJING, REPO

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PLAN = "https://w3id.org/metrokg/id/plan/nanjing-development-plan"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def explorer_url(app_data_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """`metrokg explore` serving the test data directory; stopped afterwards."""
    port = free_port()
    log = tmp_path_factory.mktemp("explore") / "explore.log"
    env = {**os.environ, "METROKG_DATA_DIR": str(app_data_dir)}
    env.pop("METROKG_GRAPH_URI", None)
    with open(log, "wb") as out:
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "app.cli",
                "explore",
                "--data-dir",
                str(app_data_dir),
                "--port",
                str(port),
            ],
            cwd=REPO,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            assert process.poll() is None, log.read_text(encoding="utf-8", errors="replace")
            assert time.monotonic() < deadline, "the explorer did not start"
            time.sleep(0.3)
        yield url
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


# True once the page has been quiet for ``ms``: the script not running, no element marked
# stale (a rerun's leftovers) and the app drawn. A page that reruns itself (a redirect, a
# query-parameter sync) is busy again between its runs, which restarts the count; the wait
# follows the page, not the clock, so it holds on a loaded machine as on an idle one.
QUIET = """(ms) => {
    const app = document.querySelector('[data-test-script-state]');
    const busy = !app || app.getAttribute('data-test-script-state') !== 'notRunning'
        || document.querySelector('[data-stale=true]') !== null
        || !document.querySelector(
            '[data-testid=stMainBlockContainer] [data-testid=stElementContainer]');
    const now = performance.now();
    if (busy) { window.__metrokgQuietSince = undefined; return false; }
    if (window.__metrokgQuietSince === undefined) { window.__metrokgQuietSince = now; }
    return now - window.__metrokgQuietSince >= ms;
}"""
QUIET_MS = 400


def settle(page: Page) -> None:
    """Wait until the page is quiet: its script runs have ended and the front end has drawn."""
    page.wait_for_function(QUIET, arg=QUIET_MS, polling=100, timeout=90_000)


def see(page: Page, *texts: str, timeout_ms: int = 60_000) -> str:
    """Wait until the page's text holds every one of ``texts``; return that text."""
    page.wait_for_function(
        "(texts) => texts.every(t => document.body.innerText.includes(t))",
        arg=list(texts),
        polling=100,
        timeout=timeout_ms,
    )
    return page.inner_text("body")


def see_match(page: Page, pattern: str, timeout_ms: int = 60_000) -> str:
    """Wait until the page's text matches the regular expression ``pattern``; return it."""
    page.wait_for_function(
        "(pattern) => new RegExp(pattern).test(document.body.innerText)",
        arg=pattern,
        polling=100,
        timeout=timeout_ms,
    )
    return page.inner_text("body")


def not_blank(path: Path) -> None:
    image = Image.open(path).convert("L")
    low, high = ImageStat.Stat(image).extrema[0]
    assert high - low > 100, f"{path} looks blank"
    assert len(image.getcolors(maxcolors=1 << 16) or range(1 << 16)) > 20, (
        f"{path} has almost no colours"
    )


def glyphs_render(page: Page, text: str) -> bool:
    """True when ``text`` draws differently from unassigned code points (no tofu boxes)."""
    return bool(
        page.evaluate(
            """(text) => {
                const draw = (s) => {
                    const c = document.createElement('canvas'); c.width = 200; c.height = 60;
                    const g = c.getContext('2d'); g.font = '40px sans-serif'; g.fillText(s, 5, 45);
                    return c.toDataURL();
                };
                const missing = draw('\\u0378\\u0379\\u0380');
                return draw(text) !== missing && draw(text) !== draw('');
            }""",
            text,
        )
    )


def graph_frame(page: Page) -> Frame:
    handle = page.wait_for_selector("iframe", timeout=60_000)
    frame = handle.content_frame()
    assert frame is not None
    frame.wait_for_function(
        "typeof network !== 'undefined' && network.body.nodeIndices.length > 0", timeout=60_000
    )
    return frame


def test_the_explorer_in_chromium(explorer_url: str, tmp_path: Path) -> None:
    outside: list[str] = []
    dialogs: list[str] = []

    def only_loopback(route: Route, request: Request) -> None:
        if request.url.startswith(explorer_url) or request.url.startswith(
            ("data:", "blob:", "about:")
        ):
            route.continue_()
        else:
            outside.append(request.url)
            route.abort()

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1800}, locale="zh-CN")
            page.route("**/*", only_loopback)
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

            # overview
            page.goto(explorer_url + "/")
            settle(page)
            body = see(page, "都市圈", "规划体系缺口一览")
            assert "都市圈" in body and "规划体系缺口一览" in body
            assert glyphs_render(page, "都市圈")
            page.screenshot(path=tmp_path / "overview.png")
            not_blank(tmp_path / "overview.png")

            # run a question from the gallery
            page.goto(explorer_url + "/questions")
            settle(page)
            page.locator(".st-key-qa_open_plan-system button").click()
            settle(page)
            page.wait_for_selector("[role=gridcell]", state="attached", timeout=60_000)
            cells = " ".join(page.locator("[role=gridcell]").all_inner_texts())
            assert "规划" in cells
            assert "q=plan-system" in page.url
            page.screenshot(path=tmp_path / "question.png")
            not_blank(tmp_path / "question.png")

            # the shared link reopens it with the same parameter
            page.goto(f"{explorer_url}/questions?q=plan-system&p_area={quote('南京都市圈')}")
            settle(page)
            page.wait_for_selector("[role=gridcell]", state="attached", timeout=60_000)
            cells = " ".join(page.locator("[role=gridcell]").all_inner_texts())
            assert "南京都市圈发展规划" in cells

            # graph browser: the first area's neighbourhood, then expand a node by clicking it
            page.goto(explorer_url + "/graph")
            settle(page)
            frame = graph_frame(page)
            assert frame.evaluate(f"network.body.data.nodes.get({NANJING!r}) !== null")
            page.wait_for_timeout(3000)  # let the short stabilisation finish
            page.screenshot(path=tmp_path / "graph.png")
            not_blank(tmp_path / "graph.png")
            box = page.locator("iframe").first.bounding_box()
            assert box is not None
            point = frame.evaluate(
                "(() => { network.stopSimulation();"
                f" const p = network.getPositions([{PLAN!r}])[{PLAN!r}];"
                " const d = network.canvasToDOM(p);"
                " const r = document.getElementById('mynetwork').getBoundingClientRect();"
                " return {x: r.left + d.x, y: r.top + d.y}; })()"
            )
            page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
            page.wait_for_function(
                "() => [...document.querySelectorAll('h3')]"
                ".some(h => h.innerText.includes('南京都市圈发展规划'))",
                timeout=60_000,
            )
            settle(page)
            assert "南京都市圈发展规划（2021—2035年）" in page.inner_text("body")
            page.screenshot(path=tmp_path / "graph-expanded.png")
            not_blank(tmp_path / "graph-expanded.png")

            # a label full of markup is shown as text, and runs nothing
            page.goto(explorer_url + "/area?area=zhengzhou")
            settle(page)
            assert '<script>alert("metrokg")</script>' in page.inner_text("body")
            page.screenshot(path=tmp_path / "area-markup.png")
            page.goto(
                explorer_url + "/graph?node=" + quote("https://w3id.org/metrokg/id/area/zhengzhou")
            )
            settle(page)
            graph_frame(page)
            page.wait_for_timeout(1500)
            assert HOSTILE_LABEL.split("<")[0] in page.inner_text("body")
        finally:
            browser.close()
    assert dialogs == [], "a script from the data ran"
    assert outside == [], f"requests left the machine: {outside[:5]}"
    for name in ("overview", "question", "graph", "graph-expanded", "area-markup"):
        assert (tmp_path / f"{name}.png").stat().st_size > 10_000


def listening_addresses(port: int) -> set[str]:
    """Local addresses of sockets listening on ``port`` (IPv4 and IPv6), from /proc."""
    found: set[str] = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text(encoding="ascii").splitlines()[1:]:
            fields = line.split()
            address, local_port = fields[1].rsplit(":", 1)
            if int(local_port, 16) == port and fields[3] == "0A":  # LISTEN
                found.add(address)
    return found


def test_the_explorer_listens_on_loopback_only(explorer_url: str) -> None:
    port = int(explorer_url.rsplit(":", 1)[1])
    assert listening_addresses(port) == {"0100007F"}  # 127.0.0.1, and nothing on IPv6
