"""Schema migrations on both databases, retention and erasure commands, the state machine's guard."""
from __future__ import annotations

import asyncio
import datetime
import os
import subprocess
import sys

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from handoff.agents import models as _agents  # noqa: F401 - registers the tables
from handoff.callbacks import models as _callbacks  # noqa: F401
from handoff.conversation import models as _conversation  # noqa: F401
from handoff.feedback import models as _feedback  # noqa: F401
from handoff.transcripts import models as _transcripts  # noqa: F401
from handoff.conversation import service
from handoff.conversation.service import Conflict
from handoff.conversation.states import ALLOWED, State
from handoff.db import Base, make_engine, make_sessionmaker
from tests.conftest import ROOT
from tests.handoff.clients import Customer
from tests.handoff.conftest import db_rows, start_front_door

import pytest


async def test_migrations_match_the_models(database_url):
    engine = make_engine(database_url)
    async with engine.connect() as connection:
        differences = await connection.run_sync(
            lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata))
    await engine.dispose()
    assert differences == []


def test_every_state_has_a_way_on_and_resolved_is_only_left_by_the_customer():
    assert set(ALLOWED) == set(State)
    assert ALLOWED[State.resolved] == {State.bot}
    assert State.bot not in ALLOWED[State.bot]


async def test_transition_refuses_a_stale_expected_state(database_url):
    engine = make_engine(database_url)
    sessions = make_sessionmaker(engine)
    async with sessions() as session:
        conversation = await service.create(session, session_hash="t" * 64, language="en", incident_id=None)
        await service.transition(session, conversation_id=conversation.id, expected={State.bot},
                                 new=State.waiting, actor="customer")
        await session.commit()
    async with sessions() as session:
        with pytest.raises(Conflict):
            await service.transition(session, conversation_id=conversation.id, expected={State.bot},
                                     new=State.waiting, actor="bot")
        with pytest.raises(Conflict):  # not in the table
            await service.transition(session, conversation_id=conversation.id, expected={State.waiting},
                                     new=State.waiting, actor="bot")
        # The bot cannot speak while the conversation waits for a person.
        assert await service.add_message(session, conversation_id=conversation.id, sender="bot", text="hi",
                                         only_in={State.bot}) is None
    await engine.dispose()


def run_command(database_url: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "handoff", *args], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": database_url, **env},
                          timeout=120)


async def test_retention_deletes_old_transcripts_and_erase_deletes_one(front_door):
    url = front_door.settings.database_url
    customers = []
    for text in ("old question", "new question", "erase me"):
        customer = Customer(front_door.url, "en")
        await customer.connect()
        await customer.say(text)
        await customer.wait_for("bot_uttered", lambda d: d.get("sender") == "bot")
        customers.append(customer)
    rows = await db_rows(url, "SELECT c.id, m.text FROM conversations c JOIN messages m ON m.conversation_id = c.id "
                              "WHERE m.sender = 'customer'")
    ids = {row["text"]: row["id"] for row in rows}
    await db_rows(url, "UPDATE conversations SET updated_at = :then WHERE id = :id",
                  then=__import__("datetime").datetime(2020, 1, 1, tzinfo=__import__("datetime").timezone.utc),
                  id=ids["old question"])
    result = await asyncio.to_thread(run_command, url, "retention", RETENTION_DAYS="30")
    assert result.returncode == 0 and "deleted 1 conversation" in result.stdout
    result = await asyncio.to_thread(run_command, url, "erase", ids["erase me"])
    assert result.returncode == 0
    left = await db_rows(url, "SELECT text FROM messages WHERE sender = 'customer'")
    assert left == [{"text": "new question"}]
    orphans = await db_rows(url, "SELECT count(*) AS n FROM transitions t LEFT JOIN conversations c "
                                 "ON c.id = t.conversation_id WHERE c.id IS NULL")
    assert orphans == [{"n": 0}]
    audit = await db_rows(url, "SELECT action, conversation_id FROM audit_log ORDER BY id")
    assert {"action": "conversation.expired", "conversation_id": ids["old question"]} in audit
    assert {"action": "conversation.erased", "conversation_id": ids["erase me"]} in audit
    for customer in customers:
        await customer.close()


def test_create_agent_command_refuses_short_passwords(tmp_path):
    url = f"sqlite+aiosqlite:///{tmp_path / 'cli.sqlite3'}"
    short = subprocess.run([sys.executable, "-m", "handoff", "create-agent", "kim"], input="short\n", cwd=ROOT,
                           capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT),
                                                                 "DATABASE_URL": url}, timeout=120)
    assert short.returncode == 1 and "12 characters" in short.stderr
    good = subprocess.run([sys.executable, "-m", "handoff", "create-agent", "kim"], input="a long enough password\n",
                          cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT), "DATABASE_URL": url}, timeout=120)
    assert good.returncode == 0 and "created agent 'kim'" in good.stdout


def test_production_mode_needs_a_session_secret(tmp_path):
    result = run_command(f"sqlite+aiosqlite:///{tmp_path / 'p.sqlite3'}", "migrate", HANDOFF_ENV="production",
                         SESSION_SECRET="")
    assert result.returncode == 1 and "SESSION_SECRET is required in production" in result.stderr


async def test_sqlite_files_are_readable_by_their_owner_only(tmp_path, redactor, rasa):
    database = tmp_path / "var" / "handoff.sqlite3"
    result = await asyncio.to_thread(run_command, f"sqlite+aiosqlite:///{database}", "migrate")
    assert result.returncode == 0, result.stderr
    door = await start_front_door(f"sqlite+aiosqlite:///{database}", redactor, [rasa.rasa_url], rasa.rasa_token)
    customer = Customer(door.url, "en")
    await customer.connect()  # writes, so the WAL files exist
    files = [path for path in database.parent.iterdir() if path.name.startswith("handoff.sqlite3")]
    assert len(files) >= 2  # the database and its write-ahead log
    assert {path.name: oct(path.stat().st_mode & 0o777) for path in files} == {
        path.name: "0o600" for path in files}
    await customer.close()
    await door.runner.cleanup()


async def test_retention_runs_by_itself_and_says_so_in_the_audit_log(sqlite_url, redactor, rasa):
    door = await start_front_door(sqlite_url, redactor, [rasa.rasa_url], rasa.rasa_token,
                                  retention_days=30, retention_interval_seconds=0.2)
    customer = Customer(door.url, "en")
    await customer.connect()
    await customer.say("hello")
    await customer.wait_for("bot_uttered", lambda d: d.get("sender") == "bot")
    old = datetime.datetime(2020, 1, 1, tzinfo=datetime.timezone.utc)
    await db_rows(sqlite_url, "UPDATE conversations SET updated_at = :then", then=old)
    for _ in range(100):
        if not await db_rows(sqlite_url, "SELECT id FROM conversations"):
            break
        await asyncio.sleep(0.1)
    assert await db_rows(sqlite_url, "SELECT id FROM messages") == []
    actions = [row["action"] for row in await db_rows(sqlite_url, "SELECT action FROM audit_log")]
    assert "conversation.expired" in actions and "retention.run" in actions
    await customer.close()
    await door.runner.cleanup()


@pytest.mark.parametrize("url", ["postgresql+asyncpg://postgres@127.0.0.1:5432/handoff_test_x",
                                 "postgresql://postgres@127.0.0.1/test"])
def test_a_server_database_leaves_no_file_named_like_it(tmp_path, monkeypatch, url):
    """Migrating PostgreSQL once created an empty file named after the database in the working folder."""
    from handoff.db import private_sqlite_file

    monkeypatch.chdir(tmp_path)
    private_sqlite_file(url)
    assert list(tmp_path.iterdir()) == []
    private_sqlite_file(f"sqlite+aiosqlite:///{tmp_path / 'a.sqlite3'}")
    assert [path.name for path in tmp_path.iterdir()] == ["a.sqlite3"]  # SQLite files are still made private


async def test_a_second_engine_in_one_process_leaves_the_first_seeing_other_processes_writes(sqlite_url):
    """Opening the file once more in a process whose SQLite connections are open (a test next to the running
    front door, a command run in-process) dropped their locks: another process then took itself for the last
    one, deleted the WAL files, and the open connections kept reading an old copy (a password change set by
    the command line did not end the sessions the front door checked)."""
    from sqlalchemy import text

    first = make_engine(sqlite_url)
    async with first.begin() as connection:  # its pages are in the WAL; the connection stays in the pool
        await connection.execute(text("CREATE TABLE probe (x INTEGER)"))
        await connection.execute(text("INSERT INTO probe VALUES (1)"))
    await make_engine(sqlite_url).dispose()
    # Like the command line: one connection to migrate, then one to write, each closed again.
    delete = ("import sqlite3, sys\nfor statement in ('SELECT count(*) FROM probe', 'DELETE FROM probe'):\n"
              "    c = sqlite3.connect(sys.argv[1]); c.execute(statement); c.commit(); c.close()")
    done = await asyncio.to_thread(subprocess.run, [sys.executable, "-c", delete, sqlite_url.split("///", 1)[1]],
                                   capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    async with first.connect() as connection:
        assert (await connection.execute(text("SELECT count(*) FROM probe"))).scalar() == 0
    await first.dispose()
