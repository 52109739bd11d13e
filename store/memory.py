"""An in-memory store with the same interface as ChromaStore: a fake for fast tests of plumbing.

It keeps the typed records themselves and filters them with plain Python on their fields; the
codec and Chroma's filter language are the Chroma store's alone (tests/store/test_tables.py runs
the same checks on both stores, so the two cannot drift apart).
"""

from __future__ import annotations

import copy
import dataclasses
from typing import Generic, Iterator, Sequence

import numpy as np

from store.base import ArticleRecord, Hit, PassageRecord, R, SentenceRecord, cosine, new_stamp


class MemoryTable(Generic[R]):
    """Passages or sentences (`store.base.Table`): id → (record, vector as float32, as Chroma keeps it)."""

    def __init__(self) -> None:
        self._rows: dict[str, tuple[R, np.ndarray]] = {}

    def __len__(self) -> int:
        return len(self._rows)

    def get(self, ids: Sequence[str]) -> list[R]:
        return [self._rows[i][0] for i in ids if i in self._rows]

    def get_with_vectors(self, ids: Sequence[str]) -> list[tuple[R, np.ndarray]]:
        return [(self._rows[i][0], self._rows[i][1].copy()) for i in ids if i in self._rows]

    def ids_of(self, doc_id: str) -> list[str]:
        return [i for i, (record, _) in self._rows.items() if record.doc_id == doc_id]

    def of_article(self, doc_id: str) -> list[R]:
        return [record for record, _ in self._rows.values() if record.doc_id == doc_id]

    def vectors_of(self, doc_id: str) -> list[tuple[R, np.ndarray]]:
        return [(record, vector.copy()) for record, vector in self._rows.values() if record.doc_id == doc_id]

    def nearest(self, vector: Sequence[float], k: int, doc_ids: Sequence[str] | None = None) -> list[Hit[R]]:
        wanted = None if doc_ids is None else set(doc_ids)
        hits = [Hit(r, cosine(vector, v)) for r, v in self._rows.values() if wanted is None or r.doc_id in wanted]
        return sorted(hits, key=lambda h: -h.score)[: max(k, 0)]

    def upsert(self, records: Sequence[R], vectors) -> None:
        for record, vector in zip(records, vectors):
            self._rows[record.id] = (record, np.array(vector, dtype=np.float32))  # a copy: the caller's array may be reused

    def update(self, records: Sequence[R]) -> None:
        for record in records:
            if record.id in self._rows:
                old, vector = self._rows[record.id]
                self._rows[record.id] = (dataclasses.replace(record, text=old.text), vector)

    def delete(self, ids: Sequence[str]) -> None:
        for i in ids:
            self._rows.pop(i, None)

    def scan(self, texts: bool = False) -> Iterator[R]:
        return iter([r if texts else dataclasses.replace(r, text="") for r, _ in self._rows.values()])


class MemoryStore:
    backend = "memory"
    location = ":memory:"

    def __init__(self, fingerprint: dict[str, str] | None = None):
        self.fingerprint = dict(fingerprint or {})
        self._records: dict[str, ArticleRecord] = {}
        self.passages: MemoryTable[PassageRecord] = MemoryTable()
        self.sentences: MemoryTable[SentenceRecord] = MemoryTable()
        self._written = ""
        self.seen = ""

    def count(self) -> int:
        return len(self.passages)

    def articles(self, *, doc_ids: Sequence[str] | None = None, status: str | None = None) -> list[ArticleRecord]:
        records = (
            r
            for r in self._records.values()
            if (doc_ids is None or r.doc_id in doc_ids) and (status is None or r.status == status)
        )
        return sorted((dataclasses.replace(r, text=None) for r in records), key=lambda r: r.source)

    def article(self, doc_id: str) -> ArticleRecord | None:
        record = self._records.get(doc_id)
        return copy.copy(record) if record else None

    def put_articles(self, records: Sequence[ArticleRecord]) -> None:
        for record in records:
            self._records[record.doc_id] = copy.copy(record)

    def delete_article(self, doc_id: str) -> None:
        for table in (self.passages, self.sentences):
            table.delete(table.ids_of(doc_id))
        self._records.pop(doc_id, None)

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
