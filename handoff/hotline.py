"""The hotline number and opening hours, read from the incident notice (contacts.hotline)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, FrozenSet, Optional
from zoneinfo import ZoneInfo

import yaml

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


@dataclass(frozen=True)
class Hotline:
    """Phone number, hours text per language, and the machine-readable opening hours."""

    phone: str
    hours: Dict[str, str]
    timezone: ZoneInfo
    days: FrozenSet[str]
    opens: dt.time
    closes: dt.time

    @classmethod
    def from_notice(cls, path: Path) -> Optional["Hotline"]:
        """Read ``contacts.hotline`` of an incident notice; None when the file is missing.

        Raises:
            ValueError: the hotline part is malformed (the notice's own check says where).
        """
        if not path.exists():
            return None
        try:
            hotline = yaml.safe_load(path.read_text(encoding="utf-8"))["contacts"]["hotline"]
            opening = hotline["opening_hours"]
            return cls(
                phone=str(hotline["phone"]), hours=dict(hotline["hours"]),
                timezone=ZoneInfo(opening["timezone"]), days=frozenset(opening["days"]),
                opens=dt.time.fromisoformat(str(opening["open"])),
                closes=dt.time.fromisoformat(str(opening["close"])),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise ValueError(f"{path}: contacts.hotline is malformed: {error}") from None

    def is_open(self, now: dt.datetime) -> bool:
        """True when the hotline (and so the support team) works at ``now`` (timezone-aware)."""
        local = now.astimezone(self.timezone)
        return WEEKDAYS[local.weekday()] in self.days and self.opens <= local.time() < self.closes

    def hours_text(self, language: str) -> str:
        """The opening hours as written in the notice, in ``language``."""
        return self.hours.get(language) or self.hours.get("en", "")
