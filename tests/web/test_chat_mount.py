"""The chat built after the API (web/chat_mount.py, as `otsqa serve` builds it): the API answers while the
chat is held back, `/` says it is starting, the health check says which it is, every check in front of
the routes applies to the chat mounted late, and the chat then works as it always did. Real servers on
127.0.0.1, the real store; the chat's build is held by an Event the test sets, not by a sleep."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import httpx
import pytest

from tests.web.conftest import INTRANET, QUESTION, served
from web.server import build_app

BROWSER = {"Accept": "text/html,application/xhtml+xml"}
TOKEN = "late-chat-token-for-tests"
JOIN = {"data": [QUESTION, []], "fn_index": 0, "session_hash": "late0001", "event_data": None, "trigger_id": None}


def _until(check, seconds: float = 120.0):
    """Polls ``check`` until it returns something true (the chat's build takes seconds: Gradio's import)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        seen = check()
        if seen:
            return seen
        time.sleep(0.05)
    raise AssertionError(f"not so after {seconds} s")


def _chat_state(url: str, **headers) -> str:
    return httpx.get(url + "/api/health", headers=headers, timeout=30).json()["chat"]


def _settings(ingested, tmp_path, **overrides):
    return ingested.settings.model_copy(update={"data_dir": tmp_path / "data", "rate_limit_per_minute": 0} | overrides)


@pytest.mark.slow
def test_the_api_answers_while_the_chat_is_held_and_the_chat_comes_after(ingested, assistant, tmp_path):
    held = threading.Event()
    app = build_app(_settings(ingested, tmp_path), assistant, chat_after=held.wait)
    with served(app) as url:
        answer = httpx.post(url + "/api/ask", json={"question": QUESTION}, timeout=60)
        assert answer.status_code == 200 and "Gabala" in answer.json()["answer"]
        health = httpx.get(url + "/api/health", timeout=30)
        assert health.status_code == 200
        assert health.json() == {"status": "ok", "ready": True, "chat": "starting", "config": "grounded"}
        # A person meets a page that says so and reloads itself; a script, JSON; both a 503 to retry.
        page = httpx.get(url + "/", headers=BROWSER, timeout=30)
        assert page.status_code == 503 and page.headers["retry-after"] == "1"
        assert page.headers["content-type"].startswith("text/html") and page.headers["cache-control"] == "no-store"
        assert '<meta http-equiv="refresh" content="1">' in page.text and "The chat is starting" in page.text
        assert "/api/ask" in page.text and "gradio" not in page.text.lower()
        script = httpx.get(url + "/config", timeout=30)
        assert script.status_code == 503 and "starting" in script.json()["error"]
        assert httpx.head(url + "/", headers=BROWSER, timeout=30).status_code == 503
        # Everything but the chat is there already.
        for path in ("/widget.js", "/docs", "/openapi.json", "/api/articles"):
            assert httpx.get(url + path, timeout=30).status_code == 200, path
        assert httpx.get(url + "/api/nothing-here", timeout=30).status_code == 404  # the API's own 404, not the chat's

        held.set()
        _until(lambda: _chat_state(url) == "ready")
        page = httpx.get(url + "/", headers=BROWSER, timeout=30)
        assert page.status_code == 200 and "gradio" in page.text.lower() and "retry-after" not in page.headers
        config = httpx.get(url + "/config", timeout=30).json()
        assert any(c["props"].get("elem_id") == "ots-question" for c in config["components"])
        from gradio_client import Client

        assert "Gabala" in Client(url + "/", verbose=False).predict(QUESTION, api_name="/chat")


@pytest.mark.slow
def test_every_check_applies_to_the_chat_mounted_late(ingested, assistant, tmp_path):
    held = threading.Event()
    settings = _settings(ingested, tmp_path, api_token=TOKEN, allowed_origins=[INTRANET])
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    with served(build_app(settings, assistant, chat_after=held.wait)) as url:
        port = url.rsplit(":", 1)[1]
        # While it starts: the starting page is behind the same checks.
        assert httpx.get(url + "/", headers=BROWSER).status_code == 303  # to /sign-in
        assert httpx.get(url + "/config").status_code == 401
        assert httpx.get(url + "/config", headers=bearer | {"Host": f"evil.example:{port}"}).status_code == 421
        held.set()
        _until(lambda: _chat_state(url) == "ready")
        # Once mounted, Gradio's routes are guarded as they were when the chat was built with the app.
        page = httpx.get(url + "/", headers=BROWSER)
        assert page.status_code == 303 and page.headers["location"] == "/sign-in"
        for method, path, body in (
            ("POST", "/gradio_api/queue/join", JOIN),
            ("POST", "/gradio_api/call/chat", {"data": [QUESTION]}),
            ("GET", "/config", None),
            ("GET", "/gradio_api/info", None),
        ):
            reply = httpx.request(method, url + path, json=body, timeout=60)
            assert reply.status_code == 401 and "token" in reply.json()["error"], (path, reply.status_code)
            assert "Gabala" not in reply.text
        assert httpx.get(url + "/config", headers=bearer).status_code == 200
        assert httpx.post(url + "/gradio_api/queue/join", json=JOIN, headers=bearer).status_code == 200
        # A name the server is not known by (DNS rebinding), another site's origin, a closed route.
        rebound = httpx.get(url + "/config", headers=bearer | {"Host": f"evil.example:{port}"})
        assert rebound.status_code == 421 and "OTSQA_PUBLIC_HOSTS" in rebound.json()["error"]
        evil = httpx.get(url + "/gradio_api/info", headers=bearer | {"Origin": "http://evil.example"})
        assert evil.status_code == 403 and "OTSQA_ALLOWED_ORIGINS" in evil.json()["error"]
        allowed = httpx.get(url + "/gradio_api/info", headers=bearer | {"Origin": INTRANET})
        assert allowed.status_code == 200 and allowed.headers["access-control-allow-origin"] == INTRANET
        assert allowed.headers["content-security-policy"] == f"frame-ancestors 'self' {INTRANET}"
        upload = httpx.post(url + "/gradio_api/upload", headers=bearer, files={"files": ("x.html", b"<p>x</p>", "text/html")})
        assert upload.status_code == 404 and "no file uploads" in upload.json()["error"]
        signed = httpx.post(url + "/sign-in", data={"token": TOKEN})
        session = {"Cookie": signed.headers["set-cookie"].split(";")[0]}
        chat = httpx.get(url + "/", headers=BROWSER | session)
        assert chat.status_code == 200 and "og:" not in chat.text  # NoSocialPreviews, as before


@pytest.mark.slow
def test_a_chat_that_cannot_be_built_is_said_and_the_api_still_answers(ingested, assistant, tmp_path):
    def broken() -> None:
        raise RuntimeError("a chat that will not build, for the test")

    with served(build_app(_settings(ingested, tmp_path), assistant, chat_after=broken)) as url:
        _until(lambda: _chat_state(url) == "failed")
        assert httpx.get(url + "/api/health").json()["ready"] is True
        page = httpx.get(url + "/", headers=BROWSER)
        assert page.status_code == 503 and "retry-after" not in page.headers and "refresh" not in page.text
        assert "could not start" in page.text and "a chat that will not build" in page.text
        assert httpx.post(url + "/api/ask", json={"question": QUESTION}, timeout=60).status_code == 200


@pytest.mark.slow
def test_a_slow_warm_up_holds_the_chat_no_longer_than_its_patience(ingested, assistant, tmp_path):
    """`otsqa serve` warms up where the chat is then built; a warm-up that takes long (a language model's)
    must not keep the chat from people: past ``chat_patience`` another thread builds it."""
    held = threading.Event()
    app = build_app(_settings(ingested, tmp_path), assistant, chat_after=held.wait, chat_patience=0.5)
    try:
        with served(app) as url:
            _until(lambda: _chat_state(url) == "ready")
            assert not held.is_set() and httpx.get(url + "/", headers=BROWSER).status_code == 200
    finally:
        held.set()


def test_the_chat_built_with_the_app_is_ready_at_once(client):
    assert client.get("/api/health").json()["chat"] == "ready"
    assert client.get("/", headers=BROWSER).status_code == 200


@pytest.mark.slow
def test_the_app_that_answers_first_imports_no_gradio_and_no_torch(ingested):
    """What `otsqa serve` builds before the chat, and a first answer through it, in a process of its own:
    neither Gradio (the chat's, ~2 s to import) nor torch is imported on the way."""
    script = (
        "import sys; from fastapi.testclient import TestClient; from otsqa.settings import load_settings;"
        "from web.server import build_app;"
        "client = TestClient(build_app(load_settings(), chat_after=lambda: None), base_url='http://localhost');"
        f"reply = client.post('/api/ask', json={{'question': {QUESTION!r}}});"
        "loaded = sorted({'gradio', 'torch', 'sentence_transformers', 'transformers'} & set(sys.modules));"
        "print(reply.status_code, reply.json()['answer'][:60], loaded)"
    )
    env = os.environ | {"OTSQA_DATA_DIR": str(ingested.settings.data_dir)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("200 ") and "Gabala" in done.stdout and done.stdout.strip().endswith("[]"), done.stdout
