"""The models page's one door to activation (contract 3 of issue 13, ``handoff.activation``):
activating a trained model runs in the background (minutes: one Rasa process after the other), so
:func:`start` returns once it has begun, and says so at once when it could not begin."""
from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, Optional

from handoff import activation

ActivationFailed = activation.ActivationFailed


async def start(deps: Any, model_path: Path, *, actor: str, tasks: set,
                finished: Callable[[Optional[str]], Awaitable[None]], fingerprint: Optional[str] = None) -> Optional[str]:
    """Begin switching every Rasa process to ``model_path`` (its SHA-256 must be ``fingerprint``, the
    one the gate passed, if given) for the user named ``actor``; ``finished``
    is awaited with None on success or the reason of a failure (the old model keeps serving). The task
    is kept in ``tasks`` until it ends. Returns None once the activation has begun, or the reason it
    could not begin (another activation runs, not a model in the models folder, one Rasa only ...)."""
    begun = asyncio.Event()
    failed: Dict[str, str] = {}

    async def run() -> None:
        try:
            await activation.activate(deps, model_path, actor=actor, begun=begun, fingerprint=fingerprint)
        except ActivationFailed as error:
            failed["reason"] = str(getattr(error, "reason", error))
            await finished(failed["reason"])
            return
        await finished(None)

    task = asyncio.create_task(run())
    tasks.add(task)
    task.add_done_callback(tasks.discard)
    task.add_done_callback(lambda _task: begun.set())
    await begun.wait()
    return failed.get("reason")


async def active_model(deps: Any) -> Dict[str, Any]:
    """``{"path", "fingerprint", "activated_at", "previous"}`` of the model serving now."""
    found = await activation.active_model(deps)
    return {key: str(value) if isinstance(value, Path) else value for key, value in found.items()}
