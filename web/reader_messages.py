"""What a person asking a question is told when the assistant cannot answer, and what is logged instead.

An analyst in the chat or the widget can only wait or tell someone; the operator needs the store's
path, the Chroma server's address and the command that fixes it. So readers get a sentence that says
what they can do, and the exception's own text (written for operators) goes to the log and to the API's
``error`` field, which scripts and monitors read (issue 25, point 8).
"""

from __future__ import annotations

import logging

from otsqa.errors import StoreError, StoreNotFoundError, StoreUnavailableError

log = logging.getLogger(__name__)

UNREACHABLE = "The assistant cannot reach its collection of articles right now. Please try again in a few minutes."
EMPTY = (
    "The assistant has no articles to answer from at the moment (the collection may be loading or being rebuilt). "
    "Please try again in a few minutes; if it stays like this, tell the people who run the assistant."
)
BROKEN = "The assistant's collection needs attention from the people who run it. Please try again later."


def for_readers(exc: StoreError) -> str:
    """The sentence for a person; the operator's text is logged."""
    log.warning("not answering: %s", exc)
    if isinstance(exc, StoreUnavailableError):
        return UNREACHABLE
    if isinstance(exc, StoreNotFoundError):
        return EMPTY
    return BROKEN
