"""The web app: the Gradio chat at `/`, the JSON API under `/api` (docs at `/docs`) and the
embeddable widget at `/widget.js`, served by one process. `build_app` assembles it from parts the
caller provides (tests pass their own); `serve` listens and runs it with uvicorn (`otsqa serve`).
"""

from __future__ import annotations

import errno
import logging
import socket
import threading
import time
from typing import TYPE_CHECKING

from otsqa import offline
from otsqa.errors import OtsqaError
from otsqa.settings import Settings

if TYPE_CHECKING:
    from assistant import Assistant
    from web.service import AssistantService

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 7860


def build_app(
    settings: Settings,
    assistant: Assistant | None = None,
    service: AssistantService | None = None,
):
    """A FastAPI app with the API, the widget and the Gradio chat mounted at `/`, and with
    OTSQA_ADMIN_TOKEN set the library (`/library`, `/api/admin/…`).

    ``assistant`` is an opened assistant, or None to open the configured one on first use (until
    something is ingested, questions get 503 and the chat says to run `otsqa ingest`); ``service``, one
    made already (`serve` starts its warm-up before building the app). The library's ingests run in
    processes of their own, with the ingest's own model (web/ingest_process.py).
    """
    offline.apply(settings)  # before gradio is imported
    import gradio as gr
    from fastapi import FastAPI
    from fastapi.middleware.cors import CORSMiddleware

    from web.admin_api import UPLOAD_PATH, upload_body_limit
    from web.api import build_router, install_error_handlers
    from web.api_docs import build_docs_router
    from web.article_page import build_article_router
    from web.chat import STATIC, build_chat
    from web.feedback import FeedbackStore, feedback_path
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
    app.state.service = service
    app.state.feedback = feedback
    install_error_handlers(app)
    limiter, token = RateLimiter(settings.rate_limit_per_minute), TokenCheck(settings.api_token)
    include_library(app, settings, service, limiter)  # before the API's catch-all for unknown /api/ paths
    app.include_router(build_router(service, feedback, limiter, token, settings.answer_threads))
    app.include_router(build_widget_router())
    app.include_router(build_article_router(service))
    app.include_router(build_docs_router(app))
    # Order matters: the last added runs first. HostGuard refuses names the server is not known by
    # (DNS rebinding), OriginGuard refuses other origins before anything, CORS answers preflights and
    # grants only allowed origins, TokenGate asks for the token or a session on every route when a token
    # is set, ClosedRoutes closes Gradio's upload, file and URL-fetching routes, BodyLimit caps every
    # request body (the API's and the chat's: none needs more than a few KiB); NoSocialPreviews takes
    # Gradio's preview tags (links to other hosts) out of the chat page.
    app.add_middleware(NoSocialPreviews)
    uploads = {UPLOAD_PATH: upload_body_limit(settings.upload_max_bytes)} if settings.admin_token is not None else {}
    app.add_middleware(BodyLimit, larger=uploads)
    app.add_middleware(ClosedRoutes)
    app.add_middleware(TokenGate, token=token, title=settings.title, hours=settings.session_hours, limiter=limiter)
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
    blocks = build_chat(service, feedback, limiter, token)  # one budget per client, here and in the API
    blocks.queue(default_concurrency_limit=settings.chat_concurrency)
    # Page-wide CSS (see each file's opening comment): the page's layout, then the dark palette.
    css = "\n".join((STATIC / name).read_text(encoding="utf-8") for name in ("chat-page.css", "chat-dark.css"))
    return gr.mount_gradio_app(app, blocks, path="/", ssr_mode=False, footer_links=["api"], show_error=True, css=css)


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
    """Serve until interrupted. The models load in the background so the page is up at once."""
    import uvicorn

    from web.connections import ConnectionLimits, guarded_protocol
    from web.service import AssistantService

    listening = listen(host, port)  # before anything loads: a taken port is said at once, in our words
    # The warm-up (opening the store, loading the models, a first question) runs while the web app is
    # built (importing gradio alone takes ~2 s): ready ~1 s sooner than one after the other.
    offline.apply(settings)
    service = AssistantService(settings)
    service.warming = threading.Event()
    threading.Thread(target=warm_up, args=(service,), name="warm-up", daemon=True).start()
    try:
        app = build_app(settings, service=service)
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
