"""Following a store that other processes change: what a long-running server needs to know about the
store its assistant answers from, without reaching into the assistant's parts.

An embedded Chroma store's vector index is the one loaded when it was opened: an `otsqa ingest` or
`otsqa remove` in another process changes the files, not this process's copy. The store's stamp
(`Store.written()`) says that it happened; `reopen()` reads the store again and `sync()` brings the
BM25 index level (another machine may have written to a Chroma server). When to do it, and what to
hold back meanwhile, is the server's business (`web.service`).
"""

from __future__ import annotations

from functools import partial
from typing import Callable

from otsqa.settings import Settings
from store.base import Store
from store.lexical import LexicalIndex
from store.writer_lock import writer_running


class StoreWatch:
    """One assistant's store (and its BM25 index, when it has one) as other processes change it.

    ``writer_running`` says whether a writer is at work on the store now; opening an embedded store
    then would write to Chroma's SQLite file under it (seen: a reader's open changes it).
    """

    def __init__(self, store: Store, lexical: LexicalIndex | None = None, writer_running: Callable[[], bool] | None = None):
        self._store = store
        self._lexical = lexical
        self._writer_running = writer_running
        self._synced = store.seen  # the stamp the BM25 index was last brought level with (opening synced it)

    def behind(self) -> bool:
        """Whether another run changed the store since it was read (or since BM25 was synced). One
        catalogue read; StoreError when the store cannot be asked. An empty stamp is a store being made
        (`--rebuild`): it is followed once that run has stamped it."""
        written = self._store.written()
        if not written:
            return False
        return written != self._store.seen or (self._lexical is not None and self._synced != self._store.seen)

    def writer_running(self) -> bool:
        return self._writer_running is not None and self._writer_running()

    def reopen(self) -> bool:
        """Read the store again if a run stamped it since it was read; whether it did. Raises
        StoreMismatchError when it was rebuilt by another version (answering would mix two models)."""
        written = self._store.written()
        if written and written != self._store.seen:  # not already done by a caller that waited
            self._store.reopen()
            return True
        return False

    def sync(self) -> None:
        """Bring the BM25 index level with the store as it is now read."""
        if self._lexical is not None and self._synced != self._store.seen:
            self._lexical.sync(self._store)
            self._synced = self._store.seen

    def check(self) -> None:
        """StoreError when the store cannot answer now (a Chroma server gone); one count, cheap."""
        self._store.count()


def watch_store(store: Store, lexical: LexicalIndex | None, settings: Settings | None) -> StoreWatch:
    """A watch on ``store``; with ``settings``, an embedded store is left alone while an ingest or remove
    writes to its data dir (the writer lock's file says so). A Chroma server orders its writers itself."""
    if settings is None or settings.chroma_url:
        return StoreWatch(store, lexical)
    return StoreWatch(store, lexical, partial(writer_running, settings.data_dir))
