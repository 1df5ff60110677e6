"""The bot's and the actions' side of the shared contract (data/contract.json): they fail when a
side disagrees with it."""
from __future__ import annotations

import ast
import re

import pytest
import yaml

import contract
from contract import notice_code
from actions import common, handoff
from actions.content.models import LANGUAGES
from actions.notice_codes import find_code, normalise
from tests.conftest import ROOT


def test_languages_are_the_contracts():
    assert LANGUAGES == contract.languages() == ("en", "de")
    assert common.DEFAULT_LANGUAGE == contract.default_language()


def test_every_handoff_reason_the_actions_send_is_in_the_contract_and_documented():
    source = (ROOT / "actions" / "handoff.py").read_text(encoding="utf-8")
    sent = set(handoff.REASON_BY_INTENT.values())
    for call in ast.walk(ast.parse(source)):
        if isinstance(call, ast.Call) and getattr(call.func, "id", "") == "hand_off" and len(call.args) >= 4:
            if isinstance(call.args[3], ast.Constant):
                sent.add(call.args[3].value)
    assert sent and sent <= set(contract.handoff_reasons())
    documented = set(re.findall(r"^\| `(\w+)` \| (?!why)", (ROOT / "docs" / "handoff-contract.md").read_text(),
                                re.MULTILINE)) - {"language", "incident", "intent_ranking", "reason"}
    assert documented == set(contract.handoff_reasons())
    assert contract.handoff_reason("a_reason_from_a_newer_bot") == "customer_request"


def test_every_button_payload_is_an_intent_of_the_domain():
    intents = set()
    for path in (ROOT / "bot" / "domain").glob("*.yml"):
        intents |= {i if isinstance(i, str) else next(iter(i)) for i in (yaml.safe_load(path.read_text()) or {}).get("intents", [])}
    for name in contract.load()["buttons"]:
        payload = contract.payload(name)
        assert payload.startswith("/")
        if contract.load()["buttons"][name]["handled_by"] == "bot" or payload == "/request_human":
            assert payload[1:] in intents, payload
    assert common.person_button("de") == {"title": "Mit einem Menschen sprechen", "payload": "/request_human"}


@pytest.mark.parametrize("typed", ["K7QX-4MPD-9TRA", "k7qx-4mpd-9tra", "k7qx 4mpd 9tra", "K7QX4MPD9TRA",
                                   "K7QX - 4MPD - 9TRA", "mein Code: k7qx 4mpd-9tra."])
def test_a_notice_code_is_recognised_however_it_is_typed(typed):
    assert find_code(typed) == "K7QX4MPD9TRA"


@pytest.mark.parametrize("typed", ["K7QX-4MPD-9TRA", "k7qx 4mpd 9tra", "K7QX4MPD9TRA"])
def test_the_nlu_regex_feature_sees_every_spelling(typed):
    entities = yaml.safe_load((ROOT / "data" / "nlu" / "entities.yml").read_text())["nlu"]
    patterns = next(item["examples"] for item in entities if item.get("regex") == "notice_code")
    regexes = [line[2:] for line in patterns.splitlines() if line.startswith("- ")]
    assert any(re.search(regex, f"my code is {typed}") for regex in regexes)


@pytest.mark.parametrize("text", ["what does this mean", "WHAT THAT HAVE", "K7QX-4MPD-9TRA-1", "AK7QX4MPD9TRA",
                                  "my order 1234 5678 9012"])
def test_ordinary_text_is_not_a_notice_code(text):
    assert find_code(text) is None


def test_letter_only_codes_exist_and_are_recognised_when_written_as_codes():
    assert normalise("ABCD-EFGH-JKMN") == "ABCDEFGHJKMN"
    assert find_code("code ABCD-EFGH-JKMN") == "ABCDEFGHJKMN"


def test_the_readme_demo_codes_are_well_formed_and_the_rasa_stand_in_is_never_a_code():
    stand_in = notice_code.stand_in()
    codes = set(re.findall(r"`([A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4})`", (ROOT / "README.md").read_text())) - {stand_in}
    assert len(codes) == 3 and all(find_code(code) for code in codes)
    assert find_code(stand_in) is None and find_code(f"my code is {stand_in}") is None


def test_language_choices_are_titled_in_their_own_language_and_recognised():
    assert [contract.language_choice(code)["title"] for code in contract.languages()] == ["English", "Deutsch"]
    for code in contract.languages():
        assert contract.chosen_language(contract.language_choice(code)["payload"]) == code
    assert contract.chosen_language("/switch_language") is None
    assert contract.chosen_language('/switch_language{"language": "fr"}') is None
