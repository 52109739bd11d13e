"""What the web layer needs from the assistant: one to answer with (opened lazily, so the app can
start before anything is ingested and answer 503 until then, and opened again when an `otsqa ingest`
or `otsqa remove` elsewhere has changed the store) and a short memory of recent answers, so feedback
given on an answer can be stored with the question, answer and citations it refers to.
"""

from __future__ import annotations

import json
import logging
import secrets
import threading
import time
from collections import OrderedDict
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Callable, Iterator

from otsqa.errors import StoreDamagedError, StoreError, StoreMismatchError
from otsqa.settings import Settings
from web.article_links import article_url

if TYPE_CHECKING:  # the models load when the assistant is opened, not when the web layer is imported
    from assistant import Assistant
    from assistant.retrieval import Filters

log = logging.getLogger(__name__)

# What feedback keeps of a conversation: the turns an answer reads (assistant/followup.py reads the last
# three questions), each earlier answer cut short; and a bound on the memory of recent answers in all.
HISTORY_TURNS = 3
HISTORY_ANSWER_CHARS = 2000
RECENT_BYTES = 64 * 1024 * 1024
WARM_UP_WAIT_SECONDS = 30.0  # the most a question waits for `otsqa serve`'s warm-up


class AssistantService:
    """Opens the assistant on first use (or takes one ready-made) and remembers recent answers.

    Answers take turns for OTSQA_ANSWER_SLOTS slots; the store is asked whether it changed at most every
    OTSQA_STORE_CHECK_SECONDS (``slots`` and ``check_every`` replace them, for tests)."""

    def __init__(
        self,
        settings: Settings,
        assistant: Assistant | None = None,
        opener: Callable[[Settings], Assistant] | None = None,
        slots: int | None = None,
        check_every: float | None = None,
    ):
        self.settings = settings
        self._slot_count = slots or settings.answer_slots
        self._slots = threading.BoundedSemaphore(self._slot_count)
        self.check_every = settings.store_check_seconds if check_every is None else check_every
        self._checked = time.monotonic()
        self._unusable: StoreError | None = None  # why the store, as changed, cannot be answered from
        self._assistant = assistant
        self._opener = opener or _open_default
        self._lock = threading.Lock()
        self._recent: OrderedDict[str, dict[str, Any]] = OrderedDict()
        self._sizes: dict[str, int] = {}
        self._recent_bytes = 0
        self._recent_lock = threading.Lock()
        # Set by `otsqa serve` while its warm-up question runs (web/server.py): until it is answered the
        # health check says not ready, so whoever waits for ready gets a first answer at full speed.
        self.warming: threading.Event | None = None

    @property
    def ready(self) -> bool:
        return self._assistant is not None and (self.warming is None or self.warming.is_set())

    def assistant(self) -> Assistant:
        """The assistant; StoreError (empty or unusable store) until `otsqa ingest` has run."""
        if self._assistant is None:
            with self._lock:
                if self._assistant is None:
                    self._assistant = self._opener(self.settings)
                    self._checked = time.monotonic()
        return self._assistant

    def _answering(self) -> Assistant:
        """The assistant for an answer, after following any run that changed the store since it was
        opened (only answers wait for that: health checks and pages never do)."""
        if self.warming is not None:
            # `otsqa serve` answers from its first moments: a question asked during the warm-up waits for
            # it (under a second) rather than run beside it, cold: two first answers at once took ~25 MiB
            # more memory at their peak, and neither came sooner. Bounded: a warm-up stuck on an
            # unreachable store must not hold the questions, which will say why themselves.
            self.warming.wait(WARM_UP_WAIT_SECONDS)
        assistant = self.assistant()
        if time.monotonic() - self._checked >= self.check_every:
            self._follow_writes(assistant)
        if self._unusable is not None:  # a store that cannot be used now is for the answers to say
            raise self._unusable
        return assistant

    def _follow_writes(self, assistant: Assistant) -> None:
        """Follow a run in another process that changed the store since (see `assistant.watch`): an
        embedded store's vector index is otherwise the one loaded at start, without the new articles.
        Waits for the answers under way, so none of them mixes the old store with the new."""
        self._checked = time.monotonic()
        watch = assistant.watch
        if watch is None:
            return
        try:
            if not watch.behind():
                return
        except StoreError as exc:
            log.warning("cannot tell whether the store changed: %s", exc)  # the answer will say it too
            return
        if watch.writer_running():
            # It waits for the writer rather than contend with it; the next check after it reopens.
            log.info("the store changed, but an ingest is writing to it: opening it again after that")
            return
        with self._lock:
            taken = 0
            try:
                for _ in range(self._slot_count):
                    self._slots.acquire()
                    taken += 1
                started = time.perf_counter()
                if watch.reopen():  # not when already done by a request that waited here
                    log.info("the store changed: opened it again in %.2f s", time.perf_counter() - started)
                self._unusable = None
                watch.sync()
            except StoreMismatchError as exc:
                # Rebuilt by another version: answering from it would mix two models' vectors.
                log.error("the store changed and cannot be used by this server: %s", exc)
                self._unusable = exc
            except Exception as exc:  # the store as it was still answers; the next check retries
                log.warning("the store changed but could not be opened again (will retry): %s", exc)
            finally:
                for _ in range(taken):
                    self._slots.release()

    def follow_now(self) -> None:
        """Follow a change this process has just made to the store (the library page's uploads, edits
        and removals) at once, rather than at the next question's check. Nothing to follow until
        something is ingested."""
        try:
            assistant = self.assistant()
        except StoreError:
            return
        self._follow_writes(assistant)  # a store that cannot be used now is for the answers to say

    @contextmanager
    def writing(self) -> Iterator[None]:
        """Held while this process writes to the store (the library). An answer that finds the store
        changed opens it again under the same lock, so it never swaps the store's client out from under
        a write in progress (an embedded store's client is shared within the process)."""
        with self._lock:
            yield

    def store(self):
        """The store the assistant answers from, for the library to read; None when the assistant has
        none of its own (a test's). StoreError until something is ingested."""
        return getattr(self.assistant().retriever, "store", None)

    def holdings(self) -> list | None:
        """The collection's complete articles (their records), for an empty chat to show; None when
        the store cannot be read yet (nothing ingested, a server away) or the assistant has no store."""
        try:
            return self.articles()
        except StoreError:
            return None

    def articles(self) -> list | None:
        """The collection's complete articles (their records, no text), the ones filters choose from;
        None when the assistant answers without a store of its own (a test's). StoreError until
        something is ingested or while the store cannot be reached."""
        store = getattr(self.assistant().retriever, "store", None)
        return None if store is None else list(store.articles(status="complete"))

    def try_open(self) -> bool:
        try:
            self.assistant()
            return True
        except StoreError as exc:
            log.warning("not answering yet: %s", exc)
            return False

    def health(self) -> tuple[bool, str | None]:
        """(ready, why not): ready once the assistant is open and its store answers. The store is asked
        each time (one count: cheap), so a Chroma server that went away shows here, and so does its return.
        A damaged store is raised (StoreDamagedError), for the API to say 503: it waits for someone to rebuild it."""
        try:
            if self._unusable is not None:
                raise self._unusable
            if self.warming is not None and not self.warming.is_set():
                return False, "warming up: loading the models and answering a first question"
            watch = self.assistant().watch
            if watch is not None:
                watch.check()
        except StoreDamagedError:
            raise
        except StoreError as exc:
            log.warning("not answering: %s", exc)
            return False, str(exc)
        return True, None

    def stream(self, question: str, history: list[dict] | None, filters: Filters | None = None) -> Iterator[dict]:
        """The assistant's events; the final answer event also carries an `answer_id` for feedback.
        ``filters`` narrow the articles searched (the answer's "scope" says how far)."""
        assistant = self._answering()
        with self._slots:
            for event in assistant.stream(question, history, filters):
                if event["event"] == "answer":
                    event = dict(event, answer_id=self.remember(event["answer"].question, history, event["answer"].to_json()))
                yield event

    def ask(self, question: str, history: list[dict] | None, filters: Filters | None = None) -> tuple[dict[str, Any], str]:
        """(Answer JSON, answer id)."""
        assistant = self._answering()
        with self._slots:
            answer = assistant.ask(question, history, filters)
        data = answer.to_json()
        return data, self.remember(answer.question, history, data)

    def remember(self, question: str, history: list[dict] | None, answer: dict[str, Any]) -> str:
        """Keeps an answer for feedback: OTSQA_RECENT_ANSWERS of them, and at most RECENT_BYTES in all.

        The history a client sends is its own to make up (up to the body limit, 256 KiB): only the turns
        an answer reads (the last HISTORY_TURNS questions) are kept, each earlier answer cut short."""
        answer_id = secrets.token_urlsafe(12)
        kept = [
            {"question": str(t.get("question", "")), "answer": str(t.get("answer", ""))[:HISTORY_ANSWER_CHARS]}
            for t in list(history or [])[-HISTORY_TURNS:]
        ]
        turn = {"question": question, "history": kept, "answer": answer}
        size = len(json.dumps(turn, ensure_ascii=False))
        with self._recent_lock:
            self._recent[answer_id] = turn
            self._sizes[answer_id] = size
            self._recent_bytes += size
            most = self.settings.recent_answers
            while len(self._recent) > most or (self._recent_bytes > RECENT_BYTES and len(self._recent) > 1):
                old, _ = self._recent.popitem(last=False)
                self._recent_bytes -= self._sizes.pop(old)
        return answer_id

    def public(self, data: dict[str, Any]) -> dict[str, Any]:
        """Answer or passages JSON as clients see it: each `source` relative to the corpus folder (the
        file name for a file from elsewhere), never a path of the server's file system."""
        return public_sources(data, self.settings.corpus_dir)

    def recalled(self, answer_id: str) -> dict[str, Any] | None:
        with self._recent_lock:
            return self._recent.get(answer_id)


def public_sources(data: Any, corpus: Path) -> Any:
    """``data`` with every "source" path made relative to ``corpus`` (or cut to its file name), and
    every citation with the `article_url` of the page that shows it in its article (web/article_page.py)."""
    if isinstance(data, list):
        return [public_sources(item, corpus) for item in data]
    if not isinstance(data, dict):
        return data
    shown = {key: public_sources(value, corpus) for key, value in data.items()}
    if "quote" in data and "doc_id" in data and "start" in data and "end" in data:  # a citation
        shown["article_url"] = article_url(data["doc_id"], [(data["start"], data["end"])])
    source = data.get("source")
    if isinstance(source, str) and source.startswith("/"):
        path = PurePosixPath(source)
        shown["source"] = str(path.relative_to(corpus)) if path.is_relative_to(corpus) else path.name
    return shown


def _open_default(settings: Settings) -> Assistant:
    from assistant import open_assistant

    return open_assistant(settings)
