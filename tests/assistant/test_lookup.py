"""Finding sentences and chunks by position through chunk ids gives exactly what the (slow at scale)
offset-range filters give, on every passage of the real ingested corpus."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.lookup import chunks_holding, sentences_after, sentences_before, sentences_in_passages
from assistant.retrieval import passage_from_hit
from store.base import nearby_chunk_ids

pytestmark = pytest.mark.slow


def _all_chunks(store):
    return [h for record in store.articles() for h in store.chunks_matching({"doc_id": record.doc_id})]


def _by_range(store, doc_id, start, end):
    where = {"$and": [{"doc_id": doc_id}, {"start": {"$gte": start}}, {"end": {"$lte": end}}]}
    return sorted(h.id for h, _ in store.sentences_matching(where))


def test_sentences_in_every_passage_match_the_range_filter(ingested):
    store = ingested.store
    chunks = _all_chunks(store)
    assert len(chunks) > 50
    carried = 0
    for hit in chunks:
        passage = passage_from_hit(hit, 1)
        got = sorted(h.id for h, _ in sentences_in_passages(store, [passage], {}))
        assert got == _by_range(store, passage.doc_id, passage.start, passage.end), hit.id
        carried += any(h.metadata["chunk_id"] != hit.id for h, _ in sentences_in_passages(store, [passage], {}))
    assert carried > 10, "the corpus should exercise sentences carried over from an earlier chunk"


def test_a_carry_longer_than_the_lookback_falls_back_to_the_article(ingested):
    store = ingested.store
    hit = next(h for h in _all_chunks(store) if int(h.id.rpartition("#")[2]) > 0)
    passage = passage_from_hit(hit, 1)
    # Pretend the passage is a later chunk: its sentences' first chunks lie beyond the lookback.
    far = replace(passage, chunk_id=nearby_chunk_ids(hit.id, 0, 20)[-1])
    got = sorted(h.id for h, _ in sentences_in_passages(store, [far], {}))
    assert got == _by_range(store, passage.doc_id, passage.start, passage.end)


def test_cited_footnotes_come_with_the_passages(ingested):
    store = ingested.store
    citing = next(h for h in _all_chunks(store) if h.metadata.get("footnotes"))
    passage = passage_from_hit(citing, 1)
    markers = set(citing.metadata["footnotes"].split(","))
    got = sentences_in_passages(store, [passage], {passage.doc_id: markers})
    notes = {h.id for h, _ in got if h.metadata["kind"] == "footnote"}
    where = {"$and": [{"doc_id": passage.doc_id}, {"kind": "footnote"}, {"marker": {"$in": sorted(markers)}}]}
    assert notes == {h.id for h, _ in store.sentences_matching(where)} and notes


def test_what_follows_a_sentence_matches_the_range_filter(ingested):
    store = ingested.store
    record = max(store.articles(), key=lambda r: r.chunks)
    sentences = sorted(store.sentences_matching({"doc_id": record.doc_id}), key=lambda p: p[0].metadata["start"])
    for hit, _ in sentences[::7]:
        end = hit.metadata["end"]
        where = {"$and": [{"doc_id": record.doc_id}, {"start": {"$gte": end}}, {"start": {"$lt": end + 2000}}]}
        expected = sorted((h.metadata["start"], h.id) for h, _ in store.sentences_matching(where))
        assert [(h.metadata["start"], h.id) for h, _ in sentences_after(store, hit, 2000)] == expected


def test_what_precedes_a_sentence_matches_the_range_filter(ingested):
    store = ingested.store
    record = max(store.articles(), key=lambda r: r.chunks)
    sentences = sorted(store.sentences_matching({"doc_id": record.doc_id}), key=lambda p: p[0].metadata["start"])
    for hit, _ in sentences[3::7]:
        start = hit.metadata["start"]
        where = {"$and": [{"doc_id": record.doc_id}, {"end": {"$lte": start}}, {"end": {"$gt": start - 1500}}]}
        expected = sorted((h.metadata["start"], h.id) for h, _ in store.sentences_matching(where))
        got = [(h.metadata["start"], h.id) for h, _ in sentences_before(store, hit, 1500)]
        # Only the nearest sentences are ever used; those must all be there, in order.
        assert got == expected[-len(got) :] and got[-1] == expected[-1]


def test_chunks_holding_a_span_match_the_range_filter(ingested):
    store = ingested.store
    record = max(store.articles(), key=lambda r: r.chunks)
    sentences = sorted(store.sentences_matching({"doc_id": record.doc_id}), key=lambda p: p[0].metadata["start"])
    for (first, _), (last, _) in zip(sentences[::5], sentences[1::5]):
        start, end = first.metadata["start"], last.metadata["end"]
        where = {"$and": [{"doc_id": record.doc_id}, {"start": {"$lte": start}}, {"end": {"$gte": end}}]}
        expected = sorted(h.id for h in store.chunks_matching(where))
        got = sorted(h.id for h in chunks_holding(store, record.doc_id, start, end, first.metadata["chunk_id"]))
        assert got == expected


def test_nearby_chunk_ids():
    assert nearby_chunk_ids("d#5", 2, 1) == ["d#3", "d#4", "d#5", "d#6"]
    assert nearby_chunk_ids("d~copy2#1", 3, 0) == ["d~copy2#0", "d~copy2#1"]
    assert nearby_chunk_ids("no-number", 3, 3) == ["no-number"]
