"""The codec between typed records and Chroma's metadata: stores written since schema 3 must open and
answer unchanged, so a record encodes to exactly the keys and string formats they hold, and what they
hold decodes to a record that encodes back to the same metadata. The one key added since
(``title_source``) reads as "" where a store lacks it."""

from __future__ import annotations

import numpy as np

from store.base import SCHEMA_VERSION
from store.chroma import open_store
from store.records import (
    ArticleRecord,
    PassageRecord,
    SentenceRecord,
    article_from,
    article_metadata,
    passage_from,
    passage_metadata,
    sentence_from,
    sentence_metadata,
)
from tests.conftest import make_settings

# A body chunk as `otsqa ingest` writes it, key for key and in that order: what it has written since
# schema 3, with "title_source" (cleaner 4).
STORED_PASSAGE = {
    "doc_id": "doc",
    "source": "/corpus/doc.txt",
    "title": "A title",
    "author": "An Author",
    "date": "2025-12-11",
    "title_source": "derived",
    "kind": "body",
    "index": 3,
    "start": 120,
    "end": 480,
    "tokens": 96,
    "footnotes": "4,5",
    "marker": "",
    "cited_start": -1,
    "cited_end": -1,
    "context": "",
    "sentences": "0,118,240",
    "note_chunks": "4=12,13;5=14",
}
PASSAGE = PassageRecord(
    id="doc#3",
    doc_id="doc",
    text="The passage.",
    source="/corpus/doc.txt",
    title="A title",
    author="An Author",
    date="2025-12-11",
    title_source="derived",
    kind="body",
    index=3,
    start=120,
    end=480,
    tokens=96,
    footnotes=("4", "5"),
    sentences=(0, 118, 240),
    note_chunks=(("4", (12, 13)), ("5", (14,))),
)
STORED_SENTENCE = {
    "chunk_id": "doc#3",
    "doc_id": "doc",
    "start": 118,
    "end": 240,
    "kind": "footnote",
    "marker": "4",
    "heading": True,
}
SENTENCE = SentenceRecord("doc@118", "doc", "A sentence.", 118, 240, kind="footnote", marker="4", heading=True, chunk_id="doc#3")


def test_a_passage_encodes_to_the_keys_and_strings_stores_hold():
    encoded = passage_metadata(PASSAGE)
    assert encoded == STORED_PASSAGE and list(encoded) == list(STORED_PASSAGE)
    assert SCHEMA_VERSION == "3", "a change to these formats is a new schema, with an upgrade"


def test_stored_passage_metadata_decodes_to_typed_fields_and_back_unchanged():
    decoded = passage_from("doc#3", "The passage.", STORED_PASSAGE)
    assert decoded == PASSAGE
    assert decoded.sentence_ids() == ["doc@0", "doc@118", "doc@240"]
    assert decoded.note_chunk_ids() == ["doc#12", "doc#13", "doc#14"]
    assert passage_metadata(decoded) == STORED_PASSAGE


def test_empty_lists_and_a_footnote_chunk_round_trip():
    note = dict(STORED_PASSAGE, kind="footnote", footnotes="", marker="4", cited_start=10, cited_end=60, context="Cited.")
    note |= {"sentences": "", "note_chunks": ""}
    decoded = passage_from("doc#12", "[4] A note.", note)
    assert (decoded.footnotes, decoded.sentences, decoded.note_chunks) == ((), (), ())
    assert (decoded.marker, decoded.cited_start, decoded.context) == ("4", 10, "Cited.")
    assert passage_metadata(decoded) == note


def test_a_marker_cited_twice_keeps_both_entries():
    # Two footnotes may share a marker in a badly numbered article; the stored string lists it twice.
    stored = dict(STORED_PASSAGE, footnotes="4,4", note_chunks="4=12,13;4=12,13")
    decoded = passage_from("doc#3", "", stored)
    assert decoded.note_chunks == (("4", (12, 13)), ("4", (12, 13)))
    assert passage_metadata(decoded) == stored


def test_a_passage_stored_before_title_source_reads_as_not_known():
    old = {k: v for k, v in STORED_PASSAGE.items() if k != "title_source"}
    decoded = passage_from("doc#3", "The passage.", old)
    assert decoded == PassageRecord(**{**PASSAGE.__dict__, "title_source": ""})
    record = article_from({"doc_id": "doc", "source": "/corpus/doc.txt", "title": ""})
    assert record.title_source == "" and article_metadata(record)["title_source"] == ""


def test_a_schema_2_passage_reads_with_empty_layout():
    old = {k: v for k, v in STORED_PASSAGE.items() if k not in ("sentences", "note_chunks")}
    decoded = passage_from("doc#3", "", old)
    assert decoded.sentences == () and decoded.note_chunks == () and decoded.sentence_ids() == []
    assert decoded.footnotes == ("4", "5")


def test_a_sentence_and_an_article_round_trip():
    assert sentence_metadata(SENTENCE) == STORED_SENTENCE and list(sentence_metadata(SENTENCE)) == list(STORED_SENTENCE)
    assert sentence_from("doc@118", "A sentence.", STORED_SENTENCE) == SENTENCE
    record = ArticleRecord("doc", "/corpus/doc.txt", title="T", content_hash="h", chunks=4, body_end=900, status="pending")
    stored = article_metadata(record)
    assert "text" not in stored and stored["status"] == "pending" and stored["body_end"] == 900
    assert article_from(stored, "The text.") == ArticleRecord(**stored, text="The text.")


def test_chroma_holds_exactly_the_legacy_metadata(tmp_path):
    """On a real embedded store: what lands in Chroma is the stored format, and reads back as written."""
    store = open_store(make_settings(tmp_path), {"otsqa_schema": SCHEMA_VERSION}, create=True)
    store.passages.upsert([PASSAGE], np.ones((1, 4), np.float32))
    store.sentences.upsert([SENTENCE], np.ones((1, 4), np.float32))
    raw = store._passages.get(ids=["doc#3"], include=["metadatas", "documents"])
    assert raw["metadatas"] == [STORED_PASSAGE] and raw["documents"] == ["The passage."]
    assert store._sentences.get(ids=["doc@118"], include=["metadatas"])["metadatas"] == [STORED_SENTENCE]
    assert store.passages.get(["doc#3"]) == [PASSAGE] and store.sentences.get(["doc@118"]) == [SENTENCE]
