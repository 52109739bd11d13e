"""`GET /widget.js`: the embeddable widget. It is static and public (it does nothing without the
API, which the origin list and token guard), cached briefly, and served with a CORS grant so pages
may load it with `crossorigin`."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import Response

WIDGET_JS = Path(__file__).parent / "static" / "widget.js"


def build_widget_router() -> APIRouter:
    router = APIRouter(tags=["widget"])
    script = WIDGET_JS.read_bytes()

    @router.get("/widget.js", summary="The embeddable chat widget (see docs/widget.md)")
    def widget() -> Response:
        return Response(
            script,
            media_type="text/javascript; charset=utf-8",
            headers={"Cache-Control": "public, max-age=300", "Access-Control-Allow-Origin": "*"},
        )

    return router
