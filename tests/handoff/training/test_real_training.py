"""One real training end to end, as in production: the worker process (``python -m handoff
train-worker``) exports the data, runs ``rasa train`` with the repo's config, evaluates the new model
and the model in use on the blind and validation sets, runs the test stories and decides. The data
is the repo's with a bad change made by an editor: the English examples of ``change_password`` moved
to ``payment_card_safety`` (two left). The gate must block it with a readable report naming
``change_password`` and showing validation messages it now gets wrong. Takes minutes (the training
alone 3-10 on two shared cores); it is the suite's one real training."""
from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT
from tests.handoff.conftest import db_rows
from tests.handoff.training.conftest import add_job

ACTIVE_MODEL = ROOT / "models" / "breach-assistant.tar.gz"
WRECKED, INTO = "change_password", "payment_card_safety"


def wrecked_copy(target: Path) -> int:
    """The repo's training data under ``target`` with English ``WRECKED`` examples relabelled as
    ``INTO`` (the first two kept); how many were moved."""
    for part in ("data/nlu", "data/rules", "bot/domain"):
        shutil.copytree(ROOT / part, target / part)
    moved = 0
    for path in sorted((target / "data" / "nlu" / "en").glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        kept = 0
        for block in data.get("nlu") or []:
            if block.get("intent") != WRECKED:
                continue
            lines = [line for line in block["examples"].splitlines() if line.strip()]
            keep = max(0, 2 - kept)
            kept += min(keep, len(lines))
            if len(lines) > keep:
                data["nlu"].append({"intent": INTO, "examples": "\n".join(lines[keep:]) + "\n"})
                moved += len(lines) - keep
            block["examples"] = "\n".join(lines[:keep]) + "\n" if lines[:keep] else "- change my password\n"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return moved


@pytest.mark.timeout(2400)
async def test_a_training_that_wrecks_an_intent_is_blocked_with_a_readable_report(sqlite_url, tmp_path):
    if not ACTIVE_MODEL.exists():
        pytest.fail(f"{ACTIVE_MODEL} is missing: run `make train` (the gate compares with the model in use)")
    assert wrecked_copy(tmp_path / "repo") > 20
    job = await add_job(sqlite_url)
    env = {**os.environ, "DATABASE_URL": sqlite_url, "TRAINING_MODELS_DIR": str(tmp_path / "models"),
           "TRAINING_DATA_ROOT": str(tmp_path / "repo"), "RASA_MODEL": str(ACTIVE_MODEL)}
    with open(tmp_path / "worker.log", "wb") as log:
        worker = subprocess.Popen([sys.executable, "-m", "handoff", "train-worker", "--once"], cwd=ROOT, env=env,
                                  stdout=log, stderr=subprocess.STDOUT)
    seen_progress = set()
    while worker.poll() is None:  # the progress the page shows moves through the stages
        rows = await db_rows(sqlite_url, "SELECT stage, progress FROM training_jobs WHERE id = :id", id=job)
        seen_progress.add((rows[0]["stage"], rows[0]["progress"]))
        await asyncio.sleep(1)
    assert worker.returncode == 0, (tmp_path / "worker.log").read_text()
    [row] = await db_rows(sqlite_url, "SELECT state, progress, failure, model_path, fingerprint, report, log_tail "
                                      "FROM training_jobs WHERE id = :id", id=job)
    assert (row["state"], row["progress"], row["failure"]) == ("blocked", 100, None), row["log_tail"][-3000:]
    stages = {stage for stage, _ in seen_progress}
    assert {"training_nlu", "gate"} <= stages
    assert any(stage == "training_nlu" and 5 < progress < 70 for stage, progress in seen_progress)  # epochs
    report = row["report"] if isinstance(row["report"], dict) else __import__("json").loads(row["report"])
    named = {(reason["kind"], reason["language"], reason["intent"]) for reason in report["reasons"]}
    assert ("worse", "en", WRECKED) in named, report["reasons"]
    broken = [m for m in report["changed"] if m["better"] is False and m["expected"] == WRECKED]
    assert broken and all(m["language"] == "en" for m in broken)
    # The model is kept under its fingerprint; the model in use was evaluated once and cached.
    model = Path(row["model_path"])
    assert model.parent == tmp_path / "models" and row["fingerprint"][:16] in model.name and model.exists()
    assert len(await db_rows(sqlite_url, "SELECT fingerprint FROM model_evaluations")) == 1
    assert "gate: blocked" in row["log_tail"]
