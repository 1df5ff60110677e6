"""Security finding (high): the action server ran any action without a token on ``POST /webhook/``
(its check compared the path with ``/webhook`` exactly). Each test replays one attack against the
real action server (``python -m actions.server``)."""
from __future__ import annotations

from typing import Iterator

import pytest
import requests

from actions.server import REQUEST_MAX_BYTES
from tests import servers

MARKER = "zebrafinch-DE89370400440532013000"  # stands for a customer's data in a request


@pytest.fixture(scope="module")
def actions(tmp_path_factory: pytest.TempPathFactory) -> Iterator[servers.Servers]:
    running = servers.start_action_server(tmp_path_factory.mktemp("actions"))
    yield running
    running.stop()


def action_call(action: str = "action_tell_what_happened") -> dict:
    """A call as Rasa sends it, small but complete enough for the action to answer."""
    return {"next_action": action, "sender_id": "sec-test", "version": "3.6.21", "domain": {},
            "tracker": {"sender_id": "sec-test", "slots": {"language": "en"}, "events": [],
                        "latest_message": {"text": "what happened?", "intent": {"name": "ask_what_happened"}},
                        "paused": False, "followup_action": None, "active_loop": {},
                        "latest_action_name": None}}


@pytest.mark.parametrize("path", ["/webhook", "/webhook/", "//webhook", "/webhook?", "/WEBHOOK"])
def test_no_path_spelling_runs_an_action_without_the_token(actions, path):
    answer = requests.post(actions.actions_url + path, json=action_call(), timeout=30)
    assert answer.status_code == 401
    assert "responses" not in answer.text


def test_the_same_call_with_the_token_runs_the_action(actions):
    """The control: the attack's request is one that runs an action when authorised."""
    for path in ("/webhook", "/webhook/"):
        answer = requests.post(f"{actions.actions_url}{path}", params={"token": actions.actions_token},
                               json=action_call(), timeout=30)
        assert answer.status_code == 200, answer.text
        assert answer.json()["responses"], answer.text


def test_wrong_token_and_bearer_header(actions):
    url = f"{actions.actions_url}/webhook"
    assert requests.post(url, params={"token": actions.actions_token + "x"}, json=action_call(),
                         timeout=30).status_code == 401
    assert requests.post(url, params={"token": ""}, json=action_call(), timeout=30).status_code == 401
    assert requests.post(url, headers={"Authorization": f"Bearer {actions.actions_token}"},
                         json=action_call(), timeout=30).status_code == 200


def test_action_list_needs_the_token(actions):
    answer = requests.get(f"{actions.actions_url}/actions", timeout=30)
    assert answer.status_code == 401
    assert "action_" not in answer.text
    listed = requests.get(f"{actions.actions_url}/actions", params={"token": actions.actions_token}, timeout=30)
    assert "action_tell_what_happened" in [item["name"] for item in listed.json()]


def test_unknown_paths_need_the_token_too(actions):
    assert requests.get(f"{actions.actions_url}/anything", timeout=30).status_code == 401
    assert requests.post(f"{actions.actions_url}/health", timeout=30).status_code == 401


def test_health_is_open_and_says_nothing_else(actions):
    answer = requests.get(f"{actions.actions_url}/health", timeout=30)
    assert answer.status_code == 200
    assert answer.json() == {"status": "ok"}


def test_a_failing_action_does_not_echo_the_request(actions):
    """rasa_sdk's own error handler answers ``{"error": str(exception), "request_body": ...}``."""
    call = action_call()
    del call["tracker"]["sender_id"]  # Tracker.from_dict raises KeyError inside the SDK
    call["tracker"]["latest_message"]["text"] = f"my IBAN is {MARKER}"
    answer = requests.post(f"{actions.actions_url}/webhook", params={"token": actions.actions_token},
                           json=call, timeout=30)
    assert answer.status_code == 500
    assert answer.json() == {"error": "the action server could not run the action"}
    assert MARKER not in answer.text
    log = actions.log_text()
    assert "action call failed: KeyError" in log  # the failure really happened, and is logged...
    assert MARKER not in log  # ...without the request


def test_a_huge_body_is_refused(actions):
    """Sanic's default accepts 100 MB per request (held in memory); without ``ACTION_SERVER_TOKEN``
    anyone on the host could send that much per connection. Without the token the answer is 401
    before the body is read; with it, a body over the cap is refused too."""
    body = b'{"next_action": "' + b"x" * (REQUEST_MAX_BYTES + 1) + b'"}'
    answer = requests.post(f"{actions.actions_url}/webhook", data=body,
                           headers={"Content-Type": "application/json"}, timeout=60)
    assert answer.status_code == 401
    answer = requests.post(f"{actions.actions_url}/webhook", data=body, params={"token": actions.actions_token},
                           headers={"Content-Type": "application/json"}, timeout=60)
    assert answer.status_code == 413
    # The control: a long but legitimate tracker (below the cap) is still served.
    call = action_call()
    call["tracker"]["events"] = [{"event": "user", "text": "a" * 1000}] * 1000  # ~1 MB of events
    answer = requests.post(f"{actions.actions_url}/webhook", params={"token": actions.actions_token},
                           json=call, timeout=60)
    assert answer.status_code == 200, answer.text
