"""Real headless Chromium (Debian's package) driven by Playwright, against the real front door."""
from __future__ import annotations

import asyncio
import contextlib
import shutil
import subprocess
from pathlib import Path
from typing import AsyncIterator, Set

import pytest
from playwright.async_api import Browser, Page, async_playwright, expect

from tests.conftest import ROOT
from tests.handoff.conftest import AGENT_PASSWORD

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "results" / "screenshots"
AXE = ROOT / "web" / "node_modules" / "axe-core" / "axe.min.js"
# Without these, Chromium keeps trying to reach Google's services, which this network refuses.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
        # Pages served to a test through request interception count as public; allow loopback sockets.
        "--disable-features=LocalNetworkAccessChecks,LocalNetworkAccessChecksWebSockets"]


@pytest.fixture(scope="session", autouse=True)
def built_pages() -> None:
    """The widget and console bundles, rebuilt when their sources changed (as `make web` does)."""
    subprocess.run([str(ROOT / "scripts" / "ensure-web")], check=True)


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail("chromium is not installed: run `make test` (scripts/ensure-chromium installs it)")
    async with async_playwright() as playwright:
        launched = await playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield launched
        await launched.close()


async def new_page(browser: Browser, width: int = 1280, height: int = 800, bypass_csp: bool = False,
                   locale: str | None = None) -> Page:
    """A page in a fresh context (own cookies and session storage) that records JS errors in
    ``page.errors``. ``bypass_csp`` lets tests inject axe-core into pages with a strict CSP; ``locale``
    sets the browser's language (``navigator.languages``, Accept-Language), e.g. ``"de-DE"``."""
    context = await browser.new_context(viewport={"width": width, "height": height}, bypass_csp=bypass_csp,
                                        **({"locale": locale} if locale else {}))
    page = await context.new_page()
    page.errors = []
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.on("console", lambda message: page.errors.append(message.text)
            if message.type == "error" else None)
    return page


async def studio_page(browser: Browser, url: str, path: str, username: str) -> Page:
    """A studio page (``path``, e.g. ``/studio/models``) in a fresh 1366x900 context after ``username``
    logged in there with the tests' password; axe-core can be injected (CSP bypassed). Waits until the
    login form is gone."""
    page = await new_page(browser, 1366, 900, bypass_csp=True)
    await page.goto(f"{url}{path}")
    await page.get_by_label("Username").fill(username)
    await page.get_by_label("Password").fill(AGENT_PASSWORD)
    await page.get_by_role("button", name="Log in").click()
    await expect(page.locator("#login-view")).to_be_hidden()
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


class TcpProxy:
    """A TCP proxy between the browser and the front door that a test can cut, like a network drop:
    ``cut()`` resets every open connection (the browser sees its WebSocket die at once) and refuses new
    ones until ``restore()``. Pages opened at ``url`` load and connect through it; the front door sees
    the same Host and Origin as without it."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.up = True
        self.transports: Set[asyncio.Transport] = set()
        self.server: asyncio.AbstractServer | None = None
        self.url = ""

    async def start(self) -> "TcpProxy":
        self.server = await asyncio.start_server(self._accept, "127.0.0.1", 0)
        self.url = f"http://127.0.0.1:{self.server.sockets[0].getsockname()[1]}"
        return self

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if not self.up:
            writer.transport.abort()
            return
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        except OSError:
            writer.transport.abort()
            return
        pair = {writer.transport, upstream_writer.transport}
        self.transports |= pair
        await asyncio.gather(self._pipe(reader, upstream_writer), self._pipe(upstream_reader, writer))
        self.transports -= pair

    @staticmethod
    async def _pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with contextlib.suppress(ConnectionError, OSError):
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        writer.transport.abort()

    def cut(self) -> None:
        """Drop the network: reset every connection, refuse new ones."""
        self.up = False
        for transport in list(self.transports):
            transport.abort()

    def restore(self) -> None:
        """The network is back: new connections go through again."""
        self.up = True

    async def close(self) -> None:
        self.cut()
        self.server.close()
        await self.server.wait_closed()


@pytest.fixture
async def proxy_factory() -> AsyncIterator:
    """``await proxy_factory(server_url)``: a started TcpProxy to that front door, closed after the test."""
    proxies = []

    async def make(url: str) -> TcpProxy:
        proxy = await TcpProxy(int(url.rsplit(":", 1)[1])).start()
        proxies.append(proxy)
        return proxy

    yield make
    for proxy in proxies:
        await proxy.close()
