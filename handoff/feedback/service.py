"""Satisfaction ratings: after a person handed the chat back to the assistant or closed it, the
customer rates that stretch 1-5 and may add a comment (two taps: the score is stored at once, the
comment changes the same row). The comment is redacted like any customer text; nothing of it is
logged or sent to Rasa.

Answer ratings: "Was this helpful?" yes/no under each answer of the bot (the review inbox lists the
customer message before an unhelpful one).
"""
from __future__ import annotations

from typing import Any, Optional

from sqlalchemy import select

from handoff.conversation import service as conversations
from handoff.conversation.models import Message, Transition
from handoff.conversation.states import State
from handoff.db import utcnow
from handoff.deps import Deps
from handoff.feedback.models import AnswerRating, SatisfactionRating
from handoff.intake.limits import InputRejected, check_text

MAX_COMMENT_CHARS = 1000
SCORES = range(1, 6)


class NothingToRate(Exception):
    """No person handed the conversation back or closed it, so there is nothing to rate."""


async def rated_stretch(session, *, conversation_id: str) -> Optional[Transition]:
    """The latest end of a stretch with a person (agent -> bot or agent -> resolved), or None."""
    return (await session.execute(
        select(Transition).where(Transition.conversation_id == conversation_id,
                                 Transition.from_state == State.agent.value,
                                 Transition.to_state.in_((State.bot.value, State.resolved.value)))
        .order_by(Transition.id.desc()).limit(1))).scalar_one_or_none()


async def awaiting_rating(session, *, conversation_id: str) -> bool:
    """True when the latest stretch with a person ended and the customer has not rated it."""
    stretch = await rated_stretch(session, conversation_id=conversation_id)
    if stretch is None:
        return False
    return await session.scalar(select(SatisfactionRating.id).where(
        SatisfactionRating.conversation_id == conversation_id,
        SatisfactionRating.transition_id == stretch.id)) is None


async def rate(deps: Deps, *, conversation_id: str, score: Any, comment: Any = None) -> SatisfactionRating:
    """Store (or change) the rating of the conversation's latest stretch with a person.

    Args:
        score: an integer 1 (bad) to 5 (very good).
        comment: optional text (at most 1000 characters); redacted before it is stored. None keeps
            an earlier comment.

    Raises:
        InputRejected: the score is not 1-5, or the comment is unreadable or too long.
        NothingToRate: no person handed this conversation back or closed it.
        conversation.service.NotFound: no such conversation.
    """
    if not isinstance(score, int) or isinstance(score, bool) or score not in SCORES:
        raise InputRejected("error_unreadable")
    if comment is not None and not (isinstance(comment, str) and not comment.strip()):
        comment = check_text(comment, max_chars=MAX_COMMENT_CHARS)
    else:
        comment = None
    async with deps.transaction() as session:
        conversation = await conversations.get(session, conversation_id=conversation_id)
        stretch = await rated_stretch(session, conversation_id=conversation_id)
        if stretch is None:
            raise NothingToRate(conversation_id)
        rating = (await session.execute(select(SatisfactionRating).where(
            SatisfactionRating.conversation_id == conversation_id,
            SatisfactionRating.transition_id == stretch.id))).scalar_one_or_none()
        if rating is None:
            rating = SatisfactionRating(
                conversation_id=conversation_id, transition_id=stretch.id, language=conversation.language,
                handoff_reason=conversation.handoff_reason,
                agent_id=int(stretch.actor.split(":", 1)[1]) if stretch.actor.startswith("agent:") else None)
            session.add(rating)
        rating.score = score
        rating.updated_at = utcnow()
        if comment is not None:
            rating.comment = deps.redactor.redact(comment, conversation.language).text
    return rating


class NoSuchAnswer(Exception):
    """The conversation has no answer of the bot with that number."""


async def rate_answer(deps: Deps, *, conversation_id: str, seq: Any, helpful: Any) -> AnswerRating:
    """Store (or change) the customer's "Was this helpful?" on the bot's answer number ``seq`` (the
    ``id`` the widget got with it): ``helpful`` True (yes) or False (no).

    Raises:
        InputRejected: ``seq`` is not a positive integer or ``helpful`` not a boolean.
        NoSuchAnswer: the conversation has no bot message with that number.
        conversation.service.NotFound: no such conversation.
    """
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1 or not isinstance(helpful, bool):
        raise InputRejected("error_unreadable")
    async with deps.transaction() as session:
        conversation = await conversations.get(session, conversation_id=conversation_id)
        message_id = await session.scalar(select(Message.id).where(
            Message.conversation_id == conversation_id, Message.seq == seq, Message.sender == "bot"))
        if message_id is None:
            raise NoSuchAnswer(seq)
        rating = (await session.execute(select(AnswerRating).where(
            AnswerRating.message_id == message_id))).scalar_one_or_none()
        if rating is None:
            rating = AnswerRating(conversation_id=conversation_id, message_id=message_id,
                                  language=conversation.language, helpful=helpful)
            session.add(rating)
        rating.helpful = helpful
    return rating
