"""Article records in both stores: the filtered read a question makes instead of reading them all."""

from __future__ import annotations

import numpy as np
import pytest

from store.base import ArticleRecord, PassageRecord, SentenceRecord
from store.chroma import open_store
from store.memory import MemoryStore
from tests.conftest import make_settings


def _records() -> list[ArticleRecord]:
    return [
        ArticleRecord(doc_id="a", source="/c/a.txt", title="A", date="2024-01-05", status="complete", text="alpha"),
        ArticleRecord(doc_id="b", source="/c/b.txt", title="B", date="2025-03-01", status="pending", text="beta"),
        ArticleRecord(doc_id="c", source="/c/c.txt", title="C", status="complete", text="gamma"),
    ]


@pytest.fixture(params=["chroma", "memory"])
def store(request, tmp_path):
    if request.param == "memory":
        store = MemoryStore()
    else:
        store = open_store(make_settings(tmp_path, tmp_path), create=True)
    store.put_articles(_records())
    return store


def test_articles_filtered_by_status_and_id(store):
    assert [r.doc_id for r in store.articles(status="pending")] == ["b"]
    assert [r.doc_id for r in store.articles(status="complete")] == ["a", "c"]
    assert [r.doc_id for r in store.articles(doc_ids=["c", "zz"])] == ["c"]
    assert [r.doc_id for r in store.articles(doc_ids=["b"])] == ["b"]
    assert [r.doc_id for r in store.articles(doc_ids=["a", "b", "c"], status="complete")] == ["a", "c"]
    assert [r.doc_id for r in store.articles(doc_ids=["b", "c"], status="pending")] == ["b"]
    assert store.articles(doc_ids=[]) == [], "an empty list allows no article"
    assert [r.doc_id for r in store.articles()] == ["a", "b", "c"]
    assert all(r.text is None for r in store.articles()), "records are listed without their text"
    assert store.articles(status="deleted") == []


def test_completing_the_pending_article_empties_the_pending_read(store):
    record = store.article("b")
    record.status = "complete"
    store.put_articles([record])
    assert store.articles(status="pending") == []
    assert store.article("b").text == "beta"


def test_vectors_go_in_as_a_float32_array_or_lists_and_come_back_as_float32_rows(store):
    """Ingest hands a store one float32 array per write (a row per record); both stores keep float32."""
    vectors = np.array([[1.0, 0.0, 0.0, 0.0], [0.0, 0.6, 0.8, 0.0], [0.0, 0.0, 0.0, 1.0]], dtype=np.float32)
    texts = ["one", "two", "three"]
    store.passages.upsert([PassageRecord(f"a#{n}", "a", texts[n], index=n, start=0, end=5) for n in range(3)], vectors)
    store.sentences.upsert(
        [SentenceRecord("a@0", "a", "One.", start=0), SentenceRecord("a@4", "a", "Two.", start=4)], vectors[:2].tolist()
    )
    chunks = {c.id: (c, v) for c, v in store.passages.vectors_of("a")}
    assert sorted(chunks) == ["a#0", "a#1", "a#2"]
    for n, chunk_id in enumerate(["a#0", "a#1", "a#2"]):
        chunk, vector = chunks[chunk_id]
        assert isinstance(vector, np.ndarray) and vector.dtype == np.float32 and np.array_equal(vector, vectors[n])
    fetched = store.passages.get_with_vectors(["a#2", "a#0"])
    assert [chunk.id for chunk, _ in fetched] == ["a#2", "a#0"]
    for chunk, vector in fetched:
        assert vector.dtype == np.float32 and np.array_equal(vector, chunks[chunk.id][1])
    assert sorted(store.sentences.ids_of("a")) == ["a@0", "a@4"] and store.sentences.ids_of("b") == []
    sentences = {s.id: (s, v) for s, v in store.sentences.vectors_of("a")}
    sentence, vector = sentences["a@4"]
    assert sentence.text == "Two." and vector.dtype == np.float32 and np.array_equal(vector, vectors[1])
    assert store.passages.nearest(vectors[1], 1)[0].id == "a#1"
