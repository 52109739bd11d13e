"""Who may use the app, and how much: allowed origins (CORS and framing), the optional shared token,
the request-body limit and the per-client rate limit.

Gradio sends no framing policy and, reached by a non-localhost name, accepts any origin, so the app
sets its own: one origin list (`OTSQA_ALLOWED_ORIGINS`) decides who gets a CORS grant, who may frame
the chat (`Content-Security-Policy: frame-ancestors`) and whose browsers may call the app at all.
"""

from __future__ import annotations

import ipaddress
import json
import secrets
import socket
import threading
import time
from collections import OrderedDict, deque
from typing import Callable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from otsqa.messages import say
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


class HostGuard:
    """Outermost of all: 421 for a request addressed to a name this server does not answer to.

    A hostile page can re-point its own name at the server's address (DNS rebinding); the browser then
    sends that name as Host and as Origin, and the page counts as same-origin. So the name must be one
    the server is known by: an IP address (no name to re-point), localhost, this machine's own name, or
    one listed in OTSQA_PUBLIC_HOSTS. `X-Forwarded-Host` and `X-Gradio-Server` are held to the same
    rule (Gradio builds the page's URLs from them), and each of these headers may come only once.
    """

    def __init__(self, app: ASGIApp, settings: Settings):
        self.app = app
        machine = socket.gethostname().lower()  # not getfqdn(): that asks DNS, and the server asks no one
        self.names = {"localhost", machine, machine.split(".")[0], *settings.public_hosts}

    def problem(self, headers: list[tuple[bytes, bytes]]) -> str | None:
        """What is wrong with the names a request gives, or None. Every copy of each header counts: a
        reader that takes the first copy (Gradio) and one that takes the last must not disagree."""
        seen: dict[bytes, int] = {}
        for name, value in headers:
            if name not in ONCE_HEADERS:
                continue
            seen[name] = seen.get(name, 0) + 1
            if seen[name] > 1:
                return f"The request has more than one {name.decode()} header; send one."
            if name == b"origin":
                continue  # other sites' origins are OriginGuard's to judge
            text = value.decode("latin-1")
            # X-Gradio-Server is a whole URL (Gradio takes the page's root from it); the others are names.
            host = urlsplit(text).netloc if name == b"x-gradio-server" else text
            if not self.accepts(host):  # (no Host at all is HTTP/1.0 from a script: nothing to rebind)
                return (
                    f"This server does not answer to the name {host[:100]!r}. If people reach it by that name, "
                    "add the name to OTSQA_PUBLIC_HOSTS on the server."
                )
        return None

    def accepts(self, host: str) -> bool:
        name = host_name(host)
        if name is None:
            return False
        if name in self.names or name.endswith(".localhost"):
            return True
        try:
            ipaddress.ip_address(name)
        except ValueError:
            return False
        return True

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        problem = self.problem(scope.get("headers") or [])
        if problem is None:
            await self.app(scope, receive, send)
        elif scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008, "reason": problem[:120]})
        else:
            await send_json(send, 421, {"error": problem})


def host_name(host: str) -> str | None:
    """The name in a Host header ("Name.example:8080" -> "name.example", "[::1]:80" -> "::1"), or None
    when it is not a host at all."""
    host = host.strip().lower()
    if "%" in host:
        return None  # an IPv6 zone ("fe80::1%eth0") names an interface of the client's, never this server
    if host.startswith("["):
        inside, bracket, rest = host[1:].partition("]")
        return inside if bracket and (not rest or rest[1:].isdigit() and rest[0] == ":") else None
    name, _, port = host.partition(":")
    if port and not port.isdigit():
        return None
    name = name.rstrip(".")
    return name if name and all(ch.isalnum() or ch in ".-_" for ch in name) else None


# Headers that must come once: two copies would let a reader of the first (Gradio) and a reader of the
# last disagree. All but Origin name this server, and must name it by a name it is known by.
ONCE_HEADERS = (b"host", b"x-forwarded-host", b"x-gradio-server", b"origin")


class BodyTooLarge(Exception):
    """Raised by the body of a request on a route with a larger limit (``BodyLimit.larger``) once it has
    run past it: the route reading it answers 413."""


class BodyLimit:
    """413 for a request body under ``prefix`` over ``limit`` bytes, declared or streamed (chunked).

    ``larger`` gives some paths (the library's upload) a limit of their own. Their bodies are not held
    here: the route reads them itself after checking who is asking (no one without the admin token
    gets megabytes read), and reading past the limit raises BodyTooLarge."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY_BYTES, prefix: str = "/", larger: dict[str, int] | None = None):
        self.app = app
        self.limit = limit
        self.prefix = prefix
        self.larger = dict(larger or {})

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(self.prefix) or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        if scope["path"] in self.larger:
            await self._streamed(scope, receive, send, self.larger[scope["path"]])
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

    async def _streamed(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        declared = dict(scope["headers"]).get(b"content-length")
        too_big = f"The request body is over {limit // (1024 * 1024)} MiB, the most one upload may send (OTSQA_UPLOAD_MAX_BYTES)."
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await send_json(send, 413, {"error": too_big})
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > limit:
                raise BodyTooLarge(too_big)
            return message

        await self.app(scope, counted, send)


class ClosedRoutes:
    """404 for Gradio's routes that this app never needs and that do harm when reached.

    The chat has no file input and shows no files, yet Gradio accepts uploads of any size from anyone
    who can reach the page (and recordings), serves files and *fetches URLs* given after `file=` or
    `proxy=` (the server would reach out to any address: it must make no connection of its own), and
    has streaming, monitoring, run-history and live-editing routes for apps unlike this one.
    """

    PREFIXES = (
        "/gradio_api/upload",
        "/gradio_api/process_recording",
        "/gradio_api/file=",
        "/gradio_api/file/",
        "/gradio_api/proxy=",
        "/gradio_api/stream/",
        "/gradio_api/run-history",
        "/gradio_api/runs",
        "/gradio_api/custom_component/",
        "/gradio_api/vibe-",
        "/gradio_api/undo-vibe-edit",
        "/gradio_api/dev/",
        "/monitoring",
        "/upload",
        "/file=",
        "/file/",
        "/proxy=",
    )

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and closed_path(scope["path"]):
            await send_json(send, 404, {"error": "This assistant takes no file uploads and serves no files or other sites."})
            return
        await self.app(scope, receive, send)


def closed_path(path: str) -> bool:
    # Starlette has already decoded %xx in scope["path"]; "//" and "/./" are folded so they cannot slip past.
    folded = "/" + "/".join(part for part in path.split("/") if part not in ("", "."))
    return any(folded.startswith(prefix) or folded.rstrip("/") == prefix.rstrip("/=") for prefix in ClosedRoutes.PREFIXES)


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

    def refusal(self, client: str, language: str = "en") -> tuple[str, int] | None:
        """None when ``client`` may ask now (and counts the question), else the message (in ``language``:
        otsqa/messages.json's "rate_limited") and the seconds to wait: what the API and the chat both say."""
        wait = self.retry_after(client)
        if not wait:
            return None
        return self.message(client, wait, language), wait

    def message(self, client: str, wait: int, language: str = "en") -> str:
        """What a refused ``client`` is told, in ``language``."""
        return say("rate_limited", language).format(client=client, limit=self.per_minute, wait=wait)

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
