"""Fixtures of the activation tests: a models directory with the trained model, a second model
(the same one repacked with another Rasa ``model_id``: different archive, fingerprint and id, loads
the same), a corrupt one and one Rasa cannot load; two real Rasa processes sharing one tracker store
and one action server; the front door routing to both."""
from __future__ import annotations

import asyncio
import itertools
import json
import shutil
import uuid
from pathlib import Path
from typing import AsyncIterator, Awaitable, Callable, Dict, Iterator, List, Optional, Tuple

import aiohttp

import pytest

from handoff.redaction.redactor import Redactor
from handoff.keys import DEPS
from tests import servers
from tests.model_variants import model_id, repack  # noqa: F401 - model_id for the tests
from tests.handoff.clients import Agent
from tests.handoff.conftest import AGENT_PASSWORD, RASA_CODES_DIR, FrontDoorServer, start_front_door
from tests.handoff.studio.conftest import StudioUser

INITIAL = "breach-assistant.tar.gz"


@pytest.fixture(scope="session")
def models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``breach-assistant.tar.gz`` (the trained model), ``variant.tar.gz`` (another model id),
    ``corrupt.tar.gz`` (cut in half), ``hollow.tar.gz`` (metadata only: Rasa fails to load it)."""
    if not servers.MODEL.exists():
        raise RuntimeError(f"{servers.MODEL} is missing: run `make train`")
    place = tmp_path_factory.mktemp("models")
    shutil.copyfile(servers.MODEL, place / INITIAL)
    repack(servers.MODEL, place / "variant.tar.gz", uuid.uuid4().hex)
    repack(servers.MODEL, place / "hollow.tar.gz", uuid.uuid4().hex, only_metadata=True)
    data = servers.MODEL.read_bytes()
    (place / "corrupt.tar.gz").write_bytes(data[: len(data) // 2])
    return place


class TwoRasas:
    """The action server and two Rasa processes (same token, same tracker store)."""

    def __init__(self, first: servers.Servers, second: servers.Servers) -> None:
        self.first, self.second = first, second
        self.urls = [first.rasa_url, second.rasa_url]
        self.token = first.rasa_token

    def status(self) -> Dict[str, str]:
        """Each Rasa's ``/status`` ``model_id`` by URL."""
        import urllib.request
        found = {}
        for url in self.urls:
            with urllib.request.urlopen(f"{url}/status?token={self.token}", timeout=30) as reply:
                found[url] = json.loads(reply.read())["model_id"]
        return found

    def idle_threads(self) -> int:
        """How many threads of both Rasa processes run under ``SCHED_IDLE`` now (``bot/serve.py`` puts
        a loading process's threads there, and must take every one of them out again)."""
        import os
        idle = 0
        for process in (self.first.processes[1], self.second.processes[1]):
            for thread in os.listdir(f"/proc/{process.pid}/task"):
                try:
                    idle += os.sched_getscheduler(int(thread)) == os.SCHED_IDLE
                except OSError:  # the thread ended meanwhile
                    pass
        return idle

    def stop(self) -> None:
        """Stop both Rasa processes and the action server."""
        self.second.stop()
        self.first.stop()


def start_two_rasas(work: Path, second_model: Path, extra_env: Optional[Dict[str, str]] = None) -> TwoRasas:
    """The action server and a Rasa process with the trained model, and a second Rasa process with
    ``second_model`` (the same model or a copy of it), sharing one SQLite tracker store in ``work``;
    ``extra_env`` adds to both Rasa processes' and the action server's environment.

    Raises:
        RuntimeError: a server did not come up (``tests.servers.start``).
    """
    first_dir, second_dir = work / "a", work / "b"
    first_dir.mkdir(parents=True)
    second_dir.mkdir()
    # One tracker store for both, waiting for the other's write lock as scripts/run's does.
    first = servers.start_test_incident(first_dir, {
        "TRACKER_STORE_URL": f"sqlite:///{work / 'rasa-tracker.sqlite3'}?timeout=30", **(extra_env or {})})
    RASA_CODES_DIR["dir"] = first.notice_codes_dir
    try:
        second = servers.start(second_model, second_dir, {
            key: first.env[key] for key in ("ACTION_SERVER_PORT", "ACTION_SERVER_TOKEN", "RASA_TOKEN", "TRACKER_STORE_URL", "INCIDENT_ID",
                                            "INCIDENTS_DIR", "NOTICE_CODES_DIR", *(extra_env or {}))}, actions=False)
    except BaseException:
        first.stop()
        raise
    return TwoRasas(first, second)


@pytest.fixture(scope="module")
def two_rasas(tmp_path_factory: pytest.TempPathFactory, models_dir: Path) -> Iterator[TwoRasas]:
    """Two real Rasa processes with the trained model, for this module (activation changes them)."""
    running = start_two_rasas(tmp_path_factory.mktemp("two-rasas"), models_dir / INITIAL)
    yield running
    running.stop()


@pytest.fixture
async def door_two(sqlite_url: str, redactor: Redactor, two_rasas: TwoRasas,
                   models_dir: Path) -> AsyncIterator[FrontDoorServer]:
    """The front door on SQLite routing to both Rasa processes, activating from ``models_dir``."""
    server = await start_front_door(sqlite_url, redactor, two_rasas.urls, two_rasas.token,
                                    models_dir=models_dir, rasa_model=models_dir / INITIAL,
                                    new_conversations_per_hour=100000)
    yield server
    await server.runner.cleanup()


LINES = ["what happened?", "which of my data did they get?", "what should I do now?", "is my password safe?"]


class Load:
    """``conversations`` customers on the front door's REST channel, one turn after the other, until
    ``stopping`` is set; ``outcomes`` per turn: answered, failed (no reply, an HTTP error, empty),
    apology (a text of ``apologies``: the bot was away), too_fast (the flood limit: 429)."""

    def __init__(self, url: str, apologies: set, conversations: int = 6) -> None:
        self.url, self.apologies, self.conversations = url, apologies, conversations
        self.outcomes: List[str] = []
        self.stopping = asyncio.Event()

    async def _customer(self, http: aiohttp.ClientSession, number: int) -> None:
        token = None
        for line in itertools.cycle(LINES):
            if self.stopping.is_set():
                return
            body = {"message": line, "metadata": {"language": "en"}, **({"sender": token} if token else {})}
            status = None
            try:
                async with http.post(f"{self.url}/webhooks/rest/webhook", json=body,
                                     timeout=aiohttp.ClientTimeout(total=120)) as reply:
                    token = reply.headers.get("X-Session-Token", token)
                    status = reply.status
                    replies = await reply.json() if reply.status == 200 else None
            except (aiohttp.ClientError, asyncio.TimeoutError):
                replies = None
            if status == 429:
                self.outcomes.append("too_fast")  # the flood limit: the test's own pacing, not the bot
            elif not replies:
                self.outcomes.append("failed")
            elif any(item.get("text") in self.apologies for item in replies):
                self.outcomes.append("apology")
            else:
                self.outcomes.append("answered")
            await asyncio.sleep(1.5 + number * 0.1)  # within the flood limit (8 messages in 10 s)

    async def run(self) -> None:
        async with aiohttp.ClientSession() as http:
            await asyncio.gather(*(self._customer(http, number) for number in range(self.conversations)))


async def approver_of(door: FrontDoorServer) -> StudioUser:
    """Make ``arne`` an approver of ``door`` and log him in (speaking to ``/studio/api``)."""
    await door.create_agent("arne")
    from handoff.db import make_engine
    from sqlalchemy import text
    engine = make_engine(door.settings.database_url)
    async with engine.begin() as connection:
        await connection.execute(text("UPDATE agents SET role = 'approver' WHERE username = 'arne'"))
    await engine.dispose()
    browser = Agent(door.url)
    assert (await browser.login("arne", AGENT_PASSWORD)).status == 200
    return StudioUser(browser)


async def settled(approver: StudioUser, most: int = 1800) -> Dict:
    """The activation status once no activation runs (polled every 0.5 s, at most ``most`` times).

    Raises:
        AssertionError: it still runs after ``most`` looks.
    """
    for _ in range(most):
        status = await (await approver.get("/activation")).json()
        if status["running"] is None:
            return status
        await asyncio.sleep(0.5)
    raise AssertionError(f"the activation did not end: {status}")


async def activation_under_load(door: FrontDoorServer, approver: StudioUser,
                                begin: Callable[[], Awaitable[None]]) -> Tuple[Dict, Load]:
    """Customers (:class:`Load`) talk to ``door`` while ``begin()`` starts an activation, until 3 s
    after it ended; the final activation status (as ``approver`` reads it) and the load's outcomes."""
    deps = door.app[DEPS]
    load = Load(door.url, {deps.content.say("bot_unavailable", language) for language in ("en", "de")})
    running = asyncio.create_task(load.run())
    await asyncio.sleep(4)
    await begin()
    status = await settled(approver)
    await asyncio.sleep(3)
    load.stopping.set()
    await running
    return status, load


def no_turn_lost(load: Load, answered: int) -> None:
    """Assert that every turn of ``load`` was answered by the bot (none failed or got the apology),
    none was refused by the flood limit, and more than ``answered`` were."""
    assert load.outcomes.count("failed") == 0 and load.outcomes.count("apology") == 0, load.outcomes
    assert load.outcomes.count("too_fast") == 0, "the test sent faster than the flood limit allows"
    assert load.outcomes.count("answered") > answered, load.outcomes
