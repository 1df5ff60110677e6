"""Waiting for a person in real Chromium on a 360 px phone: one message per situation, updated live
when an agent comes online; the view follows an agent's reply, or a pill counts it when the customer
scrolled up; the agent's name survives a reload."""
from __future__ import annotations

from playwright.async_api import Page, expect

from tests.handoff.web.conftest import new_page, screenshot
from tests.handoff.web.test_pages import agent_logs_in, customer_says, messages, open_widget


def waiting_messages(page: Page):
    return page.locator("#breach-chat-log .bc-msg[data-waiting]:visible")


async def in_view(page: Page, locator) -> bool:
    """True when the element's first lines are inside the visible part of the message log."""
    log = await page.locator("#breach-chat-log").bounding_box()
    box = await locator.bounding_box()
    return box is not None and box["y"] >= log["y"] - 1 and box["y"] + min(box["height"], 40) <= log["y"] + log["height"] + 1


async def comes_into_view(page: Page, locator, seconds: float = 10) -> bool:
    """Wait (polling every 0.1 s) until the element is in view; False when it never is."""
    for _ in range(int(seconds * 10)):
        if await in_view(page, locator):
            return True
        await page.wait_for_timeout(100)
    return False


async def test_one_waiting_message_per_situation_updated_live_and_the_view_follows_on_a_phone(
        front_door_sqlite, browser):
    url = front_door_sqlite.url
    await front_door_sqlite.create_agent("jana", "Jana")
    customer = await new_page(browser, 360, 740)
    await open_widget(customer, url)
    for question in ("what happened?", "what data did they get?", "what should I do now?"):
        before = await messages(customer, "bot").count()
        await customer_says(customer, question)
        await expect(messages(customer, "bot")).not_to_have_count(before, timeout=30_000)

    # Nobody is available: one message says so, with the choices; nothing contradicts it.
    await customer_says(customer, "I want to talk to a person")
    status = customer.locator("#breach-chat-status")
    await expect(status).to_have_attribute("data-state", "waiting", timeout=30_000)
    await expect(waiting_messages(customer)).to_have_count(1, timeout=30_000)
    nobody = customer.locator("#breach-chat-log .bc-msg[data-waiting=nobody]")
    await expect(nobody).to_be_visible()
    await expect(nobody).to_contain_text("nobody from our team is free")
    assert [await b.get_attribute("data-payload") for b in await nobody.locator("button.bc-choice").all()] == [
        "/callback", "/email", "/continue_with_bot"]
    await expect(customer.locator("#breach-chat-log .bc-msg[data-sender=system]:visible")).to_have_count(1)
    await expect(customer.locator("#breach-chat-log")).not_to_contain_text("number 1 in the queue")
    await screenshot(customer, "widget-360-waiting-nobody")

    # An agent comes online: the customer is told otherwise, live, in one message that replaces it.
    console = await new_page(browser, 1400, 900)
    await agent_logs_in(console, url, "jana")
    queued = customer.locator("#breach-chat-log .bc-msg[data-waiting=queued]")
    await expect(queued).to_be_visible(timeout=30_000)
    await expect(queued).to_contain_text("You are number 1 in the queue.")
    await expect(waiting_messages(customer)).to_have_count(1)
    await expect(nobody).to_be_hidden()
    await expect(status).to_have_attribute("data-state", "waiting")
    await screenshot(customer, "widget-360-waiting-queued")

    # The agent joins and answers: the reply comes into view on the phone.
    await console.locator("#queue [data-conversation-id] .claim").first.click()
    panel = console.locator("[role=tabpanel]:not([hidden])")
    await expect(customer.locator("#breach-chat-log")).to_contain_text("Jana from our team has joined", timeout=30_000)
    log = customer.locator("#breach-chat-log")
    assert await log.evaluate("box => box.scrollHeight > box.clientHeight")  # the log overflows the screen
    await panel.locator(".reply-text").fill("Hello, this is Jana. I have read what you wrote and I can help.")
    await panel.locator(".reply-send").click()
    reply = messages(customer, "agent").last
    await expect(reply).to_contain_text("this is Jana", timeout=30_000)
    assert await comes_into_view(customer, reply)
    await expect(customer.locator("#breach-chat-new-messages")).to_be_hidden()

    # Scrolled up to read: the next reply does not pull the view away; a pill counts it.
    box = await log.bounding_box()
    await customer.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    for _ in range(10):  # the customer wheels up to read what was said before
        await customer.mouse.wheel(0, -1000)
    await customer.wait_for_timeout(300)
    await panel.locator(".reply-text").fill("Your card number was not in the data, only its last four digits.")
    await panel.locator(".reply-send").click()
    second = messages(customer, "agent").last
    await expect(second).to_contain_text("last four digits", timeout=30_000)
    pill = customer.locator("#breach-chat-new-messages")
    await expect(pill).to_be_visible()
    await expect(pill).to_contain_text("1 new message")
    assert await log.evaluate("box => box.scrollTop") < 50  # still where the customer went
    assert not await in_view(customer, second)
    await screenshot(customer, "widget-360-new-messages-pill")
    await pill.click()
    assert await comes_into_view(customer, second)
    await expect(pill).to_be_hidden()

    # After a reload the agent keeps their name (not "Team").
    await customer.reload()
    if await customer.locator("#breach-chat-bubble").is_visible():
        await customer.locator("#breach-chat-bubble").click()
    await expect(messages(customer, "agent").first.locator(".bc-msg-label")).to_have_text("Jana (team)",
                                                                                         timeout=30_000)
    await expect(status).to_contain_text("Jana")
    assert customer.errors == []
    await customer.context.close()
    await console.context.close()
