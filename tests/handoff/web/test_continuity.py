"""One conversation across tabs of the same site, in real Chromium: a second tab joins the chat of
the first (same messages, same language) instead of starting an empty one."""
from __future__ import annotations

from playwright.async_api import expect

from tests.handoff.conftest import db_rows
from tests.handoff.web.conftest import new_page, screenshot
from tests.handoff.web.test_pages import customer_says, messages, open_widget


async def test_a_second_tab_joins_the_same_conversation(front_door_sqlite, browser):
    url = front_door_sqlite.url
    first = await new_page(browser, 1280, 800)
    await open_widget(first, url)
    await customer_says(first, "Was ist passiert?")  # German, in a chat that started in English
    await expect(first.locator("#breach-chat-log")).to_contain_text("Konten", timeout=30_000)

    second = await first.context.new_page()  # the same browser, another tab of the site
    second.errors = []
    second.on("pageerror", lambda error: second.errors.append(str(error)))
    await open_widget(second, url)
    await expect(messages(second, "customer").first).to_contain_text("Was ist passiert?", timeout=30_000)
    await expect(second.locator("#breach-chat-panel")).to_have_attribute("lang", "de")
    await expect(messages(second, "bot")).to_have_count(await messages(first, "bot").count())
    await screenshot(second, "widget-second-tab")

    # Writing in the second tab continues the same conversation; the first tab shows it too.
    before = await messages(first, "bot").count()
    await customer_says(second, "Wann war das?")
    await expect(messages(first, "customer").last).to_contain_text("Wann war das?", timeout=30_000)
    await expect(messages(first, "bot")).not_to_have_count(before, timeout=30_000)
    rows = await db_rows(front_door_sqlite.settings.database_url, "SELECT language FROM conversations")
    assert rows == [{"language": "de"}]  # one conversation, one language
    await expect(messages(first, "customer")).to_have_count(2)
    await expect(messages(second, "customer")).to_have_count(2)
    assert first.errors == [] and second.errors == []
    await first.context.close()
