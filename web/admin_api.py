"""The library's JSON API under `/api/admin/` (the page at `/library` is a client of it, and so may any
script with the admin token): the articles and their state, one article's cleaned text with its
passages, uploads, edits of title, author and date, removal, and the retrieval test.

Every route needs the admin token or the library's session (web/admin_auth.py); the work is
web/library.py's. Errors are JSON, `{"error": "..."}`: 400 a refused file or a bad value, 401 no or a
wrong admin token, 403 another origin or the page's header missing, 404 no such article, 409 a write
already under way (the library's, or an `otsqa ingest` or `otsqa remove`), 413 a body over the
upload limit, 500 the ingest worker that stopped during the ingest (killed, crashed; said in words,
never a traceback), 501 the retrieval test missing from this build, 503 the store cannot be used.
"""

from __future__ import annotations

import dataclasses
from typing import Any, Callable

from anyio import to_thread
from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel, ConfigDict, Field
from starlette.datastructures import UploadFile

from assistant.answer import check_question
from otsqa.errors import (
    ArticleNotFoundError,
    ConfigError,
    IngestError,
    IngestLockedError,
    IngestStoppedError,
    OverridesError,
    UploadError,
)
from web.admin_auth import AdminAuth, AdminRefusal
from web.api import ApiError
from web.library import Library
from web.security import BodyTooLarge

UPLOAD_PATH = "/api/admin/upload"
MAX_FILES = 10  # per request; the page sends one file per request, to show each one's progress


def upload_body_limit(max_bytes: int) -> int:
    """The most an upload request may send: MAX_FILES files at the limit, and room for the form around them."""
    return max_bytes * MAX_FILES + 1024 * 1024


class EditRequest(BaseModel):
    # A field left out stays as it is; null gives it back to the article (its own words, or none).
    model_config = ConfigDict(extra="forbid")

    title: str | None = Field(default=None, description="The title to show and cite; not empty. null: the article's own.")
    author: str | None = Field(default=None, description='The author; "" for none. null: as the article gives it.')
    date: str | None = Field(
        default=None, description='Published on, `YYYY-MM-DD` or `YYYY-MM`; "" for none. null: as the article gives it.'
    )


class RemoveRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    confirm: str = Field(description="The id of the article to remove, again: a removal names what it removes twice.")


class ExplainRequest(BaseModel):
    question: str = Field(description="The question to trace, 1 to 2,000 characters.")


def build_admin_router(library: Library, auth: AdminAuth) -> APIRouter:
    """The routes under /api/admin (include it before the API's catch-all for unknown /api/ paths)."""

    async def admitted(request: Request) -> None:
        try:
            await auth.check(request)
        except AdminRefusal as exc:
            raise ApiError(exc.status, str(exc), {"WWW-Authenticate": "Bearer"} if exc.status == 401 else None) from None

    router = APIRouter(prefix="/api/admin", tags=["library (keepers, admin token)"], dependencies=[Depends(admitted)])

    @router.get(
        "/articles",
        summary="Every article with title, author, date, file, passages, status (complete, pending, failed), when ingested",
        responses={401: {}, 403: {}, 503: {"description": "the store cannot be used"}},
    )
    async def articles() -> dict[str, Any]:
        return await _run(library.articles)

    @router.get(
        "/writing",
        summary="The write under way, if any: what, since when, and how far its ingest has got (the page shows it)",
        responses={401: {}, 403: {}},
    )
    async def writing() -> dict[str, Any]:
        return {"writing": library.activity}

    @router.get(
        "/articles/{doc_id}",
        summary="One article: its row, the cleaned text and its passages (offsets into the text)",
        responses={404: {"description": "no such article"}},
    )
    async def article(doc_id: str) -> dict[str, Any]:
        return await _run(library.article, doc_id)

    @router.patch(
        "/articles/{doc_id}",
        summary="Set title, author or date (kept as an override that every later ingest applies) and re-read the article",
        responses={
            400: {"description": "a value the overrides file may not hold"},
            404: {},
            409: {"description": "a write under way"},
        },
    )
    async def edit(doc_id: str, body: EditRequest) -> dict[str, Any]:
        fields = {name: getattr(body, name) for name in body.model_fields_set}
        if not fields:
            raise ApiError(400, 'Nothing to change: send any of "title", "author", "date" (null gives one back to the article).')
        return await _run(library.edit, doc_id, fields)

    @router.delete(
        "/articles/{doc_id}",
        summary='Remove an article as `otsqa remove` does, confirmed by {"confirm": "<doc_id>"}; an uploaded file goes too',
        responses={400: {"description": "not confirmed"}, 404: {}, 409: {"description": "a write under way"}},
    )
    async def remove(doc_id: str, body: RemoveRequest) -> dict[str, Any]:
        if body.confirm != doc_id:
            raise ApiError(400, f'To remove {doc_id}, confirm it: send {{"confirm": "{doc_id}"}} (its id, again).')
        return await _run(library.remove, doc_id)

    @router.post(
        "/upload",
        summary=(
            "Upload articles (multipart field `files`, types as `otsqa ingest`): each file's result, the ingest's report, "
            "the ingest worker's pid, jobs and model loads"
        ),
        responses={
            400: {"description": "every file refused (type, name, size, empty, binary, archive), with the reason each"},
            409: {"description": "another upload or write under way"},
            413: {"description": "a body over the upload limit"},
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "properties": {"files": {"type": "array", "items": {"type": "string", "format": "binary"}}},
                            "required": ["files"],
                        }
                    }
                },
            }
        },
    )
    async def upload(request: Request) -> dict[str, Any]:
        # The body is read here, after the token check (a route's declared form would be read before it).
        if not request.headers.get("content-type", "").startswith("multipart/form-data"):
            raise ApiError(400, "Send the files as multipart/form-data, in the field `files` (curl: -F files=@article.txt).")
        try:
            form = await request.form(max_files=MAX_FILES, max_fields=MAX_FILES)
        except BodyTooLarge as exc:
            raise ApiError(413, str(exc)) from None
        try:
            given = [f for f in form.getlist("files") + form.getlist("file") if isinstance(f, UploadFile)]
            if not given:
                raise ApiError(400, "No file in the request: send each file in the multipart field `files`.")
            # An oversized file is refused by its size: only its start is read, never all of it.
            limit = library.settings.upload_max_bytes
            files = [(f.filename or "", await f.read(limit + 1), f.size or 0) for f in given]
        finally:
            await form.close()
        result = await _run(library.upload, files)
        if all(f["status"] == "refused" for f in result["files"]):
            raise ApiError(400, " ".join(f["error"] for f in result["files"]), None, result)
        return result

    @router.post(
        "/explain",
        summary="The retrieval test: what each stage found for a question (501 until this build has it)",
        responses={501: {"description": "assistant/explain.py is not part of this build"}},
    )
    async def explain(body: ExplainRequest) -> dict[str, Any]:
        # The trace is written by assistant/explain.py (its own branch): used when it is there, so the two
        # merge without touching this route.
        try:
            from assistant import explain as tracing
        except ImportError as exc:  # missing, or left behind by the parts it reads: either way not usable here
            missing = isinstance(exc, ModuleNotFoundError) and exc.name == "assistant.explain"
            why = "assistant/explain.py is missing" if missing else f"assistant/explain.py cannot be loaded: {exc}"
            raise ApiError(501, f"The retrieval test is not in this build ({why}); ask POST /api/ask meanwhile.") from None
        check_question(body.question)
        try:
            trace = await _run(lambda: tracing.explain(library.service.assistant(), body.question))
        except ConfigError as exc:  # a configuration without the stages it traces
            raise ApiError(501, str(exc)) from None
        return _as_json(trace)

    return router


async def _run(function: Callable, *args):
    """Run a library call in a worker thread, its refusals turned into statuses (store errors are the
    app's handlers': 503 with a message)."""
    try:
        return await to_thread.run_sync(function, *args)
    except ArticleNotFoundError as exc:
        raise ApiError(404, str(exc)) from None
    except (UploadError, OverridesError) as exc:  # (before ConfigError, which an OverridesError is)
        raise ApiError(400, str(exc)) from None
    except IngestLockedError as exc:
        raise ApiError(409, str(exc)) from None
    except IngestStoppedError as exc:  # the server's own failure, in words; its log has the child's output
        raise ApiError(500, str(exc)) from None
    except IngestError as exc:
        raise ApiError(409, str(exc)) from None


def _as_json(trace: Any) -> dict[str, Any]:
    """The trace as JSON, whatever shape the explain module gives it (a dict, `to_json()`, a dataclass)."""
    if hasattr(trace, "to_json"):
        trace = trace.to_json()
    elif dataclasses.is_dataclass(trace) and not isinstance(trace, type):
        trace = dataclasses.asdict(trace)
    return trace if isinstance(trace, dict) else {"trace": trace}
