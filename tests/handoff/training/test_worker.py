"""The training worker as supervisord runs it (``python -m handoff train-worker``, its own process) on
SQLite and PostgreSQL, with the real ``rasa train``: it runs one training while the next waits; killed
with SIGKILL mid-training, its ``rasa train`` dies with it and the next worker marks that training
failed (never stuck "running") before it runs the next one; broken training input fails with a
plain-language reason and the log."""
from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT
from tests.handoff.conftest import db_rows
from tests.handoff.training.conftest import add_job

PATIENCE = 240  # seconds a step may take on a loaded 2-core machine; the test waits for states, not times


def worker(database_url: str, tmp_path: Path, *args: str, **env: str) -> subprocess.Popen:
    environment = {**os.environ, "DATABASE_URL": database_url, "TRAINING_MODELS_DIR": str(tmp_path / "models"),
                   "TRAINING_POLL_SECONDS": "0.5", **env}
    with open(tmp_path / "worker.log", "ab") as log:  # the child keeps its own copy of the descriptor
        return subprocess.Popen([sys.executable, "-m", "handoff", "train-worker", *args], cwd=ROOT,
                                env=environment, stdout=log, stderr=subprocess.STDOUT)


async def wait_for_row(database_url: str, statement: str, process: subprocess.Popen | None = None, **params):
    for _ in range(PATIENCE * 2):
        rows = await db_rows(database_url, statement, **params)
        if rows:
            return rows[0]
        assert process is None or process.poll() is None, "the worker stopped"
        await asyncio.sleep(0.5)
    raise AssertionError(f"nothing matched: {statement}")


def children(pid: int) -> list:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(child) for child in (task / "children").read_text().split()]
    return found


async def test_a_killed_worker_leaves_a_failed_training_and_the_next_one_runs(database_url, tmp_path):
    first = await add_job(database_url)
    second = await add_job(database_url)
    running = worker(database_url, tmp_path)
    try:
        row = await wait_for_row(database_url, "SELECT worker_pid, progress FROM training_jobs WHERE id = :id "
                                 "AND state = 'running' AND stage = 'training_nlu'", running, id=first)
        assert row["worker_pid"] == running.pid
        assert (await db_rows(database_url, "SELECT state FROM training_jobs WHERE id = :id", id=second)) \
            == [{"state": "queued"}]
        rasa = children(running.pid)
        assert rasa, "rasa train runs as the worker's child"
    finally:
        running.send_signal(signal.SIGKILL)
        running.wait()
    for _ in range(PATIENCE * 2):  # rasa train dies with its parent (no orphan training eats the CPU)
        if not any(Path(f"/proc/{pid}").exists() and "zombie" not in Path(f"/proc/{pid}/status").read_text()
                   for pid in rasa):
            break
        await asyncio.sleep(0.5)
    else:
        raise AssertionError("rasa train outlived its worker")
    assert (await db_rows(database_url, "SELECT state FROM training_jobs WHERE id = :id", id=first)) \
        == [{"state": "running"}]  # what a crash leaves behind ...
    bad_config = tmp_path / "config.yml"
    bad_config.write_text("pipeline: [\n  - name: {oops\n", encoding="utf-8")
    restarted = worker(database_url, tmp_path, "--once", TRAINING_CONFIG=str(bad_config))
    assert await asyncio.to_thread(restarted.wait, PATIENCE) == 0
    rows = await db_rows(database_url, "SELECT id, state, failure, failure_detail, log_tail FROM training_jobs "
                                       "ORDER BY id")
    # ... is failed by the next worker, which then runs the queued training (broken input: a plain reason)
    assert [(row["id"], row["state"], row["failure"]) for row in rows] == [
        (first, "failed", "worker_stopped"), (second, "failed", "invalid_data")]
    assert "YamlSyntaxException" in rows[1]["failure_detail"] and "YamlSyntaxException" in rows[1]["log_tail"]
    assert "\x1b[" not in rows[1]["log_tail"]
