"""The published rasa-webchat widget (npm) holds a conversation with the front door, handoff included.

This proves the protocol compatibility the front door promises: it speaks Rasa's socketio events.
"""
from __future__ import annotations

from playwright.async_api import Route, expect

from tests.conftest import ROOT
from tests.handoff.conftest import logged_in_agent
from tests.handoff.web.conftest import new_page

WEBCHAT = ROOT / "web" / "node_modules" / "rasa-webchat" / "lib" / "index.js"
PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8"><title>rasa-webchat</title></head>
<body><div id="webchat"></div><script src="/rasa-webchat-test/index.js"></script>
<script>
WebChat.default({selector: "#webchat", socketUrl: location.origin, socketPath: "/socket.io/",
  initPayload: "hello", customData: {language: "en"}, title: "Compatibility", embedded: true,
  params: {storage: "session"}}, null);
</script></body></html>"""


async def test_rasa_webchat_holds_a_conversation_with_a_handoff(front_door_sqlite, browser):
    agent = await logged_in_agent(front_door_sqlite, "webchat-agent")
    page = await new_page(browser)

    # The test page is served under the front door's own origin (as a company would embed it).
    async def serve(route: Route) -> None:
        if route.request.url.endswith("/index.js"):
            await route.fulfill(path=str(WEBCHAT), content_type="application/javascript")
        else:
            await route.fulfill(body=PAGE, content_type="text/html")

    await page.route(f"{front_door_sqlite.url}/rasa-webchat-test/**", serve)
    await page.goto(f"{front_door_sqlite.url}/rasa-webchat-test/")
    messages = page.locator(".rw-messages-container")
    await expect(messages).to_contain_text("chat assistant", timeout=30_000)  # the bot greets

    composer = page.locator(".rw-new-message")
    await composer.fill("what happened?")
    await composer.press("Enter")
    await expect(messages).to_contain_text("logged into some customer accounts", timeout=30_000)

    await composer.fill("I want to talk to a real person")
    await composer.press("Enter")
    conversation_id = (await agent.wait_for("handoff.requested"))["conversation_id"]
    assert (await agent.post(f"/conversations/{conversation_id}/claim")).status == 200
    assert (await agent.post(f"/conversations/{conversation_id}/messages",
                             {"text": "Hello from a real person"})).status == 200
    await expect(messages).to_contain_text("Hello from a real person", timeout=30_000)
    await page.context.close()
    await agent.close()
