"""What a person waits for in a browser: each explorer page cold and warm, and a graph expand.

    .venv/bin/python bench/pages.py                     # the shipped seed in a fresh data dir
    .venv/bin/python bench/pages.py --sizes source,1m   # and ~1M synthetic triples (synth 1100)
    .venv/bin/python bench/pages.py --data-dir 1m=DIR   # an already loaded directory for a size
    .venv/bin/python bench/pages.py --floor              # first the floor: bare Streamlit pages
    .venv/bin/python bench/pages.py --baseline CHECKOUT --out bench/results
        # also the code of another checkout (e.g. a worktree at main), same run, same data:
        # each page's "before" (baseline) and "after" (this checkout), and their ratio

Starts ``metrokg explore`` on a free loopback port and drives Debian's Chromium with
Playwright (the browser the page test uses; nothing leaves the machine). A page's time runs
from navigation start to Streamlit idle: the script has finished (``data-test-script-state``
is ``notRunning``, twice in a row 50 ms apart) and the main area holds content. **Cold** is the
first visit of a page after the server started (its caches in memory empty, and the label index
it keeps on disk per generation removed before each checkout's run), **warm** the median
of the ``--runs`` visits after it in the same browser (each a new page load, so a new Streamlit
session). The graph expand is the time from the click on a node (the Nanjing plan, in the view
``/graph?node=<Nanjing's area>``, the same at every size) to the node's details drawn and
Streamlit idle. ``--floor`` first times bare Streamlit pages (``bench/floor/``) the same way.
Targets of issue 13: warm ≤ 1 s, cold ≤ 3 s, expand ≤ 1 s.

With ``--out DIR`` the figures go to ``DIR/pages.json`` and the table to the "Pages in a
browser" section of ``DIR/latest.md`` (beside the AppTest numbers of ``DIR/latest.json``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from playwright.sync_api import Error as PlaywrightError
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
    "/questions?q=area-members",
    "/console",
    "/ontology",
    "/export",
]
# The node the expand probe clicks: Nanjing's development plan in the first area's view (the
# shipped seed); a store without it (the synthetic 1M has no Nanjing) gives the first node
# of the view, by id, that is not the centre.
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


SIZES: dict[str, int | None] = {"source": None, "1m": 1100}  # synthetic areas, as bench/run.py
TARGETS = {"warm_s": 1.0, "cold_s": 3.0, "expand_s": 1.0}
SECTION = "## Pages in a browser"
APPTEST_PAGE = {"/": "overview", "/area?area=nanjing": "area", "/graph": "graph"}


def metrokg(*args: str, data_dir: Path, env_dir: Path | None = None) -> None:
    env = {**os.environ, "METROKG_DATA_DIR": str(env_dir or data_dir)}
    subprocess.run([sys.executable, "-m", "app.cli", *args], cwd=REPO, env=env, check=True)


def idle_ms(page: Page, since: float = 0.0) -> float:
    """Milliseconds from navigation start until Streamlit is idle (after ``since``)."""
    # 10 minutes: at ~1M triples on a busy machine a cold page once took longer than 2
    handle = page.wait_for_function(IDLE_JS, arg=since, polling=25, timeout=600_000)
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
        "(([plan, centre]) => { network.stopSimulation();"
        " const ids = network.body.nodeIndices;"
        " const id = ids.includes(plan) ? plan"
        "   : ids.filter(i => !centre.startsWith(i)).sort()[0];"
        " const d = network.canvasToDOM(network.getPositions([id])[id]);"
        " const r = document.getElementById('mynetwork').getBoundingClientRect();"
        " return {id: id, x: r.left + d.x, y: r.top + d.y}; })",
        [PLAN, "|".join(urllib.parse.parse_qs(urllib.parse.urlparse(page.url).query)["node"])],
    )
    clicked = float(page.evaluate("performance.now()"))
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
    page.wait_for_function(  # the view selects the clicked node (it is in the address)
        "(id) => new URLSearchParams(location.search).get('sel') === id",
        arg=point["id"],
        timeout=600_000,
    )
    return (idle_ms(page, clicked) - clicked) / 1000


def measure(url: str, warm_runs: int, paths: list[str], expand_too: bool) -> dict[str, Any]:
    results: dict[str, Any] = {"pages": {}}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1800}, locale="zh-CN")
            for path in paths:
                cold = visit(page, url + path)
                warm = [visit(page, url + path) for _ in range(warm_runs)]
                results["pages"][path] = {"cold_s": round(cold, 3), "warm_s": warm}
                print(f"{path:28} cold {cold:6.2f} s   warm {statistics.median(warm):6.2f} s")
            if not expand_too:
                return results
            try:
                seconds = [expand(page, url) for _ in range(warm_runs)]
            except PlaywrightError as exc:  # the plan node is not in the graph page's view
                print(f"{'graph expand':28} not measured: {str(exc).splitlines()[0]}")
                seconds = []
            results["graph_expand_s"] = seconds
            if seconds:
                middle = statistics.median(seconds)
                print(f"{'graph expand':28} {middle:6.2f} s (median of {warm_runs})")
        finally:
            browser.close()
    return results


def forget_derived(data_dir: Path) -> None:
    """Remove what an explorer kept on disk for the data's generation (its label index), so
    that each variant's cold visit is a first visit after the load, not after another
    variant warmed the cache."""
    shutil.rmtree(data_dir / "cache" / "explorer", ignore_errors=True)


def serve_and_measure(code: Path, data_dir: Path, runs: int) -> dict[str, Any]:
    """Start ``metrokg explore`` from checkout ``code`` on ``data_dir`` and time its pages."""
    port = free_port()
    env = {**os.environ, "METROKG_DATA_DIR": str(data_dir), "PYTHONPATH": str(code)}
    command = [sys.executable, "-m", "app.cli", "explore", "--data-dir", str(data_dir),
               "--port", str(port)]  # fmt: skip
    return _serve(command, code, env, port, PAGES, runs, expand_too=True)


def floor_and_measure(runs: int) -> dict[str, Any]:
    """The floor: bare Streamlit pages (``bench/floor/``) served as ``metrokg explore`` serves
    the explorer (same Streamlit, same flags), timed the same way."""
    results: dict[str, Any] = {"pages": {}}
    for script, paths in (("hello.py", ["/"]), ("shell.py", ["/", "/first"])):
        port = free_port()
        command = [
            sys.executable, "-m", "streamlit", "run", str(REPO / "bench" / "floor" / script),
            "--server.address", "127.0.0.1", "--server.port", str(port),
            "--server.headless", "true", "--browser.gatherUsageStats", "false",
            "--client.toolbarMode", "minimal", "--server.fileWatcherType", "none",
        ]  # fmt: skip
        print(f"[floor] {script}", flush=True)
        done = _serve(command, REPO, dict(os.environ), port, paths, runs, expand_too=False)
        for path, figures in done["pages"].items():
            results["pages"][f"{script} {path}"] = figures
        results["load_average"] = done["load_average"]
    return results


def _serve(
    command: list[str], code: Path, env: dict[str, str], port: int, paths: list[str],
    runs: int, expand_too: bool,
) -> dict[str, Any]:  # fmt: skip
    explorer = subprocess.Popen(
        command, cwd=code, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
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
        results = measure(url, runs, paths, expand_too)
        results["load_average"] = {"before": load_before, "after": os.getloadavg()}
        print(f"load average before {load_before[0]:.2f}, after {os.getloadavg()[0]:.2f}")
    finally:
        os.killpg(explorer.pid, signal.SIGTERM)
        explorer.wait(timeout=30)
    return results


def commit_of(code: Path) -> str:
    done = subprocess.run(
        ["git", "-C", str(code), "rev-parse", "--short", "HEAD"], capture_output=True, text=True
    )
    return done.stdout.strip() or "?"


def _warm(page: dict[str, Any]) -> float:
    return float(statistics.median(page["warm_s"]))


def markdown(results: dict[str, Any], apptest: dict[str, dict[str, Any]]) -> str:
    """The "Pages in a browser" section: per size, each page cold / warm (and the baseline's
    figures and the ratio when there is one), the AppTest warm rerun beside them."""
    lines = [
        SECTION,
        "",
        f"Chromium (Playwright, Debian's chromium), navigation start → Streamlit idle; cold: the"
        f" first visit after the server started, warm: median of {results['runs']} visits."
        f" Targets: warm ≤ {TARGETS['warm_s']:.0f} s, cold ≤ {TARGETS['cold_s']:.0f} s, graph"
        f" expand ≤ {TARGETS['expand_s']:.0f} s. Measured {results['when']}; code"
        f" {results['commit']}"
        + (f", baseline {results['baseline_commit']}" if results.get("baseline_commit") else "")
        + ". `bench/pages.py` writes this section.",
        "",
        "Idle is detected, not waited for: the first moment the page's script state is"
        " `notRunning` with the main area holding content, confirmed 50 ms later (polled every"
        " 25 ms); the 50 ms are not counted.",
        "",
    ]
    floor = results.get("floor")
    if floor:
        load = floor["load_average"]["before"][0]
        lines += [
            f"### floor: bare Streamlit pages (load average {load:.2f} before the run)",
            "",
            "The same Streamlit, flags, browser and idle detection on `bench/floor/hello.py`"
            " (a title and a line) and `bench/floor/shell.py` (the explorer's navigation,"
            " sidebar toggle and 5 s fragment around a one-line page): no change of ours can"
            " make a page faster than these.",
            "",
            "| page | cold s | warm s |",
            "|---|---:|---:|",
        ]
        for path, page in floor["pages"].items():
            lines.append(f"| `{path}` | {page['cold_s']:.2f} | {_warm(page):.2f} |")
        lines.append("")
    for size, variants in results["sizes"].items():
        after = variants["current"]
        before = variants.get("baseline")
        head = "| page | cold s | warm s |"
        rule = "|---|---:|---:|"
        if before:
            head += " baseline cold s | baseline warm s | warm before ÷ after |"
            rule += "---:|---:|---:|"
        head += " AppTest warm s |"
        rule += "---:|"
        load = after["load_average"]["before"][0]
        lines += [f"### {size} (load average {load:.2f} before the run)", "", head, rule]
        for path, page in after["pages"].items():
            warm = _warm(page)
            flag = " ✗" if warm > TARGETS["warm_s"] else ""
            cold_flag = " ✗" if page["cold_s"] > TARGETS["cold_s"] else ""
            row = f"| `{path}` | {page['cold_s']:.2f}{cold_flag} | {warm:.2f}{flag} |"
            if before:
                old = before["pages"].get(path)
                if old is None:
                    row += " — | — | — |"
                else:
                    row += f" {old['cold_s']:.2f} | {_warm(old):.2f} | ×{_warm(old) / warm:.2f} |"
            name = APPTEST_PAGE.get(path, path.split("?")[0].strip("/"))
            at = apptest.get(size, {}).get(name)
            row += f" {at['warm_s']:.2f} |" if at else " — |"
            lines.append(row)
        if after["graph_expand_s"]:
            expand = float(statistics.median(after["graph_expand_s"]))
            flag = " ✗" if expand > TARGETS["expand_s"] else ""
            row = f"| graph expand | | {expand:.2f}{flag} |"
        else:
            expand, row = 0.0, "| graph expand | | not measured |"
        if before:
            old_expand = float(statistics.median(before["graph_expand_s"] or [0.0]))
            ratio = f"×{old_expand / expand:.2f}" if old_expand and expand else "—"
            row += f" | {old_expand:.2f} | {ratio} |" if old_expand else " | — | — |"
        lines += [row + " |", ""]
    lines += ["✗: above the target.", ""]
    return "\n".join(lines)


def write_section(latest: Path, section: str) -> None:
    """Put ``section`` into ``latest`` in place of its old one (else at the end)."""
    text = latest.read_text(encoding="utf-8") if latest.is_file() else ""
    start = text.find(SECTION)
    if start < 0:
        text = text.rstrip("\n") + "\n\n" + section
    else:
        end = text.find("\n## ", start + len(SECTION))
        text = text[:start] + section + (text[end + 1 :] if end >= 0 else "")
    latest.write_text(text, encoding="utf-8")


def apptest_pages(out: Path) -> dict[str, dict[str, Any]]:
    """The AppTest page figures bench/run.py recorded, by size (none when it has not run)."""
    path = out / "latest.json"
    if not path.is_file():
        return {}
    sizes = json.loads(path.read_text(encoding="utf-8")).get("sizes", [])
    return {s["size"]: s.get("pages", {}) for s in sizes}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="source", help="comma-separated: source,1m")
    parser.add_argument(
        "--data-dir", action="append", default=[], metavar="SIZE=DIR",
        help="an already loaded data directory for a size (default: load or synthesise)",
    )  # fmt: skip
    parser.add_argument("--baseline", type=Path, help="another checkout, measured first")
    parser.add_argument("--runs", type=int, default=3, help="warm visits per page")
    parser.add_argument(
        "--pages", help="comma-separated paths to time instead of all ('' for the expand only)"
    )
    parser.add_argument(
        "--floor", action="store_true",
        help="first time bare Streamlit pages (bench/floor/), the floor no page can beat",
    )  # fmt: skip
    parser.add_argument("--out", type=Path, help="write pages.json and latest.md's section")
    options = parser.parse_args()
    given = dict(item.split("=", 1) for item in options.data_dir)
    if options.pages is not None:
        PAGES[:] = [path for path in options.pages.split(",") if path]
    results: dict[str, Any] = {
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "runs": options.runs,
        "commit": commit_of(REPO),
        "sizes": {},
    }
    if options.baseline is not None:
        results["baseline_commit"] = commit_of(options.baseline)
    if options.floor:
        results["floor"] = floor_and_measure(options.runs)
    for size in options.sizes.split(","):
        with tempfile.TemporaryDirectory(prefix="metrokg-bench-pages-") as scratch:
            data_dir = Path(given[size]) if size in given else Path(scratch) / "data"
            if size not in given:
                scale = SIZES[size]
                if scale is None:
                    metrokg("load", "--data-dir", str(data_dir), data_dir=data_dir)
                else:  # synth refuses the default data directory: point the default elsewhere
                    metrokg("synth", "--scale", str(scale), "--data-dir", str(data_dir),
                            data_dir=data_dir, env_dir=Path(scratch) / "default")  # fmt: skip
            variants: dict[str, Any] = {}
            try:
                if options.baseline is not None:
                    print(f"[{size}] baseline {options.baseline}", flush=True)
                    forget_derived(data_dir)
                    variants["baseline"] = serve_and_measure(
                        options.baseline, data_dir, options.runs
                    )
                print(f"[{size}] this checkout", flush=True)
                forget_derived(data_dir)
                variants["current"] = serve_and_measure(REPO, data_dir, options.runs)
            finally:
                if size not in given:
                    metrokg("graph", "stop", "--data-dir", str(data_dir), data_dir=data_dir)
            results["sizes"][size] = variants
            if options.out is not None:  # after each size: a later failure keeps what was done
                options.out.mkdir(parents=True, exist_ok=True)
                (options.out / "pages.json").write_text(json.dumps(results, indent=1) + "\n")
                section = markdown(results, apptest_pages(options.out))
                write_section(options.out / "latest.md", section)
                print(section)


if __name__ == "__main__":
    main()
