"""The studio's insights page in real Chromium: a comms editor logs in, sees the numbers of the
conversations this test made (per day across midnight UTC, per language), opens the conversations
behind a number (exactly those), reads one redacted transcript, filters by language; a supervisor and
an annotator may look, an agent may not; in German when the studio is. axe-core: no serious or
critical violations."""
from __future__ import annotations

import datetime as dt
from typing import AsyncIterator

import pytest
from playwright.async_api import Page, expect

from tests.handoff.conftest import AGENT_PASSWORD
from tests.handoff.console.conftest import Door, _door, create_user
from tests.handoff.insights.conftest import MIDNIGHT, Chat, make_all
from tests.handoff.web.conftest import new_page, screenshot, serious_accessibility_violations
from tests.handoff.web.test_texts import UI

SECOND = dt.timedelta(seconds=1)
CHATS = {
    "a": Chat(MIDNIGHT - dt.timedelta(hours=14), intents=["am_i_affected", "am_i_affected"], helpful=[True]),
    "b": Chat(MIDNIGHT - 30 * SECOND, reason="low_confidence", wait_seconds=120, score=4, intents=["nlu_fallback"]),
    "c": Chat(MIDNIGHT + 30 * SECOND, reason="customer_request", wait_seconds=60, score=2),
    "d": Chat(MIDNIGHT + dt.timedelta(hours=9), language="de", intents=["am_i_affected"], helpful=[False]),
    "e": Chat(MIDNIGHT + dt.timedelta(hours=11), language="de", reason="customer_request"),
}


@pytest.fixture
async def door(sqlite_url, redactor) -> AsyncIterator[Door]:
    """The front door on SQLite without a bot (its clock: 2 December 2026, 09:00 UTC)."""
    running = await _door(sqlite_url, redactor)
    yield running
    await running.server.runner.cleanup()


async def insights_of(browser, door: Door, username: str) -> Page:
    page = await new_page(browser, 1366, 900, bypass_csp=True)  # bypass: axe-core is injected
    await page.goto(f"{door.url}/studio/insights")
    await page.get_by_label("Username").fill(username)
    await page.get_by_label("Password").fill(AGENT_PASSWORD)
    await page.get_by_role("button", name="Log in").click()
    return page


def tile(page: Page, label: str):
    return page.locator(".tile").filter(has=page.locator(".label", has_text=label)).locator("button.number")


async def listed(page: Page) -> list:
    await expect(page.locator("#drill")).to_be_visible()
    return await page.locator("#drill-table tbody tr").evaluate_all("rows => rows.map(r => r.dataset.conversation)")


async def test_the_page_shows_the_numbers_and_the_conversations_behind_them(door, browser):
    ids = await make_all(door, CHATS)
    await create_user(door, "clara", "comms_editor")
    page = await insights_of(browser, door, "clara")
    await expect(page.get_by_label("First day")).to_have_value("2026-11-26")  # the last 7 days
    await expect(tile(page, "Conversations")).to_have_text("5")
    await expect(tile(page, "Answered without a person")).to_have_text("2")
    await expect(tile(page, "Handed to a person")).to_have_text("3")
    await expect(tile(page, "Unclear messages")).to_have_text("1")
    await expect(tile(page, "Wait for a person (median)")).to_have_text("1.5 min")  # median of 120 s and 60 s
    await expect(tile(page, "Answers rated not helpful")).to_have_text("1")

    december_1 = page.locator("#days-table tr", has=page.locator("th", has_text="2026-12-01"))
    await expect(december_1.locator("button.number").first).to_have_text("2")  # b started 30 s before midnight
    december_2 = page.locator("#days-table tr", has=page.locator("th", has_text="2026-12-02"))
    await expect(december_2.locator("button.number").first).to_have_text("3")

    await tile(page, "Handed to a person").click()
    await expect(page.locator("#drill-heading")).to_have_text("Conversations behind: Handed to a person")
    assert await listed(page) == [ids["b"], ids["c"], ids["e"]]
    await december_1.locator("button.number").first.click()
    await expect(page.locator("#drill-heading")).to_contain_text("on 2026-12-01")
    assert await listed(page) == [ids["a"], ids["b"]]
    reasons = page.locator("#reasons-table tr", has=page.locator("th", has_text="Asked for a person"))
    await expect(reasons.locator("button.number")).to_have_text("2")
    await reasons.locator("button.number").click()
    await expect(page.locator("#drill-heading")).to_contain_text("Asked for a person")
    assert await listed(page) == [ids["c"], ids["e"]]

    await page.locator(f"#drill-table tr[data-conversation='{ids['c']}']").get_by_role("button").click()
    await expect(page.locator("#transcript-log")).to_contain_text("Is my account affected?")
    await expect(page.locator("#transcript-about")).to_contain_text(ids["c"])

    await page.get_by_label("Language of the conversations").select_option("de")
    await expect(tile(page, "Conversations")).to_have_text("2")
    topic = page.locator("#topics-table tbody tr").first
    await expect(topic.locator("th")).to_have_text(UI["intents"]["am_i_affected"]["en"])  # its plain name
    await topic.locator("button.number").click()
    await expect(page.locator("#drill-heading")).to_contain_text("Topic: ")
    assert await listed(page) == [ids["d"]]
    assert await serious_accessibility_violations(page) == []
    await screenshot(page, "studio-insights")
    await page.screenshot(path=str((await screenshot(page, "studio-insights-full")).with_suffix(".png")), full_page=True)

    await page.get_by_label("Language of the conversations").select_option("")
    await page.get_by_label("First day").fill("2026-12-02")
    await page.get_by_role("button", name="Show").click()
    await expect(tile(page, "Conversations")).to_have_text("3")
    assert [error for error in page.errors if "401" not in error] == []  # 401: /me before the login


async def test_supervisors_and_annotators_may_look_agents_may_not(door, browser):
    for username, role in (("sue", "supervisor"), ("ana", "annotator"), ("andy", "agent")):
        await create_user(door, username, role)
        page = await insights_of(browser, door, username)
        if role == "agent":
            await expect(page.locator("#notice")).to_have_text("This account has no access to the insights.")
            await expect(page.locator("#insights")).to_be_hidden()
        else:
            await expect(tile(page, "Conversations")).to_have_text("0")
        await page.context.close()


async def test_the_insights_speak_german_when_the_studio_does(door, browser):
    await make_all(door, {"d": CHATS["d"]})
    await create_user(door, "ana", "annotator")
    page = await new_page(browser, 1366, 900)
    await page.goto(f"{door.url}/studio/insights")
    await page.get_by_label("Language of the studio").select_option("de")  # reloads the page in German
    await expect(page.locator("html")).to_have_attribute("lang", "de")
    await page.get_by_label("Benutzername").fill("ana")
    await page.get_by_label("Passwort").fill(AGENT_PASSWORD)
    await page.get_by_role("button", name="Anmelden").click()
    await expect(page).to_have_title("Auswertung")
    await expect(tile(page, "Gespräche")).to_have_text("1")
    await expect(page.locator("#topics-table tbody th")).to_have_text(UI["intents"]["am_i_affected"]["de"])
    assert [error for error in page.errors if "401" not in error] == []
