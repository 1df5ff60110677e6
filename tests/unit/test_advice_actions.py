"""What the customer should do: per involved data category, most urgent first."""
from __future__ import annotations

import pytest

from actions.advice import ActionAdviseNextSteps, ActionAdvisePassword, ActionAdvisePayment
from tests.unit.conftest import MORE, make_tracker, payloads, run_action, texts


def numbered_categories(said: str) -> list:
    """The category labels of the numbered advice lines, in order."""
    return [line.split(". ", 1)[1].split(":")[0] for line in said.split("\n\n")
            if line[:1].isdigit() and ". " in line]


def group_payload(group: str) -> str:
    return '/what_should_i_do{"advice_group":"%s"}' % group


def test_next_steps_first_offer_one_button_per_group_most_urgent_first(kiebitz):
    messages, _ = run_action(ActionAdviseNextSteps(), make_tracker("what_should_i_do", "en"))
    assert len(messages) == 1 and "Set a new password" in texts(messages)
    assert payloads(messages) == [group_payload("login"), group_payload("money"), group_payload("scams"),
                                  group_payload("health"), '/what_should_i_do{"detail":"more"}', "/request_human"]


def test_a_group_gives_the_advice_of_its_categories_and_offers_the_others(kiebitz):
    tracker = make_tracker("what_should_i_do", "en", entities=[{"entity": "advice_group", "value": "scams"}])
    messages, _ = run_action(ActionAdviseNextSteps(), tracker)
    said = texts(messages)
    assert [text.split(":")[0] for text in said.split("\n")] == [
        "Email address", "Postal address", "Name", "We are still checking phone number. To be safe"]
    assert payloads(messages) == [group_payload("login"), group_payload("money"), group_payload("health"),
                                  "/request_human"]
    # a group that does not apply to this notice gives the first answer again
    tracker = make_tracker("what_should_i_do", "en", entities=[{"entity": "advice_group", "value": "identity"}])
    messages, _ = run_action(ActionAdviseNextSteps(), tracker)
    assert "Set a new password" in texts(messages)


def test_next_steps_follow_urgency_for_the_notice_categories(kiebitz):
    messages, _ = run_action(ActionAdviseNextSteps(), make_tracker("what_should_i_do", "en", entities=MORE))
    said = "\n\n".join(message["text"] for message in messages)
    assert numbered_categories(said) == [
        "Password", "Payment card", "Email address", "Health data", "Postal address", "Name"]
    assert "We are still checking phone number. To be safe:" in said
    assert payloads(messages)[-1] == "/request_human"


def test_next_steps_in_german_for_the_shipped_incident(nordlicht):
    messages, _ = run_action(ActionAdviseNextSteps(), make_tracker("what_should_i_do", "de", entities=MORE))
    said = "\n\n".join(message["text"] for message in messages)
    assert numbered_categories(said)[0] == "Bankkonto (IBAN)"
    assert "8 Wochen" in said and "13 Monate" in said  # SEPA refund periods


def test_next_steps_after_a_notice_code_cover_that_customers_data(kiebitz):
    tracker = make_tracker("what_should_i_do", "en", slots={"affected_categories": ["name", "health"]},
                           entities=MORE)
    messages, _ = run_action(ActionAdviseNextSteps(), tracker)
    said = "\n\n".join(message["text"] for message in messages)
    assert numbered_categories(said) == ["Health data", "Name"]


@pytest.mark.parametrize("incident, expected", [
    ("kiebitz", "Your password was involved."),
    ("nordlicht", "Your password was not involved."),
])
def test_password_answer_depends_on_the_notice(request, incident, expected):
    request.getfixturevalue(incident)
    messages, _ = run_action(ActionAdvisePassword(), make_tracker("change_password", "en"))
    said = texts(messages)
    assert expected in said
    assert "two-step login" in said


def test_payment_answer_separates_card_and_bank_account(nordlicht):
    messages, _ = run_action(ActionAdvisePayment(), make_tracker("payment_card_safety", "en"))
    assert texts(messages) == "Your payment card was not involved. Your bank account (IBAN) was involved."
    assert payloads(messages)[0] == '/payment_card_safety{"detail":"more"}'
    assert messages[0]["buttons"][0]["title"] == "What can I do?"
    messages, _ = run_action(ActionAdvisePayment(), make_tracker("payment_card_safety", "en", entities=MORE))
    said = texts(messages)
    assert "Your payment card was not involved. No card numbers were in the files." in said
    assert "Your bank account (IBAN) was involved." in said
    assert "8 weeks" in said
