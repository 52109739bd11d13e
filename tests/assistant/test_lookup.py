"""Finding sentences and chunks by position through chunk ids gives exactly what filtering an
article's records by offsets and markers gives (slow at scale: it reads the whole article), on every
passage of the real ingested corpus."""

from __future__ import annotations

from dataclasses import replace

import pytest

from assistant.lookup import chunks_holding, sentences_after, sentences_before, sentences_in_passages
from assistant.retrieval import passage_from_record
from store.base import nearby_chunk_ids

pytestmark = pytest.mark.slow


def _all_chunks(store):
    return [c for record in store.articles() for c in store.passages.of_article(record.doc_id)]


def _sentences(store, doc_id):
    return sorted(store.sentences.of_article(doc_id), key=lambda s: s.start)


def _by_range(store, doc_id, start, end):
    return sorted(s.id for s in store.sentences.of_article(doc_id) if s.start >= start and s.end <= end)


def test_sentences_in_every_passage_match_the_range_filter(ingested):
    store = ingested.store
    chunks = _all_chunks(store)
    assert len(chunks) > 50
    carried = 0
    for chunk in chunks:
        passage = passage_from_record(chunk, 1)
        got = sorted(s.id for s, _ in sentences_in_passages(store, [passage]))
        assert got == _by_range(store, passage.doc_id, passage.start, passage.end), chunk.id
        carried += any(s.chunk_id != chunk.id for s, _ in sentences_in_passages(store, [passage]))
    assert carried > 10, "the corpus should exercise sentences carried over from an earlier chunk"


def test_a_passage_whose_chunk_is_gone_is_read_from_its_article(ingested):
    store = ingested.store
    chunk = next(c for c in _all_chunks(store) if int(c.id.rpartition("#")[2]) > 0)
    passage = replace(passage_from_record(chunk, 1), chunk_id=f"{chunk.doc_id}#9999")
    got = sorted(s.id for s, _ in sentences_in_passages(store, [passage]))
    assert got == _by_range(store, passage.doc_id, passage.start, passage.end) and got


def test_every_chunk_lists_exactly_the_sentences_inside_it(ingested):
    store = ingested.store
    for chunk in _all_chunks(store):
        assert sorted(chunk.sentence_ids()) == _by_range(store, chunk.doc_id, chunk.start, chunk.end)


def test_body_chunks_list_the_chunks_of_the_footnotes_they_cite(ingested):
    store = ingested.store
    citing = [c for c in _all_chunks(store) if c.kind == "body" and c.footnotes]
    assert len(citing) > 5
    for chunk in citing:
        expected = [c.id for c in store.passages.of_article(chunk.doc_id) if c.kind == "footnote" and c.marker in chunk.footnotes]
        assert sorted(chunk.note_chunk_ids()) == sorted(expected), chunk.id


def test_what_follows_a_sentence_matches_the_range_filter(ingested):
    store = ingested.store
    record = max(store.articles(), key=lambda r: r.chunks)
    sentences = _sentences(store, record.doc_id)
    for sentence in sentences[::7]:
        end = sentence.end
        expected = sorted((s.start, s.id) for s in sentences if end <= s.start < end + 2000)
        assert [(s.start, s.id) for s, _ in sentences_after(store, sentence, 2000)] == expected


def test_what_precedes_a_sentence_matches_the_range_filter(ingested):
    store = ingested.store
    record = max(store.articles(), key=lambda r: r.chunks)
    sentences = _sentences(store, record.doc_id)
    for sentence in sentences[3::7]:
        start = sentence.start
        expected = sorted((s.start, s.id) for s in sentences if start - 1500 < s.end <= start)
        got = [(s.start, s.id) for s, _ in sentences_before(store, sentence, 1500)]
        # Only the nearest sentences are ever used; those must all be there, in order.
        assert got == expected[-len(got) :] and got[-1] == expected[-1]


def test_chunks_holding_a_span_match_the_range_filter(ingested):
    store = ingested.store
    record = max(store.articles(), key=lambda r: r.chunks)
    sentences = _sentences(store, record.doc_id)
    chunks = store.passages.of_article(record.doc_id)
    for first, last in zip(sentences[::5], sentences[1::5]):
        start, end = first.start, last.end
        expected = sorted(c.id for c in chunks if c.start <= start and c.end >= end)
        got = sorted(c.id for c in chunks_holding(store, record.doc_id, start, end, first.chunk_id))
        assert got == expected


def test_nearby_chunk_ids():
    assert nearby_chunk_ids("d#5", 2, 1) == ["d#3", "d#4", "d#5", "d#6"]
    assert nearby_chunk_ids("d~copy2#1", 3, 0) == ["d~copy2#0", "d~copy2#1"]
    assert nearby_chunk_ids("no-number", 3, 3) == ["no-number"]
