"""The models page's API: attacks first (no session, wrong role, no CSRF token, activating what did not
pass), then starting trainings (queued, in order, the queue's limit), reading one with its log and
report, and activation's answers. SQLite and PostgreSQL, no bot."""
from __future__ import annotations

import aiohttp
import pytest

from tests.handoff.conftest import db_rows
from tests.handoff.training.conftest import add_job, models_user

ROUTES = [("GET", ""), ("GET", "/trainings/1"), ("POST", "/trainings"), ("POST", "/trainings/1/activate")]


async def test_without_a_session_every_route_answers_401(door_models_sqlite):
    async with aiohttp.ClientSession() as anonymous:
        for method, path in ROUTES:
            async with anonymous.request(method, f"{door_models_sqlite.url}/studio/api/models{path}", json={}) as reply:
                assert reply.status == 401, (method, path)
    assert await db_rows(door_models_sqlite.database_url, "SELECT id FROM training_jobs") == []


@pytest.mark.parametrize("role", ["agent", "annotator"])
async def test_roles_outside_the_studio_get_403_everywhere(door_models_sqlite, role):
    user = await models_user(door_models_sqlite, f"{role}_x", role)
    job = await add_job(door_models_sqlite.database_url, state="passed", progress=100)
    for method, path in ROUTES:
        reply = await (user.get(path) if method == "GET" else user.post(path.replace("/1/", f"/{job}/")))
        assert reply.status == 403, (method, path)
    assert [row["state"] for row in await db_rows(door_models_sqlite.database_url, "SELECT state FROM training_jobs")] \
        == ["passed"]
    await user.close()


async def test_a_post_without_the_csrf_token_is_refused_and_queues_nothing(door_models_sqlite):
    clara = await models_user(door_models_sqlite, "clara", "comms_editor")
    assert (await clara.post("/trainings", csrf=False)).status == 403
    assert await db_rows(door_models_sqlite.database_url, "SELECT id FROM training_jobs") == []
    await clara.close()


async def test_supervisors_read_but_may_not_train_and_editors_may_not_activate(door_models_sqlite):
    url = door_models_sqlite.database_url
    job = await add_job(url, state="passed", progress=100)
    olga = await models_user(door_models_sqlite, "olga", "supervisor")
    overview = await (await olga.get()).json()
    assert (overview["may_train"], overview["may_activate"]) == (False, False)
    reply = await olga.post("/trainings")
    assert reply.status == 403 and (await reply.json())["code"] == "role_refused"
    clara = await models_user(door_models_sqlite, "clara", "comms_editor")
    assert (await clara.post(f"/trainings/{job}/activate")).status == 403
    actions = [row["action"] for row in await db_rows(url, "SELECT action FROM audit_log WHERE agent_id IS NOT NULL ORDER BY id")]
    assert actions == ["training.refused", "model.activation_refused"]
    await olga.close()
    await clara.close()


async def test_only_a_model_that_passed_the_gate_can_be_activated(door_models, tmp_path):
    url = door_models.database_url
    model = tmp_path / "20261205T090000-abc.tar.gz"
    model.write_bytes(b"model")
    blocked = await add_job(url, state="blocked", progress=100, model_path=str(model),
                            report={"decision": "blocked", "reasons": [{"kind": "story", "story": "x"}]})
    running = await add_job(url, state="running", progress=40, stage="training_nlu")
    gone = await add_job(url, state="passed", progress=100, model_path=str(tmp_path / "deleted.tar.gz"))
    arne = await models_user(door_models, "arne", "approver")
    for job, code in [(blocked, "training_not_passed"), (running, "training_not_passed"), (gone, "training_no_model")]:
        reply = await arne.post(f"/trainings/{job}/activate")
        assert reply.status == 422 and (await reply.json())["code"] == code
    assert (await arne.post("/trainings/999999/activate")).status == 404
    assert (await arne.post("/trainings/x1/activate")).status == 404
    assert await db_rows(url, "SELECT id FROM training_jobs WHERE activated_at IS NOT NULL") == []
    await arne.close()


async def test_an_activation_that_cannot_begin_says_why_and_changes_nothing(door_models_sqlite, tmp_path):
    # A model outside the models folder (and a front door with no Rasa): handoff.activation refuses at once.
    url = door_models_sqlite.database_url
    model = tmp_path / "20261205T090000-abc.tar.gz"
    model.write_bytes(b"model")
    job = await add_job(url, state="passed", progress=100, model_path=str(model))
    arne = await models_user(door_models_sqlite, "arne", "approver")
    assert (await arne.post(f"/trainings/{job}/activate", csrf=False)).status == 403
    reply = await arne.post(f"/trainings/{job}/activate")
    body = await reply.json()
    assert reply.status == 502 and body["code"] == "training_activation_failed" and "models" in body["error"]
    assert await db_rows(url, "SELECT id FROM training_jobs WHERE activated_at IS NOT NULL") == []
    actions = [row["action"] for row in await db_rows(url, "SELECT action FROM audit_log WHERE agent_id IS NOT NULL")]
    assert "model.activation_requested" in actions
    await arne.close()


async def test_editors_queue_trainings_in_order_up_to_the_limit(door_models):
    clara = await models_user(door_models, "clara", "comms_editor")
    first = await clara.post("/trainings", {"note": "refund examples"})
    assert first.status == 201
    second = await clara.post("/trainings", {})
    assert [(await reply.json())["training"]["position"] for reply in (first, second)] == [1, 2]
    assert (await clara.post("/trainings", {})).status == 201
    full = await clara.post("/trainings", {}, )
    assert full.status == 409 and (await full.json())["code"] == "training_queue_full"
    overview = await (await clara.get()).json()
    assert [row["state"] for row in overview["trainings"]] == ["queued"] * 3
    assert overview["trainings"][-1]["note"] == "refund examples"
    assert overview["trainings"][0]["requested_by"] == "clara"
    assert (overview["may_train"], overview["may_activate"]) == (True, False)
    await clara.close()


async def test_bad_input_is_refused_with_a_sentence(door_models_sqlite):
    clara = await models_user(door_models_sqlite, "clara", "comms_editor")
    reply = await clara.browser.http.post(f"{clara.browser.url}/studio/api/models/trainings", data=b"[1]",
                                          headers={"X-CSRF-Token": clara.browser.csrf,
                                                   "Content-Type": "application/json"})
    assert reply.status == 400
    for note, status in [("<script>alert(1)</script>", 400), ("x" * 501, 413), (5, 400)]:
        reply = await clara.post("/trainings", {"note": note})
        assert reply.status == status, note
        assert (await reply.json())["error"]
    assert await db_rows(door_models_sqlite.database_url, "SELECT id FROM training_jobs") == []
    await clara.close()


async def test_a_training_shows_its_log_failure_and_report_in_the_users_language(door_models_sqlite):
    report = {"decision": "blocked", "margin": 0.15, "reasons": [], "known_shortfalls": [], "intents": [],
              "languages": [], "changed": [], "stories": {"passed": True, "failed": []}}
    job = await add_job(door_models_sqlite.database_url, state="failed", progress=100, failure="invalid_data",
                        log_tail="YamlSyntaxException: bad", failure_detail="YamlSyntaxException: bad")
    other = await add_job(door_models_sqlite.database_url, state="blocked", progress=100, report=report)
    olga = await models_user(door_models_sqlite, "olga", "supervisor")
    training = (await (await olga.get(f"/trainings/{job}")).json())["training"]
    assert (training["failure"], training["log"]) == ("invalid_data", "YamlSyntaxException: bad")
    assert (await (await olga.get(f"/trainings/{other}")).json())["training"]["report"] == report
    reply = await olga.browser.http.get(f"{olga.browser.url}/studio/api/models/trainings/424242",
                                        headers={"Accept-Language": "de-DE"})
    assert reply.status == 404 and (await reply.json())["error"] == "Dieses Training gibt es nicht."
    await olga.close()
