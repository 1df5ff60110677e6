"""Redaction of personal data in customer messages, before they are stored or forwarded to the bot.

Usage: build one ``Redactor()`` at start-up, then ``redactor.redact(text, language)`` per message.
The names are imported on first use, so importing this package stays cheap.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

__all__ = ["Redacted", "Redactor"]

if TYPE_CHECKING:
    from handoff.redaction.redactor import Redacted, Redactor


def __getattr__(name: str):
    if name in __all__:
        from handoff.redaction import redactor

        return getattr(redactor, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
