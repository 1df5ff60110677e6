"""Reading content files into validated models, with errors that name the file and the field."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, Generic, Tuple, Type, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from actions.content.models import AdviceCatalogue, Incident, Phrases

Model = TypeVar("Model", bound=BaseModel)


class ContentError(ValueError):
    """A content file is missing, unreadable, not YAML, or breaks its schema.

    ``str(error)`` lists one line per problem: ``<file>: <dotted.field>: <message>``.
    """


def load(path: Path, model: Type[Model]) -> Model:
    """Read the YAML file at ``path`` and validate it as ``model``.

    Raises:
        ContentError: the file cannot be read or parsed, or does not fit ``model``.
    """
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise ContentError(f"{path}: cannot read: {error.strerror}") from None
    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ContentError(f"{path}: is not UTF-8 text") from None
    except yaml.YAMLError as error:
        raise ContentError(f"{path}: is not valid YAML: {error}") from None
    if not isinstance(data, dict):
        raise ContentError(f"{path}: must hold a mapping of fields, found {type(data).__name__}")
    try:
        return model.parse_obj(data)
    except ValidationError as error:
        lines = []
        for problem in error.errors():
            field = ".".join(str(part) for part in problem["loc"] if part != "__root__")
            lines.append(f"{path}: {field or '(top level)'}: {problem['msg']}")
        # A Union field reports one error per alternative; keep each line once.
        raise ContentError("\n".join(dict.fromkeys(lines))) from None


def load_incident(path: Path) -> Incident:
    """Read and validate one incident notice; its ``id`` must equal the file name.

    Raises:
        ContentError: as for :func:`load`, or the id does not match the file name.
    """
    incident = load(path, Incident)
    if incident.id != path.stem:
        raise ContentError(f"{path}: id: is {incident.id!r}, must equal the file name {path.stem!r}")
    return incident


@dataclass
class _Cached(Generic[Model]):
    stamp: Tuple[int, int]
    value: Model


class ContentStore:
    """Content files, reloaded when they change on disk, so a comms edit shows without a restart.

    Args:
        incident_path: the incident notice the bot speaks about.
        advice_path: the advice per data category.
        phrases_path: the sentence frames of the actions.
    """

    def __init__(self, incident_path: Path, advice_path: Path, phrases_path: Path) -> None:
        self._paths = {"incident": incident_path, "advice": advice_path, "phrases": phrases_path}
        self._loaders: Dict[str, Callable[[Path], BaseModel]] = {
            "incident": load_incident,
            "advice": lambda path: load(path, AdviceCatalogue),
            "phrases": lambda path: load(path, Phrases),
        }
        self._cache: Dict[str, _Cached] = {}

    def _get(self, kind: str) -> BaseModel:
        path = self._paths[kind]
        try:
            status = os.stat(path)
        except OSError as error:
            raise ContentError(f"{path}: cannot read: {error.strerror}") from None
        stamp = (status.st_mtime_ns, status.st_size)
        cached = self._cache.get(kind)
        if cached is None or cached.stamp != stamp:
            cached = _Cached(stamp, self._loaders[kind](path))
            self._cache[kind] = cached
        return cached.value

    @property
    def incident(self) -> Incident:
        """The current incident notice. Raises ContentError when the file is broken."""
        return self._get("incident")  # type: ignore[return-value]

    @property
    def advice(self) -> AdviceCatalogue:
        """The current advice catalogue. Raises ContentError when the file is broken."""
        return self._get("advice")  # type: ignore[return-value]

    @property
    def phrases(self) -> Phrases:
        """The current phrases. Raises ContentError when the file is broken."""
        return self._get("phrases")  # type: ignore[return-value]
