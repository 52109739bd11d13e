"""Who may use the app, and how much: allowed origins (CORS and framing), the optional shared token,
the request-body limit and the per-client rate limit.

Gradio sends no framing policy and, reached by a non-localhost name, accepts any origin, so the app
sets its own: one origin list (`OTSQA_ALLOWED_ORIGINS`) decides who gets a CORS grant, who may frame
the chat (`Content-Security-Policy: frame-ancestors`) and whose browsers may call the app at all.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections import OrderedDict, deque
from typing import Callable

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from otsqa.settings import Settings

MAX_BODY_BYTES = 256 * 1024  # a 2,000-character question with a long conversation fits many times over
TOKEN_QUERY_NAMES = ("token", "api_token", "access_token", "key", "api_key")


def csp_header(settings: Settings) -> str:
    ancestors = " ".join(["'self'", *settings.allowed_origins])
    return f"frame-ancestors {ancestors}"


def own_origin(scope: Scope) -> str:
    """scheme://host[:port] as the client addressed this server (from the Host header)."""
    headers = dict(scope.get("headers") or [])
    host = headers.get(b"host", b"").decode("latin-1").lower()
    return f"{scope.get('scheme', 'http')}://{host}"


async def send_json(send: Send, status: int, body: dict, headers: list[tuple[bytes, bytes]] = ()) -> None:
    payload = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(payload)).encode()), *headers],
        }
    )
    await send({"type": "http.response.body", "body": payload})


class OriginGuard:
    """Outermost: refuses browsers on other origins and sets the framing and hardening headers.

    A request that carries an Origin header which is neither this server's own nor allowed is
    refused with 403 before any route (Gradio's included) sees it; its preflight fails the same way.
    `/widget.js` stays public: it is a static script that does nothing without the API.
    """

    def __init__(self, app: ASGIApp, settings: Settings):
        self.app = app
        self.allowed = set(settings.allowed_origins)
        self.extra_headers = [
            (b"content-security-policy", csp_header(settings).encode()),
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"same-origin"),
        ]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        origin = dict(scope["headers"]).get(b"origin", b"").decode("latin-1").lower().rstrip("/")
        if origin and origin != own_origin(scope) and origin not in self.allowed and scope["path"] != "/widget.js":
            await send_json(
                send,
                403,
                {"error": f"The origin {origin} may not use this assistant; add it to OTSQA_ALLOWED_ORIGINS on the server."},
                self.extra_headers,
            )
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [h for h in self.extra_headers if h[0] not in names]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """413 for a request body under ``prefix`` over ``limit`` bytes, declared or streamed (chunked)."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES, prefix: str = "/"):
        self.app = app
        self.limit = limit
        self.prefix = prefix

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefix) or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        too_big = {"error": f"The request body is over {self.limit // 1024} KiB; send a shorter question and history."}
        if declared is not None and declared.isdigit() and int(declared) > self.limit:
            await send_json(send, 413, too_big)
            return
        # Read it all here (it is small by now) so an undeclared, streamed body cannot run past the limit.
        body = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > self.limit:
                await send_json(send, 413, too_big)
                return
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


class NoUploads:
    """404 for Gradio's file-upload route. The chat has no file input, yet Gradio accepts uploads of any
    size from anyone who can reach the page, keeps them under the data dir and serves them back."""

    PATHS = ("/gradio_api/upload", "/upload")

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].rstrip("/") in self.PATHS:
            await send_json(send, 404, {"error": "This assistant takes no file uploads."})
            return
        await self.app(scope, receive, send)


class RateLimiter:
    """At most ``per_minute`` questions per client in any 60-second window (0: no limit).

    Clients are kept in the order of their last counted question, so those idle for a minute are
    forgotten from the front as others ask: each check costs the same however many clients there are.
    (A scan of the whole table past 10,000 clients, under the one lock, cut cheap requests from 313/s
    to 120/s.)"""

    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic):
        self.per_minute = per_minute
        self.clock = clock
        self._seen: OrderedDict[str, deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def refusal(self, client: str) -> tuple[str, int] | None:
        """None when ``client`` may ask now (and counts the question), else the message and the seconds
        to wait: what the API and the chat both say."""
        wait = self.retry_after(client)
        if not wait:
            return None
        return f"Too many questions from {client}: the limit is {self.per_minute} a minute. Try again in {wait} s.", wait

    def retry_after(self, client: str) -> int:
        """0 when ``client`` may ask now (and counts the question), else seconds to wait."""
        if self.per_minute <= 0:
            return 0
        now = self.clock()
        with self._lock:
            while self._seen:
                oldest = next(iter(self._seen.values()))
                if now - oldest[-1] < 60:
                    break
                self._seen.popitem(last=False)
            times = self._seen.get(client)
            if times is None:
                times = self._seen[client] = deque()
            while times and now - times[0] >= 60:
                times.popleft()
            if len(times) >= self.per_minute:
                return max(1, int(60 - (now - times[0])) + 1)
            times.append(now)
            self._seen.move_to_end(client)
            return 0


class TokenCheck:
    """The optional shared token: `Authorization: Bearer <token>` (or `X-API-Token`), never a URL."""

    def __init__(self, token: str | None):
        self.token = token

    def problem(self, authorization: str | None, x_api_token: str | None, query_names: set[str]) -> str | None:
        """None when the request may pass, else what is wrong with it."""
        if query_names & set(TOKEN_QUERY_NAMES):
            return "Do not put the API token in the URL (it ends up in logs and history); send `Authorization: Bearer <token>`."
        if self.token is None:
            return None
        given = x_api_token
        if authorization and authorization.lower().startswith("bearer "):
            given = authorization[7:].strip()
        if not given:
            return "This server needs an API token: send `Authorization: Bearer <token>`."
        if not secrets.compare_digest(given.encode(), self.token.encode()):
            return "The API token is wrong."
        return None
