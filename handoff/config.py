"""The one place that reads the front door's environment.

Variables (all optional in development; ``HANDOFF_ENV=production`` requires ``SESSION_SECRET``):

| variable | default | meaning |
|---|---|---|
| HANDOFF_ENV | development | ``production`` makes cookies Secure and forbids generated secrets |
| HANDOFF_HOST / HANDOFF_PORT | 127.0.0.1 / 8000 | where the service listens |
| DATABASE_URL | sqlite+aiosqlite:///var/handoff.sqlite3 | any SQLAlchemy async URL, e.g. postgresql+asyncpg://... |
| RASA_URLS | http://127.0.0.1:5005 | one or more Rasa servers, comma separated |
| RASA_TOKEN | (required to reach Rasa) | bearer token of Rasa's REST webhook and HTTP API |
| RASA_TIMEOUT_SECONDS | 8 | how long one request to Rasa may take once sent, before apologising |
| RASA_CONCURRENCY | 4 | requests in flight per Rasa process; more turns wait their turn (back-pressure) |
| RASA_QUEUE_SECONDS | 60 | how long a turn may wait for Rasa before apologising |
| ANSWER_COMING_SECONDS | 4 | after this long without an answer the customer is told it is coming |
| MAX_MESSAGE_CHARS | 2000 | longest customer message accepted |
| RATE_LIMIT_MESSAGES / RATE_LIMIT_SECONDS | 8 / 10 | per-session flood limit |
| RETENTION_INTERVAL_SECONDS | 3600 | how often the front door deletes conversations older than RETENTION_DAYS |
| NEW_CONVERSATIONS_PER_HOUR | 100 | new conversations one client address may start per hour |
| RETENTION_DAYS | 30 | transcripts older than this are deleted by ``python -m handoff retention`` |
| AGENT_GRACE_SECONDS | 60 | a disconnected agent's chats return to the queue after this |
| AGENT_SESSION_CHECK_SECONDS | 15 | how often agent sockets are checked against their login session (ended: disconnected) |
| PREFERRED_AGENT_SECONDS | 120 | a returning customer is offered first, for this long, to the agent who handled them before (when available) |
| SESSION_SECRET | generated into var/ in development | 32-byte url-safe base64 key of the agent session cookies |
| INCIDENT_ID / INCIDENTS_DIR | nordlicht-2026-11 / data/incidents | incident notice for hotline number and hours |
| NOTICE_CODES_DIR | data/notice_codes | hashed notice codes (their salt keys the hash sent to Rasa instead of a code) |
| REDIS_URL | (none) | when set, socket messages fan out through Redis to every front door process |
| ACTION_SERVER_URL | http://127.0.0.1:5055 | the action server, checked by ``GET /health/ready``; runs the studio's content checks |
| STUDIO_APPROVALS_REQUIRED | 1 | how many different approvers must approve a draft before it can be published (1 or 2) |
| ACTION_SERVER_TOKEN | (none) | the action server's token (the studio's checks call ``/content/check`` with it) |
| SESSION_IDLE_MINUTES / SESSION_MAX_HOURS | 30 / 12 | a console login ends after this long unused / after login |
| LOGIN_MAX_FAILURES / LOGIN_MAX_FAILURES_PER_ADDRESS | 5 / 20 | wrong passwords per username / per client address ... |
| MODELS_DIR | models | Rasa models that may be activated from the studio (``handoff.activation``); shared with Rasa |
| RASA_MODEL | models/breach-assistant.tar.gz | the model the Rasa processes were started with (relative: to the repo) |
| LOGIN_LOCKOUT_MINUTES | 15 | ... within this window; then logins are refused (429) until it passes |
"""
from __future__ import annotations

import base64
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Mapping, Optional, Tuple

ROOT = Path(__file__).resolve().parent.parent


class ConfigError(ValueError):
    """A setting is missing or malformed; the message names the variable."""


@dataclass(frozen=True)
class Settings:
    """Resolved configuration; build with :func:`from_env`."""

    environment: str = "development"
    host: str = "127.0.0.1"
    port: int = 8000
    database_url: str = f"sqlite+aiosqlite:///{ROOT / 'var' / 'handoff.sqlite3'}"
    rasa_urls: Tuple[str, ...] = ("http://127.0.0.1:5005",)
    rasa_token: str = ""
    rasa_timeout_seconds: float = 8.0
    rasa_concurrency: int = 4
    rasa_queue_seconds: float = 60.0
    answer_coming_seconds: float = 4.0
    max_message_chars: int = 2000
    rate_limit_messages: int = 8
    rate_limit_seconds: float = 10.0
    new_conversations_per_hour: int = 100
    retention_interval_seconds: float = 3600.0
    retention_days: int = 30
    agent_grace_seconds: float = 60.0
    agent_session_check_seconds: float = 15.0
    preferred_agent_seconds: float = 120.0
    session_secret: bytes = field(default=b"", repr=False)
    incident_id: str = "nordlicht-2026-11"
    incidents_dir: Path = ROOT / "data" / "incidents"
    notice_codes_dir: Path = ROOT / "data" / "notice_codes"
    redis_url: Optional[str] = None
    action_server_url: Optional[str] = "http://127.0.0.1:5055"  # /health/ready and the studio's checks
    action_server_token: str = field(default="", repr=False)
    studio_approvals_required: int = 1
    session_idle_minutes: float = 30.0
    session_max_hours: float = 12.0
    login_max_failures: int = 5
    login_max_failures_per_address: int = 20
    login_lockout_minutes: int = 15
    models_dir: Path = ROOT / "models"
    rasa_model: Optional[Path] = ROOT / "models" / "breach-assistant.tar.gz"

    @property
    def production(self) -> bool:
        """True when running in production mode."""
        return self.environment == "production"

    @property
    def incident_file(self) -> Path:
        """The incident notice in use."""
        return self.incidents_dir / f"{self.incident_id}.yml"

    @property
    def notice_codes_file(self) -> Path:
        """The hashed notice codes of the incident in use."""
        return self.notice_codes_dir / f"{self.incident_id}.json"


def _number(env: Mapping[str, str], name: str, default: float, kind=float):
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = kind(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a number") from None
    if value <= 0:
        raise ConfigError(f"{name} must be positive")
    return value


def _session_secret(env: Mapping[str, str], production: bool) -> bytes:
    raw = env.get("SESSION_SECRET", "")
    if not raw:
        if production:
            raise ConfigError("SESSION_SECRET is required in production (32 bytes, url-safe base64)")
        # Development: one random key, kept in var/ so agent logins survive restarts.
        path = ROOT / "var" / "session-secret"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(base64.urlsafe_b64encode(secrets.token_bytes(32)).decode())
            path.chmod(0o600)
        raw = path.read_text().strip()
    try:
        key = base64.urlsafe_b64decode(raw)
    except ValueError:
        raise ConfigError("SESSION_SECRET is not url-safe base64") from None
    if len(key) != 32:
        raise ConfigError("SESSION_SECRET must decode to exactly 32 bytes")
    return key


def _approvals(env: Mapping[str, str]) -> int:
    value = int(_number(env, "STUDIO_APPROVALS_REQUIRED", 1, int))
    if value > 2:
        raise ConfigError("STUDIO_APPROVALS_REQUIRED must be 1 or 2")
    return value


def _path(value: str) -> Path:
    path = Path(value)
    return path if path.is_absolute() else ROOT / path


def from_env(env: Optional[Mapping[str, str]] = None) -> Settings:
    """Build settings from ``env`` (default: ``os.environ``).

    Raises:
        ConfigError: a value is malformed, or a production requirement is missing.
    """
    env = os.environ if env is None else env
    environment = env.get("HANDOFF_ENV", "development")
    if environment not in ("development", "production"):
        raise ConfigError("HANDOFF_ENV must be 'development' or 'production'")
    production = environment == "production"
    incidents_dir = Path(env.get("INCIDENTS_DIR", str(ROOT / "data" / "incidents")))
    return Settings(
        environment=environment,
        host=env.get("HANDOFF_HOST", "127.0.0.1"),
        port=int(_number(env, "HANDOFF_PORT", 8000, int)),
        database_url=env.get("DATABASE_URL") or Settings.database_url,
        rasa_urls=tuple(url.strip().rstrip("/") for url in
                        env.get("RASA_URLS", "http://127.0.0.1:5005").split(",") if url.strip()),
        rasa_token=env.get("RASA_TOKEN", ""),
        rasa_timeout_seconds=_number(env, "RASA_TIMEOUT_SECONDS", 8.0),
        rasa_concurrency=_number(env, "RASA_CONCURRENCY", 4, int),
        rasa_queue_seconds=_number(env, "RASA_QUEUE_SECONDS", 60.0),
        answer_coming_seconds=_number(env, "ANSWER_COMING_SECONDS", 4.0),
        max_message_chars=int(_number(env, "MAX_MESSAGE_CHARS", 2000, int)),
        rate_limit_messages=int(_number(env, "RATE_LIMIT_MESSAGES", 8, int)),
        rate_limit_seconds=_number(env, "RATE_LIMIT_SECONDS", 10.0),
        new_conversations_per_hour=int(_number(env, "NEW_CONVERSATIONS_PER_HOUR", 100, int)),
        retention_interval_seconds=_number(env, "RETENTION_INTERVAL_SECONDS", 3600.0),
        retention_days=int(_number(env, "RETENTION_DAYS", 30, int)),
        agent_grace_seconds=_number(env, "AGENT_GRACE_SECONDS", 60.0),
        agent_session_check_seconds=_number(env, "AGENT_SESSION_CHECK_SECONDS", 15.0),
        preferred_agent_seconds=_number(env, "PREFERRED_AGENT_SECONDS", 120.0),
        session_secret=_session_secret(env, production),
        incident_id=env.get("INCIDENT_ID", "nordlicht-2026-11"),
        incidents_dir=incidents_dir if incidents_dir.is_absolute() else ROOT / incidents_dir,
        notice_codes_dir=_path(env.get("NOTICE_CODES_DIR", "data/notice_codes")),
        redis_url=env.get("REDIS_URL") or None,
        models_dir=_path(env.get("MODELS_DIR", "models")),
        rasa_model=_path(env.get("RASA_MODEL", "models/breach-assistant.tar.gz")),
        action_server_url=env.get("ACTION_SERVER_URL") or Settings.action_server_url,
        action_server_token=env.get("ACTION_SERVER_TOKEN", ""),
        studio_approvals_required=_approvals(env),
        session_idle_minutes=_number(env, "SESSION_IDLE_MINUTES", 30.0),
        session_max_hours=_number(env, "SESSION_MAX_HOURS", 12.0),
        login_max_failures=int(_number(env, "LOGIN_MAX_FAILURES", 5, int)),
        login_max_failures_per_address=int(_number(env, "LOGIN_MAX_FAILURES_PER_ADDRESS", 20, int)),
        login_lockout_minutes=int(_number(env, "LOGIN_LOCKOUT_MINUTES", 15, int)),
    )
