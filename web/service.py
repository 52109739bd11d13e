"""What the web layer needs from the assistant: one to answer with (opened lazily, so the app can
start before anything is ingested and answer 503 until then) and a short memory of recent answers,
so feedback given on an answer can be stored with the question, answer and citations it refers to.
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections import OrderedDict
from typing import Any, Callable, Iterator

from otsqa.errors import StoreError
from otsqa.settings import Settings

log = logging.getLogger(__name__)

RECENT_ANSWERS = 2000  # feedback can be given on this many most recent answers


# Answers computed at once; the rest wait in line. One answer already keeps every core busy (torch
# and onnxruntime use them all): measured with 20 clients on 2 cores, 1 at a time gave 6.5 answers/s,
# 2 gave 5.5 and no limit 4.3, with lower p50 too (evals/bench_web.py).
ANSWER_SLOTS = 1


class AssistantService:
    """Opens the assistant on first use (or takes one ready-made) and remembers recent answers."""

    def __init__(
        self, settings: Settings, assistant=None, opener: Callable[[Settings], Any] | None = None, slots: int | None = None
    ):
        self.settings = settings
        self._slots = threading.BoundedSemaphore(slots or ANSWER_SLOTS)
        self._assistant = assistant
        self._opener = opener or _open_default
        self._lock = threading.Lock()
        self._recent: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._recent_lock = threading.Lock()

    @property
    def ready(self) -> bool:
        return self._assistant is not None

    def assistant(self):
        """The assistant; StoreError (empty or unusable store) until `otsqa ingest` has run."""
        if self._assistant is None:
            with self._lock:
                if self._assistant is None:
                    self._assistant = self._opener(self.settings)
        return self._assistant

    def try_open(self) -> bool:
        try:
            self.assistant()
            return True
        except StoreError as exc:
            log.warning("not answering yet: %s", exc)
            return False

    def health(self) -> tuple[bool, str | None]:
        """(ready, why not): ready once the assistant is open and its store answers. The store is asked
        each time (one count: cheap), so a Chroma server that went away shows here, and so does its return."""
        try:
            store = _store_of(self.assistant())
            if store is not None:
                store.count()
        except StoreError as exc:
            log.warning("not answering: %s", exc)
            return False, str(exc)
        return True, None

    def stream(self, question: str, history: list[dict] | None) -> Iterator[dict]:
        """The assistant's events; the final answer event also carries an `answer_id` for feedback."""
        assistant = self.assistant()
        with self._slots:
            for event in assistant.stream(question, history):
                if event["event"] == "answer":
                    event = dict(event, answer_id=self.remember(event["answer"].question, history, event["answer"].to_json()))
                yield event

    def ask(self, question: str, history: list[dict] | None) -> tuple[dict[str, Any], str]:
        """(Answer JSON, answer id)."""
        assistant = self.assistant()
        with self._slots:
            answer = assistant.ask(question, history)
        data = answer.to_json()
        return data, self.remember(answer.question, history, data)

    def remember(self, question: str, history: list[dict] | None, answer: dict[str, Any]) -> str:
        answer_id = secrets.token_urlsafe(12)
        with self._recent_lock:
            self._recent[answer_id] = {"question": question, "history": list(history or []), "answer": answer}
            while len(self._recent) > RECENT_ANSWERS:
                self._recent.popitem(last=False)
        return answer_id

    def recalled(self, answer_id: str) -> dict[str, Any] | None:
        with self._recent_lock:
            return self._recent.get(answer_id)


def _store_of(assistant):
    """The store an assistant retrieves from, when it exposes one (the llama-index baseline does not)."""
    return getattr(getattr(assistant, "retriever", None), "store", None)


def _open_default(settings: Settings):
    from assistant import open_assistant

    return open_assistant(settings)
