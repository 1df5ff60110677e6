"""The insights page's texts: every key its scripts, its HTML and its API use is in section
``insights`` of data/content/ui.yml in English and German with the same placeholders, and every key
there is used."""
from __future__ import annotations

import re
import string

import yaml

from tests.conftest import ROOT

UI = yaml.safe_load((ROOT / "data" / "content" / "ui.yml").read_text(encoding="utf-8"))
SOURCES = [*(ROOT / "handoff" / "static" / "src" / "insights").glob("*.js"),
           ROOT / "handoff" / "static" / "studio-insights.html",
           ROOT / "handoff" / "static" / "src" / "shared" / "studio-session.js"]  # its login (whoami, no_access)
USES = [re.compile(r'\bt\("([a-z_0-9]+)"'), re.compile(r'data-ui(?:-label)?="([a-z_0-9]+)"')]
SERVER = [ROOT / "handoff" / "insights" / "views.py", ROOT / "handoff" / "insights" / "period.py"]
ERRORS = [re.compile(r'_fail\(request, [\w.]+, "([a-z_]+)"\)'), re.compile(r'BadQuery\("([a-z_]+)"\)')]


def _found(paths, patterns) -> set:
    keys = set()
    for path in paths:
        text = path.read_text(encoding="utf-8")
        for pattern in patterns:
            keys |= set(pattern.findall(text))
    return keys


def test_every_text_of_the_insights_is_in_ui_yml_in_both_languages_and_every_one_there_is_used():
    used = _found(SOURCES, USES) | {f"error_{code}" for code in _found(SERVER, ERRORS)}
    texts = UI["insights"]
    assert used - set(texts) == set()
    assert set(texts) - used == set(), "unused keys"
    for key, value in texts.items():
        assert set(value) == {"en", "de"} and all(value.values()), key
        fields = [{name for _, name, _, _ in string.Formatter().parse(value[language]) if name} for language in ("en", "de")]
        assert fields[0] == fields[1], key
