"""Records written again (an edited article, or one a cut-off ingest left pending) stay reachable by a
vector search in every process that opens the store afterwards.

An embedded Chroma store saves a vector index only once 1,000 records have been written to it; below
that, each open replays every write into a new graph, several inserts at a time. Upserting an id the
store already held made that replay update a node in place while other nodes went in, and now and then
the updated passage could no longer be reached (CI caught one in tests/resilience/test_ingest_faults.py).
`store.chroma._ChromaTable.upsert` deletes and adds instead. The failure is a race, so this test opens
the store many times: with plain upserts such writes missed a record in 26 opens of 400."""

from __future__ import annotations

import numpy as np
import pytest

from store.base import SentenceRecord
from store.chroma import open_store
from tests.conftest import make_settings

N, ROUNDS, OPENS = 60, 4, 300
pytestmark = pytest.mark.slow


def _forget_open_stores() -> None:
    """Chroma keeps one client per path in a process; drop it so the next open replays the writes."""
    from chromadb.api.client import SharedSystemClient

    SharedSystemClient.clear_system_cache()


def test_records_written_four_times_are_found_by_every_one_of_300_fresh_opens(tmp_path):
    settings = make_settings(tmp_path, tmp_path)
    store = open_store(settings, {"otsqa_schema": "t"}, create=True)
    rng = np.random.default_rng(1)
    # Near one another, as the sentences of one collection are: the race needs crowded neighbourhoods.
    vectors = (rng.normal(size=384) + 0.3 * rng.normal(size=(N, 384))).astype(np.float32)
    records = [SentenceRecord(f"doc@{n}", "doc", f"Sentence {n} about port {n % 7}.", n, n + 20) for n in range(N)]
    for round_ in range(ROUNDS):
        if round_ == 2:  # an edited article: new texts, new vectors (the other rounds write them again unchanged)
            records = [SentenceRecord(r.id, r.doc_id, r.text + " (edited)", r.start, r.end) for r in records]
            vectors = vectors + 0.01 * rng.normal(size=vectors.shape).astype(np.float32)
        for at in range(0, N, 10):
            store.sentences.upsert(records[at : at + 10], vectors[at : at + 10])
    assert sorted(r.id for r in store.sentences.scan()) == sorted(r.id for r in records), "one record per id"

    probe = vectors.mean(axis=0)
    missed = {}
    for attempt in range(OPENS):
        _forget_open_stores()
        found = {hit.id for hit in open_store(settings, {"otsqa_schema": "t"}).sentences.nearest(probe, N)}
        if len(found) != N:
            missed[attempt] = sorted({r.id for r in records} - found)
    assert not missed, f"{len(missed)} of {OPENS} opens could not reach every record: {missed}"
    stored = open_store(settings, {"otsqa_schema": "t"}).sentences.get_with_vectors([r.id for r in records])
    assert [s.text for s, _ in stored] == [r.text for r in records]
    assert np.allclose(np.stack([v for _, v in stored]), vectors, atol=1e-6)
