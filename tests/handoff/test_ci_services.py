"""With ``CI=true`` a missing or misconfigured PostgreSQL or Redis fails the run; elsewhere the tests
that need it are skipped, saying why. Each case runs pytest in a subprocess against a closed port."""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT
from tests.handoff.conftest import free_port

CASES = {
    "postgresql": ("TEST_POSTGRES_ADMIN_DSN", "postgresql://postgres@127.0.0.1:{port}/test",
                   "tests/handoff/conversation/test_transitions.py::test_claim_race_is_decided_by_the_conditional_update"),
    "redis": ("TEST_REDIS_URL", "redis://127.0.0.1:{port}/0",
              "tests/handoff/channels/test_scale_out.py::test_agent_on_one_process_reaches_a_customer_on_another"),
}


def _run(test: str, ci: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-c", "tests/handoff/pytest.ini", "--rootdir", ".", "-q", "-p", "no:randomly",
         "-k", "postgresql or redis or agent_on_one_process", test],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONPATH": str(ROOT), "CI": ci, **env})


@pytest.mark.parametrize("service", sorted(CASES))
def test_a_missing_service_fails_in_ci_and_is_skipped_elsewhere(service):
    variable, template, test = CASES[service]
    closed = template.format(port=free_port())  # nothing listens there
    in_ci = _run(test, "true", **{variable: closed})
    assert in_ci.returncode == 1, in_ci.stdout[-2000:]
    assert "CI=true and a service the tests need is missing" in in_ci.stdout
    assert " passed" not in in_ci.stdout.splitlines()[-1]
    locally = _run(test, "", **{variable: closed})
    assert locally.returncode == 0, locally.stdout[-2000:]
    assert "skipped" in locally.stdout.splitlines()[-1] and "failed" not in locally.stdout.splitlines()[-1]
