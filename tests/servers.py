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
    processes: List[Optional[subprocess.Popen]] = field(default_factory=list)
    commands: List[List[str]] = field(default_factory=list, repr=False)
    env: Dict[str, str] = field(default_factory=dict, repr=False)
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
        return "\n".join(path.read_text(encoding="utf-8", errors="replace") for path in self.logs
                         if path.exists())

    def restart(self, index: int) -> subprocess.Popen:
        """Start server ``index`` (0: action server, 1: Rasa) again with the same command, port and
        stores, after it died; return once it answers (Rasa: model loaded). Logs are appended.

        Raises:
            RuntimeError: it is still running, or did not come up.
        """
        if self.processes[index].poll() is None:
            raise RuntimeError(f"server {index} is still running")
        with self.logs[index].open("a") as handle:
            process = subprocess.Popen(self.commands[index], cwd=ROOT, env=self.env, stdout=handle,
                                       stderr=subprocess.STDOUT)
        self.processes[index] = process
        url = (f"{self.actions_url}/health" if index == 0
               else f"{self.rasa_url}/status?token={self.rasa_token}")
        _wait_until_up(url, process, self.logs[index])
        return process

    def stop(self) -> None:
        """Terminate both servers (kill after 20 s)."""
        running = [process for process in self.processes if process is not None]
        for process in running:
            if process.poll() is None:
                process.terminate()
        for process in running:
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


def start(model: Path, workdir: Path, extra_env: Dict[str, str], actions: bool = True) -> Servers:
    """Start both servers with ``model`` (from the bot's environment, whichever Python runs this);
    logs and Rasa's SQLite tracker store go to ``workdir`` unless ``extra_env`` sets
    ``TRACKER_STORE_URL``. Returns once the model is loaded.

    With ``actions=False`` only Rasa starts (``processes[0]`` stays None) and calls the action
    server at ``ACTION_SERVER_PORT`` of ``extra_env`` (a test's stand-in).

    Raises:
        RuntimeError: a server exited or did not come up within ``STARTUP_SECONDS``.
    """
    rasa_port = free_port()
    actions_port = int(extra_env["ACTION_SERVER_PORT"]) if not actions else free_port()
    env = dict(
        os.environ, PYTHONPATH=str(ROOT), ACTION_SERVER_PORT=str(actions_port),
        ACTION_SERVER_TOKEN=secrets.token_urlsafe(24), RASA_TOKEN=secrets.token_urlsafe(24),
        RASA_TELEMETRY_ENABLED="false", SQLALCHEMY_SILENCE_UBER_WARNING="1", TF_CPP_MIN_LOG_LEVEL="2",
    )
    env.update(extra_env)
    logs = [workdir / "actions.log", workdir / "rasa.log"]
    if "TRACKER_STORE_URL" not in extra_env:  # each run its own store, whatever the shell says
        env["TRACKER_STORE_URL"] = f"sqlite:///{workdir / 'rasa-tracker.sqlite3'}"
    commands = [
        [str(BOT_PYTHON), "-m", "actions.server"],
        # bot.serve: `rasa run` with the token (from RASA_TOKEN) on every route and the fast
        # validation of action responses.
        [str(BOT_PYTHON), "-m", "bot.serve", "--enable-api", "--interface", "127.0.0.1",
         "--port", str(rasa_port), "--model", str(model), "--endpoints", "bot/endpoints.yml",
         "--credentials", "bot/credentials.yml"],
    ]
    servers = Servers(f"http://127.0.0.1:{rasa_port}", f"http://127.0.0.1:{actions_port}",
                      env["RASA_TOKEN"], env["ACTION_SERVER_TOKEN"], logs, commands=commands, env=env)
    try:
        for index, (command, log) in enumerate(zip(commands, logs)):
            if index == 0 and not actions:
                servers.processes.append(None)
                continue
            with log.open("w") as handle:
                servers.processes.append(subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle,
                                                          stderr=subprocess.STDOUT))
        if actions:
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


def start_test_incident(workdir: Path, extra_env: Optional[Dict[str, str]] = None) -> Servers:
    """Both servers speaking about the test incident, with its notice codes hashed into ``workdir``;
    ``extra_env`` adds to or overrides their environment (e.g. ``TRACKER_STORE_URL``).

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
                                     "NOTICE_CODES_DIR": str(codes), **(extra_env or {})})
    servers.notice_codes_dir = codes
    return servers


def start_action_server(workdir: Path, extra_env: Optional[Dict[str, str]] = None) -> Servers:
    """Only the action server (default incident unless ``extra_env`` names one), with a fresh token;
    ``rasa_url`` stays empty.

    Raises:
        RuntimeError: it exited or did not come up within ``STARTUP_SECONDS``.
    """
    port = free_port()
    env = dict(os.environ, PYTHONPATH=str(ROOT), ACTION_SERVER_PORT=str(port),
               ACTION_SERVER_TOKEN=secrets.token_urlsafe(24), **(extra_env or {}))
    command = [str(BOT_PYTHON), "-m", "actions.server"]
    log = workdir / "actions.log"
    servers = Servers("", f"http://127.0.0.1:{port}", "", env["ACTION_SERVER_TOKEN"], [log],
                      commands=[command], env=env)
    with log.open("w") as handle:
        servers.processes.append(subprocess.Popen(command, cwd=ROOT, env=env, stdout=handle,
                                                  stderr=subprocess.STDOUT))
    try:
        _wait_until_up(f"{servers.actions_url}/health", servers.processes[0], log)
    except BaseException:
        servers.stop()
        raise
    return servers
