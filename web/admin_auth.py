"""Who may use the library (`/library` and `/api/admin/…`): the people who keep the collection, with
OTSQA_ADMIN_TOKEN. Without that setting the library is off and its routes answer 404.

- Scripts send `Authorization: Bearer <admin token>`. The API token (OTSQA_API_TOKEN, which must
  differ) and a chat session never open the library: they let people ask, not change what is asked.
- People type the token once on the library's sign-in form and get a session: a cookie of its own,
  `otsqa_admin` (HttpOnly: no script on any page reads it; SameSite=Strict: no other site makes the
  browser send it), signed with a key of its own made at start (a chat session's signature never
  passes) and valid OTSQA_ADMIN_SESSION_MINUTES (a restart ends it too).
- A request that changes something with that cookie must also carry `X-OTSQA-Admin: 1`, which only
  a script of the page's own origin can add: a form on another site can post, but cannot set a header
  (SameSite and the origin check already stop it; this is the third lock).
- A browser on another origin is refused (403), even one OTSQA_ALLOWED_ORIGINS lets use the widget:
  the library takes requests from its own page only.
- A token in a URL is refused (it would end up in logs and history), and a wrong one costs the caller
  half a second and one question of its rate-limit budget, as at the chat's sign-in.
"""

from __future__ import annotations

import secrets

import anyio
from fastapi import Request

from otsqa.errors import OtsqaError
from otsqa.settings import Settings
from web.security import TOKEN_QUERY_NAMES, RateLimiter, own_origin
from web.sessions import Sessions

COOKIE = "otsqa_admin"
CSRF_HEADER = "X-OTSQA-Admin"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
WRONG_TOKEN_PAUSE = 0.5


class AdminRefusal(OtsqaError):
    """A request the library turns away: ``status`` 401 (no or a wrong admin token) or 403 (another
    origin, or the page's header missing)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class AdminAuth:
    """The admin token and the library's sessions."""

    def __init__(self, settings: Settings, limiter: RateLimiter | None = None):
        if settings.admin_token is None:
            raise ValueError("the library needs OTSQA_ADMIN_TOKEN")
        self._token = settings.admin_token.get_secret_value()
        self._api_token = settings.api_token
        self.sessions = Sessions(settings.admin_session_minutes / 60)  # a key of its own: chat sessions never pass
        self.limiter = limiter or RateLimiter(0)

    def is_token(self, given: str) -> bool:
        return bool(given) and secrets.compare_digest(given.encode(), self._token.encode())

    def signed_in(self, request: Request) -> bool:
        value = request.cookies.get(COOKIE)
        return value is not None and self.sessions.valid(value)

    def cookie(self, request: Request) -> str:
        """The Set-Cookie value of a new session."""
        secure = "; Secure" if request.url.scheme == "https" else ""
        return f"{COOKIE}={self.sessions.issue()}; Path=/; Max-Age={self.sessions.seconds}; HttpOnly; SameSite=Strict{secure}"

    @staticmethod
    def cleared_cookie(request: Request) -> str:
        secure = "; Secure" if request.url.scheme == "https" else ""
        return f"{COOKIE}=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict{secure}"

    async def check(self, request: Request) -> None:
        """Raise AdminRefusal unless the request may use the library (see the module docstring)."""
        if set(request.query_params) & set(TOKEN_QUERY_NAMES):
            raise AdminRefusal(
                401, "Do not put a token in the URL (it ends up in logs and history); send `Authorization: Bearer <admin token>`."
            )
        origin = request.headers.get("origin", "").lower().rstrip("/")
        if origin and origin != own_origin(request.scope):
            raise AdminRefusal(403, f"The library takes requests from its own page only, not from {origin[:100]}.")
        authorization = request.headers.get("authorization", "")
        if authorization:
            given = authorization[7:].strip() if authorization.lower().startswith("bearer ") else ""
            if self.is_token(given):
                return
            await self.wrong_guess(request)
            if given and self._api_token and secrets.compare_digest(given.encode(), self._api_token.encode()):
                raise AdminRefusal(401, "That is the API token, which asks questions; the library needs the admin token.")
            raise AdminRefusal(401, "The admin token is wrong (send `Authorization: Bearer <admin token>`).")
        if self.signed_in(request):
            if request.method not in SAFE_METHODS and request.headers.get(CSRF_HEADER) != "1":
                raise AdminRefusal(
                    403, f"A change made with the library's session must carry the header `{CSRF_HEADER}: 1` (the page sends it)."
                )
            return
        raise AdminRefusal(
            401,
            "The library needs the admin token (OTSQA_ADMIN_TOKEN): send `Authorization: Bearer <admin token>`, "
            "or sign in at /library.",
        )

    async def wrong_guess(self, request: Request, language: str = "en") -> None:
        """Each wrong token costs its sender half a second and one question of its budget (429 when spent,
        said in ``language``: the sign-in form's)."""
        await anyio.sleep(WRONG_TOKEN_PAUSE)
        client = request.client.host if request.client else "unknown"
        refused = self.limiter.refusal(client, language)
        if refused:
            raise AdminRefusal(429, refused[0])
