"""Whether a document stays valid with one field changed: the schema the actions and the front door
load it with (``actions.content.models``), so that no publish can leave the bot without its notice.
``ui`` and ``responses`` have no schema in this environment (``make check-content`` checks them)."""
from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional

from actions.content import fields as content_fields
from actions.content.loader import ContentError, parse, parse_incident
from actions.content.models import AdviceCatalogue, FrontDoorPhrases, Phrases

PARSERS: Dict[str, Callable[[Dict[str, Any], str], Any]] = {
    "advice": lambda data, where: parse(data, AdviceCatalogue, where),
    "phrases": lambda data, where: parse(data, Phrases, where),
    "frontdoor": lambda data, where: parse(data, FrontDoorPhrases, where),
}


def _parser(document: str) -> Optional[Callable[[Dict[str, Any], str], Any]]:
    if document.startswith("incidents/"):
        incident_id = document.split("/", 1)[1]
        return lambda data, where: parse_incident(data, incident_id, where)
    return PARSERS.get(document)


def problems(published: Optional[Dict[str, Any]], document: str, path: str, language: str,
             text: str) -> List[Dict[str, object]]:
    """``[{"rule": "schema", "key": "check_schema", "values"}]`` when ``document`` (its published YAML data) with field
    ``(path, language)`` set to ``text`` breaks its schema; [] when valid or not checkable here."""
    parser = _parser(document)
    if parser is None or published is None:
        return []
    changed = [content_fields.Field(item.document, item.path, item.language, text, item.kind)
               if (item.path, item.language) == (path, language) else item
               for item in content_fields.flatten(document, published)]
    try:
        parser(content_fields.unflatten(document, changed), document)
    except (ContentError, ValueError) as error:
        details = "; ".join(line.split(": ", 1)[-1] for line in str(error).splitlines())
        return [{"rule": "schema", "key": "check_schema", "values": {"document": document, "details": details}}]
    return []
