"""`otsqa ingest`, `otsqa remove` and `otsqa status`: what the store holds."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from cli.terminal import shown
from otsqa.settings import Settings

_SKIPPED_SHOWN = 5  # skipped files listed one per line by `otsqa ingest`; --json has them all


def register(commands: argparse._SubParsersAction) -> None:
    ingest = commands.add_parser(
        "ingest",
        help="read articles into the store (incremental)",
        description="Read .txt, .md, .html/.htm and .pdf articles (files or folders, recursively), clean "
        "and chunk them, embed the chunks and store them. Unchanged files are skipped; changed files "
        "are replaced; files gone from an ingested folder are removed from the store. Symbolic links met in a "
        "folder are not followed (they are listed as skipped); a link named as a PATH is.",
    )
    ingest.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="files or folders (default: OTSQA_CORPUS_DIR, and the library's uploads in <data dir>/uploads)",
    )
    ingest.add_argument("--rebuild", action="store_true", help="drop the store and ingest from scratch")
    ingest.add_argument("--json", action="store_true", help="print one JSON object with the counts")
    ingest.set_defaults(handler=_ingest)

    remove = commands.add_parser(
        "remove",
        help="take articles out of the store",
        description="Remove articles from the store and the keyword index, named by id (as `otsqa status` "
        "shows it) or by the path of their file. The files themselves are left alone: an article whose file "
        "is still in an ingested folder comes back with the next `otsqa ingest` of that folder.",
    )
    remove.add_argument("targets", nargs="+", metavar="ARTICLE", help="article id or file path")
    remove.add_argument("--json", action="store_true", help='print {"removed", "failed", "still_on_disk"}')
    remove.set_defaults(handler=_remove)

    status = commands.add_parser(
        "status",
        help="show the store, its model and its articles",
        description="Show where the store is, which embedding model built it, and its articles.",
    )
    status.add_argument("--json", action="store_true", help="print JSON")
    status.set_defaults(handler=_status)


def _ingest(settings: Settings, args: argparse.Namespace) -> int:
    from ingest import ingest_paths

    report = ingest_paths(settings, args.paths or None, rebuild=args.rebuild, progress=not args.json and sys.stderr.isatty())
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
        return report.exit_code
    where = settings.chroma_url or settings.chroma_dir
    print(
        f"Ingested into {where}: {len(report.added)} added, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged, {len(report.removed)} removed; {report.chunks} chunks written "
        f"({report.embedded} passages and sentences embedded) in {report.seconds:.1f} s. "
        f"The store holds {report.store_chunks} chunks."
    )
    # Paths and reasons are printed through shown(): a file's name may carry terminal controls.
    for item in report.skipped[:_SKIPPED_SHOWN]:
        print(shown(f"Skipped {item['path']}: {item['reason']}"))
    if len(report.skipped) > _SKIPPED_SHOWN:
        print(f"Skipped {len(report.skipped) - _SKIPPED_SHOWN} more (`otsqa ingest --json` lists them all, with why).")
    for warning in report.warnings:
        print(shown(f"Warning: {warning['path']}: {warning['warning']}"), file=sys.stderr)
    _print_repaired(report.repaired)
    for failure in report.failed:
        print(shown(f"Failed: {failure['path']}: {failure['error']}"), file=sys.stderr)
    return report.exit_code


def _print_repaired(repaired: dict[str, int]) -> None:
    for table, lost in repaired.items():
        print(
            f"Repaired: the {table} vector index missed {lost} record(s) after an earlier run was cut off; "
            "it was rebuilt from the stored vectors.",
            file=sys.stderr,
        )


def _remove(settings: Settings, args: argparse.Namespace) -> int:
    from ingest.removal import remove_articles

    report = remove_articles(settings, args.targets)
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
        return report.exit_code
    for article in report.removed:
        print(shown(f"Removed {article['doc_id']} ({article['title'] or Path(article['source']).name})."))
    for source in report.still_on_disk:
        print(
            f"Note: {shown(source)} is still there; the next `otsqa ingest` of its folder adds it back. "
            "Move or delete the file to keep the article out.",
            file=sys.stderr,
        )
    _print_repaired(report.repaired)
    for failure in report.failed:
        print(shown(f"Failed: {failure['target']}: {failure['error']}"), file=sys.stderr)
    return report.exit_code


def _status(settings: Settings, args: argparse.Namespace) -> int:
    from otsqa.errors import StoreDamagedError
    from store.chroma import open_store

    try:
        store = open_store(settings, thorough=True)  # where one asks whether the store is sound: every page
        articles, chunks = store.articles(), store.count()
    except StoreDamagedError as exc:
        return _damaged(settings, args, exc)
    status = {
        "store": store.location,
        "backend": store.backend,
        "damaged": None,
        "embedding_model": store.fingerprint.get("otsqa_embedding_model", ""),
        "chunker": store.fingerprint.get("otsqa_chunker", ""),
        "chunks": chunks,
        "articles": [a.summary() | {"status": a.status} for a in articles],
    }
    if args.json:
        print(json.dumps(status, ensure_ascii=False))
        return 0
    print(f"Store:            {status['store']} ({status['backend']})")
    print(f"Embedding model:  {status['embedding_model']}")
    print(f"Chunker:          {status['chunker']}")
    print(f"Chunks:           {status['chunks']}")
    print(f"Articles:         {len(articles)}")
    for a in articles:
        title = shown(a.title) or "(no title)"
        title = title if len(title) <= 60 else title[:59] + "…"
        flag = "  [incomplete: run `otsqa ingest`]" if a.status != "complete" else ""
        author, date = shown(a.author) or "—", shown(a.date) or "—"
        print(f"  {a.doc_id:<28} {date:<10}  {author:<16}  {a.chunks:>4} chunks  {title}{flag}")
    return 0


def _damaged(settings: Settings, args: argparse.Namespace, exc: Exception) -> int:
    """A damaged store is a status, not only an error: scripts read `damaged` (the message, with the fix)."""
    print(f"otsqa: {exc}", file=sys.stderr)
    if args.json:
        where = settings.chroma_url or str(settings.chroma_dir)
        reply = {"store": where, "backend": settings.backend, "damaged": str(exc), "error": str(exc), "status": 1}
        print(json.dumps(reply, ensure_ascii=False))
    return 1
