"""Settings of the training worker and the gate, from the environment (this package's own variables;
the front door's are in ``handoff.config``).

| variable | default | meaning |
|---|---|---|
| TRAINING_MODELS_DIR | models/trained | where trained models go, named ``<time>-<fingerprint>.tar.gz`` |
| TRAINING_KEEP_MODELS | 5 | trained models kept; older ones are deleted (never the active one) |
| TRAINING_CONFIG | config.yml | the Rasa pipeline and policies to train with |
| TRAINING_TIMEOUT_MINUTES | 90 | a training (with its gate) running longer is stopped and failed |
| GATE_MARGIN | 0.15 | an intent whose blind recall drops by more than this (and significantly) blocks activation (``handoff.training.gate``) |
| GATE_ALPHA | 0.05 | a drop is significant when the paired test's p-value is below this (``handoff.training.gate``) |
| GATE_BLIND_DIR / GATE_VALIDATION_DIR | tests/nlu_blind / tests/nlu_validation | the gate's message sets |
| GATE_STORIES_DIR | tests/stories | the test stories the new model must pass |
| RASA_MODEL | models/breach-assistant.tar.gz | the active model (until the activation part says which one is active) |
| BOT_VENV | .venv-bot | the bot's Python environment (Rasa 3.6) that trains and evaluates |
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Mapping, Optional

from handoff.config import ROOT, ConfigError
from handoff.training.gate import DEFAULT_ALPHA, DEFAULT_MARGIN


@dataclass(frozen=True)
class TrainingSettings:
    """Resolved settings of training; build with :func:`from_env`."""

    models_dir: Path = ROOT / "models" / "trained"
    keep_models: int = 5
    config_file: Path = ROOT / "config.yml"
    timeout_minutes: float = 90.0
    margin: float = DEFAULT_MARGIN
    alpha: float = DEFAULT_ALPHA
    blind_dir: Path = ROOT / "tests" / "nlu_blind"
    validation_dir: Path = ROOT / "tests" / "nlu_validation"
    stories_dir: Path = ROOT / "tests" / "stories"
    active_model: Path = ROOT / "models" / "breach-assistant.tar.gz"
    bot_venv: Path = ROOT / ".venv-bot"
    poll_seconds: float = 2.0

    @property
    def rasa(self) -> Path:
        """The ``rasa`` command of the bot's environment."""
        return self.bot_venv / "bin" / "rasa"

    @property
    def bot_python(self) -> Path:
        """The bot environment's Python."""
        return self.bot_venv / "bin" / "python"


def _path(env: Mapping[str, str], name: str, default: Path) -> Path:
    raw = env.get(name)
    if not raw:
        return default
    path = Path(raw)
    return path if path.is_absolute() else ROOT / path


def _positive(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a number") from None
    if value <= 0:
        raise ConfigError(f"{name} must be positive")
    return value


def from_env(env: Optional[Mapping[str, str]] = None) -> TrainingSettings:
    """Build the settings from ``env`` (default ``os.environ``). Raises ConfigError on a bad number."""
    env = os.environ if env is None else env
    margin = _positive(env, "GATE_MARGIN", DEFAULT_MARGIN)
    if margin >= 1:
        raise ConfigError("GATE_MARGIN is a share of messages: between 0 and 1")
    alpha = _positive(env, "GATE_ALPHA", DEFAULT_ALPHA)
    if alpha >= 1:
        raise ConfigError("GATE_ALPHA is a probability: between 0 and 1")
    defaults = TrainingSettings()
    return TrainingSettings(
        models_dir=_path(env, "TRAINING_MODELS_DIR", defaults.models_dir),
        keep_models=max(1, int(_positive(env, "TRAINING_KEEP_MODELS", defaults.keep_models))),
        config_file=_path(env, "TRAINING_CONFIG", defaults.config_file),
        timeout_minutes=_positive(env, "TRAINING_TIMEOUT_MINUTES", defaults.timeout_minutes),
        margin=margin,
        alpha=alpha,
        blind_dir=_path(env, "GATE_BLIND_DIR", defaults.blind_dir),
        validation_dir=_path(env, "GATE_VALIDATION_DIR", defaults.validation_dir),
        stories_dir=_path(env, "GATE_STORIES_DIR", defaults.stories_dir),
        active_model=_path(env, "RASA_MODEL", defaults.active_model),
        bot_venv=_path(env, "BOT_VENV", defaults.bot_venv),
        poll_seconds=_positive(env, "TRAINING_POLL_SECONDS", defaults.poll_seconds),
    )
