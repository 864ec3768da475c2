"""What a person waits for in a browser: each explorer page cold and warm, and a graph expand.

    .venv/bin/python bench/pages.py                     # the shipped seed in a fresh data dir
    .venv/bin/python bench/pages.py --data-dir DIR      # an already loaded directory (e.g. 1M)

Starts ``metrokg explore`` on a free loopback port and drives Debian's Chromium with
Playwright (the browser the page test uses; nothing leaves the machine). A page's time runs
from navigation start to Streamlit idle: the script has finished (``data-test-script-state``
is ``notRunning``, twice in a row 50 ms apart) and the main area holds content. **Cold** is the
first visit of a page after the server started (its caches empty), **warm** the median of three
visits after it in the same browser session. The graph expand is the time from the click on a
node to the node's details drawn and Streamlit idle. Targets of issue 13: warm ≤ 1 s, cold ≤ 3 s,
expand ≤ 1 s.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, sync_playwright

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-sync"]
PAGES = [
    "/",
    "/area?area=nanjing",
    "/graph",
    "/questions",
    "/questions?q=plan-system",
    "/console",
    "/ontology",
    "/export",
]
PLAN = "https://w3id.org/metrokg/id/plan/nanjing-development-plan"
IDLE_JS = """(since) => {
    const root = document.querySelector('[data-test-script-state]');
    const main = document.querySelector('[data-testid=stMain]');
    const ready = root && root.getAttribute('data-test-script-state') === 'notRunning'
        && main && main.innerText.trim().length > 0;
    if (!ready) { window.__idleSince = null; return false; }
    if (window.__idleSince == null || window.__idleSince < since) {
        window.__idleSince = performance.now(); return false;
    }
    return performance.now() - window.__idleSince >= 50 ? window.__idleSince : false;
}"""


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def metrokg(*args: str, data_dir: Path) -> None:
    env = {**os.environ, "METROKG_DATA_DIR": str(data_dir)}
    subprocess.run([sys.executable, "-m", "app.cli", *args], cwd=REPO, env=env, check=True)


def idle_ms(page: Page, since: float = 0.0) -> float:
    """Milliseconds from navigation start until Streamlit is idle (after ``since``)."""
    handle = page.wait_for_function(IDLE_JS, arg=since, polling=25, timeout=120_000)
    return float(handle.json_value())


def visit(page: Page, url: str) -> float:
    page.goto(url, wait_until="commit")
    return idle_ms(page) / 1000


def expand(page: Page, url: str) -> float:
    """Seconds from a click on the plan node to its details drawn and Streamlit idle."""
    page.goto(url + "/graph", wait_until="commit")
    idle_ms(page)
    handle = page.wait_for_selector("iframe", timeout=60_000)
    frame = handle.content_frame()
    assert frame is not None
    frame.wait_for_function(
        "typeof network !== 'undefined' && network.body.nodeIndices.length > 0", timeout=60_000
    )
    page.wait_for_timeout(3000)
    box = page.locator("iframe").first.bounding_box()
    assert box is not None
    point = frame.evaluate(
        "(() => { network.stopSimulation();"
        f" const p = network.getPositions([{PLAN!r}])[{PLAN!r}];"
        " const d = network.canvasToDOM(p);"
        " const r = document.getElementById('mynetwork').getBoundingClientRect();"
        " return {x: r.left + d.x, y: r.top + d.y}; })()"
    )
    clicked = float(page.evaluate("performance.now()"))
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_function(
        "() => [...document.querySelectorAll('h3')]"
        ".some(h => h.innerText.includes('南京都市圈发展规划'))",
        timeout=120_000,
    )
    return (idle_ms(page, clicked) - clicked) / 1000


def measure(url: str, warm_runs: int) -> dict[str, Any]:
    results: dict[str, Any] = {"pages": {}}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1800}, locale="zh-CN")
            for path in PAGES:
                cold = visit(page, url + path)
                warm = [visit(page, url + path) for _ in range(warm_runs)]
                results["pages"][path] = {"cold_s": round(cold, 3), "warm_s": warm}
                print(f"{path:28} cold {cold:6.2f} s   warm {statistics.median(warm):6.2f} s")
            seconds = [expand(page, url) for _ in range(warm_runs)]
            results["graph_expand_s"] = seconds
            middle = statistics.median(seconds)
            print(f"{'graph expand':28} {middle:6.2f} s (median of {warm_runs})")
        finally:
            browser.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", type=Path, help="a loaded data directory (default: load)")
    parser.add_argument("--runs", type=int, default=3, help="warm visits per page")
    parser.add_argument("--out", type=Path, help="also write the figures as JSON")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="metrokg-bench-pages-") as scratch:
        data_dir = options.data_dir or Path(scratch) / "data"
        if options.data_dir is None:
            metrokg("load", "--data-dir", str(data_dir), data_dir=data_dir)
        port = free_port()
        env = {**os.environ, "METROKG_DATA_DIR": str(data_dir)}
        explorer = subprocess.Popen(
            [sys.executable, "-m", "app.cli", "explore", "--data-dir", str(data_dir),
             "--port", str(port)],
            cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            start_new_session=True,
        )  # fmt: skip
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                try:
                    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2):
                        break
                except OSError:
                    time.sleep(0.3)
            load_before = os.getloadavg()
            results = measure(url, options.runs)
            results["load_average"] = {"before": load_before, "after": os.getloadavg()}
            print(f"load average before {load_before[0]:.2f}, after {os.getloadavg()[0]:.2f}")
        finally:
            os.killpg(explorer.pid, signal.SIGTERM)
            explorer.wait(timeout=30)
            if options.data_dir is None:
                metrokg("graph", "stop", "--data-dir", str(data_dir), data_dir=data_dir)
    if options.out is not None:
        options.out.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
