"""The comms studio in real Chromium against the running product (real Rasa and action server on
the front door's SQLite database): an editor changes a German text, sees the jargon warning with its
plain substitute, fixes it and saves; an approver approves and publishes; within 5 seconds the bot
answers a customer with the new text; the English text is flagged as a stale translation; a
concurrent edit is told, not silently overwritten; the history shows a diff; a rollback brings the
old text back to customers; a customer with the widget open is told when the answer they got is
published anew, with the publisher's note on what changed; the preview answers from a saved draft while a customer gets the
published text, in either language. axe-core: no serious or critical violations."""
from __future__ import annotations

import pytest
from playwright.async_api import Page, expect

from tests.handoff.conftest import AGENT_PASSWORD
from tests.handoff.studio.bot import bot_with_content, within_publish_time
from tests.handoff.studio.test_preview import customer_answers
from tests.handoff.web.conftest import new_page, screenshot, serious_accessibility_violations
from tests.handoff.web.test_pages import customer_says, messages, open_widget

running_bot = pytest.fixture(scope="module", params=["sqlite"])(bot_with_content)

QUESTION = "was genau ist bei Ihnen schiefgelaufen"
OLD_START = "Fremde sind in einige Konten in unserem Shop gelangt."
JARGON = "Fremde sind in einige Konten gelangt. Die Daten wurden kompromittiert. Wir haben die Konten gesperrt."
PLAIN = "Fremde sind in einige Konten gelangt. Sie haben Daten gesehen. Wir haben die Konten gesperrt."
GERMAN = "section.language:has(h3:text-is('German'))"
ENGLISH = "section.language:has(h3:text-is('English'))"
DRAFT_GREETING = "Good day! This is the chat assistant (a program). Ask me about the data breach."
PUBLISHED_GREETING = "I am a chat assistant, a computer program"
CUSTOMER_NOTE = "Wir sagen jetzt klarer, was Fremde sehen konnten."
ROLLBACK_NOTE = "Der erste Text gilt wieder."


async def studio_of(browser, url: str, username: str) -> Page:
    """``username`` logged in to the studio with the test incident's "what happened" summary open."""
    page = await new_page(browser, 1366, 900, bypass_csp=True)  # bypass: axe-core is injected
    await page.goto(f"{url}/studio")
    await page.get_by_label("Username").fill(username)
    await page.get_by_label("Password").fill(AGENT_PASSWORD)
    await page.get_by_role("button", name="Log in").click()
    await page.get_by_label("Document").select_option("incidents/kiebitz-2026-09")
    await page.get_by_label("Find a text").fill("what_happened.summary")
    await page.get_by_role("button", name="what_happened.summary").click()
    await expect(page.locator("#field-title")).to_have_text("what_happened.summary")
    return page


async def test_edit_check_approve_publish_serve_conflict_and_rollback(running_bot, browser):
    door, _bot = running_bot
    editor = await studio_of(browser, door.url, "clara")
    german = editor.locator(GERMAN)
    assert (await german.get_by_label("German text").input_value()).startswith(OLD_START)

    await german.get_by_label("German text").fill(JARGON)
    problems = german.locator(".problems")
    await expect(problems).to_contain_text("\u201ckompromittiert\u201d is jargon")
    await expect(problems).to_contain_text("Say instead: \u201cgestohlen")
    await german.get_by_label("German text").fill(PLAIN)
    await expect(german.locator(".passes")).to_be_visible()
    await expect(problems).to_be_empty()
    await german.get_by_role("button", name="Save draft").click()
    await expect(editor.locator("#notice")).to_have_text("Draft saved. An approver can now review it.")

    # A customer has the widget open with the answer that is about to change.
    customer = await new_page(browser, 360, 740, locale="de-DE")
    await open_widget(customer, door.url)
    await customer_says(customer, QUESTION)
    await expect(customer.locator("#breach-chat-log")).to_contain_text(OLD_START, timeout=30_000)

    approver = await studio_of(browser, door.url, "arne")
    approving = approver.locator(GERMAN)
    await expect(approving.locator(".status")).to_contain_text("Version 2, draft by clara")
    await approving.get_by_role("button", name="Approve").click()
    await expect(approver.locator("#notice")).to_have_text("Approved.")
    await approving.get_by_label("Note to customers").fill(CUSTOMER_NOTE)
    await approving.get_by_role("button", name="Publish").click()
    await expect(approver.locator("#notice")).to_contain_text("Published.")
    # The open chat is told, in German, with what changed.
    await expect(messages(customer, "system").filter(has_text=CUSTOMER_NOTE)).to_have_count(1, timeout=15_000)
    await expect(messages(customer, "system").filter(has_text=CUSTOMER_NOTE)).to_contain_text("Aktualisiert am")
    await screenshot(customer, "widget-360-update-note")

    told = await within_publish_time(door.url, QUESTION, lambda found: any(PLAIN in answer for answer in found))
    assert any(PLAIN in answer for answer in told)

    editor = await studio_of(browser, door.url, "clara")  # a fresh look after the publish
    await expect(editor.locator("#field-warnings")).to_contain_text(
        "The German text was changed after this one: check that the English text still says the same.")
    await expect(editor.locator("#diff ins").first).to_be_visible()  # history: version 1 against 2
    assert await serious_accessibility_violations(editor) == []
    await screenshot(editor, "studio-editor")

    # A concurrent edit: dora and clara both start from version 2; clara saves first.
    dora = await studio_of(browser, door.url, "dora")
    await editor.locator(GERMAN).get_by_label("German text").fill(PLAIN + " Mehr dazu bald.")
    await editor.locator(GERMAN).get_by_role("button", name="Save draft").click()
    await expect(editor.locator("#notice")).to_have_text("Draft saved. An approver can now review it.")
    await dora.locator(GERMAN).get_by_label("German text").fill(PLAIN + " Wir melden uns.")
    await dora.locator(GERMAN).get_by_role("button", name="Save draft").click()
    await expect(dora.locator("#notice")).to_contain_text("Someone saved version 3 of this field while you were editing")

    approver = await studio_of(browser, door.url, "arne")
    await approver.get_by_label("Note to customers for a roll back").fill(ROLLBACK_NOTE)
    await approver.get_by_role("button", name="Roll back to version 1").click()
    await expect(approver.locator("#notice")).to_have_text("Version 1 is published again.")
    await expect(approver.locator("#history-list")).to_contain_text(f"To customers: {ROLLBACK_NOTE}")
    restored = await within_publish_time(door.url, QUESTION, lambda found: any(OLD_START in a for a in found))
    assert any(OLD_START in answer for answer in restored)
    assert not [error for page in (editor, approver, dora) for error in page.errors
                if "409" not in error and "401" not in error]


async def test_the_studio_speaks_german_when_its_user_chooses_it(running_bot, browser):
    door, _bot = running_bot
    page = await new_page(browser, 1366, 900)
    await page.goto(f"{door.url}/studio")
    await page.get_by_label("Language of the studio").select_option("de")  # reloads the page in German
    await expect(page.locator("html")).to_have_attribute("lang", "de")
    await page.get_by_label("Benutzername").fill("clara")
    await page.get_by_label("Passwort").fill(AGENT_PASSWORD)
    await page.get_by_role("button", name="Anmelden").click()
    await expect(page.locator("#whoami")).to_have_text("clara (Redaktion)")
    await page.get_by_label("Dokument").select_option("incidents/kiebitz-2026-09")
    await page.get_by_label("Text suchen").fill("what_happened.summary")
    await page.get_by_role("button", name="what_happened.summary").click()
    german = page.locator("section.language:has(h3:text-is('Deutsch'))")
    await expect(german.get_by_role("button", name="Entwurf speichern")).to_be_visible()
    await expect(german.get_by_label("Text auf Deutsch")).to_be_visible()
    assert [error for error in page.errors if "401" not in error] == []  # (/me before the login)


async def test_the_preview_answers_from_a_draft_while_customers_get_the_published_text(running_bot, browser):
    door, _bot = running_bot
    editor = await new_page(browser, 1366, 900, bypass_csp=True)  # bypass: axe-core is injected
    await editor.goto(f"{door.url}/studio")
    await editor.get_by_label("Username").fill("clara")
    await editor.get_by_label("Password").fill(AGENT_PASSWORD)
    await editor.get_by_role("button", name="Log in").click()
    await editor.get_by_label("Document").select_option("responses")
    await editor.get_by_label("Find a text").fill("utter_greet.text")
    await editor.get_by_role("button", name="responses.utter_greet.text").click()
    english = editor.locator(ENGLISH)
    await english.get_by_label("English text").fill(DRAFT_GREETING)
    await english.get_by_role("button", name="Save draft").click()
    await expect(editor.locator("#notice")).to_have_text("Draft saved. An approver can now review it.")

    preview = editor.locator("#preview")
    log = preview.get_by_role("log")
    await expect(preview.get_by_label("Language of the conversation")).to_have_value("en")
    await preview.get_by_label("Your message").fill("Hello")
    await preview.get_by_role("button", name="Send").click()
    await expect(log).to_contain_text(DRAFT_GREETING)  # the draft, not yet approved
    customer = await customer_answers(door.url, "Hello", "en")  # the public chat meanwhile
    assert PUBLISHED_GREETING in customer[0] and DRAFT_GREETING not in customer
    await log.get_by_role("button", name="What happened?").click()  # the draft's buttons work
    await expect(log.locator(".from-bot")).to_have_count(2, timeout=15000)
    await preview.get_by_label("Your message").fill("   ")
    await preview.get_by_role("button", name="Send").click()
    await expect(log.locator(".failed")).to_have_text("Your message was empty. Please type your question.")
    assert await serious_accessibility_violations(editor) == []
    await screenshot(editor, "studio-preview")

    await preview.get_by_label("Language of the conversation").select_option("de")  # a new conversation
    await expect(log.locator(".said")).to_have_count(0)
    await preview.get_by_label("Your message").fill("Hallo")
    await preview.get_by_label("Your message").press("Enter")
    await expect(log).to_contain_text("Chat-Assistent, also ein Computerprogramm")  # no German draft
    await expect(log).not_to_contain_text(DRAFT_GREETING)
    assert editor.errors == [error for error in editor.errors if "401" in error or "400" in error]
