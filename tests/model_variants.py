"""Another Rasa model without training one: the trained archive repacked with a new ``model_id`` in
its metadata.json (a different archive, fingerprint and id; Rasa loads and answers exactly the same).
Used by the activation tests and benchmarks/activation.py."""
from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path


def repack(source: Path, target: Path, model_id: str, only_metadata: bool = False) -> None:
    """Copy the model archive ``source`` to ``target`` with ``model_id`` in its metadata.json (and,
    with ``only_metadata``, nothing else: an archive Rasa cannot load)."""
    with tarfile.open(source, "r:gz") as old, tarfile.open(target, "w:gz", compresslevel=1) as new:
        for member in old:
            data = old.extractfile(member).read() if member.isfile() else None
            if member.isfile() and member.name.lstrip("./") == "metadata.json":
                metadata = json.loads(data)
                metadata["model_id"] = model_id
                data = json.dumps(metadata).encode()
                member.size = len(data)
            elif only_metadata:
                continue
            new.addfile(member, io.BytesIO(data) if data is not None else None)


def model_id(path: Path) -> str:
    """Rasa's id of the model archive at ``path``.

    Raises:
        ValueError: no metadata.json in it.
    """
    with tarfile.open(path, "r:gz") as archive:
        for member in archive:
            if member.name.lstrip("./") == "metadata.json":
                return json.loads(archive.extractfile(member).read())["model_id"]
    raise ValueError(f"{path} has no metadata.json")
