"""Roles and who reads which conversation (finding 3). Every allowed and forbidden read, over HTTP
and over the agent socket; every read audited."""
from __future__ import annotations

import pytest
import socketio

from tests.handoff.clients import close_refused
from tests.handoff.conftest import db_rows
from tests.handoff.console.conftest import conversation, create_user, login, user_id

COMMS_ROLES = ["comms_editor", "approver", "annotator"]


@pytest.mark.parametrize("role", COMMS_ROLES)
async def test_comms_studio_roles_log_in_but_not_into_the_agent_console(door, role):
    user = await login(door, f"{role}_user", role)
    me = await user.get("/me")
    assert me.status == 200 and (await me.json())["agent"]["role"] == role
    waiting = await conversation(door, state="waiting")
    assert (await user.get("/queue")).status == 403
    assert (await user.get(f"/conversations/{waiting}")).status == 403
    assert (await user.post(f"/conversations/{waiting}/claim")).status == 403
    assert (await user.post("/availability", {"available": True})).status == 403
    with pytest.raises(socketio.exceptions.ConnectionError):
        await user.connect_socket()
    await close_refused(user.sio)
    assert (await user.post("/logout")).status == 200
    await user.http.close()


async def _setup(door):
    """Two agents and a supervisor; conversations in every relation to agent "ann"."""
    ann = await login(door, "ann")
    await create_user(door, "bob")
    ann_id, bob_id = await user_id(door, "ann"), await user_id(door, "bob")
    ann_actor, bob_actor = f"agent:{ann_id}", f"agent:{bob_id}"
    cases = {
        "waiting": await conversation(door, state="waiting", transitions=[("bot", "waiting", "customer")]),
        "claimed by ann": await conversation(door, state="agent", agent_id=ann_id, transitions=[
            ("bot", "waiting", "customer"), ("waiting", "agent", ann_actor)]),
        "resolved by ann": await conversation(door, state="resolved", transitions=[
            ("bot", "waiting", "customer"), ("waiting", "resolved", ann_actor)]),
        "ann answered, now bob's": await conversation(door, state="agent", agent_id=bob_id, transitions=[
            ("bot", "waiting", "customer"), ("waiting", "agent", "system")], agent_messages=[ann_id]),
        "claimed by bob": await conversation(door, state="agent", agent_id=bob_id, transitions=[
            ("bot", "waiting", "customer"), ("waiting", "agent", bob_actor)], agent_messages=[bob_id]),
        "resolved by bob": await conversation(door, state="resolved", transitions=[
            ("bot", "waiting", "customer"), ("waiting", "agent", bob_actor), ("agent", "resolved", bob_actor)]),
        "only the bot": await conversation(door, state="bot"),
    }
    return ann, cases


ANN_MAY_READ = {"waiting", "claimed by ann", "resolved by ann", "ann answered, now bob's"}


async def test_an_agent_reads_queued_own_and_earlier_handled_conversations_only(door):
    ann, cases = await _setup(door)
    for name, conversation_id in cases.items():
        response = await ann.get(f"/conversations/{conversation_id}")
        assert response.status == (200 if name in ANN_MAY_READ else 403), name
    rows = await db_rows(door.database_url, "SELECT action, conversation_id FROM audit_log")
    for name, conversation_id in cases.items():
        action = "transcript.opened" if name in ANN_MAY_READ else "transcript.refused"
        assert {"action": action, "conversation_id": conversation_id} in rows, name
    await ann.close()


async def test_an_agent_watches_over_the_socket_only_what_they_may_read(door):
    ann, cases = await _setup(door)
    await ann.connect_socket()
    for name, conversation_id in cases.items():
        answer = await ann.watch(conversation_id)
        if name in ANN_MAY_READ:
            assert answer.get("messages"), name
        else:
            assert answer == {"error": "forbidden"}, name
    await ann.close()


async def test_a_supervisor_reads_and_watches_every_conversation(door):
    ann, cases = await _setup(door)
    await ann.close()
    olga = await login(door, "olga", "supervisor")
    await olga.connect_socket()
    for name, conversation_id in cases.items():
        assert (await olga.get(f"/conversations/{conversation_id}")).status == 200, name
        assert "messages" in await olga.watch(conversation_id), name
    olga_id = await user_id(door, "olga")
    rows = await db_rows(door.database_url, "SELECT conversation_id FROM audit_log WHERE agent_id = :a "
                         "AND action = 'transcript.opened'", a=olga_id)
    assert {row["conversation_id"] for row in rows} == set(cases.values())
    await olga.close()


async def test_notes_only_where_the_agent_may_read_and_a_person_was_asked_for(door):
    ann, cases = await _setup(door)
    for name, conversation_id in cases.items():
        response = await ann.post(f"/conversations/{conversation_id}/notes", {"text": "called back"})
        assert response.status == (200 if name in ANN_MAY_READ else 403), name
    olga = await login(door, "olga", "supervisor")
    assert (await olga.post(f"/conversations/{cases['only the bot']}/notes", {"text": "x"})).status == 403
    assert (await olga.post(f"/conversations/{cases['claimed by bob']}/notes", {"text": "x"})).status == 200
    await ann.close()
    await olga.close()


async def test_create_user_refuses_unknown_roles(door):
    from handoff.agents import service as agents
    from handoff.db import make_engine, make_sessionmaker

    engine = make_engine(door.database_url)
    async with make_sessionmaker(engine)() as session:
        with pytest.raises(ValueError, match="role"):
            await agents.create(session, username="root", password="long enough password", role="admin")
    await engine.dispose()
