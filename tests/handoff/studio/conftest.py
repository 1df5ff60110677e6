"""Fixtures of the studio tests: the real action server (it runs the content checks), the front door
without a bot on SQLite and PostgreSQL, and logged-in studio users."""
from __future__ import annotations

from pathlib import Path
from typing import Any, AsyncIterator, Dict, Iterator, Optional

import aiohttp
import pytest

from handoff.redaction.redactor import Redactor
from tests import servers
from tests.handoff.clients import Agent
from tests.handoff.console.conftest import Door, _door, login

GERMAN_SUMMARY = "what_happened.summary"


@pytest.fixture(scope="session")
def action_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[servers.Servers]:
    """Only the real action server (the studio asks it for the checks), about the test incident the
    studio is seeded with (its first answers are composed for the first-answer length check)."""
    running = servers.start_action_server(tmp_path_factory.mktemp("actions"), {
        "INCIDENT_ID": servers.TEST_INCIDENT, "INCIDENTS_DIR": str(servers.TEST_INCIDENTS_DIR)})
    yield running
    running.stop()


async def _studio(url: str, redactor: Redactor, action_server: servers.Servers) -> Door:
    return await _door(url, redactor, action_server_url=action_server.actions_url,
                       action_server_token=action_server.actions_token)


@pytest.fixture
async def studio(database_url: str, redactor: Redactor, action_server: servers.Servers) -> AsyncIterator[Door]:
    """The front door (seeded with the test incident's content) on SQLite and PostgreSQL."""
    running = await _studio(database_url, redactor, action_server)
    yield running
    await running.server.runner.cleanup()


@pytest.fixture
async def studio_sqlite(sqlite_url: str, redactor: Redactor, action_server: servers.Servers) -> AsyncIterator[Door]:
    """The same on SQLite only (for rules whose database does not matter)."""
    running = await _studio(sqlite_url, redactor, action_server)
    yield running
    await running.server.runner.cleanup()


class StudioUser:
    """A logged-in browser speaking to ``/studio/api`` (with the session's CSRF token)."""

    def __init__(self, browser: Agent) -> None:
        self.browser = browser

    async def get(self, path: str, **params: str) -> aiohttp.ClientResponse:
        return await self.browser.http.get(f"{self.browser.url}/studio/api{path}", params=params)

    async def post(self, path: str, body: Optional[Dict[str, Any]] = None, csrf: bool = True) -> aiohttp.ClientResponse:
        headers = {"X-CSRF-Token": self.browser.csrf} if csrf else {}
        return await self.browser.http.post(f"{self.browser.url}/studio/api{path}", json=body or {}, headers=headers)

    async def field(self, document: str, path: str, language: str) -> Dict[str, Any]:
        """The listing entry of one field in one language (with ``field_id``, ``latest``, ...)."""
        reply = await self.get("/fields", document=document)
        assert reply.status == 200, await reply.text()
        entry = next(item for item in (await reply.json())["fields"] if item["path"] == path)
        return {**entry["languages"][language], "warnings": entry["warnings"]}

    async def close(self) -> None:
        await self.browser.http.close()


async def studio_user(door: Door, username: str, role: str) -> StudioUser:
    return StudioUser(await login(door, username, role))


def incident_document() -> str:
    return f"incidents/{servers.TEST_INCIDENT}"


def test_incident_file() -> Path:
    return servers.TEST_INCIDENTS_DIR / f"{servers.TEST_INCIDENT}.yml"
