"""Start Rasa (``rasa run``) with two changes made inside the Rasa process at start-up.

Usage (the Procfile, ``scripts/run`` and ``tests/servers.py`` call it instead of ``rasa run``)::

    .venv-bot/bin/python -m bot.serve --enable-api --auth-token "$RASA_TOKEN" --port 5005 ...

Every argument is handed to ``rasa run`` unchanged. Exits with status 2 when no token is given
(neither ``--auth-token`` nor ``RASA_TOKEN``): Rasa must never serve without one.

1. **Action-server responses are validated with a schema compiled once.**
   ``RemoteAction._validate_action_result`` (``rasa/core/actions/action.py``) calls
   ``jsonschema.validate(result, schema)`` for every response of the action server.
   ``jsonschema.validate`` first checks the schema against its metaschema (``check_schema``), which
   for Rasa's large events schema is most of the work: py-spy showed 61 % of Rasa's CPU there under
   load. The replacement builds ``validator_for(schema)(schema)`` once per schema and raises exactly
   what ``jsonschema.validate`` raises (the ``best_match`` of the errors, a ``ValidationError`` with
   Rasa's hint appended to its message), so Rasa's handling (``MessageProcessor._run_action`` logs
   "Encountered an exception while running action ..." and drops the action's events) is unchanged.
   Checked against the source of Rasa 3.6.21 with jsonschema 4.17.3 (``bot/requirements.lock``);
   applied only to Rasa 3.6.x, whose ``_validate_action_result`` is the same throughout 3.6. On any
   other version it is not applied and a warning says so. ``RASA_VALIDATION_PATCH=0`` leaves Rasa's
   own validation in place (``make bench-cpu`` compares the two).

2. **Every HTTP route needs the token.** Rasa answers ``/`` ("Hello from Rasa: 3.6.21") and
   ``/version`` to anyone, even with ``--auth-token``; its HTTP API checks the token per endpoint.
   A Sanic request middleware on the app ``rasa.core.run.configure_app`` builds answers 401 unless
   the request carries the token as ``?token=`` (how Rasa's HTTP API takes it) or
   ``Authorization: Bearer`` (how the REST channel in ``bot/channels.py`` takes it; that channel
   keeps its own check). Rasa's HTTP API endpoints (``/status``, ``/conversations/...``) keep their
   own check too, which reads ``?token=`` only. Tokens are compared with ``hmac.compare_digest``.

3. **``PUT /model`` loads in a thread of its own, at idle priority.** Rasa 3.6 loads the new
   model inside its event loop (``rasa.server._load_agent``): the process answers nothing meanwhile,
   and the load competes for the CPU with the processes that serve. The replacement runs the same
   ``_load_agent`` in a new thread (ended with the load), on an event loop of its own, and swaps the
   agent exactly as before. The model activation (``handoff/activation``) takes the process out of
   rotation anyway; this keeps the other Rasa processes' turns fast while it loads. Much of a load's
   CPU is TensorFlow's, spent in its thread pools, which the process created at its first model and
   which do not inherit the loading thread's priority; so while the load runs, every thread of the
   process but the event loop's runs under ``SCHED_IDLE`` (sched(7): it gets a CPU only when nothing
   else wants it), and gets its policy back afterwards. Leaving ``SCHED_IDLE`` again needs
   ``CAP_SYS_NICE`` or a sufficient ``RLIMIT_NICE`` (sched(7)); where the process lacks both, only the
   loading thread is lowered (niceness 19), as it ends with the load. ``RASA_LOAD_IN_THREAD=0`` leaves
   Rasa's way.

It also fills in ``TRACKER_STORE_URL`` (read by ``bot/endpoints.yml``) when it is not set: an SQLite
file ``rasa-tracker.sqlite3`` in ``VAR_DIR`` (default ``var/``), the embedded default, opened with a
30 s lock timeout.
"""
from __future__ import annotations

import contextlib
import functools
import hmac
import logging
import os
import sys
import threading
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Optional, Sequence

logger = logging.getLogger(__name__)

PATCHED_RASA_SERIES = "3.6."
ROOT = Path(__file__).resolve().parent.parent


def default_tracker_store_url(env: Dict[str, str]) -> str:
    """``TRACKER_STORE_URL`` from ``env``, else the SQLite file in ``VAR_DIR`` (created if missing)."""
    if env.get("TRACKER_STORE_URL"):
        return env["TRACKER_STORE_URL"]
    var = Path(env.get("VAR_DIR") or ROOT / "var")
    var = var if var.is_absolute() else ROOT / var
    var.mkdir(parents=True, exist_ok=True)
    # Several Rasa processes share the file: wait up to 30 s for another's write lock (pysqlite's
    # default is 5 s) rather than fail a turn with "database is locked".
    return f"sqlite:///{var / 'rasa-tracker.sqlite3'}?timeout=30"


@functools.lru_cache(maxsize=8)
def _compiled_validator(owner: type) -> Any:
    """The jsonschema validator of ``owner.action_response_format_spec()``, built once per class."""
    from jsonschema.validators import validator_for

    schema = owner.action_response_format_spec()
    cls = validator_for(schema)
    cls.check_schema(schema)  # once, as jsonschema.validate would do on every call
    return cls(schema)


def validate_action_result(self: Any, result: Dict[str, Any]) -> bool:
    """Drop-in for ``RemoteAction._validate_action_result`` with a validator compiled once.

    Args:
        self: the ``RemoteAction`` (or subclass) whose response schema applies.
        result: the decoded JSON body the action server answered.
    Returns:
        True when ``result`` is valid.
    Raises:
        jsonschema.ValidationError: the same error ``jsonschema.validate`` raises (its
            ``best_match``), with Rasa 3.6's hint appended to ``message``.
    """
    from jsonschema import ValidationError
    from jsonschema.exceptions import best_match
    from rasa.shared.constants import DOCS_BASE_URL

    try:
        error = best_match(_compiled_validator(type(self)).iter_errors(result))
        if error is not None:
            raise error
        return True
    except ValidationError as e:
        # Same text as Rasa 3.6.21's own _validate_action_result.
        e.message += (
            f". Failed to validate Action server response from API, "
            f"make sure your response from the Action endpoint is valid. "
            f"For more information about the format visit "
            f"{DOCS_BASE_URL}/custom-actions"
        )
        raise e


def patch_action_validation() -> bool:
    """Replace ``RemoteAction._validate_action_result`` on Rasa 3.6.x; return whether it was replaced."""
    import rasa
    from rasa.core.actions.action import RemoteAction

    if not rasa.__version__.startswith(PATCHED_RASA_SERIES):
        logger.warning("Rasa %s is not 3.6.x: action responses are validated the slow way (bot/serve.py)",
                       rasa.__version__)
        return False
    RemoteAction._validate_action_result = validate_action_result
    return True


def _threads() -> List[int]:
    """Native ids of this process's threads (Linux ``/proc/self/task``)."""
    return [int(name) for name in os.listdir("/proc/self/task")]


def _may_leave_idle() -> bool:
    """Whether a thread of this process may go back from ``SCHED_IDLE`` to ``SCHED_OTHER`` (tried on the
    calling thread, which is left under ``SCHED_OTHER``; a thread that may not is left idle)."""
    try:
        os.sched_setscheduler(0, os.SCHED_IDLE, os.sched_param(0))
        os.sched_setscheduler(0, os.SCHED_OTHER, os.sched_param(0))
        return True
    except (AttributeError, OSError):
        return False


@contextlib.contextmanager
def idle_priority(keep: int) -> Iterator[bool]:
    """Run every thread of this process but ``keep`` (a native thread id: the event loop's) under
    ``SCHED_IDLE`` inside the block; afterwards every thread that is idle and was not before gets its
    policy back (one started inside the block: ``SCHED_OTHER``). Yields whether it could (item 3 of
    the module docstring); when it could not, it lowered the calling thread only (niceness 19, kept
    until that thread ends: the caller's thread is one made for the load)."""
    if not _may_leave_idle():
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 19)
        yield False
        return
    before: Dict[int, int] = {}  # native thread id -> its scheduling policy before the block
    for thread in _threads():
        with contextlib.suppress(OSError):  # ended meanwhile
            before[thread] = os.sched_getscheduler(thread)
            if thread != keep and before[thread] != os.SCHED_IDLE:
                os.sched_setscheduler(thread, os.SCHED_IDLE, os.sched_param(0))
    try:
        yield True
    finally:
        for thread in _threads():
            with contextlib.suppress(OSError):
                policy = before.get(thread, os.SCHED_OTHER)
                if policy != os.SCHED_IDLE and os.sched_getscheduler(thread) == os.SCHED_IDLE:
                    os.sched_setscheduler(thread, policy, os.sched_param(0))


def patch_model_loading() -> None:
    """Make ``PUT /model`` load in a thread of its own at idle priority (item 3 of the module docstring)."""
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    import rasa.server as server

    original: Callable[..., Any] = server._load_agent

    def load_in_thread(kwargs: Dict[str, Any], loop_thread: int) -> Any:
        with idle_priority(keep=loop_thread):
            return asyncio.run(original(**kwargs))

    @functools.wraps(original)
    async def _load_agent(**kwargs: Any) -> Any:
        # A pool of its own: the default executor's threads outlive the load, and this one's priority must not.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="model-load") as pool:
            return await asyncio.get_running_loop().run_in_executor(
                pool, load_in_thread, kwargs, threading.get_native_id())

    server._load_agent = _load_agent


def offered_token(args: Dict[str, Any], headers: Dict[str, str]) -> str:
    """The token in a request: ``?token=`` first, else ``Authorization: Bearer``; '' when none.

    Args:
        args: the query arguments (Sanic's ``request.args``: name -> list of values, ``get`` gives
            the first).
        headers: the request headers.
    """
    token = args.get("token")
    if token:
        return token
    scheme, _, value = headers.get("Authorization", "").partition(" ")
    return value if scheme.lower() == "bearer" else ""


def add_token_middleware(app: Any, token: str) -> None:
    """Make every route of the Sanic ``app`` answer 401 without ``token``.

    Raises:
        ValueError: ``token`` is empty.
    """
    from sanic import response

    if not token:
        raise ValueError("a token is required")
    expected = token.encode()

    async def require_token(request: Any) -> Optional[Any]:
        if request.method == "OPTIONS":
            return None  # CORS preflight carries no credentials; the real request is checked
        if hmac.compare_digest(offered_token(request.args, request.headers).encode(), expected):
            return None
        return response.json({"error": "missing or wrong token"}, status=401)

    app.register_middleware(require_token, "request")


def patch_configure_app(token: str) -> None:
    """Wrap ``rasa.core.run.configure_app`` so the app it builds requires ``token`` on every route."""
    import rasa.core.run as run

    original: Callable[..., Any] = run.configure_app

    @functools.wraps(original)
    def configure_app(*args: Any, **kwargs: Any) -> Any:
        app = original(*args, **kwargs)
        add_token_middleware(app, token)
        return app

    run.configure_app = configure_app


def _token_from(argv: Sequence[str]) -> str:
    for index, arg in enumerate(argv):
        if arg.startswith("--auth-token="):
            return arg.split("=", 1)[1]
        if arg in ("--auth-token", "-t") and index + 1 < len(argv):
            return argv[index + 1]
    return os.environ.get("RASA_TOKEN", "")


def main(argv: Optional[List[str]] = None) -> None:
    """Apply both changes, then run ``rasa run`` with ``argv`` (default: this process's arguments)."""
    argv = list(sys.argv[1:] if argv is None else argv)
    token = _token_from(argv)
    if not token:
        print("error: no token: pass --auth-token or set RASA_TOKEN", file=sys.stderr)
        raise SystemExit(2)
    if not any(arg == "--auth-token" or arg.startswith("--auth-token=") or arg == "-t" for arg in argv):
        # Rasa's own HTTP API checks want it too; "=" because a token may begin with "-", which argparse
        # would take for an option after a separate "--auth-token".
        argv.append(f"--auth-token={token}")
    os.environ["TRACKER_STORE_URL"] = default_tracker_store_url(dict(os.environ))
    if os.environ.get("RASA_VALIDATION_PATCH", "1") != "0":  # "0" only to measure the difference
        patch_action_validation()
    patch_configure_app(token)
    if os.environ.get("RASA_LOAD_IN_THREAD", "1") != "0":
        patch_model_loading()
    from rasa.__main__ import main as rasa_main

    sys.argv = ["rasa", "run", *argv]
    rasa_main()


if __name__ == "__main__":
    main()
