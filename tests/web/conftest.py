"""Shared by the web tests: the assistant over the real corpus ingested with the real model, test clients
of the app built around it, and the app served for real on 127.0.0.1."""

from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from typing import Iterator

import pytest
from fastapi.testclient import TestClient

from web.server import build_app, listen

QUESTION = "Where was the 12th OTS summit held?"
# TestClient calls itself "testserver", a name the app refuses as it would any name it is not known by
# (web.security.HostGuard); localhost is always its own.
LOCAL = "http://localhost"
INTRANET = "http://intranet.example:8080"


@pytest.fixture(scope="session")
def assistant(ingested, embedder):
    from assistant import open_assistant

    return open_assistant(ingested.settings, embedder=embedder)


def client_for(ingested, assistant, **overrides) -> TestClient:
    settings = ingested.settings.model_copy(update=overrides)
    return TestClient(build_app(settings, assistant), base_url=LOCAL)


@pytest.fixture(scope="module")
def client(ingested, assistant) -> TestClient:
    return client_for(ingested, assistant, allowed_origins=[INTRANET], rate_limit_per_minute=0)


@contextmanager
def served(app) -> Iterator[str]:
    """``app`` served by uvicorn on a free port of 127.0.0.1 in a thread; yields its base URL."""
    import uvicorn

    sock = listen("127.0.0.1", 0)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    finally:
        server.should_exit = True
        thread.join(30)
        sock.close()


class CountingAssistant:
    """Satisfies the assistant contract; each answer takes ``seconds`` and the most answers computed at
    once is kept in ``peak``. What it shows is how many the web layer lets through together."""

    config = "counting"
    watch = None

    def __init__(self, seconds: float = 0.4):
        self.seconds = seconds
        self.asked: list[str] = []
        self.peak = 0
        self._running = 0
        self._lock = threading.Lock()

    def stream(self, question, history=None, filters=None):
        from assistant.answer import Answer

        with self._lock:
            self.asked.append(question)
            self._running += 1
            self.peak = max(self.peak, self._running)
        try:
            time.sleep(self.seconds)
        finally:
            with self._lock:
                self._running -= 1
        answer = Answer(question, "Counted.", abstained=True, citations=[], passages=[], config=self.config)
        yield {"event": "answer", "answer": answer}

    def ask(self, question, history=None, filters=None):
        return next(e["answer"] for e in self.stream(question, history, filters) if e["event"] == "answer")

    def retrieve(self, question, k=10, filters=None):
        return []
