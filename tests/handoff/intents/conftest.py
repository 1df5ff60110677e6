"""Fixtures of the intent editor's tests: the studio's (front door on SQLite and PostgreSQL with the
real action server for the answer's checks, logged-in users)."""
from tests.handoff.studio.conftest import action_server, studio, studio_sqlite  # noqa: F401 - fixtures
