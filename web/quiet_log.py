"""One line in the log for a client's mistake that surfaces inside a stream, not 15 KB of traceback.

Gradio answers a poll for an unknown or finished session (`/gradio_api/queue/data?session_hash=...`)
by raising a 404 *inside* its event stream, after the response has started: the app's error handler
then logs it as unexpected, and uvicorn logs the failed hand-over again, each with a full traceback.
Anyone could fill the log that way, one request at a time. The filter keeps the record but makes it
one line when the exception (or one it came from) is a 4xx; a real fault keeps its traceback.
"""

from __future__ import annotations

import logging

from starlette.exceptions import HTTPException

LOGGERS = {"web.api": False, "uvicorn.error": True}  # logger: drop such records


class ClientErrorsInOneLine(logging.Filter):
    """``drop``: leave such a record out (uvicorn's second report of what the app already logged)."""

    def __init__(self, drop: bool = False):
        super().__init__()
        self.drop = drop

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and (refusal := client_error(record.exc_info[1])) is not None:
            if self.drop:
                return False
            record.msg, record.args = (
                "%s (a client's request refused inside a stream: %s %s)",
                (
                    record.getMessage(),
                    refusal.status_code,
                    refusal.detail,
                ),
            )
            record.exc_info, record.exc_text = None, None
        return True


def client_error(exc: BaseException | None) -> HTTPException | None:
    """The 4xx HTTPException in ``exc``'s chain of causes and contexts, if any."""
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, HTTPException) and 400 <= exc.status_code < 500:
            return exc
        inner = getattr(exc, "exceptions", None)  # an exception group from a task group
        if inner:
            found = [e for e in (client_error(x) for x in inner) if e is not None]
            if found:
                return found[0]
        exc = exc.__cause__ or exc.__context__
    return None


def install() -> None:
    for name, drop in LOGGERS.items():
        logger = logging.getLogger(name)
        if not any(isinstance(f, ClientErrorsInOneLine) for f in logger.filters):
            logger.addFilter(ClientErrorsInOneLine(drop))
