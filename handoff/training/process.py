"""Subprocesses of the training worker (``rasa train``, the evaluation, ``rasa test``): a minimal
environment, output read line by line, a time limit, and death with the worker."""
from __future__ import annotations

import asyncio
import contextlib
import ctypes
import os
import re
import signal
from pathlib import Path
from typing import Callable, Sequence

from handoff.config import ROOT

# Only what Rasa needs: the worker's own environment holds the database URL and tokens.
CHILD_ENV = {"PYTHONPATH": str(ROOT), "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "2",
             "SQLALCHEMY_SILENCE_UBER_WARNING": "1", "PYTHONUNBUFFERED": "1",
             "PYTHONWARNINGS": "ignore::DeprecationWarning,ignore::PendingDeprecationWarning"}


ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")  # Rasa colours its messages


class Failed(Exception):
    """A training failed: ``key`` (plain-language text on the page) and a technical ``detail``."""

    def __init__(self, key: str, detail: str = "") -> None:
        super().__init__(key)
        self.key, self.detail = key, detail


def _die_with_parent() -> None:  # pragma: no cover - runs in the child between fork and exec
    ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG


def child_env() -> dict:
    """The subprocesses' environment: PATH, HOME, locale and Rasa's quiet switches only."""
    keep = {name: os.environ[name] for name in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR") if name in os.environ}
    return {**keep, **CHILD_ENV}


async def run_streaming(command: Sequence[str], on_line: Callable[[str], None], *, cwd: Path,
                        timeout: float) -> int:
    """Run ``command``, calling ``on_line`` for every output line (stderr included; progress bars'
    carriage returns end a line too); return its exit status. Raises Failed("timeout")."""
    try:
        process = await asyncio.create_subprocess_exec(
            *map(str, command), cwd=str(cwd), env=child_env(), stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT, preexec_fn=_die_with_parent)
    except OSError as error:  # the bot's environment is missing or broken
        raise Failed("rasa_crashed", f"{command[0]} could not be started: {error.strerror}") from None

    async def read() -> None:
        pending = b""
        while chunk := await process.stdout.read(4096):
            pending += chunk
            *lines, pending = pending.replace(b"\r", b"\n").split(b"\n")
            for line in lines:
                if line.strip():
                    on_line(ANSI.sub("", line.decode("utf-8", "replace")))
        if pending.strip():
            on_line(ANSI.sub("", pending.decode("utf-8", "replace")))

    try:
        await asyncio.wait_for(read(), timeout)
        return await process.wait()
    except asyncio.TimeoutError:
        raise Failed("timeout", f"stopped after {timeout / 60:.0f} minutes") from None
    finally:
        if process.returncode is None:
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()


