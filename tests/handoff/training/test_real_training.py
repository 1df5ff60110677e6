"""One real training end to end, as in production: the worker process (``python -m handoff
train-worker``) exports the studio's training data (``handoff.intents``), runs ``rasa train`` with the
repo's config, evaluates the new model and the model in use on the blind and validation sets, runs the
test stories and decides. The data has a bad change an editor could make in the intent editor: 350
English questions about changing a password added to ``payment_card_safety`` (next to the 65 right
ones of ``change_password``; 150 were not enough to wreck it on the blind set). The gate must block it
with a readable report. (Measured: the new model answers many password questions with both intents,
``change_password+payment_card_safety``, which counts as right, so ``change_password`` itself lost
0.1 on the blind set, under the margin. The gate compares both models message by message; measured
2026-12-02: blocked by English accuracy, 0.87 -> 0.85, below its floor with 21 blind messages worse and
10 better (p = 0.035), and by three test stories the model in use passes; German accuracy, German
delete_my_data and frustration missed their floors within chance (listed, not blocking). The report
lists the intent's changed validation messages.) Takes minutes (the training alone 3-20 on two shared
cores); it is the suite's one real training."""
from __future__ import annotations

import asyncio
import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from handoff.db import make_engine, make_sessionmaker
from handoff.intents import ExampleRejected, add_examples, store
from tests.conftest import ROOT
from tests.handoff.conftest import db_rows
from tests.handoff.training.conftest import add_job

ACTIVE_MODEL = ROOT / "models" / "breach-assistant.tar.gz"
WRECKED, INTO = "change_password", "payment_card_safety"
QUESTIONS = ["how do i", "how can i", "where do i", "should i", "do i have to", "i want to", "help me",
             "i need to", "can you tell me how to", "is it time to", "must i", "when should i"]
VERBS = ["change", "reset", "update", "renew", "replace", "pick a new one for", "set a new one for"]
THINGS = ["password", "passwords", "login password", "account password", "passcode", "pw", "online banking password",
          "email password", "login details", "log-in"]
ENDINGS = ["", " now", " after the breach", " because of the hack", " to be safe"]
COUNT = 350


async def wreck(database_url: str, count: int = COUNT) -> int:
    """Add ``count`` password questions to ``INTO`` through the intent editor's store; how many it took."""
    engine = make_engine(database_url)
    sessions = make_sessionmaker(engine)
    await store.seed(sessions, ROOT)
    added = 0
    for question, verb, thing, ending in itertools.islice(itertools.product(QUESTIONS, VERBS, THINGS, ENDINGS), 0,
                                                          None, 11):
        if added == count:
            break
        async with sessions() as session:
            try:
                await add_examples(session, intent=INTO, language="en", texts=[f"{question} {verb} my {thing}{ending}"],
                                   actor="clara", source="studio")
            except ExampleRejected:
                continue  # already an example (the repo's own wording)
            await session.commit()
            added += 1
    await engine.dispose()
    return added


@pytest.mark.timeout(2400)
async def test_a_training_that_wrecks_an_intent_is_blocked_with_a_readable_report(sqlite_url, tmp_path):
    if not ACTIVE_MODEL.exists():
        pytest.fail(f"{ACTIVE_MODEL} is missing: run `make train` (the gate compares with the model in use)")
    assert await wreck(sqlite_url) == COUNT
    job = await add_job(sqlite_url)
    env = {**os.environ, "DATABASE_URL": sqlite_url, "TRAINING_MODELS_DIR": str(tmp_path / "models"),
           "RASA_MODEL": str(ACTIVE_MODEL)}
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
    # (The epochs' progress is read as tests/handoff/training/test_progress.py shows; a rerun on the same
    # data reuses Rasa's cache in .rasa/ and trains no epochs.)
    report = row["report"] if isinstance(row["report"], dict) else json.loads(row["report"])
    (ROOT / "results").mkdir(exist_ok=True)  # for a look after a failure (no blind-set text in it)
    (ROOT / "results" / "training-gate-report.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    # Why it is blocked, in figures the page words: floors the model in use meets and this one misses,
    # intents worse by more than the margin, failed test stories (by name; Rasa ran them).
    assert report["reasons"] and {reason["kind"] for reason in report["reasons"]} <= {
        "floor_recall", "floor_accuracy", "floor_confidently_wrong", "worse", "story"}
    assert "error" not in report["stories"] and report["active_stories"]["passed"] is not None
    # Every reason compared with the model in use says how many blind messages got worse and better.
    assert all(reason["significant"] for reason in report["reasons"] if reason["kind"] != "story")
    assert report["stories"]["passed"] == (not report["stories"]["failed"])
    # The wrecked intent lost recall on the blind set, and the validation messages it changed are listed.
    [row_en] = [r for r in report["intents"] if (r["intent"], r["language"]) == (WRECKED, "en")]
    assert row_en["change"] < 0, row_en
    assert [m for m in report["changed"] if m["expected"] == WRECKED and m["language"] == "en"]
    # The model is kept under its fingerprint; the model in use was evaluated once and cached.
    model = Path(row["model_path"])
    assert model.parent == tmp_path / "models" and row["fingerprint"][:16] in model.name and model.exists()
    assert len(await db_rows(sqlite_url, "SELECT fingerprint FROM model_evaluations")) == 1
    assert "gate: blocked" in row["log_tail"]
