"""Content in the database: the repo files seed version 1, the export gives the same YAML back, and a
publish reaches the front door's content and the actions' reader without a restart."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml
from sqlalchemy import text

from actions.content import fields
from actions.content.published import PublishedContent
from handoff.config import ROOT
from handoff.content.store import FrontDoorContent
from handoff.db import make_engine, make_sessionmaker
from handoff.studio import store
from tests.handoff.conftest import db_rows

INCIDENT = ROOT / "data" / "incidents" / "nordlicht-2026-11.yml"
DOCUMENTS = fields.documents(INCIDENT, ROOT)


async def _seeded(url: str):
    engine = make_engine(url)
    sessions = make_sessionmaker(engine)
    assert await store.seed(sessions, DOCUMENTS) == len(DOCUMENTS)
    return engine, sessions


async def _publish_directly(url: str, document: str, path: str, language: str, new_text: str) -> None:
    """What a publish leaves in the tables (the publish flow itself is tested in test_flow.py)."""
    engine = make_engine(url)
    async with engine.begin() as connection:
        field_id = (await connection.execute(text(
            "SELECT id FROM content_fields WHERE document = :d AND path = :p AND language = :l"),
            {"d": document, "p": path, "l": language})).scalar_one()
        await connection.execute(text(
            "INSERT INTO content_versions (field_id, version, text, status, checks_passed, created_at) "
            "VALUES (:f, 2, :t, 'published', true, CURRENT_TIMESTAMP)"), {"f": field_id, "t": new_text})
        await connection.execute(text("UPDATE content_fields SET published_version = 2 WHERE id = :f"),
                                 {"f": field_id})
        await connection.execute(text("UPDATE content_revision SET revision = revision + 1 WHERE id = 1"))
    await engine.dispose()


async def test_repo_files_seed_version_one_once_and_export_back_unchanged(database_url: str, tmp_path: Path):
    engine, sessions = await _seeded(database_url)
    assert await store.seed(sessions, DOCUMENTS) == 0  # a second start adds nothing
    exported = await store.export(sessions)
    await engine.dispose()
    for document, path in DOCUMENTS.items():
        name = fields.export_name(document)
        assert yaml.safe_load(exported[name]) == yaml.safe_load(path.read_text(encoding="utf-8")), name
    versions = await db_rows(database_url, "SELECT DISTINCT version, status FROM content_versions")
    assert versions == [{"version": 1, "status": "published"}]
    german = await db_rows(database_url, "SELECT COUNT(*) AS n FROM content_fields WHERE language = 'de'")
    assert german[0]["n"] > 100


async def test_a_new_release_seeds_its_new_texts_and_keeps_the_studios_versions(database_url: str, tmp_path: Path):
    # A database seeded by an older release, whose phrases lacked one text, and a studio publish since.
    phrases = yaml.safe_load(DOCUMENTS["frontdoor"].read_text(encoding="utf-8"))
    added = phrases["phrases"].pop("back_with_bot")
    older = tmp_path / "frontdoor.yml"
    older.write_text(yaml.safe_dump(phrases, allow_unicode=True), encoding="utf-8")
    engine = make_engine(database_url)
    sessions = make_sessionmaker(engine)
    assert await store.seed(sessions, {**DOCUMENTS, "frontdoor": older}) == len(DOCUMENTS)
    await _publish_directly(database_url, "frontdoor", "phrases.queue_no_estimate", "de", "Wir wissen nicht, wie lange es dauert.")

    assert await store.seed(sessions, DOCUMENTS) == 1  # the new release's start
    assert await store.seed(sessions, DOCUMENTS) == 0
    cache = store.PublishedCache()
    await cache.refresh(sessions)
    await engine.dispose()
    content = FrontDoorContent(INCIDENT, published=cache.versioned)
    assert content.say("back_with_bot", "de") == added["de"]
    assert content.say("queue_no_estimate", "de") == "Wir wissen nicht, wie lange es dauert."


async def test_a_publish_reaches_the_front_door_content_without_a_restart(database_url: str):
    engine, sessions = await _seeded(database_url)
    cache = store.PublishedCache()
    await cache.refresh(sessions)
    content = FrontDoorContent(INCIDENT, published=cache.versioned)
    assert content.say("back_with_bot", "de") == "Sie schreiben jetzt wieder mit dem Assistenten."
    await _publish_directly(database_url, "frontdoor", "phrases.back_with_bot", "de",
                            "Jetzt antwortet wieder der Assistent.")
    assert content.say("back_with_bot", "de") == "Sie schreiben jetzt wieder mit dem Assistenten."  # not yet read
    await cache.refresh(sessions)
    await engine.dispose()
    assert content.say("back_with_bot", "de") == "Jetzt antwortet wieder der Assistent."
    assert content.say("back_with_bot", "en") == "You are chatting with the assistant again."


async def test_the_actions_reader_sees_a_publish_after_its_poll(sqlite_url: str):
    """The action server's synchronous reader (its PostgreSQL case runs in the bot test)."""
    engine, _sessions = await _seeded(sqlite_url)
    await engine.dispose()
    now = [0.0]
    reader = PublishedContent(sqlite_url, poll_seconds=1.0, clock=lambda: now[0])
    revision, advice = reader.versioned("advice")
    assert advice["categories"]["password"]["label"] == {"en": "Password", "de": "Passwort"}
    await _publish_directly(sqlite_url, "advice", "categories.password.label", "de", "Kennwort")
    assert reader.versioned("advice")[1]["categories"]["password"]["label"]["de"] == "Passwort"  # cached
    now[0] = 1.5
    newer, advice = reader.versioned("advice")
    assert newer == revision + 1 and advice["categories"]["password"]["label"]["de"] == "Kennwort"
    reader.close()


def test_a_database_without_studio_tables_means_files(tmp_path: Path):
    reader = PublishedContent(f"sqlite:///{tmp_path / 'empty.sqlite3'}")
    assert reader.versioned("advice") is None
    reader.close()


def test_the_update_note_writes_the_date_in_the_customers_language_and_time_zone():
    from handoff.replies.updates import long_date

    content = FrontDoorContent(INCIDENT)
    late = dt.datetime(2026, 12, 2, 23, 30, tzinfo=dt.timezone.utc)  # already 3 December at the hotline (Berlin)
    assert long_date(content, late, "en") == "3 December 2026"
    assert content.say("updated_on", "de", date=long_date(content, late, "de")) == "Aktualisiert am 3. Dezember 2026."
    assert long_date(content, dt.datetime(2027, 3, 1, 12, tzinfo=dt.timezone.utc), "de") == "1. März 2027"
