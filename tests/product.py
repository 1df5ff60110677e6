"""The product as ``make run`` starts it (scripts/run: supervisord with the action server,
RASA_PROCESSES Rasa processes and the front door), on free ports with a VAR_DIR of its own, so it
never collides with a developer's ``make run``.

Used by the supervision test (tests/integration/test_supervision.py) and the load benchmarks.
"""
from __future__ import annotations

import base64
import os
import re
import secrets
import signal
import socket
import subprocess
import time
from pathlib import Path
from typing import Dict, List, Mapping, Optional

from tests import servers

ROOT = servers.ROOT
READY_SECONDS = 600


def consecutive_free_ports(count: int) -> int:
    """A port P such that P .. P+count-1 are free on 127.0.0.1 right now.

    Raises:
        RuntimeError: no such run found in 50 tries.
    """
    for _ in range(50):
        base = servers.free_port()
        if base + count < 65535 and all(_free(base + offset) for offset in range(count)):
            return base
    raise RuntimeError("no run of free ports found")


def _free(port: int) -> bool:
    with socket.socket() as sock:
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


class Product:
    """The running product: its environment, ports and the supervisor's view of its processes.

    Args:
        var: the VAR_DIR (logs, SQLite databases, the supervisor's socket); must exist.
        rasa_processes: RASA_PROCESSES.
        extra_env: added to (or overriding) the environment scripts/run gets, e.g.
            ``{"RASA_VALIDATION_PATCH": "0"}`` or ``{"RASA_TIMEOUT_SECONDS": "5"}``.
    """

    def __init__(self, var: Path, rasa_processes: int = 2, extra_env: Optional[Mapping[str, str]] = None) -> None:
        self.var = var
        self.rasa_processes = rasa_processes
        self.rasa_port = consecutive_free_ports(rasa_processes)
        self.env = dict(
            os.environ, VAR_DIR=str(var), RASA_PROCESSES=str(rasa_processes), RASA_PORT=str(self.rasa_port),
            ACTION_SERVER_PORT=str(servers.free_port()), HANDOFF_PORT=str(servers.free_port()),
            RASA_TOKEN=secrets.token_urlsafe(24), ACTION_SERVER_TOKEN=secrets.token_urlsafe(24),
            SESSION_SECRET=base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        )
        # A developer's shell may point these at their own stores: each run gets its own in VAR_DIR.
        self.env.pop("TRACKER_STORE_URL", None)
        self.env.pop("DATABASE_URL", None)
        self.env.update(extra_env or {})
        self.url = f"http://127.0.0.1:{self.env['HANDOFF_PORT']}"
        self.output = var / "run.out"
        self.process: subprocess.Popen = None  # type: ignore[assignment]

    @property
    def rasa_urls(self) -> List[str]:
        """Every Rasa's base URL, in the order of the front door's RASA_URLS."""
        return [f"http://127.0.0.1:{self.rasa_port + index}" for index in range(self.rasa_processes)]

    @property
    def rasa_token(self) -> str:
        """The token of every Rasa route."""
        return self.env["RASA_TOKEN"]

    def start(self, wait_running: bool = True) -> None:
        """Run scripts/run and return once it printed "Ready" (the front door's /health/ready
        answered 200: every Rasa loaded its model); with ``wait_running``, also once supervisord
        calls every process RUNNING (Rasa only after its startsecs, 30 s).

        Raises:
            RuntimeError: scripts/run stopped, or not ready within READY_SECONDS (logs attached).
        """
        with self.output.open("w") as handle:
            self.process = subprocess.Popen([str(ROOT / "scripts" / "run")], cwd=ROOT, env=self.env,
                                            stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + READY_SECONDS
        while "Ready" not in self.output.read_text():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"not ready:\n{self.output.read_text()[-3000:]}\n{self.logs()}")
            time.sleep(1)
        # supervisord shows no pid for a process before it is RUNNING.
        expected = {"actions", "handoff", "tracker-retention", "train-worker",
                    *(f"rasa-{self.rasa_port + index}" for index in range(self.rasa_processes))}
        while wait_running and set(self.pids()) != expected:
            if time.monotonic() > deadline:
                raise RuntimeError(f"not all RUNNING: {self.pids()}\n{self.logs()}")
            time.sleep(1)

    def logs(self) -> str:
        """The last 2000 characters of each log in VAR_DIR/log."""
        return "\n".join(f"--- {path.name}\n{path.read_text(errors='replace')[-2000:]}"
                         for path in sorted((self.var / "log").glob("*.log")))

    def pids(self) -> Dict[str, int]:
        """Running processes by supervisord name (``actions``, ``rasa-<port>``, ``handoff``) -> pid."""
        status = subprocess.run([str(ROOT / "scripts" / "ctl"), "status"], cwd=ROOT, env=self.env,
                                capture_output=True, text=True)
        found = {}
        for line in status.stdout.splitlines():
            match = re.match(r"(?:\S+:)?(\S+)\s+RUNNING\s+pid (\d+)", line)
            if match:
                found[match.group(1)] = int(match.group(2))
        return found

    def stop(self) -> None:
        """SIGTERM to scripts/run (which stops supervisord, which stops its processes); whatever of
        this session is left after 90 s is killed."""
        if self.process is None:
            return
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=90)
            except subprocess.TimeoutExpired:
                pass
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
