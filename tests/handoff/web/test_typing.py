"""Typing indicators both ways in real Chromium: the customer's typing shows in the agent's open
chat, the agent's in the widget; each stops when the message arrives or a few seconds after the
typing stopped, and a message sent to a person shows no dots of a bot that will not answer."""
from __future__ import annotations

from playwright.async_api import expect

from tests.handoff.web.conftest import new_page, screenshot
from tests.handoff.web.test_pages import agent_logs_in, customer_says, messages, open_widget


async def test_typing_indicators_appear_and_stop(front_door_sqlite, browser):
    url = front_door_sqlite.url
    await front_door_sqlite.create_agent("jana", "Jana")
    console = await new_page(browser, 1400, 900)
    await agent_logs_in(console, url, "jana")
    customer = await new_page(browser, 360, 740)
    await open_widget(customer, url)
    await customer_says(customer, "I want to talk to a person")
    await expect(customer.locator("#breach-chat-status")).to_have_attribute("data-state", "waiting", timeout=30_000)
    await console.locator("#queue [data-conversation-id] .claim").first.click()
    panel = console.locator("[role=tabpanel]:not([hidden])")
    await expect(customer.locator("#breach-chat-status")).to_have_attribute("data-state", "agent", timeout=30_000)
    widget_typing = customer.locator("#breach-chat-typing")

    # A message to the person: no "writing" dots from the bot, which does not answer now.
    await customer_says(customer, "Are you there?")
    await expect(panel.locator(".transcript [data-sender=customer]").last).to_contain_text("Are you there?",
                                                                                        timeout=30_000)
    await expect(widget_typing).to_be_hidden()

    # The customer types: the agent sees it; it stops a few seconds after the typing stops.
    indicator = panel.locator(".typing-indicator")
    await customer.locator("#breach-chat-input").press_sequentially("I have a question about", delay=40)
    await expect(indicator).to_be_visible(timeout=10_000)
    await screenshot(console, "console-customer-typing")
    await expect(indicator).to_be_hidden(timeout=10_000)
    # ... and at once when the message arrives.
    await customer.locator("#breach-chat-input").press_sequentially(" my card", delay=40)
    await expect(indicator).to_be_visible(timeout=10_000)
    await customer.locator("#breach-chat-send").click()
    await expect(panel.locator(".transcript [data-sender=customer]").last).to_contain_text("my card", timeout=30_000)
    await expect(indicator).to_be_hidden(timeout=1_500)

    # The agent types: the customer sees who is writing; it stops when the reply arrives.
    await panel.locator(".reply-text").press_sequentially("Your card is safe", delay=40)
    await expect(widget_typing).to_be_visible(timeout=10_000)
    await expect(widget_typing).to_contain_text("Jana is writing")
    await screenshot(customer, "widget-360-agent-typing")
    await panel.locator(".reply-send").click()
    await expect(messages(customer, "agent").last).to_contain_text("Your card is safe", timeout=30_000)
    await expect(widget_typing).to_be_hidden(timeout=1_500)
    # Typing without sending: the dots go after a few seconds, not 15.
    await panel.locator(".reply-text").press_sequentially("One more thing", delay=40)
    await expect(widget_typing).to_be_visible(timeout=10_000)
    await expect(widget_typing).to_be_hidden(timeout=8_000)
    assert customer.errors == []
    await customer.context.close()
    await console.context.close()
