"""The folder of trained models: each named ``<UTC time>-<fingerprint>.tar.gz``; the newest few kept."""
from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from pathlib import Path
from typing import Iterable, List

SUFFIX = ".tar.gz"


def fingerprint(model: Path) -> str:
    """The SHA-256 of the model file (hex): the same file always has the same fingerprint."""
    digest = hashlib.sha256()
    with model.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


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
