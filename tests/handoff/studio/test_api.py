"""The studio's API: attacks first (no session, wrong role, no CSRF token, approving one's own draft),
then draft -> checks -> approve -> publish -> served, concurrent edits, bad input, translation
warnings, history and rollback, the export download. Real action server (checks), SQLite and
PostgreSQL."""
from __future__ import annotations

import asyncio
import datetime as dt

import aiohttp
import pytest
import yaml

from handoff.keys import DEPS
from tests.handoff.conftest import db_rows
from tests.handoff.studio.conftest import GERMAN_SUMMARY, StudioUser, incident_document, studio_user

JARGON_DE = "Fremde sind in einige Konten gelangt. Die Daten wurden kompromittiert. Wir haben die Konten gesperrt."
PLAIN_DE = "Fremde sind in einige Konten gelangt. Sie haben Daten gesehen. Wir haben die Konten gesperrt."


async def _save(user: StudioUser, field_id: int, text: str, base: int, **extra) -> aiohttp.ClientResponse:
    return await user.post(f"/fields/{field_id}/drafts", {"text": text, "base_version": base, **extra})


async def test_without_a_session_every_route_answers_401(studio_sqlite):
    async with aiohttp.ClientSession() as anonymous:
        for method, path in [("GET", "/documents"), ("GET", "/fields?document=advice"), ("GET", "/fields/1"),
                             ("GET", "/export?document=advice"), ("POST", "/check"), ("POST", "/fields/1/drafts"),
                             ("POST", "/fields/1/versions/1/approve"), ("POST", "/fields/1/versions/1/publish"),
                             ("POST", "/fields/1/versions/1/rollback"), ("POST", "/fields/1/versions/1/send-back")]:
            async with anonymous.request(method, f"{studio_sqlite.url}/studio/api{path}", json={}) as reply:
                assert reply.status == 401, (method, path)


@pytest.mark.parametrize("role", ["agent", "annotator"])
async def test_roles_outside_the_studio_get_403(studio_sqlite, role):
    user = await studio_user(studio_sqlite, f"{role}_x", role)
    assert (await user.get("/documents")).status == 403
    assert (await _save(user, 1, "Hallo.", 1)).status == 403
    await user.close()


async def test_a_post_without_the_csrf_token_is_refused_and_stores_nothing(studio_sqlite):
    editor = await studio_user(studio_sqlite, "clara", "comms_editor")
    field = await editor.field(incident_document(), GERMAN_SUMMARY, "de")
    reply = await editor.post(f"/fields/{field['field_id']}/drafts", {"text": PLAIN_DE, "base_version": 1}, csrf=False)
    assert reply.status == 403
    assert await db_rows(studio_sqlite.database_url, "SELECT id FROM content_versions WHERE author_id IS NOT NULL") == []
    await editor.close()


async def test_supervisors_read_but_change_nothing(studio_sqlite):
    supervisor = await studio_user(studio_sqlite, "olga", "supervisor")
    field = await supervisor.field(incident_document(), GERMAN_SUMMARY, "de")
    assert (await _save(supervisor, field["field_id"], PLAIN_DE, 1)).status == 403
    assert (await supervisor.post(f"/fields/{field['field_id']}/versions/1/rollback")).status == 403
    await supervisor.close()


async def test_an_approver_cannot_approve_their_own_draft(studio_sqlite):
    arne = await studio_user(studio_sqlite, "arne", "approver")
    field = await arne.field(incident_document(), GERMAN_SUMMARY, "de")
    assert (await _save(arne, field["field_id"], PLAIN_DE, 1)).status == 201
    own = await arne.post(f"/fields/{field['field_id']}/versions/2/approve")
    assert own.status == 403 and "own draft" in (await own.json())["error"]
    editor = await studio_user(studio_sqlite, "clara", "comms_editor")
    assert (await editor.post(f"/fields/{field['field_id']}/versions/2/approve")).status == 403  # not an approver
    assert (await editor.post(f"/fields/{field['field_id']}/versions/2/publish")).status == 422  # not approved
    await arne.close(), await editor.close()


async def test_draft_with_jargon_is_saved_not_approved_then_fixed_approved_published_and_served(studio):
    editor = await studio_user(studio, "clara", "comms_editor")
    approver = await studio_user(studio, "arne", "approver")
    field = await editor.field(incident_document(), GERMAN_SUMMARY, "de")
    field_id = field["field_id"]

    checked = await editor.post("/check", {"field_id": field_id, "text": JARGON_DE})
    problems = (await checked.json())["problems"]
    assert checked.status == 200 and any(p["rule"] == "jargon" and "kompromittiert" in p["message"]
                                         and "gestohlen" in p["message"] for p in problems)
    saved = await _save(editor, field_id, JARGON_DE, 1, note="first try")
    assert saved.status == 201 and (await saved.json())["checks_passed"] is False
    refused = await approver.post(f"/fields/{field_id}/versions/2/approve")
    assert refused.status == 422 and "fails the checks" in (await refused.json())["error"]

    fixed = await _save(editor, field_id, PLAIN_DE, 2)
    assert fixed.status == 201 and (await fixed.json())["problems"] == []
    assert (await approver.post(f"/fields/{field_id}/versions/3/approve", {"note": "ok"})).status == 200
    assert (await editor.post(f"/fields/{field_id}/versions/3/publish", {"note": "go"})).status == 200

    deps = studio.server.app[DEPS]
    for _ in range(50):  # the front door's poll (1 s): the new text is served without a restart
        notice = deps.content.notice()
        if notice.what_happened.summary.de == PLAIN_DE:
            break
        await asyncio.sleep(0.1)
    assert notice.what_happened.summary.de == PLAIN_DE
    assert notice.what_happened.summary.en.startswith("Someone logged into")

    audit = await db_rows(studio.database_url, "SELECT a.action, a.version, a.note, g.username FROM content_audit a "
                                               "JOIN agents g ON g.id = a.agent_id WHERE a.field_id = :f ORDER BY a.id",
                          f=field_id)
    assert [(row["action"], row["version"], row["username"]) for row in audit] == [
        ("draft.saved", 2, "clara"), ("draft.saved", 3, "clara"), ("draft.approved", 3, "arne"),
        ("version.published", 3, "clara")]
    assert audit[0]["note"] == "first try" and audit[2]["note"] == "ok"
    await editor.close(), await approver.close()


async def test_a_concurrent_edit_gets_409_and_keeps_the_first_text(studio):
    first = await studio_user(studio, "clara", "comms_editor")
    second = await studio_user(studio, "dora", "comms_editor")
    field = await first.field(incident_document(), GERMAN_SUMMARY, "de")
    assert (await _save(first, field["field_id"], PLAIN_DE, 1)).status == 201
    late = await _save(second, field["field_id"], PLAIN_DE + " Neu.", 1)
    body = await late.json()
    assert late.status == 409 and "while you were editing" in body["error"] and body["latest"]["version"] == 2
    assert (await first.field(incident_document(), GERMAN_SUMMARY, "de"))["latest"]["text"] == PLAIN_DE
    await first.close(), await second.close()


async def test_bad_input_gets_a_clear_error_and_stores_nothing(studio_sqlite):
    editor = await studio_user(studio_sqlite, "clara", "comms_editor")
    field_id = (await editor.field(incident_document(), GERMAN_SUMMARY, "de"))["field_id"]
    url = f"{editor.browser.url}/studio/api/fields/{field_id}/drafts"
    headers = {"X-CSRF-Token": editor.browser.csrf, "Content-Type": "application/json"}
    async with editor.browser.http.post(url, data=b"{not json", headers=headers) as reply:
        assert reply.status == 400 and "JSON" in (await reply.json())["error"]
    async with editor.browser.http.post(url, data=b"\xff\xfe\x00binary", headers=headers) as reply:
        assert reply.status == 400
    too_long = await _save(editor, field_id, "Wort " * 1200, 1)
    assert too_long.status == 413 and "longer than 5000" in (await too_long.json())["error"]
    async with editor.browser.http.post(url, data=b"x" * 70_000, headers=headers) as reply:
        assert reply.status == 413
    script = await _save(editor, field_id, "Hallo <script>alert(1)</script>", 1)
    assert script.status == 400 and "HTML" in (await script.json())["error"]
    assert (await _save(editor, field_id, PLAIN_DE, "1")).status == 400
    assert (await _save(editor, 999999, PLAIN_DE, 1)).status == 404
    assert await db_rows(studio_sqlite.database_url, "SELECT id FROM content_versions WHERE author_id IS NOT NULL") == []
    await editor.close()


async def test_stale_translation_history_rollback_and_export(studio):
    editor = await studio_user(studio, "clara", "comms_editor")
    approver = await studio_user(studio, "arne", "approver")
    field_id = (await editor.field(incident_document(), GERMAN_SUMMARY, "de"))["field_id"]
    assert (await editor.field(incident_document(), GERMAN_SUMMARY, "en"))["warnings"] == []
    assert (await _save(editor, field_id, PLAIN_DE, 1)).status == 201
    back = await approver.post(f"/fields/{field_id}/versions/2/send-back", {"comment": ""})
    assert back.status == 422 and "comment is empty" in (await back.json())["error"]
    assert (await approver.post(f"/fields/{field_id}/versions/2/send-back", {"comment": "kürzer"})).status == 200
    assert (await _save(editor, field_id, PLAIN_DE, 2)).status == 201
    assert (await approver.post(f"/fields/{field_id}/versions/3/approve")).status == 200
    assert (await approver.post(f"/fields/{field_id}/versions/3/publish")).status == 200

    english = await editor.field(incident_document(), GERMAN_SUMMARY, "en")
    assert [w["kind"] for w in english["warnings"] if w["language"] == "en"] == ["stale"]

    history = await (await editor.get(f"/fields/{field_id}")).json()
    assert [(v["version"], v["status"], v["author"]) for v in history["versions"]] == [
        (3, "published", "clara"), (2, "sent_back", "clara"), (1, "published", "repo")]
    assert history["versions"][0]["approver"] == "arne" and history["versions"][0]["published_at"]
    assert ("draft.sent_back", "kürzer") in [(entry["action"], entry["note"]) for entry in history["audit"]]

    assert (await editor.post(f"/fields/{field_id}/versions/1/rollback")).status == 403  # approvers roll back
    assert (await approver.post(f"/fields/{field_id}/versions/2/rollback")).status == 422  # never published
    rolled = await approver.post(f"/fields/{field_id}/versions/1/rollback", {"note": "back to the notice"})
    assert rolled.status == 200 and (await rolled.json())["version"] == 4
    restored = await editor.field(incident_document(), GERMAN_SUMMARY, "de")
    assert restored["published"]["version"] == 4 and restored["published"]["text"].startswith("Fremde sind in einige Konten in unserem Shop")

    download = await editor.get("/export", document=incident_document())
    assert download.status == 200 and "attachment" in download.headers["Content-Disposition"]
    exported = yaml.safe_load(await download.text())
    assert exported["what_happened"]["summary"]["de"] == restored["published"]["text"]
    await editor.close(), await approver.close()


async def test_a_value_that_would_break_the_notice_cannot_be_approved(studio_sqlite):
    editor = await studio_user(studio_sqlite, "clara", "comms_editor")
    started = (await editor.field(incident_document(), "when.started", ""))["field_id"]
    checked = await editor.post("/check", {"field_id": started, "text": "2026-12-31"})  # after "discovered"
    problems = (await checked.json())["problems"]
    assert [p["rule"] for p in problems] == ["schema"] and "is after discovered" in problems[0]["message"]
    saved = await _save(editor, started, "2026-12-31", 1)
    assert saved.status == 201 and (await saved.json())["checks_passed"] is False
    good = await _save(editor, started, "2026-09-05", 2)
    assert (await good.json())["problems"] == []
    await editor.close()


async def test_the_action_servers_check_route_needs_its_token(action_server):
    body = {"path": "phrases.x", "language": "de", "text": "Die Daten wurden kompromittiert.", "other_text": None}
    async with aiohttp.ClientSession() as http:
        async with http.post(f"{action_server.actions_url}/content/check", json=body) as reply:
            assert reply.status == 401
        async with http.post(f"{action_server.actions_url}/content/check", json=body,
                             params={"token": action_server.actions_token}) as reply:
            assert reply.status == 200 and (await reply.json())["problems"][0]["rule"] == "jargon"
        async with http.post(f"{action_server.actions_url}/content/check", json={"text": 1},
                             params={"token": action_server.actions_token}) as reply:
            assert reply.status == 400


async def test_with_two_approvers_required_one_approval_does_not_allow_publishing(sqlite_url, redactor, action_server):
    from tests.handoff.console.conftest import _door

    door = await _door(sqlite_url, redactor, action_server_url=action_server.actions_url,
                       action_server_token=action_server.actions_token, studio_approvals_required=2)
    editor = await studio_user(door, "clara", "comms_editor")
    first, second = await studio_user(door, "arne", "approver"), await studio_user(door, "berta", "approver")
    field_id = (await editor.field(incident_document(), GERMAN_SUMMARY, "de"))["field_id"]
    assert (await _save(editor, field_id, PLAIN_DE, 1)).status == 201
    once = await first.post(f"/fields/{field_id}/versions/2/approve")
    assert once.status == 200 and await once.json() == {"version": 2, "status": "draft", "approvals": 1,
                                                         "approvals_required": 2}
    assert (await editor.post(f"/fields/{field_id}/versions/2/publish")).status == 422
    again = await first.post(f"/fields/{field_id}/versions/2/approve")
    assert again.status == 422 and "second approver" in (await again.json())["error"]
    twice = await second.post(f"/fields/{field_id}/versions/2/approve")
    assert (await twice.json())["status"] == "approved"
    assert (await editor.post(f"/fields/{field_id}/versions/2/publish")).status == 200
    await editor.close(), await first.close(), await second.close()
    await door.server.runner.cleanup()


async def test_a_scheduled_publish_waits_for_its_time(studio):
    editor = await studio_user(studio, "clara", "comms_editor")
    approver = await studio_user(studio, "arne", "approver")
    field_id = (await editor.field(incident_document(), GERMAN_SUMMARY, "de"))["field_id"]
    assert (await _save(editor, field_id, PLAIN_DE, 1)).status == 201
    assert (await approver.post(f"/fields/{field_id}/versions/2/approve")).status == 200
    for bad in ("tomorrow", "2026-12-02T12:00:00", 5):
        assert (await editor.post(f"/fields/{field_id}/versions/2/publish", {"at": bad})).status == 400
    at = (studio.clock.now + dt.timedelta(minutes=10)).isoformat()
    scheduled = await editor.post(f"/fields/{field_id}/versions/2/publish", {"at": at, "note": "at ten"})
    assert scheduled.status == 200 and (await scheduled.json())["status"] == "approved"
    await asyncio.sleep(1.5)  # a round of the scheduler: not due yet
    assert (await editor.field(incident_document(), GERMAN_SUMMARY, "de"))["published"]["version"] == 1
    studio.clock.advance(minutes=20)  # (less than the login's idle timeout)
    for _ in range(50):
        published = (await editor.field(incident_document(), GERMAN_SUMMARY, "de"))["published"]
        if published["version"] == 2:
            break
        await asyncio.sleep(0.1)
    assert published["version"] == 2 and published["text"] == PLAIN_DE
    audit = await db_rows(studio.database_url, "SELECT action, note FROM content_audit WHERE field_id = :f "
                                               "ORDER BY id", f=field_id)
    assert [row["action"] for row in audit][-2:] == ["version.scheduled", "version.published"]
    assert audit[-1]["note"] == "as scheduled"
    await editor.close(), await approver.close()


async def test_a_note_to_customers_is_checked_and_kept_with_the_version_also_when_scheduled(studio):
    editor = await studio_user(studio, "clara", "comms_editor")
    approver = await studio_user(studio, "arne", "approver")
    field_id = (await editor.field(incident_document(), GERMAN_SUMMARY, "de"))["field_id"]
    assert (await _save(editor, field_id, PLAIN_DE, 1)).status == 201
    assert (await approver.post(f"/fields/{field_id}/versions/2/approve")).status == 200
    publish = f"/fields/{field_id}/versions/2/publish"
    # What every customer is told needs an approver's word: an editor may publish, but not with a note.
    assert (await editor.post(publish, {"customer_note": "Rückerstattung unter refund.example"})).status == 403
    too_long = await approver.post(publish, {"customer_note": "Wort " * 50})
    assert too_long.status == 413 and "200" in (await too_long.json())["error"]
    # Unicode line breaks and bidi overrides (which can reverse what customers read) are not one line of plain text.
    for bad in ("Neu: <b>mehr</b>", "Zeile eins\nZeile zwei", 5, "Zeile eins\u2028Zeile zwei", "eins\u2029zwei",
                "eins\x85zwei", "Erstattung \u202egnuttatsre\u202c", "a \u2066b\u2069"):
        assert (await approver.post(publish, {"customer_note": bad})).status == 400, bad
    at = (studio.clock.now + dt.timedelta(minutes=10)).isoformat()
    scheduled = await approver.post(publish, {"at": at, "customer_note": "Die Polizei ermittelt."})
    assert scheduled.status == 200 and (await scheduled.json())["status"] == "approved"
    studio.clock.advance(minutes=20)
    for _ in range(50):
        published = (await editor.field(incident_document(), GERMAN_SUMMARY, "de"))["published"]
        if published["version"] == 2:
            break
        await asyncio.sleep(0.1)
    assert published["version"] == 2 and published["customer_note"] == "Die Polizei ermittelt."
    rolled = await approver.post(f"/fields/{field_id}/versions/1/rollback",
                                 {"customer_note": "Der alte Text gilt wieder."})
    assert rolled.status == 200
    history = await (await editor.get(f"/fields/{field_id}")).json()
    assert [v["customer_note"] for v in history["versions"][:2]] == ["Der alte Text gilt wieder.",
                                                                     "Die Polizei ermittelt."]
    # The audit says who told customers what.
    assert any("to customers: Die Polizei ermittelt." in (entry["note"] or "") for entry in history["audit"])
    assert any("to customers: Der alte Text gilt wieder." in (entry["note"] or "") for entry in history["audit"])
    await editor.close(), await approver.close()
