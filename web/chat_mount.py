"""The chat's place at `/`: the Gradio app once it is built, and until then a page that says the chat
is starting (the API answers already).

`otsqa serve` answers the API as soon as the store is open and its first question answered, and
builds the chat after that, in the background: importing Gradio and building the page take longer
than everything else the server does to start (docs/reports/startup-2026-12-06.md). The mount is
among the app's routes from the start, last, where Gradio's own mount used to be, so every check in
front of the routes (names, origins, the token, body limits, the closed routes) applies to the chat
however late it comes, and no route of the API's can be shadowed by it.
"""

from __future__ import annotations

import asyncio
import html
import json
import logging
import threading
from contextlib import asynccontextmanager, suppress
from typing import Any, Callable
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Receive, Scope, Send

from web import chrome

log = logging.getLogger(__name__)

STARTING, READY, FAILED = "starting", "ready", "failed"
RETRY_SECONDS = 1


class ChatMount:
    """An ASGI app that hands every request to the chat once it is open (``open``), and answers 503
    with Retry-After until then: a page that reloads itself for a person, JSON for a script, a closed
    socket for a websocket. After ``fail`` it says the chat could not start, and why, for good."""

    def __init__(self, title: str, language: str = "auto"):
        self.title = title
        self.language = language  # OTSQA_LANGUAGE: "auto", or the language the page is forced into
        self.app: ASGIApp | None = None
        self.problem: str | None = None

    @property
    def state(self) -> str:
        """What `/api/health` says of the chat: "starting", "ready" or "failed"."""
        if self.app is not None:
            return READY
        return FAILED if self.problem is not None else STARTING

    def open(self, app: ASGIApp) -> None:
        self.app = app

    def fail(self, problem: str) -> None:
        self.problem = problem

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.app is not None:
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1013, "reason": "the chat is starting"})  # 1013: try again later
            return
        if scope["type"] != "http":
            return
        headers = dict(scope.get("headers") or [])
        for_a_person = scope["method"] in ("GET", "HEAD") and b"text/html" in headers.get(b"accept", b"")
        retry = [] if self.problem is not None else [(b"retry-after", str(RETRY_SECONDS).encode())]
        message = self.message("en")  # scripts read English
        if for_a_person:  # a person, in their language as the chat will be (web/chrome.py)
            asked = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("lang", [None])[0]
            accepted = headers.get(b"accept-language", b"").decode("latin-1")
            language, _ = chrome.choose(self.language, asked, accepted)
            body = self.page(self.message(language), refresh=self.problem is None, language=language).encode()
            kind = b"text/html; charset=utf-8"
        else:
            body = json.dumps({"error": message}).encode()
            kind = b"application/json"
        start = [(b"content-type", kind), (b"content-length", str(len(body)).encode()), (b"cache-control", b"no-store")]
        await send({"type": "http.response.start", "status": 503, "headers": start + retry})
        await send({"type": "http.response.body", "body": b"" if scope["method"] == "HEAD" else body})

    def message(self, language: str) -> str:
        """What the mount says while the chat is not there, in ``language``."""
        if self.problem is not None:
            return chrome.word("chat_failed", language, problem=self.problem)
        return chrome.word("chat_starting", language)

    def page(self, message: str, refresh: bool, language: str = "en") -> str:
        """The page a person sees meanwhile: it reloads itself every second until the chat is there."""
        again = f'<meta http-equiv="refresh" content="{RETRY_SECONDS}">' if refresh else ""
        title = html.escape(self.title)
        return (
            f'<!doctype html><html lang="{html.escape(language, quote=True)}"><head><meta charset="utf-8">{again}'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><title>{title}</title>'
            "<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:4rem auto;padding:0 1rem;color:#1f2937}"
            "@media (prefers-color-scheme:dark){body{background:#111827;color:#e5e7eb}}</style></head>"
            f'<body><h1>{title}</h1><p id="ots-starting">{html.escape(message)}</p></body></html>'
        )


def start_chat(chat: ChatMount, build: Callable[[], ASGIApp], after: Callable[[], Any] | None, patience: float | None = None):
    """A wrapper for the app's lifespan that starts the chat's Gradio app with the app (its lifespan and
    startup events, which need the event loop: what gr.mount_gradio_app's own wrapper does).

    A chat opened already (``after`` None: built with the app) starts before the app serves. Otherwise,
    once the app has started, a thread calls ``after`` (it may block: `otsqa serve` runs its warm-up
    there, tests wait for their own signal), then ``build`` (the Gradio app: the costly part); then the
    event loop starts what it built and opens the mount. The app serves meanwhile. With ``patience``,
    an ``after`` still running that many seconds later no longer holds the chat: another thread builds it."""

    def wrap(original):
        @asynccontextmanager
        async def lifespan(app):
            async with original(app) as state:
                if chat.app is not None:
                    async with _started(chat.app):
                        yield state
                    return
                opening = _open(chat, build, after or (lambda: None), patience)
                task = asyncio.get_running_loop().create_task(opening, name="chat")
                try:
                    yield state
                finally:
                    task.cancel()
                    with suppress(asyncio.CancelledError):
                        await task

        return lifespan

    return wrap


@asynccontextmanager
async def _started(gradio_app):
    async with gradio_app.router.lifespan_context(gradio_app):
        blocks = gradio_app.get_blocks()
        blocks.run_startup_events()
        await blocks.run_extra_startup_events()
        yield


async def _open(chat: ChatMount, build: Callable[[], ASGIApp], after: Callable[[], Any], patience: float | None) -> None:
    loop = asyncio.get_running_loop()
    built: asyncio.Future = loop.create_future()
    claimed = threading.Lock()  # held by the one thread that builds (or fails) the chat

    def settle(result: Any, problem: BaseException | None) -> None:
        if built.done():  # the server stopped meanwhile
            return
        if problem is None:
            built.set_result(result)
        else:
            built.set_exception(problem)

    def hand_over(result: Any, problem: BaseException | None) -> None:
        with suppress(RuntimeError):  # the loop is closed: the server stopped before the chat was built
            loop.call_soon_threadsafe(settle, result, problem)

    def build_once() -> None:
        if not claimed.acquire(blocking=False):
            return
        try:
            result, problem = build(), None
        except BaseException as exc:  # said by the mount and the log, not lost in a thread
            result, problem = None, exc
        hand_over(result, problem)

    def work() -> None:
        try:
            after()
        except BaseException as exc:
            if claimed.acquire(blocking=False):
                hand_over(None, exc)
            return
        # Here rather than in a thread of its own when ``after`` was in time: memory freed by what ``after``
        # did (a warm-up's model loading) is reused by Gradio's import, not kept in a second thread's arena.
        build_once()

    threading.Thread(target=work, name="chat-build", daemon=True).start()
    if patience is not None:
        impatient = threading.Timer(patience, build_once)
        impatient.daemon = True
        impatient.start()
    try:
        gradio_app = await built
        async with _started(gradio_app):
            chat.open(gradio_app)
            log.info("the chat is ready")
            await asyncio.Event().wait()  # held until the server stops (cancelled)
    except asyncio.CancelledError:
        raise
    except Exception as exc:
        log.exception("the chat could not start; the API still answers")
        chat.fail(f"{type(exc).__name__}: {exc}")
    finally:
        if patience is not None:
            impatient.cancel()
