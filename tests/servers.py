"""Start the real action server and Rasa server as child processes, on loopback, with tokens.

Used by the integration tests and the benchmarks.
"""
from __future__ import annotations

import os
import secrets
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, List, Optional

import json
import urllib.error
import urllib.request

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
    notice_codes_dir: Optional[Path] = None  # where the action server reads the hashed codes

    def say(self, sender: str, text: str, language: Optional[str] = None) -> List[Dict]:
        """Send ``text`` as ``sender`` through the REST webhook; return the bot's messages."""
        body: Dict = {"sender": sender, "message": text}
        if language:
            body["metadata"] = {"language": language}
        request = urllib.request.Request(
            f"{self.rasa_url}/webhooks/rest/webhook", data=json.dumps(body).encode(), method="POST",
            headers={"Authorization": f"Bearer {self.rasa_token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as reply:
            return json.loads(reply.read())

    def tracker(self, conversation_id: str) -> Dict:
        """Rasa's tracker of ``conversation_id`` (HTTP API, with the token)."""
        # Rasa's HTTP API takes its token as a query parameter (the header is for JWTs).
        request = urllib.request.Request(
            f"{self.rasa_url}/conversations/{conversation_id}/tracker?token={self.rasa_token}")
        with urllib.request.urlopen(request, timeout=30) as reply:
            return json.loads(reply.read())

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
            with urllib.request.urlopen(url, timeout=2) as reply:
                if reply.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, OSError):
            pass
        time.sleep(0.5)
    raise RuntimeError(f"{url} did not come up in {STARTUP_SECONDS} s:\n{log.read_text()[-3000:]}")


BOT_PYTHON = ROOT / ".venv-bot" / "bin" / "python"


def start(model: Path, workdir: Path, extra_env: Dict[str, str]) -> Servers:
    """Start both servers with ``model`` (from the bot's environment, whichever Python runs this);
    logs go to ``workdir``. Returns once the model is loaded.

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
    rasa = BOT_PYTHON.with_name("rasa")
    commands = [
        [str(BOT_PYTHON), "-m", "actions.server"],
        [str(rasa), "run", "--enable-api", f"--auth-token={env['RASA_TOKEN']}", "--interface", "127.0.0.1",
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


MODEL = ROOT / "models" / "breach-assistant.tar.gz"
TEST_INCIDENT = "kiebitz-2026-09"
TEST_INCIDENTS_DIR = ROOT / "tests" / "fixtures" / "incidents"


def start_test_incident(workdir: Path) -> Servers:
    """Both servers speaking about the test incident, with its notice codes hashed into ``workdir``.

    Raises:
        RuntimeError: no trained model (run ``make train``), or a server did not come up.
    """
    if not MODEL.exists():
        raise RuntimeError(f"{MODEL} is missing: run `make train` (make test does)")
    codes = workdir / "codes"
    subprocess.run([str(BOT_PYTHON), "-m", "actions.notice_codes", "--incident", TEST_INCIDENT,
                    "--csv", str(ROOT / "tests" / "fixtures" / "notice_codes" / f"{TEST_INCIDENT}.csv"),
                    "--incidents-dir", str(TEST_INCIDENTS_DIR), "--out", str(codes / f"{TEST_INCIDENT}.json")],
                   check=True, cwd=ROOT, stdout=subprocess.DEVNULL, env=dict(os.environ, PYTHONPATH=str(ROOT)))
    servers = start(MODEL, workdir, {"INCIDENT_ID": TEST_INCIDENT, "INCIDENTS_DIR": str(TEST_INCIDENTS_DIR),
                                     "NOTICE_CODES_DIR": str(codes)})
    servers.notice_codes_dir = codes
    return servers
