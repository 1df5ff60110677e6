"""bot/serve.py: the action-response validation compiled once, the token check, the tracker store
default. The Rasa server itself is tested in tests/integration/test_rasa_server.py."""
from __future__ import annotations

import jsonschema
import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

from bot import serve

ORIGINAL = RemoteAction._validate_action_result

VALID = [
    {},
    {"events": [], "responses": []},
    {"events": [{"event": "slot", "name": "language", "value": "de"}],
     "responses": [{"text": "Hallo", "buttons": [{"title": "x", "payload": "/y"}]}]},
    {"events": [{"event": "followup", "name": "action_listen"}], "responses": [{"custom": {"handoff": {}}}]},
]
INVALID = [
    {"events": "not a list"},
    {"events": [{"event": "no_such_event"}]},
    {"events": [{"event": "slot", "value": 1}]},  # a slot event without its name
    {"responses": ["just a string"]},
    {"responses": {"text": "an object, not a list"}},
    ["a list, not an object"],
]


@pytest.fixture
def action() -> RemoteAction:
    return RemoteAction("action_tell_what_happened", None)


@pytest.mark.parametrize("result", VALID)
def test_valid_results_pass_like_before(action, result):
    assert ORIGINAL(action, result) is True
    assert serve.validate_action_result(action, result) is True


@pytest.mark.parametrize("result", INVALID)
def test_invalid_results_raise_the_same_error_as_before(action, result):
    with pytest.raises(ValidationError) as before:
        ORIGINAL(action, result)
    with pytest.raises(ValidationError) as after:
        serve.validate_action_result(action, result)
    assert after.value.message == before.value.message
    assert list(after.value.path) == list(before.value.path)
    assert after.value.validator == before.value.validator
    assert "Failed to validate Action server response from API" in after.value.message


def test_the_schema_is_checked_once_not_per_response(action, monkeypatch):
    """The hot spot: jsonschema.validate checks the schema against its metaschema on every call."""
    checks = []
    cls = jsonschema.validators.validator_for(RemoteAction.action_response_format_spec())
    original_check = cls.check_schema
    monkeypatch.setattr(cls, "check_schema", classmethod(
        lambda klass, schema, *a, **k: (checks.append(1), original_check.__func__(klass, schema, *a, **k))[1]))
    for _ in range(20):
        ORIGINAL(action, VALID[2])
    assert len(checks) == 20  # the slow path, measured the same way
    checks.clear()
    serve._compiled_validator.cache_clear()
    for _ in range(20):
        serve.validate_action_result(action, VALID[2])
    assert len(checks) == 1


def test_patch_replaces_rasas_method_on_rasa_3_6(monkeypatch):
    monkeypatch.setattr(RemoteAction, "_validate_action_result", ORIGINAL)
    assert serve.patch_action_validation() is True
    assert RemoteAction._validate_action_result is serve.validate_action_result


def test_patch_is_not_applied_on_another_rasa(monkeypatch):
    import rasa

    monkeypatch.setattr(RemoteAction, "_validate_action_result", ORIGINAL)
    monkeypatch.setattr(rasa, "__version__", "3.7.0")
    assert serve.patch_action_validation() is False
    assert RemoteAction._validate_action_result is ORIGINAL


def test_token_is_read_from_query_or_bearer_header():
    assert serve.offered_token({"token": "abc"}, {}) == "abc"
    assert serve.offered_token({}, {"Authorization": "Bearer abc"}) == "abc"
    assert serve.offered_token({}, {"Authorization": "Basic abc"}) == ""
    assert serve.offered_token({}, {}) == ""


def test_tracker_store_defaults_to_sqlite_in_var_dir(tmp_path):
    assert serve.default_tracker_store_url({"VAR_DIR": str(tmp_path / "v")}) == \
        f"sqlite:///{tmp_path / 'v' / 'rasa-tracker.sqlite3'}?timeout=30"
    assert (tmp_path / "v").is_dir()
    url = "postgresql://postgres@127.0.0.1:5432/test"
    assert serve.default_tracker_store_url({"TRACKER_STORE_URL": url}) == url


def test_no_token_no_server(monkeypatch, capsys):
    monkeypatch.delenv("RASA_TOKEN", raising=False)
    with pytest.raises(SystemExit) as stopped:
        serve.main(["--port", "5005"])
    assert stopped.value.code == 2
    assert "no token" in capsys.readouterr().err


def test_a_token_beginning_with_a_dash_reaches_rasa_as_the_token(monkeypatch, tmp_path):
    """``secrets.token_urlsafe`` begins with "-" one time in 64; Rasa's parser must still read it as the token."""
    import rasa.__main__
    import rasa.core.run as rasa_run

    token = "-DnjPkk9GcY3P_ruzzBZfRGE5diw5LFx"
    parsed = {}

    def parse_like_rasa() -> None:
        parsed["args"] = rasa.__main__.create_argument_parser().parse_args(serve.sys.argv[1:])

    monkeypatch.setenv("RASA_TOKEN", token)
    monkeypatch.setenv("TRACKER_STORE_URL", f"sqlite:///{tmp_path}/t.sqlite3")  # restored after the test
    monkeypatch.setattr(rasa.__main__, "main", parse_like_rasa)
    monkeypatch.setattr(serve, "patch_action_validation", lambda: None)
    monkeypatch.setattr(rasa_run, "configure_app", rasa_run.configure_app)  # undone after the test
    monkeypatch.setattr(serve.sys, "argv", list(serve.sys.argv))
    serve.main(["--port", "5005"])
    assert parsed["args"].auth_token == token


def _policies() -> dict:
    import os
    policies = {}
    for thread in os.listdir("/proc/self/task"):
        try:
            policies[int(thread)] = os.sched_getscheduler(int(thread))
        except OSError:
            pass
    return policies


def test_put_model_loads_at_idle_priority_outside_the_event_loop_and_restores_every_thread(monkeypatch):
    import asyncio
    import os
    import threading

    import rasa.server as server

    seen = {}
    started_inside = {}
    helper_ready, helper_stop = threading.Event(), threading.Event()

    def helper():  # stands for TensorFlow's pool threads: started before the load, at normal priority
        helper_ready.set()
        helper_stop.wait(30)

    def started_during_load():
        started_inside["thread"] = threading.get_native_id()
        helper_stop.wait(30)

    pool_thread = threading.Thread(target=helper)
    pool_thread.start()
    helper_ready.wait(5)

    async def load(**kwargs):
        seen.update(kwargs, thread=threading.get_native_id(), policies=_policies())
        later = threading.Thread(target=started_during_load)
        later.start()
        while "thread" not in started_inside:
            await asyncio.sleep(0.01)
        seen["later_policy"] = os.sched_getscheduler(started_inside["thread"])
        return "the new agent"

    monkeypatch.setattr(server, "_load_agent", load)
    serve.patch_model_loading()

    async def put_model():
        return await server._load_agent(model_path="models/x.tar.gz"), threading.get_native_id()

    try:
        before = _policies()
        agent, loop_thread = asyncio.run(put_model())
        after = _policies()
    finally:
        helper_stop.set()
        pool_thread.join()
    assert agent == "the new agent" and seen["model_path"] == "models/x.tar.gz"
    assert seen["thread"] != loop_thread  # the loop serves turns meanwhile
    during = seen["policies"]
    assert during[seen["thread"]] == os.SCHED_IDLE
    assert during[pool_thread.native_id] == os.SCHED_IDLE  # not only the loading thread
    assert during[loop_thread] == os.SCHED_OTHER
    assert seen["later_policy"] == os.SCHED_IDLE  # inherited from the loading thread
    assert before[pool_thread.native_id] == os.SCHED_OTHER
    assert all(policy == os.SCHED_OTHER for policy in after.values()), after
    assert started_inside["thread"] not in after or after[started_inside["thread"]] == os.SCHED_OTHER


def test_without_the_right_to_leave_idle_only_the_loading_thread_is_lowered(monkeypatch):
    import asyncio
    import os
    import threading

    import rasa.server as server

    # This machine's tests run as root; a process without CAP_SYS_NICE is simulated.
    monkeypatch.setattr(serve, "_may_leave_idle", lambda: False)
    seen = {}

    async def load(**kwargs):
        seen.update(nice=os.getpriority(os.PRIO_PROCESS, threading.get_native_id()), policies=_policies())
        return "the new agent"

    monkeypatch.setattr(server, "_load_agent", load)
    serve.patch_model_loading()
    nice = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    asyncio.run(server._load_agent(model_path="models/x.tar.gz"))
    assert seen["nice"] == 19
    assert all(policy == os.SCHED_OTHER for policy in seen["policies"].values())
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == nice  # the event loop's thread
