"""Real headless Chromium (Debian's package) driven by Playwright, against the real front door."""
from __future__ import annotations

import shutil
from pathlib import Path
from typing import AsyncIterator

import pytest
from playwright.async_api import Browser, Page, async_playwright

from tests.conftest import ROOT

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "results" / "screenshots"
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
# Without these, Chromium keeps trying to reach Google's services, which this network refuses.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
        # Pages served to a test through request interception count as public; allow loopback sockets.
        "--disable-features=LocalNetworkAccessChecks,LocalNetworkAccessChecksWebSockets"]


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is not installed: run `make test` (scripts/ensure-chromium installs it)")
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield launched
        await launched.close()


async def new_page(browser: Browser, width: int = 1280, height: int = 800, bypass_csp: bool = False) -> Page:
    """A page in a fresh context (own cookies and session storage) that records JS errors in
    ``page.errors``. ``bypass_csp`` lets tests inject axe-core into pages with a strict CSP."""
    context = await browser.new_context(viewport={"width": width, "height": height}, bypass_csp=bypass_csp)
    page = await context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda message: page.errors.append(message.text)
            if message.type == "error" else None)
    return page


async def serious_accessibility_violations(page: Page) -> list:
    """axe-core's violations of impact serious or critical on ``page``."""
    await page.add_script_tag(path=str(AXE))
    result = await page.evaluate("async () => await axe.run(document)")
    return [{"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in result["violations"] if v["impact"] in ("serious", "critical")]


async def screenshot(page: Page, name: str) -> Path:
    """Save a screenshot as a test artifact (results/screenshots/)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    await page.screenshot(path=str(path), full_page=False)
    return path
