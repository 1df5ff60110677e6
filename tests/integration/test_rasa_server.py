"""Rasa as ``python -m bot.serve`` starts it: the token on every route, and action-server
responses still validated (with the schema compiled once, bot/serve.py)."""
from __future__ import annotations

import json
import secrets
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Iterator

import pytest
import requests

from tests import servers


@pytest.mark.parametrize("path", ["/", "/version", "/status", "/webhooks/rest/", "/conversations/x/tracker",
                                  "/no-such-route"])
def test_every_route_needs_the_token(bot, path):
    answer = requests.get(bot.rasa_url + path, timeout=30)
    assert answer.status_code == 401
    assert "Rasa" not in answer.text and "3.6" not in answer.text  # no version to anyone


@pytest.mark.parametrize("path", ["/", "/version", "/status"])
def test_the_token_opens_them(bot, path):
    by_query = requests.get(bot.rasa_url + path, params={"token": bot.rasa_token}, timeout=30)
    assert by_query.status_code == 200
    wrong = requests.get(bot.rasa_url + path, params={"token": bot.rasa_token[:-1]}, timeout=30)
    assert wrong.status_code == 401


@pytest.mark.parametrize("path", ["/", "/version"])
def test_the_bearer_header_opens_routes_without_rasas_own_check(bot, path):
    """Rasa's HTTP API endpoints (/status, /conversations/...) also check ``?token=`` themselves."""
    by_header = requests.get(bot.rasa_url + path, headers={"Authorization": f"Bearer {bot.rasa_token}"},
                             timeout=30)
    assert by_header.status_code == 200


def test_rest_channel_keeps_its_bearer_check(bot):
    url = f"{bot.rasa_url}/webhooks/rest/webhook"
    body = {"sender": "tok-" + secrets.token_hex(4), "message": "hello"}
    assert requests.post(url, json=body, timeout=30).status_code == 401
    assert requests.post(url, json=body, headers={"Authorization": "Bearer nope"}, timeout=30).status_code == 401
    answer = requests.post(url, json=body, headers={"Authorization": f"Bearer {bot.rasa_token}"}, timeout=60)
    assert answer.status_code == 200 and answer.json()


def test_rest_channel_says_what_the_bot_understood_and_the_tracker_agrees(bot):
    """The ``X-NLU`` header (bot/channels.py) is the parse Rasa acted on: the tracker's latest
    message carries the same intent and confidence (NLU ran once, in the channel)."""
    sender = "tok-" + secrets.token_hex(4)
    answer = requests.post(f"{bot.rasa_url}/webhooks/rest/webhook", json={"sender": sender, "message": "were you hacked?",
                           "metadata": {"language": "en"}},
                           headers={"Authorization": f"Bearer {bot.rasa_token}"}, timeout=60)
    assert answer.status_code == 200 and answer.json()
    understood = json.loads(answer.headers["X-NLU"])
    assert understood["intent"] == "what_happened" and 0.5 < understood["confidence"] <= 1.0
    assert len(understood["ranking"]) == 3 and understood["ranking"][0]["name"] == "what_happened"
    assert "were you hacked" not in answer.headers["X-NLU"]  # no text in the header
    tracker = requests.get(f"{bot.rasa_url}/conversations/{sender}/tracker", params={"token": bot.rasa_token},
                           timeout=30).json()
    latest = tracker["latest_message"]["intent"]
    assert latest["name"] == "what_happened" and round(latest["confidence"], 4) == understood["confidence"]


class StandInActions:
    """An action server that answers whatever the test sets: an invalid action-server response
    cannot be caused with the real one. It answers ``action_session_start`` like the real one."""

    def __init__(self) -> None:
        self.answer: dict = {}
        self.calls: list = []
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 - http.server's name
                call = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                stand_in.calls.append(call["next_action"])
                if call["next_action"] == "action_session_start":
                    body = {"events": [{"event": "session_started"},
                                       {"event": "action", "name": "action_listen"}], "responses": []}
                else:
                    body = stand_in.answer
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", servers.free_port()), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()


@pytest.fixture(scope="module")
def stand_in() -> Iterator[StandInActions]:
    actions = StandInActions()
    yield actions
    actions.server.shutdown()


@pytest.fixture(scope="module")
def rasa_with_stand_in(stand_in, tmp_path_factory) -> Iterator[servers.Servers]:
    running = servers.start(servers.MODEL, tmp_path_factory.mktemp("rasa-stand-in"),
                            {"ACTION_SERVER_PORT": str(stand_in.port)}, actions=False)
    yield running
    running.stop()


def test_a_valid_action_response_is_accepted(rasa_with_stand_in, stand_in):
    stand_in.answer = {"events": [{"event": "slot", "name": "notice_code_attempts", "value": 2}],
                       "responses": [{"text": "STAND-IN VALID ANSWER"}]}
    sender = "valid-" + secrets.token_hex(4)
    said = rasa_with_stand_in.say(sender, "/what_happened")
    assert "action_tell_what_happened" in stand_in.calls
    assert [message.get("text") for message in said] == ["STAND-IN VALID ANSWER"]
    assert rasa_with_stand_in.tracker(sender)["slots"]["notice_code_attempts"] == 2


def test_an_invalid_action_response_is_rejected_as_rasa_does(rasa_with_stand_in, stand_in):
    stand_in.answer = {"events": [{"event": "no_such_event", "name": "x"}],
                       "responses": [{"text": "STAND-IN INVALID ANSWER"}]}
    sender = "invalid-" + secrets.token_hex(4)
    calls_before = len(stand_in.calls)
    said = rasa_with_stand_in.say(sender, "/what_happened")
    assert "action_tell_what_happened" in stand_in.calls[calls_before:]  # it was asked...
    assert "STAND-IN INVALID ANSWER" not in json.dumps(said)  # ...and its answer was dropped
    log = rasa_with_stand_in.log_text()
    assert "Encountered an exception while running action 'action_tell_what_happened'" in log
    assert "Failed to validate Action server response from API" in log
    assert "ValidationError" in log
