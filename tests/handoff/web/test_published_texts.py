"""The pages' own texts come from the studio's published content at run time (issue 12, items 1 and 7):
a widget, console or studio text published through the studio's API shows on an already-built page
after a reload, without `make web` or a restart; a published text holding a script tag shows as
text; the studio's errors and check messages come in German when the studio user chose German.
Real Chromium, the real front door on SQLite, the real action server (it runs the checks)."""
from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import time

import aiohttp
from playwright.async_api import Page, expect

from tests.handoff.conftest import AGENT_PASSWORD, db_rows
from tests.handoff.console.conftest import create_user, login
from tests.handoff.studio.bot import PUBLISH_SECONDS
from tests.handoff.studio.conftest import (GERMAN_SUMMARY, StudioUser, action_server,  # noqa: F401
                                           incident_document, studio_sqlite)
from tests.handoff.web.conftest import new_page
from tests.conftest import ROOT

BUNDLES = ROOT / "handoff" / "static" / "dist"
JARGON_DE = "Fremde sind in einige Konten gelangt. Die Daten wurden kompromittiert. Wir haben die Konten gesperrt."


def bundle_hash(name: str) -> str:
    return hashlib.sha256((BUNDLES / name).read_bytes()).hexdigest()


async def publish(door, path: str, language: str, text: str) -> None:
    """``text`` published as field ``path`` of the ``ui`` document: clara saves, arne approves and
    publishes (the studio's API, as the studio page does)."""
    known = {row["username"] for row in await db_rows(door.database_url, "SELECT username FROM agents")}
    editor = StudioUser(await login(door, "clara", "comms_editor", create="clara" not in known))
    approver = StudioUser(await login(door, "arne", "approver", create="arne" not in known))
    field = await editor.field("ui", path, language)
    saved = await editor.post(f"/fields/{field['field_id']}/drafts",
                              {"text": text, "base_version": field["latest"]["version"]})
    assert saved.status == 201, await saved.text()
    version = (await saved.json())["version"]
    base = f"/fields/{field['field_id']}/versions/{version}"
    approved = await approver.post(f"{base}/approve")
    assert approved.status == 200, await approved.text()
    published = await approver.post(f"{base}/publish")
    assert published.status == 200, await published.text()
    await editor.close(), await approver.close()


async def publish_unchecked(door, path: str, language: str, text: str) -> None:
    """``text`` published as field ``path`` of ``ui`` straight in the database, past the studio's
    input checks (which refuse HTML): what the pages must survive if such a text ever got in."""
    field = (await db_rows(door.database_url, "SELECT id FROM content_fields WHERE document = 'ui' AND path = :path "
                           "AND language = :language", path=path, language=language))[0]["id"]
    version = (await db_rows(door.database_url, "SELECT MAX(version) AS v FROM content_versions WHERE field_id = :f",
                             f=field))[0]["v"] + 1
    now = dt.datetime.now(dt.timezone.utc)
    await db_rows(door.database_url, "INSERT INTO content_versions (field_id, version, text, status, checks_passed, "
                  "created_at, published_at) VALUES (:f, :v, :t, 'published', true, :now, :now)",
                  f=field, v=version, t=text, now=now)
    await db_rows(door.database_url, "UPDATE content_fields SET published_version = :v WHERE id = :f", v=version, f=field)
    await db_rows(door.database_url, "UPDATE content_revision SET revision = revision + 1 WHERE id = 1")


async def served(url: str, section: str, key: str, language: str, text: str, cookies=None) -> bool:
    """True once ``url`` serves ``text`` for ``key`` (asked until ``PUBLISH_SECONDS`` have passed)."""
    deadline = time.monotonic() + PUBLISH_SECONDS
    async with aiohttp.ClientSession(cookie_jar=cookies) as http:
        while True:
            late = time.monotonic() > deadline
            async with http.get(url) as reply:
                found = (await reply.json()).get(section, {}).get(key, {}).get(language) if reply.status == 200 else None
            if found == text or late:
                return found == text
            await asyncio.sleep(0.3)


async def widget_page(browser, url: str) -> Page:
    page = await new_page(browser, locale="en-GB")
    await page.goto(f"{url}/")
    await expect(page.locator("#breach-chat-bubble")).to_be_visible()
    return page


async def test_a_published_widget_text_shows_after_a_reload_without_a_rebuild(studio_sqlite, browser):
    door = studio_sqlite
    built = bundle_hash("widget.js")
    page = await widget_page(browser, door.url)
    await expect(page.locator("#breach-chat-bubble .bc-bubble-text")).to_have_text("Questions? Chat with us")

    await publish(door, "widget.bubble", "en", "Questions? Write to our team")
    await publish(door, "widget.send", "en", "Send it")
    assert await served(f"{door.url}/widget/texts", "widget", "send", "en", "Send it")

    await page.reload()
    await expect(page.locator("#breach-chat-bubble .bc-bubble-text")).to_have_text("Questions? Write to our team")
    await page.locator("#breach-chat-bubble").click()
    await expect(page.locator("#breach-chat-send")).to_have_attribute("title", "Send it")
    await expect(page.locator("#breach-chat-send .bc-sr-only")).to_have_text("Send it")
    # Texts that were not published keep their bundled wording; the bundle itself is the one built before.
    await expect(page.locator("#breach-chat-title")).to_have_text("Questions about the data breach")
    assert bundle_hash("widget.js") == built and "Write to our team" not in (BUNDLES / "widget.js").read_text()
    assert page.errors == []


async def test_the_widget_texts_are_revalidated_with_their_etag(studio_sqlite):
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{studio_sqlite.url}/widget/texts") as first:
            assert first.status == 200 and first.headers["Cache-Control"] == "no-cache"
            etag = first.headers["ETag"]
            assert (await first.json())["widget"]["send"] == {"en": "Send", "de": "Senden"}
        async with http.get(f"{studio_sqlite.url}/widget/texts", headers={"If-None-Match": etag}) as again:
            assert again.status == 304
    await publish(studio_sqlite, "widget.send", "de", "Abschicken")
    assert await served(f"{studio_sqlite.url}/widget/texts", "widget", "send", "de", "Abschicken")
    async with aiohttp.ClientSession() as http:
        async with http.get(f"{studio_sqlite.url}/widget/texts", headers={"If-None-Match": etag}) as changed:
            assert changed.status == 200 and changed.headers["ETag"] != etag


async def test_a_published_text_with_a_script_tag_shows_as_text(studio_sqlite, browser):
    door = studio_sqlite
    hostile = '<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2"><b>Bold</b>'
    await publish_unchecked(door, "widget.title", "en", hostile)
    await publish_unchecked(door, "widget.welcome", "en", hostile)
    assert await served(f"{door.url}/widget/texts", "widget", "title", "en", hostile)

    page = await widget_page(browser, door.url)
    await page.locator("#breach-chat-bubble").click()
    await expect(page.locator("#breach-chat-title")).to_have_text(hostile)
    await expect(page.locator("#breach-chat-welcome .bc-welcome-text")).to_have_text(hostile)
    assert await page.locator("#breach-chat script, #breach-chat img, #breach-chat b").count() == 0
    assert await page.evaluate("window.pwned") is None


async def test_a_published_console_text_shows_after_a_reload(studio_sqlite, browser):
    door = studio_sqlite
    built = bundle_hash("console.js")
    await create_user(door, "jana", "agent")
    page = await new_page(browser, 1366, 768)
    await page.goto(f"{door.url}/console")
    await page.locator("#username").fill("jana")
    await page.locator("#password").fill(AGENT_PASSWORD)
    await page.locator("#login-submit").click()
    heading = page.locator("[data-ui=queue_heading]")
    await expect(heading).to_have_text("Waiting")

    await publish(door, "console.queue_heading", "en", "Customers waiting")
    await publish(door, "intents.report_fraud", "en", "Fraud has happened")
    async with aiohttp.ClientSession() as http:  # the route is for console users only
        async with http.get(f"{door.url}/console/api/texts") as anonymous:
            assert anonymous.status == 401
    deadline = time.monotonic() + PUBLISH_SECONDS
    while True:  # the console fetches its texts at each load: reload until the publish is in
        late = time.monotonic() > deadline
        await page.reload()
        await expect(page.locator("#queue")).to_be_visible()
        if await heading.text_content() == "Customers waiting" or late:
            break
        await asyncio.sleep(0.3)
    await expect(heading).to_have_text("Customers waiting")
    await expect(page.locator("[data-ui=refresh]")).to_have_text("Refresh")  # not published: as built
    assert bundle_hash("console.js") == built


async def test_a_published_studio_text_shows_and_errors_come_in_the_chosen_language(studio_sqlite, browser):
    door = studio_sqlite
    await publish(door, "studio.fields_heading", "de", "Alle Texte")
    await create_user(door, "gerda", "comms_editor")
    page = await new_page(browser, 1366, 900)
    await page.add_init_script("localStorage.setItem('studio.language', 'de')")
    await page.goto(f"{door.url}/studio")
    await page.locator("#username").fill("gerda")
    await page.locator("#password").fill(AGENT_PASSWORD)
    await page.locator("#login-form button[type=submit]").click()
    await expect(page.locator("#fields-heading")).to_have_text("Alle Texte")

    await page.locator("#document").select_option(incident_document())
    await page.locator("#search").fill(GERMAN_SUMMARY)
    await page.get_by_role("button", name=GERMAN_SUMMARY).click()
    german = page.locator("#text-de")
    await german.fill(JARGON_DE)
    problems = page.locator("#text-de-problems")
    await expect(problems).to_contain_text("\u201ekompromittiert\u201c ist Fachjargon")
    await expect(problems).to_contain_text("stattdessen: \u201egestohlen")

    await german.fill("Hallo <b>fett</b>.")
    await page.locator("section.language:has(#text-de)").get_by_role("button", name="Entwurf speichern").click()
    await expect(page.locator("#notice")).to_have_text(
        "Feld \u201eText\u201c: enth\u00e4lt HTML. Schreiben Sie nur einfachen Text.")
    # The page's own script errors only: the login check's 401 and the refused save's 400 are expected.
    assert [error for error in page.errors if "400 (Bad Request)" not in error and "401 (Unauthorized)" not in error] == []


async def test_a_published_transcript_file_name_cannot_make_the_transcript_a_web_page(studio_sqlite, browser, tmp_path):
    """The transcript holds what the customer typed: saved as ``.html`` it would run it when opened."""
    door = studio_sqlite
    await publish_unchecked(door, "widget.transcript_file", "en", "chat<script>.html")
    assert await served(f"{door.url}/widget/texts", "widget", "transcript_file", "en", "chat<script>.html")
    page = await widget_page(browser, door.url)
    await page.locator("#breach-chat-bubble").click()
    await page.locator("#breach-chat-input").fill("<img src=x onerror=alert(1)> what happened?")
    await page.locator("#breach-chat-input").press("Enter")
    await expect(page.locator("#breach-chat-transcript")).to_be_visible(timeout=30_000)  # a conversation exists
    async with page.expect_download() as download_info:
        await page.locator("#breach-chat-transcript").click()
    download = await download_info.value
    assert download.suggested_filename == "chatscript.txt"
    await download.save_as(tmp_path / "saved")
    assert "onerror" in (tmp_path / "saved").read_text(encoding="utf-8")  # the customer's words, as plain text
