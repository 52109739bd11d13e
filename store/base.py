"""What the rest of the project needs from a vector store, independent of Chroma."""

from __future__ import annotations

import math
import secrets
import time
from dataclasses import asdict, dataclass, field
from typing import Any, Iterator, Protocol, Sequence

import numpy as np

from otsqa.errors import StoreNotFoundError

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


def chunk_id(doc_id: str, index: int) -> str:
    """Chunks are numbered in text order within their article (body first, then footnotes): the
    assistant finds a passage's neighbours by id, which the store looks up far faster than by offset."""
    return f"{doc_id}#{index}"


def chunk_doc_id(chunk: str) -> str:
    """The article a chunk id belongs to."""
    return chunk.rpartition("#")[0]


def nearby_chunk_ids(chunk: str, before: int, after: int) -> list[str]:
    """``chunk`` and up to ``before`` chunks before it and ``after`` after it (ids that may not exist)."""
    doc_id, _, index = chunk.rpartition("#")
    if not doc_id or not index.isdigit():
        return [chunk]
    at = int(index)
    return [chunk_id(doc_id, n) for n in range(max(0, at - before), at + after + 1)]


def sentence_id(doc_id: str, start: int) -> str:
    return f"{doc_id}@{start}"


def held_sentence_ids(chunk: Hit) -> list[str]:
    """Ids of the sentences lying wholly inside ``chunk``, which its metadata lists by start offset
    (``sentences``: "0,118,240"): fetching them by id stays fast however large the store grows."""
    doc_id = chunk.metadata.get("doc_id", "")
    return [sentence_id(doc_id, int(s)) for s in str(chunk.metadata.get("sentences", "")).split(",") if s]


def note_chunk_ids(chunk: Hit) -> list[str]:
    """Ids of the chunks of the footnotes a body chunk cites (``note_chunks``: "4=12,13;5=14", each
    footnote marker with its chunk numbers)."""
    doc_id = chunk.metadata.get("doc_id", "")
    numbers = [n for entry in str(chunk.metadata.get("note_chunks", "")).split(";") for n in entry.partition("=")[2].split(",")]
    return [chunk_id(doc_id, int(n)) for n in numbers if n]


def new_stamp() -> str:
    """A stamp for `Store.stamp_written`: when, plus enough randomness that two runs never share one."""
    return f"{time.time_ns()}-{secrets.token_hex(4)}"


def empty_store_error(location: str) -> StoreNotFoundError:
    return StoreNotFoundError(f"No articles in the store at {location}: run `otsqa ingest` first.")


def answering_fingerprint(embedding_model: str) -> dict[str, str]:
    """What a reader of the store must share with its writer: the query vectors' model and the record
    layout. (How the text was cleaned and chunked matters to ingest, which checks the full fingerprint.)"""
    return {"otsqa_embedding_model": embedding_model, "otsqa_schema": SCHEMA_VERSION}


@dataclass
class ArticleRecord:
    """One ingested article. ``status`` is "pending" while its chunks are being written, so a run
    that was killed half-way is recognised and redone by the next one."""

    doc_id: str
    source: str
    title: str = ""
    author: str = ""
    date: str = ""
    content_hash: str = ""
    format: str = ""
    chunks: int = 0
    body_end: int = 0
    status: str = "complete"
    text: str | None = field(default=None, repr=False)  # the cleaned article; quotes are slices of it

    def metadata(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("text")
        return data

    def summary(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in ("doc_id", "source", "title", "author", "date", "chunks")}


@dataclass
class Hit:
    id: str
    text: str
    metadata: dict[str, Any]
    score: float  # cosine similarity, higher is closer


class Store(Protocol):
    location: str
    backend: str  # "embedded" | "server" | "memory"
    fingerprint: dict[str, str]

    def count(self) -> int: ...

    def articles(self, where: dict | None = None) -> list[ArticleRecord]:
        """Article records without their text, by source; ``where`` filters on their fields
        (Chroma-style, e.g. ``{"status": "pending"}``) so a question need not read every record."""
        ...

    def article(self, doc_id: str) -> ArticleRecord | None: ...

    def put_articles(self, records: Sequence[ArticleRecord]) -> None:
        """Add or replace article records (one write for many: each write has a fixed cost)."""
        ...

    def delete_article(self, doc_id: str) -> None: ...

    def chunk_ids(self, doc_id: str) -> list[str]: ...

    def chunk_vectors(self, doc_id: str) -> dict[str, tuple[str, np.ndarray]]:
        """Existing chunks of an article: id → (text, embedding as a float32 array)."""
        ...

    def chunks_with_vectors(self, doc_id: str) -> list[tuple[Hit, np.ndarray]]: ...

    def get_chunks(self, ids: Sequence[str]) -> list[Hit]:
        """Chunks by id (score 0), in the order given; unknown ids are left out."""
        ...

    def chunks_matching(self, where: dict) -> list[Hit]:
        """Chunks whose metadata match a Chroma-style filter (score 0)."""
        ...

    def upsert_chunks(self, ids: Sequence[str], texts: Sequence[str], metadatas: Sequence[dict], embeddings: Embeddings) -> None:
        """``embeddings``: a float32 array with a row per record (what ingest passes), or a list of vectors.
        Both stores keep float32."""
        ...

    def delete_chunks(self, ids: Sequence[str]) -> None: ...

    def query(self, embedding: Sequence[float], k: int, where: dict | None = None) -> list[Hit]: ...

    # Whole-store passes: upgrading a store in place (ingest/upgrade.py), filling a new BM25 index.

    def scan(self, table: str, texts: bool = False) -> Iterator[Hit]:
        """Every record of ``table`` ("chunks" or "sentences") with its metadata (and text, with
        ``texts``; else ""), read a page at a time: one pass over the collection instead of a
        filter per article, each of which scans it."""
        ...

    def update_chunk_metadata(self, ids: Sequence[str], metadatas: Sequence[dict]) -> None:
        """Merge ``metadatas`` into the chunks' metadata (vectors and texts untouched)."""
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

    # Sentences: one record per sentence of an article (id "<doc_id>@<start>"), with its own vector,
    # so answers can pick sentences by meaning without embedding them at question time.

    def sentence_ids(self, doc_id: str) -> list[str]: ...

    def sentence_vectors(self, doc_id: str) -> dict[str, tuple[str, np.ndarray]]: ...

    def upsert_sentences(
        self, ids: Sequence[str], texts: Sequence[str], metadatas: Sequence[dict], embeddings: Embeddings
    ) -> None: ...

    def delete_sentences(self, ids: Sequence[str]) -> None: ...

    def get_sentences(self, ids: Sequence[str]) -> list[tuple[Hit, list[float]]]:
        """Sentences by id with their vectors, in the order given; unknown ids are left out."""
        ...

    def sentences_matching(self, where: dict) -> list[tuple[Hit, list[float]]]:
        """Sentences (with vectors) whose metadata match a Chroma-style filter."""
        ...

    def query_sentences(self, embedding: Sequence[float], k: int, where: dict | None = None) -> list[Hit]: ...
