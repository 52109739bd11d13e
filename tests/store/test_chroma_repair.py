"""A vector index out of step with its records, as a writer killed while Chroma saved it leaves one:
found out and rebuilt from the stored vectors; a rebuild cut off is finished or dropped on the next
open; an index Chroma cannot read is a clear error naming `otsqa ingest --rebuild`; and an ingest
that follows a cut-off one repairs the store by itself.

The damage is done to a real embedded store's files: Chroma saves an index to disk once 1,000
records have been written to it, so each test writes more than that."""

from __future__ import annotations

import os
import sqlite3
import struct
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from otsqa.errors import StoreDamagedError, StoreError
from store.base import PassageRecord, SentenceRecord
from store.chroma import open_store
from store.chroma_repair import _COMPLETE, _SUFFIX
from tests.conftest import make_settings
from tests.resilience.procs import check_consistent, store_snapshot

N = 1200  # records in the damaged collection: more than Chroma's 1,000 before it saves an index


def _forget_open_stores() -> None:
    """Chroma keeps one client per path in a process; drop it so the next open reads the files."""
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()


def _index_dir(settings, collection: str) -> Path:
    """The folder of a collection's saved vector index (named after its vector segment's id)."""
    db = sqlite3.connect(f"file:{settings.chroma_dir / 'chroma.sqlite3'}?mode=ro", uri=True)
    try:
        (segment,) = db.execute(
            "SELECT s.id FROM segments s JOIN collections c ON s.collection = c.id WHERE c.name = ? AND s.scope = 'VECTOR'",
            (collection,),
        ).fetchone()
    finally:
        db.close()
    return settings.chroma_dir / segment


def _cut_level0_links(index: Path) -> None:
    """Empty every node's neighbour list on the bottom layer of a saved HNSW graph: the records and
    their vectors stay, but a search reaches almost none of them (what a save cut short can leave)."""
    header = (index / "header.bin").read_bytes()
    _version, offset, _capacity, count, size = struct.unpack_from("<I4Q", header, 0)
    assert count >= 1000, f"the index holds {count} nodes: it was not saved to disk"
    data = bytearray((index / "data_level0.bin").read_bytes())
    for node in range(count):
        struct.pack_into("<I", data, node * size + offset, 0)
    (index / "data_level0.bin").write_bytes(bytes(data))


def _write_sentences(store, n: int = N) -> dict:
    rng = np.random.default_rng(7)
    vectors = rng.normal(size=(n, 384)).astype(np.float32)
    ids = [f"doc{i % 9}@{i}" for i in range(n)]
    records = [SentenceRecord(i, f"doc{n % 9}", f"Sentence {n} about drill {n % 37}.", n, n + 20) for n, i in enumerate(ids)]
    store.sentences.upsert(records, vectors)
    return {r.id: (r, v) for r, v in zip(records, vectors)}


def _found(store, k: int) -> set[str]:
    return {hit.id for hit in store.sentences.nearest([1.0] + [0.0] * 383, k)}


def test_an_index_that_cannot_reach_its_records_is_found_out_and_rebuilt_from_the_stored_vectors(tmp_path):
    settings = make_settings(tmp_path, tmp_path)
    store = open_store(settings, {"otsqa_schema": "t"}, create=True)
    written = _write_sentences(store)
    assert store.repair_vector_index() == {}, "a sound index is left alone"
    _forget_open_stores()
    _cut_level0_links(_index_dir(settings, f"{settings.collection}-sentences"))

    store = open_store(settings, {"otsqa_schema": "t"})
    reached = len(_found(store, N))
    assert reached < N // 10, "the damage is real: a search misses most records"
    assert store.repair_vector_index() == {"sentences": N - reached}
    assert _found(store, N) == set(written)
    for sentence, vector in store.sentences.get_with_vectors(list(written)):
        record, original = written[sentence.id]
        assert sentence == record
        assert np.allclose(vector, original, atol=1e-6)
    assert store.fingerprint == {"otsqa_schema": "t"}

    _forget_open_stores()  # the rebuilt index is on disk under the collection's own name
    again = open_store(settings, {"otsqa_schema": "t"})
    assert _found(again, N) == set(written)
    assert again.repair_vector_index() == {}
    assert again.count() == 0, "the passages were never touched"


def _client(settings):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    return chromadb.PersistentClient(path=str(settings.chroma_dir), settings=ChromaSettings(anonymized_telemetry=False))


@pytest.mark.parametrize("complete", [True, False])
def test_a_rebuild_cut_off_is_finished_or_dropped_on_the_next_open(tmp_path, complete):
    settings = make_settings(tmp_path, tmp_path)
    store = open_store(settings, {"otsqa_schema": "t"}, create=True)
    store.passages.upsert([PassageRecord("a#0", "a", "the original")], np.ones((1, 384), np.float32))
    # What a kill leaves: the copy under its temporary name, marked complete once every record was in.
    copy = _client(settings).create_collection(
        settings.collection + _SUFFIX,
        embedding_function=None,
        metadata={"hnsw:space": "cosine", "otsqa_schema": "t"} | ({_COMPLETE: "complete"} if complete else {}),
    )
    copy.add(ids=["a#0"], documents=["the copy"], metadatas=[{"doc_id": "a"}], embeddings=np.ones((1, 384), np.float32))

    reopened = open_store(settings, {"otsqa_schema": "t"})
    assert [c.text for c in reopened.passages.get(["a#0"])] == (["the copy"] if complete else ["the original"])
    names = {c.name for c in _client(settings).list_collections()}
    assert settings.collection + _SUFFIX not in names and settings.collection in names
    assert _COMPLETE not in (reopened._passages.metadata or {})
    assert reopened.fingerprint == {"otsqa_schema": "t"}


_QUERY = """
import sys
from otsqa.errors import OtsqaError
from otsqa.settings import load_settings
from store.chroma import open_store
try:
    open_store(load_settings(env={}, data_dir=sys.argv[1])).passages.nearest([1.0] + [0.0] * 383, 5)
except OtsqaError as exc:
    sys.exit(f"{type(exc).__name__}: {exc}")
"""


def test_an_index_chroma_cannot_read_is_an_error_that_names_the_rebuild(tmp_path):
    settings = make_settings(tmp_path, tmp_path)
    store = open_store(settings, {"otsqa_schema": "t"}, create=True)
    vectors = np.random.default_rng(3).normal(size=(2 * N, 384)).astype(np.float32)
    records = [PassageRecord(f"a#{i}", "a", f"passage {i}", index=i) for i in range(2 * N)]
    store.passages.upsert(records[:N], vectors[:N])
    id_map = _index_dir(settings, settings.collection) / "index_metadata.pickle"
    saved_then = id_map.read_bytes()
    store.passages.upsert(records[N:], vectors[N:])
    _forget_open_stores()
    assert id_map.read_bytes() != saved_then, "the index was saved again"
    id_map.write_bytes(saved_then)  # one file of a save left from the save before

    # In a fresh process, as a user meets it (a process that had the store open may still hold the index).
    done = subprocess.run(
        [sys.executable, "-c", _QUERY, str(settings.data_dir)],
        capture_output=True,
        text=True,
        env=os.environ | {"PYTHONPATH": str(Path(__file__).parents[2])},
        timeout=300,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert done.stderr.startswith("StoreError: The store at") and "otsqa ingest --rebuild" in done.stderr, done.stderr
    # The fix it names works: --rebuild drops the collections, and they are made again.
    from store.chroma import delete_store

    delete_store(settings)
    fresh = open_store(settings, {"otsqa_schema": "t"}, create=True)
    fresh.passages.upsert(records[:1], vectors[:1])
    assert [h.id for h in fresh.passages.nearest(vectors[0], 5)] == ["a#0"]


def test_chromas_words_for_an_index_it_cannot_load_become_a_damaged_store_error():
    from chromadb.errors import InternalError

    from store.chroma import _unreachable_as_store_error

    # Chroma's messages after SIGKILLs in the middle of saving an index (seen on 1.5.9).
    for words in (
        "Error executing plan: Error sending backfill request to compactor: Failed to apply logs to the hnsw segment writer",
        "Error executing plan: Error sending backfill request to compactor: Error constructing hnsw segment reader",
    ):
        with pytest.raises(StoreDamagedError, match="otsqa ingest --rebuild"), _unreachable_as_store_error("/data/chroma"):
            raise InternalError(words)
    with pytest.raises(StoreError, match="ask again once it has finished") as raised, _unreachable_as_store_error("/data/chroma"):
        raise InternalError("Error executing plan: Internal error: Error finding id")
    assert not isinstance(raised.value, StoreDamagedError)


def _articles(folder: Path, n: int = 40) -> Path:
    """``n`` short made-up articles: with the fake embedder, over 1,000 sentences in a few seconds."""
    folder.mkdir()
    for a in range(n):
        body = " ".join(f"Drill {a}-{s} tested a command post near port {s} in the year 20{a % 30:02d}." for s in range(30))
        (folder / f"article-{a:02d}.txt").write_text(f"Report {a}\n\n{body}\n", encoding="utf-8")
    return folder


def _leave_a_killed_writers_pid(data_dir: Path) -> None:
    """What a writer killed mid-run leaves: its pid in the lock file (here a process that took the
    lock and was killed while holding it)."""
    hold = f"import pathlib, store.writer_lock\nwith store.writer_lock.ingest_lock(pathlib.Path({str(data_dir)!r})):\n  input()"
    holder = subprocess.Popen(
        [sys.executable, "-c", hold],
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        env=os.environ | {"PYTHONPATH": str(Path(__file__).parents[2])},
    )
    lock, deadline = data_dir / "ingest.lock", time.monotonic() + 60
    while lock.read_text().strip() != str(holder.pid):
        assert holder.poll() is None and time.monotonic() < deadline, "the stand-in writer never took the lock"
        time.sleep(0.02)
    holder.kill()
    holder.wait()


def test_an_ingest_after_a_cut_off_one_repairs_the_index_and_one_after_a_clean_run_does_not_look(tmp_path):
    from ingest import ingest_paths
    from store.embedding import HashingEmbedder

    settings = make_settings(tmp_path, _articles(tmp_path / "articles"))
    first = ingest_paths(settings, embedder=HashingEmbedder())
    assert first.sentences > 1000 and first.repaired == {}
    _forget_open_stores()
    _cut_level0_links(_index_dir(settings, f"{settings.collection}-sentences"))

    clean = ingest_paths(settings, embedder=HashingEmbedder())
    assert clean.repaired == {}, "after a run that ended well, nothing is checked"
    _forget_open_stores()
    _leave_a_killed_writers_pid(settings.data_dir)

    repaired = ingest_paths(settings, embedder=HashingEmbedder())
    assert repaired.repaired.get("sentences", 0) > 900 and "passages" not in repaired.repaired
    assert repaired.to_json()["repaired"] == repaired.repaired
    assert (settings.data_dir / "ingest.lock").read_text() == "", "a run that ends well leaves no pid"
    _forget_open_stores()
    snapshot = store_snapshot(settings)
    check_consistent(snapshot)
    store = open_store(settings)
    found = store.sentences.nearest(HashingEmbedder().embed(["port 7"])[0], len(snapshot["sentences"]))
    assert len({h.id for h in found}) == len(snapshot["sentences"])


def test_a_remove_after_a_cut_off_run_repairs_the_index_too(tmp_path):
    from ingest import ingest_paths
    from ingest.removal import remove_articles
    from store.embedding import HashingEmbedder

    settings = make_settings(tmp_path, _articles(tmp_path / "articles"))
    ingest_paths(settings, embedder=HashingEmbedder())
    _forget_open_stores()
    _cut_level0_links(_index_dir(settings, f"{settings.collection}-sentences"))
    _leave_a_killed_writers_pid(settings.data_dir)

    report = remove_articles(settings, ["article-00"])
    assert [r["doc_id"] for r in report.removed] == ["article-00"]
    assert report.repaired.get("sentences", 0) > 900 and report.to_json()["repaired"] == report.repaired
    _forget_open_stores()
    check_consistent(store_snapshot(settings))
