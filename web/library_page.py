"""`/library`: the page of the people who keep the collection (issue 26). A plain HTML shell, its script
(web/static/library.js: plain DOM, no framework) and its styles (web/static/library.css: light and dark,
desktop and phone); everything it shows comes from the JSON API under /api/admin (web/admin_api.py).

Signing in: `/library` without the library's session shows a form for the admin token (posted, never
in a URL); the right token gets the `otsqa_admin` cookie (web/admin_auth.py) and the page. The page's
own script cannot read the cookie (HttpOnly) and adds `X-OTSQA-Admin: 1` to every change it asks for.
Off (404 on every route) without OTSQA_ADMIN_TOKEN. The sign-in form speaks the reader's language, chosen as
the chat's (web/chrome.py `choose`); the page behind it is the keepers' and English.
"""

from __future__ import annotations

from html import escape
from pathlib import Path
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response

from otsqa.settings import Settings
from web import chrome
from web.admin_auth import CSRF_HEADER, AdminAuth, AdminRefusal
from web.security import TOKEN_QUERY_NAMES
from web.sessions import MAX_FORM_BYTES, lang_query, page_language, sign_in_page

STATIC = Path(__file__).parent / "static"  # not web.chat's: that module imports Gradio, which the API starts without

PAGE = "/library"
ASSETS = {"library.js": "text/javascript; charset=utf-8", "library.css": "text/css; charset=utf-8"}
# The page loads only its own script and styles, talks only to this server, and is framed by no one.
PAGE_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
PAGE_HEADERS = {"Cache-Control": "no-store", "Content-Security-Policy": PAGE_POLICY, "X-Frame-Options": "DENY"}


def build_library_router(settings: Settings, auth: AdminAuth) -> APIRouter:
    router = APIRouter(include_in_schema=False)

    def sign_in(request: Request, problem: str = "", status: int = 200) -> HTMLResponse:
        """The form, in the reader's language; ``problem`` a key of otsqa/messages.json, or words said already."""
        language = page_language(request.scope, settings.language)
        say = lambda key: chrome.word(key, language)  # noqa: E731
        why, label = say("library_sign_in_why"), say("admin_token")
        problem = say(problem) if problem in chrome.CHROME_KEYS else problem
        action = PAGE + "/sign-in" + lang_query(request.scope)
        page = sign_in_page(f"{say('library')} · {settings.title}", problem, action, why, label, language)
        # The sign-in page has a style element of its own and no script.
        policy = PAGE_POLICY.replace("style-src 'self'", "style-src 'unsafe-inline'")
        return HTMLResponse(page, status_code=status, headers=PAGE_HEADERS | {"Content-Security-Policy": policy})

    @router.api_route(PAGE, methods=["GET", "HEAD"])
    def library(request: Request) -> HTMLResponse:
        if set(request.query_params) & set(TOKEN_QUERY_NAMES):
            return sign_in(request, "token_in_address", 400)
        if not auth.signed_in(request):
            return sign_in(request)
        return HTMLResponse(shell(settings), headers=PAGE_HEADERS)

    @router.post(PAGE + "/sign-in")
    async def signed_in(request: Request) -> Response:
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > MAX_FORM_BYTES:
                return sign_in(request, "not_a_form", 413)
        given = (parse_qs(body.decode("utf-8", "replace")).get("token") or [""])[0].strip()
        if not auth.is_token(given):
            try:
                await auth.wrong_guess(request, page_language(request.scope, settings.language))
            except AdminRefusal as exc:
                return sign_in(request, str(exc), exc.status)
            return sign_in(request, "wrong_admin_token", 401)
        headers = {"Location": PAGE + lang_query(request.scope), "Set-Cookie": auth.cookie(request), "Cache-Control": "no-store"}
        return Response(status_code=303, headers=headers)

    @router.post(PAGE + "/sign-out")
    async def sign_out(request: Request) -> JSONResponse:
        try:
            await auth.check(request)
        except AdminRefusal as exc:
            return JSONResponse({"error": str(exc)}, status_code=exc.status)
        return JSONResponse({"status": "signed out"}, headers={"Set-Cookie": auth.cleared_cookie(request)})

    for name, media_type in ASSETS.items():
        router.add_api_route(f"{PAGE}/static/{name}", _asset(name, media_type), methods=["GET", "HEAD"])
    return router


def build_library_off_router() -> APIRouter:
    """Without OTSQA_ADMIN_TOKEN: the library's pages answer 404, saying how it is turned on."""
    router = APIRouter(include_in_schema=False)
    message = "The library is off on this server: it is turned on by setting OTSQA_ADMIN_TOKEN."

    @router.api_route(PAGE, methods=["GET", "HEAD", "POST"])
    @router.api_route(PAGE + "/{rest:path}", methods=["GET", "HEAD", "POST"])
    def off(rest: str = "") -> JSONResponse:
        return JSONResponse({"error": message}, status_code=404)

    return router


def _asset(name: str, media_type: str):
    path = STATIC / name

    def serve() -> FileResponse:
        return FileResponse(path, media_type=media_type, headers={"Cache-Control": "no-cache"})

    return serve


def shell(settings: Settings) -> str:
    """The page before its script fills it: the upload form, the list's table, the dialogs."""
    from ingest.uploads import types_taken  # here: a server without the library starts without the ingest package

    title = escape(settings.title)
    accept = ",".join(types_taken().split(", "))
    limit = settings.upload_max_bytes
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Library · {title}</title>
<link rel="stylesheet" href="{PAGE}/static/library.css">
<script src="{PAGE}/static/library.js" defer></script>
</head>
<body data-max-bytes="{limit}" data-types="{escape(types_taken())}" data-csrf-header="{CSRF_HEADER}">
<header class="top">
  <div><h1>Library</h1><p class="sub">{title}: the articles answers come from</p></div>
  <nav><a href="/">Chat</a> <button type="button" id="sign-out" class="quiet">Sign out</button></nav>
</header>
<main>
<p id="notice" class="notice" role="status" hidden></p>

<section id="add" aria-labelledby="add-h">
  <h2 id="add-h">Add articles</h2>
  <p class="hint">Files of the types <code>otsqa ingest</code> reads ({escape(types_taken())}), up to
  <span id="limit"></span> each. A file with the name of an earlier upload replaces it.</p>
  <form id="upload-form">
    <label class="drop" id="drop">
      <input type="file" id="files" name="files" multiple accept="{escape(accept)}">
      <span>Choose files, or drop them here</span>
    </label>
    <button type="submit" id="upload-button" disabled>Upload</button>
  </form>
  <ol id="uploads" class="uploads" aria-live="polite"></ol>
</section>

<section id="collection" aria-labelledby="list-h">
  <div class="list-head">
    <h2 id="list-h">Articles <span id="count" class="count"></span></h2>
    <input type="search" id="search" placeholder="Search titles, authors, files, ids" aria-label="Search the articles">
  </div>
  <p id="list-state" class="hint" role="status">Loading the articles…</p>
  <table id="articles">
    <thead><tr>
      <th scope="col" data-key="title"><button type="button">Title</button></th>
      <th scope="col" data-key="author"><button type="button">Author</button></th>
      <th scope="col" data-key="date"><button type="button">Date</button></th>
      <th scope="col" data-key="source"><button type="button">File</button></th>
      <th scope="col" data-key="passages" class="num"><button type="button">Passages</button></th>
      <th scope="col" data-key="status"><button type="button">Status</button></th>
      <th scope="col" data-key="ingested"><button type="button">Ingested</button></th>
      <th scope="col"><span class="sr">Actions</span></th>
    </tr></thead>
    <tbody></tbody>
  </table>
</section>

<!-- RETRIEVAL TEST. The trace comes from POST /api/admin/explain, which calls
     assistant.explain.explain(assistant, question) (written on the `explain` branch). Until that is
     merged the endpoint answers 501 and this section says so; once merged, library.js's
     showTrace() draws each stage's findings (see its comment). -->
<section id="retrieval-test" aria-labelledby="test-h">
  <h2 id="test-h">Retrieval test</h2>
  <p class="hint">A question, and what each stage of the search found for it.</p>
  <form id="explain-form">
    <input type="text" id="explain-question" maxlength="2000" required placeholder="A question an analyst might ask"
      aria-label="Question to trace">
    <button type="submit">Trace</button>
  </form>
  <div id="explain-out" aria-live="polite"></div>
</section>
</main>

<dialog id="edit-dialog" aria-labelledby="edit-h">
  <form id="edit-form" method="dialog">
    <h2 id="edit-h">Edit</h2>
    <p class="hint">Kept as an override in the overrides file, so every later ingest keeps it. Leave a
    field empty for none; “Use the article's own” gives the field back to the article.</p>
    <label for="edit-title">Title</label>
    <div class="field"><input id="edit-title" name="title" maxlength="300">
      <button type="button" class="quiet own" data-field="title">Use the article's own</button></div>
    <label for="edit-author">Author</label>
    <div class="field"><input id="edit-author" name="author" maxlength="200">
      <button type="button" class="quiet own" data-field="author">Use the article's own</button></div>
    <label for="edit-date">Date <span class="hint">(YYYY-MM-DD or YYYY-MM)</span></label>
    <div class="field"><input id="edit-date" name="date" maxlength="10" placeholder="2025-10-08">
      <button type="button" class="quiet own" data-field="date">Use the article's own</button></div>
    <p id="edit-problem" class="problem" role="alert"></p>
    <div class="buttons"><button type="button" class="quiet" id="edit-cancel">Cancel</button>
      <button type="submit" id="edit-save">Save</button></div>
  </form>
</dialog>

<dialog id="remove-dialog" aria-labelledby="remove-h">
  <form id="remove-form" method="dialog">
    <h2 id="remove-h">Remove this article?</h2>
    <p id="remove-what"></p>
    <p class="hint" id="remove-note"></p>
    <p id="remove-problem" class="problem" role="alert"></p>
    <div class="buttons"><button type="button" class="quiet" id="remove-cancel">Cancel</button>
      <button type="submit" class="danger" id="remove-confirm">Remove</button></div>
  </form>
</dialog>

<dialog id="article-dialog" class="wide" aria-labelledby="article-h">
  <div class="article-head">
    <div><h2 id="article-h"></h2><p id="article-meta" class="hint"></p></div>
    <button type="button" class="quiet" id="article-close">Close</button>
  </div>
  <p class="legend hint">The cleaned text as stored: each passage (what a search finds and an answer
  quotes from) is shaded and numbered where it starts; <span class="overlap-key">darker</span> text
  is shared by two passages; text in no passage is not shaded.</p>
  <div id="article-text" class="article-text"></div>
</dialog>
</body></html>
"""
