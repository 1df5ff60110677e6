"""The studio's intent editor in real Chromium (issue 13, item 2), on the real front door (SQLite)
with the real action server: an editor adds an example, sees the refusal of a duplicate next to the
field, moves an example to another intent, and creates a new intent with its answer in both
languages (a draft waiting for approval). axe-core: no serious or critical violations."""
from __future__ import annotations

from playwright.async_api import Page, expect

from tests.handoff.conftest import AGENT_PASSWORD
from tests.handoff.console.conftest import create_user
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
