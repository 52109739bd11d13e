"""A store changed by another process is seen once its reader reopens it: each `otsqa ingest` or
`otsqa remove` that changed something stamps the store, a reader compares the stamp with the one it
opened with, and `reopen()` brings the new vectors, records and article texts (cached texts too)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time

import pytest

from assistant.quoting import ArticleTexts
from assistant.watch import watch_store
from ingest import ingest_paths, store_fingerprint
from ingest.removal import remove_articles
from otsqa.errors import StoreMismatchError, StoreNotFoundError
from store.chroma import delete_store, open_store
from store.memory import MemoryStore
from tests.conftest import CORPUS_FILES, make_settings
from tests.resilience.procs import otsqa_command, otsqa_env
from web.service import AssistantService

LATE = (
    "Late news on the Caspian\n\nThe Turkic Coast Guard Forum met in Aktau in November 2025 and agreed on joint "
    "patrols of the northern Caspian Sea by the coast guards of Kazakhstan and Azerbaijan.\n"
)
PREFACE = "Editor's note: this article was revised on 1 December 2026 to add this note.\n\n"


def _doc_id(store, name: str) -> str:
    return next(r.doc_id for r in store.articles() if r.source.endswith(name))


@pytest.mark.slow
def test_a_reader_sees_what_another_process_ingested_once_it_reopens(tmp_path, small_corpus, embedder):
    settings = make_settings(tmp_path, small_corpus)
    ingest_paths(settings, embedder=embedder)
    reader = open_store(settings, store_fingerprint(settings, embedder))  # as `otsqa serve` holds it
    assert reader.seen and reader.written() == reader.seen
    texts = ArticleTexts(reader)
    samedov = _doc_id(reader, CORPUS_FILES["samedov"])
    before = texts(samedov)

    (small_corpus / "late.txt").write_text(LATE, encoding="utf-8")
    path = small_corpus / CORPUS_FILES["samedov"]
    path.write_text(PREFACE + path.read_text(encoding="utf-8"), encoding="utf-8")
    env = otsqa_env(settings.data_dir, small_corpus)
    done = subprocess.run(otsqa_command("ingest", "--json"), env=env, capture_output=True, timeout=600)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    report = json.loads(done.stdout)
    assert (report["added"], report["updated"]) == (1, 1)

    assert reader.written() != reader.seen  # the other process's run is visible as a new stamp
    assert texts(samedov) == before  # still the text this reader opened with, until it reopens

    reader.reopen()
    assert reader.seen == reader.written()
    late = _doc_id(reader, "late.txt")
    late_chunks = reader.passages.vectors_of(late)
    assert late_chunks
    found = {h.id for h in reader.passages.nearest(late_chunks[0][1].tolist(), k=reader.count())}
    assert {chunk.id for chunk, _ in late_chunks} <= found  # its vectors are searchable, not only its records
    sentence, vector = reader.sentences.vectors_of(late)[0]
    assert sentence.id in {h.id for h in reader.sentences.nearest(vector, k=5)}

    revised = texts(samedov)
    assert revised.startswith("Editor's note") and revised == reader.article(samedov).text != before
    assert ArticleTexts(reader)(late).startswith("The Turkic Coast Guard Forum met in Aktau")


def test_only_runs_that_change_the_store_stamp_it(tmp_path, small_corpus, embedder):
    settings = make_settings(tmp_path, small_corpus)
    ingest_paths(settings, embedder=embedder)
    store = open_store(settings)
    first = store.written()
    assert first

    assert not ingest_paths(settings, embedder=embedder).changed
    assert store.written() == first  # nothing new: a running server keeps what it has

    removed = remove_articles(settings, [str(small_corpus / CORPUS_FILES["gabala"])])
    assert len(removed.removed) == 1
    second = store.written()
    assert second != first

    (small_corpus / "late.txt").write_text(LATE, encoding="utf-8")
    ingest_paths(settings, [small_corpus / "late.txt"], embedder=embedder)
    assert store.written() not in (first, second)

    delete_store(settings)  # as `otsqa ingest --rebuild` begins
    with pytest.raises(StoreNotFoundError, match="otsqa ingest"):
        store.written()
    rebuilt = ingest_paths(settings, embedder=embedder, rebuild=True)
    assert rebuilt.failed == []
    assert store.written() not in (first, second, "")  # the old handle reads the new store's stamp

    memory = MemoryStore()
    assert memory.written() == memory.seen == ""
    memory.stamp_written()
    assert memory.written() == memory.seen != ""


# -- the web service follows the stamp -----------------------------------------------------------


class _Lexical:
    def __init__(self):
        self.synced = 0

    def sync(self, store) -> None:
        self.synced += 1


class _SlowAssistant:
    """Streams answers; the first waits for ``release`` half-way. Notes when each ends. Its store is
    watched as `open_assistant` watches one (ingest's lock file in the settings' data dir)."""

    config = "fake"

    def __init__(self, store, log: list[str], settings):
        self.lexical = _Lexical()
        self.watch = watch_store(store, self.lexical, settings)
        self.release = threading.Event()
        self.log = log

    def stream(self, question, history=None, filters=None):
        yield {"event": "passages", "passages": []}
        self.release.wait(30)
        self.log.append("answer done")
        yield {"event": "done"}


class _Reopening(MemoryStore):
    def __init__(self, log: list[str]):
        super().__init__()
        self.log = log
        self.refuse: Exception | None = None

    def reopen(self) -> None:
        if self.refuse is not None:
            raise self.refuse
        self.log.append("reopened")
        super().reopen()


def _served(tmp_path):
    """A service over a fake assistant whose answers do not wait, on a store that notes its reopens."""
    log: list[str] = []
    store = _Reopening(log)
    settings = make_settings(tmp_path)
    fake = _SlowAssistant(store, log, settings)
    fake.release.set()
    return log, store, fake, AssistantService(settings, assistant=fake, check_every=0)


def test_the_service_reopens_a_changed_store_after_the_answers_under_way(tmp_path):
    log, store, fake, service = _served(tmp_path)
    list(service.stream("first", None))
    assert log == ["answer done"] and fake.lexical.synced == 0  # nothing changed: nothing done
    fake.release.clear()
    answering = service.stream("Where was the 12th OTS summit held?", None)
    next(answering)  # an answer is under way and holds the answer slot
    store._written = "written by another process"  # as `otsqa ingest` elsewhere stamps it

    asker = threading.Thread(target=lambda: list(service.stream("Where did the Forum meet?", None)))
    asker.start()
    time.sleep(0.5)
    assert asker.is_alive() and log == ["answer done"]  # the next answer waits: none mixes two stores
    assert service.health() == (True, None)  # a health check does not wait for answers
    fake.release.set()
    list(answering)
    asker.join(10)
    assert not asker.is_alive()
    assert log == ["answer done", "answer done", "reopened", "answer done"]
    assert store.seen == "written by another process" and fake.lexical.synced == 1

    list(service.stream("again", None))
    assert log.count("reopened") == 1  # once per change

    store._written = ""  # `--rebuild` has made the collections anew and not stamped them yet
    list(service.stream("during a rebuild", None))
    assert log.count("reopened") == 1 and store.seen == "written by another process"


def test_the_service_does_not_reopen_while_an_ingest_is_writing(tmp_path):
    log, store, fake, service = _served(tmp_path)
    lock = service.settings.data_dir / "ingest.lock"
    lock.parent.mkdir(parents=True)
    lock.write_text(str(os.getpid()))  # a live writer (this process stands in for it)
    store._written = "the first of two runs"
    list(service.stream("q", None))
    assert log == ["answer done"] and store.seen == ""  # answered from the store as it was
    lock.write_text("")  # the writer finished
    list(service.stream("q", None))
    assert log == ["answer done", "reopened", "answer done"] and store.seen == "the first of two runs"

    lock.write_text("999999999")  # a pid left by a writer that was killed: nobody is writing
    store._written = "the second run"
    list(service.stream("q", None))
    assert store.seen == "the second run"


def test_a_store_rebuilt_for_another_model_stops_answers_with_the_reason(tmp_path):
    log, store, fake, service = _served(tmp_path)
    store.refuse = StoreMismatchError("The store at :memory: was built differently (embedding_model 'x' ≠ 'y').")
    store._written = "rebuilt by another version"
    with pytest.raises(StoreMismatchError, match="built differently"):
        list(service.stream("Where was the 12th OTS summit held?", None))
    ready, why = service.health()
    assert not ready and "built differently" in why

    store._written = "rebuilt again, as this version builds it"  # answers resume with no restart
    store.refuse = None
    assert [e["event"] for e in service.stream("Where was the 12th OTS summit held?", None)] == ["passages", "done"]
    assert service.health() == (True, None) and log.count("reopened") == 1


def test_a_failure_to_reopen_leaves_the_store_answering_and_is_retried(tmp_path):
    log, store, fake, service = _served(tmp_path)
    store._written = "written by another process"
    store.refuse = RuntimeError("the disk hiccupped")
    assert [e["event"] for e in service.stream("q", None)] == ["passages", "done"]  # answered from the old store
    assert store.seen == "" and fake.lexical.synced == 0
    store.refuse = None
    list(service.stream("q", None))
    assert store.seen == "written by another process" and log.count("reopened") == 1


def _in_another_process(settings, *lines: str) -> None:
    """Run ``lines`` with ``store`` open on the same embedded store (``SETTINGS``), in a process of its own."""
    program = [
        "from pathlib import Path",
        "from store.chroma import delete_store, open_store",
        "from tests.conftest import make_settings",
        f"SETTINGS = make_settings(Path({str(settings.data_dir.parent)!r}))",
        "store = open_store(SETTINGS)",
        *lines,
    ]
    done = subprocess.run([sys.executable, "-c", "\n".join(program)], capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()[-2000:]


def _refingerprint(model: str) -> tuple[str, str]:
    return f"store.set_fingerprint(dict(store.fingerprint, otsqa_embedding_model={model!r}))", "store.stamp_written()"


@pytest.mark.slow
def test_a_reopen_is_all_or_nothing_and_a_store_being_rebuilt_is_not_followed(tmp_path, small_corpus, embedder):
    settings = make_settings(tmp_path, small_corpus)
    ingest_paths(settings, embedder=embedder)
    reader = open_store(settings, store_fingerprint(settings, embedder))
    vector = reader.passages.vectors_of(reader.articles()[0].doc_id)[0][1].tolist()
    stamp = reader.seen

    # Another version's fingerprint: the reopen is refused and the store goes on as it was.
    _in_another_process(settings, *_refingerprint("another/model"))
    with pytest.raises(StoreMismatchError, match="another/model"):
        reader.reopen()
    assert reader.seen == stamp and len(reader.passages.nearest(vector, 3)) == 3
    _in_another_process(settings, *_refingerprint(embedder.model_id))
    reader.reopen()
    assert reader.seen != stamp and len(reader.passages.nearest(vector, 3)) == 3

    # `--rebuild` under way elsewhere: collections deleted and made anew, not yet stamped.
    _in_another_process(settings, "delete_store(SETTINGS)", "open_store(SETTINGS, create=True)")
    assert reader.written() == ""  # what the web service waits for a stamp after
    with pytest.raises(StoreNotFoundError, match="ask again once it has finished"):
        reader.passages.nearest(vector, 3)  # the old collections are gone: a clear error, not chromadb's NotFoundError
