"""The `otsqa` command. Errors from the library arrive as OtsqaError and leave here as a one-line
message and an exit status: 0 ok, 1 something failed, 2 usage or settings error, 130 interrupted.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Sequence

from otsqa import __version__, offline
from otsqa.errors import OtsqaError, SettingsError
from otsqa.settings import Settings, load_settings


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="otsqa",
        description="Cited answers about security cooperation among the Organization of Turkic States.",
        epilog="Settings come from OTSQA_* environment variables, e.g. OTSQA_DATA_DIR and OTSQA_CORPUS_DIR "
        "(see README).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    ingest = commands.add_parser(
        "ingest",
        help="read articles into the store (incremental)",
        description="Read .txt, .md, .html/.htm and .pdf articles (files or folders, recursively), clean "
        "and chunk them, embed the chunks and store them. Unchanged files are skipped; changed files "
        "are replaced; files gone from an ingested folder are removed from the store.",
    )
    ingest.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders (default: OTSQA_CORPUS_DIR)")
    ingest.add_argument("--rebuild", action="store_true", help="drop the store and ingest from scratch")
    ingest.add_argument("--json", action="store_true", help="print one JSON object with the counts")
    ingest.set_defaults(handler=_ingest)

    status = commands.add_parser(
        "status",
        help="show the store, its model and its articles",
        description="Show where the store is, which embedding model built it, and its articles.",
    )
    status.add_argument("--json", action="store_true", help="print JSON")
    status.set_defaults(handler=_status)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"otsqa: {exc}", file=sys.stderr)
        return 2
    offline.apply(settings)
    logging.basicConfig(level=settings.log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    try:
        return args.handler(settings, args)
    except OtsqaError as exc:
        print(f"otsqa: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("otsqa: interrupted; run the same command again to finish.", file=sys.stderr)
        return 130


# ---------------------------------------------------------------------------------------------


def _ingest(settings: Settings, args: argparse.Namespace) -> int:
    from ingest import ingest_paths

    report = ingest_paths(
        settings, args.paths or None, rebuild=args.rebuild, progress=not args.json and sys.stderr.isatty()
    )
    if args.json:
        print(json.dumps(report.to_json(), ensure_ascii=False))
        return report.exit_code
    where = settings.chroma_url or settings.chroma_dir
    print(
        f"Ingested into {where}: {len(report.added)} added, {len(report.updated)} updated, "
        f"{len(report.unchanged)} unchanged, {len(report.removed)} removed; {report.chunks} chunks written "
        f"({report.embedded} embedded) in {report.seconds:.1f} s. The store holds {report.store_chunks} chunks."
    )
    if report.skipped:
        shown = ", ".join(Path(p).name for p in report.skipped[:5])
        more = f" and {len(report.skipped) - 5} more" if len(report.skipped) > 5 else ""
        print(f"Skipped {len(report.skipped)} file(s) of unsupported type: {shown}{more}.")
    for failure in report.failed:
        print(f"Failed: {failure['path']}: {failure['error']}", file=sys.stderr)
    return report.exit_code


def _status(settings: Settings, args: argparse.Namespace) -> int:
    from store.chroma import open_store

    store = open_store(settings)
    articles = store.articles()
    status = {
        "store": store.location,
        "backend": store.backend,
        "embedding_model": store.fingerprint.get("otsqa_embedding_model", ""),
        "chunker": store.fingerprint.get("otsqa_chunker", ""),
        "chunks": store.count(),
        "articles": [a.summary() | ({"status": a.status} if a.status != "complete" else {}) for a in articles],
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
        title = a.title or "(no title)"
        title = title if len(title) <= 60 else title[:59] + "…"
        flag = "  [incomplete: run `otsqa ingest`]" if a.status != "complete" else ""
        print(f"  {a.doc_id:<28} {a.date or '—':<10}  {a.author or '—':<16}  {a.chunks:>4} chunks  {title}{flag}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
