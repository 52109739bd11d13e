"""Chunks are exact slices within the model's limit, overlap by whole sentences, and keep ids stable."""

from __future__ import annotations

import pytest

from ingest.chunking import chunk_article
from ingest.clean import clean_article
from otsqa.text import split_sentences
from tests.conftest import CORPUS_FILES


@pytest.fixture(scope="module")
def dipirro(corpus_dir):
    return clean_article((corpus_dir / CORPUS_FILES["dipirro"]).read_text(encoding="utf-8"))


def test_chunks_are_exact_slices_within_the_token_limit(dipirro, embedder):
    chunks = chunk_article("dipirro", dipirro, embedder.count_tokens, 160, 48)
    assert len(chunks) > 20
    for chunk in chunks:
        assert chunk.text == dipirro.text[chunk.start : chunk.end]
        # Counted by the model's own tokenizer, on the chunk as it will be embedded.
        assert embedder.count_tokens([chunk.text])[0] <= 160 + 2  # joining may merge a piece or two
    assert [c.id for c in chunks] == [f"dipirro#{i}" for i in range(len(chunks))]


def test_every_sentence_is_whole_in_some_chunk_and_neighbours_overlap(dipirro, embedder):
    chunks = chunk_article("dipirro", dipirro, embedder.count_tokens, 120, 40)
    body = [c for c in chunks if c.kind == "body"]
    for start, end in split_sentences(dipirro.text, 0, dipirro.body_end):
        if embedder.count_tokens([dipirro.text[start:end]])[0] <= 120:
            assert any(c.start <= start and end <= c.end for c in body), dipirro.text[start:end][:60]
    overlapping = sum(1 for a, b in zip(body, body[1:]) if b.start < a.end)
    assert overlapping >= len(body) // 2


def test_footnotes_are_their_own_chunks_linked_to_the_citing_sentence(dipirro, embedder):
    chunks = chunk_article("dipirro", dipirro, embedder.count_tokens, 160, 48)
    notes = {c.marker: c for c in chunks if c.kind == "footnote"}
    assert set(notes) == {str(i) for i in range(1, 25)}
    four = notes["4"]
    assert four.text.startswith("[4] Refers to the newly-emerging external engagement format")
    citing = dipirro.text[four.cited_start : four.cited_end]
    assert "are gradually forming the scaffolding for a flexible" in citing
    holders = [c for c in chunks if "4" in c.footnotes]
    assert holders and all(c.kind == "body" and c.start <= four.cited_start < c.end for c in holders)


def test_same_text_gives_same_chunks(dipirro, embedder):
    first = chunk_article("x", dipirro, embedder.count_tokens, 160, 48)
    again = chunk_article("x", dipirro, embedder.count_tokens, 160, 48)
    assert first == again


def test_an_overlong_sentence_is_cut_at_words(embedder):
    article = clean_article("Alpha " + " ".join(f"word{i}" for i in range(400)) + " ends here.\n")
    chunks = chunk_article("long", article, embedder.count_tokens, 64, 16)
    assert len(chunks) > 5
    assert all(embedder.count_tokens([c.text])[0] <= 64 for c in chunks)
    assert "".join(article.text[c.start : c.end] + " " for c in chunks).split() == article.text.split()


def test_table_rows_are_content_embedded_under_their_tables_heading():
    from ingest.chunking import article_sentences
    from ingest.clean import clean_article

    article = clean_article(
        "A Fact Sheet on Satellites\n\nThe agencies list their joint projects below, as announced by each of them.\n\n"
        "A. JOINT OBSERVATION SATELLITE\n\n   Agreement signed ........ 12 April 2024\n   Venue ................... Ankara\n"
    )
    sentences = {s.text: s for s in article_sentences("doc", article, lambda texts: [len(t.split()) for t in texts], 100)}
    row = sentences["Agreement signed: 12 April 2024"]
    assert not row.heading and row.context == "A. JOINT OBSERVATION SATELLITE"
    assert row.search_text == "A. JOINT OBSERVATION SATELLITE — Agreement signed: 12 April 2024"
    assert sentences["A. JOINT OBSERVATION SATELLITE"].heading
    assert sentences["Venue: Ankara"].context == "A. JOINT OBSERVATION SATELLITE"
    prose = sentences["The agencies list their joint projects below, as announced by each of them."]
    assert prose.search_text == prose.text
