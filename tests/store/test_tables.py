"""The passages and sentences tables with their typed filters, run alike on the real Chroma store (in a
temporary folder) and on the in-memory fake, so the fake cannot drift from what Chroma does."""

from __future__ import annotations

import numpy as np
import pytest

from store.base import PassageRecord, SentenceRecord
from store.chroma import open_store
from store.memory import MemoryStore
from tests.conftest import make_settings

# Four directions in 4-D; each article's records point their own way, so nearest() has one answer.
AXES = np.eye(4, dtype=np.float32)


def _passages() -> list[PassageRecord]:
    return [
        PassageRecord("a#0", "a", "Alpha one.", source="/c/a.txt", index=0, start=0, end=10, sentences=(0,)),
        PassageRecord("a#1", "a", "Alpha two.", source="/c/a.txt", index=1, start=11, end=21, footnotes=("1",)),
        PassageRecord("b#0", "b", "Beta.", source="/c/b.txt", index=0, start=0, end=5),
        PassageRecord("c#0", "c", "Gamma.", source="/c/c.txt", kind="footnote", marker="1", cited_start=3, cited_end=9),
    ]


def _sentences() -> list[SentenceRecord]:
    return [
        SentenceRecord("a@0", "a", "Alpha one.", 0, 10, chunk_id="a#0"),
        SentenceRecord("b@0", "b", "Beta.", 0, 5, heading=True, chunk_id="b#0"),
        SentenceRecord("c@4", "c", "Gamma.", 4, 10, kind="footnote", marker="1", chunk_id="c#0"),
    ]


# Closest to b#0, then c#0, a#1, a#0: no ties, so both stores must give one order.
QUERY = np.array([0.1, 0.2, 0.9, 0.3], dtype=np.float32) / np.linalg.norm([0.1, 0.2, 0.9, 0.3])


@pytest.fixture(params=["chroma", "memory"])
def store(request, tmp_path):
    store = MemoryStore() if request.param == "memory" else open_store(make_settings(tmp_path, tmp_path), create=True)
    store.passages.upsert(_passages(), AXES)  # a#0 → axis 0, a#1 → 1, b#0 → 2, c#0 → 3
    store.sentences.upsert(_sentences(), AXES[[0, 2, 3]].tolist())  # a list of vectors goes in too
    return store


def test_records_come_back_with_every_field(store):
    assert store.passages.get(["c#0", "zz#9", "a#1"]) == [_passages()[3], _passages()[1]], "in the order asked"
    assert store.passages.get(["b#0", "b#0"]) == [_passages()[2]] * 2
    assert store.passages.get([]) == [] and store.sentences.get_with_vectors([]) == []
    ((sentence, vector),) = store.sentences.get_with_vectors(["c@4"])
    assert sentence == _sentences()[2] and vector.dtype == np.float32 and np.array_equal(vector, AXES[3])


def test_an_articles_records(store):
    assert sorted(store.passages.ids_of("a")) == ["a#0", "a#1"] and store.passages.ids_of("zz") == []
    assert sorted(store.passages.of_article("a"), key=lambda p: p.id) == _passages()[:2]
    assert store.sentences.of_article("b") == [_sentences()[1]]
    ((sentence, vector),) = store.sentences.vectors_of("c")
    assert sentence.id == "c@4" and np.array_equal(vector, AXES[3])


def test_nearest_with_and_without_an_article_filter(store):
    everywhere = store.passages.nearest(QUERY, 4)
    assert [h.id for h in everywhere] == ["b#0", "c#0", "a#1", "a#0"]
    assert everywhere[0].record == _passages()[2] and everywhere[0].score == pytest.approx(float(QUERY[2]), abs=1e-5)
    assert [h.id for h in store.passages.nearest(QUERY, 4, doc_ids=["a"])] == ["a#1", "a#0"]
    assert [h.id for h in store.passages.nearest(QUERY, 1, doc_ids=["a", "c"])] == ["c#0"]
    assert [h.id for h in store.passages.nearest(QUERY, 4, doc_ids=("c", "b"))] == ["b#0", "c#0"]
    assert store.passages.nearest(QUERY, 4, doc_ids=["zz"]) == []
    assert store.passages.nearest(QUERY, 4, doc_ids=[]) == [], "an empty list allows nothing"
    assert store.passages.nearest(QUERY, 0) == []
    assert [h.id for h in store.sentences.nearest(QUERY.tolist(), 3)] == ["b@0", "c@4", "a@0"]
    assert [h.record for h in store.sentences.nearest(QUERY, 5, doc_ids=["c"])] == [_sentences()[2]]


def test_update_rewrites_fields_and_keeps_text_and_vector(store):
    (old,) = store.passages.get(["a#0"])
    store.passages.update([PassageRecord("a#0", "a", "", index=0, start=0, end=10, sentences=(0, 4), note_chunks=(("1", (7,)),))])
    ((new, vector),) = store.passages.get_with_vectors(["a#0"])
    assert new.text == old.text and np.array_equal(vector, AXES[0])
    assert new.sentence_ids() == ["a@0", "a@4"] and new.note_chunk_ids() == ["a#7"]


def test_scan_reads_every_record_with_or_without_texts(store):
    assert sorted(p.id for p in store.passages.scan()) == ["a#0", "a#1", "b#0", "c#0"]
    assert all(p.text == "" for p in store.passages.scan())
    assert sorted(store.sentences.scan(texts=True), key=lambda s: s.id) == _sentences()


def test_deletes(store):
    store.passages.delete(["a#1", "zz#0"])
    assert store.passages.ids_of("a") == ["a#0"] and store.count() == 3
    store.delete_article("c")
    assert store.passages.ids_of("c") == [] and store.sentences.ids_of("c") == [] and store.count() == 2
    assert [h.id for h in store.sentences.nearest(QUERY, 3)] == ["b@0", "a@0"]
