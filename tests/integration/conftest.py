"""The real action server and Rasa server, on loopback, for the test incident (Kiebitz)."""
from __future__ import annotations

import subprocess
import sys
from typing import Iterator

import pytest

from tests import servers
from tests.conftest import FIXTURES, INCIDENTS, ROOT

MODEL = ROOT / "models" / "breach-assistant.tar.gz"


@pytest.fixture(scope="session")
def bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[servers.Servers]:
    """Both servers for the whole session, with the test incident's notice codes."""
    if not MODEL.exists():
        pytest.fail(f"{MODEL} is missing: run `make train` (make test does)")
    workdir = tmp_path_factory.mktemp("servers")
    codes = workdir / "codes"
    subprocess.run([sys.executable, "-m", "actions.notice_codes", "--incident", "kiebitz-2026-09",
                    "--csv", str(FIXTURES / "notice_codes" / "kiebitz-2026-09.csv"),
                    "--incidents-dir", str(INCIDENTS["kiebitz-2026-09"]),
                    "--out", str(codes / "kiebitz-2026-09.json")], check=True, cwd=ROOT)
    running = servers.start(MODEL, workdir, {
        "INCIDENT_ID": "kiebitz-2026-09", "INCIDENTS_DIR": str(INCIDENTS["kiebitz-2026-09"]),
        "NOTICE_CODES_DIR": str(codes),
    })
    yield running
    running.stop()
