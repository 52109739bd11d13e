"""The web app: the Gradio chat at `/`, the JSON API under `/api` (docs at `/docs`) and the
embeddable widget at `/widget.js`, served by one process. `build_app` assembles it from parts the
caller provides (tests pass their own); `serve` listens and runs it with uvicorn (`otsqa serve`).
"""

from __future__ import annotations

import asyncio
import errno
import logging
import socket
import threading
import time
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Callable

from otsqa import offline
from otsqa.errors import OtsqaError
from otsqa.settings import Settings

if TYPE_CHECKING:
    from assistant import Assistant
    from web.service import AssistantService

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860
# How long `serve`'s warm-up holds the chat's build: the warm-up takes about a second on the default
# configuration, but a language model's (or a Chroma server's time-out) must not hold the chat.
CHAT_WAITS_AT_MOST = 5.0


def build_app(
    settings: Settings,
    assistant: Assistant | None = None,
    service: AssistantService | None = None,
    chat_after: Callable[[], object] | None = None,
    chat_patience: float | None = None,
):
    """A FastAPI app with the API, the widget and the Gradio chat mounted at `/`, and with
    OTSQA_ADMIN_TOKEN set the library (`/library`, `/api/admin/…`).

    ``assistant`` is an opened assistant, or None to open the configured one on first use (until
    something is ingested, questions get 503 and the chat says to run `otsqa ingest`); ``service``, one
    made already (`serve` starts its warm-up before building the app). The library's ingests run in its
    ingest worker, a process started at the first upload and ended when the app stops (web/ingest_worker.py).

    ``chat_after`` None builds the chat now, with the app. A function instead: the app comes without
    Gradio imported, answers at once, and once it has started builds the chat in a thread of its own
    after ``chat_after()`` has returned there (it may block: `serve` warms up there, tests wait for a
    signal), or after ``chat_patience`` seconds if that is sooner; `/` says the chat is starting until
    then, and `/api/health` says which it is (web/chat_mount.py).
    """
    offline.apply(settings)  # before gradio is imported
    from fastapi import FastAPI
    from fastapi.middleware.cors import CORSMiddleware

    from web.api import build_router, install_error_handlers
    from web.api_docs import build_docs_router
    from web.article_page import build_article_router
    from web.chat_mount import ChatMount, start_chat
    from web.feedback import FeedbackStore, feedback_path
    from web.first_paint import FirstPaint
    from web.page_head import NoSocialPreviews
    from web.quiet_log import install as quiet_client_errors
    from web.security import BodyLimit, ClosedRoutes, HostGuard, OriginGuard, RateLimiter, TokenCheck
    from web.service import AssistantService
    from web.sessions import TokenGate
    from web.widget import build_widget_router

    quiet_client_errors()
    service = service or AssistantService(settings, assistant)
    feedback = FeedbackStore(feedback_path(settings.make_data_dir()))
    app = FastAPI(
        title=settings.title,
        summary="Cited answers about security cooperation among the Organization of Turkic States.",
        version="1.0",
        docs_url=None,  # /docs comes from web/api_docs.py, with no CDN; no /redoc (its logo comes from one)
        redoc_url=None,
    )
    chat = ChatMount(settings.title, settings.language)
    app.state.service = service
    app.state.feedback = feedback
    app.state.chat = chat
    install_error_handlers(app)
    limiter, token = RateLimiter(settings.rate_limit_per_minute), TokenCheck(settings.api_token)
    include_library(app, settings, service, limiter)  # before the API's catch-all for unknown /api/ paths
    app.include_router(build_router(service, feedback, limiter, token, settings.answer_threads, lambda: chat.state))
    app.include_router(build_widget_router(settings.language))
    app.include_router(build_article_router(service))
    app.include_router(build_docs_router(app))
    # Order matters: the last added runs first. HostGuard refuses names the server is not known by
    # (DNS rebinding), OriginGuard refuses other origins before anything, CORS answers preflights and
    # grants only allowed origins, TokenGate asks for the token or a session on every route when a token
    # is set, ClosedRoutes closes Gradio's upload, file and URL-fetching routes, BodyLimit caps every
    # request body (the API's and the chat's: none needs more than a few KiB); NoSocialPreviews takes
    # Gradio's preview tags (links to other hosts) out of the chat page, and FirstPaint puts the reader's
    # words into it (web/first_paint.py).
    app.add_middleware(FirstPaint, title=settings.title, forced=settings.language)
    app.add_middleware(NoSocialPreviews)
    uploads = {}
    if settings.admin_token is not None:  # (web.admin_api imports the library and ingest: only when they serve)
        from web.admin_api import UPLOAD_PATH, upload_body_limit

        uploads = {UPLOAD_PATH: upload_body_limit(settings.upload_max_bytes)}
    app.add_middleware(BodyLimit, larger=uploads)
    app.add_middleware(ClosedRoutes)
    app.add_middleware(
        TokenGate, token=token, title=settings.title, hours=settings.session_hours, limiter=limiter, language=settings.language
    )
    app.add_middleware(
        CORSMiddleware,
        allow_origins=settings.allowed_origins,
        allow_methods=["GET", "POST"],
        allow_headers=["Authorization", "Content-Type", "X-API-Token"],
        expose_headers=["X-Answer-Id", "Retry-After"],
        max_age=600,
    )
    app.add_middleware(OriginGuard, settings=settings)
    app.add_middleware(HostGuard, settings=settings)
    app.mount("/", chat)  # last: the chat at / (behind every check above, however late it is built)

    def build() -> object:  # one rate-limit budget per client, here and in the API
        return build_chat_app(app, settings, service, feedback, limiter, token)

    app.router.lifespan_context = start_chat(chat, build, chat_after, chat_patience)(app.router.lifespan_context)
    if getattr(app.state, "library", None) is not None:
        app.router.lifespan_context = _closing(app.state.library)(app.router.lifespan_context)
    if chat_after is None:
        chat.open(build())
    return app


def build_chat_app(app, settings: Settings, service: AssistantService, feedback, limiter, token):
    """The Gradio app of the chat, made for ``app`` (the middleware it has decides Gradio's CORS) but
    neither mounted on it nor started: `ChatMount` stands at `/` and `start_chat` starts it with the app
    (web/chat_mount.py). Imports Gradio (~2 s)."""
    import gradio as gr

    from web.chat import STATIC, build_chat

    blocks = build_chat(service, feedback, limiter, token)
    blocks.queue(default_concurrency_limit=settings.chat_concurrency)
    # Page-wide CSS (see each file's opening comment): the page's layout, then the dark palette.
    css = "\n".join((STATIC / name).read_text(encoding="utf-8") for name in ("chat-page.css", "chat-dark.css"))
    # gr.mount_gradio_app is the supported way to set the Blocks up for a FastAPI app; it mounts what it
    # makes at the end of app's routes, where it is taken back out (ChatMount serves it from its place).
    # (Safe while the app serves, from the thread that builds it: the router stops at ChatMount, which
    # takes every path, so it never reaches the mount made here, and taking the last route out is atomic.)
    before, lifespan = list(app.router.routes), app.router.lifespan_context
    gr.mount_gradio_app(app, blocks, path="/", ssr_mode=False, footer_links=["api"], show_error=True, css=css)
    app.router.lifespan_context = lifespan  # not Gradio's wrapper: start_chat starts the Gradio app
    made = [route for route in app.router.routes if route not in before]
    if len(made) != 1 or not hasattr(made[0], "app"):
        raise RuntimeError(f"gr.mount_gradio_app added {len(made)} routes, not the one mount expected")
    app.router.routes.remove(made[0])
    return made[0].app


def _closing(library):
    """A wrapper for the app's lifespan that ends the library's ingest worker when the app stops (a killed
    server takes it along anyway: web/ingest_worker.py)."""

    def wrap(original):
        @asynccontextmanager
        async def lifespan(app):
            try:
                async with original(app) as state:
                    yield state
            finally:
                await asyncio.to_thread(library.close)  # waits for a job under way: not on the event loop

        return lifespan

    return wrap


def include_library(app, settings: Settings, service: AssistantService, limiter) -> None:
    """The library's page and API with OTSQA_ADMIN_TOKEN set; without it, 404s that say how to turn it on."""
    from web.library_page import build_library_off_router

    if settings.admin_token is None:
        app.include_router(build_library_off_router())  # /api/admin/… is the API's unknown path: 404 too
        return
    from web.admin_api import build_admin_router
    from web.admin_auth import AdminAuth
    from web.library import Library
    from web.library_page import build_library_router

    auth = AdminAuth(settings, limiter)
    library = Library(settings, service)
    app.state.library = library
    app.include_router(build_admin_router(library, auth))
    app.include_router(build_library_router(settings, auth))


def serve(settings: Settings, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT) -> int:
    """Serve until interrupted. The models load and the chat is built in the background: the server
    listens at once, answers the API once warmed up, and serves the chat a few seconds later."""
    import uvicorn

    from web.connections import ConnectionLimits, guarded_protocol
    from web.service import AssistantService

    listening = listen(host, port)  # before anything loads: a taken port is said at once, in our words
    # The API answers first: once the app serves, one thread warms up (opens the store, loads the models,
    # answers a first question) and then builds the chat (importing Gradio alone takes ~2 s, under the same
    # interpreter lock), so the chat comes a few seconds after the first answer; a warm-up slower than
    # CHAT_WAITS_AT_MOST (a language model's) no longer holds it (docs/reports/startup-2026-12-06.md).
    offline.apply(settings)
    service = AssistantService(settings)
    service.warming = threading.Event()  # health says "warming up" until warm_up has run
    try:
        app = build_app(settings, service=service, chat_after=lambda: warm_up(service), chat_patience=CHAT_WAITS_AT_MOST)
    except BaseException:
        listening.close()
        raise
    print(f"Serving the OTS assistant on http://{host}:{port}/ (API docs: /docs, widget: /widget.js)", flush=True)
    config = uvicorn.Config(
        app,
        log_level=settings.log_level.lower(),
        access_log=False,
        # A stop (Ctrl-C, SIGTERM) waits for answers in flight, but not forever: a stuck request once kept a
        # server alive after SIGTERM until it was killed.
        timeout_graceful_shutdown=15,
        # Deadlines for a request's head and body, and the per-client connection cap (web/connections.py).
        http=guarded_protocol(ConnectionLimits.from_settings(settings)),
        # uvicorn believes X-Forwarded-For from 127.0.0.1 unless told otherwise, so anything on this machine
        # could pick its own client address, and with it a fresh rate-limit budget: only the configured proxies.
        proxy_headers=bool(settings.trusted_proxies),
        forwarded_allow_ips=list(settings.trusted_proxies),
    )
    uvicorn.Server(config).run(sockets=[listening])
    return 0


def warm_up(service: AssistantService) -> None:
    """Open the assistant and ask it OTSQA_WARM_UP_QUESTION, so the models are loaded before the first
    person asks. Not remembered for feedback, and a failure is only logged: the first question will say why."""
    try:
        if not service.try_open():
            return
        question = service.settings.warm_up_question
        started = time.perf_counter()
        try:
            service.assistant().ask(question)
        except Exception as exc:
            log.warning("warm-up question failed: %s", exc)
            return
        log.info("warmed up with %r in %.2f s", question, time.perf_counter() - started)
    finally:
        if service.warming is not None:
            service.warming.set()  # ready (or a reason not to be) either way: never stuck warming


def listen(host: str, port: int) -> socket.socket:
    """A socket bound to host:port, or an OtsqaError saying why not and what to do."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM, flags=socket.AI_PASSIVE)[0]
    except (socket.gaierror, UnicodeError) as exc:
        raise OtsqaError(f"Cannot serve on --host {host}: it is not an address of this machine ({exc}).") from None
    sock = socket.socket(family, kind, proto)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # a restart need not wait for old connections
    try:
        sock.bind(address)
        sock.listen(2048)  # now: two servers may bind one port with SO_REUSEADDR until one listens
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise OtsqaError(f"Port {port} on {host} is in use: stop what serves there or pick another --port.") from None
        raise OtsqaError(f"Cannot serve on {host}:{port}: {exc.strerror or exc}.") from None
    return sock
