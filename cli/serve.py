"""`otsqa serve`: the web chat, the HTTP API and the widget from one process (`python app.py` too)."""

from __future__ import annotations

import argparse
import sys

from otsqa.settings import Settings
from web.server import DEFAULT_HOST, DEFAULT_PORT


def register(commands: argparse._SubParsersAction) -> None:
    serve = commands.add_parser(
        "serve",
        help="serve the web chat, the HTTP API and the widget",
        description="Serve the web chat at /, the JSON API under /api (OpenAPI docs at /docs) and the embeddable "
        "widget at /widget.js from one process. Other sites may embed or call it only when listed in "
        "OTSQA_ALLOWED_ORIGINS; OTSQA_API_TOKEN, when set, is required on API calls.",
    )
    serve.add_argument("--host", default=DEFAULT_HOST, help=f"interface to listen on (default {DEFAULT_HOST}; 0.0.0.0 for all)")
    serve.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    serve.set_defaults(handler=_serve)


def _serve(settings: Settings, args: argparse.Namespace) -> int:
    from web.server import serve

    if not 0 < args.port < 65536:
        print(f"otsqa serve: --port must be 1-65535, not {args.port}", file=sys.stderr)
        return 2
    return serve(settings, args.host, args.port)
