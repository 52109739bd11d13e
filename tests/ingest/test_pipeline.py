"""Incremental ingest against a real embedded Chroma store and the real MiniLM model."""

from __future__ import annotations

import os
import shutil
import socket

import numpy as np
import pytest

from ingest import Ingestor, ingest_paths, store_fingerprint
from otsqa.errors import IngestLockedError, StoreMismatchError
from store.chroma import open_store
from store.writer_lock import ingest_lock
from tests.conftest import CORPUS_FILES, make_settings
from tests.helpers import make_pdf


def _snapshot(store):
    """Everything a user could observe: articles with their hashes, and each chunk id with its text."""
    records = {r.doc_id: (r.source.rsplit("/", 1)[-1], r.content_hash, r.chunks, r.status) for r in store.articles()}
    chunks = {}
    for record in store.articles():
        for chunk in store.passages.of_article(record.doc_id):
            chunks[chunk.id] = chunk.text
    return records, chunks


class _TableSpy:
    """A store's table that calls ``before(records, vectors)`` ahead of each write and ``after()``
    once it is done (either may raise, as an interrupt would)."""

    def __init__(self, table, before=None, after=None):
        self._table, self._before, self._after = table, before, after

    def __getattr__(self, name):
        return getattr(self._table, name)

    def upsert(self, records, vectors):
        if self._before:
            self._before(records, vectors)
        self._table.upsert(records, vectors)
        if self._after:
            self._after()


@pytest.mark.slow
def test_corpus_ingest_stores_every_article_with_metadata(ingested):
    store, report = ingested.store, ingested.report
    assert (len(report.added), report.failed, report.skipped) == (4, [], [])
    assert report.chunks == store.count() > 60
    by_id = {r.doc_id: r for r in store.articles()}
    assert set(by_id) == {name.removesuffix(".txt").replace("_", "-") for name in CORPUS_FILES.values()}
    dipirro = by_id["002-e92a9778611ebab8"]
    assert (dipirro.title, dipirro.author, dipirro.date) == (
        "Brokers on the Bloc: Central Asian Alignment through Collective Security",
        "John DiPirro",
        "2025-12-11",
    )
    assert by_id["001-9d64fbbbf1f74134"].date == "2026-01-09"
    assert by_id["000-7cd2e88548b4fe42"].author == "Emil Samedov"
    assert all(len(r.content_hash) == 64 and r.status == "complete" for r in by_id.values())


@pytest.mark.slow
def test_no_chunk_carries_page_furniture_and_offsets_point_into_the_cleaned_article(ingested):
    store = ingested.store
    for record in store.articles():
        text = store.article(record.doc_id).text
        for chunk, vector in store.passages.vectors_of(record.doc_id):
            assert "Photo credit" not in chunk.text and "Photo:" not in chunk.text and "Share on social" not in chunk.text
            found = store.passages.nearest(vector, 1, doc_ids=[record.doc_id])[0].record
            assert text[found.start : found.end] == found.text


@pytest.mark.slow
def test_questions_find_their_passages_through_the_real_model(ingested, embedder):
    store = ingested.store
    hits = store.passages.nearest(embedder.embed(["What share of Uzbekistan's border has video surveillance?"])[0], 3)
    assert any("42 percent of Uzbekistan’s border" in h.record.text for h in hits)
    # Footnote text is searchable on its own and names its marker and article.
    hits = store.passages.nearest(embedder.embed(["What is the OTS+ engagement format for non-member states?"])[0], 5)
    note = next(h.record for h in hits if h.record.kind == "footnote" and h.record.marker == "4")
    assert note.doc_id == "002-e92a9778611ebab8"
    # Embedded with the sentence that cites it ("... the OTS and OTS+, are gradually forming ...").
    assert "OTS+" in note.context
    assert note.text.startswith("[4] Refers to the newly-emerging external engagement format")
    assert note.cited_start >= 0


@pytest.mark.slow
def test_reingest_of_unchanged_files_embeds_nothing_and_keeps_ids(ingested, embedder):
    settings, store = ingested.settings, ingested.store
    before = _snapshot(store)
    report = ingest_paths(settings, embedder=embedder)
    assert (len(report.unchanged), report.added, report.updated, report.removed) == (4, [], [], [])
    assert report.embedded == 0 and report.chunks == 0
    assert _snapshot(store) == before


@pytest.mark.slow
def test_changed_file_is_replaced_and_vanished_file_removed(tmp_path, small_corpus, embedder):
    settings = make_settings(tmp_path, small_corpus)
    first = ingest_paths(settings, [small_corpus], embedder=embedder)
    assert len(first.added) == 2
    store = open_store(settings)
    gabala = small_corpus / CORPUS_FILES["gabala"]
    old_chunks = store.passages.of_article("001-9d64fbbbf1f74134")

    # Cut the article to its first half: fewer chunks, most of them unchanged.
    text = gabala.read_text(encoding="utf-8")
    gabala.write_text(text[: len(text) // 2].rsplit("\n\n", 1)[0] + "\n", encoding="utf-8")
    second = ingest_paths(settings, [small_corpus], embedder=embedder)
    assert (second.updated, len(second.unchanged)) == (["001-9d64fbbbf1f74134"], 1)
    assert second.embedded < second.chunks  # unchanged chunk texts kept their vectors
    new_chunks = store.passages.of_article("001-9d64fbbbf1f74134")
    assert len(new_chunks) == store.article("001-9d64fbbbf1f74134").chunks < len(old_chunks)
    assert "Toward a mature form of regional statecraft" not in " ".join(c.text for c in new_chunks)

    (small_corpus / CORPUS_FILES["samedov"]).unlink()
    third = ingest_paths(settings, [small_corpus], embedder=embedder)
    assert third.removed == ["000-7cd2e88548b4fe42"]
    assert store.article("000-7cd2e88548b4fe42") is None
    assert store.passages.of_article("000-7cd2e88548b4fe42") == []
    assert store.count() == len(new_chunks)


@pytest.mark.slow
def test_bad_files_are_reported_one_by_one_and_the_rest_ingested(tmp_path, small_corpus, embedder):
    (small_corpus / "empty.txt").write_bytes(b"")
    (small_corpus / "photo.md").write_bytes(bytes(range(256)) * 16)
    (small_corpus / "scan.pdf").write_bytes(b"%PDF-1.7\nthis is not really a pdf")
    (small_corpus / "notes.docx").write_bytes(b"PK\x03\x04 whatever")
    (small_corpus / "brief.pdf").write_bytes(
        make_pdf([["Kazakhstan signed a military cooperation plan for 2025 during talks in Ankara."]])
    )
    (small_corpus / "cyrillic.txt").write_bytes(
        ("Казахстан приостановил экспорт вооружений, чтобы ограничить доступ России.\n" * 3).encode("cp1251")
    )
    settings = make_settings(tmp_path, small_corpus)
    report = ingest_paths(settings, [small_corpus, tmp_path / "no-such-folder"], embedder=embedder)
    failed = {f["path"].rsplit("/", 1)[-1]: f["error"] for f in report.failed}
    assert set(failed) == {"empty.txt", "photo.md", "scan.pdf", "no-such-folder"}
    assert "empty" in failed["empty.txt"] and "binary" in failed["photo.md"]
    assert "PDF" in failed["scan.pdf"] and "no such file" in failed["no-such-folder"]
    skipped = [(s["path"].rsplit("/", 1)[-1], s["reason"]) for s in report.skipped]
    assert skipped == [("notes.docx", "unsupported file type .docx")]
    assert len(report.added) == 4 and report.exit_code == 1
    store = open_store(settings)
    cyrillic = next(r for r in store.articles() if r.source.endswith("cyrillic.txt"))
    assert store.article(cyrillic.doc_id).text.startswith("Казахстан приостановил экспорт")


@pytest.mark.slow
def test_a_file_emptied_after_ingest_keeps_its_article_and_the_failure_says_so(tmp_path, small_corpus, embedder):
    settings = make_settings(tmp_path, small_corpus)
    ingest_paths(settings, [small_corpus], embedder=embedder)
    store = open_store(settings)
    before = _snapshot(store)
    gabala = small_corpus / CORPUS_FILES["gabala"]
    gabala.write_bytes(b"")
    (small_corpus / "new.txt").write_bytes(b"")  # never ingested: nothing kept, so nothing to add
    report = ingest_paths(settings, [small_corpus], embedder=embedder)
    failed = {f["path"].rsplit("/", 1)[-1]: f["error"] for f in report.failed}
    assert failed == {
        gabala.name: "the file is empty; the version ingested before is kept"
        " (fix the file, or remove the article with `otsqa remove`)",
        "new.txt": "the file is empty",
    }
    assert _snapshot(store) == before
    # What the message advises does remove the article.
    gabala.unlink()
    assert ingest_paths(settings, [small_corpus], embedder=embedder).removed == ["001-9d64fbbbf1f74134"]


@pytest.mark.slow
def test_fifos_and_sockets_in_a_folder_are_listed_as_skipped_and_never_opened(tmp_path, small_corpus, embedder, monkeypatch):
    os.mkfifo(small_corpus / "feed.txt")
    monkeypatch.chdir(small_corpus)  # a relative name: socket paths are limited to ~100 bytes
    listener = socket.socket(socket.AF_UNIX)
    listener.bind("relay.md")
    try:
        report = ingest_paths(make_settings(tmp_path, small_corpus), [small_corpus], embedder=embedder)
    finally:
        listener.close()
    skipped = {s["path"].rsplit("/", 1)[-1]: s["reason"] for s in report.skipped}
    assert sorted(skipped) == ["feed.txt", "relay.md"]
    assert "a FIFO" in skipped["feed.txt"] and "a socket" in skipped["relay.md"]
    assert (len(report.added), report.failed) == (2, [])


class _DiesMidway:
    """Wraps a real store and raises after the chunks of the n-th article are written, the way a
    Ctrl-C between two store calls would interrupt a run."""

    def __init__(self, store, after: int):
        self._store, self._left = store, after
        self.passages = _TableSpy(store.passages, after=self._count)

    def __getattr__(self, name):
        return getattr(self._store, name)

    def _count(self):
        self._left -= 1
        if self._left == 0:
            raise KeyboardInterrupt


@pytest.mark.slow
def test_an_interrupted_ingest_is_completed_by_the_next_run(tmp_path, corpus_dir, embedder, ingested):
    clean_store = ingested.store
    folder = tmp_path / "corpus"
    shutil.copytree(corpus_dir, folder)
    settings = make_settings(tmp_path, folder)
    store = open_store(settings, store_fingerprint(settings, embedder), create=True)
    # Small batches, so the run dies after some articles are complete and others are pending.
    with pytest.raises(KeyboardInterrupt):
        Ingestor(settings, _DiesMidway(store, after=2), embedder, flush_texts=100).run([folder])
    status = [r.status for r in store.articles()]
    assert "pending" in status and "complete" in status

    report = ingest_paths(settings, embedder=embedder)
    assert len(report.unchanged) == status.count("complete")
    assert len(report.added) + len(report.updated) == 4 - status.count("complete")
    records, chunks = _snapshot(store)
    clean_records, clean_chunks = _snapshot(clean_store)
    assert records == clean_records and chunks == clean_chunks
    assert store.count() == clean_store.count()


def test_short_articles_are_written_before_a_long_one_is_embedded(tmp_path, corpus_dir):
    """An interrupt while a long article is embedded loses only that article, not the short ones read
    before it (they used to wait in one queue with it)."""
    from store.embedding import HashingEmbedder

    class StopsAtTheLongOne(HashingEmbedder):
        def embed(self, texts):
            if any("drill number" in t for t in texts):
                raise KeyboardInterrupt
            return super().embed(texts)

    folder = tmp_path / "corpus"
    folder.mkdir()
    shutil.copy(corpus_dir / CORPUS_FILES["samedov"], folder / "a-short.txt")
    long_one = "\n\n".join(f"The Caspian drill number {n} tested a command post near Baku in 2025." for n in range(600))
    (folder / "b-long.txt").write_text("A long report\n\n" + long_one, encoding="utf-8")
    settings = make_settings(tmp_path, folder)
    embedder = StopsAtTheLongOne()
    store = open_store(settings, store_fingerprint(settings, embedder), create=True)
    with pytest.raises(KeyboardInterrupt):
        Ingestor(settings, store, embedder, flush_texts=300).run([folder])
    assert [(r.source.rsplit("/", 1)[-1], r.status) for r in store.articles()] == [("a-short.txt", "complete")]


def test_a_second_ingest_on_the_same_data_dir_is_refused(settings):
    with ingest_lock(settings.data_dir):
        with pytest.raises(IngestLockedError, match="Another ingest is running"):
            ingest_paths(settings)


@pytest.mark.slow
def test_a_new_chunk_size_rechunks_the_store_in_place_and_another_model_needs_a_rebuild(tmp_path, small_corpus, embedder):
    from store.embedding import HashingEmbedder

    settings = make_settings(tmp_path, small_corpus)
    ingest_paths(settings, embedder=embedder)
    other = make_settings(tmp_path, small_corpus, chunk_tokens=96)
    redone = ingest_paths(other, embedder=embedder)
    # The passages are new and embedded; the sentences are the same and keep their vectors.
    assert (len(redone.updated), redone.failed) == (2, [])
    assert 0 < redone.embedded <= redone.chunks  # a passage that comes out the same keeps its vector too
    assert open_store(other).fingerprint["otsqa_chunker"].endswith("-96/48")
    assert open_store(other).count() == redone.chunks
    with pytest.raises(StoreMismatchError, match=r"otsqa ingest --rebuild"):
        ingest_paths(other, embedder=HashingEmbedder())
    rebuilt = ingest_paths(other, rebuild=True, embedder=HashingEmbedder())
    assert len(rebuilt.added) == 2


def test_each_flush_is_embedded_shortest_text_first_and_every_vector_lands_on_its_own_text(tmp_path, small_corpus):
    """Sorted by length, batches pad less (20% less embedding time on the docs); the vectors must
    still go to the right passages and sentences."""
    from store.embedding import HashingEmbedder
    from store.lexical import search_text
    from store.memory import MemoryStore

    class Recording(HashingEmbedder):
        def __init__(self):
            super().__init__()
            self.batches: list[list[str]] = []

        def embed(self, texts):
            self.batches.append(list(texts))
            return super().embed(texts)

    embedder = Recording()
    settings = make_settings(tmp_path, small_corpus, embed_batch_size=8)
    store = MemoryStore(store_fingerprint(settings, embedder))
    report = Ingestor(settings, store, embedder, flush_texts=100_000).run([small_corpus])
    sent = [len(t) for batch in embedder.batches for t in batch]
    assert len(sent) == report.embedded > 100 and sent == sorted(sent)
    fresh = HashingEmbedder()
    for record in store.articles():
        for chunk, vector in store.passages.vectors_of(record.doc_id):
            assert np.array_equal(vector, fresh.embed_array([search_text(chunk.text, chunk.context)])[0]), chunk.id
        for sentence, vector in store.sentences.vectors_of(record.doc_id):
            assert np.array_equal(vector, fresh.embed_array([sentence.text])[0]), sentence.text


@pytest.mark.slow
def test_a_removal_killed_halfway_leaves_the_article_pending_and_the_next_remove_finishes_it(
    tmp_path, small_corpus, embedder, monkeypatch
):
    from ingest.removal import remove_articles
    from store.chroma import ChromaStore
    from store.lexical import LexicalIndex

    settings = make_settings(tmp_path, small_corpus)
    ingest_paths(settings, embedder=embedder)
    doc_id = "000-7cd2e88548b4fe42"

    def killed(self, doc_id):
        raise KeyboardInterrupt

    with monkeypatch.context() as patch:
        patch.setattr(ChromaStore, "delete_article", killed)
        with pytest.raises(KeyboardInterrupt):
            remove_articles(settings, [doc_id])
    store = open_store(settings)
    # Its passages are all still there, but answers leave a pending article out (hybrid.pending_docs).
    assert store.article(doc_id).status == "pending" and store.passages.ids_of(doc_id)
    assert doc_id not in LexicalIndex(settings.lexical_path).articles()

    report = remove_articles(settings, [doc_id])
    assert [a["doc_id"] for a in report.removed] == [doc_id] and report.failed == []
    store = open_store(settings)
    assert store.article(doc_id) is None and store.passages.ids_of(doc_id) == [] and store.sentences.ids_of(doc_id) == []
    assert [r.doc_id for r in store.articles()] == ["001-9d64fbbbf1f74134"]


@pytest.mark.slow
def test_a_store_chunked_by_an_earlier_cleaner_is_chunked_again_in_place_reusing_its_vectors(tmp_path, small_corpus, embedder):
    settings = make_settings(tmp_path, small_corpus)
    ingest_paths(settings, embedder=embedder)
    fingerprint = store_fingerprint(settings, embedder)
    store = open_store(settings, fingerprint)
    before = _snapshot(store)
    store.set_fingerprint(fingerprint | {"otsqa_chunker": "clean0-chunk2-160/48"})  # as an earlier version left it
    with pytest.raises(StoreMismatchError, match="clean and chunk its articles again in place"):
        open_store(settings, fingerprint)
    gone = small_corpus / CORPUS_FILES["samedov"]
    kept_text = gone.read_bytes()
    gone.unlink()

    report = ingest_paths(settings, [small_corpus / CORPUS_FILES["gabala"]], embedder=embedder)
    # Every stored article whose file is there is redone (not only the one named), nothing is embedded
    # again when the texts come out the same, and the store then says the new chunker.
    assert (report.updated, report.embedded, report.failed) == (["001-9d64fbbbf1f74134"], 0, [])
    assert report.warnings == [
        {
            "path": str(gone),
            "warning": "its file is gone, so it keeps the earlier cleaning; restore the file or `otsqa remove` the article",
        }
    ]
    store = open_store(settings, fingerprint)
    assert store.fingerprint["otsqa_chunker"] == fingerprint["otsqa_chunker"]
    assert _snapshot(store) == before
    # Given its folder instead, the ingest removes the article whose file is gone, and says nothing more.
    store.set_fingerprint(fingerprint | {"otsqa_chunker": "clean0-chunk2-160/48"})
    report = ingest_paths(settings, [small_corpus], embedder=embedder)
    assert (report.removed, report.warnings, report.failed) == (["000-7cd2e88548b4fe42"], [], [])
    assert open_store(settings, fingerprint).fingerprint["otsqa_chunker"] == fingerprint["otsqa_chunker"]
    gone.write_bytes(kept_text)
    again = ingest_paths(settings, embedder=embedder)
    assert (again.added, again.unchanged) == (["000-7cd2e88548b4fe42"], ["001-9d64fbbbf1f74134"])


@pytest.mark.slow
def test_a_rechunk_never_reads_an_article_file_swapped_for_a_link(tmp_path, small_corpus, embedder):
    settings = make_settings(tmp_path, small_corpus)
    ingest_paths(settings, embedder=embedder)
    fingerprint = store_fingerprint(settings, embedder)
    secret = tmp_path / "secret.txt"
    secret.write_text("The Aktau harbour vault passphrase is kumquat-lantern-9317, an officer said.\n")
    swapped = small_corpus / CORPUS_FILES["samedov"]
    swapped.unlink()
    swapped.symlink_to(secret)
    open_store(settings, fingerprint).set_fingerprint(fingerprint | {"otsqa_chunker": "clean0-chunk2-160/48"})

    # Every stored article's file is named to a re-chunk run, and a named link is followed: not this one.
    report = ingest_paths(settings, [small_corpus / CORPUS_FILES["gabala"]], embedder=embedder)
    assert (report.added, report.failed) == ([], [])
    assert report.warnings == [
        {
            "path": str(swapped),
            "warning": "its file is now a symbolic link, which is not followed, so it keeps the earlier cleaning; "
            "restore the file or `otsqa remove` the article",
        }
    ]
    store = open_store(settings, fingerprint)
    assert not any("kumquat" in store.article(r.doc_id).text for r in store.articles())
    # Given its folder, the ingest lists the link as skipped and takes the article out.
    report = ingest_paths(settings, [small_corpus], embedder=embedder)
    assert (report.removed, report.added) == (["000-7cd2e88548b4fe42"], [])
    assert [s["path"] for s in report.skipped] == [str(swapped)]


# -- long articles: vectors as float32 arrays, records written in bounded slices ----------------------


def _long_article(folder, paragraphs: int):
    """A plain-text article built here and now (never kept in the repository): numbered paragraphs of
    two sentences each, so no two sentences are the same."""
    folder.mkdir(exist_ok=True)
    body = "\n\n".join(
        f"The Caspian drill number {n} tested a command post near Baku in 2025. "
        f"Observers from {n % 7 + 2} member states watched exercise {n} closely."
        for n in range(paragraphs)
    )
    path = folder / "long-report.txt"
    path.write_text("A long report on Turkic security drills\n\n" + body + "\n", encoding="utf-8")
    return path


class _WatchedStore:
    """A MemoryStore that notes every passage and sentence write (how many records, the vectors' type,
    the article statuses at that moment) and can be told to fail on the nth sentence write."""

    def __init__(self, store, fail_on_sentence_write: int | None = None):
        self._store = store
        self.fail_on_sentence_write = fail_on_sentence_write
        self.writes: list[tuple[str, int, object, dict[str, str]]] = []
        self.passages = _TableSpy(store.passages, before=lambda records, vectors: self._note("chunks", records, vectors))
        self.sentences = _TableSpy(store.sentences, before=self._sentences_written)

    def __getattr__(self, name):
        return getattr(self._store, name)

    def _note(self, kind, records, embeddings):
        self.writes.append((kind, len(records), embeddings, {r.doc_id: r.status for r in self._store.articles()}))

    def _sentences_written(self, records, embeddings):
        self._note("sentences", records, embeddings)
        if sum(kind == "sentences" for kind, *_ in self.writes) == self.fail_on_sentence_write:
            raise KeyboardInterrupt


def test_a_long_article_reaches_the_store_as_float32_arrays_in_bounded_slices_and_ends_complete(tmp_path, monkeypatch):
    """The vectors go from the embedder to the store as float32 arrays (a Python list of floats costs 8
    times the memory: ~0.5 GB for a 5 MB article's 40k vectors), and a long article's records go in
    slices, each written while the article is still pending."""
    from ingest import pipeline
    from store.embedding import HashingEmbedder
    from store.lexical import search_text
    from store.memory import MemoryStore

    monkeypatch.setattr(pipeline, "_WRITE_SLICE", 40)
    article = _long_article(tmp_path / "articles", 400)
    settings = make_settings(tmp_path, article.parent)
    embedder = HashingEmbedder()
    store = _WatchedStore(MemoryStore(store_fingerprint(settings, embedder)))
    report = Ingestor(settings, store, embedder).run([article])

    assert (len(report.added), report.failed) == (1, [])
    (doc_id,) = report.added
    chunk_writes = [w for w in store.writes if w[0] == "chunks"]
    sentence_writes = [w for w in store.writes if w[0] == "sentences"]
    assert len(chunk_writes) > 1 and len(sentence_writes) > 1
    for kind, size, vectors, statuses in store.writes:
        assert isinstance(vectors, np.ndarray) and vectors.dtype == np.float32, kind
        assert vectors.shape == (size, embedder.dimension) and 0 < size <= 40, kind
        assert statuses == {doc_id: "pending"}, kind
    record = store.article(doc_id)
    assert record.status == "complete" and len(record.content_hash) == 64
    assert sum(size for _, size, _, _ in chunk_writes) == report.chunks == record.chunks == store.count()
    assert sum(size for _, size, _, _ in sentence_writes) == report.sentences == len(store.sentences.ids_of(doc_id)) == 800
    # Each vector still lands on its own text, slices and all.
    for chunk, vector in store.passages.vectors_of(doc_id)[::25]:
        assert np.array_equal(vector, embedder.embed_array([search_text(chunk.text, chunk.context)])[0])
    for sentence, vector in store.sentences.vectors_of(doc_id)[::50]:
        assert np.array_equal(vector, embedder.embed_array([sentence.text])[0]), sentence.text


def test_a_long_article_interrupted_between_slices_stays_pending_and_the_next_run_completes_it(tmp_path, monkeypatch):
    from ingest import pipeline
    from store.embedding import HashingEmbedder
    from store.memory import MemoryStore

    monkeypatch.setattr(pipeline, "_WRITE_SLICE", 40)
    article = _long_article(tmp_path / "articles", 400)
    settings = make_settings(tmp_path, article.parent)
    embedder = HashingEmbedder()
    store = _WatchedStore(MemoryStore(store_fingerprint(settings, embedder)), fail_on_sentence_write=3)
    with pytest.raises(KeyboardInterrupt):
        Ingestor(settings, store, embedder).run([article])
    (record,) = store.articles()
    assert record.status == "pending" and record.content_hash == ""
    assert 0 < len(store.sentences.ids_of(record.doc_id)) < 800  # half-written, and known to be

    store.fail_on_sentence_write = None
    report = Ingestor(settings, store, embedder).run([article])
    clean = MemoryStore(store_fingerprint(settings, embedder))
    Ingestor(settings, clean, embedder).run([article])
    assert report.updated == [record.doc_id] and store.article(record.doc_id).status == "complete"
    assert store.passages.ids_of(record.doc_id) == clean.passages.ids_of(record.doc_id)
    assert sorted(store.sentences.ids_of(record.doc_id)) == sorted(clean.sentences.ids_of(record.doc_id))
    assert store.count() == clean.count() == store.article(record.doc_id).chunks


@pytest.mark.slow
def test_a_long_article_written_in_slices_to_chroma_with_the_real_model_reads_back_whole(tmp_path, embedder, monkeypatch):
    from ingest import pipeline
    from store.lexical import search_text

    monkeypatch.setattr(pipeline, "_WRITE_SLICE", 16)
    article = _long_article(tmp_path / "articles", 120)
    settings = make_settings(tmp_path, article.parent)
    report = ingest_paths(settings, [article], embedder=embedder)
    assert (len(report.added), report.failed) == (1, [])
    (doc_id,) = report.added
    store = open_store(settings)
    record = store.article(doc_id)
    assert record.status == "complete"
    assert report.chunks == record.chunks == store.count() > 16  # more than one slice of passages
    assert report.sentences == len(store.sentences.ids_of(doc_id)) == 240
    chunks = store.passages.vectors_of(doc_id)
    expected = embedder.embed_array([search_text(c.text, c.context) for c, _ in chunks])
    stored = np.stack([v for _, v in chunks])
    assert stored.dtype == np.float32 and np.allclose(stored, expected, atol=1e-5)
    sentences = store.sentences.vectors_of(doc_id)
    assert np.allclose(np.stack([v for _, v in sentences]), embedder.embed_array([s.text for s, _ in sentences]), atol=1e-5)
    nearest = store.passages.nearest(stored[7], 1, doc_ids=[doc_id])[0]
    assert nearest.id == chunks[7][0].id and nearest.score > 0.999
