"""What a person asking a question is told when the assistant cannot answer, and what is logged instead.

An analyst in the chat or the widget can only wait or tell someone; the operator needs the store's
path, the Chroma server's address and the command that fixes it. So readers get a sentence that says
what they can do, in their language (otsqa/messages.json), and the exception's own text (written for
operators) goes to the log and to the API's ``error`` field, which scripts and monitors read in English
(issue 25, point 8; issue 24).
"""

from __future__ import annotations

import logging

from assistant.answer import MAX_QUESTION_CHARS, check_question
from otsqa.errors import QuestionError, StoreError, StoreNotFoundError, StoreUnavailableError
from otsqa.messages import say

log = logging.getLogger(__name__)

# The English sentences, as they always were (scripts and tests read them).
UNREACHABLE = say("store_unreachable")
EMPTY = say("store_empty")
BROKEN = say("store_broken")


def for_readers(exc: StoreError, language: str = "en") -> str:
    """The sentence for a person, in ``language``; the operator's text is logged."""
    log.warning("not answering: %s", exc)
    if isinstance(exc, StoreUnavailableError):
        return say("store_unreachable", language)
    if isinstance(exc, StoreNotFoundError):
        return say("store_empty", language)
    return say("store_broken", language)


def question_refusal(question: object, language: str = "en") -> str | None:
    """None when ``question`` may be asked, else what is wrong with it in ``language``: empty, too long,
    not plain text. The check is assistant.answer's; only its words are chosen here (its own text stays
    the API's English ``error``)."""
    try:
        check_question(question)
    except QuestionError as exc:
        if not isinstance(question, str):
            return str(exc)  # not text at all: a script's mistake, never a reader's
        if not question.strip():
            return say("question_empty", language)
        if len(question) > MAX_QUESTION_CHARS:
            return say("question_too_long", language).format(n=len(question), limit=MAX_QUESTION_CHARS)
        try:
            question.encode("utf-8")
        except UnicodeEncodeError:
            return say("question_encoding", language)
        return say("question_control", language)
    return None
