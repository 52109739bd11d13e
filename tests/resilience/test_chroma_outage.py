"""The Chroma server goes away while `otsqa serve` runs: questions get a 503 that says so, the health
check reports it, the chat's API says it in words, and answers resume by themselves when the server
is back on the same port and path, with no restart of the app. A paused (stalled) server gives the
same 503 after OTSQA_CHROMA_TIMEOUT instead of hanging every question."""

from __future__ import annotations

import time

import httpx
import pytest

from ingest import ingest_paths
from otsqa.errors import StoreUnavailableError
from tests.conftest import make_settings
from tests.resilience.procs import ChromaServer, Served, otsqa_env
from web.reader_messages import UNREACHABLE

QUESTION = "Where was the 12th OTS summit held?"
TIMEOUT = 3  # OTSQA_CHROMA_TIMEOUT for the stalled-server case


def _ask(url: str, path: str = "/api/ask") -> httpx.Response:
    return httpx.post(url + path, json={"question": QUESTION}, timeout=120)


def _until(check, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result or time.monotonic() > deadline:
            assert result, what
            return result
        time.sleep(0.5)


def _chat_api(url: str) -> str:
    """The chat's Gradio endpoint (`/chat`), as scripts call it; an error comes back as its message."""
    from gradio_client import Client

    try:
        return Client(url, verbose=False).predict(QUESTION, api_name="/chat")
    except Exception as exc:  # gradio_client.exceptions.AppError carries the message the app raised
        return f"error: {exc}"


@pytest.mark.slow
def test_the_app_answers_503_while_chroma_is_down_and_resumes_when_it_is_back(tmp_path, small_corpus, embedder):
    chroma = ChromaServer(tmp_path / "chroma-server").start()
    served = None
    try:
        settings = make_settings(tmp_path, small_corpus, chroma_url=chroma.url)
        assert len(ingest_paths(settings, embedder=embedder).added) == 2
        env = otsqa_env(settings.data_dir, small_corpus, chroma_url=chroma.url, chroma_timeout=TIMEOUT, rate_limit_per_minute=0)
        served = Served(env, tmp_path / "serve.log").start()
        url = served.url
        reply = _ask(url)
        assert reply.status_code == 200 and "Gabala" in reply.json()["answer"], reply.text

        chroma.stop()
        for path in ("/api/ask", "/api/ask/stream"):
            down = _ask(url, path)
            assert down.status_code == 503, (path, down.text)
            message = down.json()["error"]
            assert f"The Chroma server at {chroma.url} cannot be reached" in message and "Traceback" not in message
        health = httpx.get(url + "/api/health", timeout=60)
        assert health.status_code == 200
        assert health.json()["ready"] is False and "cannot be reached" in health.json()["error"]
        chat = _chat_api(url)
        assert UNREACHABLE in chat and "Chroma" not in chat, chat  # the reader's side; the operator's is logged

        chroma.start()  # same path, same port; the app is not touched
        _until(lambda: _ask(url).status_code == 200, 60, "answers did not resume after the server came back")
        assert "Gabala" in _ask(url).json()["answer"]
        health = httpx.get(url + "/api/health", timeout=60).json()
        assert health == {"status": "ok", "ready": True, "chat": "ready", "config": "grounded"}
        assert "Gabala" in _chat_api(url)

        chroma.pause()  # up but silent: without a time-out every question (and the answer slot) would hang
        started = time.monotonic()
        stalled = _ask(url)
        assert stalled.status_code == 503 and "ReadTimeout" in stalled.json()["error"], stalled.text
        assert time.monotonic() - started < TIMEOUT * 4 + 10
        chroma.resume()
        _until(lambda: _ask(url).status_code == 200, 60, "answers did not resume after the server was resumed")
        assert served.process.poll() is None  # the same app process throughout
    finally:
        if served is not None:
            served.stop()
        chroma.stop()


def test_store_calls_on_a_stopped_server_raise_store_unavailable(tmp_path, small_corpus):
    """Without the model: a store opened on a live server, then the server stopped and restarted."""
    from store.base import PassageRecord
    from store.chroma import open_store

    chroma = ChromaServer(tmp_path / "chroma-server").start()
    try:
        settings = make_settings(tmp_path, small_corpus, chroma_url=chroma.url)
        store = open_store(settings, create=True)
        store.passages.upsert([PassageRecord("a#0", "a", "text")], [[1.0, 0.0]])
        chroma.stop()
        for call in (
            store.count,
            store.articles,
            lambda: store.passages.nearest([1.0, 0.0], 1),
            lambda: store.passages.get(["a#0"]),
            lambda: store.sentences.of_article("a"),
        ):
            with pytest.raises(StoreUnavailableError, match="cannot be reached.*resume by themselves"):
                call()
        chroma.start()
        assert store.count() == 1 and [h.id for h in store.passages.nearest([1.0, 0.0], 1)] == ["a#0"]
    finally:
        chroma.stop()
