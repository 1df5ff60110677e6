"""Fixtures of the inbox tests: the front door without a bot (the console tests' ``door_any_db``)."""
from tests.handoff.console.conftest import door_any_db  # noqa: F401 - a fixture
