"""The studio's activation routes: attacks first (no session, wrong role, no CSRF token, paths out of
the models directory), then what an approver sees when a model is not usable. No Rasa needed: a
refused request never reaches one, and a broken archive is refused before any Rasa sees it."""
from __future__ import annotations

import asyncio
import hashlib
import os
from pathlib import Path
from typing import AsyncIterator

import aiohttp
import pytest

from handoff.redaction.redactor import Redactor
from tests.handoff.conftest import db_rows
from tests.handoff.console.conftest import Door, _door
from tests.handoff.studio.conftest import StudioUser, studio_user
from tests.handoff.training.conftest import add_job

DEAD_RASAS = ["http://127.0.0.1:9", "http://127.0.0.1:10"]  # nothing answers there
ROUTES = [("GET", "/activation"), ("POST", "/activation/activate"), ("POST", "/activation/rollback")]


@pytest.fixture
def models(tmp_path: Path) -> Path:
    """A models directory with a file that is no model, next to a secret outside it."""
    place = tmp_path / "models"
    place.mkdir()
    (place / "junk.tar.gz").write_bytes(os.urandom(4096))
    (place / "notes.txt").write_text("not a model")
    (tmp_path / "secret.tar.gz").write_bytes(b"outside the models directory")
    (place / "link.tar.gz").symlink_to(tmp_path / "secret.tar.gz")
    return place


@pytest.fixture
async def door(sqlite_url: str, redactor: Redactor, models: Path) -> AsyncIterator[Door]:
    running = await _door(sqlite_url, redactor, models_dir=models, rasa_model=None)
    yield running
    await running.server.runner.cleanup()


@pytest.fixture
async def door_two_dead(sqlite_url: str, redactor: Redactor, models: Path) -> AsyncIterator[Door]:
    """Two Rasa URLs where nothing answers (activation needs two processes)."""
    from tests.handoff.conftest import start_front_door
    from tests.handoff.console.conftest import Clock
    server = await start_front_door(sqlite_url, redactor, DEAD_RASAS, "token", clock=Clock(), models_dir=models,
                                    rasa_model=None)
    yield Door(server, Clock())
    await server.runner.cleanup()


async def _nothing_happened(door: Door) -> None:
    assert await db_rows(door.database_url, "SELECT id FROM model_activations") == []
    assert await db_rows(door.database_url, "SELECT holder FROM model_rotation") == [{"holder": None}]


async def test_without_a_session_every_route_answers_401(door):
    async with aiohttp.ClientSession() as anonymous:
        for method, path in ROUTES:
            async with anonymous.request(method, f"{door.url}/studio/api{path}",
                                         json={"model": "junk.tar.gz"}) as reply:
                assert reply.status == 401, (method, path)
    await _nothing_happened(door)


@pytest.mark.parametrize("role", ["agent", "annotator", "comms_editor", "supervisor"])
async def test_only_approvers_may_activate_roll_back_or_look(door, role):
    user = await studio_user(door, f"{role}_x", role)
    assert (await user.get("/activation")).status == 403
    assert (await user.post("/activation/activate", {"model": "junk.tar.gz"})).status == 403
    assert (await user.post("/activation/rollback")).status == 403
    await user.close()
    await _nothing_happened(door)


async def test_a_post_without_the_csrf_token_is_refused_and_activates_nothing(door):
    approver = await studio_user(door, "arne", "approver")
    assert (await approver.post("/activation/activate", {"model": "junk.tar.gz"}, csrf=False)).status == 403
    assert (await approver.post("/activation/rollback", csrf=False)).status == 403
    await approver.close()
    await _nothing_happened(door)


@pytest.mark.parametrize("path, code", [
    ("../secret.tar.gz", "outside"),
    ("../../../../../../etc/passwd", "outside"),
    ("/etc/passwd", "outside"),
    ("link.tar.gz", "outside"),  # a link inside pointing out
    ("sub/../../secret.tar.gz", "outside"),
    ("..%2Fsecret.tar.gz", "missing"),  # taken literally: no such file here
    ("junk.tar.gz\x00.txt", "not_text"),
    ("", "not_text"),
    (["junk.tar.gz"], "not_text"),
    ("x" * 600, "not_text"),
    ("notes.txt", "not_archive"),
    (".", "outside"),
])
async def test_only_model_archives_inside_the_models_directory_are_accepted(door, path, code):
    approver = await studio_user(door, "arne", "approver")
    reply = await approver.post("/activation/activate", {"model": path})
    assert reply.status == 400
    assert (await reply.json())["code"] == code
    await approver.close()
    await _nothing_happened(door)


async def test_the_refusal_is_worded_in_german_for_a_german_studio(door):
    approver = await studio_user(door, "arne", "approver")
    reply = await approver.browser.http.post(f"{door.url}/studio/api/activation/activate", json={"model": "/etc/passwd"},
                                             headers={"X-CSRF-Token": approver.browser.csrf, "Accept-Language": "de"})
    assert (await reply.json())["error"] == "Nur Modelle im Modellordner können aktiviert werden."
    await approver.close()


async def test_rollback_without_an_earlier_model_is_refused(door):
    approver = await studio_user(door, "arne", "approver")
    reply = await approver.post("/activation/rollback")
    assert reply.status == 409 and (await reply.json())["code"] == "no_previous"
    await approver.close()


async def _settled(approver: StudioUser) -> dict:
    for _ in range(100):
        status = await (await approver.get("/activation")).json()
        if status["running"] is None and status["last"] is not None:
            return status
        await asyncio.sleep(0.1)
    raise AssertionError(f"the activation did not end: {status}")


async def test_a_file_that_is_no_model_fails_before_any_rasa_sees_it_and_is_audited(door_two_dead, models):
    junk = models / "junk.tar.gz"  # passed by a gate (as far as the database knows)
    await add_job(door_two_dead.database_url, state="passed", progress=100, model_path=str(junk),
                  fingerprint=hashlib.sha256(junk.read_bytes()).hexdigest())
    approver = await studio_user(door_two_dead, "arne", "approver")
    reply = await approver.post("/activation/activate", {"model": "junk.tar.gz"})
    assert reply.status == 202
    status = await _settled(approver)
    assert status["last"]["outcome"] == "failed" and "corrupt" in status["last"]["reason"]
    assert status["last"]["actor"] == "arne" and status["active"]["fingerprint"] is None
    audit = await db_rows(door_two_dead.database_url, "SELECT action, agent_id FROM audit_log WHERE action LIKE 'model.%'")
    assert [row["action"] for row in audit] == ["model.activation_failed"] and audit[0]["agent_id"] is not None
    await approver.close()


async def _training(door: Door, models: Path, name: str, state: str) -> Path:
    """A trained model file under ``models/trained`` and its training row in ``state`` (the gate's verdict)."""
    trained = models / "trained"
    trained.mkdir(exist_ok=True)
    path = trained / name
    path.write_bytes(os.urandom(2048))
    await add_job(door.database_url, state=state, progress=100, model_path=str(path),
                  fingerprint=hashlib.sha256(path.read_bytes()).hexdigest(), report={"decision": state})
    return path


@pytest.mark.parametrize("state", ["blocked", "failed", "running", "queued"])
async def test_a_model_the_gate_did_not_pass_cannot_be_activated_by_its_path(door, models, state):
    # The attack: the models page refuses a blocked training, so an approver names its file directly.
    await _training(door, models, "blocked.tar.gz", state)
    approver = await studio_user(door, "arne", "approver")
    reply = await approver.post("/activation/activate", {"model": "trained/blocked.tar.gz"})
    assert reply.status == 409
    assert (await reply.json())["code"] == "not_approved"
    await approver.close()
    await _nothing_happened(door)


@pytest.mark.parametrize("path", [
    "junk.tar.gz",  # never trained here, never active
    "trained/../trained/blocked.tar.gz",
    "./trained//blocked.tar.gz",
    "blocked-link.tar.gz",  # a link inside the models directory to the blocked model
    "copy.tar.gz",  # the blocked model's bytes under another name
])
async def test_no_path_variant_reaches_a_model_the_gate_did_not_pass(door, models, path):
    blocked = await _training(door, models, "blocked.tar.gz", "blocked")
    (models / "blocked-link.tar.gz").symlink_to(blocked)
    (models / "copy.tar.gz").write_bytes(blocked.read_bytes())
    approver = await studio_user(door, "arne", "approver")
    reply = await approver.post("/activation/activate", {"model": path})
    assert reply.status == 409 and (await reply.json())["code"] == "not_approved", path
    await approver.close()
    await _nothing_happened(door)


@pytest.mark.parametrize("path", [
    "trained/blocked.tar.gz\u200b",  # a zero-width space
    "trained\uff0fblocked.tar.gz",  # a full-width solidus
    "trained/blocked.tar.g\u0301z",  # a combining accent
    "trained/\u2025/trained/blocked.tar.gz",  # a two-dot leader, not ".."
    "TRAINED/BLOCKED.TAR.GZ",
])
async def test_unicode_look_alikes_of_a_path_are_no_model(door, models, path):
    await _training(door, models, "blocked.tar.gz", "passed")
    approver = await studio_user(door, "arne", "approver")
    reply = await approver.post("/activation/activate", {"model": path})
    assert reply.status == 400 and (await reply.json())["code"] in {"missing", "not_archive"}, path
    await approver.close()
    await _nothing_happened(door)


async def test_a_model_whose_gate_passed_may_be_activated_by_its_path(door_two_dead, models):
    # Accepted (202): it then fails, as the bytes are no Rasa model, but only after the approval check.
    await _training(door_two_dead, models, "passed.tar.gz", "passed")
    approver = await studio_user(door_two_dead, "arne", "approver")
    reply = await approver.post("/activation/activate", {"model": "trained/passed.tar.gz"})
    assert reply.status == 202, await reply.text()
    status = await _settled(approver)
    assert status["last"]["outcome"] == "failed" and "corrupt" in status["last"]["reason"]
    await approver.close()


async def test_a_model_that_was_active_before_may_be_activated_again(door_two_dead, models):
    from handoff.db import make_engine
    from sqlalchemy import text
    junk = models / "junk.tar.gz"
    engine = make_engine(door_two_dead.database_url)
    async with engine.begin() as connection:  # as a finished activation leaves it
        await connection.execute(text(
            "INSERT INTO model_activations (action, actor, path, fingerprint, outcome, started_at, finished_at) "
            "VALUES ('activate', 'arne', 'junk.tar.gz', :print, 'active', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)"),
            {"print": hashlib.sha256(junk.read_bytes()).hexdigest()})
    await engine.dispose()
    approver = await studio_user(door_two_dead, "arne", "approver")
    reply = await approver.post("/activation/activate", {"model": "junk.tar.gz"})
    assert reply.status == 202, await reply.text()
    await _settled(approver)
    await approver.close()
