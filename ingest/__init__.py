"""Read, clean, chunk and embed articles into the store.

`ingest_paths(settings, paths)` is the whole job; the steps are `loaders` (bytes → text),
`clean` (text → article + metadata), `chunking` (article → chunks) and `pipeline` (incremental writes).
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from ingest.lock import ingest_lock
from ingest.pipeline import Ingestor, IngestReport, store_fingerprint
from ingest.upgrade import upgrade_store
from otsqa.settings import Settings
from store.embedding import Embedder


def ingest_paths(
    settings: Settings,
    paths: Sequence[Path] | None = None,
    *,
    rebuild: bool = False,
    progress: bool = False,
    embedder: Embedder | None = None,
) -> IngestReport:
    """Ingest ``paths`` (default: the corpus dir) into the configured store, incrementally."""
    from store.chroma import delete_store
    from store.embedding import make_embedder
    from store.lexical import LexicalIndex

    with ingest_lock(settings.make_data_dir()):  # before the model loads: a second run is refused at once
        embedder = embedder or make_embedder(settings.embed_batch_size)
        lexical = LexicalIndex(settings.lexical_path)
        if rebuild:
            delete_store(settings)
            lexical.clear()
        store = _open_for_ingest(settings, store_fingerprint(settings, embedder), progress)
        lexical.sync(store)  # level with the store first (another machine may have written to a server)
        ingestor = Ingestor(settings, store, embedder, progress, lexical=lexical, flush_texts=settings.ingest_flush_texts)
        return ingestor.run(list(paths or [settings.corpus_dir]))


def _open_for_ingest(settings: Settings, fingerprint: dict[str, str], progress: bool):
    """The store, made if missing; one written by an earlier version is upgraded in place when it can be."""
    from otsqa.errors import StoreMismatchError
    from store.chroma import open_store

    try:
        return open_store(settings, fingerprint, create=True)
    except StoreMismatchError:
        store = open_store(settings)
        if not upgrade_store(store, fingerprint, progress):
            raise
        return store


__all__ = ["IngestReport", "Ingestor", "ingest_paths", "store_fingerprint"]
