"""The preview's content: each field's newest draft or approved version, else the published one (one
SQL query, SQLite and PostgreSQL), noticed by the drafts reader after a save, a send back or a
publish, while the published reader keeps serving the published text."""
from __future__ import annotations

from sqlalchemy import text

from actions.content.published import DRAFT_MARKER_SQL, DRAFT_ROWS_SQL, ROWS_SQL, PublishedContent, Snapshot
from handoff.agents import service as agents
from handoff.studio import flow
from handoff.studio.models import ContentField
from tests.handoff.studio.test_store import _seeded

PATH = "categories.password.label"


async def _label(sessions, sql: str) -> str:
    async with sessions() as session:
        rows = (await session.execute(text(sql))).all()
    return Snapshot.from_rows(1, rows).documents["advice"]["categories"]["password"]["label"]["de"]


async def _marker(sessions) -> tuple:
    async with sessions() as session:
        return tuple((await session.execute(text(DRAFT_MARKER_SQL))).first())


async def test_drafts_are_the_newest_open_version_else_the_published_one(database_url: str):
    engine, sessions = await _seeded(database_url)
    async with sessions() as session:
        editor = await agents.create(session, username="clara", password="x" * 12, role="comms_editor")
        approver = await agents.create(session, username="arne", password="x" * 12, role="approver")
        field_id = (await session.execute(text("SELECT id FROM content_fields WHERE document = 'advice' "
                                               f"AND path = '{PATH}' AND language = 'de'"))).scalar_one()
        await session.commit()

    async def step(action, **arguments):
        async with sessions() as session:
            result = await action(session, field_id=field_id, **arguments)
            await session.commit()
            return result

    seeded = await _marker(sessions)
    await step(flow.save_draft, agent=editor, text="Kennwort", base_version=1, checks_passed=True)
    assert await _label(sessions, DRAFT_ROWS_SQL) == "Kennwort"
    assert await _label(sessions, ROWS_SQL) == "Passwort"  # customers keep the published text
    saved = await _marker(sessions)
    assert saved != seeded

    await step(flow.approve, agent=approver, version=2)
    assert await _label(sessions, DRAFT_ROWS_SQL) == "Kennwort"  # approved, not yet published

    await step(flow.save_draft, agent=editor, text="Zugangswort", base_version=2, checks_passed=True)
    assert await _label(sessions, DRAFT_ROWS_SQL) == "Zugangswort"
    before_send_back = await _marker(sessions)
    await step(flow.send_back, agent=approver, version=3, comment="Bitte nicht.")
    assert await _label(sessions, DRAFT_ROWS_SQL) == "Passwort"  # nothing open: the published text
    assert await _marker(sessions) != before_send_back

    await step(flow.save_draft, agent=editor, text="Kennwort", base_version=3, checks_passed=True)
    await step(flow.approve, agent=approver, version=4)
    await step(flow.publish, agent=editor, version=4)
    assert await _label(sessions, DRAFT_ROWS_SQL) == await _label(sessions, ROWS_SQL) == "Kennwort"
    async with sessions() as session:
        assert (await session.get(ContentField, field_id)).published_version == 4
    await engine.dispose()


async def test_the_drafts_reader_notices_a_save_and_the_published_reader_does_not(sqlite_url: str):
    engine, sessions = await _seeded(sqlite_url)
    async with sessions() as session:
        editor = await agents.create(session, username="clara", password="x" * 12, role="comms_editor")
        field_id = (await session.execute(text("SELECT id FROM content_fields WHERE document = 'advice' "
                                               f"AND path = '{PATH}' AND language = 'de'"))).scalar_one()
        await session.commit()
    now = [0.0]
    drafts = PublishedContent(sqlite_url, poll_seconds=1.0, clock=lambda: now[0], drafts=True)
    published = PublishedContent(sqlite_url, poll_seconds=1.0, clock=lambda: now[0])
    unpolled = PublishedContent(sqlite_url, clock=lambda: now[0], drafts=True)  # as Rasa and the actions use it
    assert unpolled.versioned("advice")[1]["categories"]["password"]["label"]["de"] == "Passwort"
    first, advice = drafts.versioned("advice")
    assert advice["categories"]["password"]["label"]["de"] == "Passwort"
    async with sessions() as session:
        await flow.save_draft(session, agent=editor, field_id=field_id, text="Kennwort", base_version=1,
                              checks_passed=True)
        await session.commit()
    assert drafts.versioned("advice")[1]["categories"]["password"]["label"]["de"] == "Passwort"  # cached
    assert unpolled.versioned("advice")[1]["categories"]["password"]["label"]["de"] == "Kennwort"  # at once
    now[0] = 1.5
    newer, advice = drafts.versioned("advice")
    assert newer != first and advice["categories"]["password"]["label"]["de"] == "Kennwort"
    assert published.versioned("advice")[1]["categories"]["password"]["label"]["de"] == "Passwort"
    now[0] = 3.0
    assert drafts.versioned("advice")[0] == newer  # nothing changed: the same snapshot, not reloaded
    drafts.close(), published.close(), unpolled.close()
    await engine.dispose()
