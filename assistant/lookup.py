"""Sentences and chunks found by position, fetched by id.

Chroma answers a metadata filter (``doc_id = x``, ``chunk_id in [...]``, ``start >= 1200``) by
scanning the whole collection: about 100 ms a filter at 780k sentences, and an answer needs several
(measured; see the scale benchmark in the README). A lookup by id takes 1–3 ms at any size.

So positions go through chunk ids. Chunks are numbered ``<doc_id>#<n>`` in text order
(``store.base.chunk_id``); each chunk lists the sentences lying wholly inside it by start offset, and
a body chunk lists the chunks of the footnotes it cites (``store.base.held_sentence_ids``,
``note_chunk_ids``; written at ingest). A passage's sentences are its chunk's; what follows or precedes
a sentence is found among the sentences of the chunks next to its own. Only a passage whose chunk is
no longer in the store falls back to a filter on its article.
"""

from __future__ import annotations

from typing import Iterable, Sequence

from assistant.answer import Passage
from store.base import Hit, Store, held_sentence_ids, nearby_chunk_ids, note_chunk_ids

# Later (or earlier) chunks searched for what follows (or precedes) a sentence; each chunk brings at
# least one sentence its neighbour lacks.
AHEAD = 8
# Chunks on each side of a known one that may also hold a given span (their windows overlap).
CARRY = 3

Sentence = tuple[Hit, list[float]]


def sentences_in_passages(store: Store, passages: Sequence[Passage], notes: bool = False) -> list[Sentence]:
    """The sentences lying inside ``passages`` (by offsets) and, with ``notes``, the sentences of the
    footnotes those passages cite; in text order."""
    placed = [p for p in passages if p.start >= 0]
    chunks = {h.id: h for h in store.get_chunks(sorted({p.chunk_id for p in placed}))}
    wanted = [i for c in chunks.values() for i in held_sentence_ids(c)]
    if notes:
        cited = [i for c in chunks.values() for i in note_chunk_ids(c)]
        wanted += [i for c in store.get_chunks(cited) for i in held_sentence_ids(c)]
    found = store.get_sentences(list(dict.fromkeys(wanted)))
    out: dict[str, Sentence] = {pair[0].id: pair for pair in found if notes and pair[0].metadata.get("kind") == "footnote"}
    for passage in placed:
        pool = found if passage.chunk_id in chunks else _article_sentences(store, passage.doc_id)
        out.update((hit.id, (hit, vector)) for hit, vector in pool if _inside(hit, passage))
    return _in_text_order(out.values())


def sentences_after(store: Store, hit: Hit, chars: int) -> list[Sentence]:
    """Sentences of ``hit``'s article starting within ``chars`` characters after it ends, in order."""
    end = hit.metadata["end"]
    found = _near(store, hit, 0, AHEAD, lambda start: end <= start < end + chars)
    return _in_text_order(pair for pair in found if end <= pair[0].metadata["start"] < end + chars)


def sentences_before(store: Store, hit: Hit, chars: int) -> list[Sentence]:
    """Sentences of ``hit``'s article ending within ``chars`` characters before it starts, in order
    (those held by the ``AHEAD`` chunks before its own: always the nearest ones, which is what is used)."""
    start = hit.metadata["start"]
    found = _near(store, hit, AHEAD, 0, lambda at: at < start)
    return _in_text_order(pair for pair in found if start - chars < pair[0].metadata["end"] <= start)


def chunks_holding(store: Store, doc_id: str, start: int, end: int, near: str) -> list[Hit]:
    """Chunks of ``doc_id`` holding all of [start, end); ``near`` is the id of a chunk holding ``start``."""
    ids = nearby_chunk_ids(near, CARRY, CARRY) if near.startswith(f"{doc_id}#") else []
    found = [h for h in store.get_chunks(ids) if _holds(h, start, end)]
    return found or [h for h in store.chunks_matching({"doc_id": doc_id}) if _holds(h, start, end)]


def _near(store: Store, hit: Hit, before: int, after: int, keep_start) -> list[Sentence]:
    """Sentences of the chunks around ``hit``'s own whose start offset passes ``keep_start``."""
    doc_id, home = hit.metadata["doc_id"], hit.metadata.get("chunk_id", "")
    if not home:  # a sentence no chunk holds whole (not expected: chunks are cut at sentence ends)
        return [pair for pair in _article_sentences(store, doc_id) if keep_start(pair[0].metadata["start"])]
    ids = [i for c in store.get_chunks(nearby_chunk_ids(home, before, after)) for i in held_sentence_ids(c)]
    return store.get_sentences([i for i in dict.fromkeys(ids) if keep_start(int(i.rpartition("@")[2]))])


def _article_sentences(store: Store, doc_id: str) -> list[Sentence]:
    return store.sentences_matching({"doc_id": doc_id})


def _inside(hit: Hit, passage: Passage) -> bool:
    meta = hit.metadata
    return meta.get("doc_id") == passage.doc_id and passage.start <= meta["start"] and meta["end"] <= passage.end


def _holds(hit: Hit, start: int, end: int) -> bool:
    return hit.metadata.get("start", -1) <= start and end <= hit.metadata.get("end", -1)


def _in_text_order(pairs: Iterable[Sentence]) -> list[Sentence]:
    return sorted(pairs, key=lambda pair: (pair[0].metadata["doc_id"], pair[0].metadata["start"]))
