"""Edits of the chat page's HTML on its way out, made by middleware that reads the page whole (~25 KB).

Gradio's page template carries social-preview tags (`og:*`, `twitter:*`) that name Gradio and point
at its website and an image on GitHub. Nothing fetches them while the page is used, but the app
promises that no page it serves points at another host, and an intranet page should not announce
itself as "Gradio" when its link is shared. `NoSocialPreviews` takes those tags out of the chat page.
`EditedPages` is what it is built on (web/first_paint.py's `FirstPaint` too)."""

from __future__ import annotations

import re

from starlette.types import ASGIApp, Message, Receive, Scope, Send

# One <meta> tag (it may span lines) whose property or name is a social preview's.
_PREVIEW_TAG = re.compile(rb"""<meta\s[^>]*?\b(?:property|name)\s*=\s*["'](?:og|twitter):[^>]*>\s*""", re.IGNORECASE)


def without_previews(html: bytes) -> bytes:
    return _PREVIEW_TAG.sub(b"", html)


class EditedPages:
    """Sends HTML answers to the GET and HEAD requests it `wants` as `edit` makes them. HEAD too, so its
    Content-Length is the one GET sends (the server drops a HEAD's body)."""

    def __init__(self, app: ASGIApp):
        self.app = app

    def wants(self, scope: Scope) -> bool:
        """Whether this request's page is edited (every one, unless a subclass says otherwise)."""
        return True

    def edit(self, scope: Scope, page: bytes) -> bytes:
        raise NotImplementedError

    def headers(self, scope: Scope) -> list[tuple[bytes, bytes]]:
        """Headers the edited page is sent with besides its own."""
        return []

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD") or not self.wants(scope):
            await self.app(scope, receive, send)
            return
        start: Message | None = None
        body: list[bytes] = []

        async def edit(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                kind = dict(message.get("headers", [])).get(b"content-type", b"")
                if not kind.startswith(b"text/html"):
                    await send(message)
                    return
                start = message  # held until the body is whole: its length changes
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            body.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            page = self.edit(scope, b"".join(body))
            headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
            headers += [*self.headers(scope), (b"content-length", str(len(page)).encode())]
            await send({**start, "headers": headers})
            await send({"type": "http.response.body", "body": page})

        await self.app(scope, receive, edit)


class NoSocialPreviews(EditedPages):
    """Removes the preview tags from every HTML page (the chat's is the one that has them)."""

    def edit(self, scope: Scope, page: bytes) -> bytes:
        return without_previews(page)
