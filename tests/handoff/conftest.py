"""Fixtures of the front door tests: databases (SQLite, PostgreSQL), the real Rasa and action
servers, the real front door on a TCP port, and logged-in agents."""
from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import dataclasses
import os
import secrets
import socket
import urllib.parse
from pathlib import Path
from typing import AsyncIterator, Dict, Iterator, List

import asyncpg
import pytest
from aiohttp import web

from handoff import migrations
from handoff.agents import service as agents
from handoff.app import create_app
from handoff.config import Settings
from handoff.db import make_engine, make_sessionmaker
from handoff.redaction.redactor import Redactor
from tests import servers
from tests.conftest import service_missing
from tests.handoff.clients import Agent

POSTGRES_ADMIN = os.environ.get("TEST_POSTGRES_ADMIN_DSN", "postgresql://postgres@127.0.0.1:5432/test")
AGENT_PASSWORD = "correct horse battery staple"
RASA_CODES_DIR: Dict[str, Path] = {}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def redactor() -> Redactor:
    """One redactor for every test (building it takes a moment)."""
    return Redactor()


@pytest.fixture(scope="session")
def rasa(tmp_path_factory: pytest.TempPathFactory) -> Iterator[servers.Servers]:
    """The real Rasa server and action server, speaking about the test incident."""
    running = servers.start_test_incident(tmp_path_factory.mktemp("rasa"))
    RASA_CODES_DIR["dir"] = running.notice_codes_dir  # the front door hashes codes with the same salt
    yield running
    running.stop()


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """The admin DSN of the local PostgreSQL; skips (saying why) when there is none."""
    async def probe() -> None:
        connection = await asyncpg.connect(POSTGRES_ADMIN, timeout=5)
        await connection.close()

    try:
        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            pool.submit(asyncio.run, probe()).result()
    except (OSError, asyncpg.PostgresError) as error:
        service_missing(f"PostgreSQL not reachable at {POSTGRES_ADMIN}: {error}")
    return POSTGRES_ADMIN


@pytest.fixture(scope="session")
def redis_url() -> str:
    """The URL of the local Redis (``TEST_REDIS_URL``); skips (fails with CI=true) when unreachable."""
    url = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
    parts = urllib.parse.urlsplit(url)
    with socket.socket() as sock:
        sock.settimeout(2)
        if sock.connect_ex((parts.hostname or "127.0.0.1", parts.port or 6379)) != 0:
            service_missing(f"Redis not reachable at {url}")
    return url


async def fresh_postgres_database(admin_dsn: str) -> tuple:
    name = "handoff_test_" + secrets.token_hex(6)
    connection = await asyncpg.connect(admin_dsn)
    await connection.execute(f'CREATE DATABASE "{name}"')
    await connection.close()
    base = admin_dsn.rsplit("/", 1)[0].replace("postgresql://", "postgresql+asyncpg://")
    return name, f"{base}/{name}"


async def drop_postgres_database(admin_dsn: str, name: str) -> None:
    connection = await asyncpg.connect(admin_dsn)
    await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    await connection.close()


@pytest.fixture(params=["sqlite", "postgresql"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    # (postgres_server is requested lazily so SQLite tests run where PostgreSQL is absent)
    """A migrated, empty database: SQLite file or a fresh PostgreSQL database."""
    if request.param == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'handoff.sqlite3'}"
        await asyncio.to_thread(migrations.upgrade, url)
        yield url
        return
    admin = request.getfixturevalue("postgres_server")
    name, url = await fresh_postgres_database(admin)
    await asyncio.to_thread(migrations.upgrade, url)
    yield url
    await drop_postgres_database(admin, name)


@pytest.fixture
async def sqlite_url(tmp_path: Path) -> str:
    """A migrated, empty SQLite database."""
    url = f"sqlite+aiosqlite:///{tmp_path / 'handoff.sqlite3'}"
    await asyncio.to_thread(migrations.upgrade, url)
    return url


@dataclasses.dataclass
class FrontDoorServer:
    """The front door running on a real TCP port."""

    url: str
    app: web.Application
    runner: web.AppRunner
    settings: Settings

    async def create_agent(self, username: str, display_name: str = "") -> None:
        engine = make_engine(self.settings.database_url)
        async with make_sessionmaker(engine)() as session:
            await agents.create(session, username=username, password=AGENT_PASSWORD,
                                display_name=display_name or username.title())
            await session.commit()
        await engine.dispose()


# A Wednesday, 10:00 in Berlin: inside the test incident's hotline hours (Mon-Fri 9-17).
OFFICE_HOURS = dt.datetime(2026, 12, 2, 9, 0, tzinfo=dt.timezone.utc)


async def start_front_door(database_url: str, redactor: Redactor, rasa_urls: List[str], rasa_token: str,
                           clock=lambda: OFFICE_HOURS, **overrides) -> FrontDoorServer:
    """Start ``create_app`` on a free port (the same code ``python -m handoff serve`` runs)."""
    port = free_port()
    overrides.setdefault("session_secret", secrets.token_bytes(32))
    if RASA_CODES_DIR.get("dir") is not None:
        overrides.setdefault("notice_codes_dir", RASA_CODES_DIR["dir"])
    settings = Settings(database_url=database_url, rasa_urls=tuple(rasa_urls), rasa_token=rasa_token, port=port,
                        incident_id=servers.TEST_INCIDENT, incidents_dir=servers.TEST_INCIDENTS_DIR,
                        **overrides)
    app = create_app(settings, redactor=redactor, clock=clock)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", port).start()
    return FrontDoorServer(f"http://127.0.0.1:{port}", app, runner, settings)


@pytest.fixture
async def front_door(database_url: str, redactor: Redactor, rasa: servers.Servers) -> AsyncIterator[FrontDoorServer]:
    """The front door on each database, talking to the real Rasa."""
    server = await start_front_door(database_url, redactor, [rasa.rasa_url], rasa.rasa_token)
    yield server
    await server.runner.cleanup()


@pytest.fixture
async def front_door_sqlite(sqlite_url: str, redactor: Redactor, rasa: servers.Servers) -> AsyncIterator[FrontDoorServer]:
    """The front door on SQLite only (for tests whose database does not matter)."""
    server = await start_front_door(sqlite_url, redactor, [rasa.rasa_url], rasa.rasa_token)
    yield server
    await server.runner.cleanup()


async def logged_in_agent(server: FrontDoorServer, username: str, available: bool = True) -> Agent:
    """Create, log in and connect an agent; mark them available."""
    await server.create_agent(username)
    agent = Agent(server.url)
    response = await agent.login(username, AGENT_PASSWORD)
    assert response.status == 200
    await agent.connect_socket()
    if available:
        assert (await agent.post("/availability", {"available": True})).status == 200
    return agent


async def db_rows(url: str, statement: str, **params) -> List[Dict]:
    """Run an SQL statement on ``url`` and return the rows as dicts (what is really stored)."""
    from sqlalchemy import text

    engine = make_engine(url)
    async with engine.begin() as connection:
        result = await connection.execute(text(statement), params)
        rows = [dict(row._mapping) for row in result] if result.returns_rows else []
    await engine.dispose()
    return rows
