"""The widget's language in real Chromium: it follows the browser's languages, then the language the
customer writes in (short replies do not count), and the customer's own choice wins over both."""
from __future__ import annotations

import asyncio

from playwright.async_api import expect

from handoff.intake import sessions
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


# A page that names no language, for a reader whose browser asks for French: nothing tells the widget
# which of its languages the customer reads.
UNSURE_PAGE = """<!doctype html><html><head><meta charset="utf-8"><title>Shop</title>
<script src="/static/widget.js" defer></script></head><body><main><h1>Shop</h1></main></body></html>"""
ASK = "English or German?"


async def open_unsure_widget(browser, url: str, locale: str):
    customer = await new_page(browser, 360, 740, locale=locale)
    await customer.route(f"{url}/no-language/", lambda route: route.fulfill(body=UNSURE_PAGE, content_type="text/html"))
    await customer.goto(f"{url}/no-language/")
    await customer.locator("#breach-chat-bubble").click()
    return customer


async def test_without_any_language_a_short_first_message_gets_asked_once(front_door_sqlite, browser):
    url = front_door_sqlite.url
    customer = await open_unsure_widget(browser, url, "fr-FR")
    await expect(customer.locator("#breach-chat-panel")).to_have_attribute("lang", "en")  # the default
    await customer_says(customer, "Hallo")  # too short to tell English from German
    question = customer.locator("#breach-chat-log .bc-msg").filter(has_text=ASK)
    await expect(question).to_have_count(1, timeout=30_000)
    await expect(question).to_contain_text("Deutsch oder Englisch?")
    await expect(question.locator(".bc-choice")).to_have_text(["English", "Deutsch"])
    assert await messages(customer, "bot").count() == 0  # asked instead of answered in English
    await screenshot(customer, "widget-360-language-asked")

    await question.locator(".bc-choice", has_text="Deutsch").click()
    await expect(customer.locator("#breach-chat-panel")).to_have_attribute("lang", "de", timeout=30_000)
    await expect(messages(customer, "bot").last).to_contain_text("auf Deutsch", timeout=30_000)
    assert await language(front_door_sqlite) == "de"
    for short in ("ok", "hi"):  # unsure again, but never asked again in this conversation
        before = await messages(customer, "bot").count()
        await customer_says(customer, short)
        await expect(messages(customer, "bot")).not_to_have_count(before, timeout=30_000)
    await expect(question).to_have_count(1)
    assert await language(front_door_sqlite) == "de"
    assert customer.errors == []
    await customer.context.close()


async def test_a_known_browser_language_or_a_clear_message_is_never_asked(front_door_sqlite, browser):
    url = front_door_sqlite.url
    english = await open_unsure_widget(browser, url, "en-GB")  # the browser names a chat language
    await customer_says(english, "Hallo")
    await expect(messages(english, "bot")).not_to_have_count(0, timeout=30_000)
    await expect(english.locator("#breach-chat-log")).not_to_contain_text(ASK)
    await english.context.close()

    french = await open_unsure_widget(browser, url, "fr-FR")
    await customer_says(french, "Was ist denn passiert?")  # German, and the detector is sure of it
    await expect(french.locator("#breach-chat-log")).to_contain_text(GERMAN_ANSWER, timeout=30_000)
    await expect(french.locator("#breach-chat-log")).not_to_contain_text(ASK)
    assert french.errors == []
    await french.context.close()


async def test_the_choice_made_while_the_chat_connects_wins_over_the_language_the_server_sent_before(
        front_door_sqlite, browser, monkeypatch):
    """The customer picks "Deutsch" while the answer to the widget's first session request is on its
    way: its "language: en" (read before the choice reached the server) arrives after the click. It
    must not undo the choice, nor send the question as English (a full run under load showed a German
    chat turned English this way). The first answer's language event is held until the click."""
    held, read, clicked = [], asyncio.Event(), asyncio.Event()
    read_language = sessions.language_of

    async def held_first_read(deps, *, conversation_id):
        language = await read_language(deps, conversation_id=conversation_id)
        if not held:
            held.append(language)
            read.set()
            await asyncio.wait_for(clicked.wait(), 30)
        return language

    monkeypatch.setattr(sessions, "language_of", held_first_read)
    customer = await new_page(browser, 360, 740, locale="en-GB")
    await open_widget(customer, front_door_sqlite.url)
    await asyncio.wait_for(read.wait(), 30)  # the history has been sent; the language read is held
    assert held == ["en"]
    await customer.locator("#breach-chat-language button[data-language=de]").click()
    await customer_says(customer, "Was ist passiert?")
    clicked.set()
    await expect(customer.locator("#breach-chat-log")).to_contain_text(GERMAN_ANSWER, timeout=30_000)
    await expect(customer.locator("#breach-chat-panel")).to_have_attribute("lang", "de")
    await expect(customer.locator("#breach-chat-input")).to_have_attribute("placeholder", "Ihre Frage")
    assert await language(front_door_sqlite) == "de"
    assert customer.errors == []
    await customer.context.close()
