"""The API docs work with no internet, and no page the app serves loads anything from another host.

`/docs` (Swagger UI) is FastAPI's page pointed at copies of its files served by the app
(web/api_docs.py). The slow test opens it in Debian's headless Chromium, served by a real
`otsqa serve`, with every other host unreachable; the fast ones read every page and script the app
serves and look for a URL of another host wherever a browser would fetch it."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
from urllib.parse import urljoin, urlsplit

import httpx
import pytest
from fastapi.testclient import TestClient

from otsqa.settings import REPO_ROOT
from tests.conftest import make_settings
from tests.web.conftest import LOCAL
from web.api_docs import ASSETS, FILES
from web.server import build_app

LOCAL_HOSTS = {"127.0.0.1", "localhost"}
# Where a browser fetches a URL by itself: src/href/action/poster/srcset attributes, CSS url() and
# @import, JavaScript import/from, and `src:` in a script (an element made by code, as ReDoc's logo).
# (A URL in text or in a <meta content> is not fetched.)
FETCHED = re.compile(
    r"""(?:\b(?:src|href|action|poster|srcset|data)\s*=\s*["']?|\bsrc\s*:\s*["'`]|url\(\s*["']?|@import\s+["']?"""
    r"""|\bimport\s*\(?\s*["']|\bfrom\s*["'])"""
    r"""\s*(?P<url>(?:https?:)?//[^\s"'()<>]+)""",
    re.IGNORECASE,
)
COMMENTS = re.compile(r"/\*.*?\*/|<!--.*?-->", re.DOTALL)  # a usage example in a comment fetches nothing
TEXT_TYPES = ("text/html", "text/javascript", "application/javascript", "text/css")
OPERATIONS = ["/api/health", "/api/ask", "/api/ask/stream", "/api/articles", "/api/feedback"]


@pytest.fixture(scope="module")
def client(tmp_path_factory) -> TestClient:
    """The whole app, nothing ingested (pages need no answers)."""
    return TestClient(build_app(make_settings(tmp_path_factory.mktemp("docs"))), base_url=LOCAL)


def other_hosts(text: str) -> list[str]:
    """URLs in fetched positions that point at a host other than the app's."""
    found = []
    for match in FETCHED.finditer(COMMENTS.sub("", text)):
        url = match.group("url")
        if urlsplit(url if "//" in url[:8] else "http:" + url).hostname not in LOCAL_HOSTS:
            found.append(url)
    return found


def served_pages(client: TestClient) -> dict[str, str]:
    """Every page, script and style the app serves: the pages outside the API description (the chat at
    `/` with its config and API view, which are Gradio's, and the two doc pages), every GET operation
    the description lists that answers HTML, JavaScript or CSS (the widget), and the same-origin files
    all of these load (one level), by path."""
    paths = ["/", "/?view=api", "/config", "/docs"]
    spec = client.get("/openapi.json").json()
    paths += [path for path, operations in spec["paths"].items() if "get" in operations and "{" not in path]
    pages: dict[str, str] = {}
    for path in dict.fromkeys(paths):
        reply = client.get(path)
        kind = reply.headers.get("content-type", "")
        if reply.status_code != 200:
            continue
        if path == "/config":  # the chat's components, their HTML among them
            pages[path] = "\n".join(_strings(reply.json()))
        elif kind.startswith(TEXT_TYPES):
            pages[path] = reply.text
    for path, text in list(pages.items()):
        for ref in re.findall(r"""\b(?:src|href)\s*=\s*["']([^"'#]+)["']""", text):
            target = urlsplit(urljoin(LOCAL + path, ref))
            if target.hostname == "localhost" and target.path not in pages:
                reply = client.get(target.path)
                if reply.status_code == 200 and reply.headers.get("content-type", "").startswith(TEXT_TYPES):
                    pages[target.path] = reply.text
    return pages


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return []


def test_no_page_the_app_serves_loads_anything_from_another_host(client):
    pages = served_pages(client)
    # The check reaches what people open: the chat, the API docs and their files, the widget.
    expected = {"/", "/config", "/docs", "/widget.js", f"{ASSETS}/swagger-ui-bundle.js", f"{ASSETS}/swagger-ui.css"}
    assert expected <= set(pages), sorted(pages)
    assert any(path.startswith("/assets/") and path.endswith(".js") for path in pages), "Gradio's own script was not checked"
    found = {path: hosts for path, text in pages.items() if (hosts := other_hosts(text))}
    assert found == {}, f"pages that would load from another host (offline they break): {found}"


def test_the_check_finds_what_it_is_for():
    assert other_hosts('<script src="https://cdn.example/x.js"></script>') == ["https://cdn.example/x.js"]
    assert other_hosts("<link rel=stylesheet href=//fonts.example/css>") == ["//fonts.example/css"]
    assert other_hosts("body{background:url('https://img.example/a.png')}") == ["https://img.example/a.png"]
    assert other_hosts('@import "http://css.example/a.css";') == ["http://css.example/a.css"]
    assert other_hosts('import x from "https://esm.example/m.js"; import("https://esm.example/n.js")') == [
        "https://esm.example/m.js",
        "https://esm.example/n.js",
    ]
    assert other_hosts('createElement("img",{alt:"logo",src:"https://cdn.example/logo.svg"})') == ["https://cdn.example/logo.svg"]
    assert other_hosts('<a href="/docs">docs</a> <img src="http://127.0.0.1:7860/a.png">') == []
    assert other_hosts('<meta content="https://preview.example/card.jpg"> see https://example.org') == []
    assert other_hosts('/* usage: <script src="http://HOST:PORT/widget.js"> */') == []


def test_no_page_names_another_host_in_its_meta_tags(client):
    # Gradio's template announces the page as "Gradio" with an image on GitHub when a link is shared.
    pages = {path: text for path, text in served_pages(client).items() if "<meta" in text}
    assert "/" in pages
    for path, text in pages.items():
        for tag in re.findall(r"<meta\s[^>]*>", text):
            urls = re.findall(r"(?:https?:)?//[^\s\"'<>]+", tag)
            assert all(urlsplit(u if u.startswith("http") else "http:" + u).hostname in LOCAL_HOSTS for u in urls), (path, tag)
    assert 'content="Gradio"' not in pages["/"] and "og:" not in pages["/"] and "twitter:" not in pages["/"]


def test_the_preview_tags_go_and_nothing_else(client):
    from web.page_head import without_previews

    page = b'<head><meta charset="utf-8" />\n<meta\n  property="og:image"\n  content="https://x.example/a.jpg"\n/>\n'
    page += b'<meta name="twitter:card" content="summary" /><meta name="viewport" content="width=device-width" /></head>'
    kept = b'<head><meta charset="utf-8" />\n<meta name="viewport" content="width=device-width" /></head>'
    assert without_previews(page) == kept
    reply = client.get("/")
    assert reply.status_code == 200 and int(reply.headers["content-length"]) == len(reply.content)
    assert client.head("/").headers["content-length"] == reply.headers["content-length"]
    assert re.search(r"""src=["'][^"']*assets/index-[^"']+\.js""", reply.text), "the page lost Gradio's own script"


def test_docs_pages_point_at_the_apps_own_copies(client):
    page = client.get("/docs").text
    assert f'src="{ASSETS}/swagger-ui-bundle.js"' in page and f'href="{ASSETS}/swagger-ui.css"' in page
    assert "url: '/openapi.json'" in page or '"/openapi.json"' in page
    assert client.get("/redoc").status_code == 404  # FastAPI's ReDoc page is off: its bundle fetches a logo from a CDN
    for name, kind in FILES.items():
        reply = client.get(f"{ASSETS}/{name}")
        assert reply.status_code == 200 and reply.headers["content-type"] == kind and len(reply.content) > 1000, name
    assert client.get(f"{ASSETS}/settings.py").status_code == 404  # only the files named, nothing else of the folder
    assert client.head("/docs").status_code == 200 and client.get("/docs/oauth2-redirect").status_code == 200
    assert not any(path.startswith("/docs") for path in client.get("/openapi.json").json()["paths"])


# --- a real server and a browser with no network ---------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`otsqa serve` in its own process on 127.0.0.1, with an empty data dir; yields its URL."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("OTSQA_")} | {
        "OTSQA_DATA_DIR": str(tmp_path_factory.mktemp("served"))
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=REPO_ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert process.poll() is None, process.stdout.read().decode()
            try:
                if httpx.get(url + "/api/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "otsqa serve did not answer within 120 s"
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def offline_page():
    """A page in headless Chromium that can reach 127.0.0.1 and nothing else: every other name is
    unresolvable (--host-resolver-rules) and every request elsewhere fails as "internet disconnected"
    before it leaves (Chromium's own offline emulation would cut 127.0.0.1 too, so the test turns it on
    only once the page has loaded). Yields the page and the URLs it tried to fetch from other hosts."""
    from tests.web.test_browser import CHROMIUM, CHROMIUM_FLAGS

    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (as root), or `sudo apt-get install -y chromium`.")
    from playwright.sync_api import sync_playwright

    elsewhere: list[str] = []

    def cut_off(route):
        if urlsplit(route.request.url).hostname in LOCAL_HOSTS:
            route.continue_()
        else:
            elsewhere.append(route.request.url)
            route.abort("internetdisconnected")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        context = browser.new_context(viewport={"width": 1200, "height": 1000}, service_workers="block")
        context.route("**/*", cut_off)
        page = context.new_page()
        page.on("request", lambda request: _note_elsewhere(request.url, elsewhere))
        try:
            yield page, elsewhere
        finally:
            browser.close()


def _note_elsewhere(url: str, elsewhere: list[str]) -> None:
    if url.startswith(("http:", "https:")) and urlsplit(url).hostname not in LOCAL_HOSTS and url not in elsewhere:
        elsewhere.append(url)


@pytest.mark.slow
def test_docs_render_the_api_operations_in_a_browser_with_no_network(served, offline_page):
    from playwright.sync_api import expect

    page, elsewhere = offline_page
    page.goto(served + "/docs")
    page.wait_for_selector(".opblock-summary-path", timeout=30_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert all(any(p.replace("\u200b", "") == op for p in paths) for op in OPERATIONS), paths
    assert "OTS security assistant" in page.locator(".info .title").inner_text()

    page.context.set_offline(True)  # from here on not even 127.0.0.1: what follows runs in the page alone
    ask = page.locator(".opblock-post", has=page.locator(".opblock-summary-path[data-path='/api/ask']"))
    ask.locator(".opblock-summary").click()  # the operation opens with its request body and responses
    # The body is attached before Swagger UI fills it in: wait for its text, not only for the element.
    expect(ask.locator(".opblock-body")).to_contain_text("question", timeout=10_000)
    page.screenshot(path=str(_artifact("docs.png")), full_page=True)
    assert elsewhere == [], f"the docs tried to reach other hosts: {elsewhere}"


def _artifact(name: str):
    folder = REPO_ROOT / "test-artifacts"
    folder.mkdir(exist_ok=True)
    return folder / name


def test_openapi_json_describes_the_operations(client):
    spec = client.get("/openapi.json").json()
    assert set(OPERATIONS) <= set(spec["paths"])
    assert json.dumps(spec).count("http") == 0  # no server URL or external link baked into the spec


def test_openapi_json_describes_the_ask_filters(client):
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    assert "filters" in schemas["AskRequest"]["properties"]
    assert set(schemas["AskFilters"]["properties"]) == {"doc_ids", "date_from", "date_to"}
    assert "GET /api/articles" in schemas["AskFilters"]["properties"]["doc_ids"]["description"]
