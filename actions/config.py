"""The one place that reads the action server's environment.

Variables (all optional):
    INCIDENT_ID             the incident notice to speak about (default: nordlicht-2026-11)
    INCIDENTS_DIR           folder of incident notices (default: data/incidents)
    ADVICE_FILE             advice per data category (default: data/advice/categories.yml)
    PHRASES_FILE            sentence frames (default: data/content/phrases.yml)
    NOTICE_CODES_DIR        hashed notice codes, one file per incident (default: data/notice_codes)
    ACTION_SERVER_HOST      interface to listen on (default: 127.0.0.1)
    ACTION_SERVER_PORT      port (default: 5055)
    ACTION_SERVER_TOKEN     when set, Rasa must send it as ``?token=`` (endpoints.yml does)
    CONTENT_DATABASE_URL    the front door's database, whose published studio content wins over the
                            files above (e.g. sqlite:///var/handoff.sqlite3; unset: files only)
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    """Resolved configuration of the action server."""

    incident_id: str
    incidents_dir: Path
    advice_file: Path
    phrases_file: Path
    notice_codes_dir: Path
    host: str
    port: int
    token: Optional[str]
    content_database_url: Optional[str] = None

    @property
    def incident_file(self) -> Path:
        """Path of the incident notice in use."""
        return self.incidents_dir / f"{self.incident_id}.yml"

    @property
    def notice_codes_file(self) -> Path:
        """Path of the hashed notice codes of the incident in use."""
        return self.notice_codes_dir / f"{self.incident_id}.json"


def _path(name: str, default: str) -> Path:
    path = Path(os.environ.get(name, default))
    return path if path.is_absolute() else ROOT / path


@lru_cache(maxsize=1)
def settings() -> Settings:
    """Read the environment once and return the settings."""
    return Settings(
        incident_id=os.environ.get("INCIDENT_ID", "nordlicht-2026-11"),
        incidents_dir=_path("INCIDENTS_DIR", "data/incidents"),
        advice_file=_path("ADVICE_FILE", "data/advice/categories.yml"),
        phrases_file=_path("PHRASES_FILE", "data/content/phrases.yml"),
        notice_codes_dir=_path("NOTICE_CODES_DIR", "data/notice_codes"),
        host=os.environ.get("ACTION_SERVER_HOST", "127.0.0.1"),
        port=int(os.environ.get("ACTION_SERVER_PORT", "5055")),
        token=os.environ.get("ACTION_SERVER_TOKEN") or None,
        content_database_url=os.environ.get("CONTENT_DATABASE_URL") or None,
    )
