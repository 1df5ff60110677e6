"""The "am I affected?" check with notice codes stored only as salted hashes."""
from __future__ import annotations

import json

import pytest

from actions import notice_codes
from actions.affected import ActionCheckNoticeCode, ActionExplainAffected
from tests.conftest import FIXTURES, INCIDENTS
from tests.unit.conftest import MORE, make_tracker, payloads, run_action, texts

MATCHING_CODE = "P7RW-3MXK-9DQA"  # name, email, postal_address, health in the fixture CSV


def code_entity(value: str) -> dict:
    return {"entity": "notice_code", "value": value, "start": 0, "end": len(value)}


def slot_value(events, name):
    return next(event["value"] for event in events if event.get("name") == name)


def test_code_file_holds_no_code_in_clear_text(kiebitz, tmp_path):
    stored = (tmp_path / "codes" / "kiebitz-2026-09.json").read_text(encoding="utf-8")
    csv_codes = [line.split(",")[0] for line in
                 (FIXTURES / "notice_codes" / "kiebitz-2026-09.csv").read_text().splitlines()[1:]]
    for code in csv_codes:
        assert code not in stored and code.replace("-", "") not in stored


@pytest.mark.parametrize("typed", [MATCHING_CODE, "p7rw-3mxk-9dqa", "P7RW3MXK9DQA"])
def test_a_valid_code_answers_that_customers_categories(kiebitz, typed):
    tracker = make_tracker("provide_notice_code", "en", text=f"my code is {typed}",
                           entities=[code_entity(typed)])
    messages, events = run_action(ActionCheckNoticeCode(), tracker)
    assert "name, email address, postal address, health data" in texts(messages)
    assert slot_value(events, "affected_categories") == ["name", "email", "postal_address", "health"]
    assert "/what_should_i_do" in payloads(messages)


def test_the_code_is_found_in_the_text_when_no_entity_was_extracted(kiebitz):
    tracker = make_tracker("provide_notice_code", "de", text="Mein Code: P7RW3MXK9DQA danke")
    messages, _ = run_action(ActionCheckNoticeCode(), tracker)
    assert "Gesundheitsdaten" in texts(messages)


def test_five_wrong_codes_stop_the_check_and_offer_a_person(kiebitz):
    attempts = 0.0
    for expected_left in (4, 3, 2, 1):
        tracker = make_tracker("provide_notice_code", "en", text="AAAA-BBBB-CCCC",
                               slots={"notice_code_attempts": attempts})
        messages, events = run_action(ActionCheckNoticeCode(), tracker)
        assert f"You have {expected_left} tries left." in texts(messages)
        attempts = slot_value(events, "notice_code_attempts")
    tracker = make_tracker("provide_notice_code", "en", text="AAAA-BBBB-CCCC",
                           slots={"notice_code_attempts": attempts})
    messages, events = run_action(ActionCheckNoticeCode(), tracker)
    assert "I cannot check more codes in this chat." in texts(messages)
    assert payloads(messages) == ["/request_human"]
    # Even the right code is not checked any more: no oracle for guessing.
    tracker = make_tracker("provide_notice_code", "en", text=MATCHING_CODE,
                           slots={"notice_code_attempts": slot_value(events, "notice_code_attempts")})
    messages, events = run_action(ActionCheckNoticeCode(), tracker)
    assert "I cannot check more codes" in texts(messages) and events == []


def test_a_message_without_a_code_does_not_count_as_a_try(kiebitz):
    messages, events = run_action(ActionCheckNoticeCode(),
                                  make_tracker("provide_notice_code", "en", text="what does the code look like"))
    assert "I could not find a notice code in your message" in texts(messages)
    assert events == []


def test_without_a_code_file_the_bot_says_it_cannot_check(nordlicht):
    messages, _ = run_action(ActionCheckNoticeCode(), make_tracker("provide_notice_code", "en", text=MATCHING_CODE))
    assert "I cannot check codes right now." in texts(messages)
    assert payloads(messages) == ["/request_human"]


def test_explaining_asks_for_the_code_and_never_for_name_or_email(kiebitz):
    messages, _ = run_action(ActionExplainAffected(), make_tracker("am_i_affected", "en"))
    assert "notice code" in texts(messages) and "Type that code here" in texts(messages)
    messages, _ = run_action(ActionExplainAffected(), make_tracker("am_i_affected", "en", entities=MORE))
    assert "About 3,200" in texts(messages) and "I cannot look you up by name or email address." in texts(messages)


def test_explaining_after_five_wrong_codes_offers_a_person_instead(kiebitz):
    messages, _ = run_action(ActionExplainAffected(),
                             make_tracker("am_i_affected", "en", slots={"notice_code_attempts": 5.0}))
    assert "Type that code" not in texts(messages) and payloads(messages)[-1] == "/request_human"


def test_csv_errors_name_the_line(tmp_path):
    bad = tmp_path / "codes.csv"
    bad.write_text("code,categories\nP7RW-3MXK-9DQA,name\nP7RW-3MXK-9DQ0,name\n", encoding="utf-8")
    with pytest.raises(notice_codes.NoticeCodeError, match=r"codes.csv:3: code is not 12 characters"):
        notice_codes.read_csv(bad, ["name"])
    bad.write_text("code,categories\nP7RW-3MXK-9DQA,health\n", encoding="utf-8")
    with pytest.raises(notice_codes.NoticeCodeError, match=r"codes.csv:2: categories \['health'\]"):
        notice_codes.read_csv(bad, ["name"])
    bad.write_text("code,categories\nP7RW-3MXK-9DQA,name\np7rw3mxk9dqa,name\n", encoding="utf-8")
    with pytest.raises(notice_codes.NoticeCodeError, match="appears twice"):
        notice_codes.read_csv(bad, ["name"])


def test_command_refuses_categories_the_notice_does_not_hold(tmp_path, capsys):
    csv_file = tmp_path / "codes.csv"
    csv_file.write_text("code,categories\nP7RW-3MXK-9DQA,tax_id\n", encoding="utf-8")
    status = notice_codes.main(["--incident", "kiebitz-2026-09", "--csv", str(csv_file),
                                "--incidents-dir", str(INCIDENTS["kiebitz-2026-09"]),
                                "--out", str(tmp_path / "out.json")])
    assert status == 1 and "tax_id" in capsys.readouterr().err
    assert not (tmp_path / "out.json").exists()


def test_each_code_file_gets_its_own_salt(tmp_path):
    rows = [("P7RW3MXK9DQA", ("name",))]
    notice_codes.write_store("x", rows, tmp_path / "a.json")
    notice_codes.write_store("x", rows, tmp_path / "b.json")
    first, second = (json.loads((tmp_path / name).read_text()) for name in ("a.json", "b.json"))
    assert first["salt"] != second["salt"] and first["codes"].keys() != second["codes"].keys()


@pytest.mark.parametrize("text, code", [
    ("my code is K7QX-4MPD-9TRA!", "K7QX4MPD9TRA"),
    ("k7qx4mpd9tra", "K7QX4MPD9TRA"),
    ("what does this code look like", None),  # three four-letter words are not a code
    ("K7QX-4MPD-9TRA-EXTRA", None),
    ("IIII-LLLL-OOOO", None),  # letters that codes never use
])
def test_find_code(text, code):
    assert notice_codes.find_code(text) == code
