"""Schemas of the content that communications teams edit: incident notices, advice, phrases.

The incident notice carries what a notice to customers must say under GDPR Art. 34(2), which requires
clear and plain language and the items of Art. 33(3)(b)-(d) (contact point, likely consequences,
measures taken or proposed), arranged under the headings of the California model notice (Civil Code
1798.82(d)(1)): What Happened, What Information Was Involved, What We Are Doing, What You Can Do, For
More Information. See ``docs/incident-notice.md`` for the file format.

Every free text exists in English and German (``LocalizedText``). Facts that are not known yet are
written as the literal ``unknown``; the bot then says so instead of guessing.
"""
from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Dict, List, Literal, Optional, Union

import contract
from actions.content.fill import fill

try:  # the front door (pydantic 2) validates notices with this same schema through pydantic.v1
    from pydantic.v1 import BaseModel, Extra, Field, HttpUrl, root_validator, validator
except ImportError:  # the bot's environment: pydantic 1.10, as Rasa 3.6 pins it
    from pydantic import BaseModel, Extra, Field, HttpUrl, root_validator, validator

LANGUAGES = contract.languages()
UNKNOWN = "unknown"

# Data categories the bot has advice for (REFERENCE.md, "Advice per data category").
CATEGORY_IDS = (
    "password",
    "payment_card",
    "bank_account",
    "national_id",
    "tax_id",
    "health",
    "phone",
    "email",
    "date_of_birth",
    "postal_address",
    "name",
    "contract",
)


class Strict(BaseModel):
    """Base for every content model: unknown fields are errors, so typos in field names show."""

    class Config:
        extra = Extra.forbid
        allow_mutation = False


class LocalizedText(Strict):
    """One text in every supported language: ``{"en": str, "de": str}``, neither empty."""

    en: str
    de: str

    @validator("en", "de")
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value.strip()

    def get(self, language: str) -> str:
        """Return the text in ``language`` ('en' or 'de'); other values give English."""
        return self.de if language == "de" else self.en


Unknown = Literal["unknown"]
MaybeText = Union[LocalizedText, Unknown]
MaybeDate = Union[dt.date, Unknown]


class WhatHappened(Strict):
    """"What Happened" (Cal. Civ. Code 1798.82(d)(1)(A)); Art. 34(2) plain description."""

    summary: LocalizedText
    cause: MaybeText
    supplier: MaybeText


class When(Strict):
    """Dates of the breach (Cal. Civ. Code 1798.82(d)(1)(B); HIPAA 45 CFR 164.404(c)(1)(A))."""

    started: MaybeDate
    ended: MaybeDate
    discovered: MaybeDate
    customers_notified: MaybeDate
    delay_reason: Optional[LocalizedText] = None

    @root_validator(skip_on_failure=True)
    def _in_order(cls, values: dict) -> dict:
        known = [(name, values[name]) for name in ("started", "discovered", "customers_notified")
                 if isinstance(values.get(name), dt.date)]
        for (first, a), (second, b) in zip(known, known[1:]):
            if a > b:
                raise ValueError(f"{first} ({a}) is after {second} ({b})")
        started, ended = values.get("started"), values.get("ended")
        if isinstance(started, dt.date) and isinstance(ended, dt.date) and ended < started:
            raise ValueError(f"ended ({ended}) is before started ({started})")
        return values


class WhoIsAffected(Strict):
    """Who is affected and how one customer can find out."""

    summary: LocalizedText
    how_to_check: LocalizedText


class CategoryStatus(str, Enum):
    """Whether a data category was part of the breach."""

    involved = "involved"
    not_involved = "not_involved"
    under_investigation = "under_investigation"


class DataCategory(Strict):
    """"What Information Was Involved" for one data category (GDPR Art. 33(3)(a))."""

    status: CategoryStatus
    encrypted: Union[bool, Unknown]
    detail: LocalizedText


class WhatWeAreDoing(Strict):
    """"What We Are Doing": measures taken or proposed (GDPR Art. 33(3)(d))."""

    containment: LocalizedText
    investigation: MaybeText
    authorities: LocalizedText


class SupportOffer(Strict):
    """A free protection service, e.g. identity monitoring (Cal. Civ. Code 1798.82(d)(2)(G))."""

    description: LocalizedText
    how_to_enrol: LocalizedText
    enrol_by: dt.date


class DataPurpose(Strict):
    """Why the company held one data category, and for how long (GDPR Art. 13(1)(c), 13(2)(a))."""

    purpose: LocalizedText
    retention: LocalizedText


class DataProtectionOfficer(Strict):
    """The contact point of GDPR Art. 33(3)(b)."""

    name: str
    email: str
    address: LocalizedText

    @validator("email")
    def _looks_like_email(cls, value: str) -> str:
        if not re.fullmatch(r"[^@\s]+@[^@\s]+\.[A-Za-z]{2,}", value):
            raise ValueError("is not an email address")
        return value


WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


class OpeningHours(Strict):
    """Machine-readable hotline hours, e.g. for the front door's "no agent available" message."""

    timezone: str
    days: List[Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]]
    open: dt.time
    close: dt.time

    @validator("timezone")
    def _known_timezone(cls, value: str) -> str:
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r}") from None
        return value

    @root_validator(skip_on_failure=True)
    def _open_before_close(cls, values: dict) -> dict:
        if values["open"] >= values["close"]:
            raise ValueError("open must be before close")
        return values


class Hotline(Strict):
    """The phone line customers can call."""

    phone: str
    hours: LocalizedText
    opening_hours: OpeningHours


class SupervisoryAuthority(Strict):
    """The authority a customer can complain to (GDPR Art. 77)."""

    name: LocalizedText
    how_to_complain: LocalizedText
    url: HttpUrl


class Contacts(Strict):
    """"For More Information" (Cal. Civ. Code 1798.82(d)(1)(E))."""

    dpo: DataProtectionOfficer
    hotline: Hotline
    supervisory_authority: SupervisoryAuthority
    notice_url: HttpUrl


class HowWeContact(Strict):
    """How the company will contact customers, and what it will never ask for (anti-phishing)."""

    will: LocalizedText
    never: LocalizedText


class Incident(Strict):
    """One incident notice, as stored in ``data/incidents/<id>.yml``."""

    id: str = Field(regex=r"^[a-z0-9][a-z0-9-]*$")
    company: str
    last_updated: dt.date
    headline: LocalizedText
    what_happened: WhatHappened
    when: When
    who_is_affected: WhoIsAffected
    data_categories: Dict[str, DataCategory]
    consequences: LocalizedText
    what_we_are_doing: WhatWeAreDoing
    what_you_can_do: LocalizedText
    support_offer: Optional[SupportOffer] = None
    data_purposes: Dict[str, DataPurpose]
    contacts: Contacts
    how_we_contact: HowWeContact

    @validator("data_categories", "data_purposes")
    def _known_categories(cls, value: dict) -> dict:
        unknown = sorted(set(value) - set(CATEGORY_IDS))
        if unknown:
            raise ValueError(f"unknown data categories {unknown}; known: {list(CATEGORY_IDS)}")
        return value

    @validator("data_purposes")
    def _purpose_for_each_held_category(cls, value: dict, values: dict) -> dict:
        categories = values.get("data_categories") or {}
        held = {key for key, cat in categories.items() if cat.status is not CategoryStatus.not_involved}
        missing = sorted(held - set(value))
        if missing:
            raise ValueError(f"lacks an entry for {missing}, which the notice marks involved "
                             "or under investigation")
        return value

    def categories_with(self, status: CategoryStatus) -> List[str]:
        """Return the ids of the data categories with ``status``, in file order."""
        return [key for key, cat in self.data_categories.items() if cat.status is status]


class Advice(Strict):
    """What a customer can do when one data category leaked (EDPB Guidelines 9/2022: actionable).
    ``group`` names the advice group whose button shows it (``AdviceCatalogue.groups``)."""

    urgency: int = Field(ge=1)
    group: str
    label: LocalizedText
    advice: LocalizedText


class AdviceGroup(Strict):
    """Categories whose advice is alike, offered behind one button ("Bank and cards")."""

    label: LocalizedText


class AdviceCatalogue(Strict):
    """``data/advice/categories.yml``: advice for every data category, and the groups that keep the
    first answer to "what should I do?" short (one button per group instead of one text each)."""

    groups: Dict[str, AdviceGroup]
    categories: Dict[str, Advice]

    @validator("categories")
    def _known_groups(cls, value: Dict[str, Advice], values: dict) -> Dict[str, Advice]:
        unknown = sorted({advice.group for advice in value.values()} - set(values.get("groups") or {}))
        if unknown:
            raise ValueError(f"unknown groups {unknown}; known: {sorted(values.get('groups') or {})}")
        return value

    @validator("categories")
    def _complete(cls, value: Dict[str, Advice]) -> Dict[str, Advice]:
        missing = sorted(set(CATEGORY_IDS) - set(value))
        extra = sorted(set(value) - set(CATEGORY_IDS))
        if missing or extra:
            raise ValueError(f"missing categories {missing}, unknown categories {extra}")
        return value

    def by_urgency(self, category_ids: List[str]) -> List[str]:
        """Return ``category_ids`` sorted most urgent first (ties keep their order)."""
        return sorted(category_ids, key=lambda key: self.categories[key].urgency)

    def groups_of(self, category_ids: List[str]) -> List[str]:
        """The groups of ``category_ids``, the group of the most urgent category first."""
        return list(dict.fromkeys(self.categories[key].group for key in self.by_urgency(category_ids)))


class Phrases(Strict):
    """``data/content/phrases.yml``: the sentence frames the actions fill with incident facts.

    ``phrases`` maps a phrase id to a text that may hold ``{placeholders}``; ``topics`` maps an intent
    to the button label used when the bot asks which topic the customer meant; ``follow_ups`` maps a
    topic to the next likely questions, offered as buttons under its first answer.
    """

    phrases: Dict[str, LocalizedText]
    topics: Dict[str, LocalizedText]
    follow_ups: Dict[str, List[str]] = {}

    @validator("follow_ups")
    def _labelled(cls, value: Dict[str, List[str]], values: dict) -> Dict[str, List[str]]:
        unknown = sorted({topic for topics in value.values() for topic in topics} - set(values.get("topics") or {}))
        if unknown:
            raise ValueError(f"topics without a label in topics: {unknown}")
        return value

    def say(self, phrase_id: str, language: str, **values: str) -> str:
        """Return phrase ``phrase_id`` in ``language`` with ``values`` filled in.

        Raises:
            KeyError: the phrase or one of its placeholders is missing.
            ValueError: a placeholder that is not a plain ``{name}`` (``actions.content.fill``).
        """
        return fill(self.phrases[phrase_id].get(language), **values)


class FrontDoorPhrases(Strict):
    """``data/content/frontdoor.yml``: what the front door says itself (queue, errors, callbacks)."""

    phrases: Dict[str, LocalizedText]
