"""The pages' CSP (``connect-src 'self'``) in real Chromium: a socket to this host opens, a socket
to any other host is blocked (finding 5)."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]
PROBE = """async (url) => await new Promise((resolve) => {
  let violated = false;
  document.addEventListener("securitypolicyviolation", () => { violated = true; });
  let socket;
  try { socket = new WebSocket(url); } catch (error) { resolve("blocked: " + error.name); return; }
  socket.onopen = () => { socket.close(); resolve(violated ? "blocked" : "open"); };
  socket.onerror = () => resolve(violated ? "blocked" : "error");
  setTimeout(() => resolve(violated ? "blocked" : "timeout"), 8000);
})"""


async def test_chromium_lets_the_console_open_sockets_to_its_own_host_only(door):
    playwright_api = pytest.importorskip("playwright.async_api")
    if not Path(CHROMIUM).exists():
        pytest.skip("chromium is not installed (scripts/ensure-chromium)")
    async with playwright_api.async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        page = await (await browser.new_context()).new_page()
        await page.goto(f"{door.url}/console")
        own = door.url.replace("http://", "ws://") + "/socket.io/?EIO=4&transport=websocket"
        # The same server under another name is another host for the CSP.
        other = own.replace("127.0.0.1", "localhost")
        own_result, other_result = await page.evaluate(PROBE, own), await page.evaluate(PROBE, other)
        await browser.close()
    assert own_result == "open"
    assert other_result.startswith("blocked")
