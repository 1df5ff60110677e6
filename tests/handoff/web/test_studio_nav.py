"""The studio pages' one nav (handoff/static/src/shared/studio-session.js), in real Chromium: before
login it links every studio page; once logged in, only the pages the user's role may open (the table
of data/contract.json that the front door's checks read), the page shown marked as the current one."""
from __future__ import annotations

from playwright.async_api import expect

from tests.handoff.console.conftest import create_user
from tests.handoff.web.conftest import new_page
from tests.handoff.web.test_console_queue import unexpected_errors
from tests.handoff.web.test_suggestions import studio_login
from tests.handoff.suggestions.conftest import action_server, studio_sqlite  # noqa: F401 - fixtures

EVERY_PAGE = ["Texts", "Intents", "Review inbox", "Agents' suggestions", "Insights", "Trainings and models"]


async def test_the_nav_links_the_pages_a_role_may_open_and_marks_the_current_one(studio_sqlite, browser):
    door = studio_sqlite
    await create_user(door, "anna", "annotator")
    await create_user(door, "sven", "supervisor")

    visitor = await new_page(browser)
    await visitor.goto(f"{door.url}/studio/suggestions")
    nav = visitor.get_by_role("navigation", name="Studio pages")
    await expect(nav.get_by_role("link")).to_have_text(EVERY_PAGE)

    annotator = await studio_login(browser, door.url, "anna", "/studio/suggestions")
    refused = []
    annotator.on("response", lambda response: refused.append(response.url) if response.status == 403 else None)
    await annotator.reload()
    await expect(annotator.locator("#app-view")).to_be_visible()
    nav = annotator.get_by_role("navigation", name="Studio pages")
    await expect(nav.get_by_role("link")).to_have_text(["Intents", "Review inbox", "Agents' suggestions", "Insights"])
    await expect(nav.locator("[aria-current=page]")).to_have_text("Agents' suggestions")

    supervisor = await studio_login(browser, door.url, "sven")
    nav = supervisor.get_by_role("navigation", name="Studio pages")
    await expect(nav.get_by_role("link")).to_have_text(EVERY_PAGE)
    await expect(nav.locator("[aria-current=page]")).to_have_text("Texts")
    await expect(nav.get_by_role("link", name="Texts")).to_have_attribute("href", "/studio")
    assert [unexpected_errors(page) for page in (visitor, supervisor)] == [[], []]
    # Annotators may read the suggestions but not the studio's texts page: the page keeps its bundled texts.
    assert refused == [f"{door.url}/studio/api/texts"]
