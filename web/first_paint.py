"""The chat page is sent in the reader's language (issue 24), so it is painted in it from the start.

Gradio sends one page to everyone: its components' words are those the Blocks were built with (English),
in the JSON of ``window.gradio_config`` inside the page, and the page's load event (web/chat.py `opening`)
put the reader's words in only after the page had been drawn: a Russian reader saw "Send", "Filters" and
the English intro for a moment. `FirstPaint` writes the reader's words into that JSON on the way out,
the same words the load event sets (web/chrome.py `chat_words`), in the language chosen as the load event
chooses it (web/chrome.py `choose`: OTSQA_LANGUAGE, ``?lang=``, Accept-Language), and sets ``<html lang>``.
An English page goes out as Gradio made it.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs

from starlette.types import ASGIApp, Scope

from web import chrome
from web.page_head import EditedPages
from web.render import render_empty

CHAT_PAGE = "/"
# Gradio's template: `<script>window.gradio_config = {{ config | toorjson }};</script>`. toorjson writes "<"
# as \u003c, so the first ";</script>" after it ends the JSON.
_CONFIG = re.compile(rb"(<script>window\.gradio_config = )(.*?)(;</script>)", re.S)
_HTML_LANG = re.compile(rb'(<html\b[^>]*?\blang=")[^"]*(")', re.S)
# What gradio's toorjson escapes, so no text in the JSON can end the script or open markup.
_SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "'": "\\u0027"})


class FirstPaint(EditedPages):
    """Puts the reader's words into the chat page (see the module docstring). ``title``: OTSQA_TITLE;
    ``forced``: OTSQA_LANGUAGE."""

    def __init__(self, app: ASGIApp, title: str, forced: str = "auto"):
        super().__init__(app)
        self.title = title
        self.forced = forced

    def wants(self, scope: Scope) -> bool:
        return scope["path"] == CHAT_PAGE

    def headers(self, scope: Scope) -> list[tuple[bytes, bytes]]:
        return [(b"vary", b"Accept-Language")]  # the same address is another page in another language

    def edit(self, scope: Scope, page: bytes) -> bytes:
        language = self.language(scope)
        found = _CONFIG.search(page)
        if language == "en" or found is None:  # English as built; or not the chat (the page saying it is starting)
            return page
        config = json.loads(found.group(2))
        dress(config, {**chrome.chat_words(language, self.title), "ots-transcript": {"value": render_empty(None, language)}})
        written = json.dumps(config, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_SAFE).encode()
        page = page[: found.start(2)] + written + page[found.end(2) :]
        return _HTML_LANG.sub(lambda m: m.group(1) + language.encode() + m.group(2), page, count=1)

    def language(self, scope: Scope) -> str:
        asked = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("lang", [None])[0]
        accepted = dict(scope.get("headers") or []).get(b"accept-language", b"").decode("latin-1")
        return chrome.choose(self.forced, asked, accepted)[0]


def dress(config: dict, words: dict[str, dict[str, str]]) -> None:
    """Sets each component's properties that ``words`` names (by its elem_id) in Gradio's page config."""
    for component in config.get("components", []):
        props = component.get("props") or {}
        props.update(words.get(props.get("elem_id"), {}))
