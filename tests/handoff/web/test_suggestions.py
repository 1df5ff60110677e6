"""Agents teach too, in real Chromium (issue 13, item 7): an agent answers a customer in the console
and suggests the answer as a canned reply; a comms editor finds it on the studio's suggestions page,
edits it and accepts it: it is a draft in the studio, not offered to agents; an approver approves and
publishes it in the studio's normal flow; then agents pick it from the console's canned replies.
axe-core: no serious or critical violations on the console with the form open and on the page."""
from __future__ import annotations

from playwright.async_api import Page, expect

from tests.handoff.conftest import AGENT_PASSWORD, db_rows
from tests.handoff.console.conftest import create_user
from tests.handoff.seed import queued_chats
from tests.handoff.web.conftest import new_page, screenshot, serious_accessibility_violations
from tests.handoff.web.test_console_queue import console_of, unexpected_errors
from tests.handoff.suggestions.conftest import action_server, studio_sqlite  # noqa: F401 - fixtures

ANSWER = "Your money comes back within 14 days. If not, write to us again."
EDITED = "Your money comes back within 14 days. If it does not, write to us again."
TITLE = "Money back in 14 days"
LANGUAGE_NAMES = {"en": "English", "de": "German"}


async def studio_login(browser, url: str, username: str, path: str = "/studio") -> Page:
    page = await new_page(browser, 1366, 900, bypass_csp=True)  # bypass: axe-core is injected
    await page.goto(url + path)
    await page.get_by_label("Username").fill(username)
    await page.get_by_label("Password").fill(AGENT_PASSWORD)
    await page.get_by_role("button", name="Log in").click()
    await expect(page.locator("#app-view")).to_be_visible()
    return page


async def canned_titles(console: Page) -> list:
    panel = console.locator("[role=tabpanel]:not([hidden])")
    await expect(panel.locator(".canned option").nth(1)).to_be_attached()
    return await panel.locator(".canned option").all_text_contents()


async def test_an_agents_answer_becomes_a_canned_reply_only_after_review(studio_sqlite, browser):
    door = studio_sqlite
    for username, role in (("jana", "agent"), ("clara", "comms_editor"), ("arne", "approver")):
        await create_user(door, username, role)
    chat = (await queued_chats(door.database_url, 1))[0]
    language = LANGUAGE_NAMES[chat.language]

    # The agent claims the chat, answers, and suggests the answer as a canned reply.
    console = await console_of(browser, door, "jana", bypass_csp=True)
    await console.locator("#queue > li[data-conversation-id] .claim").first.click()
    panel = console.locator("[role=tabpanel]:not([hidden])")
    await panel.locator(".reply-text").fill(ANSWER)
    await panel.locator(".reply-send").click()
    answer = panel.locator(".message-agent", has_text=ANSWER)
    await answer.get_by_role("button", name="Suggest as answer to the comms team").click()
    box = panel.locator(".suggest-box")
    await expect(box.get_by_label("A canned reply for agents")).to_be_checked()
    await expect(box.get_by_label("A canned reply for agents")).to_be_focused()
    await box.get_by_label("Note for the comms team (optional)").fill("Customers ask this a lot.")
    await screenshot(console, "console-suggest-answer")
    assert await serious_accessibility_violations(console) == []
    await box.get_by_role("button", name="Send suggestion").click()
    await expect(console.locator("#notice")).to_have_text("Sent to the comms team. Thank you!")
    await expect(answer.locator(".suggest")).to_have_text("Suggested")
    await expect(answer.locator(".suggest")).to_be_disabled()
    assert TITLE not in await canned_titles(console)

    # The editor edits and accepts it on the studio's suggestions page: a draft.
    editor = await studio_login(browser, door.url, "clara", "/studio/suggestions")
    card = editor.locator(".suggestion")
    await expect(card).to_have_count(1)
    await expect(card.locator("h2")).to_have_text("Suggested canned reply")
    # The customer's question, its removed e-mail address shown as the console shows it.
    await expect(card).to_contain_text(chat.preview.replace("<EMAIL>", "[email address removed]"))
    await expect(card).to_contain_text("Customers ask this a lot.")
    await card.get_by_label("Title in the agents' menu").fill(TITLE)
    await card.get_by_label("Text of the draft (edit before accepting)").fill(EDITED)
    await screenshot(editor, "studio-suggestions")
    assert await serious_accessibility_violations(editor) == []
    await card.get_by_role("button", name="Accept as draft").click()
    await expect(editor.locator("#notice")).to_have_text("Accepted: a draft (version 2) waits for approval in Texts.")
    await expect(editor.locator("#empty")).to_be_visible()
    await editor.get_by_label("Show").select_option("accepted")
    await expect(editor.locator(".suggestion")).to_contain_text("Accepted by clara")
    rows = await db_rows(door.database_url, "SELECT v.status, v.text FROM content_versions v JOIN content_fields f "
                         "ON f.id = v.field_id WHERE f.document = 'canned' AND v.version = 2")
    assert sorted((row["status"], row["text"]) for row in rows) == sorted([("draft", EDITED), ("draft", TITLE)])
    await console.reload()
    await expect(console.locator("[role=tabpanel]:not([hidden]) .reply-text")).to_be_visible()
    await expect(answer.locator(".suggest")).to_have_text("Suggested")  # also after a reload
    assert TITLE not in await canned_titles(console)  # a draft is not offered

    # The approver approves and publishes title and text in the studio's normal flow.
    approver = await studio_login(browser, door.url, "arne")
    assert await serious_accessibility_violations(approver) == []  # the studio's page with its new nav
    await approver.get_by_role("link", name="Agents' suggestions").click()
    await expect(approver.locator("#empty")).to_be_visible()  # decided: no longer open
    await approver.get_by_role("link", name="Texts").click()
    await approver.get_by_label("Document").select_option("canned")
    for part in ("title", "text"):
        await approver.locator("#field-list button", has_text=f".{part}").click()
        section = approver.locator(f"section.language:has(h3:text-is('{language}'))")
        await section.get_by_role("button", name="Approve").click()
        await expect(approver.locator("#notice")).to_have_text("Approved.")
        await section.get_by_role("button", name="Publish").click()
        await expect(approver.locator("#notice")).to_contain_text("Published.")

    # Agents now pick it from the canned replies (in the chat's language).
    for _ in range(30):
        await console.reload()
        await expect(console.locator("[role=tabpanel]:not([hidden]) .reply-text")).to_be_visible()
        if TITLE in await canned_titles(console):
            break
    panel = console.locator("[role=tabpanel]:not([hidden])")
    await panel.locator(".canned").select_option(label=TITLE)
    await expect(panel.locator(".reply-text")).to_have_value(EDITED)
    assert [unexpected_errors(page) for page in (console, editor, approver)] == [[], [], []]
