"""`/article/<doc_id>?mark=S-E,…`: a whole cleaned article with the quoted sentences marked, opened at the
first of them (issue 25, point 10).

A source in the chat, the widget or the API (`article_url` on every citation) links here, so an analyst
can read a quote in its article. The page is plain HTML (no Gradio, no script): the text is the store's
cleaned text, the very text quotes are slices of, so a mark is the quote at its offsets; the browser
scrolls to the first mark by the link's `#m1`. It sits behind the same guards as the chat (the token's
session, the host and origin checks), and shows nothing but what an answer could quote.

Its own words (the headings of a missing article, the date under the title, `<html lang>`) are in the
reader's language, chosen as the chat's (web/chrome.py `choose`: OTSQA_LANGUAGE, `?lang=`, Accept-Language);
the article's text and title are the article's.
"""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from otsqa.dates import written_date
from otsqa.errors import StoreError
from otsqa.languages import detect
from web import chrome
from web.reader_messages import for_readers

if TYPE_CHECKING:
    from web.service import AssistantService

MAX_MARKS = 50
_MARK = re.compile(r"^(\d{1,9})-(\d{1,9})$")


def build_article_router(service: AssistantService) -> APIRouter:
    router = APIRouter()

    @router.get("/article/{doc_id}", include_in_schema=False)
    def article(request: Request, doc_id: str, mark: str = "") -> HTMLResponse:
        asked, accepted = request.query_params.get("lang"), request.headers.get("accept-language")
        language, _ = chrome.choose(service.settings.language, asked, accepted)
        say = lambda key: chrome.word(key, language)  # noqa: E731
        try:
            store = getattr(service.assistant().retriever, "store", None)
            record = store.article(doc_id) if store is not None else None
        except StoreError as exc:
            return _page(say("article_unavailable"), f"<p>{escape(for_readers(exc, language))}</p>", 503, language)
        if record is None or not record.text:
            gone = f"<h1>{escape(say('article_missing_title'))}</h1><p>{escape(say('article_missing'))}</p>"
            return _page(say("article_missing_title"), gone, 404, language)
        spans = _spans(mark, len(record.text))
        byline = " · ".join(x for x in (record.author, written_date(record.date or "", language)) if x)
        # The title and the text in the article's own language, for screen readers and translation: a Russian
        # page may show an English article.
        own = escape(detect(record.text[:2000]))
        head = f'<h1 lang="{own}">{escape(record.title or doc_id)}</h1>'
        head += f'<p class="by">{escape(byline)}</p>' if byline else ""
        body = f'<article lang="{own}">{_marked(record.text, spans)}</article>'
        return _page(record.title or doc_id, head + body, 200, language)

    return router


def _spans(mark: str, length: int) -> list[tuple[int, int]]:
    """The marks asked for that lie inside the text, in order, overlaps dropped; malformed ones ignored."""
    found = []
    for part in mark.split(",")[:MAX_MARKS]:
        if (m := _MARK.match(part.strip())) and int(m[1]) < int(m[2]) <= length:
            found.append((int(m[1]), int(m[2])))
    kept: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if not kept or start >= kept[-1][1]:
            kept.append((start, end))
    return kept


def _marked(text: str, spans: list[tuple[int, int]]) -> str:
    out, at = [], 0
    for n, (start, end) in enumerate(spans, 1):
        out.append(escape(text[at:start]))
        out.append(f'<mark id="m{n}">{escape(text[start:end])}</mark>')
        at = end
    out.append(escape(text[at:]))
    return "".join(out)


_STYLE = """
body{margin:0;font:17px/1.6 system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;background:#fff;color:#1f2328;}
main{max-width:760px;margin:0 auto;padding:24px 20px 64px;}
h1{font-size:24px;line-height:1.3;margin:0 0 4px;}
.by{color:#57606a;margin:0 0 20px;}
article{white-space:pre-wrap;overflow-wrap:anywhere;}
mark{background:#fde68a;color:#1f2328;border-radius:2px;scroll-margin-top:30vh;}
mark:target{outline:3px solid #1a56db;}
@media (prefers-color-scheme:dark){body{background:#16181d;color:#e8eaed;}.by{color:#b4bac3;}
mark{background:#6b5a12;color:#fff8dc;}mark:target{outline-color:#8ab4f8;}}
"""


def _page(title: str, body: str, status: int, language: str = "en") -> HTMLResponse:
    page = (
        f'<!doctype html><html lang="{escape(language)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head><body><main>{body}</main></body></html>"
    )
    return HTMLResponse(page, status_code=status, headers={"Cache-Control": "no-store"})
