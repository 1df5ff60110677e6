"""Fixtures of the activation tests: a models directory with the trained model, a second model
(the same one repacked with another Rasa ``model_id``: different archive, fingerprint and id, loads
the same), a corrupt one and one Rasa cannot load; two real Rasa processes sharing one tracker store
and one action server; the front door routing to both."""
from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path
from typing import AsyncIterator, Dict, Iterator

import pytest

from handoff.redaction.redactor import Redactor
from tests import servers
from tests.model_variants import model_id, repack  # noqa: F401 - model_id for the tests
from tests.handoff.conftest import RASA_CODES_DIR, FrontDoorServer, start_front_door

INITIAL = "breach-assistant.tar.gz"


@pytest.fixture(scope="session")
def models_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """``breach-assistant.tar.gz`` (the trained model), ``variant.tar.gz`` (another model id),
    ``corrupt.tar.gz`` (cut in half), ``hollow.tar.gz`` (metadata only: Rasa fails to load it)."""
    if not servers.MODEL.exists():
        raise RuntimeError(f"{servers.MODEL} is missing: run `make train`")
    place = tmp_path_factory.mktemp("models")
    shutil.copyfile(servers.MODEL, place / INITIAL)
    repack(servers.MODEL, place / "variant.tar.gz", uuid.uuid4().hex)
    repack(servers.MODEL, place / "hollow.tar.gz", uuid.uuid4().hex, only_metadata=True)
    data = servers.MODEL.read_bytes()
    (place / "corrupt.tar.gz").write_bytes(data[: len(data) // 2])
    return place


class TwoRasas:
    """The action server and two Rasa processes (same token, same tracker store)."""

    def __init__(self, first: servers.Servers, second: servers.Servers) -> None:
        self.first, self.second = first, second
        self.urls = [first.rasa_url, second.rasa_url]
        self.token = first.rasa_token

    def status(self) -> Dict[str, str]:
        """Each Rasa's ``/status`` ``model_id`` by URL."""
        import urllib.request
        found = {}
        for url in self.urls:
            with urllib.request.urlopen(f"{url}/status?token={self.token}", timeout=30) as reply:
                found[url] = json.loads(reply.read())["model_id"]
        return found


@pytest.fixture(scope="module")
def two_rasas(tmp_path_factory: pytest.TempPathFactory, models_dir: Path) -> Iterator[TwoRasas]:
    """Two real Rasa processes with the trained model, for this module (activation changes them)."""
    work = tmp_path_factory.mktemp("two-rasas")
    first_dir, second_dir = work / "a", work / "b"
    first_dir.mkdir()
    second_dir.mkdir()
    # One tracker store for both, waiting for the other's write lock as scripts/run's does.
    first = servers.start_test_incident(first_dir, {
        "TRACKER_STORE_URL": f"sqlite:///{work / 'rasa-tracker.sqlite3'}?timeout=30"})
    RASA_CODES_DIR["dir"] = first.notice_codes_dir
    try:
        second = servers.start(models_dir / INITIAL, second_dir, {
            key: first.env[key] for key in ("ACTION_SERVER_PORT", "ACTION_SERVER_TOKEN", "RASA_TOKEN", "TRACKER_STORE_URL", "INCIDENT_ID",
                                            "INCIDENTS_DIR", "NOTICE_CODES_DIR")}, actions=False)
    except BaseException:
        first.stop()
        raise
    yield TwoRasas(first, second)
    second.stop()
    first.stop()


@pytest.fixture
async def door_two(sqlite_url: str, redactor: Redactor, two_rasas: TwoRasas,
                   models_dir: Path) -> AsyncIterator[FrontDoorServer]:
    """The front door on SQLite routing to both Rasa processes, activating from ``models_dir``."""
    server = await start_front_door(sqlite_url, redactor, two_rasas.urls, two_rasas.token,
                                    models_dir=models_dir, rasa_model=models_dir / INITIAL,
                                    new_conversations_per_hour=100000)
    yield server
    await server.runner.cleanup()
