"""`/docs` (Swagger UI) with no internet. FastAPI's own page loads its script, style and favicon from a
CDN, so offline it is blank; this is the same page (FastAPI's ``get_swagger_ui_html``) pointed at copies
served by this app under `/docs-assets/`. The copies ship in the PyPI package `fastapi-offline` (MIT;
the Swagger UI it bundles is Apache-2.0); only its static files are used. Swagger UI's online
validator is off: nothing on the page names another host.

There is no `/redoc`: ReDoc's bundle always shows its vendor's logo, fetched from the vendor's CDN.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import FileResponse, HTMLResponse

from otsqa.errors import ConfigError

ASSETS = "/docs-assets"
FILES = {
    "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
    "swagger-ui.css": "text/css; charset=utf-8",
    "favicon.png": "image/png",
}


def assets_folder() -> Path:
    """The folder holding the Swagger UI files (found without importing the package)."""
    spec = importlib.util.find_spec("fastapi_offline")
    if spec is None or not spec.submodule_search_locations:
        raise ConfigError("The package fastapi-offline is missing (it serves /docs offline): run `make setup`.")
    return Path(next(iter(spec.submodule_search_locations))) / "static"


def build_docs_router(app: FastAPI) -> APIRouter:
    """Routes for `/docs` and its assets. The app must be built with ``docs_url=None`` and
    ``redoc_url=None`` so that FastAPI's CDN pages are not served."""
    folder = assets_folder()
    missing = [name for name in FILES if not (folder / name).is_file()]
    if missing:
        raise ConfigError(f"fastapi-offline lacks {', '.join(missing)} in {folder}: reinstall it with `make setup`.")
    router = APIRouter(include_in_schema=False)

    def base(request: Request) -> str:
        return request.scope.get("root_path", "").rstrip("/")

    # GET and HEAD, and the OAuth redirect page, as FastAPI's own /docs had them.
    @router.api_route("/docs", methods=["GET", "HEAD"])
    def swagger(request: Request) -> HTMLResponse:
        root = base(request)
        return get_swagger_ui_html(
            openapi_url=f"{root}{app.openapi_url}",
            title=f"{app.title} - Swagger UI",
            swagger_js_url=f"{root}{ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{root}{ASSETS}/favicon.png",
            oauth2_redirect_url=f"{root}/docs/oauth2-redirect",
            # null: no badge image fetched from the public validator for a spec it cannot reach anyway.
            swagger_ui_parameters={"validatorUrl": None},
        )

    @router.api_route("/docs/oauth2-redirect", methods=["GET", "HEAD"])
    def oauth2_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    for name, media_type in FILES.items():
        router.add_api_route(f"{ASSETS}/{name}", _asset(folder / name, media_type), methods=["GET", "HEAD"])
    return router


def _asset(path: Path, media_type: str):
    def serve() -> FileResponse:
        return FileResponse(path, media_type=media_type, headers={"Cache-Control": "public, max-age=86400"})

    return serve
