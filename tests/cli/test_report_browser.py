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
from helpers import git, low_process_repo

from itsmlint.cli import main

# Spawns processes (or a browser): left out of the fast suite, pytest -m 'not e2e'.
pytestmark = pytest.mark.e2e

ROOT = Path(__file__).parents[2]
CHROMIUM = next((p for p in (shutil.which("chromium"), shutil.which("chromium-browser")) if p), None)
REQUIRED = os.environ.get("ITSMLINT_REQUIRE_BROWSER") == "1"
# Without these, Chromium itself phones home (updates, sync, field trials) and
# those requests would be mistaken for the page's.
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-default-apps",
    "--disable-quic",
]


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
    result = CliRunner().invoke(
        main, ["audit", str(ROOT / "samples" / sample), "--today", "2026-11-23", "--output", str(out)]
    )
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

    # In a git work tree the title names the path from its top; elsewhere, the path as given.
    assert page.title().startswith("Service-management audit of ") and page.title().endswith(f"samples/{sample}")
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


def test_headline_and_provenance_of_a_repository_with_a_low_process(
    browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = low_process_repo(tmp_path)
    commit = git(repo, "rev-parse", "HEAD").strip()
    monkeypatch.chdir(repo)
    result = CliRunner().invoke(
        main, ["audit", "governance", "--today", "2026-11-23", "--output", str(tmp_path / "out")]
    )
    assert result.exit_code == 0, result.stderr
    page = browser.new_page(viewport={"width": 1366, "height": 768})
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto((tmp_path / "out" / "report.html").as_uri(), wait_until="load")
    assert page.title() == "Service-management audit of governance"

    # The headline: the weakest of all bundles (a process at L1), the critical figure beside it, both labelled.
    level = page.locator("#headline-level")
    assert level.is_visible()
    assert level.inner_text().startswith("L1 Initial")
    assert "organisation level: the weakest of all 10 bundles" in level.inner_text()
    critical = page.locator("#headline-critical")
    assert critical.is_visible() and critical.inner_text().startswith("L5 Business-aligned")
    assert "critical-bundles level: the weakest of the 3 bundles marked criticality: high" in critical.inner_text()
    assert "toward L2: 1 of" in page.locator("#headline-weakest").inner_text()
    scope = page.locator("#headline-scope").inner_text()
    assert "weakest of all 10 bundles (4 processes, 3 services" in scope
    assert "service:customer-portal, service:email, service:erp" in scope
    # the level card sits beside the critical one, on the first screen
    for card in (level, critical):
        box = card.bounding_box()
        assert box is not None and box["y"] < 768

    # How it was produced: visible, with the commit, the switched-off and re-graded rules and the command.
    page.locator("#provenance").scroll_into_view_if_needed()
    facts = {
        row.locator("th").inner_text(): row.locator("td").inner_text()
        for row in page.locator("#provenance-table tr").all()
    }
    assert page.locator("#provenance-table").is_visible()
    assert facts["Rules switched off"] == "RACI003"
    assert facts["Rules re-graded"] == "GOV001: warning → error"
    assert facts["Configuration files"] == "governance/.itsmlint.yaml"
    assert facts["Git"].startswith(f"{commit} on branch main") and "clean" in facts["Git"]
    assert facts["To reproduce"].startswith("itsmlint audit governance --today 2026-11-23")
    assert f"commit {commit[:12]} (clean)" in page.locator("header.top").inner_text()
    assert errors == []
    page.close()
