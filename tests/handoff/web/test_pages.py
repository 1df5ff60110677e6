"""The customer widget and the agent console in real headless Chromium, against the real front door
and the real Rasa: whole conversations with a handoff, reloads and network drops, hostile input,
accessibility (axe-core) and screenshots."""
from __future__ import annotations

import asyncio

from playwright.async_api import Page, expect

from tests.handoff.conftest import AGENT_PASSWORD, db_rows
from tests.handoff.web.conftest import new_page, screenshot, serious_accessibility_violations

LONG = "A" * 400


async def open_widget(page: Page, url: str) -> None:
    await page.goto(f"{url}/")
    await page.locator("#breach-chat-bubble").click()
    await expect(page.locator("#breach-chat-panel")).to_be_visible()


async def customer_says(page: Page, text: str) -> None:
    box = page.locator("#breach-chat-input")
    await box.fill(text)
    await page.locator("#breach-chat-send").click()


def messages(page: Page, sender: str):
    return page.locator(f"#breach-chat-log .bc-msg[data-sender={sender}]")


async def agent_logs_in(page: Page, url: str, username: str) -> None:
    await page.goto(f"{url}/console")
    await page.locator("#username").fill(username)
    await page.locator("#password").fill(AGENT_PASSWORD)
    await page.locator("#login-form button[type=submit], #login-submit").first.click()
    await expect(page.locator("#queue")).to_be_visible()
    availability = page.locator("#availability")
    if not await availability.is_checked():
        await page.locator("label.switch").first.click()
    await expect(availability).to_be_checked()


async def ids(locator) -> list:
    return [await item.get_attribute("data-id") for item in await locator.all()]


async def test_customers_in_both_languages_hand_off_to_the_console_and_back(front_door_sqlite, browser):
    url = front_door_sqlite.url
    await front_door_sqlite.create_agent("jana", "Jana")
    await front_door_sqlite.create_agent("mika", "Mika")
    console = await new_page(browser, 1400, 900)
    await agent_logs_in(console, url, "jana")

    for language, questions, person in (
        ("de", ["Hallo", "Was ist passiert?", "Wann war das?"], None),  # taps "talk to a person"
        ("en", ["hello", "what data did they get?", "when did it happen?"], "I want to talk to a person"),
    ):
        customer = await new_page(browser, 360, 740)
        await open_widget(customer, url)
        if language == "de":
            await customer.locator("#breach-chat-language button[data-language=de]").click()
        for question in questions:
            before = await messages(customer, "bot").count()
            await customer_says(customer, question)
            await expect(messages(customer, "bot")).not_to_have_count(before, timeout=30_000)
        plain = {"de": "Wir wissen noch nicht", "en": "We do not know yet"}[language]
        await expect(customer.locator("#breach-chat-log")).to_contain_text(plain, timeout=30_000)
        # The greeting's buttons were for then: only the latest answer's can be tapped. Its "talk to a
        # person" works like typing (in German); the English customer types the request.
        assert await customer.locator("#breach-chat-log button.bc-choice[data-payload='/am_i_affected']").first.is_disabled()
        live = customer.locator("#breach-chat-log .bc-buttons:not(.bc-answered) button.bc-choice")
        await expect(live).to_have_count(1)
        if language == "de":
            await live.click()
            await expect(messages(customer, "customer").last).to_contain_text("Mit einem Menschen sprechen")
        else:
            await customer_says(customer, person)
        await expect(customer.locator("#breach-chat-status")).to_have_attribute("data-state", "waiting", timeout=30_000)
        # The console shows the chat in the queue (in front of the agent, so the title counts nothing:
        # test_console_queue.py tests the counter).
        item = console.locator("#queue [data-conversation-id]").first
        await expect(item).to_be_visible(timeout=30_000)
        assert not (await console.title()).startswith("(")
        conversation_id = await item.get_attribute("data-conversation-id")

        # A second agent, whose queue still shows the chat, is told it is taken when the first was
        # quicker. Their queue is frozen (socket held back, queue answers replayed) so that it cannot
        # refresh between the two clicks.
        rival = await new_page(browser, 1400, 900)
        await rival.route("**/socket.io/**", lambda route: route.abort())
        await agent_logs_in(rival, url, "mika")
        rival_claim = rival.locator(f"#queue [data-conversation-id='{conversation_id}'] .claim")
        await expect(rival_claim).to_be_visible(timeout=30_000)
        snapshot = await (await rival.request.get(f"{url}/console/api/queue")).json()
        await rival.route("**/console/api/queue", lambda route: route.fulfill(json=snapshot))
        await item.locator(".claim").click()
        panel = console.locator("[role=tabpanel]:not([hidden])")
        await expect(panel.locator(".handoff-reason")).to_contain_text("person", ignore_case=True)
        await rival_claim.click()
        await expect(rival.locator("#notice")).to_contain_text("already taken")
        await rival.context.close()

        await expect(panel.locator(".transcript [data-sender=customer]").first).to_contain_text(questions[0])
        await expect(panel.locator(".intent-guesses")).not_to_be_empty()
        reply = {"de": "Guten Tag, hier ist Jana.", "en": "Hello, this is Jana."}[language]
        await panel.locator(".reply-text").fill(reply)
        await panel.locator(".reply-send").click()
        await expect(messages(customer, "agent").last).to_contain_text(reply, timeout=30_000)
        await expect(customer.locator("#breach-chat-status")).to_have_attribute("data-state", "agent")
        if language == "en":
            await screenshot(console, "console")

        await panel.locator(".hand-back").click()
        await panel.locator(".confirm-yes").click()
        await expect(customer.locator("#breach-chat-status")).to_have_attribute("data-state", "bot", timeout=30_000)
        greeting = {"de": "Chat-Assistent", "en": "chat assistant"}[language]
        await expect(messages(customer, "bot").last).to_contain_text(greeting, timeout=30_000)
        assert customer.errors == []
        await screenshot(customer, f"widget-360-{language}")
        await customer.context.close()
    assert console.errors == [] or all("401" in error or "409" in error for error in console.errors)
    await console.context.close()


async def stored_count(server, text: str) -> int:
    rows = await db_rows(server.settings.database_url, "SELECT text FROM messages WHERE sender='customer'")
    return [row["text"] for row in rows].count(text)


async def test_reload_and_network_drop_lose_and_duplicate_nothing(front_door_sqlite, browser, proxy_factory):
    url = front_door_sqlite.url
    await front_door_sqlite.create_agent("nora", "Nora")
    # Customer and agent reach the front door through proxies the test can cut: a real network drop
    # (Playwright's offline mode leaves open WebSockets alone).
    customer_net = await proxy_factory(url)
    agent_net = await proxy_factory(url)
    customer = await new_page(browser)
    await open_widget(customer, customer_net.url)
    await customer_says(customer, "hello")
    await expect(messages(customer, "bot")).not_to_have_count(0, timeout=30_000)
    await customer_says(customer, "I want to talk to a person")
    await expect(customer.locator("#breach-chat-status")).to_have_attribute("data-state", "waiting", timeout=30_000)

    console = await new_page(browser, 1400, 900)
    await agent_logs_in(console, agent_net.url, "nora")
    await console.locator("#queue [data-conversation-id] .claim").first.click()
    panel = console.locator("[role=tabpanel]:not([hidden])")
    await expect(panel.locator(".reply-text")).to_be_visible()
    await expect(console.locator("#connection")).to_have_attribute("data-state", "live")

    # Customer's network drops: the widget says so, the message waits (nothing reaches the server)
    # and is sent once, with its id, when the network is back.
    customer_net.cut()
    connection = customer.locator("#breach-chat-connection")
    await expect(connection).to_be_visible(timeout=10_000)
    await expect(connection).to_contain_text("Connection lost")
    await customer_says(customer, "sent while offline")
    await expect(messages(customer, "customer").last).to_have_attribute("data-state", "queued")
    await asyncio.sleep(2)
    assert await stored_count(front_door_sqlite, "sent while offline") == 0
    customer_net.restore()
    await expect(connection).to_be_hidden(timeout=30_000)
    await expect(messages(customer, "customer").last).to_have_attribute("data-state", "sent", timeout=30_000)
    await expect(panel.locator(".transcript [data-sender=customer]").last).to_contain_text("sent while offline",
                                                                                           timeout=30_000)
    # Agent's network drops: a message the customer sends meanwhile shows once after reconnecting.
    agent_net.cut()
    await expect(console.locator("#connection")).to_have_attribute("data-state", "down", timeout=10_000)
    await customer_says(customer, "while the agent was offline")
    await expect(messages(customer, "customer").last).to_have_attribute("data-state", "sent", timeout=30_000)
    await asyncio.sleep(1)
    await expect(panel.locator(".transcript")).not_to_contain_text("while the agent was offline")
    agent_net.restore()
    await expect(console.locator("#connection")).to_have_attribute("data-state", "live", timeout=30_000)
    await expect(panel.locator(".transcript [data-sender=customer]").last).to_contain_text(
        "while the agent was offline", timeout=30_000)

    # Both reload: the same messages, each once, in order.
    await customer.reload()
    if await customer.locator("#breach-chat-bubble").is_visible():
        await customer.locator("#breach-chat-bubble").click()
    await console.reload()
    panel = console.locator("[role=tabpanel]:not([hidden])")
    await expect(panel.locator(".transcript [data-sender=customer]").last).to_contain_text("while the agent was offline",
                                                                                           timeout=30_000)
    stored = await db_rows(front_door_sqlite.settings.database_url, "SELECT seq FROM messages ORDER BY seq")
    expected = [str(row["seq"]) for row in stored]
    await expect(customer.locator("#breach-chat-log .bc-msg[data-id]")).to_have_count(len(expected), timeout=30_000)
    assert await ids(customer.locator("#breach-chat-log .bc-msg[data-id]")) == expected
    assert await ids(panel.locator(".transcript [data-id]")) == expected
    assert await stored_count(front_door_sqlite, "sent while offline") == 1
    assert await stored_count(front_door_sqlite, "while the agent was offline") == 1
    await customer.context.close()
    await console.context.close()


async def test_hostile_and_long_messages_render_as_text(front_door_sqlite, browser):
    url = front_door_sqlite.url
    customer = await new_page(browser, 360, 740)
    dialogs = []
    customer.on("dialog", lambda dialog: dialogs.append(dialog.message))
    await open_widget(customer, url)
    await customer_says(customer, "<img src=x onerror=alert(1)>")
    await customer_says(customer, LONG)
    await expect(messages(customer, "customer")).to_have_count(2)
    await expect(messages(customer, "customer").first).to_contain_text("<img src=x onerror=alert(1)>")
    assert await customer.locator("#breach-chat-log img").count() == 0
    box = await messages(customer, "customer").last.bounding_box()
    assert box["x"] + box["width"] <= 360  # the unbroken string wraps inside a phone screen
    await asyncio.sleep(1)
    assert dialogs == []
    await customer.context.close()


async def test_widget_and_console_have_no_serious_accessibility_violations(front_door_sqlite, browser):
    url = front_door_sqlite.url
    await front_door_sqlite.create_agent("otto", "Otto")
    customer = await new_page(browser, bypass_csp=True)
    await open_widget(customer, url)
    await customer_says(customer, "what happened?")
    await expect(messages(customer, "bot")).not_to_have_count(0, timeout=30_000)
    await screenshot(customer, "widget-desktop")
    assert await serious_accessibility_violations(customer) == []
    await customer_says(customer, "I want to talk to a person")
    await expect(customer.locator("#breach-chat-status")).to_have_attribute("data-state", "waiting", timeout=30_000)

    console = await new_page(browser, 1400, 900, bypass_csp=True)
    await console.goto(f"{url}/console")
    assert await serious_accessibility_violations(console) == []  # the login form
    await agent_logs_in(console, url, "otto")
    await console.locator("#queue [data-conversation-id] .claim").first.click()
    await expect(console.locator("[role=tabpanel]:not([hidden]) .reply-text")).to_be_visible()
    assert await serious_accessibility_violations(console) == []
    await customer.context.close()
    await console.context.close()


async def test_customer_page_never_opens_the_console_api(front_door_sqlite, browser):
    customer = await new_page(browser)
    await open_widget(customer, front_door_sqlite.url)
    status = await customer.evaluate("async () => (await fetch('/console/api/queue')).status")
    assert status == 401
    await customer.context.close()


async def test_redacted_data_shows_as_translated_tags_and_replies_get_links(front_door_sqlite, browser):
    url = front_door_sqlite.url
    await front_door_sqlite.create_agent("lena", "Lena")
    customer = await new_page(browser, 360, 740)
    await open_widget(customer, url)
    await customer.locator("#breach-chat-language button[data-language=de]").click()
    # The bot's contact answers: the web address, e-mail address and phone number in them become links.
    await customer_says(customer, "Wie erreiche ich den Datenschutzbeauftragten?")
    log = customer.locator("#breach-chat-log")
    mail = log.locator("a[href='mailto:datenschutz@kiebitz-apotheke.example.de']")
    await expect(mail).to_have_count(1, timeout=30_000)
    await expect(mail).to_have_text("datenschutz@kiebitz-apotheke.example.de")
    await expect(log.locator("a[href='tel:+494000007700']")).to_have_text("+49 40 0000 7700", timeout=30_000)
    web_page = log.locator("a[href='https://kiebitz-apotheke.example.de/datenleck']")
    await expect(web_page).to_have_count(1, timeout=30_000)
    assert await web_page.get_attribute("rel") == "noopener noreferrer"
    await customer_says(customer, "Meine IBAN ist DE89 3704 0044 0532 0130 00")
    await expect(messages(customer, "customer").last).to_have_attribute("data-state", "sent", timeout=30_000)
    await customer_says(customer, "Ich möchte mit einem Menschen sprechen")
    await expect(customer.locator("#breach-chat-status")).to_have_attribute("data-state", "waiting", timeout=30_000)

    # The agent sees the stored (redacted) text as readable tags, never as <IBAN>.
    console = await new_page(browser, 1400, 900)
    await agent_logs_in(console, url, "lena")
    await console.locator("#queue [data-conversation-id] .claim").first.click()
    panel = console.locator("[role=tabpanel]:not([hidden])")
    iban = panel.locator(".transcript .placeholder[data-kind=IBAN]")
    await expect(iban).to_have_text("[IBAN removed]")
    await expect(panel.locator(".transcript")).not_to_contain_text("<IBAN>")
    # A reply with a web address, the hotline's number (the company's own contact data is not
    # redacted in agent replies) and a placeholder of a kind the contract does not know.
    await panel.locator(".reply-text").fill("Siehe https://example.org/hilfe oder +49 40 0000 7700. <NEW_KIND>")
    await panel.locator(".reply-send").click()
    answer = messages(customer, "agent").last
    await expect(answer.locator("a[href='https://example.org/hilfe']")).to_have_count(1, timeout=30_000)
    await expect(answer.locator("a[href='tel:+494000007700']")).to_have_text("+49 40 0000 7700")
    await expect(answer.locator(".bc-redacted[data-kind=NEW_KIND]")).to_have_text("[entfernt]")
    await expect(panel.locator(".transcript .placeholder[data-kind=NEW_KIND]").last).to_have_text("[removed]")

    # After a reload the customer's own message comes from the server, redacted, as a German tag.
    await customer.reload()
    if await customer.locator("#breach-chat-bubble").is_visible():
        await customer.locator("#breach-chat-bubble").click()
    own = customer.locator("#breach-chat-log .bc-redacted[data-kind=IBAN]")
    await expect(own).to_have_text("[IBAN entfernt]", timeout=30_000)
    await expect(customer.locator("#breach-chat-log")).not_to_contain_text("<IBAN>")
    assert customer.errors == []
    await customer.context.close()
    await console.context.close()


async def test_console_speaks_german_when_chosen(front_door_sqlite, browser):
    console = await new_page(browser, 1400, 900)
    await console.goto(f"{front_door_sqlite.url}/console")
    await expect(console.locator("#login-submit")).to_have_text("Log in")
    await console.locator("#console-language").select_option("de")
    await expect(console.locator("#login-submit")).to_have_text("Anmelden")
    assert await console.locator("html").get_attribute("lang") == "de"
    await console.context.close()


async def test_chat_covering_a_phone_screen_keeps_the_focus_inside(front_door_sqlite, browser):
    customer = await new_page(browser, 360, 740)
    await open_widget(customer, front_door_sqlite.url)
    panel = customer.locator("#breach-chat-panel")
    await expect(panel).to_have_attribute("aria-modal", "true")
    inside = "() => document.getElementById('breach-chat-panel').contains(document.activeElement)"
    for key in ["Tab"] * 12 + ["Shift+Tab"] * 12:
        await customer.keyboard.press(key)
        assert await customer.evaluate(inside), key
    await customer.keyboard.press("Escape")
    await expect(panel).to_be_hidden()
    assert await customer.evaluate("() => document.activeElement.id") == "breach-chat-bubble"
    await customer.context.close()
