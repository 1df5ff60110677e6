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
    text_or,
)
from actions.content.models import CategoryStatus

Events = List[Dict[Text, Any]]


class ActionTellWhatHappened(ContentAction):
    """"What Happened": summary, cause and supplier; says plainly what is not known yet."""

    def name(self) -> Text:
        return "action_tell_what_happened"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> Events:
        incident = self.incident()
        happened = incident.what_happened
        dispatcher.utter_message(text=incident.headline.get(language) + "\n\n" + happened.summary.get(language))
        details = [
            text_or(happened.cause, language) or self.say("cause_unknown", language),
            text_or(happened.supplier, language) or self.say("supplier_unknown", language),
            self.say("last_updated", language, date=long_date(incident.last_updated, language)),
        ]
        buttons = []
        if is_unknown(happened.cause) or is_unknown(happened.supplier):
            details.append(self.say("unknown_offer_person", language))
            buttons.append(person_button(language))
        dispatcher.utter_message(text=" ".join(details), buttons=buttons)
        return []


class ActionTellWhen(ContentAction):
    """The dates: started, ended, discovered, customers told; why telling took that long."""

    def name(self) -> Text:
        return "action_tell_when"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> Events:
        when = self.incident().when
        sentences = []
        for field, phrase in (
            ("started", "when_started"),
            ("ended", "when_ended"),
            ("discovered", "when_discovered"),
            ("customers_notified", "when_notified"),
        ):
            value = getattr(when, field)
            if is_unknown(value):
                sentences.append(self.say(f"{phrase}_unknown", language))
            else:
                sentences.append(self.say(phrase, language, date=long_date(value, language)))
        if when.delay_reason is not None:
            sentences.append(when.delay_reason.get(language))
        buttons = []
        if any(is_unknown(getattr(when, field))
               for field in ("started", "ended", "discovered", "customers_notified")):
            sentences.append(self.say("unknown_offer_person", language))
            buttons.append(person_button(language))
        dispatcher.utter_message(text=" ".join(sentences), buttons=buttons)
        return []


class ActionTellDataInvolved(ContentAction):
    """"What Information Was Involved": involved categories with detail, then what was not."""

    def name(self) -> Text:
        return "action_tell_data_involved"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> Events:
        incident = self.incident()
        labels = category_labels(language)
        involved = incident.categories_with(CategoryStatus.involved)
        lines = [self.say("data_involved", language)]
        for key in involved:
            category = incident.data_categories[key]
            line = f"• {labels[key]}: {category.detail.get(language)}"
            if category.encrypted is True:
                line += " " + self.say("data_encrypted", language)
            lines.append(line)
        dispatcher.utter_message(text="\n".join(lines))

        not_involved = incident.categories_with(CategoryStatus.not_involved)
        if not_involved:
            dispatcher.utter_message(
                text=self.say("data_not_involved", language,
                              categories=join_labels(not_involved, language))
            )
        pending = incident.categories_with(CategoryStatus.under_investigation)
        if pending:
            dispatcher.utter_message(
                text=self.say("data_under_investigation", language,
                              categories=join_labels(pending, language))
                + " " + self.say("unknown_offer_person", language),
                buttons=[person_button(language)],
            )
        return []


class ActionTellWhatWeDo(ContentAction):
    """"What We Are Doing": containment, investigation, authorities informed."""

    def name(self) -> Text:
        return "action_tell_what_we_do"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> Events:
        doing = self.incident().what_we_are_doing
        dispatcher.utter_message(text=doing.containment.get(language))
        investigation = text_or(doing.investigation, language)
        if investigation is None:
            dispatcher.utter_message(
                text=self.say("cause_unknown", language) + " "
                + self.say("unknown_offer_person", language),
                buttons=[person_button(language)],
            )
        else:
            dispatcher.utter_message(text=investigation)
        dispatcher.utter_message(text=doing.authorities.get(language))
        return []


class ActionTellWhyWeHadData(ContentAction):
    """Why the company held each kind of data that was (possibly) involved, and for how long."""

    def name(self) -> Text:
        return "action_tell_why_we_had_data"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> Events:
        incident = self.incident()
        labels = category_labels(language)
        # Only the categories that were (possibly) involved: that is what the customer asks about.
        held = [key for key in incident.data_purposes
                if key in incident.data_categories
                and incident.data_categories[key].status is not CategoryStatus.not_involved]
        lines = [
            "• " + self.say(
                "purpose_line", language, category=labels[key],
                purpose=incident.data_purposes[key].purpose.get(language),
                retention=incident.data_purposes[key].retention.get(language),
            )
            for key in held
        ]
        dispatcher.utter_message(text="\n".join(lines))
        return []


class ActionTellContacts(ContentAction):
    """"For More Information": data protection officer, hotline, supervisory authority."""

    def name(self) -> Text:
        return "action_tell_contacts"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> Events:
        contacts = self.incident().contacts
        dpo, hotline, authority = contacts.dpo, contacts.hotline, contacts.supervisory_authority
        dispatcher.utter_message(text=self.say(
            "contacts_dpo", language, name=dpo.name, email=dpo.email, address=dpo.address.get(language)
        ))
        dispatcher.utter_message(text=self.say(
            "contacts_hotline", language, phone=hotline.phone, hours=hotline.hours.get(language)
        ))
        dispatcher.utter_message(text=self.say(
            "contacts_authority", language, authority=authority.name.get(language),
            how=authority.how_to_complain.get(language), url=str(authority.url),
        ))
        dispatcher.utter_message(
            text=self.say("contacts_notice", language, url=str(contacts.notice_url)),
            buttons=[person_button(language)],
        )
        return []


class ActionExplainOfficialContact(ContentAction):
    """For "is this email from you?": how the company will and will never contact customers."""

    def name(self) -> Text:
        return "action_explain_official_contact"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> Events:
        incident = self.incident()
        dispatcher.utter_message(text=incident.how_we_contact.will.get(language))
        dispatcher.utter_message(text=incident.how_we_contact.never.get(language))
        dispatcher.utter_message(
            text=self.say("phishing_tips", language, phone=incident.contacts.hotline.phone),
            buttons=[
                contract.button("report_fraud", language),
                contract.button("what_should_i_do", language),
            ],
        )
        return []


class ActionTellSupportOffer(ContentAction):
    """The free protection service, if the notice offers one, with its deadline."""

    def name(self) -> Text:
        return "action_tell_support_offer"

    def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, language: str) -> Events:
        offer = self.incident().support_offer
        if offer is None:
            dispatcher.utter_message(
                text=self.say("no_support_offer", language), buttons=[person_button(language)]
            )
            return []
        dispatcher.utter_message(text=offer.description.get(language))
        dispatcher.utter_message(
            text=offer.how_to_enrol.get(language) + " "
            + self.say("support_offer_deadline", language, date=long_date(offer.enrol_by, language))
        )
        return []
