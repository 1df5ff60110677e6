"""The first-answer length check through the studio's API (issue 12 items 2 and 8): a summary that
makes the first answer too long is named while typing and on save; the draft is saved, but an
approver cannot approve it; a short one can be."""
from __future__ import annotations

import asyncio

from tests import servers
from tests.handoff.console.conftest import _door
from tests.handoff.studio.conftest import incident_document, studio_user

SUMMARY = "what_happened.summary"
LONG_EN = " ".join(["Someone got into some of our customer accounts last week."] * 8)  # 80 words
SHORT_EN = "Someone got into some customer accounts in our shop. We have locked these accounts."


async def test_a_summary_that_makes_the_first_answer_too_long_is_saved_but_cannot_be_approved(studio_sqlite):
    editor = await studio_user(studio_sqlite, "clara", "comms_editor")
    approver = await studio_user(studio_sqlite, "arne", "approver")
    field_id = (await editor.field(incident_document(), SUMMARY, "en"))["field_id"]

    checked = await editor.post("/check", {"field_id": field_id, "text": LONG_EN})
    assert checked.status == 200
    problems = (await checked.json())["problems"]
    assert [p["rule"] for p in problems] == ["first_answer_length"]
    assert "\u201cWhat happened\u201d would have 80 words" in problems[0]["message"]

    saved = await editor.post(f"/fields/{field_id}/drafts", {"text": LONG_EN, "base_version": 1})
    assert saved.status == 201
    body = await saved.json()
    assert body["checks_passed"] is False and [p["rule"] for p in body["problems"]] == ["first_answer_length"]
    refused = await approver.post(f"/fields/{field_id}/versions/2/approve")
    assert refused.status == 422 and "fails the checks" in (await refused.json())["error"]

    fixed = await editor.post(f"/fields/{field_id}/drafts", {"text": SHORT_EN, "base_version": 2})
    assert fixed.status == 201 and (await fixed.json())["checks_passed"] is True
    assert (await approver.post(f"/fields/{field_id}/versions/3/approve")).status == 200
    await editor.close(), await approver.close()


async def test_the_first_answer_is_counted_with_the_other_fields_drafts(sqlite_url, redactor, tmp_path):
    """An action server reading the studio's database: a saved draft of one frame (not yet approved)
    counts when a second frame of the same first answer is checked, as the preview would show both."""
    (tmp_path / "actions").mkdir()
    actions = await asyncio.to_thread(servers.start_action_server, tmp_path / "actions", {
        "INCIDENT_ID": servers.TEST_INCIDENT, "INCIDENTS_DIR": str(servers.TEST_INCIDENTS_DIR),
        "CONTENT_DATABASE_URL": sqlite_url})
    door = await _door(sqlite_url, redactor, action_server_url=actions.actions_url,
                       action_server_token=actions.actions_token)
    editor = await studio_user(door, "clara", "comms_editor")
    try:
        started = (await editor.field("phrases", "phrases.when_started", "en"))["field_id"]
        discovered = (await editor.field("phrases", "phrases.when_discovered", "en"))["field_id"]
        longer_discovered = "We found out on {date}, when customers told us about strange mails."
        alone = await editor.post("/check", {"field_id": discovered, "text": longer_discovered})
        assert (await alone.json())["problems"] == []  # with the published "It started on {date}."

        draft = await editor.post(f"/fields/{started}/drafts", {
            "text": "It started on {date}. On that day we saw the first strange logins in our shop.",
            "base_version": 1})
        assert draft.status == 201 and (await draft.json())["problems"] == []  # alone it still fits
        together = await editor.post("/check", {"field_id": discovered, "text": longer_discovered})
        problems = (await together.json())["problems"]
        assert [p["rule"] for p in problems] == ["first_answer_length"]
        assert "\u201cWhen it happened\u201d" in problems[0]["message"]
    finally:
        await editor.close()
        await door.server.runner.cleanup()
        await asyncio.to_thread(actions.stop)
