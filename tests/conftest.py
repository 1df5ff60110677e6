"""Paths shared by every test suite."""
from __future__ import annotations

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
