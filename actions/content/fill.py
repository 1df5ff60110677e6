"""Filling the ``{placeholders}`` of texts the comms team writes: plain names only.

A text from the studio is data, not code. ``str.format`` would obey ``{categories:>1000000000}`` (pad
the value to a gigabyte, in every check, preview and customer answer) or ``{date.__class__}``. Here
only ``{name}`` is filled; ``{{`` and ``}}`` are literal braces as in ``str.format``. The studio's
checks (``actions.content.field_check``) refuse anything else in braces before a text can be approved.
"""
from __future__ import annotations

import string
from typing import Any, Mapping, Sequence, Tuple


class _NamesOnly(string.Formatter):
    def get_field(self, field_name: str, args: Sequence[Any], kwargs: Mapping[str, Any]) -> Tuple[Any, str]:
        if not field_name.isidentifier():
            raise ValueError(f"placeholder {{{field_name}}} is not a plain name")
        return kwargs[field_name], field_name

    def convert_field(self, value: Any, conversion: Any) -> Any:
        if conversion:
            raise ValueError("a placeholder with a conversion (!r, !s, !a)")
        return value

    def format_field(self, value: Any, format_spec: str) -> str:
        if format_spec:
            raise ValueError("a placeholder with a format (after a colon)")
        return str(value)


_FORMATTER = _NamesOnly()


def fill(template: str, /, **values: Any) -> str:
    """``template`` with each ``{name}`` replaced by ``str(values[name])``.

    Raises:
        KeyError: a placeholder has no value.
        ValueError: unbalanced braces, or a placeholder that is not a plain name (a format, a
            conversion, an attribute or an index).
    """
    return _FORMATTER.vformat(template, (), values)


def placeholder_names(template: str) -> set:
    """The names in ``template``'s braces (``{{`` and ``}}`` are none).

    Raises:
        ValueError: unbalanced braces.
    """
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def plain_placeholders(template: str) -> bool:
    """True when every placeholder of ``template`` is a plain ``{name}`` (False also for unbalanced braces)."""
    try:
        return all(name is None or (name.isidentifier() and not spec and not conversion)
                   for _, name, spec, conversion in string.Formatter().parse(template))
    except ValueError:
        return False
