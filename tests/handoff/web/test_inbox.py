"""Issue 13, item 1 in real Chromium against the running product (real Rasa and action server):
a customer's unclear message, sent through the widget, appears in the review inbox grouped with two
similar ones; an annotator reads the conversation, moves all three to an intent in one bulk action;
they become training examples, leave the inbox, and the audit shows it. The customer's "Was this
helpful?" under each answer works with the keyboard, in German too. axe-core: no serious or critical
violations on either page."""
from __future__ import annotations

import pytest
from playwright.async_api import expect

from tests.handoff.conftest import AGENT_PASSWORD, db_rows
from tests.handoff.console.conftest import create_user
from tests.handoff.inbox.seed import chat
from tests.handoff.studio.bot import bot_with_content
from tests.handoff.web.conftest import new_page, screenshot, serious_accessibility_violations
from tests.handoff.web.test_pages import customer_says, messages, open_widget

running_bot = pytest.fixture(scope="module", params=["sqlite"])(bot_with_content)

UNCLEAR = "can my goldfish read my data"  # the test model falls back on it (nlu_fallback)
SIMILAR = ["could my goldfish read the data?", "can my goldfish see my data"]
GUESSES = [{"name": "out_of_scope", "confidence": 0.22}, {"name": "am_i_affected", "confidence": 0.16},
           {"name": "frustration", "confidence": 0.1}]


async def test_an_unclear_message_is_moved_with_two_similar_ones_to_an_intent(running_bot, browser):
    door, _bot = running_bot
    customer = await new_page(browser, 1280, 800)
    await open_widget(customer, door.url)
    await customer_says(customer, UNCLEAR)
    await expect(messages(customer, "bot").first).to_be_visible(timeout=30_000)
    for text in SIMILAR:  # two other customers asked the same, days ago
        await chat(door.database_url, [(text, ("nlu_fallback", 0.3, GUESSES))])

    await create_user(door, "anna", "annotator")
    inbox = await new_page(browser, 1366, 900, bypass_csp=True)  # bypass: axe-core is injected
    await inbox.goto(f"{door.url}/studio/inbox")
    await inbox.get_by_label("Username").fill("anna")
    await inbox.get_by_label("Password").fill(AGENT_PASSWORD)
    await inbox.get_by_role("button", name="Log in").click()
    group = inbox.locator(".group", has_text=UNCLEAR)
    await expect(group).to_contain_text("3 similar messages")
    await expect(group).to_contain_text("unclear")
    await expect(group).to_contain_text("The bot's guesses:")
    for text in SIMILAR:
        await expect(group.get_by_label(text)).to_be_visible()

    # The conversation behind the message, redacted, from the link (the read is audited).
    await group.locator("li", has_text=UNCLEAR).get_by_role("link", name="Open the conversation").click()
    conversation = inbox.locator("#conversation")
    await expect(conversation.locator("li[data-marked=true]")).to_have_text(f"Customer{UNCLEAR}")
    await expect(conversation.locator("li[data-sender=bot]").first).to_be_visible()
    assert await serious_accessibility_violations(inbox) == []
    await screenshot(inbox, "studio-inbox")

    # One bulk action: the whole group to "out_of_scope".
    await group.get_by_label("Select all 3 messages of this group").check()
    await expect(inbox.locator("#selected-count")).to_have_text("3 selected")
    await inbox.get_by_label("What to do").select_option("move")
    await inbox.get_by_label("Intent", exact=True).select_option("out_of_scope")
    await inbox.get_by_role("button", name="Apply to the selected messages").click()
    await expect(inbox.locator("#notice")).to_have_text("Done: 3 message(s).")
    await expect(inbox.locator(".group", has_text=UNCLEAR)).to_have_count(0)
    await expect(inbox.locator("#activity")).to_contain_text("anna moved 3 message(s) -> out_of_scope")

    examples = await db_rows(door.database_url, "SELECT e.text, e.source, e.language FROM intent_examples e "
                             "JOIN intents i ON i.id = e.intent_id WHERE i.name = 'out_of_scope' AND e.source = 'inbox'")
    assert sorted(row["text"] for row in examples) == sorted([UNCLEAR, *SIMILAR])
    audit = await db_rows(door.database_url, "SELECT action FROM audit_log WHERE action LIKE 'inbox.%' "
                                             "OR action = 'transcript.opened'")
    assert sorted(row["action"] for row in audit) == ["inbox.moved"] * 3 + ["transcript.opened"]
    assert [error for error in inbox.errors if "401 (Unauthorized)" not in error] == []  # (/me before the login)
    assert customer.errors == []


async def test_was_this_helpful_under_each_answer_with_the_keyboard_in_german(running_bot, browser):
    door, _bot = running_bot
    customer = await new_page(browser, 360, 740, locale="de-DE", bypass_csp=True)
    await open_widget(customer, door.url)
    await customer_says(customer, "Was ist passiert?")
    answer = messages(customer, "bot").first
    helpful = answer.get_by_role("group", name="War das hilfreich?")
    await expect(helpful).to_be_visible(timeout=30_000)
    no = helpful.get_by_role("button", name="Nein")
    await no.focus()
    await customer.keyboard.press("Enter")
    await expect(helpful).to_contain_text("Danke für Ihre Rückmeldung.")
    await expect(no).to_have_attribute("aria-pressed", "true")
    rows = await db_rows(door.database_url, "SELECT r.helpful, r.language FROM answer_ratings r")
    assert [(bool(row["helpful"]), row["language"]) for row in rows] == [(False, "de")]
    # A change of mind changes the same rating.
    await helpful.get_by_role("button", name="Ja").press("Space")
    await expect(helpful.get_by_role("button", name="Ja")).to_have_attribute("aria-pressed", "true")
    rows = await db_rows(door.database_url, "SELECT helpful FROM answer_ratings")
    assert [bool(row["helpful"]) for row in rows] == [True]
    assert await serious_accessibility_violations(customer) == []
    await screenshot(customer, "widget-helpful-de")
    assert customer.errors == []
