"""Answers that fit a phone (issue 10, item 2) in real Chromium at 360 px: the first answer to a topic
is one short bubble with buttons, "More detail" gives the longer text, an advice group its advice."""
from __future__ import annotations

from playwright.async_api import expect

from tests.handoff.web.conftest import new_page, screenshot
from tests.handoff.web.test_pages import customer_says, messages, open_widget

MAX_WORDS = 60  # actions/content/composed.py: MAX_FIRST_ANSWER_WORDS


async def words_in(bubble) -> int:
    return len((await bubble.locator(".bc-msg-text").inner_text()).split())


async def fits_the_screen(page, bubble) -> bool:
    """The bubble's text is no taller than the visible part of the chat log (on a 360 x 740 phone,
    about 400 px): the customer reads the whole answer without scrolling; its buttons may follow below."""
    box = await bubble.locator(".bc-msg-text").bounding_box()
    log = await page.locator("#breach-chat-log").bounding_box()
    return box["height"] <= log["height"]


async def first_answer(front_door, browser, locale: str, question: str):
    """A 360 x 740 phone in ``locale`` asks ``question`` as its first message; returns the page, the
    bot's messages and the one bubble of the first answer (after checking there is exactly one)."""
    customer = await new_page(browser, 360, 740, locale=locale)
    await open_widget(customer, front_door.url)
    await customer_says(customer, question)
    bot = messages(customer, "bot")
    await expect(bot).to_have_count(1, timeout=30_000)
    answer = bot.first  # locators are lazy: "last" would follow later messages
    return customer, bot, answer


async def test_what_should_i_do_is_one_short_answer_with_groups_and_more_detail(front_door_sqlite, browser):
    customer, bot, answer = await first_answer(front_door_sqlite, browser, "de-DE", "was muss ich jetzt machen")
    await expect(answer).to_contain_text("neues Passwort")
    assert await words_in(answer) <= MAX_WORDS
    assert await answer.locator(".bc-choice").all_inner_texts() == [
        "Passwort und Anmeldung", "Bank und Karten", "Falsche Anrufe, Mails und Briefe", "Gesundheitsdaten",
        "Mehr Details", "Mit einem Menschen sprechen"]
    await screenshot(customer, "widget-360-short-answer")
    assert await fits_the_screen(customer, answer)

    # An advice group: the advice of its categories, the other groups still offered.
    await answer.locator(".bc-choice", has_text="Bank und Karten").click()
    await expect(messages(customer, "customer").last).to_contain_text("Bank und Karten")
    await expect(bot.last).to_contain_text("116 116", timeout=30_000)  # the card blocking line
    await expect(customer.locator("#breach-chat-log")).not_to_contain_text("Das Dringendste zuerst")
    assert "Bank und Karten" not in await bot.last.locator(".bc-choice").all_inner_texts()
    assert await answer.locator(".bc-choice").first.is_disabled()  # a chosen group is answered

    # "Mehr Details" of the latest answer gives the whole list.
    before = await bot.count()
    await customer_says(customer, "was muss ich jetzt machen")
    await expect(bot).not_to_have_count(before, timeout=30_000)
    await expect(bot.last.locator(".bc-choice", has_text="Mehr Details")).to_be_enabled(timeout=30_000)
    before = await bot.count()
    await bot.last.locator(".bc-choice", has_text="Mehr Details").click()
    await expect(messages(customer, "customer").last).to_contain_text("Mehr Details")
    await expect(customer.locator("#breach-chat-log")).to_contain_text(
        "Das können Sie tun, das Dringendste zuerst", timeout=30_000)
    await expect(bot).not_to_have_count(before)
    await customer.locator("#breach-chat-log .bc-msg").filter(has_text="Das Dringendste zuerst").scroll_into_view_if_needed()
    await screenshot(customer, "widget-360-more-detail")
    assert customer.errors == []
    await customer.context.close()


async def test_what_happened_is_short_and_more_detail_says_what_is_not_known(front_door_sqlite, browser):
    customer, bot, answer = await first_answer(front_door_sqlite, browser, "en-GB", "what happened?")
    await expect(answer).to_contain_text("logged into some customer accounts")
    assert await words_in(answer) <= MAX_WORDS
    assert await answer.locator(".bc-choice").all_inner_texts() == [
        "More detail", "When it happened", "Which data was involved"]
    assert await fits_the_screen(customer, answer)
    await expect(customer.locator("#breach-chat-log")).not_to_contain_text("do not know yet how it happened")
    await screenshot(customer, "widget-360-what-happened-short")

    await answer.locator(".bc-choice", has_text="More detail").click()
    await expect(bot.last).to_contain_text("We do not know yet how it happened", timeout=30_000)
    await expect(bot.last.locator(".bc-choice")).to_have_text(["Talk to a person"])
    await screenshot(customer, "widget-360-what-happened-more")
    assert customer.errors == []
    await customer.context.close()


async def test_only_the_latest_quick_replies_can_be_tapped_also_after_a_reload(front_door_sqlite, browser):
    customer, bot, answer = await first_answer(front_door_sqlite, browser, "en-GB", "what happened?")
    first_choices = answer.locator(".bc-choice")
    await expect(first_choices.first).to_be_enabled()

    # The customer types instead of tapping: the first answer's buttons were for then. None of them
    # is marked as chosen; the newest answer's buttons are the ones that work.
    before = await bot.count()
    await customer_says(customer, "which data did they take?")
    await expect(bot).not_to_have_count(before, timeout=30_000)
    latest = bot.last.locator(".bc-choice")
    await expect(latest.first).to_be_enabled(timeout=30_000)
    for button in await first_choices.all():
        assert await button.is_disabled() and await button.get_attribute("aria-pressed") is None
    assert await customer.locator("#breach-chat-log .bc-buttons:not(.bc-answered)").count() == 1

    # A reload shows the same: only the latest buttons are live.
    await customer.reload()
    if await customer.locator("#breach-chat-bubble").is_visible():
        await customer.locator("#breach-chat-bubble").click()
    await expect(bot).not_to_have_count(0, timeout=30_000)
    await expect(bot.last.locator(".bc-choice").first).to_be_enabled(timeout=30_000)
    for button in await bot.first.locator(".bc-choice").all():
        assert await button.is_disabled()
    before = await bot.count()
    await bot.last.locator(".bc-choice").first.click()
    await expect(bot).not_to_have_count(before, timeout=30_000)
    assert customer.errors == []
    await customer.context.close()
