"""Paths shared by every test suite."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"

# The shipped incident and the test incident, with the folder each lives in.
INCIDENTS = {
    "nordlicht-2026-11": ROOT / "data" / "incidents",
    "kiebitz-2026-09": FIXTURES / "incidents",
}


@pytest.fixture(scope="session")
def root() -> Path:
    """The project folder."""
    return ROOT


def service_missing(reason: str) -> None:
    """Skip a test whose service (PostgreSQL, Redis) is not running, except in CI (``CI=true``),
    where a missing or misconfigured service fails the run instead of hiding tests."""
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true and a service the tests need is missing: {reason}", pytrace=False)
    pytest.skip(reason)
