"""The JSON API: health, ask (optionally filtered), ask with server-sent events, the articles, feedback. Errors are JSON
(`{"error": "..."}`) with a status code: 400 a bad question or body, 401 a missing or wrong token,
403 a refused origin, 413 a body too large, 429 too many questions, 503 nothing ingested yet, the
store (a Chroma server) unreachable, or the store damaged (the health check too says 503 for that one).

``error`` is English, for scripts and monitors, as it always was. A refused question (400: empty, too long,
not text), 429 and the store's 503s also carry ``message``: the sentence for a person, in the first language of
the request's Accept-Language that otsqa/messages.json has (the widget sends its own), else English.
"""

from __future__ import annotations

import json
import logging
from pathlib import PurePath
from typing import Any, AsyncIterator, Callable, Iterator

from anyio import CapacityLimiter, to_thread
from anyio.lowlevel import RunVar
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.background import BackgroundTask
from starlette.exceptions import HTTPException as StarletteHTTPException

from assistant.answer import check_history, check_question
from assistant.retrieval import Filters
from otsqa.errors import OtsqaError, QuestionError, StoreDamagedError, StoreError
from web import chrome
from web.feedback import RATINGS, FeedbackStore
from web.reader_messages import for_readers, question_refusal
from web.security import RateLimiter, TokenCheck
from web.service import AssistantService

log = logging.getLogger(__name__)


class Turn(BaseModel):
    question: str = ""
    answer: str = ""


class AskFilters(BaseModel):
    # An unknown key is refused, not ignored: {"articles": [...]} would otherwise search everything.
    model_config = ConfigDict(extra="forbid")

    doc_ids: list[str] = Field(
        default_factory=list, description="Only these articles (ids from `GET /api/articles`); empty: all of them."
    )
    date_from: str = Field(default="", description="Only articles published on or after this day, `YYYY-MM-DD`.")
    date_to: str = Field(default="", description="Only articles published on or before this day, `YYYY-MM-DD`.")


class AskRequest(BaseModel):
    question: str = Field(description="The question, 1 to 2,000 characters.")
    history: list[Turn] = Field(default_factory=list, description="Earlier turns of the conversation, oldest first.")
    filters: AskFilters | None = Field(
        default=None,
        description="Search only some articles and/or a publication date range; the answer's `scope` then says "
        'how many of the collection\'s articles it searched ("searched": 1, "total": 4).',
    )


class FeedbackRequest(BaseModel):
    answer_id: str = Field(description="The `answer_id` the ask response carried (header `X-Answer-Id` or SSE `done`).")
    rating: str = Field(description="`up` or `down`.")
    comment: str = Field(default="", description="Optional, up to 2,000 characters.")


class ApiError(Exception):
    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None, extra: dict | None = None):
        super().__init__(message)
        self.status = status
        self.headers = headers or {}
        self.extra = extra or {}  # more of the body beside "error" (the library's per-file results)


def error_status(exc: OtsqaError) -> int:
    if isinstance(exc, QuestionError):
        return 400
    if isinstance(exc, StoreError):
        return 503
    return 500


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError):
        return JSONResponse(exc.extra | {"error": str(exc)}, status_code=exc.status, headers=exc.headers)

    @app.exception_handler(OtsqaError)
    async def _otsqa_error(request: Request, exc: OtsqaError):
        body = {"error": str(exc)}  # for scripts and monitors: what an operator can do
        if isinstance(exc, StoreError):
            # For a person (the widget shows it): what a reader can do, in the reader's language.
            body["message"] = for_readers(exc, reader_language(request))
        return JSONResponse(body, status_code=error_status(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException):
        # FastAPI's own refusals (an unreadable body, an unknown /api/ path, a wrong method) in the same shape.
        return JSONResponse({"error": str(exc.detail)}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception):
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        message = f"Something went wrong on the server ({type(exc).__name__}); it was logged."
        return JSONResponse({"error": message}, status_code=500)

    @app.exception_handler(RequestValidationError)
    async def _bad_body(request: Request, exc: RequestValidationError):
        if any(e["loc"] == ("body",) and e["type"] in ("model_attributes_type", "dict_type") for e in exc.errors()):
            message = 'The body must be a JSON object, e.g. {"question": "..."}, sent as Content-Type: application/json.'
            return JSONResponse({"error": message}, status_code=400)
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'][1:]) or 'body'}: {e['msg']}" for e in exc.errors())
        return JSONResponse({"error": f"Bad request body: {problems}"}, status_code=400)


def build_router(
    service: AssistantService,
    feedback: FeedbackStore,
    limiter: RateLimiter,
    token: TokenCheck,
    answer_threads: int,
    chat: Callable[[], str] = lambda: "ready",
) -> APIRouter:
    """The API's routes; ``chat`` says what the health check says of the chat page (web/chat_mount.py).

    Questions are computed in at most ``answer_threads`` worker threads at once
    (OTSQA_ANSWER_THREADS); the rest wait for a turn without holding a thread. (Threads parked on the
    answer slot used to fill the shared thread pool, so a streamed answer, which holds the slot between
    its events and needs a pool thread for each, could never finish: 50 clients mixing /ask and
    /ask/stream wedged the server for good.)"""
    turns: RunVar[CapacityLimiter] = RunVar("otsqa_answer_turns")  # one limiter per event loop

    async def in_turn(function, *args):
        try:
            limiter = turns.get()
        except LookupError:
            limiter = CapacityLimiter(answer_threads)
            turns.set(limiter)
        return await to_thread.run_sync(function, *args, limiter=limiter)

    async def require_token(request: Request) -> None:
        problem = token.problem(
            request.headers.get("authorization"), request.headers.get("x-api-token"), set(request.query_params)
        )
        if problem:
            raise ApiError(401, problem, {"WWW-Authenticate": "Bearer"})

    def admitted(request: Request, body: AskRequest) -> Filters | None:
        """The body's filters, once its question, history and filters are good and the client is within
        its rate. Called once the body is read: a bad question is a 400 that spends none of the client's
        budget (an article id the collection lacks is found by the answer, after it)."""
        language = reader_language(request)
        try:
            check_question(body.question)
        except QuestionError as exc:  # the same English error, and the reader's sentence beside it
            raise ApiError(400, str(exc), extra={"message": question_refusal(body.question, language) or str(exc)}) from None
        check_history(_history(body))
        filters = Filters(**body.filters.model_dump()) if body.filters is not None else None
        client = request.client.host if request.client else "unknown"
        if refused := limiter.refusal(client):
            message, wait = refused
            said = {"message": limiter.message(client, wait, language)}
            raise ApiError(429, message, {"Retry-After": str(wait)}, extra=said)
        return filters

    router = APIRouter(prefix="/api", tags=["assistant"])

    @router.get("/health", summary="Is the server up, and can it answer (something ingested, the store reachable)?")
    def health() -> dict[str, Any]:
        try:
            ready, problem = service.health()
        except StoreDamagedError as exc:
            # Someone must rebuild it: a monitor that reads only the status code sees it too.
            body = {"status": "ok", "ready": False, "chat": chat(), "config": None, "error": str(exc)}
            return JSONResponse(body, status_code=503)
        # "ready" is for answers (the API's and the chat's); "chat" is the chat page's own start, which
        # `otsqa serve` finishes after the first answer (starting, ready, or failed).
        reply = {"status": "ok", "ready": ready, "chat": chat(), "config": _config(service) if ready else None}
        return reply if ready else reply | {"error": problem}

    router.add_api_route("/health", health, methods=["HEAD"], include_in_schema=False)  # monitors often ask HEAD

    @router.post(
        "/ask",
        summary="Answer a question with cited passages (the Answer JSON)",
        dependencies=[Depends(require_token)],
        responses={
            400: {"description": "empty or too long question, a bad date or an unknown article id in the filters"},
            429: {},
            503: {"description": "nothing ingested, or the Chroma server cannot be reached"},
        },
    )
    async def ask(request: Request, body: AskRequest) -> JSONResponse:
        filters = admitted(request, body)
        answer, answer_id = await in_turn(service.ask, body.question, _history(body), filters)
        return JSONResponse(service.public(answer), headers={"X-Answer-Id": answer_id})

    @router.post(
        "/ask/stream",
        summary="The same answer as server-sent events: passages, delta (per sentence), answer, done",
        dependencies=[Depends(require_token)],
        response_class=StreamingResponse,
        responses={200: {"content": {"text/event-stream": {}}}},
    )
    async def ask_stream(request: Request, body: AskRequest) -> StreamingResponse:
        filters = admitted(request, body)
        events = service.stream(body.question, _history(body), filters)
        first = await in_turn(next, events)  # a bad question or an empty store fails here, as a JSON error with its status
        return StreamingResponse(
            _sse(first, events, service.public, reader_language(request)),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
            # The events hold the answer slot until they are closed. A client that hangs up mid-answer
            # leaves them suspended, and only the garbage collector would close them, some minutes later,
            # while every other question waited: close them when the response ends, however it ends.
            background=BackgroundTask(events.close),
        )

    @router.get(
        "/articles",
        summary="The articles answers come from (ids, titles, authors, dates), to choose filters from",
        dependencies=[Depends(require_token)],
        responses={503: {"description": "nothing ingested, or the Chroma server cannot be reached"}},
    )
    def articles() -> dict[str, Any]:
        # Not in an answer's turn: a list of records must not wait behind the answers being computed.
        records = service.articles() or []
        newest = sorted(records, key=lambda r: (r.date or "", r.title or ""), reverse=True)
        return {"articles": [_article(r) for r in newest]}

    @router.post(
        "/feedback", summary="Thumbs up or down, with an optional comment, on an answer", dependencies=[Depends(require_token)]
    )
    def give_feedback(body: FeedbackRequest) -> dict[str, str]:
        if body.rating not in RATINGS:
            raise ApiError(400, f"rating must be one of: {', '.join(RATINGS)}")
        turn = service.recalled(body.answer_id)
        if turn is None:
            raise ApiError(404, "That answer is no longer known to the server (it restarted or the answer is old); ask again.")
        feedback.record(body.answer_id, body.rating, body.comment, turn)
        return {"status": "recorded"}

    allowed: dict[str, list[str]] = {}
    for route in router.routes:
        allowed.setdefault(route.path, []).extend(sorted(route.methods))
    methods = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]

    @router.api_route("", methods=methods, include_in_schema=False)
    @router.api_route("/{rest:path}", methods=methods, include_in_schema=False)
    def elsewhere(request: Request, rest: str = "") -> None:
        # Last: without it Gradio, mounted at /, would answer an unknown /api/ path in its own shape.
        path = request.url.path
        if path in allowed:
            raise ApiError(405, f"{request.method} is not allowed on {path}.", {"Allow": ", ".join(allowed[path])})
        raise ApiError(404, f"There is no {path}; the API is described at /docs.")

    return router


def reader_language(request: Request) -> str:
    """The language a person's error messages are in: the first of the request's Accept-Language that
    otsqa/messages.json has (web/chrome.py), else English. The widget sends its own language so."""
    return chrome.preferred(request.headers.get("accept-language")) or "en"


def _history(body: AskRequest) -> list[dict[str, str]]:
    return [turn.model_dump() for turn in body.history]


def _article(record) -> dict[str, str]:
    title = record.title or PurePath(record.source).name  # a store ingested before every article had a title
    return {"doc_id": record.doc_id, "title": title, "author": record.author, "date": record.date}


def _config(service: AssistantService) -> str:
    return service.assistant().config


async def _sse(first: dict, events: Iterator[dict], public: Callable[[dict], dict], language: str = "en") -> AsyncIterator[str]:
    """The events as SSE messages, each next one computed in a worker thread; ``events`` is closed at the
    end, also when the client hangs up (the cancellation waits for a running step, then lands here).
    ``language``: the reader's, for an error's ``message``."""
    event = first
    try:
        while True:
            yield _sse_event(event, public)
            try:
                event = await to_thread.run_sync(next, events, None)
            except OtsqaError as exc:  # too late for a status code: the stream says it instead
                said = {"error": str(exc), "status": error_status(exc)}
                if isinstance(exc, StoreError):
                    said["message"] = for_readers(exc, language)
                yield _sse_message("error", said)
                return
            if event is None:
                return
    finally:
        events.close()


def _sse_event(event: dict, public: Callable[[dict], dict]) -> str:
    kind = event["event"]
    if kind == "passages":
        return _sse_message("passages", public({"passages": [p.to_json() for p in event["passages"]]}))
    if kind == "delta":
        return _sse_message("delta", {"text": event["text"]})
    if kind == "answer":
        return _sse_message("answer", public(event["answer"].to_json())) + _sse_message("done", {"answer_id": event["answer_id"]})
    return ""


def _sse_message(name: str, data: dict) -> str:
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"
