"""Actions that tell the customer what to do, from the data categories the notice marks involved."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import ContentAction, category_labels, content, in_sentence, person_button
from actions.content.models import CategoryStatus

Events = List[Dict[Text, Any]]

_STATUS_PHRASE = {
    CategoryStatus.involved: "category_involved",
    CategoryStatus.not_involved: "category_not_involved",
    CategoryStatus.under_investigation: "category_under_investigation",
}


class ActionAdviseNextSteps(ContentAction):
    """"What You Can Do": general advice, then per involved category, most urgent first.

    Categories under investigation follow as precautions. The order comes from ``urgency`` in
    ``data/advice/categories.yml``. After a matching notice code (slot ``affected_categories``), the
    advice covers that customer's categories instead of every involved one.
    """

    def name(self) -> Text:
        return "action_advise_next_steps"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> Events:
        incident = self.incident()
        advice = content().advice
        labels = category_labels(language)
        dispatcher.utter_message(text=incident.what_you_can_do.get(language))
        own = [key for key in tracker.get_slot("affected_categories") or [] if key in advice.categories]
        involved = advice.by_urgency(own or incident.categories_with(CategoryStatus.involved))
        if involved:
            lines = [self.say("advice_intro", language)]
            lines += [f"{number}. {labels[key]}: {advice.categories[key].advice.get(language)}"
                      for number, key in enumerate(involved, start=1)]
            dispatcher.utter_message(text="\n\n".join(lines))
        pending = [key for key in incident.categories_with(CategoryStatus.under_investigation)
                   if key not in involved]
        for key in advice.by_urgency(pending):
            dispatcher.utter_message(
                text=self.say("advice_precaution", language, category=in_sentence(labels[key], language)) + " "
                + advice.categories[key].advice.get(language)
            )
        dispatcher.utter_message(text=incident.how_we_contact.never.get(language),
                                 buttons=[person_button(language)])
        return []


class CategoryAdviceAction(ContentAction):
    """Answers about specific data categories: their status in the notice and what to do."""

    categories: tuple = ()

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> Events:
        incident = self.incident()
        advice = content().advice
        labels = category_labels(language)
        for key in self.categories:
            category = incident.data_categories.get(key)
            if category is None:
                # The notice does not mention this category: say nothing we cannot back up.
                continue
            text = self.say(_STATUS_PHRASE[category.status], language,
                            category=in_sentence(labels[key], language),
                            detail=category.detail.get(language))
            if category.status is not CategoryStatus.not_involved:
                text += "\n\n" + advice.categories[key].advice.get(language)
            dispatcher.utter_message(text=text)
        self.closing(dispatcher, language)
        return []

    def closing(self, dispatcher: CollectingDispatcher, language: str) -> None:
        """Send what follows the per-category answers."""
        dispatcher.utter_message(text=self.say("anything_else", language),
                                 buttons=[person_button(language)])


class ActionAdvisePassword(CategoryAdviceAction):
    """Password questions: whether passwords were involved, then password advice."""

    categories = ("password",)

    def name(self) -> Text:
        return "action_advise_password"

    def closing(self, dispatcher: CollectingDispatcher, language: str) -> None:
        dispatcher.utter_message(text=self.say("general_password_tip", language),
                                 buttons=[person_button(language)])


class ActionAdvisePayment(CategoryAdviceAction):
    """Card, bank account, IBAN and direct debit questions."""

    categories = ("payment_card", "bank_account")

    def name(self) -> Text:
        return "action_advise_payment"
