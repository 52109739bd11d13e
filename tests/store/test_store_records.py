"""Article records in both stores: the filtered read a question makes instead of reading them all."""

from __future__ import annotations

import pytest

from store.base import ArticleRecord
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
    assert [r.doc_id for r in store.articles({"status": "pending"})] == ["b"]
    assert [r.doc_id for r in store.articles({"status": "complete"})] == ["a", "c"]
    assert [r.doc_id for r in store.articles({"doc_id": {"$in": ["c", "zz"]}})] == ["c"]
    assert [r.doc_id for r in store.articles()] == ["a", "b", "c"]
    assert all(r.text is None for r in store.articles()), "records are listed without their text"
    assert store.articles({"status": "deleted"}) == []


def test_completing_the_pending_article_empties_the_pending_read(store):
    record = store.article("b")
    record.status = "complete"
    store.put_articles([record])
    assert store.articles({"status": "pending"}) == []
    assert store.article("b").text == "beta"
