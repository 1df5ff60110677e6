"""Activation on two real Rasa processes through the real front door: while conversations go on,
an approver activates another model; no turn fails or gets the apology, and afterwards every Rasa
process serves the new model (Rasa's own ``/status``); rollback brings the old one back. A model
Rasa cannot load leaves every process on the old one. Timings are never asserted."""
from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from handoff.activation import ActivationFailed, activate, active_model
from handoff.activation.archive import inspect
from handoff.keys import DEPS
from tests.handoff.activation.conftest import (INITIAL, activation_under_load, approver_of, model_id,
                                              no_turn_lost, settled)
from tests.handoff.conftest import db_rows
from tests.handoff.training.conftest import add_job


async def test_activation_under_load_drops_no_turn_and_the_bot_then_serves_the_new_model(door_two, two_rasas,
                                                                                          models_dir: Path):
    old, new = model_id(models_dir / INITIAL), model_id(models_dir / "variant.tar.gz")
    assert set(two_rasas.status().values()) == {old}
    deps = door_two.app[DEPS]
    approver = await approver_of(door_two)

    # Only a model whose gate passed may be activated (or one active before): the variant's training passed.
    variant = models_dir / "variant.tar.gz"
    await add_job(door_two.settings.database_url, state="passed", progress=100, model_path=str(variant),
                  fingerprint=inspect(variant)["fingerprint"])

    idle_seen = []

    async def sample_idle_threads() -> None:
        while True:
            idle_seen.append(two_rasas.idle_threads())
            await asyncio.sleep(0.2)

    async def begin() -> None:
        reply = await approver.post("/activation/activate", {"model": "variant.tar.gz"})
        assert reply.status == 202, await reply.text()

    assert two_rasas.idle_threads() == 0
    sampling = asyncio.create_task(sample_idle_threads())
    status, load = await activation_under_load(door_two, approver, begin)
    sampling.cancel()
    assert status["last"]["outcome"] == "active", status
    no_turn_lost(load, answered=20)
    # While a process loaded, its threads (TensorFlow's pools too) ran at idle priority; none stays there.
    assert max(idle_seen) > 1 and two_rasas.idle_threads() == 0
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
    status = await settled(approver)
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
