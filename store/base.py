"""What the rest of the project needs from a vector store, independent of Chroma.

A store holds three kinds of record (`store.records`): articles, and two tables with a vector per
record, ``passages`` (the chunks answers are retrieved from and cite) and ``sentences`` (what
answers quote). Both tables have the same small interface (`Table`), and filters are typed keyword
arguments: only the Chroma store turns them into Chroma's ``where`` language.
"""

from __future__ import annotations

import math
import secrets
import time
from typing import Iterator, Protocol, Sequence

import numpy as np

from otsqa.errors import StoreNotFoundError
from store.records import (  # the records and their ids are part of the interface
    ArticleRecord,
    Hit,
    PassageRecord,
    R,
    SentenceRecord,
    chunk_doc_id,
    chunk_id,
    nearby_chunk_ids,
    sentence_id,
)

Embeddings = np.ndarray | Sequence[Sequence[float]]  # vectors handed to a store: best a 2-D float32 array

# Bumped when the layout of records changes; part of every store's fingerprint.
SCHEMA_VERSION = "3"  # 2: sentence records with their own vectors; 3: chunks list their sentences
# Earlier schemas that `otsqa ingest` brings up to this one in place, without embedding again.
UPGRADABLE_SCHEMAS = ("2",)


def can_upgrade(have: dict[str, str], want: dict[str, str]) -> bool:
    """Whether a store with fingerprint ``have`` differs from ``want`` only by an upgradable schema."""
    others = {k: v for k, v in want.items() if k != "otsqa_schema"}
    return have.get("otsqa_schema") in UPGRADABLE_SCHEMAS and all(have.get(k) == v for k, v in others.items())


def only_chunker_differs(have: dict[str, str], want: dict[str, str]) -> bool:
    """Whether a store differs from ``want`` only by its cleaner or chunker: `otsqa ingest` then cleans
    and chunks its articles again in place, reusing the vectors of texts that come out the same."""
    return have.get("otsqa_chunker") != want.get("otsqa_chunker") and all(
        have.get(k) == v for k, v in want.items() if k != "otsqa_chunker"
    )


def cosine(a: Sequence[float], b: Sequence[float]) -> float:
    # NumPy: an answer scores a few dozen sentences, and the pure-Python loop over 384 dimensions
    # cost about 1 ms each (a tenth of the answer's time at scale, in the profile).
    x, y = np.asarray(a, dtype=np.float64), np.asarray(b, dtype=np.float64)
    return float(np.dot(x, y) / ((math.sqrt(np.dot(x, x)) * math.sqrt(np.dot(y, y))) or 1.0))


def new_stamp() -> str:
    """A stamp for `Store.stamp_written`: when, plus enough randomness that two runs never share one."""
    return f"{time.time_ns()}-{secrets.token_hex(4)}"


def empty_store_error(location: str) -> StoreNotFoundError:
    return StoreNotFoundError(f"No articles in the store at {location}: run `otsqa ingest` first.")


def answering_fingerprint(embedding_model: str) -> dict[str, str]:
    """What a reader of the store must share with its writer: the query vectors' model and the record
    layout. (How the text was cleaned and chunked matters to ingest, which checks the full fingerprint.)"""
    return {"otsqa_embedding_model": embedding_model, "otsqa_schema": SCHEMA_VERSION}


class Table(Protocol[R]):
    """Passages or sentences: records with a vector each, found by id, by article or by similarity.
    Vectors go in as a float32 array with a row per record (what ingest passes) or a list of vectors,
    and come back as float32 rows (4 bytes a number; both stores keep float32)."""

    def get(self, ids: Sequence[str]) -> list[R]:
        """Records by id, in the order given; unknown ids are left out."""
        ...

    def get_with_vectors(self, ids: Sequence[str]) -> list[tuple[R, np.ndarray]]:
        """As `get`, each with its vector (one read, not two)."""
        ...

    def ids_of(self, doc_id: str) -> list[str]:
        """The ids of an article's records (cheap: no texts or fields are read)."""
        ...

    def of_article(self, doc_id: str) -> list[R]: ...

    def vectors_of(self, doc_id: str) -> list[tuple[R, np.ndarray]]:
        """An article's records with their vectors (ingest reuses the vectors of unchanged texts)."""
        ...

    def nearest(self, vector: Sequence[float], k: int, doc_ids: Sequence[str] | None = None) -> list[Hit[R]]:
        """Up to ``k`` records closest to ``vector``, closest first; with ``doc_ids``, only those
        articles' (an empty list: none)."""
        ...

    def upsert(self, records: Sequence[R], vectors: Embeddings) -> None:
        """Add or replace records with their vectors (one row per record, in the same order)."""
        ...

    def update(self, records: Sequence[R]) -> None:
        """Rewrite existing records' fields, keeping their texts and vectors (an in-place upgrade)."""
        ...

    def delete(self, ids: Sequence[str]) -> None: ...

    def scan(self, texts: bool = False) -> Iterator[R]:
        """Every record (with its text, with ``texts``; else text ""), read a page at a time: one pass
        over the collection instead of a filter per article, each of which scans it. For whole-store
        passes: upgrading a store in place (ingest/upgrade.py), filling a new BM25 index."""
        ...


class Store(Protocol):
    location: str
    backend: str  # "embedded" | "server" | "memory"
    fingerprint: dict[str, str]
    # Kept as attributes (not properties computed per call) so callers may hold on to them; a reopen
    # or repair swaps the collections underneath, not the tables.
    passages: Table[PassageRecord]
    sentences: Table[SentenceRecord]  # one per sentence of an article (id "<doc_id>@<start>")

    def count(self) -> int:
        """Passages in the store."""
        ...

    def articles(self, *, doc_ids: Sequence[str] | None = None, status: str | None = None) -> list[ArticleRecord]:
        """Article records without their text, by source; ``doc_ids`` and ``status`` ("pending",
        "complete") narrow them in the store, so a question need not read every record."""
        ...

    def article(self, doc_id: str) -> ArticleRecord | None: ...

    def put_articles(self, records: Sequence[ArticleRecord]) -> None:
        """Add or replace article records (one write for many: each write has a fixed cost)."""
        ...

    def delete_article(self, doc_id: str) -> None:
        """The article's record, passages and sentences."""
        ...

    def set_fingerprint(self, fingerprint: dict[str, str]) -> None: ...

    # Writes by another process (`otsqa ingest` while `otsqa serve` runs): each run that changed the
    # store ends by stamping it; a reader compares the stamp with ``seen`` (the stamp when it opened)
    # and reopens to see the change. Caches of article text are keyed on ``seen``.
    seen: str

    def written(self) -> str:
        """The stamp of the last completed run that changed the store, read now ("" before any)."""
        ...

    def stamp_written(self) -> None:
        """Mark the store as changed, for readers in other processes (and set ``seen``)."""
        ...

    def reopen(self) -> None:
        """Read the store afresh, so this process sees what others wrote since it opened it."""
        ...

    def repair_vector_index(self, progress: bool = False) -> dict[str, int]:
        """Rebuild a vector index that no longer finds all its records (after a writer was killed);
        returns the number of records each rebuilt index could not find."""
        ...


__all__ = [
    "SCHEMA_VERSION",
    "ArticleRecord",
    "Embeddings",
    "Hit",
    "PassageRecord",
    "SentenceRecord",
    "Store",
    "Table",
    "answering_fingerprint",
    "can_upgrade",
    "chunk_doc_id",
    "chunk_id",
    "cosine",
    "empty_store_error",
    "nearby_chunk_ids",
    "new_stamp",
    "only_chunker_differs",
    "sentence_id",
]
