"""Actions that answer from the incident notice, one per heading of the notice."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

import contract
from actions.common import (
    ContentAction,
    category_labels,
    is_unknown,
    join_labels,
    long_date,
    person_button,
    sentences,
    text_or,
)
from actions.content.models import CategoryStatus

Events = List[Dict[Text, Any]]


class ActionTellWhatHappened(ContentAction):
    """"What Happened": first the summary; "More detail" gives cause and supplier, and says plainly
    what is not known yet."""

    def name(self) -> Text:
        return "action_tell_what_happened"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> Events:
        summary = self.incident().what_happened.summary.get(language)
        dispatcher.utter_message(text=summary, buttons=[self.more_button(language)] + self.next_buttons(language))
        return []

    def more(self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> Events:
        incident = self.incident()
        happened = incident.what_happened
        unknown = is_unknown(happened.cause) or is_unknown(happened.supplier)
        dispatcher.utter_message(
            text=sentences(
                text_or(happened.cause, language) or self.say("cause_unknown", language),
                text_or(happened.supplier, language) or self.say("supplier_unknown", language),
                self.say("last_updated", language, date=long_date(incident.last_updated, language)),
                self.say("unknown_offer_person", language) if unknown else None,
            ),
            buttons=[person_button(language)] if unknown else self.next_buttons(language),
        )
        return []


class ActionTellWhen(ContentAction):
    """The dates: started, ended, discovered, customers told; "More detail" says why telling took
    that long (when the notice says)."""

    FIELDS = (("started", "when_started"), ("ended", "when_ended"), ("discovered", "when_discovered"),
              ("customers_notified", "when_notified"))

    def name(self) -> Text:
        return "action_tell_when"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> Events:
        when = self.incident().when
        dates = []
        for field, phrase in self.FIELDS:
            value = getattr(when, field)
            dates.append(self.say(f"{phrase}_unknown", language) if is_unknown(value)
                         else self.say(phrase, language, date=long_date(value, language)))
        unknown = any(is_unknown(getattr(when, field)) for field, _ in self.FIELDS)
        buttons = [self.more_button(language)] if when.delay_reason is not None else []
        buttons += [person_button(language)] if unknown else self.next_buttons(language)
        dispatcher.utter_message(
            text=sentences(*dates, self.say("unknown_offer_person", language) if unknown else None),
            buttons=buttons)
        return []

    def more(self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> Events:
        delay_reason = self.incident().when.delay_reason
        if delay_reason is None:
            return self.answer(dispatcher, tracker, language)
        dispatcher.utter_message(text=delay_reason.get(language), buttons=self.next_buttons(language))
        return []


class ActionTellDataInvolved(ContentAction):
    """"What Information Was Involved": first the involved categories by name, what was not involved
    and what is still checked; "More detail" gives the detail of each involved category."""

    def name(self) -> Text:
        return "action_tell_data_involved"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> Events:
        incident = self.incident()
        involved = incident.categories_with(CategoryStatus.involved)
        not_involved = incident.categories_with(CategoryStatus.not_involved)
        pending = incident.categories_with(CategoryStatus.under_investigation)
        dispatcher.utter_message(
            text=sentences(
                self.say("data_involved_short", language, categories=join_labels(involved, language))
                if involved else None,
                self.say("data_not_involved", language, categories=join_labels(not_involved, language))
                if not_involved else None,
                self.say("data_under_investigation", language, categories=join_labels(pending, language))
                if pending else None,
            ),
            buttons=[self.more_button(language)] + self.next_buttons(language)
            + ([person_button(language)] if pending else []),
        )
        return []

    def more(self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> Events:
        incident = self.incident()
        labels = category_labels(language)
        lines = [self.say("data_involved", language)]
        for key in incident.categories_with(CategoryStatus.involved):
            category = incident.data_categories[key]
            lines.append(f"• {labels[key]}: " + sentences(
                category.detail.get(language),
                self.say("data_encrypted", language) if category.encrypted is True else None))
        pending = incident.categories_with(CategoryStatus.under_investigation)
        if pending:
            lines.append(self.say("unknown_offer_person", language))
        dispatcher.utter_message(text="\n".join(lines),
                                 buttons=[person_button(language)] if pending else self.next_buttons(language))
        return []


class ActionTellWhatWeDo(ContentAction):
    """"What We Are Doing": first the containment; "More detail" gives the investigation and which
    authorities were told."""

    def name(self) -> Text:
        return "action_tell_what_we_do"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> Events:
        dispatcher.utter_message(text=self.incident().what_we_are_doing.containment.get(language),
                                 buttons=[self.more_button(language)] + self.next_buttons(language))
        return []

    def more(self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> Events:
        doing = self.incident().what_we_are_doing
        investigation = text_or(doing.investigation, language)
        if investigation is None:
            dispatcher.utter_message(text=self.say("cause_unknown", language))
        else:
            dispatcher.utter_message(text=investigation)
        dispatcher.utter_message(
            text=sentences(doing.authorities.get(language),
                           self.say("unknown_offer_person", language) if investigation is None else None),
            buttons=[person_button(language)] if investigation is None else self.next_buttons(language))
        return []


class ActionTellWhyWeHadData(ContentAction):
    """Why the company held each kind of data that was (possibly) involved: first which data; "More
    detail" gives the purpose and how long it is kept, per category."""

    def name(self) -> Text:
        return "action_tell_why_we_had_data"

    def held(self) -> List[str]:
        """Only the categories that were (possibly) involved: that is what the customer asks about."""
        incident = self.incident()
        return [key for key in incident.data_purposes
                if key in incident.data_categories
                and incident.data_categories[key].status is not CategoryStatus.not_involved]

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> Events:
        dispatcher.utter_message(
            text=self.say("purpose_short", language, categories=join_labels(self.held(), language)),
            buttons=[self.more_button(language)] + self.next_buttons(language))
        return []

    def more(self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> Events:
        purposes = self.incident().data_purposes
        labels = category_labels(language)
        lines = ["• " + self.say("purpose_line", language, category=labels[key],
                                 purpose=purposes[key].purpose.get(language),
                                 retention=purposes[key].retention.get(language))
                 for key in self.held()]
        dispatcher.utter_message(text="\n".join(lines), buttons=self.next_buttons(language))
        return []


class ActionTellContacts(ContentAction):
    """"For More Information": first the data protection officer, the hotline and the notice; "More
    detail" gives the supervisory authority and how to complain."""

    def name(self) -> Text:
        return "action_tell_contacts"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> Events:
        contacts = self.incident().contacts
        dpo, hotline = contacts.dpo, contacts.hotline
        dispatcher.utter_message(text=self.say(
            "contacts_dpo", language, name=dpo.name, email=dpo.email, address=dpo.address.get(language)
        ))
        dispatcher.utter_message(text=self.say(
            "contacts_hotline", language, phone=hotline.phone, hours=hotline.hours.get(language)
        ))
        dispatcher.utter_message(
            text=self.say("contacts_notice", language, url=str(contacts.notice_url)),
            buttons=[self.more_button(language), person_button(language)],
        )
        return []

    def more(self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> Events:
        authority = self.incident().contacts.supervisory_authority
        dispatcher.utter_message(
            text=self.say("contacts_authority", language, authority=authority.name.get(language),
                          how=authority.how_to_complain.get(language), url=str(authority.url)),
            buttons=[person_button(language)],
        )
        return []


class ActionExplainOfficialContact(ContentAction):
    """For "is this email from you?": first what the company will never ask; "More detail" gives
    how it does contact customers and what to do with a suspicious message."""

    def name(self) -> Text:
        return "action_explain_official_contact"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> Events:
        dispatcher.utter_message(text=self.incident().how_we_contact.never.get(language), buttons=[
            self.more_button(language),
            contract.button("report_fraud", language),
            contract.button("what_should_i_do", language),
        ])
        return []

    def more(self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> Events:
        incident = self.incident()
        dispatcher.utter_message(text=incident.how_we_contact.will.get(language))
        dispatcher.utter_message(
            text=self.say("phishing_tips", language, phone=incident.contacts.hotline.phone),
            buttons=[
                contract.button("report_fraud", language),
                contract.button("what_should_i_do", language),
            ],
        )
        return []


class ActionTellSupportOffer(ContentAction):
    """The free protection service, if the notice offers one: first what it is; "More detail" gives
    how to sign up and by when."""

    def name(self) -> Text:
        return "action_tell_support_offer"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> Events:
        offer = self.incident().support_offer
        if offer is None:
            dispatcher.utter_message(
                text=self.say("no_support_offer", language), buttons=[person_button(language)]
            )
            return []
        dispatcher.utter_message(text=offer.description.get(language),
                                 buttons=[self.more_button(language)] + self.next_buttons(language))
        return []

    def more(self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> Events:
        offer = self.incident().support_offer
        if offer is None:
            return self.answer(dispatcher, tracker, language)
        dispatcher.utter_message(
            text=sentences(offer.how_to_enrol.get(language),
                           self.say("support_offer_deadline", language, date=long_date(offer.enrol_by, language))),
            buttons=self.next_buttons(language),
        )
        return []
