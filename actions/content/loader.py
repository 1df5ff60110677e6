"""Reading content files into validated models, with errors that name the file and the field."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Dict, Generic, Tuple, Type, TypeVar

import yaml
try:  # see actions/content/models.py: one schema for both environments
    from pydantic.v1 import BaseModel, ValidationError
except ImportError:
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


class Reloading(Generic[Model]):
    """One content file, parsed again when it changes on disk (modification time and size), so a
    comms edit shows without a restart. Used by the actions and by the front door.

    Args:
        path: the file.
        loader: parses and validates it, raising ContentError.
    """

    def __init__(self, path: Path, loader: Callable[[Path], Model]) -> None:
        self.path = path
        self._loader = loader
        self._stamp: Tuple[int, int] | None = None
        self._value: Model | None = None

    def get(self) -> Model:
        """The current content. Raises ContentError when the file is missing or broken."""
        try:
            status = os.stat(self.path)
        except OSError as error:
            raise ContentError(f"{self.path}: cannot read: {error.strerror}") from None
        stamp = (status.st_mtime_ns, status.st_size)
        if self._value is None or stamp != self._stamp:
            self._value = self._loader(self.path)
            self._stamp = stamp
        return self._value


class ContentStore:
    """The content files of the actions, each reloaded when it changes on disk.

    Args:
        incident_path: the incident notice the bot speaks about.
        advice_path: the advice per data category.
        phrases_path: the sentence frames of the actions.
    """

    def __init__(self, incident_path: Path, advice_path: Path, phrases_path: Path) -> None:
        self._files: Dict[str, Reloading] = {
            "incident": Reloading(incident_path, load_incident),
            "advice": Reloading(advice_path, lambda path: load(path, AdviceCatalogue)),
            "phrases": Reloading(phrases_path, lambda path: load(path, Phrases)),
        }

    def _get(self, kind: str) -> BaseModel:
        return self._files[kind].get()

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
