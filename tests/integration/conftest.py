"""The real action server and Rasa server, on loopback, for the test incident (Kiebitz)."""
from __future__ import annotations

from typing import Iterator

import pytest

from tests import servers


@pytest.fixture(scope="session")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[servers.Servers]:
    """Both servers for the whole session."""
    running = servers.start_test_incident(tmp_path_factory.mktemp("servers"))
    yield running
    running.stop()
