"""Finding sentences and chunks by position through chunk ids gives exactly what the (slow at scale)
offset-range and marker filters give, on every passage of the real ingested corpus."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.lookup import chunks_holding, sentences_after, sentences_before, sentences_in_passages
from assistant.retrieval import passage_from_hit
from store.base import held_sentence_ids, nearby_chunk_ids, note_chunk_ids

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
        got = sorted(h.id for h, _ in sentences_in_passages(store, [passage]))
        assert got == _by_range(store, passage.doc_id, passage.start, passage.end), hit.id
        carried += any(h.metadata["chunk_id"] != hit.id for h, _ in sentences_in_passages(store, [passage]))
    assert carried > 10, "the corpus should exercise sentences carried over from an earlier chunk"


def test_a_passage_whose_chunk_is_gone_is_read_from_its_article(ingested):
    store = ingested.store
    hit = next(h for h in _all_chunks(store) if int(h.id.rpartition("#")[2]) > 0)
    passage = replace(passage_from_hit(hit, 1), chunk_id=f"{hit.metadata['doc_id']}#9999")
    got = sorted(h.id for h, _ in sentences_in_passages(store, [passage]))
    assert got == _by_range(store, passage.doc_id, passage.start, passage.end) and got


def test_every_chunk_lists_exactly_the_sentences_inside_it(ingested):
    store = ingested.store
    for hit in _all_chunks(store):
        assert sorted(held_sentence_ids(hit)) == _by_range(
            store, hit.metadata["doc_id"], hit.metadata["start"], hit.metadata["end"]
        )


def test_body_chunks_list_the_chunks_of_the_footnotes_they_cite(ingested):
    store = ingested.store
    citing = [h for h in _all_chunks(store) if h.metadata["kind"] == "body" and h.metadata.get("footnotes")]
    assert len(citing) > 5
    for hit in citing:
        markers = set(hit.metadata["footnotes"].split(","))
        where = {"$and": [{"doc_id": hit.metadata["doc_id"]}, {"kind": "footnote"}, {"marker": {"$in": sorted(markers)}}]}
        assert sorted(note_chunk_ids(hit)) == sorted(h.id for h in store.chunks_matching(where)), hit.id


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
