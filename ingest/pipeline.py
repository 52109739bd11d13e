"""Incremental ingest: files → cleaned articles → chunks → vectors → store.

Articles are embedded and written in batches, and the write order makes an interrupted run safe:
each article's record is first written as "pending", then its chunks are upserted under stable ids,
then chunks it no longer has are deleted, and only then is the record marked complete with the
file's hash. A run killed anywhere leaves either the old complete article or a pending one that the
next run redoes; never duplicates.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import logging
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterator, Sequence

import numpy as np

from ingest.chunking import CHUNKER_VERSION, Chunk, Sentence, article_sentences, chunk_article
from ingest.clean import CLEANER_VERSION, CleanArticle, clean_article
from ingest.loaders import format_of, load, not_regular, read_file
from ingest.overrides import Override, Overrides, apply_override, content_hash
from ingest.removal import drop_article
from ingest.walk import through_link, walk_folder
from otsqa.errors import DocumentError
from otsqa.settings import Settings
from store.base import SCHEMA_VERSION, ArticleRecord, PassageRecord, SentenceRecord, Store
from store.embedding import Embedder
from store.lexical import LexicalIndex, search_text

log = logging.getLogger(__name__)

_EMBED_FLUSH = 1024  # texts gathered across articles before one embedding pass and one round of writes
# Passages or sentences whose records are built and written at once, so a long article's are never
# all held together; a multiple of the Chroma store's write batch, so slicing adds no store calls.
_WRITE_SLICE = 2000

# A chunk's layout: the start offsets of the sentences it holds, and the chunk numbers of each
# footnote it cites (`PassageRecord.sentences`, `.note_chunks`).
Layout = tuple[tuple[int, ...], tuple[tuple[str, tuple[int, ...]], ...]]


def store_fingerprint(settings: Settings, embedder: Embedder) -> dict[str, str]:
    """What a store must have been built with for its vectors and chunk ids to mean the same."""
    return {
        "otsqa_embedding_model": embedder.model_id,
        "otsqa_chunker": f"clean{CLEANER_VERSION}-chunk{CHUNKER_VERSION}-{settings.chunk_tokens}/{settings.chunk_overlap_tokens}",
        "otsqa_schema": SCHEMA_VERSION,
    }


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    skipped: list[dict[str, str]] = field(default_factory=list)  # {"path", "reason"}: not read, and why
    failed: list[dict[str, str]] = field(default_factory=list)
    warnings: list[dict[str, str]] = field(default_factory=list)  # ingested, but not quite as written
    repaired: dict[str, int] = field(default_factory=dict)  # vector indexes rebuilt after a cut-off run
    chunks: int = 0  # chunks written by this run
    sentences: int = 0  # sentence records written by this run
    embedded: int = 0  # texts newly embedded, chunks and sentences (the rest reused unchanged vectors)
    store_chunks: int = 0
    seconds: float = 0.0
    stages: dict[str, float] = field(default_factory=dict)
    # doc id → the file it was read from, for every article this run read fine (not in the JSON, which
    # scripts read as it always was): how the library tells which uploaded file became which article.
    files: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> dict:
        return {
            "added": len(self.added),
            "updated": len(self.updated),
            "unchanged": len(self.unchanged),
            "removed": len(self.removed),
            # Paths, as scripts have always read them; why each was skipped is beside them.
            "skipped": [item["path"] for item in self.skipped],
            "skipped_why": self.skipped,
            "failed": self.failed,
            "warnings": self.warnings,
            "repaired": self.repaired,
            "chunks": self.chunks,
            "seconds": round(self.seconds, 3),
            "sentences": self.sentences,
            "embedded": self.embedded,
            "store_chunks": self.store_chunks,
            "stages": {k: round(v, 3) for k, v in self.stages.items()},
        }

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0

    @property
    def changed(self) -> bool:
        """Whether the store holds anything different after this run."""
        return bool(self.added or self.updated or self.removed or self.repaired)


@dataclass
class _Prepared:
    path: Path
    record: ArticleRecord
    chunks: list[Chunk]
    sentences: list[Sentence]
    is_new: bool
    # One float32 row per text of texts() (chunks, then sentences), made when the first vector arrives:
    # a 5 MB article has ~40k of them, 60 MB so, where lists of Python floats took eight times that.
    vectors: np.ndarray | None = None
    known: np.ndarray | None = None  # per row: its vector is in (reused or embedded)

    def texts(self) -> list[str]:
        """The text to embed for every chunk and sentence, in row order."""
        return [c.search_text for c in self.chunks] + [s.search_text for s in self.sentences]

    def put_vectors(self, rows: Sequence[int] | np.ndarray, vectors: np.ndarray) -> None:
        if self.vectors is None:
            size = len(self.chunks) + len(self.sentences)
            self.vectors = np.zeros((size, vectors.shape[1]), dtype=np.float32)
            self.known = np.zeros(size, dtype=bool)
        self.vectors[rows] = vectors
        self.known[rows] = True

    def missing(self) -> list[int]:
        """Rows still without a vector."""
        size = len(self.chunks) + len(self.sentences)
        return list(range(size)) if self.known is None else np.flatnonzero(~self.known).tolist()


class Ingestor:
    def __init__(
        self,
        settings: Settings,
        store: Store,
        embedder: Embedder,
        progress: bool = False,
        lexical: LexicalIndex | None = None,
        flush_texts: int = _EMBED_FLUSH,
        redo_all: bool = False,
        overrides: Overrides | None = None,
    ):
        self.settings = settings
        self.overrides = overrides or Overrides()
        self._override_of: dict[str, Override] = {}  # by source, for this run
        # Every article is cleaned and chunked again even if its file is unchanged (a new cleaner or
        # chunker); texts that come out the same keep their vectors.
        self.redo_all = redo_all
        self.store = store
        self.lexical = lexical
        self.embedder = embedder
        self.progress = progress
        self.flush_texts = flush_texts
        self.report = IngestReport()
        self.files: list[Path] = []
        self._stages: dict[str, float] = {s: 0.0 for s in ("load", "clean", "chunk", "embed", "write")}

    @contextmanager
    def _stage(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self._stages[name] += time.perf_counter() - started

    def run(self, paths: Sequence[Path]) -> IngestReport:
        started = time.perf_counter()
        existing = {r.source: r for r in self.store.articles()}
        files, folders = self._discover(paths, existing)
        self.files = files  # what this run read (ingest/failures.py keeps the failures of these)
        taken_ids = {r.doc_id: r.source for r in existing.values()}
        # Before anything is written: a name in the overrides file that matches no article stops the run.
        self._override_of = match_overrides(self.settings, self.overrides, files, existing)
        queue: list[_Prepared] = []
        from tqdm import tqdm

        for path in tqdm(files, desc="Reading", unit="file", disable=not self.progress, leave=False):
            prepared = self._prepare(path, existing.get(str(path)), taken_ids)
            if prepared is None:
                continue
            if queue and _size(queue) + _size([prepared]) > self.flush_texts:
                # Write what is queued before a long article: embedding it alone can take minutes,
                # and an interrupt then would lose the short ones queued with it.
                self._embed_and_write(queue)
                queue = []
            queue.append(prepared)
            if _size(queue) >= self.flush_texts:
                self._embed_and_write(queue)
                queue = []
        self._embed_and_write(queue)
        self._remove_missing(folders, existing, {str(f) for f in files})
        self.report.store_chunks = self.store.count()
        self.report.stages = dict(self._stages)
        self.report.seconds = time.perf_counter() - started
        return self.report

    # -- discovery ------------------------------------------------------------------------------

    def _discover(self, paths: Sequence[Path], existing: dict[str, ArticleRecord]) -> tuple[list[Path], list[Path]]:
        files: list[Path] = []
        folders: list[Path] = []
        for given in paths:
            path = Path(given).expanduser()
            if not path.exists():
                self.report.failed.append({"path": str(given), "error": "no such file or directory"})
                continue
            if path.is_symlink():  # named by the user, so followed (unlike a link met inside a folder: ingest/walk.py)
                target = path.resolve()
                warning = f"a symbolic link to {target}: followed because it was named; " + (
                    "the folder it leads to is read" if target.is_dir() else "the article is stored under the file it leads to"
                )
                self.report.warnings.append({"path": str(given), "warning": warning})
            path = path.resolve()
            if path.is_dir():
                folders.append(path)
                candidates, skipped = walk_folder(path)
                self.report.skipped += skipped
            elif reason := not_regular(path.stat().st_mode):
                self._fail(path, reason, existing.get(str(path)))
                continue
            elif format_of(path) is None:
                self.report.skipped.append({"path": str(path), "reason": f"unsupported file type {path.suffix or '(none)'}"})
                continue
            else:
                candidates = [path]
            files += [c for c in candidates if c not in files]
        return files, folders

    # -- one file -------------------------------------------------------------------------------

    def _prepare(self, path: Path, old: ArticleRecord | None, taken_ids: dict[str, str]) -> _Prepared | None:
        try:
            with self._stage("load"):
                data = read_file(path)
                override = self._override_of.get(str(path))
                digest = content_hash(data, override)  # an edited override makes the article changed
                if old and old.status == "complete" and old.content_hash == digest and not self.redo_all:
                    self.report.unchanged.append(old.doc_id)
                    self.report.files[old.doc_id] = str(path)
                    return None
                loaded = load(path, data)
                self.report.warnings += [{"path": str(path), "warning": w} for w in loaded.warnings]
            with self._stage("clean"):
                article = clean_article(loaded.text, loaded.hints)
                if not article.text.strip():
                    raise DocumentError("no article text is left after cleaning")
                article = apply_override(article, override)
        except DocumentError as exc:
            self._fail(path, str(exc), old)
            return None
        except OSError as exc:
            self._fail(path, f"cannot read the file: {exc.strerror or exc}", old)
            return None
        except Exception as exc:  # a reader bug must cost one file, never the run
            log.exception("unexpected error reading %s", path)
            self._fail(path, f"unexpected error: {type(exc).__name__}: {exc}", old)
            return None
        doc_id = old.doc_id if old else new_doc_id(self.settings.corpus_dir, path, taken_ids)
        taken_ids[doc_id] = str(path)
        limit = min(self.settings.chunk_tokens, self.embedder.max_tokens)
        with self._stage("chunk"):
            chunks = chunk_article(doc_id, article, self.embedder.count_tokens, limit, self.settings.chunk_overlap_tokens)
            sentences = article_sentences(doc_id, article, self.embedder.count_tokens, limit)
            home = _first_chunk_holding(chunks, sentences)
            sentences = [replace(s, chunk_id=home.get(s.id, "")) for s in sentences]
        record = _record(doc_id, path, article, digest, loaded.format, len(chunks))
        prepared = _Prepared(path, record, chunks, sentences, is_new=old is None)
        if old is not None:
            # Reuse vectors of texts that did not change: a small edit re-embeds little.
            with self._stage("write"):
                previous = {search_text(p.text, p.context): v for p, v in self.store.passages.vectors_of(doc_id)}
                previous |= {s.text: v for s, v in self.store.sentences.vectors_of(doc_id)}
            reused = [(row, previous[t]) for row, t in enumerate(prepared.texts()) if t in previous]
            if reused:
                prepared.put_vectors([row for row, _ in reused], np.asarray([v for _, v in reused], dtype=np.float32))
        return prepared

    def _fail(self, path: Path, error: str, old: ArticleRecord | None) -> None:
        """Report a file that cannot be read. An earlier complete version of its article stays in the
        store (a half-saved or emptied file must not lose it), so the message says so: answers still
        quote that version."""
        if old is not None and old.status == "complete":
            error += "; the version ingested before is kept (fix the file, or remove the article with `otsqa remove`)"
        self.report.failed.append({"path": str(path), "error": error})

    # -- embedding and writing ------------------------------------------------------------------

    def _embed_and_write(self, queue: list[_Prepared]) -> None:
        # By length: the model pads each batch to its longest text, and in article order a batch mixes
        # 160-token passages with 10-token sentences. Sorted, the docs' texts embedded in 20% less time
        # (measured on 2,000 of them: 49 → 39 s), as fast as the bare model on a random sample.
        todo = []
        for p in queue:
            texts = p.texts()
            todo += [(p, row, texts[row]) for row in p.missing()]
        todo.sort(key=lambda item: len(item[2]))
        if todo:
            from tqdm import tqdm

            with self._stage("embed"):
                # What is embedded is passages and sentences ("texts"); the first batch also loads the model
                # (seconds), which the bar says rather than sitting at 0 looking frozen.
                bar = tqdm(
                    total=len(todo), desc="Embedding (loading the model)", unit="text", disable=not self.progress, leave=False
                )
                step = max(self.settings.embed_batch_size * 4, 1)
                for at in range(0, len(todo), step):
                    batch = todo[at : at + step]
                    vectors = self.embedder.embed_array([t for _, _, t in batch])
                    mine: dict[int, tuple[_Prepared, list[int], list[int]]] = {}  # article → its rows, their places in batch
                    for n, (prepared, row, _) in enumerate(batch):
                        entry = mine.setdefault(id(prepared), (prepared, [], []))
                        entry[1].append(row)
                        entry[2].append(n)
                    for prepared, rows, places in mine.values():
                        prepared.put_vectors(rows, vectors[places])
                    if at == 0:
                        bar.set_description("Embedding")
                    bar.update(len(batch))
                bar.close()
            self.report.embedded += len(todo)
        with self._stage("write"):
            self._write(queue)

    def _write(self, queue: list[_Prepared]) -> None:
        """Write the queued articles in a few large writes (each Chroma write costs tens of ms,
        whatever its size), in an order that a kill anywhere leaves safe: every queued article is
        first marked pending, then its passages and sentences go in, stale ones go out, the BM25 rows
        are replaced, and only then are the records marked complete with their hashes. The passages
        and sentences go in slices of ``_WRITE_SLICE``, their records built per slice and their
        vectors handed over as float32 rows: a long article's records are never all copied at once."""
        if not queue:
            return
        final = {p.record.doc_id: p.record.content_hash for p in queue}
        for p in queue:
            p.record.status, p.record.content_hash = "pending", ""
        self.store.put_articles([p.record for p in queue])
        self._upsert_chunks(queue)
        self._upsert_sentences(queue)
        for prepared in queue:
            if not prepared.is_new:
                self._delete_stale(prepared)
            if self.lexical is not None:
                doc_id = prepared.record.doc_id
                self.lexical.replace_article(doc_id, final[doc_id], [(c.id, c.search_text) for c in prepared.chunks])
        for p in queue:
            p.record.status, p.record.content_hash = "complete", final[p.record.doc_id]
        self.store.put_articles([p.record for p in queue])
        for prepared in queue:
            (self.report.added if prepared.is_new else self.report.updated).append(prepared.record.doc_id)
            self.report.files[prepared.record.doc_id] = str(prepared.path)
            self.report.chunks += len(prepared.chunks)
            self.report.sentences += len(prepared.sentences)

    def _upsert_chunks(self, queue: list[_Prepared]) -> None:
        layout: dict[str, Layout] = {}  # chunk id → where its sentences and cited notes are
        for p in queue:
            layout |= chunk_layout(p.chunks, [(s.start, s.end) for s in p.sentences])
        chunks = [(p, row, c) for p in queue for row, c in enumerate(p.chunks)]
        for part in _slices(chunks, _WRITE_SLICE):
            self.store.passages.upsert([_passage_record(c, p.record, layout[c.id]) for p, _, c in part], _rows(part))

    def _upsert_sentences(self, queue: list[_Prepared]) -> None:
        sentences = [(p, len(p.chunks) + row, s) for p in queue for row, s in enumerate(p.sentences)]  # rows after the chunks'
        for part in _slices(sentences, _WRITE_SLICE):
            self.store.sentences.upsert([_sentence_record(s) for _, _, s in part], _rows(part))

    def _delete_stale(self, prepared: _Prepared) -> None:
        """Passages and sentences an updated article no longer has. (A brand-new article cannot have
        old records: its pending record precedes them.)"""
        doc_id = prepared.record.doc_id
        keep = {c.id for c in prepared.chunks}
        stale = [i for i in self.store.passages.ids_of(doc_id) if i not in keep]
        if stale:
            self.store.passages.delete(stale)
        keep = {s.id for s in prepared.sentences}
        stale = [i for i in self.store.sentences.ids_of(doc_id) if i not in keep]
        if stale:
            self.store.sentences.delete(stale)

    def _remove_missing(self, folders: list[Path], existing: dict[str, ArticleRecord], seen: set[str]) -> None:
        """Articles whose file vanished from a folder this run ingested leave the store, and so do those
        whose file became a symbolic link (listed as skipped: the walk does not follow it)."""
        with self._stage("write"):
            for source, record in existing.items():
                if source in seen:
                    continue
                path = Path(source)
                if any(path.is_relative_to(folder) for folder in folders) and (not path.exists() or through_link(path)):
                    drop_article(self.store, self.lexical, record)
                    self.report.removed.append(record.doc_id)


def new_doc_id(corpus_dir: Path, path: Path, taken: dict[str, str]) -> str:
    """The id a new article gets: its path in the corpus folder (else its file name) as a slug, with
    a short hash of the path when another article already has that id (``taken``: id → source)."""
    try:
        base = _slug(str(path.relative_to(corpus_dir).with_suffix("")))
    except ValueError:
        base = _slug(path.stem)
    doc_id = base or "article"
    if doc_id in taken and taken[doc_id] != str(path):
        # Same name elsewhere (e.g. many index.html): a short hash of the path keeps ids apart.
        doc_id = f"{base}-{hashlib.sha1(str(path).encode()).hexdigest()[:6]}"
    return doc_id


def match_overrides(
    settings: Settings, overrides: Overrides, files: Sequence[Path], existing: dict[str, ArticleRecord]
) -> dict[str, Override]:
    """Each article's override by source, for the ``files`` of a run and the ``existing`` records of
    the store; raises OverridesError for a bad entry (`Overrides.match`). An article answers to its
    absolute path, its path in the corpus folder and its doc id (for a new file, the one it will get)."""
    if not overrides.entries:
        return {}
    corpus = settings.corpus_dir
    taken = {r.doc_id: r.source for r in existing.values()}
    names: dict[str, list[str]] = {}

    def named(path: Path, doc_id: str) -> list[str]:
        return [str(path), doc_id] + ([path.relative_to(corpus).as_posix()] if path.is_relative_to(corpus) else [])

    for path in files:
        old = existing.get(str(path))
        doc_id = old.doc_id if old else new_doc_id(corpus, path, taken)
        taken[doc_id] = str(path)
        names[str(path)] = named(path, doc_id)
    for source, record in existing.items():
        names.setdefault(source, named(Path(source), record.doc_id))

    def in_corpus(name: str) -> bool:  # an article file this run leaves out (`otsqa ingest FILE`)
        path = corpus / name
        return format_of(path) is not None and path.is_file()

    return overrides.match(names, in_corpus)


def _slices(items: list, size: int) -> Iterator[list]:
    for at in range(0, len(items), size):
        yield items[at : at + size]


def _rows(part: list[tuple[_Prepared, int, object]]) -> np.ndarray:
    """The float32 vectors of a slice of (article, row, record) triples, one row each: a view when the
    slice lies within one article, as it does but at an article's edges."""
    first, last = part[0], part[-1]
    if first[0] is last[0] and last[1] - first[1] == len(part) - 1:
        return first[0].vectors[first[1] : last[1] + 1]
    return np.stack([p.vectors[row] for p, row, _ in part])


def _size(queue: list[_Prepared]) -> int:
    """Texts to embed: passages and sentences."""
    return sum(len(p.chunks) + len(p.sentences) for p in queue)


def _record(doc_id: str, path: Path, article: CleanArticle, digest: str, fmt: str, chunks: int) -> ArticleRecord:
    return ArticleRecord(
        doc_id=doc_id,
        source=str(path),
        title=article.title,
        author=article.author,
        date=article.date,
        content_hash=digest,
        format=fmt,
        chunks=chunks,
        body_end=article.body_end,
        title_source=article.title_source,
        publication=article.publication,
        ingested=dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        text=article.text,
    )


def _passage_record(chunk: Chunk, record: ArticleRecord, layout: Layout) -> PassageRecord:
    held, note_chunks = layout
    return PassageRecord(
        id=chunk.id,
        doc_id=record.doc_id,
        text=chunk.text,
        source=record.source,
        title=record.title,
        author=record.author,
        date=record.date,
        title_source=record.title_source,
        kind=chunk.kind,
        index=chunk.index,
        start=chunk.start,
        end=chunk.end,
        tokens=chunk.tokens,
        footnotes=chunk.footnotes,
        marker=chunk.marker,
        cited_start=chunk.cited_start,
        cited_end=chunk.cited_end,
        context=chunk.context,
        sentences=held,
        note_chunks=note_chunks,
    )


def chunk_layout(chunks: Sequence[Chunk | PassageRecord], spans: Sequence[tuple[int, int]]) -> dict[str, Layout]:
    """For one article's chunks (as chunked, or as stored) and sentences ((start, end) spans), what
    lets the assistant fetch sentences by id rather than by a metadata filter (Chroma scans the whole
    collection for those: ~100 ms each at 780k sentences): the start offsets of the sentences lying
    wholly inside each chunk, and for a body chunk the chunk numbers of each footnote it cites."""
    ordered = sorted(spans)
    starts = [start for start, _ in ordered]
    notes: dict[str, list[int]] = {}
    for chunk in sorted(chunks, key=lambda c: c.index):
        if chunk.kind == "footnote":
            notes.setdefault(chunk.marker, []).append(chunk.index)
    out = {}
    for chunk in chunks:
        held = []
        for start, end in ordered[bisect.bisect_left(starts, chunk.start) :]:
            if start >= chunk.end:
                break
            if end <= chunk.end:
                held.append(start)
        cited = [m for m in chunk.footnotes if m in notes] if chunk.kind == "body" else []
        out[chunk.id] = (tuple(held), tuple((m, tuple(notes[m])) for m in cited))
    return out


def _first_chunk_holding(chunks: list[Chunk], sentences: list[Sentence]) -> dict[str, str]:
    """Sentence id → the first chunk that holds the whole sentence (both lists are in text order)."""
    home: dict[str, str] = {}
    at = 0
    for sentence in sentences:
        while at < len(chunks) and chunks[at].end < sentence.end:
            at += 1
        for chunk in chunks[at:]:
            if chunk.start <= sentence.start and sentence.end <= chunk.end:
                home[sentence.id] = chunk.id
                break
            if chunk.start > sentence.start:
                break
    return home


def _sentence_record(sentence: Sentence) -> SentenceRecord:
    return SentenceRecord(
        id=sentence.id,
        doc_id=sentence.doc_id,
        text=sentence.text,
        start=sentence.start,
        end=sentence.end,
        kind=sentence.kind,
        marker=sentence.marker,
        heading=sentence.heading,
        chunk_id=sentence.chunk_id,
    )


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:80]
