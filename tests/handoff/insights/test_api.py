"""The insights API's attacks first (no session, an agent, a POST, bad parameters, a forged id), then
what the allowed roles get: the redacted transcript behind a number (its reading audited), and CSV
that a spreadsheet cannot run as a formula."""
from __future__ import annotations

import csv
import datetime as dt
import io

import aiohttp

from tests.handoff.clients import Customer
from tests.handoff.conftest import db_rows
from tests.handoff.console.conftest import login, user_id
from tests.handoff.insights.conftest import MIDNIGHT, Chat, make, reader

ROUTES = ["", "/numbers.csv", "/texts", "/conversations?metric=conversations",
          "/conversations.csv?metric=conversations", "/conversations/" + "0" * 32]
IBAN = "DE89 3704 0044 0532 0130 00"


async def test_every_insights_route_needs_a_session_and_a_role_and_takes_no_post(door):
    agent = await login(door, "andy", "agent")
    allowed = {role: await login(door, f"{role}_user", role) for role in ("comms_editor", "approver", "annotator",
                                                                          "supervisor")}
    async with aiohttp.ClientSession() as anonymous:
        for path in ROUTES:
            url = f"{door.url}/studio/api/insights{path}"
            async with anonymous.get(url) as response:
                assert response.status == 401, path
                assert (await response.json())["code"] == "login_required"
            response = await agent.http.get(url)
            assert response.status == 403 and (await response.json())["code"] == "role", path
            for role, user in allowed.items():
                assert (await user.http.get(url)).status == (404 if "/conversations/" in path else 200), (role, path)
                for csrf in ({}, {"X-CSRF-Token": user.csrf}):
                    assert (await user.http.post(url, json={}, headers=csrf)).status == 405, (role, path)
    for user in [agent, *allowed.values()]:
        await user.http.close()


BAD = [
    ({"from": "2026-13-01"}, "bad_day"), ({"to": "1.12.2026"}, "bad_day"), ({"from": "2026-12-01'--"}, "bad_day"),
    ({"from": "2026-12-03", "to": "2026-12-01"}, "bad_order"), ({"from": "2024-01-01", "to": "2026-12-01"}, "too_long"),
    ({"metric": "drop table"}, "bad_metric"), ({"metric": "conversations", "key": "x"}, "bad_key"),
    ({"metric": "handed_off", "key": "not_a_reason"}, "bad_key"), ({"metric": "satisfaction", "key": "9"}, "bad_key"),
    ({"metric": "topic", "key": "a" * 65}, "bad_key"), ({"metric": "topic", "key": "<script>"}, "bad_key"),
    ({"metric": "contained", "day": "2026-11-01", "from": "2026-12-01", "to": "2026-12-02"}, "bad_day"),
    ({"metric": "contained", "language": "fr"}, "bad_language"),
]


async def test_bad_parameters_get_a_400_that_says_why_in_the_users_language(door):
    clara = await reader(door, "clara")
    for params, code in BAD:
        for path in (["/conversations", "/conversations.csv"] if "metric" in params else ["", "/numbers.csv"]):
            response = await clara.get(path, **params)
            assert response.status == 400, (path, params)
            body = await response.json()
            assert body["code"] == code and body["error"] and body["error"] != f"error_{code}", (path, params)
            german = await clara.browser.http.get(f"{door.url}/studio/api/insights{path}", params=params,
                                                  headers={"Accept-Language": "de-DE"})
            assert (await german.json())["error"] not in ("", body["error"]), (path, params)
    await clara.close()


async def test_the_transcript_behind_a_number_is_redacted_and_its_reading_audited(door):
    first_day = dt.datetime.now(dt.timezone.utc).date()  # the day this conversation starts on
    customer = Customer(door.url, "en")
    await customer.connect()
    await customer.say(f"Please refund to my IBAN {IBAN}")
    await customer.wait_for("message_ack")
    await customer.say("/request_human")
    await customer.wait_for("handoff_status")
    await customer.close()
    ana = await reader(door, "ana", "annotator")
    # The conversation carries the real time (the front door's clock is pinned to 2 December only for
    # office hours), so the period is the real days of this test.
    today = {"from": first_day.isoformat(), "to": dt.datetime.now(dt.timezone.utc).date().isoformat()}
    [conversation_id] = await ana.listed(**today, metric="handed_off", key="customer_request")
    response = await ana.get(f"/conversations/{conversation_id}")
    assert response.status == 200 and "no-store" in response.headers["Cache-Control"]
    found = await response.json()
    said = [message["text"] for message in found["messages"] if message["sender"] == "customer"]
    assert said[0] == "Please refund to my IBAN <IBAN>" and IBAN not in str(found)
    assert found["conversation"]["reason"] == "customer_request"
    rows = await db_rows(door.database_url, "SELECT agent_id, action FROM audit_log WHERE conversation_id = :id",
                         id=conversation_id)
    assert {"agent_id": await user_id(door, "ana"), "action": "transcript.opened"} in rows

    andy = await login(door, "andy", "agent")
    assert (await andy.http.get(f"{door.url}/studio/api/insights/conversations/{conversation_id}")).status == 403
    for forged in ("../../console/api/queue", "0" * 31 + "g", conversation_id.upper()):
        assert (await ana.get(f"/conversations/{forged}")).status == 404
    listing = await ana.json("/conversations", **today, metric="conversations")
    assert IBAN not in str(listing) and "refund" not in str(listing)
    await andy.http.close()
    await ana.close()


async def test_csv_exports_cannot_run_as_formulas_and_hold_no_message_text(door):
    conversation_id = await make(door, Chat(MIDNIGHT + dt_hours(10), reason="customer_request"))
    # A reason stored by an older or broken writer: shown as text, never run by a spreadsheet.
    await db_rows(door.database_url, "UPDATE conversations SET handoff_reason = :reason WHERE id = :id",
                  reason='=HYPERLINK("http://evil.example","click")', id=conversation_id)
    clara = await reader(door, "clara")
    day = {"from": "2026-12-02", "to": "2026-12-02"}
    response = await clara.get("/conversations.csv", **day, metric="conversations")
    assert response.status == 200 and response.content_type == "text/csv"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    rows = list(csv.DictReader(io.StringIO(await response.text())))
    assert [row["conversation_id"] for row in rows] == [conversation_id]
    assert rows[0]["handoff_reason"] == "'=HYPERLINK(\"http://evil.example\",\"click\")"
    assert "Is my account affected" not in await response.text()

    numbers = list(csv.DictReader(io.StringIO(await (await clara.get("/numbers.csv", **day)).text())))
    assert [(row["day"], row["language"]) for row in numbers] == [
        ("all", "all"), ("all", "en"), ("all", "de"), ("2026-12-02", "all"), ("2026-12-02", "en"), ("2026-12-02", "de")]
    assert numbers[0]["conversations"] == "1" and numbers[0]["handed_off"] == "1"
    await clara.close()


def dt_hours(hours: float) -> dt.timedelta:
    return dt.timedelta(hours=hours)
