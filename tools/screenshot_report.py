"""Screenshots of an audit report for docs/audits.md, taken in headless Chromium.

    python tools/screenshot_report.py docs/northwind-audit/report.html docs/northwind-audit

writes ``overview.png`` (the top of the page) and ``process.png`` (the first
process: its RACI matrix and flow). Needs Playwright and a Chromium on PATH
(Debian: ``apt-get install chromium``); nothing is downloaded.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path)
    parser.add_argument("folder", type=Path)
    args = parser.parse_args()
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        print("screenshot_report: no chromium on PATH", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=ARGS)
        page = browser.new_page(viewport={"width": 1280, "height": 800})
        page.goto(args.report.resolve().as_uri(), wait_until="load")
        page.screenshot(path=str(args.folder / "overview.png"))
        page.locator("#processes h3").first.scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, document.querySelector('#processes h3').getBoundingClientRect().top - 50)")
        page.screenshot(path=str(args.folder / "process.png"))
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
