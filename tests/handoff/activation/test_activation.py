"""Activation on two real Rasa processes through the real front door: while conversations go on,
an approver activates another model; no turn fails or gets the apology, and afterwards every Rasa
process serves the new model (Rasa's own ``/status``); rollback brings the old one back. A model
Rasa cannot load leaves every process on the old one. Timings are never asserted."""
from __future__ import annotations

import asyncio
import itertools
from pathlib import Path
from typing import Dict, List

import aiohttp
import pytest

from handoff.activation import ActivationFailed, activate, active_model
from handoff.activation.archive import inspect
from handoff.keys import DEPS
from tests.handoff.activation.conftest import INITIAL, model_id
from tests.handoff.conftest import AGENT_PASSWORD, db_rows
from tests.handoff.training.conftest import add_job
from tests.handoff.studio.conftest import StudioUser
from tests.handoff.clients import Agent

LINES = ["what happened?", "which of my data did they get?", "what should I do now?", "is my password safe?"]


class Load:
    """``conversations`` customers on the front door's REST channel, one turn after the other."""

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


async def _approver(door) -> StudioUser:
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


async def _settled(approver: StudioUser, most: int = 1800) -> Dict:
    for _ in range(most):
        status = await (await approver.get("/activation")).json()
        if status["running"] is None:
            return status
        await asyncio.sleep(0.5)
    raise AssertionError(f"the activation did not end: {status}")


async def test_activation_under_load_drops_no_turn_and_the_bot_then_serves_the_new_model(door_two, two_rasas,
                                                                                          models_dir: Path):
    old, new = model_id(models_dir / INITIAL), model_id(models_dir / "variant.tar.gz")
    assert set(two_rasas.status().values()) == {old}
    deps = door_two.app[DEPS]
    apologies = {deps.content.say("bot_unavailable", language) for language in ("en", "de")}
    approver = await _approver(door_two)
    load = Load(door_two.url, apologies)
    running = asyncio.create_task(load.run())
    await asyncio.sleep(4)
    # Only a model whose gate passed may be activated (or one active before): the variant's training passed.
    variant = models_dir / "variant.tar.gz"
    await add_job(door_two.settings.database_url, state="passed", progress=100, model_path=str(variant),
                  fingerprint=inspect(variant)["fingerprint"])
    reply = await approver.post("/activation/activate", {"model": "variant.tar.gz"})
    assert reply.status == 202, await reply.text()
    status = await _settled(approver)
    await asyncio.sleep(3)
    load.stopping.set()
    await running

    assert status["last"]["outcome"] == "active", status
    assert load.outcomes.count("failed") == 0 and load.outcomes.count("apology") == 0, load.outcomes
    assert load.outcomes.count("too_fast") == 0, "the test sent faster than the flood limit allows"
    assert load.outcomes.count("answered") > 20
    # Rasa itself says so: every process serves the new model.
    assert set(two_rasas.status().values()) == {new}
    fingerprint = inspect(models_dir / "variant.tar.gz")["fingerprint"]
    assert status["active"]["fingerprint"] == fingerprint and status["active"]["path"] == "variant.tar.gz"
    assert status["active"]["previous"]["path"] == INITIAL
    assert (models_dir / "active.tar.gz").resolve() == (models_dir / "activated" / f"{fingerprint[:16]}.tar.gz")
    audit = await db_rows(door_two.settings.database_url,
                          "SELECT a.action, g.username FROM audit_log a JOIN agents g ON g.id = a.agent_id "
                          "WHERE a.action LIKE 'model.%'")
    assert audit == [{"action": "model.activated", "username": "arne"}]
    # Every Rasa answers again, none is left out of rotation.
    assert deps.rasa.draining == frozenset()

    # One click back: the model from before, on every process.
    reply = await approver.post("/activation/rollback")
    assert reply.status == 202, await reply.text()
    status = await _settled(approver)
    assert status["last"]["action"] == "rollback" and status["last"]["outcome"] == "active", status
    assert set(two_rasas.status().values()) == {old}
    assert status["active"]["path"] == INITIAL and status["active"]["previous"]["path"] == "variant.tar.gz"
    await approver.close()


@pytest.mark.parametrize("name, reason", [("hollow.tar.gz", "could not load it"), ("corrupt.tar.gz", "corrupt")])
async def test_a_model_rasa_cannot_load_leaves_every_process_on_the_old_one(door_two, two_rasas, models_dir,
                                                                            name, reason):
    deps = door_two.app[DEPS]
    before_status, before_active = two_rasas.status(), await active_model(deps)
    assert set(before_status.values()) == {model_id(models_dir / INITIAL)}  # (the model the front door knows)
    with pytest.raises(ActivationFailed) as failed:
        await activate(deps, models_dir / name, actor="arne")
    assert reason in failed.value.reason and "/" not in failed.value.reason  # no host paths for the studio
    assert two_rasas.status() == before_status
    after = await active_model(deps)
    assert after["path"] == before_active["path"] == INITIAL and after["previous"] is None
    assert deps.rasa.draining == frozenset()
    rows = await db_rows(door_two.settings.database_url,
                         "SELECT outcome, actor FROM model_activations WHERE action = 'activate'")
    assert rows == [{"outcome": "failed", "actor": "arne"}]
