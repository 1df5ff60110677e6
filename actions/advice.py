"""Actions that tell the customer what to do, from the data categories the notice marks involved."""
from __future__ import annotations

from typing import Any, Dict, List, Optional, Text, Tuple

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.common import (
    GROUP_ENTITY,
    ContentAction,
    button,
    category_labels,
    content,
    in_sentence,
    latest_entity,
    payload,
    person_button,
    sentences,
)
from actions.content.models import CategoryStatus

Events = List[Dict[Text, Any]]

_STATUS_PHRASE = {
    CategoryStatus.involved: "category_involved",
    CategoryStatus.not_involved: "category_not_involved",
    CategoryStatus.under_investigation: "category_under_investigation",
}


class ActionAdviseNextSteps(ContentAction):
    """"What You Can Do": first the general advice with one button per advice group of the involved
    categories; a group's button gives the advice of its categories, most urgent first; "More
    detail" gives the whole list.

    Categories under investigation follow as precautions. The order comes from ``urgency`` in
    ``data/advice/categories.yml``. After a matching notice code (slot ``affected_categories``), the
    advice covers that customer's categories instead of every involved one.
    """

    def name(self) -> Text:
        return "action_advise_next_steps"

    def categories(self, tracker: Tracker) -> Tuple[List[str], List[str]]:
        """``(involved, pending)`` category ids, most urgent first."""
        incident, advice = self.incident(), content().advice
        own = [key for key in tracker.get_slot("affected_categories") or [] if key in advice.categories]
        involved = advice.by_urgency(own or incident.categories_with(CategoryStatus.involved))
        pending = [key for key in advice.by_urgency(incident.categories_with(CategoryStatus.under_investigation))
                   if key not in involved]
        return involved, pending

    @staticmethod
    def group_buttons(groups: List[str], language: str) -> List[Dict[str, str]]:
        """One button per advice group, in the order of ``groups``."""
        labels = content().advice.groups
        return [button(labels[group].label.get(language), payload("what_should_i_do", **{GROUP_ENTITY: group}))
                for group in groups]

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> Events:
        involved, pending = self.categories(tracker)
        groups = content().advice.groups_of(involved + pending)
        chosen = latest_entity(tracker, GROUP_ENTITY)
        if chosen in groups:
            return self.group_answer(dispatcher, language, chosen, involved, pending, groups)
        dispatcher.utter_message(
            text=sentences(self.incident().what_you_can_do.get(language),
                           self.say("advice_pick_group", language) if groups else None),
            buttons=self.group_buttons(groups, language) + [self.more_button(language), person_button(language)])
        return []

    def group_answer(self, dispatcher: CollectingDispatcher, language: str, group: str, involved: List[str],
                     pending: List[str], groups: List[str]) -> Events:
        """The advice of the categories of ``group``; the other groups stay offered."""
        advice, labels = content().advice, category_labels(language)
        texts = [f"{labels[key]}: {advice.categories[key].advice.get(language)}"
                 for key in involved if advice.categories[key].group == group]
        texts += [sentences(self.say("advice_precaution", language, category=in_sentence(labels[key], language)),
                            advice.categories[key].advice.get(language))
                  for key in pending if advice.categories[key].group == group]
        for text in texts[:-1]:
            dispatcher.utter_message(text=text)
        others = [other for other in groups if other != group]
        dispatcher.utter_message(text=texts[-1],
                                 buttons=self.group_buttons(others, language) + [person_button(language)])
        return []

    def more(self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> Events:
        advice, labels = content().advice, category_labels(language)
        involved, pending = self.categories(tracker)
        if involved:
            lines = [self.say("advice_intro", language)]
            lines += [f"{number}. {labels[key]}: {advice.categories[key].advice.get(language)}"
                      for number, key in enumerate(involved, start=1)]
            dispatcher.utter_message(text="\n\n".join(lines))
        for key in pending:
            dispatcher.utter_message(text=sentences(
                self.say("advice_precaution", language, category=in_sentence(labels[key], language)),
                advice.categories[key].advice.get(language)))
        dispatcher.utter_message(text=self.incident().how_we_contact.never.get(language),
                                 buttons=[person_button(language)])
        return []


class CategoryAdviceAction(ContentAction):
    """Answers about specific data categories: first whether each was involved; "More detail" (or
    "What can I do?" when one was) gives the notice's detail and the advice."""

    categories: tuple = ()

    def present(self) -> List[str]:
        """The action's categories that the notice mentions (about others we say nothing we cannot
        back up)."""
        return [key for key in self.categories if key in self.incident().data_categories]

    def status(self, key: str, language: str) -> str:
        """"Your payment card was not involved." for category ``key``."""
        category = self.incident().data_categories[key]
        return self.say(_STATUS_PHRASE[category.status], language,
                        category=in_sentence(category_labels(language)[key], language))

    def tip(self, language: str) -> Optional[str]:
        """A short tip that ends the first answer, or None."""
        return None

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> Events:
        keys = self.present()
        actionable = any(self.incident().data_categories[key].status is not CategoryStatus.not_involved
                         for key in keys)
        more = self.more_button(language, "button_what_to_do" if actionable else "button_more_detail")
        dispatcher.utter_message(
            text=sentences(*(self.status(key, language) for key in keys), self.tip(language)),
            buttons=[more] + self.next_buttons(language) + [person_button(language)])
        return []

    def more(self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> Events:
        incident, advice = self.incident(), content().advice
        for key in self.present():
            category = incident.data_categories[key]
            text = sentences(self.status(key, language), category.detail.get(language))
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

    def tip(self, language: str) -> Optional[str]:
        return self.say("general_password_tip", language)

    def closing(self, dispatcher: CollectingDispatcher, language: str) -> None:
        dispatcher.utter_message(text=self.say("general_password_tip", language),
                                 buttons=[person_button(language)])


class ActionAdvisePayment(CategoryAdviceAction):
    """Card, bank account, IBAN and direct debit questions."""

    categories = ("payment_card", "bank_account")

    def name(self) -> Text:
        return "action_advise_payment"
