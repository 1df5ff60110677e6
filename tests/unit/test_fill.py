"""Placeholders in texts the comms team writes are filled as plain names only (security review: a
studio text like ``{categories:>1000000000}`` made every check, preview and answer build a string of
a gigabyte with ``str.format``)."""
from __future__ import annotations

import pytest

from actions.content import field_check
from actions.content.fill import fill
from actions.content.models import LocalizedText, Phrases

ATTACKS = ["We lost {categories:>1000000000}.", "{categories.__class__.__mro__}", "{categories!r}",
           "{categories[0]}", "{0}", "{}", "{categories:{width}}"]


def test_plain_names_are_filled_and_double_braces_stay_braces():
    assert fill("We lost {categories} on {date}. {{date}}", categories="names", date="1 May") == \
        "We lost names on 1 May. {date}"
    with pytest.raises(KeyError):
        fill("{missing}")


@pytest.mark.parametrize("text", ATTACKS)
def test_anything_but_a_plain_name_is_refused_before_any_padding(text):
    with pytest.raises(ValueError):
        fill(text, categories="names", width="1000000000")
    phrases = Phrases.construct(phrases={"lost": LocalizedText(en=text, de=text)})  # as the studio serves it
    with pytest.raises(ValueError):
        phrases.say("lost", "en", categories="names", width="9")


@pytest.mark.parametrize("text", ATTACKS[:4])
def test_the_studio_check_refuses_it_so_it_cannot_be_approved(text):
    found = field_check.problems("phrases.data_involved_short", "en", text, None)
    assert "check_placeholder_plain" in [problem["key"] for problem in found]
    assert field_check.problems("phrases.data_involved_short", "en", "We lost {categories}.", None) == []
