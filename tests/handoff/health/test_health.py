"""``GET /health/live`` and ``GET /health/ready`` of the front door, against the real Rasa and
action server, and against ones that are not there (free ports nobody listens on)."""
from __future__ import annotations

import aiohttp
import pytest

from tests import servers
from tests.handoff.conftest import free_port, start_front_door


async def get(url: str):
    async with aiohttp.ClientSession() as http:
        async with http.get(url) as response:
            return response.status, await response.text(), (await response.json()
                                                             if response.content_type == "application/json" else None)


@pytest.fixture
async def door_factory(sqlite_url, redactor):
    started = []

    async def start(rasa_urls, rasa_token, action_server_url):
        door = await start_front_door(sqlite_url, redactor, rasa_urls, rasa_token,
                                      action_server_url=action_server_url)
        started.append(door)
        return door

    yield start
    for door in started:
        await door.runner.cleanup()


async def test_ready_when_database_rasa_and_action_server_answer(door_factory, rasa: servers.Servers):
    door = await door_factory([rasa.rasa_url], rasa.rasa_token, rasa.actions_url)
    status, text, body = await get(f"{door.url}/health/ready")
    assert status == 200, text
    assert body == {"ready": True, "database": {"ok": True}, "action_server": {"ok": True},
                    "rasa": [{"ok": True, "index": 0}]}
    assert (await get(f"{door.url}/health/live"))[0] == 200


async def test_not_ready_while_one_rasa_is_away_but_alive(door_factory, rasa: servers.Servers):
    dead = f"http://127.0.0.1:{free_port()}"
    door = await door_factory([rasa.rasa_url, dead], rasa.rasa_token, rasa.actions_url)
    status, text, body = await get(f"{door.url}/health/ready")
    assert status == 503
    assert body["ready"] is False
    assert [check["ok"] for check in body["rasa"]] == [True, False]
    assert body["rasa"][1]["error"] == "ClientConnectorError"
    assert dead not in text and rasa.rasa_token not in text  # open endpoint: no URL, no token
    status, _, body = await get(f"{door.url}/health/live")
    assert status == 200 and body == {"status": "ok"}


async def test_not_ready_without_the_action_server(door_factory, rasa: servers.Servers):
    door = await door_factory([rasa.rasa_url], rasa.rasa_token, f"http://127.0.0.1:{free_port()}")
    status, _, body = await get(f"{door.url}/health/ready")
    assert status == 503
    assert body["action_server"]["ok"] is False and body["rasa"][0]["ok"] is True


async def test_a_wrong_rasa_token_is_not_ready(door_factory, rasa: servers.Servers):
    door = await door_factory([rasa.rasa_url], "not-the-token", rasa.actions_url)
    status, text, body = await get(f"{door.url}/health/ready")
    assert status == 503
    assert body["rasa"] == [{"ok": False, "error": "HTTP 401", "index": 0}]
    assert "not-the-token" not in text
