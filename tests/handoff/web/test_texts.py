"""The pages' texts: every key the widget, console and studio scripts (and console.html, the studio's pages) use is in
data/content/ui.yml in both languages, and every key there is used; the scripts' sources hold no
sentence of their own."""
from __future__ import annotations

import re

import pytest
import yaml

import contract
from tests.conftest import ROOT

SRC = ROOT / "handoff" / "static" / "src"
UI = yaml.safe_load((ROOT / "data" / "content" / "ui.yml").read_text(encoding="utf-8"))
# t("key") and t("key", {...}) calls, keys of FINISH/SENDERS/STATES/... tables, and data-ui attributes.
USES = [re.compile(r'\bt\("([a-z_]+)"'), re.compile(r'(?:question|yes|done): "([a-z_]+)"'),
        re.compile(r'"(sender_[a-z]+)"'), re.compile(r'data-ui(?:-label)?="([a-z_]+)"'),
        re.compile(r'\b[a-z_]+: "(models_[a-z_]+)"')]  # the models page's tables of states, failures, reasons
ERRORS = {"error_empty", "error_too_long", "error_unreadable"}  # looked up by the server's error code
PAGES = ROOT / "handoff" / "static"
SESSION = SRC / "shared" / "studio-session.js"  # the studio pages' login (keys whoami, no_access of their section)
# Per section: the sources that look its keys up, and the keys looked up by a name no source writes out.
SECTIONS = {
    "widget": ([*(SRC / "widget").glob("*.js")], set()),
    "console": ([*(SRC / "console").glob("*.js"), PAGES / "console.html"], ERRORS),
    # The studio's pages but the insights page, which has a section of its own (tests/handoff/insights/test_texts.py).
    "studio": ([*(SRC / "studio").glob("*.js"), *SRC.glob("studio-*/*.js"), SESSION,
                *(page for page in PAGES.glob("studio*.html") if page.name != "studio-insights.html")], set()),
    # The nav's labels: looked up by the pages' names in data/contract.json.
    "studio_nav": ([], {"label"} | {entry["page"] for entry in contract.load()["studio_pages"]["pages"]}),
}


def used_keys(section: str) -> set:
    files, named = SECTIONS[section]
    keys = set(named)
    for path in files:
        text = path.read_text(encoding="utf-8")
        for pattern in USES:
            keys |= set(pattern.findall(text))
    return keys


@pytest.mark.parametrize("section", SECTIONS)
def test_every_text_the_pages_use_is_in_ui_yml_in_both_languages(section: str):
    texts = UI[section]
    assert used_keys(section) - set(texts) == set()
    assert set(texts) - used_keys(section) == set(), "unused keys"
    for key, value in texts.items():
        assert set(value) == {"en", "de"} and all(value.values()), key


def test_no_module_is_longer_than_350_lines():
    for path in SRC.rglob("*.js"):
        assert len(path.read_text(encoding="utf-8").splitlines()) <= 350, path


def test_the_scripts_hold_no_sentences_of_their_own():
    # A string literal starting with a capitalised word followed by another word: a text for people.
    sentence = re.compile(r"""["'`][A-Z][a-z]+ [a-z]+""")
    for path in SRC.rglob("*.js"):
        code = [line for line in path.read_text(encoding="utf-8").splitlines()
                if not line.lstrip().startswith(("//", "*", "/*"))]
        assert [line for line in code if sentence.search(line)] == [], path


def test_canned_reply_titles_come_from_ui_yml_in_the_customers_language():
    from handoff.pages import canned_replies

    notice = yaml.safe_load((ROOT / "tests" / "fixtures" / "incidents" / "kiebitz-2026-09.yml").read_text())
    for language in ("en", "de"):
        titles = [reply["title"] for reply in canned_replies(notice, language)]
        assert titles == [UI["canned"][key][language] for key in UI["canned"]]


def test_every_intent_of_the_bot_has_a_plain_name_for_the_console():
    domain = yaml.safe_load((ROOT / "bot" / "domain" / "core.yml").read_text(encoding="utf-8"))
    intents = {name for name in domain["intents"] if isinstance(name, str) and "+" not in name}
    assert intents | {"nlu_fallback"} == set(UI["intents"])
    for key, value in UI["intents"].items():
        assert set(value) == {"en", "de"} and all(value.values()) and "_" not in value["en"], key


# Keys of section studio_api that the server looks up: errors.fail/answer/message(request, <status>, "key"),
# the REFUSALS table, the checks' "key" (action server and front door) and the field names (name_<field>).
SERVER_SOURCES = [ROOT / "handoff" / "studio_api" / "views.py", ROOT / "handoff" / "studio_api" / "errors.py",
                  ROOT / "handoff" / "studio" / "checks.py", ROOT / "handoff" / "studio" / "schema.py",
                  ROOT / "actions" / "content" / "field_check.py", ROOT / "actions" / "content" / "first_answers.py",
                  ROOT / "handoff" / "studio_api" / "intents.py",
                  ROOT / "handoff" / "inbox" / "views.py", ROOT / "handoff" / "inbox" / "decide.py",
                  ROOT / "handoff" / "suggestions" / "views.py", ROOT / "handoff" / "training" / "views.py"]
SERVER_USES = [re.compile(r'(?:fail|answer|message)\(request, (?:[\w.]+, )?"([a-z_]+)"'),
               re.compile(r'\), "([a-z_]+)"\),'), re.compile(r'"(check_[a-z_]+)"'),
               re.compile(r'_text\(request, [^,]+, "([a-z_]+)"'),
               re.compile(r'"[a-z_]+": "((?:example|intent)_[a-z_]+)"'),  # intents.py: refusal -> text
               re.compile(r'Invalid\("([a-z_]+)"\)')]


def test_every_message_of_the_studio_api_is_in_ui_yml_in_both_languages_with_the_same_placeholders():
    import string

    used = set()
    for path in SERVER_SOURCES:
        text = path.read_text(encoding="utf-8")
        for pattern in SERVER_USES:
            used |= set(pattern.findall(text))
    # The models page: refusals chosen in a conditional, and the training queue's (f"training_{refused}").
    used |= set(re.findall(r'"(training_[a-z_]+)" if ', (ROOT / "handoff" / "training" / "views.py").read_text()))
    used |= {f"training_{code}" for code in
             re.findall(r'Refused\("([a-z_]+)"\)', (ROOT / "handoff" / "training" / "queue.py").read_text())}
    names = {key for key in used if key in ("text", "note", "comment", "customer_note", "title")}
    used = (used - names) | {f"name_{name}" for name in names} | {"name_comment"}  # send-back's note field
    texts = UI["studio_api"]
    assert used - set(texts) == set()
    assert set(texts) - used == set(), "unused keys"
    for key, value in texts.items():
        assert set(value) == {"en", "de"} and all(value.values()), key
        fields = [{name for _, name, _, _ in string.Formatter().parse(value[language]) if name} for language in ("en", "de")]
        assert fields[0] == fields[1], key


def test_every_refusal_of_the_studio_flow_has_a_message_in_both_languages():
    from handoff.studio_api.errors import REFUSALS

    flow = (ROOT / "handoff" / "studio" / "flow.py").read_text(encoding="utf-8")
    said = re.findall(r'raise (?:Refused|Forbidden)\(f?"([^"]+)"\)', flow)
    assert said
    for sentence in said:
        example = re.sub(r"\{[^}]+\}", "7", sentence).replace("is 7, not 7", "is draft, not approved")
        assert any(pattern.search(example) for pattern, _ in REFUSALS), sentence
