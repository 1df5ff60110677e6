"""The first-answer length check through the studio's API (issue 12 items 2 and 8): a summary that
makes the first answer too long is named while typing and on save; the draft is saved, but an
approver cannot approve it; a short one can be."""
from __future__ import annotations

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
