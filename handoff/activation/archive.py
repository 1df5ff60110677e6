"""Model archives on disk: which paths may be activated, their fingerprint, the kept copies.

Every activated model is copied to ``<models>/activated/<fingerprint[:16]>.tar.gz`` before any Rasa
loads it, so the previous model is still there for a rollback even when training overwrites or
deletes the file it came from. ``<models>/active.tar.gz`` is a symbolic link to the active copy: a
Rasa process that supervisord restarts with ``--model models/active.tar.gz`` (``scripts/run``) loads
the active model, not the one it was first started with.
"""
from __future__ import annotations

import hashlib
import json
import os
import shutil
import tarfile
from pathlib import Path
from typing import Any, Dict, Optional, Union

KEPT = "activated"
ACTIVE_LINK = "active.tar.gz"
MAX_PATH_CHARS = 500


class BadModel(ValueError):
    """The path is not a model archive inside the models directory; ``code`` says why."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code


def resolve(models_dir: Path, raw: Any) -> Path:
    """The model file ``raw`` names: relative to ``models_dir`` or absolute, symbolic links followed;
    it must be a ``.tar.gz`` file inside ``models_dir``.

    Raises:
        BadModel: ``code`` "not_text" (not a non-empty string without NUL of at most
            ``MAX_PATH_CHARS``), "outside" (it leads out of the models directory), "missing"
            (no such file) or "not_archive" (not a ``.tar.gz`` file).
    """
    if not isinstance(raw, str) or not raw.strip() or "\x00" in raw or len(raw) > MAX_PATH_CHARS:
        raise BadModel("not_text")
    root = models_dir.resolve()
    try:
        path = (root / raw).resolve(strict=True)
    except (OSError, RuntimeError):  # missing, or a loop of links
        candidate = Path(os.path.normpath(root / raw))
        raise BadModel("missing" if candidate.is_relative_to(root) else "outside") from None
    if not path.is_relative_to(root) or path == root:
        raise BadModel("outside")
    if not path.is_file() or not path.name.endswith(".tar.gz"):
        raise BadModel("not_archive")
    return path


def fingerprint(path: Path) -> str:
    """SHA-256 hex of the file at ``path`` (what ``model_activations`` and ``training_jobs`` record)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def inspect(path: Path) -> Dict[str, Optional[str]]:
    """``{"fingerprint": SHA-256 hex of the file, "model_id": Rasa's id from its metadata.json}``;
    reads the whole archive (a truncated or corrupt one fails here, before any Rasa sees it).

    Raises:
        BadModel: "corrupt" (not a readable gzip tar) or "not_rasa" (no Rasa metadata in it).
    """
    print_ = fingerprint(path)
    metadata = None
    try:
        with tarfile.open(path, "r:gz") as archive:
            for member in archive:
                if member.isfile() and member.name.lstrip("./") == "metadata.json":
                    metadata = json.loads(archive.extractfile(member).read())
                elif member.isfile():
                    archive.extractfile(member).read()  # the gzip checksum is checked at the end
    except (tarfile.TarError, OSError, EOFError, ValueError) as error:
        raise BadModel("corrupt", type(error).__name__) from None
    if not isinstance(metadata, dict) or not metadata.get("model_id"):
        raise BadModel("not_rasa")
    return {"fingerprint": print_, "model_id": str(metadata["model_id"])}


def kept_path(models_dir: Path, fingerprint: str) -> Path:
    """Where the copy of the model with ``fingerprint`` is kept."""
    return models_dir.resolve() / KEPT / f"{fingerprint[:16]}.tar.gz"


def keep(models_dir: Path, source: Path, fingerprint: str) -> Path:
    """Copy ``source`` to :func:`kept_path` unless it is there already; return the copy's path."""
    target = kept_path(models_dir, fingerprint)
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    shutil.copyfile(source, partial)
    os.replace(partial, target)  # never a half-copied archive under the final name
    return target


def point_active(models_dir: Path, kept: Path) -> None:
    """Make ``<models>/active.tar.gz`` a relative link to ``kept`` (replaced in one step)."""
    root = models_dir.resolve()
    link = root / ACTIVE_LINK
    temporary = root / f".{ACTIVE_LINK}.new"
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    temporary.symlink_to(os.path.relpath(kept, root))
    os.replace(temporary, link)


def relative(models_dir: Path, path: Union[str, Path]) -> str:
    """``path`` relative to the models directory (what the studio shows; no host paths)."""
    try:
        return Path(path).resolve().relative_to(models_dir.resolve()).as_posix()
    except ValueError:
        return Path(path).name
