"""The agent console at scale in real Chromium (issue 10): search, filters and pages over 500 queued
chats, previews and plain reason and intent names, Hand back and Resolve in view at 1366x768, a
confirmation before resolving an unanswered chat, a title counter that matches what is unread, and
returning customers offered to the agent who helped them. The chats are written through the tables
(tests/handoff/seed.py); live customers speak over real sockets. No Rasa is needed: the customers
ask for a person with the button's payload, which the front door handles itself."""
from __future__ import annotations

import datetime as dt
import re
from typing import AsyncIterator

import pytest
from playwright.async_api import Page, expect

from handoff.db import utcnow
from tests.handoff.clients import Customer
from tests.handoff.conftest import AGENT_PASSWORD, db_rows
from tests.handoff.console.conftest import Door, _door, create_user, login
from tests.handoff.seed import queued_chats
from tests.handoff.web.conftest import new_page, screenshot, serious_accessibility_violations

CARDS = "#queue > li[data-conversation-id]"


@pytest.fixture
async def door(sqlite_url, redactor) -> AsyncIterator[Door]:
    """The front door on SQLite without a bot."""
    running = await _door(sqlite_url, redactor)
    yield running
    await running.server.runner.cleanup()


async def console_of(browser, door: Door, username: str, width: int = 1366, height: int = 768,
                     bypass_csp: bool = False) -> Page:
    """A logged-in, available agent's console."""
    page = await new_page(browser, width, height, bypass_csp=bypass_csp)
    await page.goto(f"{door.url}/console")
    await page.locator("#username").fill(username)
    await page.locator("#password").fill(AGENT_PASSWORD)
    await page.locator("#login-submit").click()
    await expect(page.locator("#queue")).to_be_visible()
    await page.locator("label.switch").click()
    await expect(page.locator("#availability")).to_be_checked()
    return page


def unexpected_errors(page: Page) -> list:
    """The page's script errors, but the 401 of the login check the console starts with."""
    return [error for error in page.errors if "401 (Unauthorized)" not in error]


async def summary_total(page: Page) -> int:
    """The total in "1–50 of 512"."""
    text = await page.locator("#queue-summary").text_content()
    return int(re.search(r"(\d+)$", text.strip()).group(1))


async def test_search_filters_and_pages_over_500_queued_chats(door, browser):
    chats = await queued_chats(door.database_url, 500, spacing_seconds=60)
    oldest_first = list(reversed(chats))
    await create_user(door, "jana")
    console = await console_of(browser, door, "jana", bypass_csp=True)
    cards = console.locator(CARDS)

    # One page at a time: 50 cards, oldest first, each with the customer's last message as stored
    # (redacted: a placeholder shows as its readable tag) and plain words instead of intent codes.
    await expect(console.locator("#queue-count")).to_have_text("500")
    await expect(console.locator("#queue-summary")).to_have_text("1–50 of 500")
    await expect(cards).to_have_count(50)
    assert [await card.get_attribute("data-conversation-id") for card in await cards.all()] == [
        chat.id for chat in oldest_first[:50]]
    first = cards.first
    await expect(first.locator(".qi-preview")).to_contain_text(oldest_first[0].preview.split("<")[0].strip())
    redacted = next(i for i, chat in enumerate(oldest_first[:50]) if "<EMAIL>" in chat.preview)
    await expect(cards.nth(redacted).locator(".qi-preview .placeholder[data-kind=EMAIL]")).to_have_text(
        "[email address removed]")
    guesses = " ".join(await console.locator(f"{CARDS} .qi-guess").all_text_contents())
    assert "Fraud already happened" in guesses and not re.search(r"\b[a-z]+_[a-z_]+\b", guesses), guesses
    reasons = await console.locator(f"{CARDS} .qi-reason").all_text_contents()
    assert "Fraud reported" in reasons and not any("_" in reason for reason in reasons)

    await console.locator("#queue-next").click()
    await expect(console.locator("#queue-summary")).to_have_text("51–100 of 500")
    await expect(cards.first).to_have_attribute("data-conversation-id", oldest_first[50].id)
    await console.locator("#queue-previous").click()
    await expect(cards.first).to_have_attribute("data-conversation-id", oldest_first[0].id)

    # Filters: language, then reason, then waiting time; the counts are the server's, over all 500.
    await console.locator("#filter-language").select_option("de")
    german = [chat for chat in chats if chat.language == "de"]
    await expect(console.locator("#queue-summary")).to_have_text(f"1–50 of {len(german)}")
    assert set(await console.locator(f"{CARDS} .lang-badge").all_text_contents()) == {"DE"}
    await console.locator("#filter-reason").select_option("fraud_reported")
    fraud = [chat for chat in german if chat.reason == "fraud_reported"]
    await expect(console.locator("#queue-summary")).to_have_text(f"1–{min(50, len(fraud))} of {len(fraud)}")
    assert set(await console.locator(f"{CARDS} .qi-reason").all_text_contents()) == {"Fraud reported"}
    # (a chat may pass the hour while the test runs: either count is right at its moment)
    now = utcnow()
    waited = {len([c for c in fraud if c.waiting_since <= now + dt.timedelta(seconds=later) - dt.timedelta(hours=1)])
              for later in (0, 60)}
    await console.locator("#filter-wait").select_option("60")
    await expect(console.locator("#queue-summary")).to_have_text(re.compile(
        " of (" + "|".join(map(str, waited)) + ")$"))
    assert 0 < await summary_total(console) < len(fraud)
    await console.locator(".queue-pane").evaluate("(pane) => { pane.scrollTop = 0; }")  # Playwright scrolled it
    await screenshot(console, "console-queue-filters")
    assert await serious_accessibility_violations(console) == []

    # Search in what customers wrote (case-insensitive), over every page; then by chat id.
    await console.locator("#filter-reset").click()
    await expect(console.locator("#queue-summary")).to_have_text("1–50 of 500")
    await console.locator("#queue-search").fill("LOAN IN MY NAME")
    loans = [chat for chat in chats if "loan in my name" in chat.preview]
    await expect(console.locator("#queue-summary")).to_have_text(f"1–{min(50, len(loans))} of {len(loans)}")
    for preview in await console.locator(f"{CARDS} .qi-preview").all_text_contents():
        assert "loan in my name" in preview
    target = chats[421]
    await console.locator("#queue-search").fill(target.preview[-9:])  # "case 0421" or "Fall 0421"
    await expect(cards).to_have_count(1)
    await expect(cards.first).to_have_attribute("data-conversation-id", target.id)
    await console.locator("#queue-search").fill("nothing like this was written")
    await expect(cards).to_have_count(0)
    await expect(console.locator("#queue-empty")).to_have_text("No chat matches the search and filters.")

    # Mine / all: a claimed chat leaves "unassigned" and shows under "mine" with Open.
    await console.locator("#filter-reset").click()
    await cards.first.locator(".claim").click()
    await expect(console.locator("[role=tabpanel]:not([hidden]) .reply-text")).to_be_visible()
    await expect(console.locator("#queue-summary")).to_have_text("1–50 of 499")
    await console.locator("#filter-assigned label", has_text="Mine").click()
    await expect(cards).to_have_count(1)
    await expect(cards.first).to_have_attribute("data-conversation-id", oldest_first[0].id)
    await expect(cards.first.locator(".open")).to_have_text("Open")
    await console.locator("#filter-assigned label", has_text="All").click()
    await expect(console.locator("#queue-summary")).to_have_text("1–50 of 500")
    await screenshot(console, "console-queue-mine-all")
    assert await serious_accessibility_violations(console) == []
    assert unexpected_errors(console) == []
    await console.context.close()


async def in_view(page: Page, locator, width: int, height: int) -> bool:
    """True when ``locator`` is inside the viewport and nothing covers its middle."""
    box = await locator.bounding_box()
    if box is None or box["y"] < 0 or box["x"] < 0 or box["y"] + box["height"] > height or box["x"] + box["width"] > width:
        return False
    return await locator.evaluate("""(node) => {
        const r = node.getBoundingClientRect();
        const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
        return node === hit || node.contains(hit);
    }""")


async def long_conversation(door: Door, agent_id: int, messages: int = 80) -> str:
    """One waiting chat with a long transcript and long notes by ``agent_id`` (what pushed the buttons
    off screen)."""
    chat = (await queued_chats(door.database_url, 1))[0]
    for seq in range(4, 4 + messages):
        await db_rows(door.database_url, "INSERT INTO messages (conversation_id, seq, sender, text, created_at) "
                      "VALUES (:id, :seq, :sender, :text, :at)", id=chat.id, seq=seq,
                      sender="customer" if seq % 2 else "bot", text=f"Message {seq}: " + "and more words " * 12,
                      at=utcnow())
    await db_rows(door.database_url, "UPDATE conversations SET last_seq = :seq WHERE id = :id",
                  seq=3 + messages, id=chat.id)
    for number in range(6):
        await db_rows(door.database_url, "INSERT INTO notes (conversation_id, agent_id, text, created_at) "
                      "VALUES (:id, :agent, :text, :at)", id=chat.id, agent=agent_id,
                      text=f"Note {number}: " + "what the caller said on the phone " * 8, at=utcnow())
    return chat.id


@pytest.mark.parametrize("width, height", [(1366, 768), (1024, 768)])
async def test_hand_back_and_resolve_stay_in_view(door, browser, width, height):
    chat = await long_conversation(door, await create_user(door, "lena"))
    console = await console_of(browser, door, "lena", width, height)
    await console.locator(f"{CARDS} .claim").first.click()
    panel = console.locator("[role=tabpanel]:not([hidden])")
    await expect(panel.locator(".note")).to_have_count(6)
    await expect(panel.locator(".message-customer").last).to_contain_text("Message 83")
    actions = [panel.locator(".hand-back"), panel.locator(".resolve")]
    for action in actions:
        assert await in_view(console, action, width, height)
    # Wherever the agent scrolls (transcript, details, the whole panel on a narrow screen), they stay.
    for part in (".transcript", ".details", ""):
        target = panel.locator(part) if part else panel
        await target.evaluate("(node) => { node.scrollTop = 0; node.scrollTop = node.scrollHeight; }")
        await console.mouse.wheel(0, 3000)
        for action in actions:
            assert await in_view(console, action, width, height), (part, action)
    await panel.locator(".resolve").click()
    assert await in_view(console, panel.locator(".confirm-yes"), width, height)
    assert await in_view(console, panel.locator(".confirm-no"), width, height)
    await screenshot(console, f"console-actions-{width}x{height}")
    assert chat == await console.locator("[role=tab][aria-selected=true]").get_attribute("data-conversation-id")
    await console.context.close()


async def test_resolving_an_unanswered_chat_asks_first(door, browser):
    await create_user(door, "omar")
    console = await console_of(browser, door, "omar", bypass_csp=True)
    customer = Customer(door.url, "en")
    await customer.connect()
    await customer.say("/request_human")
    await customer.wait_for("handoff_status", lambda data: data.get("state") == "waiting")
    await console.locator(f"{CARDS} .claim").first.click()
    panel = console.locator("[role=tabpanel]:not([hidden])")
    await customer.say("Is my card still safe to use?")
    await expect(panel.locator(".message-customer").last).to_contain_text("Is my card still safe to use?")

    # Unanswered: a warning quoting the message, and "Answer first" is what Enter does.
    await panel.locator(".resolve").click()
    box = panel.locator(".confirm")
    await expect(box).to_have_attribute("data-unanswered", "true")
    await expect(box.locator(".confirm-text")).to_have_text(
        "The customer's last message has no answer yet. Resolve without answering?")
    await expect(box.locator(".confirm-quote")).to_have_text("Is my card still safe to use?")
    await expect(box.locator(".confirm-no")).to_be_focused()
    await screenshot(console, "console-resolve-unanswered")
    assert await serious_accessibility_violations(console) == []
    await console.keyboard.press("Enter")
    await expect(box).to_be_hidden()
    await expect(panel.locator(".reply-text")).to_be_focused()

    # Answered: the plain question. The customer writes meanwhile: the server refuses, the warning shows.
    await panel.locator(".reply-text").fill("Yes, your card is safe.")
    await panel.locator(".reply-send").click()
    await customer.wait_for("bot_uttered", lambda data: data.get("sender") == "agent")
    await panel.locator(".resolve").click()
    await expect(box).to_have_attribute("data-unanswered", "false")
    await expect(box.locator(".confirm-text")).to_have_text(
        "Resolve and close this chat? If the customer writes again, the assistant answers.")
    await customer.say("One more thing")
    await expect(panel.locator(".message-customer").last).to_contain_text("One more thing")
    await box.locator(".confirm-yes").click()
    await expect(box).to_have_attribute("data-unanswered", "true")
    await expect(box.locator(".confirm-quote")).to_have_text("One more thing")
    rows = await db_rows(door.database_url, "SELECT state FROM conversations")
    assert rows == [{"state": "agent"}]
    await box.locator(".confirm-yes").click()
    await customer.wait_for("handoff_status", lambda data: data.get("state") == "resolved")
    await expect(console.locator("[role=tab]")).to_have_count(0)
    assert (await db_rows(door.database_url, "SELECT state FROM conversations")) == [{"state": "resolved"}]
    await customer.close()
    await console.context.close()


async def visible_badges(page: Page) -> int:
    """The sum of the unread numbers the tabs show."""
    return sum(int(text) for text in await page.locator(".tab-unread:visible").all_text_contents())


async def title_count(page: Page) -> int:
    match = re.match(r"\((\d+)\) ", await page.title())
    return int(match.group(1)) if match else 0


async def waiting_customer(door: Door) -> Customer:
    customer = Customer(door.url, "en")
    await customer.connect()
    await customer.say("/request_human")
    await customer.wait_for("handoff_status", lambda data: data.get("state") == "waiting")
    return customer


async def test_the_title_counts_what_is_unread_and_resets_when_seen(door, browser):
    await create_user(door, "ida")
    console = await console_of(browser, door, "ida")
    # Real focus, as in a browser with several tabs: another tab in front takes it from the console.
    cdp = await console.context.new_cdp_session(console)
    await cdp.send("Emulation.setFocusEmulationEnabled", {"enabled": False})
    elsewhere = await console.context.new_page()
    await console.bring_to_front()
    cards = console.locator(CARDS)

    first = await waiting_customer(door)  # arrives in front of the agent: seen
    await expect(cards).to_have_count(1)
    assert await title_count(console) == 0

    await elsewhere.bring_to_front()
    second, third = await waiting_customer(door), await waiting_customer(door)
    await expect(cards).to_have_count(3)
    await expect(console).to_have_title("(2) Agent console")
    rival = await login(door, "rival")
    queue = await (await rival.get("/queue")).json()
    taken = queue["items"][1]["conversation_id"]  # the second customer's chat
    assert (await rival.post(f"/conversations/{taken}/claim")).status == 200
    await expect(console).to_have_title("(1) Agent console")  # it waits for nobody any more

    await console.bring_to_front()
    await expect(console).to_have_title("Agent console")
    await cards.first.locator(".claim").click()
    await expect(console.locator("[role=tab]")).to_have_count(1)
    await cards.first.locator(".claim").click()
    await expect(console.locator("[role=tab]")).to_have_count(2)
    tabs = console.locator("[role=tab]")
    background, selected = tabs.nth(0), tabs.nth(1)
    await expect(selected).to_have_attribute("aria-selected", "true")

    await first.say("Are you there?")
    await first.say("Hello?")
    await expect(background.locator(".tab-unread")).to_have_text("2")
    await third.say("Thanks, I am reading")  # in the selected tab, in front: read at once
    await expect(console.locator("[role=tabpanel]:not([hidden]) .message-customer").last).to_contain_text("reading")
    await expect(console).to_have_title("(2) Agent console")
    assert await visible_badges(console) == 2
    await screenshot(console, "console-unread-tabs")

    await elsewhere.bring_to_front()
    await third.say("Still there?")
    await expect(selected.locator(".tab-unread")).to_have_text("1")
    await expect(console).to_have_title("(3) Agent console")
    assert await visible_badges(console) == 3
    await console.bring_to_front()
    await expect(console).to_have_title("(2) Agent console")  # the selected chat is seen
    await expect(selected.locator(".tab-unread")).to_be_hidden()
    await background.click()
    await expect(console).to_have_title("Agent console")
    assert await visible_badges(console) == 0
    for customer in (first, second, third):
        await customer.close()
    await rival.close()
    await console.context.close()


async def test_a_returning_customer_is_offered_to_the_agent_who_helped_before(sqlite_url, redactor, browser):
    door = await _door(sqlite_url, redactor, preferred_agent_seconds=20)
    jana_id = await create_user(door, "jana")
    await create_user(door, "mika")
    jana = await console_of(browser, door, "jana", bypass_csp=True)
    mika = await console_of(browser, door, "mika")
    # Both customers talked to Jana before; one came back 3 s ago, the other 10 minutes ago.
    back = (await queued_chats(door.database_url, 1, handled_by=jana_id, handled_every=1,
                               now=utcnow() + dt.timedelta(seconds=27)))[0]
    older = (await queued_chats(door.database_url, 1, handled_by=jana_id, handled_every=1,
                                now=utcnow() - dt.timedelta(minutes=10), seed=11))[0]
    for console in (jana, mika):
        await console.locator("#queue-refresh").click()

    offered = jana.locator("#offered-list > li")
    await expect(offered).to_have_count(1)
    await expect(offered.first).to_have_attribute("data-conversation-id", back.id)
    await expect(offered.first.locator(".qi-before")).to_have_text("You handled this customer before")
    await expect(offered.first.locator(".qi-offer")).to_contain_text("Offered to you first (0:")
    await expect(jana.locator("#notice")).to_contain_text("A customer you helped before is waiting")
    await screenshot(jana, "console-returning-offered")
    assert await serious_accessibility_violations(jana) == []

    card = mika.locator(f"{CARDS}[data-conversation-id='{back.id}']")
    await expect(card.locator(".qi-before")).to_have_text("Handled before by jana")
    await expect(card.locator(".qi-offer")).to_contain_text("Offered to jana first (0:")
    await expect(card.locator(".claim")).to_be_disabled()
    await expect(mika.locator("#offered")).to_be_hidden()
    await screenshot(mika, "console-returning-others")
    # The older one is nobody's any more: Mika takes it and sees who helped before.
    await mika.locator(f"{CARDS}[data-conversation-id='{older.id}'] .claim").click()
    await expect(mika.locator("[role=tabpanel]:not([hidden]) .returning")).to_have_text("Handled before by jana")
    # When the offer runs out, Mika may claim the other one too (Jana did not take it in time).
    await expect(card.locator(".claim")).to_be_enabled(timeout=30_000)
    await expect(card.locator(".qi-offer")).to_have_count(0)
    await expect(jana.locator("#offered")).to_be_hidden(timeout=30_000)
    assert unexpected_errors(jana) == [] and unexpected_errors(mika) == []
    for console in (jana, mika):
        await console.context.close()
    await door.server.runner.cleanup()


async def test_the_agent_who_helped_before_claims_their_returning_customer(door, browser):
    jana_id = await create_user(door, "jana")
    jana = await console_of(browser, door, "jana")
    back = (await queued_chats(door.database_url, 1, handled_by=jana_id, handled_every=1))[0]
    await jana.locator("#queue-refresh").click()
    await jana.locator(f"#offered-list > li[data-conversation-id='{back.id}'] .claim").click()
    panel = jana.locator("[role=tabpanel]:not([hidden])")
    await expect(panel.locator(".returning")).to_have_text("You handled this customer before")
    await expect(panel.locator(".fact-handled-before")).to_have_text("You")
    await expect(jana.locator("#offered")).to_be_hidden()
    rows = await db_rows(door.database_url, "SELECT state, agent_id FROM conversations")
    assert rows == [{"state": "agent", "agent_id": jana_id}]
    await jana.context.close()


async def test_the_queue_speaks_german_when_chosen(door, browser):
    chats = await queued_chats(door.database_url, 12)
    await create_user(door, "uwe")
    page = await new_page(browser, 1366, 768)
    await page.goto(f"{door.url}/console")
    await page.locator("#console-language").select_option("de")
    await expect(page.locator("#login-submit")).to_have_text("Anmelden")
    await page.locator("#username").fill("uwe")
    await page.locator("#password").fill(AGENT_PASSWORD)
    await page.locator("#login-submit").click()
    await expect(page.locator("#queue-summary")).to_have_text(f"1–12 von {len(chats)}")
    await expect(page.locator("#filter-language option").first).to_have_text("Alle Sprachen")
    await expect(page.locator("#filter-assigned")).to_contain_text("Offen")
    guesses = " ".join(await page.locator(f"{CARDS} .qi-guess").all_text_contents())
    assert "Bot vermutet" in guesses and "Betrug ist schon passiert" in guesses, guesses
    await page.locator(f"{CARDS} .claim").first.click()
    await expect(page.locator("[role=tabpanel]:not([hidden]) .resolve")).to_have_text("Erledigt")
    await expect(page.locator("[role=tabpanel]:not([hidden]) .fact-handled-before")).to_have_text("Niemand")
    await screenshot(page, "console-queue-de")
    await page.context.close()
