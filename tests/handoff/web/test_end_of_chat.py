"""The end of a chat with a person, in real Chromium: a two-tap rating (stored, the comment
redacted) and the customer's own transcript (placeholders for redacted data; nobody else's token
gets it)."""
from __future__ import annotations

import aiohttp
from playwright.async_api import expect

from tests.handoff.conftest import db_rows
from tests.handoff.web.conftest import new_page, screenshot, serious_accessibility_violations
from tests.handoff.web.test_pages import agent_logs_in, customer_says, messages, open_widget

IBAN = "DE89 3704 0044 0532 0130 00"


async def test_rating_after_hand_back_and_the_customers_own_transcript(front_door_sqlite, browser, tmp_path):
    url = front_door_sqlite.url
    await front_door_sqlite.create_agent("jana", "Jana")
    console = await new_page(browser, 1400, 900)
    await agent_logs_in(console, url, "jana")
    customer = await new_page(browser, 360, 740, bypass_csp=True)
    await open_widget(customer, url)
    await customer_says(customer, f"My IBAN is {IBAN}, was it stolen?")
    await expect(messages(customer, "customer").last).to_have_attribute("data-state", "sent", timeout=30_000)
    await customer_says(customer, "I want to talk to a person")
    await expect(customer.locator("#breach-chat-status")).to_have_attribute("data-state", "waiting", timeout=30_000)
    await console.locator("#queue [data-conversation-id] .claim").first.click()
    panel = console.locator("[role=tabpanel]:not([hidden])")
    await panel.locator(".reply-text").fill("Your IBAN was not part of the data.")
    await panel.locator(".reply-send").click()
    await expect(messages(customer, "agent").last).to_contain_text("not part of the data", timeout=30_000)
    rating = customer.locator("#breach-chat-rating")
    await expect(rating).to_be_hidden()  # nothing to rate while the person is still there

    await panel.locator(".hand-back").click()
    await panel.locator(".confirm-yes").click()
    await expect(rating).to_be_visible(timeout=30_000)
    await expect(rating).to_contain_text("How well did our team help you?")
    assert await serious_accessibility_violations(customer) == []
    await rating.locator("button[data-score='4']").click()  # first tap: stored at once
    await expect(rating.locator(".bc-rating-comment")).to_be_visible()
    url_db = front_door_sqlite.settings.database_url
    rows = await db_rows(url_db, "SELECT score, comment, agent_id, language FROM satisfaction_ratings")
    assert [(r["score"], r["comment"], r["language"]) for r in rows] == [(4, None, "en")]
    assert rows[0]["agent_id"] is not None
    await rating.locator(".bc-rating-comment").fill(f"Quick help. Please refund to {IBAN}")
    await screenshot(customer, "widget-360-rating")
    await rating.locator(".bc-rating-send").click()  # second tap: the comment
    await expect(rating).to_contain_text("Thank you for your rating.")
    rows = await db_rows(url_db, "SELECT score, comment FROM satisfaction_ratings")
    assert len(rows) == 1 and rows[0]["score"] == 4
    assert "<IBAN>" in rows[0]["comment"] and "3704" not in rows[0]["comment"]  # redacted like any customer text

    # The transcript: the customer's own conversation, with a placeholder where the IBAN was.
    async with customer.expect_download() as download_info:
        await customer.locator("#breach-chat-transcript").click()
    download = await download_info.value
    path = tmp_path / "transcript.txt"
    await download.save_as(path)
    transcript = path.read_text(encoding="utf-8")
    assert "You: My IBAN is [IBAN removed], was it stolen?" in transcript
    assert "Jana (team): Your IBAN was not part of the data." in transcript
    assert "3704" not in transcript and "<IBAN>" not in transcript
    assert customer.errors == []

    # Another customer's token gets their own conversation only; an unknown token gets nothing.
    other = await new_page(browser, 360, 740)
    await open_widget(other, url)
    await customer_says(other, "hello")
    await expect(messages(other, "bot")).not_to_have_count(0, timeout=30_000)
    other_token = await other.evaluate("() => sessionStorage.getItem('breach-chat-session')")
    own_token = await customer.evaluate("() => sessionStorage.getItem('breach-chat-session')")
    assert other_token and own_token and other_token != own_token
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{url}/webhooks/rest/transcript", json={"sender": other_token}) as response:
            assert response.status == 200
            theirs = await response.text()
        assert "hello" in theirs and "IBAN" not in theirs and "Jana" not in theirs
        async with http.post(f"{url}/webhooks/rest/transcript", json={"sender": "x" * 43}) as response:
            assert response.status == 404
        async with http.get(f"{url}/webhooks/rest/transcript?sender={own_token}") as response:
            assert response.status == 405  # the token never travels in a URL
    await other.context.close()
    await customer.context.close()
    await console.context.close()
