"""The scale benchmark's store tools: copies must look exactly like ingested articles."""

from __future__ import annotations

import pytest

from store.base import cosine
from store.chroma import open_store
from store.lexical import LexicalIndex
from tests.conftest import make_settings
from tools.bench.scale_store import copy_articles, grow, shrink


@pytest.fixture
def copied(tmp_path, ingested):
    settings = make_settings(tmp_path)
    target = open_store(settings, ingested.store.fingerprint, create=True)
    lexical = LexicalIndex(settings.lexical_path)
    docs = [r.doc_id for r in ingested.store.articles()]
    written = copy_articles(ingested.store, target, lexical, docs, suffix="")
    return target, lexical, written


def _by_id(records):
    return {r.id: r for r in records}


@pytest.mark.slow
def test_a_plain_copy_equals_the_ingested_store(ingested, copied):
    target, lexical, written = copied
    source = ingested.store
    assert written == source.count() == target.count()
    assert [(r.doc_id, r.content_hash, r.status) for r in target.articles()] == [
        (r.doc_id, r.content_hash, r.status) for r in source.articles()
    ]
    for record in source.articles():
        # Every field, through the codec into a second store and back.
        assert _by_id(target.passages.of_article(record.doc_id)) == _by_id(source.passages.of_article(record.doc_id))
        assert _by_id(target.sentences.of_article(record.doc_id)) == _by_id(source.sentences.of_article(record.doc_id))
        assert target.article(record.doc_id).text == source.article(record.doc_id).text
    query = "Gabala military exercise"
    assert lexical.search(query, 10) == ingested.lexical.search(query, 10)


@pytest.mark.slow
def test_grow_adds_renamed_copies_until_the_target_and_shrink_removes_them(ingested, copied):
    target, lexical, _ = copied
    originals = [r.doc_id for r in target.articles()]
    goal = 2 * target.count() + 10
    assert grow(target, lexical, originals, goal) >= goal
    copies = [r for r in target.articles() if "~copy" in r.doc_id]
    assert {r.doc_id.split("~")[1] for r in copies} == {"copy1", "copy2"}  # all of copy 1, part of copy 2
    assert all(r.status == "complete" for r in copies)

    doc_id = originals[0]
    twin = f"{doc_id}~copy1"
    original_chunks = {c.id: (c, v) for c, v in ingested.store.passages.vectors_of(doc_id)}
    copy_chunks = {c.id: (c, v) for c, v in target.passages.vectors_of(twin)}
    assert set(copy_chunks) == {i.replace(doc_id, twin, 1) for i in original_chunks}
    for chunk_id, (chunk, vector) in original_chunks.items():
        copy_chunk, copy_vector = copy_chunks[chunk_id.replace(doc_id, twin, 1)]
        assert copy_chunk.text == chunk.text and copy_chunk.doc_id == twin
        assert 0.98 < cosine(vector, copy_vector) < 1.0  # nudged, not identical
    sentence_homes = {s.chunk_id for s in target.sentences.of_article(twin)} - {""}
    assert sentence_homes <= set(copy_chunks)
    assert lexical.articles()[twin] == target.article(twin).content_hash
    assert any(chunk_id.startswith(twin) for chunk_id, _ in lexical.search("Gabala Turkic", 200, [twin]))

    # Asked for fewer passages than the originals hold, shrink removes every removable copy, no more.
    assert shrink(target, lexical, [r.doc_id for r in copies], 0) == ingested.store.count()
    assert [r.doc_id for r in target.articles()] == originals
    assert set(lexical.articles()) == set(originals)
