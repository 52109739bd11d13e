"""Sentences and chunks found by position, fetched by id.

Chroma answers a metadata filter (``doc_id = x``, ``chunk_id in [...]``, ``start >= 1200``) by
scanning the whole collection: about 100 ms a filter at 780k sentences, and an answer needs several
(measured: docs/reports/bench-scale-2026-12-01-f9df263.md). A lookup by id takes 1–3 ms at any size.

So positions go through chunk ids. Chunks are numbered ``<doc_id>#<n>`` in text order
(``store.base.chunk_id``); each chunk lists the sentences lying wholly inside it by start offset, and
a body chunk lists the chunks of the footnotes it cites (``PassageRecord.sentence_ids``,
``note_chunk_ids``; written at ingest). A passage's sentences are its chunk's; what follows or precedes
a sentence is found among the sentences of the chunks next to its own. Only a passage whose chunk is
no longer in the store falls back to a filter on its article.
"""

from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np

from assistant.answer import Passage
from store.base import PassageRecord, SentenceRecord, Store, nearby_chunk_ids

# Later (or earlier) chunks searched for what follows (or precedes) a sentence; each chunk brings at
# least one sentence its neighbour lacks.
AHEAD = 8
# Chunks on each side of a known one that may also hold a given span (their windows overlap).
CARRY = 3

Sentence = tuple[SentenceRecord, np.ndarray]  # a sentence with its vector


def sentences_in_passages(store: Store, passages: Sequence[Passage], notes: bool = False) -> list[Sentence]:
    """The sentences lying inside ``passages`` (by offsets) and, with ``notes``, the sentences of the
    footnotes those passages cite; in text order."""
    placed = [p for p in passages if p.start >= 0]
    chunks = {c.id: c for c in store.passages.get(sorted({p.chunk_id for p in placed}))}
    wanted = [i for c in chunks.values() for i in c.sentence_ids()]
    if notes:
        cited = [i for c in chunks.values() for i in c.note_chunk_ids()]
        wanted += [i for c in store.passages.get(cited) for i in c.sentence_ids()]
    found = store.sentences.get_with_vectors(list(dict.fromkeys(wanted)))
    out: dict[str, Sentence] = {pair[0].id: pair for pair in found if notes and pair[0].kind == "footnote"}
    for passage in placed:
        pool = found if passage.chunk_id in chunks else _article_sentences(store, passage.doc_id)
        out.update((sentence.id, (sentence, vector)) for sentence, vector in pool if _inside(sentence, passage))
    return _in_text_order(out.values())


def sentences_after(store: Store, sentence: SentenceRecord, chars: int) -> list[Sentence]:
    """Sentences of ``sentence``'s article starting within ``chars`` characters after it ends, in order."""
    end = sentence.end
    found = _near(store, sentence, 0, AHEAD, lambda start: end <= start < end + chars)
    return _in_text_order(pair for pair in found if end <= pair[0].start < end + chars)


def sentences_before(store: Store, sentence: SentenceRecord, chars: int) -> list[Sentence]:
    """Sentences of ``sentence``'s article ending within ``chars`` characters before it starts, in order
    (those held by the ``AHEAD`` chunks before its own: always the nearest ones, which is what is used)."""
    start = sentence.start
    found = _near(store, sentence, AHEAD, 0, lambda at: at < start)
    return _in_text_order(pair for pair in found if start - chars < pair[0].end <= start)


def chunks_holding(store: Store, doc_id: str, start: int, end: int, near: str) -> list[PassageRecord]:
    """Chunks of ``doc_id`` holding all of [start, end); ``near`` is the id of a chunk holding ``start``."""
    ids = nearby_chunk_ids(near, CARRY, CARRY) if near.startswith(f"{doc_id}#") else []
    found = [c for c in store.passages.get(ids) if _holds(c, start, end)]
    return found or [c for c in store.passages.of_article(doc_id) if _holds(c, start, end)]


def _near(store: Store, sentence: SentenceRecord, before: int, after: int, keep_start) -> list[Sentence]:
    """Sentences of the chunks around ``sentence``'s own whose start offset passes ``keep_start``."""
    home = sentence.chunk_id
    if not home:  # a sentence no chunk holds whole (not expected: chunks are cut at sentence ends)
        return [pair for pair in _article_sentences(store, sentence.doc_id) if keep_start(pair[0].start)]
    ids = [i for c in store.passages.get(nearby_chunk_ids(home, before, after)) for i in c.sentence_ids()]
    return store.sentences.get_with_vectors([i for i in dict.fromkeys(ids) if keep_start(int(i.rpartition("@")[2]))])


def _article_sentences(store: Store, doc_id: str) -> list[Sentence]:
    return store.sentences.vectors_of(doc_id)


def _inside(sentence: SentenceRecord, passage: Passage) -> bool:
    return sentence.doc_id == passage.doc_id and passage.start <= sentence.start and sentence.end <= passage.end


def _holds(chunk: PassageRecord, start: int, end: int) -> bool:
    return chunk.start <= start and end <= chunk.end


def _in_text_order(pairs: Iterable[Sentence]) -> list[Sentence]:
    return sorted(pairs, key=lambda pair: (pair[0].doc_id, pair[0].start))
