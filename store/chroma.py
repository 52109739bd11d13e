"""The Chroma store: embedded (PersistentClient under the data dir) or a Chroma server (HttpClient).

Three collections: ``<name>`` holds passages with our own vectors (Chroma's default embedding
function would try to download a model, so it is never used), ``<name>-sentences`` every sentence
with its vector, and ``<name>-articles`` one record per article with its cleaned text. All three
carry the fingerprint (embedding model, chunker, schema)
they were built with; opening them with another fingerprint is an error that says to rebuild.
"""

from __future__ import annotations

import logging
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Generic, Iterator, Sequence
from urllib.parse import urlparse

import numpy as np

from otsqa.errors import StoreDamagedError, StoreError, StoreMismatchError, StoreNotFoundError, StoreUnavailableError
from otsqa.settings import Settings
from store.base import (
    ArticleRecord,
    Hit,
    PassageRecord,
    R,
    SentenceRecord,
    can_upgrade,
    empty_store_error,
    new_stamp,
    only_chunker_differs,
)
from store.chroma_files import check_files, set_aside
from store.records import article_from, article_metadata, passage_from, passage_metadata, sentence_from, sentence_metadata

log = logging.getLogger(__name__)

_WRITE_BATCH = 1000
_SCAN_PAGE = 20_000
_RECORD_VECTOR = [1.0]  # article records are looked up by id, never by similarity
_WRITTEN = "written"  # the articles collection's stamp of the last run that changed the store (Store.written)
_RETIRE_AFTER_SECONDS = 5.0  # a reopened store's old client system is stopped this long after (see reopen)


def _client(settings: Settings, create: bool, thorough: bool = False):
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        port = url.port or (443 if url.scheme == "https" else 8000)
        try:
            client = chromadb.HttpClient(host=url.hostname, port=port, ssl=url.scheme == "https", settings=chroma_settings)
            client.heartbeat()
        except Exception as exc:  # chromadb raises several unrelated types for "unreachable"
            raise StoreUnavailableError(
                f"Cannot reach the Chroma server at {settings.chroma_url} ({exc}). Start it "
                f"(`chroma run --path DIR --host 127.0.0.1 --port {port}`) or unset OTSQA_CHROMA_URL "
                "to use the embedded store."
            ) from None
        _bound_waits(client, settings.chroma_timeout)
        return client
    if not create and not (settings.chroma_dir / "chroma.sqlite3").exists():
        raise empty_store_error(str(settings.chroma_dir))
    check_files(settings.chroma_dir, thorough=thorough)  # before Chroma reads a byte: damaged files crash it
    settings.chroma_dir.mkdir(parents=True, exist_ok=True)
    from chromadb.api.shared_system_client import SharedSystemClient

    path = str(settings.chroma_dir)
    known = path in SharedSystemClient._identifier_to_system
    try:
        with _unreachable_as_store_error(path):  # damage the check cannot see, in Chroma's words
            return chromadb.PersistentClient(path=path, settings=chroma_settings)
    except BaseException:
        if not known:  # chromadb caches a system that failed to start: every later open would get it
            _forget_system(path)
        raise


def _bound_waits(client, seconds: float) -> None:
    """chromadb's HTTP client waits forever (httpx timeout=None): a paused or cut-off server would hang
    every question, and the one answer slot with them. Bound each request; there is no public setting."""
    import httpx

    session = getattr(getattr(client, "_server", None), "_session", None)
    if isinstance(session, httpx.Client):
        session.timeout = httpx.Timeout(seconds, connect=min(seconds, 5.0))
    else:
        log.warning("cannot set a time-out on the Chroma client (%s); a stalled server will stall questions", type(client))


@contextmanager
def _unreachable_as_store_error(location: str) -> Iterator[None]:
    """A server that stopped, restarts or stalls surfaces as StoreUnavailableError. The client needs no
    repair: httpx opens a new connection on the next call, so answers resume once the server is back.
    Chroma's internal errors become StoreError with what is known to cause them."""
    import httpx
    from chromadb.errors import InternalError, NotFoundError

    try:
        yield
    except NotFoundError:
        # No collections yet, or deleted by `otsqa ingest --rebuild`, which is making them anew.
        raise StoreNotFoundError(
            f"{empty_store_error(location)} (If an `otsqa ingest --rebuild` is running, ask again once it has finished.)"
        ) from None
    except (httpx.TransportError, ConnectionError) as exc:
        raise StoreUnavailableError(
            f"The Chroma server at {location} cannot be reached ({type(exc).__name__}: {exc or 'no reply'}). "
            "Answers resume by themselves once it is back; check that `chroma run` is up."
        ) from None
    except InternalError as exc:
        if _damaged(exc):
            raise StoreDamagedError(
                f"The store at {location} is damaged: Chroma cannot load it ({exc}). This happens when a process "
                "writing the store is killed while Chroma saves the index, or when its files are damaged on disk. "
                "Rebuild it from the article files with `otsqa ingest --rebuild`."
            ) from None
        # Seen while `otsqa ingest` writes to an embedded store that a running `otsqa serve` has open: the
        # server's copy of the vector index lacks the new records until it opens the store again, which
        # it does once the ingest has finished (web/service.py). The same words come from an index whose
        # files a killed writer left from two different saves.
        raise StoreError(
            f"The store at {location} could not be read ({exc}). If `otsqa ingest` is changing it, ask again "
            "once it has finished (a running `otsqa serve` then opens the store again by itself); if it "
            "persists, a writer was killed while saving the index: rebuild with `otsqa ingest --rebuild`."
        ) from None


def _damaged(exc: Exception) -> bool:
    """Chroma's words for an index it cannot load or bring up to date with its write log, and SQLite's
    for a database file that is not one or is damaged inside (passed on by Chroma)."""
    text = str(exc).lower()
    return any(words in text for words in ("hnsw", "backfill", "apply logs", "querying knn", "not a database", "malformed"))


class _Guarded:
    """A collection whose every call translates Chroma's failures into the project's (see above)."""

    def __init__(self, collection, location: str):
        self._collection = collection
        self._location = location

    def __getattr__(self, name: str):
        attr = getattr(self._collection, name)
        if not callable(attr):
            return attr

        def guarded(*args, **kwargs):
            with _unreachable_as_store_error(self._location):
                return attr(*args, **kwargs)

        return guarded


class ChromaStore:
    def __init__(self, client, settings: Settings, passages, sentences, records, expected: dict[str, str] | None = None):
        self._settings = settings
        self.backend = settings.backend
        self.location = settings.chroma_url or str(settings.chroma_dir)
        self._expected = dict(expected or {})  # the fingerprint it was opened for, checked again on reopen
        # The tables read the collection attribute at each call: reopen() and a repair replace it.
        self.passages: _ChromaTable[PassageRecord] = _ChromaTable(self, "_passages", passage_from, passage_metadata)
        self.sentences: _ChromaTable[SentenceRecord] = _ChromaTable(self, "_sentences", sentence_from, sentence_metadata)
        self._use(client, passages, sentences, records)

    def _use(self, client, passages, sentences, records) -> None:
        self._client = client
        self._passages = passages
        self._sentences = sentences
        self._records = records
        self.fingerprint = _fingerprint_of(passages)
        self.seen = (records.metadata or {}).get(_WRITTEN, "")

    # -- articles -------------------------------------------------------------------------------

    def count(self) -> int:
        return self._passages.count()

    def articles(self, *, doc_ids: Sequence[str] | None = None, status: str | None = None) -> list[ArticleRecord]:
        if doc_ids is not None and not doc_ids:
            return []
        got = self._records.get(where=_where(doc_ids, status), include=["metadatas"])
        return sorted((article_from(m) for m in got["metadatas"]), key=lambda r: r.source)

    def article(self, doc_id: str) -> ArticleRecord | None:
        got = self._records.get(ids=[doc_id], include=["metadatas", "documents"])
        if not got["ids"]:
            return None
        return article_from(got["metadatas"][0], got["documents"][0])

    def put_articles(self, records: Sequence[ArticleRecord]) -> None:
        records = list(records)
        _upsert(
            self._records,
            [r.doc_id for r in records],
            [r.text or "" for r in records],
            [article_metadata(r) for r in records],
            [_RECORD_VECTOR] * len(records),
        )

    def delete_article(self, doc_id: str) -> None:
        self._passages.delete(where=_where([doc_id]))
        self._sentences.delete(where=_where([doc_id]))
        self._records.delete(ids=[doc_id])

    # -- whole-store changes --------------------------------------------------------------------

    def set_fingerprint(self, fingerprint: dict[str, str]) -> None:
        # modify() replaces a collection's metadata; the distance space lives in its configuration.
        for collection in (self._passages, self._sentences, self._records):
            kept = {k: v for k, v in (collection.metadata or {}).items() if not k.startswith(("otsqa_", "hnsw:"))}
            collection.modify(metadata=kept | dict(fingerprint))
        self.fingerprint = dict(fingerprint)

    def written(self) -> str:
        # Read from Chroma's catalogue, not the collection object (which keeps what it had at open).
        with _unreachable_as_store_error(self.location):
            return (self._client.get_collection(self._records.name).metadata or {}).get(_WRITTEN, "")

    def stamp_written(self) -> None:
        stamp = new_stamp()
        with _unreachable_as_store_error(self.location):
            current = self._client.get_collection(self._records.name).metadata or {}
            # modify() replaces the metadata; the distance space lives in the configuration (as above).
            kept = {k: v for k, v in current.items() if not k.startswith("hnsw:")}
            self._records.modify(metadata=kept | {_WRITTEN: stamp})
        self.seen = stamp

    def reopen(self) -> None:
        """Open the collections again, as they are now. An embedded client keeps each vector index in
        memory, loaded when it opened, and never sees vectors another process added since: a new client
        reads the files. (A server's client holds no copy; its collections are fetched again in case
        `--rebuild` replaced them.) On any failure the store stays as it was.

        chromadb shares one client system per path within a process, so the old one is taken out of
        its cache for a new one to be made (its public `clear_system_cache()` would drop every path's).
        The old system is stopped a few seconds later, which frees its copy of the index (the whole
        index of a large store; without it a server held one more copy per ingest): not at once,
        because a call that began on it (a health check) may still be running. Another ChromaStore on
        this path in this process would break then; the server has one. A rebuild cut off half-way is
        left to the next writer (it holds the ingest lock; this reader does not)."""
        if self._settings.chroma_url:
            collections = _collections(self._client, self._settings, finish=False)
            _check_fingerprint(self.location, _fingerprint_of(collections[0]), self._expected)
            self._use(self._client, *collections)
            return
        from chromadb.api.shared_system_client import SharedSystemClient

        systems, refcounts = SharedSystemClient._identifier_to_system, SharedSystemClient._identifier_to_refcount
        key = self._client._identifier
        old_system, old_refcount = systems.pop(key, None), refcounts.pop(key, None)
        try:
            client = _client(self._settings, create=False)
            collections = _collections(client, self._settings, finish=False)
            _check_fingerprint(self.location, _fingerprint_of(collections[0]), self._expected)
        except BaseException:
            fresh = systems.pop(key, None)
            refcounts.pop(key, None)
            if fresh is not None and fresh is not old_system:
                fresh.stop()
            if old_system is not None:
                systems[key] = old_system
                refcounts[key] = old_refcount or 1
            raise
        self._use(client, *collections)
        if old_system is not None:
            stopper = threading.Timer(_RETIRE_AFTER_SECONDS, _retire, args=(old_system,))
            stopper.daemon = True
            stopper.start()

    def repair_vector_index(self, progress: bool = False) -> dict[str, int]:
        """Check that the passages' and sentences' vector indexes find every record, and rebuild any
        that does not (see `store.chroma_repair`). Returns {"passages"/"sentences": records it could
        not find} for each index rebuilt."""
        from store import chroma_repair

        repaired = {}
        for table in ("passages", "sentences"):
            guarded = getattr(self, f"_{table}")
            with _unreachable_as_store_error(self.location):
                missing, ghosts = chroma_repair.unfound(guarded._collection)
                if not missing and not ghosts:
                    continue
                log.warning("the %s index lacks %d records, has %d unknown: rebuilding it", table, len(missing), len(ghosts))
                rebuilt = chroma_repair.rebuild(self._client, guarded._collection, progress)
            setattr(self, f"_{table}", _Guarded(rebuilt, self.location))
            repaired[table] = len(missing) + len(ghosts)
        return repaired


class _ChromaTable(Generic[R]):
    """Passages or sentences (`store.base.Table`) in one Chroma collection, each record's fields
    stored as metadata through the codec in `store.records`."""

    def __init__(self, store: ChromaStore, attribute: str, decode, encode):
        self._store = store
        self._attribute = attribute
        self._decode = decode  # (id, text, metadata) → record
        self._encode = encode  # record → metadata

    @property
    def _collection(self) -> _Guarded:
        return getattr(self._store, self._attribute)

    def _records(self, got) -> list[R]:
        return [self._decode(i, d, m) for i, d, m in zip(got["ids"], got["documents"], got["metadatas"])]

    def get(self, ids: Sequence[str]) -> list[R]:
        if not ids:
            return []
        got = self._collection.get(ids=list(dict.fromkeys(ids)), include=["documents", "metadatas"])  # Chroma refuses repeats
        found = {r.id: r for r in self._records(got)}
        return [found[i] for i in ids if i in found]

    def get_with_vectors(self, ids: Sequence[str]) -> list[tuple[R, np.ndarray]]:
        if not ids:
            return []
        got = self._collection.get(ids=list(dict.fromkeys(ids)), include=["documents", "metadatas", "embeddings"])
        found = {r.id: (r, v) for r, v in zip(self._records(got), _float32_rows(got["embeddings"]))}
        return [found[i] for i in ids if i in found]

    def ids_of(self, doc_id: str) -> list[str]:
        return self._collection.get(where=_where([doc_id]), include=[])["ids"]

    def of_article(self, doc_id: str) -> list[R]:
        return self._records(self._collection.get(where=_where([doc_id]), include=["documents", "metadatas"]))

    def vectors_of(self, doc_id: str) -> list[tuple[R, np.ndarray]]:
        got = self._collection.get(where=_where([doc_id]), include=["documents", "metadatas", "embeddings"])
        return list(zip(self._records(got), _float32_rows(got["embeddings"])))

    def nearest(self, vector: Sequence[float], k: int, doc_ids: Sequence[str] | None = None) -> list[Hit[R]]:
        # No count() to cap k: Chroma returns what there is, and counting 780k sentences took 87 ms a question.
        if k <= 0 or (doc_ids is not None and not doc_ids):
            return []
        got = self._collection.query(
            query_embeddings=np.asarray([vector], dtype=np.float32),  # a list or a float32 row alike
            n_results=k,
            where=_where(doc_ids),
            include=["documents", "metadatas", "distances"],
        )
        return [
            Hit(self._decode(i, d, m), 1.0 - dist)
            for i, d, m, dist in zip(got["ids"][0], got["documents"][0], got["metadatas"][0], got["distances"][0])
        ]

    def upsert(self, records: Sequence[R], vectors) -> None:
        """A record already stored is never upserted over. An embedded store replays the writes its
        vector index has not saved (all of them below 1,000 records) each time it opens, inserting in
        parallel; an id written twice in that replay is updated in place inside the graph, and that,
        racing the other inserts, now and then left a record no search reaches (9 opens in 600 of a
        store whose passages a cut-off ingest had made the next run write again; tests/store/
        test_rewritten_records.py). So a stored record whose text and vector are unchanged (an article
        written again after a kill, or re-chunked with its vectors reused) gets only its fields
        rewritten; one whose text or vector changed is deleted and added. The caller writes an
        article's records while the article is marked pending, so a kill in between is redone."""
        ids = [r.id for r in records]
        rows = np.asarray(vectors, dtype=np.float32)
        texts, fields = [r.text for r in records], [self._encode(r) for r in records]
        same, replaced = [], []
        for at in range(0, len(ids), _WRITE_BATCH):
            got = self._collection.get(ids=ids[at : at + _WRITE_BATCH], include=["embeddings", "documents"])
            stored = (
                {i: (d, v) for i, d, v in zip(got["ids"], got["documents"], _float32_rows(got["embeddings"]))}
                if got["ids"]
                else {}
            )
            for n in range(at, min(at + _WRITE_BATCH, len(ids))):
                if ids[n] in stored:
                    text, vector = stored[ids[n]]
                    unchanged = text == texts[n] and np.allclose(vector, rows[n], rtol=0, atol=1e-6)
                    (same if unchanged else replaced).append(n)
        # Fields only: given a text, Chroma would embed it with its own model (and fetch that model).
        for at in range(0, len(same), _WRITE_BATCH):
            part = same[at : at + _WRITE_BATCH]
            self._collection.update(ids=[ids[n] for n in part], metadatas=[fields[n] for n in part])
        for at in range(0, len(replaced), _WRITE_BATCH):
            self._collection.delete(ids=[ids[n] for n in replaced[at : at + _WRITE_BATCH]])
        kept = set(same)
        fresh = [n for n in range(len(ids)) if n not in kept]
        if fresh:
            _upsert(self._collection, [ids[n] for n in fresh], [texts[n] for n in fresh], [fields[n] for n in fresh], rows[fresh])

    def update(self, records: Sequence[R]) -> None:
        for at in range(0, len(records), _WRITE_BATCH):
            part = records[at : at + _WRITE_BATCH]
            self._collection.update(ids=[r.id for r in part], metadatas=[self._encode(r) for r in part])

    def delete(self, ids: Sequence[str]) -> None:
        for at in range(0, len(ids), _WRITE_BATCH):
            self._collection.delete(ids=list(ids[at : at + _WRITE_BATCH]))

    def scan(self, texts: bool = False) -> Iterator[R]:
        offset = 0
        while True:
            got = self._collection.get(
                include=["metadatas", "documents"] if texts else ["metadatas"], limit=_SCAN_PAGE, offset=offset
            )
            documents = got["documents"] if texts else [""] * len(got["ids"])
            yield from (self._decode(i, d, m) for i, d, m in zip(got["ids"], documents, got["metadatas"]))
            if len(got["ids"]) < _SCAN_PAGE:
                return
            offset += _SCAN_PAGE


def _where(doc_ids: Sequence[str] | None = None, status: str | None = None) -> dict | None:
    """The typed filters as Chroma's ``where``: the one place the project speaks its filter language."""
    clauses = []
    if doc_ids is not None:
        clauses.append({"doc_id": doc_ids[0]} if len(doc_ids) == 1 else {"doc_id": {"$in": list(doc_ids)}})
    if status is not None:
        clauses.append({"status": status})
    if len(clauses) > 1:
        return {"$and": clauses}
    return clauses[0] if clauses else None


def _upsert(collection, ids, texts, metadatas, embeddings) -> None:
    """``embeddings``: a float32 array with a row per record (what ingest passes: Chroma takes it as it
    is and stores float32), or a list of vectors (made into one)."""
    for at in range(0, len(ids), _WRITE_BATCH):
        end = at + _WRITE_BATCH
        collection.upsert(
            ids=list(ids[at:end]),
            documents=list(texts[at:end]),
            metadatas=list(metadatas[at:end]),
            embeddings=np.asarray(embeddings[at:end], dtype=np.float32),
        )


def _float32_rows(embeddings) -> np.ndarray:
    """Vectors read back, one float32 row each (4 bytes a number; ``list(row)`` made an object of each)."""
    return np.asarray(embeddings, dtype=np.float32)


def open_store(
    settings: Settings, fingerprint: dict[str, str] | None = None, create: bool = False, thorough: bool = False
) -> ChromaStore:
    """Open the store; with ``create`` make it if missing. A ``fingerprint`` must match the store's. An
    embedded store's files are checked first (StoreDamagedError); ``thorough`` adds SQLite's own check
    of every page (`store.chroma_files`)."""
    client = _client(settings, create, thorough)
    store = ChromaStore(client, settings, *_collections(client, settings, create, fingerprint), expected=fingerprint)
    _check_fingerprint(store.location, store.fingerprint, fingerprint or {})
    return store


def release(settings: Settings) -> None:
    """Stop this process's client of an embedded store, so that its next open reads the files as they are
    then. For a process that writes again later while others write in between (the library's ingest
    worker, web/ingest_process.py): chromadb keeps one client system per path, and a kept one holds a copy
    of the vector index it loaded (memory for as long as the process lives: see `_retire`) that is not
    made to follow other processes' writes (see `ChromaStore.reopen`). (A server's store: nothing to do.)"""
    if not settings.chroma_url:
        _forget_system(str(settings.chroma_dir))


def _retire(system) -> None:
    """Stop a client system a reopen replaced and hand the freed heap back to the OS. Measured on a
    100k-passage store (1.9 GB resident): without the trim a server grew ~100-150 MB a reopen (freed
    but fragmented); with it, six reopens in a row left it at 1.85-1.9 GB."""
    system.stop()
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # not glibc: the memory is reused by the process instead
        pass


def _collections(
    client, settings: Settings, create: bool = False, fingerprint: dict[str, str] | None = None, finish: bool = True
) -> list[_Guarded]:
    """The passages, sentences and article records, each guarded; with ``finish``, a rebuild cut off
    earlier is finished or dropped first (`store.chroma_repair`)."""
    from store.chroma_repair import finish_rebuilds

    names = _names(settings)
    location = settings.chroma_url or str(settings.chroma_dir)
    with _unreachable_as_store_error(location):  # a missing collection: StoreNotFoundError
        if finish:
            finish_rebuilds(client, names)
        if create:
            metadata = {"hnsw:space": "cosine", **(fingerprint or {})}
            found = [client.get_or_create_collection(name, embedding_function=None, metadata=metadata) for name in names]
        else:
            found = [client.get_collection(name, embedding_function=None) for name in names]
    return [_Guarded(c, location) for c in found]


def _fingerprint_of(passages) -> dict[str, str]:
    return {k: v for k, v in (passages.metadata or {}).items() if k.startswith("otsqa_")}


def _names(settings: Settings) -> tuple[str, str, str]:
    return (settings.collection, f"{settings.collection}-sentences", f"{settings.collection}-articles")


def _check_fingerprint(location: str, have: dict[str, str], expected: dict[str, str]) -> None:
    differences = [
        f"{key.removeprefix('otsqa_')} {have.get(key, '(none)')!r} ≠ {value!r}"
        for key, value in expected.items()
        if have.get(key) != value
    ]
    if not differences:
        return
    if can_upgrade(have, expected):
        fix = "Run `otsqa ingest` to upgrade it in place (nothing is embedded again)."
    elif only_chunker_differs(have, expected):
        fix = "Run `otsqa ingest` to clean and chunk its articles again in place (unchanged texts keep their vectors)."
    else:
        fix = "Run `otsqa ingest --rebuild` to rebuild it with this version."
    raise StoreMismatchError(f"The store at {location} was built differently ({'; '.join(differences)}). {fix}")


def delete_store(settings: Settings) -> Path | None:
    """Drop all three collections (for --rebuild). Missing collections are fine. An embedded store that
    is damaged cannot be trusted to Chroma, not even to delete from: its folder is moved aside whole
    (`store.chroma_files.set_aside`), after SQLite's full check of it, and where it went is returned."""
    try:
        client = _client(settings, create=True, thorough=True)
    except StoreDamagedError as exc:
        if settings.chroma_url:
            raise
        log.warning("%s", exc)
        return set_aside(settings.chroma_dir)
    for name in _names(settings):
        try:
            with _unreachable_as_store_error(settings.chroma_url or str(settings.chroma_dir)):
                client.delete_collection(name)
        except StoreUnavailableError:
            raise
        except StoreDamagedError:
            if settings.chroma_url:
                raise
            _forget_system(client._identifier)  # it holds the files open: a later open must not reuse it
            return set_aside(settings.chroma_dir)
        except Exception as exc:  # NotFoundError, or ValueError on older versions
            log.debug("nothing to delete for %s: %s", name, exc)
    return None


def _forget_system(path: str) -> None:
    """Take an embedded store's client system out of chromadb's per-path cache and stop it (see reopen)."""
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient._identifier_to_refcount.pop(path, None)
    system = SharedSystemClient._identifier_to_system.pop(path, None)
    if system is not None:
        try:
            system.stop()
        except Exception as exc:  # one that never started may not stop cleanly: it is dropped all the same
            log.debug("stopping the client system of %s: %s", path, exc)
