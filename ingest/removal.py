"""Take articles out of the store: `otsqa remove`, and ingest's removal of files gone from a folder.

An article leaves in an order that a kill anywhere leaves safe: its record is first marked pending
(answers leave a pending article out at once), then its BM25 rows, passages and sentences go, and
the record last. A run killed halfway leaves a pending record that `otsqa remove` (or an ingest of
its folder, once the file is gone) finishes; never an article answered from half its passages.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Sequence

from otsqa.settings import Settings
from store.base import ArticleRecord, Store
from store.lexical import LexicalIndex


@dataclass
class RemoveReport:
    removed: list[dict[str, str]] = field(default_factory=list)  # {"doc_id", "source", "title"}
    failed: list[dict[str, str]] = field(default_factory=list)  # {"target", "error"}
    still_on_disk: list[str] = field(default_factory=list)  # removed, but an ingest of the folder adds them back
    repaired: dict[str, int] = field(default_factory=dict)  # vector indexes rebuilt after a cut-off run

    def to_json(self) -> dict:
        return {"removed": self.removed, "failed": self.failed, "still_on_disk": self.still_on_disk, "repaired": self.repaired}

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


def drop_article(store: Store, lexical: LexicalIndex | None, record: ArticleRecord) -> None:
    """Remove one article and everything indexed from it (see the module docstring for the order)."""
    store.put_articles([replace(record, status="pending", content_hash="")])
    if lexical is not None:
        lexical.delete_article(record.doc_id)
    store.delete_article(record.doc_id)


def find_article(records: Sequence[ArticleRecord], target: str) -> ArticleRecord | None:
    """The article a user means: its id (as `otsqa status` shows it) or the path of its file."""
    for record in records:
        if record.doc_id == target:
            return record
    path = Path(target).expanduser()
    # Sources are stored resolved, but an earlier version stored a link met in a folder under the
    # link's own path: `otsqa remove LINK` finds that article first, not the one of the file it leads to.
    wanted = [os.path.abspath(path), str(path.resolve())]
    return next((r for w in wanted for r in records if r.source == w), None)


def remove_articles(settings: Settings, targets: Sequence[str]) -> RemoveReport:
    """Remove the articles named by id or file path from the configured store and the BM25 index."""
    from store.chroma import open_store
    from store.writer_lock import ingest_lock

    report = RemoveReport()
    with ingest_lock(settings.make_data_dir()) as interrupted:  # never while an ingest writes the same articles
        store = open_store(settings)
        lexical = LexicalIndex(settings.lexical_path)
        records = store.articles()
        chosen: dict[str, ArticleRecord] = {}
        for target in targets:
            record = find_article(records, target)
            if record is None:
                error = "no article with this id or file path in the store (`otsqa status` lists them)"
                report.failed.append({"target": target, "error": error})
            else:
                chosen.setdefault(record.doc_id, record)
        for record in chosen.values():
            drop_article(store, lexical, record)
            report.removed.append({"doc_id": record.doc_id, "source": record.source, "title": record.title})
            if Path(record.source).exists():
                report.still_on_disk.append(record.source)
        if interrupted and not settings.chroma_url:
            report.repaired = store.repair_vector_index()
        if report.removed or report.repaired:
            store.stamp_written()  # a running `otsqa serve` sees it and opens the store again
    return report
