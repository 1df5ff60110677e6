"""Start the real action server and Rasa server as child processes, on loopback, with tokens.

Used by the integration tests and the benchmarks.
"""
from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import requests

ROOT = Path(__file__).resolve().parent.parent
STARTUP_SECONDS = 180


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Servers:
    """The running servers: URLs, tokens, processes and log files."""

    rasa_url: str
    actions_url: str
    rasa_token: str
    actions_token: str
    logs: List[Path]
    processes: List[subprocess.Popen] = field(default_factory=list)

    def say(self, sender: str, text: str, language: Optional[str] = None) -> List[Dict]:
        """Send ``text`` as ``sender`` through the REST webhook; return the bot's messages."""
        body: Dict = {"sender": sender, "message": text}
        if language:
            body["metadata"] = {"language": language}
        reply = requests.post(f"{self.rasa_url}/webhooks/rest/webhook", json=body, timeout=60,
                              headers={"Authorization": f"Bearer {self.rasa_token}"})
        reply.raise_for_status()
        return reply.json()

    def log_text(self) -> str:
        """Everything both servers logged so far."""
        return "\n".join(path.read_text(encoding="utf-8", errors="replace") for path in self.logs)

    def stop(self) -> None:
        """Terminate both servers (kill after 20 s)."""
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


def _wait_until_up(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{url} exited early:\n{log.read_text()[-3000:]}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.ConnectionError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not come up in {STARTUP_SECONDS} s:\n{log.read_text()[-3000:]}")


def start(model: Path, workdir: Path, extra_env: Dict[str, str]) -> Servers:
    """Start both servers with ``model``; logs go to ``workdir``. Returns once the model is loaded.

    Raises:
        RuntimeError: a server exited or did not come up within ``STARTUP_SECONDS``.
    """
    rasa_port, actions_port = free_port(), free_port()
    env = dict(
        os.environ, PYTHONPATH=str(ROOT), ACTION_SERVER_PORT=str(actions_port),
        ACTION_SERVER_TOKEN=secrets.token_urlsafe(24), RASA_TOKEN=secrets.token_urlsafe(24),
        RASA_TELEMETRY_ENABLED="false", SQLALCHEMY_SILENCE_UBER_WARNING="1", TF_CPP_MIN_LOG_LEVEL="2",
        **extra_env,
    )
    logs = [workdir / "actions.log", workdir / "rasa.log"]
    rasa = Path(sys.executable).with_name("rasa")
    commands = [
        [sys.executable, "-m", "actions.server"],
        [str(rasa), "run", "--enable-api", "--auth-token", env["RASA_TOKEN"], "--interface", "127.0.0.1",
         "--port", str(rasa_port), "--model", str(model), "--endpoints", "bot/endpoints.yml",
         "--credentials", "bot/credentials.yml"],
    ]
    servers = Servers(f"http://127.0.0.1:{rasa_port}", f"http://127.0.0.1:{actions_port}",
                      env["RASA_TOKEN"], env["ACTION_SERVER_TOKEN"], logs)
    try:
        for command, log in zip(commands, logs):
            with log.open("w") as handle:
                servers.processes.append(subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle,
                                                          stderr=subprocess.STDOUT))
        _wait_until_up(f"{servers.actions_url}/health", servers.processes[0], logs[0])
        # /status answers 200 only once the model is loaded.
        _wait_until_up(f"{servers.rasa_url}/status?token={env['RASA_TOKEN']}", servers.processes[1], logs[1])
    except BaseException:
        servers.stop()
        raise
    return servers
