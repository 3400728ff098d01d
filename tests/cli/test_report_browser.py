"""The audit report in a real headless Chromium: it renders, offline, without errors.

The browser is Debian's ``chromium`` (``.ci/run`` installs it), driven through
Playwright with ``executable_path`` so that nothing is downloaded. Without a
browser the tests are skipped, unless ``ITSMLINT_REQUIRE_BROWSER=1`` (set by
``.ci/run``) says they must run.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from itsmlint.cli import main

ROOT = Path(__file__).parents[2]
CHROMIUM = next((p for p in (shutil.which("chromium"), shutil.which("chromium-browser")) if p), None)
REQUIRED = os.environ.get("ITSMLINT_REQUIRE_BROWSER") == "1"
# Without these, Chromium itself phones home (updates, sync, field trials) and
# those requests would be mistaken for the page's.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-default-apps", "--disable-quic"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if CHROMIUM is None and not REQUIRED:
        pytest.skip("no chromium on PATH (apt-get install chromium)")
    assert CHROMIUM is not None, "ITSMLINT_REQUIRE_BROWSER=1 but chromium is not on PATH"
    if REQUIRED:
        from playwright.sync_api import sync_playwright
    else:
        sync_playwright = pytest.importorskip("playwright.sync_api").sync_playwright
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


def _audit(sample: str, out: Path) -> Path:
    result = CliRunner().invoke(main, ["audit", str(ROOT / "samples" / sample), "--today", "2026-11-23",
                                       "--output", str(out)])
    assert result.exit_code == 0, result.stderr
    return out / "report.html"


@pytest.mark.parametrize("sample", ["northwind", "anti-patterns"])
def test_report_renders_offline_without_errors(browser: Any, sample: str, tmp_path: Path) -> None:
    report = _audit(sample, tmp_path)
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))

    page.goto(report.as_uri(), wait_until="load")

    assert page.title() == f"Service-management audit of {(ROOT / 'samples' / sample).as_posix()}"
    chart = page.locator("#level-chart")
    assert chart.is_visible()
    box = chart.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 100
    raci = page.locator("table.raci").first
    assert raci.is_visible()
    assert raci.locator("th.party").count() >= 2 and raci.locator("td.cell").filter(has_text="A").count() >= 1
    assert page.locator("#bundle-table tr").count() > 1
    assert page.locator("#heat-inherent").is_visible() and page.locator("#heat-residual").is_visible()
    assert page.locator("figure.flow svg").first.is_visible()

    assert errors == []
    assert [u for u in requests if not u.startswith(("file://", "data:", "about:"))] == []
    # Readable on a laptop: nothing forces the page wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366

    shot = tmp_path / f"{sample}.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 20_000

    # Printed: the navigation goes, the sections stay.
    page.emulate_media(media="print")
    assert not page.locator("nav").is_visible()
    assert page.locator("#findings").is_visible()
    pdf = page.pdf(format="A4")
    assert pdf[:5] == b"%PDF-" and pdf.count(b"/Type /Page") > 3
    page.close()
