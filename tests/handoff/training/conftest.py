"""Fixtures of the training tests: the front door without a bot (SQLite, PostgreSQL), logged-in studio
users speaking to ``/studio/api/models``, and trainings written straight into the database."""
from __future__ import annotations

from typing import Any, AsyncIterator, Dict, Optional

import aiohttp
import pytest

from handoff.db import make_engine, make_sessionmaker
from handoff.redaction.redactor import Redactor
from handoff.training.models import TrainingJob
from tests.handoff.clients import Agent
from tests.handoff.console.conftest import Door, _door, login


@pytest.fixture
async def door_models(database_url: str, redactor: Redactor) -> AsyncIterator[Door]:
    """The front door on SQLite and PostgreSQL, without a bot."""
    running = await _door(database_url, redactor)
    yield running
    await running.server.runner.cleanup()


@pytest.fixture
async def door_models_sqlite(sqlite_url: str, redactor: Redactor) -> AsyncIterator[Door]:
    """The same on SQLite only (for rules whose database does not matter)."""
    running = await _door(sqlite_url, redactor)
    yield running
    await running.server.runner.cleanup()


class ModelsUser:
    """A logged-in browser speaking to ``/studio/api/models`` (with the session's CSRF token)."""

    def __init__(self, browser: Agent) -> None:
        self.browser = browser

    async def get(self, path: str = "") -> aiohttp.ClientResponse:
        return await self.browser.http.get(f"{self.browser.url}/studio/api/models{path}")

    async def post(self, path: str, body: Optional[Dict[str, Any]] = None, csrf: bool = True) -> aiohttp.ClientResponse:
        headers = {"X-CSRF-Token": self.browser.csrf} if csrf else {}
        return await self.browser.http.post(f"{self.browser.url}/studio/api/models{path}", json=body or {},
                                            headers=headers)

    async def close(self) -> None:
        await self.browser.http.close()


async def models_user(door: Door, username: str, role: str) -> ModelsUser:
    return ModelsUser(await login(door, username, role))


async def add_job(database_url: str, **values: Any) -> int:
    """Write a training row as the worker leaves it (state, report, model path ...); its id."""
    engine = make_engine(database_url)
    async with make_sessionmaker(engine)() as session:
        job = TrainingJob(**{"state": "queued", "progress": 0, "log_tail": "", **values})
        session.add(job)
        await session.commit()
        job_id = job.id
    await engine.dispose()
    return job_id
