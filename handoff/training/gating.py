"""Running the gate on a trained model: evaluate it and the active model, run the test stories on
both, decide (``handoff.training.gate``).

The active model's evaluation and story results are cached per fingerprint in ``model_evaluations``.
A cached evaluation is used only when it can be paired with the new one: it carries per-message
outcomes of the blind set, of the same set version (``bot/evaluate_model.py``); otherwise the active
model is evaluated again and the entry replaced (entries from before the outcomes were recorded
included), never compared unpaired. Its story results are reused while the test stories are unchanged
(``stories_version``), else run again."""
from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import TYPE_CHECKING, Any, Dict, List, Optional

import yaml
from sqlalchemy import select
from sqlalchemy.ext.asyncio import async_sessionmaker

from handoff.config import ROOT
from handoff.training import gate, models_dir
from handoff.training.models import ModelEvaluation, TrainingJob
from handoff.training.process import Failed, run_streaming

if TYPE_CHECKING:
    from handoff.training.worker import Job


async def evaluate(job: "Job", model: Path, out: Path) -> Dict[str, Any]:
    """``bot/evaluate_model.py`` on ``model`` (blind and validation sets). Raises worker.Failed."""
    settings = job.settings
    status = await run_streaming(
        [settings.bot_python, "-m", "bot.evaluate_model", "--model", model, "--out", out,
         "--blind", settings.blind_dir, "--validation", settings.validation_dir],
        job.output, cwd=ROOT, timeout=job.remaining())
    if status != 0 or not out.exists():
        raise Failed("gate_error", f"the evaluation of {model.name} exited with {status}")
    return json.loads(out.read_text(encoding="utf-8"))


def stories_version(folder: Path) -> str:
    """A name of the test stories' current content (SHA-256 of their files, first 16 hex digits)."""
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*.yml")) if folder.is_dir() else []:
        digest.update(path.relative_to(folder).as_posix().encode("utf-8") + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()[:16]


def pairs_with(evaluation: Dict[str, Any], blind_version: Optional[str]) -> bool:
    """May a cached ``evaluation`` be compared with one of blind set version ``blind_version``: it has
    per-message outcomes of that version."""
    blind = evaluation.get("sets", {}).get("blind", {})
    return bool(blind.get("outcomes")) and blind.get("version") == blind_version


async def active_evaluation(sessions: async_sessionmaker, job: "Job", work: Path,
                            blind_version: Optional[str]) -> Optional[Dict[str, Any]]:
    """The evaluation of the active model with its story results (``"stories"``): from the cache
    when it pairs with an evaluation of the blind set version ``blind_version``, else evaluated now
    (and cached); stories run again when they changed. None when there is no active model. Raises
    worker.Failed."""
    active = active_model(job)
    if active is None:
        return None
    print_ = models_dir.fingerprint(active)
    async with sessions() as session:
        cached = await session.get(ModelEvaluation, print_)
        evaluation = dict(cached.evaluation) if cached is not None else None
    if evaluation is not None and pairs_with(evaluation, blind_version):
        job.log(f"active model {print_[:16]}: evaluation from the cache")
    else:
        job.log(f"active model {print_[:16]}: evaluating it on the same messages "
                f"({'no usable cached evaluation' if evaluation is None else 'the cached one has no paired data'})")
        evaluation = await evaluate(job, active, work / "active.json")
    current = stories_version(job.settings.stories_dir)
    if (evaluation.get("stories") or {}).get("version") != current:
        job.log(f"active model {print_[:16]}: running the test stories")
        evaluation["stories"] = {**await stories(job, active, work / "active-stories"), "version": current}
    if cached is None or evaluation != cached.evaluation:
        async with sessions() as session:
            row = await session.get(ModelEvaluation, print_)
            if row is None:
                session.add(ModelEvaluation(fingerprint=print_, evaluation=evaluation))
            else:
                row.evaluation = evaluation
            await session.commit()
    return {**evaluation, "fingerprint": print_, "path": str(active)}


def active_model(job: "Job") -> Optional[Path]:
    """The model the bot serves now: the file ``RASA_MODEL`` names, which ``scripts/run`` sets to
    ``models/active.tar.gz``, the link ``handoff.activation`` keeps on the active model (the worker
    has no front door dependencies to ask ``handoff.activation.active_model``)."""
    path = job.settings.active_model
    return path if path.is_file() else None


async def stories(job: "Job", model: Path, out: Path) -> Dict[str, Any]:
    """``rasa test core`` with the test stories (``make test-stories``' stories; without
    ``--fail-on-prediction-errors``, which stops at the first wrong prediction before Rasa writes which
    stories failed): ``{"passed", "failed": [story names]}``, or ``"error"`` when Rasa could not run them."""
    status = await run_streaming(
        [job.settings.rasa, "test", "core", "--model", model, "--stories", job.settings.stories_dir, "--e2e",
         "--out", out], job.output, cwd=ROOT, timeout=job.remaining())
    failed_file = out / "failed_test_stories.yml"
    if status != 0 or not failed_file.exists():
        return {"passed": False, "failed": [], "error": f"rasa test exited with {status}"}
    data = yaml.safe_load(failed_file.read_text(encoding="utf-8")) or {}
    # Rasa names a failed story "<name> (<absolute path of its file>)": the page shows the repo's path.
    failed = [str(story.get("story", "?")).replace(f"{ROOT}/", "") for story in data.get("stories") or []
              if isinstance(story, dict)]
    return {"passed": not failed, "failed": failed}


async def run_gate(sessions: async_sessionmaker, job: "Job", model: Path, work: Path) -> Dict[str, Any]:
    """The gate's report on ``model`` (``handoff.training.gate.decide``). Raises worker.Failed."""
    new = await evaluate(job, model, work / "new.json")
    await job.save(progress=86, force=True)
    active = await active_evaluation(sessions, job, work, new["sets"]["blind"].get("version"))
    await job.save(progress=90, force=True)
    story_result = await stories(job, model, work / "stories")
    report = gate.decide(new, active, story_result, job.settings.margin, job.settings.alpha,
                         active_stories=active["stories"] if active else None)
    report["active_fingerprint"] = active["fingerprint"] if active else None
    job.log(f"gate: {report['decision']} ({len(report['reasons'])} reason(s), "
            f"{len(report['known_shortfalls'])} known shortfall(s))")
    return report


async def protected_models(sessions: async_sessionmaker) -> List[str]:
    """Model paths pruning must keep: the newest activated and passed trainings' models."""
    async with sessions() as session:
        activated = await session.scalars(select(TrainingJob.model_path).where(
            TrainingJob.activated_at.is_not(None)).order_by(TrainingJob.activated_at.desc()).limit(2))
        passed = await session.scalars(select(TrainingJob.model_path).where(
            TrainingJob.state == "passed").order_by(TrainingJob.id.desc()).limit(1))
        return [path for path in [*activated, *passed] if path]
