"""What the customer should do: per involved data category, most urgent first."""
from __future__ import annotations

import pytest

from actions.advice import ActionAdviseNextSteps, ActionAdvisePassword, ActionAdvisePayment
from tests.unit.conftest import make_tracker, payloads, run_action, texts


def numbered_categories(said: str) -> list:
    """The category labels of the numbered advice lines, in order."""
    return [line.split(". ", 1)[1].split(":")[0] for line in said.split("\n\n")
            if line[:1].isdigit() and ". " in line]


def test_next_steps_follow_urgency_for_the_notice_categories(kiebitz):
    messages, _ = run_action(ActionAdviseNextSteps(), make_tracker("what_should_i_do", "en"))
    said = "\n\n".join(message["text"] for message in messages)
    assert numbered_categories(said) == [
        "Password", "Payment card", "Email address", "Health data", "Postal address", "Name"]
    assert "We are still checking phone number. To be safe:" in said
    assert payloads(messages)[-1] == "/request_human"


def test_next_steps_in_german_for_the_shipped_incident(nordlicht):
    messages, _ = run_action(ActionAdviseNextSteps(), make_tracker("what_should_i_do", "de"))
    said = "\n\n".join(message["text"] for message in messages)
    assert numbered_categories(said)[0] == "Bankkonto (IBAN)"
    assert "8 Wochen" in said and "13 Monate" in said  # SEPA refund periods


def test_next_steps_after_a_notice_code_cover_that_customers_data(kiebitz):
    tracker = make_tracker("what_should_i_do", "en", slots={"affected_categories": ["name", "health"]})
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
    said = texts(messages)
    assert "Your payment card was not involved." in said
    assert "Your bank account (IBAN) was involved." in said
    assert "8 weeks" in said
