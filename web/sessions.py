"""With OTSQA_API_TOKEN set, the token guards every route that produces an answer, the chat's included.

Gradio's routes (the page, its queue, its scripts' endpoints) know nothing of the token, and origin
rules bind browsers, not scripts: a script could post to `/gradio_api/queue/join` and read answers.
So `TokenGate` stands in front of everything and lets a request through only with the token (the
`Authorization: Bearer` or `X-API-Token` header, as the API takes it) or a session. A person opens the
chat, is sent to `/sign-in`, types the token once and gets a session: a cookie signed with a key that
lives only in this process (a restart signs everyone out), valid OTSQA_SESSION_HOURS, that scripts on
the page cannot read (HttpOnly) and other sites cannot make the browser send (SameSite=Strict).

The sign-in page speaks the reader's language, chosen as the chat's (web/chrome.py `choose`: OTSQA_LANGUAGE,
`?lang=`, Accept-Language); a `?lang=` the chat was opened with goes along to the sign-in page and back.

Public without a token: the sign-in page, `/api/health` (ready or not, and why), the API's description
(`/docs`, `/openapi.json` and the page's scripts and styles) and `/widget.js` (a static script that does nothing without
the API). The JSON API's routes check the token themselves (web/api.py), with their own messages.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import secrets
import time
from urllib.parse import parse_qs

import anyio
from starlette.types import ASGIApp, Receive, Scope, Send

from web import chrome
from web.api_docs import ASSETS
from web.security import RateLimiter, TokenCheck, send_json

COOKIE = "otsqa_session"
SIGN_IN = "/sign-in"
# The library (`/library`, web/library_page.py) guards itself with the admin token: the API token or a
# chat session never opens it, and a keeper needs no chat session to reach it.
PUBLIC = ("/widget.js", SIGN_IN, "/api/health", "/docs", "/openapi.json", "/library")
PUBLIC_PREFIXES = ("/api/", ASSETS + "/", "/library/")  # the API checks its own tokens; the docs' own scripts and styles
MAX_FORM_BYTES = 4096


class Sessions:
    """Signed, expiring session values: "<expiry>.<HMAC of it>" under a key made at start."""

    def __init__(self, hours: float, clock=time.time):
        self.key = secrets.token_bytes(32)
        self.seconds = int(hours * 3600)
        self.clock = clock

    def issue(self) -> str:
        expiry = str(int(self.clock()) + self.seconds)
        return f"{expiry}.{self._sign(expiry)}"

    def valid(self, value: str) -> bool:
        expiry, _, signature = value.partition(".")
        if not expiry.isdigit() or not hmac.compare_digest(signature, self._sign(expiry)):
            return False
        return int(expiry) > self.clock()

    def _sign(self, expiry: str) -> str:
        return hmac.new(self.key, expiry.encode(), hashlib.sha256).hexdigest()


class TokenGate:
    """Lets a request through with the token or a session; sends people to the sign-in page, and
    scripts away with 401. Does nothing when no token is set."""

    def __init__(
        self,
        app: ASGIApp,
        token: TokenCheck,
        title: str,
        hours: float,
        limiter: RateLimiter | None = None,
        language: str = "auto",
    ):
        self.app = app
        self.token = token
        self.limiter = limiter or RateLimiter(0)  # a wrong token spends a question of the client's budget
        self.title = title
        self.sessions = Sessions(hours)
        self.language = language  # OTSQA_LANGUAGE: "auto", or the language every page is forced into

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if self.token.token is None or scope["type"] not in ("http", "websocket"):
            await self.app(scope, receive, send)
            return
        path = scope["path"]
        if path == SIGN_IN and scope["type"] == "http":
            await self.sign_in(scope, receive, send)
            return
        if path in PUBLIC or path.startswith(PUBLIC_PREFIXES) or self.admitted(scope):
            await self.app(scope, receive, send)
            return
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1008, "reason": "sign in first"})
            return
        headers = dict(scope.get("headers") or [])
        if scope["method"] in ("GET", "HEAD") and b"text/html" in headers.get(b"accept", b""):
            await redirect(send, SIGN_IN + lang_query(scope))  # a person opening the chat, in the language asked for
            return
        message = "This server needs an API token: send `Authorization: Bearer <token>`, or sign in at /sign-in."
        await send_json(send, 401, {"error": message}, [(b"www-authenticate", b"Bearer")])

    def admitted(self, scope: Scope) -> bool:
        headers = dict(scope.get("headers") or [])
        authorization = headers.get(b"authorization", b"").decode("latin-1") or None
        x_api_token = headers.get(b"x-api-token", b"").decode("latin-1") or None
        if (authorization or x_api_token) and self.token.problem(authorization, x_api_token, set()) is None:
            return True
        session = session_cookie(headers.get(b"cookie", b"").decode("latin-1"))
        return session is not None and self.sessions.valid(session)

    async def sign_in(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] not in ("GET", "HEAD", "POST"):
            await send_json(send, 405, {"error": "Use GET to see the sign-in form and POST to sign in."})
            return
        language, back = page_language(scope, self.language), lang_query(scope)

        def page(problem: str) -> str:
            return sign_in_page(self.title, problem, action=SIGN_IN + back, language=language)

        if scope["method"] != "POST":
            await send_page(send, 200, page(""))
            return
        body = await read_form(receive)
        if body is None:
            await send_page(send, 413, page(chrome.word("not_a_form", language)))
            return
        given = (parse_qs(body.decode("utf-8", "replace")).get("token") or [""])[0].strip()
        if not given or self.token.problem(f"Bearer {given}", None, set()) is not None:
            await anyio.sleep(0.5)  # each guess costs the guesser half a second, and one of its questions
            client = (scope.get("client") or ("unknown", 0))[0]
            refused = self.limiter.refusal(client, language)
            problem = refused[0] if refused else chrome.word("wrong_token", language)
            await send_page(send, 429 if refused else 401, page(problem))
            return
        secure = "; Secure" if scope.get("scheme") == "https" else ""
        cookie = f"{COOKIE}={self.sessions.issue()}; Path=/; Max-Age={self.sessions.seconds}; HttpOnly; SameSite=Strict{secure}"
        await redirect(send, "/" + back, [(b"set-cookie", cookie.encode())])


def asked_language(scope: Scope) -> str | None:
    """The language a request's ``?lang=`` names (web/chrome.py `supported`), or None."""
    asked = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("lang", [None])[0]
    return chrome.supported(asked)


def lang_query(scope: Scope) -> str:
    """``?lang=xx`` when the request asked for a language, else "": carried to the next page so the
    language a reader was sent with holds through signing in."""
    asked = asked_language(scope)
    return f"?lang={asked}" if asked else ""


def page_language(scope: Scope, forced: str) -> str:
    """A page's language for this request, as the chat chooses it (``forced``: OTSQA_LANGUAGE)."""
    accepted = dict(scope.get("headers") or []).get(b"accept-language", b"").decode("latin-1")
    return chrome.choose(forced, asked_language(scope), accepted)[0]


def session_cookie(header: str) -> str | None:
    for part in header.split(";"):
        name, _, value = part.strip().partition("=")
        if name == COOKIE:
            return value
    return None


async def read_form(receive: Receive) -> bytes | None:
    body = bytearray()
    more = True
    while more:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        body += message.get("body", b"")
        more = message.get("more_body", False)
        if len(body) > MAX_FORM_BYTES:
            return None
    return bytes(body)


async def redirect(send: Send, location: str, headers: list[tuple[bytes, bytes]] = ()) -> None:
    await send(
        {
            "type": "http.response.start",
            "status": 303,
            "headers": [(b"location", location.encode()), (b"content-length", b"0"), (b"cache-control", b"no-store"), *headers],
        }
    )
    await send({"type": "http.response.body", "body": b""})


async def send_page(send: Send, status: int, page: str) -> None:
    payload = page.encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"text/html; charset=utf-8"),
                (b"content-length", str(len(payload)).encode()),
                (b"cache-control", b"no-store"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})


def sign_in_page(
    title: str,
    problem: str,
    action: str = SIGN_IN,
    why: str | None = None,
    label: str | None = None,
    language: str = "en",
) -> str:
    """A page of its own (no script, no asset from anywhere), readable in light and dark and on phones, its
    words in ``language`` (``problem`` comes in it already). The library's sign-in is the same page with its
    own ``action``, ``why`` and ``label``; without them, the chat's."""
    say = lambda key: html.escape(chrome.word(key, language))  # noqa: E731
    why = html.escape(why) if why is not None else say("sign_in_why")
    label = html.escape(label) if label is not None else say("access_token")
    notice = f'<p class="problem" role="alert">{html.escape(problem)}</p>' if problem else ""
    return f"""<!doctype html>
<html lang="{html.escape(language)}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>{say("sign_in")} · {html.escape(title)}</title>
<style>
body {{ font: 16px/1.5 system-ui, sans-serif; margin: 0; display: grid; place-items: center; min-height: 100vh;
  background: #f7f7f8; color: #1f2328; }}
main {{ width: min(24rem, 100% - 2rem); }}
h1 {{ font-size: 1.25rem; }}
label {{ display: block; margin-bottom: .25rem; }}
input {{ box-sizing: border-box; width: 100%; font: inherit; padding: .5rem; border: 1px solid #6e7781; border-radius: 6px;
  background: #fff; color: inherit; }}
button {{ margin-top: .75rem; font: inherit; padding: .5rem 1rem; border: 0; border-radius: 6px; background: #0b57d0;
  color: #fff; cursor: pointer; }}
.problem {{ color: #a40e26; }}
@media (prefers-color-scheme: dark) {{
  body {{ background: #16181d; color: #e6e6e6; }}
  input {{ background: #22252b; border-color: #8b949e; }}
  button {{ background: #4c8df6; color: #0b0c0f; }}
  .problem {{ color: #ff9aa2; }}
}}
</style></head>
<body><main>
<h1>{html.escape(title)}</h1>
<p>{why}</p>
{notice}
<form method="post" action="{html.escape(action)}">
<label for="token">{label}</label>
<input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
<button type="submit">{say("sign_in")}</button>
</form>
</main></body></html>
"""
