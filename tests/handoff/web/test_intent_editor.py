"""The studio's intent editor in real Chromium (issue 13, item 2), on the real front door (SQLite)
with the real action server: an editor adds an example, sees the refusal of a duplicate next to the
field, moves an example to another intent, and creates a new intent with its answer in both
languages (a draft waiting for approval); a new intent made from a proposal of the review inbox
takes the proposed messages as its examples (one another intent has goes back to the inbox). axe-core: no serious or critical violations."""
from __future__ import annotations

from playwright.async_api import Page, expect

from tests.handoff.conftest import AGENT_PASSWORD
from tests.handoff.console.conftest import create_user
from tests.handoff.inbox.seed import UNCLEAR, chat
from tests.handoff.studio.conftest import action_server, studio_sqlite  # noqa: F401 - fixtures
from tests.handoff.web.conftest import new_page, screenshot, serious_accessibility_violations

ENGLISH = "section.language:has(h3:text-matches('^English'))"


async def editor_page(browser, url: str, username: str) -> Page:
    page = await new_page(browser, 1366, 900, bypass_csp=True)  # bypass: axe-core is injected
    await page.goto(f"{url}/studio/intents")
    await page.get_by_label("Username").fill(username)
    await page.get_by_label("Password").fill(AGENT_PASSWORD)
    await page.get_by_role("button", name="Log in").click()
    await expect(page.locator("#intent-list button").first).to_be_visible()
    return page


async def test_add_refuse_a_duplicate_move_and_create_an_intent(studio_sqlite, browser):
    door = studio_sqlite
    await create_user(door, "clara", "comms_editor")
    page = await editor_page(browser, door.url, "clara")
    await page.get_by_role("button", name="Greeting").click()
    await expect(page.locator("#intent-title")).to_have_text("Greeting")
    english = page.locator(ENGLISH)

    await english.get_by_label("New English example").fill("  hiya   everyone ")
    await english.get_by_role("button", name="Add").click()
    await expect(page.locator("#notice")).to_have_text("Example added.")
    await expect(english.locator("ol.examples input[value='hiya everyone']")).to_have_count(1)

    await english.get_by_label("New English example").fill("Good  Evening")
    await english.get_by_role("button", name="Add").click()
    field = english.get_by_label("New English example")
    await expect(english.locator("#add-en-error")).to_have_text("This intent has this example already.")
    await expect(field).to_have_attribute("aria-invalid", "true")
    await expect(field).to_be_focused()
    assert await serious_accessibility_violations(page) == []

    item = english.locator("li.example:has(input[value='hiya everyone'])")
    await item.get_by_role("combobox").select_option("goodbye")
    await item.get_by_role("button", name="Move").click()
    await expect(page.locator("#notice")).to_have_text("Example moved to Goodbye.")
    await expect(english.locator("ol.examples input[value='hiya everyone']")).to_have_count(0)
    await page.get_by_role("button", name="Goodbye").click()
    await expect(page.locator(ENGLISH).locator("ol.examples input[value='hiya everyone']")).to_have_count(1)

    await page.get_by_role("button", name="New intent").click()
    await page.get_by_label("Technical name").fill("pet_data")
    await page.get_by_label("Plain name in English").fill("Pet data")
    await page.get_by_label("Plain name in German").fill("Tierdaten")
    await page.get_by_label("Answer and offer a person").check()
    await page.get_by_label("Answer in English").fill("We never stored any data about pets.")
    await page.get_by_label("Answer in German").fill("Daten über Haustiere hatten wir nie.")
    assert await serious_accessibility_violations(page) == []
    await page.get_by_role("button", name="Create intent").click()
    await expect(page.locator("#notice")).to_contain_text("Intent pet_data created.")
    await expect(page.locator("#intent-name")).to_have_text("Technical name: pet_data")
    await expect(page.locator("#intent-answer")).to_contain_text("Answer English: waiting for approval")
    await expect(page.locator("#intent-warnings")).to_contain_text("English: no examples yet.")
    await page.locator(ENGLISH).get_by_label("New English example").fill("was my dog's chip number stolen")
    await page.locator(ENGLISH).get_by_role("button", name="Add").click()
    await expect(page.locator(ENGLISH).locator("h3")).to_have_text("English examples (1)")
    await expect(page.locator("#intent-warnings")).to_contain_text("English: 1 of at least 20 examples.")
    await expect(page.locator("#new-intent-form")).to_be_hidden()
    assert await serious_accessibility_violations(page) == []
    await screenshot(page, "intent-editor")
    # The browser logs the answers it got: 401 (/me before the login) and 422 (the duplicate).
    assert [error for error in page.errors if "401" not in error and "422" not in error] == []


async def test_a_new_intent_from_the_inbox_takes_the_proposed_messages_as_examples(studio_sqlite, browser):
    door = studio_sqlite
    await create_user(door, "clara", "comms_editor")
    proposed = {"can my hamster read my data": "en", "could my hamster see the data": "en",
                "kann mein Hamster meine Daten lesen": "de", "Good evening": "en"}  # the last: Greeting has it
    for text, language in proposed.items():
        await chat(door.database_url, [(text, UNCLEAR)], language=language)
    page = await new_page(browser, 1366, 900, bypass_csp=True)  # bypass: axe-core is injected
    await page.goto(f"{door.url}/studio/inbox")
    await page.get_by_label("Username").fill("clara")
    await page.get_by_label("Password").fill(AGENT_PASSWORD)
    await page.get_by_role("button", name="Log in").click()
    for text in proposed:
        await page.locator("#groups").get_by_role("checkbox", name=text, exact=True).check()
    await page.get_by_label("What to do").select_option("new_intent")
    await page.get_by_label("Name of the new intent (a to z, digits, _)").fill("pet_questions")
    await page.get_by_role("button", name="Apply to the selected messages").click()
    await expect(page.locator("#notice")).to_have_text("Done: 4 message(s).")
    await expect(page.locator("#proposals")).to_contain_text("pet_questions: 4 message(s)")
    assert await serious_accessibility_violations(page) == []

    await page.get_by_role("link", name="Create this intent: pet_questions").click()
    await expect(page.locator("#new-intent-form")).to_be_visible()
    await expect(page.get_by_label("Technical name")).to_have_value("pet_questions")
    await expect(page.locator("#new-proposal")).to_contain_text("these 4 customer messages become")
    for text in proposed:
        await expect(page.locator("#new-proposal-messages")).to_contain_text(text)
    await page.get_by_label("Plain name in English").fill("Questions about pets")
    await page.get_by_label("Plain name in German").fill("Fragen zu Haustieren")
    await page.get_by_label("Answer in English").fill("Pets cannot read your data.")
    await page.get_by_label("Answer in German").fill("Haustiere können Ihre Daten nicht lesen.")
    assert await serious_accessibility_violations(page) == []
    await page.get_by_role("button", name="Create intent").click()
    notice = page.locator("#notice")
    await expect(notice).to_contain_text("Intent pet_questions created.")
    await expect(notice).to_contain_text("3 messages from the review inbox are now its examples.")
    await expect(notice).to_contain_text("Back in the review inbox: “Good evening”")
    await expect(page.locator("#intent-name")).to_have_text("Technical name: pet_questions")
    await expect(page.locator("#intent-title")).to_have_text("Questions about pets")  # its plain name
    await expect(page.locator("#intent-list")).to_contain_text("Questions about pets")
    await expect(page.locator(ENGLISH).locator("h3")).to_have_text("English examples (2)")
    await expect(page.locator(ENGLISH).locator("ol.examples input[value='could my hamster see the data']")
                 ).to_have_count(1)
    assert await serious_accessibility_violations(page) == []
    await screenshot(page, "intent-editor-from-proposal")

    await page.goto(f"{door.url}/studio/inbox")
    await expect(page.locator("#groups")).to_contain_text("Good evening")
    await page.get_by_label("What to do").select_option("move")
    await expect(page.get_by_label("Intent", exact=True).locator("option[value=pet_questions]")).to_have_text(
        "Questions about pets (pet_questions)")
    await expect(page.locator("#proposals-section")).to_be_hidden()
    assert [error for error in page.errors if "401" not in error] == []
