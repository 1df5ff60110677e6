"""The models page's one door to activation (contract 3 of issue 13, ``handoff.activation``, branch
s13-activation): ``activate(deps, model_path, *, actor)``, ``active_model(deps)``.

PLACEHOLDER until branch s13-activation is merged: without ``handoff.activation`` an activation is
refused as unavailable (HTTP 503, nothing changes) and the active model is the file ``RASA_MODEL``
names. The lead wires the real calls; nothing else in this package knows how activation works.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any, Dict

from handoff.training import settings as training_settings

try:
    from handoff import activation as _activation  # contract 3
except ImportError:  # PLACEHOLDER: branch s13-activation not merged yet
    _activation = None


class ActivationUnavailable(Exception):
    """No activation in this build (placeholder)."""


ActivationFailed = getattr(_activation, "ActivationFailed", None) or type(
    "ActivationFailed", (Exception,), {"__doc__": "The switch failed; the old model keeps serving."})


async def activate(deps: Any, model_path: Path, *, actor: str) -> None:
    """Switch every Rasa process to ``model_path``. Raises ActivationFailed, ActivationUnavailable."""
    if _activation is None:
        raise ActivationUnavailable()
    await _activation.activate(deps, model_path, actor=actor)


async def active_model(deps: Any) -> Dict[str, Any]:
    """``{"path", "fingerprint", "activated_at", "previous"}`` of the model serving now (placeholder:
    the ``RASA_MODEL`` file, fingerprint and times unknown)."""
    if _activation is not None:
        found = await _activation.active_model(deps)
        return {key: str(value) if isinstance(value, Path) else value for key, value in found.items()}
    path = training_settings.from_env().active_model
    return {"path": path.name if path.is_file() else None, "fingerprint": None, "activated_at": None,
            "previous": None, "placeholder": True}
