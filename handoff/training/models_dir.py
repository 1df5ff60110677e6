"""The folder of trained models: each named ``<UTC time>-<fingerprint>.tar.gz``; the newest few kept."""
from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Iterable, List

from handoff.activation.archive import fingerprint  # noqa: F401 - the one SHA-256 of a model file

SUFFIX = ".tar.gz"


def keep(trained: Path, print_: str, folder: Path) -> Path:
    """Move ``trained`` into ``folder`` as ``<time>-<first 16 of the fingerprint>.tar.gz``; its path."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"{dt.datetime.now(dt.timezone.utc):%Y%m%dT%H%M%S}-{print_[:16]}{SUFFIX}"
    shutil.move(str(trained), target)
    return target


def models(folder: Path) -> List[Path]:
    """The trained models in ``folder``, newest first (by name: the name starts with the time)."""
    return sorted(folder.glob(f"*{SUFFIX}"), reverse=True) if folder.is_dir() else []


def prune(folder: Path, keep_count: int, protect: Iterable[str] = ()) -> List[Path]:
    """Delete all but the newest ``keep_count`` models, never one in ``protect`` (paths); the deleted."""
    protected = {Path(path).resolve() for path in protect if path}
    deleted = []
    for old in models(folder)[keep_count:]:
        if old.resolve() not in protected:
            old.unlink(missing_ok=True)
            deleted.append(old)
    return deleted
