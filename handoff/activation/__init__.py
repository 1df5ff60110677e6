"""Activating a trained Rasa model on every Rasa process without downtime, and rolling back
(``service``: how and why; ``rotation``: the routing every front door follows meanwhile;
``archive``: which files may be activated; ``views``: the studio's routes)."""
from handoff.activation.service import ActivationFailed, activate, active_model, rollback

__all__ = ["ActivationFailed", "activate", "active_model", "rollback"]
