"""`python -m tools.check_collection evals/collections/NAME [--show FILE]`: check a collection before
its questions are used to measure anything.

A collection is a folder with `articles/` (the files as collected) and `qa.jsonl` (questions in the
evaluation set's format). Evidence spans must be exact text of the *cleaned* article, which only the
cleaner can tell: this ingests the articles into a temporary store with the real pipeline, then
checks every line of `qa.jsonl` (the loader's own checks, ids prefixed by the folder's name, every
evidence span found in the cleaned article it names) and prints each problem with the closest text
it found. `--show FILE` prints an article's cleaned text, to copy spans from. Exit 1 on any problem.
"""

from __future__ import annotations

import argparse
import difflib
import sys
import tempfile
from pathlib import Path


def cleaned_texts(articles: Path) -> tuple[dict[str, str], list[str]]:
    """Each article's cleaned text by file name, and the files that failed to ingest (with why)."""
    from ingest import ingest_paths
    from otsqa.settings import load_settings
    from store.chroma import open_store

    with tempfile.TemporaryDirectory(prefix="otsqa-check-") as tmp:
        settings = load_settings(env={}, data_dir=tmp, corpus_dir=str(articles))
        report = ingest_paths(settings, [articles])
        failed = [f"{Path(f['path']).name}: {f['error']}" for f in report.failed]
        store = open_store(settings)
        texts = {Path(r.source).name: (store.article(r.doc_id).text or "") for r in store.articles()}
        return texts, failed


def problems(folder: Path, texts: dict[str, str]) -> list[str]:
    """What is wrong with ``folder``'s questions, one line each (none: ready to use)."""
    from evals.collections import load_collection
    from otsqa.errors import DatasetError

    try:
        collection = load_collection(folder)
    except DatasetError as exc:
        return [str(exc)]
    found = []
    for item in collection.items:
        for evidence in item.evidence:
            text = texts.get(evidence.source)
            if text is None:
                found.append(f"{item.id}: evidence names {evidence.source!r}, which is not an ingested article of {folder}")
            elif evidence.span not in text:
                closest = _closest(text, evidence.span)
                found.append(f"{item.id}: span not in the cleaned {evidence.source}: {evidence.span!r}; closest: {closest!r}")
        if item.answerable and not item.key_facts:
            found.append(f"{item.id}: an answerable question needs key facts")
    return found


def _closest(text: str, span: str) -> str:
    """The stretch of ``text`` most like ``span`` (to see what the cleaner changed)."""
    matcher = difflib.SequenceMatcher(None, text, span, autojunk=False)
    block = max(matcher.get_matching_blocks(), key=lambda b: b.size)
    start = max(0, block.a - block.b)
    return text[start : start + len(span) + 20]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.check_collection", description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="the collection (with articles/ and qa.jsonl)")
    parser.add_argument("--show", metavar="FILE", help="print this article's cleaned text and stop")
    args = parser.parse_args(argv)
    from otsqa import offline

    offline.apply()
    articles = args.folder / "articles"
    if not articles.is_dir():
        print(f"{articles} is missing: a collection keeps its article files there.", file=sys.stderr)
        return 2
    texts, failed = cleaned_texts(articles)
    if args.show:
        if args.show not in texts:
            print(f"No article {args.show!r}; the articles are: {', '.join(sorted(texts))}", file=sys.stderr)
            return 2
        print(texts[args.show])
        return 0
    found = [f"did not ingest: {f}" for f in failed] + problems(args.folder, texts)
    for line in found:
        print(line)
    print(f"{len(texts)} article(s); {len(found)} problem(s).")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
