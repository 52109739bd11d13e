"""Sentences and chunks found by position, with filters the store can answer from an index.

Chroma filters metadata in SQLite one condition at a time. An equality on an indexed value (an id, a
``doc_id``, a ``chunk_id``) reads only the rows it matches; a range (``start >= 1200``) reads every
row in that range across the whole collection, whichever article it belongs to. Asking for "the
sentences of this article between offsets a and b" that way cost 0.5 s per question at 16k sentences
and grew with the collection (measured; see the scale benchmark in the README).

So positions are first turned into chunk ids: chunks are numbered ``<doc_id>#<n>`` in text order
(``store.base.chunk_id``), and every sentence records the first chunk that holds it. Sentences inside
chunk n live in chunk n or, when the chunk starts with sentences carried over from its predecessors,
in one of the chunks just before it. Those few chunks' sentences are fetched by ``chunk_id`` and the
ranges are applied here. When the carry reaches further back than we looked (checked: the passage's
first sentence must be among what came back), the article's sentences are read instead: slower, but
bounded by the article, not the collection.
"""

from __future__ import annotations

import re
from typing import Iterable, Sequence

from assistant.answer import Passage
from store.base import Hit, Store, nearby_chunk_ids

# Earlier chunks whose sentences a chunk may start with (its overlap, carried over).
CARRY = 3
# Later chunks searched for what follows a sentence; each chunk brings at least one new sentence.
AHEAD = 8

_LABEL_ONLY = re.compile(r"\s*(?:\[[\w-]+\]\s*)?")  # what may precede a passage's first sentence

Sentence = tuple[Hit, list[float]]


def sentences_in_passages(store: Store, passages: Sequence[Passage], cited: dict[str, set[str]]) -> list[Sentence]:
    """The sentences lying inside ``passages`` (by offsets), and the footnote sentences with the
    given markers (``cited``: doc_id → markers), in one query."""
    placed = [p for p in passages if p.start >= 0]
    clauses: list[dict] = []
    homes = sorted({c for p in placed for c in nearby_chunk_ids(p.chunk_id, CARRY, 0)})
    if homes:
        clauses.append({"chunk_id": {"$in": homes}})
    clauses += [{"$and": [{"doc_id": doc_id}, {"marker": {"$in": sorted(markers)}}]} for doc_id, markers in cited.items()]
    if not clauses:
        return []
    found = store.sentences_matching(clauses[0] if len(clauses) == 1 else {"$or": clauses})
    out: dict[str, Sentence] = {}
    for passage in placed:
        inside = [pair for pair in found if _inside(pair[0], passage)]
        if not _complete(passage, inside):
            inside = [pair for pair in _article_sentences(store, passage.doc_id) if _inside(pair[0], passage)]
        out.update((hit.id, (hit, vector)) for hit, vector in inside)
    for hit, vector in found:
        meta = hit.metadata
        if meta.get("kind") == "footnote" and meta.get("marker", "") in cited.get(meta.get("doc_id", ""), ()):
            out.setdefault(hit.id, (hit, vector))
    return _in_text_order(out.values())


def sentences_after(store: Store, hit: Hit, chars: int) -> list[Sentence]:
    """Sentences of ``hit``'s article starting within ``chars`` characters after it ends, in order."""
    doc_id, end = hit.metadata["doc_id"], hit.metadata["end"]
    home = hit.metadata.get("chunk_id", "")
    if home:
        found = store.sentences_matching({"chunk_id": {"$in": nearby_chunk_ids(home, 0, AHEAD)}})
    else:
        found = _article_sentences(store, doc_id)
    return _in_text_order(
        pair for pair in found if pair[0].metadata["doc_id"] == doc_id and end <= pair[0].metadata["start"] < end + chars
    )


def sentences_before(store: Store, hit: Hit, chars: int) -> list[Sentence]:
    """Sentences of ``hit``'s article ending within ``chars`` characters before it starts, in order
    (those held by the ``AHEAD`` chunks before its own: always the nearest ones, which is what is used)."""
    doc_id, start = hit.metadata["doc_id"], hit.metadata["start"]
    home = hit.metadata.get("chunk_id", "")
    if home:
        found = store.sentences_matching({"chunk_id": {"$in": nearby_chunk_ids(home, AHEAD, 0)}})
    else:
        found = _article_sentences(store, doc_id)
    return _in_text_order(
        (h, vector) for h, vector in found if h.metadata["doc_id"] == doc_id and start - chars < h.metadata["end"] <= start
    )


def chunks_holding(store: Store, doc_id: str, start: int, end: int, near: str) -> list[Hit]:
    """Chunks of ``doc_id`` holding all of [start, end); ``near`` is the id of a chunk holding ``start``."""
    ids = nearby_chunk_ids(near, CARRY, CARRY) if near.startswith(f"{doc_id}#") else []
    found = [h for h in store.get_chunks(ids) if _holds(h, start, end)]
    return found or [h for h in store.chunks_matching({"doc_id": doc_id}) if _holds(h, start, end)]


def _article_sentences(store: Store, doc_id: str) -> list[Sentence]:
    return store.sentences_matching({"doc_id": doc_id})


def _inside(hit: Hit, passage: Passage) -> bool:
    meta = hit.metadata
    return meta.get("doc_id") == passage.doc_id and passage.start <= meta["start"] and meta["end"] <= passage.end


def _holds(hit: Hit, start: int, end: int) -> bool:
    return hit.metadata.get("start", -1) <= start and end <= hit.metadata.get("end", -1)


def _complete(passage: Passage, inside: list[Sentence]) -> bool:
    """Whether the passage's first sentence came back (then the rest did: a later sentence's first
    chunk is never earlier than an earlier sentence's)."""
    if not inside:
        return False
    first = min(hit.metadata["start"] for hit, _ in inside)
    return _LABEL_ONLY.fullmatch(passage.text[: first - passage.start]) is not None


def _in_text_order(pairs: Iterable[Sentence]) -> list[Sentence]:
    return sorted(pairs, key=lambda pair: (pair[0].metadata["doc_id"], pair[0].metadata["start"]))
