"""An in-memory store with the same interface as ChromaStore: a fake for fast tests of plumbing."""

from __future__ import annotations

import copy
import dataclasses
import operator
from typing import Iterator, Sequence

import numpy as np

from store.base import ArticleRecord, Hit, cosine, new_stamp

_Table = dict[str, tuple[str, dict, np.ndarray]]  # id → (text, metadata, vector: float32, as Chroma keeps it)


class MemoryStore:
    backend = "memory"
    location = ":memory:"

    def __init__(self, fingerprint: dict[str, str] | None = None):
        self.fingerprint = dict(fingerprint or {})
        self._records: dict[str, ArticleRecord] = {}
        self._chunks: _Table = {}
        self._sentences: _Table = {}
        self._written = ""
        self.seen = ""

    def count(self) -> int:
        return len(self._chunks)

    def articles(self, where: dict | None = None) -> list[ArticleRecord]:
        records = (r for r in self._records.values() if where is None or _matches(r.metadata(), where))
        return sorted((dataclasses.replace(r, text=None) for r in records), key=lambda r: r.source)

    def article(self, doc_id: str) -> ArticleRecord | None:
        record = self._records.get(doc_id)
        return copy.copy(record) if record else None

    def put_articles(self, records: Sequence[ArticleRecord]) -> None:
        for record in records:
            self._records[record.doc_id] = copy.copy(record)

    def delete_article(self, doc_id: str) -> None:
        for table in (self._chunks, self._sentences):
            for i in _ids_of(table, doc_id):
                del table[i]
        self._records.pop(doc_id, None)

    def chunk_ids(self, doc_id: str) -> list[str]:
        return _ids_of(self._chunks, doc_id)

    def chunk_vectors(self, doc_id: str) -> dict[str, tuple[str, np.ndarray]]:
        return {i: (self._chunks[i][0], self._chunks[i][2].copy()) for i in _ids_of(self._chunks, doc_id)}

    def chunks_with_vectors(self, doc_id: str) -> list[tuple[Hit, np.ndarray]]:
        return [
            (Hit(i, self._chunks[i][0], dict(self._chunks[i][1]), 0.0), self._chunks[i][2].copy())
            for i in _ids_of(self._chunks, doc_id)
        ]

    def get_chunks(self, ids: Sequence[str]) -> list[Hit]:
        return [Hit(i, self._chunks[i][0], dict(self._chunks[i][1]), 0.0) for i in ids if i in self._chunks]

    def chunks_matching(self, where: dict) -> list[Hit]:
        return [Hit(i, t, dict(m), 0.0) for i, (t, m, _) in self._chunks.items() if _matches(m, where)]

    def upsert_chunks(self, ids, texts, metadatas, embeddings) -> None:
        _upsert(self._chunks, ids, texts, metadatas, embeddings)

    def delete_chunks(self, ids: Sequence[str]) -> None:
        for i in ids:
            self._chunks.pop(i, None)

    def query(self, embedding: Sequence[float], k: int, where: dict | None = None) -> list[Hit]:
        return _query(self._chunks, embedding, k, where)

    def scan(self, table: str, texts: bool = False) -> Iterator[Hit]:
        rows = {"chunks": self._chunks, "sentences": self._sentences}[table]
        return iter([Hit(i, t if texts else "", dict(m), 0.0) for i, (t, m, _) in rows.items()])

    def update_chunk_metadata(self, ids: Sequence[str], metadatas: Sequence[dict]) -> None:
        for i, meta in zip(ids, metadatas):
            if i in self._chunks:
                text, old, vector = self._chunks[i]
                merged = {k: v for k, v in (old | meta).items() if v is not None}  # None removes a key, as in Chroma
                self._chunks[i] = (text, merged, vector)

    def set_fingerprint(self, fingerprint: dict[str, str]) -> None:
        self.fingerprint = dict(fingerprint)

    def repair_vector_index(self, progress: bool = False) -> dict[str, int]:
        return {}  # its vectors are its records: a search always sees all of them

    def written(self) -> str:
        return self._written

    def stamp_written(self) -> None:
        self._written = self.seen = new_stamp()

    def reopen(self) -> None:
        self.seen = self._written  # one object in one process: nothing else to read again

    def sentence_ids(self, doc_id: str) -> list[str]:
        return _ids_of(self._sentences, doc_id)

    def sentence_vectors(self, doc_id: str) -> dict[str, tuple[str, np.ndarray]]:
        return {i: (self._sentences[i][0], self._sentences[i][2].copy()) for i in _ids_of(self._sentences, doc_id)}

    def upsert_sentences(self, ids, texts, metadatas, embeddings) -> None:
        _upsert(self._sentences, ids, texts, metadatas, embeddings)

    def delete_sentences(self, ids: Sequence[str]) -> None:
        for i in ids:
            self._sentences.pop(i, None)

    def get_sentences(self, ids: Sequence[str]) -> list[tuple[Hit, list[float]]]:
        return [
            (Hit(i, self._sentences[i][0], dict(self._sentences[i][1]), 0.0), self._sentences[i][2].tolist())
            for i in ids
            if i in self._sentences
        ]

    def sentences_matching(self, where: dict) -> list[tuple[Hit, list[float]]]:
        return [(Hit(i, t, dict(m), 0.0), e.tolist()) for i, (t, m, e) in self._sentences.items() if _matches(m, where)]

    def query_sentences(self, embedding: Sequence[float], k: int, where: dict | None = None) -> list[Hit]:
        return _query(self._sentences, embedding, k, where)


def _ids_of(table: _Table, doc_id: str) -> list[str]:
    return [i for i, (_, m, _) in table.items() if m["doc_id"] == doc_id]


def _upsert(table: _Table, ids, texts, metadatas, embeddings) -> None:
    for i, t, m, e in zip(ids, texts, metadatas, embeddings):
        table[i] = (t, dict(m), np.array(e, dtype=np.float32))  # a copy: the caller's array may be reused


_OPERATORS = {
    "$in": lambda have, operand: have in operand,
    "$gte": operator.ge,
    "$gt": operator.gt,
    "$lte": operator.le,
    "$lt": operator.lt,
    "$ne": operator.ne,
}


def _matches(meta: dict, where: dict | None) -> bool:
    """The subset of Chroma's filter language the project uses: $and, $or, $in, $gte, $lt, $lte, equality."""
    for key, value in (where or {}).items():
        if key == "$and":
            if not all(_matches(meta, clause) for clause in value):
                return False
        elif key == "$or":
            if not any(_matches(meta, clause) for clause in value):
                return False
        elif isinstance(value, dict):
            ((op, operand),) = value.items()
            if not _OPERATORS[op](meta.get(key), operand):
                return False
        elif meta.get(key) != value:
            return False
    return True


def _query(table: _Table, embedding, k: int, where: dict | None) -> list[Hit]:
    hits = [Hit(i, t, dict(m), cosine(embedding, e)) for i, (t, m, e) in table.items() if _matches(m, where)]
    return sorted(hits, key=lambda h: -h.score)[:k]
