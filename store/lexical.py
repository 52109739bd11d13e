"""BM25 over chunks: SQLite FTS5, persisted beside the store, updated per article at ingest.

FTS5 ranks with real BM25, reads only the postings a query needs (nothing is loaded into memory, so
opening it costs the same at 100 or 100k chunks), and updates one article in one transaction.
The index is a derived copy of the store: `sync(store)` brings it level with the store's complete
articles (by content hash), so a process pointed at a Chroma server builds its own once.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from pathlib import Path
from typing import Iterable, Sequence

from otsqa.text import index_form, terms

log = logging.getLogger(__name__)

# Bumped whenever what goes into the index changes; an index of another format is rebuilt on open.
INDEX_FORMAT = "2"


def search_text(text: str, context: str = "") -> str:
    """A chunk as it is embedded and indexed: a footnote rarely names what it annotates, so it goes
    with the sentence that cites it (its ``context``). The stored and quoted text stays ``text``."""
    return f"{context}\n{text}" if context else text


# Articles to fill one by one (a metadata filter each); more than this and one pass over the store is cheaper.
_FILTERS_UP_TO = 20


class LexicalIndex:
    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._local = threading.local()  # one connection per thread (the web server has several)
        with self._db() as db:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(
                "CREATE VIRTUAL TABLE IF NOT EXISTS chunks USING fts5("
                "text, chunk_id UNINDEXED, doc_id UNINDEXED, tokenize='porter unicode61 remove_diacritics 2')"
            )
            db.execute("CREATE TABLE IF NOT EXISTS articles (doc_id TEXT PRIMARY KEY, content_hash TEXT NOT NULL)")
            db.execute("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
            row = db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
            if row is None or row[0] != INDEX_FORMAT:
                # Derived data: empty it and let the next sync() rebuild it from the store.
                db.execute("DELETE FROM chunks")
                db.execute("DELETE FROM articles")
                db.execute("INSERT OR REPLACE INTO meta VALUES ('format', ?)", (INDEX_FORMAT,))

    def _db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(self.path, timeout=30)
            self._local.db = db
        return db

    def close(self) -> None:
        """Close this thread's connection (others close when their thread ends)."""
        db = getattr(self._local, "db", None)
        if db is not None:
            db.close()
            self._local.db = None

    def articles(self) -> dict[str, str]:
        return dict(self._db().execute("SELECT doc_id, content_hash FROM articles"))

    def replace_article(self, doc_id: str, content_hash: str, chunks: Iterable[tuple[str, str]]) -> None:
        """Make ``doc_id``'s rows exactly ``chunks`` ((chunk_id, text) pairs), in one transaction."""
        with self._db() as db:
            # FTS5 finds an article's rows only by reading every row (doc_id is not indexed): 40 ms at
            # 100k passages, paid per article when filling a new index. A new article has none to delete.
            if db.execute("SELECT 1 FROM articles WHERE doc_id = ?", (doc_id,)).fetchone():
                db.execute("DELETE FROM chunks WHERE doc_id = ?", (doc_id,))
            db.executemany(
                "INSERT INTO chunks (text, chunk_id, doc_id) VALUES (?, ?, ?)",
                ((index_form(text), chunk_id, doc_id) for chunk_id, text in chunks),
            )
            db.execute("INSERT OR REPLACE INTO articles VALUES (?, ?)", (doc_id, content_hash))

    def delete_article(self, doc_id: str) -> None:
        with self._db() as db:
            db.execute("DELETE FROM chunks WHERE doc_id = ?", (doc_id,))
            db.execute("DELETE FROM articles WHERE doc_id = ?", (doc_id,))

    def clear(self) -> None:
        with self._db() as db:
            db.execute("DELETE FROM chunks")
            db.execute("DELETE FROM articles")

    def search(self, query: str, k: int, doc_ids: Sequence[str] | None = None) -> list[tuple[str, float]]:
        """Chunk ids with BM25 scores (higher is better), best first."""
        words = sorted(set(terms(query)))
        if not words or k <= 0:
            return []
        match = " OR ".join('"' + w.replace('"', "") + '"' for w in words)
        sql = "SELECT chunk_id, -bm25(chunks) FROM chunks WHERE chunks MATCH ?"
        params: list = [match]
        if doc_ids is not None:
            if not doc_ids:
                return []
            sql += f" AND doc_id IN ({','.join('?' * len(doc_ids))})"
            params += list(doc_ids)
        sql += " ORDER BY bm25(chunks) LIMIT ?"
        params.append(k)
        return [(chunk_id, float(score)) for chunk_id, score in self._db().execute(sql, params)]

    def passage_count(self) -> int:
        # FTS5 keeps one row per passage in its "docsize" table; counting the index itself reads every
        # row's text (40 ms at 100k passages against 2 ms).
        return self._db().execute("SELECT count(*) FROM chunks_docsize").fetchone()[0]

    def document_frequency(self, words: Sequence[str], prefix: int | None = None) -> dict[str, int]:
        """In how many chunks each (stemmed) word occurs: 0 means the collection never says it.
        ``prefix``: a word longer than that many letters counts wherever a word begins with its first
        ones (the region's languages inflect: otsqa.text.stem); a number still counts only whole."""
        out = {}
        db = self._db()
        for word in set(words):
            query = '"' + word.replace('"', "") + '"'
            if prefix and len(word) > prefix and not any(ch.isdigit() for ch in word):
                query = '"' + word[:prefix].replace('"', "") + '"*'
            row = db.execute("SELECT count(*) FROM chunks WHERE chunks MATCH ?", (query,))
            out[word] = row.fetchone()[0]
        return out

    def sync(self, store) -> int:
        """Bring the index level with the store's complete articles; returns how many were updated."""
        wanted = {r.doc_id: r.content_hash for r in store.articles() if r.status == "complete"}
        have = self.articles()
        for doc_id in set(have) - set(wanted):
            self.delete_article(doc_id)
        changed = [d for d, h in wanted.items() if have.get(d) != h]
        if len(changed) > _FILTERS_UP_TO:
            # A filter per article scans the whole collection each time (a new process on a Chroma
            # server filling its index: 155 s at 100k passages); one paged pass reads it once.
            rows: dict[str, list[tuple[str, str]]] = {d: [] for d in changed}
            for passage in store.passages.scan(texts=True):
                if passage.doc_id in rows:
                    rows[passage.doc_id].append((passage.id, search_text(passage.text, passage.context)))
        else:
            rows = {d: [(p.id, search_text(p.text, p.context)) for p in store.passages.of_article(d)] for d in changed}
        for doc_id in changed:
            self.replace_article(doc_id, wanted[doc_id], sorted(rows[doc_id]))
        if changed:
            log.info("lexical index: %d article(s) synced from the store", len(changed))
        return len(changed)
