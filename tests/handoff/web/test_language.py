"""The widget's language in real Chromium: it follows the browser's languages, then the language the
customer writes in (short replies do not count), and the customer's own choice wins over both."""
from __future__ import annotations

from playwright.async_api import expect

from tests.handoff.conftest import db_rows
from tests.handoff.web.conftest import new_page, screenshot
from tests.handoff.web.test_pages import customer_says, messages, open_widget

GERMAN_ANSWER = "Konten"  # the test incident's "what happened" in German ("... in einige Konten ...")
ENGLISH_ANSWER = "customer accounts"


async def language(server) -> str:
    return (await db_rows(server.settings.database_url, "SELECT language FROM conversations"))[0]["language"]


async def test_a_german_browser_gets_a_german_widget_and_german_answers(front_door_sqlite, browser):
    customer = await new_page(browser, 360, 740, locale="de-DE")
    await customer.goto(f"{front_door_sqlite.url}/")
    assert await customer.locator("html").get_attribute("lang") == "en"  # the page itself is English
    await expect(customer.locator("#breach-chat-bubble")).to_contain_text("Schreiben Sie uns")
    await open_widget(customer, front_door_sqlite.url)
    await expect(customer.locator("#breach-chat-panel")).to_have_attribute("lang", "de")
    await expect(customer.locator("#breach-chat-input")).to_have_attribute("placeholder", "Ihre Frage")
    await customer_says(customer, "Was ist passiert?")
    await expect(customer.locator("#breach-chat-log")).to_contain_text(GERMAN_ANSWER, timeout=30_000)
    assert await language(front_door_sqlite) == "de"
    await screenshot(customer, "widget-360-german-browser")
    assert customer.errors == []
    await customer.context.close()


async def test_a_german_message_in_an_english_chat_gets_a_german_answer_and_the_switch_wins(
        front_door_sqlite, browser):
    customer = await new_page(browser, 360, 740, locale="en-GB")
    await open_widget(customer, front_door_sqlite.url)
    await expect(customer.locator("#breach-chat-panel")).to_have_attribute("lang", "en")
    await customer_says(customer, "hello")
    await expect(messages(customer, "bot")).not_to_have_count(0, timeout=30_000)
    for short in ("ok", "danke"):  # too short to tell: the language stays
        before = await messages(customer, "bot").count()
        await customer_says(customer, short)
        await expect(messages(customer, "bot")).not_to_have_count(before, timeout=30_000)
        assert await language(front_door_sqlite) == "en", short
    await expect(customer.locator("#breach-chat-panel")).to_have_attribute("lang", "en")

    await expect(customer.locator("#breach-chat-log")).not_to_contain_text(GERMAN_ANSWER)
    await customer_says(customer, "Was ist passiert?")
    await expect(customer.locator("#breach-chat-log")).to_contain_text(GERMAN_ANSWER, timeout=30_000)
    assert await language(front_door_sqlite) == "de"
    # The widget's own texts follow the conversation's language.
    await expect(customer.locator("#breach-chat-panel")).to_have_attribute("lang", "de")
    await expect(customer.locator("#breach-chat-input")).to_have_attribute("placeholder", "Ihre Frage")
    await screenshot(customer, "widget-360-followed-german")

    # The customer's switch wins over what they write.
    await customer.locator("#breach-chat-language button[data-language=en]").click()
    await expect(customer.locator("#breach-chat-panel")).to_have_attribute("lang", "en")
    await expect(messages(customer, "customer").last).to_contain_text("English please", timeout=30_000)
    await expect(messages(customer, "bot").last).not_to_contain_text(GERMAN_ANSWER, timeout=30_000)
    await expect(customer.locator("#breach-chat-log")).not_to_contain_text(ENGLISH_ANSWER)
    await customer_says(customer, "Was ist denn genau passiert?")
    await expect(customer.locator("#breach-chat-log")).to_contain_text(ENGLISH_ANSWER, timeout=30_000)
    assert await language(front_door_sqlite) == "en"
    assert customer.errors == []
    await customer.context.close()
