"""What the library page and its API (web/admin_api.py) do to the collection: list the articles with
their state, show one as cleaned text with its passages, take uploads, edit an article's title, author
and date, remove one. The writes are the command line's own (`ingest_paths`, `remove_articles`, the
overrides file), one at a time:

- A second write while one runs is refused at once (IngestLockedError, said as 409), and so is any
  write while an `otsqa ingest` or `otsqa remove` holds the data dir's writer lock.
- Around a write the server's answers go on (the store's writes are crash-safe and a pending article
  is never answered from); only the store's reopening waits (`AssistantService.writing`), and the
  change is followed at once when the write ends (`AssistantService.follow_now`), so the next question
  is answered from it.
- The ingests of uploads and edits run in the library's ingest worker, a process of its own at a lower
  priority that keeps the ingest's model loaded between them (web/ingest_worker.py): the server only
  waits for it, so the answers asked meanwhile keep their pace. A removal (no model, a few store calls)
  runs in this process.
"""

from __future__ import annotations

import logging
import threading
import time
from contextlib import contextmanager
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Iterator

from ingest import failures
from ingest.uploads import Placed, check_upload, is_upload, place, set_aside_for_removal, settle, sweep, types_taken
from otsqa.errors import ArticleNotFoundError, IngestError, IngestLockedError, OtsqaError, StoreNotFoundError, UploadError
from otsqa.settings import Settings
from web.ingest_worker import IngestWorker

if TYPE_CHECKING:
    from ingest.pipeline import IngestReport
    from web.service import AssistantService

log = logging.getLogger(__name__)


class Library:
    """The collection as its keepers see and change it."""

    def __init__(self, settings: Settings, service: AssistantService):
        self.settings = settings
        self.service = service
        self._writing = threading.Lock()
        self.worker = IngestWorker()
        # The write under way, for the page: {"what", "since"}, and "progress" once its ingest says how far.
        self.activity: dict[str, Any] | None = None
        try:
            sweep(settings)  # what a server killed mid-upload left (hidden, never read): gone before anything else
        except OSError as exc:
            log.warning("could not clear the uploads folder of leftovers: %s", exc)

    # -- reading ----------------------------------------------------------------------------------

    def articles(self) -> dict[str, Any]:
        """Every article with its state, and the files whose last ingest failed (not in the store)."""
        store = self._store()
        records = store.articles() if store is not None else []
        failed = failures.load(self.settings.data_dir)
        overrides, overrides_error = self._overrides()
        rows = [self._row(r, failed.get(r.source), overrides) for r in records]
        stored = {r.source for r in records}
        for path, failure in sorted(failed.items()):
            if path not in stored:
                rows.append(self._failed_row(path, failure))
        return {
            "articles": rows,
            "overrides_file": str(_overrides_file(self.settings)),
            "overrides_error": overrides_error,
            "limits": {"max_bytes": self.settings.upload_max_bytes, "types": types_taken()},
            "writing": self.activity,
        }

    def article(self, doc_id: str) -> dict[str, Any]:
        """One article as the store holds it: its row, its cleaned text and its passages (offsets into the
        text, in order), so the page can show what cleaning kept and how it was cut."""
        store = self._store()
        record = store.article(doc_id) if store is not None else None
        if record is None:
            raise ArticleNotFoundError(f"No article with the id {doc_id!r} in the collection; it may have been removed.")
        overrides, _ = self._overrides()
        failed = failures.load(self.settings.data_dir).get(record.source)
        passages = sorted(store.passages.of_article(doc_id), key=lambda p: p.index)
        return self._row(record, failed, overrides) | {
            "text": record.text or "",
            "passage_spans": [
                {"id": p.id, "index": p.index, "kind": p.kind, "start": p.start, "end": p.end, "tokens": p.tokens}
                for p in passages
            ],
        }

    # -- writing ----------------------------------------------------------------------------------

    def upload(self, files: list[tuple[str, bytes] | tuple[str, bytes, int]]) -> dict[str, Any]:
        """Check each file, write the good ones into the uploads folder and ingest them in one run. Each
        file's outcome (added, updated, unchanged, failed with the reason, or refused before anything was
        written) with the warnings ingest had for it; the run's report is `otsqa ingest --json`'s."""
        outcomes: dict[int, dict[str, Any]] = {}
        good: list[tuple[int, str, bytes]] = []
        for n, (name, data, *size) in enumerate(files):  # a size beside the bytes: only the file's start was read
            try:
                check_upload(name, data, self.settings.upload_max_bytes, *size)
            except UploadError as exc:
                outcomes[n] = _outcome(name, "refused", error=str(exc))
            else:
                good.append((n, name, data))
        names = [name for _, name, _ in good]
        if len(set(names)) < len(names):
            raise UploadError("Two of the files have the same name: upload them one at a time, or rename one.")
        report = worker = None
        if good:
            with self._write(f"adding {', '.join(names)}" if len(names) < 4 else f"adding {len(names)} files"):
                placed: list[tuple[int, Placed]] = []
                try:
                    for n, name, data in good:
                        try:
                            placed.append((n, place(self.settings, name, data)))
                        except UploadError as exc:
                            outcomes[n] = _outcome(name, "refused", error=str(exc))
                    report, worker = self._ingest([p.path for _, p in placed]) if placed else (None, None)
                except BaseException:
                    settle([p for _, p in placed], {str(p.path) for _, p in placed})  # nothing of a failed run stays
                    raise
                settle([p for _, p in placed], {f["path"] for f in report.failed} if report else set())
                for n, item in placed:
                    outcomes[n] = _file_outcome(item, report)
        return {
            "files": [outcomes[n] for n in range(len(files))],
            "report": report.to_json() if report else None,
            "worker": worker,
        }

    def edit(self, doc_id: str, fields: dict[str, str | None]) -> dict[str, Any]:
        """Set (a value) or give back to the article (None) its title, author or date, as an entry of the
        overrides file (so every later ingest keeps it), then ingest the article's file so it shows now."""
        from ingest.overrides import editable_path, restore_file, set_override

        record = self._record(doc_id)
        path = Path(record.source)
        if not path.is_file():
            raise IngestError(
                f"The file of {doc_id} ({self._public_source(record.source)}) is gone, so the article cannot be read again "
                "with a new title, author or date; put the file back, or remove the article."
            )
        with self._write(f"editing {doc_id}"):
            kept = editable_path(self.settings)
            before = kept.read_bytes() if kept.is_file() else None
            override = set_override(self.settings, self._names(record), fields)
            try:
                report, worker = self._ingest([path])
            except BaseException:
                restore_file(kept, before)  # an edit the store did not take is not kept either
                raise
        article = self.article(doc_id)
        return {"article": article, "override": _override_json(override), "report": report.to_json(), "worker": worker}

    def remove(self, doc_id: str) -> dict[str, Any]:
        """Take an article out as `otsqa remove` does; an uploaded article's file goes too (else the next
        ingest would bring it back), and so does an override naming it (else it would stop the next ingest).
        The report is `otsqa remove --json`'s, with the file deleted and whether an override was dropped."""
        from ingest.overrides import drop_override
        from ingest.removal import remove_articles

        record = self._record(doc_id)
        path = Path(record.source)
        with self._write(f"removing {doc_id}"):
            hidden = set_aside_for_removal(path) if is_upload(self.settings, record.source) and path.is_file() else None
            try:
                report = remove_articles(self.settings, [doc_id])
            except BaseException:
                if hidden is not None:
                    hidden.replace(path)  # the article stays: so does its file
                raise
            if hidden is not None:
                hidden.unlink(missing_ok=True)
            dropped = drop_override(self.settings, self._names(record)) if report.removed else False
        deleted = self._public_source(record.source) if hidden else None
        return report.to_json() | {"deleted_file": deleted, "override_dropped": dropped}

    # -- helpers ----------------------------------------------------------------------------------

    @contextmanager
    def _write(self, what: str) -> Iterator[None]:
        if not self._writing.acquire(blocking=False):
            busy = self.activity or {"what": "changing the collection"}
            raise IngestLockedError(
                f"The library is busy {busy['what']}; try again when it has finished (uploads are taken one at a time)."
            )
        try:
            self.activity = {"what": what, "since": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
            self.service.follow_now()  # level with any `otsqa ingest` since, before writing over it
            with self.service.writing():
                yield
        finally:
            self.activity = None
            self._writing.release()
        self.service.follow_now()  # answered from at once

    def close(self) -> None:
        """End the ingest worker (the app stops): the job under way, if any, finishes first."""
        self.worker.close()

    def _ingest(self, paths: list[Path]) -> tuple[IngestReport, dict[str, Any] | None]:
        """The run's report, and what the worker said of itself with it (pid, jobs, model loads)."""

        def progress(step: dict[str, Any]) -> None:
            if self.activity is not None:
                self.activity = self.activity | {"progress": step}

        report = self.worker.run(self.settings, paths, progress)
        return report, self.worker.about

    def _store(self):
        try:
            return self.service.store()
        except StoreNotFoundError:
            return None  # nothing ingested yet: an empty library, where the first upload starts it

    def _record(self, doc_id: str):
        store = self._store()
        record = store.article(doc_id) if store is not None else None
        if record is None:
            raise ArticleNotFoundError(f"No article with the id {doc_id!r} in the collection; it may have been removed already.")
        return record

    def _names(self, record) -> list[str]:
        """What an override may name the article by: its doc id (first: new entries use it), its file's
        absolute path, and its path in the corpus folder."""
        source = Path(record.source)
        names = [record.doc_id, record.source]
        if source.is_relative_to(self.settings.corpus_dir):
            names.append(source.relative_to(self.settings.corpus_dir).as_posix())
        return names

    def _overrides(self) -> tuple[Any, str | None]:
        from ingest.overrides import Overrides, load_overrides

        try:
            return load_overrides(self.settings), None
        except OtsqaError as exc:  # the list still shows; the page says what is wrong with the file
            return Overrides(), str(exc)

    def _row(self, record, failure: dict[str, str] | None, overrides) -> dict[str, Any]:
        names = set(self._names(record))
        override = next((o for name, o in overrides.entries.items() if name in names), None)
        status = record.status if record.status in ("complete", "pending") else "pending"
        return {
            "doc_id": record.doc_id,
            "title": record.title or PurePosixPath(record.source).name,
            "title_source": record.title_source,
            "author": record.author,
            "date": record.date,
            "publication": record.publication,
            "source": self._public_source(record.source),
            "origin": self._origin(record.source),
            "format": record.format,
            "passages": record.chunks,
            "status": "failed" if failure else status,
            "error": failure["error"] if failure else None,
            "ingested": record.ingested,
            "override": _override_json(override),
        }

    def _failed_row(self, path: str, failure: dict[str, str]) -> dict[str, Any]:
        return {
            "doc_id": None,
            "title": Path(path).name,
            "title_source": "",
            "author": "",
            "date": "",
            "publication": "",
            "source": self._public_source(path),
            "origin": self._origin(path),
            "format": "",
            "passages": 0,
            "status": "failed",
            "error": failure["error"],
            "ingested": failure.get("at", ""),
            "override": None,
        }

    def _origin(self, source: str) -> str:
        if is_upload(self.settings, source):
            return "upload"
        return "corpus" if Path(source).is_relative_to(self.settings.corpus_dir) else "elsewhere"

    def _public_source(self, source: str) -> str:
        """A file as the page names it: in the uploads or corpus folder, else its name (no server paths)."""
        path = Path(source)
        if is_upload(self.settings, source):
            return f"uploads/{path.name}"
        if path.is_relative_to(self.settings.corpus_dir):
            return path.relative_to(self.settings.corpus_dir).as_posix()
        return path.name


def _overrides_file(settings: Settings) -> Path:
    from ingest.overrides import editable_path

    return editable_path(settings)


def _override_json(override) -> dict[str, str] | None:
    if override is None:
        return None
    return {k: getattr(override, k) for k in ("title", "author", "date") if getattr(override, k) is not None}


def _outcome(name: str, status: str, doc_id: str | None = None, error: str | None = None, warnings=()) -> dict[str, Any]:
    return {"file": name, "status": status, "doc_id": doc_id, "error": error, "warnings": list(warnings)}


def _file_outcome(item: Placed, report) -> dict[str, Any]:
    """One uploaded file's line of the ingest's report."""
    path = str(item.path)
    warnings = [w["warning"] for w in report.warnings if w["path"] == path]
    error = next((f["error"] for f in report.failed if f["path"] == path), None)
    if error is not None:
        return _outcome(item.name, "failed", error=error, warnings=warnings)
    doc_id = next((d for d, source in report.files.items() if source == path), None)
    status = next((s for s in ("added", "updated", "unchanged") if doc_id in getattr(report, s)), "failed")
    return _outcome(item.name, status, doc_id, None if doc_id else "the ingest did not read it", warnings)
