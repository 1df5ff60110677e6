"""Malformed input is a 400, never a 500 (finding 4); response headers (finding 5); every console
route refuses a request without a session (401) and a POST without the CSRF token (403) (finding 6)."""
from __future__ import annotations

import aiohttp
import pytest
from aiohttp import web

from handoff import routes
from handoff.pages import CSP
from tests.handoff.console.conftest import conversation, login


def _console_routes():
    app = web.Application()
    routes.setup(app)
    found = []
    for route in app.router.routes():
        path = route.resource.canonical if route.resource else ""
        if path.startswith("/console/api/") and path != "/console/api/login" and route.method != "HEAD":
            found.append((route.method, path.replace("{id}", "some-conversation").replace("{seq}", "2")))
    return found


CONSOLE_ROUTES = _console_routes()


def test_the_route_table_has_the_console_routes():
    assert ("GET", "/console/api/conversations/some-conversation") in CONSOLE_ROUTES
    assert len(CONSOLE_ROUTES) >= 12


@pytest.mark.parametrize("method, path", CONSOLE_ROUTES)
async def test_every_console_route_needs_a_session_and_posts_need_the_csrf_token(door, method, path):
    async with aiohttp.ClientSession() as http:
        async with http.request(method, door.url + path, json={}) as response:
            assert response.status == 401
            assert response.headers["Cache-Control"] == "no-store"
    if method != "POST":
        return
    agent = await login(door, "nia")
    response = await agent.http.post(door.url + path, json={})
    assert response.status == 403
    await agent.close()


async def test_deeply_nested_json_on_login_is_a_400_or_413_not_a_500(door):
    async with aiohttp.ClientSession() as http:
        for depth in (30_000, 100_000):
            body = "[" * depth + "]" * depth
            async with http.post(f"{door.url}/console/api/login", data=body,
                                 headers={"Content-Type": "application/json"}) as response:
                assert response.status == (400 if 2 * depth <= 64 * 1024 else 413), depth
        body = '{"username": ' + "[" * 30_000 + "]" * 30_000 + ', "password": "x"}'
        async with http.post(f"{door.url}/console/api/login", data=body,
                             headers={"Content-Type": "application/json"}) as response:
            assert response.status == 400


@pytest.mark.parametrize("last_seen_id", [2**63, 2**70, -1, True, 1.5, "3"])
async def test_watch_with_a_bad_last_seen_id_is_refused_clearly(door, last_seen_id):
    agent = await login(door, "oto")
    await agent.connect_socket()
    waiting = await conversation(door, state="waiting")
    answer = await agent.sio.call("watch", {"conversation_id": waiting, "last_seen_id": last_seen_id},
                                  namespace="/agent", timeout=10)
    assert "last_seen_id" in answer["error"]
    assert (await agent.watch(waiting, 0))["messages"]  # the socket still works
    await agent.close()


async def test_console_answers_are_never_cached_and_name_no_versions(door):
    agent = await login(door, "pia")
    waiting = await conversation(door, state="waiting")
    for response in (await agent.get(f"/conversations/{waiting}"), await agent.get("/queue"),
                     await agent.get("/conversations/nope")):
        assert response.headers["Cache-Control"] == "no-store"
        assert response.headers["Server"] == "handoff"
    assert "Strict-Transport-Security" not in response.headers  # development: plain http
    await agent.close()


async def test_static_files_are_nosniff_and_every_answer_hides_versions(door):
    async with aiohttp.ClientSession() as http:
        for path in ("/static/console.js", "/static/widget.js", "/health", "/no-such-page", "/console"):
            async with http.get(door.url + path) as response:
                assert response.headers.get("X-Content-Type-Options") == "nosniff", path
                assert "/" not in response.headers["Server"] and "aiohttp" not in response.headers["Server"], path


async def test_production_sends_hsts(sqlite_url, redactor):
    from tests.handoff.console.conftest import _door

    door = await _door(sqlite_url, redactor, environment="production")
    async with aiohttp.ClientSession() as http:
        for path in ("/health", "/console/api/queue", "/static/console.js"):
            async with http.get(door.url + path) as response:
                assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000"), path
    await door.server.runner.cleanup()


def test_pages_may_open_sockets_to_this_host_only():
    directives = dict(part.strip().split(" ", 1) for part in CSP.split(";"))
    assert directives["connect-src"] == "'self'"
    assert not any(scheme in CSP for scheme in ("ws:", "wss:", "http:", "https:", "*"))
