"""`GET /widget.js`: the embeddable widget. It is static and public (it does nothing without the
API, which the origin list and token guard), cached briefly, and served with a CORS grant so pages
may load it with `crossorigin`."""

from __future__ import annotations

import json
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import Response

from otsqa.dates import date_shapes
from otsqa.messages import messages

WIDGET_JS = Path(__file__).parent / "static" / "widget.js"


def build_widget_router(language: str = "auto") -> APIRouter:
    """``language``: OTSQA_LANGUAGE; one that forces the questions' language forces the widget's words too."""
    router = APIRouter(tags=["widget"])
    # The answer's and the widget's own words in every language, written into the script once (knowledge kept
    # in one file: otsqa/messages.json); "<" escaped so no text can close the script.
    words = json.dumps(messages(), ensure_ascii=False).replace("<", "\\u003c")
    forced = json.dumps("" if language == "auto" else language).replace("<", "\\u003c")
    # How each language writes a date (otsqa/dates.json, as otsqa/dates.py's written_date reads it).
    dates = json.dumps(date_shapes(), ensure_ascii=False).replace("<", "\\u003c")
    script = WIDGET_JS.read_text(encoding="utf-8").replace("/*OTSQA_MESSAGES*/ {}", words)
    script = script.replace("/*OTSQA_DATES*/ {}", dates)
    script = script.replace('/*OTSQA_LANGUAGE*/ ""', forced).encode("utf-8")

    @router.get("/widget.js", summary="The embeddable chat widget (see docs/widget.md)")
    def widget() -> Response:
        return Response(
            script,
            media_type="text/javascript; charset=utf-8",
            headers={"Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*"},
        )

    return router
