"""Read, clean, chunk and embed articles into the store.

`ingest_paths(settings, paths)` is the whole job; the steps are `loaders` (bytes → text),
`clean` (text → article + metadata), `chunking` (article → chunks) and `pipeline` (incremental writes);
`overrides` holds what a deployment sets per article over the metadata the articles give.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Sequence

from ingest import failures
from ingest.overrides import Overrides, load_overrides
from ingest.pipeline import Ingestor, IngestReport, match_overrides, store_fingerprint
from ingest.upgrade import upgrade_store
from ingest.walk import through_link, walk_folder
from otsqa.settings import Settings
from store.embedding import Embedder
from store.writer_lock import ingest_lock

log = logging.getLogger(__name__)


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

    with ingest_lock(settings.make_data_dir()) as interrupted:  # before the model loads: a second run is refused at once
        overrides = load_overrides(settings)  # a bad file stops the run before the store is touched
        targets = list(paths or default_targets(settings))
        if rebuild:
            _check_overrides(settings, overrides, targets)  # the store is about to be moved aside
        embedder = embedder or make_embedder(settings.embed_batch_size, settings.embedding_model)
        lexical = LexicalIndex(settings.lexical_path)
        aside = None
        if rebuild:
            aside = delete_store(settings)  # a damaged store is moved aside whole: where, to tell the user
            lexical.clear()
        fingerprint = store_fingerprint(settings, embedder)
        store, redo_all = _open_for_ingest(settings, fingerprint, progress)
        lexical.sync(store)  # level with the store first (another machine may have written to a server)
        ingestor = Ingestor(
            settings,
            store,
            embedder,
            progress,
            lexical=lexical,
            flush_texts=settings.ingest_flush_texts,
            redo_all=redo_all,
            overrides=overrides,
        )
        report = _redo_all(ingestor, store, fingerprint, targets) if redo_all else ingestor.run(targets)
        if aside is not None:
            warning = "the damaged store was moved here and a new one built in its place; delete it once no longer needed"
            report.warnings.append({"path": str(aside), "warning": warning})
        if interrupted and not settings.chroma_url:  # a server saves its own index; a killed client cannot cut it
            report.repaired = store.repair_vector_index(progress)
        if rebuild or redo_all or report.changed:
            store.stamp_written()  # a running `otsqa serve` sees it and opens the store again
        failures.note(settings.data_dir, ingestor.files, report.failed)  # for the library page
        return report


def default_targets(settings: Settings) -> list[Path]:
    """What `otsqa ingest` reads when given no path: the corpus folder, and the files keepers uploaded
    through the library page (<data dir>/uploads) once there are any."""
    uploads = settings.uploads_dir
    return [settings.corpus_dir] + ([uploads] if uploads.is_dir() else [])


def _check_overrides(settings: Settings, overrides: Overrides, targets: list[Path]) -> None:
    """Match the overrides against the files a rebuild will read, as the run itself would (raising
    OverridesError): a rebuild moves the old store aside first, and a bad file must not cost it."""
    files = []
    for target in targets:
        path = Path(target).expanduser().resolve()
        files += walk_folder(path)[0] if path.is_dir() else [path] if path.is_file() else []
    match_overrides(settings, overrides, files, {})


def _open_for_ingest(settings: Settings, fingerprint: dict[str, str], progress: bool):
    """The store, made if missing, and whether all its articles must be cleaned and chunked again.
    One written by an earlier version is upgraded in place when it can be; one built by another
    cleaner or chunker with the same model is re-chunked in place (see `_redo_all`)."""
    from otsqa.errors import StoreMismatchError
    from store.base import only_chunker_differs
    from store.chroma import open_store

    try:
        return open_store(settings, fingerprint, create=True), False
    except StoreMismatchError:
        store = open_store(settings)
        if upgrade_store(store, fingerprint, progress):
            return store, False
        if not only_chunker_differs(store.fingerprint, fingerprint):
            raise
        was = store.fingerprint.get("otsqa_chunker")
        log.warning("the store at %s was chunked by %s: cleaning and chunking every article again", store.location, was)
        return store, True


def _redo_all(ingestor: Ingestor, store, fingerprint: dict[str, str], targets: list[Path]) -> IngestReport:
    """Clean and chunk every stored article again from its file, then stamp the new chunker on the
    store. The vectors of passages and sentences that come out unchanged are reused, so this costs a
    fraction of a rebuild. Until the stamp the store still says the old chunker, so a run that fails
    or is killed half-way is simply redone by the next `otsqa ingest`. An article whose file is gone
    keeps its earlier cleaning (its quotes still match its stored text) and the report says so."""
    records = store.articles()
    # Stored files are named to the run, and a named link is followed: one swapped for a link since
    # it was ingested must not be read through it (ingest/walk.py).
    present = [Path(r.source) for r in records if Path(r.source).exists() and not through_link(Path(r.source))]
    report = ingestor.run(targets + present)  # a file both named and stored is read once
    readable = {str(path) for path in present}
    for record in records:
        # (One gone from a folder this run read has just been removed, as in any ingest.)
        if record.source not in readable and record.doc_id not in report.removed:
            gone = "is now a symbolic link, which is not followed" if Path(record.source).exists() else "is gone"
            warning = f"its file {gone}, so it keeps the earlier cleaning; restore the file or `otsqa remove` the article"
            report.warnings.append({"path": record.source, "warning": warning})
    if not report.failed:
        store.set_fingerprint(fingerprint)
    return report


__all__ = ["IngestReport", "Ingestor", "default_targets", "ingest_paths", "store_fingerprint"]
