"""Reading content files into validated models, with errors that name the file and the field."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable, Dict, Generic, Optional, Tuple, Type, TypeVar

import yaml
try:  # see actions/content/models.py: one schema for both environments
    from pydantic.v1 import BaseModel, ValidationError
except ImportError:
    from pydantic import BaseModel, ValidationError

from actions.content.models import AdviceCatalogue, Incident, Phrases

Model = TypeVar("Model", bound=BaseModel)
# The studio's published content of one document: (revision, YAML data), or None (read the file).
Published = Callable[[], Optional[Tuple[int, Dict[str, Any]]]]
# Published content by document id (``actions.content.published``, ``handoff.studio.store``).
Lookup = Callable[[str], Optional[Tuple[int, Dict[str, Any]]]]


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
    return parse(data, model, str(path))


def parse(data: Any, model: Type[Model], where: str) -> Model:
    """Validate YAML ``data`` (from a file or the studio's published content) as ``model``.

    Raises:
        ContentError: one line per problem, ``<where>: <dotted.field>: <message>``.
    """
    if not isinstance(data, dict):
        raise ContentError(f"{where}: must hold a mapping of fields, found {type(data).__name__}")
    try:
        return model.parse_obj(data)
    except ValidationError as error:
        lines = []
        for problem in error.errors():
            field = ".".join(str(part) for part in problem["loc"] if part != "__root__")
            lines.append(f"{where}: {field or '(top level)'}: {problem['msg']}")
        # A Union field reports one error per alternative; keep each line once.
        raise ContentError("\n".join(dict.fromkeys(lines))) from None


def load_incident(path: Path) -> Incident:
    """Read and validate one incident notice; its ``id`` must equal the file name.

    Raises:
        ContentError: as for :func:`load`, or the id does not match the file name.
    """
    return _same_id(load(path, Incident), path.stem, str(path))


def parse_incident(data: Any, incident_id: str, where: str) -> Incident:
    """Validate published notice ``data``; its ``id`` must be ``incident_id``. Raises ContentError."""
    return _same_id(parse(data, Incident, where), incident_id, where)


def _same_id(incident: Incident, expected: str, where: str) -> Incident:
    if incident.id != expected:
        raise ContentError(f"{where}: id: is {incident.id!r}, must equal the file name {expected!r}")
    return incident


class Reloading(Generic[Model]):
    """One content document: the studio's published version when there is one (read again when the
    publish counter changes), else the repo file, parsed again when it changes on disk
    (modification time and size), so a comms edit shows without a restart. Used by the actions and
    by the front door.

    Args:
        path: the file.
        loader: parses and validates it, raising ContentError.
        published: the published content of this document (None: files only).
        parser: validates published YAML data (required with ``published``), raising ContentError.
    """

    def __init__(self, path: Path, loader: Callable[[Path], Model], published: Optional[Published] = None,
                 parser: Optional[Callable[[Dict[str, Any]], Model]] = None) -> None:
        self.path = path
        self._loader = loader
        self._published = published
        self._parser = parser
        self._stamp: Tuple[Any, ...] | None = None
        self._value: Model | None = None

    def get(self) -> Model:
        """The current content. Raises ContentError when it is missing or broken."""
        found = self._published() if self._published is not None else None
        if found is not None and self._parser is not None:
            stamp: Tuple[Any, ...] = ("published", found[0])
            if self._value is None or stamp != self._stamp:
                self._value = self._parser(found[1])
                self._stamp = stamp
            return self._value
        try:
            status = os.stat(self.path)
        except OSError as error:
            raise ContentError(f"{self.path}: cannot read: {error.strerror}") from None
        stamp = (status.st_mtime_ns, status.st_size)
        if self._value is None or stamp != self._stamp:
            self._value = self._loader(self.path)
            self._stamp = stamp
        return self._value


def sources(published: Optional[Lookup]) -> Callable[[str], Optional[Published]]:
    """``document id -> Published`` for :class:`Reloading` (always None without a lookup)."""
    def source(name: str) -> Optional[Published]:
        return (lambda: published(name)) if published is not None else None
    return source


class ContentStore:
    """The content of the actions: the studio's published version of each document when the
    database holds one, else the repo file (reloaded when it changes on disk).

    Args:
        incident_path: the incident notice the bot speaks about.
        advice_path: the advice per data category.
        phrases_path: the sentence frames of the actions.
        published: the studio's published content by document id, or None (files only).
    """

    def __init__(self, incident_path: Path, advice_path: Path, phrases_path: Path,
                 published: Optional[Lookup] = None) -> None:
        source = sources(published)

        incident = f"incidents/{incident_path.stem}"
        self._files: Dict[str, Reloading] = {
            "incident": Reloading(incident_path, load_incident, source(incident),
                                  lambda data: parse_incident(data, incident_path.stem, f"studio: {incident}")),
            "advice": Reloading(advice_path, lambda path: load(path, AdviceCatalogue), source("advice"),
                                lambda data: parse(data, AdviceCatalogue, "studio: advice")),
            "phrases": Reloading(phrases_path, lambda path: load(path, Phrases), source("phrases"),
                                 lambda data: parse(data, Phrases, "studio: phrases")),
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
