"""An in-memory store with the same interface as ChromaStore: a fake for fast tests of plumbing."""

from __future__ import annotations

import copy
import dataclasses
import math
from typing import Sequence

from store.base import ArticleRecord, Hit


class MemoryStore:
    backend = "memory"
    location = ":memory:"

    def __init__(self, fingerprint: dict[str, str] | None = None):
        self.fingerprint = dict(fingerprint or {})
        self._records: dict[str, ArticleRecord] = {}
        self._chunks: dict[str, tuple[str, dict, list[float]]] = {}

    def count(self) -> int:
        return len(self._chunks)

    def articles(self) -> list[ArticleRecord]:
        return sorted((dataclasses.replace(r, text=None) for r in self._records.values()), key=lambda r: r.source)

    def article(self, doc_id: str) -> ArticleRecord | None:
        record = self._records.get(doc_id)
        return copy.copy(record) if record else None

    def put_article(self, record: ArticleRecord) -> None:
        self._records[record.doc_id] = copy.copy(record)

    def delete_article(self, doc_id: str) -> None:
        self.delete_chunks([i for i, (_, m, _) in self._chunks.items() if m["doc_id"] == doc_id])
        self._records.pop(doc_id, None)

    def chunk_ids(self, doc_id: str) -> list[str]:
        return [i for i, (_, m, _) in self._chunks.items() if m["doc_id"] == doc_id]

    def chunk_vectors(self, doc_id: str) -> dict[str, tuple[str, list[float]]]:
        return {i: (t, e) for i, (t, m, e) in self._chunks.items() if m["doc_id"] == doc_id}

    def upsert_chunks(self, ids, texts, metadatas, embeddings) -> None:
        for i, t, m, e in zip(ids, texts, metadatas, embeddings):
            self._chunks[i] = (t, dict(m), list(e))

    def delete_chunks(self, ids: Sequence[str]) -> None:
        for i in ids:
            self._chunks.pop(i, None)

    def query(self, embedding: Sequence[float], k: int, where: dict | None = None) -> list[Hit]:
        def matches(meta: dict) -> bool:
            return all(meta.get(key) == value for key, value in (where or {}).items())

        def cosine(a, b) -> float:
            dot = sum(x * y for x, y in zip(a, b))
            return dot / ((math.sqrt(sum(x * x for x in a)) * math.sqrt(sum(y * y for y in b))) or 1.0)

        hits = [Hit(i, t, m, cosine(embedding, e)) for i, (t, m, e) in self._chunks.items() if matches(m)]
        return sorted(hits, key=lambda h: -h.score)[:k]
