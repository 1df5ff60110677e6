"""The training worker: its own process (``python -m handoff train-worker``, under supervisord),
never a serving one. It takes the queue's trainings one at a time:

1. exporting: the training data into a fresh temporary folder (``handoff.training.export``);
2. ``rasa train`` from the bot's environment in a subprocess (training NLU, then dialogue), its
   output read for the progress bar and the log;
3. the gate (``handoff.training.gating``): the new model against the active one;
4. the model is kept in ``TRAINING_MODELS_DIR`` as ``<time>-<fingerprint>.tar.gz``; only the newest
   ``TRAINING_KEEP_MODELS`` are kept (never the active one or one a training row still offers).

On start it marks a training left "running" by a stopped worker as failed. On SIGTERM it stops the
subprocess and fails the training ("worker_stopped"); a killed worker takes ``rasa train`` with it
(the child gets SIGKILL when its parent dies) and the next start marks the training failed.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import logging
import os
import signal
import tempfile
import time
from pathlib import Path
from typing import Callable, List, Optional

from sqlalchemy.ext.asyncio import async_sessionmaker

from handoff.config import ROOT
from handoff.db import utcnow
from handoff.training import gating, models_dir, queue
from handoff.training.export import write_training_data
from handoff.training.models import TrainingJob
from handoff.training.process import Failed, run_streaming
from handoff.training.progress import STAGE_SPAN, TrainingOutput, failure_of
from handoff.training.settings import TrainingSettings

logger = logging.getLogger(__name__)
SAVE_SECONDS = 2.0  # how often a running training's progress and log reach the database (the page polls)


class Job:
    """One training being run: its log and progress, written to the database every few seconds."""

    def __init__(self, sessions: async_sessionmaker, job: TrainingJob, settings: TrainingSettings) -> None:
        self.sessions, self.id, self.settings = sessions, job.id, settings
        self.lines: List[str] = []
        self.stage, self.progress = "exporting", 0
        self.deadline = time.monotonic() + settings.timeout_minutes * 60
        self._saved = 0.0
        self._pending: set = set()

    def log(self, line: str) -> None:
        """Keep a line of output (the tail goes to the page; capped, see ``queue.LOG_TAIL_CHARS``)."""
        self.lines.append(line.rstrip()[:1000])
        if len(self.lines) > 400:
            del self.lines[:100]

    def output(self, line: str) -> None:
        """A line of a subprocess's output: kept, and stored with the progress every SAVE_SECONDS."""
        self.log(line)
        if time.monotonic() - self._saved >= SAVE_SECONDS:
            self._saved = time.monotonic()
            task = asyncio.ensure_future(self.save(force=True))
            self._pending.add(task)
            task.add_done_callback(self._pending.discard)

    async def settle(self) -> None:
        """Wait for the stores :meth:`output` started."""
        await asyncio.gather(*list(self._pending), return_exceptions=True)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def remaining(self) -> float:
        """Seconds left before the training's deadline. Raises Failed("timeout")."""
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise Failed("timeout", f"stopped after {self.settings.timeout_minutes:.0f} minutes")
        return left

    async def save(self, stage: Optional[str] = None, progress: Optional[int] = None, force: bool = False) -> None:
        """Store stage, progress and log (at most every second unless ``force``)."""
        if stage is not None:
            self.stage, self.progress = stage, max(self.progress, STAGE_SPAN[stage][0])
        if progress is not None:
            self.progress = max(self.progress, progress)
        if not force and time.monotonic() - self._saved < 1.0:
            return
        self._saved = time.monotonic()
        async with self.sessions() as session:
            await queue.report_progress(session, self.id, stage=self.stage, progress=self.progress, log=self.text)
            await session.commit()


async def _train(job: Job, data: Path, out: Path) -> Path:
    """``rasa train`` on ``data``; the model file. Raises Failed."""
    output = TrainingOutput()

    def on_line(line: str) -> None:
        output.feed(line)
        job.stage, job.progress = output.stage, max(job.progress, output.progress)
        job.output(line)

    await job.save("training_nlu", force=True)
    status = await run_streaming(
        [job.settings.rasa, "train", "--config", job.settings.config_file, "--domain", data / "bot" / "domain",
         "--data", data / "data" / "nlu", data / "data" / "rules", "--out", out, "--fixed-model-name", "model"],
        on_line, cwd=ROOT, timeout=job.remaining())
    await job.settle()
    trained = out / "model.tar.gz"
    if status != 0 or not trained.exists():
        raise Failed(*failure_of(status, job.text))
    return trained


async def run_job(sessions: async_sessionmaker, claimed: TrainingJob, settings: TrainingSettings) -> str:
    """Run one claimed training to its end; return its final state (passed, blocked or failed)."""
    job = Job(sessions, claimed, settings)
    state, failure, detail, report, kept, fingerprint = "failed", None, "", None, None, None
    try:
        with tempfile.TemporaryDirectory(prefix=f"training-{job.id}-") as folder:
            work = Path(folder)
            job.log("exporting the training data")
            await job.save("exporting", force=True)
            await write_training_data(sessions, work / "export")
            trained = await _train(job, work / "export", work / "out")
            job.log("training finished; the gate tests the new model")
            await job.save("gate", force=True)
            fingerprint = models_dir.fingerprint(trained)
            report = await gating.run_gate(sessions, job, trained, work)
            kept = str(models_dir.keep(trained, fingerprint, settings.models_dir))
            state = report["decision"]
    except Failed as failed:
        failure, detail = failed.key, failed.detail
        job.log(f"failed: {failed.key} {failed.detail}".rstrip())
    except asyncio.CancelledError:
        failure, detail = "worker_stopped", "the training worker was stopped"
        job.log(detail)
        await asyncio.shield(_finish(sessions, job, "failed", failure, detail, None, None, None))
        raise
    except Exception as error:  # noqa: BLE001 - any other error fails this training, not the worker
        logger.exception("training %s failed", job.id)
        failure, detail = "rasa_crashed", f"{type(error).__name__}: {error}"[:500]
        job.log(detail)
    await _finish(sessions, job, state, failure, detail, report, kept, fingerprint)
    models_dir.prune(settings.models_dir, settings.keep_models, protect=await gating.protected_models(sessions))
    return state


async def _finish(sessions: async_sessionmaker, job: Job, state: str, failure: Optional[str], detail: str,
                  report: Optional[dict], kept: Optional[str], fingerprint: Optional[str]) -> None:
    async with sessions() as session:
        await queue.finish(session, job.id, state=state, log=job.text, failure=failure, detail=detail,
                           report=report, model_path=kept, fingerprint=fingerprint)
        await session.commit()


async def run(sessions: async_sessionmaker, settings: TrainingSettings, *, once: bool = False,
              clock: Callable[[], dt.datetime] = utcnow) -> None:
    """Recover, then take trainings from the queue until cancelled (``once``: until it is empty)."""
    async with sessions() as session:
        recovered = await queue.recover(session, now=clock())
        await session.commit()
    if recovered:
        logger.warning("%d training(s) were running when the worker stopped: marked failed", recovered)
    while True:
        async with sessions() as session:
            claimed = await queue.claim_next(session, pid=os.getpid(), now=clock())
        if claimed is not None:
            logger.info("training %s started", claimed.id)
            logger.info("training %s ended: %s", claimed.id, await run_job(sessions, claimed, settings))
            continue
        if once:
            return
        await asyncio.sleep(settings.poll_seconds)


def serve(database_url: str, *, once: bool = False) -> int:
    """``python -m handoff train-worker``: run the worker until SIGTERM/SIGINT (``once``: until the
    queue is empty); the exit status."""
    from handoff.db import make_engine, make_sessionmaker
    from handoff.training.settings import from_env

    async def main() -> None:
        engine = make_engine(database_url)
        task = asyncio.current_task()
        loop = asyncio.get_running_loop()
        for stop in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(stop, task.cancel)
        try:
            await run(make_sessionmaker(engine), from_env(), once=once)
        except asyncio.CancelledError:
            logger.info("training worker stopped")
        finally:
            await engine.dispose()

    asyncio.run(main())
    return 0
