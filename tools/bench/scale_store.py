"""Stores of chosen sizes for the scale benchmark, made from an ingested store without embedding again.

A store of ~10k passages keeps some articles of a larger one; a store of ≥100k passages adds copies
of articles (new ids, the same text, vectors nudged by a little noise so the vector index is not full
of exact ties). Copies go through the same `Store` interface as an ingest and in the same order (a
"pending" record, passages, sentences, BM25 rows, then the record marked complete), so the Chroma
collections and the BM25 index look as if the copies had been ingested. Writes are gathered over
many articles: each Chroma write costs tens of milliseconds whatever its size.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Callable, Sequence

import numpy as np

from store.base import ArticleRecord, PassageRecord, SentenceRecord, Store
from store.lexical import LexicalIndex, search_text

_NOISE = 0.005  # per dimension: a copy's cosine to its original stays about 0.995
_BATCH_RECORDS = 4000  # passages + sentences gathered before one round of writes


class _Batch:
    def __init__(self) -> None:
        self.records: list[ArticleRecord] = []
        self.chunks: tuple[list[PassageRecord], list] = ([], [])  # records, vectors
        self.sentences: tuple[list[SentenceRecord], list] = ([], [])
        self.lexical: list[tuple[str, str, list[tuple[str, str]]]] = []

    def size(self) -> int:
        return len(self.chunks[0]) + len(self.sentences[0])


def copy_articles(
    source: Store,
    target: Store,
    lexical: LexicalIndex,
    doc_ids: Sequence[str],
    suffix: str,
    seed: int = 0,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Copy articles as ``doc_id + suffix`` (records, passages, sentences, BM25 rows); returns passages written."""
    rng = np.random.default_rng(seed)
    batch, written = _Batch(), 0
    for doc_id in doc_ids:
        record = source.article(doc_id)
        if record is None:
            continue
        new_id = doc_id + suffix

        def rename(old: str, doc_id: str = doc_id, new_id: str = new_id) -> str:
            return new_id + old[len(doc_id) :] if old.startswith(doc_id) else old

        copy = replace(record, doc_id=new_id, source=record.source + suffix, content_hash=record.content_hash + suffix)
        batch.records.append(copy)
        chunks = source.passages.vectors_of(doc_id)
        _extend(
            batch.chunks,
            [replace(c, id=rename(c.id), doc_id=new_id, source=copy.source) for c, _ in chunks],
            _nudge(rng, [v for _, v in chunks]),
        )
        sentences = source.sentences.vectors_of(doc_id)
        _extend(
            batch.sentences,
            [replace(s, id=rename(s.id), doc_id=new_id, chunk_id=rename(s.chunk_id)) for s, _ in sentences],
            _nudge(rng, [v for _, v in sentences]),
        )
        rows = [(rename(c.id), search_text(c.text, c.context)) for c, _ in chunks]
        batch.lexical.append((new_id, copy.content_hash, rows))
        if batch.size() >= _BATCH_RECORDS:
            written += _write(target, lexical, batch)
            batch = _Batch()
            if progress:
                progress(written)
    written += _write(target, lexical, batch)
    return written


def _extend(columns: tuple[list, list], records, vectors) -> None:
    for column, values in zip(columns, (records, vectors)):
        column.extend(values)


def _nudge(rng: np.random.Generator, vectors: list) -> list[list[float]]:
    if not vectors:
        return []
    moved = np.asarray(vectors, dtype=np.float32) + rng.normal(0.0, _NOISE, (len(vectors), len(vectors[0])))
    moved /= np.linalg.norm(moved, axis=1, keepdims=True)
    return moved.tolist()


def _write(target: Store, lexical: LexicalIndex, batch: _Batch) -> int:
    if not batch.records:
        return 0
    target.put_articles([replace(r, status="pending", content_hash="") for r in batch.records])
    target.passages.upsert(*batch.chunks)
    target.sentences.upsert(*batch.sentences)
    for doc_id, content_hash, rows in batch.lexical:
        lexical.replace_article(doc_id, content_hash, rows)
    target.put_articles(batch.records)
    return len(batch.chunks[0])


def grow(store: Store, lexical: LexicalIndex, doc_ids: Sequence[str], target_chunks: int, progress=None) -> int:
    """Add copies of ``doc_ids`` (copy 1 of each, then copy 2, …) until the store holds ``target_chunks``."""
    have = store.count()
    per_article = {r.doc_id: r.chunks for r in store.articles()}
    copy = 0
    while have < target_chunks:
        copy += 1
        chosen, planned = [], have
        for doc_id in doc_ids:
            if planned >= target_chunks:
                break
            chosen.append(doc_id)
            planned += per_article.get(doc_id, 0)
        if not chosen or planned == have:
            break  # nothing left to copy
        have += copy_articles(store, store, lexical, chosen, f"~copy{copy}", seed=copy, progress=_offset(progress, have))
    return store.count()


def _offset(progress: Callable[[int], None] | None, base: int) -> Callable[[int], None] | None:
    return None if progress is None else (lambda n: progress(base + n))


def shrink(store: Store, lexical: LexicalIndex, removable: Sequence[str], target_chunks: int) -> int:
    """Delete articles from ``removable`` (last first) until the store holds at most ``target_chunks``."""
    have = store.count()
    by_id = {r.doc_id: r for r in store.articles()}
    for doc_id in reversed(list(removable)):
        if have <= target_chunks:
            break
        record = by_id.get(doc_id)
        if record is None:
            continue
        store.delete_article(doc_id)
        lexical.delete_article(doc_id)
        have -= record.chunks
    return store.count()
